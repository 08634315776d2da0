"""Fixtures of the differential suite: ``same`` compares the clients; ``offline`` guards.

See ``harness.py`` for how a scenario is written and compared.
"""

from __future__ import annotations

import importlib
import os
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.differential.harness import CLIENTS, outcome

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def same() -> Callable[[Callable[[Any], Any]], Any]:
    """``same(scenario)``: assert every client gives the same result; return it."""

    def run(scenario: Callable[[Any], Any]) -> Any:
        results = [(name, outcome(importlib.import_module(name), scenario)) for name in CLIENTS]
        reference_name, reference = results[0]
        for name, result in results[1:]:
            assert result == reference, f"{name} differs from {reference_name}"
        return reference

    return run


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[None]:
    """No proxy or netrc from the environment, and no name lookup beyond loopback.

    Both clients read proxy variables and ``~/.netrc`` at request time; a scenario sets
    what it needs. A lookup of any other name fails at once, so an invalid URL can
    never send a query off this machine.
    """
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NETRC", os.fspath(tmp_path / "no-netrc"))
    real = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"test: no lookups of {name!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    yield
