"""Statistical checks for samplers.

A sampler is right when its draws follow the intended distribution, not when
one draw equals one number. :func:`check_sampler` draws many samples with a
fixed seed and runs Pearson's chi-square goodness-of-fit test
(``scipy.stats.chisquare``). Its false-failure rate, the probability that a
correct sampler fails, is the test's significance level: ``false_failure_rate``,
1 in 1,000 by default, over the choice of seed. With the seed fixed, the
outcome for a given implementation is the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from scipy import stats

from .checks import Mistake, describe_value, fail
from .i18n import add, text

add({
    "stats: not one index": {
        "en": "It returned {value}; expected one integer index in [0, {n}).",
        "ko": "{value}을(를) 반환했습니다. [0, {n}) 범위의 정수 인덱스 하나를 기대했습니다.",
    },
    "stats: index outside": {
        "en": "It returned index {index}, outside [0, {n}).",
        "ko": "인덱스 {index}을(를) 반환했는데, [0, {n}) 범위를 벗어납니다.",
    },
    "stats: draws off": {
        "en": "Its {n} draws (seed {seed}) do not follow the expected distribution.\n"
              "  expected frequencies: {expected}\n"
              "  observed frequencies: {observed}\n"
              "  largest gap at index {worst}: expected {expected_worst}, observed "
              "{observed_worst}; chi-square p-value {p_value} < {rate} "
              "(a correct sampler fails this check with probability {rate})",
        "ko": "{n}번 뽑은 표본(시드 {seed})이 기대한 분포를 따르지 않습니다.\n"
              "  기대 빈도: {expected}\n"
              "  관측 빈도: {observed}\n"
              "  차이가 가장 큰 곳은 인덱스 {worst}: 기대 {expected_worst}, 관측 "
              "{observed_worst}; 카이제곱 p-값 {p_value} < {rate} "
              "(올바른 샘플러도 확률 {rate}로 이 검사에 실패합니다)",
    },
    "stats: always one index": {
        "en": "Every draw was index {index}: is the sampler deterministic (greedy), or is "
              "the generator re-seeded on each call?",
        "ko": "모든 표본의 인덱스가 {index}입니다: 샘플러가 결정적(탐욕적 샘플링)인가요, "
              "아니면 호출할 때마다 난수 생성기의 시드를 다시 설정하고 있나요?",
    },
})


def _counts(draw: Callable[[np.random.Generator], Any], n_categories: int, n: int, seed: int,
            name: str, inputs: Mapping[str, Any]) -> np.ndarray:
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    counts = np.zeros(n_categories, dtype=np.int64)
    for _ in range(n):
        value = draw(rng)
        if value is None:
            fail(name, inputs, text("returned None"))
        if np.ndim(value) != 0 or not float(value).is_integer():
            fail(name, inputs, text("stats: not one index", value=describe_value(value),
                                    n=n_categories))
        index = int(value)
        if not 0 <= index < n_categories:
            fail(name, inputs, text("stats: index outside", index=index, n=n_categories))
        counts[index] += 1
    return counts


def goodness_of_fit(counts: np.ndarray, probs: np.ndarray) -> float:
    """Chi-square p-value of ``counts`` under ``probs``; 0.0 if a draw hit a
    zero-probability category."""
    probs = np.asarray(probs, dtype=float)
    support = probs > 0
    if counts[~support].any():
        return 0.0
    if support.sum() < 2:
        return 1.0
    expected = counts.sum() * probs[support] / probs[support].sum()
    return float(stats.chisquare(counts[support], expected).pvalue)


def check_sampler(draw: Callable[[np.random.Generator], Any], expected_probs: Any, *,
                  name: str, inputs: Mapping[str, Any], n: int = 5000, seed: int = 0,
                  false_failure_rate: float = 1e-3, mistakes: Iterable[Mistake] = ()) -> None:
    """Check that ``draw(rng)`` samples indices with probabilities ``expected_probs``.

    Args:
        draw: called ``n`` times with one ``numpy.random.Generator`` (seeded
            with ``seed``); returns one integer index per call.
        expected_probs: 1-D probability vector over the indices.
        name, inputs: the student's function and its inputs, for the message.
        n: number of draws.
        false_failure_rate: significance level of the chi-square test.
        mistakes: each ``wrong(expected_probs, **inputs)`` returns the
            distribution a mistaken sampler draws from; it is named when the
            draws fit it and not the expected one.

    Raises:
        AssertionError: with the expected and observed frequencies, the
            p-value, the false-failure rate, and any misconception the draws fit.
    """
    __tracebackhide__ = True
    probs = np.asarray(expected_probs, dtype=float)
    counts = _counts(draw, probs.size, n, seed, name, inputs)
    p_value = goodness_of_fit(counts, probs)
    if p_value >= false_failure_rate:
        return
    observed = counts / n
    worst = int(np.argmax(np.abs(observed - probs)))
    problem = text("stats: draws off", n=n, seed=seed, expected=np.round(probs, 3).tolist(),
                   observed=np.round(observed, 3).tolist(), worst=worst,
                   expected_worst=f"{probs[worst]:.3f}", observed_worst=f"{observed[worst]:.3f}",
                   p_value=f"{p_value:.2g}", rate=f"{false_failure_rate:g}")
    hints = []
    if np.count_nonzero(counts) == 1 and np.count_nonzero(probs) > 1:
        hints.append(text("stats: always one index", index=int(np.argmax(counts))))
    for mistake in mistakes:
        alt = mistake.answer(probs, inputs)
        if alt is not None and alt.shape == probs.shape and not np.allclose(alt, probs) \
                and goodness_of_fit(counts, alt) >= false_failure_rate:
            hints.append(mistake.describe())
    fail(name, inputs, problem, hints)
