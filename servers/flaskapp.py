"""Turning a stand-in service's Flask blueprint into a running demo server.

Every Flask stand-in (``servers/httpbin``, ``servers/apis``, ``servers/sites``) is a
:class:`flask.Blueprint`: a bundle of routes with no app of its own. :func:`serve`
gives each one a fresh app and a background server, so two demo sets in one process
(a test suite, say) never share state.

Views that must wait call :func:`pause` rather than ``time.sleep``: it returns early
when the server stops, so ``stop()`` never waits for a sleeping ``/delay/10``.
"""

from __future__ import annotations

import io
import json
import ssl
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, abort, current_app, request
from werkzeug.exceptions import HTTPException

from servers.record import BODY_BYTES, Received
from servers.wsgi import ThreadedWSGIServer

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
"""Request bodies over this size get ``413 Content Too Large``, saying the limit.

16 MiB is far above anything a lesson sends (the largest upload in the lessons and
tests is a few hundred KiB, apart from the test of this limit), and small enough that
a runaway loop cannot fill the machine's memory or disk.
"""

State = TypeVar("State")

MAX_PAUSE_SECONDS = 10.0
"""No view waits longer than this, whatever a query string asks for."""


def create_app(blueprint: Blueprint, **config: Any) -> Flask:
    """A Flask app serving one blueprint, with the settings every stand-in shares.

    ``config`` becomes Flask config (e.g. ``UPLOAD_DIR`` for httpbin's ``/upload``).
    """
    app = Flask(blueprint.name)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES
    app.config.update(config)
    app.before_request(refuse_oversized_body)
    app.before_request(note_request)
    app.register_blueprint(blueprint)
    return app


def note_request() -> None:
    """Note the request in the demo's request log (``servers.record``), if it keeps one.

    The body is read here (werkzeug keeps it for the view, form fields and files
    included), after :func:`refuse_oversized_body` has refused anything too big.
    """
    noting = current_app.config.get("REQUEST_LOG")
    if noting is None:
        return
    request_log, name = noting
    body = request.get_data()
    target = request.environ.get("REQUEST_URI") or request.full_path.rstrip("?")
    request_log.note(Received(name, request.method, target, tuple(request.headers.items()),
                              body[:BODY_BYTES], len(body) > BODY_BYTES))


def refuse_oversized_body() -> None:
    """Answer 413, saying the limit, before any view runs when the body is over it.

    Flask enforces ``MAX_CONTENT_LENGTH`` itself, but with a message that does not say
    what the limit is, and a *chunked* body (no ``Content-Length``: its size is known
    only at its end) over the limit may not be refused at all: ``request.get_data()``
    quietly cuts it at the limit, and the view answers 200 about a truncated body. So a
    declared length is checked here, and a chunked body is read here, up to one byte
    past the limit (then kept in memory for the view, as ``get_data()`` would keep it).
    The service's own error handler words the 413 (text, JSON or HTML).
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is None:
        return
    allowed = f"this server accepts at most {limit} bytes ({limit / 2**20:g} MiB)"
    length = request.content_length
    if length is not None and length > limit:
        abort(413, description=f"the request body has {length} bytes; {allowed}")
    if length is None and request.environ.get("wsgi.input_terminated"):  # chunked
        stream, pieces, size = request.environ["wsgi.input"], [], 0
        try:
            while size <= limit and (piece := stream.read(64 * 1024)):
                pieces.append(piece)
                size += len(piece)
        except (OSError, ValueError):  # werkzeug's words for a bad chunk or a hang-up
            abort(400, description="the chunked request body is malformed or cut short")
        if size > limit:
            abort(413, description=f"the chunked request body is too long; {allowed}")
        request.environ["wsgi.input"] = io.BytesIO(b"".join(pieces))


def serve(
    blueprint: Blueprint, port: int = 0, ssl_context: ssl.SSLContext | None = None, **config: Any
) -> ThreadedWSGIServer:
    """Create the blueprint's app and bind a server for it (not yet accepting)."""
    app = create_app(blueprint, **config)
    server = ThreadedWSGIServer(port, app, ssl_context=ssl_context)
    app.config["STOPPING"] = server.stopping
    return server


def pause(seconds: float) -> bool:
    """Wait ``seconds`` (at most :data:`MAX_PAUSE_SECONDS`) inside a view.

    Returns True when the server is stopping, so a streaming view can end early.
    """
    seconds = min(max(seconds, 0.0), MAX_PAUSE_SECONDS)
    return current_app.config["STOPPING"].wait(seconds)


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None,
                  *, pretty: bool = False) -> Response:
    """JSON with the keys in the order written (``jsonify`` would sort them), in UTF-8.

    Compact, as most APIs send it; ``pretty=True`` indents it, as jsonplaceholder does.
    """
    if pretty:
        body = json.dumps(data, indent=2, ensure_ascii=False)
    else:
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return Response(body, status, headers, content_type="application/json; charset=utf-8")


def app_state(name: str, make: Callable[[], State]) -> State:
    """This app's own mutable state (CRUD data, counters), made by ``make()`` on first use.

    Kept in ``current_app.extensions``, so every demo set starts fresh and two sets in
    one process never share it. Two first requests may both call ``make()``; the
    atomic ``setdefault`` makes sure both get the one stored first.
    """
    state = current_app.extensions.get(name)
    if state is None:
        state = current_app.extensions.setdefault(name, make())
    return state


class BadParameter(Exception):
    """A request parameter a stand-in cannot use; the message says why (a 400 answer)."""


def answer_errors_in_json(blueprint: Blueprint, body: Callable[[str], Any]) -> None:
    """Make the app's errors JSON, shaped as the real service shapes them.

    ``body(message)`` builds the JSON: ``{"message": ...}`` for most APIs,
    ``{"error": true, "reason": ...}`` for Open-Meteo. A :class:`BadParameter` is
    answered with 400 and its message; any other HTTP error keeps its status.
    """

    @blueprint.app_errorhandler(BadParameter)
    def bad_parameter(error: BadParameter) -> Response:
        return json_response(body(str(error)), 400)

    @blueprint.app_errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return json_response(body(error.name), error.code or 500)
