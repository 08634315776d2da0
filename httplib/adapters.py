"""Transport adapters: how a PreparedRequest reaches a server, through urllib3.

Owns: :class:`HTTPAdapter`: urllib3's connection pools (one per origin and TLS setting),
the proxy choice, ``timeout``/``verify``/``cert`` in urllib3's terms, ``urlopen``, and
wrapping the answer in a :class:`Response`. Errors leave through ``exceptions.translate``.
Must not: follow redirects, apply auth or cookies, or read the body (``Session.send``).

    >>> session.mount("http://127.0.0.1", HTTPAdapter(max_retries=3))   # doctest: +SKIP
"""

from __future__ import annotations

import http.client
import os
from functools import lru_cache
from typing import Any, ClassVar
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

DEFAULT_POOLBLOCK = False
DEFAULT_POOLSIZE = 10
DEFAULT_RETRIES = 0
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


# urllib3's pools, with recording connections. They keep urllib3's class names on
# purpose: error messages name the pool ("HTTPConnectionPool(host=...): Max retries
# exceeded"), and users compare those messages with requests'.
class HTTPConnectionPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _recording(HTTPConnection)


class HTTPSConnectionPool(urllib3.HTTPSConnectionPool):
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
    """The interface a Session needs from a transport: ``send`` and ``close``."""

    def send(self, request: Any, stream: bool = False, timeout: Any = None,
             verify: bool | str = True, cert: Any = None,
             proxies: dict[str, str] | None = None) -> Response:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class HTTPAdapter(BaseAdapter):
    """HTTP and HTTPS over urllib3's connection pools.

    ``pool_connections``: how many hosts keep pools; ``pool_maxsize``: connections kept
    per host; ``pool_block``: wait for a free connection instead of opening more.
    ``max_retries``: 0 (the default) never retries; an int ``n`` is
    ``urllib3.Retry(n)``: failed connections (DNS, refused, connect timeout) and, for
    idempotent methods only, failed reads; pass a ``urllib3.Retry`` for more control.
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
        """Create the PoolManager; override to pass urllib3 more settings."""
        self._pool_connections, self._pool_maxsize, self._pool_block = connections, maxsize, block
        self.poolmanager = PoolManager(num_pools=connections, maxsize=maxsize, block=block,
                                       **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_headers(self, proxy: str) -> dict[str, str]:
        """Headers for the proxy itself: Basic credentials from its URL, if any."""
        username, password = utils.get_auth_from_url(proxy)
        return {"Proxy-Authorization": _basic_auth_str(username, password)} if username else {}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        """The urllib3 ProxyManager for ``proxy``, created once and kept."""
        if proxy not in self.proxy_manager:  # http:// or https:// only (no SOCKS)
            manager = proxy_from_url(
                proxy, proxy_headers=self.proxy_headers(proxy), num_pools=self._pool_connections,
                maxsize=self._pool_maxsize, block=self._pool_block, **proxy_kwargs)
            manager.pool_classes_by_scheme = _POOL_CLASSES
            self.proxy_manager[proxy] = manager
        return self.proxy_manager[proxy]

    def get_connection_with_tls_context(self, request: Any, verify: Any,
                                        proxies: dict[str, str] | None = None,
                                        cert: Any = None) -> HTTPConnectionPool:
        """The pool for the request's origin, TLS settings and proxy."""
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

    def request_url(self, request: Any, proxies: dict[str, str] | None) -> str:
        """The request target: the absolute URL for a plain-HTTP proxy (RFC 9112 3.2.2),
        else path and query (through a CONNECT tunnel the origin sees a normal request)."""
        if urlsplit(request.url).scheme != "https" and utils.select_proxy(request.url, proxies):
            return utils.urldefragauth(request.url)
        return request.path_url

    def add_headers(self, request: Any, **kwargs: Any) -> None:
        """Add headers for the connection; nothing by default, for subclasses to override."""

    def send(self, request: Any, stream: bool = False, timeout: Any = None,
             verify: bool | str = True, cert: Any = None,
             proxies: dict[str, str] | None = None) -> Response:
        """Send ``request`` and return the Response, its body still on the connection."""
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
    def _origin_headers(request: Any, proxies: dict[str, str] | None) -> Any:
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

    def build_response(self, req: Any, resp: Any) -> Response:
        """Wrap urllib3's response: status, headers, encoding, cookies, request."""
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
        """Close every pooled connection."""
        self.poolmanager.clear()
        for manager in self.proxy_manager.values():
            manager.clear()
