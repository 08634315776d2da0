"""Redirects: chains of ``302 Found`` that end at ``/get``, and ``/redirect-to`` anywhere.

``/redirect/3`` answers 302 with ``Location: /relative-redirect/2``, which answers 302 to
``/relative-redirect/1``, which sends you to ``/get``: three hops, as ``len(r.history)``
shows. A *relative* Location (just a path) is resolved by the client against the URL
it asked for; an *absolute* one (``/absolute-redirect/<n>``) carries scheme and host.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.urls import iri_to_uri

from servers.httpbin.common import fail, whole_number

blueprint = Blueprint("redirects", __name__)

MAX_REDIRECTS = 100
"""The longest chain on offer (requests itself gives up after 30)."""


def _found(location: str, code: int = 302) -> Response:
    """An empty redirect response. werkzeug leaves a relative ``location`` as it is."""
    return Response(status=code, headers={"Location": location})


def _next_hop(n: str, absolute: bool) -> Response:
    """Redirect one step down a chain of ``n`` hops: to the ``n - 1`` link, or to /get."""
    hops = whole_number(n, "number of redirects", 1, MAX_REDIRECTS)
    kind = "absolute" if absolute else "relative"
    path = "/get" if hops == 1 else f"/{kind}-redirect/{hops - 1}"
    # request.host_url is "http://127.0.0.1:41234/": scheme and host the client used.
    return _found(request.host_url.rstrip("/") + path if absolute else path)


@blueprint.get("/redirect/<n>")
def redirect_n(n: str) -> Response:
    """Redirect ``n`` times, then /get. Relative Locations; ``?absolute=true`` for absolute."""
    return _next_hop(n, request.args.get("absolute", "").lower() == "true")


@blueprint.get("/relative-redirect/<n>")
def relative_redirect(n: str) -> Response:
    """Redirect ``n`` times with relative Locations (``/relative-redirect/2``), then /get."""
    return _next_hop(n, absolute=False)


@blueprint.get("/absolute-redirect/<n>")
def absolute_redirect(n: str) -> Response:
    """Redirect ``n`` times with absolute Locations (``http://host/absolute-...``), then /get."""
    return _next_hop(n, absolute=True)


@blueprint.route("/redirect-to", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
def redirect_to() -> Response:
    """Redirect to ``?url=`` with ``?status_code=`` (a 3xx; 302 when not given)."""
    url = request.values.get("url")
    if not url:
        fail("redirect-to needs a url: /redirect-to?url=/get")
    code = whole_number(request.values.get("status_code", "302"), "status_code", 300, 399)
    # A header holds ASCII only: iri_to_uri percent-encodes the rest (spaces, é, newlines).
    return _found(iri_to_uri(url), code)
