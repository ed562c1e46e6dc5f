"""Feedback and the grading tools' output in English or Korean.

The language is ``en`` unless the environment variable ``GRADELIB_LANG`` says ``ko``
(``ko``, ``ko_KR``, ``ko_KR.UTF-8``), or a notebook calls ``gradelib.set_language("ko")``.
Every message gradelib shows a student or prints for an instructor lives once in
:data:`MESSAGES`, keyed by what it says, with its English and its Korean text side by
side (the same ``{fields}`` in each; a module adds its own with :func:`add`, near the
code that shows them); a known mistake carries its own two texts
(:class:`gradelib.checks.Mistake`). So the two languages cannot drift apart: the tests
fail when an entry lacks one of them. What machines read (CSV column names, status
values in data) and figure labels stay English.
"""

from __future__ import annotations

import os
import unicodedata

LANGUAGES = ("en", "ko")
_chosen: str | None = None


def _code(value: str) -> str:
    return value.split(".")[0].split("_")[0].split("-")[0].strip().lower()


def language() -> str:
    """``"ko"`` or ``"en"``: :func:`set_language`'s choice, else ``GRADELIB_LANG``, else
    English (also for a language the course does not have)."""
    chosen = _chosen or _code(os.environ.get("GRADELIB_LANG", "en"))
    return chosen if chosen in LANGUAGES else "en"


def set_language(code: str) -> str:
    """Show feedback in ``code`` (``"en"`` or ``"ko"``) from now on in this process.

    Returns:
        The language chosen.

    Raises:
        ValueError: for a language the course does not have.
    """
    global _chosen
    if _code(code) not in LANGUAGES:
        raise ValueError(f"gradelib has feedback in {', '.join(LANGUAGES)}, not {code!r}")
    _chosen = _code(code)
    return _chosen


def text(key: str, /, **fields) -> str:
    """The message ``key`` in the current language, its ``{fields}`` filled in.

    Raises:
        KeyError: for a key :data:`MESSAGES` does not have.
    """
    return MESSAGES[key][language()].format(**fields)


def add(messages: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Put a module's messages into :data:`MESSAGES` (the one catalogue), keyed
    ``"module: what it says"``; returns them. Adding the same entry again is a no-op (a
    judge module runs afresh each time the grader loads it).

    Raises:
        ValueError: for a key the catalogue holds with other text, or an entry without
            both languages.
    """
    for key, entry in messages.items():
        if key in MESSAGES and MESSAGES[key] != entry:
            raise ValueError(f"the message {key!r} is already in the catalogue, with other text")
        if set(entry) != set(LANGUAGES):
            raise ValueError(f"the message {key!r} needs exactly {', '.join(LANGUAGES)}")
    MESSAGES.update(messages)
    return messages


def pick(english: str, korean: str) -> str:
    """``korean`` under Korean when it is given, else ``english`` (for texts that live
    beside their object, such as a known mistake's name and fix)."""
    return korean if language() == "ko" and korean else english


def width(value: str) -> int:
    """The terminal columns ``value`` takes: two for a wide character (Hangul), else one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


def pad(value: str, columns: int, align: str = "<") -> str:
    """``value`` padded with spaces to ``columns`` terminal columns, on the right
    (``align="<"``) or the left (``">"``): ``f"{value:<{columns}}"`` for a table whose
    headings may be Korean."""
    fill = " " * max(columns - width(value), 0)
    return value + fill if align == "<" else fill + value


MESSAGES: dict[str, dict[str, str]] = {
    # gradelib.setup
    "language name": {"en": "English", "ko": "한국어"},
    "switch language": {
        "en": "한국어 피드백: gradelib.set_language('ko') or GRADELIB_LANG=ko",
        "ko": "English feedback: gradelib.set_language('en'); 영어 피드백",
    },
    # gradelib.checks: the standard failure message
    "known mistake": {
        "en": "This matches a known mistake: {name}.\n  How to fix it: {fix}",
        "ko": "알려진 실수와 같습니다: {name}.\n  고치는 법: {fix}",
    },
    "known mistake headline": {
        "en": "known mistake: {name}",
        "ko": "알려진 실수: {name}",
    },
    "input line": {
        "en": "input {key}: {value}",
        "ko": "입력 {key}: {value}",
    },
    "returned None": {
        "en": "It returned None. Did you forget the `return` statement?",
        "ko": "None을 반환했습니다. `return` 문을 빠뜨리지 않았나요?",
    },
    "not numeric": {
        "en": "It returned {value}, which is not numeric; expected {wanted}.",
        "ko": "{value}을(를) 반환했는데 수치가 아닙니다. 기대한 것: {wanted}.",
    },
    "wanted probabilities": {
        "en": "a probability vector",
        "ko": "확률 벡터",
    },
    "wrong shape": {
        "en": "Wrong shape: expected {expected}, returned {returned}.",
        "ko": "모양(shape)이 다릅니다: 기대한 모양 {expected}, 반환한 모양 {returned}.",
    },
    "wrong shape dtype": {
        "en": "Wrong shape: expected {expected}, returned {returned} (dtype {dtype}).",
        "ko": "모양(shape)이 다릅니다: 기대한 모양 {expected}, 반환한 모양 {returned} "
              "(dtype {dtype}).",
    },
    "not finite": {
        "en": "It returned {value}{where}, where {expected} was expected. NaN and inf usually "
              "come from log(0), 0/0 or an overflowing exp.",
        "ko": "반환값 {value}{where}: 기대한 값은 {expected}입니다. NaN과 inf는 "
              "대개 log(0), 0/0, 또는 넘치는(overflow) exp에서 생깁니다.",
    },
    "at index": {
        "en": " at index {index}",
        "ko": " (인덱스 {index})",
    },
    "wrong value": {
        "en": "Wrong value{where}: expected {expected}, returned {returned}.\n"
              "  mismatched elements: {mismatched} / {size}; max abs difference {diff} "
              "(rtol={rtol}, atol={atol})\n"
              "  expected: {expected_value}\n"
              "  returned: {returned_value}",
        "ko": "값이 다릅니다{where}: 기대한 값 {expected}, 반환한 값 {returned}.\n"
              "  다른 원소: {mismatched} / {size}; 최대 절대 차이 {diff} "
              "(rtol={rtol}, atol={atol})\n"
              "  기대한 것: {expected_value}\n"
              "  반환한 것: {returned_value}",
    },
    "scaled answer": {
        "en": "Your answer is the expected one times {ratio}: a missing normalisation or a "
              "wrong constant factor?",
        "ko": "답이 기대한 값의 {ratio}배입니다: 정규화를 빠뜨렸거나 상수 배율이 틀리지 "
              "않았나요?",
    },
    "not 1-D probabilities": {
        "en": "Expected a 1-D probability vector, returned shape {shape}.",
        "ko": "1차원 확률 벡터를 기대했는데 모양 {shape}을(를) 반환했습니다.",
    },
    "probability not finite": {
        "en": "It returned {value} at index {index}: probabilities must be finite. NaN and inf "
              "usually come from log(0), 0/0 or an overflowing exp.",
        "ko": "인덱스 {index}에서 {value}을(를) 반환했습니다: 확률은 유한해야 합니다. NaN과 "
              "inf는 대개 log(0), 0/0, 또는 넘치는(overflow) exp에서 생깁니다.",
    },
    "negative probability": {
        "en": "It returned a negative probability {value} at index {index}.",
        "ko": "인덱스 {index}에서 음의 확률 {value}을(를) 반환했습니다.",
    },
    "probabilities do not sum to 1": {
        "en": "The probabilities sum to {total}, not 1: normalise by the sum.",
        "ko": "확률의 합이 1이 아니라 {total}입니다: 합으로 나누어 정규화하세요.",
    },
    "invalid input": {
        "en": "the input is invalid",
        "ko": "입력이 올바르지 않습니다",
    },
    "raised another": {
        "en": "It raised {kind} ({message}), but {problem}: it should raise {exception}.",
        "ko": "{kind}({message})을(를) 일으켰지만, {problem}: {exception}을(를) 일으켜야 "
              "합니다.",
    },
    "did not raise": {
        "en": "It returned {value}, but {problem}: it should raise {exception} with a message "
              "that says so.",
        "ko": "{value}을(를) 반환했지만, {problem}: 그 이유를 말하는 메시지와 함께 "
              "{exception}을(를) 일으켜야 합니다.",
    },
    # gradelib check (gradelib.grading.selfcheck)
    "check heading": {
        "en": "{path} ({mode} mode; hidden tests run when your instructor grades)",
        "ko": "{path} ({mode} mode; 숨은 테스트는 강사가 채점할 때 실행됩니다)",
    },
    "table columns": {"en": "exercise|points|status|feedback", "ko": "연습|점수|결과|피드백"},
    "status pass": {"en": "pass", "ko": "통과"},
    "status fail": {"en": "FAIL", "ko": "실패"},
    "status manual": {"en": "manual", "ko": "수동"},
    "graded by hand": {"en": "graded by your instructor", "ko": "강사가 직접 채점합니다"},
    "all checks passed": {"en": "all checks passed", "ko": "모든 검사를 통과했습니다"},
    "test cell edited": {
        "en": "this test cell was edited; grading uses the original.",
        "ko": "이 테스트 셀이 수정되었습니다. 채점에는 원래 셀이 쓰입니다.",
    },
    "automatic points": {
        "en": "automatic points: {earned}/{possible}",
        "ko": "자동 채점 점수: {earned}/{possible}",
    },
    "manual points": {
        "en": "; {manual} more points are graded by hand",
        "ko": "; 나머지 {manual}점은 강사가 직접 채점합니다",
    },
    "reaches outside": {
        "en": "Your code reaches outside your answers (your instructor's grading flags this for "
              "a human to read; the hidden tests run outside your notebook, so it cannot change "
              "your points):",
        "ko": "코드가 답안 밖을 건드립니다(강사의 채점은 이를 사람이 읽도록 표시합니다. 숨은 "
              "테스트는 노트북 밖에서 실행되므로 점수는 바뀌지 않습니다):",
    },
    "cell timed out": {
        "en": "the cell did not finish in time (an endless loop?)",
        "ko": "셀이 제한 시간 안에 끝나지 않았습니다(무한 루프인가요?)",
    },
    "not implemented": {
        "en": "{where}is not implemented yet",
        "ko": "{where}아직 구현되지 않았습니다",
    },
    "wrote to stderr": {"en": "wrote to stderr: ", "ko": "stderr에 출력했습니다: "},
}
