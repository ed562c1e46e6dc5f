"""Feedback in two languages from one catalogue (gradelib.i18n): every message and every
known mistake has its English and its Korean text, and GRADELIB_LANG=ko (or
gradelib.set_language) switches what a student reads."""

import importlib
import pkgutil
import re
import string
import subprocess
import sys

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
