"""Caching and response headers: conditional requests, ``Cache-Control``, headers to order.

A client that has a copy of a response can ask "has it changed?" instead of fetching
it again: it sends ``If-Modified-Since`` (the ``Last-Modified`` it got) or
``If-None-Match`` (the ``ETag`` it got), and an unchanged resource answers
``304 Not Modified`` with no body. ``If-Match`` works the other way round: "only if
it is still this version", else ``412 Precondition Failed``.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.http import http_date

from servers.httpbin.common import GET_KEYS, describe, fail, whole_number
from servers.httpbin.status import status_response

blueprint = Blueprint("caching", __name__)

HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""The characters a header name may use (an RFC 9110 "token")."""

ETAG = re.compile(r"[\x21\x23-\x7e]+")
"""The characters allowed inside an ETag's quotes: visible ASCII except ``"``."""

FRAMING = {"content-length", "transfer-encoding", "connection"}
"""Headers that say where a response ends: set by the server, never from a query."""


@blueprint.get("/cache")
def cache() -> Response:
    """304 when the request is conditional; else /get's JSON with Last-Modified and ETag."""
    if "If-Modified-Since" in request.headers or "If-None-Match" in request.headers:
        return Response(status=304)
    response = jsonify(describe(*GET_KEYS))
    response.headers["Last-Modified"] = http_date(datetime.now(timezone.utc))
    response.headers["ETag"] = f'"{uuid.uuid4().hex}"'
    return response


@blueprint.get("/cache/<n>")
def cache_for(n: str) -> Response:
    """/get's JSON with ``Cache-Control: public, max-age=<n>``: keep it for n seconds."""
    max_age = whole_number(n, "max-age", 0, 10**9)
    response = jsonify(describe(*GET_KEYS))
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@blueprint.get("/etag/<etag>")
def etag(etag: str) -> Response:
    """A resource whose ETag is ``etag``: 412 on a wrong If-Match, 304 on If-None-Match.

    If-Match is looked at first, as RFC 9110 13.2.2 orders it: "change this only if it
    is still the version I saw" must hold before anything else.
    """
    if not ETAG.fullmatch(etag):
        fail(f"an ETag is visible ASCII without quotes, not {etag!r}")
    if request.if_match and not request.if_match.contains(etag):
        return status_response(412)
    if request.if_none_match.contains_weak(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    response = jsonify(describe(*GET_KEYS))
    response.headers["ETag"] = f'"{etag}"'
    return response


@blueprint.route("/response-headers", methods=["GET", "POST"])
def response_headers() -> Response:
    """Every query parameter becomes a response header; the JSON body lists them all.

    ``/response-headers?Server=demo&Set-Cookie=a=1`` answers with those headers.
    The body also shows Content-Type and Content-Length, as httpbin.org's does: the
    length is that of the body itself, so it is recomputed until it stops changing.
    """
    response = Response(mimetype="application/json")
    for name, value in request.args.items(multi=True):
        if not HEADER_NAME.fullmatch(name) or name.lower() in FRAMING:
            fail(f"cannot set a header called {name!r}")
        if not value.isprintable() or not value.isascii():
            fail(f"header values must be printable ASCII: {value!r}")
        if name.lower() == "content-type":
            response.headers["Content-Type"] = value  # replaces application/json
        else:
            response.headers.add(name, value)
    body = ""
    while response.headers.get("Content-Length") != str(len(body.encode())):
        response.headers["Content-Length"] = str(len(body.encode()))
        listed = {name: _one_or_list(response.headers.getlist(name))
                  for name in response.headers.keys()}  # noqa: SIM118 - Headers, not a dict
        body = current_app.json.dumps(listed, indent=2) + "\n"
    response.set_data(body)
    return response


def _one_or_list(values: list[str]) -> str | list[str]:
    """A header sent once shows as a string, one sent several times as a list."""
    return values[0] if len(values) == 1 else values
