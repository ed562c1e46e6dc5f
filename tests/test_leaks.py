"""No solution code and no hidden-test text anywhere a student can read:
notebooks/, gradelib/ and data/ (the release, autograded folders and feedback of a
graded class are checked in test_autograde.py)."""

import shutil

import pytest

from conftest import (
    ASSIGNMENTS,
    BINARY_SUFFIXES,
    ROOT,
    make_course,
    nbgrader,
    pair_path,
    readable_secrets,
    secret_lines,
)

STUDENT_READABLE = ["notebooks", "gradelib", "data"]


def readable_text():
    texts = {}
    for folder in STUDENT_READABLE:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix not in BINARY_SUFFIXES:
                texts[path] = path.read_text(errors="ignore")
    return texts


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_secret_line_is_readable(assignment):
    lines = secret_lines(assignment)
    assert len(lines) > 10  # the check has something to look for
    leaks = [(folder, *leak) for folder in STUDENT_READABLE
             for leak in readable_secrets(ROOT / folder, lines)]
    assert not leaks, leaks[:10]


def test_markers_never_reach_the_release():
    for path, text in readable_text().items():
        for marker in ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]:
            if path.suffix == ".ipynb":
                assert marker not in text, (path, marker)


@pytest.mark.slow
def test_a_pair_inside_solutions_would_reach_the_release(tmp_path):
    """The control for the release checks: a pair kept beside its notebook in
    solutions/ is copied into the release by nbgrader, and the check sees it."""
    assignment = ASSIGNMENTS[0]
    course = make_course(tmp_path, with_release=False)
    shutil.copy(pair_path(assignment), course / "solutions" / assignment)
    result = nbgrader("generate_assignment", assignment, "--force", "--no-db", cwd=course)
    assert result.returncode == 0, result.stderr[-3000:]
    leaks = readable_secrets(course / "notebooks" / assignment, secret_lines(assignment))
    assert {path for path, _ in leaks} == {f"{assignment}.py"}
