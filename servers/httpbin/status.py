"""Answers on demand: ``/status/<codes>`` picks the status code, ``/delay/<seconds>`` the wait.

``/status/404`` answers 404; ``/status/200,500`` answers one of the two at random, and
``/status/200:0.9,500:0.1`` weights the draw (nine 200s for one 500, on average).
Some codes come with what a real server would add: a ``Location`` for redirects, a
``WWW-Authenticate`` challenge for 401, a body for 402, 406 and 418.
"""

from __future__ import annotations

import random

from flask import Blueprint, Response, jsonify

from servers.flaskapp import pause
from servers.httpbin.common import describe, fail, seconds

blueprint = Blueprint("status", __name__)

REDIRECT_LOCATION = "/redirect/1"
"""Where the redirect codes point, as on httpbin.org (one more hop, then /get)."""

TEAPOT = """\
       (  )
        )(
   .---------.
  (|  I'm a  |)--.
   | teapot  |   /
   '._______.'
"""


def _weighted_codes(codes: str) -> tuple[list[int], list[float]]:
    """Parse ``"200"``, ``"200,500"`` or ``"200:0.3,500:0.7"`` into codes and weights."""
    choices, weights = [], []
    for item in codes.split(","):
        code_text, _, weight_text = item.partition(":")
        try:
            code = int(code_text)
            weight = float(weight_text) if weight_text else 1.0
        except ValueError:
            fail(f"invalid status code or weight: {item!r} (try 404, or 200:0.9,500:0.1)")
        if not 200 <= code <= 599:
            # 1xx are interim answers: a final response with one would leave clients waiting.
            fail(f"status code must be between 200 and 599, not {code}")
        if not 0 <= weight < float("inf"):
            fail(f"weight must be a number, 0 or more, not {weight_text!r}")
        choices.append(code)
        weights.append(weight)
    if sum(weights) <= 0:
        fail("at least one weight must be above 0")
    return choices, weights


def _response_for(code: int) -> Response:
    """The response a real server would give with this code (extras httpbin adds too)."""
    response = Response(status=code, mimetype="text/plain")
    if code in (301, 302, 303, 305, 307, 308):
        response.headers["Location"] = REDIRECT_LOCATION
    elif code == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Fake Realm"'
    elif code == 402:
        response.set_data("Pay me!")
        response.headers["X-More-Info"] = "http://vimeo.com/22053820"
    elif code == 406:
        response = jsonify(message="Client did not request a supported media type.",
                           accept=["image/webp", "image/svg+xml", "image/jpeg",
                                   "image/png", "image/*"])
        response.status_code = 406
    elif code == 407:
        response.headers["Proxy-Authenticate"] = 'Basic realm="Fake Realm"'
    elif code == 418:
        response.set_data(TEAPOT)
        response.headers["X-More-Info"] = "http://tools.ietf.org/html/rfc2324"
    return response


@blueprint.route("/status/<codes>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def status(codes: str) -> Response:
    """Answer with the given status code, or one drawn from a (weighted) list."""
    choices, weights = _weighted_codes(codes)
    return _response_for(random.choices(choices, weights)[0])


@blueprint.route("/delay/<delay>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def delay(delay: str) -> Response:
    """Wait ``delay`` seconds (at most 10; ``0.5`` works), then describe the request."""
    pause(seconds(delay, "delay"))
    return jsonify(describe("args", "data", "files", "form", "headers", "origin", "url"))
