"""The benchmark harness runs end to end: a smoke run whose figures are not checked.

Speed is measured by ``make bench``, never by tests; this only makes sure the harness
works (with nginx when installed, else with its Python fallback server) and that
every client, httplib included, gets a figure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(60)


def cells(table: str, figure: str) -> dict[str, str]:
    """The cells of one row of the printed Markdown table, by column name."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    for line in lines[2:]:
        row = [cell.strip() for cell in line.strip("|").split("|")]
        if row[0] == figure:
            return dict(zip(header, row, strict=True))
    raise AssertionError(f"no row {figure!r} in:\n{table}")


def test_quick_keepalive_run_lists_every_client_with_a_number():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-check", "--only", "keepalive"],
        cwd=ROOT, capture_output=True, text=True, timeout=50,
    )
    assert done.returncode == 0, done.stderr
    assert "server:" in done.stdout
    row = cells(done.stdout, "keep-alive GET, req/s")
    for client in ("httplib", "requests", "urllib3"):
        assert re.fullmatch(r"[\d,]+", row[client]), (client, done.stdout)
        assert int(row[client].replace(",", "")) > 0
    assert row["target"] == ">= 0.8x urllib3"
    assert row["result"] in ("PASS", "FAIL")


def test_clients_take_turns_in_a_rotating_order():
    """No client always runs first, right after the slowest, or last: each round rotates."""
    from benchmarks.measure import in_turn

    orders = ["".join(in_turn(list("ABC"), n)) for n in range(4)]
    assert orders == ["ABC", "BCA", "CAB", "ABC"]
