"""End to end, as an instructor grades a class: generate_assignment, autograde a
batch of submissions, generate_feedback and export, in a temporary course folder
(one per assignment, so that two batches can grade at once).

The batch for 00_foundations holds good and bad submissions together; the bad
ones must each get a clear outcome without stopping the others.
"""

import csv
import html
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from nbgrader.api import Gradebook

from conftest import (
    ASSIGNMENTS,
    completed_copy,
    hidden_test_lines,
    is_test_cell,
    make_course,
    nbgrader,
    nbgrader_meta,
    read,
    readable_secrets,
    release_path,
    replace_answer,
    secret_lines,
    submit,
)

pytestmark = pytest.mark.slow

FIRST = "00_foundations"  # the batch with the bad submissions
GRADED = sorted(set(ASSIGNMENTS) | {FIRST})

ENDLESS_CONV2D = '''def conv2d(image, kernel):
    while True:
        pass
'''

# a correct answer that also writes what TensorFlow, absl and NumPy write to stderr
NOISY_CONV2D = '''import sys, warnings
def conv2d(image, kernel):
    print("W0000 00:00:1700000000.000000    1234 some_op.cc:42] TensorFlow noise",
          file=sys.stderr)
    print("2026-01-01 00:00:00.000000: I tensorflow/core/platform/cpu_feature_guard.cc:1] x",
          file=sys.stderr)
    np.log(np.zeros(1))  # RuntimeWarning: divide by zero encountered in log
    warnings.warn("this API is going away", FutureWarning)
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2 or kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
        raise ValueError("bad shapes")
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, kernel.shape)
    return np.einsum("ijkl,kl->ij", windows, kernel)
'''


# an unimplemented stub that displays a value before failing: nbgrader alone reads the
# test cell's first execute_result ("ok") as its score and gives full points
DISPLAYHOOK_CONV2D = '''import sys
def conv2d(image, kernel):
    sys.displayhook("ok")
    raise NotImplementedError()
'''


# a correct answer that displays a script: it must not reach the feedback page
SCRIPT_CONV2D = NOISY_CONV2D.replace("import sys, warnings", """import sys, warnings
from IPython.display import HTML, display
display(HTML('<script>alert("from a student")</script><b>still shown</b>'))""")


# a correct answer that prints 5 MB in one line (LimitOutput counts lines, not bytes)
FLOOD_CONV2D = NOISY_CONV2D.replace("import sys, warnings", """import sys, warnings
print("x" * 5_000_000)""")


# students of the 00 batch whose conv2d answer is one of the above (the rest complete)
CONV2D_VARIANTS = {"endless_loop": ENDLESS_CONV2D, "noisy": NOISY_CONV2D,
                   "displayhook": DISPLAYHOOK_CONV2D, "script": SCRIPT_CONV2D,
                   "flood": FLOOD_CONV2D}


def grade(root, assignment):
    """One class's batch for one assignment, in its own course folder: generate, submit,
    autograde, feedback, export. Returns the folder and nbgrader's logs."""
    course = make_course(root / assignment, with_release=False)
    result = nbgrader("generate_assignment", assignment, "--force", cwd=course)
    assert result.returncode == 0, result.stderr[-3000:]
    submit(course, "complete", assignment, completed_copy(assignment))
    submit(course, "untouched", assignment, read(release_path(assignment)))
    limit = []
    if assignment == FIRST:
        deleted = completed_copy(FIRST)
        deleted.cells = [c for c in deleted.cells
                         if nbgrader_meta(c).get("grade_id") != "test_conv2d"]
        submit(course, "deleted_test", FIRST, deleted)
        for student, conv2d in CONV2D_VARIANTS.items():
            variant = completed_copy(FIRST)
            replace_answer(variant, "conv2d", conv2d)
            submit(course, student, FIRST, variant)
        submit(course, "broken_json", FIRST, text='{"cells": [ this is not JSON')
        # a short per-cell limit keeps the endless loop cheap; 00 trains nothing, so no
        # good cell comes near it (the others run under nbgrader_config.py's limit)
        limit = ["--Execute.timeout=20"]
    logs = {}
    for step, args in [("autograde", limit), ("generate_feedback", []), ("export", None)]:
        result = nbgrader(step, *([assignment, *args] if args is not None else []), cwd=course)
        logs[step] = result.stdout + result.stderr
    return course, logs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{assignment: (course folder, logs)}; two batches grade at once (two cores)."""
    root = tmp_path_factory.mktemp("courses")
    with ThreadPoolExecutor(max_workers=2) as pool:
        batches = pool.map(lambda assignment: grade(root, assignment), GRADED)
        return dict(zip(GRADED, batches, strict=True))


def scores(course, student, assignment):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.score, g.max_score) for g in nb.grades if g.cell_type == "code"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_complete_submission_earns_every_automatic_point(graded, assignment):
    course, _ = graded[assignment]
    got = scores(course, "complete", assignment)
    assert got and all(score == most for score, most in got.values()), got


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_submission_earns_zero_and_only_test_cells_fail(graded, assignment):
    course, _ = graded[assignment]
    got = scores(course, "untouched", assignment)
    assert got and all(score == 0 for score, _ in got.values()), got
    nb = read(course / "autograded" / "untouched" / assignment / f"{assignment}.ipynb")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o.ename for o in cell.outputs if o.output_type == "error"]
        if is_test_cell(cell):
            assert errors and set(errors) <= {"NotImplementedError", "AssertionError"}, errors
        else:
            assert not errors, (cell.source[:200], errors)


def test_deleted_test_cell_is_restored_and_graded(graded):
    course, _ = graded[FIRST]
    nb = read(course / "autograded" / "deleted_test" / FIRST / f"{FIRST}.ipynb")
    assert "test_conv2d" in [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    got = scores(course, "deleted_test", FIRST)
    assert got["test_conv2d"] == (3, 3), got


def test_endless_loop_costs_only_its_cell(graded):
    course, _ = graded[FIRST]
    got = scores(course, "endless_loop", FIRST)
    assert got["test_conv2d"][0] == 0
    assert got["test_max_pool2d"][0] == got["test_max_pool2d"][1]
    nb = read(course / "autograded" / "endless_loop" / FIRST / f"{FIRST}.ipynb")
    [test_cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "test_conv2d"]
    assert "CellTimeoutError" in [o.get("ename") for o in test_cell.outputs]


def test_stderr_noise_does_not_cost_points(graded):
    course, _ = graded[FIRST]
    got = scores(course, "noisy", FIRST)
    assert all(score == most for score, most in got.values()), got


def test_a_displayed_value_earns_no_points(graded):
    course, _ = graded[FIRST]
    got = scores(course, "displayhook", FIRST)
    assert got["test_conv2d"][0] == 0, got
    assert got["test_max_pool2d"][0] == got["test_max_pool2d"][1], got


def test_a_displayed_script_is_sanitised_out_of_the_feedback(graded):
    course, logs = graded[FIRST]
    page = course / "feedback" / "script" / FIRST / f"{FIRST}.html"
    assert page.is_file(), logs["generate_feedback"][-2000:]
    text = page.read_text()
    assert "still shown" in text
    assert '<script>alert("from a student")' not in text
    got = scores(course, "script", FIRST)
    assert all(score == most for score, most in got.values()), got


def test_a_huge_print_is_cut_in_the_autograded_notebook_and_feedback(graded):
    course, _ = graded[FIRST]
    autograded = course / "autograded" / "flood" / FIRST / f"{FIRST}.ipynb"
    page = course / "feedback" / "flood" / FIRST / f"{FIRST}.html"
    assert autograded.stat().st_size < 1_000_000 and page.stat().st_size < 1_000_000
    # 5,000,000 characters and a newline, less the 20,000 kept
    assert "[output cut here: 4,980,001 more characters]" in page.read_text()
    got = scores(course, "flood", FIRST)
    assert all(score == most for score, most in got.values()), got


def test_broken_notebook_is_reported_and_the_batch_goes_on(graded):
    course, logs = graded[FIRST]
    log = logs["autograde"]
    assert re.search(r"broken_json.*\n?.*(JSON|json|Notebook does not appear)", log) or \
        ("broken_json" in log and "rror" in log), log[-3000:]
    assert not (course / "autograded" / "broken_json" / FIRST / f"{FIRST}.ipynb").exists()
    for student in ["complete", "untouched", "deleted_test", "endless_loop", "noisy"]:
        assert scores(course, student, FIRST)


def visible_text(path):
    """What a student reads in an HTML feedback file: tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


@pytest.mark.parametrize("student", ["complete", "untouched"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_no_hidden_tests(graded, assignment, student):
    course, logs = graded[assignment]
    page = course / "feedback" / student / assignment / f"{assignment}.html"
    assert page.is_file(), logs["generate_feedback"][-2000:]
    text = visible_text(page)
    assert "HIDDEN TESTS" not in text
    hidden = hidden_test_lines(assignment)
    assert hidden
    shown = [line for line in hidden if line in text]
    assert not shown, shown[:5]
    if student == "untouched":
        assert "The traceback of a cell with hidden tests is not shown" in text
        assert "NotImplementedError" in text


def test_export_lists_every_graded_student(graded):
    course, _ = graded[FIRST]
    with open(course / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    students = {r["student_id"] for r in rows}
    assert {"complete", "untouched", "deleted_test", "endless_loop", "noisy"} <= students


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_pair_or_secret_reaches_release_autograded_folders_or_feedback(graded, assignment):
    """The course folder holds sources/ (the paired .py files, solutions and hidden tests
    in full) beside solutions/; nbgrader copies a source folder's files into the release
    and into every autograded folder, where the student's kernel runs, and none of them
    may carry a secret. The autograded notebook itself holds the hidden tests nbgrader
    runs, so only its companions are checked there."""
    course, _ = graded[assignment]
    everything = secret_lines(assignment)
    hidden = hidden_test_lines(assignment)
    notebook = f"{assignment}.ipynb"
    assert (course / "sources" / assignment / f"{assignment}.py").is_file()
    assert not readable_secrets(course / "notebooks" / assignment, everything)
    for student in ["complete", "untouched"]:
        autograded = course / "autograded" / student / assignment
        assert (autograded / notebook).is_file()
        assert not readable_secrets(autograded, everything, skip={notebook})
        assert not readable_secrets(course / "feedback" / student / assignment, hidden)
