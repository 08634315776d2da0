"""The fault server and the blackhole: each breakage as a client observes it.

The table of which ``requests`` exception each fault raises is also the specification
httplib must match (see ``servers/faults.py``), except where site/failures.md says
httplib is stricter: the truncated gzip and deflate bodies and the cut head, which
requests returns as if they were complete.
"""

from __future__ import annotations

import socket
import time
import zlib

import pytest
import requests
import urllib3

from servers.faults import FAULTS, LONG_TEXT

pytestmark = pytest.mark.timeout(10)

exc = requests.exceptions

RAISES = [
    ("/close-mid-body", exc.ChunkedEncodingError, "IncompleteRead(100 bytes read, 900 more"),
    ("/short-body", exc.ChunkedEncodingError, "IncompleteRead(20 bytes read, 30 more"),
    ("/bad-chunked", exc.ChunkedEncodingError, "InvalidChunkLength"),
    ("/truncated-chunked", exc.ChunkedEncodingError, "Response ended prematurely"),
    ("/reset", exc.ConnectionError, "Connection reset by peer"),
    ("/empty", exc.ConnectionError, "RemoteDisconnected"),
    ("/bad-status-line", exc.ConnectionError, "BadStatusLine"),
    ("/not-http", exc.ConnectionError, "BadStatusLine"),
    ("/huge-header", exc.ConnectionError, "LineTooLong"),
    ("/many-headers", exc.ConnectionError, "got more than 100 headers"),
    ("/bad-gzip", exc.ContentDecodingError, "incorrect header check"),
    ("/redirect-bad-scheme", exc.InvalidSchema, "No connection adapters"),
    ("/redirect-loop", exc.TooManyRedirects, "Exceeded 30 redirects"),
    ("/redirect-malformed", ValueError, "Invalid IPv6 URL"),
]


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def raw_get(demo, path: str) -> socket.socket:
    """A socket that has sent ``GET path`` to the fault server."""
    sock = socket.create_connection(address(demo.faults), timeout=5)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: faults\r\n\r\n".encode())
    return sock


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while piece := sock.recv(65536):
        data += piece
    return data


def test_ok_is_the_baseline(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/ok", timeout=5)
    assert (r.status_code, r.text) == (200, "All is well\n")


@pytest.mark.parametrize(("path", "error", "detail"), RAISES, ids=[row[0] for row in RAISES])
def test_what_requests_raises(demo, http: requests.Session, path: str, error: type,
                              detail: str) -> None:
    with pytest.raises(error) as raised:
        http.get(demo.faults + path, timeout=5)
    assert detail in str(raised.value)
    if error is ValueError:  # a plain ValueError, not a requests exception
        assert not isinstance(raised.value, requests.RequestException)


def test_every_fault_is_tested() -> None:
    tested = {row[0] for row in RAISES} | {
        "/ok", "/slow-headers", "/stall-body", "/invalid-json", "/wrong-charset", "/gzip-bomb",
        "/truncated-gzip", "/truncated-deflate", "/cut-head"}
    assert tested == set(FAULTS)


def test_unknown_path_lists_the_faults(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/nope", timeout=5)
    assert r.status_code == 404
    assert all(path in r.text for path in FAULTS)


def test_slow_headers_time_out(demo, http: requests.Session) -> None:
    started = time.monotonic()
    with pytest.raises(exc.ReadTimeout):
        http.get(demo.faults + "/slow-headers?delay=2", timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_slow_headers_arrive_when_each_read_is_quick_enough(demo,
                                                           http: requests.Session) -> None:
    # The read timeout limits each wait for data, not the whole response (3 x 0.3 s here).
    r = http.get(demo.faults + "/slow-headers?delay=0.3", timeout=(1, 0.8))
    assert r.text == "Finally here.\n"


def test_stall_body_times_out_while_reading_the_body(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/stall-body?after=100&delay=3", timeout=0.5, stream=True)
    assert r.status_code == 200 and r.headers["Content-Length"] == "200"
    pieces = []
    with pytest.raises(exc.ConnectionError) as raised:  # not ReadTimeout: see faults.py
        for piece in r.iter_content(50):
            pieces.append(piece)
    assert "Read timed out" in str(raised.value)
    assert b"".join(pieces) == b"a" * 100


def test_invalid_json(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/invalid-json", timeout=5)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    with pytest.raises(exc.JSONDecodeError):
        r.json()


def test_wrong_charset_garbles_text(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/wrong-charset", timeout=5)
    assert r.encoding == "iso-8859-1"
    assert r.text.startswith("CafÃ© crÃ¨me")
    assert r.content.decode("utf-8").startswith("Café crème, naïve résumé")


def test_gzip_bomb(demo, http: requests.Session) -> None:
    size = 8 * 1024 * 1024
    r = http.get(demo.faults + f"/gzip-bomb?size={size}", stream=True, timeout=5)
    assert r.headers["Content-Encoding"] == "gzip"
    assert int(r.headers["Content-Length"]) < size // 500
    total = 0
    for piece in r.iter_content(1024 * 1024):
        assert not piece.strip(b"\0")
        total += len(piece)
    assert total == size


def test_gzip_bomb_default_size_is_small_on_the_wire(demo, http: requests.Session) -> None:
    with http.get(demo.faults + "/gzip-bomb", stream=True, timeout=5) as r:
        assert int(r.headers["Content-Length"]) < 100_000  # for 64 MiB once inflated


def test_reset_on_the_socket(demo) -> None:
    with raw_get(demo, "/reset") as sock, pytest.raises(ConnectionResetError):
        sock.recv(1024)


def test_empty_on_the_socket(demo) -> None:
    with raw_get(demo, "/empty") as sock:
        assert sock.recv(1024) == b""


def test_short_body_on_the_socket(demo) -> None:
    with raw_get(demo, "/short-body") as sock:
        answer = read_all(sock)  # ends at the server's half-close
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Content-Length: 50" in head
    assert len(body) == 20


def test_bad_chunked_on_the_socket(demo) -> None:
    with raw_get(demo, "/bad-chunked") as sock:
        answer = read_all(sock)
    assert b"Transfer-Encoding: chunked" in answer
    assert b"\r\n\r\n5\r\nHello\r\nzz\r\n" in answer


@pytest.mark.parametrize(("path", "wbits"), [("/truncated-gzip", 16 + zlib.MAX_WBITS),
                                            ("/truncated-deflate", zlib.MAX_WBITS)])
def test_truncated_compressed_body_on_the_socket(demo, path: str, wbits: int) -> None:
    with raw_get(demo, path) as sock:
        answer = read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert f"Content-Length: {len(body)}\r\n".encode() in head, "the framing is right"
    inflater = zlib.decompressobj(wbits)  # gzip (16 + ...) or zlib's format (RFC 1950)
    text = inflater.decompress(body)
    assert not inflater.eof, "but the compressed stream stops before its end"
    assert LONG_TEXT.startswith(text) and 0 < len(text) < len(LONG_TEXT)


@pytest.mark.parametrize("path", ["/truncated-gzip", "/truncated-deflate"])
def test_requests_returns_a_truncated_compressed_body_as_if_whole(demo, http: requests.Session,
                                                                 path: str) -> None:
    r = http.get(demo.faults + path, timeout=5)
    assert r.status_code == 200 and LONG_TEXT.startswith(r.content)
    assert len(r.content) < len(LONG_TEXT) / 2


def test_cut_head_on_the_socket(demo) -> None:
    with raw_get(demo, "/cut-head") as sock:
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"cut short\r\n")
    assert b"\r\n\r\n" not in answer, "no empty line ends the head"


def test_requests_takes_a_cut_head_for_an_empty_answer(demo, http: requests.Session) -> None:
    r = http.get(demo.faults + "/cut-head", timeout=5)
    assert (r.status_code, r.headers["X-Head"], r.content) == (200, "cut short", b"")


def test_urllib3_reports_the_cut_as_a_protocol_error(demo) -> None:
    """What requests wraps as ChunkedEncodingError is urllib3's ProtocolError."""
    with urllib3.PoolManager() as pool, pytest.raises(urllib3.exceptions.ProtocolError) as raised:
        pool.request("GET", demo.faults + "/close-mid-body", retries=False, timeout=5)
    assert "IncompleteRead" in str(raised.value)


def test_blackhole_connect_times_out(demo, http: requests.Session) -> None:
    for _ in range(3):  # and stays that way
        started = time.monotonic()
        with pytest.raises(exc.ConnectTimeout):
            http.get(demo.blackhole + "/", timeout=0.5)
        assert time.monotonic() - started < 1.0


def test_blackhole_on_the_socket(demo) -> None:
    with pytest.raises(socket.timeout):  # not ConnectionRefusedError
        socket.create_connection(address(demo.blackhole), timeout=0.5)
