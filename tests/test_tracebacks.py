"""Short tracebacks (``workbook.tracebacks``): the learner's own cells and the error, no
library frames and no machine paths, in a real kernel and in every stored lesson output.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_LINES = 20
MACHINE_PATH = re.compile("|".join(re.escape(p) for p in (
    str(ROOT), "/home/", "/root/", "site-packages", ".pyenv", "/usr/lib/python")))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lines_of(error: nbformat.NotebookNode) -> list[str]:
    """An error output's traceback as the notebook shows it: joined, without colours."""
    return ANSI.sub("", "\n".join(error.traceback)).splitlines()


def errors_of(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> list[nbformat.NotebookNode]:
    """A tiny lesson run in a real kernel: a request to a closed port from a function
    defined in one cell and called from another, a failed check, a syntax error, %tb,
    then the same request again with the extension unloaded."""
    import socket

    with socket.socket() as sock:  # closed at once: connections to it are refused
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    sources = [
        "%load_ext workbook.tracebacks\nimport httplib",
        "def fetch(url):\n    return httplib.get(url, timeout=5)",
        f"fetch({url!r})",
        "from workbook.checks import exercise\n\n"
        "with exercise('00', 'toy', hint='Six times seven.'):\n    assert 41 == 42, 'not 42'",
        "def broken(:\n    pass",
        f"fetch({url!r})",
        "%tb",
        f"%unload_ext workbook.tracebacks\nfetch({url!r})",
    ]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    folder = tmp_path_factory.mktemp("tracebacks")
    with pytest.MonkeyPatch.context() as patch:  # the check's record goes to a scratch file
        patch.setenv("WORKBOOK_PROGRESS", str(folder / "progress.sqlite3"))
        NotebookClient(notebook, timeout=60, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return notebook.cells


def test_a_failing_request_shows_the_learners_frames_and_the_error(ran):
    [error] = errors_of(ran[2])
    lines = lines_of(error)
    assert error.ename == "ConnectionError" and "Connection refused" in error.evalue
    assert "Traceback (most recent call last)" in lines[1]
    assert any(line.startswith("Cell In[3], line 1") for line in lines)
    assert any(line.startswith("Cell In[2], line 2, in fetch(url)") for line in lines)
    assert any(line.startswith("----> 2     return httplib.get(url") for line in lines)
    left_out = [line for line in lines if re.match(r"\(\d+ frames inside httplib, urllib3", line)]
    assert len(left_out) == 1 and "not shown: %tb shows everything)" in left_out[0]
    assert f"ConnectionError: {error.evalue}" in lines
    assert lines[-1].startswith("caused by urllib3.exceptions.MaxRetryError")
    assert len(lines) <= MAX_LINES
    assert not any(MACHINE_PATH.search(line) or line.startswith("File ") for line in lines)


def test_the_error_keeps_its_name_and_message(ran):
    """nbval compares ``ename`` and ``evalue``: the same with the extension as without."""
    [short], [full] = errors_of(ran[5]), errors_of(ran[7])
    assert (short.ename, short.evalue) == (full.ename, full.evalue)
    assert len(lines_of(full)) > 3 * len(lines_of(short)), "IPython's own form is back"
    assert any(line.startswith("File ") for line in lines_of(full))


def test_tb_shows_the_frames_left_out(ran):
    shown = [line for output in ran[6].outputs for line in (
        lines_of(output) if output.output_type == "error"
        else ANSI.sub("", output.get("text", "")).splitlines())]
    assert any(line.startswith("File ") and "urllib3" in line for line in shown)


def test_a_check_and_a_syntax_error_render_as_before(ran):
    [done] = errors_of(ran[3])
    assert done.ename == "NotDone"
    assert lines_of(done) == ["Exercise toy is not done yet: not 42.", "Six times seven."]
    [syntax] = errors_of(ran[4])
    assert syntax.ename == "SyntaxError" and "invalid syntax" in lines_of(syntax)[-1]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_stored_errors_are_short_and_name_no_machine_path(path: Path):
    for cell in nbformat.read(path, as_version=4).cells:
        for error in errors_of(cell):
            lines = lines_of(error)
            where = f"{path.name}, cell {cell.get('id')}"
            assert len(lines) <= MAX_LINES, f"{where}: {len(lines)} lines of traceback"
            assert not [line for line in lines if MACHINE_PATH.search(line)], where
            assert not [line for line in lines if line.startswith("File ")], where
