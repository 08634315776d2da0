"""How every demo server runs in the background of a notebook or a test.

Each demo server is a :mod:`socketserver` server on 127.0.0.1. The standard library
serves one connection per thread, but it cannot *stop* cleanly: idle keep-alive
connections keep their threads blocked in ``recv`` forever. A workbook starts and
stops its servers again and again (every "Restart kernel", every test run), so this
module adds what is missing:

* :class:`ConnectionThreads` gives each connection a thread that is *tracked*, so
  :meth:`ConnectionThreads.stop` can close the connections still open and wait for
  their threads: nothing is left behind.
* TLS is optional, and its handshake runs in the connection's own thread, so one slow
  client cannot hold up ``accept()`` for everybody else.
* Nothing is printed: servers log to the ``servers`` logger, which is silent until
  ``servers.start(verbose=True)`` gives it a handler.
* Handlers that wait (``/delay``, ``/drip``, slow faults) wait on :attr:`stopping`, so
  they wake up at once when the server stops instead of holding a thread.
* A client that goes quiet is not waited for forever: a connection on which nothing
  arrives for :attr:`ConnectionThreads.idle_timeout` seconds (30) is closed, so idle
  keep-alive connections and slow-loris clients do not pile up threads all day.

The server classes at the bottom combine it with ``http.server`` (for the texts'
programs) and plain TCP (for raw-socket servers); ``servers.wsgi`` adds the one for
the Flask apps.
"""

from __future__ import annotations

import contextlib
import http.server
import logging
import socket
import socketserver
import ssl
import threading
from typing import Any

from servers.record import Received, RequestLog

log = logging.getLogger("servers")
log.addHandler(logging.NullHandler())
log.propagate = False
log.setLevel(logging.WARNING)  # a line per request only when asked: servers.set_verbose

HOST = "127.0.0.1"
"""Every demo server listens on loopback only: nothing is reachable from outside."""

TLS_HANDSHAKE_SECONDS = 5.0
"""How long a client may take over its TLS handshake before it is dropped."""

IDLE_TIMEOUT_SECONDS = 30.0
"""How long a server waits for a client to send something before it hangs up.

Web servers all have such a limit (nginx's ``keepalive_timeout`` and
``client_header_timeout``): each connection costs a thread here, and a client that
opened one and then went quiet, or sends its request a byte at a time (a "slow loris"
attack), would otherwise keep it forever. The clock restarts with every byte received,
so a client that trickles bytes is slowed, not stopped; ``stop()`` still ends it.
"""


class ConnectionThreads:
    """A socketserver mix-in: one tracked thread per connection, optional TLS, clean stop.

    Put it first in the bases, like the standard ``socketserver.ThreadingMixIn``::

        class MyServer(ConnectionThreads, socketserver.TCPServer): ...
    """

    allow_reuse_address = True
    ssl_context: ssl.SSLContext | None = None
    idle_timeout: float | None = IDLE_TIMEOUT_SECONDS
    """Seconds a connection may wait for the client to send (None: no limit).

    Set on the socket of each new connection; a handler that must wait longer (for a
    client reading a long download slowly, say) lifts it while it does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.stopping = threading.Event()
        self._open: dict[threading.Thread, socket.socket] = {}
        self._open_lock = threading.Lock()
        super().__init__(*args, **kwargs)
        self.port: int = self.server_address[1]
        """The port the operating system gave this server."""

    def process_request(self, request: socket.socket, client_address: Any) -> None:
        """Serve a freshly accepted connection in a new, tracked thread."""
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"servers:{self.port}:{client_address[1]}",
            daemon=True,
        )
        with self._open_lock:
            self._open[thread] = request
        thread.start()

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        thread = threading.current_thread()
        # Send small writes at once: head and body go out as separate writes, and
        # Nagle's algorithm would hold the body until the client's delayed ACK (~40 ms).
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if self.ssl_context is not None:
                request.settimeout(TLS_HANDSHAKE_SECONDS)
                request = self.ssl_context.wrap_socket(request, server_side=True)
                with self._open_lock:
                    self._open[thread] = request
            request.settimeout(self.idle_timeout)
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._open_lock:
                self._open.pop(thread, None)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a handler's failure quietly (a client hanging up is not news)."""
        log.debug("error while serving %s", client_address, exc_info=True)

    def stop(self) -> None:
        """Close the listening socket and every open connection, then wait for threads.

        The accept loop must already have ended (see ``servers.launcher``).
        """
        self.stopping.set()
        self.server_close()
        with self._open_lock:
            still_open = list(self._open.items())
        for _thread, connection in still_open:
            with contextlib.suppress(OSError):  # already closed by the client or the handler
                connection.shutdown(socket.SHUT_RDWR)
        for thread, _connection in still_open:
            thread.join(timeout=5)


class ThreadedHTTPServer(ConnectionThreads, http.server.HTTPServer):
    """An ``http.server`` server for the texts' ``BaseHTTPRequestHandler`` programs."""

    request_log: tuple[RequestLog, str] | None = None
    """Where :func:`quiet` handlers note each request (set by ``record_into``)."""

    def record_into(self, log: RequestLog, name: str) -> None:
        self.request_log = (log, name)


class ThreadedTCPServer(ConnectionThreads, socketserver.TCPServer):
    """A raw TCP server, for handlers that write bytes no HTTP library would."""


def quiet(handler: type[http.server.BaseHTTPRequestHandler]) -> type:
    """Return a subclass of ``handler`` that logs to ``servers`` instead of stderr, and
    notes each request in its server's request log (``servers.record``).

    The texts' handlers print a line per request to stderr, which would fill a
    notebook with red text; the demo copies route the same line through logging.
    """

    def log_message(self: http.server.BaseHTTPRequestHandler, fmt: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), fmt % args)

    def parse_request(self: http.server.BaseHTTPRequestHandler) -> bool:
        parsed = handler.parse_request(self)
        noting = getattr(self.server, "request_log", None)
        if parsed and noting is not None:
            request_log, name = noting
            request_log.note(Received(name, self.command, self.path,
                                      tuple(self.headers.items())))
        return parsed

    return type(handler.__name__, (handler,), {"log_message": log_message,
                                               "parse_request": parse_request})
