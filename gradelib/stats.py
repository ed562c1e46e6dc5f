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


def _counts(draw: Callable[[np.random.Generator], Any], n_categories: int, n: int, seed: int,
            name: str, inputs: Mapping[str, Any]) -> np.ndarray:
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    counts = np.zeros(n_categories, dtype=np.int64)
    for _ in range(n):
        value = draw(rng)
        if value is None:
            fail(name, inputs, "It returned None. Did you forget the `return` statement?")
        if np.ndim(value) != 0 or not float(value).is_integer():
            fail(name, inputs, f"It returned {describe_value(value)}; "
                 f"expected one integer index in [0, {n_categories}).")
        index = int(value)
        if not 0 <= index < n_categories:
            fail(name, inputs, f"It returned index {index}, outside [0, {n_categories}).")
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
    problem = (f"Its {n} draws (seed {seed}) do not follow the expected distribution.\n"
               f"  expected frequencies: {np.round(probs, 3).tolist()}\n"
               f"  observed frequencies: {np.round(observed, 3).tolist()}\n"
               f"  largest gap at index {worst}: expected {probs[worst]:.3f}, observed "
               f"{observed[worst]:.3f}; chi-square p-value {p_value:.2g} < {false_failure_rate:g} "
               f"(a correct sampler fails this check with probability {false_failure_rate:g})")
    hints = []
    if np.count_nonzero(counts) == 1 and np.count_nonzero(probs) > 1:
        hints.append(f"Every draw was index {int(np.argmax(counts))}: is the sampler "
                     f"deterministic (greedy), or is the generator re-seeded on each call?")
    for mistake in mistakes:
        alt = mistake.answer(probs, inputs)
        if alt is not None and alt.shape == probs.shape and not np.allclose(alt, probs) \
                and goodness_of_fit(counts, alt) >= false_failure_rate:
            hints.append(mistake.describe())
    fail(name, inputs, problem, hints)
