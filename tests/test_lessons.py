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
FIRST_CELL = "%load_ext workbook.tracebacks\nimport httplib, servers\ndemo = servers.start()"


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
    assert code[0].source.strip() == FIRST_CELL, \
        "the first code cell turns on short tracebacks and starts the demo servers"
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


@pytest.mark.timeout(600)  # every lesson's copy, one after the other
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
            assert "hint(" in errors[0].evalue, "a failure says how to ask for help"


# --- one sitting: the header, the main path, optional sections -------------------------

HEADER = re.compile(r"^\*\*Time:\*\* about (\d+) minutes · \*\*Needs:\*\* (.+?) · "
                    r"\*\*Optional:\*\* (.+)$", re.MULTILINE)
OPTIONAL = re.compile(r"^## Optional: (.+?)\s*$", re.MULTILINE)
MAIN_PATH_WORDS, MAIN_PATH_CODE_CELLS = 2600, 35
"""A lesson's main path fits one sitting: about 2,500 words of prose, 35 code cells."""


def main_path(cells: list) -> list:
    """The cells outside ``## Optional: ...`` sections (which end at the next ``## ``)."""
    kept, optional = [], False
    for cell in cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in cell.source.splitlines()
                            if line.startswith("## ")), None)
            if heading is not None:
                optional = heading.startswith("## Optional: ")
        if not optional:
            kept.append(cell)
    return kept


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_header_says_time_needs_and_optional_sections(path: Path):
    cells = read(path).cells
    found = HEADER.search(cells[0].source)
    assert found, "a header line: **Time:** about N minutes · **Needs:** ... · **Optional:** ..."
    minutes, needs, optional = int(found.group(1)), found.group(2), found.group(3)
    assert 20 <= minutes <= 75, minutes
    earlier = re.findall(r"\]\((\d\d)_[\w]+\.ipynb\)", needs)
    assert needs == "nothing" or earlier, needs
    assert all(int(number) < int(path.name[:2]) for number in earlier), needs
    headings = {m for c in cells if c.cell_type == "markdown" for m in OPTIONAL.findall(c.source)}
    listed = set(re.findall(r'"([^"]+)"', optional))
    assert listed == headings, f"header lists {sorted(listed)}, sections are {sorted(headings)}"
    assert headings or optional == "none", optional


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_main_path_fits_one_sitting(path: Path):
    cells = main_path(read(path).cells)
    words = sum(len(c.source.split()) for c in cells if c.cell_type == "markdown")
    # The quiz's one cell is not code to read: its time is in the header with the rest.
    code = sum(c.cell_type == "code" and "quiz" not in c.metadata.get("tags", []) for c in cells)
    assert words <= MAIN_PATH_WORDS, f"{words} words of prose on the main path"
    assert code <= MAIN_PATH_CODE_CELLS, f"{code} code cells on the main path"


# --- pictures and the glossary -----------------------------------------------------------

IMAGES = LESSONS_DIR / "images"
PICTURE = re.compile(r"!\[([^\]]*)\]\((images/[^)\s]+)\)")
GLOSSARY = LESSONS_DIR / "glossary.ipynb"
TARGET = r"((?:[^()\s]|\([^()\s]*\))+)"
"""A link target as Markdown reads it: balanced parentheses belong to it, ``#...(304)``."""
GLOSSARY_LINK = re.compile(rf"\]\(glossary\.ipynb#{TARGET}\)")


def markdown_of(path: Path) -> str:
    return "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")


def anchor(heading: str) -> str:
    """The id JupyterLab and nbconvert give a heading: its rendered text, spaces as ``-``."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    return text.replace("`", "").strip().replace(" ", "-")


def headings(path: Path, level: str = "#+") -> set[str]:
    return {anchor(h) for h in re.findall(rf"^{level} (.+?)\s*$", markdown_of(path),
                                          flags=re.MULTILINE)}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pictures_exist_and_say_what_they_show(path: Path):
    for alt, target in PICTURE.findall(markdown_of(path)):
        assert (LESSONS_DIR / target).is_file(), target
        assert len(alt) >= 20, f"alt text for {target} should say what it shows: {alt!r}"


def test_every_picture_is_used_by_a_lesson():
    used = {target for path in LESSONS for _, target in PICTURE.findall(markdown_of(path))}
    assert {f"images/{svg.name}" for svg in IMAGES.glob("*.svg")} <= used


def glossary_terms() -> dict[str, str]:
    """Each glossary term's anchor, and the lesson its entry says first teaches it."""
    terms = {}
    for cell in read(GLOSSARY).cells:
        for term, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", cell.source,
                                     flags=re.MULTILINE | re.DOTALL):
            lesson = re.search(rf"First taught in: \[[^\]]+\]\((\d\d_\w+\.ipynb)(#{TARGET})?\)",
                               body)
            assert lesson, f"glossary: {term!r} names the lesson that first teaches it"
            terms[anchor(term)] = lesson.group(1)
    return terms


def test_the_glossary_has_the_courses_terms_each_with_its_lesson():
    terms = glossary_terms()
    assert len(terms) >= 60
    for lesson in set(terms.values()):
        assert (LESSONS_DIR / lesson).is_file(), lesson


@pytest.mark.parametrize("path", [*LESSONS, GLOSSARY], ids=lambda p: p.name)
def test_links_to_the_glossary_and_from_it_resolve(path: Path):
    terms = headings(GLOSSARY, "###")
    for target in GLOSSARY_LINK.findall(markdown_of(path)):
        assert target in terms, f"no glossary entry {target!r}"
    if path == GLOSSARY:
        for lesson, target in re.findall(rf"\]\((\d\d_\w+\.ipynb)#{TARGET}\)",
                                         markdown_of(path)):
            assert target in headings(LESSONS_DIR / lesson), f"{lesson}#{target}"


def test_each_term_is_linked_by_the_lesson_that_first_teaches_it():
    missing = [f"{term} ({lesson})" for term, lesson in glossary_terms().items()
               if f"](glossary.ipynb#{term})" not in markdown_of(LESSONS_DIR / lesson)]
    assert not missing, f"lessons that do not link the terms they teach: {missing}"


# --- help in steps ------------------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_exercise_has_hints_in_steps_and_a_worked_solution(path: Path):
    from workbook.help import read_help

    cells = read(path).cells
    checks = [c for c in cells if CHECK_TAG in tags(c)]
    numbers = [int(re.search(rf'exercise\("{path.name[:2]}", (\d+)\)', c.source).group(1))
               for c in checks]
    assert numbers == list(range(1, len(checks) + 1)), "checks name their lesson, in order"
    helps = read_help(path.name[:2])
    assert sorted(helps) == numbers, "each solution cell's metadata names its exercise"
    for number, found in helps.items():
        assert len(found.hints) >= 2, f"exercise {number}: at least two hints"
        assert all(len(hint) >= 20 for hint in found.hints), f"exercise {number}: a real hint"
        assert len(set(found.hints)) == len(found.hints), f"exercise {number}: hints repeat"
        assert len(found.why) >= 40, f"exercise {number}: say why the solution works"
        # No hint states the whole answer: none holds a full line of the solution.
        lines = {line.strip() for line in found.code.splitlines() if len(line.strip()) > 30}
        for hint in found.hints:
            assert not any(line in hint for line in lines), f"exercise {number}: {hint!r}"


def test_no_lesson_calls_for_help_on_its_own():
    """hint() and solution() show answers: only a learner may call them, never a cell."""
    for path in LESSONS:
        for cell in read(path).cells:
            if cell.cell_type == "code":
                assert not re.search(r"^\s*(hint|solution)\(", cell.source, re.MULTILINE), path
