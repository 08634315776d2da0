"""Large files to download and stream, standing in for gutenberg.org and friends.

===========================  ==================================================================
``/``                        an index of what is here
``/files/<size>``            exactly ``size`` bytes (at most 1 GiB) of a repeating pattern:
                             byte ``i`` is ``i % 256``. ``?rate=<bytes per second>`` slows it
                             down (for progress bars and read timeouts)
``/books/moby-dick.txt``     about 1.2 MB of UTF-8 text in chapters (also at Gutenberg's
                             address, ``/files/2701/2701-0.txt``)
``/docs/spec.pdf``           about 5 MB, a real (one-page) PDF, sent as an attachment
===========================  ==================================================================

Nothing is read from disk. The pattern files are *generated while they are sent*, a chunk
at a time, so a 1 GiB download uses no more memory than a 64 KiB one; the book and the PDF
are generated once, from fixed seeds, and kept. Every answer has a ``Content-Length``,
so a client can show progress; ``HEAD`` sends only the headers; ``Range: bytes=...``
gets ``206 Partial Content`` (for resuming a broken download). A size that is not a
whole number from 0 to 1 GiB answers 400.
"""

# ruff: noqa: RUF001 - the book uses typographic apostrophes on purpose (UTF-8 practice)

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from datetime import datetime, timezone

from flask import Blueprint, Response, request, stream_with_context, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from servers.flaskapp import pause

blueprint = Blueprint("downloads", __name__)

MAX_SIZE = 1024**3
"""The largest ``/files/<size>``: 1 GiB."""
CHUNK = 64 * 1024
PATTERN = bytes(range(256)) * (CHUNK // 256)
"""One chunk of the pattern: 0, 1, ..., 255, 0, 1, ... Every chunk starts at a multiple of 256."""
MIN_RATE = 1024
LAST_MODIFIED = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body>\n</html>\n")


def _problem(status: int, message: str) -> Response:
    body = _page(f"{status} error", f"<h1>{status} error</h1>\n<p>{escape(message)}</p>")
    return Response(body, status, content_type="text/html; charset=utf-8")


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return _problem(error.code or 500, f"{error.name}: {error.description}")


def _download(body: Iterator[bytes] | bytes, length: int, content_type: str,
              filename: str | None = None, *, etag: str) -> Response:
    """A file response: length, validators, ranges, and optionally "save as" ``filename``."""
    response = Response(body, content_type=content_type, direct_passthrough=True)
    response.content_length = length
    response.last_modified = LAST_MODIFIED
    response.set_etag(etag)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Answers If-None-Match with 304 and Range with 206 (werkzeug cuts the body to size).
    response.make_conditional(request, accept_ranges=True, complete_length=length)
    del response.headers["Date"]  # make_conditional adds one; the server sends its own
    return response


# --- the pattern files --------------------------------------------------------------------

def _pattern(size: int, rate: int | None) -> Iterator[bytes]:
    """``size`` bytes of the pattern, a chunk at a time; with ``rate``, paced to it."""
    chunk_size = CHUNK if rate is None else min(CHUNK, max(rate // 10, 256))
    sent = 0
    while sent < size:
        chunk = PATTERN[:min(chunk_size, size - sent)]  # chunk sizes are multiples of 256
        yield chunk
        sent += len(chunk)
        if rate is not None and sent < size and pause(len(chunk) / rate):
            return  # the server is stopping


@blueprint.get("/files/<size>")
def pattern_file(size: str) -> Response:
    """Exactly ``size`` bytes of ``00 01 02 ... ff 00 01 ...``, as an attachment."""
    if not (size.isdigit() and len(size) <= 10 and int(size) <= MAX_SIZE):
        return _problem(400, f"The size must be a whole number of bytes from 0 to {MAX_SIZE}, "
                             f"not {size[:40]!r}")
    raw_rate = request.args.get("rate")
    rate = None
    if raw_rate is not None:
        if not (raw_rate.isdigit() and len(raw_rate) <= 10 and int(raw_rate) >= MIN_RATE):
            return _problem(400, f"rate must be a whole number of bytes per second, at least "
                                 f"{MIN_RATE}, not {raw_rate[:40]!r}")
        rate = int(raw_rate)
    body = stream_with_context(_pattern(int(size), rate))  # pause() needs the app context
    return _download(body, int(size), "application/octet-stream", f"file-{int(size)}.bin",
                     etag=f"pattern-{int(size)}")


# --- the book -----------------------------------------------------------------------------

_NAMES = ["Captain Orrin", "the mate", "old Béranger", "Tashé", "the cooper", "the lookout",
          "young Elias", "the cook"]
_THINGS = ["the mainsail", "a coil of rope", "the grey horizon", "the chart", "a lantern",
           "the ship’s bell", "the long swell", "a barrel of oil", "the whale-boat"]
_VERBS = ["watched", "mended", "cursed", "studied", "hauled", "remembered", "ignored",
          "praised", "counted"]
_PLACES = ["on the quarter-deck", "below decks", "in the rigging", "by the try-works",
           "at the rail", "in the café of a far port", "under a hard white sky"]
_SAYINGS = ["There she blows", "Mind the line", "Not today", "Steady, steady",
            "The sea keeps its own accounts", "We sail at dawn"]
_TITLES = ["The Harbour", "A Grey Morning", "The Chart", "Oil and Rope", "The Lookout’s Song",
           "Night Watch", "The Café on the Quay", "Fog", "The Long Swell", "A Naïve Question"]


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return (f"“{rng.choice(_SAYINGS)},” said {rng.choice(_NAMES)}, "
                f"and {rng.choice(_NAMES)} {rng.choice(_VERBS)} {rng.choice(_THINGS)}.")
    name = rng.choice(_NAMES)
    return (f"{name[0].upper()}{name[1:]} {rng.choice(_VERBS)} {rng.choice(_THINGS)} "
            f"{rng.choice(_PLACES)} — and {rng.choice(_THINGS)}, too.")


@functools.cache
def moby_dick() -> bytes:
    """About 1.2 MB of invented sea-story text: the size of the novel, none of its words."""
    rng = random.Random(2701)
    parts = ["THE WHALE-ROAD\n\nA stand-in for Moby-Dick, generated for the httplib workbook.\n"
             "It has the novel’s size and shape (chapters of prose), not its words.\n"]
    size, chapter = len(parts[0].encode()), 0
    while size < 1_200_000:
        chapter += 1
        lines = [f"\n\nCHAPTER {chapter}. {rng.choice(_TITLES)}.\n"]
        for _ in range(rng.randint(12, 18)):
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
            lines.append("\n" + paragraph + "\n")
        text = "".join(lines)
        parts.append(text)
        size += len(text.encode())
    parts.append("\n\nTHE END\n")
    return "".join(parts).encode("utf-8")


@blueprint.get("/files/2701/2701-0.txt")
@blueprint.get("/books/moby-dick.txt")  # the first route registered is the one url_for gives
def book() -> Response:
    text = moby_dick()
    return _download(text, len(text), "text/plain; charset=utf-8", etag="moby-dick")


# --- the PDF ------------------------------------------------------------------------------

@functools.cache
def spec_pdf() -> bytes:
    """A valid one-page PDF, padded to about 5 MB by a stream no page uses."""
    text = b"BT /F1 24 Tf 72 720 Td (httplib workbook: a specification) Tj ET"
    padding = random.Random(5).randbytes(5_000_000)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(padding), padding),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")  # the second line says "binary inside"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)  # the cross-reference table: where each object starts
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@blueprint.get("/docs/spec.pdf")
def pdf() -> Response:
    data = spec_pdf()
    return _download(data, len(data), "application/pdf", "spec.pdf", etag="spec-pdf")


@blueprint.get("/")
def index() -> Response:
    links = [(url_for(".pattern_file", size=size), f"{size:,} bytes of pattern")
             for size in (0, 1024, 1024**2, 20 * 1024**2, 100 * 1024**2)]
    links += [(url_for(".pattern_file", size=1024**2, rate=256 * 1024), "1 MiB, slowly (4 s)"),
              (url_for(".book"), "Moby-Dick stand-in, plain text"),
              (url_for(".pdf"), "spec.pdf")]
    items = "\n".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in links)
    return Response(_page("Downloads", f"<h1>Downloads</h1>\n<ul>\n{items}\n</ul>"),
                    content_type="text/html; charset=utf-8")
