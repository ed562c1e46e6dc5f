"""Shared helpers for the tests: the course's notebooks, scratch course folders,
nbgrader runs (from gradelib.grading.course), and what a student must never see.

Every notebook in solutions/ is picked up by the tests that take the
``assignment`` parameter, so a new notebook needs no new test code.
"""

from __future__ import annotations

import functools
import os
import re

import nbformat

from gradelib.grading.course import (  # noqa: F401
    BIN,
    ROOT,
    assignments,
    completed_copy,
    make_course,
    nbgrader,
    nbgrader_meta,
    pair_path,
    release_path,
    source_path,
    submit,
    tool_env,
)

# GRADELIB_ASSIGNMENTS=01_rnn_gradients,02_language_models limits the notebook tests
# to those notebooks (for quick runs while writing one); unset, all are tested.
ASSIGNMENTS = [a for a in assignments()
               if not os.environ.get("GRADELIB_ASSIGNMENTS")
               or a in os.environ["GRADELIB_ASSIGNMENTS"].split(",")]


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def replace_answer(nb: nbformat.NotebookNode, grade_id: str, source: str) -> None:
    """Set the source of the answer cell ``grade_id``."""
    [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id]
    cell.source = source


SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def judge_path(assignment: str):
    """The notebook's hidden tests, run by the grader (gradelib.grading.judge)."""
    return ROOT / "judges" / f"{assignment}.py"


def secret_lines(assignment: str, kinds=("SOLUTION", "HIDDEN TESTS"), answers: bool = True,
                 min_length: int = 20) -> set[str]:
    """Distinctive lines a student must not see: the bodies of solution regions and/or
    the hidden tests (the notebook's judge module) and (if ``answers``) the reference
    answers to hand-graded questions.

    A line that also stands in visible code is generic and gives nothing away (``rng =
    np.random.default_rng(3)``): for the hidden tests, visible code of any notebook; for
    the answers, visible code of this notebook or an earlier one only. A later notebook
    may give an earlier answer as ready code (COURSE.md), and that answer stays secret
    everywhere else: gradelib/, data/, and this and earlier notebooks (see
    :func:`readable_notebooks`)."""
    hidden, answered = set(), set()
    if "HIDDEN TESTS" in kinds:
        hidden.update(judge_path(assignment).read_text().splitlines())
    for cell in read(source_path(assignment)).cells:
        if cell.cell_type == "markdown" and nbgrader_meta(cell).get("solution"):
            if answers:
                answered.update(cell.source.splitlines())
        elif "SOLUTION" in kinds:
            for body in SOLUTION.findall(cell.source):
                answered.update(body.splitlines())

    def distinctive(lines, visible):
        return {line.strip() for line in lines
                if len(line.strip()) >= min_length and line.strip() not in visible}

    return distinctive(hidden, visible_source()) | distinctive(answered, visible_source(assignment))


def readable_notebooks(assignment: str) -> list[str]:
    """The released notebooks in which ``assignment``'s secrets must not appear: itself
    and the earlier ones (a later one may show its answers as ready code)."""
    return [a for a in assignments() if a <= assignment]


BINARY_SUFFIXES = {".pyc", ".png", ".npz"}


def readable_secrets(folder, lines, skip=()) -> list[tuple[str, str]]:
    """(file, line) for each of ``lines`` found in a text file under ``folder``, files
    named in ``skip`` aside: what a student who can read that folder would see."""
    return [(str(path.relative_to(folder)), line) for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in skip and path.suffix not in BINARY_SUFFIXES
            for line in lines if line in path.read_text(errors="ignore")]


def hidden_test_lines(assignment: str) -> set[str]:
    """Hidden-test lines that no solution shares: a student's feedback shows their own
    code, so a line common to both may rightly appear there."""
    return secret_lines(assignment, kinds=("HIDDEN TESTS",), answers=False, min_length=15) \
        - secret_lines(assignment, kinds=("SOLUTION",), answers=False, min_length=15)


@functools.cache
def visible_source(upto: str | None = None) -> str:
    """The code of every source notebook (or of those up to and including ``upto``, in
    course order) with its solution regions and hand-graded answers cut."""
    return "\n".join(SOLUTION.sub("", cell.source) for assignment in assignments()
                     if upto is None or assignment <= upto
                     for cell in read(source_path(assignment)).cells
                     if not (cell.cell_type == "markdown" and nbgrader_meta(cell).get("solution")))


def assert_mistake_named(wrong, expected, *, name, inputs, catalogue, mistake,
                         exclusive=False) -> None:
    """``check_close`` on a mistake's own answer fails and names that mistake (and,
    with ``exclusive``, no other mistake of the catalogue)."""
    import pytest

    from gradelib import check_close

    with pytest.raises(AssertionError) as info:
        check_close(wrong, expected, name=name, inputs=inputs, mistakes=catalogue)
    message = str(info.value)
    assert mistake.name in message
    if exclusive:
        assert all(m.name not in message for m in catalogue if m is not mistake), message


def assert_no_mistake_blamed(expected, *, name, inputs, catalogue) -> None:
    """A correct answer passes, and an unrelated wrong one blames no known mistake."""
    import numpy as np
    import pytest

    from gradelib import check_close

    check_close(expected, expected, name=name, inputs=inputs, mistakes=catalogue)
    with pytest.raises(AssertionError) as info:
        check_close(np.asarray(expected) + 0.123, expected, name=name, inputs=inputs,
                    mistakes=catalogue)
    assert "known mistake" not in str(info.value)


def catalogue_tests(cases):
    """The two tests a mistakes module runs over its ``cases``, a list of (name,
    catalogue, inputs, right) where ``right(**inputs)`` is the correct answer from a
    library: each mistake fires on its own answer, and the correct answer passes and
    blames no mistake. Use as
    ``test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake
    = catalogue_tests(CASES)``."""
    import pytest

    catalogues = {name: catalogue for name, catalogue, _, _ in cases}
    pairs = [(name, mistake, inputs, right) for name, catalogue, inputs, right in cases
             for mistake in catalogue]

    @pytest.mark.parametrize("name, mistake, inputs, right", pairs,
                             ids=[f"{p[0]}:{p[1].name[:40]}" for p in pairs])
    def test_mistake_fires_on_its_own_answer(name, mistake, inputs, right):
        want = right(**inputs)
        assert_mistake_named(mistake.wrong(want, **inputs), want, name=name, inputs=inputs,
                             catalogue=catalogues[name], mistake=mistake)

    @pytest.mark.parametrize("name, catalogue, inputs, right", cases, ids=[c[0] for c in cases])
    def test_correct_answer_passes_and_names_no_mistake(name, catalogue, inputs, right):
        assert_no_mistake_blamed(right(**inputs), name=name, inputs=inputs, catalogue=catalogue)

    return test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake
