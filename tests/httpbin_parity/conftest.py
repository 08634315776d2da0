"""Fixtures of the parity suite: the real httpbin, and ``parity`` to compare one request.

See ``harness.py`` for what is compared and how deliberate differences are named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from tests.httpbin_parity.harness import assert_shown, compare, observe
from tests.httpbin_parity.reference import reference_httpbin


@pytest.fixture(scope="session")
def reference() -> Iterator[str]:
    """The base URL of the real httpbin, running for the whole test session."""
    with reference_httpbin() as url:
        yield url


Send = Callable[..., tuple[dict[str, Any], dict[str, Any]]]


@pytest.fixture
def parity(reference: str, demo: Any) -> Send:
    """``parity(method, path, differs=(...), **request_kwargs)``: send the request to
    both servers, each from a fresh requests Session (no cookies carried over, no
    redirects followed), assert the observations agree, and return them.

    ``data`` may be a function that makes the body, for a body that can be sent only
    once (a generator, sent chunked).
    """

    def send(method: str, path: str, differs: tuple[str, ...] = (),
             **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        kwargs.setdefault("allow_redirects", False)
        seen = []
        make_body = kwargs.pop("data") if callable(kwargs.get("data")) else None
        for base in (reference, demo.httpbin):
            if make_body is not None:
                kwargs["data"] = make_body()
            with requests.Session() as session:
                session.trust_env = False
                try:
                    response = session.request(method, base + path, timeout=10, **kwargs)
                except requests.RequestException as error:  # httpbin's /status/99, say
                    seen.append({"failed": type(error).__name__})
                else:
                    seen.append(observe(response))
        real, ours = seen
        compare(real, ours, differs)
        return real, ours

    return send


Scenario = Callable[[requests.Session, str], list[Any]]


@pytest.fixture
def parity_scenario(reference: str, demo: Any) -> Callable[..., None]:
    """``parity_scenario(scenario, differs=(...))``: run ``scenario(session, base_url)``
    against each server with a fresh Session, and compare every response it returns,
    the redirects and retries in their ``history`` included, one by one."""

    def run(scenario: Scenario, differs: tuple[str, ...] = ()) -> None:
        seen = []
        for base in (reference, demo.httpbin):
            with requests.Session() as session:
                session.trust_env = False
                responses = scenario(session, base)
                seen.append([observe(hop) for r in responses for hop in [*r.history, r]])
        real, ours = seen
        assert len(real) == len(ours), f"httpbin answered {len(real)} times, the stand-in " \
                                       f"{len(ours)} times"
        shown: set[str] = set()
        for step, (expected, got) in enumerate(zip(real, ours, strict=True)):
            try:
                shown |= compare(expected, got, differs, each_must_show=False)
            except AssertionError as error:
                raise AssertionError(f"response {step + 1}: {error}") from None
        assert_shown(differs, shown)

    return run
