"""Bring the lessons in ``notebooks/`` into the site, as learners get them.

The notebooks stay where they are; nothing is copied into ``site/``. At build time this
hook writes a *web copy* of every ``notebooks/NN_*.ipynb`` (and of the glossary,
``notebooks/glossary.ipynb``) into a temporary folder and adds it to the site as
``lessons/NN_*.ipynb``, which mkdocs-jupyter then renders with its stored outputs. The
lessons' pictures (``notebooks/images/``) go along to ``lessons/images/``. In a web
copy each exercise looks as it does for a learner (the solution replaced by the
placeholder of ``make student``, the check's output cleared), and the full solution
follows the check in a collapsed ``<details class="solution success">`` block, with the
output it printed and what the check said. A *learner build* (``make docs-learner``, which
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


def solution_cell(solution: nbformat.NotebookNode,
                  checks: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A markdown cell with the complete exercise cell and its output, collapsed."""
    code = "\n".join(line for line in solution.source.splitlines()
                     if line.strip() not in (BEGIN, END))
    parts = [fenced(code, "python")]
    printed = "".join(output_text(output) for output in solution.outputs)
    if printed.strip():
        parts += ["It prints:", fenced(printed, "text")]
    checked = "".join(output_text(output) for check in checks for output in check.outputs)
    if checked.strip():
        parts += ["And the check says:", fenced(checked, "text")]
    body = "\n\n".join(parts)
    cell = nbformat.v4.new_markdown_cell(
        f'<details class="solution success">\n<summary>Solution</summary>\n\n{body}\n\n</details>')
    # A stable id keeps the web copy byte-for-byte the same from build to build.
    cell.id = f"{solution.get('id', 'cell')}-solution"[:64]
    return cell


def learner_build() -> bool:
    """Whether this build leaves the solutions out (``WORKBOOK_SITE=learner``)."""
    return os.environ.get("WORKBOOK_SITE", "") == "learner"


def web_copy(notebook: nbformat.NotebookNode,
             with_solutions: bool = True) -> nbformat.NotebookNode:
    """``notebook`` as learners get it, each solution in a collapsed block after its check
    (or nowhere, when not ``with_solutions``)."""
    copy = nbformat.from_dict(notebook)
    cells: list[nbformat.NotebookNode] = []
    solution: nbformat.NotebookNode | None = None
    checks: list[nbformat.NotebookNode] = []

    def flush() -> None:
        nonlocal solution, checks
        if solution is not None and with_solutions:
            cells.append(solution_cell(solution, checks))
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
    return _HREF.sub(site_link, html)


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
        # mkdocs-jupyter copies the web copy next to the page; link to it relatively,
        # so the download works wherever the site is served from.
        page.nb_url = name
    return context
