"""The web-site stand-ins: example.com, the dictionary, the bookstore and the downloads.

Pages are fetched over loopback HTTP and parsed the way the lessons parse them: lxml with
XPath for the dictionary, BeautifulSoup for the bookstore.
"""

from __future__ import annotations

import re
import time
import urllib.robotparser
from urllib.parse import urljoin

import pytest
import requests
from bs4 import BeautifulSoup
from lxml import html

pytestmark = pytest.mark.timeout(20)


def robots(url: str, http: requests.Session) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(http.get(url + "/robots.txt").text.splitlines())
    return parser


# --- example.com ----------------------------------------------------------------------------

def test_example_page(demo, http: requests.Session) -> None:
    r = http.get(demo.example)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert r.headers["Last-Modified"] == "Mon, 13 Jan 2025 20:11:20 GMT"
    assert r.headers["ETag"].startswith('"')
    assert "ECS-standin" in r.headers["Server"]
    assert "<title>Example Domain</title>" in r.text
    assert http.get(urljoin(r.url, html.fromstring(r.content).xpath("//a/@href")[0])).ok


def test_example_head_and_conditional_get(demo, http: requests.Session) -> None:
    full = http.get(demo.example)
    head = http.head(demo.example)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(full.content))
    assert head.headers["ETag"] == full.headers["ETag"]
    for validator in ({"If-None-Match": full.headers["ETag"]},
                      {"If-Modified-Since": full.headers["Last-Modified"]}):
        again = http.get(demo.example, headers=validator)
        assert (again.status_code, again.content) == (304, b"")


@pytest.mark.parametrize("path", ["/news", "/nonexistent-page"])
def test_example_unknown_pages_are_404_html(demo, http: requests.Session, path: str) -> None:
    r = http.get(demo.example + path)
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("text/html")
    assert "404 - Not Found" in r.text
    with pytest.raises(requests.HTTPError, match="404 Client Error"):
        r.raise_for_status()


def test_example_robots_txt_allows_everything(demo, http: requests.Session) -> None:
    assert robots(demo.example, http).can_fetch("my-bot", demo.example + "/anything")


# --- dictionary -----------------------------------------------------------------------------

DEFINITIONS = '//li[@class="definition"]/span[@class="def-text"]/text()'
OLD_DEFINITIONS = '//div[@class="def-content"]/text()'


def fetch_tree(url: str, http: requests.Session) -> html.HtmlElement:
    r = http.get(url)
    r.raise_for_status()
    return html.fromstring(r.content)  # bytes: lxml reads the charset from the page


def test_dictionary_entry_parses_with_xpath(demo, http: requests.Session) -> None:
    tree = fetch_tree(demo.dictionary + "/browse/request", http)
    assert tree.xpath('//section[@class="entry"]/h1[@class="headword"]/text()') == ["request"]
    assert tree.xpath('//span[@class="ipa"]/text()') == ["/rɪˈkwɛst/"]  # noqa: RUF001 (IPA)
    assert tree.xpath('//div[@class="pos-block"]/@data-pos') == ["noun", "verb"]
    definitions = tree.xpath(DEFINITIONS)
    assert len(definitions) == 4
    assert definitions[0] == "the act of asking politely or formally for something"
    verbs = tree.xpath('//div[@data-pos="verb"]//span[@class="def-text"]/text()')
    assert verbs == definitions[2:]
    examples = tree.xpath('//li[@class="definition"]/span[@class="example"]/text()')
    assert len(examples) == 4
    assert tree.xpath("//meta[@name='description']/@content")[0].startswith("Request definition")


def test_dictionary_old_layout_needs_a_fallback(demo, http: requests.Session) -> None:
    tree = fetch_tree(demo.dictionary + "/browse/cookie", http)
    assert tree.xpath(DEFINITIONS) == []
    old = [text.strip() for text in tree.xpath(OLD_DEFINITIONS)]
    assert old[0] == "1. a small, flat, sweet baked biscuit"
    assert tree.xpath('//h1[@class="word"]/text()') == ["cookie"]
    sidebar = tree.xpath("//main//text()")
    assert "Word of the day" not in " ".join(sidebar)  # the sidebar is outside <main>


def test_dictionary_every_word_yields_definitions_with_fallbacks(demo,
                                                                 http: requests.Session) -> None:
    home = fetch_tree(demo.dictionary + "/", http)
    words = home.xpath('//ul[@class="word-list"]/li/a/@href')
    assert len(words) >= 15
    layouts = set()
    for href in words:
        tree = fetch_tree(demo.dictionary + href, http)
        for layout, xpath in (("current", DEFINITIONS), ("old", OLD_DEFINITIONS)):
            if found := [text.strip() for text in tree.xpath(xpath) if text.strip()]:
                layouts.add(layout)
                break
        assert found, href
    assert layouts == {"current", "old"}


def test_dictionary_unknown_word_is_404(demo, http: requests.Session) -> None:
    r = http.get(demo.dictionary + "/browse/flibbertigibbet")
    assert r.status_code == 404
    assert "No results found" in r.text
    assert "flibbertigibbet" in r.text


def test_dictionary_search_form_redirects(demo, http: requests.Session) -> None:
    form = fetch_tree(demo.dictionary + "/", http).xpath("//form[@class='search']")[0]
    assert form.get("action") == "/search"
    r = http.get(demo.dictionary + "/search", params={"q": "Proxy"})
    assert [step.status_code for step in r.history] == [302]
    assert r.url == demo.dictionary + "/browse/Proxy"
    assert r.status_code == 200
    assert http.get(demo.dictionary + "/search").status_code == 400


def test_dictionary_robots_txt(demo, http: requests.Session) -> None:
    rules = robots(demo.dictionary, http)
    assert rules.can_fetch("my-bot", demo.dictionary + "/browse/python")
    assert not rules.can_fetch("my-bot", demo.dictionary + "/search?q=python")
    assert rules.crawl_delay("my-bot") == 1


# --- bookstore ------------------------------------------------------------------------------

def soup_of(url: str, http: requests.Session) -> BeautifulSoup:
    r = http.get(url)
    r.raise_for_status()
    return BeautifulSoup(r.text, "html.parser")


def test_bookstore_first_page(demo, http: requests.Session) -> None:
    soup = soup_of(demo.bookstore + "/index.html", http)
    assert soup.title.get_text(strip=True) == "All products | Bookstore stand-in"
    cards = soup.select("article.product_pod")
    assert len(cards) == 20
    for card in cards:
        link = card.select_one("h3 a")
        assert link["href"].startswith("catalogue/") and link["href"].endswith("/index.html")
        assert link["title"].startswith(link.get_text().removesuffix("..."))
        assert re.fullmatch(r"£\d+\.\d\d", card.select_one("p.price_color").get_text())
        rating = card.select_one("p.star-rating")["class"][1]
        assert rating in ("One", "Two", "Three", "Four", "Five")
        assert card.select_one("p.availability").get_text() in ("In stock", "Out of stock")
    assert soup.select_one("li.next a")["href"] == "catalogue/page-2.html"
    assert soup.select_one("li.previous") is None
    assert soup.select_one("ul.nav.nav-list a").get_text() == "Books"
    assert http.get(demo.bookstore + "/").text == http.get(demo.bookstore + "/index.html").text


def test_bookstore_walk_every_page_and_category(demo, http: requests.Session) -> None:
    titles, url, pages = [], demo.bookstore + "/index.html", 0
    while url:
        soup = soup_of(url, http)
        titles += [a["title"] for a in soup.select("article.product_pod h3 a")]
        nxt = soup.select_one("li.next a")
        url = urljoin(url, nxt["href"]) if nxt else None  # links are relative
        pages += 1
    assert pages == 3
    assert soup.select_one("li.current").get_text() == "Page 3 of 3"
    assert len(titles) == len(set(titles)) == 50
    in_categories = []
    home = demo.bookstore + "/index.html"
    for link in soup_of(home, http).select("ul.nav.nav-list ul a"):
        page = soup_of(urljoin(home, link["href"]), http)
        in_categories += [a["title"] for a in page.select("article.product_pod h3 a")]
    assert sorted(in_categories) == sorted(titles)
    assert http.get(demo.bookstore + "/catalogue/page-4.html").status_code == 404


def test_bookstore_detail_page(demo, http: requests.Session) -> None:
    page_url = demo.bookstore + "/catalogue/page-2.html"
    card = soup_of(page_url, http).select_one("article.product_pod")
    book_url = urljoin(page_url, card.select_one("h3 a")["href"])
    book = soup_of(book_url, http)
    assert book.select_one("div.product_main h1").get_text() == card.select_one("h3 a")["title"]
    table = {row.th.get_text(): row.td.get_text() for row in book.select("table.table tr")}
    assert re.fullmatch(r"[0-9a-f]{16}", table["UPC"])
    assert table["Price (incl. tax)"] == card.select_one("p.price_color").get_text()
    assert table["Availability"].startswith(("In stock (", "Out of stock"))
    home = book.select_one("ul.breadcrumb a")["href"]
    assert urljoin(book_url, home) == demo.bookstore + "/index.html"
    assert http.get(demo.bookstore + "/catalogue/no-such-book_99/index.html").status_code == 404


def test_bookstore_robots_txt_keeps_out_of_the_account(demo, http: requests.Session) -> None:
    rules = robots(demo.bookstore, http)
    assert not rules.can_fetch("my-bot", demo.bookstore + "/account")
    assert rules.can_fetch("my-bot", demo.bookstore + "/catalogue/page-2.html")


def login_form(http: requests.Session, url: str) -> dict[str, str]:
    """The login form's fields, hidden csrf_token included."""
    form = soup_of(url + "/login", http).select_one("form#login_form")
    return {field["name"]: field.get("value", "") for field in form.select("input")}


def test_bookstore_login_flow(demo, http: requests.Session) -> None:
    locked = http.get(demo.bookstore + "/account", allow_redirects=False)
    assert locked.status_code == 302
    assert locked.headers["Location"].startswith("/login")

    fields = login_form(http, demo.bookstore)
    assert fields["csrf_token"]
    assert "session" in http.cookies

    wrong = http.post(demo.bookstore + "/login",
                      data=fields | {"username": "reader", "password": "bookmark"})
    assert wrong.status_code == 401
    assert "Wrong username or password" in wrong.text

    right = http.post(demo.bookstore + "/login",
                      data=fields | {"username": "reader", "password": "bookworm"})
    assert [step.status_code for step in right.history] == [302]
    assert right.url == demo.bookstore + "/account"
    assert "Welcome, reader" in right.text

    http.post(demo.bookstore + "/logout")
    assert http.get(demo.bookstore + "/account", allow_redirects=False).status_code == 302


@pytest.mark.parametrize("token", [None, "forged"])
def test_bookstore_login_needs_the_csrf_token(demo, http: requests.Session, token) -> None:
    login_form(http, demo.bookstore)  # the session now holds the real token
    data = {"username": "reader", "password": "bookworm"}
    if token:
        data["csrf_token"] = token
    r = http.post(demo.bookstore + "/login", data=data)
    assert r.status_code == 400
    assert "CSRF token missing or incorrect" in r.text
    assert http.get(demo.bookstore + "/account", allow_redirects=False).status_code == 302


# --- downloads ------------------------------------------------------------------------------

def pattern(offset: int, length: int) -> bytes:
    """What ``/files/<size>`` sends from byte ``offset``: byte i is i % 256."""
    return bytes((offset + i) % 256 for i in range(length))


@pytest.mark.parametrize("size", [0, 1, 1000, 65537])
def test_download_exact_sizes(demo, http: requests.Session, size: int) -> None:
    r = http.get(demo.downloads + f"/files/{size}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Length"] == str(size)
    assert r.headers["Content-Disposition"] == f'attachment; filename="file-{size}.bin"'
    assert r.content == pattern(0, size)


def test_download_20_mib_streamed(demo, http: requests.Session) -> None:
    size = 20 * 1024 * 1024
    repeated = pattern(0, 256) * 300  # longer than any chunk, plus room to start anywhere
    received = 0
    with http.get(demo.downloads + f"/files/{size}", stream=True) as r:
        assert r.headers["Content-Length"] == str(size)
        for chunk in r.iter_content(chunk_size=64 * 1024):
            start = received % 256
            assert chunk == repeated[start:start + len(chunk)]
            received += len(chunk)
    assert received == size


def test_download_range_head_and_pacing(demo, http: requests.Session) -> None:
    part = http.get(demo.downloads + "/files/1000", headers={"Range": "bytes=300-309"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == "bytes 300-309/1000"
    assert part.content == pattern(300, 10)
    head = http.head(demo.downloads + "/files/1073741824")
    assert (head.headers["Content-Length"], head.content) == ("1073741824", b"")
    started = time.monotonic()
    slow = http.get(demo.downloads + "/files/10240?rate=10240")
    assert time.monotonic() - started > 0.7  # 10 chunks, 0.1 s apart
    assert slow.content == pattern(0, 10240)


@pytest.mark.parametrize("path", ["/files/-5", "/files/abc", "/files/1.5", "/files/1073741825",
                                  "/files/" + "9" * 40, "/files/10?rate=1", "/files/10?rate=x"])
def test_download_bad_sizes_are_400(demo, http: requests.Session, path: str) -> None:
    r = http.get(demo.downloads + path)
    assert r.status_code == 400
    assert r.headers["Content-Type"].startswith("text/html")


def test_download_book_is_utf8_text_in_chapters(demo, http: requests.Session) -> None:
    r = http.get(demo.downloads + "/books/moby-dick.txt")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert int(r.headers["Content-Length"]) == len(r.content) > 1_100_000
    text = r.content.decode("utf-8")
    assert r.text == text
    assert "CHAPTER 1. " in text
    assert len(re.findall(r"^CHAPTER \d+\. ", text, flags=re.MULTILINE)) > 100
    assert "“" in text and "é" in text
    assert http.get(demo.downloads + "/files/2701/2701-0.txt").content == r.content


def test_download_pdf(demo, http: requests.Session) -> None:
    r = http.get(demo.downloads + "/docs/spec.pdf")
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == 'attachment; filename="spec.pdf"'
    assert r.content.startswith(b"%PDF-1.7")
    assert r.content.rstrip().endswith(b"%%EOF")
    assert 4_500_000 < len(r.content) < 5_500_000


def test_download_index_links_all_work(demo, http: requests.Session) -> None:
    tree = fetch_tree(demo.downloads + "/", http)
    links = tree.xpath("//li/a/@href")
    assert len(links) >= 5
    for link in links:
        assert http.head(demo.downloads + link).status_code == 200
