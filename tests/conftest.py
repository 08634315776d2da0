"""Shared pytest fixtures: one set of demo servers for the whole run, a client, and one
build of the website for the tests that read it (test_docs_build.py, test_site.py).

Tests talk only to these loopback servers, never to the internet. ``requests`` is the
reference client for the servers' own tests (httplib is tested against it elsewhere).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import servers


@pytest.fixture(scope="session")
def demo() -> Iterator[servers.Demo]:
    """Every demo server, started once per test run and stopped at the end."""
    with servers.Demo() as running:
        yield running


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A requests session that ignores proxy settings from the environment."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The website, built once per run as `make docs` builds it: any warning fails."""
    destination = tmp_path_factory.mktemp("docs") / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    log = build.stdout + build.stderr
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert "WARNING" not in log, log
    assert (destination / "index.html").is_file()
    return destination


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound, then closed, so connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ENVIRONMENT_SETTINGS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
                        "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No proxy, CA bundle or .netrc from the environment; no name lookup but loopback.

    Both clients read these variables and ``~/.netrc`` at request time, so a test sets
    exactly what it needs. A name other than loopback fails at once: a crafted or
    invalid URL can never send a DNS query (or anything else) off this machine.
    """
    for name in ENVIRONMENT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NETRC", os.fspath(tmp_path / "no-netrc"))
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"test: no lookups of {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
