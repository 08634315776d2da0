"""The learner's progress: every check's result, kept on their machine between sessions.

Each time a check cell runs, :func:`record` notes the lesson, the exercise, whether it
passed and when, in a small SQLite database in the user's data folder (outside the
repository, so no update or reset touches it):

- Linux: ``~/.local/share/httplib-workbook/progress.sqlite3`` (or under ``$XDG_DATA_HOME``)
- macOS: ``~/Library/Application Support/httplib-workbook/progress.sqlite3``
- Windows: ``%APPDATA%\\httplib-workbook\\progress.sqlite3``

``WORKBOOK_PROGRESS=/some/file.sqlite3`` puts it elsewhere (the tests do). SQLite lets
several kernels write at once without corrupting the file. A record that is damaged
anyway is moved aside with a warning, and a new one is started: a lesson never breaks
because of it.

:func:`progress` (in a notebook) and ``python -m workbook progress`` (in a terminal)
show, for each lesson, the exercises done out of the total, when it was last worked
on, and what to do next.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from workbook import LESSONS

SCHEMA = """CREATE TABLE IF NOT EXISTS checks (
    lesson TEXT NOT NULL, exercise TEXT NOT NULL, passed INTEGER NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_answers (
    lesson TEXT NOT NULL, question INTEGER NOT NULL, choice INTEGER NOT NULL,
    correct INTEGER NOT NULL, at REAL NOT NULL
)"""


def record_path() -> Path:
    """Where the record lives: ``$WORKBOOK_PROGRESS``, else the user's data folder."""
    chosen = os.environ.get("WORKBOOK_PROGRESS")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "httplib-workbook" / "progress.sqlite3"


@contextmanager
def _database() -> Iterator[sqlite3.Connection]:
    """The record, opened (and made, the first time); a damaged file is set aside."""
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = _open(path)
    except sqlite3.DatabaseError:
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        path.replace(aside)
        warnings.warn(f"Your progress record was damaged; it was moved to {aside} and a new "
                      "one started.", RuntimeWarning, stacklevel=3)
        connection = _open(path)
    try:
        with connection:  # one transaction: committed whole, or not at all
            yield connection
    finally:
        connection.close()


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=10)  # wait for another kernel's write
    connection.executescript(SCHEMA)
    connection.execute("SELECT count(*) FROM checks").fetchone()  # proves the file is sound
    return connection


def _grading() -> bool:
    """Whether a grader is running the notebook: nbgrader sets ``NBGRADER_EXECUTION``,
    ``workbook.tally`` sets ``WORKBOOK_GRADING``. A grader's run of thirty learners' work
    is not the grader's own progress."""
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get("WORKBOOK_GRADING"))


def _save(statement: str, values: tuple[object, ...]) -> None:
    """Add one row. Never raises: progress must not get in a lesson's way."""
    if _grading():
        return
    try:
        with _database() as db:
            db.execute(statement, values)
    except (OSError, sqlite3.Error) as error:
        warnings.warn(f"Could not save your progress ({error}).", RuntimeWarning, stacklevel=3)


def record(lesson: str, exercise: int | str, passed: bool) -> None:
    """Note one check's result."""
    _save("INSERT INTO checks VALUES (?, ?, ?, ?)",
          (lesson, str(exercise), int(passed), time.time()))


def record_quiz(lesson: str, question: int, choice: int, correct: bool) -> None:
    """Note one answer to a quiz question (the latest answer to each question counts)."""
    _save("INSERT INTO quiz_answers VALUES (?, ?, ?, ?, ?)",
          (lesson, question, choice, int(correct), time.time()))


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's line: its exercises done, its quiz, when it was last worked on."""

    number: str
    title: str
    done: frozenset[str]
    total: int
    last: float | None
    quiz_right: int = 0
    quiz_total: int = 0

    @property
    def complete(self) -> bool:
        return len(self.done) >= self.total

    def line(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.last)) if self.last \
            else "not started"
        quiz = f"quiz {self.quiz_right} of {self.quiz_total} right" if self.quiz_total else ""
        return (f"{self.number} {self.title:<36} {len(self.done)} of {self.total} done   "
                f"{quiz:<20} {when}")


def lessons() -> dict[str, tuple[str, int, int]]:
    """Each lesson's number: its title, count of exercises and count of quiz questions."""
    from workbook import quiz  # the quiz module records answers here: import it late

    found = {}
    for path in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        title = cells[0].source.splitlines()[0].lstrip("# ").strip()
        checks = sum("check" in c.metadata.get("tags", []) for c in cells)
        number = path.name[:2]
        questions = len(quiz.load(number).questions) if quiz.has_quiz(number) else 0
        found[number] = (title, checks, questions)
    return found


def _latest_quiz_answers(db: sqlite3.Connection) -> dict[str, dict[int, bool]]:
    """Each lesson's quiz questions answered, and whether the latest answer was right."""
    latest: dict[str, dict[int, bool]] = {}
    rows = db.execute("SELECT lesson, question, correct FROM quiz_answers ORDER BY at")
    for lesson, question, correct in rows:
        latest.setdefault(lesson, {})[question] = bool(correct)
    return latest


def summary() -> list[LessonProgress]:
    """Every lesson's progress, in course order."""
    with _database() as db:
        rows = db.execute("SELECT lesson, exercise, passed, at FROM checks").fetchall()
        answers = _latest_quiz_answers(db)
        quiz_times = dict(db.execute("SELECT lesson, max(at) FROM quiz_answers GROUP BY lesson"))
    rows_by_lesson: dict[str, list[tuple[str, int, float]]] = {}
    for lesson, exercise, passed, at in rows:
        rows_by_lesson.setdefault(lesson, []).append((exercise, passed, at))
    result = []
    for number, (title, total, questions) in lessons().items():
        mine = rows_by_lesson.get(number, [])
        numbered = {str(n) for n in range(1, total + 1)}  # not lesson 00's toy check
        done = frozenset(exercise for exercise, passed, _ in mine
                         if passed and exercise in numbered)
        times = [at for _, _, at in mine] + ([quiz_times[number]] if number in quiz_times else [])
        right = sum(answers.get(number, {}).values())
        result.append(LessonProgress(number, title, done, total, max(times, default=None),
                                     right, questions))
    return result


def next_step(lines: list[LessonProgress]) -> str:
    """What to do next: the first exercise not done, in the first lesson not finished."""
    for lesson in lines:
        if not lesson.complete:
            missing = [str(n) for n in range(1, lesson.total + 1) if str(n) not in lesson.done]
            if not lesson.done:
                return f"Next: lesson {lesson.number}, {lesson.title}."
            return (f"Next: lesson {lesson.number}, {lesson.title}: exercise "
                    f"{', '.join(missing)} to go.")
    return "Every exercise of the course is done. Well done!"


def report(lesson: str | None = None) -> str:
    """The progress table as text (one lesson's line if ``lesson`` is given)."""
    lines = summary()
    shown = [p for p in lines if lesson is None or p.number == lesson]
    return "\n".join([*(p.line() for p in shown), next_step(lines)])


def progress(lesson: str | None = None) -> None:
    """Print your progress: every lesson (or one), exercises done, and what is next."""
    print(report(lesson))
