"""Parity of the cookie endpoints and of Basic, Bearer and Digest authentication."""

from __future__ import annotations

import pytest
from requests.auth import HTTPDigestAuth

TRACKERS = {"_gauges_unique": "1", "_gauges_unique_day": "1", "__utma": "2", "__utmz": "3",
            "_ga": "4", "theme": "dark"}


@pytest.mark.parametrize("path", ["/cookies", "/cookies?show_env=1"])
@pytest.mark.parametrize("cookies", [{}, {"a": "1", "b": "two"}, TRACKERS],
                         ids=["none", "plain", "trackers"])
def test_cookies_shows_what_came_minus_trackers(parity, path, cookies):
    parity("GET", path, cookies=cookies)


@pytest.mark.parametrize("path", [
    "/cookies/set?flavour=oat", "/cookies/set?a=1&b=2", "/cookies/set/flavour/oat",
    "/cookies/set?spaced=a%20b", "/cookies/delete?flavour", "/cookies/delete?a&b",
])
def test_set_and_delete(parity, path):
    parity("GET", path)


def test_set_then_follow(parity_scenario):
    parity_scenario(lambda s, base: [s.get(base + "/cookies/set?k=v&k2=v2"),
                                     s.get(base + "/cookies/delete?k")])


@pytest.mark.parametrize("path", ["/cookies/set?a%3Db=1", "/cookies/set/a;b/1"])
def test_unusable_cookie_names(parity, path):
    parity("GET", path, differs=("bad-input",))


@pytest.mark.parametrize("auth", [None, ("ada", "secret"), ("ada", "wrong"), ("bob", "secret")],
                         ids=["none", "right", "wrong-password", "wrong-user"])
@pytest.mark.parametrize("path", ["/basic-auth/ada/secret", "/hidden-basic-auth/ada/secret"])
def test_basic(parity, path, auth):
    parity("GET", path, auth=auth)


@pytest.mark.parametrize("authorization", [
    None, "Bearer abc.def", "Bearer", "Basic YWRhOnNlY3JldA==", "Token abc",
])
def test_bearer(parity, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    parity("GET", "/bearer", headers=headers)


def test_bearer_without_a_token(parity):
    parity("GET", "/bearer", headers={"Authorization": "Bearer "}, differs=("bad-input",))


@pytest.mark.parametrize("authorization", ["bearer abc", "BEARER abc"])
def test_bearer_scheme_in_any_case(parity, authorization):
    parity("GET", "/bearer", headers={"Authorization": authorization},
           differs=("bearer-any-case",))


DIGEST_PATHS = [
    "/digest-auth/auth/ada/secret", "/digest-auth/auth-int/ada/secret",
    "/digest-auth/auth/ada/secret/MD5", "/digest-auth/auth/ada/secret/SHA-256",
    "/digest-auth/auth/ada/secret/SHA-512", "/digest-auth/auth/ada/secret/MD5/never",
    "/digest-auth/auth/ada/secret/SHA-256/3", "/digest-auth/auth/ada/secret/MD5/0",
    "/digest-auth/whatever/ada/secret",
]


@pytest.mark.parametrize("path", DIGEST_PATHS)
def test_digest_challenge(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("path", DIGEST_PATHS)
@pytest.mark.parametrize("password", ["secret", "wrong"])
def test_digest_login(parity_scenario, path, password):
    parity_scenario(lambda s, base: [s.get(base + path, auth=HTTPDigestAuth("ada", password))])


@pytest.mark.parametrize("path", ["/digest-auth/auth/ada/secret/MD5/2",
                                  "/digest-auth/auth/ada/secret/MD5/1",
                                  "/digest-auth/auth/ada/secret"])
def test_digest_nonce_reuse_and_stale_after(parity_scenario, path):
    """requests sends the nonce it was given again; stale_after counts those uses."""

    def scenario(s, base):
        s.auth = HTTPDigestAuth("ada", "secret")
        return [s.get(base + path) for _ in range(4)]

    parity_scenario(scenario)


@pytest.mark.parametrize("cookies", [True, False])
def test_digest_require_cookie(parity_scenario, cookies):
    """httpbin fails (500) on any Digest login to a URL with a query string."""

    def scenario(s, base):
        auth = HTTPDigestAuth("ada", "secret")
        if not cookies:
            s.cookies.set_policy(_NoCookies())
        return [s.get(base + "/digest-auth/auth/ada/secret?require-cookie=true", auth=auth)]

    parity_scenario(scenario, differs=("digest-query",))


class _NoCookies:
    """A cookie policy that refuses every cookie: a client that cannot keep them."""

    netscape, rfc2965, hide_cookie2 = True, False, False

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False

    def domain_return_ok(self, domain, request):
        return False

    def path_return_ok(self, path, request):
        return False


@pytest.mark.parametrize("path", ["/digest-auth/auth/ada/secret/SHA-512-256",
                                  "/digest-auth/auth/ada/secret/MD5-sess"])
def test_digest_algorithms_beyond_httpbin(parity, path):
    parity("GET", path, differs=("more-digest-algorithms",))


def test_digest_unknown_algorithm(parity):
    parity("GET", "/digest-auth/auth/ada/secret/SHA-1", differs=("bad-input",))


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_digest_with_a_body(parity, method):
    parity(method, "/digest-auth/auth-int/ada/secret", data="payload",
           differs=("digest-any-method",))
