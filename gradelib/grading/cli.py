"""The ``gradelib`` command."""

from __future__ import annotations

import argparse
import sys

from .selfcheck import check


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
    args = parser.parse_args(argv)
    return check(args.notebook, full=args.full, timeout=args.timeout)


if __name__ == "__main__":
    sys.exit(main())
