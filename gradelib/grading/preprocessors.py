"""What the course adds to nbgrader, used by ``nbgrader_config.py`` and ``gradelib check``.

* :data:`STDERR_NOISE`: nbgrader gives a test cell zero points when it writes to
  stderr. TensorFlow's C++ logs, absl/Keras log lines and Python warnings
  (``RuntimeWarning: divide by zero encountered in log`` from a correct
  ``np.where(p > 0, p * np.log(p), 0)``) are not failures, so nbgrader's
  ``IgnorePattern`` preprocessor drops stderr outputs that match this pattern.
* :class:`ClearAddedCellOutputs`: feedback does not show what cells a student added
  printed during grading.
* :class:`NoCreditByDisplay`: nbgrader reads a test cell's first ``execute_result``
  as a partial score (``nbgrader.utils.determine_grade``), so a student's function
  that calls ``sys.displayhook("ok")`` before failing would earn full points. This
  turns every ``execute_result`` of a test cell into ``display_data`` (still shown,
  never a score), so a test cell scores by its errors alone.
* :class:`LimitOutputSize`: nbgrader's ``LimitOutput`` caps lines, not bytes, so one
  ``print`` of a 50 MB string lands whole in the autograded notebook and its
  feedback. This cuts every text output to :data:`MAX_OUTPUT_CHARS` characters
  and says how much was cut, and keeps at most :data:`MAX_CELL_OUTPUT_BYTES` of
  displayed data (a flood of images) per cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbgrader import utils as nbutils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

STDERR_NOISE = (
    r"(?m)"
    r"\b\w*Warning: "                                   # Python warnings
    r"|^WARNING:"                                       # absl / Keras logging
    r"|^[IWEF]\d{4} \d\d:\d\d:\d\d"                     # absl C++ log lines
    r"|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] "   # TensorFlow C++ log lines
    r"|oneDNN|tensorflow|cuda|TF-TRT"
)


def is_autograded_test(cell) -> bool:
    """An autograded test cell: graded code that is not an answer."""
    return (cell.cell_type == "code" and nbutils.is_grade(cell)
            and not nbutils.is_solution(cell))


class ClearAddedCellOutputs(NbGraderPreprocessor):
    """nbgrader preprocessor for ``generate_feedback``: the outputs of code cells the
    student added (code in no cell of the released notebook, and no nbgrader metadata)
    are replaced by a note, so that feedback shows the course's cells and the student's
    answers, not whatever an extra cell printed during grading."""

    release_directory = Unicode(
        "notebooks", help="The released student notebooks, <folder>/<assignment>/<nb>.ipynb"
    ).tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        release = (Path(self.release_directory) / info.get("assignment", "")
                   / f"{info.get('notebook', '')}.ipynb")
        self._given = ({c.source for c in nbformat.read(release, as_version=4).cells
                        if c.cell_type == "code"} if release.is_file() else None)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if (self._given is not None and cell.cell_type == "code" and cell.get("outputs")
                and "nbgrader" not in cell.metadata and cell.source not in self._given):
            cell.outputs = [nbformat.v4.new_output(
                "stream", name="stdout",
                text="(Outputs of cells you added are not shown in feedback.)\n")]
        return cell, resources


MAX_OUTPUT_CHARS = 20_000
MAX_CELL_OUTPUT_BYTES = 2_000_000


class LimitOutputSize(NbGraderPreprocessor):
    """nbgrader preprocessor for ``autograde``: cut each text output (a stream, or a
    ``text/*`` entry of displayed data) to ``MAX_OUTPUT_CHARS`` characters, then drop a
    cell's displayed data (images, HTML) past ``MAX_CELL_OUTPUT_BYTES`` in all, with a
    note. Errors and stderr stay, so the cell's grade does not change."""

    def preprocess_cell(self, cell, resources, cell_index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = _cut(output.get("text", ""))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    output["data"][mime] = _cut(value)
        kept, size, dropped = [], 0, 0
        for output in cell.get("outputs", []):
            size += len(json.dumps(output))
            grading = output.get("output_type") == "error" or output.get("name") == "stderr"
            if size > MAX_CELL_OUTPUT_BYTES and not grading:
                dropped += 1
            else:
                kept.append(output)
        if dropped:
            kept.append(nbformat.v4.new_output(
                "stream", name="stdout",
                text=f"[{dropped} more outputs not kept: this cell's outputs passed "
                     f"{MAX_CELL_OUTPUT_BYTES:,} bytes]\n"))
            cell["outputs"] = kept
        return cell, resources


def _cut(text: str) -> str:
    if len(text) <= MAX_OUTPUT_CHARS:
        return text
    return (text[:MAX_OUTPUT_CHARS]
            + f"\n[output cut here: {len(text) - MAX_OUTPUT_CHARS:,} more characters]\n")


class NoCreditByDisplay(NbGraderPreprocessor):
    """nbgrader preprocessor for ``autograde`` (before ``SaveAutoGrades``) and for
    ``gradelib check``: a test cell's ``execute_result`` outputs become
    ``display_data``, which ``determine_grade`` does not read as a score."""

    def preprocess_cell(self, cell, resources, cell_index):
        if is_autograded_test(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result":
                    output["output_type"] = "display_data"
                    output.pop("execution_count", None)
        return cell, resources
