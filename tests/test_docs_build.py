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
    assert "Why it works:" in solutions[0]
    hints = [block for block in blocks if 'class="hint' in block]
    assert len(hints) >= 8, "each exercise's hints, folded, before its solution"
    assert all(" open" not in block.split(">", 1)[0] for block in hints)


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
        found = re.search(r'<div class="wb-quiz".*?</details></div></div></div>', html,
                          flags=re.DOTALL)
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
    assert sum('<details class="hint' in cell.source for cell in without.cells) == 4, (
        "a learner build keeps the hints")
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


# --- what readers get: no internal noise, light pages, a way in ---------------------------

MACHINE_PATHS = re.compile(r"/home/|/root/|site-packages|\.pyenv|/usr/lib/python|"
                           + re.escape(str(ROOT)))
LESSON_PAGE_BUDGET, SITE_BUDGET = 250_000, 10_000_000


def html_pages(site: Path) -> list[Path]:
    return [path for path in site.rglob("*.html") if "assets" not in path.parts]


def test_no_page_shows_a_path_of_the_machine_that_built_it(site):
    leaks = {}
    for path in html_pages(site):
        text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
        found = MACHINE_PATHS.findall(text)
        if found:
            leaks[str(path.relative_to(site))] = sorted(set(found))
    assert not leaks, leaks


def test_lesson_pages_carry_no_internal_tags(site):
    for lesson in LESSONS:
        html = page(site, f"lessons/{lesson.stem}")
        assert "celltag_" not in html and 'class="cell-tag"' not in html, lesson.name
        assert "raises-exception" not in html and "ref-0" not in html, lesson.name


def test_pages_are_light(site):
    heavy = {lesson.stem: size for lesson in LESSONS
             if (size := (site / "lessons" / lesson.stem / "index.html").stat().st_size)
             > LESSON_PAGE_BUDGET}
    assert not heavy, f"lesson pages over {LESSON_PAGE_BUDGET:,} bytes: {heavy}"
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    assert total <= SITE_BUDGET, f"the site is {total:,} bytes"
    for lesson in LESSONS:  # JupyterLab's stylesheet is one file, not pasted into each page
        html = page(site, f"lessons/{lesson.stem}")
        assert "<style" not in html and "assets/stylesheets/notebook.css" in html, lesson.name
    assert (site / "assets" / "stylesheets" / "notebook.css").stat().st_size > 100_000


def test_search_finds_words_not_page_furniture(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for noise in ("Copied!", "¶", "In\xa0[", "<pre>"):
            assert noise not in doc["text"], f"{doc['location']}: {noise!r} in the index"
    welcome = next(doc["text"] for doc in index["docs"] if doc["location"] == "lessons/00_welcome/")
    assert welcome.count("demo = servers.start()") == 1, "a code cell is found, once"


def test_each_lesson_page_says_what_it_is_and_links_in_words(site):
    binder = configured_binder_url()
    for lesson in LESSONS:
        html = page(site, f"lessons/{lesson.stem}")
        assert f"Lesson {lesson.name[:2]}</span>" in html
        assert f'<a class="md-button" href="{lesson.name}" download>Download this notebook</a>' \
            in html
        assert f'href="{binder}?urlpath=lab/tree/my-lessons/{lesson.name}">Open in Binder</a>' \
            in html
        assert f'/blob/main/notebooks/{lesson.name}">View source</a>' in html
        assert re.search(r"<strong>Time:</strong> about \d+ minutes", html), lesson.name
        assert "<strong>Needs:</strong>" in html, lesson.name


def configured_binder_url() -> str:
    """``extra.binder_url`` of mkdocs.yml: the one place the Binder address is set."""
    import yaml

    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["binder_url"]


def test_every_binder_link_is_the_configured_one():
    configured = configured_binder_url()
    for source in [ROOT / "README.md", *sorted((ROOT / "site").glob("*.md"))]:
        for url in re.findall(r"https://mybinder\.org/v2/[^?)\s]+", source.read_text()):
            assert url == configured, f"{source.name} links {url}, mkdocs.yml says {configured}"


def test_the_home_page_leads_to_lesson_00_and_run_it_yourself_comes_first(site):
    home = page(site, "")
    first_screen = home[home.find('<article'):][:6000]
    assert re.search(r'href="lessons/00_welcome/"[^>]*>Start with lesson 00</a>', first_screen)
    assert "git clone" in first_screen and "make lab" in first_screen
    assert first_screen.index("git clone") < first_screen.index("make lab")
    assert re.search(r'href="run/"[^>]*md-footer__link--next', home), "home leads to Run it"
    run = page(site, "run")
    assert re.search(r'href="\.\./lessons/"[^>]*md-footer__link--next', run)
