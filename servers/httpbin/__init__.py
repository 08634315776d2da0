"""An offline httpbin.org: the request-and-response testing service the lessons call.

httpbin.org answers every kind of request a client library may need to try: it echoes
requests back as JSON, answers any status code, redirects, sets cookies, asks for
passwords, compresses, streams, and so on. This package plays it on loopback, one
module per topic, each a :class:`flask.Blueprint` nested in :data:`blueprint`:

==============  ================================================================
``echo``        /get /post /put /patch /delete /anything /headers /ip /uuid ...
``status``      /status/<codes>, /delay/<seconds>
``redirects``   /redirect/<n>, /relative-redirect, /absolute-redirect, /redirect-to
``cookies``     /cookies, /cookies/set, /cookies/delete
``auth``        /basic-auth, /hidden-basic-auth, /bearer
``digest``      /digest-auth (HTTP Digest authentication, RFC 7616)
``formats``     /gzip /deflate /html /json /xml /encoding/utf8 /robots.txt /links
``images``      /image and /image/png|jpeg|webp|svg
``streams``     /stream /stream-bytes /bytes /range /drip
``caching``     /cache /etag /response-headers
``unstable``    /unstable: failures on purpose, for retry lessons
``upload``      /upload: saves an ``image`` form field into the upload folder
==============  ================================================================

``servers.launcher`` serves :data:`blueprint` three times: plain HTTP, HTTPS with the
local CA, and HTTPS with a self-signed certificate. ``GET /`` lists every endpoint.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException
from werkzeug.utils import secure_filename

from servers.httpbin import (
    auth,
    caching,
    cookies,
    digest,
    echo,
    formats,
    images,
    redirects,
    status,
    streams,
    unstable,
    upload,
)
from servers.httpbin.common import fail

blueprint = Blueprint("httpbin", __name__)
"""The whole service; register it on an app (``servers.flaskapp.serve`` does)."""

MAX_FILE_NAME_BYTES = 255
"""The longest file name Linux (and most file systems) will create: ``NAME_MAX``."""


@upload.blueprint.before_request
def refuse_overlong_file_names() -> None:
    """400 for an upload whose safe file name would still be too long to create.

    ``upload`` is the texts' app, kept as they wrote it (a lesson prints it). Its
    ``secure_filename`` keeps a name inside the folder, but not short: a 300-letter name
    makes ``open()`` fail with "File name too long", which would be a 500 answer.
    """
    image = request.files.get("image")
    if image is not None and len(secure_filename(image.filename or "")) > MAX_FILE_NAME_BYTES:
        fail(f"failed to upload image: the file name is longer than {MAX_FILE_NAME_BYTES} "
             "characters")


for topic in (echo, status, redirects, cookies, auth, digest, formats, images, streams,
              caching, unstable, upload):
    blueprint.register_blueprint(topic.blueprint)


@blueprint.get("/")
def index() -> Response:
    """This page: every endpoint, with the first line of its view's docstring."""
    rows = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint.startswith("httpbin.") and rule.rule != "/":
            view = current_app.view_functions[rule.endpoint]
            summary = (view.__doc__ or "").strip().partition("\n")[0].replace("``", "")
            methods = " ".join(sorted(rule.methods - {"HEAD", "OPTIONS"}))
            rows.append(f"<tr><td><code>{escape(rule.rule)}</code></td>"
                        f"<td>{methods}</td><td>{escape(summary)}</td></tr>")
    page = ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>httpbin (offline)</title>"
            "</head><body><h1>httpbin (offline)</h1>\n<p>A stand-in for httpbin.org.</p>\n"
            "<table>\n" + "\n".join(rows) + "\n</table></body></html>\n")
    return Response(page, mimetype="text/html")


@blueprint.app_errorhandler(HTTPException)
def error_page(error: HTTPException) -> Response:
    """Errors in werkzeug's own words keep its small HTML page, as on httpbin.org (a 404
    for an unknown path, a 405 for a method a route does not take). Errors in our words,
    such as a 400 for bad input (``common.fail``) or a 413 for a body over the limit,
    are one line of plain text instead: ``400 Bad Request: delay must be a number...``.

    The error's own headers stay (``Allow`` on a 405, for example).
    """
    response = error.get_response()
    if error.description != type(error).description:
        response.set_data(f"{error.code} {error.name}: {error.description}\n")
        response.mimetype = "text/plain"
    return response


@blueprint.record_once
def _indent_json(state: BlueprintSetupState) -> None:
    """Indent JSON answers by two spaces, keys sorted, as httpbin.org sends them."""
    state.app.json.compact = False


CORS_METHODS = "GET, POST, PUT, DELETE, PATCH, OPTIONS"


@blueprint.after_app_request
def allow_cross_origin(response: Response) -> Response:
    """Let scripts on any web page call this service (CORS), as httpbin.org does.

    A browser runs a page's ``fetch()`` to another origin only if the answer allows it:
    ``Access-Control-Allow-Origin`` names the caller's ``Origin`` (or ``*``). Before
    a request that is not "simple" (a PUT, a custom header), it first asks with an
    ``OPTIONS`` *preflight*, answered with the methods and headers allowed and how long
    to remember that. Python clients ignore all of this; it is here so that the headers
    a learner sees match the real service.
    """
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    headers["Access-Control-Allow-Credentials"] = "true"
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = CORS_METHODS
        headers["Access-Control-Max-Age"] = "3600"
        asked = request.headers.get("Access-Control-Request-Headers")
        if asked is not None:
            headers["Access-Control-Allow-Headers"] = asked
    return response
