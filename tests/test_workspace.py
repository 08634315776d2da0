"""The learner's workspace: copies without answers, made once, never written over.

Everything runs in temporary folders: the workspace of the person running the tests
(``my-lessons/``) is never touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from workbook import workspace
from workbook.__main__ import main
from workbook.student import BEGIN, PLACEHOLDER

LESSONS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    """A copy of notebooks/ that a test may change, as an update upstream would."""
    copy = tmp_path / "notebooks"
    shutil.copytree(LESSONS, copy)
    return copy


def test_a_new_workspace_has_every_lesson_without_its_answers(lessons, tmp_path):
    folder = tmp_path / "mine"
    report = workspace.sync(lessons, folder)
    names = sorted(p.name for p in lessons.glob("[0-9][0-9]_*.ipynb"))
    assert names and set(names) <= set(report.added)
    for name in names:
        text = (folder / name).read_text()
        assert BEGIN not in text and PLACEHOLDER[1] in text
    assert (folder / "glossary.ipynb").is_file()
    assert {p.name for p in (folder / "images").iterdir()} == {
        p.name for p in (lessons / "images").iterdir()}


def test_explanations_and_examples_keep_their_outputs(lessons, tmp_path):
    folder = tmp_path / "mine"
    workspace.sync(lessons, folder)
    copy = nbformat.read(folder / "01_first_request.ipynb", as_version=4)
    examples = [c for c in copy.cells if c.cell_type == "code" and "check" not in
                c.metadata.get("tags", []) and PLACEHOLDER[1] not in c.source]
    assert sum(bool(c.outputs) for c in examples) >= len(examples) // 2


def test_a_second_run_touches_nothing(lessons, tmp_path):
    folder = tmp_path / "mine"
    workspace.sync(lessons, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*.ipynb")}
    report = workspace.sync(lessons, folder)
    assert report.added == [] and report.offered == []
    assert {p: p.read_bytes() for p in folder.rglob("*.ipynb")} == before


def test_the_learners_work_survives_an_update_which_is_offered_beside_it(lessons, tmp_path):
    folder = tmp_path / "mine"
    workspace.sync(lessons, folder)
    mine = folder / "05_http_methods.ipynb"
    mine.write_text(mine.read_text().replace("raise NotImplementedError()", "answer = 42"))
    learners = mine.read_bytes()
    upstream = lessons / "05_http_methods.ipynb"
    notebook = nbformat.read(upstream, as_version=4)
    notebook.cells[0].source += "\n\nA sentence added upstream."
    nbformat.write(notebook, upstream)

    report = workspace.sync(lessons, folder)
    assert report.offered == ["05_http_methods.ipynb"]
    assert mine.read_bytes() == learners
    offered = (folder / "05_http_methods.new.ipynb").read_text()
    assert "A sentence added upstream." in offered and BEGIN not in offered
    assert workspace.sync(lessons, folder).offered == []  # offered once, not every time


def test_an_unknown_manifest_never_leads_to_an_overwrite(lessons, tmp_path):
    folder = tmp_path / "mine"
    workspace.sync(lessons, folder)
    mine = folder / "03_status_codes.ipynb"
    mine.write_text(mine.read_text() + " ")
    (folder / workspace.MANIFEST).write_text("{ broken")
    workspace.sync(lessons, folder)
    assert mine.read_text().endswith(" ")


def test_reset_writes_a_fresh_copy_and_keeps_the_old_one(lessons, tmp_path, capsys):
    folder = tmp_path / "mine"
    workspace.sync(lessons, folder)
    mine = folder / "07_sending_data.ipynb"
    mine.write_text(mine.read_text().replace("raise NotImplementedError()", "x = 1", 1))
    edited = mine.read_bytes()
    assert main(["reset", "07", "--dir", str(folder)]) == 0
    backups = list((folder / "backups").glob("07_sending_data-*.ipynb"))
    assert [b.read_bytes() for b in backups] == [edited]
    assert "x = 1" not in mine.read_text()
    assert "your old copy is" in capsys.readouterr().out


@pytest.mark.parametrize("lesson", ["99", "0"])
def test_reset_says_when_it_does_not_know_the_lesson(tmp_path, capsys, lesson):
    assert main(["reset", lesson, "--dir", str(tmp_path / "mine")]) == 2
    assert "give its number" in capsys.readouterr().err


def test_make_lab_opens_the_workspace_and_answers_opens_the_key():
    makefile = (LESSONS.parent / "Makefile").read_text()
    lab = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "-m workbook workspace --dir $(WORKSPACE)" in lab
    assert "jupyter lab $(LAB_FLAGS) $(WORKSPACE)/" in lab
    answers = makefile.split("\nanswers:", 1)[1].split("\n\n", 1)[0]
    assert "jupyter lab $(LAB_FLAGS) notebooks/" in answers
    assert "my-lessons/" in (LESSONS.parent / ".gitignore").read_text().splitlines()
