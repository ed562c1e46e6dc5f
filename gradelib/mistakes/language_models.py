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
        name_ko=("교차 엔트로피가 비트 단위(밑이 2인 로그)입니다. 이 코스는 내트(nat) 단위로 "
                 "보고합니다"),
        fix_ko="자연로그 np.log를 쓰세요. 화면에 비트로 보이고 싶다면 비트 = 내트 / ln 2입니다.",
    ),
    Mistake(
        "the negative log-likelihoods are summed, not averaged over the tokens",
        "divide the sum by the number of targets (np.mean), so the value is per token.",
        lambda expected, probs, targets: expected * len(targets),
        name_ko="음의 로그 가능도를 토큰에 걸쳐 평균하지 않고 합했습니다",
        fix_ko="합을 타깃 개수로 나누세요(np.mean). 그래야 값이 토큰당 값이 됩니다.",
    ),
    Mistake(
        "the minus sign is missing: a log-probability is <= 0, so the loss must be >= 0",
        "return the mean of -log p(target), not of log p(target).",
        lambda expected, probs, targets: -expected,
        name_ko="마이너스 부호가 빠졌습니다: 로그 확률은 0 이하이므로 손실은 0 이상이어야 합니다",
        fix_ko="log p(target)이 아니라 -log p(target)의 평균을 반환하세요.",
    ),
    Mistake(
        "the log is taken of the mean probability instead of averaging the log-probabilities",
        "take -log of each target's probability first, then average.",
        lambda expected, probs, targets: -np.log(np.mean(_target_probs(probs, targets))),
        name_ko="로그 확률을 평균하지 않고 평균 확률에 로그를 취했습니다",
        fix_ko="먼저 각 타깃 확률에 -log를 취한 다음 평균하세요.",
    ),
    Mistake(
        "probs[:, targets] picks whole columns (an N x N matrix), not each row's target",
        "pair each row with its own target: probs[np.arange(N), targets] (or "
        "np.take_along_axis(probs, targets[:, None], axis=1)).",
        lambda expected, probs, targets: -np.mean(np.log(_all_columns(probs, targets))),
        name_ko="probs[:, targets]는 각 행의 타깃이 아니라 열 전체(N x N 행렬)를 고릅니다",
        fix_ko=("각 행을 그 행의 타깃과 짝지으세요: probs[np.arange(N), targets](또는 "
                "np.take_along_axis(probs, targets[:, None], axis=1))."),
    ),
)

PERPLEXITY = (
    Mistake(
        "the cross-entropy was taken with log base 2 and then put through exp",
        "use one base throughout: exp(cross-entropy in nats), or 2 ** (cross-entropy in bits).",
        lambda expected, probs, targets: expected ** (1 / LN2),
        name_ko="교차 엔트로피를 밑이 2인 로그로 구한 뒤 exp에 넣었습니다",
        fix_ko=("밑을 하나로 통일하세요: exp(내트 단위 교차 엔트로피) 또는 2 ** (비트 단위 교차 "
                "엔트로피)."),
    ),
    Mistake(
        "the negative log-likelihoods are summed, not averaged, before exp",
        "perplexity is exp of the *mean* negative log-likelihood per token.",
        lambda expected, probs, targets: expected ** len(targets),
        name_ko="exp를 취하기 전에 음의 로그 가능도를 평균하지 않고 합했습니다",
        fix_ko="혼란도는 토큰당 음의 로그 가능도의 *평균*에 exp를 취한 값입니다.",
    ),
    Mistake(
        "the minus sign is missing: exp(mean log p) is 1 / perplexity",
        "exponentiate the mean of -log p(target); perplexity is always >= 1.",
        lambda expected, probs, targets: 1 / expected,
        name_ko="마이너스 부호가 빠졌습니다: exp(mean log p)는 1 / 혼란도입니다",
        fix_ko="-log p(target)의 평균에 exp를 취하세요. 혼란도는 언제나 1 이상입니다.",
    ),
    Mistake(
        "exp was taken per token and then averaged (the mean of 1/p), not exp of the mean",
        "average the negative log-probabilities first, then take exp once.",
        lambda expected, probs, targets: np.mean(1 / _target_probs(probs, targets)),
        name_ko="평균에 exp를 취하지 않고 토큰마다 exp를 취한 뒤 평균했습니다(1/p의 평균)",
        fix_ko="음의 로그 확률을 먼저 평균한 다음 exp를 한 번만 취하세요.",
    ),
    Mistake(
        "probs[:, targets] picks whole columns (an N x N matrix), not each row's target",
        "pair each row with its own target: probs[np.arange(N), targets].",
        lambda expected, probs, targets: np.exp(-np.mean(np.log(_all_columns(probs, targets)))),
        name_ko="probs[:, targets]는 각 행의 타깃이 아니라 열 전체(N x N 행렬)를 고릅니다",
        fix_ko="각 행을 그 행의 타깃과 짝지으세요: probs[np.arange(N), targets].",
    ),
    Mistake(
        "it returns the cross-entropy itself: the exp is missing",
        "perplexity = exp(cross-entropy in nats).",
        lambda expected, probs, targets: np.log(expected),
        name_ko="교차 엔트로피 자체를 반환했습니다: exp가 빠졌습니다",
        fix_ko="혼란도 = exp(내트 단위 교차 엔트로피)입니다.",
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
        name_ko=("여러 번 나오는 쌍을 한 번만 셌습니다: 인덱스 배열로 쓴 `counts[a, b] += 1`은 "
                 "버퍼링되어, 반복되는 인덱스 쌍에도 1이 한 번만 더해집니다"),
        fix_ko=("np.add.at(counts, (current, following), 1)로 세거나 쌍을 하나씩 도는 반복문을 "
                "쓰세요."),
    ),
    Mistake(
        "the matrix is transposed: row i should be P(next | current = i), counted as "
        "counts[current, next]",
        "index the counts with the current token first: counts[ids[t], ids[t + 1]].",
        lambda expected, ids, vocab_size, k: _rows(
            _smoothed_counts(expected, ids, vocab_size, k).T),
        name_ko=("행렬이 전치되었습니다: 행 i는 P(next | current = i)여야 하며, counts[current, "
                 "next]로 셉니다"),
        fix_ko="횟수를 셀 때 현재 토큰을 첫 번째 인덱스로 쓰세요: counts[ids[t], ids[t + 1]].",
    ),
    Mistake(
        "the counts are normalised over columns, not rows",
        "divide each row by its own sum (axis=1, keepdims=True), so each row sums to 1.",
        lambda expected, ids, vocab_size, k: (
            lambda m: m / m.sum(axis=0, keepdims=True))(
                _smoothed_counts(expected, ids, vocab_size, k)),
        name_ko="횟수를 행이 아니라 열 방향으로 정규화했습니다",
        fix_ko="각 행을 그 행의 합(axis=1, keepdims=True)으로 나누어, 행마다 합이 1이 되게 하세요.",
    ),
    Mistake(
        "k is added to every count but the denominator leaves out k * vocab_size, so "
        "the rows sum to more than 1",
        "divide by the row's count total plus k * vocab_size (or just by the row sum "
        "of the smoothed counts).",
        lambda expected, ids, vocab_size, k: _smoothed_counts(expected, ids, vocab_size, k)
        / np.bincount(np.asarray(ids)[:-1], minlength=vocab_size)[:, None],
        name_ko="모든 횟수에 k를 더했지만 분모에 k * vocab_size가 빠져서 행의 합이 1보다 큽니다",
        fix_ko=("행의 횟수 합에 k * vocab_size를 더한 값으로 나누세요(또는 그냥 평활한 횟수의 행 "
                "합으로 나누세요)."),
    ),
)
