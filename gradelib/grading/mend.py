"""The pre-pass: careless but honest submissions are mended in a copy before grading.

nbgrader gives such a submission 0 or stops on it: a notebook saved under another
name (``00_foundations-Copy1.ipynb``), a copied test cell (two cells with one
grade_id: ``KeyError`` in ``add_missing_task_cells``), a cell with nbgrader metadata
from another notebook or a future nbgrader (an unknown grade_id, ``schema_version``
99), or an ``exit()`` that ends the kernel. Where the intent is clear, :func:`mend`
writes a mended copy of the submission folder and says what it changed; the submitted
files are never touched. What cannot be mended (a file that is not a notebook) is
left to the grading unit, which reports it by name.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..i18n import add, text

# the notes, printed in gradelib autograde's summary and kept in its CSV
add({
    "mend: schema_version": {
        "en": "cell {index}: nbgrader schema_version {old!r} set to {new}",
        "ko": "셀 {index}: nbgrader schema_version {old!r}을(를) {new}(으)로 바꿨습니다",
    },
    "mend: second grade_id": {
        "en": "cell {index}: a second cell with grade_id {grade_id!r} is graded as a plain "
              "cell (its code still runs)",
        "ko": "셀 {index}: grade_id {grade_id!r}이(가) 같은 두 번째 셀이라 일반 셀로 "
              "채점합니다(코드는 그대로 실행됩니다)",
    },
    "mend: unknown grade_id": {
        "en": "cell {index}: an unknown grade_id {grade_id!r} is graded as a plain cell (its "
              "code still runs)",
        "ko": "셀 {index}: 알 수 없는 grade_id {grade_id!r}의 셀이라 일반 셀로 "
              "채점합니다(코드는 그대로 실행됩니다)",
    },
    "mend: exit removed": {
        "en": "cell {index}: {line} removed (it would end the kernel)",
        "ko": "셀 {index}: {line}을(를) 지웠습니다(커널이 종료되므로)",
    },
    "mend: renamed": {
        "en": "{found} graded as {expected} (the only notebook handed in)",
        "ko": "{found}을(를) {expected}(으)로 채점합니다(제출한 노트북이 하나뿐입니다)",
    },
})

SCHEMA_VERSION = 3
EXIT_LINE = re.compile(r"^(?:(?:sys|os)\.)?(?:exit|quit|_exit)\(.*\)\s*(?:#.*)?$")


@dataclass
class Mended:
    """What the pre-pass did to one submission: ``folder`` is where to grade it from
    (the submitted folder itself when nothing needed mending); ``notes`` say what
    changed, one line each."""

    folder: Path
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.notes)


def _grade_ids(nb) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if "grade_id" in c.get("metadata", {}).get("nbgrader", {})]


def mend_notebook(nb: nbformat.NotebookNode, known_ids: set[str]) -> list[str]:
    """Mend ``nb`` in place; the notes of what changed."""
    notes = []
    seen = set()
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is not None and meta.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
            notes.append(text("mend: schema_version", index=index,
                              old=meta.get("schema_version"), new=SCHEMA_VERSION))
            meta["schema_version"] = SCHEMA_VERSION
        grade_id = (meta or {}).get("grade_id")
        if grade_id is not None and (grade_id in seen or grade_id not in known_ids):
            why = "mend: second grade_id" if grade_id in seen else "mend: unknown grade_id"
            notes.append(text(why, index=index, grade_id=grade_id))
            del cell.metadata["nbgrader"]
        elif grade_id is not None:
            seen.add(grade_id)
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            for n, line in enumerate(lines):
                if EXIT_LINE.match(line):
                    lines[n] = f"pass  # {line.strip()} (removed before grading)"
                    notes.append(text("mend: exit removed", index=index, line=line.strip()))
            cell.source = "\n".join(lines)
    return notes


def mend(submitted: Path, assignment: str, source: Path, mended_root: Path) -> Mended:
    """Mend the submission folder ``submitted`` (``submitted/<student>/<assignment>``)
    in a copy under ``mended_root/<student>/<assignment>`` when it needs it.

    Args:
        submitted: the student's submission folder (never modified).
        assignment: the assignment (and notebook) name.
        source: the source notebook, for the grade_ids the submission may hold.
        mended_root: where mended copies go (a folder nbgrader can read submissions from).

    Returns:
        :class:`Mended`; unreadable notebooks are left as they are.
    """
    expected = submitted / f"{assignment}.ipynb"
    notebooks = sorted(submitted.glob("*.ipynb"))
    rename = None
    if not expected.exists() and len(notebooks) == 1:
        rename = notebooks[0]
    target = rename or expected
    if not target.exists():
        return Mended(submitted)
    try:
        nb = nbformat.read(target, as_version=4)
    except Exception:
        return Mended(submitted)  # not a notebook: the grading unit reports it
    known = set(_grade_ids(nbformat.read(source, as_version=4)))
    notes = mend_notebook(nb, known)
    if rename:
        notes.insert(0, text("mend: renamed", found=rename.name, expected=expected.name))
    if not notes:
        return Mended(submitted)
    copy = mended_root / submitted.parent.name / submitted.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(submitted, copy)
    if rename:
        (copy / rename.name).unlink()
    nbformat.write(nb, copy / expected.name)
    shutil.copystat(target, copy / expected.name)
    return Mended(copy, notes)
