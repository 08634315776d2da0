"""One-call requests: ``httplib.get(url)`` and friends.

Owns: :func:`request` and the seven verb functions. Each opens a :class:`Session` in a
``with`` block, sends one request and closes the session, so nothing is left open.
Must not: keep state between calls. For many requests to one host, use a Session:
it keeps connections and cookies.

    >>> r = httplib.get(demo.httpbin + "/get", params={"q": "x"})   # doctest: +SKIP
    >>> r.status_code, r.json()["args"]                               # doctest: +SKIP
    (200, {'q': 'x'})
"""

from __future__ import annotations

from typing import Any

from httplib.adapters import DEFAULT_POOLSIZE
from httplib.response import Response
from httplib.sessions import Session


def request(method: str, url: str, **kwargs: Any) -> Response:
    """Send a ``method`` request to ``url``; kwargs as for :meth:`Session.request`."""
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


def get(url: str, params: Any = None, **kwargs: Any) -> Response:
    """GET ``url``, with ``params`` added to its query string."""
    return request("get", url, params=params, **kwargs)


def options(url: str, **kwargs: Any) -> Response:
    """OPTIONS ``url``: which methods the server allows."""
    return request("options", url, **kwargs)


def head(url: str, **kwargs: Any) -> Response:
    """HEAD ``url``: headers only. Redirects are not followed unless ``allow_redirects=True``."""
    kwargs.setdefault("allow_redirects", False)
    return request("head", url, **kwargs)


def post(url: str, data: Any = None, json: Any = None, **kwargs: Any) -> Response:
    """POST ``data`` (form fields, bytes, a file) or ``json`` to ``url``."""
    return request("post", url, data=data, json=json, **kwargs)


def put(url: str, data: Any = None, **kwargs: Any) -> Response:
    """PUT ``data`` at ``url``: replace the resource."""
    return request("put", url, data=data, **kwargs)


def patch(url: str, data: Any = None, **kwargs: Any) -> Response:
    """PATCH ``url`` with ``data``: change part of the resource."""
    return request("patch", url, data=data, **kwargs)


def delete(url: str, **kwargs: Any) -> Response:
    """DELETE the resource at ``url``."""
    return request("delete", url, **kwargs)
