"""``gradelib report ASSIGNMENT``: what a class got wrong, exercise by exercise.

After ``gradelib autograde`` (or ``nbgrader autograde``) and any manual grading, this
reads nbgrader's gradebook (the points) and each student's autograded notebook (the
failure messages in the test cells) and shows, per graded cell: how many students
earned full, partial and no points; the known mistakes the checks named, most common
first, with how many students made each; the other failures by their first line; and
the cells no one finished. The same report is a notebook cell an instructor can run::

    from gradelib.grading.report import class_report
    report = class_report(".", "00_foundations")
    report            # a table per exercise
    report.plot()     # a stacked bar per exercise

``gradelib report`` also writes, under ``.gradelib/``, ``report-ASSIGNMENT.csv`` (one row
per exercise and failure, with the student count) and ``grades-ASSIGNMENT.csv`` (one row
per student: points and maximum, for an LMS gradebook), and ``report-ASSIGNMENT.png``.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from ..i18n import MESSAGES, add, pad, text
from .course import nbgrader_meta

# what gradelib.checks.fail puts before a named mistake, in each language
HEADLINES = [entry.split("{name}")[0] for entry in MESSAGES["known mistake headline"].values()]
KNOWN = HEADLINES[0]
# a failure as the report counts it and writes it to its CSV; printed in the current language
NOT_ATTEMPTED = "not attempted (NotImplementedError)"
WORK = ".gradelib"

# what the report prints (its CSV column names and its figure stay English)
add({
    "report: graded student": {"en": "{assignment}: {n} graded student",
                               "ko": "{assignment}: 채점된 학생 {n}명"},
    "report: graded students": {"en": "{assignment}: {n} graded students",
                                "ko": "{assignment}: 채점된 학생 {n}명"},
    "report: columns": {"en": "exercise|points|full|part|none|most common failures (students)",
                        "ko": "연습|배점|만점|부분|0점|자주 나온 실패 (학생 수)"},
    "report: html columns": {"en": "exercise|points|full|partial|none|failures (students)",
                             "ko": "연습|배점|만점|부분 점수|0점|실패 (학생 수)"},
    "report: students": {"en": "{n} students", "ko": "학생 {n}명"},
    "report: by hand": {"en": " (by hand)", "ko": " (수동 채점)"},
    "report: not attempted": {"en": NOT_ATTEMPTED, "ko": "시도하지 않음 (NotImplementedError)"},
    "report: not graded yet": {"en": "{n} not graded by hand yet",
                               "ko": "수동 채점 대기 {n}명"},
    "report: no one finished": {"en": "No one finished: {exercises}",
                                "ko": "아무도 끝내지 못한 연습: {exercises}"},
    "report: none": {"en": "(none)", "ko": "(없음)"},
    "report: unreadable": {"en": "autograded notebook unreadable: {kind}",
                           "ko": "자동 채점된 노트북을 읽을 수 없습니다: {kind}"},
    "report: no gradebook": {
        "en": "no gradebook.db in {folder}: run the report from the course folder, after "
              "autograding",
        "ko": "{folder}에 gradebook.db가 없습니다: 자동 채점 뒤에 과정 폴더에서 실행하세요",
    },
    "report: no assignment": {"en": "the gradebook has no assignment {assignment!r}",
                              "ko": "성적부(gradebook)에 과제 {assignment!r}이(가) 없습니다"},
    "report: nothing graded": {
        "en": "no graded submission of {assignment!r} in the gradebook: run `gradelib "
              "autograde {assignment}` first",
        "ko": "성적부(gradebook)에 채점된 {assignment!r} 제출물이 없습니다: 먼저 `gradelib "
              "autograde {assignment}`을(를) 실행하세요",
    },
})


@dataclass
class Exercise:
    """One graded cell of the assignment, over the class."""

    grade_id: str
    max_points: float
    manual: bool                       # graded by hand (a written answer)
    full: int = 0
    partial: int = 0
    none: int = 0
    ungraded: int = 0                  # manual cells not graded yet
    mistakes: Counter = field(default_factory=Counter)   # known mistake -> students
    failures: Counter = field(default_factory=Counter)   # other first lines -> students

    @property
    def students(self) -> int:
        return self.full + self.partial + self.none + self.ungraded


@dataclass
class ClassReport:
    """The class's results on one assignment (see the module docstring)."""

    assignment: str
    exercises: list[Exercise]
    grades: dict[str, tuple[float, float]]     # student -> (points, max points)

    @property
    def unfinished(self) -> list[str]:
        """Grade ids of cells no student earned full points on, once all are graded (a
        written answer waiting to be graded by hand is not unfinished)."""
        return [e.grade_id for e in self.exercises
                if e.students and not e.full and not e.ungraded]

    @staticmethod
    def causes(e: Exercise, top: int = 3) -> list[str]:
        """An exercise's failures, known mistakes first, each with its student count."""
        causes = [f"{text('known mistake headline', name=name)} ({k})"
                  for name, k in e.mistakes.most_common(top)]
        causes += [f"{text('report: not attempted') if name == NOT_ATTEMPTED else name} ({k})"
                   for name, k in e.failures.most_common(max(top - len(causes), 0))]
        if e.ungraded:
            causes.append(text("report: not graded yet", n=e.ungraded))
        return causes

    def _finished_by_no_one(self) -> str:
        return text("report: no one finished",
                    exercises=", ".join(self.unfinished) or text("report: none"))

    def text(self, top: int = 3) -> str:
        """The report as plain text (what ``gradelib report`` prints)."""
        n = len(self.grades)
        exercise, points, full, part, none, failures = text("report: columns").split("|")
        lines = [text("report: graded student" if n == 1 else "report: graded students",
                      assignment=self.assignment, n=n), "",
                 f"{pad(exercise, 34)} {pad(points, 6, '>')} {pad(full, 5, '>')} "
                 f"{pad(part, 5, '>')} {pad(none, 5, '>')}  {failures}"]
        for e in self.exercises:
            name = e.grade_id + text("report: by hand") * e.manual
            lines.append(f"{pad(name[:34], 34)} {e.max_points:>6g} {e.full:>5} {e.partial:>5} "
                         f"{e.none:>5}  {'; '.join(self.causes(e, top))}")
        lines += ["", self._finished_by_no_one()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(e.grade_id + text('report: by hand') * e.manual)}</td>"
            f"<td>{e.max_points:g}</td><td>{e.full}</td><td>{e.partial}</td><td>{e.none}</td>"
            f"<td>{'<br>'.join(html.escape(c) for c in self.causes(e, top=5))}</td></tr>"
            for e in self.exercises)
        heads = "".join(f"<th>{html.escape(c)}</th>"
                        for c in text("report: html columns").split("|"))
        return (f"<p><b>{html.escape(self.assignment)}</b>: "
                f"{text('report: students', n=len(self.grades))}. "
                f"{html.escape(self._finished_by_no_one())}</p>"
                f"<table><tr>{heads}</tr>{rows}</table>")

    def plot(self, ax=None):
        """A stacked horizontal bar per exercise: full, partial, no points (labelled in
        English in any language: matplotlib's font has no Hangul)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.35 * len(self.exercises) + 1.2))
        names = [e.grade_id for e in self.exercises][::-1]
        left = [0] * len(names)
        for label, colour, counts in [
                ("full", "tab:green", [e.full for e in self.exercises]),
                ("partial", "tab:orange", [e.partial for e in self.exercises]),
                ("none", "tab:red", [e.none for e in self.exercises]),
                ("not graded yet", "0.8", [e.ungraded for e in self.exercises])]:
            counts = counts[::-1]
            ax.barh(names, counts, left=left, color=colour, label=label)
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.set_xlabel("students")
        ax.set_title(f"{self.assignment}: points per exercise", pad=22)
        # above the bars, where it can hide none of them
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=8,
                  frameon=False)
        return ax

    def write(self, folder: Path) -> list[Path]:
        """The two CSV files (column names in English whatever the language: scripts and
        an LMS read them) and the figure; returns their paths."""
        import matplotlib.pyplot as plt

        folder.mkdir(parents=True, exist_ok=True)
        causes = folder / f"report-{self.assignment}.csv"
        with causes.open("w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["exercise", "max_points", "full", "partial", "none",
                          "not_graded_yet", "failure", "known_mistake", "students"])
            for e in self.exercises:
                head = [e.grade_id, e.max_points, e.full, e.partial, e.none, e.ungraded]
                rows = [(m, True, k) for m, k in e.mistakes.most_common()]
                rows += [(m, False, k) for m, k in e.failures.most_common()]
                for failure, known, k in rows or [("", "", "")]:
                    out.writerow([*head, failure, known, k])
        grades = folder / f"grades-{self.assignment}.csv"
        with grades.open("w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["student", "points", "max_points"])
            for student, (points, most) in sorted(self.grades.items()):
                out.writerow([student, points, most])
        figure = folder / f"report-{self.assignment}.png"
        ax = self.plot()
        ax.figure.tight_layout()
        ax.figure.savefig(figure, dpi=100)
        plt.close(ax.figure)
        return [causes, grades, figure]


def first_failure(cell) -> str | None:
    """What a test cell's error outputs say went wrong: ``known mistake: NAME``'s name
    prefixed by KNOWN, NOT_ATTEMPTED, or the error's first line; None if no error."""
    for output in cell.get("outputs", []):
        if output.get("output_type") != "error":
            continue
        if output.get("ename") == "NotImplementedError":
            return NOT_ATTEMPTED
        first = (output.get("evalue") or "").strip().splitlines()
        first = first[0] if first else ""
        for headline in HEADLINES:
            if headline in first:
                return KNOWN + first.split(headline, 1)[1].strip()
        return f"{output.get('ename', 'Error')}: {first}"[:160]
    return None


def _failures_by_cell(path: Path) -> dict[str, str]:
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:   # a missing or unreadable autograded notebook
        return {"": text("report: unreadable", kind=type(exc).__name__)}
    failures = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") and cell.cell_type == "code":
            failure = first_failure(cell)
            if failure:
                failures[meta["grade_id"]] = failure
    return failures


def class_report(course: str | Path, assignment: str) -> ClassReport:
    """Read the gradebook and the autograded notebooks of ``assignment`` under
    ``course`` (the folder holding ``gradebook.db`` and ``autograded/``).

    Raises:
        FileNotFoundError: no gradebook in ``course``.
        ValueError: the gradebook has no such assignment, or no graded submission of it.
    """
    course = Path(course)
    if not (course / "gradebook.db").is_file():
        raise FileNotFoundError(text("report: no gradebook", folder=course.resolve()))
    exercises: dict[str, Exercise] = {}
    grades: dict[str, tuple[float, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(text("report: no assignment", assignment=assignment)) from None
        for notebook in found.notebooks:
            for cell in notebook.grade_cells:
                exercises[cell.name] = Exercise(cell.name, float(cell.max_score),
                                                manual=not cell.cell_type == "code")
        for submission in found.submissions:
            student = submission.student_id
            grades[student] = (float(submission.score), float(submission.max_score))
            for nb in submission.notebooks:
                failures = _failures_by_cell(
                    course / "autograded" / student / assignment / f"{nb.name}.ipynb")
                for grade in nb.grades:
                    e = exercises[grade.name]
                    if grade.auto_score is None and grade.manual_score is None:
                        e.ungraded += 1
                        continue
                    if grade.score >= grade.max_score:
                        e.full += 1
                        continue
                    if grade.score > 0:
                        e.partial += 1
                    else:
                        e.none += 1
                    failure = failures.get(grade.name, failures.get(""))
                    if failure and failure.startswith(KNOWN):
                        e.mistakes[failure[len(KNOWN):]] += 1
                    elif failure:
                        e.failures[failure] += 1
    if not grades:
        raise ValueError(text("report: nothing graded", assignment=assignment))
    return ClassReport(assignment, sorted(exercises.values(), key=_notebook_order(course,
                       assignment, found.notebooks)), grades)


def _notebook_order(course: Path, assignment: str, notebooks) -> Callable:
    """Sort key: a grade cell's position in the released notebook (else last, by name)."""
    order: dict[str, int] = {}
    for notebook in notebooks:
        # this course's release and source folders, then nbgrader's default names
        for folder in ["notebooks", "release", "solutions", "source"]:
            path = course / folder / assignment / f"{notebook.name}.ipynb"
            if path.is_file():
                cells = nbformat.read(path, as_version=4).cells
                ids = [nbgrader_meta(c).get("grade_id") for c in cells]
                order.update((i, len(order) + k) for k, i in enumerate(ids) if i)
                break
    return lambda e: (order.get(e.grade_id, len(order)), e.grade_id)
