"""Cookies: a jar that is both an ``http.cookiejar.CookieJar`` and a dict.

Owns: :class:`RequestsCookieJar` (``session.cookies["theme"] = "dark"`` and every
CookieJar method), helpers to build and merge jars, and the two adapters that let
``http.cookiejar`` read our requests and urllib3's responses.
Must not: decide which cookie goes where: ``http.cookiejar``'s policy does (domain,
path, secure, expiry; RFC 6265).

``session.cookies`` and ``response.cookies`` are such jars: read and set them like a
dict; which cookie goes to which URL is decided by ``http.cookiejar``'s rules (domain,
path, secure, expiry; RFC 6265). Lesson 09.

    >>> jar = RequestsCookieJar(); jar["theme"] = "dark"
    >>> jar.get_dict()
    {'theme': 'dark'}
"""

from __future__ import annotations

import calendar
import copy
import threading
import time
from collections.abc import Iterator, Mapping, MutableMapping
from http.cookiejar import Cookie, CookieJar, CookiePolicy, eff_request_host
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from http.cookies import Morsel

    from urllib3 import BaseHTTPResponse, HTTPHeaderDict

    from httplib.models import PreparedRequest


class MockRequest:
    """Show a PreparedRequest to ``http.cookiejar`` as the ``urllib.request.Request`` it
    expects: the jar reads the URL (to scope cookies) and writes the ``Cookie`` header
    through ``add_unredirected_header``, which :meth:`MockRequest.get_new_headers`
    returns. httplib uses it inside; you need it only to call ``http.cookiejar`` yourself.

    :param request: The request the jar should see.
    """

    def __init__(self, request: PreparedRequest) -> None:
        self._r = request
        self._new_headers: dict[str, str] = {}
        self.type = urlsplit(request.url).scheme

    def get_full_url(self) -> str:
        """The URL, with the host of an explicit ``Host`` header if there is one."""
        host = self._r.headers.get("Host")
        if not host:
            return self._r.url
        # An explicit Host header names the site the cookies belong to.
        if isinstance(host, bytes):
            host = host.decode("utf-8")
        scheme, _, path, query, fragment = urlsplit(self._r.url)
        return urlunsplit((scheme, host, path, query, fragment))

    def has_header(self, name: str) -> bool:
        """Whether the request, or what the jar added, has header ``name``.

        :param name: A header name, in any case.
        """
        return name in self._r.headers or name in self._new_headers

    def get_header(self, name: str, default: str | None = None) -> str | None:
        """The value of header ``name``, or ``default``.

        :param name: A header name, in any case.
        :param default: What to return when there is no such header.
        """
        return self._r.headers.get(name, self._new_headers.get(name, default))

    def add_unredirected_header(self, name: str, value: str) -> None:
        """Keep a header the jar wants to add (``Cookie``), for :meth:`get_new_headers`.

        :param name: The header name.
        :param value: Its value.
        """
        self._new_headers[name] = value

    def get_new_headers(self) -> dict[str, str]:
        """The headers the jar added."""
        return self._new_headers

    unverifiable = True  # as in requests; the default cookie policy does not act on it

    @property
    def host(self) -> str:
        """The host and port the request goes to."""
        return urlsplit(self._r.url).netloc

    origin_req_host = host


class MockResponse:
    """Show urllib3's headers to ``http.cookiejar``, which calls ``info().get_all(name)``.

    :param headers: urllib3's headers of a response (an ``HTTPHeaderDict``).
    """

    def __init__(self, headers: HTTPHeaderDict) -> None:
        self._headers = headers

    def info(self) -> MockResponse:
        """Itself: ``http.cookiejar`` reads the headers from ``response.info()``."""
        return self

    def get_all(self, name: str, default: Any = None) -> Any:
        """Every value of header ``name`` (each ``Set-Cookie``), or ``default``.

        :param name: A header name, in any case.
        :param default: What to return when there is no such header.
        """
        return self._headers.getlist(name) or default


def extract_cookies_to_jar(jar: CookieJar, request: PreparedRequest,
                           response: BaseHTTPResponse | None) -> None:
    """Store the cookies a response sets (``Set-Cookie``, RFC 6265) into ``jar``, as the
    jar's rules allow for the request's URL.

    :param jar: Where to keep them, usually ``session.cookies``.
    :param request: The request that got the response: its URL scopes the cookies.
    :param response: urllib3's response (``response.raw``), whose headers are read.
    """
    headers = getattr(response, "headers", None)
    # Most responses set no cookie: skip the cookiejar machinery for them.
    if headers is None or not hasattr(headers, "getlist") or "Set-Cookie" not in headers:
        return
    jar.extract_cookies(MockResponse(headers), MockRequest(request))


def get_cookie_header(jar: CookieJar, request: PreparedRequest) -> str | None:
    """The ``Cookie`` header ``jar`` would send with ``request``, or None.

    :param jar: The cookies to choose from.
    :param request: The request; its URL decides which cookies go.
    """
    if not len(jar):
        return None
    mock = MockRequest(request)
    jar.add_cookie_header(mock)
    return mock.get_new_headers().get("Cookie")


def keep_to_request_host(jar: CookieJar, given: Mapping[str, str] | CookieJar,
                         request: PreparedRequest) -> None:
    """Give the cookies of ``given`` that name no domain the host of ``request``, in ``jar``.

    ``given`` is what one call passed as ``cookies=`` (a dict or a jar); ``jar`` holds
    them, as the prepared ``request`` carries them to its redirects. A cookie without
    a domain goes to every host: right for one you put in ``session.cookies`` yourself,
    wrong for one given to a single call, which a redirect would carry to another site.
    Each such cookie gets the domain http.cookiejar records for a cookie a server sets
    without a Domain attribute, so the jar's own rules keep it to that host (and, as
    http.cookiejar does for those, to its subdomains). requests sends them anywhere.

    :param jar: The jar holding the request's cookies.
    :param given: What was passed as ``cookies=``.
    :param request: The prepared request, whose host the cookies are kept to.
    """
    names = {(cookie.path, cookie.name) for cookie in
             (given if isinstance(given, CookieJar) else cookiejar_from_dict(given))
             if not cookie.domain}
    host = eff_request_host(MockRequest(request))[1]  # "localhost" is "localhost.local"
    for cookie in [c for c in jar if not c.domain and (c.path, c.name) in names]:
        jar.clear("", cookie.path, cookie.name)
        cookie.domain = host
        jar.set_cookie(cookie)


def remove_cookie_by_name(cookiejar: CookieJar, name: str, domain: str | None = None,
                          path: str | None = None) -> None:
    """Remove every cookie called ``name`` (only in ``domain`` and ``path`` if given).

    :param cookiejar: The jar to remove from.
    :param name: The cookie's name.
    :param domain: Only the cookies of this domain; None: any.
    :param path: Only the cookies of this path; None: any.
    """
    doomed = [(c.domain, c.path, c.name) for c in cookiejar if c.name == name
              and domain in (None, c.domain) and path in (None, c.path)]
    for cookie_domain, cookie_path, cookie_name in doomed:
        cookiejar.clear(cookie_domain, cookie_path, cookie_name)


class CookieConflictError(RuntimeError):
    """Several cookies match the name: pass ``domain`` and ``path`` to
    :meth:`RequestsCookieJar.get` to choose one."""


class RequestsCookieJar(CookieJar, MutableMapping):
    """A CookieJar with a dict interface; the jar of every Session and Response.

    Names can repeat across domains and paths: then ``jar["name"]`` raises
    :class:`CookieConflictError` and ``jar.get("name", domain="example.com", path="/")``
    picks one. Dict operations scan the jar (O(n)); jars are small.

        >>> jar = RequestsCookieJar()
        >>> for domain, value in [("a.example", "1"), ("b.example", "2")]:
        ...     _ = jar.set("sid", value, domain=domain)
        >>> jar.get("sid", domain="b.example")
        '2'

    ``RequestsCookieJar(policy)`` takes the rules for which cookie goes where, as
    ``http.cookiejar.CookieJar`` does: ``DefaultCookiePolicy()`` unless given.
    """

    def get(self, name: str, default: Any = None, domain: str | None = None,
            path: str | None = None) -> Any:
        """The value of cookie ``name``, or ``default`` if there is none.

        :param name: The cookie's name.
        :param default: What to return when no cookie matches.
        :param domain: Only a cookie of this domain; None: any.
        :param path: Only a cookie of this path; None: any.
        :raises CookieConflictError: Several cookies match: give ``domain`` and ``path``.
        """
        try:
            return self._find(name, domain, path)
        except KeyError:
            return default

    def set(self, name: str, value: str | Morsel | None, **kwargs: Any) -> Cookie | None:
        """Set cookie ``name`` to ``value``, or remove it: ``jar.set("sid", None)``.

        :param name: The cookie's name.
        :param value: Its value; None removes the cookie; an ``http.cookies.Morsel``
            brings its own attributes.
        :param **kwargs: Where the cookie applies and until when: ``domain``, ``path``,
            ``secure``, ``expires``... as for :func:`create_cookie`.
        :returns: The cookie stored, or None when one was removed.
        """
        if value is None:
            remove_cookie_by_name(self, name, kwargs.get("domain"), kwargs.get("path"))
            return None
        from http.cookies import Morsel  # rarely needed: keep it out of ``import httplib``

        cookie = morsel_to_cookie(value) if isinstance(value, Morsel) else create_cookie(
            name, value, **kwargs)
        self.set_cookie(cookie)
        return cookie

    def iterkeys(self) -> Iterator[str]:
        """The cookies' names, one at a time, as ``keys()`` lists them."""
        return (cookie.name for cookie in self)

    def itervalues(self) -> Iterator[Any]:
        """The cookies' values, one at a time."""
        return (cookie.value for cookie in self)

    def iteritems(self) -> Iterator[tuple[str, Any]]:
        """``(name, value)`` pairs, one at a time."""
        return ((cookie.name, cookie.value) for cookie in self)

    def keys(self) -> list[str]:  # type: ignore[override]
        """The cookies' names, a name once for each domain and path that has it."""
        return [cookie.name for cookie in self]

    def values(self) -> list[Any]:  # type: ignore[override]
        """The cookies' values, in the order of :meth:`RequestsCookieJar.keys`."""
        return [cookie.value for cookie in self]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        """``(name, value)`` pairs, so ``dict(jar)`` and ``dict(jar.items())`` work."""
        return [(cookie.name, cookie.value) for cookie in self]

    def list_domains(self) -> list[str]:
        """Each domain that has a cookie here, once."""
        return list(dict.fromkeys(cookie.domain for cookie in self))

    def list_paths(self) -> list[str]:
        """Each path that has a cookie here, once."""
        return list(dict.fromkeys(cookie.path for cookie in self))

    def multiple_domains(self) -> bool:
        """True if some domain holds more than one cookie (requests' definition)."""
        domains = [cookie.domain for cookie in self]
        return len(set(domains)) < len(domains)

    def get_dict(self, domain: str | None = None, path: str | None = None) -> dict[str, Any]:
        """A plain dict of names and values: ``{"theme": "dark"}``.

        :param domain: Only the cookies of this domain; None: all.
        :param path: Only the cookies of this path; None: all.
        """
        return {c.name: c.value for c in self
                if domain in (None, c.domain) and path in (None, c.path)}

    def __contains__(self, name: object) -> bool:
        try:
            return super().__contains__(name)
        except CookieConflictError:
            return True

    def __getitem__(self, name: str) -> Any:
        return self._find(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.set(name, value)

    def __delitem__(self, name: str) -> None:
        remove_cookie_by_name(self, name)

    def set_cookie(self, cookie: Cookie, *args: Any, **kwargs: Any) -> None:
        """Store ``cookie``, replacing one of the same name, domain and path.

        :param cookie: An ``http.cookiejar.Cookie``, such as :func:`create_cookie` makes.
        """
        # A quoted value may carry escaped quotes; store it without them, as requests does.
        value = cookie.value
        if value is not None and value.startswith('"') and value.endswith('"'):
            cookie.value = value.replace('\\"', "")
        super().set_cookie(cookie, *args, **kwargs)

    def update(self, other: CookieJar | Mapping[str, str]) -> None:  # type: ignore[override]
        """Add the cookies of another jar (copied) or of a dict.

        :param other: A jar, whose cookies keep their domain and path, or a dict of
            names and values.
        """
        if isinstance(other, CookieJar):
            for cookie in other:
                self.set_cookie(copy.copy(cookie))
        else:
            super().update(other)

    def _find(self, name: str, domain: str | None = None, path: str | None = None) -> Any:
        found = [c for c in self if c.name == name
                 and domain in (None, c.domain) and path in (None, c.path)]
        if len(found) > 1:
            raise CookieConflictError(f"There are multiple cookies with name, {name!r}")
        if not found or found[0].value is None:
            raise KeyError(f"name={name!r}, domain={domain!r}, path={path!r}")
        return found[0].value

    def copy(self) -> RequestsCookieJar:
        """A new jar with copies of these cookies and the same policy."""
        new = RequestsCookieJar(self.get_policy())
        new.update(self)
        return new

    def get_policy(self) -> CookiePolicy:
        """The rules this jar follows for which cookie goes where."""
        return self._policy

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_cookies_lock")  # a lock cannot be pickled
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cookies_lock = threading.RLock()


_COOKIE_DEFAULTS: dict[str, Any] = {
    "version": 0, "port": None, "domain": "", "path": "/", "secure": False, "expires": None,
    "discard": True, "comment": None, "comment_url": None, "rest": {"HttpOnly": None},
    "rfc2109": False,
}


def create_cookie(name: str, value: str, **kwargs: Any) -> Cookie:
    """A Cookie from a name and value; by default sent to every host and path.

        >>> create_cookie("sid", "42", domain="example.com").domain
        'example.com'

    :param name: The cookie's name.
    :param value: Its value.
    :param **kwargs: Any field of ``http.cookiejar.Cookie``: ``domain``, ``path``
        (``"/"``), ``secure`` (False), ``expires`` (seconds since the epoch; None: until
        the session ends), ``rest`` (``{"HttpOnly": None}``)...
    :raises TypeError: A keyword is not a field of a cookie.
    """
    unexpected = set(kwargs) - set(_COOKIE_DEFAULTS)
    if unexpected:
        raise TypeError(f"create_cookie() got unexpected keyword arguments: {list(unexpected)}")
    fields = {**_COOKIE_DEFAULTS, "rest": {"HttpOnly": None}, **kwargs}
    return Cookie(name=name, value=value, port_specified=bool(fields["port"]),
                  domain_specified=bool(fields["domain"]),
                  domain_initial_dot=fields["domain"].startswith("."),
                  path_specified=bool(fields["path"]), **fields)


def morsel_to_cookie(morsel: Morsel) -> Cookie:
    """Convert an ``http.cookies.Morsel`` into a Cookie, with its expiry, domain, path
    and flags.

    :param morsel: One cookie parsed by ``http.cookies.SimpleCookie``.
    :raises TypeError: Its ``max-age`` is not a whole number.
    """
    expires = None
    if morsel["max-age"]:
        try:
            expires = int(time.time() + int(morsel["max-age"]))
        except ValueError:
            raise TypeError(f"max-age: {morsel['max-age']} must be integer") from None
    elif morsel["expires"]:
        expires = calendar.timegm(time.strptime(morsel["expires"], "%a, %d-%b-%Y %H:%M:%S GMT"))
    return create_cookie(
        morsel.key, morsel.value, comment=morsel["comment"],
        comment_url=bool(morsel["comment"]), discard=False, domain=morsel["domain"],
        expires=expires, path=morsel["path"], port=None, rest={"HttpOnly": morsel["httponly"]},
        rfc2109=False, secure=bool(morsel["secure"]), version=morsel["version"] or 0)


def cookiejar_from_dict(cookie_dict: Mapping[str, str] | None,
                        cookiejar: CookieJar | None = None, overwrite: bool = True) -> CookieJar:
    """A jar holding ``cookie_dict``'s names and values, each sent to every host.

    :param cookie_dict: The cookies, ``{"name": "value"}``.
    :param cookiejar: The jar to add them to; None: a new :class:`RequestsCookieJar`.
    :param overwrite: Replace cookies of the same name already in the jar; with False
        those keep their value.
    """
    if cookiejar is None:
        cookiejar = RequestsCookieJar()
    if cookie_dict is not None:
        present = {cookie.name for cookie in cookiejar}
        for name, value in cookie_dict.items():
            if overwrite or name not in present:
                cookiejar.set_cookie(create_cookie(name, value))
    return cookiejar


def merge_cookies(cookiejar: CookieJar, cookies: dict[str, str] | CookieJar | None) -> CookieJar:
    """Add ``cookies`` to ``cookiejar`` and return it.

    :param cookiejar: The jar to add to.
    :param cookies: A jar, or a dict whose names do not replace those already in
        ``cookiejar``.
    :raises ValueError: ``cookiejar`` is not a jar.
    """
    if not isinstance(cookiejar, CookieJar):
        raise ValueError("You can only merge into CookieJar")
    if isinstance(cookies, dict):
        cookiejar = cookiejar_from_dict(cookies, cookiejar=cookiejar, overwrite=False)
    elif isinstance(cookies, CookieJar):
        if hasattr(cookiejar, "update"):
            cookiejar.update(cookies)
        else:
            for cookie in cookies:
                cookiejar.set_cookie(cookie)
    return cookiejar
