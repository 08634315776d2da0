"""What every httpbin module shares: the request echo, checked numbers, error answers.

httpbin.org answers most requests by describing them back as JSON. :func:`describe`
builds that description from Flask's ``request``, one key at a time, so each view asks
only for the keys the real httpbin shows on that endpoint::

    describe("args", "headers", "origin", "url")      # what /get returns

Query strings and paths are typed by people, so every number a view reads goes through
:func:`whole_number` or :func:`seconds`: bad input becomes a ``400`` with a sentence
saying what was wrong (:func:`fail`), never a crash: one line of plain text,
``400 Bad Request: ...``. (Errors werkzeug words itself, an unknown path or method,
keep its small HTML page, as on httpbin.org.)
"""

from __future__ import annotations

import base64
import math
from typing import Any, NoReturn

from flask import abort, request
from werkzeug.datastructures import MultiDict

from servers.flaskapp import MAX_PAUSE_SECONDS

MAX_BYTES = 10 * 1024 * 1024
"""The largest body any generating endpoint (``/bytes``, ``/drip``...) will make: 10 MiB."""

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
"""Bodies Flask parses into ``request.form`` and ``request.files`` (then ``data`` is empty)."""


def fail(message: str, code: int = 400) -> NoReturn:
    """Stop the view and answer ``code`` with ``message`` as plain text."""
    abort(code, description=message)


def whole_number(text: str | None, what: str, low: int, high: int) -> int:
    """``text`` as an int in ``low..high``, or a 400 naming ``what`` and the range."""
    try:
        number = int(text or "")
    except ValueError:
        fail(f"{what} must be a whole number, not {text!r}")
    if not low <= number <= high:
        fail(f"{what} must be between {low} and {high}, not {number}")
    return number


def seconds(text: str | None, what: str) -> float:
    """``text`` as a number of seconds (fractions welcome), capped at 10.

    Negative, infinite and non-numbers get a 400; big numbers are quietly capped,
    as httpbin.org caps ``/delay``.
    """
    try:
        value = float(text or "")
    except ValueError:
        fail(f"{what} must be a number of seconds, not {text!r}")
    if not math.isfinite(value) or value < 0:
        fail(f"{what} must be a number of seconds from 0 to {MAX_PAUSE_SECONDS:g}, not {text}")
    return min(value, MAX_PAUSE_SECONDS)


def flatten(values: MultiDict[str, Any]) -> dict[str, Any]:
    """One value stays a value, several become a list, as httpbin shows them.

    ``?a=1&b=2&b=3`` -> ``{"a": "1", "b": ["2", "3"]}``
    """
    return {key: items[0] if len(items) == 1 else items for key, items in values.lists()}


def as_text(content: bytes, content_type: str | None = None) -> str:
    """Body bytes as JSON-safe text: UTF-8 as is, anything else as a base64 ``data:`` URL."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        encoded = base64.b64encode(content).decode("ascii")
        return f"data:{content_type or 'application/octet-stream'};base64,{encoded}"


def _files() -> dict[str, Any]:
    """Uploaded files by *form field name* (as httpbin keys them), contents as text."""
    files = MultiDict(
        (field, as_text(upload.read(), upload.content_type))
        for field, upload in request.files.items(multi=True)
    )
    return flatten(files)


def _data() -> str:
    """The raw body as text; empty for form bodies, whose fields go to ``form`` instead.

    A body that is not UTF-8 becomes a ``data:application/octet-stream`` URL whatever
    its Content-Type, as on httpbin.org (an uploaded file's URL does name its type).
    """
    if request.mimetype in FORM_TYPES:
        return ""
    return as_text(request.get_data())


def _json() -> Any:
    """The body parsed as JSON whatever the Content-Type says, or None (httpbin's ``json``)."""
    if request.mimetype in FORM_TYPES:
        return None
    return request.get_json(force=True, silent=True)


PROXY_HEADERS = frozenset({
    "X-Varnish", "X-Request-Start", "X-Heroku-Queue-Depth", "X-Real-Ip", "X-Forwarded-Proto",
    "X-Forwarded-Protocol", "X-Forwarded-Ssl", "X-Heroku-Queue-Wait-Time", "X-Forwarded-For",
    "X-Heroku-Dynos-In-Use", "X-Forwarded-Port", "X-Request-Id", "Via", "Total-Route-Time",
    "Connect-Time",
})
"""Headers that proxies and load balancers add on their way in (httpbin.org sits behind
some). The echo leaves them out, as httpbin.org does, unless the query string has
``show_env``: ``/headers?show_env=1`` shows everything that arrived."""


def _headers() -> dict[str, str]:
    """The request headers, without :data:`PROXY_HEADERS` unless ``?show_env`` is given.

    werkzeug rebuilds header names from the WSGI environ in Title-Case: "User-Agent".
    """
    shown = dict(request.headers.items())
    if "show_env" not in request.args:
        for name in PROXY_HEADERS:
            shown.pop(name, None)
    return shown


def _origin() -> str | None:
    """The client's address: the first hop a proxy names in X-Forwarded-For, if any."""
    return request.headers.get("X-Forwarded-For", request.remote_addr)


def _url() -> str:
    """The URL asked for, with the scheme a proxy says the client used (X-Forwarded-Proto)."""
    scheme = request.headers.get("X-Forwarded-Proto") or request.headers.get(
        "X-Forwarded-Protocol")
    if scheme is None and request.headers.get("X-Forwarded-Ssl") == "on":
        scheme = "https"
    if scheme is None:
        return request.url
    return scheme + request.url[len(request.scheme):]


_DESCRIBERS = {
    "args": lambda: flatten(request.args),
    "data": _data,
    "files": _files,
    "form": lambda: flatten(request.form),
    "headers": _headers,
    "json": _json,
    "method": lambda: request.method,
    "origin": _origin,
    "url": _url,
}


def describe(*keys: str) -> dict[str, Any]:
    """The request described as httpbin.org does, with just the ``keys`` asked for.

    Keys: ``args`` (query string), ``data`` (raw body), ``files``, ``form``, ``headers``,
    ``json`` (parsed body or None), ``method``, ``origin`` (client IP), ``url``.
    """
    return {key: _DESCRIBERS[key]() for key in keys}


GET_KEYS = ("args", "headers", "origin", "url")
"""What ``/get`` (and every endpoint "like /get") shows."""

BODY_KEYS = ("args", "data", "files", "form", "headers", "json", "origin", "url")
"""What ``/post``, ``/put``, ``/patch`` and ``/delete`` show."""
