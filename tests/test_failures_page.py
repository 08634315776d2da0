"""The "How httplib fails" page (site/failures.md) tells the truth, row by row.

The page's tables are the specification: each row names a fault, the call that meets
it, the exception httplib raises (with, in brackets, the other classes that catch it)
and what requests raises. These tests read the tables and run every call, exactly as
written on the page, with httplib and with requests against the demo servers. If the
page and the code disagree, the page is wrong (or the code regressed): either way a
learner would be misled, so the test fails.

Each call runs in its own Session, and the same Session must then still answer
``/ok``: a failure must never leave a session broken.
"""

from __future__ import annotations

import builtins
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests

import httplib
import servers
from servers.faults import FAULTS

pytestmark = pytest.mark.timeout(30)

PAGE = Path(__file__).resolve().parent.parent / "site" / "failures.md"

NOTHING = "nothing"
"""What the exception columns say when the call returns normally."""

SAME = "same"
"""What the requests column says when requests raises what httplib raises."""

USEFUL_BASES = ("ConnectionError", "Timeout", "ValueError")
"""The classes a row must name (in brackets) whenever they catch its exception."""

CODE_SPAN = re.compile(r"`([^`]+)`")

EVAL_BUILTINS = {"list": list, "len": len}
"""All the builtins a call on the page may use: the calls are expressions, not programs."""


@dataclass(frozen=True)
class Row:
    """One row of a fault table: a call and what it must raise."""

    fault: str
    call: str
    raises: str
    requests_raises: str
    also: tuple[str, ...]
    path: str | None = None  # the fault server's path, for the broken-server table


def code(cell: str) -> str:
    """The text of a cell holding one code span: "`s.get(url)`" -> "s.get(url)"."""
    return cell.strip().removeprefix("`").removesuffix("`")


def fault_rows(markdown: str) -> list[Row]:
    """Every row of every table whose header starts ``| fault |``.

    Two shapes: the broken-server table has ``path`` and ``call`` columns (the call
    uses ``url``, the fault server plus the path); the others have one ``try it`` column.
    Cells never contain ``|``, so splitting on it is safe.
    """
    rows: list[Row] = []
    header: list[str] = []
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "fault":
            header = cells
            continue
        if not header or set(line) <= set("|-: "):
            continue  # not a fault table, or its separator line
        row = dict(zip(header, cells, strict=True))
        # "`ConnectTimeout` (a `ConnectionError` and a `Timeout`)": the class, then its bases.
        raises, *also = CODE_SPAN.findall(row["httplib raises"]) or [NOTHING]
        rows.append(Row(
            fault=row["fault"],
            call=code(row.get("call") or row["try it"]),
            raises=raises,
            requests_raises=code(row["requests"]),
            also=tuple(also),
            path=code(row["path"]) if "path" in row else None,
        ))
    return rows


ROWS = fault_rows(PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=[httplib, requests], ids=["httplib", "requests"])
def lib(request: pytest.FixtureRequest) -> ModuleType:
    return request.param


def session(lib: ModuleType) -> Any:
    """A session of ``lib`` that ignores proxy and CA settings from the environment."""
    s = lib.Session()
    s.trust_env = False
    return s


def run(row: Row, s: Any, demo: servers.Demo, closed_port: int) -> BaseException | None:
    """Evaluate the row's call as written on the page; the exception it raised, if any."""
    names = {"s": s, "demo": demo, "closed_port": closed_port,
             "url": demo.faults + row.path if row.path else None}
    try:
        # eval, not a copy of the call: what runs is what the page shows, character for
        # character. The page is ours, and the builtins are cut down to two.
        eval(row.call, {"__builtins__": EVAL_BUILTINS}, names)
    except Exception as error:  # whatever was raised is what the row is about
        return error
    return None


def name_of(error: BaseException | None) -> str:
    return NOTHING if error is None else type(error).__name__


def resolve(name: str) -> type:
    """A class named on the page: httplib's, else a builtin such as ValueError."""
    found = getattr(httplib, name, None) or getattr(httplib.exceptions, name, None)
    return found if found is not None else getattr(builtins, name)


# -- the page's shape ---------------------------------------------------------------------


def test_the_page_has_the_tables_the_tests_read() -> None:
    broken_server = [row for row in ROWS if row.path]
    assert len(broken_server) >= 20 and len(ROWS) - len(broken_server) >= 12
    for row in ROWS:
        assert "timeout=" in row.call, f"{row.fault}: every call on the page sets a timeout"
        assert row.raises == NOTHING or hasattr(httplib.exceptions, row.raises), row


def test_every_fault_of_the_fault_server_is_on_the_page() -> None:
    """A new fault in servers/faults.py must be documented before this passes."""
    on_page = {row.path.partition("?")[0] for row in ROWS if row.path}
    assert on_page == set(FAULTS)
    assert any("demo.blackhole" in row.call for row in ROWS), "the blackhole server"


# -- each row, with both clients ----------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row.fault for row in ROWS])
def test_each_row_raises_what_the_page_says(row: Row, lib: ModuleType, demo: servers.Demo,
                                            closed_port: int) -> None:
    expected = row.raises if lib is httplib or row.requests_raises == SAME else row.requests_raises
    with session(lib) as s:
        error = run(row, s, demo, closed_port)
        assert name_of(error) == expected, f"{lib.__name__}: {row.call} raised {error!r}"
        # The same session carries on as if nothing had happened.
        assert s.get(demo.faults + "/ok", timeout=5).text == "All is well\n"
    if lib is httplib and error is not None:
        assert isinstance(error, httplib.RequestException), "httplib raises only its own"
        for name in row.also:
            assert isinstance(error, resolve(name)), f"{row.fault}: not a {name}"
        for name in USEFUL_BASES:  # and the row leaves none of these out
            if isinstance(error, resolve(name)):
                assert name in (row.raises, *row.also), f"{row.fault}: also a {name}"


CUT_BODIES = [row for row in ROWS if row.path and row.raises == "ChunkedEncodingError"]


@pytest.mark.parametrize("row", CUT_BODIES, ids=[row.fault for row in CUT_BODIES])
def test_a_cut_body_is_never_returned_as_complete(row: Row, demo: servers.Demo) -> None:
    """Streamed, a cut body hands over what arrived and then raises: it never just ends."""
    received = bytearray()
    with session(httplib) as s:
        r = s.get(demo.faults + row.path, stream=True, timeout=5)
        with r, pytest.raises(httplib.exceptions.ChunkedEncodingError):
            for piece in r.iter_content(16):
                received += piece
    if "Content-Length" in r.headers:
        assert len(received) < int(r.headers["Content-Length"])


# -- the recipe for a gzip bomb ----------------------------------------------------------


def recipe() -> str:
    """The page's one Python block: ``read_at_most`` and its use on a bomb."""
    blocks = re.findall(r"^```python\n(.*?)^```$", PAGE.read_text(encoding="utf-8"),
                        flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1 and "def read_at_most" in blocks[0]
    return blocks[0]


def test_the_gzip_bomb_recipe_stops_at_its_limit(demo: servers.Demo) -> None:
    names: dict[str, Any] = {}
    with session(httplib) as s:
        names.update(s=s, demo=demo)
        with pytest.raises(ValueError, match="larger than 1000000 bytes once unpacked"):
            exec(recipe(), names)  # the page's own code, as a learner would paste it
        read_at_most = names["read_at_most"]
        with s.get(demo.faults + "/gzip-bomb?size=5000", stream=True, timeout=5) as r:
            assert read_at_most(r, limit=5000) == bytes(5000)  # at the limit: all of it
