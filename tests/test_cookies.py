"""httplib.cookies: a CookieJar with a dict view, scoped by http.cookiejar's policy."""

from __future__ import annotations

import pickle
import time
from http.cookies import SimpleCookie

import pytest

import httplib
from httplib.cookies import (
    CookieConflictError,
    RequestsCookieJar,
    cookiejar_from_dict,
    create_cookie,
    merge_cookies,
    morsel_to_cookie,
    remove_cookie_by_name,
)


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def test_the_jar_reads_like_a_dict():
    jar = RequestsCookieJar()
    jar["theme"] = "dark"
    jar.set("lang", "en", domain="example.com", path="/docs")
    assert jar["theme"] == "dark" and jar.get("lang") == "en" and jar.get("nope", "x") == "x"
    assert sorted(jar.keys()) == ["lang", "theme"]
    assert sorted(jar.values()) == ["dark", "en"]
    assert dict(jar.items()) == {"theme": "dark", "lang": "en"} == jar.get_dict()
    assert jar.get_dict(domain="example.com") == {"lang": "en"}
    assert jar.list_domains() == ["", "example.com"] or jar.list_domains() == ["example.com", ""]
    assert sorted(jar.list_paths()) == ["/", "/docs"]
    assert "theme" in jar and "nope" not in jar
    del jar["theme"]
    assert "theme" not in jar
    jar.set("lang", None)  # None removes, as with requests
    assert len(jar) == 0


def test_same_name_on_two_domains_needs_a_domain_to_choose():
    jar = RequestsCookieJar()
    jar.set("sid", "a", domain="a.example")
    jar.set("sid", "b", domain="b.example")
    with pytest.raises(CookieConflictError):
        jar["sid"]
    assert "sid" in jar
    assert jar.get("sid", domain="b.example") == "b"
    remove_cookie_by_name(jar, "sid", domain="a.example")
    assert jar["sid"] == "b"


def test_quoted_values_lose_escaped_quotes():
    jar = RequestsCookieJar()
    jar.set("q", '"a\\"b"')
    assert jar["q"] == '"ab"'


def test_copy_update_and_pickle_keep_cookies_independent():
    jar = cookiejar_from_dict({"a": "1"})
    copied = jar.copy()
    copied["a"] = "2"
    assert jar["a"] == "1" and copied["a"] == "2"
    assert copied.get_policy() is jar.get_policy()
    jar.update({"b": "2"})
    jar.update(cookiejar_from_dict({"c": "3"}))
    assert jar.get_dict() == {"a": "1", "b": "2", "c": "3"}
    restored = pickle.loads(pickle.dumps(jar))
    assert restored.get_dict() == jar.get_dict()
    restored["d"] = "4"  # the lock was rebuilt


def test_create_cookie_defaults_and_bad_arguments():
    cookie = create_cookie("sid", "42")
    assert (cookie.domain, cookie.path, cookie.secure, cookie.expires) == ("", "/", False, None)
    assert create_cookie("sid", "1", domain=".example.com").domain_initial_dot
    with pytest.raises(TypeError):
        create_cookie("sid", "1", colour="blue")


def test_morsel_to_cookie():
    morsel = SimpleCookie("sid=abc; Max-Age=60; Path=/app; Secure; HttpOnly")["sid"]
    cookie = morsel_to_cookie(morsel)
    assert (cookie.name, cookie.value, cookie.path, cookie.secure) == ("sid", "abc", "/app", True)
    assert abs(cookie.expires - (time.time() + 60)) < 5
    morsel = SimpleCookie('a=b; expires="Wed, 21-Oct-2037 07:28:00 GMT"')["a"]
    assert morsel_to_cookie(morsel).expires == 2139722880
    jar = RequestsCookieJar()
    jar["m"] = SimpleCookie("m=v")["m"]
    assert jar["m"] == "v"


def test_cookiejar_from_dict_and_merge():
    jar = cookiejar_from_dict({"a": "1"})
    cookiejar_from_dict({"a": "2", "b": "2"}, jar, overwrite=False)
    assert jar.get_dict() == {"a": "1", "b": "2"}
    merged = merge_cookies(jar, {"a": "9", "c": "3"})
    assert merged.get_dict() == {"a": "1", "b": "2", "c": "3"}  # dicts do not overwrite
    merge_cookies(jar, cookiejar_from_dict({"a": "9"}))
    assert jar["a"] == "9"  # jars do
    with pytest.raises(ValueError):
        merge_cookies({}, {"a": "1"})


def test_a_session_keeps_cookies_a_server_sets(demo, s):
    response = s.get(demo.httpbin + "/cookies/set", params={"k": "v"})
    assert response.json() == {"cookies": {"k": "v"}}
    assert s.cookies["k"] == "v"
    assert response.history[0].cookies["k"] == "v"  # the 302 that set it
    # cookies belong to the host, whatever the port (RFC 6265 section 8.5)
    assert s.get(demo.cookie_echo).text == "Received cookies: k=v"


def test_expired_cookies_are_removed(demo, s):
    s.get(demo.httpbin + "/cookies/set/gone/soon")
    assert s.get(demo.httpbin + "/cookies/delete", params={"gone": ""}).json() == {"cookies": {}}
    assert "gone" not in s.cookies


def test_three_cookies_from_the_cookie_setter(demo, s):
    response = s.get(demo.cookie_setter)
    assert sorted(response.cookies.keys()) == ["sessionid", "theme", "user"]
    assert s.get(demo.cookie_setter).text.startswith("Client sent cookies:")


def test_request_cookies_are_sent_but_not_kept(demo, s):
    assert s.get(demo.cookie_echo, cookies={"once": "1"}).text == "Received cookies: once=1"
    assert "once" not in s.cookies
    assert s.get(demo.cookie_echo).text == "Received cookies: (no cookies)"


def test_an_explicit_cookie_header_wins_over_the_jar(demo, s):
    s.cookies["jar"] = "1"
    response = s.get(demo.cookie_echo, headers={"Cookie": "mine=2"})
    assert response.text == "Received cookies: mine=2"


def test_cookies_are_scoped_by_path_and_secure(demo, s):
    s.cookies.set("scoped", "1", domain="127.0.0.1", path="/cookies")
    s.cookies.set("secret", "1", domain="127.0.0.1", secure=True)
    assert s.get(demo.httpbin + "/cookies").json() == {"cookies": {"scoped": "1"}}
    assert "scoped" not in s.get(demo.httpbin + "/get").json()["headers"].get("Cookie", "")
    https = s.get(demo.https + "/cookies", verify=demo.ca_bundle).json()
    assert https == {"cookies": {"scoped": "1", "secret": "1"}}
