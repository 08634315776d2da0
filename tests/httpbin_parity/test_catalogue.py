"""The suite covers every route of the stand-in, and servers/README.md tells its truth.

- Every route the stand-in serves is either requested by a parity test or listed in
  the README as the workbook's own.
- The README's table "Differences from httpbin.org" has exactly one row per
  :data:`~tests.httpbin_parity.harness.DIFFERENCES` entry, and every entry is used by
  some test (so each claimed difference is checked to exist).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from servers.flaskapp import create_app
from servers.httpbin import blueprint
from tests.httpbin_parity.harness import DIFFERENCES

HERE = Path(__file__).resolve().parent
README = HERE.parent.parent / "servers" / "README.md"

OWN_ROUTES = {"/", "/dump/request", "/echo-body", "/unstable", "/upload"}
"""Routes httpbin.org does not have: the README marks them, no parity test can."""


def parity_test_sources() -> list[str]:
    return [path.read_text() for path in sorted(HERE.glob("test_*.py"))]


def string_literals() -> set[str]:
    """Every string literal in the parity tests: the paths they request are among them."""
    return {node.value for source in parity_test_sources()
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def stand_in_routes() -> list[str]:
    app = create_app(blueprint)
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if rule.endpoint != "static"})


def as_pattern(rule: str) -> re.Pattern[str]:
    """``/links/<n>/<offset>`` -> a regex for the paths it serves: ``/links/5/0``..."""
    parts = re.split(r"<[^>]+>", rule)
    body = "[^/?]+".join(re.escape(part) for part in parts)
    if rule.endswith(">") and "path:" in rule.rsplit("<", 1)[-1]:
        body = body.removesuffix("[^/?]+") + ".+"
    return re.compile(body + r"(\?.*)?")


def test_every_route_is_compared_or_declared_the_workbooks_own():
    literals = string_literals()
    missing = [rule for rule in stand_in_routes() if rule not in OWN_ROUTES
               and not any(as_pattern(rule).fullmatch(text) for text in literals)]
    assert not missing, f"no parity test requests these routes: {missing}"


def test_the_workbooks_own_routes_are_marked_in_the_readme():
    readme = README.read_text()
    for route in OWN_ROUTES - {"/"}:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{route}")
                   or line.startswith(f"| `POST {route}"))
        assert "the workbook's own" in row or "the texts'" in row, row


def difference_rows() -> list[str]:
    """The first column of the README's table of differences."""
    section = README.read_text().split("### Differences from httpbin.org", 1)[1]
    table = section.split("\n\n| difference |", 1)[1].split("\n\n", 1)[0]
    _header, _separator, *rows = table.splitlines()
    return [row.split(" | ")[0].removeprefix("| ") for row in rows]


def test_readme_lists_exactly_the_differences_the_tests_name():
    assert sorted(difference_rows()) == sorted(d.what for d in DIFFERENCES.values())


def test_every_difference_is_met_by_a_test():
    sources = "\n".join(parity_test_sources())
    unused = [key for key in DIFFERENCES if f'"{key}"' not in sources]
    assert not unused, f"differences no test names: {unused}"
