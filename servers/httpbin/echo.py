"""Request inspection: the endpoints that tell you what your request looked like.

``/get``, ``/post``, ``/put``, ``/patch`` and ``/delete`` each accept only their own
method (any other gets ``405 Method Not Allowed``); ``/anything`` accepts every method
and says which one it got. ``/headers``, ``/ip``, ``/user-agent`` and ``/uuid`` answer
one small question each, and ``/dump/request`` shows the request exactly as it arrived.
``/echo-body`` (not on httpbin.org) sends the request body straight back.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, jsonify, request

from servers.httpbin.common import BODY_KEYS, GET_KEYS, MAX_BYTES, describe, fail, whole_number

blueprint = Blueprint("echo", __name__)

EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "TRACE"]
"""What /anything echoes. ``OPTIONS`` is answered by Flask itself: ``Allow`` lists the
methods, and the CORS headers say what a browser may send (``allow_cross_origin``)."""

MAX_ECHO_CHUNKS = 100_000
"""``/echo-body?chunk_size=`` refuses sizes that would cut the body into more pieces."""


@blueprint.get("/get")
def get() -> Response:
    """The query string, headers, client IP and URL of a GET request."""
    return jsonify(describe(*GET_KEYS))


@blueprint.post("/post")
@blueprint.put("/put")
@blueprint.patch("/patch")
@blueprint.delete("/delete")
def with_body() -> Response:
    """Everything /get shows, plus the body: raw ``data``, ``form``, ``files`` and ``json``."""
    return jsonify(describe(*BODY_KEYS))


@blueprint.route("/anything", methods=EVERY_METHOD)
@blueprint.route("/anything/<path:anything>", methods=EVERY_METHOD)
def anything(anything: str = "") -> Response:
    """Any method, any path below /anything: the full description, ``method`` included."""
    return jsonify(describe("method", *BODY_KEYS))


@blueprint.get("/headers")
def headers() -> Response:
    """Just the request headers."""
    return jsonify(describe("headers"))


@blueprint.get("/ip")
def ip() -> Response:
    """The address the request came from (always 127.0.0.1 here: loopback)."""
    return jsonify(describe("origin"))


@blueprint.get("/user-agent")
def user_agent() -> Response:
    """The User-Agent header: how the client introduced itself."""
    return jsonify({"user-agent": request.headers.get("User-Agent")})


@blueprint.get("/uuid")
def new_uuid() -> Response:
    """A fresh random UUID (version 4), different on every call."""
    return jsonify({"uuid": str(uuid.uuid4())})


@blueprint.route("/dump/request", methods=[*EVERY_METHOD, "OPTIONS"])
def dump_request() -> Response:
    """The request as it arrived: request line, headers in their own case and order, body.

    Every other endpoint sees headers only after werkzeug has normalised them; the
    demo server keeps the raw head for this one (``servers.serving.DemoRequestHandler``).
    """
    head = request.environ["servers.raw_head"].encode("latin-1")
    return Response(head + request.get_data(), mimetype="text/plain")


@blueprint.post("/echo-body")
def echo_body() -> Response:
    """The request body sent back byte for byte, as ``application/octet-stream``.

    Not on httpbin.org: a test can choose a body (every kind of line ending, any byte)
    and read it from a real server. With ``?chunk_size=`` the body goes back chunked,
    that many bytes per chunk, so the test also chooses where the pieces break. A
    ``chunk_size`` that is not a whole number from 1 to ``MAX_BYTES``, or that would
    make more than ``MAX_ECHO_CHUNKS`` chunks (each costs the server a write), gets a
    ``400`` saying why.
    """
    body = request.get_data()
    if "chunk_size" not in request.args:
        return Response(body, mimetype="application/octet-stream")
    size = whole_number(request.args["chunk_size"], "chunk_size", 1, MAX_BYTES)
    # Count the last, shorter piece too: 5 bytes in pieces of 2 make 3 chunks, not 5 // 2.
    if -(-len(body) // size) > MAX_ECHO_CHUNKS:
        fail(f"chunk_size {size} would cut the body into more than {MAX_ECHO_CHUNKS} chunks")
    # A generator body has no known length, so werkzeug sends it chunked.
    pieces = (body[start:start + size] for start in range(0, len(body), size))
    return Response(pieces, mimetype="application/octet-stream")
