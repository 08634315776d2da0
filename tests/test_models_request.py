"""httplib.models: Request and PreparedRequest, the exact request that goes on the wire."""

from __future__ import annotations

import io
import math

import pytest

import httplib
from httplib import PreparedRequest, Request
from httplib.exceptions import InvalidHeader, InvalidJSONError, InvalidURL, MissingSchema


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def prepare(**kwargs) -> PreparedRequest:
    kwargs.setdefault("method", "get")
    kwargs.setdefault("url", "http://127.0.0.1/p")
    return Request(**kwargs).prepare()


# -- URL -----------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "url"), [
    ({"a": ["1", "2"], "b": None, "c": "x y"}, "http://127.0.0.1/p?a=1&a=2&c=x+y"),
    ([("b", "2"), ("a", "1"), ("b", "3")], "http://127.0.0.1/p?b=2&a=1&b=3"),
    ("raw=1&x", "http://127.0.0.1/p?raw=1&x"),
    (b"raw=1", "http://127.0.0.1/p?raw=1"),
    ({"é": "ü"}, "http://127.0.0.1/p?%C3%A9=%C3%BC"),
])
def test_params_forms(params, url):
    assert prepare(params=params).url == url


def test_params_join_an_existing_query_and_the_fragment_stays():
    assert prepare(url="http://h/p?x=1#frag", params={"y": "2"}).url == "http://h/p?x=1&y=2#frag"


def test_urls_are_normalised():
    assert prepare(url="  HTTP://Example.COM").url == "http://example.com/"
    assert prepare(url="http://h/a b/%7e").url == "http://h/a%20b/~"
    assert prepare(url=b"http://h/bytes").url == "http://h/bytes"
    assert prepare(url="http://bücher.example/").url == "http://xn--bcher-kva.example/"
    assert prepare(url="http://h:8080").url == "http://h:8080/"


@pytest.mark.parametrize(("url", "error"), [
    ("example.com", MissingSchema), ("http://", InvalidURL), ("http://*.example.com", InvalidURL),
    ("http://.example.com", InvalidURL), ("http://exa mple.com", InvalidURL),
    ("http://h:port/", InvalidURL),
])
def test_bad_urls(url, error):
    with pytest.raises(error):
        prepare(url=url)


def test_missing_schema_message_suggests_a_fix():
    with pytest.raises(MissingSchema, match=r"Perhaps you meant https://example\.com"):
        prepare(url="example.com")


def test_other_schemes_are_left_for_an_adapter():
    assert prepare(url="canned://host/x").url == "canned://host/x"


def test_path_url_is_the_request_target():
    assert prepare(url="http://h/a/b?q=1#f").path_url == "/a/b?q=1"
    assert prepare(url="http://h").path_url == "/"


# -- headers -------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{"X": "a\r\nInjected: 1"}, {"X": " lead"},
                                     {"X\n": "v"}, {"X": 1}, {"X": None}, {b"X-\xff": "v"}])
def test_unsafe_headers_are_refused(headers):
    with pytest.raises(InvalidHeader):
        prepare(headers=headers)


def test_headers_are_case_insensitive_and_bytes_are_allowed():
    p = prepare(headers={"x-token": b"raw"})
    assert p.headers["X-Token"] == b"raw"


def test_a_request_alone_has_no_session_defaults():
    assert dict(prepare().headers) == {}


# -- bodies --------------------------------------------------------------------------

def test_form_body():
    p = prepare(method="post", data={"a": "1", "b": ["2", "3"], "c": None})
    assert p.body == "a=1&b=2&b=3"
    assert p.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert p.headers["Content-Length"] == "11"


def test_raw_bodies_have_no_content_type():
    assert "Content-Type" not in prepare(method="post", data="plain").headers
    assert prepare(method="post", data=b"\x00\x01").headers["Content-Length"] == "2"
    assert prepare(method="post", data="é").headers["Content-Length"] == "2"


def test_json_body():
    p = prepare(method="post", json={"name": "é", "n": [1, 2]})
    assert p.body == b'{"name": "\\u00e9", "n": [1, 2]}'
    assert p.headers["Content-Type"] == "application/json"
    assert prepare(method="post", json={"a": 1}, data={"b": 2}).body == "b=2"  # data wins
    with pytest.raises(InvalidJSONError):
        prepare(method="post", json={"x": math.nan})


def test_an_explicit_content_type_is_kept():
    p = prepare(method="post", json=[1], headers={"content-type": "application/vnd.x+json"})
    assert p.headers["Content-Type"] == "application/vnd.x+json"


def test_empty_bodies():
    assert prepare(method="post").headers["Content-Length"] == "0"
    assert "Content-Length" not in prepare(method="get").headers
    assert "Content-Length" not in prepare(method="head").headers


def test_file_bodies_stream_with_their_length(tmp_path):
    path = tmp_path / "upload.bin"
    path.write_bytes(b"0123456789")
    with path.open("rb") as handle:
        handle.seek(3)
        p = prepare(method="put", data=handle)
        assert p.body is handle and p.headers["Content-Length"] == "7"


def test_generators_are_sent_chunked(demo, s):
    def pieces():
        yield b"chunk-one,"
        yield b"chunk-two"

    p = prepare(method="post", data=pieces())
    assert p.headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in p.headers
    response = s.post(demo.httpbin + "/post", data=pieces())
    assert response.json()["data"] == "chunk-one,chunk-two"


def test_streamed_bodies_and_files_do_not_mix():
    with pytest.raises(NotImplementedError):
        prepare(method="post", data=io.BytesIO(b"x"), files={"f": b"y"})


def test_multipart_files_and_fields(demo, s):
    files = [
        ("plain", io.BytesIO(b"two-tuple-less")),
        ("two", ("two.txt", b"second")),
        ("three", ("three.csv", "a,b", "text/csv")),
        ("four", ("four.bin", b"\x00\x01", "application/octet-stream", {"X-Part": "4"})),
    ]
    response = s.post(demo.httpbin + "/post", files=files, data={"field": ["v1", "v2"]})
    echo = response.json()
    assert echo["files"] == {"plain": "two-tuple-less", "two": "second", "three": "a,b",
                             "four": "\x00\x01"}
    assert echo["form"] == {"field": ["v1", "v2"]}
    assert echo["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")


def test_a_named_file_uses_its_file_name(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("hi")
    with path.open("rb") as handle:
        body = prepare(method="post", files={"doc": handle}).body
    assert b'filename="report.txt"' in body


# -- cookies, auth, hooks, copy ------------------------------------------------------

def test_cookie_header_from_a_dict_unless_one_is_given():
    assert prepare(cookies={"a": "1"}).headers["Cookie"] == "a=1"
    assert prepare(cookies={"a": "1"}, headers={"Cookie": "mine=2"}).headers["Cookie"] == "mine=2"


def test_auth_runs_last_and_sees_the_final_body():
    seen = {}

    def sign(r):
        seen["body"] = r.body
        r.headers["X-Signature"] = str(len(r.body))
        return r

    p = prepare(method="post", data={"a": "1"}, auth=sign)
    assert seen["body"] == "a=1" and p.headers["X-Signature"] == "3"


def test_hooks_register_and_deregister():
    def hook(r, **kwargs):
        return None

    request = Request("GET", "http://h/", hooks={"response": [hook]})
    assert request.hooks["response"] == [hook]
    assert request.deregister_hook("response", hook) is True
    assert request.deregister_hook("response", hook) is False
    with pytest.raises(ValueError):
        request.register_hook("request", hook)
    assert repr(request) == "<Request [GET]>"


def test_copy_is_independent():
    p = prepare(headers={"X": "1"}, cookies={"c": "1"})
    q = p.copy()
    q.headers["X"] = "2"
    q._cookies.set("c", "2")
    assert p.headers["X"] == "1" and p._cookies["c"] == "1"
    assert (q.method, q.url, q.body) == (p.method, p.url, p.body)
    assert repr(q) == "<PreparedRequest [GET]>"


def test_a_prepared_request_is_sent_as_prepared(demo, s):
    p = s.prepare_request(Request("PATCH", demo.httpbin + "/anything", data=b"raw"))
    p.headers["X-Late"] = "added after preparing"
    echo = s.send(p).json()
    assert (echo["method"], echo["data"], echo["headers"]["X-Late"]) == (
        "PATCH", "raw", "added after preparing")
    with pytest.raises(ValueError):
        s.send(Request("GET", demo.httpbin))
