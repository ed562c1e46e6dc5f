"""The pre-pass that mends careless submissions, the audit's code scan and snapshots,
and the sandbox, each on small inputs. (A whole batch through them is graded in
test_autograde.py.)"""

import os
import subprocess
import sys
import tempfile

import nbformat
import pytest

from conftest import ROOT, completed_copy, read, release_path, source_path
from gradelib.grading import audit
from gradelib.grading.mend import mend
from gradelib.grading.sandbox import SandboxedKernelManager, bwrap_command, bwrap_works

A = "00_foundations"


def handed_in(tmp_path, nb, name=f"{A}.ipynb"):
    folder = tmp_path / "submitted" / "ann" / A
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / name)
    return folder


def test_an_honest_submission_is_graded_as_it_is(tmp_path):
    folder = handed_in(tmp_path, completed_copy(A))
    mended = mend(folder, A, source_path(A), tmp_path / "mended")
    assert mended.folder == folder and not mended.notes


def test_a_notebook_under_another_name_is_graded_under_its_own(tmp_path):
    folder = handed_in(tmp_path, completed_copy(A), f"{A}-Copy1.ipynb")
    before = sorted(p.name for p in folder.iterdir())
    mended = mend(folder, A, source_path(A), tmp_path / "mended")
    assert [p.name for p in mended.folder.glob("*.ipynb")] == [f"{A}.ipynb"]
    assert "Copy1" in mended.notes[0]
    assert sorted(p.name for p in folder.iterdir()) == before  # the submission is untouched


def test_copied_test_cell_unknown_id_schema_and_exit_are_mended_in_a_copy(tmp_path):
    nb = completed_copy(A)
    [test] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
              == "test_conv2d"]
    nb.cells.append(nbformat.from_dict(dict(test)))                 # a copied test cell
    stray = nbformat.v4.new_code_cell("x = 1")
    stray.metadata["nbgrader"] = {"grade_id": "from_another_notebook", "grade": False,
                                  "solution": True, "locked": False, "schema_version": 3}
    nb.cells.append(stray)
    nb.cells[1].metadata.setdefault("nbgrader", {})["schema_version"] = 99
    nb.cells.append(nbformat.v4.new_code_cell("print('done')\nexit()"))
    folder = handed_in(tmp_path, nb)
    original = (folder / f"{A}.ipynb").read_bytes()
    mended = mend(folder, A, source_path(A), tmp_path / "mended")
    text = "\n".join(mended.notes)
    for expected in ["a second cell with grade_id 'test_conv2d'",
                     "an unknown grade_id 'from_another_notebook'", "schema_version 99",
                     "exit() removed"]:
        assert expected in text, text
    fixed = read(mended.folder / f"{A}.ipynb")
    ids = [c.metadata["nbgrader"]["grade_id"] for c in fixed.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)) and "from_another_notebook" not in ids
    assert "exit()" not in fixed.cells[-1].source.split("#")[0]
    assert (folder / f"{A}.ipynb").read_bytes() == original


def test_a_broken_file_is_left_to_the_grading_unit(tmp_path):
    folder = tmp_path / "submitted" / "ann" / A
    folder.mkdir(parents=True)
    (folder / f"{A}.ipynb").write_text("{ not json")
    assert not mend(folder, A, source_path(A), tmp_path / "mended").changed


@pytest.mark.parametrize("code, expected", [
    ("import gradelib\ngradelib.check_close = lambda *a, **k: 0", "assigns gradelib.check_close"),
    ("import numpy as np\nnp.allclose = lambda *a, **k: True", "assigns np.allclose"),
    ("import gradelib.checks\ngradelib.checks.fail = print", "assigns gradelib.checks.fail"),
    ("get_ipython().events.register('pre_run_cell', f)", "the kernel (get_ipython)"),
    ("print(In[-1])", "the input history (In)"),
    ("print(open('../../../gradebook.db', 'rb').read())", "the file system (open)"),
    ("import sqlite3", "imports sqlite3"),
    ("import subprocess as sp", "imports subprocess"),
    ("from linecache import getlines", "imports linecache"),
    ("import inspect", "imports inspect"),
    ("__import__('o' + 's').system('x')", "an import by string"),
    ("getattr(__builtins__, 'op' + 'en')", "computed attribute name"),
    ("f.__globals__['x'] = 1", "reaches __globals__"),
    ("exec(code)", "code run from a string (exec)"),
    ("if True\n    import os", "(does not parse) mentions os"),
])
def test_the_scan_flags_code_that_reaches_outside_the_answer(code, expected):
    flags = audit.scan_code(code)
    assert any(expected in f for f in flags), flags


@pytest.mark.parametrize("code", [
    "import numpy as np\n\ndef conv2d(image, kernel):\n    out = np.zeros(3)\n    out[0] = 1\n"
    "    return out",
    "import tensorflow as tf\nlayer = tf.keras.layers.Dense(3)\nlayer.trainable = False",
    "x = {'a': 1}\nx['a'] = 2\nclass A:\n    pass\nA.b = 3",
])
def test_the_scan_leaves_ordinary_answers_alone(code):
    assert audit.scan_code(code) == []


def test_an_attribute_of_a_module_imported_in_another_cell_is_flagged():
    nb = completed_copy(A)
    [answer] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "conv2d"]
    answer.source = "np.allclose = lambda *a, **k: True\n" + answer.source
    flags = audit.scan_submission_nb(nb, read(release_path(A)))
    assert any("assigns np.allclose" in f for f in flags), flags


def test_submission_scan_reads_answers_and_added_cells_only():
    nb = completed_copy(A)
    nb.cells.append(nbformat.v4.new_code_cell("import os\nos.listdir('..')"))
    flags = audit.scan_submission_nb(nb, read(release_path(A)))
    assert flags and all(f.startswith(f"cell {len(nb.cells) - 1}") for f in flags), flags


def test_snapshot_sees_a_changed_course_file_but_not_grading_outputs(tmp_path):
    (tmp_path / "gradelib").mkdir()
    (tmp_path / "gradelib" / "checks.py").write_text("x = 1\n")
    (tmp_path / "autograded").mkdir()
    before = audit.snapshot(tmp_path)
    (tmp_path / "gradelib" / "checks.py").write_text("x = 1\nimport os\n")
    (tmp_path / "autograded" / "out.ipynb").write_text("{}")
    (tmp_path / "gradebook.db").write_text("")
    assert audit.changed_files(before, audit.snapshot(tmp_path)) == ["gradelib/checks.py"]


def test_a_process_left_in_a_folder_is_found(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                               cwd=tmp_path)
    try:
        assert any(line.startswith(f"{process.pid}:")
                   for line in audit.leftover_processes(tmp_path))
    finally:
        process.kill()
        process.wait()
    assert not audit.leftover_processes(tmp_path)


def test_sandbox_command_hides_the_course_and_puts_back_what_the_kernel_needs(tmp_path):
    course = tmp_path / "course"
    work = course / "autograded" / "ann" / A
    (course / "data").mkdir(parents=True)
    work.mkdir(parents=True)
    command = bwrap_command(work, [course], [course / "data"])
    assert command[command.index("--tmpfs") + 1] == str(course.resolve())
    pairs = list(zip(command, command[1:], command[2:], strict=False))
    assert ("--ro-bind", str((course / "data").resolve()), str((course / "data").resolve())) \
        in pairs
    assert ("--bind", str(work.resolve()), str(work.resolve())) in pairs
    assert ("--ro-bind", str(course.resolve()), str(course.resolve())) not in pairs


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not installed here")
def test_the_temporary_folder_is_hidden_wherever_tmpdir_points(tmp_path, monkeypatch):
    """Grading units are forked by a server listening on a socket in the temporary
    folder; a kernel that could connect to it could have code run outside the sandbox."""
    scratch, course = tmp_path / "scratch", tmp_path / "course"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)   # read TMPDIR again
    prefix = SandboxedKernelManager(course_root=str(course)).sandbox_prefix(tmp_path)
    assert ("--tmpfs", str(scratch.resolve())) in list(zip(prefix, prefix[1:], strict=False))


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not installed here")
def test_inside_the_sandbox_only_the_submission_and_data_are_readable(tmp_path):
    course = tmp_path / "course"
    work = course / "autograded" / "ann" / A
    for folder in [course / "data", course / "judges", work]:
        folder.mkdir(parents=True)
    (course / "gradebook.db").write_text("scores")
    (course / "judges" / f"{A}.py").write_text("hidden")
    (course / "data" / "d.txt").write_text("data")
    probe = ("import os, sys\n"
             "print(sorted(os.listdir('../../..')))\n"
             "print(os.path.exists('../../../gradebook.db'), open('../../../data/d.txt').read())\n"
             "open('mine.txt', 'w').write('ok')\n"
             "try:\n    open('../../../data/new.txt', 'w')\n"
             "except OSError:\n    print('read-only')\n"
             "print(len([p for p in os.listdir('/proc') if p.isdigit()]))\n")
    command = bwrap_command(work, [course, tmp_path], [course / "data"])
    result = subprocess.run([*command, sys.executable, "-c", probe], capture_output=True,
                            text=True, timeout=60, env={**os.environ})
    assert result.returncode == 0, result.stderr
    listing, exists_and_data, readonly, processes = result.stdout.splitlines()
    assert listing == "['autograded', 'data']"
    assert exists_and_data == "False data" and readonly == "read-only"
    assert int(processes) <= 3  # its own namespace: bwrap's init, python
    assert (work / "mine.txt").read_text() == "ok"
    assert (course / "gradebook.db").read_text() == "scores"


def test_the_course_config_turns_the_sandbox_and_judges_on():
    text = (ROOT / "nbgrader_config.py").read_text()
    assert "c.SandboxedKernelManager.course_root" in text and "ExecuteAndJudge" in text


def test_a_flood_of_images_is_cut_but_errors_and_stderr_stay():
    from gradelib.grading.preprocessors import MAX_CELL_OUTPUT_BYTES, LimitOutputSize

    image = nbformat.v4.new_output("display_data", data={"image/png": "A" * 300_000})
    cell = nbformat.v4.new_code_cell("for _ in range(100): plt.show()")
    cell.outputs = [image] * 20 + [
        nbformat.v4.new_output("stream", name="stderr", text="Traceback..."),
        nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[])]
    LimitOutputSize().preprocess_cell(cell, {}, 0)
    kinds = [o.output_type for o in cell.outputs]
    kept = kinds.count("display_data")
    assert 0 < kept <= MAX_CELL_OUTPUT_BYTES // 300_000
    assert "error" in kinds and any(o.get("name") == "stderr" for o in cell.outputs)
    assert f"{20 - kept} more outputs not kept" in cell.outputs[-1].text


def test_feedback_hides_what_added_cells_printed(tmp_path):
    from gradelib.grading.preprocessors import ClearAddedCellOutputs

    release = read(release_path(A))
    nb = completed_copy(A)
    given = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)
    given.outputs = [nbformat.v4.new_output("stream", name="stdout", text="course output")]
    added = nbformat.v4.new_code_cell("print(open('x').read())")
    added.outputs = [nbformat.v4.new_output("stream", name="stdout", text="whatever it read")]
    nb.cells.append(added)
    folder = tmp_path / A
    folder.mkdir()
    nbformat.write(release, folder / f"{A}.ipynb")
    ClearAddedCellOutputs(release_directory=str(tmp_path)).preprocess(
        nb, {"nbgrader": {"assignment": A, "notebook": A}})
    assert added.outputs[0].text.startswith("(Outputs of cells you added")
    assert given.outputs[0].text == "course output"


def test_the_audit_scans_the_notebook_that_was_graded(tmp_path):
    """A renamed submission is graded from its mended copy: its code is scanned there."""
    from gradelib.grading.batch import Unit, audit_unit

    nb = completed_copy(A)
    nb.cells.append(nbformat.v4.new_code_cell("import sqlite3"))
    folder = handed_in(tmp_path, nb, f"{A}-Copy1.ipynb")
    (tmp_path / "notebooks" / A).mkdir(parents=True)
    nbformat.write(read(release_path(A)), tmp_path / "notebooks" / A / f"{A}.ipynb")
    unit = Unit("ann", graded_from=mend(folder, A, source_path(A), tmp_path / "mended").folder)
    audit_unit(tmp_path, A, unit)
    assert any("imports sqlite3" in flag for flag in unit.flags), unit.flags
