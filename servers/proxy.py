"""A forward HTTP proxy for the proxy lessons, loopback only.

A client configured with a proxy (``proxies={"http": demo.proxy}``) sends it every
request, and the proxy makes the request on the client's behalf:

* **Plain HTTP** arrives in *absolute form*, ``GET http://127.0.0.1:8000/page HTTP/1.1``:
  the proxy opens its own connection to that server, forwards the request minus the
  hop-by-hop headers (they describe one connection, not the message), adds
  ``Via: 1.1 workbook-proxy``, and relays the answer back.
* **HTTPS** arrives as ``CONNECT 127.0.0.1:8443``: the proxy opens a TCP connection,
  answers ``200 Connection established`` and from then on copies bytes both ways. The
  TLS conversation runs *through* the tunnel, so the proxy cannot read it.

With ``credentials`` (``demo.auth_proxy``) the proxy wants a
``Proxy-Authorization: Basic ...`` header and answers ``407`` without it. Any target
that is not on this machine (127.0.0.0/8, ``localhost``, ``::1``) is refused with
``403`` before any connection is attempted: the workbook never reaches the network.

The proxy also answers two requests of its own (ordinary *origin-form* requests):
``GET /forwarded`` lists, as JSON, every request it was asked to proxy (refused ones
too), and ``DELETE /forwarded`` clears that list.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hmac
import http.client
import ipaddress
import json
import os
import re
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, BinaryIO
from urllib.parse import SplitResult, urlsplit

from servers.serving import ThreadedHTTPServer, log

CREDENTIALS = ("proxyuser", "proxypass")
"""User name and password of ``demo.auth_proxy``."""

REALM = "workbook proxy"
VIA = "1.1 workbook-proxy"
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authorization", "proxy-connection",
                        "te", "trailer", "transfer-encoding", "upgrade"})
"""Headers about one connection, not the message: a proxy must not pass them on."""

CHUNK = 64 * 1024
"""Bodies and tunnels are copied in pieces of at most this many bytes."""

MAX_LINE = 64 * 1024
KEEP_FORWARDED = 1000
"""``/forwarded`` remembers this many requests (the most recent)."""


class BadRequestBody(Exception):
    """The client's request body was malformed or ended early."""


class ProxyServer(ThreadedHTTPServer):
    """The proxy: ``ProxyServer((HOST, port))``, or with ``credentials=(user, password)``."""

    target_timeout = 30.0
    """Seconds to wait for a target server to connect or to send something."""

    def __init__(self, address: tuple[str, int], credentials: tuple[str, str] | None = None):
        self.credentials = credentials
        self.forwarded: list[dict[str, Any]] = []
        self.forwarded_lock = threading.Lock()
        self._targets: set[socket.socket] = set()
        self._targets_lock = threading.Lock()
        super().__init__(address, ProxyHandler)

    def record(self, entry: dict[str, Any]) -> None:
        """Remember one proxied request for ``GET /forwarded``."""
        with self.forwarded_lock:
            self.forwarded.append(entry)
            del self.forwarded[:-KEEP_FORWARDED]

    @contextlib.contextmanager
    def target(self, address: str, port: int) -> Iterator[socket.socket]:
        """A connection to a target server, closed on exit and cut short by :meth:`stop`.

        Connecting waits in short steps, so a stop is noticed even while a target
        (like ``demo.blackhole``) never answers; raises ``TimeoutError`` after
        :attr:`target_timeout` and ``OSError`` (e.g. refused) on failure.
        """
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        with self._targets_lock:
            self._targets.add(sock)
        try:
            sock.setblocking(False)
            error = sock.connect_ex((address, port))
            if error == errno.EINPROGRESS:  # the usual answer of a non-blocking connect
                deadline = time.monotonic() + self.target_timeout
                with selectors.DefaultSelector() as selector:
                    selector.register(sock, selectors.EVENT_WRITE)
                    while not selector.select(0.1):  # writable: connected, or failed
                        if self.stopping.is_set() or time.monotonic() > deadline:
                            raise TimeoutError(f"no connection to {address}:{port}")
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error))  # e.g. ConnectionRefusedError
            sock.settimeout(self.target_timeout)
            yield sock
        finally:
            with self._targets_lock:
                self._targets.discard(sock)
            sock.close()

    def stop(self) -> None:
        """Cut every target connection too, so no handler stays blocked reading one."""
        self.stopping.set()
        with self._targets_lock:
            for sock in self._targets:
                with contextlib.suppress(OSError):  # not connected (yet, or any more)
                    sock.shutdown(socket.SHUT_RDWR)
        super().stop()


def loopback_address(host: str) -> str | None:
    """The address to connect to for ``host``, or None when it is not this machine.

    Only IP literals and ``localhost`` count: no name is ever looked up in DNS.
    """
    if host.lower() in ("localhost", "localhost."):
        return "127.0.0.1"
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None


def parse_target(target: str) -> SplitResult | None:
    """``target`` split like a URL (CONNECT's ``host:port`` as ``//host:port``), or None
    when it is malformed (a bad port, an unclosed ``[``...)."""
    try:
        url = urlsplit(target)
        _ = url.port  # checked only when asked for
    except ValueError:
        return None
    return url if url.hostname else None


def read_exactly(rfile: BinaryIO, length: int) -> Iterator[bytes]:
    """Yield a ``Content-Length`` body of ``length`` bytes, piece by piece."""
    while length > 0:
        piece = rfile.read(min(length, CHUNK))
        if not piece:
            raise BadRequestBody("the request body ended early")
        length -= len(piece)
        yield piece


def read_chunked(rfile: BinaryIO) -> Iterator[bytes]:
    """Yield the data of a ``Transfer-Encoding: chunked`` body, chunk by chunk.

    Each chunk is a hex size line, that many bytes and CRLF; a size of 0 ends the
    body, after optional trailer lines and an empty line.
    """
    while True:
        size_line = rfile.readline(MAX_LINE)
        digits = size_line.split(b";")[0].strip()  # ";..." would be chunk extensions
        if not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", digits):
            raise BadRequestBody(f"bad chunk size line {size_line[:40]!r}")
        size = int(digits, 16)
        if size == 0:
            while rfile.readline(MAX_LINE).strip():
                pass  # trailer fields: dropped
            return
        yield from read_exactly(rfile, size)
        rfile.readline(MAX_LINE)  # the CRLF after the chunk's data


def header_dict(headers: http.client.HTTPMessage) -> dict[str, str]:
    """Headers as a dict for JSON, repeated names joined with ", "."""
    joined: dict[str, str] = {}
    for name, value in headers.items():
        joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


def hop_by_hop(headers: http.client.HTTPMessage) -> set[str]:
    """The names not to pass on: the standard ones and any listed in ``Connection``."""
    listed = {token.strip().lower() for token in headers.get("Connection", "").split(",")}
    return HOP_BY_HOP | listed


class ProxyHandler(BaseHTTPRequestHandler):
    """One client connection to the proxy (keep-alive: several requests in a row)."""

    protocol_version = "HTTP/1.1"
    server: ProxyServer
    entry: dict[str, Any]
    """What ``/forwarded`` will show about the request being handled."""
    body_read: bool
    """Whether :meth:`request_body` has been called for the current request."""

    def version_string(self) -> str:
        return "workbook-proxy"

    def handle_one_request(self) -> None:
        """Serve one request; a client silent for the server's ``idle_timeout`` is dropped.

        :meth:`relay` and :meth:`tunnel` lift the limit while the client reads (at its
        own pace); it is set again here before the next request is awaited.
        """
        self.connection.settimeout(self.server.idle_timeout)
        super().handle_one_request()

    def parse_request(self) -> bool:
        self.body_read = False  # a new request: its body (if any) is still unread
        return super().parse_request()

    def log_message(self, fmt: str, *args: Any) -> None:
        log.info("proxy %s %s", self.address_string(), fmt % args)

    # Every method is proxied the same way; CONNECT (below) opens a tunnel instead.
    def do_GET(self) -> None:
        if self.path.startswith("/"):
            self.serve_own_page()
        else:
            self.forward()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    # -- the proxy's own pages -------------------------------------------------------

    def serve_own_page(self) -> None:
        if self.path == "/forwarded" and self.command == "GET":
            with self.server.forwarded_lock:
                body = json.dumps(self.server.forwarded, indent=2)
            self.reply(200, body, "application/json")
        elif self.path == "/forwarded" and self.command == "DELETE":
            with self.server.forwarded_lock:
                self.server.forwarded.clear()
            self.send_response(204)
            self.end_headers()
        else:
            self.reply(400, "This is a forward proxy, not a web server. Configure it as your "
                            "client's proxy, e.g. requests.get(url, proxies={'http': "
                            "'http://127.0.0.1:<this port>'}), so that it receives "
                            "'GET http://host:port/path' or 'CONNECT host:port'.\n"
                            "GET /forwarded lists what it forwarded; DELETE /forwarded "
                            "clears the list.\n")

    def reply(self, status: int, text: str, content_type: str = "text/plain") -> None:
        """Answer from the proxy itself (an error, or its own page)."""
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if status == 407:
            self.send_header("Proxy-Authenticate", f'Basic realm="{REALM}"')
        if status >= 400:  # whatever is left of the request is unusable: start afresh
            self.send_header("Connection", "close")
            self.drain()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def drain(self) -> None:
        """Read and drop a request body nobody will use (up to 1 MiB).

        The connection is closed after an error; closing with unread data makes the
        kernel send a reset, which can destroy the answer before the client reads it.
        """
        if self.body_read:
            return
        try:
            left = 1024 * 1024
            for piece in self.request_body() or ():
                left -= len(piece)
                if left < 0:
                    return
        except (ValueError, BadRequestBody):
            return

    # -- what every proxied request goes through ---------------------------------------

    def admit(self, url: SplitResult | None) -> str | None:
        """Check credentials, then the target: the address to connect to, or None.

        Starts this request's entry for ``/forwarded``. On None the client has had its
        answer: 407 (credentials), 400 (malformed target) or 403 (not loopback).
        """
        self.entry = {"method": self.command, "target": self.path,
                      "headers": header_dict(self.headers), "status": None}
        if not self.authorized():
            self.fail(407, "407 Proxy Authentication Required: send Proxy-Authorization\n")
            return None
        if url is None or not url.hostname:
            self.fail(400, f"400 Bad Request: cannot find a host in {self.path!r}\n")
            return None
        address = loopback_address(url.hostname)
        if address is None:
            self.fail(403, f"403 Forbidden: this proxy only reaches 127.0.0.1, localhost "
                           f"and ::1, not {url.hostname!r}\n")
        return address

    def authorized(self) -> bool:
        """True without credentials to check, or when Proxy-Authorization matches them."""
        if self.server.credentials is None:
            return True
        scheme, _, encoded = self.headers.get("Proxy-Authorization", "").partition(" ")
        try:
            sent = base64.b64decode(encoded.strip(), validate=True)
        except ValueError:
            return False
        user, password = self.server.credentials
        return scheme.lower() == "basic" and hmac.compare_digest(
            sent, f"{user}:{password}".encode())

    def record(self, status: int) -> None:
        self.entry["status"] = status
        self.server.record(self.entry)

    def fail(self, status: int, text: str) -> None:
        """Record and answer an error, unless an answer is under way: then hang up."""
        if self.entry["status"] is not None or self.server.stopping.is_set():
            self.close_connection = True
            return
        self.record(status)
        self.reply(status, text)

    # -- plain HTTP ---------------------------------------------------------------------

    def forward(self) -> None:
        """Make the client's request to the target server and relay the answer."""
        url = parse_target(self.path)
        address = self.admit(url)
        if address is None or url is None:
            return
        port = url.port or 80
        try:
            if url.scheme != "http":
                raise ValueError(f"expected an http:// URL, got {self.path!r} "
                                 "(HTTPS goes through CONNECT)")
            body = self.request_body()
        except (ValueError, BadRequestBody) as error:
            self.fail(400, f"400 Bad Request: {error}\n")
            return
        try:
            with self.server.target(address, port) as sock:
                connection = http.client.HTTPConnection(address, port)
                connection.sock = sock  # already connected, and watched by stop()
                try:
                    try:
                        self.send_request(connection, url.path or "/", url.query, body)
                    except (BrokenPipeError, ConnectionResetError):
                        # The target stopped reading the body: perhaps it answered early
                        # (a 411 or 413). Read that answer; the rest of the body is lost.
                        self.close_connection = True
                    response = connection.getresponse()
                    if self.server.stopping.is_set():
                        # stop() cut the target off: what was read may be a stub answer.
                        raise ConnectionAbortedError("the proxy is stopping")
                    self.record(response.status)
                    self.relay(response)
                finally:
                    connection.close()
        except BadRequestBody as error:
            self.fail(400, f"400 Bad Request: {error}\n")
        except TimeoutError:
            self.fail(504, f"504 Gateway Timeout: {url.netloc} did not answer in time\n")
        except (OSError, http.client.HTTPException) as error:
            self.fail(502, f"502 Bad Gateway: {url.netloc} failed: {error!r}\n")

    def request_body(self) -> Iterator[bytes] | None:
        """The client's request body as pieces, or None if it sent none."""
        self.body_read = True
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return read_chunked(self.rfile)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return read_exactly(self.rfile, length) if length else None

    def send_request(self, connection: http.client.HTTPConnection, path: str, query: str,
                     body: Iterator[bytes] | None) -> None:
        """Send the request line, the end-to-end headers and the body to the target."""
        connection.putrequest(self.command, f"{path}?{query}" if query else path,
                              skip_host=True, skip_accept_encoding=True)
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        drop = hop_by_hop(self.headers) | ({"content-length"} if chunked else set())
        for name, value in self.headers.items():
            if name.lower() not in drop:
                connection.putheader(name, value)
        if "Host" not in self.headers:
            connection.putheader("Host", urlsplit(self.path).netloc.rpartition("@")[2])
        connection.putheader("Via", VIA)
        if chunked:  # re-framed for this hop: the pieces are chunk-encoded again
            connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders(body, encode_chunked=chunked)

    def relay(self, response: http.client.HTTPResponse) -> None:
        """Copy the target's status, end-to-end headers and body to the client."""
        self.connection.settimeout(None)  # the client may read a long body slowly
        self.log_request(response.status)
        self.send_response_only(response.status, response.reason)
        drop = hop_by_hop(response.headers) | ({"content-length"} if response.chunked else set())
        for name, value in response.headers.items():
            if name.lower() not in drop:
                self.send_header(name, value)
        self.send_header("Via", VIA)
        if self.close_connection:
            self.send_header("Connection", "close")
        no_body = (self.command == "HEAD" or response.status in (204, 304)
                   or response.status < 200)
        if no_body or response.length is not None:
            self.end_headers()
            if not no_body:
                self.copy_body(response, chunked=False)
        elif self.request_version == "HTTP/1.1":  # length unknown: chunk it for the client
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.copy_body(response, chunked=True)
        else:  # an HTTP/1.0 client: the body ends where the connection does
            self.send_header("Connection", "close")
            self.end_headers()
            self.copy_body(response, chunked=False)

    def copy_body(self, response: http.client.HTTPResponse, chunked: bool) -> None:
        """Stream the body as it arrives, without holding it all in memory."""
        try:
            while piece := response.read1(CHUNK):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            complete = not response.length  # bytes still missing when the target closed
        except (OSError, http.client.HTTPException):
            complete = False
        if not complete:  # cut short: the client must see it cut short too
            self.close_connection = True
            return
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    # -- HTTPS: CONNECT tunnels ---------------------------------------------------------

    def do_CONNECT(self) -> None:
        """Open a tunnel to ``host:port`` and copy bytes both ways until one side closes."""
        url = parse_target(f"//{self.path}")
        address = self.admit(url)
        if address is None or url is None:
            return
        self.close_connection = True  # after a tunnel, this connection is done
        port = url.port
        if port is None:
            self.fail(400, f"400 Bad Request: CONNECT wants host:port, got {self.path!r}\n")
            return
        try:
            with self.server.target(address, port) as upstream:
                self.record(200)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.tunnel(upstream)
        except TimeoutError:
            self.fail(504, f"504 Gateway Timeout: no connection to {self.path}\n")
        except OSError as error:
            self.fail(502, f"502 Bad Gateway: cannot connect to {self.path}: {error!r}\n")

    def tunnel(self, upstream: socket.socket) -> None:
        """Copy bytes between client and target until one side hangs up or we stop."""
        # The client waits for our 200 before it speaks (TLS's ClientHello), so none
        # of the tunnel's traffic can be sitting unread in self.rfile's buffer.
        client = self.connection
        client.settimeout(None)  # a tunnel lasts as long as both ends like; stop() ends it
        ends = {client.fileno(): (client, upstream), upstream.fileno(): (upstream, client)}
        with selectors.DefaultSelector() as selector:
            for source, _destination in ends.values():
                selector.register(source, selectors.EVENT_READ)
            while not self.server.stopping.is_set():
                for key, _events in selector.select(timeout=0.2):
                    source, destination = ends[key.fd]
                    try:
                        data = source.recv(CHUNK)
                        if not data:
                            return  # one side hung up: the tunnel is over
                        destination.sendall(data)
                    except OSError:
                        return
