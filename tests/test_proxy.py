"""The forward proxy: plain HTTP, CONNECT tunnels, authentication, refusals, its log."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from servers.proxy import CREDENTIALS, KEEP_FORWARDED, ProxyServer

pytestmark = pytest.mark.timeout(15)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@pytest.fixture
def proxy(demo, http: requests.Session) -> Iterator[str]:
    """The plain proxy's URL, with its /forwarded list emptied first."""
    assert http.delete(demo.proxy + "/forwarded").status_code == 204
    yield demo.proxy


@pytest.fixture
def no_connecting(demo, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Make both proxies record, instead of make, every connection attempt."""
    attempts: list[tuple[str, int]] = []

    def spy(address: str, port: int) -> None:
        attempts.append((address, port))
        raise AssertionError("the proxy tried to connect")

    for name in ("proxy", "auth_proxy"):
        monkeypatch.setattr(demo.servers[name], "target", spy)
    return attempts


def raw_exchange(port: int, request: bytes) -> bytes:
    """Send ``request`` to the proxy on a fresh socket; everything it answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        head = b""
        while b"\r\n\r\n" not in head:
            piece = sock.recv(4096)
            if not piece:
                break
            head += piece
        return head


def test_get_through_the_proxy(demo, proxy: str, http: requests.Session) -> None:
    r = http.get(demo.json_get + "/person?x=1", proxies={"http": proxy})
    assert r.json() == {"name": "Jane", "age": 17}
    assert r.headers["Via"] == "1.1 workbook-proxy"
    [entry] = http.get(proxy + "/forwarded").json()
    assert entry["method"] == "GET"
    assert entry["target"] == demo.json_get + "/person?x=1"
    assert entry["status"] == 200
    assert entry["headers"]["Host"] == demo.json_get.removeprefix("http://")


def test_post_through_the_proxy(demo, proxy: str, http: requests.Session) -> None:
    r = http.post(demo.json_post, json={"name": "Jane", "age": 17}, proxies={"http": proxy})
    assert r.status_code == 200
    assert r.text == "name: Jane\nage: 17\n"


def test_redirects_and_head_through_the_proxy(demo, proxy: str,
                                              http: requests.Session) -> None:
    r = http.get(demo.nginx + "/oldpage.html", proxies={"http": proxy})
    assert [step.status_code for step in r.history] == [301]
    assert "This is a new page" in r.text
    head = http.head(demo.nginx + "/", proxies={"http": proxy})
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) > 0


def test_what_the_target_receives(proxy: str, http: requests.Session) -> None:
    """Origin-form request line, hop-by-hop headers gone, Via added, chunked body re-framed."""
    received = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)

        def target() -> None:
            connection, _ = listener.accept()
            with connection:
                while not received.endswith(b"0\r\n\r\n"):
                    piece = connection.recv(65536)
                    if not piece:
                        break
                    received.extend(piece)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/upload?part=1"
        headers = {"Connection": "keep-alive, X-Private", "X-Private": "for the proxy",
                   "Keep-Alive": "timeout=5", "X-Custom": "end to end"}
        r = http.post(url, data=iter([b"hello ", b"world"]), headers=headers,
                      proxies={"http": proxy})
        thread.join(5)
    assert (r.status_code, r.text) == (200, "ok")
    head, _, body = bytes(received).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "POST /upload?part=1 HTTP/1.1"
    names = {line.split(":")[0].lower() for line in lines[1:]}
    assert {"x-custom", "via", "host", "transfer-encoding"} <= names
    assert not names & {"connection", "keep-alive", "x-private", "proxy-connection"}
    assert "Via: 1.1 workbook-proxy" in lines
    assert body.endswith(b"0\r\n\r\n")
    assert b"hello " in body and b"world" in body


def test_a_cut_body_stays_cut(demo, proxy: str, http: requests.Session) -> None:
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        http.get(demo.faults + "/close-mid-body", proxies={"http": proxy}, timeout=5)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        http.get(demo.faults + "/truncated-chunked", proxies={"http": proxy}, timeout=5)


def test_refused_target_gives_502(proxy: str, http: requests.Session) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    r = http.get(f"http://127.0.0.1:{port}/", proxies={"http": proxy})
    assert r.status_code == 502
    assert "refused" in r.text.lower()


def test_broken_target_gives_502(demo, proxy: str, http: requests.Session) -> None:
    r = http.get(demo.faults + "/bad-status-line", proxies={"http": proxy})
    assert r.status_code == 502


def test_silent_target_gives_504(demo, proxy: str, http: requests.Session,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo.servers["proxy"], "target_timeout", 0.5)
    started = time.monotonic()
    assert http.get(demo.blackhole + "/", proxies={"http": proxy}).status_code == 504
    assert http.get(demo.faults + "/slow-headers?delay=2",
                    proxies={"http": proxy}).status_code == 504
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://example.com/",
                                 "http://[2001:db8::1]:8080/x", "http://127.0.0.1.nip.io/"])
def test_other_machines_are_refused_without_connecting(
        proxy: str, http: requests.Session, no_connecting: list, url: str) -> None:
    r = http.get(url, proxies={"http": proxy})
    assert r.status_code == 403
    assert "only reaches 127.0.0.1" in r.text
    assert no_connecting == []


def test_connect_to_another_machine_is_refused(demo, no_connecting: list) -> None:
    answer = raw_exchange(port_of(demo.proxy), b"CONNECT 10.0.0.1:443 HTTP/1.1\r\n"
                                               b"Host: 10.0.0.1:443\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert no_connecting == []


def test_https_goes_through_a_connect_tunnel(demo, proxy: str, http: requests.Session) -> None:
    r = http.get(demo.https + "/get", proxies={"https": proxy}, verify=demo.ca_bundle)
    assert r.url.startswith("https://")
    assert r.status_code < 500  # any answer at all means TLS worked through the tunnel
    assert "Via" not in r.headers  # a tunnel relays bytes; it cannot add headers
    [entry] = http.get(proxy + "/forwarded").json()
    assert entry["method"] == "CONNECT"
    assert entry["target"] == demo.https.removeprefix("https://")
    assert entry["status"] == 200


def test_connect_speaks_only_after_200(demo) -> None:
    """A raw look at a tunnel: the proxy's 200, then the target's own bytes."""
    with socket.create_connection(("127.0.0.1", port_of(demo.proxy)), timeout=5) as sock:
        target = demo.json_get.removeprefix("http://")
        sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        reader = sock.makefile("rb")
        assert reader.readline() == b"HTTP/1.1 200 Connection established\r\n"
        while reader.readline() != b"\r\n":
            pass
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        answer = reader.read()
    assert answer.startswith(b"HTTP/1.0 200 OK\r\n")
    assert answer.endswith(b'{"name": "Jane", "age": 17}')


def test_auth_proxy_wants_credentials(demo, http: requests.Session) -> None:
    r = http.get(demo.json_get, proxies={"http": demo.auth_proxy})
    assert r.status_code == 407
    assert r.headers["Proxy-Authenticate"] == 'Basic realm="workbook proxy"'
    wrong = demo.auth_proxy.replace("http://", "http://proxyuser:nope@")
    assert http.get(demo.json_get, proxies={"http": wrong}).status_code == 407


def test_auth_proxy_with_credentials(demo, http: requests.Session) -> None:
    user, password = CREDENTIALS
    with_login = demo.auth_proxy.replace("http://", f"http://{user}:{password}@")
    r = http.get(demo.json_get, proxies={"http": with_login})
    assert r.json() == {"name": "Jane", "age": 17}
    r = http.post(demo.json_post, json={"a": 1}, proxies={"http": with_login})
    assert r.text == "a: 1\n"
    r = http.get(demo.https + "/get", proxies={"https": with_login}, verify=demo.ca_bundle)
    assert r.status_code < 500
    seen = http.get(demo.auth_proxy + "/forwarded").json()
    assert seen[-1]["method"] == "CONNECT" and seen[-1]["status"] == 200
    assert seen[-1]["headers"]["Proxy-Authorization"].startswith("Basic ")


def test_auth_proxy_refuses_a_post_without_credentials(demo, http: requests.Session) -> None:
    r = http.post(demo.json_post, data=b"x" * 300_000, proxies={"http": demo.auth_proxy})
    assert r.status_code == 407


def test_the_proxy_is_not_a_web_server(proxy: str, http: requests.Session) -> None:
    r = http.get(proxy + "/")
    assert r.status_code == 400
    assert "forward proxy" in r.text


def test_forwarded_can_be_cleared(demo, proxy: str, http: requests.Session) -> None:
    http.get(demo.json_get, proxies={"http": proxy})
    assert len(http.get(proxy + "/forwarded").json()) == 1
    assert http.delete(proxy + "/forwarded").status_code == 204
    assert http.get(proxy + "/forwarded").json() == []


def test_forwarded_keeps_the_most_recent() -> None:
    server = ProxyServer(("127.0.0.1", 0))
    try:
        for n in range(KEEP_FORWARDED + 5):
            server.record({"n": n})
        assert len(server.forwarded) == KEEP_FORWARDED
        assert server.forwarded[-1] == {"n": KEEP_FORWARDED + 4}
    finally:
        server.stop()


def test_stop_is_prompt_while_a_target_is_slow(demo) -> None:
    server = ProxyServer(("127.0.0.1", 0))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    outcome: list[object] = []

    def client() -> None:
        with requests.Session() as session:
            session.trust_env = False
            try:
                outcome.append(session.get(demo.faults + "/slow-headers?delay=10", timeout=10,
                                           proxies={"http": f"http://127.0.0.1:{server.port}"}))
            except requests.RequestException as error:
                outcome.append(error)

    waiting = threading.Thread(target=client)
    waiting.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.shutdown()
    server.stop()
    assert time.monotonic() - started < 1.5
    thread.join(5)
    waiting.join(5)
    [result] = outcome
    assert isinstance(result, requests.ConnectionError)  # cut off, not a made-up answer
