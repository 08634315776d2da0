"""Bodies made to order: JSON lines, random bytes, byte ranges, and slow drips.

* ``/stream/<n>`` sends ``n`` JSON objects, one per line, as a chunked response (no
  ``Content-Length``: the server sends pieces as they are ready).
* ``/bytes/<n>`` and ``/stream-bytes/<n>`` send ``n`` pseudo-random bytes, in one piece
  or in chunks, up to 100 KiB. The bytes are httpbin.org's: for ``?seed=42`` the same
  bytes as there. Without a seed httpbin.org sends new ones each time; here the seed
  is then 0, so lessons and tests can check them.
* ``/range/<n>`` honours ``Range: bytes=...`` requests, the way downloads resume.
* ``/drip`` sends its bytes slowly, spread over ``?duration=`` seconds: for timeouts.

Their query parameters are read in any case (``?Seed=1``), as httpbin.org reads them.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache

from flask import Blueprint, Response, request, stream_with_context

from servers.flaskapp import pause
from servers.httpbin.common import MAX_BYTES, describe, fail, seconds, whole_number

blueprint = Blueprint("streams", __name__)

MAX_LINES = 100
"""``/stream/<n>`` sends at most this many lines, as httpbin.org does."""

MAX_RANDOM_BYTES = 100 * 1024
"""The most ``/bytes``, ``/stream-bytes`` and ``/range`` make: httpbin.org's limit.
Over it, httpbin.org quietly sends fewer bytes than asked; here the answer is a 400."""


def _argument(name: str, default: str) -> str:
    """The query parameter ``name`` in any case (``?seed=``, ``?SEED=``), or ``default``."""
    for key, value in request.args.items():
        if key.lower() == name:
            return value
    return default


def _size(n: str) -> int:
    """The byte count in the URL, from 0 to :data:`MAX_RANDOM_BYTES`; else a 400."""
    return whole_number(n, "number of bytes", 0, MAX_RANDOM_BYTES)


@lru_cache(maxsize=32)
def seeded_bytes(n: int, seed: int) -> bytes:
    """The ``n`` bytes ``/bytes/<n>?seed=<seed>`` sends: one ``randint(0, 255)`` each
    from ``random.Random(seed)``.

    That is how httpbin.org makes them, so a seed gives the same bytes on both. (It
    seeds Python's shared generator; a generator of our own gives the same numbers
    without disturbing anybody else's.) A byte at a time is slow, about 50 ms for the
    largest body, so the last few bodies are kept: a class asks for the same ones.
    """
    rng = random.Random(seed)
    return bytes(rng.randint(0, 255) for _ in range(n))


def _seed() -> int:
    return whole_number(_argument("seed", "0"), "seed", 0, 2**63)


def _chunk_size() -> int:
    return whole_number(_argument("chunk_size", "10240"), "chunk_size", 1, MAX_RANDOM_BYTES)


@blueprint.get("/stream/<n>")
def stream(n: str) -> Response:
    """``n`` lines of JSON (at most 100), each /get's description plus an ``id``.

    Each line is written as httpbin.org writes it: ``url``, ``args``, ``headers``,
    ``origin``, ``id``, in that order, headers in the order they arrived.
    """
    count = min(whole_number(n, "number of lines", 0, 2**31), MAX_LINES)
    description = {key: describe(key)[key] for key in ("url", "args", "headers", "origin")}
    lines = [json.dumps({**description, "id": i}) + "\n" for i in range(count)]
    # A generator body has no known length, so werkzeug sends it chunked.
    return Response(iter(lines), content_type="application/json")


@blueprint.get("/bytes/<n>")
def random_bytes(n: str) -> Response:
    """``n`` pseudo-random bytes in one piece (``?seed=`` picks which; default 0)."""
    return Response(seeded_bytes(_size(n), _seed()), content_type="application/octet-stream")


@blueprint.get("/stream-bytes/<n>")
def stream_bytes(n: str) -> Response:
    """The same ``n`` bytes as /bytes, sent chunked, ``?chunk_size=`` (10240) at a time."""
    body = seeded_bytes(_size(n), _seed())
    size = _chunk_size()
    chunks = (body[i:i + size] for i in range(0, len(body), size))
    return Response(chunks, content_type="application/octet-stream")


def _letters(start: int, stop: int) -> bytes:
    """Bytes ``start`` up to ``stop`` of ``abcdefghijklmnopqrstuvwxyzabc...``."""
    repeated = b"abcdefghijklmnopqrstuvwxyz" * ((stop - start) // 26 + 2)
    return repeated[start % 26:start % 26 + stop - start]


ONE_RANGE = re.compile(r"\s*bytes\s*=\s*([0-9]{0,18})\s*-\s*([0-9]{0,18})\s*")


def _requested_range(header: str, size: int) -> tuple[int, int]:
    """The first and last byte a ``Range`` header asks for, as httpbin.org reads it.

    ``bytes=10-19``, ``bytes=10-`` (to the end), ``bytes=-5`` (the last 5). A header
    that is not one byte range (another unit, several ranges, nothing) asks for the
    whole body, as RFC 9110 14.2 allows. A last byte past the end means "to the end"
    (RFC 9110 14.1.2). The result may be unsatisfiable (first > last): a 416.
    """
    match = ONE_RANGE.fullmatch(header)
    if not match or match.groups() == ("", ""):
        return 0, size - 1
    first, last = match.groups()
    if not first:
        return max(size - int(last), 0), size - 1
    return int(first), min(int(last), size - 1) if last else size - 1


@blueprint.get("/range/<n>")
def byte_range(n: str) -> Response:
    """``n`` bytes of ``abc...xyzabc...``, or the part a ``Range`` header asks for (206).

    ``Content-Range`` comes with every answer, the whole body's too. ``?chunk_size=``
    and ``?duration=`` send the body in pieces spread over that many seconds.
    """
    headers = {"ETag": f'"range{n}"', "Accept-Ranges": "bytes"}
    try:
        size = int(n)
    except ValueError:
        size = 0
    if not 0 < size <= MAX_RANDOM_BYTES:
        return Response(f"number of bytes must be in the range (0, {MAX_RANDOM_BYTES}]",
                        status=404, headers=headers, content_type="text/plain; charset=utf-8")
    chunk_size = _chunk_size()
    duration = seconds(_argument("duration", "0"), "duration")
    first, last = _requested_range(request.headers.get("Range", ""), size)
    if first > last:
        headers["Content-Range"] = f"bytes */{size}"
        return Response(status=416, headers=headers, content_type="text/plain; charset=utf-8")
    headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(last + 1 - first)
    body = _letters(first, last + 1)

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(body), chunk_size):
            piece = body[start:start + chunk_size]
            yield piece
            if pause(duration * len(piece) / size):
                return  # the server is stopping

    whole = first == 0 and last == size - 1
    return Response(stream_with_context(pieces()), status=200 if whole else 206,
                    headers=headers, content_type="application/octet-stream")


@blueprint.get("/drip")
def drip() -> Response:
    """``?numbytes=`` asterisks spread over ``?duration=`` seconds, after ``?delay=``.

    Also ``?code=`` for the status. ``Content-Length`` is sent up front, so a client
    knows how much is coming. After ``delay`` the head and the first bytes arrive at
    once, then the rest a few at a time, the last of them ``duration`` seconds in.
    """
    duration = seconds(_argument("duration", "2"), "duration")
    delay = seconds(_argument("delay", "0"), "delay")
    size = whole_number(_argument("numbytes", "10"), "numbytes", 1, MAX_BYTES)
    code = whole_number(_argument("code", "200"), "code", 200, 599)
    if code in (204, 304):
        fail(f"a {code} response has no body to drip")
    pieces = min(size, 100)  # at most 100 writes, however many bytes
    interval = duration / pieces

    def drops() -> Iterator[bytes]:
        if pause(delay):
            return
        for i in range(pieces):
            yield b"*" * (size * (i + 1) // pieces - size * i // pieces)
            if pause(interval):
                return  # the server is stopping

    return Response(stream_with_context(drops()), status=code,
                    content_type="application/octet-stream",
                    headers={"Content-Length": str(size)})
