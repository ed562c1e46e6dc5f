"""The course folder as instructors and developers use it: where notebooks live,
scratch copies of the course, nbgrader runs, and a fully answered submission.
Used by the test suite and the benchmark."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def assignments(root: Path = ROOT) -> list[str]:
    """The assignments, in course order: the folders of ``solutions/``."""
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir())


def source_path(assignment: str, root: Path = ROOT) -> Path:
    return root / "solutions" / assignment / f"{assignment}.ipynb"


def pair_path(assignment: str, root: Path = ROOT) -> Path:
    """The percent-format text paired with the source notebook (jupytext.toml)."""
    return root / "sources" / assignment / f"{assignment}.py"


def release_path(assignment: str, root: Path = ROOT) -> Path:
    return root / "notebooks" / assignment / f"{assignment}.ipynb"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def tool_env(**extra: str) -> dict:
    """The environment for nbgrader and gradelib subprocesses: this Python's
    scripts first on PATH (nbgrader runs ``alembic`` from there), no inherited
    GRADELIB_FAST, and the course's own exchange (no inherited GRADELIB_EXCHANGE or
    GRADELIB_COURSE_ID)."""
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    for name in ["GRADELIB_FAST", "GRADELIB_EXCHANGE", "GRADELIB_COURSE_ID"]:
        env.pop(name, None)
    env.update(extra)
    return env


def make_course(dest: Path, with_release: bool = True) -> Path:
    """Copy what an instructor's course folder holds: config, solutions, their paired
    sources and their judges (hidden tests), data and (unless ``with_release`` is False)
    the released student notebooks."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ["nbgrader_config.py", "jupytext.toml"]:
        shutil.copy(ROOT / name, dest)
    folders = ["solutions", "sources", "judges", "data"] + (["notebooks"] if with_release else [])
    for folder in folders:
        shutil.copytree(ROOT / folder, dest / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def nbgrader(*args: str, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``cwd``; the finished process is returned, not checked."""
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=tool_env(),
                          capture_output=True, text=True, timeout=timeout)


def completed_copy(assignment: str) -> nbformat.NotebookNode:
    """The student version with every answer cell filled in from the solution
    (without the solution markers): what a student who solved everything submits."""
    answers = {
        nbgrader_meta(c)["grade_id"]: "\n".join(
            line for line in c.source.splitlines()
            if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)
        for c in nbformat.read(source_path(assignment), as_version=4).cells
        if nbgrader_meta(c).get("solution")
    }
    nb = nbformat.read(release_path(assignment), as_version=4)
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
    return nb


def submit(course: Path, student: str, assignment: str,
           nb: nbformat.NotebookNode | None = None, text: str | None = None) -> Path:
    """Place a submission where ``nbgrader autograde`` looks for it."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    if text is not None:
        path.write_text(text)
    else:
        nbformat.write(nb, path)
    return path
