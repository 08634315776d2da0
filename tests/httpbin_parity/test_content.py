"""Parity of the content endpoints: formats and documents, images, streams, bytes,
ranges, drips, links, caching and response headers."""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

# --- compressed JSON -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/brotli", "/json"])
def test_encoded_json(parity, path):
    parity("GET", path)


@pytest.mark.parametrize(("path", "differs"), [
    ("/gzip", ()), ("/json", ()), ("/bytes/10?seed=1", ()), ("/html", ("own-documents",)),
    ("/range/26", ("quoted-etags",)),
])
def test_head(parity, path, differs):
    """The head of a GET, without its body. (A compressed body's length is left out: it
    depends on the port numbers echoed inside.)"""
    parity("HEAD", path, differs=differs)


# --- documents ---------------------------------------------------------------------------


class Skeleton(HTMLParser):
    """The start tags of an HTML document in order (none inside ``<pre>``, which holds
    text), and the text of its ``<h1>``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.h1 = ""
        self._in_h1 = self._in_pre = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if not self._in_pre:
            self.tags.append(tag)
        self._in_h1 = tag == "h1"
        self._in_pre = self._in_pre or tag == "pre"

    def handle_endtag(self, tag):
        self._in_h1 = False
        self._in_pre = self._in_pre and tag != "pre"

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


@pytest.mark.parametrize("path", ["/html", "/encoding/utf8"])
def test_html_documents_have_httpbins_shape(parity, path):
    """The text is the workbook's own; the elements a scraper looks for are httpbin's."""
    real, ours = parity("GET", path, differs=("own-documents",))
    real_page, our_page = Skeleton(real["body"]), Skeleton(ours["body"])
    assert our_page.tags == real_page.tags
    assert our_page.h1 == real_page.h1


def tree(element: ElementTree.Element) -> tuple:
    """An XML element as (tag, attributes, text, children), whitespace ignored."""
    return (element.tag, element.attrib, (element.text or "").strip(),
            [tree(child) for child in element])


def test_xml_is_the_same_slide_show(parity):
    real, ours = parity("GET", "/xml", differs=("own-documents",))
    assert tree(ElementTree.fromstring(ours["body"])) == tree(
        ElementTree.fromstring(real["body"]))


def test_deny(parity):
    real, ours = parity("GET", "/deny", differs=("own-documents",))
    assert "YOU SHOULDN'T BE HERE" in real["body"]
    assert "YOU SHOULDN'T BE HERE" in ours["body"]


def test_robots(parity):
    parity("GET", "/robots.txt")


class Form(HTMLParser):
    """A page's forms: action, method and the (tag, type, name, value) of each field."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[tuple[str | None, str | None]] = []
        self.fields: list[tuple[str, str | None, str | None, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "form":
            self.forms.append((found.get("action"), found.get("method")))
        elif tag in ("input", "textarea", "select", "button"):
            self.fields.append((tag, found.get("type"), found.get("name"), found.get("value")))


def test_forms_post_has_httpbins_fields(parity):
    real, ours = parity("GET", "/forms/post", differs=("own-documents",))
    assert Form(ours["body"]).forms == Form(real["body"]).forms == [("/post", "post")]
    assert Form(ours["body"]).fields == Form(real["body"]).fields


@pytest.mark.parametrize("path", ["/base64/SFRUUEJJTiBpcyBhd2Vzb21l", "/base64/aGk_Pz8-",
                                  "/base64/w6nDqA=="])
def test_base64(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("path", ["/base64/not-base64!", "/base64/SGVsbG8", "/base64/__8="])
def test_base64_bad_input(parity, path):
    parity("GET", path, differs=("bad-input",))


# --- images --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/image/png", "/image/jpeg", "/image/webp", "/image/svg"])
def test_image_formats(parity, path):
    parity("GET", path, differs=("own-images",))


@pytest.mark.parametrize("path", ["/image/gif", "/image/jpg"])
def test_image_formats_neither_has(parity, path):
    parity("GET", path, differs=("bad-input",))


@pytest.mark.parametrize("accept", [
    "image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*",
    "image/png, image/webp", "text/html,image/jpeg;q=0.9", "image/png;q=0.5, image/svg+xml",
])
def test_image_negotiation(parity, accept):
    parity("GET", "/image", headers={"Accept": accept}, differs=("own-images", "vary"))


@pytest.mark.parametrize("accept", ["*/*", "text/html", "application/json", "image/gif"])
def test_image_refuses_what_it_does_not_have(parity, accept):
    parity("GET", "/image", headers={"Accept": accept})


def test_image_q_zero_is_a_refusal(parity):
    parity("GET", "/image", headers={"Accept": "image/webp;q=0, image/png"},
           differs=("own-images", "vary", "accept-q-zero"))


# --- bytes and streams -------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/bytes/0?seed=1", "/bytes/16?seed=1", "/bytes/1000?seed=42", "/bytes/102400?seed=7",
    "/stream-bytes/16?seed=1", "/stream-bytes/1000?seed=42&chunk_size=7",
    "/stream-bytes/3000?seed=3&chunk_size=1000", "/bytes/8?SEED=5",
])
def test_seeded_bytes(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("path", ["/bytes/32", "/stream-bytes/32"])
def test_bytes_without_a_seed(parity, path):
    parity("GET", path, differs=("repeatable-bytes",))


@pytest.mark.parametrize("path", ["/bytes/102401?seed=1", "/stream-bytes/200000?seed=1",
                                  "/bytes/-1", "/bytes/8?seed=x"])
def test_bytes_bad_input(parity, path):
    parity("GET", path, differs=("bad-input",))


@pytest.mark.parametrize("path", ["/stream/0", "/stream/1", "/stream/3", "/stream/3?a=1",
                                  "/stream/101"])
def test_stream_lines(parity, path):
    parity("GET", path)


def test_stream_hides_proxy_headers(parity):
    parity("GET", "/stream/2", headers={"Via": "1.1 proxy", "X-Forwarded-For": "203.0.113.9"})


def test_stream_bad_input(parity):
    parity("GET", "/stream/-1", differs=("bad-input",))


# --- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize("byte_range", [
    None, "bytes=0-25", "bytes=0-9", "bytes=10-", "bytes=-5", "bytes=-30", "bytes=25-25",
    "bytes=5-2", "bytes=26-30", "bytes=30-40", "bytes=-0", "items=0-1", "bytes=",
    "bytes=0-1,4-5", "bytes = 3-4",
])
def test_range(parity, byte_range):
    headers = {} if byte_range is None else {"Range": byte_range}
    parity("GET", "/range/26", headers=headers, differs=("quoted-etags",))


@pytest.mark.parametrize("byte_range", ["bytes=20-100", "bytes=0-26"])
def test_range_past_the_end(parity, byte_range):
    parity("GET", "/range/26", headers={"Range": byte_range},
           differs=("quoted-etags", "range-past-end"))


def test_several_ranges(parity):
    parity("GET", "/range/26", headers={"Range": "bytes=2-3,5-6"},
           differs=("quoted-etags", "several-ranges"))


@pytest.mark.parametrize("path", ["/range/1", "/range/102400", "/range/300?chunk_size=7",
                                  "/range/30?duration=0.1&chunk_size=10"])
def test_range_sizes(parity, path):
    parity("GET", path, differs=("quoted-etags",))


@pytest.mark.parametrize("path", ["/range/0", "/range/102401"])
def test_range_out_of_bounds(parity, path):
    parity("GET", path, differs=("quoted-etags",))


# --- drip and links ------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "duration=0&numbytes=5", "duration=0&numbytes=1", "duration=0.1&numbytes=3&code=201",
    "duration=0&numbytes=4&code=503", "duration=0&delay=0.1&numbytes=2", "numbytes=2&duration=0",
])
def test_drip(parity, query):
    parity("GET", "/drip?" + query)


@pytest.mark.parametrize("query", ["duration=0&numbytes=0", "duration=0&numbytes=-3",
                                   "duration=x", "duration=0&code=1000"])
def test_drip_bad_input(parity, query):
    parity("GET", "/drip?" + query, differs=("bad-input",))


@pytest.mark.parametrize("path", ["/links/1", "/links/5", "/links/5/0", "/links/5/4",
                                  "/links/200/199"])
def test_links(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("path", ["/links/0", "/links/201", "/links/5/9"])
def test_links_bad_input(parity, path):
    parity("GET", path, differs=("bad-input",))


# --- caching and response headers ----------------------------------------------------------


def test_cache(parity):
    parity("GET", "/cache", differs=("quoted-etags",))


@pytest.mark.parametrize("headers", [
    {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}, {"If-None-Match": '"x"'},
    {"If-None-Match": "*"},
])
def test_cache_conditional(parity, headers):
    parity("GET", "/cache", headers=headers)


@pytest.mark.parametrize("path", ["/cache/0", "/cache/60", "/cache/31536000"])
def test_cache_control(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("headers", [
    {}, {"If-None-Match": '"v1"'}, {"If-None-Match": 'W/"v1"'}, {"If-None-Match": '"a", "v1"'},
    {"If-None-Match": "*"}, {"If-None-Match": '"other"'}, {"If-Match": '"v1"'},
    {"If-Match": "*"},
])
def test_etag(parity, headers):
    parity("GET", "/etag/v1", headers=headers, differs=("quoted-etags",))


def test_etag_precondition_failed(parity):
    parity("GET", "/etag/v1", headers={"If-Match": '"other"'})


def test_etag_if_match_comes_first(parity):
    parity("GET", "/etag/v1", headers={"If-Match": '"other"', "If-None-Match": '"x"'},
           differs=("if-match-first",))


@pytest.mark.parametrize("query", [
    "", "a=1", "a=1&a=2&b=3", "X-Custom=hello&Cache-Control=no-store",
    "Set-Cookie=k%3Dv&Set-Cookie=k2%3Dv2", "Server=mine",
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_response_headers(parity, query, method):
    parity(method, "/response-headers?" + query)


def test_response_headers_content_type(parity):
    parity("GET", "/response-headers?Content-Type=text/plain",
           differs=("one-content-type",))
