"""One-call requests: ``httplib.get(url)`` and friends.

Owns: :func:`request` and the seven verb functions. Each opens a :class:`Session` in a
``with`` block, sends one request and closes the session, so nothing is left open.
Must not: keep state between calls. For many requests to one host, use a Session:
it keeps connections and cookies.

Nothing is remembered from one call to the next: no cookies, no open connections. For
many requests to one host, use a Session (lesson 10).

    >>> r = httplib.get(demo.httpbin + "/get", params={"q": "x"})   # doctest: +SKIP
    >>> r.status_code, r.json()["args"]                               # doctest: +SKIP
    (200, {'q': 'x'})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from httplib.adapters import DEFAULT_POOLSIZE
from httplib.response import Response
from httplib.sessions import Session

if TYPE_CHECKING:
    from httplib._types import Data, Params


def request(method: str, url: str | bytes, **kwargs: Any) -> Response:
    """Send a ``method`` request to ``url`` and return the response (lesson 05).

    :param method: The HTTP method: ``"GET"``, ``"POST"``... in any case.
    :param url: The absolute URL, scheme included: ``"https://example.com/a"``.
    :param **kwargs: Any parameter of :meth:`Session.request`, with the same meaning
        and default: ``params``, ``data``, ``json``, ``headers``, ``timeout``...
    :raises RequestException: When no response could be had (lesson 04).
    """
    with _single_use_session() as session:
        return session.request(method=method, url=url, **kwargs)


def _single_use_session() -> Session:
    """A Session for one call, whose pools keep one connection per host, not ten.

    One request, and its redirects one hop at a time, never holds two; a one-slot pool
    is quicker to set up and to close, a good part of a one-off call's cost.
    """
    session = Session()
    for adapter in session.adapters.values():
        adapter.init_poolmanager(DEFAULT_POOLSIZE, 1)
    return session


def get(url: str | bytes, params: Params = None, **kwargs: Any) -> Response:
    """GET ``url``, with ``params`` added to its query string (lesson 01).

    :param url: The URL to fetch.
    :param params: Query parameters: a dict, pairs or a string (lesson 06).
    :param **kwargs: Any other parameter of :meth:`Session.request`, with the same
        meaning and default: ``headers``, ``timeout``, ``auth``...
    """
    return request("get", url, params=params, **kwargs)


def options(url: str | bytes, **kwargs: Any) -> Response:
    """OPTIONS ``url``: ask which methods the server allows there (lesson 05).

    :param url: The URL to ask about.
    :param **kwargs: Any other parameter of :meth:`Session.request`.
    """
    return request("options", url, **kwargs)


def head(url: str | bytes, **kwargs: Any) -> Response:
    """HEAD ``url``: its headers only, without the body (lesson 05).

    Unlike the other functions, HEAD does not follow redirects unless asked with
    ``allow_redirects=True`` (lesson 11).

    :param url: The URL to ask about.
    :param **kwargs: Any other parameter of :meth:`Session.request`.
    """
    kwargs.setdefault("allow_redirects", False)
    return request("head", url, **kwargs)


def post(url: str | bytes, data: Data = None, json: Any = None, **kwargs: Any) -> Response:
    """POST to ``url``: submit a form, JSON, bytes or files (lessons 07 and 08).

        >>> httplib.post(demo.httpbin + "/post", data={"name": "Ada"}, timeout=5)  # doctest: +SKIP
        <Response [200]>

    :param url: Where to send it.
    :param data: The body: a dict or pairs are form-encoded, ``str`` and ``bytes`` sent
        as they are, a binary file or a generator streamed.
    :param json: Any value ``json.dumps`` accepts, sent as JSON instead of ``data``.
    :param **kwargs: Any other parameter of :meth:`Session.request`, such as ``files``
        or ``headers``.
    """
    return request("post", url, data=data, json=json, **kwargs)


def put(url: str | bytes, data: Data = None, **kwargs: Any) -> Response:
    """PUT ``data`` at ``url``: replace the resource with it (lesson 05).

    :param url: The resource to replace.
    :param data: The new content, as for :func:`post`.
    :param **kwargs: Any other parameter of :meth:`Session.request`, ``json`` too.
    """
    return request("put", url, data=data, **kwargs)


def patch(url: str | bytes, data: Data = None, **kwargs: Any) -> Response:
    """PATCH ``url`` with ``data``: change part of the resource (lesson 05).

    :param url: The resource to change.
    :param data: The change, as for :func:`post`.
    :param **kwargs: Any other parameter of :meth:`Session.request`, ``json`` too.
    """
    return request("patch", url, data=data, **kwargs)


def delete(url: str | bytes, **kwargs: Any) -> Response:
    """DELETE the resource at ``url`` (lesson 05).

    :param url: The resource to remove.
    :param **kwargs: Any other parameter of :meth:`Session.request`.
    """
    return request("delete", url, **kwargs)
