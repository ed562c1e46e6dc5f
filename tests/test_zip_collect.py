"""Uploads from an LMS: `nbgrader zip_collect` with the course's collector files Canvas
and Moodle downloads (their real file-name patterns, zipped here) under each student's
LMS id, names the file it cannot match, and the collected work grades as usual."""

import subprocess
import zipfile

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import BIN, completed_copy, make_course, nbgrader, read, release_path, tool_env
from gradelib.grading.lms import PATTERNS

A = "00_foundations"


@pytest.mark.parametrize("name, lms, student", [
    (f"doejohn_12345_6789012_{A}.ipynb", "Canvas", "12345"),
    (f"doejohn_LATE_12345_6789012_{A}-1.ipynb", "Canvas", "12345"),      # late, re-uploaded
    (f"doejohn_late_12345_6789012_{A}.ipynb", "Canvas", "12345"),
    (f"Kim Minji_345678_assignsubmission_file_/{A}.ipynb", "Moodle", "345678"),
])
def test_each_lms_file_name_gives_the_student_and_the_notebook(name, lms, student):
    target = name.split("/")[-1] if lms == "Canvas" else name
    match = PATTERNS[lms].match(target)
    assert match and match["student_id"] == student and match["file_id"] == A


@pytest.mark.parametrize("name", [f"{A}.ipynb", f"doejohn_{A}.ipynb",
                                  f"Kim Minji_onlinetext_/{A}.ipynb"])
def test_other_names_match_no_lms(name):
    assert not any(p.match(name.split("/")[-1]) or p.match(name) for p in PATTERNS.values())


@pytest.mark.slow
def test_canvas_and_moodle_zips_are_collected_named_and_graded(tmp_path):
    course = make_course(tmp_path / "course", with_release=False)
    assert nbgrader("generate_assignment", A, "--force", cwd=course).returncode == 0
    archive = course / "downloaded" / A / "archive"
    archive.mkdir(parents=True)
    done = nbformat.writes(completed_copy(A))
    blank = nbformat.writes(read(release_path(A)))
    with zipfile.ZipFile(archive / "canvas-submissions.zip", "w") as z:
        z.writestr(f"doejohn_12345_6789012_{A}.ipynb", done)
        z.writestr(f"roeann_LATE_23456_7890123_{A}-1.ipynb", blank)
        z.writestr("stray_upload.ipynb", blank)
    with zipfile.ZipFile(archive / "moodle-submissions.zip", "w") as z:
        z.writestr(f"Kim Minji_345678_assignsubmission_file_/{A}.ipynb", done)
    result = nbgrader("zip_collect", A, cwd=course)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    for student in ["12345", "23456", "345678"]:
        assert (course / "submitted" / student / A / f"{A}.ipynb").is_file(), log[-3000:]
    assert "Matches no Canvas or Moodle file name, skipped" in log and "stray_upload" in log
    graded = subprocess.run(
        [str(BIN / "gradelib"), "autograde", A, "--student", "12345"],   # one unit: ~30 s
        cwd=course, env=tool_env(), capture_output=True, text=True, timeout=900)
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission(A, "12345").code_score == gb.find_assignment(A).max_code_score
