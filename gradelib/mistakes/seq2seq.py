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
        name_ko="소프트맥스를 소스 위치가 아니라 배치 축(axis 0)에 걸쳐 계산했습니다",
        fix_ko=("각 행을 정규화하세요: 한 예제의 T개 소스 위치에 대한 가중치의 합이 1이어야 "
                "합니다(마지막 축에 대한 소프트맥스, axis=-1, keepdims=True)."),
    ),
    Mistake(
        "the softmax runs over the whole array, so the whole batch sums to 1",
        "take max and sum over the source positions only (axis=-1, keepdims=True).",
        lambda expected, h, hs, mask=None: special.softmax(_scores(h, hs, mask)),
        name_ko="소프트맥스를 배열 전체에 걸쳐 계산해서 배치 전체의 합이 1이 됩니다",
        fix_ko="max와 합은 소스 위치에 대해서만 구하세요(axis=-1, keepdims=True).",
    ),
    Mistake(
        "the weights are not normalised: exp(score) without dividing by the sum",
        "divide the exponentials by their sum over the source positions.",
        lambda expected, h, hs, mask=None: np.exp(_scores(h, hs, mask)),
        name_ko="가중치를 정규화하지 않았습니다: 합으로 나누지 않은 exp(score)입니다",
        fix_ko="지수 값들을 소스 위치에 걸친 합으로 나누세요.",
    ),
    Mistake(
        "the weights are not normalised: exp(score - max) without dividing by the sum",
        "after subtracting the maximum and exponentiating, divide by the sum over the "
        "source positions.",
        lambda expected, h, hs, mask=None: (np.asarray(expected)
                                            / np.max(expected, axis=-1, keepdims=True)),
        name_ko="가중치를 정규화하지 않았습니다: 합으로 나누지 않은 exp(score - max)입니다",
        fix_ko="최댓값을 빼고 지수를 취한 다음, 소스 위치에 걸친 합으로 나누세요.",
    ),
    Mistake(
        "it returns the raw dot-product scores: the softmax is missing",
        "turn the scores into weights with a softmax over the source positions.",
        lambda expected, h, hs, mask=None: _scores(h, hs, mask),
        name_ko="가공하지 않은 점곱 점수를 반환했습니다: 소프트맥스가 빠졌습니다",
        fix_ko="소스 위치에 대한 소프트맥스로 점수를 가중치로 바꾸세요.",
    ),
    Mistake(
        "the mask is ignored: padded source positions get weight",
        "set the scores of masked positions (mask False) to -inf (or a large negative "
        "number) before the softmax.",
        lambda expected, h, hs, mask=None: _mask_ignored(h, hs, mask),
        name_ko="마스크를 무시했습니다: 패딩된 소스 위치가 가중치를 받습니다",
        fix_ko=("소프트맥스 전에 마스크된 위치(mask가 False)의 점수를 -inf(또는 아주 큰 음수)로 "
                "두세요."),
    ),
    Mistake(
        "the mask is applied after the softmax, so the kept weights no longer sum to 1",
        "mask the scores before the softmax, not the weights after it.",
        lambda expected, h, hs, mask=None: _mask_after_softmax(h, hs, mask),
        name_ko="마스크를 소프트맥스 다음에 적용해서 남은 가중치의 합이 더 이상 1이 아닙니다",
        fix_ko="소프트맥스를 거친 가중치가 아니라 소프트맥스 전의 점수에 마스크를 적용하세요.",
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
        name_ko=("점수의 스케일을 조정하지 않았습니다: softmax(Q K^T / sqrt(d_k)) 대신 softmax(Q "
                 "K^T)입니다"),
        fix_ko=("소프트맥스 전에 점곱을 쿼리와 키의 크기의 제곱근인 sqrt(d_k)로 나누세요(Vaswani "
                "et al. 2017, 식 1)."),
    ),
    Mistake(
        "the scores are divided by d_k instead of sqrt(d_k)",
        "the scale is 1 / sqrt(d_k): np.sqrt(d_k), not d_k.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask,
                                                          divide_by=np.shape(q)[-1]),
        name_ko="점수를 sqrt(d_k)가 아니라 d_k로 나눴습니다",
        fix_ko="스케일은 1 / sqrt(d_k)입니다: d_k가 아니라 np.sqrt(d_k)로 나누세요.",
    ),
    Mistake(
        "the scores are scaled by sqrt(d_v), the values' size, instead of sqrt(d_k)",
        "the scale comes from the size of the queries and keys (q.shape[-1]), whose dot "
        "products it keeps at unit variance.",
        lambda expected, q, k, v, mask=None: _divide_by_dv(q, k, v, mask),
        name_ko="점수를 sqrt(d_k)가 아니라 값의 크기인 sqrt(d_v)로 나눴습니다",
        fix_ko=("스케일은 쿼리와 키의 크기(q.shape[-1])로 정합니다. 그래야 둘의 점곱의 분산이 1로 "
                "유지됩니다."),
    ),
    Mistake(
        "the softmax runs over the queries (axis 1), not over the keys",
        "each query's weights over the Tk keys must sum to 1: softmax over the last axis.",
        # with -inf a masked key's column is all -inf over the queries, giving NaN (the
        # check says so); this is the answer of a mask written as -1e9
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, axis=1, fill=-1e9),
        name_ko="소프트맥스를 키가 아니라 쿼리(axis 1)에 걸쳐 계산했습니다",
        fix_ko=("쿼리마다 Tk개 키에 대한 가중치의 합이 1이어야 합니다: 마지막 축에 대해 "
                "소프트맥스를 계산하세요."),
    ),
    Mistake(
        "the mask is ignored: padded key positions get weight",
        "set the scores of masked keys (mask False) to -inf (or a large negative number) "
        "before the softmax.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, ignore_mask=True),
        name_ko="마스크를 무시했습니다: 패딩된 키 위치가 가중치를 받습니다",
        fix_ko=("소프트맥스 전에 마스크된 키(mask가 False)의 점수를 -inf(또는 아주 큰 음수)로 "
                "두세요."),
    ),
    Mistake(
        "the mask is applied after the softmax, so the kept weights no longer sum to 1",
        "mask the scores before the softmax, not the weights after it.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, mask, mask_after=True),
        name_ko="마스크를 소프트맥스 다음에 적용해서 남은 가중치의 합이 더 이상 1이 아닙니다",
        fix_ko="소프트맥스를 거친 가중치가 아니라 소프트맥스 전의 점수에 마스크를 적용하세요.",
    ),
    Mistake(
        "masked scores are set to 0 instead of -inf, so exp(0) = 1 still gives padded "
        "keys weight",
        "a score of 0 is not 'no attention': use -inf (np.where(mask, scores, -np.inf)) or a "
        "large negative number such as -1e9 before the softmax.",
        lambda expected, q, k, v, mask=None: _sdpa_weights(q, k, _padding(mask)[:, 0],
                                                          fill=0.0),
        name_ko=("마스크된 점수를 -inf가 아니라 0으로 두어서, exp(0) = 1 때문에 패딩된 키가 "
                 "여전히 가중치를 받습니다"),
        fix_ko=("점수 0은 '어텐션하지 않음'이 아닙니다: 소프트맥스 전에 -inf(np.where(mask, "
                "scores, -np.inf))나 -1e9 같은 아주 큰 음수를 쓰세요."),
    ),
)

# the same mistakes seen in the output, weights @ v, and one more: the keys as values
SCALED_ATTENTION_OUTPUT = tuple(
    Mistake(m.name, m.fix, lambda expected, q, k, v, mask=None, m=m:
            m.wrong(None, q=q, k=k, v=v, mask=mask) @ np.asarray(v, dtype=float),
            name_ko=m.name_ko, fix_ko=m.fix_ko)
    for m in SCALED_ATTENTION) + (
    Mistake(
        "the weights multiply the keys, not the values",
        "the output is weights @ v: the values carry the content, the keys only decide "
        "the weights.",
        lambda expected, q, k, v, mask=None: (
            _sdpa_weights(q, k, mask) @ np.asarray(k, dtype=float)),
        name_ko="가중치를 값이 아니라 키에 곱했습니다",
        fix_ko="출력은 weights @ v입니다: 내용을 담는 것은 값이고, 키는 가중치를 정할 뿐입니다.",
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
        name_ko=("디코더가 늘 시작 토큰만 읽습니다: 직전에 스스로 고른 토큰이 다시 입력되지 "
                 "않습니다"),
        fix_ko=("각 단계가 끝나면 argmax를 디코더 입력의 다음 위치에 써넣어(또는 덧붙여), 단계 "
                "t가 [start, y_0, ..., y_(t-1)]을 읽게 하세요."),
    ),
    Mistake(
        "every step reads the logits at position 0, so the first id is repeated",
        "take the logits at the current step t (logits[:, t], or logits[:, -1] when the "
        "decoder input grows by one id per step).",
        _first_position,
        name_ko="모든 단계가 위치 0의 로짓을 읽어서 첫 번째 id가 반복됩니다",
        fix_ko=("현재 단계 t의 로짓을 쓰세요(logits[:, t], 또는 디코더 입력이 단계마다 id 하나씩 "
                "늘어나면 logits[:, -1])."),
    ),
    Mistake(
        "the start token is returned as the first id",
        "return only the `length` generated ids, without the start token you fed first.",
        _with_start,
        name_ko="시작 토큰을 첫 번째 id로 반환했습니다",
        fix_ko="처음에 넣은 시작 토큰은 빼고, 생성한 `length`개의 id만 반환하세요.",
    ),
)

CONTEXT_VECTOR = (
    Mistake(
        "the weights are ignored: this is the plain mean of the encoder states",
        "multiply each encoder state hs[:, t] by its weight a[:, t] before summing over t.",
        lambda expected, a, hs: np.mean(hs, axis=1),
        name_ko="가중치를 무시했습니다: 이것은 인코더 상태의 단순 평균입니다",
        fix_ko="t에 걸쳐 더하기 전에 각 인코더 상태 hs[:, t]에 그 가중치 a[:, t]를 곱하세요.",
    ),
    Mistake(
        "the weighted states are not summed over the source positions",
        "sum a[:, :, None] * hs over axis 1 (the source positions) to get shape (N, H).",
        lambda expected, a, hs: np.asarray(a)[:, :, None] * np.asarray(hs),
        name_ko="가중한 상태를 소스 위치에 걸쳐 합하지 않았습니다",
        fix_ko="a[:, :, None] * hs를 축 1(소스 위치)에 걸쳐 합해서 모양 (N, H)를 얻으세요.",
    ),
    Mistake(
        "the sum runs over the hidden axis instead of the source positions",
        "sum over axis 1 (source positions, T), keeping the hidden axis H.",
        lambda expected, a, hs: np.einsum("nt,nth->nt", a, hs),
        name_ko="소스 위치가 아니라 은닉 축에 걸쳐 합했습니다",
        fix_ko="축 1(소스 위치, T)에 걸쳐 합하고, 은닉 축 H는 남기세요.",
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
        name_ko=("sin과 cos가 뒤바뀌었습니다: 짝수 차원에는 sin, 홀수 차원에는 cos가 들어가야 "
                 "합니다"),
        fix_ko=("PE[pos, 2i] = sin(angle), PE[pos, 2i+1] = cos(angle)입니다. 그러면 pos = 0인 "
                "행은 [0, 1, 0, 1, ...]이 됩니다."),
    ),
    Mistake(
        "sin fills the first half and cos the second half; the paper interleaves them",
        "put sin in the even columns (PE[:, 0::2]) and cos in the odd ones (PE[:, 1::2]).",
        lambda expected, length, d_model: np.concatenate(
            [np.asarray(expected)[:, 0::2], np.asarray(expected)[:, 1::2]], axis=1),
        name_ko="sin이 앞쪽 절반을, cos가 뒤쪽 절반을 채웠습니다. 논문은 둘을 번갈아 놓습니다",
        fix_ko="sin은 짝수 열(PE[:, 0::2])에, cos는 홀수 열(PE[:, 1::2])에 넣으세요.",
    ),
    Mistake(
        "the exponent is i/d_model, without the factor 2: 10000^(i/d) instead of "
        "10000^(2i/d)",
        "the pair (2i, 2i+1) uses the angle pos / 10000^(2i / d_model).",
        lambda expected, length, d_model: _exponent_mistake(expected, 0.5, lambda w: 1.0),
        name_ko="지수에서 계수 2가 빠졌습니다: 10000^(2i/d) 대신 10000^(i/d)를 썼습니다",
        fix_ko="쌍 (2i, 2i+1)은 각도 pos / 10000^(2i / d_model)을 씁니다.",
    ),
    Mistake(
        "the exponent uses the column index j as 2j/d_model; both columns of a pair must "
        "share 2i/d_model with i = j // 2",
        "use 2 * (j // 2) / d_model for column j, i.e. 2i / d_model for the pair (2i, 2i+1).",
        lambda expected, length, d_model: _exponent_mistake(expected, 2.0, lambda w: w[1]),
        name_ko=("지수에 열 인덱스 j를 2j/d_model로 썼습니다. 한 쌍의 두 열은 i = j // 2로 "
                 "2i/d_model을 공유해야 합니다"),
        fix_ko="열 j에는 2 * (j // 2) / d_model, 곧 쌍 (2i, 2i+1)에는 2i / d_model을 쓰세요.",
    ),
    Mistake(
        "the exponent uses the column index j as j/d_model, so the cos column of a pair "
        "gets a different frequency from its sin column",
        "both columns of the pair (2i, 2i+1) use the angle pos / 10000^(2i / d_model).",
        lambda expected, length, d_model: _exponent_mistake(
            expected, 1.0, lambda w: np.sqrt(w[1])),
        name_ko=("지수에 열 인덱스 j를 j/d_model로 써서, 한 쌍의 cos 열이 sin 열과 다른 주파수를 "
                 "갖습니다"),
        fix_ko="쌍 (2i, 2i+1)의 두 열은 모두 각도 pos / 10000^(2i / d_model)을 씁니다.",
    ),
    Mistake(
        "pos is multiplied by 10000^(2i/d_model) instead of divided by it",
        "the angle is pos / 10000^(2i / d_model): the frequencies fall from 1 to 1/10000.",
        lambda expected, length, d_model: _exponent_mistake(expected, -1.0, lambda w: 1.0),
        name_ko="pos를 10000^(2i/d_model)로 나누지 않고 곱했습니다",
        fix_ko="각도는 pos / 10000^(2i / d_model)입니다: 주파수는 1에서 1/10000까지 줄어듭니다.",
    ),
)
