"""Help in steps: hints that say a little more each time, then the worked solution.

Each lesson's exercises start with one line that gives the learner two functions::

    hint, solution = workbook.help.for_lesson("05")

``hint(2)`` shows the first hint for exercise 2; calling it again shows the next one,
each saying more than the last, and none giving the whole answer away. ``solution(2)``
shows the worked solution, with a sentence or two on why it works. Nothing appears
unless the learner asks, and "Restart and Run All" never asks: no cell of a lesson
calls them.

The help is kept with the answer key, not in the learner's notebook: in the metadata of
each solution cell of ``notebooks/NN_*.ipynb``::

    "workbook": {"exercise": 2, "hints": ["...", "..."], "why": "..."}

and the solution itself is the code between the cell's solution markers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import nbformat

from workbook import LESSONS
from workbook.student import BEGIN, END


@dataclass(frozen=True)
class Help:
    """One exercise's help: hints in order, the solution's code, and why it works."""

    exercise: int
    hints: tuple[str, ...]
    code: str
    why: str


def solution_code(source: str) -> str:
    """The lines between the solution markers of a cell, as the learner would write them."""
    inside, kept = False, []
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            kept.append(line)
    return "\n".join(kept)


def read_help(lesson: str) -> dict[int, Help]:
    """Every exercise's help in lesson ``lesson`` (``"05"``), read from the answer key."""
    paths = sorted(LESSONS.glob(f"{lesson}_*.ipynb"))
    if len(paths) != 1:
        raise ValueError(f"no lesson {lesson!r} in {LESSONS}")
    found = {}
    for cell in nbformat.read(paths[0], as_version=4).cells:
        data = cell.metadata.get("workbook")
        if cell.cell_type == "code" and data and BEGIN in cell.source:
            number = int(data["exercise"])
            found[number] = Help(number, tuple(data["hints"]), solution_code(cell.source),
                                 data["why"])
    return found


def for_lesson(lesson: str) -> tuple[Callable[[int], None], Callable[[int], None]]:
    """``hint`` and ``solution`` for the exercises of ``lesson`` (``"05"``)."""
    shown: dict[int, int] = {}

    def find(number: int) -> Help | None:
        found = read_help(lesson).get(number)
        if found is None:
            print(f"Lesson {lesson} has no exercise {number}.")
        return found

    def hint(number: int) -> None:
        """The next hint for exercise ``number``: each call says a little more."""
        found = find(number)
        if found is None:
            return
        step = shown.get(number, 0)
        if step >= len(found.hints):
            print(f"That was the last hint for exercise {number}. "
                  f"solution({number}) shows a worked solution.")
            return
        shown[number] = step + 1
        print(f"Hint {step + 1} of {len(found.hints)} for exercise {number}: {found.hints[step]}")
        if step + 1 < len(found.hints):
            print(f"(hint({number}) again for more)")

    def solution(number: int) -> None:
        """A worked solution for exercise ``number``, and why it works."""
        found = find(number)
        if found is not None:
            print(f"A solution for exercise {number}:\n\n{found.code}\n\nWhy it works: {found.why}")

    return hint, solution
