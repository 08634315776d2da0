"""Sessions: settings that persist across requests, and the one pipeline that sends them.

Owns: :class:`Session` (default headers, auth, params, cookies, proxies, TLS settings,
mounted adapters); merging a request's settings over them (a request's ``None`` deletes
a session default); the environment when ``trust_env`` (``*_proxy``, ``NO_PROXY``,
``REQUESTS_CA_BUNDLE``, ``.netrc``); and :meth:`Session.send`, the single path every
request takes: adapter, hooks, cookies, redirects.
Must not: talk to sockets (adapters do) or decide redirect rules (``redirects`` does).

A :class:`Session` keeps what many requests share: default headers, auth, params,
cookies, proxies, TLS settings, and open connections to reuse. A setting given to one
request wins over the session's for that request; a None value inside ``headers`` or
``params`` removes the session's entry.

    >>> with Session() as s:                                   # doctest: +SKIP
    ...     s.headers["Accept"] = "application/json"
    ...     s.get(demo.github + "/user", auth=("octocat", "hunter2")).json()
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from datetime import timedelta
from http.cookiejar import CookieJar
from typing import TYPE_CHECKING, Any, ClassVar

from httplib import redirects, utils
from httplib.adapters import BaseAdapter, HTTPAdapter
from httplib.cookies import (
    RequestsCookieJar,
    cookiejar_from_dict,
    extract_cookies_to_jar,
    keep_to_request_host,
    merge_cookies,
)
from httplib.exceptions import (
    LOWER_LEVEL_ERRORS,
    ChunkedEncodingError,
    ContentDecodingError,
    InvalidSchema,
    InvalidURL,
    TooManyRedirects,
    UnrewindableBodyError,
)
from httplib.hooks import default_hooks, dispatch_hook
from httplib.models import DEFAULT_REDIRECT_LIMIT, PreparedRequest, Request
from httplib.response import Response
from httplib.structures import CaseInsensitiveDict

if TYPE_CHECKING:
    from httplib._types import (
        Auth,
        Cert,
        Cookies,
        Data,
        Files,
        Headers,
        Hook,
        Hooks,
        Params,
        TimeoutSetting,
    )


def merge_setting(request_setting: Any, session_setting: Any, dict_class: type = dict) -> Any:
    """A request's setting over the session's: dicts merge key by key, else request wins.

    A key set to None in the request removes the session's value::

        >>> merge_setting({"Accept": None}, {"Accept": "*/*", "X": "1"})
        {'X': '1'}
    """
    if session_setting is None:
        return request_setting
    if request_setting is None:
        return session_setting
    if not (_is_mapping(session_setting) and _is_mapping(request_setting)):
        return request_setting
    if not (session_setting or request_setting):
        return request_setting  # nothing on either side (params, usually): nothing to merge
    merged = dict_class(session_setting)
    if request_setting:
        merged.update(request_setting)
    for key in [k for k, v in merged.items() if v is None]:
        del merged[key]
    return merged


def _is_mapping(value: Any) -> bool:
    """``isinstance(value, Mapping)``, with the usual types answered without the slower
    abstract-class check (every request merges seven settings): dicts and headers are
    mappings; strings, booleans and tuples (a ``verify`` path, ``stream``, a ``cert``
    pair) never are."""
    kind = type(value)
    if kind is dict or kind is CaseInsensitiveDict:
        return True
    return kind not in (str, bool, tuple) and isinstance(value, Mapping)


def merge_hooks(request_hooks: Any, session_hooks: Any, dict_class: type = dict) -> Any:
    """Like :func:`merge_setting`, but an empty hook list does not hide the other side's."""
    if session_hooks is None or session_hooks.get("response") == []:
        return request_hooks
    if request_hooks is None or request_hooks.get("response") == []:
        return session_hooks
    return merge_setting(request_hooks, session_hooks, dict_class)


def rewind_body(prepared: PreparedRequest) -> None:
    """Seek a file body back to where it started, to send it again."""
    position = prepared._body_position
    if not (hasattr(prepared.body, "seek") and isinstance(position, int)):
        raise UnrewindableBodyError("Unable to rewind request body for redirect.")
    try:
        prepared.body.seek(position)
    except OSError as e:
        raise UnrewindableBodyError(
            "An error occurred when rewinding request body for redirect.") from e


class Session:
    """Settings and connections shared by many requests.

    Use one for many requests to the same hosts: it keeps connections open between
    them (faster) and remembers cookies, headers and auth. Close it when done, or use
    it in a ``with`` block, which closes it for you. Lesson 10.

        >>> with Session() as s:                                         # doctest: +SKIP
        ...     s.auth = ("user", "pass")
        ...     s.get(demo.httpbin + "/basic-auth/user/pass").status_code
        200

    Each attribute below is a default for every request the session sends; an argument
    of the same name to :meth:`Session.request` (or ``get``, ``post``...) wins for that
    one request.
    """

    def __init__(self) -> None:
        self.headers: CaseInsensitiveDict = utils.default_headers()
        """Headers sent with every request: ``User-Agent``, ``Accept-Encoding``,
        ``Accept`` and ``Connection`` to begin with. Add or replace freely."""
        self.auth: Auth = None
        """Credentials for every request: ``(user, password)`` or an auth object."""
        self.proxies: dict[str, str] = {}
        """Proxy URLs by scheme or ``scheme://host`` (lesson 16)."""
        self.hooks: dict[str, list[Hook]] = default_hooks()
        """Functions called on every response: ``{"response": [...]}`` (lesson 23)."""
        self.params: dict[str, Any] = {}
        """Query parameters added to every URL."""
        self.stream = False
        """True: leave each body on the connection until it is read (lesson 13)."""
        self.verify: bool | str = True
        """Check servers' certificates: True, False, or a CA bundle path (lesson 15)."""
        self.cert: Cert = None
        """A client certificate to present: a path or a ``(cert, key)`` pair."""
        self.max_redirects = DEFAULT_REDIRECT_LIMIT
        """How many redirects to follow before raising :exc:`TooManyRedirects` (30)."""
        self.trust_env = True
        """Read proxies, ``REQUESTS_CA_BUNDLE`` and ``.netrc`` from the environment."""
        self.cookies: CookieJar = cookiejar_from_dict({})
        """The cookie jar: cookies servers set, sent back where they belong (lesson 09)."""
        self.adapters: dict[str, BaseAdapter] = {}
        """Transport adapters by URL prefix, longest first; see :meth:`Session.mount`."""
        self.mount("https://", HTTPAdapter())
        self.mount("http://", HTTPAdapter())

    #: What a pickled session carries: every setting above and the mounted adapters.
    #: Open connections are not pickled; a restored session opens new ones.
    __attrs__: ClassVar[list[str]] = [
        "headers", "cookies", "auth", "proxies", "hooks", "params", "verify", "cert",
        "adapters", "stream", "trust_env", "max_redirects",
    ]

    def __getstate__(self) -> dict[str, Any]:
        """The settings to pickle: ``pickle.dumps(session)`` works, so a session can be
        handed to another process (``multiprocessing``, ``concurrent.futures``)."""
        return {name: getattr(self, name, None) for name in self.__attrs__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()

    def prepare_request(self, request: Request) -> PreparedRequest:
        """Merge the session's settings into ``request`` and prepare it, without sending.

        What :meth:`Session.request` does before it sends: the session's headers,
        params, auth, cookies and hooks are merged with the request's (the request's
        win), and the result is encoded. Useful to look at exactly what would be sent
        (lesson 07), or to change it before :meth:`Session.send`.

        :param request: What to send: its method, URL and arguments.
        :returns: The request as it would go on the wire.
        """
        if request.cookies:
            cookies = request.cookies
            if not isinstance(cookies, CookieJar):
                cookies = cookiejar_from_dict(cookies)
            jar = merge_cookies(merge_cookies(RequestsCookieJar(), self.cookies), cookies)
        else:
            jar = self.cookies  # nothing to add: no need to copy the session's jar
        auth = request.auth
        if self.trust_env and not auth and not self.auth:
            auth = utils.get_netrc_auth(request.url)
        p = PreparedRequest()
        p.prepare(
            method=request.method.upper(), url=request.url, files=request.files,
            data=request.data, json=request.json,
            headers=merge_setting(request.headers, self.headers, CaseInsensitiveDict),
            params=merge_setting(request.params, self.params),
            auth=merge_setting(auth, self.auth), cookies=jar,
            hooks=merge_hooks(request.hooks, self.hooks))
        if request.cookies:  # sent now as requests sends them; after that, to this host only
            keep_to_request_host(jar, request.cookies, p)
        return p

    def request(self, method: str, url: str | bytes, params: Params = None, data: Data = None,
                headers: Headers = None, cookies: Cookies = None, files: Files = None,
                auth: Auth = None, timeout: TimeoutSetting = None, allow_redirects: bool = True,
                proxies: dict[str, str] | None = None, hooks: Hooks = None,
                stream: bool | None = None, verify: bool | str | None = None,
                cert: Cert = None, json: Any = None) -> Response:
        """Send one request with the session's settings, and return the response.

        Every other way to send goes through here: ``s.get(url)`` is
        ``s.request("GET", url)``, and ``httplib.get(url)`` does the same with a
        session of its own. A :class:`Request` is built from the arguments, merged with
        the session's settings (:meth:`Session.prepare_request`), and sent through
        :meth:`Session.send`. Arguments left at None take the session's value.

            >>> with Session() as s:                                     # doctest: +SKIP
            ...     r = s.request("GET", demo.httpbin + "/get", params={"q": "x"}, timeout=5)
            >>> r.status_code, r.json()["args"]                          # doctest: +SKIP
            (200, {'q': 'x'})

        :param method: The HTTP method, such as ``"GET"`` or ``"POST"``, in any case
            (lesson 05).
        :param url: The absolute URL, scheme included: ``"https://example.com/a"``.
        :param params: Query parameters added to the URL: a dict, ``(name, value)``
            pairs, or a string (lesson 06). A list value repeats the name; None omits it.
        :param data: The body: a dict or pairs are sent form-encoded, ``str`` and
            ``bytes`` as they are, a binary file or a generator streamed (lesson 07).
        :param headers: Headers for this request, over the session's ``headers``; a
            None value removes one of the session's (lesson 06).
        :param cookies: Cookies for this request, a dict or a jar, sent along with the
            session's (lesson 09).
        :param files: Files to upload, by form field name; the body becomes
            ``multipart/form-data`` (lesson 08).
        :param auth: Credentials: ``(user, password)`` for Basic auth, or an auth object
            such as :class:`HTTPDigestAuth` (lesson 14). None: the session's, else
            ``.netrc``.
        :param timeout: Seconds to wait, for the connection and for each read: a number,
            or a ``(connect, read)`` pair (lesson 12). None waits forever, so set one.
            Running out raises :exc:`ConnectTimeout` or :exc:`ReadTimeout`.
        :param allow_redirects: Follow redirects and keep each hop in
            ``response.history``; False returns the 3xx response itself (lesson 11).
        :param proxies: Proxy URLs by scheme (``{"https": "http://proxy:3128"}``) or by
            ``scheme://host``, over the session's and the environment's (lesson 16).
        :param hooks: Functions to call with the response, ``{"response": f}``
            (lesson 23).
        :param stream: True returns as soon as the headers arrive and leaves the body on
            the connection until you read it, with ``iter_content`` for instance
            (lesson 13). None: the session's (False).
        :param verify: Check the server's TLS certificate: True against the trusted CAs,
            a path against that CA bundle, False not at all (lesson 15). None: the
            session's (True), or ``REQUESTS_CA_BUNDLE``. A failed check raises
            :exc:`SSLError`.
        :param cert: A client certificate to present: the path of a file holding
            certificate and key, or a ``(cert, key)`` pair of paths (lesson 15).
        :param json: Any value ``json.dumps`` accepts, sent as a UTF-8 JSON body with
            ``Content-Type: application/json``; ignored when ``data`` is given
            (lesson 07).
        :returns: The final response, after any redirects.
        :raises RequestException: When no response could be had: every error httplib
            raises is one (lesson 04), such as :exc:`ConnectionError`,
            :exc:`Timeout` or :exc:`TooManyRedirects`. A 4xx or 5xx status is not an
            error here: call ``raise_for_status()``.
        """
        if isinstance(url, bytes):
            url = url.decode("utf-8")
        req = Request(method=method.upper(), url=url, headers=headers, files=files,
                      data=data or {}, json=json, params=params or {}, auth=auth,
                      cookies=cookies, hooks=hooks)
        prep = self.prepare_request(req)
        settings = self.merge_environment_settings(prep.url, proxies or {}, stream, verify,
                                                   cert)
        return self.send(prep, timeout=timeout, allow_redirects=allow_redirects, **settings)

    def get(self, url: str | bytes, params: Params = None, **kwargs: Any) -> Response:
        """Send a GET request: fetch ``url``.

        :param url: The URL to fetch.
        :param params: Query parameters added to the URL (lesson 06).
        :param **kwargs: Any other parameter of :meth:`Session.request`, with the
            same meaning and default: ``headers``, ``timeout``, ``auth``...
        """
        return self.request("GET", url, params=params, **kwargs)

    def options(self, url: str | bytes, **kwargs: Any) -> Response:
        """Send an OPTIONS request: ask which methods ``url`` allows (lesson 05).

        :param url: The URL to ask about.
        :param **kwargs: Any other parameter of :meth:`Session.request`.
        """
        return self.request("OPTIONS", url, **kwargs)

    def head(self, url: str | bytes, **kwargs: Any) -> Response:
        """Send a HEAD request: the headers ``url`` would send, without the body.

        Unlike the other methods, HEAD does not follow redirects unless asked with
        ``allow_redirects=True`` (lesson 11).

        :param url: The URL to ask about.
        :param **kwargs: Any other parameter of :meth:`Session.request`.
        """
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str | bytes, data: Data = None, json: Any = None,
             **kwargs: Any) -> Response:
        """Send a POST request: submit ``data`` or ``json`` to ``url`` (lesson 07).

        :param url: Where to send it.
        :param data: The body: a dict or pairs (form-encoded), text, bytes or a file.
        :param json: A value to send as JSON instead.
        :param **kwargs: Any other parameter of :meth:`Session.request`, such as
            ``files`` (lesson 08) or ``headers``.
        """
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url: str | bytes, data: Data = None, **kwargs: Any) -> Response:
        """Send a PUT request: store ``data`` at ``url``, replacing what was there.

        :param url: The resource to replace.
        :param data: The new content, as for :meth:`Session.request`.
        :param **kwargs: Any other parameter of :meth:`Session.request`, ``json`` too.
        """
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url: str | bytes, data: Data = None, **kwargs: Any) -> Response:
        """Send a PATCH request: change part of the resource at ``url``.

        :param url: The resource to change.
        :param data: The change, as for :meth:`Session.request`.
        :param **kwargs: Any other parameter of :meth:`Session.request`, ``json`` too.
        """
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url: str | bytes, **kwargs: Any) -> Response:
        """Send a DELETE request: remove the resource at ``url``.

        :param url: The resource to remove.
        :param **kwargs: Any other parameter of :meth:`Session.request`.
        """
        return self.request("DELETE", url, **kwargs)

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        """Send a prepared request: the one pipeline every request, redirect and retry takes.

        In order: the adapter mounted for the URL sends it; response hooks run; cookies
        the response sets go into ``Session.cookies``; redirects are followed, each hop
        sent through here again by :meth:`Session.resolve_redirects`; and the body is
        read unless ``stream``. Lesson 23 follows a request along this path.

            >>> with Session() as s:                                     # doctest: +SKIP
            ...     prepared = s.prepare_request(Request("GET", demo.httpbin + "/get"))
            ...     s.send(prepared, timeout=5).status_code
            200

        :param request: What to send, from :meth:`Session.prepare_request` or
            ``Request.prepare()``. A :class:`Request` not yet prepared is refused with
            ``ValueError``.
        :param **kwargs: The sending settings of :meth:`Session.request`: ``timeout``,
            ``allow_redirects``, ``stream``, ``verify``, ``cert`` and ``proxies``. Those
            not given take the session's value. Unlike ``request``, the environment's
            ``REQUESTS_CA_BUNDLE`` is not read here.
        :returns: The final response; the ones before it are in its ``history``.
        """
        if isinstance(request, Request):
            raise ValueError("You can only send PreparedRequests.")
        kwargs.setdefault("stream", self.stream)
        kwargs.setdefault("verify", self.verify)
        kwargs.setdefault("cert", self.cert)
        if "proxies" not in kwargs:
            kwargs["proxies"] = utils.resolve_proxies(request, self.proxies, self.trust_env)
        allow_redirects = kwargs.pop("allow_redirects", True)
        adapter = self.get_adapter(url=request.url)
        start = time.perf_counter()
        r = adapter.send(request, **kwargs)
        r.elapsed = timedelta(seconds=time.perf_counter() - start)
        r._session = self
        if (request.hooks or {}).get("response"):
            r = dispatch_hook("response", request.hooks, r, **kwargs)
            for earlier in r.history:  # e.g. the 401 a digest hook answered
                extract_cookies_to_jar(self.cookies, earlier.request, earlier.raw)
        extract_cookies_to_jar(self.cookies, request, r.raw)
        redirected = self.get_redirect_target(r) is not None  # most answers are not
        if redirected and allow_redirects:
            history = list(self.resolve_redirects(r, request, **kwargs))
            if history:  # the first response, then every hop; the last one is the answer
                history.insert(0, r)
                r = history.pop()
                r.history = history
        elif redirected:
            r._next = next(self.resolve_redirects(r, request, yield_requests=True, **kwargs),
                           None)
        if not kwargs["stream"]:
            r.content  # noqa: B018 - read the body now, freeing the connection
        return r

    def resolve_redirects(self, resp: Response, req: PreparedRequest, stream: bool = False,
                          timeout: TimeoutSetting = None, verify: bool | str = True,
                          cert: Cert = None, proxies: dict[str, str] | None = None,
                          yield_requests: bool = False,
                          **adapter_kwargs: Any) -> Iterator[Response | PreparedRequest]:
        """Follow the redirects from ``resp``, yielding each new response (lesson 11).

        Each hop is sent through :meth:`Session.send` with ``allow_redirects=False``;
        its method, body, cookies and credentials are adjusted first (see
        :mod:`httplib.redirects`). More than ``max_redirects`` hops raise
        :exc:`TooManyRedirects`. ``send`` calls this for you.

        :param resp: The redirect response to start from.
        :param req: The request that got ``resp``.
        :param stream: Leave each body on the connection, as ``stream`` in
            :meth:`Session.request`.
        :param timeout: For each hop, as ``timeout`` in :meth:`Session.request`.
        :param verify: For each hop, as ``verify`` in :meth:`Session.request`.
        :param cert: For each hop, as ``cert`` in :meth:`Session.request`.
        :param proxies: The proxies used so far; they are chosen again for each new URL.
        :param yield_requests: Yield the next request instead, without sending it: that
            is how ``response.next`` is made.
        :param **adapter_kwargs: Anything else to pass on to ``send``.
        """
        history: list[Response] = []
        location = self.get_redirect_target(resp)
        while location:
            resp.history = history[:]
            history.append(resp)
            try:  # read the redirect's body so its connection can serve the next hop
                resp.content  # noqa: B018
            except (ChunkedEncodingError, ContentDecodingError, RuntimeError):
                with contextlib.suppress(*LOWER_LEVEL_ERRORS):  # broken: just drop it
                    resp.raw.read(decode_content=False)
            if len(resp.history) >= self.max_redirects:
                raise TooManyRedirects(f"Exceeded {self.max_redirects} redirects.", response=resp)
            resp.close()
            req = self._next_request(resp, req, location)
            proxies = self.rebuild_proxies(req, proxies)
            self.rebuild_auth(req, resp)
            if req._body_position is not None and ("Content-Length" in req.headers
                                                   or "Transfer-Encoding" in req.headers):
                rewind_body(req)
            if yield_requests:
                yield req
                return
            resp = self.send(req, stream=stream, timeout=timeout, verify=verify, cert=cert,
                             proxies=proxies, allow_redirects=False, **adapter_kwargs)
            location = self.get_redirect_target(resp)
            yield resp

    def _next_request(self, resp: Response, req: PreparedRequest,
                      location: str) -> PreparedRequest:
        """A copy of ``req`` aimed at ``location``: method, body and cookies adjusted."""
        new = req.copy()
        try:
            new.url = redirects.next_url(location, resp.url)
        except InvalidURL as e:  # say which request was redirected, and by what answer
            e.request, e.response = req, resp
            raise
        self.rebuild_method(new, resp)
        if not redirects.body_survives(resp.status_code):
            for name in redirects.BODY_HEADERS:
                new.headers.pop(name, None)
            new.body = None
        # Cookies are scoped by URL: recompute the header, with any the redirect just set.
        new.headers.pop("Cookie", None)
        jar = new._cookies if new._cookies is not None else RequestsCookieJar()
        extract_cookies_to_jar(jar, req, resp.raw)
        merge_cookies(jar, self.cookies)
        new.prepare_cookies(jar)
        return new

    def get_redirect_target(self, resp: Response) -> str | None:
        """Where ``resp`` redirects to, or None if it is not a redirect to follow.

        :param resp: A response, perhaps a 3xx with a ``Location`` header.
        :returns: The ``Location`` value, as ``redirects.redirect_location`` reads it.
        """
        return redirects.redirect_location(resp)

    def should_strip_auth(self, old_url: str, new_url: str) -> bool:
        """Whether a redirect from ``old_url`` to ``new_url`` must drop ``Authorization``.

        True when the redirect leaves the origin, so a password never reaches another
        host (lesson 11); the rules are ``redirects.should_strip_auth``'s.

        :param old_url: The URL that answered with the redirect.
        :param new_url: Where the redirect goes.
        """
        return redirects.should_strip_auth(old_url, new_url)

    def rebuild_method(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Change the method as the redirect status requires: 303 makes a POST a GET.

        :param prepared_request: The next hop's request, changed in place.
        :param response: The redirect response, whose status decides.
        """
        method = redirects.next_method(response.status_code, prepared_request.method)
        prepared_request.method = method

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Drop ``Authorization`` when the redirect leaves the origin; add ``.netrc``'s.

        :param prepared_request: The next hop's request, changed in place.
        :param response: The redirect response; its request's URL is the old origin.
        """
        headers = prepared_request.headers
        if "Authorization" in headers and self.should_strip_auth(response.request.url,
                                                                 prepared_request.url):
            del headers["Authorization"]  # never hand credentials to another origin
        netrc_auth = utils.get_netrc_auth(prepared_request.url) if self.trust_env else None
        if netrc_auth is not None:
            prepared_request.prepare_auth(netrc_auth)

    def rebuild_proxies(self, prepared_request: PreparedRequest,
                        proxies: dict[str, str] | None) -> dict[str, str]:
        """Choose the proxies for the redirect's URL, and set a fresh Proxy-Authorization.

        :param prepared_request: The next hop's request, changed in place.
        :param proxies: The proxies given for the request, if any.
        :returns: The proxies to use for this hop, the environment's included.
        """
        new_proxies = utils.resolve_proxies(prepared_request, proxies, self.trust_env)
        prepared_request.headers.pop("Proxy-Authorization", None)
        header = redirects.proxy_authorization(prepared_request.url, new_proxies)
        if header:
            prepared_request.headers["Proxy-Authorization"] = header
        return new_proxies

    def merge_environment_settings(self, url: str, proxies: dict[str, str] | None,
                                   stream: bool | None, verify: bool | str | None,
                                   cert: Cert) -> dict[str, Any]:
        """The sending settings for one request: its own, then the environment's (when
        ``trust_env``), then the session's.

        From the environment: proxies from ``*_proxy`` unless ``NO_PROXY`` matches the
        URL (lesson 16), and ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE`` when
        ``verify`` is True or None (lesson 15).

        :param url: The URL the request goes to.
        :param proxies: The request's proxies. The environment's are added to this
            dict itself, as requests does.
        :param stream: The request's ``stream``, or None for the session's.
        :param verify: The request's ``verify``, or None for the session's.
        :param cert: The request's ``cert``, or None for the session's.
        :returns: ``proxies``, ``stream``, ``verify`` and ``cert``, ready for
            :meth:`Session.send`.
        """
        if self.trust_env:
            no_proxy = proxies.get("no_proxy") if proxies is not None else None
            if proxies is not None:
                for key, value in utils.get_environ_proxies(url, no_proxy=no_proxy).items():
                    proxies.setdefault(key, value)
            if verify is True or verify is None:
                verify = (utils.getenv("REQUESTS_CA_BUNDLE") or utils.getenv("CURL_CA_BUNDLE")
                          or verify)
        return {"proxies": merge_setting(proxies, self.proxies),
                "stream": merge_setting(stream, self.stream),
                "verify": merge_setting(verify, self.verify),
                "cert": merge_setting(cert, self.cert)}

    def get_adapter(self, url: str) -> BaseAdapter:
        """The adapter that will send to ``url``: the one mounted at its longest prefix.

        :param url: The URL to send to.
        :raises InvalidSchema: No adapter is mounted for it (an ``ftp://`` URL, say).
        """
        lowered = url.lower()
        for prefix, adapter in self.adapters.items():
            if lowered.startswith(prefix.lower()):
                return adapter
        raise InvalidSchema(f"No connection adapters were found for {url!r}")

    def mount(self, prefix: str, adapter: BaseAdapter) -> None:
        """Use ``adapter`` for every URL that starts with ``prefix`` (lesson 17).

        Longer prefixes win, so an adapter mounted at ``"https://api.example.com"``
        serves that host while ``"https://"`` serves the rest.

            >>> s.mount("https://api.example.com", HTTPAdapter(max_retries=3))  # doctest: +SKIP

        :param prefix: The start of the URLs to serve, usually a scheme and host.
        :param adapter: The transport, such as an :class:`HTTPAdapter` with its own
            retries or pool sizes.
        """
        self.adapters[prefix] = adapter
        for key in [k for k in self.adapters if len(k) < len(prefix)]:
            self.adapters[key] = self.adapters.pop(key)  # move shorter prefixes after it

    def close(self) -> None:
        """Close every adapter, and with them all pooled connections.

        A ``with Session() as s:`` block calls this at its end.
        """
        for adapter in self.adapters.values():
            adapter.close()


def session() -> Session:
    """A new :class:`Session`. Kept because requests has it; write ``Session()``."""
    return Session()
