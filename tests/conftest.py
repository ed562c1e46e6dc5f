"""Shared helpers: the course's notebooks, temporary course folders, nbgrader runs.

Every notebook in solutions/ is picked up by the tests that take the
``assignment`` parameter, so a new notebook needs no new test code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
BIN = str(Path(sys.executable).parent)


def source_path(assignment: str) -> Path:
    return ROOT / "solutions" / assignment / f"{assignment}.ipynb"


def release_path(assignment: str) -> Path:
    return ROOT / "notebooks" / assignment / f"{assignment}.ipynb"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def env_for_tools(**extra: str) -> dict:
    """The environment for nbgrader and gradelib subprocesses: this Python's
    scripts first on PATH (nbgrader runs ``alembic`` from there)."""
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.pop("GRADELIB_FAST", None)
    env.update(extra)
    return env


def make_course(dest: Path, with_release: bool = True) -> Path:
    """Copy what an instructor's course folder holds: config, solutions, data and
    (unless ``with_release`` is False) the released student notebooks."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest)
    for folder in ["solutions", "data"] + (["notebooks"] if with_release else []):
        shutil.copytree(ROOT / folder, dest / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def nbgrader(*args: str, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``cwd`` and return the finished process (not checked)."""
    return subprocess.run([str(Path(BIN) / "nbgrader"), *args], cwd=cwd, env=env_for_tools(),
                          capture_output=True, text=True, timeout=timeout)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="session")
def assignments() -> list[str]:
    return ASSIGNMENTS


def completed_copy(assignment: str) -> nbformat.NotebookNode:
    """The student version with every answer cell filled in from the solution:
    what a student who solved everything submits."""
    answers = {nbgrader_meta(c)["grade_id"]: "\n".join(
                   line for line in c.source.splitlines() if "### BEGIN SOLUTION" not in line
                   and "### END SOLUTION" not in line)
               for c in read(source_path(assignment)).cells if nbgrader_meta(c).get("solution")}
    nb = read(release_path(assignment))
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
    return nb


def replace_answer(nb: nbformat.NotebookNode, grade_id: str, source: str) -> None:
    """Set the source of the answer cell ``grade_id``."""
    [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id]
    cell.source = source


REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def secret_lines(assignment: str, kinds=("SOLUTION", "HIDDEN TESTS"), answers: bool = True,
                 min_length: int = 20) -> set[str]:
    """Distinctive lines a student must not see: the bodies of solution and/or
    hidden-test regions and (if ``answers``) the reference answers to hand-graded
    questions, minus lines that also stand in visible code."""
    secret, visible = set(), set()
    for cell in read(source_path(assignment)).cells:
        if cell.cell_type == "markdown" and nbgrader_meta(cell).get("solution"):
            if answers:
                secret.update(cell.source.splitlines())
            continue
        for kind, body in REGION.findall(cell.source):
            if kind in kinds:
                secret.update(body.splitlines())
        visible.update(line.strip() for line in REGION.sub("", cell.source).splitlines())
    return {line.strip() for line in secret
            if len(line.strip()) >= min_length and line.strip() not in visible}
