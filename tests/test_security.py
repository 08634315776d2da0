"""A catalogue of security bugs HTTP clients have had, each a test named for its class.

Every test here runs against real loopback servers and makes *the other side* prove
what it received: httpbin echoes the headers and cookies it got, the demo proxy lists
what it was asked to forward (``GET /forwarded``), and :class:`Recorder` (a small
server in this file) writes down every connection and request head that reaches it,
whatever the path. A security property is about what leaves the machine, so that is
what we look at, not at what the client believes it sent.

Where httplib and requests behave the same, a test runs one scenario through both
(:func:`same`) and asserts equal observations: compatibility and safety proven at
once. Where httplib deliberately does better, the docstring says so and only httplib
is held to it.

The classes, by the CVE that made each famous:

* CVE-2018-18074: Authorization sent to another host after a redirect.
* CVE-2023-32681: Proxy-Authorization leaked to the origin server.
* CVE-2024-35195: a ``verify=False`` connection reused for a verifying request.
* CVE-2024-47081: a crafted URL that pulls another host's ``.netrc`` credentials.
* CR/LF injection (CWE-113, header splitting): line breaks that forge a header.
* Cookie scoping (RFC 6265): cookies reaching hosts or schemes they were not set for.
* Decompression bombs (CWE-409): a tiny body that inflates to gigabytes.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

import httplib
from servers.proxy import CREDENTIALS
from tests.proxy_log import forwarded

pytestmark = pytest.mark.timeout(60)

pytestmark = pytest.mark.usefixtures("offline")  # see tests/conftest.py
T = 5  # seconds: every request in this file has a timeout
CLIENTS = (requests, httplib)
MiB = 1024 * 1024


# -- helpers ----------------------------------------------------------------------------


def same(scenario: Callable[[Any], Any]) -> Any:
    """Run ``scenario(lib)`` with requests, then httplib; assert a user sees the same.

    Returns the shared observation, for the test to check what it must be.
    """
    seen = [scenario(lib) for lib in CLIENTS]
    assert seen[0] == seen[1], f"requests saw {seen[0]!r}\nhttplib saw {seen[1]!r}"
    return seen[1]


def as_localhost(url: str) -> str:
    """The same server under another name: a different host, as far as any client knows."""
    return url.replace("127.0.0.1", "localhost")


def port_of(url: str) -> int:
    return urlsplit(url).port or 80


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def received(response: Any, name: str) -> str | None:
    """The header ``name`` as the echoing server received it (httpbin's JSON shape)."""
    return response.json()["headers"].get(name)


def proxy_log(proxy_url: str, clear: bool = False) -> list[tuple[str, str, int, bool]]:
    """What the demo proxy was asked to forward: (method, target, status, whether it
    carried Proxy-Authorization). ``clear=True`` empties the list instead."""
    return [(entry["method"], entry["target"], entry["status"],
             "Proxy-Authorization" in entry["headers"])
            for entry in forwarded(proxy_url, clear)]


def with_credentials(proxy_url: str) -> str:
    """``http://proxyuser:proxypass@127.0.0.1:PORT``: the auth proxy with its login."""
    user, password = CREDENTIALS
    return proxy_url.replace("http://", f"http://{user}:{password}@")


class Recorder(ThreadingHTTPServer):
    """A real HTTP server on a free loopback port that writes down what reaches it.

    ``connections`` counts the TCP connections it accepted; ``heads`` holds each
    request's method, target and headers. Every GET, whatever its path, gets ``200``
    with ``{"headers": {...}}`` as httpbin would answer ``/headers``: crafted URLs whose
    path comes out as ``/%5C@localhost/`` still show what they carried.
    """

    daemon_threads = True

    def __init__(self) -> None:
        self.connections = 0
        self.heads: list[dict[str, Any]] = []
        super().__init__(("127.0.0.1", 0), _RecordingHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections += 1  # accepted connections are handled one by one, in order
        super().process_request(request, client_address)


class _RecordingHandler(BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:
        headers = dict(self.headers.items())
        self.server.heads.append({"method": self.command, "target": self.path,
                                  "headers": headers})
        body = json.dumps({"headers": headers}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        """Quiet: the test reads ``heads``, not a log."""


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    """A fresh :class:`Recorder` for one test, stopped afterwards."""
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- CVE-2018-18074: Authorization after a redirect -------------------------------------


REDIRECT_TARGETS = {
    # name: (where the redirect goes, whether Authorization must arrive there)
    "same-origin": (lambda demo, rec: demo.httpbin + "/headers", True),
    "other-host-same-port": (lambda demo, rec: as_localhost(demo.httpbin) + "/headers", False),
    "same-host-other-port": (lambda demo, rec: rec.url + "/headers", False),
    "http-to-https-non-default-ports": (lambda demo, rec: demo.https + "/headers", False),
}


@pytest.mark.parametrize("how", ["auth=", "Authorization header"])
@pytest.mark.parametrize("target", sorted(REDIRECT_TARGETS))
def test_cve_2018_18074_authorization_not_sent_to_another_origin_after_redirect(
        demo, recorder: Recorder, target: str, how: str) -> None:
    """Credentials belong to an origin: scheme, host and port (RFC 6454).

    A client that kept ``Authorization`` across every redirect would hand the password
    to any server able to answer ``302 Location: http://evil/``. Requests before 2.20
    compared host *names* only, which let the password through to another port or
    scheme of the same host (the CVE itself is the https to http case, tested next).
    httplib (``redirects.should_strip_auth``, used by ``Session.rebuild_auth``) drops
    the header when the host, the port or the scheme changes; the one exception is
    http to https on the *default* ports, an upgrade of the same site (see
    ``test_cve_2018_18074_strip_rule_matches_requests``: binding 80 and 443 needs root).

    Both an ``auth=`` tuple and a hand-written header must go: the rule looks at the
    header, not at where it came from. The server at the end of the redirect shows
    what it received.
    """
    make_target, kept = REDIRECT_TARGETS[target]
    location = make_target(demo, recorder)
    secret = basic("user", "pass")
    kwargs: dict[str, Any] = ({"auth": ("user", "pass")} if how == "auth=" else
                              {"headers": {"Authorization": secret}})

    def scenario(lib: Any) -> Any:
        r = lib.get(demo.httpbin + "/redirect-to", params={"url": location},
                    verify=demo.ca_bundle, timeout=T, **kwargs)
        return r.status_code, [h.status_code for h in r.history], received(r, "Authorization")

    status, history, authorization = same(scenario)
    assert (status, history) == (200, [302])
    assert authorization == (secret if kept else None)


def test_cve_2018_18074_authorization_not_sent_over_https_to_http_downgrade(demo) -> None:
    """An https page redirecting to http (same host name) must not get the password.

    This is CVE-2018-18074 exactly: requests before 2.20 saw the same host name and
    kept ``Authorization`` on an https to http redirect, so the credentials crossed
    the network in clear text, readable by anyone on the path. The downgrade strips
    them however similar the URLs look; the http server's echo shows it got none.
    """
    def scenario(lib: Any) -> Any:
        r = lib.get(demo.https + "/redirect-to", params={"url": demo.httpbin + "/headers"},
                    auth=("user", "pass"), verify=demo.ca_bundle, timeout=T)
        return r.url, [h.url.split("?")[0] for h in r.history], received(r, "Authorization")

    url, history, authorization = same(scenario)
    assert url == demo.httpbin + "/headers"
    assert history == [demo.https + "/redirect-to"]
    assert authorization is None


STRIP_RULE = [
    # (from, to, stripped): the whole rule, including the default-port cases
    ("http://h/a", "http://h/b", False),              # same origin
    ("http://h/", "http://H:80/", False),             # same origin, spelt differently
    ("https://h:443/", "https://h/", False),          # explicit default port
    ("http://h/", "https://h/", False),               # the upgrade: default ports
    ("http://h:80/", "https://h:443/", False),        # the upgrade, ports written out
    ("http://h/", "https://h:8443/", True),           # upgrade to another port
    ("http://h:8080/", "https://h/", True),           # from a non-default port
    ("https://h/", "http://h/", True),                # downgrade
    ("https://h/", "https://h:8443/", True),          # other port
    ("http://h/", "http://other/", True),             # other host
    ("http://h/", "http://h.evil/", True),            # a name that merely starts alike
]


@pytest.mark.parametrize(("old", "new", "stripped"), STRIP_RULE)
def test_cve_2018_18074_strip_rule_matches_requests(old: str, new: str, stripped: bool) -> None:
    """``Session.should_strip_auth``, the rule behind the previous tests, case by case.

    The http to https upgrade keeps credentials only on the default ports (80 to 443),
    where it is the same site moving to TLS; any other port may be another service.
    Requests and httplib must agree on every line, since users override this method.
    """
    assert same(lambda lib: lib.Session().should_strip_auth(old, new)) is stripped


# -- CVE-2023-32681: Proxy-Authorization reaching the origin ---------------------------


@pytest.mark.parametrize("start", ["https", "http-redirected-to-https"])
def test_cve_2023_32681_proxy_authorization_stays_outside_the_https_tunnel(
        demo, start: str) -> None:
    """Proxy credentials are for the proxy, never for the server behind it.

    For https the client sends ``CONNECT host:port`` to the proxy, *with*
    ``Proxy-Authorization``, and then speaks TLS straight to the origin through the
    tunnel: any header inside the tunnel goes to the origin, unread by the proxy. The
    bug: requests 2.3 to 2.30 rebuilt proxy headers on a redirect and put
    ``Proxy-Authorization`` on the tunnelled request, handing the proxy password to
    whatever https server the redirect named. httplib gives credentials from the proxy
    URL to urllib3's ProxyManager, which sends them on the CONNECT only, and
    ``redirects.proxy_authorization`` never adds the header for an https URL.

    The origin's echo shows no Proxy-Authorization; the proxy's log shows the CONNECT
    did carry it (so the credentials were in play, and went only to the proxy).
    """
    proxy = with_credentials(demo.auth_proxy)
    url = (demo.https + "/headers" if start == "https" else
           demo.httpbin + "/redirect-to?url=" + demo.https + "/headers")

    def scenario(lib: Any) -> Any:
        proxy_log(demo.auth_proxy, clear=True)
        r = lib.get(url, proxies={"http": proxy, "https": proxy}, verify=demo.ca_bundle,
                    timeout=T)
        return r.status_code, received(r, "Proxy-Authorization"), proxy_log(demo.auth_proxy)

    status, at_origin, log = same(scenario)
    assert status == 200
    assert at_origin is None
    connects = [entry for entry in log if entry[0] == "CONNECT"]
    assert connects == [("CONNECT", urlsplit(demo.https).netloc, 200, True)]


@pytest.mark.parametrize("how", ["HTTPProxyAuth", "header"])
def test_cve_2023_32681_proxy_authorization_on_the_request_never_enters_the_tunnel(
        demo, how: str) -> None:
    """httplib only (requests leaks here): a Proxy-Authorization header on an https
    request that goes through a proxy is not sent inside the tunnel.

    Inside a CONNECT tunnel every header reaches the origin and none the proxy, so a
    header meant for the proxy would hand its password to the origin. requests sends
    it there; httplib's adapter leaves it out (``HTTPAdapter._origin_headers``). The
    proxy here asks for no credentials, so the tunnel opens and the origin's echo shows
    what arrived. For https, proxy credentials belong in the proxy URL.
    """
    token = basic(*CREDENTIALS)
    extra: dict[str, Any] = ({"auth": httplib.auth.HTTPProxyAuth(*CREDENTIALS)}
                             if how == "HTTPProxyAuth"
                             else {"headers": {"Proxy-Authorization": token}})
    r = httplib.get(demo.https + "/headers", proxies={"https": demo.proxy},
                    verify=demo.ca_bundle, timeout=T, **extra)
    assert r.status_code == 200
    assert received(r, "Proxy-Authorization") is None
    assert r.request.headers["Proxy-Authorization"] == token  # prepared, yet kept out
    leaked = requests.get(demo.https + "/headers", proxies={"https": demo.proxy},
                          verify=demo.ca_bundle, timeout=T,
                          headers={"Proxy-Authorization": token})
    assert received(leaked, "Proxy-Authorization") == token  # what httplib prevents


def test_cve_2023_32681_proxy_authorization_dropped_when_redirect_leaves_the_proxy(
        demo) -> None:
    """A redirect that no longer goes through the proxy sheds its Proxy-Authorization.

    ``HTTPProxyAuth`` writes the header onto the request itself (right for a plain-http
    proxy). Here the first hop goes through the proxy, and the redirect points at an
    https server that no proxy is configured for: ``Session.rebuild_proxies`` removes
    the header and adds a fresh one only if the new URL goes through a proxy again. The
    origin shows it got nothing; the proxy shows the first hop had it.
    """
    def scenario(lib: Any) -> Any:
        proxy_log(demo.auth_proxy, clear=True)
        r = lib.get(demo.httpbin + "/redirect-to", params={"url": demo.https + "/headers"},
                    proxies={"http": demo.auth_proxy}, verify=demo.ca_bundle, timeout=T,
                    auth=lib.auth.HTTPProxyAuth(*CREDENTIALS))
        return r.status_code, received(r, "Proxy-Authorization"), proxy_log(demo.auth_proxy)

    status, at_origin, log = same(scenario)
    assert status == 200
    assert at_origin is None
    assert [(method, code, carried) for method, _, code, carried in log] == [
        ("GET", 302, True)]  # the https hop went straight to the origin


def test_no_proxy_host_gets_neither_proxy_nor_its_credentials(demo,
                                                               monkeypatch) -> None:
    """NO_PROXY names hosts to reach directly: they see no proxy and no proxy password.

    With ``HTTP_PROXY`` carrying credentials and ``NO_PROXY=localhost``, a request to
    ``localhost`` must go straight to the server (no ``Via`` from the proxy, nothing in
    its log) without ``Proxy-Authorization``. ``Session.rebuild_proxies``, which
    redirects use, applies the same rule: no proxy and no header for ``localhost``, the
    proxy and its header for ``127.0.0.1``.
    """
    monkeypatch.setenv("HTTP_PROXY", with_credentials(demo.auth_proxy))
    monkeypatch.setenv("NO_PROXY", "localhost")
    direct = as_localhost(demo.httpbin) + "/headers?show_env=1"  # Via shows, if it came

    def scenario(lib: Any) -> Any:
        proxy_log(demo.auth_proxy, clear=True)
        r = lib.get(direct, timeout=T)
        seen = (received(r, "Proxy-Authorization"), received(r, "Via"),
                proxy_log(demo.auth_proxy))
        with lib.Session() as s:
            rebuilt = []
            for url in (direct, demo.httpbin + "/headers"):
                prepared = s.prepare_request(lib.Request("GET", url))
                proxies = s.rebuild_proxies(prepared, {})
                rebuilt.append((proxies, prepared.headers.get("Proxy-Authorization")))
        return seen, rebuilt

    seen, rebuilt = same(scenario)
    assert seen == (None, None, [])
    assert rebuilt == [({}, None), ({"http": with_credentials(demo.auth_proxy)},
                                    basic(*CREDENTIALS))]


# -- CVE-2024-35195: verify=False connections reused -------------------------------------


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
@pytest.mark.parametrize("verify", ["system trust store", "local CA"])
@pytest.mark.parametrize("first", ["unverified first", "verified first"])
def test_cve_2024_35195_unverified_connection_never_serves_a_verified_request(
        demo, first: str, verify: str) -> None:
    """A connection opened with ``verify=False`` is never reused when verifying.

    A Session keeps connections open to reuse them. The bug: requests before 2.32
    pooled connections by host and port only, so after one ``verify=False`` request
    to a host, later requests to that host with ``verify=True`` rode the same
    unverified TLS connection, and an impostor's certificate passed silently. httplib
    passes ``cert_reqs`` and the CA file to urllib3 as part of the *pool key*
    (``adapters._tls_pool_kwargs``), so each TLS setting gets its own pool.

    ``demo.self_signed`` shows a certificate no one signed: each verifying request must
    fail its own handshake with SSLError, in either order, however often we alternate.
    """
    verified: bool | str = True if verify == "system trust store" else demo.ca_bundle
    order: list[bool | str] = [False, verified] if first == "unverified first" else [
        verified, False]

    def scenario(lib: Any) -> Any:
        outcomes: list[Any] = []
        with lib.Session() as s:
            for setting in order * 2:
                try:
                    r = s.get(demo.self_signed + "/get", verify=setting, timeout=T)
                    outcomes.append(r.status_code)
                except lib.exceptions.SSLError as e:
                    assert "CERTIFICATE_VERIFY_FAILED" in str(e)
                    outcomes.append("SSLError")
        return outcomes

    assert same(scenario) == [200 if setting is False else "SSLError" for setting in order * 2]


# -- CVE-2024-47081: .netrc credentials for the wrong host -------------------------------


@pytest.fixture
def netrc_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A .netrc with one login per loopback name, found through ``NETRC``."""
    path = tmp_path / "netrc"
    path.write_text("machine 127.0.0.1 login bob password bob-secret\n"
                    "machine localhost login alice password alice-secret\n")
    monkeypatch.setenv("NETRC", os.fspath(path))
    return path


BOB, ALICE = basic("bob", "bob-secret"), basic("alice", "alice-secret")


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:{port}/headers", BOB),                 # the plain case
    ("http://localhost:@127.0.0.1:{port}/headers", BOB),      # CVE-2024-47081 itself
    ("http://localhost@127.0.0.1:{port}/headers", BOB),       # a user name, not a host
    ("http://localhost:{port}/headers", ALICE),               # the other machine, by name
])
def test_cve_2024_47081_netrc_credentials_are_those_of_the_host_contacted(
        demo, netrc_file: Path, url: str, expected: str) -> None:
    """``.netrc`` credentials go only to the machine they are written for.

    The bug: requests before 2.32.4 found the host for its ``.netrc`` lookup by
    cutting the URL's ``netloc`` at the first ``:``, so in
    ``http://localhost:@127.0.0.1/`` it looked up ``localhost`` and sent *that*
    machine's password to 127.0.0.1. httplib's ``utils.get_netrc_auth`` asks the URL
    parser which host the request connects to. httpbin's ``/headers`` echo shows the
    Host the request reached and the credentials it brought.
    """
    target = url.format(port=port_of(demo.httpbin))

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            r = s.get(target, timeout=T)
        return received(r, "Host").split(":")[0], received(r, "Authorization")

    host, authorization = same(scenario)
    assert authorization == expected
    assert host == ("localhost" if expected == ALICE else "127.0.0.1")


@pytest.mark.parametrize(("url", "host", "expected"), [
    ("http://127.0.0.1:{port}\\@localhost/", "127.0.0.1", BOB),
    ("http://localhost:{port}\\@127.0.0.1/", "localhost", ALICE),
])
def test_cve_2024_47081_backslash_cannot_split_lookup_host_from_connected_host(
        recorder: Recorder, netrc_file: Path, url: str, host: str, expected: str) -> None:
    """A backslash must not make the ``.netrc`` lookup and the connection disagree.

    httplib does better than requests 2.34 here. In ``http://127.0.0.1:PORT\\@localhost/``
    Python's ``urlsplit`` sees user ``127.0.0.1:PORT\\`` at host ``localhost``, but
    urllib3, which makes the connection, ends the host at the backslash (as browsers
    do) and connects to 127.0.0.1, with the path ``/%5C@localhost/``. A client that
    looks ``.netrc`` up with ``urlsplit`` (requests 2.34 does) sends localhost's
    password to 127.0.0.1, and 127.0.0.1's to localhost in the mirror case;
    httplib looks it up with urllib3's ``parse_url``, the parser that picks the
    connection, so the two can never differ.
    """
    target = url.format(port=port_of(recorder.url))
    with httplib.Session() as s:
        s.get(target, timeout=T)
    [head] = recorder.heads
    assert head["headers"]["Host"].split(":")[0] == host
    assert head["target"] == "/%5C@" + ("localhost/" if host == "127.0.0.1" else "127.0.0.1/")
    assert head["headers"]["Authorization"] == expected


@pytest.mark.parametrize("netrc_for_new_host", [True, False])
def test_session_auth_is_replaced_on_another_host_only_by_its_netrc_entry(
        demo, tmp_path: Path, monkeypatch, netrc_for_new_host: bool) -> None:
    """After a redirect to another host, only that host's own .netrc login is sent.

    ``Session.auth`` is for the host the session talks to. When a redirect leaves it,
    ``rebuild_auth`` strips the header, then applies the ``.netrc`` entry *of the new
    host*, if there is one: credentials the user wrote down for that machine. With no
    entry, the new host gets no Authorization at all.
    """
    netrc = tmp_path / "netrc"
    netrc.write_text("machine localhost login alice password alice-secret\n"
                     if netrc_for_new_host else "machine example.org login x password y\n")
    monkeypatch.setenv("NETRC", os.fspath(netrc))
    there = as_localhost(demo.httpbin) + "/headers"

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.auth = ("user", "pass")
            r = s.get(demo.httpbin + "/redirect-to", params={"url": there}, timeout=T)
            first = r.history[0].request.headers.get("Authorization")
            return first, received(r, "Authorization")

    first, at_new_host = same(scenario)
    assert first == basic("user", "pass")  # the session's own host got the session's login
    assert at_new_host == (ALICE if netrc_for_new_host else None)


# -- CR/LF injection: header splitting ---------------------------------------------------


def assert_nothing_arrived(recorder: Recorder) -> None:
    """No connection reached the recorder: checked by sending one clean request after.

    Connections are accepted in order, so if the refused request had connected, the
    recorder would count two by the time the clean one is answered.
    """
    with requests.Session() as s:
        s.trust_env = False
        assert s.get(recorder.url + "/clean", timeout=T).status_code == 200
    assert recorder.connections == 1
    assert [head["target"] for head in recorder.heads] == ["/clean"]


INJECTED_HEADERS = {
    "CRLF in a value": {"X-Note": "hello\r\nX-Injected: 1"},
    "LF in a value": {"X-Note": "hello\nX-Injected: 1"},
    "CR in a value": {"X-Note": "hello\rX-Injected: 1"},
    "CRLF in a name": {"X-Note\r\nX-Injected": "1"},
    "bytes value": {"X-Note": b"hello\r\nX-Injected: 1"},
    "bytes name": {b"X-Note\r\nX-Injected": b"1"},
    "leading space (obsolete folding)": {"X-Note": " folded"},
}


@pytest.mark.parametrize("where", ["request", "session"])
@pytest.mark.parametrize("case", sorted(INJECTED_HEADERS))
def test_crlf_in_a_header_is_refused_before_anything_is_sent(
        recorder: Recorder, case: str, where: str) -> None:
    """A line break in a header would let its author write extra header lines.

    ``X-Note: hello\\r\\nX-Injected: 1`` is two headers on the wire; when the value
    comes from user input, that is header injection (CWE-113), up to splitting one
    request into two. httplib checks every header in ``prepare_headers``
    (``utils.check_header_validity``), str and bytes alike, whether set on the request
    or on ``Session.headers``, and raises InvalidHeader before any connection opens.
    The recorder proves it: the only connection it ever sees is the clean one after.
    """
    headers = INJECTED_HEADERS[case]

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            if where == "session":
                s.headers.update(headers)
            with pytest.raises(lib.exceptions.InvalidHeader):
                s.get(recorder.url + "/injected", timeout=T,
                      headers=headers if where == "request" else None)
        return "InvalidHeader"

    same(scenario)
    assert_nothing_arrived(recorder)


def test_crlf_in_a_method_or_url_is_refused_before_anything_is_sent(
        recorder: Recorder) -> None:
    """The request line is as injectable as a header: httplib refuses CR/LF there too.

    httplib does better than requests here, on purpose. A method is a token
    (RFC 9110 section 9.1), so ``"GET\\r\\nX-Injected: 1"`` raises InvalidHeader in
    ``prepare_method``; requests leaves it to http.client, which raises a plain
    ValueError. A URL with a control character raises InvalidURL in ``prepare_url``,
    where requests percent-encodes it and sends the request: a CR or LF in a URL is far
    likelier a line read without ``.strip()`` (or an attack) than a wish.
    """
    with pytest.raises(httplib.exceptions.InvalidHeader):
        httplib.request("GET\r\nX-Injected: 1", recorder.url + "/", timeout=T)
    with pytest.raises(httplib.exceptions.InvalidHeader):
        httplib.request("GET /other HTTP/1.1", recorder.url + "/", timeout=T)
    for url in ("/\r\nX-Injected: 1", "/a\nb", "/\r"):
        with pytest.raises(httplib.exceptions.InvalidURL):
            httplib.get(recorder.url + url, timeout=T)
    assert_nothing_arrived(recorder)


@pytest.mark.parametrize("where", ["cookie value", "header set after prepare"])
def test_crlf_that_skips_prepare_is_stopped_by_http_client(recorder: Recorder,
                                                           where: str) -> None:
    """Two paths skip ``prepare_headers``; http.client is the last line of defence.

    A cookie's value becomes the Cookie header without passing the header check, and
    a PreparedRequest's headers can be changed after preparing. In both clients,
    http.client's ``putheader`` then refuses the value with ValueError (not one of the
    client's own exceptions), while the head is still only in memory: nothing is sent.
    """
    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            if where == "cookie value":
                request = lib.Request("GET", recorder.url + "/",
                                      cookies={"note": "hello\r\nX-Injected: 1"})
                prepared = s.prepare_request(request)
            else:
                prepared = s.prepare_request(lib.Request("GET", recorder.url + "/"))
                prepared.headers["X-Note"] = "hello\r\nX-Injected: 1"
            with pytest.raises(ValueError, match="Invalid header value") as caught:
                s.send(prepared, timeout=T)
        return isinstance(caught.value, lib.exceptions.RequestException)

    assert same(scenario) is False
    assert_nothing_arrived(recorder)


# -- Cookie scoping (RFC 6265) -----------------------------------------------------------


def cookie_names(echo_text: str) -> list[str]:
    """The names in cookie_echo's ``Received cookies: a=1; b=2`` line."""
    listed = echo_text.removeprefix("Received cookies: ")
    return [] if listed == "(no cookies)" else sorted(
        part.split("=")[0] for part in listed.split("; "))


def test_cookie_is_not_sent_to_another_host(demo) -> None:
    """A cookie goes back only to the host that set it (RFC 6265 section 5.4).

    ``cookie_setter`` on 127.0.0.1 sets three cookies. ``cookie_echo`` on 127.0.0.1
    gets them although it listens on another port: cookies do **not** isolate by
    port (RFC 6265 section 8.5), so two services on one host share them. The same
    ``cookie_echo`` reached as ``localhost`` is another host and gets none.
    """
    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            s.get(demo.cookie_setter + "/", timeout=T)
            same_host = s.get(demo.cookie_echo + "/", timeout=T).text
            other_host = s.get(as_localhost(demo.cookie_echo) + "/", timeout=T).text
            return cookie_names(same_host), cookie_names(other_host)

    assert same(scenario) == (["sessionid", "theme", "user"], [])


def test_cookie_for_another_domain_is_refused(demo) -> None:
    """A server cannot plant cookies for a domain that is not its own.

    ``Set-Cookie: x=1; Domain=localhost`` from 127.0.0.1 (or ``Domain=example.com``)
    would let one site set, say, a session id another site trusts (session
    fixation). The cookie jar (http.cookiejar's policy) drops both; the cookie without
    a Domain stays, tied to 127.0.0.1, and ``localhost`` receives nothing.
    """
    set_cookies = [("Set-Cookie", "x=1; Domain=localhost; Path=/"),
                   ("Set-Cookie", "y=1; Domain=example.com; Path=/"),
                   ("Set-Cookie", "z=1; Path=/")]

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            s.get(demo.httpbin + "/response-headers", params=set_cookies, timeout=T)
            jar = sorted((c.name, c.domain) for c in s.cookies)
            there = s.get(as_localhost(demo.httpbin) + "/cookies", timeout=T).json()
            here = s.get(demo.httpbin + "/cookies", timeout=T).json()
            return jar, there, here

    assert same(scenario) == ([("z", "127.0.0.1")], {"cookies": {}}, {"cookies": {"z": "1"}})


def test_secure_cookie_is_never_sent_over_plain_http(demo) -> None:
    """A ``Secure`` cookie travels only over TLS (RFC 6265 section 4.1.2.5).

    It is set here by the https server; the http server on the same host (another
    port, which cookies ignore) receives only the cookie without ``Secure``, while
    the https server gets both. A session cookie sent once in clear text can be read
    by anyone on the network path, so the client must hold it back.
    """
    set_cookies = [("Set-Cookie", "secret=s3; Secure; Path=/"), ("Set-Cookie", "plain=p; Path=/")]

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            s.verify = demo.ca_bundle
            s.get(demo.https + "/response-headers", params=set_cookies, timeout=T)
            over_http = s.get(demo.httpbin + "/cookies", timeout=T).json()["cookies"]
            over_https = s.get(demo.https + "/cookies", timeout=T).json()["cookies"]
            return over_http, over_https

    assert same(scenario) == ({"plain": "p"}, {"plain": "p", "secret": "s3"})


def test_cookies_given_to_one_call_stay_with_its_host_after_a_redirect(demo) -> None:
    """Stricter than requests: ``cookies=`` on one call go to that call's host only.

    Such a cookie names no domain, so requests sends it wherever a redirect leads: a
    site you log in to with ``cookies={"session": ...}`` would hand the session to
    any host it redirects you to. httplib gives these cookies the request's host, as
    http.cookiejar records a cookie a server sets without ``Domain``, so a redirect to
    another host (here 127.0.0.1 -> localhost) leaves them behind, and a redirect
    within the host keeps them. Given as a dict or as a jar of domain-less cookies,
    through a session or a ``Request`` prepared by hand: the same.
    """
    elsewhere = as_localhost(demo.httpbin) + "/cookies"

    def received(lib: Any, target: str, how: str) -> dict[str, str]:
        url = demo.httpbin + "/redirect-to"
        given: Any = {"given": "yes"}
        if how == "jar":
            given = lib.cookies.RequestsCookieJar()
            given.set("given", "yes")
        with lib.Session() as s:
            s.trust_env = False
            if how == "prepared":
                prepared = lib.Request("GET", url, params={"url": target},
                                       cookies=given).prepare()
                return s.send(prepared, timeout=T).json()["cookies"]
            return s.get(url, params={"url": target}, cookies=given, timeout=T).json()["cookies"]

    for how in ("dict", "jar", "prepared"):
        assert received(requests, elsewhere, how) == {"given": "yes"}, how  # leaked
        assert received(httplib, elsewhere, how) == {}, how
        assert received(httplib, "/cookies", how) == {"given": "yes"}, how  # same host


def test_cookies_that_name_their_domain_keep_it(demo) -> None:
    """What stays as in requests: a session cookie put in the jar by hand without a
    domain goes everywhere (you chose that jar for every request); one a server set
    goes back to that server only; a cookie given with ``domain=`` keeps its domain."""
    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            s.cookies.set("by_hand", "1")
            s.get(demo.httpbin + "/cookies/set/from_server/2", timeout=T)
            jar = lib.cookies.RequestsCookieJar()
            jar.set("for_localhost", "3", domain="localhost.local")
            r = s.get(demo.httpbin + "/redirect-to", cookies=jar, timeout=T,
                      params={"url": as_localhost(demo.httpbin) + "/cookies"})
            return r.json()["cookies"]

    assert same(scenario) == {"by_hand": "1", "for_localhost": "3"}


def test_expired_cookie_is_dropped(demo) -> None:
    """A server ends a cookie by sending it again already expired; it must go.

    ``Max-Age=0`` and an ``Expires`` date in the past both delete a stored cookie (that
    is how logging out clears a session id), and a new cookie that arrives already
    expired is never stored. The cookie nobody touched stays. httpbin's ``/cookies``
    echo shows what the next request carried.
    """
    set_cookies = [("Set-Cookie", "a=gone; Max-Age=0; Path=/"),
                   ("Set-Cookie", "b=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"),
                   ("Set-Cookie", "d=born-dead; Max-Age=0; Path=/")]

    def scenario(lib: Any) -> Any:
        with lib.Session() as s:
            s.trust_env = False
            before = s.get(demo.httpbin + "/cookies/set?a=1&b=2&c=3", timeout=T).json()
            s.get(demo.httpbin + "/response-headers", params=set_cookies, timeout=T)
            after = s.get(demo.httpbin + "/cookies", timeout=T).json()
            return before, sorted(s.cookies.keys()), after

    assert same(scenario) == ({"cookies": {"a": "1", "b": "2", "c": "3"}}, ["c"],
                              {"cookies": {"c": "3"}})


# -- Decompression bombs -----------------------------------------------------------------


def test_decompression_bomb_can_be_stopped_at_a_limit_while_streaming(demo) -> None:
    """The caller bounds a body's *decompressed* size: stream, count, stop, close.

    ``/gzip-bomb?size=256 MiB`` sends about 256 KiB that inflate to 256 MiB of zeros.
    ``.content`` would build all of it in memory (and Content-Length only announces
    the packed size). The defence is the pattern lesson 13 teaches: ``stream=True``,
    ``iter_content`` with a running total, stop past the limit, and leave the ``with``
    block, which closes the response so the rest is never read or inflated.

    The proof: we got just past the limit (one chunk more), read only a fraction of
    the compressed bytes (``raw.tell()`` counts them), and the traced memory peak stayed
    a few MiB, nowhere near 256.
    """
    url = demo.faults + f"/gzip-bomb?size={256 * MiB}"
    limit, chunk = MiB, 64 * 1024
    with httplib.get(url, stream=True, timeout=T):
        pass  # the server compresses a new size once; do it before measuring

    def scenario(lib: Any) -> Any:
        tracemalloc.start()
        try:
            total = 0
            with lib.get(url, stream=True, timeout=T) as r:
                packed = int(r.headers["Content-Length"])
                for piece in r.iter_content(chunk_size=chunk):
                    total += len(piece)
                    if total > limit:
                        break
                wire = r.raw.tell()  # compressed bytes taken off the connection
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert wire < packed // 2, f"read {wire} of {packed} compressed bytes"
        assert peak < 16 * MiB, f"peak memory {peak / MiB:.1f} MiB"
        return total, r.raw.closed

    total, closed = same(scenario)
    assert limit < total <= limit + chunk
    assert closed

