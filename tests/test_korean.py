"""The Korean layer of every notebook (COURSE.md, "Korean layer"): each numbered section
and the summary end with a 한국어 요약, each exercise carries a one-line Korean contract,
and each written question accepts Korean answers and has its model answer in both
languages. English stays the canonical text; these tests check that the Korean is there
and in its place, not what it says (a reviewer who reads Korean does that)."""

import re

import pytest

from conftest import ASSIGNMENTS, nbgrader_meta, read, source_path

SUMMARY = "**한국어 요약.**"
CONTRACT = "**계약.**"
MODEL_ANSWER = "**한국어 모범 답안.**"
KOREAN_ACCEPTED = "한국어로 답해도 됩니다"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
EXERCISE = re.compile(r"\*\*Exercise (\d+)\b")


def paragraph(source: str, marker: str) -> list[str]:
    """The lines of the paragraph that starts with ``marker`` (up to a blank line)."""
    lines = source.split(marker, 1)[1].splitlines()
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    return lines[:end]


def sections(nb) -> list[tuple[str, list]]:
    """(heading, markdown cells) for each numbered section ("## 3. ...") and the
    summary ("## Summary"); a section runs to the next level-2 heading."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading = next((line for line in cell.source.splitlines() if line.startswith("## ")),
                       None)
        if heading is not None:
            found.append((heading, []))
        if found:
            found[-1][1].append(cell)
    return [(h, cells) for h, cells in found
            if re.match(r"## (\d+\.|Summary)", h) and "Question" not in h]


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def notebook(request):
    return request.param, read(source_path(request.param))


def test_each_section_ends_with_a_korean_summary(notebook):
    assignment, nb = notebook
    for heading, cells in sections(nb):
        summaries = [c.source for c in cells if SUMMARY in c.source]
        assert summaries, f"{assignment}, {heading!r}: no {SUMMARY} paragraph in the section"
        lines = paragraph(summaries[-1], SUMMARY)
        assert 1 <= len(lines) <= 6, (
            f"{assignment}, {heading!r}: the 한국어 요약 should be 3-6 lines, has {len(lines)}")
        assert len(HANGUL.findall("".join(lines))) >= 40, (
            f"{assignment}, {heading!r}: the 한국어 요약 is too short to summarise a section")


def test_each_exercise_has_a_one_line_korean_contract(notebook):
    assignment, nb = notebook
    exercises = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not EXERCISE.search(cell.source):
            continue
        numbers = set(EXERCISE.findall(cell.source))
        exercises += len(numbers)
        contracts = cell.source.count(CONTRACT)
        assert contracts >= len(numbers), (
            f"{assignment}: the cell of exercise(s) {sorted(numbers, key=int)} has "
            f"{contracts} {CONTRACT} line(s); each exercise needs one (shapes, edge cases, "
            f"what raises)")
        for part in cell.source.split(CONTRACT)[1:]:
            contract = paragraph(CONTRACT + part, CONTRACT)
            assert len(contract) <= 3 and len(HANGUL.findall("".join(contract))) >= 10, (
                f"{assignment}: a contract should be one line of Korean: {contract}")
    assert exercises, f"{assignment}: no exercises found"


def test_written_questions_accept_korean_and_answer_in_both_languages(notebook):
    assignment, nb = notebook
    asked = ""
    answers = 0
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
            answers += 1
            grade_id = meta["grade_id"]
            assert KOREAN_ACCEPTED in asked, (
                f"{assignment}, {grade_id}: the question should say that answers in "
                f"Korean are accepted ({KOREAN_ACCEPTED!r})")
            assert MODEL_ANSWER in cell.source, (
                f"{assignment}, {grade_id}: the model answer needs its Korean version "
                f"after {MODEL_ANSWER}")
            english, korean = cell.source.split(MODEL_ANSWER, 1)
            assert len(LATIN_WORD.findall(english)) >= 20, f"{assignment}, {grade_id}"
            assert len(HANGUL.findall(korean)) >= 60, (
                f"{assignment}, {grade_id}: the Korean model answer should answer the "
                f"question in full, not only name the terms")
        elif cell.cell_type == "markdown":
            asked = "" if cell.source.startswith("## ") else asked
            asked += cell.source
    assert answers, f"{assignment}: no written questions found"


def test_code_cells_draw_no_hangul(notebook):
    """Figures carry English labels: matplotlib's own font (DejaVu Sans) has no Hangul, so
    Korean text in a figure would draw as empty boxes. Korean lives in the Markdown."""
    assignment, nb = notebook
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            code = line.split("#", 1)[0]
            assert not HANGUL.search(code), (
                f"{assignment}: Korean in code would draw as empty boxes in a figure: {line}")
