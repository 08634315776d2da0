"""``python -m workbook``: the learner's workspace and progress, from a terminal.

    python -m workbook workspace            # make or update my-lessons/ (make lab does it)
    python -m workbook workspace --dir DIR  # another folder
    python -m workbook reset 05             # a fresh copy of lesson 05, the old one kept
    python -m workbook progress             # what you have done, and what is next

For instructors:

    python -m workbook course --dir course  # an nbgrader course folder of the lessons
    python -m workbook tally submissions/   # grade without nbgrader, on the real checks
    python -m workbook jupyter-config       # hide nbgrader's instructor tools from learners
    python -m workbook jupyter-config --hub # and open the first lesson: a hub or Binder image
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import LESSONS, course, jupyter_settings, progress, tally, workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbook", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("workspace", help="make or update your copies of the lessons")
    make.add_argument("--dir", default=workspace.DEFAULT, help="the folder (default: %(default)s)")
    fresh = commands.add_parser("reset", help="a fresh copy of one lesson, the old one backed up")
    fresh.add_argument("lesson", help="the lesson's number, for example 05")
    fresh.add_argument("--dir", default=workspace.DEFAULT, help="the folder (default: %(default)s)")
    commands.add_parser("progress", help="what you have done, and what is next")
    grading = commands.add_parser("course", help="an nbgrader course folder of the lessons")
    grading.add_argument("--dir", default="course", help="the folder (default: %(default)s)")
    grading.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    counting = commands.add_parser("tally", help="re-run submissions with the real checks")
    counting.add_argument("folder", help="a folder of submitted NN_*.ipynb, at any depth")
    settings = commands.add_parser("jupyter-config", help="Jupyter's settings for learners")
    settings.add_argument("--hub", action="store_true",
                          help="for a hub or Binder image: open the first lesson, hide the key")
    settings.add_argument("--prefix", default=sys.prefix,
                          help="the environment to configure (default: this one)")
    args = parser.parse_args(argv)

    if args.command == "jupyter-config":
        for path in jupyter_settings.write_settings(Path(args.prefix), hub=args.hub):
            print(f"Wrote {path}")
        return 0
    if args.command == "course":
        folder = Path(args.dir)
        written = course.make_course(LESSONS, folder, args.lessons or None)
        kept = "" if written else " (every lesson was there already, and is kept as it is)"
        count = f"{len(written)} lesson{'' if len(written) == 1 else 's'}"
        print(f"An nbgrader course in {folder}/: {count} written{kept}.")
        example = written[0] if written else "05_http_methods"
        print(course.next_steps(folder, example))
        return 0
    if args.command == "tally":
        results = tally.tally_folder(Path(args.folder))
        for result in results:
            print(result.line())
        if not results:
            print(f"No NN_topic.ipynb below {args.folder}.")
        return 0

    if args.command == "progress":
        print(progress.report())
        print(f"(your record: {progress.record_path()})")
        return 0

    folder = Path(args.dir)
    if args.command == "workspace":
        report = workspace.sync(LESSONS, folder)
        print(f"Your lessons are in {folder}/: {report}")
        if report.offered:
            print("Your own copies are untouched. Open the .new files to see what changed, "
                  "and keep whichever you like.")
        return 0
    try:
        fresh_copy, backup = workspace.reset(LESSONS, folder, args.lesson)
    except ValueError as error:
        print(f"reset: {error}", file=sys.stderr)
        return 2
    print(f"A fresh {fresh_copy}" + (f"; your old copy is {backup}" if backup else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
