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

``import httplib`` loads urllib3 and the exceptions (what ``except`` clauses name) and
little else: the other modules load the first time you use a name from them, such as
``httplib.get`` or ``httplib.Session`` (module ``__getattr__``, PEP 562). A script
that only imports httplib, or fails before its first request, does not pay for cookie
handling (``http.cookiejar``), sessions and the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__title__ = "httplib"
__version__ = "0.1.0"
__copyright__ = "Copyright 2026 The httplib workbook authors"

from urllib3.exceptions import DependencyWarning  # re-exported, as requests does

from httplib import exceptions
from httplib.dump import dump  # loaded now: a function named like its module, see below
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
from httplib.status_codes import codes

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and editors
    from httplib import utils
    from httplib.api import delete, get, head, options, patch, post, put, request
    from httplib.models import PreparedRequest, Request
    from httplib.response import Response
    from httplib.sessions import Session, session

# Each name loaded on first use, and the module it comes from.
_LAZY = {
    **dict.fromkeys(["delete", "get", "head", "options", "patch", "post", "put", "request"],
                    "httplib.api"),
    "PreparedRequest": "httplib.models",
    "Request": "httplib.models",
    "Response": "httplib.response",
    "Session": "httplib.sessions",
    "session": "httplib.sessions",
}
_SUBMODULES = {"adapters", "api", "auth", "cookies", "hooks", "models", "packages", "redirects",
               "response", "sessions", "status_codes", "structures", "utils"}

__all__ = [
    "ConnectTimeout", "ConnectionError", "DependencyWarning", "FileModeWarning", "HTTPError",
    "JSONDecodeError", "PreparedRequest", "ReadTimeout", "Request", "RequestException",
    "RequestsDependencyWarning", "Response", "Session", "Timeout", "TooManyRedirects",
    "URLRequired", "__copyright__", "__title__", "__version__", "codes", "delete", "dump",
    "exceptions", "get", "head", "options", "packages", "patch", "post", "put", "request",
    "session", "utils",
]


# ``dump`` is loaded above, not lazily: importing the module httplib.dump for the first
# time makes ``httplib.dump`` that module, which would hide the function of that name.


def __getattr__(name: str) -> Any:
    """Load ``httplib.<name>`` on first use, then keep it here as a normal attribute."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"httplib.{name}")
    else:
        raise AttributeError(f"module 'httplib' has no attribute {name!r}")
    globals()[name] = value  # the next lookup finds it without calling this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
