"""Grading without nbgrader: each submitted lesson re-run with the instructor's checks.

A learner's notebook may have been changed anywhere: a check edited to print "done", a
task cell made easier. So the tally does what nbgrader's autograder does. It puts the
answer key's version back into every cell the key locks (checks, setup, task cells; they
are matched by their nbgrader ``grade_id``), keeps the learner's own answer cells, runs
the notebook in a fresh kernel, and counts the checks that pass::

    python -m workbook tally submissions/          # every NN_*.ipynb below the folder

A check cell missing from a submission counts as not done. Nothing of the run goes into
anyone's progress record.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from workbook import LESSONS


@dataclass(frozen=True)
class Tally:
    """One submission's result: the exercises whose real check passed, out of all."""

    path: Path
    done: tuple[int, ...]
    total: int
    notes: tuple[str, ...]

    def line(self) -> str:
        notes = f"  ({'; '.join(self.notes)})" if self.notes else ""
        return f"{self.path}: {len(self.done)} of {self.total} exercises done{notes}"


def grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def with_real_checks(submission: nbformat.NotebookNode, key: nbformat.NotebookNode
                     ) -> tuple[nbformat.NotebookNode, list[str]]:
    """``submission`` with every locked cell of ``key`` put back, and what was missing."""
    locked = {grade_id(cell): cell for cell in key.cells
              if cell.metadata.get("nbgrader", {}).get("locked")}
    regraded = nbformat.from_dict(submission)
    # The key's whole cell goes back, not just its source: a learner may have turned a
    # check into a markdown cell, which has no outputs to run into.
    regraded.cells = [nbformat.from_dict(locked.get(grade_id(cell), cell))
                      for cell in regraded.cells]
    seen = {grade_id(cell) for cell in regraded.cells}
    missing = sorted(name for name in set(locked) - seen if name)
    return regraded, [f"missing cell {name}" for name in missing]


def key_for(path: Path, lessons: Path = LESSONS) -> Path:
    """The answer key of a submitted lesson, from its file name (``05_...``)."""
    found = sorted(lessons.glob(f"{path.name[:2]}_*.ipynb"))
    if not path.name[:2].isdigit() or len(found) != 1:
        raise ValueError(f"{path.name} does not name a lesson (NN_topic.ipynb)")
    return found[0]


def tally(path: Path, lessons: Path = LESSONS, timeout: int = 120) -> Tally:
    """Re-run one submitted notebook with the real checks and count the exercises done."""
    key = nbformat.read(key_for(path, lessons), as_version=4)
    regraded, notes = with_real_checks(nbformat.read(path, as_version=4), key)
    checks = {grade_id(cell): cell for cell in key.cells
              if cell.metadata.get("nbgrader", {}).get("grade")}
    with tempfile.TemporaryDirectory() as workdir:
        client = NotebookClient(regraded, timeout=timeout, allow_errors=True,
                                kernel_name="python3", resources={"metadata": {"path": workdir}})
        client.execute(env={**os.environ, "WORKBOOK_GRADING": "1"})
    done = []
    for cell in regraded.cells:
        if grade_id(cell) in checks and cell.cell_type == "code":
            failed = any(output.output_type == "error" for output in cell.outputs)
            printed = "".join(output.get("text", "") for output in cell.outputs)
            if not failed and ": done." in printed:
                done.append(int(grade_id(cell).split("-")[1]))
    return Tally(path, tuple(sorted(done)), len(checks), tuple(notes))


def tally_folder(folder: Path, lessons: Path = LESSONS) -> list[Tally]:
    """:func:`tally` for every lesson notebook below ``folder``, in path order."""
    return [tally(path, lessons) for path in sorted(folder.rglob("[0-9][0-9]_*.ipynb"))
            if ".ipynb_checkpoints" not in path.parts]
