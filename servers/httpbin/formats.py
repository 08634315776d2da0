"""Response formats: compressed bodies, text encodings, and sample HTML, JSON and XML.

``/gzip``, ``/deflate`` and ``/brotli`` really compress their JSON and say so with
``Content-Encoding``; a client such as requests decompresses before you see ``r.text``
(``r.raw`` would show the compressed bytes). The sample documents (``/html``,
``/json``, ``/xml``, ``/encoding/utf8``, ``/forms/post``) are there to be parsed, in
the shapes httpbin.org gives them, with the workbook's own words inside;
``/robots.txt`` and ``/deny`` go together; ``/base64/<value>`` decodes its value.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from typing import Any

import brotli
from flask import Blueprint, Response, jsonify, redirect

from servers.httpbin.common import describe, fail, whole_number

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
    return _compressed(gzip.compress(_described("gzipped"), compresslevel=4), "gzip")


@blueprint.get("/deflate")
def deflated() -> Response:
    """JSON compressed with deflate (zlib format, ``Content-Encoding: deflate``)."""
    return _compressed(zlib.compress(_described("deflated")), "deflate")


@blueprint.get("/brotli")
def brotli_compressed() -> Response:
    """JSON compressed with Brotli (``Content-Encoding: br``)."""
    return _compressed(brotli.compress(_described("brotli")), "br")


MOBY_DICK = """<!DOCTYPE html>
<html>
  <head>
  </head>
  <body>
    <h1>Herman Melville - Moby-Dick</h1>
    <div>
      <p>
        Call me Ishmael. Some years ago, never mind how long precisely, having little or
        no money in my purse, and nothing particular to interest me on shore, I thought I
        would sail about a little and see the watery part of the world. It is a way I have
        of driving off the spleen, and regulating the circulation.
      </p>
    </div>
  </body>
</html>
"""
"""``/html``: a heading and one paragraph in a ``<div>``, as on httpbin.org, whose page
quotes another chapter of the same public-domain novel. No ``<title>``: it has none."""


@blueprint.get("/html")
def html() -> Response:
    """A short HTML page: the opening of Moby-Dick (public domain)."""
    return Response(MOBY_DICK, mimetype="text/html")


UTF8_SAMPLE = """<h1>Unicode Demo</h1>

<p>Text in many scripts, written for the httplib workbook after the idea of Markus
Kuhn's <a href="https://www.cl.cam.ac.uk/~mgk25/ucs/examples/UTF-8-demo.txt">UTF-8
demo</a>, which httpbin.org serves here.</p>

<pre>
UTF-8 encoded sample text
=========================

Every character below is outside ASCII, so it takes 2 to 4 bytes in UTF-8.
Decode these bytes with the wrong charset and you get mojibake: Ã©, â€™ ...

Greetings

  Français   : Bonjour, ça va ? Où est le café ?
  Deutsch    : Grüße aus Köln! Die Straße ist groß.
  Español    : ¡Hola! ¿Qué tal? Mañana será otro día.
  Português  : Olá, não há problema nenhum.
  Čeština    : Příliš žluťoučký kůň úpěl ďábelské ódy.
  Polski     : Zażółć gęślą jaźń.
  Ελληνικά   : Γειά σου Κόσμε!
  Русский    : Привет, мир! Съешь же ещё этих мягких французских булок.
  Українська : Доброго дня!
  עברית      : שלום עולם
  العربية    : مرحبا بالعالم
  हिन्दी       : नमस्ते दुनिया
  ไทย        : สวัสดีชาวโลก
  中文       : 你好，世界！
  日本語     : こんにちは、世界！
  한국어     : 안녕하세요, 세계!

Symbols

  Maths            : ∀x ∈ ℝ: x² ≥ 0, ∑ᵢ aᵢ ≈ ∫ f(t) dt, √2 ≠ π, ∞ ≤ ∅ ⊂ ℕ
  Arrows and boxes : ← ↑ → ↓ ⇒ ⇔ ┌─┬─┐ │ ├─┼─┤ └─┴─┘ ░▒▓█
  Money and marks  : € £ ¥ ₹ ₿ © ® ™ § ¶ † ‡ • … « » „ “ ” ‘ ’
  Emoji (4 bytes)  : 😀 🐍 🚀 🌍 ☕ 🎉
</pre>
"""  # noqa: RUF001 - look-alikes are the point
"""``/encoding/utf8``: a heading, a paragraph with a link, then text in ``<pre>``, the
shape of httpbin.org's page (which is Markus Kuhn's demo file), in words of our own."""


@blueprint.get("/encoding/utf8")
def utf8() -> Response:
    """An HTML page full of non-ASCII text, sent as ``charset=utf-8``."""
    return Response(UTF8_SAMPLE, mimetype="text/html")


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
    # content_type, not mimetype: Flask would add a charset, which httpbin.org does not.
    return Response(SLIDESHOW_XML, content_type="application/xml")


@blueprint.get("/robots.txt")
def robots() -> Response:
    """Rules for crawlers: everyone is asked to keep out of /deny."""
    return Response("User-agent: *\nDisallow: /deny\n", content_type="text/plain")


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
""", content_type="text/plain")


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


@blueprint.get("/base64/<value>")
def decode_base64(value: str) -> Response:
    """``value`` decoded from URL-safe Base64 (``-`` and ``_`` for ``+`` and ``/``) as text.

    ``/base64/SGVsbG8sIHdvcmxkIQ==`` answers ``Hello, world!``. The padding ``=`` must be
    there, and the bytes must be UTF-8, else a 400 says so (httpbin.org answers 200 with
    a hint instead).
    """
    try:
        text = base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (UnicodeError, binascii.Error):
        fail(f"{value!r} is not URL-safe Base64 of UTF-8 text; try SFRUUEJJTiBpcyBhd2Vzb21l")
    return Response(text, mimetype="text/html")


PIZZA_FORM = """<!DOCTYPE html>
<html>
  <head>
  </head>
  <body>
  <!-- The fields of the pizza order form in the HTML standard's forms chapter -->
  <form method="post" action="/post">
   <p><label>Your name: <input name="custname"></label></p>
   <p><label>Phone: <input type=tel name="custtel"></label></p>
   <p><label>Email: <input type=email name="custemail"></label></p>
   <fieldset>
    <legend> Size </legend>
    <p><label> <input type=radio name=size value="small"> Small </label></p>
    <p><label> <input type=radio name=size value="medium"> Medium </label></p>
    <p><label> <input type=radio name=size value="large"> Large </label></p>
   </fieldset>
   <fieldset>
    <legend> Toppings </legend>
    <p><label> <input type=checkbox name="topping" value="bacon"> Bacon </label></p>
    <p><label> <input type=checkbox name="topping" value="cheese"> More cheese </label></p>
    <p><label> <input type=checkbox name="topping" value="onion"> Onion </label></p>
    <p><label> <input type=checkbox name="topping" value="mushroom"> Mushroom </label></p>
   </fieldset>
   <p><label>Deliver at: <input type=time min="11:00" max="21:00" step="900"
     name="delivery"></label></p>
   <p><label>Notes for the driver: <textarea name="comments"></textarea></label></p>
   <p><button>Order</button></p>
  </form>
  </body>
</html>
"""
"""``/forms/post``: the fields (names, types, values) of httpbin.org's form, posting to
``/post``, so what a browser or a scraper sends is the same."""


@blueprint.get("/forms/post")
def pizza_form() -> Response:
    """An HTML form (a pizza order) that posts to /post: fill it in a browser, or read
    its field names to post the same with ``data={...}``."""
    return Response(PIZZA_FORM, mimetype="text/html")

