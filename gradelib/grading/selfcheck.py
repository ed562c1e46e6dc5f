"""``gradelib check NOTEBOOK``: grade your own notebook the way nbgrader will.

The notebook runs top to bottom in a fresh kernel (in grading mode unless
``--full``), in its own folder so ``data_path()`` resolves, and is never
written: the executed copy lives in memory. Each autograded test cell is then
scored with nbgrader's own rule (``nbgrader.utils.determine_grade``: full
points unless the cell raised an error or wrote to stderr), after dropping the
stderr noise nbgrader is configured to ignore and with displayed values never read
as a score (``NoCreditByDisplay``, as in ``nbgrader_config.py``). Hidden tests are not in the
student's copy, so the score covers the visible tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbgrader import utils as nbutils
from nbgrader.preprocessors import IgnorePattern

from ..i18n import pad, text
from ..i18n import width as columns_of  # format_table's `width` is the feedback's
from . import audit, course
from .preprocessors import STDERR_NOISE, NoCreditByDisplay

ANSI = re.compile(r"\x1b\[[0-9;]*m")
FRAME = re.compile(r"^Cell In\[\d+\], line \d+, in (\w+)\(", re.M)


@dataclass
class ExerciseResult:
    """One graded cell's outcome. ``earned`` is None for hand-graded answers."""

    name: str
    earned: float | None
    possible: float
    feedback: str

    @property
    def status(self) -> str:
        if self.earned is None:
            return text("status manual")
        return text("status pass") if self.passed else text("status fail")

    @property
    def passed(self) -> bool:
        """Full points, or graded by hand."""
        return self.earned is None or self.earned >= self.possible


class NotebookError(Exception):
    """The file is missing, not JSON, or not a notebook."""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read and validate a notebook.

    Raises:
        NotebookError: naming the file and what is wrong with it.
    """
    if not path.is_file():
        raise NotebookError(f"{path}: no such file")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for broken JSON
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"{path} is not a valid notebook (not readable as JSON "
                            f"notebook format 4): {first}") from exc
    return nb


def _feedback(cell: nbformat.NotebookNode) -> str:
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            evalue = ANSI.sub("", str(out.get("evalue", ""))).strip()
            first = evalue.splitlines()[0] if evalue else ""
            if out.ename in ("CellTimeoutError", "KeyboardInterrupt"):  # interrupted at timeout
                return "CellTimeoutError: " + text("cell timed out")
            if out.ename == "NotImplementedError" and not first:
                frames = FRAME.findall(ANSI.sub("", "\n".join(out.get("traceback", []))))
                where = f"{frames[-1]}() " if frames else ""
                return "NotImplementedError: " + text("not implemented", where=where)
            return f"{out.ename}: {first}".rstrip(": ")
        if out.output_type == "stream" and out.name == "stderr":
            return text("wrote to stderr") + out.text.strip().splitlines()[0]
    return ""


def grade_cells(nb: nbformat.NotebookNode) -> list[ExerciseResult]:
    """Score an executed notebook's grade cells, in notebook order."""
    results = []
    ignore_noise = IgnorePattern(pattern=STDERR_NOISE, enabled=True)  # as nbgrader_config.py
    no_display_credit = NoCreditByDisplay()                            # likewise
    for index, cell in enumerate(nb.cells):
        if not nbutils.is_grade(cell):
            continue
        name = cell.metadata.nbgrader.get("grade_id", "?")
        if nbutils.is_solution(cell):  # a hand-graded answer
            results.append(ExerciseResult(name, None, float(cell.metadata.nbgrader["points"]),
                                          text("graded by hand")))
            continue
        ignore_noise.preprocess_cell(cell, {}, index)
        no_display_credit.preprocess_cell(cell, {}, index)
        earned, possible = nbutils.determine_grade(cell)
        feedback = _feedback(cell)
        checksum = cell.metadata.nbgrader.get("checksum")
        if checksum and checksum != nbutils.compute_checksum(cell):
            feedback = (text("test cell edited") + " " + feedback).strip()
        results.append(ExerciseResult(name, earned, possible,
                                      feedback or text("all checks passed")))
    return results


def run_notebook(path: Path, full: bool = False, timeout: int = 120) -> nbformat.NotebookNode:
    """Execute a copy of the notebook in memory, in the notebook's folder.

    Raises:
        NotebookError: if the file cannot be read or the kernel dies.
    """
    nb = read_notebook(path)
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            interrupt_on_timeout=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    try:
        # The kernel's own stderr (TensorFlow's start-up logs) is not the student's business.
        client.execute(env={**os.environ, "GRADELIB_FAST": "0" if full else "1"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except DeadKernelError as exc:
        raise NotebookError(f"the kernel died while running {path}: {exc}") from exc
    return nb


def format_table(results: list[ExerciseResult], width: int = 90) -> str:
    """The results as a text table with a total line."""
    columns = text("table columns").split("|")
    name_w = max([columns_of(columns[0]), *(len(r.name) for r in results)])
    lines = [f"{pad(columns[0], name_w)}  {pad(columns[1], 9, '>')}  "
             f"{pad(columns[2], 6)}  {columns[3]}"]
    rule = "-" * (columns_of(lines[0]) + 20)
    lines.append(rule)
    for r in results:
        earned = "-" if r.earned is None else f"{r.earned:g}"
        points = f"{earned}/{r.possible:g}"
        feedback = r.feedback if len(r.feedback) <= width else r.feedback[: width - 3] + "..."
        lines.append(f"{r.name:<{name_w}}  {points:>9}  {pad(r.status, 6)}  {feedback}")
    auto = [r for r in results if r.earned is not None]
    earned = sum(r.earned for r in auto)
    possible = sum(r.possible for r in auto)
    manual = sum(r.possible for r in results if r.earned is None)
    lines.append(rule)
    total = text("automatic points", earned=f"{earned:g}", possible=f"{possible:g}")
    if manual:
        total += text("manual points", manual=f"{manual:g}")
    lines.append(total)
    return "\n".join(lines)


def check(path: str | os.PathLike, full: bool = False, timeout: int = 120, out=sys.stdout) -> int:
    """Run, score and print; return the exit status (0 only if every
    autograded exercise passes)."""
    path = Path(path)
    try:
        nb = run_notebook(path, full=full, timeout=timeout)
    except NotebookError as exc:
        print(f"gradelib check: {exc}", file=sys.stderr)
        return 2
    results = grade_cells(nb)
    if not any(r.earned is not None for r in results):
        print(f"gradelib check: {path} has no autograded test cells "
              f"(is it a course notebook from notebooks/?)", file=sys.stderr)
        return 2
    print(text("check heading", path=path, mode="full" if full else "grading"), file=out)
    print(format_table(results), file=out)
    flags = tampering_flags(path)
    if flags:
        print("\n" + text("reaches outside"), file=out)
        for flag in flags:
            print(f"  {flag}", file=out)
    return 0 if all(r.passed for r in results) else 1


def tampering_flags(path: Path) -> list[str]:
    """The audit's flags for the code the student wrote in the notebook at ``path``:
    answer cells, and cells not in the released notebook when the course has it."""
    nb = read_notebook(path)
    release = course.release_path(path.stem)
    given = (read_notebook(release) if release.is_file()
             else nbformat.v4.new_notebook(cells=[c for c in nb.cells
                                                  if not nbutils.is_solution(c)]))
    return audit.scan_submission_nb(nb, given)
