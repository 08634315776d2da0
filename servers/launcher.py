"""Start and stop every demo server at once: :func:`start` and the :class:`Demo` it returns.

One call brings up the whole catalogue on free loopback ports, each server in the
background of the current process::

    import servers
    demo = servers.start()
    demo.httpbin            # 'http://127.0.0.1:41234'
    demo.stop()

``start()`` is safe to run again: while a demo set is running it returns that same set,
so re-running a notebook's first cell neither fails nor starts a second copy. For an
independent set (tests do this) use ``with servers.Demo() as demo: ...``.

How it runs: one *acceptor* thread waits on every listening socket at once and hands
each new connection to its server, which serves it in a thread of its own
(``servers.serving``). Stopping wakes the acceptor through a socket pair, closes every
connection, joins every thread and deletes the temporary folder (certificates,
uploads): nothing is left behind.
"""

from __future__ import annotations

import atexit
import logging
import selectors
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servers import faults, proxy, tls
from servers.apis import forecast, github, paginated, posts, ratelimited
from servers.flaskapp import serve
from servers.httpbin import blueprint as httpbin
from servers.programs import agent, cookie_echo, cookie_setter, json_get, json_post
from servers.record import RequestLog
from servers.serving import HOST, ConnectionThreads, ThreadedHTTPServer, log, quiet
from servers.sites import bookstore, dictionary, downloads, example, nginx


@dataclass(frozen=True)
class Entry:
    """One line of the catalogue: a server's attribute name, what it is, how to build it."""

    name: str
    scheme: str
    stands_in_for: str
    build: Callable[[int, Demo], Any]


def _program(module: Any) -> Callable[[int, Demo], ThreadedHTTPServer]:
    return lambda port, demo: ThreadedHTTPServer((HOST, port), quiet(module.Handler))


CATALOGUE: tuple[Entry, ...] = (
    Entry("httpbin", "http", "httpbin.org: echoes requests, statuses, redirects, auth, cookies",
          lambda port, demo: serve(httpbin, port, UPLOAD_DIR=demo.upload_dir)),
    Entry("https", "https", "httpbin.org over HTTPS, certificate from the local CA (ca_bundle)",
          lambda port, demo: serve(httpbin, port, demo.certificates.server_context(),
                                   UPLOAD_DIR=demo.upload_dir)),
    Entry("self_signed", "https", "self-signed.badssl.com: a certificate nobody trusts",
          lambda port, demo: serve(httpbin, port, demo.certificates.self_signed_context(),
                                   UPLOAD_DIR=demo.upload_dir)),
    Entry("mtls", "https", "a service that wants a client certificate (client_cert, client_key)",
          lambda port, demo: serve(tls.blueprint, port, demo.certificates.mutual_tls_context())),
    Entry("github", "http", "api.github.com: root links, /user with auth, repository search",
          lambda port, demo: serve(github.blueprint, port)),
    Entry("posts", "http", "jsonplaceholder.typicode.com: posts and todos with CRUD",
          lambda port, demo: serve(posts.blueprint, port)),
    Entry("forecast", "http", "api.open-meteo.com: /v1/forecast weather data",
          lambda port, demo: serve(forecast.blueprint, port)),
    Entry("paginated", "http", "a paginated API: page/per_page with Link, offset/limit, cursor",
          lambda port, demo: serve(paginated.blueprint, port)),
    Entry("ratelimited", "http", "a rate-limited API: 429 with Retry-After",
          lambda port, demo: serve(ratelimited.blueprint, port)),
    Entry("example", "http", "example.com: a plain page, its 404s and robots.txt",
          lambda port, demo: serve(example.blueprint, port)),
    Entry("dictionary", "http", "dictionary.com: /browse/<word> pages to scrape with XPath",
          lambda port, demo: serve(dictionary.blueprint, port)),
    Entry("bookstore", "http", "books.toscrape.com: a catalogue to scrape, with a login",
          lambda port, demo: serve(bookstore.blueprint, port)),
    Entry("downloads", "http", "gutenberg.org and friends: large files to stream",
          lambda port, demo: serve(downloads.blueprint, port)),
    Entry("nginx", "http", "the texts' nginx box: /secure/ with basic auth, a 301 old page",
          lambda port, demo: serve(nginx.blueprint, port)),
    Entry("agent", "http", "the texts' http.server that echoes User-Agent at /agent",
          _program(agent)),
    Entry("cookie_echo", "http", "the texts' http.server that echoes the Cookie header",
          _program(cookie_echo)),
    Entry("cookie_setter", "http", "the texts' http.server that sets three cookies",
          _program(cookie_setter)),
    Entry("json_get", "http", "the texts' http.server that answers GET with JSON",
          _program(json_get)),
    Entry("json_post", "http", "the texts' http.server that summarises a posted JSON body",
          _program(json_post)),
    Entry("proxy", "http", "a forwarding proxy (plain and CONNECT); GET /forwarded lists traffic",
          lambda port, demo: proxy.ProxyServer((HOST, port))),
    Entry("auth_proxy", "http", "the same proxy, wanting Proxy-Authorization (407 without)",
          lambda port, demo: proxy.ProxyServer((HOST, port), credentials=proxy.CREDENTIALS)),
    Entry("faults", "http", "broken servers: cut bodies, bad chunks, slow headers, bad JSON...",
          lambda port, demo: faults.FaultServer((HOST, port))),
    Entry("blackhole", "http", "a port that never accepts: connect timeouts on loopback",
          lambda port, demo: faults.Blackhole(port)),
)


class Demo:
    """A running set of demo servers, one URL attribute per server.

    The URL attributes (see ``CATALOGUE``) are plain strings with no trailing slash::

        demo.httpbin + "/get"

    Besides them: ``ca_bundle`` (the local CA, for ``verify=``), ``client_cert`` and
    ``client_key`` (for ``cert=`` against ``mtls``), ``upload_dir`` (where
    ``/upload`` saves files), and ``received``, the requests the servers received
    (``servers.record``). ``python -m servers`` prints the whole table.
    """

    httpbin: str
    https: str
    self_signed: str
    mtls: str
    github: str
    posts: str
    forecast: str
    paginated: str
    ratelimited: str
    example: str
    dictionary: str
    bookstore: str
    downloads: str
    nginx: str
    agent: str
    cookie_echo: str
    cookie_setter: str
    json_get: str
    json_post: str
    proxy: str
    auth_proxy: str
    faults: str
    blackhole: str

    ca_bundle: str
    client_cert: str
    client_key: str
    upload_dir: Path
    received: RequestLog

    def __init__(self, port_base: int | None = None, verbose: bool = False) -> None:
        """Prepare a demo set; :meth:`start` binds the ports.

        ``port_base``: give the servers fixed ports ``port_base``, ``port_base + 1``, ...
        in catalogue order (instructors like stable URLs); default: free ports.
        ``verbose``: log every request to stderr.
        """
        self.port_base = port_base
        self.verbose = verbose
        self.servers: dict[str, Any] = {}
        self.received = RequestLog()
        """What the servers received (``servers.record``): emptied when they stop."""
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._acceptor: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._acceptor is not None

    def start(self) -> Demo:
        """Bind every server, start accepting connections, and return ``self``."""
        if self.running:
            return self
        set_verbose(self.verbose)
        self._folder = tempfile.TemporaryDirectory(prefix="httplib-workbook-")
        folder = Path(self._folder.name)
        self.upload_dir = folder / "uploads"
        self.upload_dir.mkdir()
        self.certificates = tls.make_certificates(folder / "tls")
        self.ca_bundle = str(self.certificates.ca_bundle)
        self.client_cert = str(self.certificates.client_cert)
        self.client_key = str(self.certificates.client_key)
        try:
            for index, entry in enumerate(CATALOGUE):
                port = 0 if self.port_base is None else self.port_base + index
                try:
                    server = entry.build(port, self)
                except OSError as error:
                    raise OSError(error.errno, f"cannot start {entry.name!r} on port {port}: "
                                               f"{error.strerror}") from error
                self.servers[entry.name] = server
                if hasattr(server, "record_into"):
                    server.record_into(self.received, entry.name)
                setattr(self, entry.name, f"{entry.scheme}://{HOST}:{server.port}")
        except BaseException:
            self._close_servers()
            raise
        self._wake_send, self._wake_receive = socket.socketpair()
        self._acceptor = threading.Thread(target=self._accept_forever, name="servers:acceptor",
                                          daemon=True)
        self._acceptor.start()
        atexit.register(self.stop)
        return self

    def _accept_forever(self) -> None:
        """Wait on every listening socket; hand each new connection to its server."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_receive, selectors.EVENT_READ)
            for server in self.servers.values():
                if isinstance(server, ConnectionThreads):
                    selector.register(server, selectors.EVENT_READ)
            while True:
                for key, _events in selector.select():
                    if key.fileobj is self._wake_receive:
                        return
                    key.fileobj.handle_request()

    def stop(self) -> None:
        """Stop every server and delete the temporary folder. Safe to call twice."""
        if self._acceptor is not None:
            self._wake_send.send(b"x")
            self._acceptor.join()
            self._acceptor = None
            self._wake_send.close()
            self._wake_receive.close()
        self._close_servers()
        atexit.unregister(self.stop)

    def _close_servers(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()
        self.received.clear()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> Demo:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def table(self) -> str:
        """The catalogue as aligned text: name, URL, what it stands in for."""
        rows = [(entry.name, getattr(self, entry.name, "(stopped)"), entry.stands_in_for)
                for entry in CATALOGUE]
        rows += [("ca_bundle", self.ca_bundle, "the local CA: verify=demo.ca_bundle"),
                 ("client_cert", self.client_cert, "cert=(demo.client_cert, demo.client_key)"),
                 ("upload_dir", str(self.upload_dir), "where /upload saves files")]
        name_width = max(len(name) for name, _, _ in rows)
        url_width = max(len(url) for _, url, _ in rows if len(url) < 40)
        return "\n".join(f"{name:<{name_width}}  {url:<{url_width}}  {about}"
                         for name, url, about in rows)

    def __repr__(self) -> str:
        state = f"{len(self.servers)} servers" if self.running else "stopped"
        return f"<Demo {state}>"


_current: Demo | None = None
_current_lock = threading.Lock()


def start(verbose: bool = False) -> Demo:
    """Start the demo servers for this process, or return the ones already running.

    Run it again as often as you like (every "Run all" does): while a set is running
    you get that same set back, with the same URLs. After ``demo.stop()`` the next call
    starts a fresh set on new ports. ``verbose=True`` logs each request to stderr.
    """
    global _current
    with _current_lock:
        if _current is None or not _current.running:
            _current = Demo(verbose=verbose).start()
        else:
            set_verbose(verbose)
        return _current


_stderr_handler: logging.Handler | None = None


def set_verbose(verbose: bool) -> None:
    """Show (True) or hide (False) the servers' request log on stderr."""
    global _stderr_handler
    if _stderr_handler is not None:
        log.removeHandler(_stderr_handler)
        _stderr_handler = None
    # Quiet means no request records at all, not records made and thrown away: they
    # cost time on every request, and a capturing handler (pytest's) would keep them.
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    if verbose:
        # Made now, not at import: Jupyter and pytest replace sys.stderr after start-up.
        _stderr_handler = logging.StreamHandler()
        _stderr_handler.setFormatter(logging.Formatter("[servers] %(message)s"))
        log.addHandler(_stderr_handler)
