"""Grade one class three ways and print a table: one unit at a time, two at a time, and
through a Dask LocalCluster of two workers (``gradelib autograde``'s engines).

    python benchmarks/autograde.py [--students 8] [--keep DIR] [ASSIGNMENT ...]

(default: 00_foundations and 03_sampling_strategies). Each notebook gets ``--students``
submissions: honest (the reference solutions), partial (one answer left as released, a
different one each) and blank (the release as it is), about 3:3:2. Every run grades a
fresh copy of the same class. Printed per run: wall seconds, speed-up against one
worker, seconds per submission, the mean seconds of a unit per stage (see
``gradelib.grading.batch.STAGES``; a worker's first unit also starts the server that
forks the others), and whether every student got the same points in every run; then
the time a class of 200 students x 13 notebooks would take on 2, 16 and 64 cores at the
measured cost per submission. This is a benchmark, not a test: it reports, it does not
fail (but it says so when the points differ).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import dask
import nbformat
from distributed import LocalCluster

from gradelib.grading.batch import STAGES, autograde
from gradelib.grading.course import completed_copy, make_course, nbgrader, nbgrader_meta, submit

DEFAULT = ["00_foundations", "03_sampling_strategies"]
CLASS, NOTEBOOKS = 200, 13


def answers(nb) -> list[str]:
    return [nbgrader_meta(c)["grade_id"] for c in nb.cells
            if c.cell_type == "code" and nbgrader_meta(c).get("solution")
            and not nbgrader_meta(c).get("grade")]


def make_class(root: Path, assignments: list[str], students: int) -> Path:
    """A course folder with the assignments generated and ``students`` submissions each."""
    course = make_course(root, with_release=False)
    for assignment in assignments:
        result = nbgrader("generate_assignment", assignment, "--force", cwd=course)
        if result.returncode:
            raise RuntimeError(result.stderr[-2000:])
        release = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", 4)
        stubs = {nbgrader_meta(c).get("grade_id"): c.source for c in release.cells}
        ids = answers(release)
        for i in range(students):
            kind = ("honest", "partial", "partial", "honest", "blank", "partial", "honest",
                    "blank")[i % 8]
            nb = release if kind == "blank" else completed_copy(assignment)
            if kind == "partial":
                left = ids[i % len(ids)]
                for cell in nb.cells:
                    if nbgrader_meta(cell).get("grade_id") == left:
                        cell.source = stubs[left]
            submit(course, f"{kind}-{i:02d}", assignment, nb)
    return course


def grade(course: Path, assignments: list[str], **engine) -> tuple[float, dict, list]:
    """Wall seconds, {(assignment, student): points}, and the units, for one run."""
    points, units = {}, []
    start = time.perf_counter()
    for assignment in assignments:
        for unit in autograde(course, assignment, out=io.StringIO(), **engine):
            points[assignment, unit.student] = (unit.status, unit.points)
            units.append(unit)
    return time.perf_counter() - start, points, units


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*", default=DEFAULT)
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--keep", type=Path, help="keep the graded course folders here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        template = make_class(Path(tmp) / "class", args.assignments, args.students)
        runs = {}
        for label, engine in [("1 worker", {"workers": 1}), ("2 workers", {"workers": 2}),
                              ("Dask, 2 workers", None)]:
            course = Path(tmp) / label.replace(" ", "").replace(",", "")
            shutil.copytree(template, course)
            if engine is None:
                # not daemonic, so that a worker may fork grading units (README)
                with dask.config.set({"distributed.worker.daemon": False}), \
                        LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                     dashboard_address=None) as cluster:
                    runs[label] = grade(course, args.assignments,
                                        scheduler=cluster.scheduler_address)
            else:
                runs[label] = grade(course, args.assignments, **engine)
            if args.keep:
                shutil.copytree(course, args.keep / course.name, dirs_exist_ok=True)

    count = len(next(iter(runs.values()))[1])
    serial = runs["1 worker"][0]
    print(f"\n{count} submissions ({args.students} per notebook: "
          f"{', '.join(args.assignments)})\n")
    short = {s: s.replace("nbgrader ", "nbg. ").replace("kernel ", "k. ") for s in STAGES}
    header = (f"{'run':<16} {'wall s':>7} {'speed-up':>8} {'s/sub':>6}  "
              + " ".join(f"{short[s]:>12}" for s in STAGES))
    print(header + "\n" + "-" * len(header))
    for label, (wall, _, units) in runs.items():
        staged = [u.stages for u in units if u.stages]
        means = [statistics.mean(st[s] for st in staged) if staged else float("nan")
                 for s in STAGES]
        print(f"{label:<16} {wall:>7.0f} {serial / wall:>8.2f} {wall / count:>6.1f}  "
              + " ".join(f"{m:>12.2f}" for m in means))
    reference = runs["1 worker"][1]
    differ = {key: [run[1].get(key) for run in runs.values()] for key in reference
              if any(run[1].get(key) != reference[key] for run in runs.values())}
    print("\npoints identical in all runs:", "yes" if not differ else f"NO: {differ}")
    graded = {status for run in runs.values() for status, _ in run[1].values()}
    print("unit statuses:", ", ".join(sorted(graded)))

    per_unit = serial / count
    efficiency = serial / runs["2 workers"][0] / 2
    print(f"\n{CLASS} students x {NOTEBOOKS} notebooks at {per_unit:.1f} s per submission "
          f"(one worker) and {efficiency:.0%} parallel efficiency (two workers):")
    for cores in (2, 16, 64):
        print(f"  {cores:>2} cores: {hours(CLASS * NOTEBOOKS * per_unit / (cores * efficiency))}")


if __name__ == "__main__":
    main()
