"""Broken servers, for the lessons (and tests) about what can go wrong on the wire.

:class:`FaultServer` reads a request like any HTTP server, then misbehaves in the way
its path names. Each response is written as raw bytes, by hand, so the code below
shows exactly what goes over the wire. Every connection is closed after one answer.

========================  =======================================  ===========================
path                      what goes wrong                          what ``requests`` raises
========================  =======================================  ===========================
``/ok``                   nothing: a correct small 200 (baseline)  nothing
``/close-mid-body``       promises 1000 bytes, sends 100, closes   ``ChunkedEncodingError``
``/short-body``           promises 50 bytes, sends 20, then a      ``ChunkedEncodingError``
                          half-close (FIN); closes 1 s later
``/bad-chunked``          a chunk-size line that is not hex        ``ChunkedEncodingError``
``/truncated-chunked``    no final ``0`` chunk before the close    ``ChunkedEncodingError``
``/slow-headers``         status line, then each of 3 headers      ``ReadTimeout`` when
``?delay=2``              after ``delay`` s (default 2, max 10)    ``timeout`` < ``delay``
``/stall-body``           ``after`` body bytes, a ``delay`` s      ``ConnectionError`` (a read
``?after=100&delay=5``    stall (max 10), then the last 100        timeout inside the body)
``/reset``                aborts the connection (TCP RST)          ``ConnectionError``
``/empty``                closes without sending a byte            ``ConnectionError``
``/bad-status-line``      ``HTTP/1.1 abc Broken``                  ``ConnectionError``
``/not-http``             bytes that are not HTTP at all           ``ConnectionError``
``/huge-header``          a 100 KiB header line (limit: 64 KiB)    ``ConnectionError``
``/many-headers``         200 headers (clients allow 100)          ``ConnectionError``
``/invalid-json``         200 ``application/json``, body           ``.json()`` raises
                          ``{"broken": tru``                       ``JSONDecodeError``
``/wrong-charset``        labelled ``charset=iso-8859-1``, but     nothing: ``.text`` is
                          the body is UTF-8                        garbled (``CafÃ©``)
``/gzip-bomb?size=N``     a small gzip body inflating to ``N``     nothing: ``.content`` is
                          zeros (default 64 MiB, max 1 GiB)        huge (stream it instead)
``/bad-gzip``             ``Content-Encoding: gzip``, not gzip     ``ContentDecodingError``
``/truncated-gzip``       the first half of a gzip body, with a    nothing: ``.content`` is
                          ``Content-Length`` that matches it       the first part only
``/truncated-deflate``    the same, with ``Content-Encoding:       nothing (the same)
                          deflate``
``/cut-head``             a status line and two headers, then      nothing: a ``200`` with
                          the close: no empty line ends the head   an empty body
``/redirect-bad-scheme``  ``302`` to ``ftp://127.0.0.1/file``      ``InvalidSchema``
``/redirect-malformed``   ``302`` to ``http://[::1``               ``ValueError`` (plain!)
``/redirect-loop``        ``302`` to itself                        ``TooManyRedirects``
anything else             ``404``, listing these paths             nothing
========================  =======================================  ===========================

All but ``ValueError`` are ``requests.RequestException`` subclasses (requests 2.32,
urllib3 2). Connection-level errors come from the first read of the answer; body
errors only when the body is read (at once, unless ``stream=True``).

:class:`Blackhole` is a port that never accepts connections, so connecting to it
times out: the one failure that otherwise needs a distant, silent machine.
"""

from __future__ import annotations

import gzip
import math
import socket
import socketserver
import struct
import threading
import zlib
from urllib.parse import parse_qs

from servers.serving import HOST, ThreadedTCPServer

MAX_HEAD = 64 * 1024
"""The most request-line-and-headers bytes the fault server reads."""

READ_TIMEOUT = 10.0
"""Seconds a client may take to send its request."""

MAX_DELAY = 10.0
MAX_BOMB = 1024**3

LONG_TEXT = "".join(f"Line {n:03d}: all work and no play makes a dull download.\n"
                    for n in range(100)).encode()
"""5400 bytes of text; the truncated-* faults send half of it compressed (about 160 bytes)."""


def number(query: dict[str, list[str]], name: str, default: float, most: float) -> float:
    """A numeric query parameter, ``default`` if missing or bad, never above ``most``."""
    try:
        value = float(query[name][0])
    except (KeyError, ValueError):
        value = default
    if not math.isfinite(value):
        value = default
    return min(max(value, 0.0), most)


class FaultHandler(socketserver.StreamRequestHandler):
    """Reads one request, then answers it in the broken way its path asks for."""

    timeout = READ_TIMEOUT
    server: FaultServer
    query: dict[str, list[str]]
    """The request's query string, parsed (``?delay=2`` -> ``{"delay": ["2"]}``)."""

    def handle(self) -> None:
        target = self.read_request_target()
        if target is None:
            return  # the client went away, was too slow, or sent too much
        path, _, query = target.partition("?")
        self.query = parse_qs(query)
        fault = FAULTS.get(path, FaultHandler.unknown)
        fault(self)

    def read_request_target(self) -> str | None:
        """Read the request line and headers; return the target (``/path?query``)."""
        try:
            request_line = self.rfile.readline(MAX_HEAD)
            total = len(request_line)
            line = b"-"
            while line not in (b"\r\n", b"\n"):  # the empty line ends the head
                line = self.rfile.readline(MAX_HEAD)
                total += len(line)
                if not line or total > MAX_HEAD:
                    return None
        except OSError:  # including the read timeout
            return None
        parts = request_line.split()  # e.g. [b"GET", b"/ok", b"HTTP/1.1"]
        return parts[1].decode("latin-1") if len(parts) == 3 else None

    def send(self, data: bytes) -> None:
        self.wfile.write(data)

    def wait(self, seconds: float) -> bool:
        """Pause; True when the server is stopping (then give up at once)."""
        return self.server.stopping.wait(seconds)

    # -- the faults, one method each ----------------------------------------------------

    def ok(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain; charset=utf-8\r\n"
                  b"Content-Length: 12\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b"All is well\n")

    def close_mid_body(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"Content-Length: 1000\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" + b"x" * 100)
        # ...and return: the connection closes 900 bytes short.

    def short_body(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"Content-Length: 50\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b"only 20 bytes here..")
        self.connection.shutdown(socket.SHUT_WR)  # "I'm done sending" (a FIN), 30 short
        self.wait(1.0)  # the socket stays open a moment before it is closed

    def bad_chunked(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"Transfer-Encoding: chunked\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b"5\r\nHello\r\n"
                  b"zz\r\nnot a hexadecimal size\r\n"
                  b"0\r\n\r\n")

    def truncated_chunked(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"Transfer-Encoding: chunked\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b"5\r\nHello\r\n"
                  b"7\r\n, world\r\n")
        # ...no "0\r\n\r\n" final chunk: the body never properly ends.

    def slow_headers(self) -> None:
        delay = number(self.query, "delay", 2.0, MAX_DELAY)
        self.send(b"HTTP/1.1 200 OK\r\n")
        for header in (b"Content-Type: text/plain\r\n",
                       b"Content-Length: 14\r\n",
                       b"Connection: close\r\n"):
            if self.wait(delay):
                return
            self.send(header)
        self.send(b"\r\nFinally here.\n")

    def stall_body(self) -> None:
        after = int(number(self.query, "after", 100, 1024 * 1024))
        delay = number(self.query, "delay", 5.0, MAX_DELAY)
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: application/octet-stream\r\n"
                  b"Content-Length: %d\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" % (after + 100))
        self.send(b"a" * after)
        if not self.wait(delay):
            self.send(b"b" * 100)

    def reset(self) -> None:
        # SO_LINGER on, with a zero timeout: close() discards everything and sends RST
        # instead of the polite FIN. The socket's file objects must close first, or the
        # operating system's socket outlives this close().
        linger_on_for_0s = struct.pack("ii", 1, 0)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_on_for_0s)
        self.rfile.close()
        self.wfile.close()
        self.connection.close()

    def empty(self) -> None:
        pass  # return without a byte: the connection just closes

    def bad_status_line(self) -> None:
        self.send(b"HTTP/1.1 abc Broken\r\n"
                  b"Content-Length: 0\r\n"
                  b"\r\n")

    def not_http(self) -> None:
        self.send(b"\x00\x01\x02 SSH-2.0? No, just noise. \xff\xfe\r\n\r\n")

    def huge_header(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"X-Huge: " + b"h" * (100 * 1024) + b"\r\n"
                  b"Content-Length: 0\r\n"
                  b"Connection: close\r\n"
                  b"\r\n")

    def many_headers(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  + b"".join(b"X-Header-%d: %d\r\n" % (n, n) for n in range(200))
                  + b"Content-Length: 0\r\n"
                  b"Connection: close\r\n"
                  b"\r\n")

    def invalid_json(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Content-Length: 14\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b'{"broken": tru')

    def wrong_charset(self) -> None:
        body = "Café crème, naïve résumé, piñata, Smørrebrød.\n".encode()  # UTF-8...
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain; charset=iso-8859-1\r\n"  # ...says the label
                  b"Content-Length: %d\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" % len(body) + body)

    def gzip_bomb(self) -> None:
        size = int(number(self.query, "size", 64 * 1024**2, MAX_BOMB))
        body = compressed_zeros(size)
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: application/octet-stream\r\n"
                  b"Content-Encoding: gzip\r\n"
                  b"Content-Length: %d\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" % len(body))
        self.send(body)

    def bad_gzip(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"Content-Encoding: gzip\r\n"
                  b"Content-Length: 29\r\n"
                  b"Connection: close\r\n"
                  b"\r\n"
                  b"this is plain text, not gzip\n")

    def truncated_gzip(self) -> None:
        self.first_half_of(b"gzip", gzip.compress(LONG_TEXT, mtime=0))

    def truncated_deflate(self) -> None:
        self.first_half_of(b"deflate", zlib.compress(LONG_TEXT))  # zlib format, RFC 1950

    def first_half_of(self, coding: bytes, compressed: bytes) -> None:
        """Send half of a compressed body, labelled with the length of that half: the
        framing is correct, only the compressed stream inside it is unfinished."""
        half = compressed[: len(compressed) // 2]
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain; charset=utf-8\r\n"
                  b"Content-Encoding: " + coding + b"\r\n"
                  b"Content-Length: %d\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" % len(half) + half)

    def cut_head(self) -> None:
        self.send(b"HTTP/1.1 200 OK\r\n"
                  b"Content-Type: text/plain\r\n"
                  b"X-Head: cut short\r\n")
        # ...and return: the connection closes before the empty line that ends a head.

    def redirect_bad_scheme(self) -> None:
        self.redirect(b"ftp://127.0.0.1/file")

    def redirect_malformed(self) -> None:
        self.redirect(b"http://[::1")

    def redirect_loop(self) -> None:
        self.redirect(b"/redirect-loop")

    def redirect(self, location: bytes) -> None:
        self.send(b"HTTP/1.1 302 Found\r\n"
                  b"Location: " + location + b"\r\n"
                  b"Content-Length: 0\r\n"
                  b"Connection: close\r\n"
                  b"\r\n")

    def unknown(self) -> None:
        body = ("Not found. This server's paths, each broken in its own way:\n"
                + "".join(f"  {path}\n" for path in FAULTS)).encode()
        self.send(b"HTTP/1.1 404 Not Found\r\n"
                  b"Content-Type: text/plain; charset=utf-8\r\n"
                  b"Content-Length: %d\r\n"
                  b"Connection: close\r\n"
                  b"\r\n" % len(body) + body)


FAULTS = {
    "/ok": FaultHandler.ok,
    "/close-mid-body": FaultHandler.close_mid_body,
    "/short-body": FaultHandler.short_body,
    "/bad-chunked": FaultHandler.bad_chunked,
    "/truncated-chunked": FaultHandler.truncated_chunked,
    "/slow-headers": FaultHandler.slow_headers,
    "/stall-body": FaultHandler.stall_body,
    "/reset": FaultHandler.reset,
    "/empty": FaultHandler.empty,
    "/bad-status-line": FaultHandler.bad_status_line,
    "/not-http": FaultHandler.not_http,
    "/huge-header": FaultHandler.huge_header,
    "/many-headers": FaultHandler.many_headers,
    "/invalid-json": FaultHandler.invalid_json,
    "/wrong-charset": FaultHandler.wrong_charset,
    "/gzip-bomb": FaultHandler.gzip_bomb,
    "/bad-gzip": FaultHandler.bad_gzip,
    "/truncated-gzip": FaultHandler.truncated_gzip,
    "/truncated-deflate": FaultHandler.truncated_deflate,
    "/cut-head": FaultHandler.cut_head,
    "/redirect-bad-scheme": FaultHandler.redirect_bad_scheme,
    "/redirect-malformed": FaultHandler.redirect_malformed,
    "/redirect-loop": FaultHandler.redirect_loop,
}
"""Path -> the method that answers it."""

_bombs: dict[int, bytes] = {}
_bombs_lock = threading.Lock()
KEEP_BOMBS = 8
"""How many compressed sizes to keep (each is about a thousandth of its size)."""


def compressed_zeros(size: int) -> bytes:
    """``size`` zero bytes, gzip-compressed (about 1000:1); made once per size, then kept.

    Compressed a megabyte at a time, so the inflated ``size`` bytes never exist here.
    """
    with _bombs_lock:
        if size not in _bombs:
            if len(_bombs) >= KEEP_BOMBS:
                del _bombs[next(iter(_bombs))]  # forget the oldest
            compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip format
            megabyte = bytes(1024 * 1024)
            parts = []
            for start in range(0, size, len(megabyte)):
                parts.append(compressor.compress(megabyte[: size - start]))
            parts.append(compressor.flush())
            _bombs[size] = b"".join(parts)
        return _bombs[size]


class FaultServer(ThreadedTCPServer):
    """The fault server: ``FaultServer((HOST, port))``. See the module's table of paths."""

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, FaultHandler)


class Blackhole:
    """A port that is listening but never accepts: ``connect()`` to it times out.

    A closed port refuses at once, so a *connect timeout* normally needs a distant
    machine that drops packets. On Linux the same happens on loopback when a listening
    socket's accept queue is full: further connection attempts (SYNs) are dropped
    silently, and the client waits. So: a backlog of 0 (a queue of one), filled by a
    connection of our own that is never accepted. (This is Linux's behaviour; other
    systems may refuse or reset such connections instead.)
    """

    def __init__(self, port: int = 0) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, port))
        self._listener.listen(0)
        self.port: int = self._listener.getsockname()[1]
        # Connects at once (the queue has room), then waits in the queue for ever.
        self._filler = socket.create_connection((HOST, self.port), timeout=1)

    def stop(self) -> None:
        """Close the listening socket and the filler."""
        self._filler.close()
        self._listener.close()

