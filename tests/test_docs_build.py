"""The website builds with no warning, and shows every lesson as learners should see it.

One ``mkdocs build --strict`` (what ``make docs`` runs) into a temporary folder, then
checks on the HTML it wrote: a page per lesson with code and stored outputs, exercises
with the learner's placeholder, each solution in a collapsed block, and nothing loaded
from another host. The browser test (``tests/test_site.py``) checks the pages in use.
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# The build (conftest.py's built_site) runs once, in whichever test comes first; a cold
# one takes about 30 s.
pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def site(built_site: Path) -> Path:
    """The one strict build of the run (conftest.py), shared with the browser test."""
    return built_site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_build_is_strict_clean_and_has_a_page_per_lesson(site):
    assert len(LESSONS) >= 25
    for lesson in LESSONS:
        html = page(site, f"lessons/{lesson.stem}")
        assert "jp-CodeCell" in html, f"{lesson.name}: no code cells"
        assert "jp-OutputArea-output" in html, f"{lesson.name}: no stored outputs"
        # The download link, and the notebook it points at.
        assert f'href="{lesson.name}"' in html, f"{lesson.name}: no download link"
        assert (site / "lessons" / lesson.stem / lesson.name).is_file()


def test_lesson_00_shows_its_stored_outputs(site):
    html = page(site, "lessons/00_welcome")
    assert "HELLO, HTTP" in html           # print(greeting.upper())
    assert "Exercise toy: done." in html   # the worked example of a check


def test_exercises_appear_as_learners_get_them_with_a_collapsed_solution(site):
    html = page(site, "lessons/00_welcome")
    assert "NotImplementedError" in html and "YOUR CODE HERE" in html
    blocks = re.findall(r"<details[^>]*>.*?</details>", html, flags=re.DOTALL)
    solutions = [block for block in blocks if 'class="solution' in block]
    assert len(solutions) == 4, "one solution block per exercise of lesson 00"
    for block in solutions:
        opening = block.split(">", 1)[0]
        assert " open" not in opening, "a solution must start collapsed"
        assert "<summary>Solution</summary>" in block
    assert "urllib3" in solutions[0] and "__version__" in solutions[0]
    assert "### BEGIN SOLUTION" not in html


def test_lessons_follow_each_other_in_order(site):
    for before, after in itertools.pairwise(LESSONS):
        html = page(site, f"lessons/{before.stem}")
        assert re.search(rf'href="\.\./{after.stem}/"[^>]*md-footer__link--next', html), (
            f"{before.name} does not lead to {after.name}")


def test_nothing_is_loaded_from_another_host(site):
    external = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//')
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert not external.search(html), f"{html_file.relative_to(site)} loads from the web"
        assert "data-md-component=\"source\"" not in html  # would ask the GitHub API


def test_generated_pages(site):
    assert "JSONDecodeError" in page(site, "exceptions") and "└──" in page(site, "exceptions")
    assert "im_a_teapot" in page(site, "status-codes")
    assert "stands in for" in page(site, "servers")  # servers/README.md, included
    assert "Session" in page(site, "reference/sessions")
    home = page(site, "")
    for lesson in LESSONS:
        assert f'href="lessons/{lesson.stem}/"' in home, f"home does not link {lesson.name}"


def test_links_and_pictures_on_lesson_pages_land_on_something(site):
    """Every link of a lesson page (the glossary's too) reaches a page of the site, and
    its anchor a heading there; every picture is a file of the site. The lessons write
    JupyterLab's anchors (``#What-went-over-the-wire``); the site's are slugs."""
    pages = sorted((site / "lessons").glob("*/index.html"))
    assert any(p.parent.name == "glossary" for p in pages)
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        content = html.split('<article', 1)[1].split("</article>", 1)[0]
        for target in re.findall(r'<a\s[^>]*?href="([^"]+)"', content):
            if target.startswith(("http:", "https:", "mailto:")):
                continue
            path, _, anchor = target.partition("#")
            landing = (html_file.parent / path).resolve() if path else html_file
            if landing.is_dir():
                landing = landing / "index.html"
            assert landing.is_file(), f"{html_file.parent.name}: {target} is not in the site"
            if anchor and landing.suffix == ".html":
                assert f'id="{anchor}"' in landing.read_text(encoding="utf-8"), (
                    f"{html_file.parent.name}: {target} names no heading there")
        for source in re.findall(r'<img\s[^>]*?src="([^"]+)"', content):
            if not source.startswith("data:"):
                assert (html_file.parent / source).resolve().is_file(), source


def test_every_lesson_page_has_its_quiz_with_feedback_and_no_script(site):
    from workbook import quiz

    for lesson in LESSONS:
        html = page(site, f"lessons/{lesson.stem}")
        loaded = quiz.load(lesson.name[:2])
        found = re.search(r'<div class="wb-quiz".*?</ol></div></div>', html, flags=re.DOTALL)
        assert found, f"{lesson.name}: no quiz on the page"
        block = found.group(0)
        assert block.count('class="wb-quiz-question"') == len(loaded.questions)
        assert block.count("<details") == sum(len(q.choices) for q in loaded.questions)
        assert block.count("<strong>Right.</strong>") == len(loaded.questions)
        assert "<script" not in block


def test_a_learner_build_leaves_the_solutions_out():
    import nbformat

    sys.path.insert(0, str(ROOT / "site" / "hooks"))
    try:
        import lessons as hook
    finally:
        sys.path.pop(0)
    notebook = nbformat.read(LESSONS[5], as_version=4)
    with_them = hook.web_copy(notebook)
    without = hook.web_copy(notebook, with_solutions=False)
    solution = '<details class="solution success">'
    assert sum(solution in cell.source for cell in with_them.cells) == 4
    assert not any(solution in cell.source for cell in without.cells)
    assert not any("### BEGIN SOLUTION" in cell.source for cell in without.cells)
    makefile = (ROOT / "Makefile").read_text()
    assert "WORKBOOK_SITE=learner" in makefile.split("docs-learner:", 1)[1].split("\n\n")[0]


def test_the_instructors_timing_is_each_lessons_own(site):
    html = page(site, "instructors")
    for lesson in LESSONS:
        header = lesson.read_text(encoding="utf-8")
        minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", header).group(1)
        row = re.search(rf'href="\.\./lessons/{lesson.stem}/">[^<]*</a></td>.*?</tr>', html,
                        flags=re.DOTALL)
        assert row, f"the timing table has no row for {lesson.name}"
        assert f"<td style=\"text-align: right;\">{minutes} min</td>" in row.group(0)
