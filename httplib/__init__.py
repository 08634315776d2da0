"""httplib: a small, readable HTTP client with the requests API, built on urllib3.

Code written for requests runs unchanged with ``import httplib as requests``::

    >>> import httplib
    >>> r = httplib.get("http://127.0.0.1:8000/get", params={"q": "x"})   # doctest: +SKIP
    >>> r.raise_for_status(); r.json()["args"]                            # doctest: +SKIP
    {'q': 'x'}

Reading order for the curious: ``api`` -> ``sessions`` (``Session.send``, the one
pipeline) -> ``models`` (the request) -> ``adapters`` -> urllib3, and back as a
``response``. Then ``redirects``, ``auth``, ``cookies``, ``exceptions``; the rest are
small pieces. ``httplib.dump(response)`` shows the exchange as it went over the wire.
"""

__title__ = "httplib"
__version__ = "0.1.0"
__copyright__ = "Copyright 2026 The httplib workbook authors"

from urllib3.exceptions import DependencyWarning  # re-exported, as requests does

from httplib import exceptions, utils
from httplib.api import delete, get, head, options, patch, post, put, request
from httplib.dump import dump
from httplib.exceptions import (
    ConnectionError,
    ConnectTimeout,
    FileModeWarning,
    HTTPError,
    JSONDecodeError,
    ReadTimeout,
    RequestException,
    RequestsDependencyWarning,
    Timeout,
    TooManyRedirects,
    URLRequired,
)
from httplib.models import PreparedRequest, Request
from httplib.response import Response
from httplib.sessions import Session, session
from httplib.status_codes import codes

__all__ = [
    "ConnectTimeout", "ConnectionError", "DependencyWarning", "FileModeWarning", "HTTPError",
    "JSONDecodeError", "PreparedRequest", "ReadTimeout", "Request", "RequestException",
    "RequestsDependencyWarning", "Response", "Session", "Timeout", "TooManyRedirects",
    "URLRequired", "__copyright__", "__title__", "__version__", "codes", "delete", "dump",
    "exceptions", "get", "head", "options", "patch", "post", "put", "request", "session", "utils",
]
