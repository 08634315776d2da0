"""httplib.models.Response: status, headers, encodings and a body read lazily."""

from __future__ import annotations

import datetime
import json
import pickle

import pytest

import httplib
from httplib import Response
from httplib.exceptions import HTTPError, StreamConsumedError


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def test_the_basics(demo, s):
    response = s.get(demo.httpbin + "/get", params={"q": "1"})
    assert (response.status_code, response.reason, response.ok, bool(response)) == (
        200, "OK", True, True)
    assert repr(response) == "<Response [200]>"
    assert response.url == demo.httpbin + "/get?q=1"
    assert response.request.url == response.url and response.history == []
    assert isinstance(response.elapsed, datetime.timedelta)
    assert response.elapsed > datetime.timedelta(0)
    assert response.json()["args"] == {"q": "1"}


def test_error_statuses_are_falsy_and_raise_with_requests_wording(demo, s):
    response = s.get(demo.httpbin + "/status/404")
    assert not response and not response.ok
    with pytest.raises(HTTPError) as caught:
        response.raise_for_status()
    assert str(caught.value) == f"404 Client Error: NOT FOUND for url: {demo.httpbin}/status/404"
    assert caught.value.response is response and caught.value.request is response.request
    server_error = s.get(demo.httpbin + "/status/503")
    with pytest.raises(HTTPError, match=r"^503 Server Error: SERVICE UNAVAILABLE for url: "):
        server_error.raise_for_status()
    s.get(demo.httpbin + "/status/204").raise_for_status()


def test_a_reason_in_bytes_is_decoded():
    response = Response()
    response.status_code, response.url = 418, "http://h/"
    response.reason = "Café".encode()
    with pytest.raises(HTTPError, match=r"418 Client Error: Café for url: http://h/"):
        response.raise_for_status()
    response.reason = "Caf\xe9".encode("latin-1")
    with pytest.raises(HTTPError, match="Caf\xe9"):
        response.raise_for_status()


@pytest.mark.parametrize(("path", "encoding"), [
    ("/encoding/utf8", "utf-8"), ("/json", "utf-8"), ("/image/png", None),
])
def test_encoding_comes_from_the_headers(demo, s, path, encoding):
    assert s.get(demo.httpbin + path).encoding == encoding


def test_text_without_charset_is_latin1_as_rfc_2616_says(demo, s):
    response = s.get(demo.httpbin + "/response-headers", params={"Content-Type": "text/plain"})
    assert response.encoding == "ISO-8859-1"


def test_encoding_can_be_set_before_reading_text(demo, s):
    response = s.get(demo.faults + "/wrong-charset", timeout=5)
    mislabelled = response.text
    response.encoding = "utf-8"
    assert response.text != mislabelled
    assert response.apparent_encoding.lower().replace("_", "-") in ("utf-8", "ascii")


def test_text_falls_back_to_the_apparent_encoding(demo, s):
    response = s.get(demo.httpbin + "/image/svg")
    response.encoding = None
    assert response.text.startswith("<")


def test_json_guesses_utf16_and_utf32_without_a_charset():
    for encoding in ("utf-16", "utf-16-le", "utf-32-be", "utf-8-sig"):
        response = Response()
        response._content, response._content_consumed = '{"ok": "é"}'.encode(encoding), True
        assert response.json() == {"ok": "é"}


def test_invalid_json_raises_a_value_error_with_position(demo, s):
    with pytest.raises(json.JSONDecodeError) as caught:
        s.get(demo.httpbin + "/html").json()
    assert isinstance(caught.value, httplib.exceptions.RequestException)
    assert caught.value.pos == 0


def test_links_by_rel(demo, s):
    links = s.get(demo.paginated + "/items", params={"page": 2, "per_page": 10}).links
    assert set(links) == {"first", "prev", "next", "last"}
    assert links["next"]["url"] == demo.paginated + "/items?page=3&per_page=10"
    assert s.get(demo.httpbin + "/get").links == {}


def test_redirect_properties(demo, s):
    moved = s.get(demo.httpbin + "/redirect-to", params={"url": "/get", "status_code": 301},
                  allow_redirects=False)
    assert moved.is_redirect and moved.is_permanent_redirect
    found = s.get(demo.httpbin + "/redirect/1", allow_redirects=False)
    assert found.is_redirect and not found.is_permanent_redirect
    assert not s.get(demo.httpbin + "/get").is_redirect


def test_gzip_and_deflate_are_decoded(demo, s):
    assert s.get(demo.httpbin + "/gzip").json()["gzipped"] is True
    assert s.get(demo.httpbin + "/deflate").json()["deflated"] is True


def test_iter_content_in_pieces_and_as_text(demo, s):
    response = s.get(demo.httpbin + "/range/26", stream=True)
    assert list(response.iter_content(10)) == [b"abcdefghij", b"klmnopqrst", b"uvwxyz"]
    text = s.get(demo.httpbin + "/encoding/utf8", stream=True)
    pieces = list(text.iter_content(3, decode_unicode=True))
    assert all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces) == s.get(demo.httpbin + "/encoding/utf8").text
    with pytest.raises(TypeError):
        s.get(demo.httpbin + "/get").iter_content("1")


def test_iterating_a_response_gives_chunks_of_128(demo, s):
    assert [len(chunk) for chunk in s.get(demo.httpbin + "/range/300", stream=True)] == [
        128, 128, 44]


def test_a_consumed_stream_cannot_be_read_again(demo, s):
    response = s.get(demo.httpbin + "/range/10", stream=True)
    assert b"".join(response.iter_content(4)) == b"abcdefghij"
    with pytest.raises(StreamConsumedError):
        response.iter_content()
    with pytest.raises(RuntimeError, match="The content for this response was already consumed"):
        response.content  # noqa: B018


def test_content_is_kept_once_read(demo, s):
    response = s.get(demo.httpbin + "/range/10")
    assert response.content is response.content
    assert list(response.iter_content(4)) == [b"abcd", b"efgh", b"ij"]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 512])
def test_iter_lines_is_independent_of_chunk_boundaries(demo, s, chunk_size):
    body = b"one\n\ntwo\r\nthree\rfour\r\n\r\n\nfive"
    response = s.post(demo.httpbin + "/anything", data=body)
    expected = body.splitlines()
    streamed = s.post(demo.httpbin + "/dump/request", data=body, stream=True)
    lines = list(streamed.iter_lines(chunk_size=chunk_size))
    assert lines[-len(expected):] == expected
    assert response.status_code == 200
    again = s.post(demo.httpbin + "/dump/request", data=body, stream=True)
    pieces = list(again.iter_lines(chunk_size=chunk_size, delimiter=b"\r\n"))
    assert pieces[-3:] == [b"three\rfour", b"", b"\nfive"]


def test_iter_lines_decodes_text(demo, s):
    lines = list(s.get(demo.httpbin + "/stream/3", stream=True).iter_lines(decode_unicode=True))
    assert [json.loads(line)["id"] for line in lines] == [0, 1, 2]


def test_stream_leaves_the_body_on_the_connection_until_read(demo, s):
    response = s.get(demo.httpbin + "/bytes/1000", stream=True)
    assert response._content is False
    assert len(response.raw.read(100)) == 100
    response.close()


def test_context_manager_gives_the_connection_back(demo, s):
    url = demo.httpbin + "/bytes/100"
    for _ in range(3):
        with s.get(url, stream=True) as response:
            response.content  # noqa: B018
    pool = s.get_adapter(url).poolmanager.connection_from_url(url)
    assert pool.num_connections == 1  # the same connection served every request


def test_a_response_pickles_with_its_body(demo, s):
    response = s.get(demo.httpbin + "/get")
    copy = pickle.loads(pickle.dumps(response))
    assert (copy.status_code, copy.json(), copy.url) == (200, response.json(), response.url)
    assert copy.raw is None
