"""Known mistakes for 12_cyclegan_and_beyond: the cycle-consistency and identity losses,
the truncated-normal sampler of the truncation trick, AdaIN and ProGAN's fade-in.

Each ``wrong`` computes the mistaken answer from the inputs with NumPy (or, for the
sampler, the distribution of its draws over the check's categories with SciPy), never
from a reference solution. ``wrong`` raises (and the mistake is skipped) where it does
not apply, e.g. when the shapes of the two domains differ.
"""

from __future__ import annotations

import numpy as np

from ..checks import Mistake


def _f(a):
    return np.asarray(a, dtype=np.float64)


def _l1(a, b):
    a, b = _f(a), _f(b)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return np.mean(np.abs(a - b))


def _l2(a, b):
    a, b = _f(a), _f(b)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return np.mean((a - b) ** 2)


def _per_image_sum(a, b):
    a, b = _f(a), _f(b)
    return np.mean(np.sum(np.abs(a - b).reshape(len(a), -1), axis=1))


def _pixel_map(a, b):
    return np.mean(np.abs(_f(a) - _f(b)), axis=0)


def _pair_losses(real_x, out_x, real_y, out_y, name="cycle"):
    """The catalogue of a two-direction L1 loss weight * (L1(out_x, x) + L1(out_y, y))."""
    return (
        Mistake("the squared error (L2) was used, not the absolute error (L1) of eq. 2"
                if name == "cycle" else "the squared error (L2) was used, not the L1 distance",
                "take ops.mean(ops.abs(a - b)) in each direction: L1 keeps edges sharper "
                "than L2 and is what Zhu et al. use.",
                lambda expected, **k: k["weight"] * (_l2(k[out_x], k[real_x])
                                                     + _l2(k[out_y], k[real_y])),
                name_ko=("식 2의 절대 오차(L1)가 아니라 제곱 오차(L2)를 썼습니다" if name == "cycle"
                         else "L1 거리가 아니라 제곱 오차(L2)를 썼습니다"),
                fix_ko=("각 방향에서 ops.mean(ops.abs(a - b))를 구하세요: L1은 L2보다 경계를 "
                        "더 선명하게 유지하며, Zhu 등이 쓰는 것도 L1입니다.")),
        Mistake("only the x direction is counted (the y -> x -> y term is missing)",
                "add both directions: the loss is symmetric in X and Y.",
                lambda expected, **k: k["weight"] * _l1(k[out_x], k[real_x]),
                name_ko="x 방향만 셌습니다(y -> x -> y 항이 빠졌습니다)",
                fix_ko="두 방향을 모두 더하세요: 손실은 X와 Y에 대해 대칭입니다."),
        Mistake("only the y direction is counted (the x -> y -> x term is missing)",
                "add both directions: the loss is symmetric in X and Y.",
                lambda expected, **k: k["weight"] * _l1(k[out_y], k[real_y]),
                name_ko="y 방향만 셌습니다(x -> y -> x 항이 빠졌습니다)",
                fix_ko="두 방향을 모두 더하세요: 손실은 X와 Y에 대해 대칭입니다."),
        Mistake(f"each output is compared with the other domain's images ({out_x} with "
                f"{real_y}, {out_y} with {real_x})",
                f"{out_x} must match {real_x}, and {out_y} must match {real_y}.",
                lambda expected, **k: k["weight"] * (_l1(k[out_x], k[real_y])
                                                     + _l1(k[out_y], k[real_x])),
                name_ko=(f"각 출력을 다른 도메인의 이미지와 비교했습니다({out_x}를 {real_y}와, "
                         f"{out_y}를 {real_x}와)"),
                fix_ko=f"{out_x}는 {real_x}와, {out_y}는 {real_y}와 같아야 합니다."),
        Mistake("the weight is missing", "multiply the sum of the two L1 terms by weight.",
                lambda expected, **k: _l1(k[out_x], k[real_x]) + _l1(k[out_y], k[real_y]),
                name_ko="가중치가 빠졌습니다",
                fix_ko="두 L1 항의 합에 weight를 곱하세요."),
        Mistake("the two directions are averaged, not added",
                "add the two L1 terms (eq. 2 is a sum), then multiply by weight.",
                lambda expected, **k: 0.5 * k["weight"] * (_l1(k[out_x], k[real_x])
                                                           + _l1(k[out_y], k[real_y])),
                name_ko="두 방향을 더하지 않고 평균했습니다",
                fix_ko="두 L1 항을 더한 다음(식 2는 합입니다) weight를 곱하세요."),
        Mistake("the absolute differences are summed over each image's pixels (the L1 norm "
                "of eq. 2 taken literally), not averaged",
                "take the mean over every axis, batch and pixels alike, as Zhu et al.'s "
                "code (an L1Loss) does: lambda = 10 is tuned for that scale.",
                lambda expected, **k: k["weight"] * (_per_image_sum(k[out_x], k[real_x])
                                                     + _per_image_sum(k[out_y], k[real_y])),
                name_ko=("절댓값 차이를 각 이미지의 픽셀에 걸쳐 평균하지 않고 합했습니다(식 2의 "
                         "L1 노름을 글자 그대로 적용)"),
                fix_ko=("배치와 픽셀을 가리지 않고 모든 축에 걸쳐 평균을 내세요. Zhu 등의 "
                        "코드(L1Loss)가 그렇게 하며, lambda = 10은 그 스케일에 맞춰 조정된 "
                        "값입니다.")),
        Mistake("the mean was taken over the batch axis only: a map per pixel, not a scalar",
                "reduce over every axis (ops.mean with no axis): the loss is one number.",
                lambda expected, **k: k["weight"] * (_pixel_map(k[out_x], k[real_x])
                                                     + _pixel_map(k[out_y], k[real_y])),
                name_ko=("배치 축에 대해서만 평균했습니다: 스칼라가 아니라 픽셀마다 값이 있는 "
                         "맵입니다"),
                fix_ko="모든 축에 걸쳐 줄이세요(axis 없이 ops.mean): 손실은 숫자 하나입니다."),
        Mistake("the absolute value is taken after the mean: |mean(a - b)|, not mean(|a - b|)",
                "take ops.abs of the differences first, then the mean: positive and negative "
                "errors must not cancel.",
                lambda expected, **k: k["weight"] * (abs(np.mean(_f(k[out_x]) - _f(k[real_x])))
                                                     + abs(np.mean(_f(k[out_y])
                                                                   - _f(k[real_y])))),
                name_ko=("평균을 낸 뒤 절댓값을 취했습니다: mean(|a - b|)가 아니라 |mean(a - "
                         "b)|입니다"),
                fix_ko=("먼저 차이에 ops.abs를 적용한 뒤 평균을 내세요: 양의 오차와 음의 오차가 "
                        "서로 상쇄되면 안 됩니다.")),
    )


CYCLE_LOSS = _pair_losses("real_x", "cycled_x", "real_y", "cycled_y")

IDENTITY_LOSS = _pair_losses("real_x", "same_x", "real_y", "same_y", name="identity") + (
    Mistake("the weight lambda = 10 was used, not the identity weight 0.5 lambda passed in",
            "multiply by the weight argument (Zhu et al. sec. 5.2 / 7.1: 0.5 lambda = 5).",
            lambda expected, **k: 10.0 * (_l1(k["same_x"], k["real_x"])
                                          + _l1(k["same_y"], k["real_y"])),
            name_ko=("인자로 받은 동일성 손실의 가중치 0.5 lambda가 아니라 가중치 lambda = 10을 "
                     "썼습니다"),
            fix_ko="weight 인자를 곱하세요(Zhu 등 5.2절 / 7.1절: 0.5 lambda = 5)."),
)


# ---- the truncated normal: each wrong returns the probabilities of the check's categories
# (gradelib.cyclegan.truncation_categories: -t exactly, the bins, +t exactly, beyond)

def _tail(threshold):
    from scipy import stats

    return float(stats.norm.sf(threshold))       # P(z > t) for z ~ N(0, 1)


def _clipped(expected, threshold, bins):
    from .. import cyclegan

    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins)
    probs[0] = probs[bins + 1] = _tail(threshold)
    return probs


def _resampled_once(expected, threshold, bins):
    from .. import cyclegan

    out = 2 * _tail(threshold)                    # P(|z| > t)
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins) * (1 + out)
    probs[-1] = out ** 2
    return probs


def _one_sided(expected, threshold, bins):
    from .. import cyclegan

    keep = 1 - _tail(threshold)                   # P(z <= t): the values kept or redrawn
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins) / keep
    probs[-1] = _tail(threshold) / keep           # z < -t, never redrawn
    return probs


def _uniform(expected, threshold, bins):
    from scipy import stats

    edges = stats.truncnorm(-threshold, threshold).ppf(np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -threshold, threshold
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = np.diff(edges) / (2 * threshold)
    return probs


def _untruncated(expected, threshold, bins):
    from .. import cyclegan

    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins)
    probs[-1] = 2 * _tail(threshold)
    return probs


def _tails_kept(expected, threshold, bins):
    probs = np.zeros(bins + 3)
    probs[-1] = 1.0
    return probs


TRUNCATED_NORMAL = (
    Mistake("the values beyond the threshold were clipped to +-threshold, not resampled",
            "BigGAN (sec. 3.1) resamples: draw again every value with |z| > threshold until "
            "none is left. Clipping piles the tails' mass onto the two end points.",
            _clipped,
            name_ko="임계치를 넘는 값을 다시 뽑지 않고 +-threshold로 클리핑했습니다",
            fix_ko=("BigGAN(3.1절)은 다시 뽑습니다: |z| > threshold인 값이 하나도 남지 않을 "
                    "때까지 모두 다시 뽑으세요. 클리핑하면 꼬리의 확률 질량이 양 끝점에 "
                    "쌓입니다.")),
    Mistake("the values beyond the threshold were redrawn once, not until they fall inside",
            "repeat: redraw the values still beyond the threshold in a loop until there are "
            "none.", _resampled_once,
            name_ko="임계치를 넘는 값을 안쪽에 들어올 때까지가 아니라 한 번만 다시 뽑았습니다",
            fix_ko="반복하세요: 임계치를 넘는 값이 없어질 때까지 루프 안에서 다시 뽑으세요."),
    Mistake("only values above +threshold were resampled (one-sided)",
            "resample where abs(z) > threshold: both tails.", _one_sided,
            name_ko="+threshold보다 큰 값만 다시 뽑았습니다(한쪽 꼬리만)",
            fix_ko="abs(z) > threshold인 곳, 곧 양쪽 꼬리를 모두 다시 뽑으세요."),
    Mistake("these are uniform draws on [-threshold, threshold], not a truncated normal",
            "draw from the standard normal (rng.standard_normal) and resample the tails.",
            _uniform,
            name_ko="절단 정규분포가 아니라 [-threshold, threshold]의 균등분포에서 뽑았습니다",
            fix_ko="표준 정규분포(rng.standard_normal)에서 뽑은 뒤 꼬리를 다시 뽑으세요."),
    Mistake("nothing was truncated: these are plain N(0, 1) draws",
            "resample every value with abs(z) > threshold.", _untruncated,
            name_ko="아무것도 절단하지 않았습니다: 그냥 N(0, 1)에서 뽑은 값입니다",
            fix_ko="abs(z) > threshold인 값을 모두 다시 뽑으세요."),
    Mistake("the values inside the threshold were redrawn: the tails were kept",
            "keep |z| <= threshold; resample where abs(z) > threshold.", _tails_kept,
            name_ko="임계치 안쪽 값을 다시 뽑았습니다: 꼬리가 그대로 남았습니다",
            fix_ko="|z| <= threshold인 값은 그대로 두고 abs(z) > threshold인 곳을 다시 뽑으세요."),
)


# ---- AdaIN on channels-last maps (n, H, W, C)

def _stats(a, axes, ddof=0):
    a = _f(a)
    size = np.prod([a.shape[i] for i in axes])
    mean = a.mean(axis=axes, keepdims=True)
    var = ((a - mean) ** 2).sum(axis=axes, keepdims=True) / (size - ddof)
    return mean, var


def _adain(content, style, epsilon, axes=(1, 2), ddof=0, how="sqrt"):
    mc, vc = _stats(content, axes, ddof)
    ms, vs = _stats(style, axes, ddof)
    if how == "sqrt":
        sc, ss = np.sqrt(vc + epsilon), np.sqrt(vs + epsilon)
    elif how == "none":
        sc, ss = np.sqrt(vc), np.sqrt(vs)
    elif how == "outside":
        sc, ss = np.sqrt(vc) + epsilon, np.sqrt(vs) + epsilon
    else:                                          # variances, not standard deviations
        sc, ss = vc + epsilon, vs + epsilon
    return ss * (_f(content) - mc) / sc + ms


def _same_shape(content, style):
    if np.shape(content) != np.shape(style):
        raise ValueError("shapes differ")
    return style, content


ADAIN = (
    Mistake("the statistics are taken over the batch as well (axes 0, 1, 2): that is batch "
            "normalisation's mean and variance, not instance normalisation's",
            "reduce over the spatial axes only (axis=(1, 2), keepdims=True): one mean and "
            "one standard deviation per example and per channel (eq. 5-6).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(0, 1, 2)),
            name_ko=("통계량을 배치까지 포함해(축 0, 1, 2) 구했습니다: 이것은 인스턴스 정규화가 "
                     "아니라 배치 정규화의 평균과 분산입니다"),
            fix_ko=("공간 축에 대해서만 줄이세요(axis=(1, 2), keepdims=True): 예제마다, 채널마다 "
                    "평균과 표준편차가 하나씩입니다(식 5-6).")),
    Mistake("the statistics are taken over the channels as well (axes 1, 2, 3): that is "
            "layer normalisation, one mean per example",
            "reduce over the spatial axes only (axis=(1, 2)): each channel has its own "
            "statistics.",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(1, 2, 3)),
            name_ko=("통계량을 채널까지 포함해(축 1, 2, 3) 구했습니다: 이것은 예제마다 평균이 "
                     "하나인 층 정규화입니다"),
            fix_ko="공간 축에 대해서만 줄이세요(axis=(1, 2)): 채널마다 자기 통계량이 있습니다."),
    Mistake("the statistics are taken over every axis (one mean for the whole batch)",
            "reduce over the spatial axes only (axis=(1, 2)).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(0, 1, 2, 3)),
            name_ko="통계량을 모든 축에 걸쳐 구했습니다(배치 전체에 평균 하나)",
            fix_ko="공간 축에 대해서만 줄이세요(axis=(1, 2))."),
    Mistake("the variance is the unbiased one (divided by H W - 1), not eq. 6's 1 / (H W)",
            "use the biased variance: ops.var or the mean of squared deviations divides by "
            "H W (np.var's default, ddof=0; torch.var's default is unbiased).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             ddof=1),
            name_ko="분산이 식 6의 1 / (H W)가 아니라 불편 분산(H W - 1로 나눔)입니다",
            fix_ko=("편향 분산을 쓰세요: ops.var나 편차 제곱의 평균은 H W로 나눕니다(np.var의 "
                    "기본값 ddof=0; torch.var의 기본값은 불편 분산입니다).")),
    Mistake("epsilon is missing: sigma = sqrt(variance)",
            "sigma = sqrt(variance + epsilon), for the content and the style (eq. 6): it "
            "keeps a flat channel from dividing by zero.",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="none"),
            name_ko="epsilon이 빠졌습니다: sigma = sqrt(variance)",
            fix_ko=("콘텐츠와 스타일 모두 sigma = sqrt(variance + epsilon)입니다(식 6): 값이 "
                    "일정한 채널에서 0으로 나누는 것을 막아 줍니다.")),
    Mistake("epsilon is added to the standard deviation, not to the variance under the "
            "square root",
            "sigma = sqrt(variance + epsilon) (eq. 6).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="outside"),
            name_ko="epsilon을 제곱근 안의 분산이 아니라 표준편차에 더했습니다",
            fix_ko="sigma = sqrt(variance + epsilon)입니다(식 6)."),
    Mistake("the variances are used where the standard deviations belong",
            "take the square root: sigma = sqrt(variance + epsilon).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="variance"),
            name_ko="표준편차를 써야 할 자리에 분산을 썼습니다",
            fix_ko="제곱근을 취하세요: sigma = sqrt(variance + epsilon)."),
    Mistake("content and style are swapped: this normalises the style map and gives it the "
            "content's statistics",
            "normalise the content x, then scale by sigma(style) and shift by mu(style): "
            "AdaIN(x, y) = sigma(y) (x - mu(x)) / sigma(x) + mu(y) (eq. 8).",
            lambda expected, content, style, epsilon: _adain(*_same_shape(content, style),
                                                             epsilon),
            name_ko=("콘텐츠와 스타일이 뒤바뀌었습니다: 스타일 맵을 정규화하고 콘텐츠의 통계량을 "
                     "입혔습니다"),
            fix_ko=("콘텐츠 x를 정규화한 다음 sigma(style)을 곱하고 mu(style)을 더하세요: "
                    "AdaIN(x, y) = sigma(y) (x - mu(x)) / sigma(x) + mu(y) (식 8).")),
    Mistake("the scale is inverted: sigma(x) / sigma(y) instead of sigma(y) / sigma(x)",
            "divide the centred content by its own sigma, then multiply by the style's.",
            lambda expected, content, style, epsilon: _inverted_scale(content, style, epsilon),
            name_ko="배율이 뒤집혔습니다: sigma(y) / sigma(x)가 아니라 sigma(x) / sigma(y)입니다",
            fix_ko="중심화한 콘텐츠를 자기 sigma로 나눈 다음 스타일의 sigma를 곱하세요."),
    Mistake("the style's mean mu(y) is not added back",
            "add mu(style) after scaling: the output takes both statistics of the style.",
            lambda expected, content, style, epsilon:
            _adain(content, style, epsilon) - _stats(style, (1, 2))[0],
            name_ko="스타일의 평균 mu(y)를 다시 더하지 않았습니다",
            fix_ko=("배율을 곱한 뒤 mu(style)을 더하세요: 출력은 스타일의 두 통계량을 모두 "
                    "가져야 합니다.")),
    Mistake("the content is not centred: sigma(y) x / sigma(x) + mu(y)",
            "subtract mu(content) before dividing by sigma(content).",
            lambda expected, content, style, epsilon:
            _adain(content, style, epsilon) + np.sqrt(_stats(style, (1, 2))[1] + epsilon)
            * _stats(content, (1, 2))[0] / np.sqrt(_stats(content, (1, 2))[1] + epsilon),
            name_ko="콘텐츠를 중심화하지 않았습니다: sigma(y) x / sigma(x) + mu(y)",
            fix_ko="sigma(content)로 나누기 전에 mu(content)를 빼세요."),
)


def _inverted_scale(content, style, epsilon):
    mc, vc = _stats(content, (1, 2))
    ms, vs = _stats(style, (1, 2))
    return np.sqrt(vc + epsilon) * (_f(content) - mc) / np.sqrt(vs + epsilon) + ms


FADE_IN = (
    Mistake("alpha and 1 - alpha are swapped: alpha weights the old, upsampled output",
            "new layers fade in: (1 - alpha) * upsampled_old + alpha * new, so alpha = 0 "
            "is the old network and alpha = 1 the new one (ProGAN, Fig. 2).",
            lambda expected, upsampled_old, new, alpha:
            _f(alpha) * _f(upsampled_old) + (1 - _f(alpha)) * _f(new),
            name_ko=("alpha와 1 - alpha가 뒤바뀌었습니다: alpha가 업샘플링한 이전 출력에 "
                     "곱해졌습니다"),
            fix_ko=("새 층은 서서히 들어옵니다: (1 - alpha) * upsampled_old + alpha * new이므로 "
                    "alpha = 0이면 이전 네트워크, alpha = 1이면 새 네트워크입니다(ProGAN, 그림 "
                    "2).")),
    Mistake("the old output is not multiplied by 1 - alpha: upsampled_old + alpha * new",
            "the weights must add up to 1: (1 - alpha) * upsampled_old + alpha * new.",
            lambda expected, upsampled_old, new, alpha: _f(upsampled_old) + _f(alpha) * _f(new),
            name_ko="이전 출력에 1 - alpha를 곱하지 않았습니다: upsampled_old + alpha * new",
            fix_ko="두 가중치의 합이 1이어야 합니다: (1 - alpha) * upsampled_old + alpha * new."),
    Mistake("only the new output is used, scaled by alpha",
            "blend both: (1 - alpha) * upsampled_old + alpha * new.",
            lambda expected, upsampled_old, new, alpha: _f(alpha) * _f(new),
            name_ko="새 출력만 alpha를 곱해 썼습니다",
            fix_ko="둘을 섞으세요: (1 - alpha) * upsampled_old + alpha * new."),
    Mistake("the two outputs are averaged, whatever alpha",
            "weight them by 1 - alpha and alpha.",
            lambda expected, upsampled_old, new, alpha: 0.5 * (_f(upsampled_old) + _f(new)),
            name_ko="alpha와 상관없이 두 출력을 평균했습니다",
            fix_ko="두 출력에 각각 1 - alpha와 alpha를 가중치로 곱하세요."),
)
