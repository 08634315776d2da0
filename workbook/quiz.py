"""Wrap-up quizzes: a few questions on a lesson's ideas, with feedback on every answer.

Each lesson ends with a quiz kept as data, in ``notebooks/quizzes/NN_topic.yml``::

    lesson: "05"
    questions:
      - kind: predict            # choice, predict (the output of `code`) or bug (in `code`)
        taught: "HEAD: the headers without the body"   # the section that teaches it
        prompt: "What does this print?"
        code: |
          response = httplib.head(demo.httpbin + "/bytes/300")
          print(len(response.content))
        choices:
          - text: "0"
            right: true
            why: "A HEAD answer describes a body but never carries one."
          - text: "300"
            why: "That is the size of the body a GET would get; HEAD gets none of it."

Every question has exactly one right choice and a ``why`` for each choice, right or
wrong, so a learner always learns something from an answer (``tests/test_quizzes.py``
holds every quiz to this, runs each ``predict`` program to prove its right choice, and
checks that ``taught`` names a section of the lesson or of an earlier one).

In JupyterLab, ``quiz("05")`` shows the questions as radio buttons; choosing one shows
why it is right or wrong, and notes the answer in the learner's progress record
(``workbook.progress``). The same call also carries a plain-HTML form of the quiz, with
each choice's feedback folded in a ``<details>``, which needs no kernel and no script:
the website shows that one, and so does any viewer without widgets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbook import LESSONS, progress

QUIZZES = LESSONS / "quizzes"
KINDS = {
    "choice": "Choose one",
    "predict": "Predict the output",
    "bug": "Spot the bug",
}
"""The kinds of question, and the label each shows above its prompt."""
LETTERS = "ABCDE"


@dataclass(frozen=True)
class Choice:
    """One answer offered: its text, whether it is the right one, and why."""

    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class Question:
    """One question: its kind, the section that teaches it, the prompt, code, choices."""

    kind: str
    taught: str
    prompt: str
    code: str
    choices: tuple[Choice, ...]

    @property
    def answer(self) -> int:
        """The index of the right choice."""
        return next(i for i, choice in enumerate(self.choices) if choice.right)


@dataclass(frozen=True)
class Quiz:
    """A lesson's quiz, as read from its data file."""

    lesson: str
    questions: tuple[Question, ...]


def quiz_path(lesson: str) -> Path:
    """The data file of lesson ``lesson``'s quiz (``"05"`` → ``quizzes/05_http_methods.yml``)."""
    found = sorted(QUIZZES.glob(f"{lesson}_*.yml"))
    if len(found) != 1:
        raise ValueError(f"no quiz for lesson {lesson!r} in {QUIZZES}")
    return found[0]


def has_quiz(lesson: str) -> bool:
    """Whether lesson ``lesson`` has a quiz (every numbered lesson does; a test says so)."""
    return any(QUIZZES.glob(f"{lesson}_*.yml"))


def _question(number: int, data: dict[str, Any]) -> Question:
    """One question from its data, or ValueError saying what is wrong with it."""
    where = f"question {number}"
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    for key in ("taught", "prompt"):
        if not str(data.get(key) or "").strip():
            raise ValueError(f"{where}: no {key}")
    code = str(data.get("code") or "").rstrip()
    if kind in ("predict", "bug") and not code:
        raise ValueError(f"{where}: a {kind} question shows code, and this one has none")
    choices = []
    for index, choice in enumerate(data.get("choices") or [], start=1):
        if not str(choice.get("text", "")).strip() or not str(choice.get("why", "")).strip():
            raise ValueError(f"{where}, choice {index}: every choice needs a text and a why")
        choices.append(Choice(str(choice["text"]), bool(choice.get("right", False)),
                              str(choice["why"]).strip()))
    if not 3 <= len(choices) <= 5:
        raise ValueError(f"{where}: {len(choices)} choices; offer 3 to 5")
    if sum(choice.right for choice in choices) != 1:
        raise ValueError(f"{where}: exactly one choice must be marked right: true")
    return Question(kind, str(data["taught"]), str(data["prompt"]).strip(), code,
                    tuple(choices))


def load(lesson: str) -> Quiz:
    """Lesson ``lesson``'s quiz, read and checked (ValueError names what is wrong)."""
    path = quiz_path(lesson)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if str(data.get("lesson")) != lesson:
        raise ValueError(f"{path.name} says it is lesson {data.get('lesson')!r}")
    questions = tuple(_question(n, q) for n, q in enumerate(data.get("questions") or [], 1))
    if not 3 <= len(questions) <= 5:
        raise ValueError(f"{path.name}: {len(questions)} questions; a quiz has 3 to 5")
    return Quiz(lesson, questions)


def inline(text: str) -> str:
    """``text`` as HTML: escaped, with `backticks` as code (the only markup quizzes use)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _feedback(choice: Choice) -> str:
    verdict = "Right." if choice.right else "Not quite."
    return f"<strong>{verdict}</strong> {inline(choice.why)}"


def _question_head(number: int, question: Question) -> str:
    code = (f"<pre class=\"wb-quiz-code\"><code>{html.escape(question.code)}</code></pre>"
            if question.code else "")
    return (f"<p class=\"wb-quiz-prompt\"><strong>{number}. {KINDS[question.kind]}.</strong> "
            f"{inline(question.prompt)}</p>{code}")


def to_html(quiz: Quiz) -> str:
    """The quiz as static HTML: each choice a ``<details>`` whose feedback opens on a click.

    The choices of one question share a ``name``, so opening one closes the others in
    browsers that know exclusive ``<details>``; no script is needed anywhere. The letters
    are part of each choice's text, so they read the same where lists are styled
    differently (the site, JupyterLab, GitHub).
    """
    parts = [f"<div class=\"wb-quiz\" data-lesson=\"{quiz.lesson}\">"]
    for number, question in enumerate(quiz.questions, start=1):
        parts.append(f"<div class=\"wb-quiz-question\">{_question_head(number, question)}"
                     "<div class=\"wb-quiz-choices\">")
        for letter, choice in zip(LETTERS, question.choices, strict=False):
            verdict = "right" if choice.right else "wrong"
            parts.append(
                f"<details class=\"wb-quiz-{verdict}\" name=\"quiz-{quiz.lesson}-{number}\">"
                f"<summary>{letter}. {inline(choice.text)}</summary>"
                f"<p class=\"wb-quiz-feedback\">{_feedback(choice)}</p></details>")
        parts.append("</div></div>")
    parts.append("</div>")
    return "".join(parts)


def quiz(lesson: str) -> Any:
    """Show lesson ``lesson``'s quiz (``"05"``): widgets in JupyterLab, HTML elsewhere.

    Each answer shows why it is right or wrong and goes into the progress record.
    """
    import ipywidgets as widgets  # only where a quiz is shown: the site build never needs it

    loaded = load(lesson)

    class QuizView(widgets.VBox):
        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            bundle = super()._repr_mimebundle_(**kwargs) or {}
            bundle["text/html"] = to_html(loaded)
            count = len(loaded.questions)
            bundle["text/plain"] = (f"Quiz for lesson {lesson}: {count} questions. "
                                    "Run this cell in JupyterLab to answer them.")
            return bundle

    rows = []
    for number, question in enumerate(loaded.questions, start=1):
        buttons = widgets.RadioButtons(
            options=[(f"{LETTERS[i]}. {choice.text.replace('`', '')}", i)
                     for i, choice in enumerate(question.choices)],
            value=None, layout=widgets.Layout(width="auto"))
        feedback = widgets.HTML()
        buttons.observe(_on_answer(lesson, number, question, feedback), names="value")
        rows += [widgets.HTML(_question_head(number, question)), buttons, feedback]
    return QuizView(rows)


def _on_answer(lesson: str, number: int, question: Question, feedback: Any) -> Any:
    """What happens when a choice is clicked: feedback shown, the answer recorded."""

    def answered(change: dict[str, Any]) -> None:
        if change["new"] is None:
            return
        choice = question.choices[change["new"]]
        colour = "#2e7d32" if choice.right else "#c62828"
        feedback.value = f"<p style=\"color: {colour}\">{_feedback(choice)}</p>"
        progress.record_quiz(lesson, number, change["new"], choice.right)

    return answered
