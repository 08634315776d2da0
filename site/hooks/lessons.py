"""Bring the lessons in ``notebooks/`` into the site, as learners get them.

The notebooks stay where they are; nothing is copied into ``site/``. At build time this
hook writes a *web copy* of every ``notebooks/NN_*.ipynb`` (and of the glossary,
``notebooks/glossary.ipynb``) into a temporary folder and adds it to the site as
``lessons/NN_*.ipynb``, which mkdocs-jupyter then renders with its stored outputs. The
lessons' pictures (``notebooks/images/``) go along to ``lessons/images/``. In a web
copy each exercise looks as it does for a learner (the solution replaced by the
placeholder of ``make student``, the check's output cleared); after the check come its
hints, each in a folded ``<details class="hint tip">``, and the full solution in a folded
``<details class="solution success">`` block, with the output it printed, what the check
said and why it works. A *learner build* (``make docs-learner``, which
sets ``WORKBOOK_SITE=learner``) leaves the solutions out, for a class whose exercises
are graded.

After rendering, the hook rewrites the lessons' links (``01_first_request.ipynb``,
``../httplib/sessions.py``, ``images/url-parts.svg``, ``#A-heading``) to pages, files
and anchors of the site, and removes the scripts nbconvert points at CDNs (MathJax,
mermaid): the lessons use neither, and the site must work with no internet. It also
gives each lesson an edit link to its notebook and a download link to the web copy,
and adds a dark-palette stylesheet for notebook cells.
"""

from __future__ import annotations

import html as htmllib
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

import nbformat
from markdown.extensions.toc import slugify
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from workbook.student import BEGIN, CHECK_TAG, END, strip_solutions

log = get_plugin_logger(__name__)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = "lessons"
"""Where the lessons appear in the site: ``lessons/00_welcome/``."""

DARK_CSS = "assets/stylesheets/notebook-dark.css"
"""Generated from mkdocs-jupyter's dark theme, applied only under material's dark palette."""

# Repository files the lessons link to, and the site page that covers each.
PAGES = {
    "servers/README.md": "servers.md",
    "httplib/__init__.py": "reference/httplib.md",
    "httplib/api.py": "reference/httplib.md",
    "httplib/sessions.py": "reference/sessions.md",
    "httplib/models.py": "reference/models.md",
    "httplib/response.py": "reference/models.md",
    "httplib/adapters.py": "reference/adapters.md",
    "httplib/auth.py": "reference/auth.md",
    "httplib/cookies.py": "reference/cookies.md",
    "httplib/exceptions.py": "reference/exceptions.md",
    "httplib/structures.py": "reference/structures.md",
    "httplib/status_codes.py": "reference/status_codes.md",
    "httplib/utils.py": "reference/utils.md",
    "httplib/hooks.py": "reference/hooks.md",
    "httplib/dump.py": "reference/dump.md",
    "httplib/redirects.py": "reference/redirects.md",
}

_workdir: Path | None = None


IMAGES = "images"
"""The lessons' pictures: ``notebooks/images/*.svg``, at ``lessons/images/`` in the site."""


def lesson_sources() -> list[Path]:
    """The lessons, in the order to take them, then the glossary they link to."""
    return [*sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), NOTEBOOKS / "glossary.ipynb"]


def is_lesson(file: File) -> bool:
    return file.src_uri.startswith(LESSONS + "/") and file.src_uri.endswith(".ipynb")


# --- the web copy -------------------------------------------------------------------


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def output_text(output: nbformat.NotebookNode) -> str:
    """What a stored output showed, as plain text (without terminal colour codes)."""
    if output.output_type == "stream":
        return _ANSI.sub("", output.text)
    if output.output_type == "error":
        return _ANSI.sub("", f"{output.ename}: {output.evalue}")
    data = output.get("data", {})
    if "text/plain" in data:
        return _ANSI.sub("", data["text/plain"])
    log.warning("an exercise output of type %s cannot be shown in a solution block",
                ", ".join(data))
    return ""


def fenced(text: str, language: str) -> str:
    """``text`` as a fenced code block whose fence no line of it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


_PLACEHOLDER = re.compile(r"^\w+ = None$")
"""An exercise's default, ``status = None``: it only makes a blank exercise run."""


def solved_cell_source(source: str) -> str:
    """The exercise cell as a solved one reads: its markers and the placeholder defaults
    before them left out (``def retry_safe(url):`` and the like stay)."""
    lines = source.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
    before = [line for line in lines[:begin] if not _PLACEHOLDER.match(line)]
    rest = [line for line in lines[begin:] if line.strip() not in (BEGIN, END)]
    return "\n".join(before + rest).strip("\n")


def help_cell(solution: nbformat.NotebookNode, checks: list[nbformat.NotebookNode],
              with_solution: bool = True) -> nbformat.NotebookNode:
    """A markdown cell with the exercise's help, each part folded: its hints in order (as
    ``hint(n)`` gives them in JupyterLab), then the complete exercise cell, what it printed,
    what the check said and why it works."""
    help_data = solution.metadata.get("workbook", {})
    blocks = [f'<details class="hint tip">\n<summary>Hint {number}</summary>\n\n{hint}\n\n'
              "</details>" for number, hint in enumerate(help_data.get("hints", []), start=1)]
    if with_solution:
        parts = [fenced(solved_cell_source(solution.source), "python")]
        printed = "".join(output_text(output) for output in solution.outputs)
        if printed.strip():
            parts += ["It prints:", fenced(printed, "text")]
        checked = "".join(output_text(output) for check in checks for output in check.outputs)
        if checked.strip():
            parts += ["And the check says:", fenced(checked, "text")]
        if help_data.get("why"):
            parts.append(f"Why it works: {help_data['why']}")
        body = "\n\n".join(parts)
        blocks.append(f'<details class="solution success">\n<summary>Solution</summary>\n\n'
                      f"{body}\n\n</details>")
    cell = nbformat.v4.new_markdown_cell("\n\n".join(blocks))
    # A stable id keeps the web copy byte-for-byte the same from build to build.
    cell.id = f"{solution.get('id', 'cell')}-help"[:64]
    return cell


def learner_build() -> bool:
    """Whether this build leaves the solutions out (``WORKBOOK_SITE=learner``)."""
    return os.environ.get("WORKBOOK_SITE", "") == "learner"


def web_copy(notebook: nbformat.NotebookNode,
             with_solutions: bool = True) -> nbformat.NotebookNode:
    """``notebook`` as learners get it, each exercise's hints and solution folded after its
    check (the hints alone, when not ``with_solutions``)."""
    copy = nbformat.from_dict(notebook)
    cells: list[nbformat.NotebookNode] = []
    solution: nbformat.NotebookNode | None = None
    checks: list[nbformat.NotebookNode] = []

    def flush() -> None:
        nonlocal solution, checks
        if solution is not None:
            cells.append(help_cell(solution, checks, with_solutions))
        solution, checks = None, []

    for cell in copy.cells:
        is_check = CHECK_TAG in cell.metadata.get("tags", [])
        if cell.cell_type == "code" and BEGIN in cell.source:
            flush()
            solution = nbformat.from_dict(cell)
            cell.source = strip_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
        elif is_check and solution is not None:
            checks.append(nbformat.from_dict(cell))
            cell.outputs, cell.execution_count = [], None
        else:
            flush()
        cells.append(cell)
    flush()
    for cell in cells:
        # Tags (ref-*, check, raises-exception), grading marks and the help (now in its
        # own cell) are for the tools, not for readers; nbconvert would show the tags as
        # labels on each cell, and the notebook is downloaded from the page.
        for key in ("tags", "nbgrader", "editable", "deletable", "workbook"):
            cell.metadata.pop(key, None)
    copy.cells = cells
    return copy


# --- build events -------------------------------------------------------------------


def on_startup(command, dirty) -> None:
    # mkdocs-jupyter reports three INFO lines per notebook; keep the build log readable.
    for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _clean_up() -> None:
    global _workdir
    if _workdir is not None:
        shutil.rmtree(_workdir, ignore_errors=True)
        _workdir = None


@event_priority(100)  # before mkdocs-jupyter looks for .ipynb files to render
def on_files(files: Files, config) -> Files:
    global _workdir
    _clean_up()
    _styles.clear()
    _workdir = Path(tempfile.mkdtemp(prefix="workbook-lessons-"))
    (_workdir / LESSONS).mkdir()
    for source in lesson_sources():
        target = _workdir / LESSONS / source.name
        nbformat.write(web_copy(nbformat.read(source, as_version=4),
                                with_solutions=not learner_build()), target)
        files.append(File(f"{LESSONS}/{source.name}", src_dir=str(_workdir),
                          dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    (_workdir / LESSONS / IMAGES).mkdir()
    for picture in sorted((NOTEBOOKS / IMAGES).glob("*.svg")):
        shutil.copy(picture, _workdir / LESSONS / IMAGES / picture.name)
        files.append(File(f"{LESSONS}/{IMAGES}/{picture.name}", src_dir=str(_workdir),
                          dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    files.append(File.generated(config, DARK_CSS, content=dark_stylesheet()))
    return files


def on_post_build(config) -> None:
    _clean_up()
    write_shared_styles(Path(config.site_dir))
    tidy_search_index(Path(config.site_dir) / "search" / "search_index.json")
    prune_theme_assets(Path(config.site_dir))


def on_build_error(error) -> None:
    _clean_up()


def on_shutdown() -> None:
    _clean_up()


def dark_stylesheet() -> str:
    """mkdocs-jupyter's dark colours, scoped to material's dark palette (``slate``)."""
    import mkdocs_jupyter

    theme = Path(mkdocs_jupyter.__file__).parent / "templates/mkdocs_html/assets/theme-dark.css"
    css = theme.read_text(encoding="utf-8")
    return ("/* Generated at build time by site/hooks/lessons.py from mkdocs-jupyter's"
            " theme-dark.css. */\n"
            + css.replace(".jupyter-wrapper", '[data-md-color-scheme="slate"] .jupyter-wrapper'))


# --- after rendering ----------------------------------------------------------------

NOTEBOOK_CSS = "assets/stylesheets/notebook.css"
"""JupyterLab's stylesheet, which nbconvert pastes into every lesson (about 570 KB): the
hook takes it out of each page and serves it once, as this file, cached by the browser."""
_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_styles: dict[str, None] = {}  # the style blocks of every lesson, in order, each once


def shared_styles(html: str, page) -> str:
    """``html`` with its ``<style>`` blocks moved into :data:`NOTEBOOK_CSS`, linked once."""
    for block in _STYLE.findall(html):
        css = re.sub(r"^<style[^>]*>|</style>\s*$", "", block.strip())
        if css.lstrip().startswith("["):
            continue  # mkdocs-jupyter writes a Python list of pygments rules here, not CSS
        _styles.setdefault(css.strip())
    link = get_relative_url(NOTEBOOK_CSS, page.url)
    return f'<link rel="stylesheet" href="{link}">' + _STYLE.sub("", html)


def write_shared_styles(site_dir: Path) -> None:
    if _styles:
        target = site_dir / NOTEBOOK_CSS
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("/* JupyterLab's styles for the lessons, collected by "
                          "site/hooks/lessons.py. */\n" + "\n".join(_styles), encoding="utf-8")


_COPY_WIDGET = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*'
    r"|<script>\s*document\.addEventListener\('clipboard-copy'.*?</script>\s*", re.DOTALL)
_CODE_CELL = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(?:<span></span>)?(.*?)</pre>',
                        re.DOTALL)
_PLAIN_TOKEN = re.compile(r'<span class="[nwp]">([^<]*)</span>')
_EMPTY_DIV = re.compile(r'<div class="jp-(?:Collapser|InputPrompt)[^"]*">\s*</div>\s*')
_BETWEEN_DIVS = re.compile(r"(</?div[^>]*>)\s+(?=</?div)")


def slim(html: str) -> str:
    """A lesson page without the weight nbconvert adds to every cell.

    - mkdocs-jupyter's copy button (an inline SVG, a hidden copy of the code and a
      script) goes; the code becomes ``<pre><code>``, so material gives it the same copy
      button as every other code block on the site, which copies exactly the code.
    - Names, whitespace and punctuation lose the ``<span>`` pygments wraps them in
      (``.n``, ``.w``, ``.p``): the first two have no colour of their own, and
      punctuation in the text's colour reads as well. About a sixth of a page.
    - Empty ``<div>`` s (each cell's "collapser", a markdown cell's prompt) and the line
      breaks between ``<div>`` tags go.
    """
    html = _COPY_WIDGET.sub("", html)
    html = _CODE_CELL.sub(lambda m: f"{m.group(1)}<code>{m.group(2)}</code></pre>", html)
    html = _PLAIN_TOKEN.sub(r"\1", html)
    html = _EMPTY_DIV.sub("", html)
    return _BETWEEN_DIVS.sub(r"\1", html)


def lesson_bar(page, config) -> str:
    """The lesson's number and three links in words: the notebook, Binder, the source."""
    name = posixpath.basename(page.file.src_uri)
    number = name[:2]
    if not number.isdigit():
        return ""  # the glossary
    repository = config.repo_url.rstrip("/")
    binder = f"{config.extra['binder_url']}?urlpath=lab/tree/my-lessons/{name}"
    links = [(name, "Download this notebook", "download"),
             (binder, "Open in Binder", ""),
             (f"{repository}/blob/main/notebooks/{name}", "View source", "")]
    anchors = " ".join(f'<a class="md-button" href="{href}"{" download" if extra else ""}>'
                       f"{label}</a>" for href, label, extra in links)
    return (f'<div class="wb-lesson-bar"><span class="wb-lesson-number">Lesson {number}</span>'
            f' <span class="wb-lesson-links">{anchors}</span></div>')


def prune_theme_assets(site_dir: Path) -> None:
    """Remove theme files a reader's browser never asks for, about 2 MB of a 10 MB budget:
    source maps (for the theme's own developers), and the search engine's support for
    languages other than English (material's search worker loads it only for another
    ``lang``; this site's search index says which languages it uses)."""
    for source_map in (site_dir / "assets").rglob("*.js.map"):
        source_map.unlink()
    index = site_dir / "search" / "search_index.json"
    languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] \
        if index.exists() else []
    if languages == ["en"]:
        shutil.rmtree(site_dir / "assets" / "javascripts" / "lunr", ignore_errors=True)


_SEARCH_NOISE = re.compile(r"(?:In|Out)\xa0?\[[^\]]*\]:\s*|Copied!\s*|¶")
_CODE_BLOCK = re.compile(r"<pre>(.*?)</pre>", re.DOTALL)


def tidy_search_index(path: Path) -> None:
    """Take out of the search index what only the page's furniture says: prompts,
    "Copied!" and ``¶`` marks; code stays, once, as plain text. (The second copy of each
    code cell, which nbconvert writes for its copy button, is gone from the pages.)"""
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        text = _CODE_BLOCK.sub(lambda m: re.sub(r"<[^>]+>", "", m.group(1)), doc["text"])
        doc["text"] = _SEARCH_NOISE.sub("", text).strip()
        doc["title"] = _SEARCH_NOISE.sub("", doc["title"]).strip()
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")

# nbconvert's lab template loads MathJax and mermaid from cdnjs; the lessons use neither.
_CDN_SCRIPTS = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*?(?:mathjax|mermaid|MathJax)(?:(?!</script>).)*?</script>"
    r"|<script[^>]*\bsrc=\"(?:https?:)?//[^\"]*\"[^>]*>\s*</script>"
    r"|<script src=\"\">\s*</script>",
    re.DOTALL)
# A relative link in a real <a> tag (outputs show HTML escaped, as &lt;a href=...), or
# the source of a picture in a real <img> tag.
_HREF = re.compile(r'(<a\s[^>]*?href=")([^"#:/][^"#:]*)(#[^"]*)?"'
                   r'|(<img\s[^>]*?src=")([^"#:/][^"#:]*)()"')


def on_page_content(html: str, page, config, files: Files) -> str:
    if not is_lesson(page.file):
        return html
    html = _CDN_SCRIPTS.sub("", html)
    html = shared_styles(html, page)
    html = slim(html)
    # nbconvert's cell ids (``cell-id=1a2b``) are not valid in a CSS selector, which
    # material's copy buttons build from the nearest id: ``cell-1a2b`` is.
    html = html.replace('id="cell-id=', 'id="cell-')
    html = _SOLUTION.sub(with_code_elements, html)
    page.toc = get_toc(toc_tokens(html))

    def site_link(match: re.Match) -> str:
        start, target, anchor = (match.group(1) or match.group(4), match.group(2)
                                 or match.group(5), match.group(3) or "")
        url = link_for(target, page, config, files)
        if target.endswith(".ipynb"):
            anchor = site_anchor(anchor)
        return f'{start}{url}{anchor}"' if url else match.group(0)

    html = _SAME_PAGE.sub(lambda m: f'{m.group(1)}{site_anchor(m.group(2))}"', html)
    return lesson_bar(page, config) + _HREF.sub(site_link, html)


# A link to a heading of the same page (in a real <a> tag, not the heading's own ¶).
_SAME_PAGE = re.compile(r'(<a\s(?![^>]*class="anchor-link")[^>]*?href=")(#[^"]+)"')


def site_anchor(anchor: str) -> str:
    """A lesson's anchor as the site writes it: ``#What-went-over-the-wire`` (JupyterLab's
    form, the heading's text with ``-`` for spaces) -> ``#what-went-over-the-wire``.

    JupyterLab and nbconvert keep a heading's text; the site slugifies it like every
    page's headings (lower case, punctuation dropped), so a lesson's links are turned
    into that form here.
    """
    if not anchor:
        return anchor
    text = unquote(anchor[1:]).replace("-", " ")
    return "#" + slugify(text, "-")


_SOLUTION = re.compile(r'<details class="solution.*?</details>', re.DOTALL)


def with_code_elements(match: re.Match) -> str:
    """nbconvert writes code blocks as ``<pre>`` alone; material's copy button wants
    ``<pre><code>``, so a solution can be copied in one click like any other code."""
    block = re.sub(r"<pre>(?:<span></span>)?", "<pre><code>", match.group(0))
    return block.replace("</pre>", "</code></pre>")


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)


def toc_tokens(html: str) -> list[dict]:
    """The page's table of contents, read from its rendered headings.

    mkdocs-jupyter makes it from a markdown export with the inline code taken out, so
    a heading like "Too slow: `ReadTimeout`" lost its words and its anchor.
    """
    tokens: list[dict] = []
    open_levels: list[dict] = []
    for level, anchor, inner in _HEADING.findall(html):
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.DOTALL)
        name = htmllib.escape(htmllib.unescape(re.sub(r"<[^>]+>", "", inner)).strip(),
                              quote=False)
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while open_levels and open_levels[-1]["level"] >= token["level"]:
            open_levels.pop()
        (open_levels[-1]["children"] if open_levels else tokens).append(token)
        open_levels.append(token)
    return tokens


def link_for(target: str, page, config, files: Files) -> str | None:
    """The site URL, relative to ``page``, for a link a lesson makes from ``notebooks/``."""
    repo_path = posixpath.normpath(posixpath.join("notebooks", target))
    if repo_path.startswith("notebooks/") and repo_path.endswith(".ipynb"):
        src_uri = f"{LESSONS}/{posixpath.basename(repo_path)}"
    elif repo_path.startswith(f"notebooks/{IMAGES}/"):
        src_uri = f"{LESSONS}/{IMAGES}/{posixpath.basename(repo_path)}"
    elif repo_path in PAGES:
        src_uri = PAGES[repo_path]
    elif (ROOT / repo_path).exists() and config.repo_url:
        return f"{config.repo_url.rstrip('/')}/blob/main/{repo_path}"
    else:
        src_uri = None
    file = files.get_file_from_path(src_uri) if src_uri else None
    if file is None:
        log.warning("%s links to %r, which is not in the site", page.file.src_uri, target)
        return None
    return file.url_relative_to(page.file)


def on_page_context(context, page, config, nav):
    if is_lesson(page.file) and config.repo_url:
        name = posixpath.basename(page.file.src_uri)
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/notebooks/{name}"
    return context
