"""``gradelib autograde ASSIGNMENT [--workers N]``: grade a class, each student its own
grading unit, N units at a time, then audit the batch.

Each unit is one ``nbgrader autograde ASSIGNMENT --student ID`` process (its own
kernel, in the sandbox, and its own working folder), after the pre-pass
(:mod:`gradelib.grading.mend`) has mended a careless submission in a copy. The unit
writes a gradebook of its own, a copy of the course's taken when it starts; the batch
then moves that student's submission (nbgrader's rows, as nbgrader wrote them) into the
course's gradebook, one unit at a time: the gradebook has one writer however many units
run, so there is no "database is locked". Units run in threads of this process (each a
process of its own) or on a Dask distributed cluster (``--scheduler``). A unit that
fails (a notebook that cannot be read, a kernel that dies, a submission past its time
limit) costs only that student: it is reported by name with nbgrader's reason, and the
batch goes on. The points, the feedback and the gradebook are nbgrader's own, so
``nbgrader generate_feedback`` and ``nbgrader export`` work as usual afterwards.

After the batch, the audit (:mod:`gradelib.grading.audit`) flags per submission: code
that touches the kernel, the grader or the file system; gradebook scores that differ
from a rescore of the autograded notebook; course files that changed; processes left
running. The summary (points, seconds, status, flags) is printed and written to
``.gradelib/autograde-ASSIGNMENT.csv``.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from tqdm.auto import tqdm

from ..i18n import add, pad, text, width
from . import audit
from .judge import STAGES_MARK
from .mend import mend

WORK = ".gradelib"
UNIT_LIMIT = 600  # seconds for one student's grading unit, kernel start to gradebook

# what gradelib autograde prints (a unit's status stays English in the Unit and the CSV)
add({
    "batch: status graded": {"en": "graded", "ko": "채점됨"},
    "batch: status failed": {"en": "failed", "ko": "실패"},
    "batch: status timed out": {"en": "timed out", "ko": "시간 초과"},
    "batch: columns": {"en": "student|status|points|seconds|flags",
                       "ko": "학생|상태|점수|시간(s)|플래그"},
    "batch: progress": {
        "en": "[{done}/{total}] {student}: {status}, {points} points, {seconds} s",
        "ko": "[{done}/{total}] {student}: {status}, 점수 {points}, {seconds}초",
    },
    "batch: bar unit": {"en": "submission", "ko": "제출물"},
    "batch: mended": {"en": "{student}: mended: {note}", "ko": "{student}: 자동 수정: {note}"},
    "batch: flag": {"en": "{student}: flag: {flag}", "ko": "{student}: 플래그: {flag}"},
    "batch: course file changed": {
        "en": "course file changed during grading: {path}",
        "ko": "채점 중에 바뀐 과정 파일: {path}",
    },
    "batch: took too long": {
        "en": "grading took more than {limit} s",
        "ko": "채점이 {limit}초를 넘었습니다",
    },
    "batch: process left running": {
        "en": "process left running: {process}",
        "ko": "끝나지 않고 남은 프로세스: {process}",
    },
    "batch: workers": {
        "en": "workers must be at least 1, got {workers}",
        "ko": "workers는 1 이상이어야 합니다(받은 값: {workers})",
    },
    "batch: no gradebook": {
        "en": "no gradebook.db in {root}: run nbgrader generate_assignment {assignment} first",
        "ko": "{root}에 gradebook.db가 없습니다: 먼저 nbgrader generate_assignment "
              "{assignment}을(를) 실행하세요",
    },
    "batch: no assignment": {
        "en": "the gradebook has no assignment {assignment}: run nbgrader "
              "generate_assignment {assignment} first",
        "ko": "성적부(gradebook)에 과제 {assignment}이(가) 없습니다: 먼저 nbgrader "
              "generate_assignment {assignment}을(를) 실행하세요",
    },
    # Dask's own words name the address and the time waited
    "batch: no scheduler": {"en": "{error}", "ko": "Dask 스케줄러에 연결할 수 없습니다: {error}"},
})


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
    stages: dict[str, float] = field(default_factory=dict)   # seconds, see STAGES


# where a unit's seconds go: nbgrader's process up to the kernel's start (Python, imports,
# the gradebook, the sanitising pass), the kernel's start (in the sandbox), the setup
# cell (importing TensorFlow and gradelib), the other cells, the hidden tests, the
# kernel's shutdown, and nbgrader after (the gradebook, the autograded notebook)
STAGES = ("nbgrader before", "kernel start", "setup cell", "other cells", "judges",
          "kernel shutdown", "nbgrader after")


def stages_of(log: str, launched: float, ended: float) -> dict[str, float]:
    """Seconds per stage (:data:`STAGES`) from a unit's nbgrader log and the epoch
    seconds its process was launched and ended; empty if the log has no stages line
    (a unit that failed before its kernel started)."""
    marks = [json.loads(line.split(STAGES_MARK, 1)[1]) for line in log.splitlines()
             if STAGES_MARK in line]
    if not marks:
        return {}
    marks_in_order = ("began", "kernel", "setup cell", "cells", "judges", "kernel shutdown")
    seconds = dict.fromkeys(STAGES, 0.0)
    for mark in marks:   # one per notebook of the assignment
        for stage, (start, end) in zip(STAGES[1:6], pairwise(marks_in_order), strict=True):
            seconds[stage] += mark[end] - mark[start]
    seconds["nbgrader before"] = marks[0]["began"] - launched
    # nbgrader's own work after the last kernel, and between notebooks
    seconds["nbgrader after"] = ended - marks[-1]["kernel shutdown"] + sum(
        later["began"] - mark["kernel shutdown"] for mark, later in pairwise(marks))
    return seconds


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
               force: bool = False, gradebook: Path | None = None) -> Unit:
    """Mend (in a copy), then autograde one student's submission in its own process,
    writing to ``gradebook`` (default: the course's)."""
    unit = Unit(student)
    source = root / "solutions" / assignment / f"{assignment}.ipynb"
    submitted = root / "submitted" / student / assignment
    mended = mend(submitted, assignment, source, root / WORK / "mended")
    unit.mended, unit.graded_from = mended.notes, mended.folder
    args = ["autograde", assignment, "--student", student]
    if gradebook is not None:
        args.append(f"--CourseDirectory.db_url=sqlite:///{gradebook}")
    if force or mended.changed:
        args.append("--force")
    if mended.changed:
        args.append(f"--CourseDirectory.submitted_directory={WORK}/mended")
    logs = root / WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{assignment}-{student}.log"
    start, launched = time.monotonic(), time.time()
    returncode = _run_nbgrader(root, args, log_path, limit)
    log = log_path.read_text(errors="replace")
    if returncode is None:
        unit.status, unit.reason = "timed out", text("batch: took too long", limit=f"{limit:g}")
    unit.seconds = time.monotonic() - start
    unit.stages = stages_of(log, launched, time.time())
    if unit.status != "timed out" and (returncode != 0
                                       or "There was an error processing" in log):
        unit.status, unit.reason = "failed", _reason(log)
    return unit


# A unit's nbgrader process is forked from a server that imported nbgrader, the course's
# grading code and Keras once (multiprocessing's forkserver), instead of a fresh Python
# importing them again for every student: about 10 s of CPU per unit. The server never
# runs a student's code or a kernel; each student still gets a process and a kernel of
# their own. Where a process may not have children of its own (a daemonic Dask worker)
# or fork is missing, the unit is a fresh `python -m nbgrader` instead.
# ("__main__": the program that grades, imported once by the server, not by every unit)
PRELOAD = ["__main__", "nbgrader.apps.nbgraderapp", "gradelib.grading.judge",
           "gradelib.grading.lms", "gradelib.grading.preprocessors", "keras"]


def _forkserver():
    """multiprocessing's forkserver context with :data:`PRELOAD`, or None where a unit
    must be a fresh process."""
    if ("forkserver" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _nbgrader_main(root: str, args: list[str], log_path: str) -> None:
    """A unit's process: its own session (so a timeout kills all of it), the course
    folder as working directory, stdout and stderr into the log, then nbgrader."""
    os.setsid()
    os.chdir(root)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.argv = ["nbgrader", *args]
    from nbgrader.apps.nbgraderapp import NbGraderApp

    NbGraderApp.launch_instance()


def _run_nbgrader(root: Path, args: list[str], log_path: Path, limit: float) -> int | None:
    """``nbgrader ARGS`` in ``root``, its output in ``log_path``: its exit status, or None
    when it ran past ``limit`` seconds (then it is killed, with the kernel it started)."""
    context = _forkserver()
    if context is None:
        with open(log_path, "w") as log:
            process = subprocess.Popen([*nbgrader_command(), *args], cwd=root,
                                       stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                return process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return None
    process = context.Process(target=_nbgrader_main, args=(str(root), args, str(log_path)))
    process.start()
    process.join(limit)
    if process.exitcode is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.join()
        return None
    return process.exitcode


def copy_gradebook(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite gradebook (SQLite's online backup)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# nbgrader's tables that hold one student's submission, parents first
_SUBMISSION_ROWS = {
    "submitted_assignment": "id IN (SELECT id FROM {db}.submitted_assignment "
                            "WHERE student_id = :student AND assignment_id = :assignment)",
    "submitted_notebook": "assignment_id IN (SELECT id FROM {db}.submitted_assignment "
                          "WHERE student_id = :student AND assignment_id = :assignment)",
}
for _table in ("grade", "comment"):
    _SUBMISSION_ROWS[_table] = (
        "notebook_id IN (SELECT n.id FROM {db}.submitted_notebook n JOIN "
        "{db}.submitted_assignment a ON n.assignment_id = a.id "
        "WHERE a.student_id = :student AND a.assignment_id = :assignment)")


def merge_submission(gradebook: Path, unit_gradebook: Path, assignment: str,
                     student: str) -> None:
    """Replace ``student``'s submission of ``assignment`` in ``gradebook`` with the one in
    ``unit_gradebook`` (a copy of it that one grading unit wrote), in one transaction.
    The student is added if new. Nothing else in ``gradebook`` changes.

    Raises:
        ValueError: if ``gradebook`` has no assignment of that name.
    """
    with closing(sqlite3.connect(gradebook, timeout=60, isolation_level=None)) as db:
        db.execute("ATTACH DATABASE ? AS unit", (str(unit_gradebook),))
        row = db.execute("SELECT id FROM main.assignment WHERE name = ?",
                         (assignment,)).fetchone()
        if row is None:
            raise ValueError(f"the gradebook has no assignment {assignment}")
        keys = {"student": student, "assignment": row[0]}
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT OR IGNORE INTO main.student "
                       "SELECT * FROM unit.student WHERE id = :student", keys)
            for table, where in reversed(_SUBMISSION_ROWS.items()):
                db.execute(f"DELETE FROM main.{table} WHERE {where.format(db='main')}", keys)
            for table, where in _SUBMISSION_ROWS.items():
                db.execute(f"INSERT INTO main.{table} SELECT * FROM unit.{table} "
                           f"WHERE {where.format(db='unit')}", keys)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


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
    unit.flags += [text("batch: process left running", process=p) for p in
                   audit.leftover_processes(root / "autograded" / unit.student / assignment)]


def autograde(root: Path, assignment: str, students: list[str] | None = None, *,
              limit: float = UNIT_LIMIT, force: bool = False, workers: int = 1,
              scheduler: str | None = None, out=sys.stdout) -> list[Unit]:
    """Grade ``students`` (default: everyone who handed in), one unit each, audit, and
    print the summary. Returns the units, in the order of ``students``.

    Units run ``workers`` at a time in this process's threads, or, with ``scheduler``
    (a Dask distributed scheduler's address, e.g. ``tcp://10.0.0.5:8786``), on that
    cluster's workers, which must see the course folder at the same path. (Units are
    forked by a server that imports the calling program once, so a script that calls
    this needs ``if __name__ == "__main__":``, as any multiprocessing code does.) Either
    way this process alone copies and merges gradebooks (a copy per student is made when
    the units are handed out, in ``.gradelib/units/``, and removed once merged).

    Raises:
        ValueError: if workers < 1 or the gradebook lacks the assignment;
        FileNotFoundError: if there is no gradebook; OSError: if the scheduler cannot
        be reached.
    """
    if workers < 1:
        raise ValueError(text("batch: workers", workers=workers))
    root = root.resolve()
    students = students or students_of(root, assignment)
    gradebook = root / "gradebook.db"
    if not gradebook.is_file():
        raise FileNotFoundError(text("batch: no gradebook", root=root, assignment=assignment))
    with Gradebook(f"sqlite:///{gradebook}") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(text("batch: no assignment", assignment=assignment)) from None
    before = audit.snapshot(root)
    units: dict[str, Unit] = {}
    # a bar on a terminal (submissions done, failed, rate, ETA); a line per unit always
    with _executor(workers, scheduler) as pool, \
            tqdm(total=len(students), unit=text("batch: bar unit"), desc=assignment,
                 file=sys.stderr, disable=None) as bar:
        futures = {}
        for student in students:
            own = root / WORK / "units" / student / "gradebook.db"
            copy_gradebook(gradebook, own)
            futures[pool.submit(grade_unit, root, assignment, student, limit=limit,
                                force=force, gradebook=own)] = student
        for future in as_completed(futures):
            student = futures[future]
            own = root / WORK / "units" / student / "gradebook.db"
            unit = units[student] = future.result()
            merge_submission(gradebook, own, assignment, student)
            shutil.rmtree(own.parent, ignore_errors=True)
            audit_unit(root, assignment, unit)
            points = "-" if unit.points is None else f"{unit.points:g}/{unit.max_points:g}"
            bar.write(text("batch: progress", done=len(units), total=len(students),
                           student=student, status=text(f"batch: status {unit.status}"),
                           points=points, seconds=f"{unit.seconds:.0f}")
                      + (f" ({unit.reason})" if unit.reason else ""), file=out)
            bar.set_postfix({text("batch: status failed"):
                             sum(u.status != "graded" for u in units.values())}, refresh=False)
            bar.update()
    units = [units[student] for student in students]
    changed = audit.changed_files(before, audit.snapshot(root))
    write_summary(root / WORK / f"autograde-{assignment}.csv", units)
    print(format_summary(units, changed), file=out)
    return units


@contextmanager
def _executor(workers: int, scheduler: str | None):
    """concurrent.futures executor: threads here, or a Dask cluster's workers."""
    if scheduler is None:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            yield pool
        return
    from distributed import Client

    try:
        client = Client(scheduler)
    except OSError as exc:   # not reachable
        raise OSError(text("batch: no scheduler", error=exc)) from exc
    with client, client.get_executor(pure=False) as pool:
        yield pool


def write_summary(path: Path, units: list[Unit]) -> None:
    # column names and status values in English whatever the language: scripts read them
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "points", "max_points", "seconds", "reason",
                         "mended", "flags", *(f"{stage} s" for stage in STAGES)])
        for u in units:
            writer.writerow([u.student, u.status, u.points, u.max_points, f"{u.seconds:.1f}",
                             u.reason, " | ".join(u.mended), " | ".join(u.flags),
                             *(f"{u.stages[s]:.2f}" if u.stages else "" for s in STAGES)])


def format_summary(units: list[Unit], changed: list[str]) -> str:
    """The table ``gradelib autograde`` prints at the end, in the current language."""
    h_student, h_status, h_points, h_seconds, h_flags = text("batch: columns").split("|")
    name_w = max([width(h_student), *(width(u.student) for u in units)])
    lines = [f"{pad(h_student, name_w)}  {pad(h_status, 9)}  {pad(h_points, 9, '>')}  "
             f"{pad(h_seconds, 7, '>')}  {h_flags}",
             "-" * (name_w + 45)]
    for u in units:
        points = "-" if u.points is None else f"{u.points:g}/{u.max_points:g}"
        lines.append(f"{pad(u.student, name_w)}  {pad(text(f'batch: status {u.status}'), 9)}  "
                     f"{points:>9}  {u.seconds:>7.0f}  {len(u.flags)}")
    for u in units:
        for note in u.mended:
            lines.append(text("batch: mended", student=u.student, note=note))
        if u.reason:
            lines.append(f"{u.student}: {text(f'batch: status {u.status}')}: {u.reason}")
        for flag in u.flags:
            lines.append(text("batch: flag", student=u.student, flag=flag))
    for path in changed:
        lines.append(text("batch: course file changed", path=path))
    return "\n".join(lines)
