"""The httpbin stand-in, part 1: request echo, status codes, delays, redirects, cookies.

Every test talks to the running demo server over loopback HTTP with requests.
(Part 2, ``test_httpbin_auth.py``: authentication; part 3, ``test_httpbin_content.py``:
formats, images, streams, caching, /unstable and /upload.)
"""

from __future__ import annotations

import time
import uuid

import pytest
import requests

from servers.httpbin.common import MAX_BYTES, seconds
from servers.httpbin.echo import MAX_ECHO_CHUNKS


def test_get_echoes_query_headers_origin_and_url(demo, http):
    r = http.get(demo.httpbin + "/get?a=1&b=2&b=3", headers={"x-custom-thing": "yes"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert sorted(body) == ["args", "headers", "origin", "url"]
    assert body["args"] == {"a": "1", "b": ["2", "3"]}
    assert body["headers"]["X-Custom-Thing"] == "yes"  # Title-Case, as httpbin shows it
    assert body["headers"]["User-Agent"].startswith("python-requests/")
    assert body["origin"] == "127.0.0.1"
    assert body["url"] == demo.httpbin + "/get?a=1&b=2&b=3"
    assert list(body) == sorted(body)  # keys sorted, as Flask sends them


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_each_body_method_has_its_own_endpoint(demo, http, method):
    r = http.request(method.upper(), f"{demo.httpbin}/{method}", data="raw text")
    body = r.json()
    assert sorted(body) == ["args", "data", "files", "form", "headers", "json", "origin", "url"]
    assert body["data"] == "raw text"
    assert body["json"] is None
    assert http.get(f"{demo.httpbin}/{method}").status_code == 405


def test_get_refuses_other_methods(demo, http):
    r = http.post(demo.httpbin + "/get")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"  # werkzeug's page, as httpbin's
    assert "<title>405 Method Not Allowed</title>" in r.text


def test_post_form_fields_and_files(demo, http):
    files = {"notes": ("notes.txt", b"hello file"), "blob": ("b.bin", b"\xff\x00\xfe")}
    r = http.post(demo.httpbin + "/post", data={"name": "Ada", "tag": ["x", "y"]}, files=files)
    body = r.json()
    assert body["form"] == {"name": "Ada", "tag": ["x", "y"]}
    assert body["files"]["notes"] == "hello file"
    assert body["files"]["blob"] == "data:application/octet-stream;base64,/wD+"
    assert body["data"] == ""
    assert body["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")


def test_post_urlencoded_form(demo, http):
    body = http.post(demo.httpbin + "/post", data={"a": "1", "b": "two words"}).json()
    assert body["form"] == {"a": "1", "b": "two words"}
    assert body["data"] == "" and body["files"] == {}


def test_post_json_body_is_parsed(demo, http):
    body = http.post(demo.httpbin + "/post", json={"n": [1, 2], "ok": True}).json()
    assert body["json"] == {"n": [1, 2], "ok": True}
    assert body["data"] == '{"n": [1, 2], "ok": true}'
    assert body["headers"]["Content-Type"] == "application/json"


def test_chunked_request_body(demo, http):
    r = http.post(demo.httpbin + "/post", data=(part for part in [b'{"a": ', b"1}"]))
    body = r.json()
    assert body["headers"]["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in body["headers"]
    assert body["data"] == '{"a": 1}'
    assert body["json"] == {"a": 1}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_anything_takes_any_method_and_path(demo, http, method):
    r = http.request(method, demo.httpbin + "/anything/deep/path?x=1", data="payload")
    body = r.json()
    assert body["method"] == method
    assert body["url"] == demo.httpbin + "/anything/deep/path?x=1"
    assert body["args"] == {"x": "1"}
    assert body["data"] == "payload"


def test_headers_ip_user_agent_uuid(demo, http):
    headers = http.get(demo.httpbin + "/headers", headers={"X-Hello": "there"}).json()
    assert headers["headers"]["X-Hello"] == "there"
    assert http.get(demo.httpbin + "/ip").json() == {"origin": "127.0.0.1"}
    agent = http.get(demo.httpbin + "/user-agent", headers={"User-Agent": "lesson/1.0"}).json()
    assert agent == {"user-agent": "lesson/1.0"}
    first = uuid.UUID(http.get(demo.httpbin + "/uuid").json()["uuid"])
    second = uuid.UUID(http.get(demo.httpbin + "/uuid").json()["uuid"])
    assert first.version == 4 and first != second


def test_dump_request_shows_the_raw_head_and_body(demo, http):
    r = http.post(demo.httpbin + "/dump/request?q=1", data=b"the body",
                  headers={"x-MiXeD-CaSe": "kept"})
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.text.startswith("POST /dump/request?q=1 HTTP/1.1\r\n")
    assert "x-MiXeD-CaSe: kept" in r.text
    assert r.text.endswith("the body")


# --- /echo-body -----------------------------------------------------------------------

# Every byte value, and every kind of line ending: what the iter_lines property tests send.
ODD_BODY = bytes(range(256)) + b"one\r\ntwo\nthree\rfour\r\n\r\n"


def test_echo_body_sends_the_body_back_byte_for_byte(demo, http):
    r = http.post(demo.httpbin + "/echo-body", data=ODD_BODY, timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.headers["Content-Length"] == str(len(ODD_BODY))  # one piece, length known
    assert "Transfer-Encoding" not in r.headers
    assert r.content == ODD_BODY
    assert http.post(demo.httpbin + "/echo-body", data=b"", timeout=5).content == b""
    assert http.get(demo.httpbin + "/echo-body", timeout=5).status_code == 405


@pytest.mark.parametrize("size", [1, 7, 100, len(ODD_BODY), len(ODD_BODY) + 5])
def test_echo_body_with_chunk_size_sends_chunks_of_that_size(demo, http, size):
    r = http.post(demo.httpbin + "/echo-body", params={"chunk_size": size}, data=ODD_BODY,
                  stream=True, timeout=5)
    with r:
        assert r.status_code == 200
        assert r.headers["Transfer-Encoding"] == "chunked"
        assert "Content-Length" not in r.headers
        chunks = list(r.raw.read_chunked())  # the pieces as framed on the wire
    assert b"".join(chunks) == ODD_BODY
    starts = range(0, len(ODD_BODY), size)
    assert [len(c) for c in chunks] == [min(size, len(ODD_BODY) - s) for s in starts]


def test_echo_body_caps_the_number_of_chunks(demo, http):
    url = demo.httpbin + "/echo-body"
    # Exactly the cap: 2 * MAX bytes in pieces of 2.
    r = http.post(url, params={"chunk_size": 2}, data=b"x" * (2 * MAX_ECHO_CHUNKS),
                  stream=True, timeout=30)
    with r:
        assert r.status_code == 200
        assert sum(1 for _ in r.raw.read_chunked()) == MAX_ECHO_CHUNKS
    # One byte more makes a last, short chunk: one over the cap.
    r = http.post(url, params={"chunk_size": 2}, data=b"x" * (2 * MAX_ECHO_CHUNKS + 1),
                  timeout=5)
    assert r.status_code == 400
    assert r.text.startswith("400 Bad Request: chunk_size 2 would cut the body into more "
                             f"than {MAX_ECHO_CHUNKS} chunks")
    # Without chunk_size the same body is one piece, and fine.
    assert http.post(url, data=b"x" * (2 * MAX_ECHO_CHUNKS + 1), timeout=5).status_code == 200


@pytest.mark.parametrize(("value", "says"), [
    ("0", "must be between 1 and"),
    ("-1", "must be between 1 and"),
    (str(MAX_BYTES + 1), "must be between 1 and"),
    ("abc", "must be a whole number"),
    ("1.5", "must be a whole number"),
    ("", "must be a whole number"),
])
def test_echo_body_refuses_a_bad_chunk_size(demo, http, value, says):
    r = http.post(demo.httpbin + "/echo-body", params={"chunk_size": value}, data=b"body",
                  timeout=5)
    assert r.status_code == 400
    assert r.text.startswith(f"400 Bad Request: chunk_size {says}")


def test_index_lists_the_endpoints(demo, http):
    r = http.get(demo.httpbin + "/")
    assert r.headers["Content-Type"].startswith("text/html")
    for path in ("/get", "/status/&lt;codes&gt;", "/digest-auth", "/unstable", "/upload"):
        assert path in r.text


def test_unknown_path_is_werkzeugs_404_page(demo, http):
    r = http.get(demo.httpbin + "/no/such/page")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>404 Not Found</title>" in r.text


def test_https_with_the_local_ca(demo, http):
    r = http.get(demo.https + "/get?secure=yes", verify=demo.ca_bundle)
    assert r.json()["args"] == {"secure": "yes"}
    assert r.json()["url"] == demo.https + "/get?secure=yes"


# --- /status and /delay ---------------------------------------------------------------


@pytest.mark.parametrize("code", [200, 201, 204, 400, 404, 500, 503])
def test_status_answers_the_code_asked_for(demo, http, code):
    assert http.get(f"{demo.httpbin}/status/{code}").status_code == code


def test_status_works_for_other_methods(demo, http):
    assert http.post(demo.httpbin + "/status/201").status_code == 201
    assert http.delete(demo.httpbin + "/status/202").status_code == 202


def test_status_extras_like_httpbin(demo, http):
    r = http.get(demo.httpbin + "/status/302", allow_redirects=False)
    assert r.headers["Location"] == "/redirect/1"
    assert http.get(demo.httpbin + "/status/302").url == demo.httpbin + "/get"
    r = http.get(demo.httpbin + "/status/401")
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Fake Realm"'
    assert "teapot" in http.get(demo.httpbin + "/status/418").text
    assert "X-More-Info" in http.get(demo.httpbin + "/status/402").headers
    assert "Proxy-Authenticate" in http.get(demo.httpbin + "/status/407").headers
    assert "accept" in http.get(demo.httpbin + "/status/406").json()


def test_status_choices_and_weights(demo, http):
    for _ in range(5):
        assert http.get(demo.httpbin + "/status/200:0,503:1").status_code == 503
        assert http.get(demo.httpbin + "/status/201,202").status_code in (201, 202)


@pytest.mark.parametrize("codes", ["abc", "99", "100", "600", "200:x", "200:-1", "200:0", ",",
                                   "200:nan", "2" * 5000])
def test_status_refuses_bad_codes(demo, http, codes):
    r = http.get(f"{demo.httpbin}/status/{codes}")
    assert r.status_code == 400
    assert r.text.startswith("400 Bad Request: ")


def test_delay_waits_then_describes_the_request(demo, http):
    started = time.monotonic()
    r = http.get(demo.httpbin + "/delay/0.2?x=1")
    assert time.monotonic() - started >= 0.2
    assert r.json()["args"] == {"x": "1"}
    assert "data" in http.post(demo.httpbin + "/delay/0").json()


@pytest.mark.parametrize("value", ["-1", "abc", "nan", "inf", "1e999"])
def test_delay_refuses_bad_values(demo, http, value):
    assert http.get(f"{demo.httpbin}/delay/{value}").status_code == 400


def test_waits_are_capped_at_ten_seconds():
    # Checked on the parser itself, so the test does not wait 10 s.
    assert seconds("1e9", "delay") == 10.0
    assert seconds("0.25", "delay") == 0.25


# --- redirects ------------------------------------------------------------------------


def test_redirect_chain_ends_at_get(demo, http):
    r = http.get(demo.httpbin + "/redirect/3")
    assert r.status_code == 200
    assert r.url == demo.httpbin + "/get"
    assert len(r.history) == 3
    assert [h.status_code for h in r.history] == [302, 302, 302]
    assert [h.headers["Location"] for h in r.history] == [
        "/relative-redirect/2", "/relative-redirect/1", "/get"]


def test_absolute_redirects(demo, http):
    r = http.get(demo.httpbin + "/redirect/2?absolute=true")
    assert [h.headers["Location"] for h in r.history] == [
        demo.httpbin + "/absolute-redirect/1", demo.httpbin + "/get"]
    r = http.get(demo.httpbin + "/absolute-redirect/1", allow_redirects=False)
    assert r.headers["Location"] == demo.httpbin + "/get"
    r = http.get(demo.httpbin + "/relative-redirect/2")
    assert len(r.history) == 2 and r.url == demo.httpbin + "/get"


@pytest.mark.parametrize("n", ["0", "-1", "101", "abc", "1.5"])
def test_redirect_refuses_bad_counts(demo, http, n):
    for kind in ("redirect", "relative-redirect", "absolute-redirect"):
        assert http.get(f"{demo.httpbin}/{kind}/{n}").status_code == 400


def test_too_many_redirects_for_requests(demo, http):
    with pytest.raises(requests.TooManyRedirects):
        http.get(demo.httpbin + "/redirect/31")


def test_redirect_to(demo, http):
    r = http.get(demo.httpbin + "/redirect-to", params={"url": "/get?from=redirect"},
                 allow_redirects=False)
    assert r.status_code == 302
    assert r.headers["Location"] == "/get?from=redirect"
    # 307 keeps the method and the body.
    r = http.post(demo.httpbin + "/redirect-to?url=/anything&status_code=307", data="kept")
    assert r.json()["method"] == "POST" and r.json()["data"] == "kept"
    assert r.history[0].status_code == 307


@pytest.mark.parametrize("query", ["", "?url=", "?url=/get&status_code=abc"])
def test_redirect_to_refuses_bad_input(demo, http, query):
    assert http.get(demo.httpbin + "/redirect-to" + query).status_code == 400


@pytest.mark.parametrize("code", ["200", "404", "999"])
def test_redirect_to_with_a_status_that_is_not_3xx_uses_302(demo, http, code):
    r = http.get(demo.httpbin + f"/redirect-to?url=/get&status_code={code}",
                 allow_redirects=False)
    assert (r.status_code, r.headers["Location"]) == (302, "/get")


def test_redirect_to_cannot_inject_headers(demo, http):
    r = http.get(demo.httpbin + "/redirect-to", params={"url": "/get\r\nX-Evil: 1"},
                 allow_redirects=False)
    assert r.status_code == 302
    assert "X-Evil" not in r.headers


# --- cookies --------------------------------------------------------------------------


def test_cookies_shows_what_the_client_sends(demo, http):
    r = http.get(demo.httpbin + "/cookies", cookies={"flavour": "oat", "size": "big"})
    assert r.json() == {"cookies": {"flavour": "oat", "size": "big"}}
    assert http.get(demo.httpbin + "/cookies").json() == {"cookies": {}}


def test_cookies_set_and_delete_through_a_session(demo, http):
    r = http.get(demo.httpbin + "/cookies/set?a=1&b=2")
    assert r.history[0].status_code == 302
    assert r.url == demo.httpbin + "/cookies"
    assert r.json() == {"cookies": {"a": "1", "b": "2"}}
    r = http.get(demo.httpbin + "/cookies/set/c/3")
    assert r.json() == {"cookies": {"a": "1", "b": "2", "c": "3"}}
    r = http.get(demo.httpbin + "/cookies/delete?a&c")
    assert r.json() == {"cookies": {"b": "2"}}
    assert "a=;" in r.history[0].headers["Set-Cookie"]


def test_cookie_set_headers(demo, http):
    r = http.get(demo.httpbin + "/cookies/set?k=v", allow_redirects=False)
    assert r.status_code == 302
    assert r.headers["Location"] == "/cookies"
    assert r.headers["Set-Cookie"] == "k=v; Path=/"


def test_cookies_refuse_unusable_names(demo, http):
    assert http.get(demo.httpbin + "/cookies/set", params={"a b": "1"}).status_code == 400
    assert http.get(demo.httpbin + "/cookies/set", params={"": "1"}).status_code == 400


def test_cookies_set_over_https_are_secure(demo, http):
    """As on httpbin.org: a cookie set over HTTPS is marked Secure, so it never goes back
    over plain HTTP."""
    r = http.get(demo.https + "/cookies/set?k=v", verify=demo.ca_bundle, allow_redirects=False)
    assert r.headers["Set-Cookie"] == "k=v; Secure; Path=/"
    plain = http.get(demo.httpbin + "/cookies/set?k=v", allow_redirects=False)
    assert plain.headers["Set-Cookie"] == "k=v; Path=/"
