"""The course machinery: what makes the lessons a course. None of it is about HTTP.

====================  ========================================================================
``checks``            ``exercise()``, what check cells use: "done", or what is wrong
``help``              ``hint(n)`` and ``solution(n)``, read from the answer key when asked
``tasks``             values drawn per kernel, for answers that must not be copied
``progress``          the learner's record of checks and quiz answers, and ``progress()``
``workspace``         the learner's own copies, ``my-lessons/``: made once, never overwritten
``quiz``              the wrap-up quizzes: widgets in JupyterLab, HTML on the site
``course``            an nbgrader course folder made from the lessons
``tally``             grading without nbgrader, on the instructor's checks
``jupyter_settings``  JupyterLab for learners: on their machine, a hub, Binder
``student``           a learner copy of a lesson: solutions replaced by placeholders
``plots``             matplotlib figures as SVG that is the same on every run
``tracebacks``        tracebacks of the learner's cells alone: no library frames, no paths
====================  ========================================================================

``python -m workbook`` makes the workspace, resets a lesson or shows progress; for
instructors it writes an nbgrader course or grades a folder of submissions.
"""

from pathlib import Path

LESSONS = Path(__file__).resolve().parent.parent / "notebooks"
"""The lessons as the repository holds them: the answer key everything is made from."""
