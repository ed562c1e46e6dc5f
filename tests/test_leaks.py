"""No solution code and no hidden-test text anywhere a student can read:
gradelib/, data/, and the released notebooks up to the one that asks (a later one may
give the answer as ready code). The release, autograded folders and feedback of a
graded class are checked in test_autograde.py."""

import shutil

import pytest

from conftest import (
    ASSIGNMENTS,
    BINARY_SUFFIXES,
    ROOT,
    make_course,
    nbgrader,
    pair_path,
    readable_notebooks,
    readable_secrets,
    secret_lines,
)

STUDENT_READABLE = ["notebooks", "gradelib", "data"]
ALWAYS_READABLE = ["gradelib", "data"]


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
    folders = ALWAYS_READABLE + [f"notebooks/{a}" for a in readable_notebooks(assignment)]
    leaks = [(folder, *leak) for folder in folders
             for leak in readable_secrets(ROOT / folder, lines)]
    assert not leaks, leaks[:10]


def test_an_answer_shown_later_stays_secret_where_it_was_asked(monkeypatch):
    """The control for the order: were an answer line of the first notebook shown as
    ready code in the second, it would stay a secret of the first (so gradelib/, data/
    and the first notebook may not hold it) while the second may show it."""
    import conftest

    first, second = conftest.assignments()[:2]   # all notebooks, whatever GRADELIB_ASSIGNMENTS says
    line = sorted(secret_lines(first, kinds=("SOLUTION",), answers=False))[0]
    real = conftest.visible_source

    def shown_in_second(upto=None):
        shown = upto is None or upto >= second
        return real(upto) + ("\n" + line if shown else "")

    monkeypatch.setattr(conftest, "visible_source", shown_in_second)
    assert line in conftest.secret_lines(first)
    assert line not in conftest.secret_lines(first, kinds=("HIDDEN TESTS",))
    assert readable_notebooks(first) == [first]
    assert readable_notebooks(second) == [first, second]


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
