"""The parent side: start ``workloads.py`` children, interleave clients, take medians.

Every function returns, per client, either a dict of figures or an ``Error`` saying
why that client has none (e.g. httplib not written yet). Nothing here raises because
one client failed: the table shows "n/a" and the targets that need it fail.
"""

from __future__ import annotations

import json
import os
import selectors
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # seconds; a child silent for longer has hung

# Proxy settings from the environment must not send loopback traffic elsewhere, and
# every client's modules must come from .pyc files (written by a warm-up run) for a
# fair import time, even when the environment asks Python not to write them.
ENV = {
    k: v for k, v in os.environ.items()
    if not k.lower().endswith("_proxy") and k != "PYTHONDONTWRITEBYTECODE"
}


@dataclass
class Error:
    """Why a client has no figure."""

    reason: str


Figures = dict[str, float]
Results = dict[str, Figures | Error]


def run_child(args: list[str]) -> dict[str, Any]:
    """Run ``python -m benchmarks.workloads ARGS`` to the end; return its JSON answer."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.workloads", *args],
            cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"no answer in {TIMEOUT:.0f} s"}
    return parse(done.stdout, done.stderr)


def parse(stdout: str, stderr: str = "") -> dict[str, Any]:
    """The last JSON line of a child's output; an ``error`` entry when there is none."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    last = stderr.strip().splitlines()[-1:] or ["no output"]
    return {"error": last[0]}


class LoopChild:
    """A long-lived ``workloads loop`` child: one client with its session, rounds on demand."""

    def __init__(self, kind: str, client: str, url: str) -> None:
        """Start the child; ``self.error`` is set if it could not get ready."""
        self.client = client
        self.error: str | None = None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.workloads", "loop", kind, client, url],
            cwd=ROOT, env=ENV, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        ready = self._answer()
        if "error" in ready:
            self.error = ready["error"]

    def round(self, count: int) -> dict[str, Any]:
        """Ask for ``count`` GETs; return ``{"wall": s, "cpu": s}`` or ``{"error": ...}``."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(f"{count}\n")
            self.process.stdin.flush()
        except OSError:
            return {"error": "the child exited"}
        return self._answer()

    def _answer(self) -> dict[str, Any]:
        """One JSON line from the child, or an error after TIMEOUT seconds of silence."""
        stdout: IO[str] = self.process.stdout  # type: ignore[assignment]
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            if not selector.select(TIMEOUT):
                self.close()
                return {"error": f"no answer in {TIMEOUT:.0f} s"}
        return parse(stdout.readline())

    def close(self) -> None:
        """Close its input (it exits on that); kill it if it does not."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # type: ignore[union-attr]
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()  # type: ignore[union-attr]


@contextmanager
def loop_children(kind: str, clients: list[str], url: str) -> Iterator[list[LoopChild]]:
    """One ``LoopChild`` per client, all closed on the way out (errors, Ctrl-C too)."""
    with ExitStack() as stack:
        children = []
        for client in clients:
            child = LoopChild(kind, client, url)
            stack.callback(child.close)
            children.append(child)
        yield children


def in_turn(items: list[Any], round_number: int) -> list[Any]:
    """``items`` rotated by the round number: A B C, then B C A, then C A B... No client
    always goes first (after the slowest one's round), so the order favours none."""
    shift = round_number % len(items) if items else 0
    return items[shift:] + items[:shift]


def requests_per_second(
    kind: str, clients: list[str], url: str, rounds: int, count: int, warmup: int,
    server_cpu: Callable[[], float] = lambda: 0.0, round_seconds: float = 1.5,
) -> Results:
    """Median req/s, CPU microseconds per request, client and server busy %.

    Rounds are interleaved: every client does one round, then every client again, each
    round in another order (:func:`in_turn`).
    A round is ``count`` requests, fewer for a client whose warm-up shows it would
    need more than ``round_seconds`` (httpx.get() builds a TLS context per call).
    ``server_cpu`` returns the server's CPU seconds so far (``Server.cpu_seconds``).
    """
    counts: dict[str, int] = {}
    walls: dict[str, list[float]] = {c: [] for c in clients}
    cpus: dict[str, list[float]] = {c: [] for c in clients}
    served: dict[str, float] = dict.fromkeys(clients, 0.0)
    with loop_children(kind, clients, url) as children:
        for child in children:
            if child.error is None:
                answer = child.round(warmup)
                child.error = answer.get("error")
                if child.error is None:
                    affordable = int(warmup / answer["wall"] * round_seconds)
                    counts[child.client] = max(10, min(count, affordable))
        for round_number in range(rounds):
            for child in in_turn(children, round_number):  # A B C, B C A, C A B, ...
                if child.error is not None:
                    continue
                before = server_cpu()
                answer = child.round(counts[child.client])
                served[child.client] += server_cpu() - before
                child.error = answer.get("error")
                if child.error is None:
                    walls[child.client].append(answer["wall"])
                    cpus[child.client].append(answer["cpu"])
        errors = {child.client: child.error for child in children}
    results: Results = {}
    for client in clients:
        if errors[client] is not None:
            results[client] = Error(str(errors[client]))
            continue
        n, wall, cpu = counts[client], walls[client], cpus[client]
        results[client] = {
            "count": n,
            "rps": statistics.median(n / w for w in wall),
            "cpu_us": statistics.median(c / n * 1e6 for c in cpu),
            "busy": statistics.median(c / w * 100 for c, w in zip(cpu, wall, strict=True)),
            # over all rounds, as /proc counts CPU time in coarse ticks (10 ms)
            "server_busy": served[client] / sum(wall) * 100,
        }
    return results


def large_body(kind: str, clients: list[str], url: str, size: int, rounds: int) -> Results:
    """Median MiB/s, seconds and peak RSS of a fresh child per client and round."""
    runs: dict[str, list[dict[str, Any]]] = {c: [] for c in clients}
    failed: dict[str, str] = {}
    for round_number in range(rounds):
        for client in in_turn(clients, round_number):
            if client in failed:
                continue
            answer = run_child([kind, client, url, str(size)])
            if "error" in answer:
                failed[client] = answer["error"]
            else:
                runs[client].append(answer)
    results: Results = {}
    for client in clients:
        if client in failed:
            results[client] = Error(failed[client])
            continue
        seconds = statistics.median(r["seconds"] for r in runs[client])
        results[client] = {
            "seconds": seconds,
            "mib_s": size / (1024 * 1024) / seconds,
            "peak_rss": statistics.median(r["peak_rss_mib"] for r in runs[client]),
        }
    return results


IMPORT_SNIPPET = (
    "import time; t = time.perf_counter(); import {0}; {1}; print(time.perf_counter() - t)"
)
# What makes each client ready to send: httplib and requests load cookie handling and
# sessions here (httplib only now, as it loads them on first use); urllib3 its pool.
READY = {"urllib3": "urllib3.PoolManager()", "httpx": "httpx.Client()"}


def import_time(clients: list[str], rounds: int, ready: bool = False) -> Results:
    """Median seconds of ``import CLIENT`` in a fresh interpreter (after one warm-up);
    with ``ready``, also of making a session (or pool, or client) to send with.

    The child runs a bare ``python -c``, not ``benchmarks.workloads``, so no module the
    client needs is imported before the clock starts.
    """
    times: dict[str, list[float]] = {c: [] for c in clients}
    failed: dict[str, str] = {}
    for round_ in range(rounds + 1):  # round 0 writes the .pyc files: not counted
        for client in in_turn(clients, round_):
            if client in failed:
                continue
            done = subprocess.run(
                [sys.executable, "-c", IMPORT_SNIPPET.format(
                    client, READY.get(client, f"{client}.Session()") if ready else "pass")],
                cwd=ROOT, env=ENV, capture_output=True, text=True,
            )
            if done.returncode != 0:
                failed[client] = (done.stderr.strip().splitlines() or ["failed"])[-1]
            elif round_ > 0:
                times[client].append(float(done.stdout))
    return {
        c: Error(failed[c]) if c in failed else {"seconds": statistics.median(times[c])}
        for c in clients
    }


def servers_start(rounds: int) -> Figures | Error:
    """Median seconds of a lesson's first cell in a fresh interpreter (``first_cell``),
    and of its two parts: the imports and ``servers.start()``."""
    runs = []
    for _ in range(rounds):
        answer = run_child(["servers"])
        if "error" in answer:
            return Error(answer["error"])
        runs.append(answer)
    return {key: statistics.median(r[key] for r in runs)
            for key in ("start", "import", "first_cell")}
