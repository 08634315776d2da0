"""Cookies: see the ones your client sends, and have the server set or delete some.

``/cookies/set?flavour=oat`` answers ``302`` with ``Set-Cookie: flavour=oat; Path=/`` and
``Location: /cookies``. A client that keeps cookies (a ``requests.Session``) follows
the redirect *with* the cookie, so ``/cookies`` then shows it. Deleting works the way
servers always delete cookies: by setting them again, empty, with an expiry date in
the past.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, request

from servers.httpbin.common import fail

blueprint = Blueprint("cookies", __name__)


def _back_to_cookies() -> Response:
    """The redirect every set/delete answers with, so the client shows the result."""
    return redirect("/cookies")


def _check_name(name: str) -> None:
    """Refuse names a Cookie header could not carry back (``=``, ``;``, spaces...)."""
    if not name or any(char in name for char in '=;, \t"\\') or not name.isprintable():
        fail(f"not a usable cookie name: {name!r}")


TRACKING_COOKIES = frozenset({
    "_gauges_unique", "_gauges_unique_year", "_gauges_unique_month", "_gauges_unique_day",
    "_gauges_unique_hour", "__utma", "__utmb", "__utmz",
})
"""Analytics cookies httpbin.org's own pages once set; ``/cookies`` leaves them out
unless asked with ``?show_env``, as httpbin.org does."""


@blueprint.get("/cookies")
def show() -> Response:
    """The cookies the request carried, as ``{"cookies": {"name": "value"}}``."""
    cookies = dict(request.cookies)
    if "show_env" not in request.args:
        cookies = {name: value for name, value in cookies.items()
                   if name not in TRACKING_COOKIES}
    return jsonify(cookies=cookies)


@blueprint.get("/cookies/set")
def set_from_query() -> Response:
    """Set one cookie per query parameter (``?a=1&b=2``), then redirect to /cookies."""
    response = _back_to_cookies()
    for name, value in request.args.items():
        _check_name(name)
        response.set_cookie(name, value, secure=request.is_secure)
    return response


@blueprint.get("/cookies/set/<name>/<value>")
def set_one(name: str, value: str) -> Response:
    """Set the cookie ``name`` to ``value``, then redirect to /cookies."""
    _check_name(name)
    response = _back_to_cookies()
    response.set_cookie(name, value, secure=request.is_secure)
    return response


@blueprint.get("/cookies/delete")
def delete() -> Response:
    """Expire each cookie named in the query (``?a&b``), then redirect to /cookies."""
    response = _back_to_cookies()
    for name in request.args:
        _check_name(name)
        response.delete_cookie(name)
    return response
