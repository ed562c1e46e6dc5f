"""Time every notebook on this machine and print a table.

    python benchmarks/notebooks.py [--skip-full] [--keep DIR] [ASSIGNMENT ...]

Columns: wall seconds to run the solution notebook top to bottom in a fresh kernel
in full mode and in grading mode (kernel start included), the slowest test cell in
grading mode, the wall seconds of `nbgrader autograde` for one submission (process
start included; one grading unit of `gradelib autograde`), and of that the seconds the
judges (hidden tests, outside the kernel) took. ``--keep DIR`` saves each executed
full-mode notebook in DIR, to read the tables and figures it printed. Targets (COURSE.md):
full <= 300 s, grading <= 60 s, every test cell < 2 s. This is a benchmark, not a test: it
reports, it does not fail.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

from gradelib.grading.course import (
    assignments,
    completed_copy,
    make_course,
    nbgrader,
    nbgrader_meta,
    source_path,
    submit,
)
from gradelib.grading.selfcheck import run_notebook

TARGETS = {"full": 300.0, "grading": 60.0, "test cell": 2.0}


def timed_run(path: Path, full: bool, keep: Path | None = None) -> tuple[float, float]:
    """Wall seconds of a whole run, and the slowest test cell's seconds; the executed
    notebook is written into ``keep`` when given."""
    start = time.perf_counter()
    nb = run_notebook(path, full=full, timeout=900)
    wall = time.perf_counter() - start
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, keep / path.name)
    slowest = 0.0
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        timing = cell.get("metadata", {}).get("execution", {})
        if meta.get("grade") and not meta.get("solution") and "shell.execute_reply" in timing:
            began = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            slowest = max(slowest, (ended - began).total_seconds())
    return wall, slowest


def autograde_seconds(assignment: str) -> tuple[float, float]:
    """Wall seconds of one submission's autograde, and the judges' share of it."""
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), with_release=False)
        result = nbgrader("generate_assignment", assignment, "--force", cwd=course)
        if result.returncode:
            raise RuntimeError(result.stderr[-2000:])
        submit(course, "student", assignment, completed_copy(assignment))
        start = time.perf_counter()
        result = nbgrader("autograde", assignment, cwd=course)
        if result.returncode:
            raise RuntimeError(result.stderr[-2000:])
        judged = re.search(r"Judged \S+ in ([\d.]+) s", result.stdout + result.stderr)
        return time.perf_counter() - start, float(judged.group(1)) if judged else float("nan")


def mark(value: float, target: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}{'' if value <= target else ' OVER'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", default=assignments())
    parser.add_argument("--skip-full", action="store_true", help="leave out the full-mode run")
    parser.add_argument("--keep", type=Path, help="save the executed full-mode notebooks here")
    args = parser.parse_args(argv)
    header = (f"{'notebook':<26} {'full s':>7} {'grading s':>9} {'test cell s':>11} "
              f"{'autograde s':>11} {'judges s':>8}")
    rows = []
    for assignment in args.assignments:
        full = "-" if args.skip_full else mark(
            timed_run(source_path(assignment), True, args.keep)[0], TARGETS["full"])
        grading, slowest = timed_run(source_path(assignment), full=False)
        autograde, judges = autograde_seconds(assignment)
        rows.append(f"{assignment:<26} {full:>7} "
                    f"{mark(grading, TARGETS['grading']):>9} "
                    f"{mark(slowest, TARGETS['test cell'], digits=2):>11} {autograde:>11.1f} "
                    f"{judges:>8.1f}")
        print(rows[-1], file=sys.stderr, flush=True)  # progress
    print(f"targets: full <= {TARGETS['full']:g} s, grading <= {TARGETS['grading']:g} s, "
          f"test cell < {TARGETS['test cell']:g} s")
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
