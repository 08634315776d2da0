"""The lessons keep their format, their map of the reference texts, and honest checks.

nbval (configured in pyproject.toml) runs every lesson and compares its outputs; these
tests check what nbval cannot: the shape every lesson shares, ``coverage.yml``, and
that each exercise's check FAILS, with its hint, in the learner copy, where the
solution is replaced by a placeholder. A check that passes on nothing is a defect.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from workbook.student import BEGIN, CHECK_TAG, build

ROOT = Path(__file__).resolve().parent.parent
LESSONS_DIR = ROOT / "notebooks"
LESSONS = sorted(LESSONS_DIR.glob("[0-9][0-9]_*.ipynb"))
INTERNET_HOSTS = re.compile(r"https?://(www\.)?(httpbin\.org|example\.com|api\.github\.com|"
                            r"jsonplaceholder|open-meteo|dictionary\.com|toscrape|badssl|"
                            r"gutenberg|python\.org)")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.metadata.get("tags", [])


def test_lessons_are_numbered_without_gaps():
    assert LESSONS, "no lessons found"
    numbers = [int(path.name[:2]) for path in LESSONS]
    assert numbers == list(range(len(LESSONS)))


def test_the_lessons_readme_lists_every_lesson():
    readme = (LESSONS_DIR / "README.md").read_text()
    for path in LESSONS:
        assert f"]({path.name})" in readme, path.name


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_shape(path: Path):
    cells = read(path).cells
    markdown = [c.source for c in cells if c.cell_type == "markdown"]
    code = [c for c in cells if c.cell_type == "code"]
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "H1 title first"
    learn = next((m for m in markdown if "You will learn" in m), None)
    assert learn, "a 'You will learn' list"
    bullets = [line for line in learn.splitlines() if line.lstrip().startswith(("- ", "* "))]
    assert 3 <= len(bullets) <= 6, "3 to 6 things to learn"
    first_code = code[0].source.strip()
    assert "servers.start()" in first_code and len(first_code.splitlines()) <= 3, \
        "the first code cell starts the demo servers in one short line"
    assert sum(m.startswith("## ") for m in markdown) >= 3, "sections with ## headings"
    assert not INTERNET_HOSTS.search("\n".join(c.source for c in cells)), "offline only"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_exercises_each_have_a_solution_then_a_check(path: Path):
    code = [c for c in read(path).cells if c.cell_type == "code"]
    checks = [i for i, c in enumerate(code) if CHECK_TAG in tags(c)]
    assert len(checks) >= 3, "at least three exercises"
    previous = -1
    for index in checks:
        assert "exercise(" in code[index].source, "a check uses workbook.checks.exercise"
        between = code[previous + 1:index]
        assert any(BEGIN in c.source for c in between), "a solution before each check"
        previous = index
    assert not any(BEGIN in c.source for c in code[previous + 1:]), "a check after each solution"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_ends_with_a_summary_and_a_link_to_the_next(path: Path):
    markdown = [c.source for c in read(path).cells if c.cell_type == "markdown"]
    tail = "\n".join(markdown[-2:])
    assert re.search(r"^## Summary", "\n".join(markdown), flags=re.MULTILINE), "a summary"
    later = [p for p in LESSONS if p.name > path.name]
    if later:
        assert f"]({later[0].name})" in tail, "a link to the next lesson at the end"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_code_cell_was_run_and_errors_are_meant(path: Path):
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"not run: {cell.source[:60]!r}"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            assert "raises-exception" in tags(cell), f"unexpected error in {cell.source[:60]!r}"


def test_ignored_outputs_stay_rare():
    code = [c for path in LESSONS for c in read(path).cells if c.cell_type == "code"]
    ignored = [c for c in code if "NBVAL_IGNORE_OUTPUT" in c.source
               or "nbval-ignore-output" in tags(c)]
    assert len(ignored) < 0.05 * len(code)


def test_coverage_yml_maps_examples_to_tags_that_exist():
    entries = yaml.safe_load((LESSONS_DIR / "coverage.yml").read_text())
    tags_by_lesson = {path.name: {t for c in read(path).cells for t in tags(c)}
                      for path in LESSONS}
    listed = set()
    for entry in entries:
        assert {"text", "heading", "example"} <= set(entry), entry
        if "offline" in entry:  # cannot run here: the entry must say why
            assert entry["offline"].strip(), entry
            continue
        assert entry["tag"].startswith(f"ref-{entry['text']}-"), entry
        assert entry["tag"] in tags_by_lesson.get(entry["notebook"], set()), entry
        listed.add(entry["tag"])
    used = {t for found in tags_by_lesson.values() for t in found if t.startswith("ref-")}
    assert used <= listed, f"tags missing from coverage.yml: {sorted(used - listed)}"


def test_learner_copies_fail_every_check_with_its_hint(tmp_path: Path):
    copies = build(LESSONS_DIR, tmp_path / "student")
    assert len(copies) == len(LESSONS)
    for copy in copies:
        notebook = read(copy)
        assert BEGIN not in "".join(c.source for c in notebook.cells)
        NotebookClient(notebook, timeout=120, allow_errors=True,
                       resources={"metadata": {"path": str(copy.parent)}}).execute()
        for cell in notebook.cells:
            if CHECK_TAG not in tags(cell):
                continue
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors and errors[0].ename == "NotDone", f"{copy.name}: {cell.source[:80]!r}"
            assert "Hint:" in errors[0].evalue
