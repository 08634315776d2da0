"""Answers on demand: ``/status/<codes>`` picks the status code, ``/delay/<seconds>`` the wait.

``/status/404`` answers 404; ``/status/200,500`` answers one of the two at random, and
``/status/200:0.9,500:0.1`` weights the draw (nine 200s for one 500, on average).
Some codes come with what a real server would add: a ``Location`` for redirects, a
``WWW-Authenticate`` challenge for 401, a body for 402, 406 and 418 (:data:`EXTRAS`).
"""

from __future__ import annotations

import random

from flask import Blueprint, Response, jsonify
from werkzeug.datastructures import Headers

from servers.flaskapp import pause
from servers.httpbin.common import describe, fail, seconds
from servers.httpbin.images import NOT_ACCEPTABLE

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


REDIRECT = ("", {"Location": REDIRECT_LOCATION})
EXTRAS: dict[int, tuple[str, dict[str, str]]] = {
    301: REDIRECT, 302: REDIRECT, 303: REDIRECT, 305: REDIRECT, 307: REDIRECT,
    304: ("", {}),
    401: ("", {"WWW-Authenticate": 'Basic realm="Fake Realm"'}),
    402: ("Pay me!", {"x-more-info": "http://vimeo.com/22053820"}),
    406: (NOT_ACCEPTABLE, {"Content-Type": "application/json"}),
    407: ("", {"Proxy-Authenticate": 'Basic realm="Fake Realm"'}),
    418: (TEAPOT, {"x-more-info": "http://tools.ietf.org/html/rfc2324"}),
}
"""The codes that come with something extra, as on httpbin.org: the body and *all* the
headers. So these answers have no Content-Type; every other code gets an empty body
labelled ``text/html`` (Flask's default). 308 is not among the redirects here either."""


def status_response(code: int) -> Response:
    """The response httpbin.org gives for this code: see :data:`EXTRAS`."""
    if code not in EXTRAS:
        return Response(status=code)
    body, headers = EXTRAS[code]
    response = Response(body, status=code)
    response.headers = Headers(headers)
    return response


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"]


@blueprint.route("/status/<codes>", methods=METHODS)
def status(codes: str) -> Response:
    """Answer with the given status code, or one drawn from a (weighted) list."""
    choices, weights = _weighted_codes(codes)
    return status_response(random.choices(choices, weights)[0])


@blueprint.route("/delay/<delay>", methods=METHODS)
def delay(delay: str) -> Response:
    """Wait ``delay`` seconds (at most 10; ``0.5`` works), then describe the request."""
    pause(seconds(delay, "delay"))
    return jsonify(describe("args", "data", "files", "form", "headers", "origin", "url"))
