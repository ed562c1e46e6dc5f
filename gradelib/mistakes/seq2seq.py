"""Known mistakes for 04_seq2seq_attention: attention weights, the context vector,
scaled dot-product attention, the greedy decoding loop, sinusoidal positional encoding.

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

def _qk(q, k) -> np.ndarray:
    """Dot products of every query with every key, (N, Tq, Tk), unscaled."""
    return np.einsum("nqd,nkd->nqk", np.asarray(q, dtype=float), np.asarray(k, dtype=float))


def _padding(mask) -> np.ndarray:
    if mask is None:
        raise ValueError("only applies with a mask")
    return np.asarray(mask, dtype=bool)[:, None, :]


def _blocked(scores, mask, fill=-np.inf) -> np.ndarray:
    return scores if mask is None else np.where(_padding(mask), scores, fill)


def _sdpa_weights(q, k, mask=None, *, divide_by=None, axis=-1, fill=-np.inf, mask_after=False,
                  ignore_mask=False):
    """Attention weights with one thing changed (the keyword arguments say which)."""
    d_k = np.shape(q)[-1]
    scores = _qk(q, k) / (np.sqrt(d_k) if divide_by is None else divide_by)
    if ignore_mask or mask_after:
        _padding(mask)            # these mistakes need a mask
        weights = special.softmax(scores, axis=axis)
        return weights * _padding(mask) if mask_after else weights
    return special.softmax(_blocked(scores, mask, fill), axis=axis)


def _divide_by_dv(q, k, v, mask):
    if np.shape(v)[-1] == np.shape(q)[-1]:
        raise ValueError("only differs when d_v != d_k")
    return _sdpa_weights(q, k, mask, divide_by=np.sqrt(np.shape(v)[-1]))


SCALED_ATTENTION = (
    Mistake(
        "the scores are not scaled: softmax(Q K^T) instead of softmax(Q K^T / sqrt(d_k))",
        "divide the dot products by sqrt(d_k), the square root of the queries' and keys' "
        "size, before the softmax (Vaswani et al. 2017, eq. 1).",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, divide_by=1.0),
    ),
    Mistake(
        "the scores are divided by d_k instead of sqrt(d_k)",
        "the scale is 1 / sqrt(d_k): np.sqrt(d_k), not d_k.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask,
                                                          divide_by=np.shape(q)[-1]),
    ),
    Mistake(
        "the scores are scaled by sqrt(d_v), the values' size, instead of sqrt(d_k)",
        "the scale comes from the size of the queries and keys (q.shape[-1]), whose dot "
        "products it keeps at unit variance.",
        lambda expected, q, k, v, mask=None: _divide_by_dv(q, k, v, mask),
    ),
    Mistake(
        "the softmax runs over the queries (axis 1), not over the keys",
        "each query's weights over the Tk keys must sum to 1: softmax over the last axis.",
        # with -inf a masked key's column is all -inf over the queries, giving NaN (the
        # check says so); this is the answer of a mask written as -1e9
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, axis=1, fill=-1e9),
    ),
    Mistake(
        "the mask is ignored: padded key positions get weight",
        "set the scores of masked keys (mask False) to -inf (or a large negative number) "
        "before the softmax.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, ignore_mask=True),
    ),
    Mistake(
        "the mask is applied after the softmax, so the kept weights no longer sum to 1",
        "mask the scores before the softmax, not the weights after it.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, mask_after=True),
    ),
    Mistake(
        "masked scores are set to 0 instead of -inf, so exp(0) = 1 still gives padded "
        "keys weight",
        "a score of 0 is not 'no attention': use -inf (np.where(mask, scores, -np.inf)) or a "
        "large negative number such as -1e9 before the softmax.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, _padding(mask)[:, 0],
                                                          fill=0.0),
    ),
)

# the same mistakes seen in the output, weights @ v, and one more: the keys as values
SCALED_ATTENTION_OUTPUT = tuple(
    Mistake(m.name, m.fix, lambda expected, q, k, v, mask=None, m=m:
            m.wrong(None, q=q, k=k, v=v, mask=mask) @ np.asarray(v, dtype=float))
    for m in SCALED_ATTENTION) + (
    Mistake(
        "the weights multiply the keys, not the values",
        "the output is weights @ v: the values carry the content, the keys only decide "
        "the weights.",
        lambda expected, q, k, v, mask=None: (
            _sdpa_weights(q, k, mask) @ np.asarray(k, dtype=float)),
    ),
)


def _no_feedback(expected, model, x, start_id, length):
    dec = np.full((len(x), length), start_id, dtype=np.int32)
    return np.asarray(model([np.asarray(x, np.int32), dec], training=False)).argmax(-1)


def _first_position(expected, model, x, start_id, length):
    dec = np.full((len(x), 1), start_id, dtype=np.int32)
    first = np.asarray(model([np.asarray(x, np.int32), dec], training=False)).argmax(-1)
    return np.repeat(first, length, axis=1)


def _with_start(expected, model, x, start_id, length):
    if expected is None:
        raise ValueError("needs the right answer")
    return np.concatenate([np.full((len(x), 1), start_id), np.asarray(expected)], axis=1)


# wrong(expected, model, x, start_id, length); gradelib.seq2seq.check_greedy_decode uses
# them without the expected ids (it has no decoding loop), and handles the start token
GREEDY_DECODE = (
    Mistake(
        "the decoder always reads the start token: its own previous choice is never fed "
        "back",
        "after each step, write the argmax into the decoder input at the next position "
        "(or append it), so that step t reads [start, y_0, ..., y_(t-1)].",
        _no_feedback,
    ),
    Mistake(
        "every step reads the logits at position 0, so the first id is repeated",
        "take the logits at the current step t (logits[:, t], or logits[:, -1] when the "
        "decoder input grows by one id per step).",
        _first_position,
    ),
    Mistake(
        "the start token is returned as the first id",
        "return only the `length` generated ids, without the start token you fed first.",
        _with_start,
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
