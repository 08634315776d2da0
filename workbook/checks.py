"""Self-checking exercises: a check cell says "done", or what is wrong and where to go next.

Every exercise ends with a check cell like this::

    with exercise("03", 1):
        assert response.status_code == 410, f"the status is {response.status_code}"

Inside the block, plain ``assert`` statements describe a correct answer. When they all
pass, the cell prints ``Exercise 1: done.``. When anything goes wrong (an assertion, a
name the learner has not defined yet, the ``NotImplementedError`` of a blank exercise),
the cell fails with :class:`NotDone`: a few lines saying what is wrong and how to get
help, with no traceback through library code. A check can never pass on a blank
answer: a blank answer defines nothing. Either way, the result goes into the
learner's progress record (``workbook.progress``).

Help comes only when asked: ``hint(1)`` shows the first hint of exercise 1, the next
call a stronger one, and ``solution(1)`` the worked answer (``workbook.help``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from workbook import progress

RED, BOLD, RESET = "\x1b[31m", "\x1b[1m", "\x1b[0m"


class NotDone(AssertionError):
    """An exercise is not solved yet; the message says what is wrong and what to do next.

    In Jupyter it shows as those few lines alone: IPython asks an exception for
    ``_render_traceback_()`` before printing a traceback, so the frames of this module
    and of ``contextlib`` never appear.
    """

    def __init__(self, number: int | str, problem: str, next_step: str) -> None:
        super().__init__(f"Exercise {number} is not done yet: {problem}. {next_step}")
        self.number, self.problem, self.next_step = number, problem, next_step

    def _render_traceback_(self) -> list[str]:
        return [f"{RED}{BOLD}Exercise {self.number} is not done yet{RESET}: {self.problem}.",
                self.next_step]


def _problem(error: Exception) -> str:
    """What went wrong, in the learner's terms."""
    if isinstance(error, NotImplementedError):
        return "the exercise still holds its placeholder"
    if isinstance(error, NameError):
        return f"{error} (run the exercise's cell first)"
    return str(error) or type(error).__name__


@contextmanager
def exercise(lesson: str, number: int, hint: str | None = None) -> Iterator[None]:
    """Check exercise ``number`` of ``lesson`` (``"05"``): print a success line, or raise
    :class:`NotDone`. The result is saved to the learner's progress either way.

    ``hint`` is a short pointer of the check's own, shown with a failure; the lessons
    keep their hints in the answer key, for ``hint(number)``.
    """
    try:
        yield
    except Exception as error:
        progress.record(lesson, number, passed=False)
        next_step = hint if hint else f"For a hint, run hint({number})."
        raise NotDone(number, _problem(error), next_step) from None
    progress.record(lesson, number, passed=True)
    print(f"Exercise {number}: done.")
