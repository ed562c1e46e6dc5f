"""The ``gradelib`` command. What it prints follows ``GRADELIB_LANG`` (:mod:`gradelib.i18n`);
its ``--help`` texts are English."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..i18n import add, text
from .selfcheck import check

add({
    "cli: wrote": {"en": "wrote {path}", "ko": "저장했습니다: {path}"},
    "cli: distributed": {
        "en": "wrote {folder} ({wheel}, notebooks/, README.md) and {folder}.zip",
        "ko": "만들었습니다: {folder} ({wheel}, notebooks/, README.md), {folder}.zip",
    },
})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gradelib", description="Tools for the generative deep learning course.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser(
        "check", help="run a notebook in a fresh kernel and score its test cells",
        description="Run NOTEBOOK top to bottom in a fresh kernel (it is not modified) and "
                    "print one row per graded exercise. Exit status 0 only when every "
                    "autograded exercise passes.")
    p_check.add_argument("notebook", help="path to an .ipynb file, e.g. "
                         "notebooks/00_foundations/00_foundations.ipynb")
    p_check.add_argument("--full", action="store_true",
                         help="run experiments at full size (default: grading mode, fast)")
    p_check.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                         help="limit per cell (default: 120)")
    p_grade = sub.add_parser(
        "autograde", help="grade a class, one student per grading unit, then audit",
        description="Run from the course folder. Grade each student's submission of "
                    "ASSIGNMENT with nbgrader autograde in its own process, N at a time "
                    "(after mending careless submissions in a copy), report failures by "
                    "name, audit the batch and print a summary (also written to "
                    ".gradelib/autograde-ASSIGNMENT.csv). Exit status 0 when every unit "
                    "graded, 1 otherwise.")
    p_grade.add_argument("assignment", help="e.g. 00_foundations")
    p_grade.add_argument("--student", action="append", metavar="ID",
                         help="grade only this student (repeatable)")
    p_grade.add_argument("--force", action="store_true",
                         help="grade again submissions that were already graded")
    p_grade.add_argument("--limit", type=float, default=None, metavar="SECONDS",
                         help="time limit of one student's grading unit (default: 600)")
    p_grade.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                         help="grade N students at a time (default: the machine's cores, "
                              f"{os.cpu_count()} here)")
    p_grade.add_argument("--scheduler", metavar="ADDRESS",
                         help="run the units on a Dask distributed cluster (e.g. "
                              "tcp://10.0.0.5:8786) whose workers see this folder at the "
                              "same path, instead of --workers threads here")
    p_report = sub.add_parser(
        "report", help="what the class got wrong, per exercise",
        description="Run from the course folder after autograding. Print, per graded "
                    "cell of ASSIGNMENT, the students with full, partial and no points "
                    "and the known mistakes the checks named (most common first); write "
                    ".gradelib/report-ASSIGNMENT.csv, .gradelib/grades-ASSIGNMENT.csv (for "
                    "an LMS gradebook) and .gradelib/report-ASSIGNMENT.png.")
    p_report.add_argument("assignment", help="e.g. 00_foundations")
    p_dist = sub.add_parser(
        "distribute", help="build what a class installs: gradelib's wheel and the notebooks",
        description="Run from the course folder. Make OUT (and OUT.zip) with gradelib's "
                    "wheel (its subpackages and data/), the released notebooks of "
                    "notebooks/ and a README for students; nothing of solutions/ or "
                    "judges/.")
    p_dist.add_argument("out", help="folder to make, e.g. dist/student")
    args = parser.parse_args(argv)
    if args.command == "distribute":
        from .distribution import build_student_distribution
        try:
            wheel = build_student_distribution(Path.cwd(), args.out)
        except (FileExistsError, FileNotFoundError, ValueError, RuntimeError) as exc:
            print(f"gradelib distribute: {exc}", file=sys.stderr)
            return 1
        print(text("cli: distributed", folder=wheel.parent, wheel=wheel.name))
        return 0
    if args.command == "report":
        from .report import WORK, class_report
        try:
            report = class_report(Path.cwd(), args.assignment)
        except (FileNotFoundError, ValueError) as exc:
            print(f"gradelib report: {exc}", file=sys.stderr)
            return 1
        print(report.text())
        for path in report.write(Path.cwd() / WORK):
            print(text("cli: wrote", path=path.relative_to(Path.cwd())))
        return 0
    if args.command == "autograde":
        from .batch import UNIT_LIMIT, autograde
        try:
            units = autograde(Path.cwd(), args.assignment, args.student,
                              limit=args.limit or UNIT_LIMIT, force=args.force,
                              workers=args.workers, scheduler=args.scheduler)
        except (OSError, ValueError) as exc:   # no gradebook, no assignment, no scheduler
            print(f"gradelib autograde: {exc}", file=sys.stderr)
            return 1
        return 0 if units and all(u.status == "graded" for u in units) else 1
    return check(args.notebook, full=args.full, timeout=args.timeout)


if __name__ == "__main__":
    sys.exit(main())
