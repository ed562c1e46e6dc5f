"""`gradelib check`: a student's own grading run, on the untouched and the
completed 03 notebook, and on files that are not notebooks."""

import hashlib
import subprocess
import sys

import nbformat
import pytest

from conftest import (
    completed_copy,
    is_test_cell,
    make_course,
    nbgrader_meta,
    read,
    release_path,
    source_path,
    tool_env,
)

pytestmark = pytest.mark.slow

NB = "03_sampling_strategies"


def gradelib_check(path, cwd):
    return subprocess.run([sys.executable, "-m", "gradelib", "check", str(path)], cwd=cwd,
                          env=tool_env(), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"))
    nbformat.write(completed_copy(NB), course / "notebooks" / NB / "completed.ipynb")
    return course


def test_cells():
    """The notebook's autograded test cells and their total points, from its source."""
    cells = [c for c in read(source_path(NB)).cells if is_test_cell(c)]
    return len(cells), sum(nbgrader_meta(c)["points"] for c in cells)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_untouched_notebook_scores_zero_and_fails(course):
    path = course / "notebooks" / NB / f"{NB}.ipynb"
    before = digest(path)
    result = gradelib_check(path, cwd=course)
    assert result.returncode == 1, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("test_")]
    cells, points = test_cells()
    assert len(rows) == cells
    for row in rows:
        assert " 0/" in row and "FAIL" in row and "NotImplementedError" in row, row
    assert f"automatic points: 0/{points}" in result.stdout
    assert "graded by hand" in result.stdout
    assert digest(path) == before  # never modified


def test_completed_notebook_scores_full_and_passes(course):
    path = course / "notebooks" / NB / "completed.ipynb"
    before = digest(path)
    result = gradelib_check(path, cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr
    _, points = test_cells()
    assert f"automatic points: {points}/{points}" in result.stdout
    assert "FAIL" not in result.stdout
    assert digest(path) == before


def test_edited_test_cell_is_flagged(tmp_path):
    from gradelib.grading.selfcheck import grade_cells

    nb = nbformat.read(release_path(NB), as_version=4)
    [cell] = [c for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "test_entropy"]
    cell.source = "pass"
    results = {r.name: r for r in grade_cells(nb)}
    assert results["test_entropy"].earned == 2
    assert "this test cell was edited" in results["test_entropy"].feedback


def test_a_displayed_value_is_no_score():
    """nbgrader would read the first execute_result as the score: a student's stub
    that calls sys.displayhook("ok") before failing would earn full points."""
    from gradelib.grading.selfcheck import grade_cells

    nb = nbformat.read(release_path(NB), as_version=4)
    [cell] = [c for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id") == "test_entropy"]
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "'ok'"}, execution_count=1),
        nbformat.v4.new_output("error", ename="NotImplementedError", evalue="", traceback=[]),
    ]
    assert {r.name: r.earned for r in grade_cells(nb)}["test_entropy"] == 0
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)]
    assert {r.name: r.earned for r in grade_cells(nb)}["test_entropy"] == 2  # no partial score


@pytest.mark.parametrize("content, words", [
    (None, "no such file"),
    ('{"cells": [ not json', "is not a valid notebook"),
    ('{"hello": 1}', "is not a valid notebook"),
])
def test_broken_input_gets_a_clear_error(tmp_path, content, words):
    path = tmp_path / "work.ipynb"
    if content is not None:
        path.write_text(content)
    result = gradelib_check(path, cwd=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr


def test_tampering_is_named_to_the_student(tmp_path):
    """gradelib check says when answer code reaches the kernel or the checks, and says
    nothing about an honest notebook."""
    from gradelib.grading.selfcheck import tampering_flags

    honest = tmp_path / f"{NB}.ipynb"
    nbformat.write(completed_copy(NB), honest)
    assert tampering_flags(honest) == []
    nb = completed_copy(NB)
    [answer] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
                and c.cell_type == "code"][:1]
    answer.source = "import gradelib\ngradelib.check_close = print\n" + answer.source
    tampered = tmp_path / "tampered" / f"{NB}.ipynb"
    tampered.parent.mkdir()
    nbformat.write(nb, tampered)
    assert any("assigns gradelib.check_close" in f for f in tampering_flags(tampered))
