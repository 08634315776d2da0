"""The wrap-up quizzes: sound data, answers proven by running them, and one quiz per lesson
that works with a kernel (widgets, recorded in the progress record) and without (HTML).

A quiz question must be answerable from the course: each names the section that teaches
it, in its own lesson or an earlier one, and a "predict the output" question's program is
run here against the demo servers, so its right choice is what it really prints.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nbformat
import pytest

import httplib
from workbook import progress, quiz
from workbook.student import WIDGET, learner_copy

LESSONS = Path(__file__).resolve().parent.parent / "notebooks"
NUMBERS = [path.name[:2] for path in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))]
TAUGHT = re.compile(r"^(?:(\d\d): )?(.+)$")


@pytest.fixture(autouse=True)
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("WORKBOOK_PROGRESS", str(path))
    return path


def lesson_path(number: str) -> Path:
    return next(LESSONS.glob(f"{number}_*.ipynb"))


def teaching_headings(number: str) -> set[str]:
    """A lesson's section headings that teach on its main path: not its exercises, quiz or
    summary, nor anything in an optional section (which runs to the next ``## ``)."""
    found, optional = set(), False
    for cell in nbformat.read(lesson_path(number), as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            heading = re.match(r"^(#{2,3}) (.+?)\s*$", line)
            if not heading:
                continue
            level, text = heading.groups()
            if level == "##":
                optional = text.startswith("Optional: ")
            if not optional and not re.match(r"(Exercises?|Summary|Quiz)\b", text):
                found.add(text)
    return found


@pytest.mark.parametrize("number", NUMBERS)
def test_every_lesson_has_a_sound_quiz(number: str):
    loaded = quiz.load(number)  # raises on: 3-5 questions/choices, one right, a why each
    kinds = {question.kind for question in loaded.questions}
    assert len(kinds) >= 2, f"lesson {number}'s quiz asks only {kinds}: mix the kinds"
    for question in loaded.questions:
        texts = [choice.text for choice in question.choices]
        assert len(set(texts)) == len(texts), f"{question.prompt!r} repeats a choice"
        assert all(len(text) <= 110 for text in texts), "choices are short, to read as buttons"


def test_the_course_asks_every_kind_of_question():
    kinds = {q.kind for number in NUMBERS for q in quiz.load(number).questions}
    assert kinds == set(quiz.KINDS)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_question_is_taught_before_it_is_asked(number: str):
    for question in quiz.load(number).questions:
        lesson, heading = TAUGHT.match(question.taught).groups()
        lesson = lesson or number
        assert lesson <= number, f"{question.taught!r} comes after lesson {number}"
        assert heading in teaching_headings(lesson), (
            f"{question.taught!r} is not a section of lesson {lesson}'s main path")


PREDICTIONS = [(number, n, question) for number in NUMBERS if quiz.has_quiz(number)
               for n, question in enumerate(quiz.load(number).questions, start=1)
               if question.kind == "predict"]


@pytest.mark.parametrize(("number", "n", "question"), PREDICTIONS,
                         ids=[f"{number}-q{n}" for number, n, _ in PREDICTIONS])
def test_a_predicted_output_is_what_the_program_prints(demo, number, n, question):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(question.code, {"httplib": httplib, "demo": demo})
    output = printed.getvalue().strip()
    right = question.choices[question.answer].text
    assert output == right.strip("`"), f"prints {output!r}, the right choice says {right!r}"
    wrong = [c.text for c in question.choices if not c.right and c.text.strip("`") == output]
    assert not wrong, f"a wrong choice, {wrong}, is what it prints"


@pytest.mark.parametrize("number", NUMBERS)
def test_the_quiz_comes_just_before_the_summary(number: str):
    cells = nbformat.read(lesson_path(number), as_version=4).cells
    summary = next(i for i, cell in enumerate(cells) if cell.source.startswith("## Summary"))
    heading, call = cells[summary - 2], cells[summary - 1]
    assert heading.source.startswith("## Quiz"), "a '## Quiz' section before the summary"
    assert call.cell_type == "code" and "quiz" in call.metadata.get("tags", [])
    assert call.source.strip().endswith(f'quiz("{number}")')
    shown = {key for output in call.outputs for key in output.get("data", {})}
    assert "text/html" in shown, "the stored output carries the quiz as HTML, for the site"
    notebook = nbformat.read(lesson_path(number), as_version=4)
    assert "widgets" not in notebook.metadata, (
        "saved widget state makes the site load a widget manager from the internet")
    copy = learner_copy(notebook)
    kept = {key for cell in copy.cells for output in cell.get("outputs", [])
            for key in output.get("data", {})}
    assert WIDGET not in kept, "a stored widget view shows 'model not found' in Lab"


def test_the_html_quiz_offers_every_choice_with_its_feedback():
    loaded = quiz.load("05")
    page = quiz.to_html(loaded)
    for question in loaded.questions:
        assert page.count("<details") >= len(question.choices)
        for choice in question.choices:
            assert quiz.inline(choice.why) in page
    assert page.count('class="wb-quiz-right"') == len(loaded.questions)
    assert "<script" not in page, "works where scripts do not run"


def test_answering_in_lab_shows_why_and_is_recorded():
    view = quiz.quiz("05")
    bundle = view._repr_mimebundle_()
    assert WIDGET in bundle and "text/html" in bundle
    question = quiz.load("05").questions[1]
    buttons, feedback = view.children[4], view.children[5]  # question 2's radio buttons
    wrong = next(i for i, choice in enumerate(question.choices) if not choice.right)
    buttons.value = wrong
    assert "Not quite." in feedback.value and quiz.inline(question.choices[wrong].why) \
        in feedback.value
    line = next(p for p in progress.summary() if p.number == "05")
    assert (line.quiz_right, line.quiz_total) == (0, 4)
    buttons.value = question.answer
    assert "Right." in feedback.value
    assert "quiz 1 of 4 right" in progress.report("05")


@pytest.mark.parametrize("variable", ["NBGRADER_EXECUTION", "WORKBOOK_GRADING"])
def test_a_grading_run_records_nothing(monkeypatch: pytest.MonkeyPatch, record: Path,
                                       variable: str):
    monkeypatch.setenv(variable, "1")
    progress.record_quiz("05", 1, 0, True)
    progress.record("05", 1, passed=True)
    assert not record.exists()
