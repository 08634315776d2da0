"""The course machinery: what makes the lessons a course. None of it is about HTTP.

=================  ==================================================================
``checks``         ``exercise()``, what check cells use: "done", or what is wrong
``help``           ``hint(n)`` and ``solution(n)``, read from the answer key when asked
``tasks``          values drawn per kernel, for answers that must not be copied
``progress``       the learner's record of checks, and ``progress()`` to show it
``workspace``      the learner's own copies, ``my-lessons/``: made once, never overwritten
``student``        a learner copy of a lesson: solutions replaced by placeholders
``plots``          matplotlib figures as SVG that is the same on every run
=================  ==================================================================

``python -m workbook`` makes the workspace, resets a lesson or shows progress.
"""

from pathlib import Path

LESSONS = Path(__file__).resolve().parent.parent / "notebooks"
"""The lessons as the repository holds them: the answer key everything is made from."""
