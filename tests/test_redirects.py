"""httplib.redirects: the pure decisions, then the same rules seen over HTTP."""

from __future__ import annotations

import io

import pytest

import httplib
from httplib.exceptions import InvalidSchema, InvalidURL, TooManyRedirects
from httplib.redirects import (
    body_survives,
    next_method,
    next_url,
    proxy_authorization,
    redirect_location,
    should_strip_auth,
)


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


# -- pure functions -------------------------------------------------------------------

@pytest.mark.parametrize(("status", "method", "expected"), [
    (301, "POST", "GET"), (301, "PUT", "PUT"), (301, "HEAD", "HEAD"),
    (302, "POST", "GET"), (302, "DELETE", "GET"), (302, "HEAD", "HEAD"),
    (303, "PUT", "GET"), (303, "HEAD", "HEAD"),
    (307, "POST", "POST"), (308, "PATCH", "PATCH"),
])
def test_next_method(status, method, expected):
    assert next_method(status, method) == expected


def test_only_307_and_308_keep_the_body():
    assert [code for code in (301, 302, 303, 307, 308) if body_survives(code)] == [307, 308]


@pytest.mark.parametrize(("location", "previous", "expected"), [
    ("/b", "http://h/a", "http://h/b"),
    ("b?x=1", "http://h/dir/a", "http://h/dir/b?x=1"),
    ("../c", "http://h/dir/sub/a", "http://h/dir/c"),
    ("//other:81/p", "https://h/a", "https://other:81/p"),
    ("/b", "http://h/a#top", "http://h/b#top"),
    ("/b#new", "http://h/a#top", "http://h/b#new"),
    ("http://h/a b", "http://x/", "http://h/a%20b"),
    ("/caf%C3%A9", "http://h/", "http://h/caf%C3%A9"),
])
def test_next_url(location, previous, expected):
    assert next_url(location, previous) == expected


def test_a_malformed_location_is_an_invalid_url_and_a_value_error():
    with pytest.raises(InvalidURL) as caught:
        next_url("http://[::1", "http://h/")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("old", "new", "strip"), [
    ("http://h/a", "http://h/b", False),
    ("http://h/a", "http://other/b", True),
    ("http://h/a", "https://h/b", False),  # an upgrade on default ports keeps it
    ("http://h:80/a", "https://h:443/b", False),
    ("http://h:8080/a", "https://h/b", True),
    ("https://h/a", "http://h/b", True),  # never downgrade credentials to cleartext
    ("http://h/a", "http://h:80/b", False),  # explicit default port is the same origin
    ("http://h:8000/a", "http://h:8001/b", True),
])
def test_should_strip_auth(old, new, strip):
    assert should_strip_auth(old, new) is strip


def test_proxy_authorization_is_rebuilt_only_for_plain_http():
    proxies = {"http": "http://u:p@proxy:3128", "https": "http://u:p@proxy:3128"}
    assert proxy_authorization("http://h/", proxies) == "Basic dTpw"
    assert proxy_authorization("https://h/", proxies) is None  # CONNECT carries it
    assert proxy_authorization("http://h/", {"http": "http://proxy:3128"}) is None
    assert proxy_authorization("http://h/", {}) is None


def test_redirect_location_decodes_utf8_sent_raw(demo, s):
    response = httplib.Response()
    response.status_code = 302
    response.headers["Location"] = "/café".encode().decode("latin-1")  # as http.client gives it
    assert redirect_location(response) == "/café"
    response.headers["Location"] = "/caf\xe9"  # real Latin-1: kept as it is
    assert redirect_location(response) == "/caf\xe9"
    assert redirect_location(s.get(demo.httpbin + "/get")) is None


# -- over HTTP --------------------------------------------------------------------------

def test_history_lists_every_hop_each_with_its_own_history(demo, s):
    response = s.get(demo.httpbin + "/redirect/3")
    assert response.url == demo.httpbin + "/get"
    assert [r.status_code for r in response.history] == [302, 302, 302]
    assert [len(r.history) for r in response.history] == [0, 1, 2]


def test_post_becomes_get_without_its_body_on_302(demo, s):
    response = s.post(demo.httpbin + "/redirect-to", params={"url": "/anything"},
                      data={"a": "1"})
    echo = response.json()
    assert echo["method"] == "GET" and echo["form"] == {}
    assert "Content-Type" not in echo["headers"] and "Content-Length" not in echo["headers"]


@pytest.mark.parametrize("code", [307, 308])
def test_307_and_308_keep_method_and_body(demo, s, code):
    response = s.post(demo.httpbin + "/redirect-to",
                      params={"url": "/anything", "status_code": code}, json={"a": 1})
    assert (response.json()["method"], response.json()["json"]) == ("POST", {"a": 1})


def test_a_file_body_is_rewound_for_307(demo, s):
    body = io.BytesIO(b"file body")
    response = s.put(demo.httpbin + "/redirect-to",
                     params={"url": "/anything", "status_code": 307}, data=body)
    assert response.json()["data"] == "file body"


def test_authorization_is_dropped_for_another_host_only(demo, s):
    same_host = s.get(demo.httpbin + "/redirect-to", params={"url": "/headers"},
                      auth=("u", "p"))
    assert "Authorization" in same_host.json()["headers"]
    other = demo.httpbin.replace("127.0.0.1", "localhost") + "/headers"
    moved = s.get(demo.httpbin + "/redirect-to", params={"url": other}, auth=("u", "p"))
    assert moved.url == other and "Authorization" not in moved.json()["headers"]


def test_too_many_redirects(demo, s):
    s.max_redirects = 2
    with pytest.raises(TooManyRedirects) as caught:
        s.get(demo.httpbin + "/redirect/5")
    assert str(caught.value) == "Exceeded 2 redirects."
    assert caught.value.response.status_code == 302
    with pytest.raises(TooManyRedirects):
        s.get(demo.faults + "/redirect-loop", timeout=5)


def test_bad_redirect_targets(demo, s):
    with pytest.raises(InvalidSchema):
        s.get(demo.faults + "/redirect-bad-scheme", timeout=5)
    with pytest.raises(InvalidURL):
        s.get(demo.faults + "/redirect-malformed", timeout=5)


def test_allow_redirects_false_gives_next_to_send(demo, s):
    response = s.get(demo.httpbin + "/redirect/2", allow_redirects=False)
    assert response.status_code == 302 and response.is_redirect
    assert response.next.url == demo.httpbin + "/relative-redirect/1"
    final = s.send(response.next)
    assert final.url == demo.httpbin + "/get" and final.next is None


def test_resolve_redirects_yields_each_hop(demo, s):
    response = s.get(demo.httpbin + "/redirect/2", allow_redirects=False)
    hops = list(s.resolve_redirects(response, response.request))
    assert [(r.status_code, r.url) for r in hops] == [
        (302, demo.httpbin + "/relative-redirect/1"), (200, demo.httpbin + "/get")]


def test_cookies_set_by_a_redirect_reach_the_next_hop(demo, s):
    response = s.get(demo.httpbin + "/cookies/set/flavour/oat")
    assert response.json() == {"cookies": {"flavour": "oat"}}


def test_head_is_not_redirected_by_default(demo):
    assert httplib.head(demo.httpbin + "/redirect/1").status_code == 302
    followed = httplib.head(demo.httpbin + "/redirect/1", allow_redirects=True)
    assert followed.status_code == 200 and followed.request.method == "HEAD"
