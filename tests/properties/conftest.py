"""Settings and fixtures for the property tests: hypothesis, reproducible and quick.

A property test states a rule ("any params come back as sent") and hypothesis invents
the inputs: unicode, empty strings, reserved characters, odd chunk sizes. When a rule
breaks, it shrinks the input to the smallest one that still breaks it.

The ``properties`` profile makes a run repeatable and bounded:

* ``derandomize=True``: the examples come from a fixed seed, so CI sees the same ones
  on every run and a failure reproduces at once.
* ``database=None``: no ``.hypothesis/`` folder of remembered failures in the repository.
  Hypothesis still caches some tables (unicode data, constants): they go to the
  temporary directory instead, via ``HYPOTHESIS_STORAGE_DIRECTORY``, unless it is set.
* ``deadline=None``: each example talks to a real loopback server, whose timing varies
  with the machine's load; the per-request ``timeout=`` and pytest-timeout bound it.
* ``max_examples=150``: enough to meet the edge cases these rules are about (empty
  strings, a ``\\r\\n`` cut in two, quoted cookie values...) while the whole package runs
  in about 15 seconds. No health check is suppressed: none fires.

``HYPOTHESIS_PROFILE=properties-thorough`` runs 1000 examples per test, still repeatably
(about two minutes): for exploring after a change, not for CI.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import httplib

os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "httplib-workbook-hypothesis"))
settings.register_profile("properties", deadline=None, derandomize=True, database=None,
                          max_examples=150)
settings.register_profile("properties-thorough", parent=settings.get_profile("properties"),
                          max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "properties"))

TIMEOUT = 5
"""Seconds any one request may take: loopback answers in milliseconds."""


@pytest.fixture(scope="session")
def client() -> Iterator[httplib.Session]:
    """One httplib session for every example: its kept-alive connections make each
    example a few milliseconds. ``trust_env`` is off so no proxy setting interferes."""
    with httplib.Session() as session:
        session.trust_env = False
        yield session
