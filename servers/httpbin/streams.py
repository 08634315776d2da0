"""Bodies made to order: JSON lines, random bytes, byte ranges, and slow drips.

* ``/stream/<n>`` sends ``n`` JSON objects, one per line, as a chunked response (no
  ``Content-Length``: the server sends pieces as they are ready).
* ``/bytes/<n>`` and ``/stream-bytes/<n>`` send ``n`` pseudo-random bytes, in one piece
  or in chunks. The bytes come from ``random.Random(seed)``: the same ``?seed=`` (0 by
  default) always gives the same bytes, so lessons and tests can check them.
* ``/range/<n>`` honours ``Range: bytes=...`` requests, the way downloads resume.
* ``/drip`` sends its bytes slowly, spread over ``?duration=`` seconds: for timeouts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, request, stream_with_context

from servers.flaskapp import pause
from servers.httpbin.common import GET_KEYS, MAX_BYTES, describe, fail, seconds, whole_number

blueprint = Blueprint("streams", __name__)

MAX_LINES = 100
"""``/stream/<n>`` sends at most this many lines, as httpbin.org does."""

MAX_CHUNKS = 100_000
"""``/stream-bytes`` refuses chunk sizes that would cut the body into more pieces."""


def _random_bytes(n: int) -> bytes:
    """``n`` bytes from ``random.Random(seed)``: the same seed always gives the same bytes."""
    seed = whole_number(request.args.get("seed", "0"), "seed", 0, 2**63)
    return random.Random(seed).randbytes(n)


@blueprint.get("/stream/<n>")
def stream(n: str) -> Response:
    """``n`` lines of JSON (at most 100), each /get's description plus an ``id``."""
    count = min(whole_number(n, "number of lines", 0, 2**31), MAX_LINES)
    description = describe(*GET_KEYS)
    lines = [current_app.json.dumps({**description, "id": i}) + "\n" for i in range(count)]
    # A generator body has no known length, so werkzeug sends it chunked.
    return Response(iter(lines), mimetype="application/json")


@blueprint.get("/bytes/<n>")
def random_bytes(n: str) -> Response:
    """``n`` pseudo-random bytes in one piece (``?seed=`` picks which; default 0)."""
    size = whole_number(n, "number of bytes", 0, MAX_BYTES)
    return Response(_random_bytes(size), mimetype="application/octet-stream")


@blueprint.get("/stream-bytes/<n>")
def stream_bytes(n: str) -> Response:
    """The same ``n`` bytes as /bytes, sent chunked, ``?chunk_size=`` (10240) at a time."""
    size = whole_number(n, "number of bytes", 0, MAX_BYTES)
    chunk_size = whole_number(request.args.get("chunk_size", "10240"), "chunk_size", 1, MAX_BYTES)
    if size // chunk_size > MAX_CHUNKS:
        fail(f"chunk_size {chunk_size} would make more than {MAX_CHUNKS} chunks")
    body = _random_bytes(size)
    chunks = (body[i:i + chunk_size] for i in range(0, size, chunk_size))
    return Response(chunks, mimetype="application/octet-stream")


def _letters(start: int, stop: int) -> bytes:
    """Bytes ``start`` up to ``stop`` of ``abcdefghijklmnopqrstuvwxyzabc...``."""
    repeated = b"abcdefghijklmnopqrstuvwxyz" * ((stop - start) // 26 + 2)
    return repeated[start % 26:start % 26 + stop - start]


def _requested_range(header: str, size: int) -> tuple[int, int] | None:
    """Parse ``bytes=first-last``, ``bytes=first-`` or ``bytes=-suffix`` into (start, stop).

    None means "not one range we understand": the whole body is sent then, as RFC 9110
    allows. An empty result (start >= stop) means the range lies outside the body.
    """
    match = re.fullmatch(r"\s*bytes\s*=\s*([0-9]{0,18})\s*-\s*([0-9]{0,18})\s*", header)
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-500": the last 500 bytes
        return max(size - int(last), 0), size
    if last and int(last) < int(first):
        return None  # "bytes=5-2" is invalid: ignore it
    return int(first), min(int(last) + 1, size) if last else size


@blueprint.get("/range/<n>")
def byte_range(n: str) -> Response:
    """``n`` bytes of ``abc...xyzabc...``, or the part a ``Range`` header asks for (206)."""
    size = whole_number(n, "number of bytes", 0, MAX_BYTES)
    headers = {"Accept-Ranges": "bytes", "ETag": f'"range{size}"'}
    wanted = _requested_range(request.headers.get("Range", ""), size)
    if wanted is None:
        return Response(_letters(0, size), mimetype="application/octet-stream", headers=headers)
    start, stop = wanted
    if start >= stop:
        headers["Content-Range"] = f"bytes */{size}"
        return Response(f"416 Range Not Satisfiable: the body has {size} bytes\n", status=416,
                        mimetype="text/plain", headers=headers)
    headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return Response(_letters(start, stop), status=206, mimetype="application/octet-stream",
                    headers=headers)


@blueprint.get("/drip")
def drip() -> Response:
    """``?numbytes=`` asterisks spread over ``?duration=`` seconds, after ``?delay=``.

    Also ``?code=`` for the status. ``Content-Length`` is sent up front, so a client
    knows how much is coming; the bytes then arrive a few at a time.
    """
    duration = seconds(request.args.get("duration", "2"), "duration")
    delay = seconds(request.args.get("delay", "0"), "delay")
    size = whole_number(request.args.get("numbytes", "10"), "numbytes", 1, MAX_BYTES)
    code = whole_number(request.args.get("code", "200"), "code", 200, 599)
    if code in (204, 304):
        fail(f"a {code} response has no body to drip")
    pieces = min(size, 100)  # at most 100 writes, however many bytes
    interval = duration / pieces

    def drops() -> Iterator[bytes]:
        if pause(delay):
            return
        for i in range(pieces):
            if pause(interval):
                return  # the server is stopping
            yield b"*" * (size * (i + 1) // pieces - size * i // pieces)

    return Response(stream_with_context(drops()), status=code,
                    mimetype="application/octet-stream", headers={"Content-Length": str(size)})
