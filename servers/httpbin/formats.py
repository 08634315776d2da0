"""Response formats: compressed bodies, text encodings, and sample HTML, JSON and XML.

``/gzip`` and ``/deflate`` really compress their JSON and say so with
``Content-Encoding``; a client such as requests decompresses before you see ``r.text``
(``r.raw`` would show the compressed bytes). ``/brotli`` exists only when the
``brotli`` package is installed. The sample documents (``/html``, ``/json``, ``/xml``,
``/encoding/utf8``) are there to be parsed; ``/robots.txt`` and ``/deny`` go together.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

from flask import Blueprint, Response, jsonify, redirect

from servers.httpbin.common import describe, whole_number

try:
    import brotli
except ImportError:  # optional: the workbook does not depend on it
    brotli = None

blueprint = Blueprint("formats", __name__)


def _compressed(body: bytes, encoding: str) -> Response:
    """A JSON response whose bytes are compressed as ``encoding`` says."""
    return Response(body, mimetype="application/json", headers={"Content-Encoding": encoding})


def _described(flag: str) -> bytes:
    """httpbin's compressed-body JSON, e.g. ``{"gzipped": true, "headers": ...}``, as bytes."""
    return jsonify({flag: True, **describe("headers", "method", "origin")}).get_data()


@blueprint.get("/gzip")
def gzipped() -> Response:
    """JSON compressed with gzip (``Content-Encoding: gzip``)."""
    return _compressed(gzip.compress(_described("gzipped")), "gzip")


@blueprint.get("/deflate")
def deflated() -> Response:
    """JSON compressed with deflate (zlib format, ``Content-Encoding: deflate``)."""
    return _compressed(zlib.compress(_described("deflated")), "deflate")


if brotli is not None:

    @blueprint.get("/brotli")
    def brotli_compressed() -> Response:
        """JSON compressed with Brotli (``Content-Encoding: br``)."""
        return _compressed(brotli.compress(_described("brotli")), "br")


def _page(title: str, body: str) -> Response:
    """A complete HTML document around ``body``, declared UTF-8 in both header and page."""
    return Response(f"<!DOCTYPE html>\n<html>\n<head>\n<meta charset='utf-8'>\n"
                    f"<title>{title}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
                    mimetype="text/html")


@blueprint.get("/html")
def html() -> Response:
    """A short HTML page: the opening of Moby-Dick (public domain)."""
    return _page("Moby-Dick", """<h1>Herman Melville - Moby-Dick</h1>
<div>
  <p>Call me Ishmael. Some years ago, never mind how long precisely, having little or no
  money in my purse, and nothing particular to interest me on shore, I thought I would
  sail about a little and see the watery part of the world. It is a way I have of
  driving off the spleen, and regulating the circulation.</p>
</div>""")


UTF8_SAMPLE = """<h1>UTF-8 encoded sample text</h1>
<p>Every character below is outside ASCII, so it takes 2 to 4 bytes in UTF-8.
Decode these bytes with the wrong charset and you get mojibake: Ã©, â€™ ...</p>
<h2>Greetings</h2>
<ul>
  <li>Français : Bonjour, ça va ? Où est le café ?</li>
  <li>Deutsch: Grüße aus Köln! Die Straße ist groß.</li>
  <li>Español: ¡Hola! ¿Qué tal? Mañana será otro día.</li>
  <li>Português: Olá, não há problema nenhum.</li>
  <li>Čeština: Příliš žluťoučký kůň úpěl ďábelské ódy.</li>
  <li>Polski: Zażółć gęślą jaźń.</li>
  <li>Ελληνικά: Γειά σου Κόσμε!</li>
  <li>Русский: Привет, мир! Съешь же ещё этих мягких французских булок.</li>
  <li>Українська: Доброго дня!</li>
  <li>עברית: שלום עולם</li>
  <li>العربية: مرحبا بالعالم</li>
  <li>हिन्दी: नमस्ते दुनिया</li>
  <li>ไทย: สวัสดีชาวโลก</li>
  <li>中文: 你好，世界！</li>
  <li>日本語: こんにちは、世界！</li>
  <li>한국어: 안녕하세요, 세계!</li>
</ul>
<h2>Symbols</h2>
<p>Maths: ∀x ∈ ℝ: x² ≥ 0, ∑ᵢ aᵢ ≈ ∫ f(t) dt, √2 ≠ π, ∞ ≤ ∅ ⊂ ℕ</p>
<p>Arrows and boxes: ← ↑ → ↓ ⇒ ⇔ ┌─┬─┐ │ ├─┼─┤ └─┴─┘ ░▒▓█</p>
<p>Money and marks: € £ ¥ ₹ ₿ © ® ™ § ¶ † ‡ • … « » „ “ ” ‘ ’</p>
<p>Emoji (4 bytes each): 😀 🐍 🚀 🌍 ☕ 🎉</p>"""  # noqa: RUF001 - look-alikes are the point


@blueprint.get("/encoding/utf8")
def utf8() -> Response:
    """An HTML page full of non-ASCII text, sent as ``charset=utf-8``."""
    return _page("UTF-8 sample", UTF8_SAMPLE)


SLIDESHOW: dict[str, Any] = {
    "slideshow": {
        "author": "Yours Truly",
        "date": "date of publication",
        "slides": [
            {"title": "Wake up to WonderWidgets!", "type": "all"},
            {"items": ["Why <em>WonderWidgets</em> are great", "Who <em>buys</em> WonderWidgets"],
             "title": "Overview", "type": "all"},
        ],
        "title": "Sample Slide Show",
    }
}


@blueprint.get("/json")
def json_document() -> Response:
    """A sample JSON document (a slide show) to practise ``r.json()`` on."""
    return jsonify(SLIDESHOW)


SLIDESHOW_XML = """<?xml version='1.0' encoding='us-ascii'?>
<!-- A sample set of slides -->
<slideshow title="Sample Slide Show" date="Date of publication" author="Yours Truly">
    <!-- TITLE SLIDE -->
    <slide type="all">
        <title>Wake up to WonderWidgets!</title>
    </slide>
    <!-- OVERVIEW -->
    <slide type="all">
        <title>Overview</title>
        <item>Why <em>WonderWidgets</em> are great</item>
        <item/>
        <item>Who <em>buys</em> WonderWidgets</item>
    </slide>
</slideshow>
"""


@blueprint.get("/xml")
def xml() -> Response:
    """The same slide show as an XML document."""
    return Response(SLIDESHOW_XML, mimetype="application/xml")


@blueprint.get("/robots.txt")
def robots() -> Response:
    """Rules for crawlers: everyone is asked to keep out of /deny."""
    return Response("User-agent: *\nDisallow: /deny\n", mimetype="text/plain")


@blueprint.get("/deny")
def deny() -> Response:
    """The page robots.txt forbids. A polite crawler never sees it."""
    return Response("""
      .-------------------.
      |  ROBOTS KEEP OUT  |
      '-------------------'
          \\   [o_o]
               /|\\
               / \\

  YOU SHOULDN'T BE HERE: /robots.txt disallows this page.
""", mimetype="text/plain")


MAX_LINKS = 200


@blueprint.get("/links/<n>")
def links_start(n: str) -> Response:
    """Redirect to the first of ``n`` linked pages: /links/<n>/0."""
    count = whole_number(n, "number of links", 1, MAX_LINKS)
    return redirect(f"/links/{count}/0", code=302)


@blueprint.get("/links/<n>/<offset>")
def links(n: str, offset: str) -> Response:
    """Page ``offset`` of ``n`` pages that all link to one another: a tiny site to crawl."""
    count = whole_number(n, "number of links", 1, MAX_LINKS)
    current = whole_number(offset, "offset", 0, count - 1)
    items = [str(i) if i == current else f"<a href='/links/{count}/{i}'>{i}</a>"
             for i in range(count)]
    return Response(f"<html><head><title>Links</title></head><body>{' '.join(items)} "
                    "</body></html>", mimetype="text/html")
