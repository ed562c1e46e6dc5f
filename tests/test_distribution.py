"""The student distribution (`gradelib distribute`): gradelib's wheel with every
subpackage and data file, the released notebooks unchanged, no answer and no hidden
test inside; installed into a fresh virtual environment away from the checkout, a
released notebook runs its visible checks with it.

The fresh environment gets gradelib only from the wheel (``pip install --no-deps``);
its third-party packages (TensorFlow, JupyterLab, nbgrader, ...) are this test
environment's, reached through a ``.pth`` line, so the test does not download or
unpack TensorFlow again. The wheel's dependency list is pyproject.toml's, the same one
this environment was installed from.
"""

import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import (
    BIN,
    ROOT,
    assignments,
    completed_copy,
    readable_notebooks,
    readable_secrets,
    release_path,
    secret_lines,
    tool_env,
)
from gradelib.grading.distribution import build_student_distribution

pytestmark = pytest.mark.slow

NOTEBOOK = "00_foundations"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "student"
    result = subprocess.run([str(BIN / "gradelib"), "distribute", str(out)], cwd=ROOT,
                            env=tool_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def wheel(dist):
    (path,) = dist.glob("gradelib-*.whl")
    return path


@pytest.fixture(scope="module")
def student_python(dist, wheel, tmp_path_factory):
    """A fresh venv, away from the checkout, with the wheel installed in it."""
    venv = tmp_path_factory.mktemp("student") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True, check=True)
    (Path(site.stdout.strip()) / "course_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n")
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet",
                             str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return python


def student_env(python: Path) -> dict:
    env = {k: v for k, v in tool_env().items()
           if k not in {"PYTHONPATH", "GRADELIB_DATA", "VIRTUAL_ENV"}}
    env["PATH"] = f"{python.parent}{os.pathsep}{env['PATH']}"
    return env


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"gradelib/{p.relative_to(ROOT / 'gradelib').as_posix()}"
               for p in (ROOT / "gradelib").rglob("*.py") if "__pycache__" not in p.parts}
    data = {f"gradelib/course_data/{p.relative_to(ROOT / 'data').as_posix()}"
            for p in (ROOT / "data").rglob("*") if p.is_file() and p.suffix != ".py"}
    assert {"gradelib/mistakes/__init__.py", "gradelib/grading/judge.py"} <= modules
    assert modules - names == set(), "modules missing from the wheel"
    assert data - names == set(), "data files missing from the wheel (pyproject's package-data)"
    outside = {n for n in names if not n.startswith(("gradelib/", "gradelib-"))}
    assert outside == set()


def test_the_released_notebooks_come_unchanged(dist, wheel):
    files = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}
    released = {release_path(a).relative_to(ROOT).as_posix() for a in assignments()}
    assert files == released | {wheel.name, "README.md"}
    for name in released:
        assert (dist / name).read_bytes() == (ROOT / name).read_bytes(), name
    archived = set(zipfile.ZipFile(dist.with_name("student.zip")).namelist())
    assert {f"student/{name}" for name in files} <= archived
    assert wheel.name in (dist / "README.md").read_text()


def test_no_answer_or_hidden_test_is_inside(dist, wheel, tmp_path):
    """As test_leaks scans the checkout: the wheel must hold no secret of any notebook
    (answers, hidden tests, judges), and each notebook none of its own or an earlier
    one's (a later notebook may show an earlier answer as ready code)."""
    zipfile.ZipFile(wheel).extractall(tmp_path / "wheel")
    for assignment in assignments():
        lines = secret_lines(assignment)
        assert len(lines) > 10   # the scan has something to find
        folders = [tmp_path / "wheel", *(dist / "notebooks" / earlier
                                         for earlier in readable_notebooks(assignment))]
        leaks = [leak for folder in folders for leak in readable_secrets(folder, lines)]
        assert leaks == [], (assignment, leaks[:5])
        assert [line for line in lines if line in (dist / "README.md").read_text()] == []


def test_the_builder_refuses_a_source_notebook(tmp_path):
    course = tmp_path / "course"
    for folder in ("gradelib", "data"):
        (course / folder).mkdir(parents=True)
    for file in ("pyproject.toml", "README.md"):
        (course / file).write_text("")
    leaked = course / "notebooks" / NOTEBOOK / f"{NOTEBOOK}.ipynb"
    leaked.parent.mkdir(parents=True)
    leaked.write_text((ROOT / "solutions" / NOTEBOOK / f"{NOTEBOOK}.ipynb").read_text())
    with pytest.raises(ValueError, match=f"{NOTEBOOK}.ipynb holds 'BEGIN SOLUTION'"):
        build_student_distribution(course, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_student_install_finds_gradelib_and_its_data_in_the_venv(dist, student_python):
    probe = ("import json, gradelib, gradelib.mistakes.dcgan, gradelib.grading.selfcheck; "
             "print(json.dumps([gradelib.__file__, str(gradelib.data_dir())]))")
    result = subprocess.run([str(student_python), "-c", probe], cwd=dist,
                            env=student_env(student_python), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    module, data = json.loads(result.stdout.strip().splitlines()[-1])
    venv = student_python.parent.parent
    assert Path(module).is_relative_to(venv), f"gradelib came from {module}, not the wheel"
    assert Path(data).is_relative_to(venv) and Path(data).name == "course_data"
    assert not Path(data).is_relative_to(ROOT)


def test_a_released_notebook_runs_its_visible_checks_from_the_wheel(dist, student_python):
    gradelib = student_python.parent / "gradelib"
    env = student_env(student_python)
    untouched = dist / "notebooks" / NOTEBOOK / f"{NOTEBOOK}.ipynb"
    result = subprocess.run([str(gradelib), "check", str(untouched)], cwd=dist, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ImportError" not in result.stdout + result.stderr
    assert "conv2d() is not implemented yet" in result.stdout, result.stdout
    assert "automatic points: 0/" in result.stdout

    solved = untouched.with_name("solved.ipynb")
    nbformat.write(completed_copy(NOTEBOOK), solved)
    result = subprocess.run([str(gradelib), "check", str(solved)], cwd=dist, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    points = re.search(r"automatic points: (\d+)/(\d+)", result.stdout)
    assert points and points[1] == points[2] != "0", result.stdout
