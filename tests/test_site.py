"""The website, as a learner sees it: built with ``mkdocs build --strict``, served on
loopback, and driven in headless Chromium by Playwright.

One build, one server, one browser and one browser context serve the whole module. A
first pass visits every page of the built site and records what it found; the tests
then check that record (status, console errors, links and anchors, lesson content)
and drive the interactive parts: search, the light/dark toggle, a collapsed solution.

Needs Chromium from the system (``apt-get install chromium``): Playwright's own
browser download needs the internet, which this project never uses. Without
Chromium the module skips, saying so. Every request the pages make to a host other
than the loopback server is blocked and reported: the course works offline.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# mkdocs-jupyter renders a notebook as JupyterLab's HTML: cells, input and output areas.
CODE_CELL = ".jp-CodeCell .jp-InputArea"
OUTPUT = ".jp-OutputArea-output"
SOLUTION = "details:has(> summary:text-matches('solution', 'i'))"

# The site's build (the `built_site` fixture of conftest.py, shared with test_docs_build.py)
# and the walk of every page run inside the first test, hence more than the default.
pytestmark = pytest.mark.timeout(300)


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium not installed: apt-get install chromium")
    return path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site, served over HTTP on a free loopback port (search needs HTTP)."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@dataclass
class Browser:
    """The one browser context of the run, and every request it tried outside loopback."""

    context: BrowserContext
    base_url: str
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser(
    chromium_path: str, base_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright  # in the dev extra: a missing one fails

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_path,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        context.set_default_timeout(15_000)
        handle = Browser(context, base_url)

        def only_loopback(route: Route) -> None:
            if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                handle.outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_loopback)
        yield handle
        context.close()


@dataclass
class Tab:
    """A page of the browser, with the errors it reported."""

    page: Page
    errors: list[str]


def open_tab(browser: Browser) -> Tab:
    page = browser.context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return Tab(page, errors)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    opened = open_tab(browser)
    yield opened
    opened.page.close()


# ------------------------------------------------------------------- the walk of the site


@dataclass
class Visit:
    """What one page showed: its status, errors, links, element ids and lesson content."""

    status: int
    errors: list[str]
    links: list[str]
    ids: set[str]
    code_cells: int
    outputs: int
    output_text: str
    solutions: int
    open_solutions: int


# Everything the tests need from a page, read in one round trip to the browser.
COLLECT = """([codeCell, output]) => {
    const all = selector => [...document.querySelectorAll(selector)];
    const links = all("a[href]").map(a => {
        try {
            return new URL(a.getAttribute("href"), document.baseURI).href;
        } catch (e) {
            return "";
        }
    });
    const ids = all("[id]").map(e => e.id).concat(all("a[name]").map(e => e.name));
    const solutions = all("details").filter(d => {
        const summary = d.querySelector(":scope > summary");
        return summary && /solution/i.test(summary.textContent);
    });
    return {
        links, ids,
        code_cells: all(codeCell).length,
        outputs: all(output).length,
        output_text: all(output).map(e => e.textContent).join(" "),
        solutions: solutions.length,
        open_solutions: solutions.filter(d => d.open).length,
    };
}"""


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the built site, as a URL path relative to the site root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages


@pytest.fixture(scope="session")
def walk(browser: Browser, built_site: Path) -> dict[str, Visit]:
    """Visit every page of the site once; record what each one showed, keyed by path."""
    visits: dict[str, Visit] = {}
    tab = open_tab(browser)
    page = tab.page
    for path in page_paths(built_site):
        tab.errors.clear()
        response = page.goto(browser.base_url + path, wait_until="load")
        found = page.evaluate(COLLECT, [CODE_CELL, OUTPUT])
        status = response.status if response else 0
        found["ids"] = set(found["ids"])
        visits[path] = Visit(status=status, errors=list(tab.errors), **found)
    page.close()
    return visits


def lesson_path(visits: dict[str, Visit], notebook: Path) -> str | None:
    """The page of a lesson: the one whose URL names the notebook (`01_first_request/`)."""
    for path in visits:
        parts = [part.removesuffix(".html") for part in path.split("/") if part]
        if notebook.stem in parts:
            return path
    return None


def known_output(notebook: Path) -> str | None:
    """One line of a stored output of the lesson, plain text, to look for on its page."""
    cells = json.loads(notebook.read_text())["cells"]
    for cell in cells:
        if cell["cell_type"] != "code" or "SOLUTION" in "".join(cell["source"]):
            continue
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                text = output["text"]
            elif output["output_type"] == "execute_result" and list(output["data"]) == [
                "text/plain"
            ]:
                text = output["data"]["text/plain"]
            else:
                continue
            text = "".join(text)
            for line in text.splitlines():
                line = " ".join(line.split())
                if len(line) >= 12 and "\x1b" not in line:
                    return line
    return None


def solution_count(notebook: Path) -> int:
    cells = json.loads(notebook.read_text())["cells"]
    return sum(
        "### BEGIN SOLUTION" in "".join(c["source"]) for c in cells if c["cell_type"] == "code"
    )


# ------------------------------------------------------------------------------- tests


def test_every_page_loads_without_errors(walk: dict[str, Visit]):
    assert len(walk) > 1, f"only {list(walk)} in the built site"
    assert "" in walk, "no home page (index.html)"
    bad = {path: v.status for path, v in walk.items() if v.status != 200}
    assert not bad, f"pages not served with 200: {bad}"
    errors = {path or "/": v.errors for path, v in walk.items() if v.errors}
    assert not errors, "errors in the browser console:\n" + json.dumps(errors, indent=1)


def test_the_site_loads_nothing_from_the_internet(walk: dict[str, Visit], browser: Browser):
    outside = sorted(set(browser.outside))
    assert not outside, f"requests outside loopback (blocked): {outside}"


def test_every_internal_link_and_anchor_resolves(
    walk: dict[str, Visit], browser: Browser, built_site: Path
):
    broken = []
    for path, visit in walk.items():
        for link in visit.links:
            if not link.startswith(browser.base_url):
                continue  # another site, mailto:, javascript:
            target, fragment = urldefrag(link)
            file = unquote(urlsplit(target).path).lstrip("/")
            page = file.removesuffix("index.html")
            page = page if page in walk else page + "/"
            fragment = unquote(fragment)
            if page in walk:
                if fragment and fragment not in walk[page].ids:
                    broken.append(f"/{path}: {link} (no element with id {fragment!r})")
            elif not (built_site / file).is_file():
                broken.append(f"/{path}: {link} (no such page or file)")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(sorted(set(broken)))


def test_every_lesson_has_a_page_with_its_code_and_stored_outputs(walk: dict[str, Visit]):
    assert LESSONS, "no lessons in notebooks/"
    problems = []
    for notebook in LESSONS:
        path = lesson_path(walk, notebook)
        if path is None:
            problems.append(f"{notebook.name}: no page in the site")
            continue
        visit = walk[path]
        if visit.code_cells == 0:
            problems.append(f"{notebook.name} (/{path}): no code cell ({CODE_CELL})")
        if visit.outputs == 0:
            problems.append(f"{notebook.name} (/{path}): no output ({OUTPUT})")
        line = known_output(notebook)
        if line and line not in " ".join(visit.output_text.split()):
            problems.append(f"{notebook.name} (/{path}): stored output {line!r} not shown")
    assert not problems, "\n".join(problems)


def test_lessons_show_a_known_output_of_the_first_lessons(walk: dict[str, Visit]):
    """Lesson 00 or 01 has a printed output; its page shows it, as text, in an output."""
    for notebook in LESSONS[:2]:
        line = known_output(notebook)
        path = lesson_path(walk, notebook)
        if line and path is not None:
            assert line in " ".join(walk[path].output_text.split())
            return
    pytest.fail("neither lesson 00 nor 01 has a page with a plain-text stored output")


def test_each_solution_is_collapsed(walk: dict[str, Visit]):
    problems = []
    for notebook in LESSONS:
        path = lesson_path(walk, notebook)
        if path is None:
            continue  # reported by the test above
        visit, wanted = walk[path], solution_count(notebook)
        if visit.solutions < wanted:
            problems.append(f"/{path}: {visit.solutions} collapsible solutions, {wanted} in lesson")
        if visit.open_solutions:
            problems.append(f"/{path}: {visit.open_solutions} solutions open on load")
    assert not problems, "\n".join(problems)


def test_a_solution_opens_on_click(walk: dict[str, Visit], browser: Browser, tab: Tab):
    path = next((p for p, v in walk.items() if v.solutions), None)
    assert path is not None, f"no page has a <details> whose summary says 'Solution' ({SOLUTION})"
    tab.page.goto(browser.base_url + path)
    details = tab.page.locator(SOLUTION).first
    assert details.get_attribute("open") is None, "the solution is open before any click"
    body = details.locator(":scope > :not(summary)").first
    assert not body.is_visible(), "the solution shows before it is opened"
    details.locator(":scope > summary").click()
    tab.page.wait_for_function("d => d.open", arg=details.element_handle())
    assert details.get_attribute("open") is not None
    assert body.is_visible()
    assert body.inner_text().strip(), "the opened solution is empty"
    assert not tab.errors, tab.errors


def test_search_finds_timeout(browser: Browser, tab: Tab):
    page = tab.page
    page.goto(browser.base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("timeout", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=20_000)
    assert results.count() >= 1
    assert "timeout" in results.first.inner_text().lower()
    assert not tab.errors, tab.errors


def test_palette_toggle_switches_the_theme(browser: Browser, tab: Tab):
    page = tab.page
    page.goto(browser.base_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    toggle = page.locator("form[data-md-component='palette'] label:visible")
    assert toggle.count() == 1, "no visible palette toggle in the header"
    toggle.click()
    page.wait_for_function(f"prev => {scheme} !== prev", arg=before)
    after = page.evaluate(scheme)
    assert after != before
    page.reload()
    assert page.evaluate(scheme) == after, "the chosen scheme is not kept across pages"
    page.locator("form[data-md-component='palette'] label:visible").click()  # back
    page.wait_for_function(f"prev => {scheme} === prev", arg=before)
    assert not tab.errors, tab.errors


SCREENSHOTS = ROOT / "build" / "screenshots"
"""Where the browser test leaves its pictures of the site, for a person (or CI's artifact
upload) to look at: desktop and phone, light and dark."""
PHONE = {"width": 390, "height": 844}
SHOWN = {"home": "", "lesson-05": "lessons/05_http_methods/",
         "lesson-04": "lessons/04_when_things_fail/"}


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Tab]:
    """A page of the same browser, at a phone's width."""
    opened = open_tab(browser)
    opened.page.set_viewport_size(PHONE)
    yield opened
    opened.page.close()


def test_screenshots_at_desktop_and_phone_sizes(browser: Browser, tab: Tab, phone: Tab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, shooter in (("desktop", tab), ("phone", phone)):
        for scheme in ("light", "dark"):
            shooter.page.emulate_media(color_scheme=scheme)
            for name, path in SHOWN.items():
                shooter.page.goto(browser.base_url + path)
                target = SCREENSHOTS / f"{name}-{size}-{scheme}.png"
                shooter.page.screenshot(path=target)
                data = target.read_bytes()
                assert data.startswith(b"\x89PNG") and len(data) > 10_000, target.name
    assert not tab.errors and not phone.errors, tab.errors + phone.errors


WIDTHS = """() => {
    const width = s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().width);
    const root = document.scrollingElement;
    const prose = [...document.querySelectorAll(".md-typeset p, .md-typeset li")]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60));
    return {article: width("article.md-content__inner")[0], notebook: width(".jp-Notebook")[0],
            code: width(".jp-CodeCell .jp-InputArea-editor"), page: root.scrollWidth,
            view: root.clientWidth, prose};
}"""


@pytest.mark.parametrize("path", ["lessons/00_welcome/", "lessons/05_http_methods/",
                                  "lessons/15_tls_and_certificates/", "lessons/23_under_the_hood/"])
def test_lessons_use_the_full_width_and_never_overflow_sideways(browser: Browser, tab: Tab,
                                                               phone: Tab, path: str):
    tab.page.goto(browser.base_url + path)
    desktop = tab.page.evaluate(WIDTHS)
    assert desktop["notebook"] >= desktop["article"] - 2, desktop
    phone.page.goto(browser.base_url + path)
    small = phone.page.evaluate(WIDTHS)
    assert min(small["code"]) >= 300, f"code cells {min(small['code'])} px wide on a phone"
    assert small["page"] <= small["view"], "the page scrolls sideways on a phone"
    assert not small["prose"], f"prose wider than its box: {small['prose'][:3]}"


def test_outputs_scroll_instead_of_wrapping(browser: Browser, phone: Tab):
    phone.page.goto(browser.base_url + "lessons/05_http_methods/")
    style = phone.page.evaluate(
        "() => getComputedStyle(document.querySelector('.jp-OutputArea-output pre')).whiteSpace")
    assert style == "pre"


def test_tracebacks_are_short_and_show_no_machine_path(walk: dict[str, Visit], browser: Browser,
                                                       tab: Tab):
    machine = re.compile(r"/home/|/root/|site-packages|\.pyenv|/usr/lib/python|"
                         + re.escape(str(ROOT)))
    problems = []
    for notebook in LESSONS:
        path = lesson_path(walk, notebook)
        tab.page.goto(browser.base_url + path)
        errors = tab.page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(e => e.innerText)""")
        for text in errors:
            lines = text.strip().splitlines()
            if len(lines) > 20:
                problems.append(f"{notebook.name}: a traceback of {len(lines)} lines")
            if machine.search(text):
                problems.append(f"{notebook.name}: {machine.search(text).group(0)} in a traceback")
    assert not problems, "\n".join(problems)


def test_the_copy_button_of_a_solution_copies_exactly_its_code(browser: Browser, tab: Tab):
    sys.path.insert(0, str(ROOT / "site" / "hooks"))
    try:
        from lessons import solved_cell_source
    finally:
        sys.path.pop(0)
    cells = json.loads(LESSONS[5].read_text())["cells"]
    first = next("".join(c["source"]) for c in cells
                 if "### BEGIN SOLUTION" in "".join(c["source"]))
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                      origin=browser.base_url.rstrip("/"))
    tab.page.goto(browser.base_url + f"lessons/{LESSONS[5].stem}/")
    solution = tab.page.locator(SOLUTION).first
    solution.locator(":scope > summary").click()
    solution.locator("button[title='Copy to clipboard']").first.click()
    copied = tab.page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == solved_cell_source(first).strip()
    assert not tab.errors, tab.errors
