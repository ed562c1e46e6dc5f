"""No solution code and no hidden-test text anywhere a student can read:
notebooks/, gradelib/ and data/."""

import pytest

from conftest import ASSIGNMENTS, ROOT, secret_lines

STUDENT_READABLE = ["notebooks", "gradelib", "data"]


def readable_text():
    texts = {}
    for folder in STUDENT_READABLE:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix not in {".pyc", ".png", ".npz"}:
                texts[path] = path.read_text(errors="ignore")
    return texts


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_secret_line_is_readable(assignment):
    lines = secret_lines(assignment)
    assert len(lines) > 10  # the check has something to look for
    leaks = [(str(path.relative_to(ROOT)), line) for path, text in readable_text().items()
             for line in lines if line in text]
    assert not leaks, leaks[:10]


def test_markers_never_reach_the_release():
    for path, text in readable_text().items():
        for marker in ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]:
            if path.suffix == ".ipynb":
                assert marker not in text, (path, marker)
