"""A stand-in for dictionary.com: word pages to scrape with XPath, in two layouts.

=====================  ============================================================
``/``                  a search form and the list of known words
``/search?q=word``     ``302`` to ``/browse/word`` (400 without ``q``)
``/browse/<word>``     the word's entry; ``404`` "No results found" for unknown words
``/robots.txt``        allows ``/browse/``, asks robots to wait a second between pages
=====================  ============================================================

Most entries use the *current* layout: nested, labelled markup, e.g. ::

    //section[@class="entry"]/h1[@class="headword"]
    //div[@class="pos-block"][@data-pos="noun"]//li[@class="definition"]/span[@class="def-text"]

A few words (:data:`OLD_LAYOUT`) still use an *older* layout, as a site half-way through
a redesign would: a flat list of ``<div class="def-content">`` after ``<h2 class="pos-label">``
headings. A scraper that only knows one layout finds nothing there, so the lesson can
teach fallback XPaths. Every page also has a sidebar ("Word of the day") whose text a
too-broad XPath will pick up by mistake. The definitions are written for this workbook.
"""

# ruff: noqa: RUF001 - the pronunciations are written in IPA letters on purpose

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException

blueprint = Blueprint("dictionary", __name__)

Sense = tuple[str, str]  # (definition, example sentence)

WORDS: dict[str, tuple[str, str, dict[str, list[Sense]]]] = {
    # word: (IPA, respelling, {part of speech: [(definition, example), ...]})
    "python": ("ˈpaɪθɒn", "pahy-thon", {"noun": [
        ("a large snake of warm regions that kills its prey by coiling around it and squeezing",
         "The python lay still in the warm sand for most of the afternoon."),
        ("a general-purpose programming language known for readable code",
         "She wrote the report generator in Python over a weekend."),
    ]}),
    "request": ("rɪˈkwɛst", "ri-kwest", {"noun": [
        ("the act of asking politely or formally for something",
         "The library granted his request for a quiet study room."),
        ("a message a client sends to a server, asking it to do something such as return a page",
         "Each request carried a method, a path and a few headers."),
    ], "verb": [
        ("to ask for something politely or formally",
         "Guests are requested to leave their keys at the desk."),
        ("(of a program) to ask a server for a resource",
         "The app requests fresh data every five minutes."),
    ]}),
    "protocol": ("ˈproʊtəˌkɔl", "proh-tuh-kawl", {"noun": [
        ("the accepted rules of behaviour for an official occasion",
         "Protocol required the ambassador to arrive before the guests."),
        ("a set of rules two systems follow so that they can exchange data",
         "HTTP is the protocol browsers and web servers use to talk."),
        ("the written plan of a scientific experiment or a medical treatment",
         "The nurses followed the new protocol on night shifts."),
    ]}),
    "header": ("ˈhɛdər", "hed-er", {"noun": [
        ("a line of text printed at the top of every page of a document",
         "Put the chapter title in the header."),
        ("a named field at the start of a message that describes the message or its sender",
         "The Content-Type header told the client to expect JSON."),
        ("(in football) a shot or pass made with the head", "He scored with a late header."),
    ]}),
    "session": ("ˈsɛʃən", "sesh-uhn", {"noun": [
        ("a period of time spent on one activity", "The morning session ran twenty minutes over."),
        ("a run of related exchanges between a user and a website, remembered with a cookie",
         "Logging out ends your session on a shared computer."),
        ("a meeting of a court or an assembly to do its official business",
         "Parliament is not in session this week."),
    ]}),
    "timeout": ("ˈtaɪmˌaʊt", "tahym-out", {"noun": [
        ("a short break in a game during which the players rest or plan",
         "The coach called a timeout with ten seconds left."),
        ("a limit on how long a program waits for something before it gives up",
         "Set a timeout so that a silent server cannot freeze your script."),
    ]}),
    "status": ("ˈsteɪtəs", "stey-tuhs", {"noun": [
        ("the position of a person or thing compared with others",
         "The old bridge was given protected status."),
        ("the state of affairs at a particular time", "Check the status of your order online."),
        ("a three-digit code in a response that says whether the request succeeded",
         "A status of 404 means the server found nothing at that address."),
    ]}),
    "cache": ("kæʃ", "kash", {"noun": [
        ("a hidden store of supplies", "The hikers found a cache of tinned food in the hut."),
        ("a place where copies of data are kept so that later requests are answered faster",
         "The browser served the logo from its cache."),
    ], "verb": [
        ("to keep a copy of data for quick reuse", "The proxy caches images for an hour."),
    ]}),
    "server": ("ˈsɜrvər", "sur-ver", {"noun": [
        ("a person who brings food and drink to the customers of a restaurant",
         "Our server recommended the soup."),
        ("a computer or program that waits for requests and answers them",
         "The server returned the page in forty milliseconds."),
    ]}),
    "client": ("ˈklaɪənt", "klahy-uhnt", {"noun": [
        ("a person or company that pays for a professional's services",
         "The architect met her client on site."),
        ("a program that sends requests to a server and uses its answers",
         "A web browser is the most familiar HTTP client."),
    ]}),
    "redirect": ("ˌriːdəˈrɛkt", "ree-duh-rekt", {"verb": [
        ("to send something to a different place or purpose",
         "Traffic was redirected around the flooded road."),
        ("(of a web server) to tell a client that what it asked for is at another address",
         "The old page redirects to the new one with a 301."),
    ], "noun": [
        ("an answer that points the client to a different URL",
         "The client followed three redirects before it reached the page."),
    ]}),
    "ephemeral": ("ɪˈfɛmərəl", "ih-fem-er-uhl", {"adjective": [
        ("lasting for only a short time", "Chalk drawings on the pavement are ephemeral."),
        ("(of data or a network port) made for a single use and then thrown away",
         "The operating system picked an ephemeral port for the connection."),
    ]}),
    "cookie": ("ˈkʊki", "kook-ee", {"noun": [
        ("a small, flat, sweet baked biscuit", "She left a plate of cookies by the door."),
        ("a small piece of data a website asks the browser to keep and send back later",
         "The site set a cookie to remember the chosen language."),
    ]}),
    "proxy": ("ˈprɒksi", "prok-see", {"noun": [
        ("a person given the power to act or vote for someone else",
         "He voted by proxy while he was abroad."),
        ("a server that passes requests on between clients and other servers",
         "All office traffic goes out through a proxy."),
    ], "adjective": [
        ("standing in for something that is hard to measure directly",
         "Sales are a proxy measure of a book's popularity."),
    ]}),
    "stream": ("striːm", "streem", {"noun": [
        ("a small, narrow river", "They crossed the stream on stepping stones."),
        ("data that arrives, and is handled, one piece at a time",
         "The video arrives as a stream of small chunks."),
    ], "verb": [
        ("to flow steadily in one direction", "Light streamed through the window."),
        ("to send or receive data piece by piece, without waiting for all of it",
         "Stream large downloads straight to disk."),
    ]}),
    "token": ("ˈtoʊkən", "toh-kuhn", {"noun": [
        ("a thing that stands for a feeling or a fact", "Accept this as a token of our thanks."),
        ("a disc used instead of money in a machine", "The arcade sold tokens at the door."),
        ("a string a service gives a client, to prove who it is in later requests",
         "Send the token in the Authorization header."),
    ], "adjective": [
        ("done only for the sake of appearances", "The committee made a token effort."),
    ]}),
}

OLD_LAYOUT = {"cookie", "proxy", "stream", "token"}
"""Words whose pages still use the older markup."""

ROBOTS = "User-agent: *\nAllow: /browse/\nDisallow: /search\nCrawl-delay: 1\n"


def _page(title: str, main: str, description: str = "") -> str:
    """The site's frame around one page's ``<main>``: header, search box, sidebar."""
    meta = f'<meta name="description" content="{escape(description)}">\n' if description else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)} | Dictionary stand-in</title>
{meta}</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Dictionary stand-in</a>
  <form class="search" action="/search" method="get">
    <input type="search" name="q" placeholder="Look up a word"> <button>Search</button>
  </form>
</header>
<main>
{main}
</main>
<aside class="sidebar">
  <h2>Word of the day</h2>
  <p><a href="/browse/ephemeral">ephemeral</a>: here today, gone tomorrow.</p>
</aside>
<footer><p>Definitions written for the httplib workbook.</p></footer>
</body>
</html>
"""


def _current_entry(word: str, ipa: str, respelling: str, senses: dict[str, list[Sense]]) -> str:
    """The current layout: every part of speech in its own labelled, nested block."""
    blocks = []
    for pos, items in senses.items():
        lines = "\n".join(
            f'      <li class="definition"><span class="def-text">{escape(text)}</span> '
            f'<span class="example">{escape(example)}</span></li>' for text, example in items)
        blocks.append(f'  <div class="pos-block" data-pos="{pos}">\n'
                      f'    <span class="pos">{pos}</span>\n'
                      f'    <ol class="definitions">\n{lines}\n    </ol>\n  </div>')
    return (f'<section class="entry" data-word="{word}">\n'
            f'  <h1 class="headword">{word}</h1>\n'
            f'  <div class="pronunciation"><span class="ipa">/{ipa}/</span> '
            f'<span class="respell">[{respelling}]</span></div>\n'
            + "\n".join(blocks) + "\n</section>")


def _old_entry(word: str, respelling: str, senses: dict[str, list[Sense]]) -> str:
    """The older layout: flat, numbered ``def-content`` divs under ``pos-label`` headings."""
    parts = [f'<div class="entry-old" id="top-definitions">\n  <h1 class="word">{word}</h1>\n'
             f'  <p class="pron">[{respelling}]</p>']
    for pos, items in senses.items():
        parts.append(f'  <h2 class="pos-label"><em>{pos}</em></h2>')
        for number, (text, example) in enumerate(items, start=1):
            parts.append(f'  <div class="def-content">{number}. {escape(text)}'
                         f' <div class="luna-example"><em>{escape(example)}</em></div></div>')
    return "\n".join(parts) + "\n</div>"


def _html(body: str, status: int = 200) -> Response:
    return Response(body, status, content_type="text/html; charset=utf-8")


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    main = f'<section class="no-results"><h1>{error.code} {escape(error.name)}</h1></section>'
    return _html(_page(error.name, main), error.code or 500)


@blueprint.get("/")
def home() -> Response:
    """The search form (in the frame) and every word there is, as links."""
    links = "\n".join(f'  <li><a href="{url_for(".browse", word=word)}">{word}</a></li>'
                      for word in sorted(WORDS))
    main = f'<h1>Browse the dictionary</h1>\n<ul class="word-list">\n{links}\n</ul>'
    return _html(_page("Dictionary stand-in", main, "Definitions of a few HTTP words."))


@blueprint.get("/search")
def search() -> Response:
    """The search box's target: send the browser on to the word's page."""
    query = request.args.get("q", "").strip()
    if not query:
        main = '<section class="no-results"><h1>Type a word to look it up.</h1></section>'
        return _html(_page("Search", main), 400)
    return redirect(url_for(".browse", word=query[:100]))


@blueprint.get("/browse/<path:word>")
def browse(word: str) -> Response:
    """The word's entry, in the current or the older layout; 404 for unknown words."""
    key = word.strip().lower()
    if key not in WORDS:
        shown = word[:60] + ("..." if len(word) > 60 else "")
        main = (f'<section class="no-results">\n  <h1>No results found for “{escape(shown)}”</h1>\n'
                f'  <p>Check the spelling, or <a href="/">browse the words we have</a>.</p>\n'
                f'</section>')
        return _html(_page("No results found", main), 404)
    ipa, respelling, senses = WORDS[key]
    first_definition = next(iter(senses.values()))[0][0]
    description = f"{key.capitalize()} definition: {first_definition}. See examples."
    if key in OLD_LAYOUT:
        main = _old_entry(key, respelling, senses)
    else:
        main = _current_entry(key, ipa, respelling, senses)
    return _html(_page(f"{key.capitalize()} Definition & Meaning", main, description))


@blueprint.get("/robots.txt")
def robots() -> Response:
    return Response(ROBOTS, content_type="text/plain; charset=utf-8")
