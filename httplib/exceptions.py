"""Everything httplib raises, and the one place where lower-level errors become ours.

Owns: the exception tree below (the same names and bases as requests, so
``except requests.ConnectionError`` code keeps working) and :func:`translate`, which
turns urllib3, socket, ssl and http.client errors into it.
Must not: raise anything itself; callers decide when.

Code written for requests catches the same errors with ``import httplib as
requests``. Lesson 04 makes each one happen.

    IOError (OSError)
     └── RequestException                  .request, .response
          ├── HTTPError                    raise_for_status() on a 4xx or 5xx
          ├── ConnectionError
          │    ├── ProxyError
          │    ├── SSLError
          │    └── ConnectTimeout          also a Timeout
          ├── Timeout
          │    └── ReadTimeout
          ├── URLRequired
          ├── TooManyRedirects
          ├── MissingSchema                also a ValueError
          ├── InvalidSchema                also a ValueError
          ├── InvalidURL                   also a ValueError
          │    └── InvalidProxyURL
          ├── InvalidHeader                also a ValueError
          ├── InvalidJSONError
          │    └── JSONDecodeError         also json.JSONDecodeError
          ├── ChunkedEncodingError
          ├── ContentDecodingError         also urllib3's HTTPError
          ├── StreamConsumedError          also a TypeError
          ├── RetryError
          └── UnrewindableBodyError

Why one translation table: the same urllib3 error must mean the same thing wherever it
surfaces, and users should only ever need ``except httplib.RequestException``.
"""

from __future__ import annotations

import json
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

from urllib3 import exceptions as u3

if TYPE_CHECKING:
    from httplib.models import PreparedRequest


class RequestException(IOError):
    """Something went wrong with a request; ``.request`` and ``.response`` say which.

    Catch this to catch every error httplib raises. Raise one with the keywords
    ``request=`` (the prepared request) and ``response=`` (the response, if any came);
    other arguments are the message, as for any exception.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.response = kwargs.pop("response", None)
        self.request = kwargs.pop("request", None)
        if self.response is not None and not self.request:
            self.request = getattr(self.response, "request", None)
        super().__init__(*args, **kwargs)


class HTTPError(RequestException):
    """The server answered with a 4xx or 5xx status (see ``Response.raise_for_status``)."""


class ConnectionError(RequestException):
    """The connection failed: refused, reset, closed early, unresolvable name..."""


class ProxyError(ConnectionError):
    """The proxy could not be reached or refused to tunnel."""


class SSLError(ConnectionError):
    """The TLS handshake failed, for example an untrusted certificate."""


class Timeout(RequestException):
    """The request timed out; catch this to catch both kinds below."""


class ConnectTimeout(ConnectionError, Timeout):
    """No connection within the connect timeout: safe to retry, nothing was sent."""


class ReadTimeout(Timeout):
    """Connected, but the server sent nothing within the read timeout."""


class URLRequired(RequestException):
    """A valid URL is required to make a request."""


class TooManyRedirects(RequestException):
    """More redirects than ``Session.max_redirects`` (30 by default)."""


class MissingSchema(RequestException, ValueError):
    """The URL has no scheme: ``example.com`` instead of ``https://example.com``."""


class InvalidSchema(RequestException, ValueError):
    """No adapter is mounted for the URL's scheme (``ftp://``, ``file://``...)."""


class InvalidURL(RequestException, ValueError):
    """The URL cannot be parsed or has no host."""


class InvalidHeader(RequestException, ValueError):
    """A header name or value is not a string, or contains CR, LF or leading whitespace."""


class InvalidProxyURL(InvalidURL):
    """The proxy URL is malformed, for example it has no host."""


class InvalidJSONError(RequestException):
    """A body could not be encoded to JSON (``json=`` with NaN, for example)."""


class JSONDecodeError(InvalidJSONError, json.JSONDecodeError):
    """``Response.json()`` found no valid JSON; ``except json.JSONDecodeError`` works too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # json.JSONDecodeError needs (msg, doc, pos); IOError then gets the same args.
        json.JSONDecodeError.__init__(self, *args)
        InvalidJSONError.__init__(self, *self.args, **kwargs)

    def __reduce__(self) -> Any:
        return json.JSONDecodeError.__reduce__(self)


class ChunkedEncodingError(RequestException):
    """The body broke off: bad chunk framing, or fewer bytes than Content-Length said."""


class ContentDecodingError(RequestException, u3.HTTPError):
    """The body could not be decompressed: ``Content-Encoding: gzip`` on a body that is
    not gzip, or gzip or deflate data that stops before its end (sent only in part)."""


class StreamConsumedError(RequestException, TypeError):
    """The streamed body was already read; it cannot be read again."""


class RetryError(RequestException):
    """A custom ``urllib3.Retry`` gave up (for example on too many error statuses)."""


class UnrewindableBodyError(RequestException):
    """A streamed body must be sent again (redirect, digest retry) but cannot seek back."""


class RequestsWarning(Warning):
    """Base class for httplib's warnings."""


class FileModeWarning(RequestsWarning, DeprecationWarning):
    """A file opened in text mode was sent: its length is counted in bytes anyway."""


class RequestsDependencyWarning(RequestsWarning):
    """An installed dependency has an unsupported version."""


# The translation tables: (what was raised, what we raise), most specific first, because
# urllib3's classes nest: NewConnectionError *is a* ConnectTimeoutError, and a refused
# connection is not a timeout.
_SENDING: tuple[tuple[type[BaseException], type[RequestException]], ...] = (
    (u3.ProxyError, ProxyError),
    (u3.NewConnectionError, ConnectionError),  # refused, unresolvable: before the next row
    (u3.ConnectTimeoutError, ConnectTimeout),
    (u3.ResponseError, RetryError),
    (u3.SSLError, SSLError),
    (u3.ReadTimeoutError, ReadTimeout),
    (u3.InvalidHeader, InvalidHeader),
    (u3.LocationValueError, InvalidURL),
)
# While the body streams in, the connection is already up: a broken frame is a
# ChunkedEncodingError and a stall is a ConnectionError (not ReadTimeout), as in requests.
_STREAMING: tuple[tuple[type[BaseException], type[RequestException]], ...] = (
    (u3.ProtocolError, ChunkedEncodingError),
    (u3.DecodeError, ContentDecodingError),
    (u3.ReadTimeoutError, ConnectionError),
    (u3.SSLError, SSLError),
)

#: What the adapter and the body reader catch and hand to :func:`translate`.
LOWER_LEVEL_ERRORS = (u3.HTTPError, OSError, HTTPException)


def translate(error: BaseException, request: PreparedRequest | None = None, *,
              streaming: bool = False) -> RequestException:
    """The httplib exception for a lower-level ``error``, to be raised ``from error``.

    ``MaxRetryError`` only says "gave up"; its ``.reason`` says why, so we look at that.
    Anything not in the table is a :exc:`ConnectionError`: the user never sees a raw
    error. Lesson 23 shows the table at work.

        >>> translate(urllib3.exceptions.ReadTimeoutError(None, "/", "slow"))  # doctest: +SKIP
        ReadTimeout(ReadTimeoutError(...))

    :param error: What urllib3, the socket, ssl or http.client raised. One of ours is
        returned as it is.
    :param request: The request being sent, kept as the exception's ``request``.
    :param streaming: True while the body is being read: the connection is up, so a
        broken frame means :exc:`ChunkedEncodingError` and a stall
        :exc:`ConnectionError`, not :exc:`ReadTimeout`.
    """
    if isinstance(error, RequestException):
        return error
    cause = error.reason if isinstance(error, u3.MaxRetryError) else error
    if cause is not error and isinstance(cause, u3.ReadTimeoutError):
        # Retries ran out on reads: requests reports that as a ConnectionError.
        return ConnectionError(error, request=request)
    for raised, ours in _STREAMING if streaming else _SENDING:
        if isinstance(cause, raised):
            return ours(error, request=request)
    return ConnectionError(error, request=request)
