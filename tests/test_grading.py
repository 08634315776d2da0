"""Grading, with the real nbgrader and without it.

The lessons carry nbgrader's cell metadata, so an instructor marks nothing by hand:
``python -m workbook course`` writes a course folder, nbgrader's own commands generate
the learner version and grade submissions, and ``python -m workbook tally`` grades the
same way without nbgrader. Both grade on the instructor's checks, whatever a learner did
to theirs.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from workbook import course, tally
from workbook.student import BEGIN, END, learner_copy

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
LESSON = "05_http_methods"  # four exercises, a few seconds to run
PATHS = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def solved(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A learner copy filled in with the answer key's solutions, as a learner would."""
    copy = learner_copy(notebook)
    for key_cell, cell in zip(notebook.cells, copy.cells, strict=True):
        if BEGIN in key_cell.source:
            cell.source = "\n".join(line for line in key_cell.source.splitlines()
                                    if line.strip() not in (BEGIN, END))
    return copy


def tampered(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A blank learner copy whose every check was edited to claim success."""
    copy = learner_copy(notebook)
    for cell in copy.cells:
        if "check" in cell.metadata.get("tags", []):
            number = re.search(r'exercise\("\d\d", (\d+)', cell.source).group(1)
            cell.source = f'print("Exercise {number}: done.")'
    return copy


# --- the metadata in the lessons ---------------------------------------------------------

@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_exercise_is_marked_for_nbgrader(path: Path):
    cells = nbformat.read(path, as_version=4).cells
    marked = [cell.metadata["nbgrader"] for cell in cells if "nbgrader" in cell.metadata]
    ids = [meta["grade_id"] for meta in marked]
    assert len(ids) == len(set(ids)), "grade ids are unique in a notebook"
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        has_solution = BEGIN in cell.source
        assert has_solution == bool(meta.get("solution")), (
            f"solution markers and an autograded-answer cell go together: {cell.source[:60]!r}")
        is_check = "check" in cell.metadata.get("tags", [])
        assert is_check == bool(meta.get("grade")), f"a check is a test cell: {cell.source[:60]!r}"
        if is_check:
            assert meta["locked"] and meta["points"] > 0
        if meta:
            assert meta["cell_type"] == cell.cell_type and meta["schema_version"] == 3


# --- the real nbgrader ---------------------------------------------------------------------

def nbgrader(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run nbgrader's command line in ``folder``, with this environment's tools on PATH
    (nbgrader calls ``alembic`` for its database)."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([str(Path(bin_dir) / "nbgrader"), *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def course_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("course")
    written = course.make_course(LESSONS, folder)
    assert written == [path.stem for path in PATHS]
    return folder


def test_nbgrader_makes_every_lesson_into_our_learner_copy(course_folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    from nbgrader.apps import NbGraderAPI

    bin_dir = str(Path(sys.executable).parent)  # nbgrader calls `alembic` for its database
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ.get("PATH", ""))
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course_folder)
    api = NbGraderAPI(config=config)
    for path in PATHS:
        result = api.generate_assignment(path.stem)
        assert result["success"], result.get("error")
        release = nbformat.read(course_folder / "release" / path.stem / path.name, as_version=4)
        ours = learner_copy(nbformat.read(path, as_version=4))
        assert len(release.cells) == len(ours.cells)
        for theirs, mine in zip(release.cells, ours.cells, strict=True):
            assert theirs.source == mine.source
            grading = {k: v for k, v in theirs.metadata.get("nbgrader", {}).items()
                       if k != "checksum"}
            assert grading == mine.metadata.get("nbgrader", {})
            for key in ("editable", "deletable"):
                assert theirs.metadata.get(key) == mine.metadata.get(key), key
        for picture in course.pictures_used(release):
            assert (course_folder / "release" / path.stem / "images" / picture).is_file()


def test_nbgrader_autograde_scores_on_the_real_checks(course_folder: Path):
    nbgrader(course_folder, "generate_assignment", LESSON, "--force")
    key = nbformat.read(LESSONS / f"{LESSON}.ipynb", as_version=4)
    release = nbformat.read(course_folder / "release" / LESSON / f"{LESSON}.ipynb",
                            as_version=4)
    submissions = {
        "blank": release,              # handed out and handed back untouched
        "key": key,                    # the answer key itself
        "solved": solved(key),         # a learner copy from `make lab`, filled in
        "tampered": tampered(key),     # blank, with every check edited to print "done"
    }
    for learner, notebook in submissions.items():
        folder = course_folder / "submitted" / learner / LESSON
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{LESSON}.ipynb")
    nbgrader(course_folder, "autograde", LESSON)
    nbgrader(course_folder, "export")
    with open(course_folder / "grades.csv", newline="") as grades:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(grades) if row["assignment"] == LESSON}
    assert scores == {"blank": (0, 4), "key": (4, 4), "solved": (4, 4), "tampered": (0, 4)}


def test_nbgrader_validate_says_a_blank_copy_fails(course_folder: Path, tmp_path: Path):
    blank = tmp_path / f"{LESSON}.ipynb"
    nbformat.write(learner_copy(nbformat.read(LESSONS / blank.name, as_version=4)), blank)
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "validate", str(blank)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep
             + os.environ.get("PATH", "")})
    assert "VALIDATION FAILED" in checked.stdout + checked.stderr
    assert "Success" not in checked.stdout


# --- without nbgrader ----------------------------------------------------------------------

def test_the_tally_counts_only_what_the_real_checks_pass(tmp_path: Path):
    key = nbformat.read(LESSONS / f"{LESSON}.ipynb", as_version=4)
    for learner, notebook in {"blank": learner_copy(key), "solved": solved(key),
                              "tampered": tampered(key)}.items():
        (tmp_path / learner).mkdir()
        nbformat.write(notebook, tmp_path / learner / f"{LESSON}.ipynb")
    results = {result.path.parent.name: result for result in tally.tally_folder(tmp_path)}
    assert {name: (r.done, r.total) for name, r in results.items()} == {
        "blank": ((), 4), "solved": ((1, 2, 3, 4), 4), "tampered": ((), 4)}
    assert results["solved"].line().endswith("4 of 4 exercises done")


def test_the_tally_counts_a_deleted_check_as_not_done(tmp_path: Path):
    notebook = solved(nbformat.read(LESSONS / f"{LESSON}.ipynb", as_version=4))
    notebook.cells = [cell for cell in notebook.cells
                      if cell.metadata.get("nbgrader", {}).get("grade_id") != "exercise-2-check"]
    nbformat.write(notebook, tmp_path / f"{LESSON}.ipynb")
    result = tally.tally(tmp_path / f"{LESSON}.ipynb")
    assert result.done == (1, 3, 4)
    assert result.notes == ("missing cell exercise-2-check",)


# --- the instructor's command --------------------------------------------------------------

def test_the_course_command_writes_a_folder_and_says_what_next(tmp_path: Path):
    made = subprocess.run([sys.executable, "-m", "workbook", "course", "--dir",
                           str(tmp_path / "course"), "05", "13"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert "2 lessons written" in made.stdout
    assert "nbgrader generate_assignment 05_http_methods" in made.stdout
    assert "nbgrader autograde 05_http_methods" in made.stdout
    folder = tmp_path / "course"
    assert (folder / "nbgrader_config.py").is_file()
    assert sorted(p.name for p in (folder / "source").iterdir()) == [
        "05_http_methods", "13_streaming_and_downloads"]
    source = nbformat.read(folder / "source" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert not any("workbook" in cell.metadata for cell in source.cells), "no hints in it"


def test_the_course_command_never_overwrites_an_instructors_changes(tmp_path: Path):
    course.make_course(LESSONS, tmp_path, ["05"])
    config = tmp_path / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.Execute.timeout = 30\n")
    lesson = tmp_path / "source" / LESSON / f"{LESSON}.ipynb"
    lesson.write_text(lesson.read_text().replace("Rename a post", "Retitle a post"))
    assert course.make_course(LESSONS, tmp_path, ["05"]) == []
    assert "timeout = 30" in config.read_text()
    assert "Retitle a post" in lesson.read_text()
