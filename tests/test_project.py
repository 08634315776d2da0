"""The project's setup files keep their promises to learners and to conda users."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def normalise(requirement: str) -> str:
    """'Flask >= 3' and 'flask>=3' are the same requirement; conda has no markers."""
    requirement = requirement.split(";")[0]
    return re.sub(r"\s+", "", requirement).lower().replace("_", "-")


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted |= set(extra)
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {dep for dep in environment["dependencies"] if isinstance(dep, str)}
    conda -= {dep for dep in conda if dep.startswith(("python", "pip"))}
    assert {normalise(d) for d in conda} == {normalise(d) for d in wanted}
    pip_section = next(dep["pip"] for dep in environment["dependencies"] if isinstance(dep, dict))
    assert pip_section == ["-e ."]  # the project itself, so `import httplib, servers` works


def test_readme_quick_start_is_the_two_make_commands():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^make \w+", quick_start, flags=re.MULTILINE) == ["make lab", "make test"]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in script
    assert re.search(r"^make test$", script, flags=re.MULTILINE)


def test_servers_readme_lists_every_server_of_the_catalogue():
    from servers.launcher import CATALOGUE

    readme = (ROOT / "servers" / "README.md").read_text()
    for entry in CATALOGUE:
        assert f"| `{entry.name}` | {entry.scheme} | {entry.stands_in_for} |" in readme
