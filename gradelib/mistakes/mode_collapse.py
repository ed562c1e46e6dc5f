"""Known mistakes for 08_mode_collapse: assigning samples to modes, the mode-coverage
metrics of VEEGAN and PacGAN, packing, minibatch discrimination and feature matching.

The wrong answers are computed from the inputs with SciPy's distances and NumPy
reshapes, never from a reference solution.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from ..checks import Mistake


def _distances(samples, centres):
    return cdist(np.asarray(samples, float), np.asarray(centres, float))


NEAREST_DISTANCE = (
    Mistake("the squared distance is returned, not the distance",
            "take the square root of the sum of squared differences (np.linalg.norm).",
            lambda expected, samples, centres: np.asarray(expected) ** 2,
            name_ko="거리가 아니라 거리의 제곱을 반환했습니다",
            fix_ko="차이의 제곱합에 제곱근을 취하세요(np.linalg.norm)."),
    Mistake("the distance to the farthest mode is returned",
            "take the minimum over the modes (axis 1 of the (n, k) distance table), not the "
            "maximum.",
            lambda expected, samples, centres: _distances(samples, centres).max(axis=1),
            name_ko="가장 먼 모드까지의 거리를 반환했습니다",
            fix_ko="(n, k) 거리 표의 축 1(모드)에 걸쳐 최댓값이 아니라 최솟값을 취하세요."),
)

NEAREST_INDEX = (
    Mistake("the index of the farthest mode is returned",
            "use argmin over the modes, not argmax.",
            lambda expected, samples, centres: _distances(samples, centres).argmax(axis=1),
            name_ko="가장 먼 모드의 인덱스를 반환했습니다",
            fix_ko="모드에 걸쳐 argmax가 아니라 argmin을 쓰세요."),
    Mistake("the index runs over the samples, not the modes (argmin along the wrong axis)",
            "the table of distances is (n samples, k modes): take argmin along axis 1.",
            lambda expected, samples, centres: _distances(samples, centres).argmin(axis=0),
            name_ko="인덱스가 모드가 아니라 샘플을 가리킵니다(argmin의 축이 틀렸습니다)",
            fix_ko="거리 표의 모양은 (샘플 n개, 모드 k개)입니다: 축 1을 따라 argmin을 취하세요."),
)


def _metrics(samples, centres, std, radius=3.0, any_sample=False, variance=False):
    d = _distances(samples, centres)
    threshold = radius * (std ** 2 if variance else std)
    good = d.min(axis=1) <= threshold
    nearest = d.argmin(axis=1)
    captured = np.unique(nearest if any_sample else nearest[good]).size
    return np.array([captured, good.mean()])


MODE_METRICS = (
    Mistake("a mode counts as captured when any sample is nearest to it, high quality or not",
            "count only the modes that are nearest to at least one high-quality sample "
            "(within 3 standard deviations): a far-away sample says nothing about a mode.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std,
                                                             any_sample=True),
            name_ko="품질과 상관없이 어떤 샘플이든 가장 가까운 모드를 포착된 모드로 셌습니다",
            fix_ko=("고품질 샘플(표준편차 3배 이내)이 하나 이상 가장 가깝게 있는 모드만 세세요: "
                    "멀리 떨어진 샘플은 그 모드에 대해 아무것도 알려 주지 않습니다.")),
    Mistake("the threshold is 3 variances (3 std**2), not 3 standard deviations",
            "a sample is high quality when its distance to the nearest mode is at most 3 * std.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std,
                                                             variance=True),
            name_ko="임계치가 표준편차 3배가 아니라 분산 3배(3 std**2)입니다",
            fix_ko="가장 가까운 모드까지의 거리가 3 * std 이하일 때 고품질 샘플입니다."),
    Mistake("the threshold is 1 standard deviation, not 3",
            "VEEGAN counts a sample as high quality within three standard deviations of a mode.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std, radius=1.0),
            name_ko="임계치가 표준편차 3배가 아니라 1배입니다",
            fix_ko="VEEGAN은 모드에서 표준편차 3배 이내에 있는 샘플을 고품질로 셉니다."),
    Mistake("the high-quality share is a count, not a fraction",
            "divide the number of high-quality samples by the number of samples.",
            lambda expected, samples, centres, std: np.array(
                [expected[0], expected[1] * len(samples)]),
            name_ko="고품질 샘플의 비율이 아니라 개수를 반환했습니다",
            fix_ko="고품질 샘플 수를 전체 샘플 수로 나누세요."),
)


def _pack_interleaved(x, m):
    x = np.asarray(x, float)
    n, d = x.shape
    return x.reshape(m, n // m, d).transpose(1, 0, 2).reshape(n // m, m * d)


PACK = (
    Mistake("the packs interleave the batch (sample i with samples i + n/m, ...) instead of "
            "taking m consecutive samples",
            "reshape (n, d) to (n // m, m * d) directly: row i holds samples i*m ... i*m + m - 1.",
            lambda expected, x, m: _pack_interleaved(x, m),
            name_ko=("연속된 샘플 m개를 묶지 않고 배치를 건너뛰며 묶었습니다(샘플 i와 샘플 i + "
                     "n/m, ...)"),
            fix_ko=("(n, d)를 곧바로 (n // m, m * d)로 reshape하세요: 행 i에는 샘플 i*m ... i*m "
                    "+ m - 1이 들어갑니다.")),
    Mistake("the packs are not flattened: shape (n // m, m, d)",
            "the discriminator's Dense layers need one vector per pack: (n // m, m * d).",
            lambda expected, x, m: np.asarray(x, float).reshape(len(x) // m, m, -1),
            name_ko="묶음을 펼치지 않았습니다: 모양이 (n // m, m, d)입니다",
            fix_ko="판별자의 Dense 층에는 묶음마다 벡터 하나가 필요합니다: (n // m, m * d)."),
)


def _minibatch_l2(M):
    rows = np.asarray(M, float)
    euclidean = np.sqrt(((rows[:, None] - rows[None]) ** 2).sum(-1))   # (n, n, B)
    return np.exp(-euclidean).sum(axis=1)


MINIBATCH_FEATURES = (
    Mistake("the distance between rows is Euclidean (L2), not the L1 norm of Salimans et al.",
            "c_b(x_i, x_j) = exp(-sum_c |M_i,b,c - M_j,b,c|): the sum of absolute differences.",
            lambda expected, M: _minibatch_l2(M),
            name_ko="행 사이의 거리로 Salimans 등의 L1 노름이 아니라 유클리드 거리(L2)를 썼습니다",
            fix_ko="c_b(x_i, x_j) = exp(-sum_c |M_i,b,c - M_j,b,c|), 곧 절댓값 차이의 합입니다."),
    Mistake("the sample itself is left out of its sum (j != i)",
            "the sum runs over all j = 1..n, the sample itself included (it adds exp(0) = 1).",
            lambda expected, M: np.asarray(expected) - 1.0,
            name_ko="샘플 자신을 합에서 뺐습니다(j != i)",
            fix_ko=("합은 샘플 자신을 포함해 모든 j = 1..n에 걸칩니다(자기 자신은 exp(0) = 1을 "
                    "더합니다).")),
    Mistake("the similarities are averaged over the batch instead of summed",
            "o(x_i)_b = sum over j of c_b(x_i, x_j), not the mean.",
            lambda expected, M: np.asarray(expected) / np.shape(M)[0],
            name_ko="유사도를 배치에 걸쳐 합하지 않고 평균했습니다",
            fix_ko="o(x_i)_b는 j에 걸친 c_b(x_i, x_j)의 평균이 아니라 합입니다."),
    Mistake("the kernels are summed too: one number per sample instead of B",
            "keep one feature per kernel b: the result has shape (n, B).",
            lambda expected, M: np.asarray(expected).sum(axis=1),
            name_ko="커널까지 합했습니다: 샘플마다 값이 B개가 아니라 하나입니다",
            fix_ko="커널 b마다 특성을 하나씩 남기세요: 결과의 모양은 (n, B)입니다."),
)

FEATURE_MATCHING = (
    Mistake("the norm is not squared", "the loss is ||mean f(real) - mean f(fake)||_2 ** 2.",
            lambda expected, real_features, fake_features: np.sqrt(np.asarray(expected)),
            name_ko="노름을 제곱하지 않았습니다",
            fix_ko="손실은 ||mean f(real) - mean f(fake)||_2 ** 2입니다."),
    Mistake("the features are averaged over their dimensions instead of summed",
            "sum the squared differences of the mean features over the feature axis.",
            lambda expected, real_features, fake_features:
            np.asarray(expected) / np.shape(real_features)[-1],
            name_ko="특성을 차원에 걸쳐 합하지 않고 평균했습니다",
            fix_ko="평균 특성의 차이 제곱을 특성 축에 걸쳐 합하세요."),
    Mistake("each real example is matched with one fake example (mean of per-pair squared "
            "distances), not the batch means",
            "take the mean over the batch of each first: match the statistics E f(x) and "
            "E f(G(z)), as Salimans et al. do.",
            lambda expected, real_features, fake_features: np.mean(np.sum(
                (np.asarray(real_features, float) - np.asarray(fake_features, float)) ** 2,
                axis=-1)),
            name_ko=("배치 평균끼리 맞추지 않고 진짜 예제 하나를 가짜 예제 하나와 "
                     "짝지었습니다(쌍별 제곱 거리의 평균)"),
            fix_ko=("먼저 각 배치에 대해 평균을 내세요: Salimans 등처럼 통계량 E f(x)와 E "
                    "f(G(z))를 맞춥니다.")),
)
