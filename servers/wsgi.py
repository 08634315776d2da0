"""Serving the Flask stand-ins over HTTP/1.1 with keep-alive.

werkzeug's development server closes the connection after every response, so a
client could never reuse one, and the lessons on sessions and speed would have
nothing to show. The reason it gives is real: before reading the next request on a
connection, the server must have read *all* of the current request's body, even the
parts the app ignored, or those bytes would be taken for the next request line.

:class:`KeepAliveHandler` does that bookkeeping. werkzeug still parses the request and
builds the WSGI environment; the handler then

1. gives the app a body stream that stops exactly at the end of this request
   (``Content-Length`` bytes, or the last chunk of a chunked body),
2. frames the response so the client knows where it ends: the app's
   ``Content-Length``, else chunked transfer coding (RFC 9112, section 7.1),
3. reads and discards whatever body the app left unread, and keeps the connection
   open for the next request, unless either side asked to close or too much was left.

While it waits for the client (a request head, a body) it gives up after the server's
``idle_timeout`` (``servers.serving``); while the client reads the response it waits as
long as the client likes, since a learner may pause half-way through a streamed download.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.wsgi import LimitedStream

from servers.record import RequestLog
from servers.serving import HOST, ConnectionThreads, log

DISCARD_LIMIT = 64 * 1024 * 1024
"""Unread request body we are willing to read and throw away; past it we hang up."""


class ResponseWriter:
    """The ``start_response`` / ``write`` pair of one WSGI response (PEP 3333)."""

    def __init__(self, handler: KeepAliveHandler) -> None:
        self.handler = handler
        self.status = ""
        self.headers: list[tuple[str, str]] = []
        self.head_sent = False
        self.chunked = False

    def start_response(self, status: str, headers: list[tuple[str, str]],
                       exc_info: Any = None) -> Callable[[bytes], None]:
        if exc_info and self.head_sent:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status, self.headers = status, headers
        return self.write

    def write(self, data: bytes) -> None:
        if not self.head_sent:
            self.send_head()
        if not data:
            return
        if self.chunked:  # each chunk: its size in hex, CRLF, the bytes, CRLF
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self.handler.wfile.write(data)

    def finish(self) -> None:
        if not self.head_sent:
            self.send_head()
        if self.chunked:
            self.handler.wfile.write(b"0\r\n\r\n")  # the last chunk is empty

    def send_head(self) -> None:
        handler = self.handler
        # From here on the client sets the pace (it may read a download slowly): no limit.
        handler.connection.settimeout(None)
        code, _, reason = self.status.partition(" ")
        handler.log_request(int(code))
        handler.send_response_only(int(code), reason)
        names = {name.lower() for name, _value in self.headers}
        if "server" not in names:  # an app may play another server (nginx, GitHub)
            handler.send_header("Server", handler.version_string())
        if "date" not in names:
            handler.send_header("Date", handler.date_time_string())
        for name, value in self.headers:
            handler.send_header(name, value)
        # These responses never have a body, so they need no framing (RFC 9110, 6.4.1).
        bodyless = handler.command == "HEAD" or int(code) < 200 or int(code) in (204, 304)
        if "content-length" not in names and not bodyless:
            if handler.request_version == "HTTP/1.1":
                self.chunked = True
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.close_connection = True  # HTTP/1.0: the end of the body is the close
        if handler.close_connection:
            handler.send_header("Connection", "close")
        handler.end_headers()
        self.head_sent = True


class KeepAliveHandler(WSGIRequestHandler):
    """werkzeug's request handler, with keep-alive, quiet logs and the raw request kept.

    ``/dump/request`` shows the request head exactly as it arrived (header case and
    order included), which the WSGI environment cannot: it folds names into
    ``HTTP_*`` keys. So the raw head is stored in ``environ["servers.raw_head"]``.
    """

    protocol_version = "HTTP/1.1"

    def handle_one_request(self) -> None:
        """Serve one request; a client silent for ``idle_timeout`` seconds is hung up on.

        The limit covers the wait for the next request on a kept-alive connection and
        every pause inside its head and body: the standard library then answers the
        timeout by closing the connection, and the thread is free again.
        """
        self.connection.settimeout(self.server.idle_timeout)
        super().handle_one_request()

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        header_lines = "".join(f"{name}: {value}\r\n" for name, value in self.headers.items())
        environ["servers.raw_head"] = self.raw_requestline.decode("latin-1") + header_lines
        return environ

    def run_wsgi(self) -> None:
        """Answer one request with the app, then leave the connection ready for the next."""
        if self.headers.get("Expect", "").strip().lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.environ = environ = self.make_environ()
        body = self.request_body(environ)
        response = ResponseWriter(self)
        try:
            chunks: Iterable[bytes] = self.server.app(environ, response.start_response)
            try:
                for chunk in chunks:
                    response.write(chunk)
                response.finish()
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except (TimeoutError, ConnectionError, ssl.SSLError):
            self.close_connection = True  # the client went away; nothing to answer
            return
        except Exception:
            log.exception("error in %s %s", self.command, self.path)
            self.close_connection = True  # after half a response, hanging up is all we can do
            if not response.head_sent:
                self.send_error(500, "Internal Server Error")
            return
        self.discard_unread(body)

    def request_body(self, environ: dict[str, Any]) -> Any:
        """Give the app a stream that ends where this request's body ends."""
        if environ.get("wsgi.input_terminated"):  # werkzeug already decodes chunked bodies
            return environ["wsgi.input"]
        try:
            length = max(int(environ.get("CONTENT_LENGTH") or 0), 0)
        except ValueError:
            length = 0
            self.close_connection = True  # we cannot tell where the body ends
        environ["wsgi.input"] = LimitedStream(self.rfile, length)
        return environ["wsgi.input"]

    def discard_unread(self, body: Any) -> None:
        """Read what the app left of the body, so the next request starts clean."""
        if self.close_connection:
            return
        self.connection.settimeout(self.server.idle_timeout)  # waiting for the client again
        discarded = 0
        try:
            while chunk := body.read(1024 * 1024):
                discarded += len(chunk)
                if discarded > DISCARD_LIMIT:
                    self.close_connection = True
                    return
        except Exception:  # a malformed chunked body or a client that vanished
            self.close_connection = True

    def log(self, type: str, message: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), message % args)


class ThreadedWSGIServer(ConnectionThreads, BaseWSGIServer):
    """werkzeug's WSGI server (for the Flask stand-ins) with tracked connection threads."""

    multithread = True

    def __init__(self, port: int, app: Callable[..., Any],
                 ssl_context: ssl.SSLContext | None = None) -> None:
        # Bind the socket here: on a busy port werkzeug would print and sys.exit().
        with socket.create_server((HOST, port), backlog=128) as listener:
            super().__init__(HOST, port, app, handler=KeepAliveHandler, fd=listener.fileno())
        # Set after __init__: werkzeug would wrap the *listening* socket, doing every
        # handshake in the accept loop; ConnectionThreads does it per connection.
        self.ssl_context = ssl_context

    def record_into(self, log: RequestLog, name: str) -> None:
        """Note every request this app receives in ``log``, as server ``name``."""
        self.app.config["REQUEST_LOG"] = (log, name)
