"""Cookies: see the ones your client sends, and have the server set or delete some.

``/cookies/set?flavour=oat`` answers ``302`` with ``Set-Cookie: flavour=oat; Path=/`` and
``Location: /cookies``. A client that keeps cookies (a ``requests.Session``) follows
the redirect *with* the cookie, so ``/cookies`` then shows it. Deleting works the way
servers always delete cookies: by setting them again, empty, with an expiry date in
the past.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from servers.httpbin.common import fail

blueprint = Blueprint("cookies", __name__)


def _back_to_cookies() -> Response:
    """The redirect every set/delete answers with, so the client shows the result."""
    return Response(status=302, headers={"Location": "/cookies"})


def _check_name(name: str) -> None:
    """Refuse names a Cookie header could not carry back (``=``, ``;``, spaces...)."""
    if not name or any(char in name for char in '=;, \t"\\') or not name.isprintable():
        fail(f"not a usable cookie name: {name!r}")


@blueprint.get("/cookies")
def show() -> Response:
    """The cookies the request carried, as ``{"cookies": {"name": "value"}}``."""
    return jsonify(cookies=dict(request.cookies))


@blueprint.get("/cookies/set")
def set_from_query() -> Response:
    """Set one cookie per query parameter (``?a=1&b=2``), then redirect to /cookies."""
    response = _back_to_cookies()
    for name, value in request.args.items():
        _check_name(name)
        response.set_cookie(name, value)
    return response


@blueprint.get("/cookies/set/<name>/<value>")
def set_one(name: str, value: str) -> Response:
    """Set the cookie ``name`` to ``value``, then redirect to /cookies."""
    _check_name(name)
    response = _back_to_cookies()
    response.set_cookie(name, value)
    return response


@blueprint.get("/cookies/delete")
def delete() -> Response:
    """Expire each cookie named in the query (``?a&b``), then redirect to /cookies."""
    response = _back_to_cookies()
    for name in request.args:
        _check_name(name)
        response.delete_cookie(name)
    return response
