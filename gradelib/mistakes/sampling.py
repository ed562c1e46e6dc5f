"""Known mistakes for 03_sampling_strategies: temperature, entropy, samplers, filters."""

from __future__ import annotations

import numpy as np
from scipy import special

from ..checks import Mistake

REWEIGHT_DISTRIBUTION = (
    Mistake(
        "the temperature divides the probabilities, not the log-probabilities",
        "take np.log(p) first, divide by the temperature, then exponentiate and normalise.",
        lambda expected, p, temperature: special.softmax(np.asarray(p) / temperature),
    ),
    Mistake(
        "multiplied by the temperature instead of dividing by it (T and 1/T swapped)",
        "divide log p by T: a high temperature must flatten the distribution.",
        # p**T normalised, written as the expected p**(1/T) raised to T**2
        lambda expected, p, temperature: _normalise(np.asarray(expected) ** (temperature ** 2)),
    ),
)

ENTROPY = (
    Mistake(
        "the entropy is in bits (log base 2); this course uses nats",
        "use the natural logarithm np.log; bits = nats / ln 2.",
        lambda expected, p: expected / np.log(2),
    ),
    Mistake(
        "the sign is flipped: entropy is -sum p log p, which is never negative",
        "put a minus sign in front of the sum.",
        lambda expected, p: -expected,
    ),
)

TOP_K_FILTER = (
    Mistake(
        "the kept probabilities are not renormalised",
        "divide the kept probabilities by their sum so they add up to 1.",
        lambda expected, p, k: np.where(np.asarray(expected) > 0, p, 0.0),
    ),
)

TOP_P_FILTER = (
    Mistake(
        "the token that crosses top_p is left out: the nucleus is the smallest set "
        "whose probability is at least top_p, so it includes that token",
        "keep tokens in order of decreasing probability until the kept mass "
        "reaches top_p, counting the token that gets you there.",
        lambda expected, p, top_p: _drop_smallest_kept(np.asarray(expected), np.asarray(p)),
    ),
    Mistake(
        "the kept probabilities are not renormalised",
        "divide the kept probabilities by their sum so they add up to 1.",
        lambda expected, p, top_p: np.where(np.asarray(expected) > 0, p, 0.0),
    ),
)

SAMPLE_NEXT = (
    Mistake(
        "the temperature is ignored: the draws follow the model's distribution p",
        "reweight p with reweight_distribution(p, temperature) before sampling.",
        lambda expected, p, temperature: np.asarray(p, dtype=float),
    ),
    Mistake(
        "the temperature divides the probabilities, not the log-probabilities",
        "sample from reweight_distribution(p, temperature).",
        lambda expected, p, temperature: special.softmax(np.asarray(p) / temperature),
    ),
)


def _normalise(q: np.ndarray) -> np.ndarray:
    return q / q.sum()


def _drop_smallest_kept(expected: np.ndarray, p: np.ndarray) -> np.ndarray:
    kept = expected > 0
    if kept.sum() < 2:
        raise ValueError("only one token kept: no smaller nucleus exists")
    smallest = np.flatnonzero(kept)[np.argmin(p[kept])]
    kept[smallest] = False
    return _normalise(np.where(kept, p, 0.0))
