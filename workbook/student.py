"""Learner copies of the lessons: every solution replaced by a placeholder.

The lessons in ``notebooks/`` are the instructor's version: each exercise's solution
sits between nbgrader's markers, so the same files also work with nbgrader::

    status = None
    ### BEGIN SOLUTION
    status = httplib.get(demo.httpbin + "/get").status_code
    ### END SOLUTION

A learner copy keeps everything else and puts in the solution's place::

    status = None
    # YOUR CODE HERE
    raise NotImplementedError()

and clears the outputs of solution and check cells, so no answer shows. A check may
also hold lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``: nbgrader
runs them when grading, and learner copies leave them out.

The cells keep their nbgrader metadata (``workbook/course.py`` explains it), and the
cells nbgrader locks (checks, the setup cell, the cells that draw a learner's task) are
made read-only and undeletable in JupyterLab, as in nbgrader's own release. So a copy
from here and nbgrader's release of the same lesson are the same notebook, and either,
once solved, gets full marks from ``nbgrader autograde``.
``make student`` runs ``python -m workbook.student notebooks build/student``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
PLACEHOLDER = ("# YOUR CODE HERE", "raise NotImplementedError()")
CHECK_TAG = "check"
"""Cells tagged ``check`` hold an exercise's check (see ``workbook.checks``)."""
WIDGET = "application/vnd.jupyter.widget-view+json"
"""A live widget's output (a quiz's buttons): saved in a notebook, it can only say "model
not found" until its cell runs again, so copies keep the quiz's plain-HTML form instead."""


def strip_solutions(source: str) -> str:
    """``source`` with each solution region replaced by the placeholder, indented alike."""
    kept: list[str] = []
    inside = False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"{BEGIN!r} inside a solution")
            indent = line[: len(line) - len(line.lstrip())]
            kept.extend(indent + placeholder for placeholder in PLACEHOLDER)
            inside = True
        elif marker == END:
            if not inside:
                raise ValueError(f"{END!r} without {BEGIN!r}")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{BEGIN!r} without {END!r}")
    return "\n".join(kept)


def strip_hidden_tests(source: str) -> str:
    """``source`` without the lines between the hidden-test markers, markers included."""
    kept, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN_HIDDEN:
            inside = True
        elif line.strip() == END_HIDDEN:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def lock(cell: nbformat.NotebookNode) -> None:
    """Make ``cell`` as nbgrader's release makes it: a locked cell (a check, a setup or
    task cell) read-only, and it and every answer cell undeletable."""
    grading = cell.metadata.get("nbgrader", {})
    if grading.get("locked") or grading.get("grade"):
        cell.metadata["editable"] = False
    if grading.get("locked") or grading.get("grade") or grading.get("solution"):
        cell.metadata["deletable"] = False


def learner_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with solutions replaced and their outputs cleared, and
    without the hints kept in solution cells' metadata (``workbook.help`` reads them
    from the answer key, when the learner asks)."""
    copy = nbformat.from_dict(notebook)
    copy.metadata.pop("widgets", None)  # a widget's saved state: only its own kernel has it
    for cell in copy.cells:
        cell.metadata.pop("workbook", None)
        lock(cell)
        if cell.cell_type != "code":
            continue
        has_solution = BEGIN in cell.source
        if has_solution:
            cell.source = strip_solutions(cell.source)
        if BEGIN_HIDDEN in cell.source:
            cell.source = strip_hidden_tests(cell.source)
        if has_solution or CHECK_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
        for output in cell.outputs:
            output.get("data", {}).pop(WIDGET, None)
    return copy


def build(lessons: Path, destination: Path) -> list[Path]:
    """Write learner copies of every ``NN_*.ipynb`` in ``lessons``; its other files (the
    glossary, the pictures) are copied as they are."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(lessons, destination, ignore=shutil.ignore_patterns(
        "[0-9][0-9]_*.ipynb", ".ipynb_checkpoints", "__pycache__"))
    written = []
    for source in sorted(lessons.glob("[0-9][0-9]_*.ipynb")):
        target = destination / source.name
        nbformat.write(learner_copy(nbformat.read(source, as_version=4)), target)
        written.append(target)
    return written


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python -m workbook.student LESSONS_DIR OUTPUT_DIR")
    written = build(Path(argv[0]), Path(argv[1]))
    print(f"{len(written)} learner copies in {argv[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
