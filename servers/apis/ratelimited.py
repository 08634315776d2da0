"""A rate-limited API: a few requests per time window, then ``429 Too Many Requests``.

It owns one fixed-window limiter. Each client may make ``limit`` requests (default 3)
per ``window`` seconds (default 2); the window starts with the client's first request.
After that, until the window ends, the answer is 429 with a ``Retry-After`` header
(whole seconds, at least 1: wait that long and you are allowed again).

* ``GET /limited?limit=3&window=2``: ``{"message": "OK", ...}`` or 429. ``limit`` may be
  1-100 and ``window`` 1-10 seconds; each (client, limit, window) has its own window.
* ``POST /reset``: forget the calling client's windows.
* ``GET /``: what this server does.

A client is its ``X-Client-Id`` header when it sends one, else its IP address: give each
experiment a fresh id to start with a full allowance. Every ``/limited`` answer carries

``X-RateLimit-Limit``      requests allowed per window
``X-RateLimit-Remaining``  requests left in the current window
``X-RateLimit-Reset``      when the window ends, in Unix time (whole seconds, rounded up)
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from flask import Blueprint, Response, request

from servers.flaskapp import BadParameter, answer_errors_in_json, app_state, json_response

blueprint = Blueprint("ratelimited", __name__)

DEFAULT_LIMIT, MAX_LIMIT = 3, 100
DEFAULT_WINDOW, MAX_WINDOW = 2, 10
MAX_CLIENTS = 10_000
"""Windows remembered at most; past this, ended windows are forgotten first."""

answer_errors_in_json(blueprint, lambda message: {"message": message})


def _number(name: str, default: int, highest: int) -> int:
    raw = request.args.get(name, str(default))
    if not (raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= highest):
        raise BadParameter(f"{name} must be a whole number from 1 to {highest}, not {raw!r}")
    return int(raw)


def _client() -> str:
    """Who is asking: the X-Client-Id header if present, else the IP address."""
    return request.headers.get("X-Client-Id", "")[:100] or str(request.remote_addr)


def _state() -> dict[str, Any]:
    """This server's windows: ``{(client, limit, window): [start, count]}`` and their lock."""
    return app_state("ratelimited", lambda: {"lock": threading.Lock(), "windows": {}})


def _forget_ended(windows: dict[tuple[str, int, int], list[float]], now: float) -> None:
    """Drop ended windows (and, if still too many, all of them): memory stays bounded."""
    for key in [key for key, (start, _) in windows.items() if now >= start + key[2]]:
        del windows[key]
    if len(windows) >= MAX_CLIENTS:
        windows.clear()


@blueprint.get("/")
def index() -> Response:
    return json_response({"limited": request.host_url + "limited?limit=3&window=2",
                  "reset": request.host_url + "reset (POST)",
                  "about": "GET /limited more than `limit` times within `window` seconds "
                           "and you get 429 with Retry-After."})


@blueprint.get("/limited")
def limited() -> Response:
    """Count this request in the client's window; 429 once the window's allowance is spent."""
    limit = _number("limit", DEFAULT_LIMIT, MAX_LIMIT)
    window = _number("window", DEFAULT_WINDOW, MAX_WINDOW)
    key, now = (_client(), limit, window), time.time()
    state = _state()
    with state["lock"]:
        windows = state["windows"]
        if key not in windows or now >= windows[key][0] + window:
            if len(windows) >= MAX_CLIENTS:
                _forget_ended(windows, now)
            windows[key] = [now, 0]  # a new window starts with this request
        start, count = windows[key]
        allowed = count < limit
        if allowed:
            windows[key][1] = count = count + 1
    reset = start + window
    headers = {"X-RateLimit-Limit": str(limit),
               "X-RateLimit-Remaining": str(limit - count),
               "X-RateLimit-Reset": str(math.ceil(reset))}
    if allowed:
        return json_response({"message": "OK", "client": key[0], "limit": limit, "window": window,
                      "remaining": limit - count}, headers=headers)
    headers["Retry-After"] = str(max(1, math.ceil(reset - now)))
    return json_response({"message": f"Too many requests: {limit} per {window} s allowed. "
                             f"Retry after {headers['Retry-After']} s."}, 429, headers)


@blueprint.post("/reset")
def reset() -> Response:
    """Forget every window of the calling client, so its next request starts afresh."""
    client = _client()
    state = _state()
    with state["lock"]:
        for key in [key for key in state["windows"] if key[0] == client]:
            del state["windows"][key]
    return json_response({"message": f"Windows of client {client!r} cleared"})
