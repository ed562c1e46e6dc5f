"""Known mistakes for 04_seq2seq_attention: attention weights, the context vector,
sinusoidal positional encoding.

The attention mistakes compute the dot-product scores with one library call
(``np.einsum``) and then apply the mistaken normalisation. The positional-encoding
mistakes read the frequencies back from the expected encoding (row ``pos = 1``
holds sin and cos of each frequency), so the formula for them is not written here.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ..checks import Mistake


def _scores(h, hs, mask=None) -> np.ndarray:
    """Dot products of each decoder state with its encoder states, (N, T); masked: -inf."""
    scores = np.einsum("nth,nh->nt", np.asarray(hs, dtype=float), np.asarray(h, dtype=float))
    if mask is None:
        return scores
    return np.where(np.asarray(mask, dtype=bool), scores, -np.inf)


def _mask_ignored(h, hs, mask) -> np.ndarray:
    if mask is None:
        raise ValueError("only applies with a mask")
    return special.softmax(_scores(h, hs), axis=-1)


def _mask_after_softmax(h, hs, mask) -> np.ndarray:
    return _mask_ignored(h, hs, mask) * np.asarray(mask, dtype=bool)


ATTENTION_WEIGHTS = (
    Mistake(
        "the softmax runs over the batch axis (axis 0), not over the source positions",
        "normalise each row: the weights of one example over its T source positions must "
        "sum to 1 (softmax over the last axis, axis=-1, with keepdims=True).",
        lambda expected, h, hs, mask=None: special.softmax(_scores(h, hs, mask), axis=0),
    ),
    Mistake(
        "the softmax runs over the whole array, so the whole batch sums to 1",
        "take max and sum over the source positions only (axis=-1, keepdims=True).",
        lambda expected, h, hs, mask=None: special.softmax(_scores(h, hs, mask)),
    ),
    Mistake(
        "the weights are not normalised: exp(score) without dividing by the sum",
        "divide the exponentials by their sum over the source positions.",
        lambda expected, h, hs, mask=None: np.exp(_scores(h, hs, mask)),
    ),
    Mistake(
        "the weights are not normalised: exp(score - max) without dividing by the sum",
        "after subtracting the maximum and exponentiating, divide by the sum over the "
        "source positions.",
        lambda expected, h, hs, mask=None: (np.asarray(expected)
                                            / np.max(expected, axis=-1, keepdims=True)),
    ),
    Mistake(
        "it returns the raw dot-product scores: the softmax is missing",
        "turn the scores into weights with a softmax over the source positions.",
        lambda expected, h, hs, mask=None: _scores(h, hs, mask),
    ),
    Mistake(
        "the mask is ignored: padded source positions get weight",
        "set the scores of masked positions (mask False) to -inf (or a large negative "
        "number) before the softmax.",
        lambda expected, h, hs, mask=None: _mask_ignored(h, hs, mask),
    ),
    Mistake(
        "the mask is applied after the softmax, so the kept weights no longer sum to 1",
        "mask the scores before the softmax, not the weights after it.",
        lambda expected, h, hs, mask=None: _mask_after_softmax(h, hs, mask),
    ),
)

CONTEXT_VECTOR = (
    Mistake(
        "the weights are ignored: this is the plain mean of the encoder states",
        "multiply each encoder state hs[:, t] by its weight a[:, t] before summing over t.",
        lambda expected, a, hs: np.mean(hs, axis=1),
    ),
    Mistake(
        "the weighted states are not summed over the source positions",
        "sum a[:, :, None] * hs over axis 1 (the source positions) to get shape (N, H).",
        lambda expected, a, hs: np.asarray(a)[:, :, None] * np.asarray(hs),
    ),
    Mistake(
        "the sum runs over the hidden axis instead of the source positions",
        "sum over axis 1 (source positions, T), keeping the hidden axis H.",
        lambda expected, a, hs: np.einsum("nt,nth->nt", a, hs),
    ),
)


def _frequencies(expected: np.ndarray) -> np.ndarray:
    """The angular frequency of each (sin, cos) pair, read from row pos = 1."""
    expected = np.asarray(expected, dtype=float)
    if expected.ndim != 2 or expected.shape[0] < 2 or expected.shape[1] < 4:
        raise ValueError("needs at least 2 positions and 4 dimensions")
    return np.arctan2(expected[1, 0::2], expected[1, 1::2])


def _encoding(expected: np.ndarray, even: np.ndarray, odd: np.ndarray) -> np.ndarray:
    """sin on even columns, cos on odd columns, with the given frequencies."""
    pos = np.arange(np.shape(expected)[0], dtype=float)[:, None]
    out = np.empty(np.shape(expected))
    out[:, 0::2] = np.sin(pos * even)
    out[:, 1::2] = np.cos(pos * odd)
    return out


def _exponent_mistake(expected, even_power, odd_factor):
    w = _frequencies(expected)
    even = w ** even_power
    return _encoding(expected, even, even * odd_factor(w))


POSITIONAL_ENCODING = (
    Mistake(
        "sin and cos are swapped: the even dimensions must hold sin, the odd ones cos",
        "PE[pos, 2i] = sin(angle) and PE[pos, 2i+1] = cos(angle); row pos = 0 is then "
        "[0, 1, 0, 1, ...].",
        lambda expected, length, d_model: np.asarray(expected)[
            :, np.arange(np.shape(expected)[1]) ^ 1],
    ),
    Mistake(
        "sin fills the first half and cos the second half; the paper interleaves them",
        "put sin in the even columns (PE[:, 0::2]) and cos in the odd ones (PE[:, 1::2]).",
        lambda expected, length, d_model: np.concatenate(
            [np.asarray(expected)[:, 0::2], np.asarray(expected)[:, 1::2]], axis=1),
    ),
    Mistake(
        "the exponent is i/d_model, without the factor 2: 10000^(i/d) instead of "
        "10000^(2i/d)",
        "the pair (2i, 2i+1) uses the angle pos / 10000^(2i / d_model).",
        lambda expected, length, d_model: _exponent_mistake(expected, 0.5, lambda w: 1.0),
    ),
    Mistake(
        "the exponent uses the column index j as 2j/d_model; both columns of a pair must "
        "share 2i/d_model with i = j // 2",
        "use 2 * (j // 2) / d_model for column j, i.e. 2i / d_model for the pair (2i, 2i+1).",
        lambda expected, length, d_model: _exponent_mistake(expected, 2.0, lambda w: w[1]),
    ),
    Mistake(
        "the exponent uses the column index j as j/d_model, so the cos column of a pair "
        "gets a different frequency from its sin column",
        "both columns of the pair (2i, 2i+1) use the angle pos / 10000^(2i / d_model).",
        lambda expected, length, d_model: _exponent_mistake(
            expected, 1.0, lambda w: np.sqrt(w[1])),
    ),
    Mistake(
        "pos is multiplied by 10000^(2i/d_model) instead of divided by it",
        "the angle is pos / 10000^(2i / d_model): the frequencies fall from 1 to 1/10000.",
        lambda expected, length, d_model: _exponent_mistake(expected, -1.0, lambda w: 1.0),
    ),
)
