"""Tables the site generates at build time, so they never drift from what they describe.

A page asks for one with a marker on a line of its own, which this hook replaces:

| marker | becomes | made from |
|---|---|---|
| ``<!-- workbook:lesson-map -->`` | lesson, what you learn | ``notebooks/README.md`` |
| ``<!-- workbook:lesson-timing -->`` | lesson, time to allow, exercises, quiz | the lessons |
| ``<!-- workbook:status-codes -->`` | every status ``httplib.codes`` knows | ``httplib.codes`` |
| ``<!-- workbook:exception-tree -->`` | the exception tree as a text diagram | the classes |

The exception tree is plain text in a code block: material would fetch mermaid from a
CDN to draw a diagram, and the site must work offline.
"""

from __future__ import annotations

import http
import inspect
import keyword
import posixpath
import re
from collections import defaultdict
from pathlib import Path

import nbformat
from mkdocs.plugins import get_plugin_logger

from workbook import quiz

log = get_plugin_logger(__name__)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
MARKER = re.compile(r"^<!-- workbook:([a-z-]+) -->$", re.MULTILINE)


def on_page_markdown(markdown: str, page, config, files) -> str:
    def table(match: re.Match) -> str:
        name = match.group(1)
        if name not in MAKERS:
            log.warning("%s asks for an unknown table %r", page.file.src_uri, name)
            return match.group(0)
        return MAKERS[name](page)

    return MARKER.sub(table, markdown)


# --- lessons ------------------------------------------------------------------------


def lessons() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def lesson_link(page, name: str) -> str:
    """The link from ``page`` to a lesson; mkdocs checks it and turns it into a URL."""
    return posixpath.relpath(f"lessons/{name}", posixpath.dirname(page.file.src_uri) or ".")


def lesson_map(page) -> str:
    """The table of ``notebooks/README.md``, its links pointed at the lesson pages."""
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[([^]]+)\]\(([0-9]{2}_\w+\.ipynb)\) \| (.*) \|$", readme,
                      flags=re.MULTILINE)
    listed = {name for _, name, _ in rows}
    for path in lessons():
        if path.name not in listed:
            log.warning("notebooks/README.md does not list %s", path.name)
    lines = ["| lesson | what you learn |", "|---|---|"]
    lines += [f"| [{title}]({lesson_link(page, name)}) | {what} |" for title, name, what in rows]
    return "\n".join(lines)


TIME = re.compile(r"\*\*Time:\*\* about (\d+) minutes")
OPTIONAL = re.compile(r"^## Optional: (.+?)\s*$", re.MULTILINE)


def lesson_timing(page) -> str:
    """Each lesson's time to allow, as its header states it, with what fills the time."""
    lines = ["| lesson | time to allow | exercises | quiz questions | optional sections |",
             "|---|--:|--:|--:|---|"]
    total = 0
    for path in lessons():
        cells = nbformat.read(path, as_version=4).cells
        minutes = int(TIME.search(cells[0].source).group(1))
        total += minutes
        exercises = sum(cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source
                        for cell in cells)
        questions = len(quiz.load(path.name[:2]).questions)
        optional = [title for cell in cells if cell.cell_type == "markdown"
                    for title in OPTIONAL.findall(cell.source)]
        title = re.sub(r"^#\s*", "", cells[0].source.splitlines()[0])
        lines.append(f"| [{path.name[:2]} {title}]({lesson_link(page, path.name)}) "
                     f"| {minutes} min | {exercises} | {questions} | "
                     f"{'; '.join(optional) or 'none'} |")
    lines.append(f"| **all {len(lessons())} lessons** | **about {total / 60:.0f} h** | | | |")
    return "\n".join(lines)


# --- status codes -------------------------------------------------------------------


def status_codes(page) -> str:
    import httplib

    names: dict[int, list[str]] = defaultdict(list)
    for name, status in vars(httplib.codes).items():
        if isinstance(status, int) and not (name.isupper() and name.lower() in vars(httplib.codes)):
            names[status].append(name)
    kinds = {1: "informational", 2: "success", 3: "redirection", 4: "client error",
             5: "server error"}
    lines = ["| status | reason phrase | class | in `httplib.codes` |", "|--:|---|---|---|"]
    for status in sorted(names):
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = "*(not in the standard)*"
        spelled = ", ".join(attribute(name) for name in names[status])
        lines.append(f"| {status} | {phrase} | {kinds[status // 100]} | {spelled} |")
    return "\n".join(lines)


def attribute(name: str) -> str:
    """How to write a lookup: ``codes.ok``; ``codes["continue"]`` when not an attribute name."""
    if name.isidentifier() and not keyword.iskeyword(name):
        return f"`codes.{name}`"
    return "`codes[\"" + name.replace("\\", "\\\\") + "\"]`"


# --- the exception tree -------------------------------------------------------------


TREE_ROOTS = (OSError, Warning)
"""httplib's errors are OSErrors (``IOError``), as in requests; its warnings are Warnings."""


def exception_tree(page) -> str:
    from httplib import exceptions

    classes = [value for value in vars(exceptions).values()
               if inspect.isclass(value) and value.__module__ == exceptions.__name__]
    ours = set(classes)

    def parent(cls: type) -> type:
        return next(base for base in cls.__bases__ if base in ours or base in TREE_ROOTS)

    def also(cls: type) -> str:
        others = [base for base in cls.__bases__ if base is not parent(cls)]
        return ", ".join(qualified(base) for base in others)

    children: dict[type, list[type]] = defaultdict(list)
    for cls in classes:
        children[parent(cls)].append(cls)

    lines: list[str] = []

    def draw(cls: type, prefix: str, last: bool) -> None:
        branch = "└── " if last else "├── "
        label = prefix + branch + cls.__name__
        extra = also(cls)
        lines.append(f"{label:<44}also {extra}" if extra else label)
        kids = children.get(cls, [])
        for index, kid in enumerate(kids):
            draw(kid, prefix + ("     " if last else "│    "), index == len(kids) - 1)

    for root in TREE_ROOTS:
        lines.append(f"{root.__name__}" + (" (IOError)" if root is OSError else ""))
        kids = children.get(root, [])
        for index, kid in enumerate(kids):
            draw(kid, " ", index == len(kids) - 1)
        lines.append("")
    return "```text\n" + "\n".join(lines).rstrip() + "\n```"


def qualified(cls: type) -> str:
    module = cls.__module__
    if module == "builtins":
        return cls.__name__
    if module.startswith("urllib3"):
        return f"urllib3's {cls.__name__}"
    return f"{module.split('.')[0]}.{cls.__name__}"


MAKERS = {
    "lesson-map": lesson_map,
    "lesson-timing": lesson_timing,
    "status-codes": status_codes,
    "exception-tree": exception_tree,
}
