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


def _softmax(z) -> np.ndarray:
    return special.softmax(np.asarray(z, dtype=float))


# generate, checked by its draws (gradelib.check_sampler) from a model whose logits are
# the same at every step: wrong(expected, logits, temperature) is the distribution a
# mistaken loop draws from
GENERATE = (
    Mistake(
        "the row's temperature never reaches the sampler: every row is drawn at T = 1 "
        "(the bug of the book's callback), or the probabilities are multiplied by T, "
        "which the normalisation undoes",
        "pass temperatures[i] to sample_next for row i: sampler(p[i], temperatures[i], rng).",
        lambda expected, logits, temperature: _softmax(logits),
    ),
    Mistake(
        "the temperature is applied twice: softmax(logits / T) goes to sample_next, which "
        "reweights by T again (so the draws follow softmax(logits / T**2))",
        "give sample_next the plain softmax(logits); it applies the temperature itself.",
        lambda expected, logits, temperature: _softmax(np.asarray(logits) / temperature ** 2),
    ),
    Mistake(
        "the logits are multiplied by the temperature instead of divided by it",
        "softmax(logits / T): a high temperature must flatten the distribution.",
        lambda expected, logits, temperature: _softmax(np.asarray(logits) * temperature),
    ),
    Mistake(
        "the probabilities are divided by the temperature and put through softmax again",
        "the temperature divides the logits (or log p), not p: softmax(logits / T).",
        lambda expected, logits, temperature: _softmax(_softmax(logits) / temperature),
    ),
)


def _not_a_formula(expected, **inputs):
    raise ValueError("compared with ids the check computes, not with a formula")


# generate's greedy rows, checked id by id against continuations that the check computes
# (stored in data/ for the visible test, recomputed by the judge): keyed by the variant
GENERATE_GREEDY = {
    "not_fed_back": Mistake(
        "the sampled ids are not fed back: every step reads the prompt only",
        "append each step's ids to the rows and give the model the grown rows next step.",
        _not_a_formula),
    "whole_text": Mistake(
        "the model reads the whole text at every step, not its last `context` ids",
        "give the model rows[:, -context:].",
        _not_a_formula),
    "context_minus_1": Mistake(
        "off by one: the model reads the last context - 1 ids",
        "slice the last `context` ids: rows[:, -context:].",
        _not_a_formula),
    "context_plus_1": Mistake(
        "off by one: the model reads the last context + 1 ids",
        "slice the last `context` ids: rows[:, -context:].",
        _not_a_formula),
    "first_position": Mistake(
        "the logits of the first position are used, not those of the last",
        "the next character's logits are logits[:, -1, :], the last position.",
        _not_a_formula),
}
