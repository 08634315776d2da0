"""Turning a stand-in service's Flask blueprint into a running demo server.

Every Flask stand-in (``servers/httpbin``, ``servers/apis``, ``servers/sites``) is a
:class:`flask.Blueprint`: a bundle of routes with no app of its own. :func:`serve`
gives each one a fresh app and a background server, so two demo sets in one process
(a test suite, say) never share state.

Views that must wait call :func:`pause` rather than ``time.sleep``: it returns early
when the server stops, so ``stop()`` never waits for a sleeping ``/delay/10``.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app
from werkzeug.exceptions import HTTPException

from servers.wsgi import ThreadedWSGIServer

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
"""Request bodies over this size get ``413 Payload Too Large`` (Flask checks it)."""

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
    app.register_blueprint(blueprint)
    return app


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
