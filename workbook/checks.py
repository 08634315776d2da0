"""Self-checking exercises: a check cell says "done" or fails with a hint.

Every exercise in the lessons ends with a check cell like this::

    with exercise(1, hint="Call httplib.get() on demo.httpbin + '/get'."):
        assert response.status_code == 200

Inside the block, plain ``assert`` statements describe a correct answer. When they all
pass, the cell prints ``Exercise 1: done.``. When anything goes wrong, an assertion,
a name the learner has not defined yet, the ``NotImplementedError`` a blank exercise
raises, the cell fails with :class:`NotDone`, whose message carries the hint and what
went wrong. A check can never pass on a blank answer: a blank answer defines nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class NotDone(AssertionError):
    """An exercise is not solved yet; the message says why and gives a hint."""


@contextmanager
def exercise(number: int | str, hint: str) -> Iterator[None]:
    """Check exercise ``number``: print a success line, or raise :class:`NotDone`."""
    try:
        yield
    except Exception as problem:
        detail = str(problem) or type(problem).__name__
        if isinstance(problem, NotImplementedError):
            detail = "the exercise still holds its placeholder"
        raise NotDone(f"Exercise {number} is not done yet ({detail}). Hint: {hint}") from None
    print(f"Exercise {number}: done.")
