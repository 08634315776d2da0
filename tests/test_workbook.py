"""The course engine: checks that fail in a few readable lines, help on request, and a
progress record that survives restarts, concurrent kernels and damage.

Every test points ``WORKBOOK_PROGRESS`` at its own temporary file: the record of the
person running the tests is never touched.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from workbook import help as workbook_help
from workbook import progress
from workbook.checks import NotDone, exercise
from workbook.student import learner_copy

LESSONS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(autouse=True)
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "record" / "progress.sqlite3"
    monkeypatch.setenv("WORKBOOK_PROGRESS", str(path))
    return path


# --- checks ----------------------------------------------------------------------------------

def test_a_passing_check_says_done_and_is_recorded(capsys):
    with exercise("05", 2):
        assert 1 + 1 == 2
    assert capsys.readouterr().out == "Exercise 2: done.\n"
    assert "2" in next(p for p in progress.summary() if p.number == "05").done


def test_a_failing_check_shows_a_few_lines_and_no_traceback():
    with pytest.raises(NotDone) as caught, exercise("05", 3):
        raise AssertionError("status is 404, not 200")
    lines = caught.value._render_traceback_()  # what Jupyter shows instead of a traceback
    assert len(lines) == 2
    assert "Exercise 3 is not done yet" in lines[0] and "status is 404, not 200" in lines[0]
    assert lines[1] == "For a hint, run hint(3)."
    assert not any("contextlib" in line or "checks.py" in line for line in lines)
    assert "3" not in next(p for p in progress.summary() if p.number == "05").done


@pytest.mark.parametrize(("error", "says"), [
    (NotImplementedError(), "still holds its placeholder"),
    (NameError("name 'status' is not defined"), "run the exercise's cell first"),
])
def test_a_blank_answer_fails_with_a_plain_reason(error, says):
    with pytest.raises(NotDone, match=says), exercise("01", 1):
        raise error


def test_in_ipython_a_failure_renders_as_its_own_lines(tmp_path):
    """IPython's own traceback printer, not a reimplementation, asked to show a failure."""
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              "shell = InteractiveShell.instance()\n"
              "shell.run_cell('from workbook.checks import exercise\\n"
              "with exercise(\"05\", 1):\\n    assert False, \"nope\"')\n")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60, cwd=LESSONS.parent)
    output = shown.stdout + shown.stderr
    assert "Exercise 1 is not done yet" in output and "hint(1)" in output
    assert "Traceback" not in output and "contextlib" not in output


# --- help --------------------------------------------------------------------------------------

def test_hints_come_one_at_a_time_then_the_solution(capsys):
    hint, solution = workbook_help.for_lesson("05")
    helps = workbook_help.read_help("05")
    first = helps[1]
    hint(1)
    assert first.hints[0] in capsys.readouterr().out
    for _ in first.hints[1:]:
        hint(1)
    hint(1)
    assert "That was the last hint" in capsys.readouterr().out
    solution(1)
    shown = capsys.readouterr().out
    assert first.code in shown and first.why in shown
    hint(99)
    assert "no exercise 99" in capsys.readouterr().out


def test_the_learner_copy_holds_no_hint_and_no_solution():
    notebook = nbformat.read(LESSONS / "05_http_methods.ipynb", as_version=4)
    copy = learner_copy(notebook)
    text = nbformat.writes(copy)
    for found in workbook_help.read_help("05").values():
        for hint in found.hints:
            assert hint not in text
    assert not any("workbook" in cell.metadata for cell in copy.cells)


# --- progress ----------------------------------------------------------------------------------

def test_progress_lists_every_lesson_and_what_is_next(record):
    progress.record("00", 1, passed=True)
    progress.record("00", 2, passed=False)
    lines = progress.summary()
    numbers = sorted(path.name[:2] for path in LESSONS.glob("[0-9][0-9]_*.ipynb"))
    assert [p.number for p in lines] == numbers
    first = lines[0]
    assert first.done == {"1"} and first.total >= 3 and first.last is not None
    assert progress.next_step(lines).startswith("Next: lesson 00")
    assert "exercise 2" in progress.next_step(lines)


def test_progress_survives_a_restart(record):
    progress.record("03", 1, passed=True)
    again = subprocess.run([sys.executable, "-m", "workbook", "progress"], capture_output=True,
                           text=True, timeout=60, cwd=LESSONS.parent)
    assert again.returncode == 0
    assert "03 Status codes" in again.stdout and "1 of" in again.stdout
    assert str(record) in again.stdout


def _write_many(lesson: str) -> None:
    for number in range(50):
        progress.record(lesson, number, passed=True)


def test_kernels_writing_at_once_lose_nothing(record):
    processes = [multiprocessing.get_context("spawn").Process(target=_write_many, args=(f"{n:02}",))
                 for n in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    with sqlite3.connect(record) as db:
        assert db.execute("SELECT count(*) FROM checks").fetchone() == (200,)


def test_a_damaged_record_is_set_aside_and_a_new_one_started(record):
    record.parent.mkdir(parents=True)
    record.write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="damaged"):
        progress.record("01", 1, passed=True)
    assert next(p for p in progress.summary() if p.number == "01").done == {"1"}
    assert list(record.parent.glob("progress.sqlite3.damaged-*"))


def test_a_record_that_cannot_be_written_never_breaks_a_check(record, capsys):
    record.parent.write_text("a file where the record's folder should be")
    with pytest.warns(RuntimeWarning, match="Could not save"), exercise("02", 1):
        pass
    assert capsys.readouterr().out == "Exercise 1: done.\n"  # the check itself still ran


# --- per-kernel values -------------------------------------------------------------------------

def test_a_task_value_is_fixed_in_a_kernel_and_differs_between_kernels():
    from workbook import tasks

    assert tasks.pick("status", [409, 410, 418]) == tasks.pick("status", [409, 410, 418])
    assert tasks.word("cookie") == tasks.word("cookie") and len(tasks.word("cookie")) == 8
    assert tasks.word("cookie") != tasks.word("another exercise")
    script = "from workbook import tasks; print(tasks.word('cookie'), tasks.number('n', 1, 10**9))"
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60, cwd=LESSONS.parent).stdout for _ in range(3)}
    assert len(runs) == 3  # three kernels, three different draws
