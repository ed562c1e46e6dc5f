"""``gradelib autograde ASSIGNMENT``: grade a class one student at a time, each student
its own grading unit, then audit the batch.

Each unit is one ``nbgrader autograde ASSIGNMENT --student ID`` process (its own
kernel, in the sandbox, and its own working folder), after the pre-pass
(:mod:`gradelib.grading.mend`) has mended a careless submission in a copy. A unit that
fails (a notebook that cannot be read, a kernel that dies, a locked gradebook, a
submission past its time limit) costs only that student: it is reported by name with
nbgrader's reason, and the batch goes on. The points, the feedback and the gradebook
are nbgrader's own, so ``nbgrader generate_feedback`` and ``nbgrader export`` work as
usual afterwards.

After the batch, the audit (:mod:`gradelib.grading.audit`) flags per submission: code
that touches the kernel, the grader or the file system; gradebook scores that differ
from a rescore of the autograded notebook; course files that changed; processes left
running. The summary (points, seconds, status, flags) is printed and written to
``.gradelib/autograde-ASSIGNMENT.csv``.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import audit
from .mend import mend

WORK = ".gradelib"
UNIT_LIMIT = 600  # seconds for one student's grading unit, kernel start to gradebook


@dataclass
class Unit:
    """One student's outcome."""

    student: str
    status: str = "graded"            # graded, failed, timed out
    points: float | None = None
    max_points: float | None = None
    seconds: float = 0.0
    reason: str = ""
    mended: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    graded_from: Path | None = None   # the submission folder, or its mended copy


def nbgrader_command() -> list[str]:
    """nbgrader from this Python's environment."""
    return [sys.executable, "-m", "nbgrader"]


def students_of(root: Path, assignment: str) -> list[str]:
    submitted = root / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())


def _reason(log: str) -> str:
    """nbgrader's own words for why a unit failed: its last error lines."""
    lines = [line.strip() for line in log.splitlines()
             if "ERROR" in line or "Error:" in line or "rror" in line.split(":")[0]]
    lines = [line for line in lines if "above traceback" not in line
             and "There was an error processing" not in line]
    return (lines[-1] if lines else log.strip().splitlines()[-1] if log.strip() else "")[:300]


def grade_unit(root: Path, assignment: str, student: str, *, limit: float = UNIT_LIMIT,
               force: bool = False, extra: list[str] | None = None) -> Unit:
    """Mend (in a copy), then autograde one student's submission in its own process."""
    unit = Unit(student)
    source = root / "solutions" / assignment / f"{assignment}.ipynb"
    submitted = root / "submitted" / student / assignment
    mended = mend(submitted, assignment, source, root / WORK / "mended")
    unit.mended, unit.graded_from = mended.notes, mended.folder
    args = ["autograde", assignment, "--student", student, *(extra or [])]
    if force or mended.changed:
        args.append("--force")
    if mended.changed:
        args.append(f"--CourseDirectory.submitted_directory={WORK}/mended")
    start = time.monotonic()
    process = subprocess.Popen([*nbgrader_command(), *args], cwd=root, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        log, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        log, _ = process.communicate()
        unit.status, unit.reason = "timed out", f"grading took more than {limit:g} s"
    unit.seconds = time.monotonic() - start
    if unit.status != "timed out" and (process.returncode != 0
                                       or "There was an error processing" in log):
        unit.status, unit.reason = "failed", _reason(log)
    (root / WORK / "logs").mkdir(parents=True, exist_ok=True)
    (root / WORK / "logs" / f"{assignment}-{student}.log").write_text(log)
    return unit


def gradebook_entry(root: Path, assignment: str, student: str):
    """From one gradebook session: ({grade_id: auto score}, points, max points) of the
    student's submission, or None if it was not graded."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        scores = {g.name: g.auto_score for nb in submission.notebooks for g in nb.grades
                  if g.cell_type == "code" and g.auto_score is not None}
        return scores, submission.score, submission.max_score


def audit_unit(root: Path, assignment: str, unit: Unit) -> None:
    """Fill in the unit's points and flags."""
    # the notebook that was graded: a renamed submission's mended copy
    folder = unit.graded_from or root / "submitted" / unit.student / assignment
    submitted = folder / f"{assignment}.ipynb"
    release = root / "notebooks" / assignment / f"{assignment}.ipynb"
    if not release.exists():
        release = root / "solutions" / assignment / f"{assignment}.ipynb"
    if submitted.exists():
        unit.flags += audit.scan_submission(submitted, release)
    autograded = root / "autograded" / unit.student / assignment / f"{assignment}.ipynb"
    entry = gradebook_entry(root, assignment, unit.student)
    if entry is not None and autograded.exists() and unit.status == "graded":
        scores, unit.points, unit.max_points = entry
        unit.flags += audit.rescore(autograded, scores)
    unit.flags += [f"process left running: {p}" for p in
                   audit.leftover_processes(root / "autograded" / unit.student / assignment)]


def autograde(root: Path, assignment: str, students: list[str] | None = None, *,
              limit: float = UNIT_LIMIT, force: bool = False, out=sys.stdout) -> list[Unit]:
    """Grade ``students`` (default: everyone who handed in) one unit each, audit, and
    print the summary. Returns the units."""
    root = root.resolve()
    students = students or students_of(root, assignment)
    before = audit.snapshot(root)
    units = []
    for n, student in enumerate(students, 1):
        unit = grade_unit(root, assignment, student, limit=limit, force=force)
        if unit.status == "failed" and "database is locked" in unit.reason:
            time.sleep(5)  # another writer held the gradebook: once more, then report
            unit = grade_unit(root, assignment, student, limit=limit, force=True)
        audit_unit(root, assignment, unit)
        units.append(unit)
        points = "-" if unit.points is None else f"{unit.points:g}/{unit.max_points:g}"
        print(f"[{n}/{len(students)}] {student}: {unit.status}, {points} points, "
              f"{unit.seconds:.0f} s" + (f" ({unit.reason})" if unit.reason else ""),
              file=out, flush=True)
    changed = audit.changed_files(before, audit.snapshot(root))
    write_summary(root / WORK / f"autograde-{assignment}.csv", units)
    print(format_summary(units, changed), file=out)
    return units


def write_summary(path: Path, units: list[Unit]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "points", "max_points", "seconds", "reason",
                         "mended", "flags"])
        for u in units:
            writer.writerow([u.student, u.status, u.points, u.max_points, f"{u.seconds:.1f}",
                             u.reason, " | ".join(u.mended), " | ".join(u.flags)])


def format_summary(units: list[Unit], changed: list[str]) -> str:
    width = max([len("student"), *(len(u.student) for u in units)])
    lines = [f"{'student':<{width}}  {'status':<9}  {'points':>9}  {'seconds':>7}  flags",
             "-" * (width + 45)]
    for u in units:
        points = "-" if u.points is None else f"{u.points:g}/{u.max_points:g}"
        lines.append(f"{u.student:<{width}}  {u.status:<9}  {points:>9}  {u.seconds:>7.0f}  "
                     f"{len(u.flags)}")
    for u in units:
        for note in u.mended:
            lines.append(f"{u.student}: mended: {note}")
        if u.reason:
            lines.append(f"{u.student}: {u.status}: {u.reason}")
        for flag in u.flags:
            lines.append(f"{u.student}: flag: {flag}")
    for path in changed:
        lines.append(f"course file changed during grading: {path}")
    return "\n".join(lines)
