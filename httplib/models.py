"""Requests: what you ask for, and exactly what goes on the wire.

Owns: :class:`Request` (what the user asked for) and :class:`PreparedRequest` (the
method, URL, headers and body, built by ``prepare_*`` steps, auth last as it may sign
the rest). ``Response`` lives in ``httplib.response``; it is importable from here too,
as ``requests.models.Response`` is.
Must not: send anything or open connections (``Session.send`` does).

A :class:`Request` holds what you asked for; preparing it gives a
:class:`PreparedRequest`, the method, URL, headers and body exactly as they will be
sent (lesson 07).

    >>> request = Request("POST", "http://127.0.0.1/post", data={"a": "1"}).prepare()
    >>> request.headers["Content-Type"], request.body
    ('application/x-www-form-urlencoded', 'a=1')
"""

from __future__ import annotations

import copy
import json as jsonlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from http.cookiejar import CookieJar
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from httplib import utils
from httplib.auth import HTTPBasicAuth
from httplib.cookies import cookiejar_from_dict, get_cookie_header, keep_to_request_host
from httplib.exceptions import InvalidHeader, InvalidJSONError, InvalidURL, MissingSchema
from httplib.hooks import default_hooks, deregister_hook, register_hook
from httplib.response import CONTENT_CHUNK_SIZE, ITER_CHUNK_SIZE, REDIRECT_STATI, Response
from httplib.structures import CaseInsensitiveDict

if TYPE_CHECKING:
    from httplib._types import Auth, Cookies, Data, Files, Headers, Hook, Hooks, Params

# The names requests.models has; Response and its constants are re-exported from response.
__all__ = ["CONTENT_CHUNK_SIZE", "DEFAULT_REDIRECT_LIMIT", "ITER_CHUNK_SIZE", "REDIRECT_STATI",
           "PreparedRequest", "Request", "Response"]

DEFAULT_REDIRECT_LIMIT = 30


class Request:
    """What you asked for, before any session's defaults or any encoding apply.

    ``Session.request`` makes one from its arguments; make one yourself to prepare it
    (:meth:`Request.prepare`, or :meth:`Session.prepare_request` to add a session's
    settings) and look at what would be sent before sending it (lesson 07). Each
    argument means what it means for :meth:`Session.request`; all are kept as given.

        >>> Request("GET", "http://127.0.0.1/get", params={"q": "x"}).prepare().url
        'http://127.0.0.1/get?q=x'

    :param method: The HTTP method, such as ``"GET"``.
    :param url: The absolute URL, scheme included.
    :param headers: Headers to send (lesson 06).
    :param files: Files to upload, by form field name (lesson 08).
    :param data: The body: form fields, text, bytes, a file or a generator (lesson 07).
    :param params: Query parameters added to the URL (lesson 06).
    :param auth: Credentials: ``(user, password)`` or an auth object (lesson 14).
    :param cookies: Cookies to send, a dict or a jar (lesson 09).
    :param hooks: Functions to call with the response, ``{"response": f}`` (lesson 23).
    :param json: A value to send as a JSON body (lesson 07).
    """

    def __init__(self, method: str | None = None, url: str | bytes | None = None,
                 headers: Headers = None, files: Files = None, data: Data = None,
                 params: Params = None, auth: Auth = None, cookies: Cookies = None,
                 hooks: Hooks = None, json: Any = None) -> None:
        self.hooks = default_hooks()
        if hooks:
            for event, hook in hooks.items():
                register_hook(self.hooks, event, hook)
        self.method, self.url, self.json, self.auth, self.cookies = method, url, json, auth, cookies
        self.headers = {} if headers is None else headers
        self.files = [] if files is None else files
        self.data = [] if data is None else data
        self.params = {} if params is None else params

    def __repr__(self) -> str:
        return f"<Request [{self.method}]>"

    def register_hook(self, event: str, hook: Hook | Iterable[Hook]) -> None:
        """Call ``hook`` with the response to this request (lesson 23).

        :param event: When to call it; ``"response"`` is the only event.
        :param hook: A function, or several in an iterable, each called as
            ``hook(response, **kwargs)``.
        """
        register_hook(self.hooks, event, hook)

    def deregister_hook(self, event: str, hook: Hook) -> bool:
        """Stop calling ``hook``; True if it was registered.

        :param event: The event it was registered for, ``"response"``.
        :param hook: The function to remove.
        """
        return deregister_hook(self.hooks, event, hook)

    def prepare(self) -> PreparedRequest:
        """The request as it would go on the wire, without any session's defaults.

        No default headers either: a session adds ``User-Agent`` and the rest, in
        :meth:`Session.prepare_request`.
        """
        p = PreparedRequest()
        p.prepare(method=self.method, url=self.url, headers=self.headers, files=self.files,
                  data=self.data, json=self.json, params=self.params, auth=self.auth,
                  cookies=self.cookies, hooks=self.hooks)
        return p


# A token is what RFC 9110 section 5.6.2 allows in a method: no spaces, no CR or LF.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=64)
def _checked_method(method: str | bytes) -> str:
    """``method`` as text if it is a token; InvalidHeader otherwise. Cached: methods are
    few. Bytes are accepted as requests accepts them (``b"GET"`` gives ``"GET"``)."""
    if isinstance(method, bytes):
        method = method.decode("latin-1")  # any byte decodes; only a token passes below
    if not _TOKEN.fullmatch(method):
        raise InvalidHeader(f"Invalid method {method!r}: a method is a token of letters, "
                            f"digits and !#$%&'*+-.^_`|~, with no spaces or line breaks")
    return method


@lru_cache(maxsize=512)
def _normalise_url(url: str, params: str) -> str:
    """Check and re-quote ``url``, adding ``params`` to its query. Cached: a pure function.

    urllib3's ``parse_url`` lower-cases the host and IDNA-encodes a non-ASCII one
    (``bücher.example`` -> ``xn--bcher-kva.example``, with the idna package).
    """
    if _CONTROL_CHARACTER.search(url):
        # requests percent-encodes these; a raw CR or LF is far likelier a line read
        # from a file without .strip() (or an injection attempt) than a wish.
        raise InvalidURL(f"Invalid URL {url!r}: control characters (such as CR, LF or "
                         f"TAB) are not allowed; strip the URL or percent-encode them")
    try:
        scheme, auth, host, port, path, query, fragment = parse_url(url)
    except LocationParseError as e:
        raise InvalidURL(*e.args) from e
    if not scheme:
        raise MissingSchema(f"Invalid URL {url!r}: No scheme supplied. "
                            f"Perhaps you meant https://{url}?")
    if not host:
        raise InvalidURL(f"Invalid URL {url!r}: No host supplied")
    if host.startswith(("*", ".")):
        raise InvalidURL("URL has an invalid label.")
    netloc = f"{auth}@{host}" if auth else host
    if port:
        netloc += f":{port}"
    if params:
        query = f"{query}&{params}" if query else params
    return utils.requote_uri(urlunsplit((scheme, netloc, path or "/", query or "", fragment or "")))


class PreparedRequest:
    """The exact request that goes on the wire: method, URL, headers and body.

    Made by :meth:`Request.prepare` or :meth:`Session.prepare_request`, sent by
    :meth:`Session.send`. Every response keeps the one that got it as
    ``response.request``: the place to look at what was really sent (lesson 07).

        >>> r = httplib.post(demo.httpbin + "/post", json={"a": 1})        # doctest: +SKIP
        >>> r.request.method, r.request.headers["Content-Type"], r.request.body  # doctest: +SKIP
        ('POST', 'application/json', b'{"a": 1}')

    ``prepare`` runs the ``prepare_*`` steps in the order that matters: auth last, since
    it may sign the rest (lesson 23).
    """

    def __init__(self) -> None:
        self.method: str | None = None
        self.url: str | None = None
        self.headers: CaseInsensitiveDict = None  # type: ignore[assignment]
        self._cookies: CookieJar | None = None
        self.body: Any = None
        self.hooks: dict[str, list[Callable]] = default_hooks()
        # Where a file body started, to rewind it for a redirect or a digest retry.
        self._body_position: int | object | None = None

    def prepare(self, method: str | None = None, url: str | bytes | None = None,
                headers: Headers = None, files: Files = None, data: Data = None,
                params: Params = None, auth: Auth = None, cookies: Cookies = None,
                hooks: Hooks = None, json: Any = None) -> None:
        """Run every ``prepare_*`` step, in order: method, URL, headers, cookies, body,
        auth, hooks. Each argument means what it means for :meth:`Session.request`.

        :param method: The HTTP method; upper-cased.
        :param url: The absolute URL; checked and quoted.
        :param headers: The headers to send; checked for characters that could split them.
        :param files: Files to upload; the body becomes ``multipart/form-data``.
        :param data: The body: form fields, text, bytes, a file or a generator.
        :param params: Query parameters, added to the URL.
        :param auth: Credentials, applied last.
        :param cookies: Cookies, a dict or a jar, put in the ``Cookie`` header.
        :param hooks: Functions to call with the response.
        :param json: A value to send as a JSON body when there is no ``data``.
        :raises InvalidURL: The URL cannot be used; :exc:`MissingSchema` if it has no
            scheme.
        :raises InvalidHeader: A method or header contains a character that could end
            the line early (CR, LF) or is not allowed.
        """
        self.prepare_method(method)
        self.prepare_url(url, params)
        self.prepare_headers(headers)
        self.prepare_cookies(cookies)
        self.prepare_body(data, files, json)
        self.prepare_auth(auth, url)
        self.prepare_hooks(hooks)

    def __repr__(self) -> str:
        return f"<PreparedRequest [{self.method}]>"

    def copy(self) -> PreparedRequest:
        """A copy to change without changing this one: headers and cookies are copied
        too, the body is shared. Redirects and retries start from one."""
        p = PreparedRequest()
        p.method, p.url, p.body, p.hooks = self.method, self.url, self.body, self.hooks
        p.headers = self.headers.copy() if self.headers is not None else None
        p._cookies = _copy_jar(self._cookies)
        p._body_position = self._body_position
        return p

    def register_hook(self, event: str, hook: Hook | Iterable[Hook]) -> None:
        """Call ``hook`` with the response to this request, as :meth:`Request.register_hook`.

        :param event: ``"response"``, the only event.
        :param hook: A function, or several in an iterable.
        """
        register_hook(self.hooks, event, hook)

    def deregister_hook(self, event: str, hook: Hook) -> bool:
        """Stop calling ``hook``; True if it was registered.

        :param event: The event it was registered for, ``"response"``.
        :param hook: The function to remove.
        """
        return deregister_hook(self.hooks, event, hook)

    def prepare_method(self, method: str | None) -> None:
        """Set the method, upper-cased. Methods are case-sensitive tokens (RFC 9110
        section 9.1), and every standard one is in capitals.

        A method that is not a token (a space, CR or LF in it) could rewrite the request
        line, so it is refused here with :exc:`InvalidHeader`, before anything is sent.

        :param method: The method, such as ``"get"`` or ``"GET"``; None leaves it unset.
        """
        self.method = _checked_method(method.upper()) if method is not None else None

    def prepare_url(self, url: str | bytes, params: Params) -> None:
        """Check and normalise the URL, and add ``params`` to its query string.

        The host is lower-cased (and IDNA-encoded if it is not ASCII) and characters a
        URL cannot hold are percent-encoded; escapes already there are kept.

        :param url: The absolute URL. Schemes other than http and https are kept as
            they are, for a custom adapter to handle.
        :param params: Query parameters: a dict (a list value repeats the name, None
            leaves it out), pairs, or a string (lesson 06).
        :raises MissingSchema: The URL has no scheme (``example.com/a``).
        :raises InvalidURL: The URL has no host, cannot be parsed, or holds control
            characters such as a line break.
        """
        url = (url.decode("utf-8") if isinstance(url, bytes) else str(url)).lstrip()
        # Leave other schemes alone (a custom adapter may know them); get_adapter decides.
        if ":" in url and not url.lower().startswith("http"):
            self.url = url
            return
        if isinstance(params, bytes):
            params = params.decode("ascii")
        self.url = _normalise_url(url, self._encode_params(params) if params else "")

    def prepare_headers(self, headers: Headers) -> None:
        """Copy the headers into a :class:`CaseInsensitiveDict`, refusing unsafe ones.

        A name given as bytes is stored as text, as requests stores it, so that
        ``headers["X-Name"]`` finds ``{b"X-Name": "1"}``.

        :param headers: The headers, already merged with the session's.
        :raises InvalidHeader: A name or value is not text or bytes, or holds CR, LF or
            NUL, or starts with whitespace.
        """
        self.headers = CaseInsensitiveDict(headers)
        names_in_bytes = False
        for name_and_value in self.headers._store.values():
            utils.check_header_validity(name_and_value)
            if type(name_and_value[0]) is bytes:
                names_in_bytes = True
        if names_in_bytes:
            self.headers = CaseInsensitiveDict(
                (_text_name(name), value) for name, value in self.headers._store.values())

    def prepare_body(self, data: Data, files: Files, json: Any = None) -> None:
        """Encode the body, and set ``Content-Type`` and ``Content-Length`` (or
        ``Transfer-Encoding: chunked`` when the length is unknown). Lessons 07 and 08.

        :param data: A dict or pairs: form-encoded. ``str`` or ``bytes``: sent as they
            are. A file or a generator: streamed.
        :param files: Files to upload: the body becomes ``multipart/form-data``, with
            ``data``'s fields in it too.
        :param json: A value sent as UTF-8 JSON, when ``data`` is empty.
        :raises InvalidJSONError: ``json`` holds something JSON cannot say, such as NaN.
        """
        empty = data is None or (not data and isinstance(data, (dict, list, tuple, str, bytes)))
        if empty and json is None and not files:  # a GET, say: no body at all
            self.prepare_content_length(None)
            self.body = None
            return
        body, content_type = None, None
        if not data and json is not None:
            content_type = "application/json"
            try:
                body = jsonlib.dumps(json, allow_nan=False).encode("utf-8")
            except ValueError as ve:  # NaN and Infinity are not JSON (RFC 8259 section 6)
                raise InvalidJSONError(ve, request=self) from ve
        streamed = hasattr(data, "__iter__") and not isinstance(
            data, (str, bytes, list, tuple, Mapping))
        if streamed:
            self._prepare_stream(data, files)
            return
        if files:
            body, content_type = self._encode_files(files, data)
        elif data:
            body = self._encode_params(data)
            plain = isinstance(data, (str, bytes)) or hasattr(data, "read")
            content_type = None if plain else "application/x-www-form-urlencoded"
        self.prepare_content_length(body)
        if content_type and "content-type" not in self.headers:
            self.headers["Content-Type"] = content_type
        self.body = body

    def _prepare_stream(self, data: Any, files: Any) -> None:
        """A file or an iterator: send its length if knowable, else chunked (RFC 9112 7.1)."""
        if files:
            raise NotImplementedError("Streamed bodies and files are mutually exclusive.")
        try:
            length = utils.super_len(data)
        except (TypeError, AttributeError, OSError):
            length = None
        if hasattr(data, "tell"):
            try:
                self._body_position = data.tell()
            except OSError:
                self._body_position = object()  # "cannot rewind": fail loudly, not hang
        if length:
            self.headers["Content-Length"] = str(length)
        else:
            self.headers["Transfer-Encoding"] = "chunked"
        self.body = data

    def prepare_content_length(self, body: bytes | str | IO[bytes] | None) -> None:
        """Set ``Content-Length`` for a body whose length is known; ``0`` for a POST,
        PUT... without a body (RFC 9110 section 8.6).

        :param body: The encoded body, or None.
        """
        if body is not None:
            length = utils.super_len(body)
            if length:
                self.headers["Content-Length"] = str(length)
        elif self.method not in ("GET", "HEAD") and self.headers.get("Content-Length") is None:
            self.headers["Content-Length"] = "0"

    def prepare_auth(self, auth: Auth, url: str = "") -> None:
        """Apply ``auth``, or the credentials written in the URL (``user:pass@host``).

        :param auth: ``(user, password)`` for Basic auth, or a callable that takes this
            request and returns it with credentials added (lesson 14).
        :param url: Unused: the URL already prepared is read. Kept as requests has it.
        """
        if auth is None and "@" in self.url:  # credentials in the URL: user:pass@host
            url_auth = utils.get_auth_from_url(self.url)
            auth = url_auth if any(url_auth) else None
        if auth:
            if isinstance(auth, tuple) and len(auth) == 2:
                auth = HTTPBasicAuth(*auth)
            signed = auth(self)
            self.__dict__.update(signed.__dict__)
            self.prepare_content_length(self.body)  # auth may have changed the body

    def prepare_cookies(self, cookies: Cookies) -> None:
        """Set the ``Cookie`` header from ``cookies``; a ``Cookie`` header given
        explicitly wins (lesson 09).

        Cookies given as a dict belong to this request: if it is redirected, they go on
        to its host only (see ``cookies.keep_to_request_host``). A jar is used as it is.

        :param cookies: A dict of names and values, or a jar; only the cookies the jar
            would send to this URL go.
        """
        given_as_dict = not isinstance(cookies, CookieJar)
        self._cookies = cookiejar_from_dict(cookies) if given_as_dict else cookies
        header = get_cookie_header(self._cookies, self)
        if header is not None:
            self.headers["Cookie"] = header
        if given_as_dict and cookies:
            keep_to_request_host(self._cookies, cookies, self)

    def prepare_hooks(self, hooks: Hooks) -> None:
        """Register ``hooks``, as :meth:`PreparedRequest.register_hook` would one by one.

        :param hooks: Functions by event: ``{"response": f}`` or ``{"response": [f, g]}``.
        """
        for event, hook in (hooks or {}).items():
            if hook:  # most requests have none: an empty list adds nothing
                self.register_hook(event, hook)

    @property
    def path_url(self) -> str:
        """The request target for the request line: path and query (RFC 9112 3.2.1)."""
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    @staticmethod
    def _encode_params(data: Any) -> Any:
        """Form-encode a dict or list of pairs; return str, bytes and files unchanged."""
        if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
            return data
        return urlencode(list(_form_fields(data)), doseq=True)  # str is sent as UTF-8

    @staticmethod
    def _encode_files(files: Any, data: Any) -> tuple[bytes, str]:
        """multipart/form-data (RFC 7578): ``data`` fields, then ``files``, each a file or
        ``(filename, fileobj[, content_type[, headers]])``."""
        from urllib3.fields import RequestField  # multipart is rare: import it on demand
        from urllib3.filepost import encode_multipart_formdata

        if isinstance(data, (str, bytes)):
            raise ValueError("Data must not be a string.")
        fields: list[Any] = [
            (name.decode("utf-8") if isinstance(name, bytes) else name,
             value if isinstance(value, bytes) else str(value).encode("utf-8"))
            for name, value in _form_fields(data or {})]
        for name, spec in utils.to_key_val_list(files):
            filename, content, content_type, headers = _file_spec(name, spec)
            if content is None:
                continue
            if hasattr(content, "read"):
                content = content.read()
            field = RequestField(name=name, data=content, filename=filename, headers=headers)
            field.make_multipart(content_type=content_type)
            fields.append(field)
        return encode_multipart_formdata(fields)


def _text_name(name: str | bytes) -> str:
    """A header name as text: bytes are decoded (a name is ASCII on the wire)."""
    if not isinstance(name, bytes):
        return name
    try:
        return name.decode("ascii")
    except UnicodeDecodeError:
        raise InvalidHeader(f"Header name {name!r} is not ASCII: a header name is a word "
                            f"of ASCII letters, digits and !#$%&'*+-.^_`|~") from None


def _form_fields(data: Any) -> Iterator[tuple[Any, Any]]:
    """The ``(name, value)`` fields of a dict or of pairs: a list value repeats its name
    and None leaves the field out (``{"a": [1, 2], "b": None}``: a=1, a=2)."""
    for name, values in utils.to_key_val_list(data):
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = [values]
        for value in values:
            if value is not None:
                yield name, value


def _file_spec(name: str, spec: Any) -> tuple[Any, Any, Any, Any]:
    """(filename, content, content_type, headers) from a ``files=`` entry."""
    if isinstance(spec, (tuple, list)):
        return (*spec, None, None)[:4]
    filename = getattr(spec, "name", None)
    if isinstance(filename, (str, bytes)) and filename[:1] not in ("<", b"<"):
        filename = os.path.basename(filename)
    else:
        filename = name
    return filename, spec, None, None


def _copy_jar(jar: CookieJar | None) -> CookieJar | None:
    if jar is None:
        return None
    if hasattr(jar, "copy"):
        return jar.copy()
    new = copy.copy(jar)  # another kind of CookieJar: same class and policy, own cookies
    new.clear()
    for cookie in jar:
        new.set_cookie(copy.copy(cookie))
    return new
