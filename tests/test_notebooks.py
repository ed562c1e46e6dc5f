"""The committed notebooks are clean and well formed. (That each solution runs top to
bottom in grading mode, earns every point and writes nothing to stderr in a test cell is
tested on its autograded copy in test_autograde.py.)"""

import itertools
import subprocess
import sys

import nbformat
import pytest

from conftest import (
    ASSIGNMENTS,
    is_test_cell,
    judge_path,
    nbgrader_meta,
    read,
    release_path,
    source_path,
)
from gradelib.grading.judge import load_judges


@pytest.mark.parametrize("path", [source_path(a) for a in ASSIGNMENTS]
                         + [release_path(a) for a in ASSIGNMENTS], ids=str)
def test_committed_notebook_is_clean(path):
    nb = read(path)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "saved widget state"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, cell.source[:80]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_anatomy(assignment):
    """Setup cell first, every exercise followed by its test cell, hand-graded
    questions, points on every grade cell, and unique ids."""
    cells = read(source_path(assignment)).cells
    code = [c for c in cells if c.cell_type == "code"]
    assert nbgrader_meta(code[0]).get("locked"), "the first code cell is the locked setup cell"
    assert "gradelib.setup(" in code[0].source
    ids = [nbgrader_meta(c)["grade_id"] for c in cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    tracked = [c for c in cells if nbgrader_meta(c)]
    for before, cell in itertools.pairwise(tracked):
        if is_test_cell(cell):
            # nbgrader restores a deleted test cell after the graded cell before it
            assert nbgrader_meta(before).get("solution") or nbgrader_meta(before).get("grade")
    tests = [c for c in cells if is_test_cell(c)]
    answers = [c for c in cells if c.cell_type == "markdown" and nbgrader_meta(c).get("grade")]
    assert len(tests) >= 2 and len(answers) >= 2
    for cell in tests + answers:
        assert nbgrader_meta(cell)["points"] > 0
    # hidden tests run in the grader: one judge a test cell, none in the notebook
    assert judge_path(assignment).is_file(), f"{judge_path(assignment)} is missing"
    judges = load_judges(judge_path(assignment).parent, assignment)
    for cell in cells:
        assert "### BEGIN HIDDEN TESTS" not in cell.source, "hidden tests belong in the judge"
    missing = [nbgrader_meta(c)["grade_id"] for c in tests
               if not callable(getattr(judges, nbgrader_meta(c)["grade_id"], None))]
    assert not missing, f"{judge_path(assignment)} has no judge for {missing}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_outside_the_course_the_setup_cell_says_what_to_install(assignment):
    """A notebook opened where gradelib cannot be imported (downloaded alone, a hosted
    service) stops at its setup cell with what to install, not a bare ImportError."""
    setup = next(c for c in read(release_path(assignment)).cells
                 if nbgrader_meta(c).get("grade_id") == "setup")
    guard = setup.source.split("\n\n")[0]
    assert guard.startswith("try:\n    import gradelib\nexcept ModuleNotFoundError")
    code = "import sys\nsys.modules['gradelib'] = None\n" + guard
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr
    assert "pip install -e ." in result.stderr and "README, Quickstart" in result.stderr
