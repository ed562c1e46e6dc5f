"""The student distribution: what a class installs, with nothing of the answers.

Run from the course folder::

    gradelib distribute dist/student

It makes ``dist/student/`` and ``dist/student.zip`` holding

- ``gradelib-<version>-py3-none-any.whl``: gradelib with every subpackage and the
  course's ``data/`` (as ``gradelib/course_data``), built by pip from a copy of
  ``pyproject.toml``, ``README.md``, ``gradelib/`` and ``data/`` only;
- ``notebooks/NN_slug/NN_slug.ipynb``: the released (student) notebooks, as
  ``nbgrader generate_assignment`` wrote them into ``notebooks/``;
- ``README.md``: how a student installs it and opens the notebooks.

``solutions/``, ``judges/`` and ``sources/`` (every answer and hidden test) are never
read. A notebook that still holds an answer region is refused (the instructor copied a
source notebook into ``notebooks/`` by mistake).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..i18n import add, text

# what nbgrader's generate_assignment removes; still there means a source notebook
SECRET_MARKERS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS")
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "gradelib", "data")

STUDENT_README = """\
# Generative deep learning: the student notebooks

This folder holds the course's notebooks and `gradelib`, the package they import
(checks with feedback, the course's data, widgets). Set up once (Python 3.10 or newer):

```bash
python3 -m venv .venv
. .venv/bin/activate             # Windows: .venv\\Scripts\\activate
pip install {wheel}
```

Then open the notebooks, in order:

```bash
jupyter lab --notebook-dir=notebooks
```

Each notebook runs on a laptop CPU. Check your work before you hand it in (the same
visible tests the grader runs; the grader adds hidden ones):

```bash
gradelib check notebooks/00_foundations/00_foundations.ipynb
```

In a class on nbgrader's exchange, fetch and submit from JupyterLab's Assignments tab
(or `nbgrader fetch_assignment` / `nbgrader submit`) as your instructor says; the
notebooks here are the same ones.
"""


add({
    "distribute: exists": {
        "en": "{path} exists; remove it or choose another folder",
        "ko": "{path}이(가) 이미 있습니다: 지우거나 다른 폴더를 지정하세요",
    },
    "distribute: not the course folder": {
        "en": "{root} is not the course folder: no {missing}",
        "ko": "{root}은(는) 과정 폴더가 아닙니다: {missing}이(가) 없습니다",
    },
    "distribute: no notebooks": {
        "en": "no released notebooks in {folder}: run nbgrader generate_assignment first",
        "ko": "{folder}에 배포본 노트북이 없습니다: 먼저 nbgrader generate_assignment을(를) "
              "실행하세요",
    },
    "distribute: source notebook": {
        "en": "{notebook} holds '{marker}': it is a source notebook, not a released one "
              "(nbgrader generate_assignment)",
        "ko": "{notebook}에 '{marker}'이(가) 있습니다: 배포본이 아니라 원본(source) "
              "노트북입니다(nbgrader generate_assignment)",
    },
    "distribute: no wheel": {
        "en": "pip could not build gradelib's wheel:\n{output}",
        "ko": "pip가 gradelib의 wheel을 빌드하지 못했습니다:\n{output}",
    },
})


def build_student_distribution(course_root: str | Path, out: str | Path) -> Path:
    """Build the student distribution of the course at ``course_root`` into ``out``.

    Args:
        course_root: the course folder (with ``pyproject.toml``, ``gradelib/``,
            ``data/`` and the released ``notebooks/``).
        out: the folder to make; it must not exist (nothing is overwritten). A zip of
            it is written beside it as ``<out>.zip``.

    Returns:
        The path of the wheel inside ``out``.

    Raises:
        FileExistsError: if ``out`` or ``<out>.zip`` exists.
        FileNotFoundError: if the course folder lacks a file the build needs, or
            ``notebooks/`` holds no notebook.
        ValueError: if a notebook in ``notebooks/`` still holds a solution or hidden
            test region (naming the notebook).
        RuntimeError: if pip cannot build the wheel (with pip's output).
    """
    root, out = Path(course_root).resolve(), Path(out).resolve()
    archive = out.with_name(out.name + ".zip")
    for path in (out, archive):
        if path.exists():
            raise FileExistsError(text("distribute: exists", path=path))
    missing = [name for name in PACKAGE_SOURCES if not (root / name).exists()]
    if missing:
        raise FileNotFoundError(text("distribute: not the course folder", root=root,
                                     missing=", ".join(missing)))
    notebooks = sorted((root / "notebooks").glob("*/*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(text("distribute: no notebooks", folder=root / "notebooks"))
    for notebook in notebooks:
        content = notebook.read_text()
        marker = next((m for m in SECRET_MARKERS if m in content), None)
        if marker:
            raise ValueError(text("distribute: source notebook",
                                  notebook=notebook.relative_to(root), marker=marker))

    out.mkdir(parents=True)
    try:
        wheel = _build_wheel(root, out)
        for notebook in notebooks:
            target = out / notebook.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(notebook, target)
        (out / "README.md").write_text(STUDENT_README.format(wheel=wheel.name))
        shutil.make_archive(str(out), "zip", root_dir=out.parent, base_dir=out.name)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return wheel


def _build_wheel(root: Path, out: Path) -> Path:
    # Build from a copy holding only the package's sources, so nothing else in the
    # course folder (answers, gradebook, build leftovers) can be swept into the wheel.
    with tempfile.TemporaryDirectory() as tmp:
        for name in PACKAGE_SOURCES:
            source, target = root / name, Path(tmp) / name
            if source.is_dir():
                shutil.copytree(source, target,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, target)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
             str(out), tmp], capture_output=True, text=True)
    wheels = list(out.glob("gradelib-*.whl"))
    if result.returncode or len(wheels) != 1:
        raise RuntimeError(text("distribute: no wheel", output=result.stdout + result.stderr))
    return wheels[0]

