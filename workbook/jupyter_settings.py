"""Jupyter's settings for learners: on their own machine, a JupyterHub or Binder.

``python -m workbook jupyter-config`` (which ``make`` runs once, at setup) hides
nbgrader's instructor tools from JupyterLab: nbgrader is installed for grading, and its
"Create Assignment" panel, formgrader and course list only confuse a learner. The
learner's own parts of nbgrader (the assignment list, the Validate button) stay.

``python -m workbook jupyter-config --hub`` does that too, for an image that
repo2docker builds from the repository (Binder, a JupyterHub).

repo2docker reads three files at the repository's root:

- ``environment.yml``: the packages, and the project itself (``pip install -e .``);
- ``postBuild``: run once while the image is built. It runs ``jupyter-config --hub``,
  which also makes Jupyter open the learner's first lesson and keeps the answer key
  (``notebooks/``) out of the file browser;
- ``start``: run each time a learner's server starts, before Jupyter. It makes or
  updates the learner's workspace, ``~/my-lessons`` (``workbook.workspace``: it only
  adds, so a learner's work in a persistent home folder is never written over).

The answer key stays in the image, hidden from the file browser but not from a terminal:
``hint(n)`` and ``solution(n)`` read it. Graded work is graded by nbgrader on the
instructor's checks (``workbook.course``), so what a learner can read does not change a
grade.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIRST_LESSON = "/lab/tree/my-lessons/00_welcome.ipynb"
HIDDEN = ["notebooks", "build", "course"]
"""Folders of the repository the file browser does not list: the answer key, the build
output and an instructor's nbgrader folder."""
JUPYTER_DEFAULT_HIDDEN = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~"]


INSTRUCTOR_PLUGINS = ["@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:menu"]
"""nbgrader's JupyterLab plugins for instructors, which learners never need."""


def settings(hub: bool = False) -> dict[str, dict[str, dict[str, object]]]:
    """Jupyter's settings for learners, by the file that holds them (relative to
    ``etc/jupyter``). JupyterLab, when it starts the server (``jupyter lab``), sets the
    opening page from its own file, so a hub's opening page is set in both."""
    learner: dict[str, dict[str, dict[str, object]]] = {
        "labconfig/page_config.json": {
            "disabledExtensions": dict.fromkeys(INSTRUCTOR_PLUGINS, True)},
    }
    if not hub:
        return learner
    return {
        **learner,
        "jupyter_server_config.json": {
            "ServerApp": {"default_url": FIRST_LESSON},
            "ContentsManager": {"hide_globs": JUPYTER_DEFAULT_HIDDEN + HIDDEN},
        },
        "jupyter_lab_config.json": {"LabApp": {"default_url": FIRST_LESSON}},
    }


def write_settings(prefix: Path = Path(sys.prefix), hub: bool = False) -> list[Path]:
    """Write :func:`settings` where Jupyter reads an environment's own, ``<prefix>/etc/jupyter/``,
    merged into what those files may hold already; return the files written."""
    folder = prefix / "etc" / "jupyter"
    written = []
    for name, ours in settings(hub).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for section, values in ours.items():
            merged.setdefault(section, {}).update(values)
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
