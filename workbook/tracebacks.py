"""Short error messages: your code, not the library's.

When a cell fails, IPython normally prints a *traceback*: every function call the error
passed through on its way out (each one a *frame*), with a few lines of each. For a
request that fails, that is your one line followed by a dozen frames inside
``httplib``, ``urllib3``, ``http.client`` and ``socket``: more than a hundred lines,
each naming a file on the machine that ran it. The answer is almost never in there.
It is in two places: the line of *your* code that made the call, and the last line,
which names the error and says what went wrong.

Every lesson's first cell runs ``%load_ext workbook.tracebacks``, and from then on a
failing cell shows just those::

    ---------------------------------------------------------------------------
    MissingSchema                             Traceback (most recent call last)
    Cell In[11], line 1
    ----> 1 httplib.get("localhost/path", timeout=5)

    (7 frames inside httplib not shown: %tb shows everything)

    MissingSchema: Invalid URL 'localhost/path': No scheme supplied. ...

- the frames of your own cells, as IPython shows them (``Cell In[11], line 1``, the
  lines around the failing one, ``---->`` at it);
- one line counting the frames left out, and which libraries they are in;
- the error's name and message, and, when the error was raised because of another
  one, a line naming that cause: ``httplib`` turns urllib3's errors into its own, so
  an ``httplib.exceptions.SSLError`` is ``caused by urllib3.exceptions.MaxRetryError``.

Nothing is lost: the exception is the same object, ``except`` catches it the same way,
and ``%tb`` right after prints the full traceback, ``%debug`` opens the debugger in it,
and ``%unload_ext workbook.tracebacks`` turns the short form off. Errors that already
print their own short message (a check's ``NotDone``, from ``workbook.checks``) and
syntax errors are shown by IPython exactly as before.

How it works: IPython lets an extension handle the exceptions a cell raises
(``set_custom_exc``). It finds your cells among the frames by asking IPython's compiler
which file names are cells (``compile.format_code_name``), reads their source from
``linecache`` where IPython keeps it, and hands the lines to ``_showtraceback``, which
sends them to the notebook with the error's name and message unchanged.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from collections.abc import Iterator
from types import FrameType, TracebackType
from typing import Any

CONTEXT = 2
"""Lines of a cell shown before and after the failing one (IPython shows as many)."""

MESSAGE_LIMIT = 400
"""Characters of an error's message shown; a longer one ends in "…"."""

MAX_SPAN = 4
"""Lines of a long failing statement shown on each side of the failing line, at most."""

CAUSE_LIMIT = 200
"""Characters of the cause's line."""

WIDTH = 75
"""The width of IPython's header line."""

# IPython's colours for the lines that name things (its default "linux" theme).
RED, GREEN, CYAN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[39m"

# Standard-library packages whose parts are different things: "http.client" and
# "http.cookiejar" say more than "http".
FAMILIES = {"http", "urllib", "email", "xml", "importlib", "concurrent", "multiprocessing"}


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext workbook.tracebacks``: show short tracebacks from now on."""
    ipython.set_custom_exc((Exception,), _handler)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext workbook.tracebacks``: back to IPython's full tracebacks."""
    ipython.set_custom_exc((), None)


def _handler(shell: Any, etype: type[BaseException], value: BaseException,
             tb: TracebackType | None, tb_offset: int | None = None) -> list[str] | None:
    """Show ``value`` the short way; IPython calls this for any exception a cell raises."""
    in_a_cell = any(_cell_name(shell, frame) for frame, _ in _walk(tb))
    if hasattr(value, "_render_traceback_") or (issubclass(etype, SyntaxError) and not in_a_cell):
        # an error with its own short message, or a cell that is not valid Python
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    try:
        stb = short_traceback(shell, etype, value, tb, colour=_colour(shell))
    except Exception:  # a bug here must never hide the learner's error
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    # What IPython's own showtraceback does besides printing: %tb and %debug read these.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    shell._showtraceback(etype, value, stb)
    if getattr(shell, "call_pdb", False):  # %pdb is on: open the debugger, as IPython does
        shell.debugger(force=True)
    return stb


def short_traceback(shell: Any, etype: type[BaseException], value: BaseException,
                    tb: TracebackType | None, colour: bool = True) -> list[str]:
    """The lines of the short traceback, one string each, as ``_showtraceback`` takes them."""
    red, green, cyan, reset = (RED, GREEN, CYAN, RESET) if colour else ("", "", "", "")
    name = etype.__name__
    lines = [f"{red}{'-' * WIDTH}{reset}",
             f"{red}{name}{reset}" + "Traceback (most recent call last)".rjust(WIDTH - len(name))]
    seen: set[int] = set()
    libraries: dict[str, int] = {}
    for frame, lineno in _walk(tb):
        seen.add(id(frame))
        cell = _cell_name(shell, frame)
        if cell:
            lines += [*_cell_lines(cell, frame, lineno, green, cyan, reset), ""]
        else:
            _count(libraries, frame)
    for chained, _ in _chain(value):  # the frames of the errors this one came from
        for frame, _ in _walk(chained.__traceback__, skip_ipython=False):
            if id(frame) not in seen and not _cell_name(shell, frame):
                _count(libraries, frame)
            seen.add(id(frame))
    if libraries:
        count = sum(libraries.values())
        lines += [f"({count} frame{'s' if count != 1 else ''} inside {_and(list(libraries))}"
                  " not shown: %tb shows everything)", ""]
    message = _cut(_text(value), MESSAGE_LIMIT)
    lines += f"{red}{name}{reset}{': ' if message else ''}{message}".split("\n")
    lines += [_cut(str(note), CAUSE_LIMIT) for note in getattr(value, "__notes__", [])[:3]]
    for chained, how in _chain(value):  # one line: the error this one came from directly
        text, label = _text(chained), f"{how} {red}{_qualified(type(chained))}{reset}"
        if text == _text(value):
            lines.append(f"{label}, with the same message")
        else:
            text = _cut(" ".join(text.split()), CAUSE_LIMIT)
            lines.append(f"{label}: {text}" if text else label)
        break
    return lines


def _walk(tb: TracebackType | None, skip_ipython: bool = True) -> Iterator[tuple[FrameType, int]]:
    """``(frame, line number)`` for each frame of ``tb``, outermost first.

    The first frames of a cell's error are IPython's own, running the cell: left out, as
    IPython leaves them out.
    """
    while skip_ipython and tb is not None and _module(tb.tb_frame).split(".")[0] == "IPython":
        tb = tb.tb_next
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def _chain(value: BaseException) -> Iterator[tuple[BaseException, str]]:
    """The errors ``value`` came from, nearest first, as Python's own traceback follows them."""
    seen = {id(value)}
    while True:
        if value.__cause__ is not None:
            value, how = value.__cause__, "caused by"
        elif value.__context__ is not None and not value.__suppress_context__:
            value, how = value.__context__, "raised while handling"
        else:
            return
        if id(value) in seen:
            return
        seen.add(id(value))
        yield value, how


def _cell_name(shell: Any, frame: FrameType) -> tuple[str, str] | None:
    """``("Cell", "In[5]")`` when ``frame`` runs the code of a cell, else None."""
    format_code_name = getattr(getattr(shell, "compile", None), "format_code_name", None)
    return format_code_name(frame.f_code.co_filename) if format_code_name else None


def _cell_lines(cell: tuple[str, str], frame: FrameType, lineno: int,
                green: str, cyan: str, reset: str) -> list[str]:
    """One cell frame as IPython shows it: where, then the lines around the failing one."""
    label, name = cell
    where = f"{cyan}{label} {reset}{green}{name}, line {lineno}{reset}"
    function = getattr(frame.f_code, "co_qualname", frame.f_code.co_name)
    if function != "<module>":
        arguments = inspect.formatargvalues(*inspect.getargvalues(frame), formatvalue=lambda v: "")
        where += f", in {function}{arguments}"
    source = linecache.getlines(frame.f_code.co_filename)
    first, last = _span(source, lineno)
    start, stop = max(1, first - CONTEXT), min(len(source), last + CONTEXT)
    while start < first and not source[start - 1].strip():  # no blank lines at the ends
        start += 1
    while stop > last and not source[stop - 1].strip():
        stop -= 1
    lines = [where]
    for number in range(start, stop + 1):
        text = source[number - 1].rstrip()
        mark = f"{'-' * max(1, 5 - len(str(number)))}> " if number == lineno else ""
        lines.append(f"{green}{mark}{str(number).rjust(7 - len(mark))}{reset} {text}")
    return lines


def _span(source: list[str], lineno: int) -> tuple[int, int]:
    """The first and last lines of the statement at ``lineno``: a call may span several.

    The statement is the smallest one holding the line; of an ``if``, ``for`` or ``with``
    whose first line fails, only that line and the ones before its body.
    """
    try:
        tree = ast.parse("".join(source))
    except (SyntaxError, ValueError):  # a cell with %magic lines is not plain Python
        return lineno, lineno
    first, last = 1, len(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= lineno <= (node.end_lineno or 0):
            end = node.end_lineno or lineno
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and body[0].lineno > lineno:
                end = body[0].lineno - 1
            if end - node.lineno <= last - first:
                first, last = node.lineno, end
    return max(first, lineno - MAX_SPAN), min(last, lineno + MAX_SPAN)


def _colour(shell: Any) -> bool:
    """Whether the learner's IPython shows colours (``%colors nocolor`` turns them off)."""
    return str(getattr(shell, "colors", "")).lower() != "nocolor"


def _module(frame: FrameType) -> str:
    return str(frame.f_globals.get("__name__") or "")


def _count(libraries: dict[str, int], frame: FrameType) -> None:
    """Count ``frame`` under its library: ``httplib``, ``urllib3``, ``http.client``."""
    top, _, rest = _module(frame).partition(".")
    library = f"{top}.{rest.split('.')[0]}" if top in FAMILIES and rest else top or "other code"
    libraries[library] = libraries.get(library, 0) + 1


def _and(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _qualified(cls: type) -> str:
    """``urllib3.exceptions.MaxRetryError``; a built-in error by its name alone."""
    module = getattr(cls, "__module__", "builtins")
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _text(value: BaseException) -> str:
    """``str(value)``, or a placeholder when the error cannot even say what it is."""
    try:
        return str(value)
    except Exception:
        return "<the message could not be shown>"


def _cut(text: str, limit: int, max_lines: int = 5) -> str:
    """``text`` cut to ``limit`` characters and ``max_lines`` lines, ending in "…" if cut."""
    lines = text.split("\n")
    short = "\n".join(lines[:max_lines])
    if len(short) > limit:
        short = short[:limit]
    return short + "…" if short != text else text
