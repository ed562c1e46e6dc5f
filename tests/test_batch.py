"""gradelib autograde's batch: each unit writes a copy of the gradebook and the batch
moves that student's submission into the course's gradebook, one writer however many
units run; N units at a time grade as one at a time does. (The big adversarial batch,
graded one unit at a time, is in test_autograde.py.)"""

import shutil
import sqlite3
import subprocess

import pytest
from nbgrader.api import Gradebook
from test_autograde import partial_copy
from test_report import NB, A, make_class

from conftest import (
    BIN,
    completed_copy,
    make_course,
    nbgrader,
    submit,
    tool_env,
)
from gradelib.grading.batch import autograde, copy_gradebook, merge_submission
from gradelib.grading.report import class_report


def rows(gradebook, table):
    with sqlite3.connect(gradebook) as db:
        return sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@pytest.fixture
def course(tmp_path):
    return make_class(tmp_path / "course")


def test_a_merge_replaces_one_students_submission_and_nothing_else(course, tmp_path):
    gradebook, unit = course / "gradebook.db", tmp_path / "unit.db"
    copy_gradebook(gradebook, unit)
    with Gradebook(f"sqlite:///{unit}") as gb:   # what the unit wrote: ana regraded, ben too
        for student in ("ana", "ben"):
            gb.find_grade("test_max_pool2d", NB, A, student).auto_score = 2.0
        gb.db.commit()
    before = class_report(course, A).grades
    merge_submission(gradebook, unit, A, "ana")
    after = class_report(course, A).grades
    assert after["ana"] == (before["ana"][0] + 2, before["ana"][1])
    assert {s: g for s, g in after.items() if s != "ana"} == \
        {s: g for s, g in before.items() if s != "ana"}   # ben's regrade was not merged
    for table in ("submitted_assignment", "submitted_notebook", "grade", "comment"):
        assert len(rows(gradebook, table)) == len(rows(unit, table)), table


def test_a_new_student_is_added_with_their_submission(course, tmp_path):
    gradebook, unit = course / "gradebook.db", tmp_path / "unit.db"
    copy_gradebook(gradebook, unit)
    with Gradebook(f"sqlite:///{unit}") as gb:
        gb.add_student("eve")
        gb.add_submission(A, "eve")
    merge_submission(gradebook, unit, A, "eve")
    assert rows(gradebook, "grade") == rows(unit, "grade")
    assert rows(gradebook, "student") == rows(unit, "student")
    merge_submission(gradebook, unit, A, "eve")         # again: replaced, not doubled
    assert rows(gradebook, "grade") == rows(unit, "grade")


def test_a_merge_of_an_unknown_assignment_changes_nothing(course, tmp_path):
    gradebook, unit = course / "gradebook.db", tmp_path / "unit.db"
    shutil.copy(gradebook, unit)
    before = rows(gradebook, "grade")
    with pytest.raises(ValueError, match="no assignment 99_nothing"):
        merge_submission(gradebook, unit, "99_nothing", "ana")
    assert rows(gradebook, "grade") == before


def test_the_batch_refuses_bad_workers_and_a_course_without_its_gradebook(tmp_path):
    with pytest.raises(ValueError, match="workers"):
        autograde(tmp_path, A, workers=0)
    with pytest.raises(FileNotFoundError, match="generate_assignment"):
        autograde(tmp_path, A)
    result = subprocess.run([str(BIN / "gradelib"), "autograde", A], cwd=tmp_path,
                            env=tool_env(), capture_output=True, text=True)
    assert result.returncode == 1 and "no gradebook.db" in result.stderr


@pytest.mark.parametrize("language, says", [
    ("en", "gradelib autograde: "),
    ("ko", "gradelib autograde: Dask 스케줄러에 연결할 수 없습니다: "),   # Dask's words follow
], ids=["en", "ko"])
def test_an_unreachable_scheduler_is_reported_by_name(course, language, says):
    env = tool_env(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s", GRADELIB_LANG=language)
    result = subprocess.run([str(BIN / "gradelib"), "autograde", A, "--scheduler",
                             "tcp://127.0.0.1:9"], cwd=course, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith(says) and "127.0.0.1:9" in result.stderr


@pytest.fixture(scope="module")
def dask_scheduler():
    """A Dask LocalCluster of two one-thread worker processes on loopback, not daemonic
    (as the README tells instructors), so that they may fork grading units."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                         dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["two threads", "a Dask cluster of two workers"])
def test_parallel_units_grade_as_one_does(tmp_path, request, engine):
    """Two students of 00 graded at once (threads here, or a local Dask cluster): each
    gets the points a serial grading gives (all automatic points; all but the exercise
    left as released), and the gradebook holds each submission once."""
    assignment = "00_foundations"
    course = make_course(tmp_path / "course", with_release=False)
    assert nbgrader("generate_assignment", assignment, "--force", cwd=course).returncode == 0
    works = {"complete": completed_copy(assignment), "partial": partial_copy(assignment)}
    for student, nb in works.items():
        submit(course, student, assignment, nb)
    how = (["--workers", "2"] if engine == "two threads"
           else ["--scheduler", request.getfixturevalue("dask_scheduler")])
    result = subprocess.run([str(BIN / "gradelib"), "autograde", assignment, *how],
                            cwd=course, env=tool_env(), capture_output=True, text=True,
                            timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    report = class_report(course, assignment)
    automatic = sum(e.max_points for e in report.exercises if not e.manual)
    left_out = sum(e.max_points for e in report.exercises if "max_pool2d" in e.grade_id)
    assert {s: p for s, (p, _) in report.grades.items()} == \
        {"complete": automatic, "partial": automatic - left_out}
    assert len(rows(course / "gradebook.db", "submitted_assignment")) == 2
    assert list((course / ".gradelib" / "units").iterdir()) == []   # the copies are gone
