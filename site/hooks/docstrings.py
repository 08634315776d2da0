"""Tidy and link what mkdocstrings renders from httplib's reST-flavoured docstrings.

The docstrings are written to read well in ``help()`` and in the source: Sphinx roles
(``:class:`Session```), a ``::`` before a literal block, doctest lines marked
``# doctest: +SKIP``, "lesson 12" in plain words. On the API pages (``reference/``)
this hook turns them into what a web page wants:

- a name marked with a role links to its entry, when the API pages show it
  (``:meth:`Session.request``` -> a link to ``Session.request``); else the role goes;
- every exception name written as code links to its entry (``ConnectionError`` ->
  the exceptions page), roles or not;
- "lesson 12" links to lesson 12;
- a module's notes for its maintainers (the paragraphs that start "Owns:" and "Must
  not:") are left out: they stay in the source, and are neither shown nor indexed
  for search (the search index is made from the page after this hook);
- the ``::`` and the doctest directives go.

Links are written as autorefs (``<autoref identifier=...>``), which mkdocs-autorefs
resolves once every page is rendered; an exception it cannot find fails the strict build.
"""

from __future__ import annotations

import importlib
import inspect
import re
from functools import cache

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data|obj|const):<code>([\w.]+)(\(\))?</code>")
_LITERAL_MARK = re.compile(r"(\S)::(?=</p>)")
_DOCTEST_DIRECTIVE = re.compile(
    r'[ \t]*(?:<span class="c1">#\s*doctest:[^<]*</span>|#\s*doctest:[^\n<]*)')
_MAINTAINER_NOTE = re.compile(r"<p>(?:Owns|Must not):.*?</p>\s*", re.DOTALL)
# Where no link may go: headings, links, code blocks, and what is already a link.
_NO_LINKS_HERE = re.compile(
    r"<(h[1-6]|a|pre|autoref)\b[^>]*>.*?</\1>|<[^>]+>", re.DOTALL)
_CODE = re.compile(r"<code>(?:httplib\.(?:exceptions\.|cookies\.)?)?(\w+)</code>")
_LESSONS = re.compile(r"\b([Ll]essons?)\s+(\d\d(?:(?:,\s+|\s+and\s+|\s+or\s+)\d\d)*)\b")
_LESSON_NUMBER = re.compile(r"\d\d")
# The modules a short name may come from, most likely first (``httplib`` itself: the
# names users write, ``Session``, ``get``...).
_MODULES = ("httplib", "httplib.sessions", "httplib.models", "httplib.response",
            "httplib.adapters", "httplib.auth", "httplib.cookies", "httplib.structures",
            "httplib.hooks", "httplib.redirects", "httplib.utils", "httplib.exceptions",
            "httplib.status_codes", "httplib.dump")


def on_page_content(html: str, page, config, files) -> str:
    if not page.file.src_uri.startswith("reference/"):
        return html
    html = _MAINTAINER_NOTE.sub("", html)
    html = _ROLE.sub(_role_link, html)
    html = _LITERAL_MARK.sub(r"\1:", html)
    html = _DOCTEST_DIRECTIVE.sub("", html)
    lessons = _lesson_urls(page, files)
    return _outside_links(html, lambda text: _link_lessons(_link_exceptions(text), lessons))


def _outside_links(html: str, change) -> str:
    """``change`` applied to the text between tags, except in headings, links and code
    blocks (tags themselves are left alone; inline ``<code>`` is passed with its text)."""
    pieces, start = [], 0
    for match in _NO_LINKS_HERE.finditer(html):
        if match.group(0) == "<code>" or match.group(0) == "</code>":
            continue  # inline code is text to change (exception names are written so)
        pieces += [change(html[start:match.start()]), match.group(0)]
        start = match.end()
    pieces.append(change(html[start:]))
    return "".join(pieces)


def _role_link(match: re.Match) -> str:
    name, call = match.group(1), match.group(2) or ""
    code = f"<code>{name}{call}</code>"
    identifier = _identifier(name)
    if identifier is None:
        return code
    required = "" if identifier in _exceptions().values() else " optional"
    return f'<autoref identifier="{identifier}"{required}>{code}</autoref>'


def _link_exceptions(text: str) -> str:
    def link(match: re.Match) -> str:
        identifier = _exceptions().get(match.group(1))
        if identifier is None:
            return match.group(0)
        return f'<autoref identifier="{identifier}">{match.group(0)}</autoref>'

    return _CODE.sub(link, text)


def _link_lessons(text: str, lessons: dict[str, str]) -> str:
    """"lesson 12" becomes a link to lesson 12; in "lessons 07 and 08", each number."""
    def link(number: str, label: str) -> str:
        url = lessons.get(number)
        return f'<a href="{url}">{label}</a>' if url else label

    def replace(match: re.Match) -> str:
        word, numbers = match.groups()
        if _LESSON_NUMBER.fullmatch(numbers):
            return link(numbers, f"{word} {numbers}")
        return f"{word} " + _LESSON_NUMBER.sub(lambda n: link(n.group(0), n.group(0)), numbers)

    return _LESSONS.sub(replace, text)


def _lesson_urls(page, files) -> dict[str, str]:
    """``{"12": "../../lessons/12_timeouts/"}``: each lesson's URL from ``page``."""
    return {file.src_uri[8:10]: file.url_relative_to(page.file) for file in files
            if re.fullmatch(r"lessons/\d\d_\w+\.ipynb", file.src_uri)}


@cache
def _exceptions() -> dict[str, str]:
    """Every exception and warning class httplib defines, by name: its identifier."""
    found = {}
    for module_name in ("httplib.exceptions", "httplib.cookies"):
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module_name and not name.startswith("_")):
                found[name] = f"{module_name}.{name}"
    return found


@cache
def _identifier(dotted: str) -> str | None:
    """The identifier the API pages give ``dotted`` (``Session.request`` ->
    ``httplib.sessions.Session.request``), or None if httplib has no such name."""
    parts = dotted.split(".")
    if parts[0] == "httplib":  # a full name: its longest part that is a module, then the rest
        for cut in range(len(parts), 0, -1):
            try:
                module = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            return _find(module, parts[cut:])
        return None
    for module_name in _MODULES:
        found = _find(importlib.import_module(module_name), parts)
        if found is not None:
            return found
    return None


def _find(module, parts: list[str]) -> str | None:
    """Where ``module.<parts>`` is defined, as a dotted path, or None if it is not there.
    Classes and functions are named where they are defined (``httplib.get`` is
    ``httplib.api.get``); other attributes after their owner."""
    owner, path = module, module.__name__
    for part in parts:
        try:
            value = getattr(owner, part)
        except AttributeError:
            return None
        if inspect.ismodule(value):
            path = value.__name__
        elif inspect.isclass(value) or inspect.isfunction(value):
            path = f"{value.__module__}.{value.__qualname__}"
        else:
            path = f"{path}.{part}"
        owner = value
    return path
