"""gradelib report: what a class got wrong, read from a gradebook and autograded
notebooks made here (nbgrader's own Gradebook API, notebooks written with nbformat).
The same report on a real autograded batch is tested in test_autograde.py."""

import csv

import nbformat
import pytest
from nbgrader.api import Gradebook

from gradelib.grading import cli
from gradelib.grading.report import (
    KNOWN,
    NOT_ATTEMPTED,
    ClassReport,
    Exercise,
    class_report,
    first_failure,
)

A, NB = "00_demo", "00_demo"
CELLS = [("test_conv2d", 2, "code"), ("test_conv2d_validation", 1, "code"),
         ("test_max_pool2d", 2, "code"), ("q_receptive_field", 2, "markdown")]

BIAS = ("AssertionError", "conv2d(x, kernel): known mistake: the kernel is flipped\n"
        "  input x: array of shape (5, 5)")
NONE = ("AssertionError", "conv2d(x, kernel): It returned None. Did you forget the "
        "`return` statement?\n  input x: ...")
TODO = ("NotImplementedError", "")

# student -> {cell: score or (score, error)}; a missing manual score: not graded yet
CLASS = {
    "ana": {"test_conv2d": 2, "test_conv2d_validation": 1, "test_max_pool2d": (0, TODO),
            "q_receptive_field": 2},
    "ben": {"test_conv2d": (0, BIAS), "test_conv2d_validation": 1,
            "test_max_pool2d": (0, TODO), "q_receptive_field": 1},
    "cho": {"test_conv2d": (0, BIAS), "test_conv2d_validation": (0, NONE),
            "test_max_pool2d": (0, BIAS)},
    "dan": {"test_conv2d": (0, NONE), "test_conv2d_validation": 1,
            "test_max_pool2d": (0, TODO), "q_receptive_field": 0},
}


def error(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])


def make_class(root):
    cells = [nbformat.v4.new_markdown_cell("# demo")]
    for name, points, kind in CELLS:
        meta = {"nbgrader": {"grade": True, "grade_id": name, "points": points,
                             "solution": kind == "markdown", "locked": kind == "code"}}
        cell = (nbformat.v4.new_code_cell("pass") if kind == "code"
                else nbformat.v4.new_markdown_cell("answer"))
        cell.metadata.update(meta)
        cells.append(cell)
    (root / "notebooks" / A).mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), root / "notebooks" / A / f"{NB}.ipynb")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.add_assignment(A)
        gb.add_notebook(NB, A)
        # added out of notebook order: the report follows the released notebook
        for name, points, kind in reversed(CELLS):
            gb.add_grade_cell(name, NB, A, max_score=points, cell_type=kind)
        for student, results in CLASS.items():
            gb.add_student(student)
            gb.add_submission(A, student)
            gb.db.commit()
            graded = nbformat.v4.new_notebook(cells=[c.copy() for c in cells])
            for cell in graded.cells[1:]:
                name = cell.metadata["nbgrader"]["grade_id"]
                result = results.get(name)
                grade = gb.find_grade(name, NB, A, student)
                if result is None:
                    continue
                score, err = (result, None) if not isinstance(result, tuple) else result
                if cell.cell_type == "code":
                    grade.auto_score = score
                    cell.outputs = [error(*err)] if err else []
                else:
                    grade.manual_score = score
            gb.db.commit()
            folder = root / "autograded" / student / A
            folder.mkdir(parents=True)
            nbformat.write(graded, folder / f"{NB}.ipynb")
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """One class for the tests that only read it."""
    return make_class(tmp_path_factory.mktemp("course"))


def test_each_exercise_counts_full_partial_and_no_points(course):
    report = class_report(course, A)
    rows = {e.grade_id: (e.full, e.partial, e.none, e.ungraded) for e in report.exercises}
    assert [e.grade_id for e in report.exercises] == [name for name, *_ in CELLS]
    assert rows == {"test_conv2d": (1, 0, 3, 0), "test_conv2d_validation": (3, 0, 1, 0),
                    "test_max_pool2d": (0, 0, 4, 0), "q_receptive_field": (1, 1, 1, 1)}
    assert report.unfinished == ["test_max_pool2d"]
    assert report.grades["ana"] == (5.0, 7.0) and report.grades["cho"] == (0.0, 7.0)


def test_known_mistakes_are_named_most_common_first_and_other_failures_by_first_line(course):
    exercises = {e.grade_id: e for e in class_report(course, A).exercises}
    conv = exercises["test_conv2d"]
    assert conv.mistakes.most_common() == [("the kernel is flipped", 2)]
    assert conv.failures == {"AssertionError: conv2d(x, kernel): It returned None. Did you "
                             "forget the `return` statement?": 1}
    assert exercises["test_max_pool2d"].failures[NOT_ATTEMPTED] == 3
    text = class_report(course, A).text()
    assert f"{KNOWN}the kernel is flipped (2)" in text
    assert "No one finished: test_max_pool2d" in text
    assert "1 not graded by hand yet" in text


def test_a_cell_waiting_for_hand_grading_is_not_unfinished():
    waiting = Exercise("q_pooling", 2, manual=True, none=1, ungraded=3)
    done = Exercise("q_pooling", 2, manual=True, none=1, partial=3)
    assert ClassReport(A, [waiting], {}).unfinished == []
    assert ClassReport(A, [done], {}).unfinished == ["q_pooling"]


def test_the_command_prints_and_writes_csv_and_figure(course, monkeypatch, capsys):
    monkeypatch.chdir(course)   # writes only below .gradelib/, which no other test reads
    assert cli.main(["report", A]) == 0
    out = capsys.readouterr().out
    assert "4 graded students" in out and "wrote .gradelib/grades-00_demo.csv" in out
    with open(course / ".gradelib" / f"grades-{A}.csv") as f:
        grades = {row["student"]: float(row["points"]) for row in csv.DictReader(f)}
    assert grades == {"ana": 5.0, "ben": 2.0, "cho": 0.0, "dan": 1.0}
    with open(course / ".gradelib" / f"report-{A}.csv") as f:
        rows = list(csv.DictReader(f))
    flipped = [r for r in rows if r["failure"] == "the kernel is flipped"]
    assert [(r["exercise"], r["students"], r["known_mistake"]) for r in flipped] == [
        ("test_conv2d", "2", "True"), ("test_max_pool2d", "1", "True")]
    assert (course / ".gradelib" / f"report-{A}.png").stat().st_size > 1000


def test_the_report_renders_in_a_notebook(course):
    html = class_report(course, A)._repr_html_()
    assert "<table>" in html and "known mistake: the kernel is flipped (2)" in html


def test_a_missing_gradebook_or_assignment_is_named(tmp_path, course, monkeypatch, capsys):
    with pytest.raises(FileNotFoundError, match="no gradebook.db"):
        class_report(tmp_path / "elsewhere", A)
    with pytest.raises(ValueError, match="no assignment '01_nothing'"):
        class_report(course, "01_nothing")
    monkeypatch.chdir(course)
    assert cli.main(["report", "01_nothing"]) == 1
    assert "no assignment" in capsys.readouterr().err


def test_an_unreadable_autograded_notebook_is_a_named_failure_not_a_crash(tmp_path):
    course = make_class(tmp_path)
    (course / "autograded" / "dan" / A / f"{NB}.ipynb").write_text("{not json")
    report = class_report(course, A)
    assert report.grades["dan"] == (1.0, 7.0)
    conv = next(e for e in report.exercises if e.grade_id == "test_conv2d")
    assert conv.failures["autograded notebook unreadable: NotJSONError"] == 1


@pytest.mark.parametrize("outputs, want", [
    ([], None),
    ([nbformat.v4.new_output("stream", name="stdout", text="ok")], None),
    ([error(*TODO)], NOT_ATTEMPTED),
    ([error(*BIAS)], KNOWN + "the kernel is flipped"),
    ([error("ValueError", "shapes (2,) and (3,) not aligned")],
     "ValueError: shapes (2,) and (3,) not aligned"),
])
def test_first_failure_reads_the_cells_error(outputs, want):
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = outputs
    assert first_failure(cell) == want
