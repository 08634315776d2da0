"""Redirects: chains of ``302 Found`` that end at ``/get``, and ``/redirect-to`` anywhere.

``/redirect/3`` answers 302 with ``Location: /relative-redirect/2``, which answers 302 to
``/relative-redirect/1``, which sends you to ``/get``: three hops, as ``len(r.history)``
shows. A *relative* Location (just a path) is resolved by the client against the URL
it asked for; an *absolute* one (``/absolute-redirect/<n>``) carries scheme and host.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request
from werkzeug.urls import iri_to_uri

from servers.httpbin.common import fail, whole_number

blueprint = Blueprint("redirects", __name__)

MAX_REDIRECTS = 100
"""The longest chain on offer (requests itself gives up after 30)."""


def _found(location: str, code: int = 302) -> Response:
    """A redirect with an empty body. werkzeug leaves a relative ``location`` as it is."""
    return Response(status=code, headers={"Location": location})


def _next_hop(n: str, absolute: bool) -> str:
    """Where one step down a chain of ``n`` hops leads: the ``n - 1`` link, or /get."""
    hops = whole_number(n, "number of redirects", 1, MAX_REDIRECTS)
    kind = "absolute" if absolute else "relative"
    path = "/get" if hops == 1 else f"/{kind}-redirect/{hops - 1}"
    # request.host_url is "http://127.0.0.1:41234/": scheme and host the client used.
    return request.host_url.rstrip("/") + path if absolute else path


@blueprint.get("/redirect/<n>")
def redirect_n(n: str) -> Response:
    """Redirect ``n`` times, then /get. Relative Locations; ``?absolute=true`` for absolute.

    Its answers carry a small HTML page with a link to follow, as Flask's ``redirect()``
    writes it (for a browser that does not follow redirects); the other chains' are empty.
    """
    return redirect(_next_hop(n, request.args.get("absolute", "").lower() == "true"))


@blueprint.get("/relative-redirect/<n>")
def relative_redirect(n: str) -> Response:
    """Redirect ``n`` times with relative Locations (``/relative-redirect/2``), then /get."""
    return _found(_next_hop(n, absolute=False))


@blueprint.get("/absolute-redirect/<n>")
def absolute_redirect(n: str) -> Response:
    """Redirect ``n`` times with absolute Locations (``http://host/absolute-...``), then /get."""
    return redirect(_next_hop(n, absolute=True))


@blueprint.route("/redirect-to", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"])
def redirect_to() -> Response:
    """Redirect to ``?url=`` with ``?status_code=`` (a 3xx; 302 when not given or not 3xx).

    As on httpbin.org, both come from the query string, in any case (``?URL=``).
    """
    query = {name.lower(): value for name, value in request.args.items()}
    url = query.get("url")
    if not url:
        fail("redirect-to needs a url: /redirect-to?url=/get")
    code = whole_number(query.get("status_code", "302"), "status_code", 0, 999)
    # A header holds ASCII only: iri_to_uri percent-encodes the rest (spaces, é, newlines).
    return _found(iri_to_uri(url), code if 300 <= code <= 399 else 302)
