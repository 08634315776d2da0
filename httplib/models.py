"""Requests and responses: what you ask for, what goes on the wire, what comes back.

Owns: :class:`Request` (what the user asked for), :class:`PreparedRequest` (the exact
method, URL, headers and body, built by ``prepare_*`` steps, auth last as it may sign
the rest) and :class:`Response` (status, headers, and a body read lazily from urllib3).
Must not: open connections (``Session.send`` does); the only I/O is reading a body,
whose errors go through ``exceptions.translate``.

    >>> request = Request("POST", "http://127.0.0.1/post", data={"a": "1"}).prepare()
    >>> request.headers["Content-Type"], request.body
    ('application/x-www-form-urlencoded', 'a=1')
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import json as jsonlib
import os
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from http.cookiejar import CookieJar
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit, urlunsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from httplib import utils
from httplib.auth import HTTPBasicAuth
from httplib.cookies import RequestsCookieJar, cookiejar_from_dict, get_cookie_header
from httplib.exceptions import (
    LOWER_LEVEL_ERRORS,
    HTTPError,
    InvalidJSONError,
    InvalidURL,
    JSONDecodeError,
    MissingSchema,
    StreamConsumedError,
    translate,
)
from httplib.hooks import default_hooks
from httplib.status_codes import codes
from httplib.structures import CaseInsensitiveDict

REDIRECT_STATI = (codes.moved, codes.found, codes.other, codes.temporary_redirect,
                  codes.permanent_redirect)
DEFAULT_REDIRECT_LIMIT = 30
CONTENT_CHUNK_SIZE = 10 * 1024
ITER_CHUNK_SIZE = 512


def _register_hook(hooks: dict[str, list[Callable]], event: str, hook: Any) -> None:
    if event not in hooks:
        raise ValueError(f'Unsupported event specified, with event name "{event}"')
    if callable(hook):
        hooks[event].append(hook)
    elif hasattr(hook, "__iter__"):
        hooks[event].extend(h for h in hook if callable(h))


def _deregister_hook(hooks: dict[str, list[Callable]], event: str, hook: Callable) -> bool:
    if hook in hooks[event]:
        hooks[event].remove(hook)
        return True
    return False


class Request:
    """What the user asked for, before any defaults or encoding apply.

        >>> Request("GET", "http://127.0.0.1/get", params={"q": "x"}).prepare().url
        'http://127.0.0.1/get?q=x'
    """

    def __init__(self, method: str | None = None, url: str | None = None,
                 headers: Mapping[str, Any] | None = None, files: Any = None, data: Any = None,
                 params: Any = None, auth: Any = None, cookies: Any = None,
                 hooks: Mapping[str, Any] | None = None, json: Any = None) -> None:
        self.hooks = default_hooks()
        for event, hook in (hooks or {}).items():
            _register_hook(self.hooks, event, hook)
        self.method, self.url, self.json, self.auth, self.cookies = method, url, json, auth, cookies
        self.headers = {} if headers is None else headers
        self.files = [] if files is None else files
        self.data = [] if data is None else data
        self.params = {} if params is None else params

    def __repr__(self) -> str:
        return f"<Request [{self.method}]>"

    def register_hook(self, event: str, hook: Any) -> None:
        """Add a hook (or an iterable of hooks) for ``event``."""
        _register_hook(self.hooks, event, hook)

    def deregister_hook(self, event: str, hook: Callable) -> bool:
        """Remove a hook; True if it was registered."""
        return _deregister_hook(self.hooks, event, hook)

    def prepare(self) -> PreparedRequest:
        """The PreparedRequest for this request, without any session's defaults."""
        p = PreparedRequest()
        p.prepare(method=self.method, url=self.url, headers=self.headers, files=self.files,
                  data=self.data, json=self.json, params=self.params, auth=self.auth,
                  cookies=self.cookies, hooks=self.hooks)
        return p


@lru_cache(maxsize=512)
def _normalise_url(url: str, params: str) -> str:
    """Check and re-quote ``url``, adding ``params`` to its query. Cached: a pure function.

    urllib3's ``parse_url`` lower-cases the host and IDNA-encodes a non-ASCII one
    (``bücher.example`` -> ``xn--bcher-kva.example``, with the idna package).
    """
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

    Made by ``Request.prepare()`` or ``Session.prepare_request()``, sent by
    ``Session.send()``. ``prepare`` runs the steps in the order that matters: auth last,
    since it may sign the rest.
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

    def prepare(self, method: str | None = None, url: str | None = None, headers: Any = None,
                files: Any = None, data: Any = None, params: Any = None, auth: Any = None,
                cookies: Any = None, hooks: Any = None, json: Any = None) -> None:
        """Run every ``prepare_*`` step, in order."""
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
        """A copy to modify (redirects, retries): headers and cookies are copied too."""
        p = PreparedRequest()
        p.method, p.url, p.body, p.hooks = self.method, self.url, self.body, self.hooks
        p.headers = self.headers.copy() if self.headers is not None else None
        p._cookies = _copy_jar(self._cookies)
        p._body_position = self._body_position
        return p

    def register_hook(self, event: str, hook: Any) -> None:
        _register_hook(self.hooks, event, hook)

    def deregister_hook(self, event: str, hook: Callable) -> bool:
        return _deregister_hook(self.hooks, event, hook)

    def prepare_method(self, method: str | None) -> None:
        """Methods are case-sensitive tokens (RFC 9110 section 9.1); we upper-case them."""
        self.method = method.upper() if method is not None else None

    def prepare_url(self, url: Any, params: Any) -> None:
        """Check and normalise the URL, and add ``params`` to its query string.

        ``params``: a dict (list values repeat the key, None drops it), pairs, str or bytes.
        """
        url = (url.decode("utf-8") if isinstance(url, bytes) else str(url)).lstrip()
        # Leave other schemes alone (a custom adapter may know them); get_adapter decides.
        if ":" in url and not url.lower().startswith("http"):
            self.url = url
            return
        if isinstance(params, bytes):
            params = params.decode("ascii")
        self.url = _normalise_url(url, self._encode_params(params) if params else "")

    def prepare_headers(self, headers: Mapping[str, Any] | None) -> None:
        """Copy the headers into a CaseInsensitiveDict, refusing unsafe ones."""
        self.headers = CaseInsensitiveDict()
        for name, value in (headers or {}).items():
            utils.check_header_validity((name, value))
            self.headers[name] = value

    def prepare_body(self, data: Any, files: Any, json: Any = None) -> None:
        """Encode the body; set Content-Type, and Content-Length (or chunked).

        dict or pairs: form-encoded; str or bytes: as they are; a file or a generator:
        streamed; ``json=``: UTF-8 JSON; ``files=``: multipart.
        """
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

    def prepare_content_length(self, body: Any) -> None:
        """Content-Length for a known body; ``0`` for a body-less POST, PUT... (RFC 9110 8.6)."""
        if body is not None:
            length = utils.super_len(body)
            if length:
                self.headers["Content-Length"] = str(length)
        elif self.method not in ("GET", "HEAD") and self.headers.get("Content-Length") is None:
            self.headers["Content-Length"] = "0"

    def prepare_auth(self, auth: Any, url: str = "") -> None:
        """Apply auth: a callable, or ``(user, password)`` for Basic; else the URL's own."""
        if auth is None:
            url_auth = utils.get_auth_from_url(self.url)
            auth = url_auth if any(url_auth) else None
        if auth:
            if isinstance(auth, tuple) and len(auth) == 2:
                auth = HTTPBasicAuth(*auth)
            signed = auth(self)
            self.__dict__.update(signed.__dict__)
            self.prepare_content_length(self.body)  # auth may have changed the body

    def prepare_cookies(self, cookies: Any) -> None:
        """Add the ``Cookie`` header for ``cookies`` (a jar or a dict); an explicit one wins."""
        self._cookies = cookies if isinstance(cookies, CookieJar) else cookiejar_from_dict(cookies)
        header = get_cookie_header(self._cookies, self)
        if header is not None:
            self.headers["Cookie"] = header

    def prepare_hooks(self, hooks: Mapping[str, Any] | None) -> None:
        for event, hook in (hooks or {}).items():
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
        pairs = []
        for key, values in utils.to_key_val_list(data):
            if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
                values = [values]
            pairs.extend((_utf8(key), _utf8(v)) for v in values if v is not None)
        return urlencode(pairs, doseq=True)

    @staticmethod
    def _encode_files(files: Any, data: Any) -> tuple[bytes, str]:
        """multipart/form-data (RFC 7578): ``data`` fields, then ``files``, each a file or
        ``(filename, fileobj[, content_type[, headers]])``."""
        from urllib3.fields import RequestField  # multipart is rare: import it on demand
        from urllib3.filepost import encode_multipart_formdata

        if isinstance(data, (str, bytes)):
            raise ValueError("Data must not be a string.")
        fields: list[Any] = []
        for name, values in utils.to_key_val_list(data or {}):
            if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
                values = [values]
            name = name.decode("utf-8") if isinstance(name, bytes) else name
            fields += [(name, v if isinstance(v, bytes) else str(v).encode("utf-8"))
                       for v in values if v is not None]
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


def _utf8(value: Any) -> Any:
    return value.encode("utf-8") if isinstance(value, str) else value


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


class Response:
    """A server's answer: status, headers, and a body read when first asked for.

        >>> r = httplib.get(demo.httpbin + "/json")               # doctest: +SKIP
        >>> r.status_code, r.headers["content-type"], r.json()    # doctest: +SKIP

    With ``stream=True`` the body waits on the connection until you read it.
    """

    __attrs__: ClassVar[list[str]] = [
        "_content", "status_code", "headers", "url", "history", "encoding", "reason", "cookies",
        "elapsed", "request"
    ]

    def __init__(self) -> None:
        self._content: bytes | bool | None = False
        self._content_consumed = False
        self._next: PreparedRequest | None = None
        self.status_code: int = None  # type: ignore[assignment]
        self.headers = CaseInsensitiveDict()
        self.raw: Any = None  #: the urllib3 response, to read the undecoded body yourself
        self.url: str = None  # type: ignore[assignment]
        self.encoding: str | None = None
        self.history: list[Response] = []
        self.reason: str = None  # type: ignore[assignment]
        self.cookies = RequestsCookieJar()
        self.elapsed = datetime.timedelta(0)  #: from sending to the end of the headers
        self.request: PreparedRequest = None  # type: ignore[assignment]
        self.connection: Any = None  #: the adapter that sent the request
        self._session: Any = None  # the Session whose pipeline sent it (digest retries)
        self._sent_head: list[Any] | None = None  # the head as sent, for httplib.dump

    def __enter__(self) -> Response:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        if not self._content_consumed:
            self.content  # noqa: B018 - a pickled response carries its body
        return {name: getattr(self, name, None) for name in self.__attrs__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()
        self.__dict__.update(state)
        self._content_consumed = True

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"

    def __bool__(self) -> bool:
        """True unless the status is 4xx or 5xx: ``if response:`` means "not an error"."""
        return self.ok

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_content(128)

    @property
    def ok(self) -> bool:
        """True unless the status is 4xx or 5xx (not "is it 200")."""
        return not 400 <= self.status_code < 600

    @property
    def is_redirect(self) -> bool:
        """A redirect ``Session`` would follow: a 3xx with a Location header."""
        return "location" in self.headers and self.status_code in REDIRECT_STATI

    @property
    def is_permanent_redirect(self) -> bool:
        return "location" in self.headers and self.status_code in (codes.moved,
                                                                   codes.permanent_redirect)

    @property
    def next(self) -> PreparedRequest | None:
        """With ``allow_redirects=False``: the request the redirect points to, ready to send."""
        return self._next

    @property
    def apparent_encoding(self) -> str | None:
        """The encoding charset_normalizer guesses from the bytes themselves."""
        from charset_normalizer import detect  # slow to import, rarely needed

        return detect(self.content)["encoding"]

    def iter_content(self, chunk_size: int | None = 1,
                     decode_unicode: bool = False) -> Iterator[Any]:
        """The body in pieces of up to ``chunk_size`` bytes, decompressed.

        With ``stream=True`` it reads the network as you iterate (``None``: as it comes).
        ``decode_unicode=True`` gives text when the encoding is known.
        """
        if self._content_consumed and isinstance(self._content, bool):
            raise StreamConsumedError()
        if chunk_size is not None and not isinstance(chunk_size, int):
            raise TypeError(f"chunk_size must be an int, it is instead a {type(chunk_size)}.")
        if self._content_consumed:
            chunks: Iterator[Any] = utils.iter_slices(self._content, chunk_size)
        else:
            chunks = self._stream(chunk_size)
        return utils.stream_decode_response_unicode(chunks, self) if decode_unicode else chunks

    def _stream(self, chunk_size: int | None) -> Iterator[bytes]:
        if not hasattr(self.raw, "stream"):  # a file-like raw, from a custom adapter
            yield from iter(lambda: self.raw.read(chunk_size), b"")
        else:
            try:
                yield from self.raw.stream(chunk_size, decode_content=True)
            except LOWER_LEVEL_ERRORS as e:
                raise translate(e, self.request, streaming=True) from e
        self._content_consumed = True

    def iter_lines(self, chunk_size: int = ITER_CHUNK_SIZE, decode_unicode: bool = False,
                   delimiter: str | bytes | None = None) -> Iterator[Any]:
        """The body line by line, without line endings, however the chunks fall.

        A ``\\r\\n`` split across two chunks is one line ending, not two. With
        ``delimiter`` the body is split on it instead, like ``content.split(delimiter)``.
        """
        pending = None
        for chunk in self.iter_content(chunk_size=chunk_size, decode_unicode=decode_unicode):
            if pending is not None:
                chunk = pending + chunk
            if delimiter:
                lines = chunk.split(delimiter)
                pending = lines.pop()  # the text after the last delimiter may continue
            else:
                lines = chunk.splitlines()
                tail = chunk[-1:]
                if tail == tail.splitlines()[0]:  # no line ending at the end: incomplete
                    pending = lines.pop()
                elif tail in ("\r", b"\r"):  # maybe half of a \r\n: wait for the next chunk
                    pending = lines.pop() + tail
                else:
                    pending = None
            yield from lines
        if pending is not None:
            yield from pending.splitlines() if not delimiter else [pending]

    @property
    def content(self) -> bytes | None:
        """The whole body as bytes, decompressed; read once, then kept."""
        if self._content is False:
            if self._content_consumed:
                raise RuntimeError("The content for this response was already consumed")
            if self.status_code == 0 or self.raw is None:
                self._content = None
            elif hasattr(self.raw, "stream"):
                # One read into one buffer: half the memory of joining chunks.
                try:
                    self._content = self.raw.read(decode_content=True)
                except LOWER_LEVEL_ERRORS as e:
                    raise translate(e, self.request, streaming=True) from e
            else:
                self._content = b"".join(self.iter_content(CONTENT_CHUNK_SIZE))
        self._content_consumed = True
        return self._content  # type: ignore[return-value]

    @property
    def text(self) -> str:
        """The body decoded with ``encoding`` (guessed when None; set it if you know better)."""
        content = self.content
        if not content:
            return ""
        encoding = self.encoding if self.encoding is not None else self.apparent_encoding
        try:
            return str(content, encoding or "utf-8", errors="replace")
        except (LookupError, TypeError):  # an encoding Python does not know
            return str(content, errors="replace")

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON; raises :class:`JSONDecodeError` if it is not JSON.

        Without a declared charset the UTF flavour is detected (RFC 4627 section 3).
        """
        content, text = self.content, None
        if not self.encoding and content and len(content) > 3:
            encoding = utils.guess_json_utf(content)
            if encoding is not None:
                with contextlib.suppress(UnicodeDecodeError):  # a wrong guess: use .text
                    text = content.decode(encoding)
        try:
            return jsonlib.loads(self.text if text is None else text, **kwargs)
        except jsonlib.JSONDecodeError as e:
            raise JSONDecodeError(e.msg, e.doc, e.pos) from e

    @property
    def links(self) -> dict[str, dict[str, str]]:
        """The ``Link`` header (RFC 8288) by ``rel``: ``r.links["next"]["url"]``."""
        header = self.headers.get("link")
        links = utils.parse_header_links(header) if header else []
        return {link.get("rel") or link.get("url"): link for link in links}

    def raise_for_status(self) -> None:
        """Raise :class:`HTTPError` for a 4xx or 5xx status; do nothing otherwise."""
        kind = {4: "Client", 5: "Server"}.get(self.status_code // 100)
        if kind is None:
            return
        reason = self.reason
        if isinstance(reason, bytes):
            try:
                reason = reason.decode("utf-8")
            except UnicodeDecodeError:
                reason = reason.decode("iso-8859-1")
        raise HTTPError(f"{self.status_code} {kind} Error: {reason} for url: {self.url}",
                        response=self)

    def close(self) -> None:
        """Give the connection back to the pool (closing it if the body was not read)."""
        if not self._content_consumed:
            self.raw.close()
        release = getattr(self.raw, "release_conn", None)
        if release is not None:
            release()
