"""``python -m workbook``: the learner's workspace and progress, from a terminal.

    python -m workbook workspace            # make or update my-lessons/ (make lab does it)
    python -m workbook workspace --dir DIR  # another folder
    python -m workbook reset 05             # a fresh copy of lesson 05, the old one kept
    python -m workbook progress             # what you have done, and what is next
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import LESSONS, progress, workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbook", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("workspace", help="make or update your copies of the lessons")
    make.add_argument("--dir", default=workspace.DEFAULT, help="the folder (default: %(default)s)")
    fresh = commands.add_parser("reset", help="a fresh copy of one lesson, the old one backed up")
    fresh.add_argument("lesson", help="the lesson's number, for example 05")
    fresh.add_argument("--dir", default=workspace.DEFAULT, help="the folder (default: %(default)s)")
    commands.add_parser("progress", help="what you have done, and what is next")
    args = parser.parse_args(argv)

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
