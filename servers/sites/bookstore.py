"""A stand-in for books.toscrape.com: a small shop to scrape, plus a login for sessions.

==========================================  ==============================================
``/``, ``/index.html``                      page 1 of the catalogue (20 books of 50)
``/catalogue/page-<n>.html``                pages 1-3, linked by "next" and "previous"
``/catalogue/<slug>/index.html``            a book: price, rating, stock, a product table
``/catalogue/category/books/<cat>/...``     the books of one category (``travel_2``...)
``/login``                                  ``GET``: a form with a hidden ``csrf_token``;
                                            ``POST``: check it and the password
``/account``                                "Welcome, reader" when logged in, else 302
``/logout``                                 forget the login
``/robots.txt``                             keeps robots out of ``/account``
==========================================  ==============================================

The markup follows the real site's, so the same selectors work: each book on a list page
is an ``<article class="product_pod">`` with ``h3 > a[title]`` (the full title; the link
text may be shortened), ``p.price_color``, ``p.star-rating.<One..Five>`` and
``p.availability``. Links are *relative*, as on the real site: join them with the page's
URL (``urllib.parse.urljoin``) before following them.

The login (user ``reader``, password ``bookworm``) keeps its state in Flask's signed
``session`` cookie. Wrong credentials answer 401, a missing or wrong ``csrf_token`` 400.
"""

from __future__ import annotations

import hmac
import random
import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, redirect, request, session, url_for
from flask.blueprints import BlueprintSetupState
from markupsafe import escape
from werkzeug.exceptions import HTTPException

blueprint = Blueprint("bookstore", __name__)

USERNAME, PASSWORD = "reader", "bookworm"
PER_PAGE = 20
RATINGS = ["One", "Two", "Three", "Four", "Five"]
CATEGORIES = ["Travel", "Mystery", "Poetry", "Science", "History", "Fiction", "Cooking", "Humor"]
ROBOTS = "User-agent: *\nDisallow: /account\nDisallow: /login\n"


@blueprint.record_once
def _configure(state: BlueprintSetupState) -> None:
    """Give the app a key to sign session cookies with (fixed: this is a demo, not a secret)."""
    if not state.app.secret_key:
        state.app.secret_key = "bookstore-stand-in-signing-key"
    state.app.config["SESSION_COOKIE_SAMESITE"] = "Lax"


@dataclass(frozen=True)
class Book:
    number: int
    title: str
    category: str
    price: str  # as shown, e.g. "£51.77"
    rating: str  # "One" to "Five": the CSS class the real site uses
    stock: int
    upc: str
    description: str

    @property
    def slug(self) -> str:
        """The book's folder name: ``the-silent-harbour_7``."""
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") + f"_{self.number}"


def _category_slug(name: str) -> str:
    return f"{name.lower()}_{CATEGORIES.index(name) + 2}"


def _make_books() -> list[Book]:
    """Fifty invented books, the same on every run (a fixed seed)."""
    rng = random.Random(50)
    adjectives = ["Silent", "Crimson", "Forgotten", "Last", "Hidden", "Golden", "Northern",
                  "Paper", "Wandering", "Midnight", "Quiet", "Salt", "Glass", "Distant"]
    nouns = ["Harbour", "Garden", "Lantern", "Orchard", "Map", "Kitchen", "Library", "Comet",
             "Railway", "Island", "Clockmaker", "Orchestra", "Lighthouse", "Atlas", "Teacup"]
    subtitles = ["A Journey Through Small Towns", "Recipes from a Seaside Kitchen",
                 "Poems for Rainy Afternoons", "An Unlikely History of Maps",
                 "How Bridges Stay Up", "Notes from a Slow Summer"]
    names = ["Margot", "Idris", "Wren", "Tobias", "Suki", "Anselm", "Noor"]
    books: list[Book] = []
    titles: set[str] = set()
    while len(books) < 50:
        adjective, noun, other = rng.choice(adjectives), rng.choice(nouns), rng.choice(nouns)
        title = rng.choice([f"The {adjective} {noun}", f"{noun} of the {adjective} {other}",
                            f"The {adjective} {noun}: {rng.choice(subtitles)}",
                            f"{rng.choice(names)}'s {noun}"])
        if title in titles or noun == other:
            continue
        titles.add(title)
        stock = 0 if rng.random() < 0.1 else rng.randint(1, 22)
        description = (f"{title} follows {rng.choice(names)} across {rng.randint(3, 12)} "
                       f"{rng.choice(['seasons', 'cities', 'letters', 'journeys'])}. "
                       f"Readers call it {rng.choice(['gentle', 'gripping', 'odd', 'warm'])} "
                       f"and {rng.choice(['surprising', 'funny', 'wise', 'strange'])}.")
        books.append(Book(len(books) + 1, title, rng.choice(CATEGORIES),
                          f"£{rng.uniform(10, 60):.2f}", rng.choice(RATINGS), stock,
                          f"{rng.getrandbits(64):016x}", description))
    return books


BOOKS = _make_books()
"""The catalogue; never changed, so sharing it between servers is safe."""


# --- HTML ---------------------------------------------------------------------------------

def _layout(title: str, content: str, root: str) -> str:
    """The frame around every page. ``root`` leads back to ``/``: "", "../", "../../"..."""
    categories = "\n".join(
        f'      <li><a href="{root}catalogue/category/books/{_category_slug(name)}/index.html">'
        f"{name}</a></li>" for name in CATEGORIES)
    account = '<a href="/account">My account</a>' if "user" in session else \
        '<a href="/login">Log in</a>'
    return f"""<!DOCTYPE html>
<html lang="en-gb">
<head>
<meta charset="utf-8">
<title>{escape(title)} | Bookstore stand-in</title>
</head>
<body>
<header class="header"><a href="{root}index.html">Bookstore stand-in</a> {account}</header>
<div class="page_inner">
<aside class="sidebar">
  <ul class="nav nav-list">
    <li><a href="{root}index.html">Books</a>
    <ul>
{categories}
    </ul></li>
  </ul>
</aside>
<section class="content">
{content}
</section>
</div>
</body>
</html>
"""


def _stock_text(book: Book, detail: bool = False) -> str:
    if book.stock == 0:
        return "Out of stock"
    return f"In stock ({book.stock} available)" if detail else "In stock"


def _card(book: Book, catalogue: str) -> str:
    """One book on a list page; ``catalogue`` leads from that page to ``/catalogue/``."""
    link = f"{catalogue}{book.slug}/index.html"
    short = book.title if len(book.title) <= 30 else book.title[:27] + "..."
    stock_class = "instock" if book.stock else "outofstock"
    return f"""  <li>
    <article class="product_pod">
      <p class="star-rating {book.rating}"></p>
      <h3><a href="{link}" title="{escape(book.title)}">{escape(short)}</a></h3>
      <div class="product_price">
        <p class="price_color">{book.price}</p>
        <p class="{stock_class} availability">{_stock_text(book)}</p>
      </div>
    </article>
  </li>"""


def _listing(heading: str, books: list[Book], catalogue: str, root: str, pager: str = "") -> str:
    cards = "\n".join(_card(book, catalogue) for book in books)
    content = (f'<div class="page-header"><h1>{heading}</h1></div>\n'
               f"<p><strong>{len(books)}</strong> books on this page.</p>\n"
               f'<ol class="row">\n{cards}\n</ol>\n{pager}')
    return _layout(heading, content, root)


def _html(body: str, status: int = 200) -> Response:
    return Response(body, status, content_type="text/html; charset=utf-8")


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    content = f"<h1>{error.code} {escape(error.name)}</h1>\n<p>{escape(error.description)}</p>"
    return _html(_layout(error.name, content, "/"), error.code or 500)


# --- the catalogue ------------------------------------------------------------------------

@blueprint.get("/")
@blueprint.get("/index.html")
def home() -> Response:
    return catalogue_page(1, at_root=True)


@blueprint.get("/catalogue/page-<int:number>.html")
def catalogue_page(number: int, at_root: bool = False) -> Response:
    """Page ``number`` of all books. The same page-1 HTML is served at ``/`` (``at_root``)."""
    last = -(-len(BOOKS) // PER_PAGE)
    if not 1 <= number <= last:
        return _html(_layout("Not found", "<h1>404 Not Found</h1>", "/"), 404)
    catalogue, root = ("catalogue/", "") if at_root else ("", "../")
    pager = ['<ul class="pager">']
    if number > 1:
        pager.append(f'  <li class="previous"><a href="{catalogue}page-{number - 1}.html">'
                     "previous</a></li>")
    pager.append(f'  <li class="current">Page {number} of {last}</li>')
    if number < last:
        pager.append(f'  <li class="next"><a href="{catalogue}page-{number + 1}.html">'
                     "next</a></li>")
    pager.append("</ul>")
    books = BOOKS[(number - 1) * PER_PAGE:number * PER_PAGE]
    return _html(_listing("All products", books, catalogue, root, "\n".join(pager)))


@blueprint.get("/catalogue/category/books/<category>/index.html")
def category(category: str) -> Response:
    """Every book of one category, on one page."""
    names = {_category_slug(name): name for name in CATEGORIES}
    if category not in names:
        return _html(_layout("Not found", "<h1>404 Not Found</h1>", "/"), 404)
    books = [book for book in BOOKS if book.category == names[category]]
    return _html(_listing(names[category], books, "../../../", "../../../../"))


@blueprint.get("/catalogue/<slug>/index.html")
def book_page(slug: str) -> Response:
    """One book: its details and the product information table."""
    book = next((book for book in BOOKS if book.slug == slug), None)
    if book is None:
        return _html(_layout("Not found", "<h1>404 Not Found</h1>", "/"), 404)
    rows: list[tuple[str, Any]] = [
        ("UPC", book.upc), ("Product Type", "Books"), ("Price (excl. tax)", book.price),
        ("Price (incl. tax)", book.price), ("Tax", "£0.00"),
        ("Availability", _stock_text(book, detail=True)), ("Number of reviews", 0)]
    table = "\n".join(f"  <tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    cat_link = f"../category/books/{_category_slug(book.category)}/index.html"
    stock_class = "instock" if book.stock else "outofstock"
    content = f"""<ul class="breadcrumb">
  <li><a href="../../index.html">Home</a></li>
  <li><a href="{cat_link}">{book.category}</a></li>
  <li class="active">{escape(book.title)}</li>
</ul>
<article class="product_page">
  <div class="product_main">
    <h1>{escape(book.title)}</h1>
    <p class="price_color">{book.price}</p>
    <p class="{stock_class} availability">{_stock_text(book, detail=True)}</p>
    <p class="star-rating {book.rating}"></p>
  </div>
  <div id="product_description" class="sub-header"><h2>Product Description</h2></div>
  <p>{escape(book.description)}</p>
  <div class="sub-header"><h2>Product Information</h2></div>
  <table class="table table-striped">
{table}
  </table>
</article>"""
    return _html(_layout(book.title, content, "../../"))


@blueprint.get("/robots.txt")
def robots() -> Response:
    return Response(ROBOTS, content_type="text/plain; charset=utf-8")


# --- logging in ---------------------------------------------------------------------------

def _login_form(message: str = "", status: int = 200) -> Response:
    """The login page. Its hidden ``csrf_token`` must come back with the POST."""
    token = session.setdefault("csrf_token", secrets.token_urlsafe(24))
    alert = f'<p class="alert">{escape(message)}</p>\n' if message else ""
    content = f"""<h1>Log in</h1>
{alert}<form id="login_form" method="post" action="/login">
  <input type="hidden" name="csrf_token" value="{token}">
  <label>Username <input type="text" name="username"></label>
  <label>Password <input type="password" name="password"></label>
  <button type="submit">Log in</button>
</form>"""
    return _html(_layout("Log in", content, "/"), status)


@blueprint.get("/login")
def login_page() -> Response:
    return _login_form()


@blueprint.post("/login")
def login() -> Response:
    """Check the CSRF token first (400), then the password (401); on success go to /account."""
    expected = session.get("csrf_token", "")
    sent = request.form.get("csrf_token", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        return _login_form("CSRF token missing or incorrect: load this page, then submit "
                           "its form with the csrf_token it contains.", 400)
    if (request.form.get("username"), request.form.get("password")) != (USERNAME, PASSWORD):
        return _login_form("Wrong username or password.", 401)
    session.clear()  # a fresh session after logging in: never reuse the anonymous one
    session["user"] = USERNAME
    return redirect(url_for(".account"))


@blueprint.get("/account")
def account() -> Response:
    if "user" not in session:
        return redirect(url_for(".login_page", next="/account"))
    content = f"""<h1>Welcome, {escape(session['user'])}</h1>
<p>You have 2 orders.</p>
<ul class="orders">
  <li>{escape(BOOKS[0].title)} ({BOOKS[0].price})</li>
  <li>{escape(BOOKS[7].title)} ({BOOKS[7].price})</li>
</ul>
<form method="post" action="/logout"><button type="submit">Log out</button></form>"""
    return _html(_layout("My account", content, "/"))


@blueprint.route("/logout", methods=["GET", "POST"])
def logout() -> Response:
    session.clear()
    return redirect(url_for(".home"))
