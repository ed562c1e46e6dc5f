"""Feedback in two languages from one catalogue (gradelib.i18n): every message and every
known mistake has its English and its Korean text, and GRADELIB_LANG=ko (or
gradelib.set_language) switches what a student reads, and what the grading commands
print for an instructor (their English output is pinned here too)."""

import csv
import importlib
import io
import pkgutil
import re
import string
import subprocess
import sys

import nbformat
import numpy as np
import pytest

import gradelib
from gradelib import i18n
from gradelib.checks import Mistake, check_close, check_raises
from gradelib.mistakes import CONV2D

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def import_everything() -> list:
    """Every gradelib module and every judge, so that each has added its messages to the
    catalogue; the modules."""
    from conftest import ASSIGNMENTS, ROOT
    from gradelib.grading.judge import load_judges

    modules = [importlib.import_module(info.name)
               for info in pkgutil.walk_packages(gradelib.__path__, "gradelib.")
               if not info.name.endswith("__main__")]
    return modules + [load_judges(ROOT / "judges", a) for a in ASSIGNMENTS]


MODULES = import_everything()


@pytest.fixture
def korean(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv("GRADELIB_LANG", "ko_KR.UTF-8")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    entry = i18n.MESSAGES[key]
    assert set(entry) == set(i18n.LANGUAGES), key
    assert fields(entry["ko"]) == fields(entry["en"]), key
    assert HANGUL.search(entry["ko"]), f"{key}: the Korean text has no Korean"


def shipped_mistakes() -> dict[str, Mistake]:
    """Every Mistake gradelib and the judges define at module level (in catalogues,
    lists, dicts)."""
    found, seen = {}, set()
    for module in MODULES:
        for attr, value in vars(module).items():
            values = (value.values() if isinstance(value, dict)
                      else value if isinstance(value, (list, tuple)) else [value])
            for item in values:
                if isinstance(item, Mistake) and id(item) not in seen:
                    seen.add(id(item))
                    found[f"{module.__name__}.{attr}: {item.name[:60]}"] = item
    return found


MISTAKES = shipped_mistakes()


def test_the_catalogues_are_found():
    assert len(MISTAKES) > 200
    assert any(m is CONV2D[0] for m in MISTAKES.values())


@pytest.mark.parametrize("where", sorted(MISTAKES))
def test_every_known_mistake_has_its_korean_name_and_fix(where):
    mistake = MISTAKES[where]
    assert HANGUL.search(mistake.name_ko), f"{where}: no Korean name (name_ko)"
    assert HANGUL.search(mistake.fix_ko), f"{where}: no Korean fix (fix_ko)"


def test_a_module_cannot_add_a_message_twice_or_in_one_language():
    i18n.add({"returned None": dict(i18n.MESSAGES["returned None"])})   # a judge reloaded
    with pytest.raises(ValueError, match="already in the catalogue, with other text"):
        i18n.add({"returned None": {"en": "x", "ko": "엑스"}})
    with pytest.raises(ValueError, match="needs exactly en, ko"):
        i18n.add({"test: english only": {"en": "x"}})
    assert "test: english only" not in i18n.MESSAGES


def test_the_language_comes_from_the_environment_or_the_notebook(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.delenv("GRADELIB_LANG", raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv("GRADELIB_LANG", "fr")   # a language the course lacks: English
    assert i18n.language() == "en"
    monkeypatch.setenv("GRADELIB_LANG", "ko")
    assert i18n.language() == "ko"
    assert gradelib.set_language("en") == "en" and i18n.language() == "en"
    with pytest.raises(ValueError, match="'de'"):
        gradelib.set_language("de")


def test_a_known_mistake_is_named_in_korean(korean):
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    image = np.arange(16.0).reshape(4, 4)
    flipped = CONV2D[0]
    inputs = {"image": image, "kernel": kernel}
    expected = np.ones((3, 3))
    wrong = flipped.answer(expected, inputs)
    with pytest.raises(AssertionError) as info:
        check_close(wrong, expected, name="conv2d", inputs=inputs, mistakes=CONV2D)
    first, *rest = str(info.value).splitlines()
    assert first == f"conv2d(image, kernel): 알려진 실수: {flipped.name_ko}"
    assert "  입력 image: array of shape (4, 4)" in rest[0]
    assert any(line.strip() == f"고치는 법: {flipped.fix_ko}" for line in rest)


def test_check_raises_speaks_korean(korean):
    def quiet(x):
        return x
    with pytest.raises(AssertionError, match="ValueError을\\(를\\) 일으켜야 합니다"):
        check_raises(quiet, {"x": -1})


def test_a_notebook_cell_gets_korean_feedback_under_gradelib_lang_ko():
    """End to end: a fresh Python with GRADELIB_LANG=ko, as a kernel started by Jupyter
    from a shell that set it."""
    code = ("import gradelib\n"
            "gradelib.check_close([1.0, 2.0], [1.0, 3.0], name='f', inputs={'x': 1})\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"GRADELIB_LANG": "ko", "PATH": ""}, timeout=120)
    assert "f(x): 값이 다릅니다 (인덱스 (1,)): 기대한 값 3, 반환한 값 2." in result.stderr


def test_gradelib_checks_table_speaks_korean(korean):
    from gradelib.grading.selfcheck import ExerciseResult, format_table

    table = format_table([ExerciseResult("test_conv2d", 0.0, 2.0, "AssertionError: ..."),
                          ExerciseResult("test_max_pool2d", 2.0, 2.0, "all checks passed"),
                          ExerciseResult("q_pooling", None, 2.0, "graded by hand")])
    header, _, failed, passed, manual, _, total = table.splitlines()
    assert header.split() == ["연습", "점수", "결과", "피드백"]
    assert "실패" in failed and "통과" in passed and "수동" in manual
    assert total == "자동 채점 점수: 2/4; 나머지 2점은 강사가 직접 채점합니다"
    # the columns line up on a terminal, where a Hangul syllable takes two columns
    def column(line, word):
        return i18n.width(line[:line.index(word)])

    assert column(failed, "AssertionError") == column(passed, "all") == column(header, "피드백")
    assert column(failed, "실패") == column(manual, "수동") == column(header, "결과")


# What an instructor reads: gradelib autograde, gradelib report, the commands' errors.
# (The Dask scheduler's error in Korean is in test_batch.py.)

def fake_units():
    from gradelib.grading.batch import Unit

    return [Unit("ana", points=5.0, max_points=7.0, seconds=11.3,
                 mended=["cell 3: exit() removed (it would end the kernel)"],
                 flags=["line 2: imports sqlite3"]),
            Unit("benjamin_long", status="failed", seconds=2.0, reason="NotJSONError: bad"),
            Unit("cho", status="timed out", seconds=600.4,
                 reason="grading took more than 600 s")]


def test_the_autograde_summary_in_english_is_as_it_was():
    from gradelib.grading.batch import format_summary

    assert format_summary(fake_units(), ["gradelib/checks.py"]) == "\n".join([
        "student        status        points  seconds  flags",
        "-" * 58,
        "ana            graded           5/7       11  1",
        "benjamin_long  failed             -        2  0",
        "cho            timed out          -      600  0",
        "ana: mended: cell 3: exit() removed (it would end the kernel)",
        "ana: flag: line 2: imports sqlite3",
        "benjamin_long: failed: NotJSONError: bad",
        "cho: timed out: grading took more than 600 s",
        "course file changed during grading: gradelib/checks.py"])


def test_the_autograde_summary_speaks_korean_in_aligned_columns(korean):
    from gradelib.grading.batch import format_summary

    units = fake_units()
    header, _, ana, ben, cho, *notes = format_summary(units, ["gradelib/checks.py"]).splitlines()
    assert header.split() == ["학생", "상태", "점수", "시간(s)", "플래그"]
    assert ana.split()[:2] == ["ana", "채점됨"] and "실패" in ben and "시간 초과" in cho
    # a column starts where its heading does, a Hangul syllable being two columns wide
    for row, points in [(ana, "5/7"), (cho, "-")]:
        assert i18n.width(row[:row.index(points) + len(points)]) == \
            i18n.width(header[:header.index("점수") + 2])
    assert notes[:2] == ["ana: 자동 수정: cell 3: exit() removed (it would end the kernel)",
                         "ana: 플래그: line 2: imports sqlite3"]
    assert "cho: 시간 초과: grading took more than 600 s" in notes
    assert notes[-1] == "채점 중에 바뀐 과정 파일: gradelib/checks.py"
    assert units[2].status == "timed out"   # the status is data: English


@pytest.mark.parametrize("language, ana, ben", [
    ("en", "ana: graded, 5/7 points, 3 s", "ben: timed out, - points, 600 s "
                                           "(grading took more than 600 s)"),
    ("ko", "ana: 채점됨, 점수 5/7, 3초", "ben: 시간 초과, 점수 -, 600초 "
                                      "(채점이 600초를 넘었습니다)"),
], ids=["en", "ko"])
def test_autograde_prints_a_line_per_unit_and_the_summary_in_the_language(
        language, ana, ben, tmp_path, monkeypatch):
    """The batch as `gradelib autograde` runs it, a fake unit in place of nbgrader's."""
    from test_report import A, make_class

    from gradelib.grading import batch

    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv("GRADELIB_LANG", language)
    course = make_class(tmp_path / "course")

    def grade_unit(root, assignment, student, *, limit, **_):
        if student == "ana":
            return batch.Unit(student, seconds=3.0)
        return batch.Unit(student, "timed out", seconds=600.0,
                          reason=i18n.text("batch: took too long", limit=f"{limit:g}"))

    monkeypatch.setattr(batch, "grade_unit", grade_unit)
    out = io.StringIO()
    batch.autograde(course, A, ["ana", "ben"], out=out)
    lines = out.getvalue().splitlines()
    assert {line.split("] ", 1)[1] for line in lines[:2]} == {ana, ben}
    assert lines[2].split()[0] == ("student" if language == "en" else "학생")
    with open(course / ".gradelib" / f"autograde-{A}.csv") as f:   # English for scripts
        rows = {row["student"]: row["status"] for row in csv.DictReader(f)}
    assert rows == {"ana": "graded", "ben": "timed out"}


def test_the_class_report_speaks_korean(korean, tmp_path):
    from test_report import A, make_class

    from gradelib.grading.report import NOT_ATTEMPTED, class_report

    report = class_report(make_class(tmp_path), A)
    text = report.text()
    first, _, header, conv, _, pool, by_hand, _, last = text.splitlines()
    assert first == f"{A}: 채점된 학생 4명"
    assert header.split()[:5] == ["연습", "배점", "만점", "부분", "0점"]
    assert i18n.width(header[:header.index("0점") + 2]) == len(conv[:conv.index("3  ") + 1])
    assert "알려진 실수: the kernel is flipped (2)" in conv
    assert "시도하지 않음 (NotImplementedError) (3)" in pool
    assert by_hand.startswith("q_receptive_field (수동 채점)") and "수동 채점 대기 1명" in by_hand
    assert last == "아무도 끝내지 못한 연습: test_max_pool2d"
    assert "known mistake" not in text and "No one finished" not in text
    assert "<th>연습</th>" in report._repr_html_()
    pooling = next(e for e in report.exercises if e.grade_id == "test_max_pool2d")
    assert pooling.failures[NOT_ATTEMPTED] == 3    # counted under its English name


def test_the_commands_errors_speak_korean(korean, tmp_path, monkeypatch, capsys):
    from gradelib.grading import cli

    monkeypatch.chdir(tmp_path)
    here = tmp_path.resolve()
    assert cli.main(["report", "00_demo"]) == 1
    assert cli.main(["autograde", "00_demo"]) == 1
    for folder in ("gradelib", "data"):
        (tmp_path / folder).mkdir()
    for file in ("pyproject.toml", "README.md"):
        (tmp_path / file).write_text("")
    source = tmp_path / "notebooks" / "00_demo" / "00_demo.ipynb"
    source.parent.mkdir(parents=True)
    source.write_text("### BEGIN SOLUTION")
    assert cli.main(["distribute", "dist"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"gradelib report: {here}에 gradebook.db가 없습니다: 자동 채점 뒤에 과정 폴더에서 "
        "실행하세요",
        f"gradelib autograde: {here}에 gradebook.db가 없습니다: 먼저 nbgrader "
        "generate_assignment 00_demo을(를) 실행하세요",
        "gradelib distribute: notebooks/00_demo/00_demo.ipynb에 'BEGIN SOLUTION'이(가) "
        "있습니다: 배포본이 아니라 원본(source) 노트북입니다(nbgrader generate_assignment)"]


def test_what_the_pre_pass_mended_is_said_in_korean(korean):
    from gradelib.grading.mend import mend_notebook

    cells = [nbformat.v4.new_code_cell(source) for source in ("x = 1\nexit()", "1", "2", "3")]
    for cell, meta in zip(cells[1:], [{"grade_id": "a", "schema_version": 99},
                                      {"grade_id": "a"}, {"grade_id": "zz"}], strict=True):
        cell.metadata["nbgrader"] = meta
    assert mend_notebook(nbformat.v4.new_notebook(cells=cells), {"a"}) == [
        "셀 0: exit()을(를) 지웠습니다(커널이 종료되므로)",
        "셀 1: nbgrader schema_version 99을(를) 3(으)로 바꿨습니다",
        "셀 2: grade_id 'a'이(가) 같은 두 번째 셀이라 일반 셀로 채점합니다(코드는 그대로 "
        "실행됩니다)",
        "셀 3: 알 수 없는 grade_id 'zz'의 셀이라 일반 셀로 채점합니다(코드는 그대로 실행됩니다)"]
