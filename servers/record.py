"""What the demo servers received: a bounded log of requests, for lessons and checks.

Each running ``Demo`` keeps one :class:`RequestLog`, ``demo.received``. Every request a
Flask stand-in (httpbin, github, posts...) or one of the texts' ``http.server`` programs
receives is noted there: which server, the method, the target, the headers as they
arrived and the body. So a lesson can show "what did the server see?", and a check can
ask whether a request really went out, instead of trusting a variable::

    sent = demo.received.last(server="httpbin", path="/get")
    sent.method, sent.query["q"], sent.header("User-Agent")

It is bounded (the last :data:`KEEP` requests, bodies cut at :data:`BODY_BYTES`), it is
emptied when the servers stop, and it never changes what a server answers. The
programs' bodies are not noted (their handlers read them), nor the proxy's and the
fault server's traffic (the proxy keeps its own log, at ``/forwarded``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

KEEP = 1000
"""How many requests the log keeps: the oldest go first."""

BODY_BYTES = 64 * 1024
"""How much of each body is kept; ``body_cut`` says when there was more."""


@dataclass(frozen=True)
class Received:
    """One request as a demo server received it."""

    server: str
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None = None  # None: this server does not note bodies
    body_cut: bool = False
    at: float = field(default_factory=time.time)

    @property
    def path(self) -> str:
        """The target without its query: ``/get`` for ``/get?q=1``."""
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        """The query string, parsed: ``{"q": ["1"]}``."""
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case), or None; repeated ones joined by ``, ``."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return ", ".join(values) if values else None


class RequestLog:
    """The last :data:`KEEP` requests the demo servers received, oldest first."""

    def __init__(self) -> None:
        self._requests: deque[Received] = deque(maxlen=KEEP)
        self._lock = threading.Lock()

    def note(self, received: Received) -> None:
        with self._lock:
            self._requests.append(received)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    def __iter__(self) -> Iterator[Received]:
        with self._lock:
            return iter(list(self._requests))

    def __len__(self) -> int:
        return len(self._requests)

    def find(self, server: str | None = None, method: str | None = None,
             path: str | None = None, since: float | None = None) -> list[Received]:
        """The requests that match every condition given, oldest first."""
        return [r for r in self if (server is None or r.server == server)
                and (method is None or r.method == method.upper())
                and (path is None or r.path == path)
                and (since is None or r.at >= since)]

    def last(self, **conditions: str | float | None) -> Received | None:
        """The newest request that matches (see :meth:`find`), or None."""
        found = self.find(**conditions)  # type: ignore[arg-type]
        return found[-1] if found else None

    def __repr__(self) -> str:
        return f"<RequestLog: {len(self)} requests>"
