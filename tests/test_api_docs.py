"""The API pages document what they show: every parameter, with a real type, linked to
the lessons and to the exceptions, and without the notes meant for maintainers.

The first tests read httplib itself (what ``help()`` shows and what mkdocstrings
renders): every public function and method the pages of ``site/reference/`` render
has a ``:param name:`` for each of its parameters. The others read the built site
(conftest.py's ``built_site``, one strict build per run).
"""

from __future__ import annotations

import html
import importlib
import inspect
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "site" / "reference"
PAGES = sorted(REFERENCE.glob("*.md"))


def rendered_blocks() -> Iterator[tuple[str, bool]]:
    """``(identifier, members shown)`` for each ``::: identifier`` of the API pages."""
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if line.startswith("::: "):
                options = []
                for option in lines[index + 1:]:
                    if not option.startswith("    "):
                        break
                    options.append(option.strip())
                yield line[4:].strip(), "members: false" not in options


def resolve(identifier: str) -> object:
    parts = identifier.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise LookupError(identifier)


def class_callables(cls: type) -> Iterator[tuple[str, Callable, str]]:
    """The class (for its ``__init__``) and each public method it defines itself, as
    mkdocstrings shows them (``merge_init_into_class``, no inherited members)."""
    name = f"{cls.__module__}.{cls.__qualname__}"
    init = next((c.__dict__["__init__"] for c in cls.__mro__ if "__init__" in c.__dict__), None)
    if inspect.isfunction(init) and init.__module__.startswith("httplib"):
        yield name, init, (cls.__doc__ or "") + (init.__doc__ or "")
    for attribute, value in cls.__dict__.items():
        if attribute.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value):
            yield f"{name}.{attribute}", value, value.__doc__ or ""


def rendered_callables() -> Iterator[tuple[str, Callable, str]]:
    """``(name, function, docstring)`` for every public callable the API pages show."""
    seen = set()
    for identifier, members in rendered_blocks():
        obj = resolve(identifier)
        if inspect.ismodule(obj):
            if not members:
                continue
            shown = [value for name, value in vars(obj).items() if not name.startswith("_")
                     and (inspect.isclass(value) or inspect.isfunction(value))
                     and value.__module__ == obj.__name__]
        else:
            shown = [obj]
        for value in shown:
            items = (class_callables(value) if inspect.isclass(value)
                     else [(f"{value.__module__}.{value.__qualname__}", value, value.__doc__)])
            for name, function, doc in items:
                if name not in seen:
                    seen.add(name)
                    yield name, function, doc or ""


CALLABLES = list(rendered_callables())
FIELD = re.compile(r"^\s*:param (\*{0,2}\w+):", flags=re.MULTILINE)


def test_the_walk_finds_what_the_pages_show():
    names = {name for name, _, _ in CALLABLES}
    for expected in ("httplib.api.request", "httplib.api.get", "httplib.sessions.Session",
                     "httplib.sessions.Session.request", "httplib.sessions.Session.post",
                     "httplib.models.Request", "httplib.models.PreparedRequest.prepare",
                     "httplib.response.Response.iter_content", "httplib.adapters.HTTPAdapter",
                     "httplib.auth.HTTPDigestAuth", "httplib.cookies.RequestsCookieJar.get",
                     "httplib.structures.CaseInsensitiveDict", "httplib.utils.super_len",
                     "httplib.hooks.register_hook", "httplib.dump.dump",
                     "httplib.redirects.next_url", "httplib.exceptions.translate"):
        assert expected in names
    assert len(names) > 100


@pytest.mark.parametrize("name, function, doc", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_every_parameter_is_documented(name, function, doc):
    parameters = inspect.signature(function).parameters.values()
    named = {p.name for p in parameters if p.name not in ("self", "cls")
             and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    starred = {("**" if p.kind is p.VAR_KEYWORD else "*") + p.name for p in parameters
               if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    documented = FIELD.findall(doc)
    assert named <= set(documented), f"{name}: no :param: for {sorted(named - set(documented))}"
    assert set(documented) <= named | starred, f"{name}: :param: for no parameter"
    assert len(documented) == len(set(documented)), f"{name}: a parameter documented twice"


def test_every_rendered_callable_has_a_docstring():
    missing = [name for name, _, doc in CALLABLES if not doc.strip()]
    assert not missing


# What may stay ``Any``: ``json=`` takes any value json.dumps accepts, and a ``default``
# to return is whatever the caller likes; so are *args and **kwargs.
ESCAPE_HATCHES = {"json", "default"}


@pytest.mark.parametrize("name, function, doc", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_no_parameter_is_typed_just_any(name, function, doc):
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        annotation = str(parameter.annotation)  # text: from __future__ import annotations
        if parameter.name not in ESCAPE_HATCHES:  # Any inside a type is fine: Mapping[str, Any]
            assert not re.fullmatch(r"Any( \| None)?", annotation), f"{name}({parameter.name})"


# Where a request's arguments are taken: their types are httplib._types' names (or
# plainer ones), never Any, but for the escape hatches.
REQUEST_BUILDERS = [
    *(f"httplib.api.{verb}" for verb in ("request", "get", "options", "head", "post", "put",
                                          "patch", "delete")),
    *(f"httplib.sessions.Session.{verb}" for verb in ("request", "get", "options", "head",
                                                      "post", "put", "patch", "delete")),
    "httplib.models.Request.__init__", "httplib.models.PreparedRequest.prepare",
    "httplib.adapters.HTTPAdapter.send", "httplib.adapters.BaseAdapter.send",
]


@pytest.mark.parametrize("function", REQUEST_BUILDERS)
def test_request_arguments_are_never_any(function):
    for parameter in inspect.signature(resolve(function)).parameters.values():
        if parameter.name not in {*ESCAPE_HATCHES, "self", "kwargs"}:
            assert "Any" not in str(parameter.annotation), parameter


def test_the_verbs_send_the_reader_to_request():
    for module, owner in (("httplib.api", None), ("httplib.sessions", "Session")):
        namespace = resolve(module if owner is None else f"{module}.{owner}")
        for verb in ("get", "options", "head", "post", "put", "patch", "delete"):
            doc = getattr(namespace, verb).__doc__
            pointer = r":param \*\*kwargs: Any other parameter of :meth:`Session.request`"
            assert re.search(pointer, doc), f"{module}.{verb}"


def test_the_type_aliases_are_real_and_not_loaded_by_import_httplib():
    from httplib import _types

    assert "Mapping" in str(_types.Params) and "AuthBase" in str(_types.Auth)
    fresh = subprocess.run([sys.executable, "-c", "import sys, httplib; httplib.get; "
                            "print('httplib._types' in sys.modules)"],
                           capture_output=True, text=True, check=True)
    assert fresh.stdout.strip() == "False"


def test_maintainer_notes_stay_in_the_code():
    for module in ("api", "sessions", "models", "adapters", "exceptions", "utils"):
        doc = importlib.import_module(f"httplib.{module}").__doc__
        assert "\nOwns:" in doc and "\nMust not:" in doc, module


# ---- the built site -------------------------------------------------------------------

pytestmark = pytest.mark.timeout(180)  # the first test to ask builds the site


def folder(page: Path) -> str:
    return "reference" if page.stem == "index" else f"reference/{page.stem}"


def article(site: Path, page: Path) -> str:
    text = (site / folder(page) / "index.html").read_text(encoding="utf-8")
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def test_no_page_nor_the_search_index_shows_maintainer_notes(built_site):
    for page in PAGES:
        text = html.unescape(re.sub(r"<[^>]+>", "", article(built_site, page)))
        assert "Owns:" not in text and "Must not:" not in text, page.name
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    for entry in index["docs"]:
        if entry["location"].startswith("reference/"):
            assert "Owns:" not in entry["text"] and "Must not:" not in entry["text"], entry


def test_each_page_links_to_a_lesson_near_its_top(built_site):
    lesson = re.compile(r'href="(\.\./)+lessons/\d\d_\w+/"')
    for page in PAGES:
        text = article(built_site, page)
        assert lesson.search(text), f"{page.name} links to no lesson"
        first = re.search(r"<p>.*?</p>", text, flags=re.DOTALL).group(0)
        assert lesson.search(first), f"{page.name}: its first paragraph names no lesson"


def test_lesson_numbers_in_docstrings_are_links_that_land(built_site):
    text = article(built_site, REFERENCE / "sessions.md")
    assert re.search(r'<a href="\.\./\.\./lessons/12_timeouts/">lesson 12</a>', text)
    for page in PAGES:
        for target in re.findall(r'href="((?:\.\./)+lessons/[^"#]+)"', article(built_site, page)):
            landing = (built_site / folder(page) / target).resolve()
            assert (landing / "index.html").is_file(), f"{page.name}: {target}"


def exception_names() -> dict[str, str]:
    from httplib import cookies, exceptions

    return {name: f"{module.__name__}.{name}" for module in (exceptions, cookies)
            for name, value in vars(module).items()
            if inspect.isclass(value) and issubclass(value, BaseException)
            and value.__module__ == module.__name__}


def test_every_exception_named_in_prose_is_a_link(built_site):
    names = exception_names()
    code = re.compile(r"<code>(?:httplib\.(?:exceptions\.)?)?(\w+)</code>")
    for page in PAGES:
        text = article(built_site, page)
        text = re.sub(r"<(h[1-6]|pre)\b.*?</\1>", "", text, flags=re.DOTALL)
        linked = re.sub(r"<a\b[^>]*>.*?</a>", "", text, flags=re.DOTALL)
        unlinked = [m for m in code.findall(linked) if m in names]
        assert not unlinked, f"{page.name}: {unlinked} not linked"
        words = re.sub(r"<code>.*?</code>|<[^>]+>", " ", linked, flags=re.DOTALL)
        bare = [n for n in names if re.search(rf"(?<![\w.]){n}(?![\w(])", words)]
        assert not bare, f"{page.name}: {bare} written without code marks, so not linked"


def test_exception_links_reach_their_entries(built_site):
    text = article(built_site, REFERENCE / "sessions.md")
    target = "../exceptions/#httplib.exceptions.ConnectTimeout"
    assert f'href="{target}"><code>ConnectTimeout</code></a>' in text
    entries = article(built_site, REFERENCE / "exceptions.md")
    assert 'id="httplib.exceptions.ConnectTimeout"' in entries


def test_the_parameters_table_shows_types_defaults_and_links(built_site):
    text = article(built_site, REFERENCE / "sessions.md")
    start = text.index('id="httplib.sessions.Session.request"')
    section = text[start:text.index('id="httplib.sessions.Session.get"')]
    table = section[section.index("<table"):section.index("</table>")]
    rows = re.findall(r"<tr class=\"doc-section-item\">(.*?)</tr>", table, flags=re.DOTALL)
    assert len(rows) == 16  # method, url and the 14 optional ones
    timeout = next(row for row in rows if "<code>timeout</code>" in row)
    assert 'href="#httplib._types.TimeoutSetting"' in timeout  # the type, linked
    assert "<code>None</code>" in timeout                      # the default
    assert "lesson 12" in timeout
