"""A stand-in for example.com: one short page, a robots.txt, and 404s for everything else.

=======================  ===========================================================
``/`` (``/index.html``)  the "Example Domain" page
``/about``               the page the home page links to
``/robots.txt``          allows everything
anything else            ``404 Not Found`` with a small HTML page (``/news``...)
=======================  ===========================================================

The page never changes, so it carries validators: a fixed ``Last-Modified`` and an
``ETag``. A conditional request (``If-None-Match`` or ``If-Modified-Since``) gets
``304 Not Modified`` with no body, and ``HEAD`` gets the headers alone. Every answer says
``Server: ECS-standin`` (example.com's servers call themselves "ECS").
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

blueprint = Blueprint("example", __name__)

SERVER = "ECS-standin"
LAST_MODIFIED = datetime(2025, 1, 13, 20, 11, 20, tzinfo=timezone.utc)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example Domain</title>
<style>
body { margin: 0; background: #f2f2ef; font-family: system-ui, sans-serif; }
div { width: 600px; max-width: 90%; margin: 5em auto; padding: 2em; background: #fff;
      border-radius: 0.5em; }
a { color: #2c4a86; }
</style>
</head>
<body>
<div>
<h1>Example Domain</h1>
<p>This domain exists so that documents and lessons can show an address without
pointing at anyone's real website. Use it freely in examples; no permission is needed.</p>
<p><a href="/about">More information...</a></p>
</div>
</body>
</html>
"""

ABOUT = PAGE.replace("<h1>Example Domain</h1>", "<h1>About example domains</h1>").replace(
    '<p><a href="/about">More information...</a></p>',
    "<p>A few names (example.com, example.net, example.org) are set aside for documentation."
    " They will never belong to a real business, so examples that use them are always safe."
    '</p>\n<p><a href="/">Back to the example page</a></p>')

ERROR_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{code} - {name}</title></head>
<body>
<h1>{code} - {name}</h1>
<p>{text}</p>
</body>
</html>
"""

ROBOTS = "User-agent: *\nDisallow:\n"
"""An empty ``Disallow``: every robot may fetch every page."""


def _static(body: str, content_type: str) -> Response:
    """A response for a file that never changes: validators, caching, conditional GET."""
    response = Response(body, content_type=content_type)
    response.last_modified = LAST_MODIFIED
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:16])
    response.cache_control.max_age = 86400  # clients may reuse it for a day
    response.make_conditional(request)  # 304 when the client's copy is still current
    del response.headers["Date"]  # make_conditional adds one; the server sends its own
    return response


@blueprint.after_app_request
def _server_header(response: Response) -> Response:
    response.headers["Server"] = SERVER
    return response


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Any error (an unknown page, a POST...) as a small HTML page."""
    text = ("Nothing lives at this address. Try <a href=\"/\">the home page</a>."
            if error.code == 404 else "This site only answers GET and HEAD requests.")
    body = ERROR_PAGE.format(code=error.code, name=error.name, text=text)
    return Response(body, error.code or 500, content_type="text/html; charset=UTF-8")


@blueprint.get("/")
@blueprint.get("/index.html")
def home() -> Response:
    return _static(PAGE, "text/html; charset=UTF-8")


@blueprint.get("/about")
def about() -> Response:
    return _static(ABOUT, "text/html; charset=UTF-8")


@blueprint.get("/robots.txt")
def robots() -> Response:
    return _static(ROBOTS, "text/plain; charset=UTF-8")
