"""End to end, as an instructor grades a class: generate_assignment, autograde a
batch of submissions, generate_feedback and export, in a temporary course folder
(one per assignment, so that two batches can grade at once).

The batch for 00_foundations, graded by `gradelib autograde` (one unit per student,
the pre-pass and the audit), holds honest, careless and adversarial submissions
together: each must get its expected points, summary row and flags, leak nothing into
its feedback, and stop no one else. The other batches use plain `nbgrader autograde`.
"""

import csv
import html
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import (
    ASSIGNMENTS,
    BIN,
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
    tool_env,
)
from gradelib.grading.report import NOT_ATTEMPTED, class_report
from gradelib.grading.sandbox import bwrap_works

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


# a wrong answer (zeros) that the kernel's own checks are made to accept: each of these
# passes the visible tests in the kernel; the judge, outside the kernel, must fail it
WRONG_CONV2D = """def conv2d(image, kernel):
    return np.zeros(np.shape(image))
"""
TAMPERED = {
    "patch_check_close": "import gradelib\ngradelib.check_close = lambda *a, **k: None\n",
    "patch_fail": "import gradelib.checks\ngradelib.checks.fail = lambda *a, **k: None\n",
    "patch_numpy": "np.allclose = lambda *a, **k: True\n"
                   "np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, bool)\n",
    "empty_later_cells": "get_ipython().input_transformers_cleanup.append(lambda lines: [])\n",
    "swallow_errors": """_shell = get_ipython()
_run_cell = _shell.run_cell
def _quiet(raw_cell, *args, **kwargs):
    body = "\\n".join("    " + line for line in raw_cell.splitlines()) or "    pass"
    return _run_cell(f"try:\\n{body}\\nexcept BaseException:\\n    pass", *args, **kwargs)
_shell.run_cell = _quiet
""",
}

# students of the 00 batch whose conv2d answer is one of the above (the rest complete)
CONV2D_VARIANTS = {"endless_loop": ENDLESS_CONV2D, "noisy": NOISY_CONV2D,
                   "displayhook": DISPLAYHOOK_CONV2D, "script": SCRIPT_CONV2D,
                   "flood": FLOOD_CONV2D,
                   **{student: trick + WRONG_CONV2D for student, trick in TAMPERED.items()}}


# reads what the sandbox hides, and prints it if it can (the answer itself is correct)
SECRETS = {"judges": "../../../judges/00_foundations.py",
           "gradebook": "../../../gradebook.db",
           "solutions": "../../../solutions/00_foundations/00_foundations.ipynb",
           "sources": "../../../sources/00_foundations/00_foundations.py",
           "submitted": "../../../submitted/complete/00_foundations/00_foundations.ipynb",
           "autograded": "../../complete/00_foundations/00_foundations.ipynb"}
SPY = f"""import socket
for _name, _path in {SECRETS!r}.items():
    try:
        print(open(_path, errors="replace").read())
    except OSError:
        print("DENIED", _name)
print("NETWORK", [name for _, name in socket.if_nameindex()])
"""
# writes where later students' grading would run it, and tries to outlive the kernel
WRITER = """import subprocess, sqlite3, sys
from pathlib import Path
import gradelib
for _path in ["../../../nbgrader_config.py", Path(gradelib.__file__).parent / "checks.py"]:
    try:
        with open(_path, "a") as _f:
            _f.write("\\n# written by a student\\n")
        print("WROTE", _path)
    except OSError:
        print("BLOCKED", _path)
try:
    sqlite3.connect("../../../gradebook.db").execute("update grade set auto_score = 99")
except sqlite3.Error:
    print("BLOCKED gradebook")
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True)
"""
SANDBOXED = {"spy": SPY, "writer": WRITER} if bwrap_works() else {}

# students of the 00 batch whose conv2d answer is one of the above (the rest complete)
CONV2D_VARIANTS = {"endless_loop": ENDLESS_CONV2D, "noisy": NOISY_CONV2D,
                   "displayhook": DISPLAYHOOK_CONV2D, "script": SCRIPT_CONV2D,
                   "flood": FLOOD_CONV2D,
                   **{student: trick + WRONG_CONV2D for student, trick in TAMPERED.items()},
                   **{student: code + NOISY_CONV2D for student, code in SANDBOXED.items()}}
CARELESS = ["renamed", "copied_test_cell", "exits", "schema_99"]


def careless(course, student):
    """An honest, complete submission with one slip that nbgrader alone scores 0."""
    nb = completed_copy(FIRST)
    name = f"{FIRST}.ipynb"
    if student == "renamed":
        name = f"{FIRST}-Copy1.ipynb"
    elif student == "copied_test_cell":
        [test] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "test_conv2d"]
        nb.cells.append(nbformat.from_dict(dict(test, id="copied")))
    elif student == "exits":
        nb.cells.append(nbformat.v4.new_code_cell("print('all done')\nexit()"))
    elif student == "schema_99":
        [setup] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "setup"]
        setup.metadata["nbgrader"]["schema_version"] = 99
    folder = course / "submitted" / student / FIRST
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / name)


# The two batches whose students hand in through nbgrader's exchange (release, fetch,
# submit, collect; feedback released and fetched), with a partial submission each:
# its answer to this exercise left as released.
EXCHANGED = {FIRST: "max_pool2d", "01_rnn_gradients": "clip_by_global_norm"}
COURSE_ID = "generative-dl"   # nbgrader_config.py's


def partial_copy(assignment):
    nb = completed_copy(assignment)
    [stub] = [c.source for c in read(release_path(assignment)).cells
              if nbgrader_meta(c).get("grade_id") == EXCHANGED[assignment]]
    replace_answer(nb, EXCHANGED[assignment], stub)
    return nb


def as_student(student, *args, course):
    """An nbgrader exchange command run by a student in a folder of their own, told the
    course id and the exchange as the README tells students. Under one login each
    student also needs a cache of their own (a login's own on a real server): the
    cache holds the submissions that fetch_feedback finds feedback for."""
    home = course.parent / f"{course.name}-homes" / student
    home.mkdir(parents=True, exist_ok=True)
    result = nbgrader(*args, f"--course={COURSE_ID}", f"--student={student}",
                      f"--Exchange.root={course / 'exchange'}",
                      f"--Exchange.cache={home / '.nbgrader-cache'}", cwd=home)
    assert result.returncode == 0, result.stderr[-3000:]
    return home


def hand_in(course, assignment, works):
    """Release, then each student fetches, writes their notebook and submits; collect."""
    result = nbgrader("release_assignment", assignment, cwd=course)
    assert result.returncode == 0, result.stderr[-3000:]
    for student, nb in works.items():
        home = as_student(student, "fetch_assignment", assignment, course=course)
        nbformat.write(nb, home / assignment / f"{assignment}.ipynb")
        as_student(student, "submit", assignment, course=course)
    result = nbgrader("collect", assignment, cwd=course)
    assert result.returncode == 0, result.stderr[-3000:]


def grade(root, assignment):
    """One class's batch for one assignment, in its own course folder: generate, submit,
    autograde, feedback, export. Returns the folder and the logs. The 00 batch, with the
    bad submissions, is graded by `gradelib autograde` (one unit per student, then the
    audit); the others by plain `nbgrader autograde`."""
    course = make_course(root / assignment, with_release=False)
    result = nbgrader("generate_assignment", assignment, "--force", cwd=course)
    assert result.returncode == 0, result.stderr[-3000:]
    honest_and_blank = {"complete": completed_copy(assignment),
                        "untouched": read(release_path(assignment))}
    if assignment in EXCHANGED:
        hand_in(course, assignment, {**honest_and_blank, "partial": partial_copy(assignment)})
    else:
        for student, nb in honest_and_blank.items():
            submit(course, student, assignment, nb)
    logs = {}
    if assignment == FIRST:
        deleted = completed_copy(FIRST)
        deleted.cells = [c for c in deleted.cells
                         if nbgrader_meta(c).get("grade_id") != "test_conv2d"]
        submit(course, "deleted_test", FIRST, deleted)
        for student, conv2d in CONV2D_VARIANTS.items():
            variant = completed_copy(FIRST)
            replace_answer(variant, "conv2d", conv2d)
            submit(course, student, FIRST, variant)
        for student in CARELESS:
            careless(course, student)
        # a deadline tomorrow: the exchange's students are on time, "late" is a day late
        due = datetime.now(timezone.utc) + timedelta(days=1)
        result = nbgrader("db", "assignment", "add", FIRST,
                          f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC", cwd=course)
        assert result.returncode == 0, result.stderr[-3000:]
        late = submit(course, "late", FIRST, completed_copy(FIRST))
        (late.parent / "timestamp.txt").write_text(
            f"{due + timedelta(days=1):%Y-%m-%d %H:%M:%S.%f} UTC")
        submit(course, "broken_json", FIRST, text='{"cells": [ this is not JSON')
        # short limits keep the endless loop cheap; 00 trains nothing, so no good cell
        # comes near them (the other batches run under nbgrader_config.py's limits)
        with open(course / "nbgrader_config.py", "a") as f:
            f.write("\nc.Execute.timeout = 20\nc.ExecuteAndJudge.submission_timeout = 45\n")
        # one unit at a time: the fixture grades another batch beside this one
        # (test_batch.py grades with two workers)
        result = subprocess.run([str(BIN / "gradelib"), "autograde", FIRST, "--workers", "1"],
                                cwd=course, env=tool_env(), capture_output=True, text=True,
                                timeout=3000)
        logs["autograde"] = result.stdout + result.stderr
    else:
        result = nbgrader("autograde", assignment, cwd=course)
        logs["autograde"] = result.stdout + result.stderr
    for step, args in [("generate_feedback", [assignment]), ("export", [])]:
        result = nbgrader(step, *args, cwd=course)
        logs[step] = result.stdout + result.stderr
    if assignment in EXCHANGED:
        # student by student: release_feedback stops at the first feedback folder without
        # the exchange's timestamp and secret (the 00 batch's other students skip it)
        for student in ["complete", "untouched", "partial"]:
            result = nbgrader("release_feedback", assignment, f"--student={student}", cwd=course)
            assert result.returncode == 0, result.stderr[-3000:]
            as_student(student, "fetch_feedback", assignment, course=course)
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
    """The reference answers earn every point, every cell runs without an error, and
    no test cell writes to stderr, not even noise that grading ignores (a student's
    Validate button would show it as a failure)."""
    course, logs = graded[assignment]
    got = scores(course, "complete", assignment)
    assert got and all(score == most for score, most in got.values()), got
    nb = read(course / "autograded" / "complete" / assignment / f"{assignment}.ipynb")
    errors = [(c.source[:200], o.ename) for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    log = ((course / ".gradelib" / "logs" / f"{FIRST}-complete.log").read_text()
           if assignment == FIRST else logs["autograde"])
    noisy = [line for line in log.splitlines() if "of complete wrote to stderr" in line]
    assert not noisy, noisy


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
    log = (course / ".gradelib" / "logs" / f"{FIRST}-noisy.log").read_text()
    assert "Test cell test_conv2d of noisy wrote to stderr" in log   # named for the instructor


def test_a_displayed_value_earns_no_points(graded):
    course, _ = graded[FIRST]
    got = scores(course, "displayhook", FIRST)
    assert got["test_conv2d"][0] == 0, got
    assert got["test_max_pool2d"][0] == got["test_max_pool2d"][1], got


@pytest.mark.parametrize("student", sorted(TAMPERED))
def test_checks_changed_in_the_kernel_still_fail_a_wrong_answer(graded, student):
    """The judge runs outside the kernel: patched checks, patched NumPy, emptied cells or
    swallowed errors make the visible tests pass in the kernel, never the judge."""
    course, _ = graded[FIRST]
    got = scores(course, student, FIRST)
    assert got["test_conv2d"][0] == 0, got


def summary(course):
    """`gradelib autograde`'s summary: {student: row}."""
    with open(course / ".gradelib" / f"autograde-{FIRST}.csv") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


@pytest.mark.parametrize("student", CARELESS)
def test_a_careless_submission_is_mended_in_a_copy_and_graded_in_full(graded, student):
    course, logs = graded[FIRST]
    row = summary(course)[student]
    assert row["status"] == "graded" and row["mended"], row
    got = scores(course, student, FIRST)
    assert got and all(score == most for score, most in got.values()), (got, logs["autograde"])
    submitted = list((course / "submitted" / student / FIRST).glob("*.ipynb"))
    assert len(submitted) == 1 and (student == "renamed") == ("Copy1" in submitted[0].name)


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not installed here")
def test_the_sandbox_keeps_secrets_and_the_network_out_of_reach(graded):
    course, _ = graded[FIRST]
    nb = read(course / "autograded" / "spy" / FIRST / f"{FIRST}.ipynb")
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert all(f"DENIED {name}" in printed for name in SECRETS), printed[:2000]
    assert "NETWORK ['lo']" in printed  # its own network namespace: loopback only
    text = visible_text(course / "feedback" / "spy" / FIRST / f"{FIRST}.html")
    assert "SQLite format 3" not in text and "BEGIN SOLUTION" not in text
    assert not [line for line in hidden_test_lines(FIRST) if line in text]
    got = scores(course, "spy", FIRST)
    assert all(score == most for score, most in got.values()), got
    flags = summary(course)["spy"]["flags"]
    assert "the file system (open)" in flags


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not installed here")
def test_writes_to_the_course_and_processes_do_not_outlive_the_kernel(graded):
    course, logs = graded[FIRST]
    nb = read(course / "autograded" / "writer" / FIRST / f"{FIRST}.ipynb")
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "BLOCKED gradebook" in printed and "checks.py" in printed
    assert "written by a student" not in (course / "nbgrader_config.py").read_text()
    import gradelib.checks
    assert "written by a student" not in open(gradelib.checks.__file__).read()
    row = summary(course)["writer"]
    assert "process left running" not in row["flags"] and "imports sqlite3" in row["flags"]
    assert "course file changed" not in logs["autograde"]
    assert scores(course, "complete", FIRST)["test_conv2d"] == (3, 3)


def test_every_unit_is_reported_and_the_audit_flags_tampering(graded):
    course, logs = graded[FIRST]
    rows = summary(course)
    assert rows["broken_json"]["status"] == "failed" and rows["broken_json"]["reason"]
    assert all(row["status"] == "graded" for student, row in rows.items()
               if student != "broken_json"), rows
    assert not rows["complete"]["flags"] and not rows["untouched"]["flags"]
    assert "assigns gradelib.check_close" in rows["patch_check_close"]["flags"]
    assert "the kernel (get_ipython)" in rows["empty_later_cells"]["flags"]
    assert "assigns np.allclose" in rows["patch_numpy"]["flags"]
    assert "broken_json: failed" in logs["autograde"]


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
        assert "NotImplementedError" in text


def test_the_class_report_gives_every_lost_point_a_cause(graded):
    course, _ = graded[FIRST]
    result = subprocess.run([str(BIN / "gradelib"), "report", FIRST], cwd=course,
                            env=tool_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"wrote .gradelib/grades-{FIRST}.csv" in result.stdout
    report = class_report(course, FIRST)
    for e in report.exercises:
        if not e.manual:   # every student without the points has a named cause
            assert sum(e.mistakes.values()) + sum(e.failures.values()) == e.none, e
    conv = next(e for e in report.exercises if e.grade_id == "test_conv2d")
    assert conv.failures[NOT_ATTEMPTED] >= 2                  # untouched, displayhook
    wrong = conv.none - conv.failures[NOT_ATTEMPTED]
    assert wrong >= len(TAMPERED), result.stdout               # the judge's verdicts
    assert conv.full >= 1 and "complete" in report.grades


@pytest.mark.parametrize("assignment", sorted(set(EXCHANGED) & set(GRADED)))
def test_the_exchange_carries_each_students_work_and_only_their_feedback(graded, assignment):
    course, _ = graded[assignment]
    points = {s: scores(course, s, assignment) for s in ["complete", "untouched", "partial"]}
    full = sum(most for _, most in points["complete"].values())
    assert sum(score for score, _ in points["complete"].values()) == full
    assert sum(score for score, _ in points["untouched"].values()) == 0
    lost = [name for name, (score, most) in points["partial"].items() if score < most]
    assert lost and all(name.startswith(f"test_{EXCHANGED[assignment]}") for name in lost)
    for student in points:
        home = course.parent / f"{course.name}-homes" / student / assignment / "feedback"
        [page] = home.glob(f"*/{assignment}.html")          # one submission, one page
        text = page.read_text()
        total = sum(score for score, _ in points[student].values())
        assert f"(Score: {round(float(total), 2)} / " in text, (student, total)
        if student == "complete":      # nobody else's failures in it
            assert "NotImplementedError" not in text


def test_a_late_submission_keeps_its_points_and_scores_zero(graded):
    course, _ = graded[FIRST]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        late, on_time = (gb.find_submission(FIRST, s) for s in ["late", "complete"])
        assert late.code_score == on_time.code_score > 0          # graded in full, and
        assert late.total_seconds_late > 0 and late.late_submission_penalty == late.score
        assert on_time.late_submission_penalty == 0 and not on_time.total_seconds_late


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
