"""The image repo2docker builds for Binder or a JupyterHub opens the learner's own copies.

repo2docker runs ``postBuild`` once when it builds the image and ``start`` each time a
learner's server starts. These tests run both as repo2docker would (a fresh home folder,
then Jupyter), and ask a real Jupyter server what a learner sees.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import requests
import yaml

from workbook import jupyter_settings as settings

ROOT = Path(__file__).resolve().parent.parent
LESSON_COUNT = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))


def run_start(home: Path) -> subprocess.CompletedProcess[str]:
    """``start`` as repo2docker runs it: then the server's own command (here, a stand-in)."""
    env = {**os.environ, "HOME": str(home),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    return subprocess.run([str(ROOT / "start"), "python", "-c", "print('jupyter starts')"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_repo2docker_files_are_where_it_looks():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), (
        "a binder/ folder would make repo2docker ignore the files at the root")
    for name in ("postBuild", "start"):
        assert os.access(ROOT / name, os.X_OK), f"{name} must be executable"
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert {"pip": ["-e ."]} in environment["dependencies"]
    assert "exec \"$@\"" in (ROOT / "start").read_text(), "start must hand over to Jupyter"


def test_start_makes_the_learners_copies_and_keeps_their_work(tmp_path: Path):
    started = run_start(tmp_path)
    assert started.returncode == 0, started.stderr
    assert started.stdout.rstrip().endswith("jupyter starts")
    lessons = sorted((tmp_path / "my-lessons").glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) == LESSON_COUNT
    for path in lessons:
        assert "### BEGIN SOLUTION" not in path.read_text(), f"{path.name} shows a solution"
    mine = lessons[5]
    notebook = nbformat.read(mine, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("my_own_work = 42"))
    nbformat.write(notebook, mine)
    assert run_start(tmp_path).returncode == 0  # the next day's start
    assert "my_own_work = 42" in mine.read_text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def learner_server(tmp_path: Path):
    """A real Jupyter server configured by ``postBuild``, on a home made by ``start``."""
    prefix, home = tmp_path / "prefix", tmp_path / "home"
    subprocess.run([sys.executable, "-m", "workbook", "jupyter-config", "--hub", "--prefix",
                    str(prefix)],
                   check=True, capture_output=True, cwd=ROOT)
    home.mkdir()
    assert run_start(home).returncode == 0
    (home / "notebooks").mkdir()  # the answer key, where the repository puts it on Binder
    port, token = free_port(), "learner-token"
    env = {**os.environ, "HOME": str(home),
           "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "user-config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
         "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(f"{base}/api/status", params={"token": token}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.25)
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_learner_opens_on_the_first_lesson_and_sees_no_answer_key(learner_server):
    base, token = learner_server
    with requests.Session() as session:
        session.trust_env = False
        opened = session.get(f"{base}/", params={"token": token}, allow_redirects=False,
                             timeout=10)
        assert opened.status_code in (301, 302), (opened.status_code, opened.text[:500])
        assert opened.headers["Location"].split("?")[0].endswith(settings.FIRST_LESSON)
        listing = session.get(f"{base}/api/contents", params={"token": token}, timeout=10)
        names = {item["name"] for item in listing.json()["content"]}
        assert "my-lessons" in names
        assert "notebooks" not in names, "the answer key is kept out of the file browser"
        lessons = session.get(f"{base}/api/contents/my-lessons", params={"token": token},
                              timeout=10).json()["content"]
        assert sum(bool(re.match(r"\d\d_", item["name"])) for item in lessons) == LESSON_COUNT
        page = session.get(f"{base}/lab", params={"token": token}, timeout=10).text
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                      flags=re.DOTALL).group(1))
        for plugin in settings.INSTRUCTOR_PLUGINS:
            assert plugin in config["disabledExtensions"], f"{plugin} is shown to learners"


def test_the_readme_binder_badge_opens_the_learner_copies():
    readme = (ROOT / "README.md").read_text()
    repository = yaml.safe_load((ROOT / "mkdocs.yml").read_text().split("\ntheme:")[0])[
        "repo_url"].removeprefix("https://github.com/")
    badge = re.search(r"\(https://mybinder\.org/v2/gh/([^/]+/[^/]+)/(\w+)\?urlpath=([^)\s]+)\)",
                      readme)
    assert badge, "a Binder badge in the README"
    assert badge.group(1) == repository
    assert badge.group(3) == settings.FIRST_LESSON.lstrip("/")
