"""The real httpbin, served on loopback, as the reference the stand-in is held to.

httpbin.org runs the ``httpbin`` package (a Flask app) under gunicorn. Here the same
app runs on the workbook's own keep-alive WSGI server, the one that serves the
stand-in, so the two differ only in what the apps themselves answer.

One detail of the environment matters: httpbin refuses chunked request bodies with
``501`` unless ``SERVER_SOFTWARE`` names gunicorn, because only under gunicorn does
it know the body's end is marked. :func:`as_if_under_gunicorn` says so, as
httpbin.org's own server does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from servers.wsgi import ThreadedWSGIServer

GUNICORN = "gunicorn/19.9.0"
"""What httpbin.org's ``Server`` header has said for years."""


def as_if_under_gunicorn(app: Callable[..., Any]) -> Callable[..., Any]:
    """``app`` with ``SERVER_SOFTWARE`` set to gunicorn's in every request's environ."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        environ["SERVER_SOFTWARE"] = GUNICORN
        return app(environ, start_response)

    return wrapped


@contextmanager
def reference_httpbin() -> Iterator[str]:
    """Serve the real httpbin on a free port of 127.0.0.1; yield its base URL."""
    # Its app logs a warning on import (no Swagger UI without flasgger) and a traceback
    # for some bad input (/redirect/0 fails an assert): the tests read answers instead.
    logging.getLogger("httpbin.core").disabled = True
    try:
        import httpbin
    except ImportError as error:
        raise RuntimeError("the reference httpbin is missing: run `make setup`, which "
                           "installs it (see REFERENCE_HTTPBIN in the Makefile)") from error
    server = ThreadedWSGIServer(0, as_if_under_gunicorn(httpbin.app))
    thread = threading.Thread(target=server.serve_forever, name="reference-httpbin",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join()
        server.stop()
