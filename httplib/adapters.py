"""Transport adapters: how a PreparedRequest reaches a server, through urllib3.

Owns: :class:`HTTPAdapter`: urllib3's connection pools (one per origin and TLS setting),
the proxy choice, ``timeout``/``verify``/``cert`` in urllib3's terms, ``urlopen``, and
wrapping the answer in a :class:`Response`. Errors leave through ``exceptions.translate``.
Must not: follow redirects, apply auth or cookies, or read the body (``Session.send``).

A session hands each request to the adapter mounted for its URL. Mount one of your own
to change how a service is reached: more retries, bigger pools (lesson 17).

    >>> session.mount("http://127.0.0.1", HTTPAdapter(max_retries=3))   # doctest: +SKIP
"""

from __future__ import annotations

import http.client
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import urllib3
from urllib3 import PoolManager, proxy_from_url
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import port_by_scheme
from urllib3.exceptions import LocationValueError
from urllib3.util import Retry, Timeout, parse_url

from httplib import utils
from httplib.auth import _basic_auth_str
from httplib.cookies import extract_cookies_to_jar
from httplib.exceptions import LOWER_LEVEL_ERRORS, InvalidProxyURL, InvalidURL, translate
from httplib.response import Response
from httplib.structures import CaseInsensitiveDict

if TYPE_CHECKING:
    from collections.abc import Mapping

    from httplib._types import Cert, TimeoutSetting
    from httplib.models import PreparedRequest

DEFAULT_POOLBLOCK = False
"""By default a pool that has lent all its connections opens another, not waits."""
DEFAULT_POOLSIZE = 10
"""By default pools are kept for 10 hosts, each keeping 10 connections."""
DEFAULT_RETRIES = 0
"""By default nothing is retried."""
_NO_TIMEOUT = Timeout(connect=None, read=None)


class _CheckedHead(http.client.HTTPResponse):
    """http.client's response, refusing a head that the server cut off.

    A response head ends with an empty line (RFC 9112 section 2.1). http.client stops
    reading header lines at that line *or* where the data runs out, and parses what it
    got either way: a server that closes the connection halfway through its headers
    looks like a complete answer, usually a 200 with an empty body. This class watches
    the lines as http.client reads them and raises ``RemoteDisconnected``, the error
    http.client itself raises for a connection closed before the status line; it
    reaches you as a ConnectionError.
    """

    def begin(self) -> None:
        fp = self.fp
        self.fp = lines = _LastLine(fp)  # begin() reads the head line by line through fp
        try:
            super().begin()
        finally:
            if self.fp is lines:  # still ours: http.client did not close it (it may)
                self.fp = fp
        if lines.last == b"":
            raise http.client.RemoteDisconnected(
                "Remote end closed the connection before the end of the response head")


class _LastLine:
    """A file that remembers the last line ``readline`` returned; the rest is the file's."""

    __slots__ = ("_file", "last")

    def __init__(self, file: Any) -> None:
        self._file = file
        self.last: bytes | None = None

    def readline(self, limit: int = -1) -> bytes:
        self.last = self._file.readline(limit)
        return self.last

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _recording(connection_class: type) -> type:
    """A subclass of a urllib3 connection class that remembers the head it sends.

    http.client collects the request line and header lines (including the ``Host`` line
    it adds itself) in its ``_buffer`` list, and ``endheaders`` sends them. Copying that
    list there, once per request, gives ``httplib.dump`` the exact bytes that went on the
    wire, in their order. ``_buffer`` is private to http.client (stable for decades);
    if it ever goes, ``dump`` falls back to the prepared request's head.
    """

    class Recording(connection_class):  # type: ignore[misc, valid-type]
        sent_head: list[bytes] | None = None
        response_class = _CheckedHead  # http.client's hook for its response class

        def endheaders(self, *args: Any, **kwargs: Any) -> None:
            buffered = getattr(self, "_buffer", None)
            self.sent_head = list(buffered) if buffered else None
            super().endheaders(*args, **kwargs)

    # urllib3's name, as error messages show it (see the pools below).
    Recording.__name__ = Recording.__qualname__ = connection_class.__name__
    return Recording


# They keep urllib3's class names on purpose: error messages name the pool
# ("HTTPConnectionPool(host=...): Max retries exceeded"), and users compare those
# messages with requests'.
class HTTPConnectionPool(urllib3.HTTPConnectionPool):
    """urllib3's pool for ``http://``, whose connections record the head they send, for
    ``httplib.dump``. Adapters make these; you do not."""

    ConnectionCls = _recording(HTTPConnection)


class HTTPSConnectionPool(urllib3.HTTPSConnectionPool):
    """urllib3's pool for ``https://``, recording like :class:`HTTPConnectionPool`."""

    ConnectionCls = _recording(HTTPSConnection)


_POOL_CLASSES = {"http": HTTPConnectionPool, "https": HTTPSConnectionPool}


def _tls_pool_kwargs(url: str, verify: Any, cert: Any) -> dict[str, Any]:
    """urllib3's pool settings for ``verify`` and ``cert``. They are part of the pool key,
    so a pool opened with ``verify=False`` is never reused by a request that verifies.
    ``verify``: True (urllib3's default trust store), or a CA file or directory.
    """
    https = url[:6].lower() == "https:"
    if not (https or cert):
        return {}  # plain HTTP: urllib3 ignores TLS settings for it anyway
    kwargs: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED" if verify else "CERT_NONE"}
    if isinstance(verify, str) and https:
        if not os.path.exists(verify):
            raise OSError(f"Could not find a suitable TLS CA certificate bundle, "
                          f"invalid path: {verify}")
        kwargs["ca_cert_dir" if os.path.isdir(verify) else "ca_certs"] = verify
    if cert:
        cert_file, key_file = (cert, None) if isinstance(cert, str) else cert
        for path, what in ((cert_file, "certificate file"), (key_file, "key file")):
            if path and not os.path.exists(path):
                raise OSError(f"Could not find the TLS {what}, invalid path: {path}")
        kwargs["cert_file"], kwargs["key_file"] = cert_file, key_file
    return kwargs


@lru_cache(maxsize=256)
def _origin(url: str) -> tuple[str, str | None, int | None]:
    """Scheme, host and port of ``url``. Cached: a program asks the same origins again."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.hostname, parts.port


def _urllib3_timeout(timeout: Any) -> Timeout:
    """``None``, a number, a ``(connect, read)`` pair or a urllib3 Timeout, as a Timeout."""
    if timeout is None:
        return _NO_TIMEOUT
    if isinstance(timeout, Timeout):
        return timeout
    if isinstance(timeout, tuple):
        try:
            connect, read = timeout
        except ValueError:
            raise ValueError(f"Invalid timeout {timeout}. Pass a (connect, read) timeout tuple, "
                             "or a single float to set both timeouts to the same value."
                             ) from None
        return Timeout(connect=connect, read=read)
    return Timeout(connect=timeout, read=timeout)


class BaseAdapter:
    """The interface a Session needs from a transport: ``send`` and ``close``.

    Subclass it to answer requests some other way (from files, from memory in a
    test), and mount it on a session with :meth:`Session.mount`.
    """

    def send(self, request: PreparedRequest, stream: bool = False,
             timeout: TimeoutSetting = None, verify: bool | str = True, cert: Cert = None,
             proxies: Mapping[str, str] | None = None) -> Response:
        """Send ``request`` and return the response. Subclasses must implement this.

        :param request: The request to send, exactly as it goes on the wire.
        :param stream: Leave the body on the connection until it is read.
        :param timeout: How long to wait, as ``timeout`` in :meth:`Session.request`.
        :param verify: Check the server's certificate: True, False or a CA bundle path.
        :param cert: A client certificate to present.
        :param proxies: Proxy URLs by scheme or ``scheme://host``.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release what the adapter holds, such as connections. Subclasses must
        implement this."""
        raise NotImplementedError


class HTTPAdapter(BaseAdapter):
    """HTTP and HTTPS over urllib3's connection pools: every session has two, mounted
    at ``http://`` and ``https://``.

    Mount one with other settings for the hosts that need them (lesson 17):

        >>> retry = urllib3.Retry(total=3, backoff_factor=0.5, status_forcelist=[503])
        >>> s.mount("https://api.example.com", HTTPAdapter(max_retries=retry))  # doctest: +SKIP

    :param pool_connections: How many hosts keep a pool of connections; the least
        recently used host's pool is closed to make room.
    :param pool_maxsize: How many connections each pool keeps for reuse: raise it to
        the number of threads sharing the session (lesson 22).
    :param max_retries: 0, the default, never retries. A number ``n`` is
        ``urllib3.Retry(n)``: it retries failed connections (DNS, refused, connect
        timeout) and, for idempotent methods only, failed reads. A ``urllib3.Retry``
        gives full control, retrying on statuses such as 503 with a backoff (lessons 17
        and 18); when it gives up on a status, :exc:`RetryError` is raised.
    :param pool_block: When every connection of a pool is in use, wait for one to come
        back instead of opening one more.
    """

    def __init__(self, pool_connections: int = DEFAULT_POOLSIZE,
                 pool_maxsize: int = DEFAULT_POOLSIZE, max_retries: int | Retry = DEFAULT_RETRIES,
                 pool_block: bool = DEFAULT_POOLBLOCK) -> None:
        if max_retries == DEFAULT_RETRIES:
            # No retries at all, and a read error is raised as it is, not as MaxRetryError.
            self.max_retries = Retry(0, read=False)
        else:  # as requests: n retries of connection errors, and of reads for idempotent methods
            self.max_retries = Retry.from_int(max_retries)
        self.proxy_manager: dict[str, PoolManager] = {}
        self._pool_keys: dict[tuple[Any, ...], tuple[Any, dict[str, Any], dict[str, Any]]] = {}
        self.init_poolmanager(pool_connections, pool_maxsize, block=pool_block)

    #: What a pickled adapter carries: its retries and pool settings, not its pools.
    __attrs__: ClassVar[list[str]] = ["max_retries", "_pool_connections", "_pool_maxsize",
                                      "_pool_block"]

    def __getstate__(self) -> dict[str, Any]:
        """The settings to pickle. Connection pools hold sockets and locks, which cannot
        be pickled; :meth:`__setstate__` makes new, empty ones from these settings."""
        return {name: getattr(self, name) for name in self.__attrs__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self.proxy_manager = {}
        self._pool_keys = {}
        self.init_poolmanager(self._pool_connections, self._pool_maxsize,
                              block=self._pool_block)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = DEFAULT_POOLBLOCK,
                         **pool_kwargs: Any) -> None:
        """Create the urllib3 PoolManager that keeps the connections.

        Called by ``__init__``; override it in a subclass to give urllib3 more
        settings, such as socket options.

        :param connections: How many hosts keep a pool (``pool_connections``).
        :param maxsize: How many connections each pool keeps (``pool_maxsize``).
        :param block: Wait for a free connection instead of opening more.
        :param **pool_kwargs: Anything else ``urllib3.PoolManager`` accepts.
        """
        self._pool_connections, self._pool_maxsize, self._pool_block = connections, maxsize, block
        self.poolmanager = PoolManager(num_pools=connections, maxsize=maxsize, block=block,
                                       **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_headers(self, proxy: str) -> dict[str, str]:
        """Headers for the proxy itself: Basic credentials from its URL, if any (lesson 16).

        :param proxy: The proxy's URL, such as ``"http://user:pass@proxy:3128"``.
        """
        username, password = utils.get_auth_from_url(proxy)
        return {"Proxy-Authorization": _basic_auth_str(username, password)} if username else {}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        """The urllib3 ProxyManager for ``proxy``, created once and kept.

        :param proxy: The proxy's URL, ``http://`` or ``https://`` (no SOCKS).
        :param **proxy_kwargs: Anything else ``urllib3.proxy_from_url`` accepts.
        """
        if proxy not in self.proxy_manager:  # http:// or https:// only (no SOCKS)
            manager = proxy_from_url(
                proxy, proxy_headers=self.proxy_headers(proxy), num_pools=self._pool_connections,
                maxsize=self._pool_maxsize, block=self._pool_block, **proxy_kwargs)
            manager.pool_classes_by_scheme = _POOL_CLASSES
            self.proxy_manager[proxy] = manager
        return self.proxy_manager[proxy]

    def get_connection_with_tls_context(self, request: PreparedRequest, verify: bool | str,
                                        proxies: Mapping[str, str] | None = None,
                                        cert: Cert = None) -> HTTPConnectionPool:
        """The pool for the request's origin, TLS settings and proxy.

        Requests that share all three share connections; a request with other TLS
        settings (``verify=False``, say) never gets a connection made for these.

        :param request: The request to send.
        :param verify: True, False or a CA bundle path, as in :meth:`Session.request`.
        :param proxies: Proxy URLs by scheme or ``scheme://host``.
        :param cert: A client certificate to present.
        :raises InvalidURL: The URL's port is not a number, or the proxy's scheme is not
            http or https.
        :raises InvalidProxyURL: The proxy URL has no host.
        """
        try:
            scheme, host, port = _origin(request.url)
        except ValueError as e:  # a port that is not a number
            raise InvalidURL(e, request=request) from e
        pool_kwargs = _tls_pool_kwargs(request.url, verify, cert)
        proxy = utils.select_proxy(request.url, proxies)
        manager = self.poolmanager
        if proxy:
            proxy = utils.prepend_scheme_if_needed(proxy, "http")
            if not parse_url(proxy).host:
                raise InvalidProxyURL("Please check proxy URL. It is malformed "
                                      "and could be missing the host.")
            try:
                manager = self.proxy_manager_for(proxy)
            except LocationValueError as e:  # socks5://, ftp://: urllib3 proxies only http(s)
                raise InvalidURL(e, request=request) from e
        try:
            if manager is self.poolmanager and host and scheme in _POOL_CLASSES:
                return self._direct_pool(scheme, host, port, pool_kwargs)
            return manager.connection_from_host(host, port, scheme, pool_kwargs=pool_kwargs)
        except LOWER_LEVEL_ERRORS as e:
            raise translate(e, request) from e

    def _direct_pool(self, scheme: str, host: str, port: int | None,
                     pool_kwargs: dict[str, Any]) -> HTTPConnectionPool:
        """The pool for an origin reached without a proxy, as ``connection_from_host``
        would find it, with urllib3's pool key computed once per origin and TLS setting.

        ``connection_from_host`` rebuilds its 30-field key on every call, which costs
        more than the rest of choosing a pool; the manager's own lookup still decides,
        so its limit on pools (``pool_connections``) holds as before. A key is made again
        if the manager's settings (``connection_pool_kw``) changed since.
        """
        manager = self.poolmanager
        cache_key = (manager, scheme, host, port, *sorted(pool_kwargs.items()))
        found = self._pool_keys.get(cache_key)
        if found is None or found[2] != manager.connection_pool_kw:
            if len(self._pool_keys) >= 100:  # a crawler meets many origins: stay small
                self._pool_keys.clear()
            context = {**manager.connection_pool_kw, **pool_kwargs, "scheme": scheme,
                       "host": host, "port": port or port_by_scheme[scheme]}
            found = self._pool_keys[cache_key] = (manager.key_fn_by_scheme[scheme](context),
                                                  context, dict(manager.connection_pool_kw))
        pool_key, context, _ = found
        # A copy: a new pool is made from the context, and urllib3 pops keys out of it.
        return manager.connection_from_pool_key(pool_key, request_context=dict(context))

    def request_url(self, request: PreparedRequest, proxies: Mapping[str, str] | None) -> str:
        """What the request line asks for: the absolute URL for a plain-HTTP proxy
        (RFC 9112 section 3.2.2), else path and query (through a CONNECT tunnel the
        origin sees a normal request). Lesson 16 shows both.

        :param request: The request to send.
        :param proxies: Proxy URLs by scheme or ``scheme://host``.
        """
        if urlsplit(request.url).scheme != "https" and utils.select_proxy(request.url, proxies):
            return utils.urldefragauth(request.url)
        return request.path_url

    def add_headers(self, request: PreparedRequest, **kwargs: Any) -> None:
        """Add headers just before sending; does nothing unless a subclass overrides it.

        :param request: The request about to be sent, to change in place.
        :param **kwargs: The arguments ``send`` got: ``stream``, ``timeout``...
        """

    def send(self, request: PreparedRequest, stream: bool = False,
             timeout: TimeoutSetting = None, verify: bool | str = True, cert: Cert = None,
             proxies: Mapping[str, str] | None = None) -> Response:
        """Send ``request`` and return the response, its body still on the connection.

        :meth:`Session.send` calls this; it reads the body afterwards unless ``stream``.
        Errors from urllib3 and the socket come out as httplib's (lesson 04).

        :param request: The request to send, exactly as it goes on the wire.
        :param stream: Unused here: the body is always left on the connection.
        :param timeout: Seconds to wait: a number, a ``(connect, read)`` pair or a
            urllib3 ``Timeout``; None waits forever (lesson 12).
        :param verify: Check the server's certificate: True, False or a CA bundle path
            (lesson 15).
        :param cert: A client certificate: a path, or a ``(cert, key)`` pair of paths.
        :param proxies: Proxy URLs by scheme or ``scheme://host`` (lesson 16).
        :raises ConnectionError: The connection failed; :exc:`ConnectTimeout`,
            :exc:`SSLError` and :exc:`ProxyError` are kinds of it.
        :raises ReadTimeout: The server sent nothing for ``timeout`` seconds.
        :raises RetryError: A ``urllib3.Retry`` gave up on error statuses.
        """
        pool = self.get_connection_with_tls_context(request, verify, proxies, cert)
        url = self.request_url(request, proxies)
        self.add_headers(request, stream=stream, timeout=timeout, verify=verify, cert=cert,
                         proxies=proxies)
        # No Content-Length for a body means we stream it chunked (RFC 9112 section 7.1).
        chunked = not (request.body is None or "Content-Length" in request.headers)
        try:
            raw = pool.urlopen(
                method=request.method, url=url, body=request.body,
                headers=self._origin_headers(request, proxies),
                redirect=False, assert_same_host=False, preload_content=False,
                decode_content=False, retries=self.max_retries,
                timeout=_urllib3_timeout(timeout), chunked=chunked)
        except LOWER_LEVEL_ERRORS as e:
            raise translate(e, request) from e
        return self.build_response(request, raw)

    @staticmethod
    def _origin_headers(request: Any, proxies: Mapping[str, str] | None) -> Any:
        """The headers the origin server gets: the request's, but never proxy credentials.

        Through a proxy, an https request first asks the proxy ``CONNECT host:443``, then
        talks TLS to the origin inside that tunnel, where every header reaches the origin
        and none the proxy. A Proxy-Authorization header on the request itself (set by
        hand or by ``HTTPProxyAuth``) would hand the proxy's password to the origin, so it
        stays out (requests sends it). For https, put the credentials in the proxy URL:
        ``http://user:pass@proxy:3128``; they go on the CONNECT.
        """
        headers = request.headers
        if ("Proxy-Authorization" in headers and request.url[:6].lower() == "https:"
                and utils.select_proxy(request.url, proxies)):
            headers = headers.copy()
            del headers["Proxy-Authorization"]
        return headers

    def build_response(self, req: PreparedRequest, resp: urllib3.BaseHTTPResponse) -> Response:
        """Make a :class:`Response` from urllib3's: status, headers, encoding, cookies.

        :param req: The request that was sent; it becomes ``response.request``.
        :param resp: urllib3's response, body not yet read; it becomes ``response.raw``.
        """
        response = Response()
        response.status_code = resp.status
        response.headers = CaseInsensitiveDict(resp.headers.itermerged())
        response.encoding = utils.get_encoding_from_headers(response.headers)
        response.raw = resp
        response.reason = resp.reason
        response.url = req.url
        if "Set-Cookie" in resp.headers:  # most answers set none: leave the jar unmade
            extract_cookies_to_jar(response.cookies, req, resp)
        response.request = req
        response.connection = self
        response._sent_head = getattr(resp.connection, "sent_head", None)
        return response

    def close(self) -> None:
        """Close every pooled connection, the proxies' too."""
        self.poolmanager.clear()
        for manager in self.proxy_manager.values():
            manager.clear()
