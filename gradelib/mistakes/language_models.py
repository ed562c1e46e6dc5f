"""Known mistakes for 02_language_models: cross-entropy, perplexity, the smoothed
bigram model.

The wrong answers are computed from the expected answer (scaled, inverted,
exponentiated) or, where the mistake needs the target probabilities, with
``np.take_along_axis``; the bigram mistakes recover the smoothed counts from the
expected matrix and ``np.bincount`` of the context tokens.
"""

from __future__ import annotations

import numpy as np

from ..checks import Mistake

LN2 = np.log(2.0)


def _target_probs(probs, targets) -> np.ndarray:
    index = np.asarray(targets).astype(np.int64)[:, None]
    return np.take_along_axis(np.asarray(probs, dtype=float), index, axis=1)[:, 0]


def _all_columns(probs, targets) -> np.ndarray:
    """probs[:, targets], which is not the targets' probabilities unless N == 1."""
    probs, targets = np.asarray(probs, dtype=float), np.asarray(targets).astype(np.int64)
    if len(targets) < 2:
        raise ValueError("the same as the right answer for one row")
    return probs[:, targets]


CROSS_ENTROPY = (
    Mistake(
        "the cross-entropy is in bits (log base 2); this course reports nats",
        "use the natural logarithm np.log; bits = nats / ln 2 if you want them for display.",
        lambda expected, probs, targets: expected / LN2,
    ),
    Mistake(
        "the negative log-likelihoods are summed, not averaged over the tokens",
        "divide the sum by the number of targets (np.mean), so the value is per token.",
        lambda expected, probs, targets: expected * len(targets),
    ),
    Mistake(
        "the minus sign is missing: a log-probability is <= 0, so the loss must be >= 0",
        "return the mean of -log p(target), not of log p(target).",
        lambda expected, probs, targets: -expected,
    ),
    Mistake(
        "the log is taken of the mean probability instead of averaging the log-probabilities",
        "take -log of each target's probability first, then average.",
        lambda expected, probs, targets: -np.log(np.mean(_target_probs(probs, targets))),
    ),
    Mistake(
        "probs[:, targets] picks whole columns (an N x N matrix), not each row's target",
        "pair each row with its own target: probs[np.arange(N), targets] (or "
        "np.take_along_axis(probs, targets[:, None], axis=1)).",
        lambda expected, probs, targets: -np.mean(np.log(_all_columns(probs, targets))),
    ),
)

PERPLEXITY = (
    Mistake(
        "the cross-entropy was taken with log base 2 and then put through exp",
        "use one base throughout: exp(cross-entropy in nats), or 2 ** (cross-entropy in bits).",
        lambda expected, probs, targets: expected ** (1 / LN2),
    ),
    Mistake(
        "the negative log-likelihoods are summed, not averaged, before exp",
        "perplexity is exp of the *mean* negative log-likelihood per token.",
        lambda expected, probs, targets: expected ** len(targets),
    ),
    Mistake(
        "the minus sign is missing: exp(mean log p) is 1 / perplexity",
        "exponentiate the mean of -log p(target); perplexity is always >= 1.",
        lambda expected, probs, targets: 1 / expected,
    ),
    Mistake(
        "exp was taken per token and then averaged (the mean of 1/p), not exp of the mean",
        "average the negative log-probabilities first, then take exp once.",
        lambda expected, probs, targets: np.mean(1 / _target_probs(probs, targets)),
    ),
    Mistake(
        "probs[:, targets] picks whole columns (an N x N matrix), not each row's target",
        "pair each row with its own target: probs[np.arange(N), targets].",
        lambda expected, probs, targets: np.exp(-np.mean(np.log(_all_columns(probs, targets)))),
    ),
    Mistake(
        "it returns the cross-entropy itself: the exp is missing",
        "perplexity = exp(cross-entropy in nats).",
        lambda expected, probs, targets: np.log(expected),
    ),
)


def _smoothed_counts(expected, ids, vocab_size, k) -> np.ndarray:
    """counts + k, recovered from the expected matrix: each row i was divided by
    (number of times i is a context) + k * vocab_size."""
    contexts = np.bincount(np.asarray(ids, dtype=np.int64)[:-1], minlength=vocab_size)
    return np.asarray(expected, dtype=float) * (contexts + k * vocab_size)[:, None]


def _rows(m: np.ndarray) -> np.ndarray:
    total = m.sum(axis=1, keepdims=True)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, m / safe, 1.0 / m.shape[1])


FIT_BIGRAM = (
    Mistake(
        "a pair that occurs several times was counted once: `counts[a, b] += 1` with "
        "index arrays is buffered, so repeated index pairs add 1 only once",
        "count with np.add.at(counts, (current, following), 1), or a loop over the pairs.",
        lambda expected, ids, vocab_size, k: _rows(
            (np.rint(_smoothed_counts(expected, ids, vocab_size, k) - k) > 0) + k),
    ),
    Mistake(
        "the matrix is transposed: row i should be P(next | current = i), counted as "
        "counts[current, next]",
        "index the counts with the current token first: counts[ids[t], ids[t + 1]].",
        lambda expected, ids, vocab_size, k: _rows(
            _smoothed_counts(expected, ids, vocab_size, k).T),
    ),
    Mistake(
        "the counts are normalised over columns, not rows",
        "divide each row by its own sum (axis=1, keepdims=True), so each row sums to 1.",
        lambda expected, ids, vocab_size, k: (
            lambda m: m / m.sum(axis=0, keepdims=True))(
                _smoothed_counts(expected, ids, vocab_size, k)),
    ),
    Mistake(
        "k is added to every count but the denominator leaves out k * vocab_size, so "
        "the rows sum to more than 1",
        "divide by the row's count total plus k * vocab_size (or just by the row sum "
        "of the smoothed counts).",
        lambda expected, ids, vocab_size, k: _smoothed_counts(expected, ids, vocab_size, k)
        / np.bincount(np.asarray(ids)[:-1], minlength=vocab_size)[:, None],
    ),
)
