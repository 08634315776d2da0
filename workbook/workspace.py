"""The learner's workspace: their own copies of the lessons, made once, never overwritten.

``make lab`` (or ``python -m workbook workspace``) fills a folder, ``my-lessons/`` by
default, with learner copies of ``notebooks/``: each solution replaced by its
placeholder and the outputs that would give answers away cleared (``workbook.student``),
everything else as in the lesson. The glossary and the pictures come along.

What a learner writes there is theirs, so this module follows three rules:

- **It only adds.** A lesson missing from the workspace is written; a file that exists
  is never written over.
- **Updates are offered, not imposed.** When a lesson changed upstream since its copy
  was made, the new version is written beside it, ``05_http_methods.new.ipynb``, and
  the learner chooses what to keep.
- **A reset keeps a backup.** ``python -m workbook reset 05`` moves the learner's copy
  into ``backups/`` (with the time in its name) and writes a fresh one.

To tell "changed upstream" from "changed by the learner", the workspace keeps a small
manifest, ``.workbook.json``: the checksum of each file as this module last wrote it.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from workbook.student import learner_copy

DEFAULT = "my-lessons"
"""The workspace folder, next to ``notebooks/`` (git ignores it)."""

MANIFEST = ".workbook.json"
BACKUPS = "backups"
SHARED = ("glossary.ipynb", "README.md")
"""Files of ``notebooks/`` that learners use as they are (with the pictures in images/)."""


@dataclass
class Report:
    """What one :func:`sync` did, file by file."""

    added: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)  # written beside as .new
    kept: list[str] = field(default_factory=list)  # already there: not touched

    def __str__(self) -> str:
        lines = [f"{len(self.added)} added, {len(self.kept)} already there"]
        lines += [f"  new version of {name}: see {offered_name(name)}" for name in self.offered]
        return "\n".join(lines)


def offered_name(name: str) -> str:
    """``05_http_methods.ipynb`` -> ``05_http_methods.new.ipynb``."""
    path = Path(name)
    return str(path.with_name(f"{path.stem}.new{path.suffix}"))


def fresh_files(lessons: Path) -> dict[str, bytes]:
    """Every file a fresh workspace holds, by its path inside the workspace."""
    files = {}
    for path in sorted(lessons.glob("[0-9][0-9]_*.ipynb")):
        copy = learner_copy(nbformat.read(path, as_version=4))
        files[path.name] = nbformat.writes(copy).encode("utf-8")
    for name in SHARED:
        if (lessons / name).is_file():
            files[name] = (lessons / name).read_bytes()
    for picture in sorted((lessons / "images").glob("*")):
        files[f"images/{picture.name}"] = picture.read_bytes()
    return files


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read_manifest(workspace: Path) -> dict[str, str]:
    try:
        return json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a new workspace, or a manifest someone broke: offer, never overwrite


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    temporary.write_bytes(content)
    temporary.replace(path)  # whole or not at all, even if interrupted


def _set_aside(path: Path, workspace: Path) -> Path:
    """Move ``path`` into the workspace's ``backups/``, the time in its name; return where."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = workspace / BACKUPS / f"{path.stem}-{stamp}{path.suffix}"
    counter = 1
    while backup.exists():  # two in the same second
        counter += 1
        backup = backup.with_name(f"{path.stem}-{stamp}-{counter}{path.suffix}")
    backup.parent.mkdir(parents=True, exist_ok=True)
    path.replace(backup)
    return backup


def sync(lessons: Path, workspace: Path) -> Report:
    """Add what is missing from ``workspace``; offer what changed upstream; touch nothing else."""
    manifest, report = _read_manifest(workspace), Report()
    for name, content in fresh_files(lessons).items():
        target, digest = workspace / name, _digest(content)
        if not target.exists():
            _write(target, content)
            report.added.append(name)
        elif manifest.get(name) == digest or _digest(target.read_bytes()) == digest:
            report.kept.append(name)  # up to date, whatever the learner did with it
        else:  # the lesson changed since this copy was made
            beside = workspace / offered_name(name)
            if beside.exists() and beside.read_bytes() != content:
                _set_aside(beside, workspace)  # an older offer, perhaps edited: keep it too
            _write(beside, content)
            report.offered.append(name)
        manifest[name] = digest
    _write(workspace / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return report


def reset(lessons: Path, workspace: Path, lesson: str) -> tuple[Path, Path | None]:
    """A fresh copy of ``lesson`` (its number, ``"05"``, or its file name), the learner's
    copy moved to ``backups/`` first. Returns the fresh copy and the backup (or None)."""
    matches = sorted(lessons.glob(f"{lesson.removesuffix('.ipynb')}*.ipynb"))
    matches = [path for path in matches if path.name[:2].isdigit()]
    if len(matches) != 1:
        raise ValueError(f"no single lesson matches {lesson!r}; give its number, like 05")
    name = matches[0].name
    target = workspace / name
    backup = _set_aside(target, workspace) if target.exists() else None
    content = fresh_files(lessons)[name]
    _write(target, content)
    manifest = _read_manifest(workspace)
    manifest[name] = _digest(content)
    _write(workspace / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return target, backup
