"""Responses: what comes back, with a body read from urllib3 only when asked for.

Owns: :class:`Response`: status, headers, cookies, the redirect history, and the body
as bytes (``content``), text, JSON, chunks or lines.
Must not: send anything (``Session.send`` does). Its only I/O is reading the body,
whose errors go through ``exceptions.translate``.

    >>> r = httplib.get(demo.httpbin + "/json")               # doctest: +SKIP
    >>> r.status_code, r.headers["content-type"], r.json()    # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime
import json as jsonlib
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from httplib import utils
from httplib.cookies import RequestsCookieJar
from httplib.exceptions import (
    LOWER_LEVEL_ERRORS,
    ContentDecodingError,
    HTTPError,
    JSONDecodeError,
    StreamConsumedError,
    translate,
)
from httplib.status_codes import codes
from httplib.structures import CaseInsensitiveDict

if TYPE_CHECKING:
    from httplib.models import PreparedRequest

_INFLATER = type(zlib.decompressobj())
_FIRST_GZIP_MEMBER = 0  # urllib3.response.GzipDecoderState.FIRST_MEMBER


def _inflater_stopped_early(raw: Any) -> bool:
    """True if urllib3 inflated a gzip or deflate body whose compressed stream did not end.

    urllib3 does not say (it does for zstd), and offers no public way to ask, so this
    looks at its private decoder: ``raw._decoder`` holds the zlib decompressor in
    ``_obj``, and a gzip decoder's ``_state`` says whether it is still in the first
    member. Every step is a lookup with a default, and anything unexpected (another
    urllib3, a chain such as ``gzip, br``, brotli, a raw that is not urllib3's)
    answers False: the body is then returned as it is, as requests returns it.

    A gzip body may hold several members (RFC 1952 section 2.2). Once the first has
    ended, urllib3 accepts whatever follows, trailing bytes included, and so does this.
    """
    decoder = getattr(raw, "_decoder", None)
    inflater = getattr(decoder, "_obj", None)
    if not isinstance(inflater, _INFLATER) or inflater.eof:
        return False
    return getattr(decoder, "_state", _FIRST_GZIP_MEMBER) == _FIRST_GZIP_MEMBER


REDIRECT_STATI = (codes.moved, codes.found, codes.other, codes.temporary_redirect,
                  codes.permanent_redirect)
CONTENT_CHUNK_SIZE = 10 * 1024
ITER_CHUNK_SIZE = 512


class Response:
    """A server's answer: status, headers, body, and how it came (lesson 02).

    With ``stream=True`` the body waits on the connection until you read it
    (``content``, ``iter_content``...); otherwise it is read before you get the
    response. Use it in a ``with`` block, or call :meth:`Response.close`, to give the
    connection back when streaming.

        >>> r = httplib.get(demo.httpbin + "/json", timeout=5)    # doctest: +SKIP
        >>> r.status_code, r.ok, r.headers["Content-Type"]        # doctest: +SKIP
        (200, True, 'application/json')
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
        """The status: ``200``, ``404``... (lesson 03)."""
        self.headers = CaseInsensitiveDict()
        """The response headers; names match in any case (``r.headers["content-type"]``)."""
        self.raw: Any = None
        """urllib3's response, to read the body undecoded yourself (with ``stream=True``)."""
        self.url: str = None  # type: ignore[assignment]
        """The URL that answered: after redirects, the last one (lesson 11)."""
        self.encoding: str | None = None
        """How ``text`` decodes the body: from ``Content-Type``, or set it (lesson 19)."""
        self.history: list[Response] = []
        """The redirect responses that led here, oldest first (lesson 11)."""
        self.reason: str = None  # type: ignore[assignment]
        """The reason phrase the server sent with the status: ``"OK"``, ``"Not Found"``."""
        self._cookies: RequestsCookieJar | None = None  # made on first use: see cookies
        self.elapsed = datetime.timedelta(0)
        """How long the answer took: from sending the request to the end of the headers."""
        self.request: PreparedRequest = None  # type: ignore[assignment]
        """The request that got this response, exactly as it was sent (lesson 07)."""
        self.connection: Any = None
        """The adapter that sent the request."""
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
        for name, value in state.items():
            setattr(self, name, value)
        self._content_consumed = True

    @property
    def cookies(self) -> RequestsCookieJar:
        """The cookies this response set (``Set-Cookie``), as a jar. Most responses set
        none, so the jar is only made when first asked for."""
        if self._cookies is None:
            self._cookies = RequestsCookieJar()
        return self._cookies

    @cookies.setter
    def cookies(self, jar: RequestsCookieJar) -> None:
        self._cookies = jar

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
        return self.status_code in REDIRECT_STATI and "location" in self.headers

    @property
    def is_permanent_redirect(self) -> bool:
        """A redirect that says "use the new URL from now on": 301 or 308."""
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
                     decode_unicode: bool = False) -> Iterator[bytes | str]:
        """The body in pieces, decompressed: how to read a large download (lesson 13).

        With ``stream=True`` it reads from the network as you iterate, so the whole body
        is never in memory; otherwise it slices the body already read.

            >>> with httplib.get(url, stream=True, timeout=5) as r:      # doctest: +SKIP
            ...     with open("big.bin", "wb") as file:
            ...         for chunk in r.iter_content(chunk_size=65536):
            ...             file.write(chunk)

        :param chunk_size: The most bytes in one piece; None gives the data as it
            arrives. The default, 1, is slow for anything large: pass a size.
        :param decode_unicode: Give text, decoded with ``encoding``, instead of bytes
            (bytes still if the encoding is unknown).
        :raises StreamConsumedError: The streamed body was already read.
        :raises ChunkedEncodingError: The body broke off before its end.
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
            chunk = b""
            try:
                for chunk in self.raw.stream(chunk_size, decode_content=True):
                    yield chunk
            except LOWER_LEVEL_ERRORS as e:
                raise translate(e, self.request, streaming=True) from e
            if chunk:  # some body came (stream() never yields an empty chunk)
                self._check_compressed_stream_ended()
        self._content_consumed = True

    def iter_lines(self, chunk_size: int = ITER_CHUNK_SIZE, decode_unicode: bool = False,
                   delimiter: str | bytes | None = None) -> Iterator[bytes | str]:
        """The body line by line, without line endings, however the chunks fall
        (lesson 13). For line-based formats such as CSV or a log, with ``stream=True``.

        A ``\\r\\n`` split across two chunks is one line ending, not two.

        :param chunk_size: How many bytes to read at a time.
        :param decode_unicode: Give text lines instead of bytes, as for
            :meth:`Response.iter_content`.
        :param delimiter: Split on this instead of line endings, like
            ``content.split(delimiter)``; text or bytes, as the chunks are.
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
                    body = self.raw.read(decode_content=True)
                except LOWER_LEVEL_ERRORS as e:
                    raise translate(e, self.request, streaming=True) from e
                if body:
                    self._check_compressed_stream_ended()
                self._content = body
            else:
                self._content = b"".join(self.iter_content(CONTENT_CHUNK_SIZE))
        self._content_consumed = True
        return self._content  # type: ignore[return-value]

    def _check_compressed_stream_ended(self) -> None:
        """Raise ContentDecodingError if the body was gzip or deflate and its compressed
        stream never reached its end: the server sent only the first part of it.

        Called once the whole body has been read, if it was not empty (a HEAD, a 204
        or an empty body labelled gzip has nothing to check). ``Content-Length`` (or the
        chunked framing) can be right for what was sent while the compressed data
        inside stops halfway; urllib3 then hands over what it could inflate, and
        requests returns that as the whole body. zlib knows better: its decompressor's
        ``eof`` turns True only at the end of the compressed stream.
        """
        if _inflater_stopped_early(self.raw):
            raise ContentDecodingError(
                f"The {self.headers.get('Content-Encoding')} body ended before its "
                f"compressed data did: the server sent only part of it", request=self.request)

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
        """The body parsed as JSON: dicts, lists, strings, numbers (lessons 02 and 20).

        Without a declared charset the UTF flavour is detected (RFC 4627 section 3).

        :param **kwargs: Passed to ``json.loads``, such as ``parse_float=Decimal``.
        :raises JSONDecodeError: The body is not JSON (an HTML error page, say).
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
        """Raise :exc:`HTTPError` for a 4xx or 5xx status; do nothing otherwise (lesson 03).

        :raises HTTPError: The status is 400 or more; its ``response`` is this one.
        """
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
        """Give the connection back to the pool, closing it if the body was not read.

        Needed only with ``stream=True``; a ``with`` block calls it for you.
        """
        if not self._content_consumed:
            self.raw.close()
        release = getattr(self.raw, "release_conn", None)
        if release is not None:
            release()
