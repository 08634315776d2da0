"""Shared pytest fixtures: one set of demo servers for the whole run, and a client.

Tests talk only to these loopback servers, never to the internet. ``requests`` is the
reference client for the servers' own tests (httplib is tested against it elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator

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
