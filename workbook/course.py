"""An nbgrader course folder, made from the lessons, for instructors who grade with nbgrader.

The lessons are marked for nbgrader in their cells' metadata, so nothing needs marking by
hand. Each exercise has:

- an **answer cell** (``exercise-N-answer``): nbgrader's *autograded answer*, whose code
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes the placeholder;
- a **check cell** (``exercise-N-check``): a locked *autograder test* worth one point. When
  grading, nbgrader puts back the instructor's version of every locked cell, so a learner
  who edits a check to print "done" is graded on the real one.

The first cell (``setup``, which starts the demo servers) and the cells that draw each
learner's own task values (``task-N``) are locked read-only cells, restored the same way.

``python -m workbook course`` (or ``make course``) writes::

    course/
      nbgrader_config.py        the course's settings (never overwritten once there)
      source/05_http_methods/   one assignment per lesson: the notebook and its pictures

Then, in ``course/``, nbgrader's own commands take over: ``generate_assignment``,
``autograde``, ``export``. Grading runs the lessons, so it needs the project installed
with the ``lab`` extra (the lessons' libraries) and nbgrader (the ``instructor`` extra).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat

CONFIG = '''\
"""nbgrader's settings for the httplib workbook, written by `python -m workbook course`.

Edit freely: `python -m workbook course` never overwrites this file.
"""

c = get_config()  # noqa: F821 (nbgrader defines it)

c.CourseDirectory.course_id = "httplib-workbook"

# Each lesson starts its own demo servers; a few checks wait on purpose (timeouts,
# retries). Two minutes per cell is plenty; a learner's endless loop stops there.
c.Execute.timeout = 120

# The same placeholder as the learner copies of `make lab` and `make student`.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}

# On a JupyterHub, learners fetch and submit through an exchange folder shared by all:
# c.Exchange.root = "/srv/nbgrader/exchange"
'''

NEXT_STEPS = """\
Next, with the project's environment active (. .venv/bin/activate) and from {folder}/:

  # the learner version, in release/{example}/
  nbgrader generate_assignment {example}
  # hand out release/{example}/; collect each learner's notebook into
  #   submitted/<learner>/{example}/{example}.ipynb  (on a hub: nbgrader collect)
  # then run the real checks on every submission
  nbgrader autograde {example}
  # grades.csv: one row per learner and lesson
  nbgrader export
"""


def pictures_used(notebook: nbformat.NotebookNode) -> set[str]:
    """The files under ``images/`` that a lesson's text shows or links."""
    return {name for cell in notebook.cells if cell.cell_type == "markdown"
            for name in re.findall(r"\(images/([\w.-]+)\)", cell.source)}


def assignment_source(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The lesson as nbgrader's source: the answer key without the help kept in its
    metadata (hints stay with the installed key, where ``hint(n)`` reads them)."""
    source = nbformat.from_dict(notebook)
    for cell in source.cells:
        cell.metadata.pop("workbook", None)
    return source


def make_course(lessons: Path, folder: Path, numbers: list[str] | None = None) -> list[str]:
    """Write the course folder; return the assignments written. A lesson already in
    ``source/`` is kept as it is (the instructor may have changed it)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
    written = []
    for path in sorted(lessons.glob("[0-9][0-9]_*.ipynb")):
        if numbers and path.name[:2] not in numbers:
            continue
        target = folder / "source" / path.stem
        if target.exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        target.mkdir(parents=True)
        for name in sorted(pictures_used(notebook)):
            (target / "images").mkdir(exist_ok=True)
            shutil.copy2(lessons / "images" / name, target / "images" / name)
        nbformat.write(assignment_source(notebook), target / path.name)
        written.append(path.stem)
    return written


def next_steps(folder: Path, example: str) -> str:
    """What an instructor runs after :func:`make_course`."""
    return NEXT_STEPS.format(folder=folder, example=example)
