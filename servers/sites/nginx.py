"""The texts' nginx box: a few static pages, a moved page and a password-protected folder.

==================  ========================================================
``/``               index page
``/oldpage.html``   ``301 Moved Permanently`` to ``/newpage.html``
``/newpage.html``   the page that replaced it
``/secure``         ``301`` to ``/secure/`` (a folder needs its slash)
``/secure/``        HTTP Basic auth, realm ``Restricted Area``: ``401`` until the
                    client sends user ``user7``, password ``7user``
anything else       ``404 Not Found``
==================  ========================================================

Like nginx, every answer says ``Server: nginx-standin`` and error pages are tiny HTML
documents. Static pages carry a fixed ``Last-Modified`` and an ``ETag``, so a ``HEAD``
shows a file's metadata and a conditional ``GET`` (``If-Modified-Since``,
``If-None-Match``) gets ``304 Not Modified``.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timezone

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

USER = "user7"
PASSWORD = "7user"
REALM = "Restricted Area"

SERVER = "nginx-standin"
LAST_MODIFIED = datetime(2024, 1, 15, 9, 30, tzinfo=timezone.utc)
"""When the "files" on this box last changed (fixed, so examples stay reproducible)."""

blueprint = Blueprint("nginx", __name__)

INDEX = """<!DOCTYPE html>
<html>
<head><title>Welcome to the workbook's nginx</title></head>
<body>
<h1>It works!</h1>
<p>This box serves a few static pages:</p>
<ul>
<li><a href="/oldpage.html">/oldpage.html</a> has moved (301)</li>
<li><a href="/newpage.html">/newpage.html</a> is where it went</li>
<li><a href="/secure/">/secure/</a> needs a user name and password</li>
</ul>
</body>
</html>
"""

NEW_PAGE = """<!DOCTYPE html>
<html>
<head><title>New page</title></head>
<body>
<h1>New page</h1>
<p>This is a new page. It replaced /oldpage.html, which now redirects here.</p>
</body>
</html>
"""

SECURE_PAGE = """<!DOCTYPE html>
<html>
<head><title>Secure page</title></head>
<body>
<h1>Secure page</h1>
<p>You sent the right user name and password, so you may read this.</p>
</body>
</html>
"""


def static_page(html: str) -> Response:
    """A page served like a file: Last-Modified and ETag, 304 when the client has it."""
    response = Response(html, mimetype="text/html")
    response.last_modified = LAST_MODIFIED
    response.add_etag()
    response = response.make_conditional(request)
    del response.headers["Date"]  # the server adds its own; one is enough
    return response


def error_page(status: int, reason: str, headers: dict[str, str] | None = None) -> Response:
    """nginx's style of error page: the status as a heading, the server's name below."""
    html = (f"<html>\n<head><title>{status} {reason}</title></head>\n<body>\n"
            f"<center><h1>{status} {reason}</h1></center>\n"
            f"<hr><center>{SERVER}</center>\n</body>\n</html>\n")
    return Response(html, status=status, mimetype="text/html", headers=headers)


def moved(location: str) -> Response:
    return error_page(301, "Moved Permanently", {"Location": location})


@blueprint.route("/")
def index() -> Response:
    return static_page(INDEX)


@blueprint.route("/oldpage.html")
def old_page() -> Response:
    return moved("/newpage.html")


@blueprint.route("/newpage.html")
def new_page() -> Response:
    return static_page(NEW_PAGE)


@blueprint.route("/secure")
def secure_without_slash() -> Response:
    return moved("/secure/")


def logged_in() -> bool:
    """Whether the request's ``Authorization: Basic ...`` holds USER and PASSWORD."""
    auth = request.authorization  # parsed by werkzeug; None without the header
    if auth is None or auth.type != "basic":
        return False
    sent = f"{auth.username}:{auth.password}".encode()
    return hmac.compare_digest(sent, f"{USER}:{PASSWORD}".encode())  # constant-time


@blueprint.route("/secure/")
def secure() -> Response:
    if not logged_in():
        return error_page(401, "Authorization Required",
                          {"WWW-Authenticate": f'Basic realm="{REALM}"'})
    return static_page(SECURE_PAGE)


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    """404 for unknown paths, 405 for POST and friends: all as nginx-style pages."""
    extra = {name: value for name, value in error.get_headers() if name != "Content-Type"}
    return error_page(error.code or 500, error.name, extra)  # extra: e.g. 405's Allow


@blueprint.after_app_request
def say_nginx(response: Response) -> Response:
    response.headers["Server"] = SERVER
    return response
