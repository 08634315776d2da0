"""Sessions: settings that persist across requests, and the one pipeline that sends them.

Owns: :class:`Session` (default headers, auth, params, cookies, proxies, TLS settings,
mounted adapters); merging a request's settings over them (a request's ``None`` deletes
a session default); the environment when ``trust_env`` (``*_proxy``, ``NO_PROXY``,
``REQUESTS_CA_BUNDLE``, ``.netrc``); and :meth:`Session.send`, the single path every
request takes: adapter, hooks, cookies, redirects.
Must not: talk to sockets (adapters do) or decide redirect rules (``redirects`` does).

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
from typing import Any, ClassVar

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

    Attributes (each can be overridden per request): ``headers``, ``auth``, ``proxies``,
    ``hooks``, ``params``, ``stream``, ``verify``, ``cert``, ``max_redirects``,
    ``trust_env``, ``cookies``; ``adapters`` maps URL prefixes to transports.
    """

    def __init__(self) -> None:
        self.headers: CaseInsensitiveDict = utils.default_headers()
        self.auth: Any = None
        self.proxies: dict[str, str] = {}
        self.hooks = default_hooks()
        self.params: dict[str, Any] = {}
        self.stream = False
        self.verify: bool | str = True
        self.cert: Any = None
        self.max_redirects = DEFAULT_REDIRECT_LIMIT
        self.trust_env = True
        self.cookies: CookieJar = cookiejar_from_dict({})
        self.adapters: dict[str, BaseAdapter] = {}
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
        """Merge the session's settings into ``request`` and prepare it."""
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

    def request(self, method: str, url: str | bytes, params: Any = None, data: Any = None,
                headers: Mapping[str, Any] | None = None, cookies: Any = None,
                files: Any = None, auth: Any = None, timeout: Any = None,
                allow_redirects: bool = True, proxies: dict[str, str] | None = None,
                hooks: Any = None, stream: bool | None = None, verify: bool | str | None = None,
                cert: Any = None, json: Any = None) -> Response:
        """Build a Request, prepare it with the session's settings, and send it.

        ``timeout`` is seconds (or a ``(connect, read)`` pair); ``None``, the default,
        waits forever, as in requests. ``verify`` is True, False or a CA bundle path.
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

    def get(self, url: str, params: Any = None, **kwargs: Any) -> Response:
        return self.request("GET", url, params=params, **kwargs)

    def options(self, url: str, **kwargs: Any) -> Response:
        return self.request("OPTIONS", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        """HEAD does not follow redirects unless asked (``allow_redirects=True``)."""
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> Response:
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url: str, data: Any = None, **kwargs: Any) -> Response:
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url: str, data: Any = None, **kwargs: Any) -> Response:
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:
        """Send a PreparedRequest: the one pipeline every request, redirect and retry takes.

        adapter -> response hooks -> cookies into the session -> redirects (each hop
        sent through here again by :meth:`resolve_redirects`) -> body read unless ``stream``.
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
                          timeout: Any = None, verify: bool | str = True, cert: Any = None,
                          proxies: dict[str, str] | None = None, yield_requests: bool = False,
                          **adapter_kwargs: Any) -> Iterator[Any]:
        """Follow the redirects from ``resp``, yielding each new response.

        Each hop is sent through :meth:`send` (``allow_redirects=False``). With
        ``yield_requests=True`` it yields the next request instead, without sending it:
        that is how ``response.next`` is made.
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
        """Where ``resp`` redirects to, or None (see ``redirects.redirect_location``)."""
        return redirects.redirect_location(resp)

    def should_strip_auth(self, old_url: str, new_url: str) -> bool:
        """Whether Authorization must go on a redirect (see ``redirects.should_strip_auth``)."""
        return redirects.should_strip_auth(old_url, new_url)

    def rebuild_method(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Change the method as the redirect status requires (303: GET...)."""
        method = redirects.next_method(response.status_code, prepared_request.method)
        prepared_request.method = method

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Drop Authorization when the redirect leaves the origin; apply .netrc's for it."""
        headers = prepared_request.headers
        if "Authorization" in headers and self.should_strip_auth(response.request.url,
                                                                 prepared_request.url):
            del headers["Authorization"]  # never hand credentials to another origin
        netrc_auth = utils.get_netrc_auth(prepared_request.url) if self.trust_env else None
        if netrc_auth is not None:
            prepared_request.prepare_auth(netrc_auth)

    def rebuild_proxies(self, prepared_request: PreparedRequest,
                        proxies: dict[str, str] | None) -> dict[str, str]:
        """The proxies for the redirect's URL, and a fresh Proxy-Authorization for them."""
        new_proxies = utils.resolve_proxies(prepared_request, proxies, self.trust_env)
        prepared_request.headers.pop("Proxy-Authorization", None)
        header = redirects.proxy_authorization(prepared_request.url, new_proxies)
        if header:
            prepared_request.headers["Proxy-Authorization"] = header
        return new_proxies

    def merge_environment_settings(self, url: str, proxies: dict[str, str] | None,
                                   stream: bool | None, verify: bool | str | None,
                                   cert: Any) -> dict[str, Any]:
        """Settings from the environment (when ``trust_env``), then the session's: proxies
        from ``*_proxy`` unless NO_PROXY matches, and REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE
        when ``verify`` is True or None."""
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
        """The adapter mounted at the longest prefix of ``url``."""
        lowered = url.lower()
        for prefix, adapter in self.adapters.items():
            if lowered.startswith(prefix.lower()):
                return adapter
        raise InvalidSchema(f"No connection adapters were found for {url!r}")

    def mount(self, prefix: str, adapter: BaseAdapter) -> None:
        """Use ``adapter`` for URLs starting with ``prefix``; longer prefixes win."""
        self.adapters[prefix] = adapter
        for key in [k for k in self.adapters if len(k) < len(prefix)]:
            self.adapters[key] = self.adapters.pop(key)  # move shorter prefixes after it

    def close(self) -> None:
        """Close every adapter, and with them all pooled connections."""
        for adapter in self.adapters.values():
            adapter.close()


def session() -> Session:
    """A new :class:`Session` (kept for requests compatibility; prefer ``Session()``)."""
    return Session()
