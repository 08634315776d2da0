"""``python -m benchmarks``: measure httplib against requests and urllib3, print a table.

Every figure is a median over interleaved rounds (httplib, requests, urllib3, httpx,
then again), each client in a child process of its own; the server (nginx, or the
Python fallback) runs in yet another. Targets are checked at the end: the exit status
is 1 when one is missed, unless ``--no-check``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import platform
import signal
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from benchmarks import measure
from benchmarks.measure import Error, Results
from benchmarks.server import MiB, Server

FIGURES = ("keepalive", "oneoff", "stream", "content", "import", "servers")
STREAM_SIZE = 256 * MiB
CONTENT_SIZE = 32 * MiB


@dataclass(frozen=True)
class Plan:
    """How much work each figure does: rounds, and requests per round."""

    keepalive: tuple[int, int, int] = (11, 2000, 500)  # rounds, requests, warm-up requests
    oneoff: tuple[int, int, int] = (7, 300, 30)
    body_rounds: int = 15  # fresh child processes per client, streaming and .content each
    import_rounds: int = 15
    servers_rounds: int = 7


QUICK = Plan(keepalive=(3, 300, 50), oneoff=(3, 50, 10), body_rounds=1, import_rounds=3,
             servers_rounds=2)


@dataclass
class Row:
    """One line of the table. ``passed`` is None for figures without a target."""

    figure: str
    cells: dict[str, str]
    ratio: str = ""
    target: str = ""
    passed: bool | None = None


def cells(results: Results, key: str, fmt: str) -> dict[str, str]:
    """Each client's figure ``key`` formatted with ``fmt``, or "n/a"."""
    return {
        client: "n/a" if isinstance(r, Error) else format(r[key], fmt)
        for client, r in results.items()
    }


def compare(results: Results, key: str, reference: str) -> tuple[str, float | None]:
    """httplib's figure divided by the reference client's: ("0.93x urllib3", 0.93).

    An empty ``reference`` means the figure is not compared: ("", None).
    """
    if not reference:
        return "", None
    ours, theirs = results.get("httplib"), results.get(reference)
    if not isinstance(ours, dict) or not isinstance(theirs, dict) or not theirs[key]:
        return "n/a", None
    ratio = ours[key] / theirs[key]
    return f"{ratio:.2f}x {reference}", ratio


def row(
    figure: str, results: Results, key: str, fmt: str, reference: str = "urllib3",
    target: str = "", check: Callable[[float], bool] | None = None,
) -> Row:
    """A table row; with ``check``, the target passes when check(ratio) is true."""
    ratio_text, ratio = compare(results, key, reference)
    passed = None if check is None else ratio is not None and check(ratio)
    return Row(figure, cells(results, key, fmt), ratio_text, target, passed)


def keepalive(plan: Plan, clients: list[str], server: Server) -> tuple[list[Row], Results]:
    """Small GETs through one session per client: the connection stays open."""
    results = measure.requests_per_second(
        "keepalive", clients, server.url("/small"), *plan.keepalive, server.cpu_seconds
    )
    return [
        row("keep-alive GET, req/s", results, "rps", ",.0f", target=">= 0.8x urllib3",
            check=lambda r: r >= 0.8),
        row("keep-alive GET, CPU us/req", results, "cpu_us", ".1f"),
        row("keep-alive GET, client CPU busy %", results, "busy", ".0f", reference=""),
        row("keep-alive GET, server CPU busy %", results, "server_busy", ".0f", reference=""),
    ], results


def oneoff(plan: Plan, clients: list[str], server: Server) -> tuple[list[Row], Results]:
    """Small GETs with the module-level ``get()``, no session kept."""
    results = measure.requests_per_second(
        "oneoff", clients, server.url("/small"), *plan.oneoff
    )
    return [
        row("one-off get(), req/s", results, "rps", ",.0f", reference="requests",
            target=">= 1.5x requests", check=lambda r: r >= 1.5),
        row("one-off get(), CPU us/req", results, "cpu_us", ".1f", reference="requests"),
    ], results


def stream(plan: Plan, clients: list[str], server: Server) -> tuple[list[Row], Results]:
    """A 256 MiB body read in 1 MiB chunks: speed, and memory that must stay flat."""
    results = measure.large_body(
        "stream", clients, server.url("/256m"), STREAM_SIZE, plan.body_rounds
    )
    rss = row("stream 256 MiB, peak RSS MiB", results, "peak_rss", ".1f", target="< 40 MiB")
    ours = results.get("httplib")
    rss.passed = isinstance(ours, dict) and ours["peak_rss"] < 40
    return [
        row("stream 256 MiB, MiB/s", results, "mib_s", ",.0f", target=">= 0.95x urllib3",
            check=lambda r: r >= 0.95),
        rss,
    ], results


def content(plan: Plan, clients: list[str], server: Server) -> tuple[list[Row], Results]:
    """A 32 MiB body read whole with ``.content``: time, and memory (one copy is ideal)."""
    results = measure.large_body(
        "content", clients, server.url("/32m"), CONTENT_SIZE, plan.body_rounds
    )
    for r in results.values():
        if isinstance(r, dict):
            r["ms"] = r["seconds"] * 1000
    return [
        row(".content 32 MiB, ms", results, "ms", ".1f", target="<= 1.2x urllib3",
            check=lambda r: r <= 1.2),
        row(".content 32 MiB, peak RSS MiB", results, "peak_rss", ".1f",
            target="<= 1.3x urllib3", check=lambda r: r <= 1.3),
    ], results


def import_time(plan: Plan, clients: list[str], server: Server | None) -> tuple[list[Row], Results]:
    """``import CLIENT`` in a fresh interpreter; then, for the whole story, import and a
    first Session (httplib loads most of its modules on first use)."""
    results = measure.import_time(clients, plan.import_rounds)
    ready = measure.import_time(clients, plan.import_rounds, ready=True)
    for r in [*results.values(), *ready.values()]:
        if isinstance(r, dict):
            r["ms"] = r["seconds"] * 1000
    return [row("import, ms", results, "ms", ".1f", target="<= 1.1x urllib3",
                check=lambda r: r <= 1.1),
            row("import + Session(), ms", ready, "ms", ".1f")], results


def servers(plan: Plan, clients: list[str], server: Server | None) -> tuple[list[Row], Results]:
    """``servers.start()``: a figure of the workbook itself, shown in the first column."""
    started = measure.servers_start(plan.servers_rounds)
    if isinstance(started, Error):
        return [Row("servers.start() (workbook), ms", {"httplib": "n/a"}, target="< 500 ms",
                    passed=False)], {"servers": started}
    return [
        Row("servers.start() (workbook), ms", {"httplib": f"{started['start'] * 1000:.1f}"},
            target="< 500 ms", passed=started["start"] < 0.5),
        Row("import httplib, servers (workbook), ms",
            {"httplib": f"{started['import'] * 1000:.1f}"}),
        Row("a lesson's first cell, cold (workbook), ms",
            {"httplib": f"{started['first_cell'] * 1000:.1f}"}, target="< 500 ms",
            passed=started["first_cell"] < 0.5),
    ], {}


MEASURE: dict[str, Callable[..., tuple[list[Row], Results]]] = {
    "keepalive": keepalive, "oneoff": oneoff, "stream": stream, "content": content,
    "import": import_time, "servers": servers,
}


def table(rows: list[Row], clients: list[str]) -> str:
    """The rows as an aligned Markdown table (it pastes into a README as is)."""
    header = ["figure", *clients, "httplib vs", "target", "result"]
    lines = [header]
    for r in rows:
        result = "" if r.passed is None else ("PASS" if r.passed else "FAIL")
        lines.append([r.figure, *(r.cells.get(c, "") for c in clients), r.ratio, r.target,
                      result])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = range(1, len(clients) + 1)

    def render(line: list[str]) -> str:
        out = [
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        return "| " + " | ".join(out) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)
    ) + "|"
    return "\n".join([render(lines[0]), rule, *(render(line) for line in lines[1:])])


def describe(plan: Plan) -> str:
    """The amount of work behind each median, in one line."""
    return (
        f"rounds:  keep-alive {plan.keepalive[0]} x {plan.keepalive[1]}, one-off "
        f"{plan.oneoff[0]} x {plan.oneoff[1]} (fewer if slower than 1.5 s a round), "
        f"bodies {plan.body_rounds}, imports {plan.import_rounds}, servers {plan.servers_rounds}"
    )


def machine(clients: list[str], server: Server | None) -> str:
    """Where the figures come from: CPU, cores, Python, client versions, server."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    distributions = {"httplib": "httplib-workbook"}
    versions = []
    for client in clients:
        try:
            found = importlib.metadata.version(distributions.get(client, client))
        except importlib.metadata.PackageNotFoundError:
            found = "?"
        versions.append(f"{client} {found}")
    served = f"{server.name} on 127.0.0.1:{server.port}, own process" if server else "none needed"
    return "\n".join([
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python:  {platform.python_version()} ({sys.executable})",
        f"clients: {', '.join(versions)}",
        f"server:  {served}",
    ])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke run")
    parser.add_argument("--no-check", action="store_true", help="report only; always exit 0")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help=f"run only these figures (repeat or comma-separate): "
                             f"{', '.join(FIGURES)}")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto",
                        help="nginx if installed (auto), or the Python fallback server")
    args = parser.parse_args(argv)
    only = [n for item in args.only or [] for n in item.split(",") if n]
    unknown = set(only) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(sorted(unknown))}; choose from "
                     f"{', '.join(FIGURES)}")
    args.figures = [n for n in FIGURES if n in only] if only else list(FIGURES)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen figures, print the table, return the exit status."""
    args = parse_args(argv)
    # Let `kill` clean up like Ctrl-C does: SystemExit runs every `finally` and `with`.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, _frame: sys.exit(128 + number))
    plan = QUICK if args.quick else Plan()
    clients = ["httplib", "requests", "urllib3"]
    if importlib.util.find_spec("httpx"):
        clients.append("httpx")
    files = {}
    if "stream" in args.figures:
        files["256m"] = STREAM_SIZE
    if "content" in args.figures:
        files["32m"] = CONTENT_SIZE
    needs_server = bool({"keepalive", "oneoff", "stream", "content"} & set(args.figures))
    rows: list[Row] = []
    failures: dict[str, list[str]] = {}  # "httplib: ImportError: ..." -> figures it hit
    started = time.perf_counter()
    with Server(args.server, files) if needs_server else nullcontext() as server:
        print(machine(clients, server))
        print(describe(plan), flush=True)
        for name in args.figures:
            t = time.perf_counter()
            print(f"measuring {name} ...", end=" ", file=sys.stderr, flush=True)
            new_rows, results = MEASURE[name](plan, clients, server)
            print(f"{time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
            rows += new_rows
            for who, result in results.items():
                if isinstance(result, Error):
                    failures.setdefault(f"{who}: {result.reason}", []).append(name)
    print()
    print(table(rows, clients))
    print()
    for failure, names in failures.items():
        print(f"n/a in {', '.join(names)}: {failure}")
    checked = [r for r in rows if r.passed is not None]
    missed = [r for r in checked if not r.passed]
    print(f"{len(checked) - len(missed)} of {len(checked)} targets met "
          f"in {time.perf_counter() - started:.0f} s")
    return 1 if missed and not args.no_check else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # everything is cleaned up by now; no traceback
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
    except RuntimeError as error:  # no server could be started
        sys.exit(f"error: {error}")
