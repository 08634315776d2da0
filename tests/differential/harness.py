"""The differential harness: run one scenario through requests and through httplib.

A scenario is a function of the client module, ``scenario(lib)``: it makes requests
with ``lib.get(...)``, ``lib.Session()``, ``lib.exceptions...`` exactly as a user
would, and returns what a user can observe (use :func:`observe` for a response).
The ``same`` fixture (``conftest.py``) runs it once per client and asserts the results
are equal::

    def test_params_as_list_of_tuples(demo, same):
        same(lambda lib: observe(lib.get(demo.httpbin + "/get", params=[("a", "1")])))

An exception is part of the result: :func:`outcome` turns it into the name of its
class and of every base class from the client's own exception module, so a
``ConnectTimeout`` must be a ``ConnectionError`` and a ``Timeout`` in both clients.

``DIFF_CLIENTS=requests,requests`` compares requests with itself: a quick way to check
that a new scenario is deterministic before httplib is involved.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

CLIENTS = tuple(os.environ.get("DIFF_CLIENTS", "requests,httplib").split(","))

# Each client names itself in User-Agent; the rest of a header must match.
_CLIENT_NAME = re.compile(r"python-(requests|httplib)/[\w.+-]+")


def normalise(value: Any) -> Any:
    """Replace each client's own name and version with ``python-<client>``, recursively."""
    if isinstance(value, str):
        return _CLIENT_NAME.sub("python-<client>", value)
    if isinstance(value, bytes):
        return _CLIENT_NAME.sub("python-<client>", value.decode("latin-1")).encode("latin-1")
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(normalise(v) for v in value)
    return value


# Headers that differ between two runs, or between clients for a reason shown
# elsewhere: an echoed User-Agent changes Content-Length, and the body is compared.
VOLATILE_HEADERS = {"date", "server", "etag", "last-modified", "expires", "x-ratelimit-reset",
                    "content-length"}


def observe(response: Any, body: bool = True) -> dict[str, Any]:
    """What a user sees of a response: status, URL, history, headers, cookies, body."""
    seen: dict[str, Any] = {
        "status": response.status_code,
        "reason": response.reason,
        "ok": response.ok,
        "url": response.url,
        "history": [(r.status_code, r.url) for r in response.history],
        "headers": {k.lower(): v for k, v in response.headers.items()
                    if k.lower() not in VOLATILE_HEADERS},
        "cookies": sorted(response.cookies.items()),
        "encoding": response.encoding,
        "is_redirect": response.is_redirect,
        "request": {"method": response.request.method, "url": response.request.url},
    }
    if body:
        seen["content"] = response.content
    return normalise(seen)


def outcome(lib: Any, scenario: Callable[[Any], Any]) -> Any:
    """Run ``scenario(lib)``; an exception becomes ``("raised", [class names])``."""
    try:
        return ("returned", normalise(scenario(lib)))
    except Exception as error:  # the type is what we compare
        return ("raised", exception_names(lib, error))


def exception_names(lib: Any, error: BaseException) -> list[str]:
    """``error``'s class and bases that ``lib.exceptions`` names, most specific first.

    An exception from outside the client (one that escaped it) is named in full, so
    that it shows up as a difference too.
    """
    own = {name for name in dir(lib.exceptions) if isinstance(getattr(lib.exceptions, name), type)}
    names = [cls.__name__ for cls in type(error).__mro__ if cls.__name__ in own]
    return names or [f"{type(error).__module__}.{type(error).__name__}"]
