"""Fixtures of the differential suite: ``same`` compares the clients; ``offline`` guards.

See ``harness.py`` for how a scenario is written and compared.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

from tests.differential.harness import CLIENTS, outcome


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
def always_offline(offline: None) -> None:
    """Every scenario runs offline (the ``offline`` fixture of tests/conftest.py)."""
