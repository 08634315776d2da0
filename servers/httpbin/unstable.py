"""A flaky endpoint for retry lessons: ``/unstable`` fails on purpose, sometimes.

Two ways to use it:

* ``/unstable?failure_rate=0.3`` answers ``500`` on 30% of calls (0.5 by default).
  Add ``&seed=7`` for a reproducible run: the server keeps one random sequence per
  seed, so the calls with ``seed=7`` succeed and fail in the same pattern on every
  fresh start of the demo servers.
* ``/unstable?fail_times=2&key=lesson3`` is fully predictable: the first 2 calls with
  that key answer ``503 Service Unavailable`` with ``Retry-After: 0``, the 3rd answers
  200. Then the count starts again, so re-running a notebook cell repeats the story.
  (``fail_times`` takes precedence over ``failure_rate``.)

The counts and random sequences are shared by every request, each served in its own
thread, so one lock guards them. They live in the app's ``extensions`` dictionary:
each start of the demo servers creates a fresh app, and so fresh counts.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field

from flask import Blueprint, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState

from servers.httpbin.common import GET_KEYS, describe, fail, whole_number

blueprint = Blueprint("unstable", __name__)

MAX_TRACKED = 1000
"""Seeds and keys remembered at most; beyond that the oldest are forgotten."""


@dataclass
class Flakiness:
    """The shared state of ``/unstable`` for one app."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sequences: dict[int, random.Random] = field(default_factory=dict)
    """One random sequence per ``seed`` value."""
    calls: dict[str, int] = field(default_factory=dict)
    """Calls so far in the current round, per ``key`` (for ``fail_times``)."""

    def draw(self, seed: int | None) -> float:
        """The next number in [0, 1) from the seed's own sequence (or any, without seed)."""
        if seed is None:
            return random.random()
        with self.lock:
            if seed not in self.sequences:
                _forget_oldest(self.sequences)
                self.sequences[seed] = random.Random(seed)
            return self.sequences[seed].random()

    def should_fail(self, key: str, fail_times: int) -> bool:
        """True for the first ``fail_times`` calls with ``key``; the next one starts over."""
        with self.lock:
            if key not in self.calls:
                _forget_oldest(self.calls)
            done = self.calls.get(key, 0)
            self.calls[key] = 0 if done >= fail_times else done + 1
            return done < fail_times


def _forget_oldest(table: dict) -> None:
    """Keep ``table`` under :data:`MAX_TRACKED` entries (dicts remember insertion order)."""
    while len(table) >= MAX_TRACKED:
        del table[next(iter(table))]


@blueprint.record_once
def _add_state(state: BlueprintSetupState) -> None:
    """Give each app that registers this blueprint its own :class:`Flakiness`."""
    state.app.extensions["httpbin.unstable"] = Flakiness()


def _failure_rate() -> float:
    """``?failure_rate=`` as a probability from 0 to 1 (default 0.5), or a 400."""
    text = request.args.get("failure_rate", "0.5")
    try:
        rate = float(text)
    except ValueError:
        rate = math.nan
    if not 0 <= rate <= 1:  # also rejects nan
        fail(f"failure_rate must be a number from 0 to 1, not {text!r}")
    return rate


@blueprint.route("/unstable", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unstable() -> Response:
    """Fail with 500 at ``?failure_rate=`` (``&seed=`` to repeat), or ``?fail_times=`` then 200."""
    flakiness: Flakiness = current_app.extensions["httpbin.unstable"]
    rate = _failure_rate()
    if "fail_times" in request.args:
        fail_times = whole_number(request.args["fail_times"], "fail_times", 0, 100)
        if flakiness.should_fail(request.args.get("key", ""), fail_times):
            return Response("503 Service Unavailable: failing on purpose (fail_times)\n",
                            status=503, mimetype="text/plain", headers={"Retry-After": "0"})
        return jsonify(describe(*GET_KEYS))
    seed = request.args.get("seed")
    number = flakiness.draw(None if seed is None else whole_number(seed, "seed", 0, 2**63))
    if number < rate:
        return Response("500 Internal Server Error: failing on purpose (failure_rate)\n",
                        status=500, mimetype="text/plain")
    return jsonify(describe(*GET_KEYS))
