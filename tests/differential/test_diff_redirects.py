"""Differential tests: following redirects, requests against httplib.

Each test runs one scenario through both clients with the ``same`` fixture (see
``conftest.py``) and compares what a user observes: the final response, its history,
what the last server received (method, body, headers, cookies), and the exceptions.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.differential.harness import CLIENTS, observe

pytestmark = pytest.mark.timeout(60)


T = 5  # seconds: every request of this file has a timeout


def as_localhost(url: str) -> str:
    """The same server under another host name: a different host for a client."""
    return url.replace("127.0.0.1", "localhost")


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def echo(response: Any) -> dict[str, Any]:
    """The final response, plus each hop's method and request URL."""
    seen = observe(response)
    seen["hops"] = [(r.request.method, r.request.url, r.status_code) for r in response.history]
    return seen


# -- following by default --------------------------------------------------------------

CHAINS = [
    "/redirect/3",
    "/redirect/2?absolute=true",
    "/relative-redirect/2",
    "/absolute-redirect/2",
    "/redirect/1",
    "/status/301",
    "/status/302",
    "/status/303",
    "/status/307",
    "/status/308",
    "/redirect-to?url=/get",
    "/redirect-to?url=/get&status_code=301",
    "/redirect-to?url=/get&status_code=308",
]


@pytest.mark.parametrize("path", CHAINS)
def test_get_follows_redirects_by_default(demo, same, path: str) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + path, timeout=T)))


@pytest.mark.parametrize("path", CHAINS[:4])
def test_session_get_follows_redirects(demo, same, path: str) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return echo(s.get(demo.httpbin + path, timeout=T))

    same(scenario)


@pytest.mark.parametrize("code", [300, 304, 305, 306])
def test_3xx_codes_that_are_not_followed(demo, same, code: int) -> None:
    same(lambda lib: observe(lib.get(demo.httpbin + "/redirect-to",
                                     params={"url": "/get", "status_code": code}, timeout=T)))


def test_history_hops_record_each_request(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/redirect/3", timeout=T)
        return [(h.status_code, h.url, h.request.method, h.request.url, h.is_redirect,
                 h.headers.get("Location")) for h in r.history]

    same(scenario)


def test_response_url_and_request_url_after_redirects(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/absolute-redirect/1", params={"x": "1"}, timeout=T)
        return r.url, r.request.url, r.request.method, r.history[0].url

    same(scenario)


def test_nginx_old_page_moved_permanently(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.nginx + "/oldpage.html", timeout=T)))


def test_nginx_directory_slash_redirect_then_401(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.nginx + "/secure", timeout=T)))


def test_nginx_directory_slash_redirect_keeps_auth(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.nginx + "/secure", auth=("user7", "7user"), timeout=T)))


def test_streamed_response_after_redirects(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/redirect/2", stream=True, timeout=T)
        return [h.content for h in r.history], echo(r)

    same(scenario)


# -- HEAD ------------------------------------------------------------------------------


def test_head_does_not_follow_by_default(demo, same) -> None:
    same(lambda lib: echo(lib.head(demo.httpbin + "/redirect/1", timeout=T)))


def test_head_follows_when_asked(demo, same) -> None:
    same(lambda lib: echo(lib.head(demo.httpbin + "/redirect/2", allow_redirects=True,
                                   timeout=T)))


def test_session_head_does_not_follow_by_default(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return echo(s.head(demo.httpbin + "/redirect/1", timeout=T))

    same(scenario)


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_head_stays_head_through_redirect(demo, same, code: int) -> None:
    same(lambda lib: echo(lib.head(demo.httpbin + "/redirect-to", allow_redirects=True,
                                   params={"url": "/anything", "status_code": code},
                                   timeout=T)))


# -- methods and bodies through redirects -----------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_method_and_form_body_through_redirect(demo, same, method: str, code: int) -> None:
    """301/302 turn POST into GET, 302/303 turn everything into GET, 307/308 keep all;
    the body and its headers are dropped unless the code is 307 or 308."""
    same(lambda lib: echo(lib.request(method, demo.httpbin + "/redirect-to",
                                      params={"url": "/anything", "status_code": code},
                                      data={"field": "value"}, timeout=T)))


@pytest.mark.parametrize("code", [302, 307])
def test_json_body_through_redirect(demo, same, code: int) -> None:
    same(lambda lib: echo(lib.post(demo.httpbin + "/redirect-to",
                                   params={"url": "/anything", "status_code": code},
                                   json={"a": [1, 2]}, timeout=T)))


def test_file_body_is_rewound_for_307(demo, same) -> None:
    same(lambda lib: echo(lib.post(demo.httpbin + "/redirect-to",
                                   params={"url": "/anything", "status_code": 307},
                                   data=io.BytesIO(b"file body"), timeout=T)))


def test_generator_body_through_307(demo, same) -> None:
    """A generator cannot be rewound: what does the second hop carry?"""
    def scenario(lib):
        body = (piece for piece in [b"one ", b"two"])
        return echo(lib.post(demo.httpbin + "/redirect-to",
                             params={"url": "/anything", "status_code": 307},
                             data=body, timeout=T))

    same(scenario)


# -- allow_redirects=False, .next, send ---------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_post_without_following_gives_next(demo, same, code: int) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.post(demo.httpbin + "/redirect-to",
                       params={"url": "/anything?x=1", "status_code": code},
                       data=b"payload", allow_redirects=False, timeout=T)
            nxt = r.next
            return (observe(r), r.is_redirect, r.is_permanent_redirect, nxt.method, nxt.url,
                    nxt.body, sorted(k.lower() for k in nxt.headers))

    same(scenario)


def test_send_next_follows_one_hop_at_a_time(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/redirect/3", allow_redirects=False, timeout=T)
            seen = [(r.status_code, r.url, r.next.url)]
            while r.next is not None:
                r = s.send(r.next, allow_redirects=False, timeout=T)
                seen.append((r.status_code, r.url, r.next and r.next.url))
            return seen, r.json()["url"]

    same(scenario)


def test_send_next_with_allow_redirects_follows_the_rest(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/redirect/3", allow_redirects=False, timeout=T)
            return echo(s.send(r.next, timeout=T))

    same(scenario)


def test_next_is_none_without_redirect(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/get", allow_redirects=False, timeout=T)
            return r.next, r.is_redirect, r.is_permanent_redirect

    same(scenario)


def test_module_level_get_without_following(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/redirect/2", allow_redirects=False, timeout=T)
        return observe(r), r.next.url if r.next is not None else None

    same(scenario)


def test_session_get_redirect_target(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/redirect-to", params={"url": "/get?a=b"},
                      allow_redirects=False, timeout=T)
            plain = s.get(demo.httpbin + "/get", timeout=T)
            return s.get_redirect_target(r), s.get_redirect_target(plain)

    same(scenario)


def test_session_resolve_redirects_generator(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/redirect/3", allow_redirects=False, timeout=T)
            return [(hop.status_code, hop.url) for hop in
                    s.resolve_redirects(r, r.request, timeout=T)]

    same(scenario)


# -- where the Location points ------------------------------------------------------------


def test_scheme_relative_location(demo, same) -> None:
    target = f"//127.0.0.1:{port_of(demo.httpbin)}/get?via=scheme-relative"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  timeout=T)))


def test_scheme_relative_location_to_other_host(demo, same) -> None:
    target = f"//localhost:{port_of(demo.httpbin)}/get"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  timeout=T)))


def test_relative_location_with_dot_segments(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to",
                                  params={"url": "../anything/a/./b/../c"}, timeout=T)))


def test_location_without_leading_slash(demo, same) -> None:
    """``anything/sibling`` is resolved against ``/redirect-to``."""
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to",
                                  params={"url": "anything/sibling"}, timeout=T)))


def test_fragment_kept_when_location_has_none(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect/2#section-2", timeout=T)))


def test_fragment_of_location_wins(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to?url=/get%23new#old",
                                  timeout=T)))


def test_query_string_of_location(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to",
                                  params={"url": "/get?x=1&y=two+words&z=%2F"}, timeout=T)))


def test_unicode_path_in_location(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to",
                                  params={"url": "/anything/café/naïve?q=ü"}, timeout=T)))


def test_unicode_in_request_url_then_redirect(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to?url=/anything/résumé",
                                  timeout=T)))


# -- limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("hops", [3, 4])
def test_session_max_redirects(demo, same, hops: int) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.max_redirects = 3
            try:
                return echo(s.get(demo.httpbin + f"/redirect/{hops}", timeout=T))
            except lib.TooManyRedirects as e:
                return ("TooManyRedirects", str(e), e.response.status_code, e.response.url,
                        len(e.response.history), e.request.url)

    same(scenario)


def test_max_redirects_zero(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.max_redirects = 0
            s.get(demo.httpbin + "/redirect/1", timeout=T)

    same(scenario)


def test_default_max_redirects_value(same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return s.max_redirects

    same(scenario)


def test_redirect_loop_raises_too_many_redirects(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/redirect-loop", timeout=T))


def test_redirect_loop_details(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.faults + "/redirect-loop", timeout=T)
        except lib.exceptions.TooManyRedirects as e:
            return (str(e), e.response.status_code, e.response.url, len(e.response.history),
                    e.response.headers.get("Location"))
        return "no error"

    same(scenario)


def test_redirect_loop_without_following(demo, same) -> None:
    same(lambda lib: observe(lib.get(demo.faults + "/redirect-loop", allow_redirects=False,
                                     timeout=T)))


# -- bad Locations -------------------------------------------------------------------------


def test_redirect_to_unsupported_scheme(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/redirect-bad-scheme", timeout=T))


def test_redirect_to_unsupported_scheme_message(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.faults + "/redirect-bad-scheme", timeout=T)
        except lib.exceptions.InvalidSchema as e:
            return str(e)
        return "no error"

    same(scenario)


def test_redirect_to_malformed_location_is_a_value_error(demo, same) -> None:
    """requests raises a *plain* ValueError here; httplib is meant to raise its
    InvalidURL, a ValueError subclass: so compare only that it is a ValueError."""
    def scenario(lib):
        try:
            lib.get(demo.faults + "/redirect-malformed", timeout=T)
        except ValueError:
            return "ValueError"
        return "no error"

    same(scenario)


@pytest.mark.skipif("httplib" not in CLIENTS, reason="httplib is not being compared")
def test_httplib_malformed_location_raises_invalid_url(demo) -> None:
    """NOT differential: httplib's chosen improvement over requests' plain ValueError."""
    import httplib

    with pytest.raises(httplib.exceptions.InvalidURL) as caught:
        httplib.get(demo.faults + "/redirect-malformed", timeout=T)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, httplib.exceptions.RequestException)


# -- Authorization across hosts ---------------------------------------------------------


def test_auth_stripped_on_redirect_to_other_host(demo, same) -> None:
    target = as_localhost(demo.httpbin) + "/headers"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  auth=("user", "pass"), timeout=T)))


def test_manual_authorization_header_stripped_on_other_host(demo, same) -> None:
    target = as_localhost(demo.httpbin) + "/headers"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  headers={"Authorization": "Bearer secret",
                                           "X-Custom": "kept"}, timeout=T)))


def test_session_auth_stripped_on_other_host(demo, same) -> None:
    target = as_localhost(demo.httpbin) + "/headers"

    def scenario(lib):
        with lib.Session() as s:
            s.auth = ("user", "pass")
            return echo(s.get(demo.httpbin + "/redirect-to", params={"url": target},
                              timeout=T))

    same(scenario)


def test_auth_kept_on_same_host(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": "/headers"},
                                  auth=("user", "pass"), timeout=T)))


def test_manual_authorization_kept_on_same_host(demo, same) -> None:
    target = demo.httpbin + "/headers"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  headers={"Authorization": "Bearer secret"}, timeout=T)))


def test_auth_on_http_to_https_same_host_other_port(demo, same) -> None:
    target = demo.https + "/headers"
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                                  auth=("user", "pass"), verify=demo.ca_bundle, timeout=T)))


def test_auth_on_https_to_http_downgrade(demo, same) -> None:
    target = demo.httpbin + "/headers"
    same(lambda lib: echo(lib.get(demo.https + "/redirect-to", params={"url": target},
                                  auth=("user", "pass"), verify=demo.ca_bundle, timeout=T)))


def test_auth_across_hosts_and_back(demo, same) -> None:
    """127.0.0.1 -> localhost -> 127.0.0.1: once stripped, it stays stripped."""
    back = demo.httpbin + "/headers"
    there = as_localhost(demo.httpbin) + "/redirect-to?url=" + back

    def scenario(lib):
        return echo(lib.get(demo.httpbin + "/redirect-to", params={"url": there},
                            auth=("user", "pass"), timeout=T))

    same(scenario)


# -- cookies during redirects -----------------------------------------------------------


def test_cookies_set_during_redirect_reach_the_next_hop(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/cookies/set?a=1&b=2", timeout=T)
            return (echo(r), sorted(s.cookies.items()),
                    [sorted(h.cookies.items()) for h in r.history])

    same(scenario)


def test_module_level_cookies_set_during_redirect(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/cookies/set/flavour/oat", timeout=T)))


def test_cookie_deleted_during_redirect(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.get(demo.httpbin + "/cookies/set?a=1&b=2", timeout=T)
            r = s.get(demo.httpbin + "/cookies/delete?a", timeout=T)
            return r.json(), sorted(s.cookies.items())

    same(scenario)


def test_session_cookie_not_sent_to_other_host_after_redirect(demo, same) -> None:
    target = as_localhost(demo.httpbin) + "/cookies"

    def scenario(lib):
        with lib.Session() as s:
            s.get(demo.httpbin + "/cookies/set?host=ip", timeout=T)
            r = s.get(demo.httpbin + "/redirect-to", params={"url": target}, timeout=T)
            jar = sorted((c.name, c.value, c.domain, c.path) for c in s.cookies)
            return r.json(), jar

    same(scenario)


def test_session_cookie_sent_when_redirect_reaches_its_host(demo, same) -> None:
    there = as_localhost(demo.httpbin)

    def scenario(lib):
        with lib.Session() as s:
            s.get(there + "/cookies/set?host=name", timeout=T)
            direct = s.get(demo.httpbin + "/cookies", timeout=T).json()
            redirected = s.get(demo.httpbin + "/redirect-to",
                               params={"url": there + "/cookies"}, timeout=T).json()
            return direct, redirected

    same(scenario)


def test_request_cookies_follow_a_redirect_on_the_same_host(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": "/cookies"},
                                  cookies={"given": "yes"}, timeout=T)))


def test_request_cookies_stay_behind_on_a_redirect_to_another_host(demo) -> None:
    """NOT differential: requests carries ``cookies=`` to whatever host a redirect leads
    to; httplib keeps them to the host of the call (deliberate; tests/test_security.py
    has the cases)."""
    import requests

    import httplib

    target = as_localhost(demo.httpbin) + "/cookies"
    results = [lib.get(demo.httpbin + "/redirect-to", params={"url": target},
                       cookies={"given": "yes"}, timeout=T).json()
               for lib in (requests, httplib)]
    assert results == [{"cookies": {"given": "yes"}}, {"cookies": {}}]


def test_manual_cookie_header_after_redirect(demo, same) -> None:
    same(lambda lib: echo(lib.get(demo.httpbin + "/redirect-to", params={"url": "/cookies"},
                                  headers={"Cookie": "manual=1"}, timeout=T)))


# -- headers through redirects -------------------------------------------------------------


def test_session_and_request_headers_through_redirect(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.headers["X-Session"] = "s"
            return echo(s.get(demo.httpbin + "/redirect/2", headers={"X-Request": "r"},
                              timeout=T))

    same(scenario)
