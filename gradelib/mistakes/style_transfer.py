"""Known mistakes for 11_deepdream_style_transfer: the Gram matrix, the style loss, the
content loss, the total variation loss and DeepDream's octave shapes.

Each wrong answer is computed in float64 NumPy from the inputs (einsum for the Gram
matrices, slicing for the neighbour differences) or from the expected value, never from a
reference solution.
"""

from __future__ import annotations

import math

import numpy as np

from ..checks import Mistake


def _positions_by_channels(features) -> np.ndarray:
    """A feature map (H, W, C) or (1, H, W, C) as float64 (H*W, C)."""
    x = np.asarray(features, dtype=float)
    if x.ndim == 4:
        x = x[0]
    return x.reshape(-1, x.shape[-1])


def _einsum_gram(features) -> np.ndarray:
    f = _positions_by_channels(features)
    return np.einsum("kc,kd->cd", f, f)


def _positions(features) -> int:
    return _positions_by_channels(features).shape[0]


def _channel_first_reshape(features) -> np.ndarray:
    x = np.asarray(features, dtype=float)
    if x.ndim == 4:
        x = x[0]
    wrong = x.reshape(x.shape[-1], -1)       # the numbers in memory order, not by channel
    return np.einsum("ck,dk->cd", wrong, wrong)


def _centred_gram(features) -> np.ndarray:
    f = _positions_by_channels(features)
    f = f - f.mean(axis=0)
    return np.einsum("kc,kd->cd", f, f)


GRAM_MATRIX = (
    Mistake("this is the Gram matrix over positions (H*W x H*W), not over channels (C x C)",
            "flatten to F of shape (H*W, C) and return transpose(F) @ F: entry (i, j) sums "
            "channel i times channel j over all positions.",
            lambda expected, features: np.einsum("kc,lc->kl", _positions_by_channels(features),
                                                 _positions_by_channels(features)),
            name_ko=("이것은 채널에 대한 그람 행렬(C x C)이 아니라 위치에 대한 그람 행렬(H*W x "
                     "H*W)입니다"),
            fix_ko=("모양이 (H*W, C)인 F로 펼친 뒤 transpose(F) @ F를 반환하세요: (i, j) 성분은 "
                    "모든 위치에 걸쳐 채널 i와 채널 j를 곱해 더한 값입니다.")),
    Mistake("the Gram matrix is divided by the number of positions H*W",
            "the docstring asks for Gatys' unnormalised G = F^T F; the style loss's "
            "1/(4 N^2 M^2) does the normalising.",
            lambda expected, features: np.asarray(expected) / _positions(features),
            name_ko="그람 행렬을 위치 수 H*W로 나눴습니다",
            fix_ko=("독스트링은 Gatys의 정규화하지 않은 G = F^T F를 요구합니다: 정규화는 스타일 "
                    "손실의 1/(4 N^2 M^2)가 맡습니다.")),
    Mistake("the Gram matrix is divided by H*W*C (the TensorFlow tutorial's normalisation "
            "divides by the positions; this divides by the channels as well)",
            "return the unnormalised G = F^T F.",
            lambda expected, features: np.asarray(expected)
            / (_positions(features) * np.shape(features)[-1]),
            name_ko=("그람 행렬을 H*W*C로 나눴습니다(TensorFlow 튜토리얼의 정규화는 위치 수로 "
                     "나누는데, 이것은 채널 수로도 나눕니다)"),
            fix_ko="정규화하지 않은 G = F^T F를 반환하세요."),
    Mistake("the feature map was reshaped to (C, H*W) without moving the channel axis first",
            "reshape to (H*W, C) (channels stay last) and multiply transpose(F) @ F; a "
            "reshape to (C, H*W) needs a transpose of the axes first, or it mixes "
            "positions and channels.",
            lambda expected, features: _channel_first_reshape(features),
            name_ko="채널 축을 먼저 옮기지 않고 특성 맵을 (C, H*W)로 reshape했습니다",
            fix_ko=("(H*W, C)로 reshape하고(채널은 마지막 축 그대로) transpose(F) @ F를 "
                    "계산하세요. (C, H*W)로 reshape하려면 먼저 축을 transpose해야 하며, 그러지 "
                    "않으면 위치와 채널이 뒤섞입니다.")),
    Mistake("each channel's mean was subtracted: this is a (scaled) covariance, not the "
            "Gram matrix",
            "Gatys' Gram matrix uses the raw activations F (no centring).",
            lambda expected, features: _centred_gram(features),
            name_ko=("채널마다 평균을 뺐습니다: 이것은 그람 행렬이 아니라 (배율이 곱해진) "
                     "공분산입니다"),
            fix_ko="Gatys의 그람 행렬은 중심화하지 않은 원래 활성값 F를 씁니다."),
    Mistake("the batch axis is kept: (1, C, C) instead of (C, C)",
            "for a batch (1, H, W, C) drop the batch axis and return (C, C).",
            lambda expected, features: np.asarray(expected)[None],
            name_ko="배치 축이 남았습니다: (C, C)가 아니라 (1, C, C)입니다",
            fix_ko="배치 (1, H, W, C)가 들어오면 배치 축을 없애고 (C, C)를 반환하세요."),
)


def _layers(style_features, generated_features, weights):
    for a, f, w in zip(style_features, generated_features, weights, strict=True):
        a, f = np.asarray(a, float), np.asarray(f, float)
        n, m = a.shape[-1], _positions(a)
        yield a, f, float(w), n, m


def _style_sum(term, style_features, generated_features, weights):
    return sum(term(a, f, w, n, m) for a, f, w, n, m in
               _layers(style_features, generated_features, weights))


def _gram_difference(a, f) -> np.ndarray:
    return np.sum((_einsum_gram(f) - _einsum_gram(a)) ** 2)


STYLE_LOSS = (
    Mistake("no per-layer normalisation: the squared Gram differences are not divided by "
            "4 N_l^2 M_l^2",
            "E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2), N_l the channels and M_l = H_l W_l "
            "the positions of layer l; without it the largest layers swamp the others.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f),
                style_features, generated_features, weights),
            name_ko=("층별 정규화가 없습니다: 그람 행렬 차이의 제곱합을 4 N_l^2 M_l^2로 나누지 "
                     "않았습니다"),
            fix_ko=("E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2)이며, N_l은 층 l의 채널 수, M_l = "
                    "H_l W_l은 위치 수입니다. 이 정규화가 없으면 가장 큰 층이 나머지 층을 "
                    "압도합니다.")),
    Mistake("the style loss compares the raw activations, not their Gram matrices",
            "style is the correlations between channels: compare gram_matrix(generated) "
            "with gram_matrix(style), layer by layer.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * np.sum((f - a) ** 2) / (4.0 * n * n * m * m),
                style_features, generated_features, weights),
            name_ko="스타일 손실이 그람 행렬이 아니라 원래 활성값을 비교합니다",
            fix_ko=("스타일은 채널 사이의 상관관계입니다: 층마다 gram_matrix(generated)와 "
                    "gram_matrix(style)을 비교하세요.")),
    Mistake("each layer's weight is applied twice (w_l^2)",
            "multiply each layer's E_l by w_l once: L_style = sum_l w_l E_l.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * w * _gram_difference(a, f) / (4.0 * n * n * m * m),
                style_features, generated_features, weights),
            name_ko="층 가중치를 두 번 곱했습니다(w_l^2)",
            fix_ko="각 층의 E_l에 w_l을 한 번만 곱하세요: L_style = sum_l w_l E_l."),
    Mistake("the layer weights are ignored (every layer counts with weight 1)",
            "L_style = sum_l w_l E_l with the weights given.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: _gram_difference(a, f) / (4.0 * n * n * m * m),
                style_features, generated_features, weights),
            name_ko="층 가중치를 무시했습니다(모든 층의 가중치가 1)",
            fix_ko="주어진 가중치로 L_style = sum_l w_l E_l을 계산하세요."),
    Mistake("the number of channels is fixed at 3 (the image's, as in Chollet's "
            "1/(4 * 3^2 * size^2)), not the layer's own N_l",
            "Gatys' E_l divides by 4 N_l^2 M_l^2 with N_l the layer's own channels.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * 9 * m * m),
                style_features, generated_features, weights),
            name_ko=("채널 수를 층 자신의 N_l이 아니라 3(이미지의 채널 수, Chollet의 1/(4 * 3^2 "
                     "* size^2)처럼)으로 고정했습니다"),
            fix_ko="Gatys의 E_l은 4 N_l^2 M_l^2로 나누며, N_l은 그 층 자신의 채널 수입니다."),
    Mistake("the factor 4 of 1/(4 N_l^2 M_l^2) is missing",
            "E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2).",
            lambda expected, style_features, generated_features, weights:
            4.0 * np.asarray(expected),
            name_ko="1/(4 N_l^2 M_l^2)의 4가 빠졌습니다",
            fix_ko="E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2)입니다."),
    Mistake("the Gram matrices were divided by the positions M_l before the 1/(4 N^2 M^2) "
            "factor: the layer is normalised twice",
            "use the unnormalised Gram matrices (gram_matrix as its docstring says) inside "
            "the style loss.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * n * n * m ** 4),
                style_features, generated_features, weights),
            name_ko=("1/(4 N^2 M^2)를 곱하기 전에 그람 행렬을 위치 수 M_l로 나눴습니다: 층이 두 "
                     "번 정규화됩니다"),
            fix_ko=("스타일 손실 안에서는 정규화하지 않은 그람 행렬(독스트링대로의 "
                    "gram_matrix)을 쓰세요.")),
    Mistake("the squared Gram differences are averaged (divided by N_l^2 again), not summed",
            "E_l sums the N_l^2 squared differences, then divides by 4 N_l^2 M_l^2.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * n ** 4 * m * m),
                style_features, generated_features, weights),
            name_ko="그람 행렬 차이의 제곱을 합하지 않고 평균했습니다(N_l^2로 한 번 더 나눔)",
            fix_ko="E_l은 차이의 제곱 N_l^2개를 합한 다음 4 N_l^2 M_l^2로 나눕니다."),
)


def _squares(content_features, generated_features) -> np.ndarray:
    return (np.asarray(generated_features, float) - np.asarray(content_features, float)) ** 2


CONTENT_LOSS = (
    Mistake("the squared differences are averaged, not summed",
            "Gatys' content loss is 1/2 * sum((F - P)^2) over every position and channel.",
            lambda expected, content_features, generated_features:
            0.5 * np.mean(_squares(content_features, generated_features)),
            name_ko="차이의 제곱을 합하지 않고 평균했습니다",
            fix_ko="Gatys의 콘텐츠 손실은 모든 위치와 채널에 걸친 1/2 * sum((F - P)^2)입니다."),
    Mistake("the 1/2 is missing (this is Chollet's sum of squares, without Gatys' 1/2)",
            "the docstring asks for Gatys' eq. 1: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features: 2.0 * np.asarray(expected),
            name_ko="1/2이 빠졌습니다(Gatys의 1/2 없이 Chollet의 제곱합을 썼습니다)",
            fix_ko="독스트링은 Gatys의 식 1, 곧 1/2 * sum((F - P)^2)를 요구합니다."),
    Mistake("this is the mean squared difference (no 1/2, averaged)",
            "1/2 * sum((F - P)^2): a sum, with the factor 1/2.",
            lambda expected, content_features, generated_features:
            np.mean(_squares(content_features, generated_features)),
            name_ko="이것은 평균 제곱 차이입니다(1/2 없이 평균)",
            fix_ko="1/2 * sum((F - P)^2): 계수 1/2을 곱한 합입니다."),
    Mistake("this is the Euclidean norm ||F - P|| (a square root), not half its square",
            "drop the square root: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features:
            np.sqrt(np.sum(_squares(content_features, generated_features))),
            name_ko="이것은 제곱의 절반이 아니라 유클리드 노름 ||F - P||(제곱근)입니다",
            fix_ko="제곱근을 빼세요: 1/2 * sum((F - P)^2)."),
    Mistake("absolute differences, not squared ones",
            "square the differences: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features:
            0.5 * np.sum(np.abs(np.asarray(generated_features, float)
                                - np.asarray(content_features, float))),
            name_ko="차이를 제곱하지 않고 절댓값을 썼습니다",
            fix_ko="차이를 제곱하세요: 1/2 * sum((F - P)^2)."),
)


def _image(image) -> np.ndarray:
    x = np.asarray(image, dtype=float)
    return x[0] if x.ndim == 4 else x


def _vertical(x, gap=1):
    return x[gap:] - x[:-gap]


def _horizontal(x, gap=1):
    return x[:, gap:] - x[:, :-gap]


def _cropped(x):
    a = (x[:-1, :-1] - x[1:, :-1]) ** 2
    b = (x[:-1, :-1] - x[:-1, 1:]) ** 2
    return a, b


TOTAL_VARIATION = (
    Mistake("only the vertical differences (down the rows, axis H) are summed",
            "add the horizontal neighbour differences (along W) too.",
            lambda expected, image: np.sum(_vertical(_image(image)) ** 2),
            name_ko="세로 방향 차이(행을 따라, 축 H)만 합했습니다",
            fix_ko="가로 방향(W를 따라) 이웃 차이도 더하세요."),
    Mistake("only the horizontal differences (along the columns, axis W) are summed",
            "add the vertical neighbour differences (along H) too.",
            lambda expected, image: np.sum(_horizontal(_image(image)) ** 2),
            name_ko="가로 방향 차이(열을 따라, 축 W)만 합했습니다",
            fix_ko="세로 방향(H를 따라) 이웃 차이도 더하세요."),
    Mistake("the sign is flipped: the loss must be >= 0 and grow with the image's "
            "pixel-to-pixel variation",
            "sum the squared differences; do not negate them.",
            lambda expected, image: -np.asarray(expected),
            name_ko=("부호가 반대입니다: 손실은 0 이상이어야 하고, 이미지의 픽셀 간 변화가 "
                     "클수록 커져야 합니다"),
            fix_ko="차이의 제곱을 합하세요. 부호를 뒤집지 마세요."),
    Mistake("both terms are cropped to (H-1) x (W-1) (the slices of Chollet's code): "
            "the last row's horizontal and the last column's vertical pairs are missing",
            "take every vertical pair x[1:, :] - x[:-1, :] and every horizontal pair "
            "x[:, 1:] - x[:, :-1], each over the whole other axis.",
            lambda expected, image: sum(np.sum(t) for t in _cropped(_image(image))),
            name_ko=("두 항을 모두 (H-1) x (W-1)로 잘랐습니다(Chollet 코드의 슬라이스): 마지막 "
                     "행의 가로 쌍과 마지막 열의 세로 쌍이 빠졌습니다"),
            fix_ko=("세로 쌍 x[1:, :] - x[:-1, :]과 가로 쌍 x[:, 1:] - x[:, :-1]을 빠짐없이, "
                    "각각 다른 축 전체에 걸쳐 구하세요.")),
    Mistake("this is Chollet's form sum((a + b)^1.25) (Mahendran & Vedaldi's beta = 2.5), "
            "not the squared form the docstring asks for",
            "sum the squared neighbour differences, each axis over all its pairs, no power.",
            lambda expected, image: np.sum(np.add(*_cropped(_image(image))) ** 1.25),
            name_ko=("이것은 독스트링이 요구하는 제곱 형태가 아니라 Chollet의 sum((a + b)^1.25) "
                     "형태(Mahendran & Vedaldi의 beta = 2.5)입니다"),
            fix_ko="거듭제곱 없이 이웃 차이의 제곱을 합하되, 축마다 모든 쌍을 쓰세요."),
    Mistake("absolute differences (the form tf.image.total_variation computes), not squared",
            "the docstring asks for the squared form: square the neighbour differences.",
            lambda expected, image: np.sum(np.abs(_vertical(_image(image))))
            + np.sum(np.abs(_horizontal(_image(image)))),
            name_ko=("제곱이 아니라 절댓값 차이를 썼습니다(tf.image.total_variation이 계산하는 "
                     "형태)"),
            fix_ko="독스트링은 제곱 형태를 요구합니다: 이웃 차이를 제곱하세요."),
    Mistake("differences two pixels apart (x[2:] - x[:-2]): an off-by-one in the slices",
            "neighbours are one pixel apart: x[1:] - x[:-1] along each axis.",
            lambda expected, image: np.sum(_vertical(_image(image), 2) ** 2)
            + np.sum(_horizontal(_image(image), 2) ** 2),
            name_ko="두 픽셀 떨어진 차이(x[2:] - x[:-2])를 썼습니다: 슬라이스가 하나 어긋났습니다",
            fix_ko="이웃은 한 픽셀 떨어져 있습니다: 각 축을 따라 x[1:] - x[:-1]."),
    Mistake("the squared differences are averaged, not summed",
            "sum them over all pairs and channels.",
            lambda expected, image: np.mean(_vertical(_image(image)) ** 2)
            + np.mean(_horizontal(_image(image)) ** 2),
            name_ko="차이의 제곱을 합하지 않고 평균했습니다",
            fix_ko="모든 쌍과 채널에 걸쳐 합하세요."),
    Mistake("the differences wrap around the edges (np.roll / a circular shift adds the "
            "pair last row - first row)",
            "slice, do not roll: x[1:] - x[:-1] has H-1 rows.",
            lambda expected, image: np.sum((np.roll(_image(image), -1, axis=0)
                                            - _image(image)) ** 2)
            + np.sum((np.roll(_image(image), -1, axis=1) - _image(image)) ** 2),
            name_ko=("차이가 가장자리에서 반대편으로 이어집니다(np.roll 같은 순환 이동이 마지막 "
                     "행 - 첫 행 쌍을 더합니다)"),
            fix_ko="roll하지 말고 슬라이스하세요: x[1:] - x[:-1]의 행은 H-1개입니다."),
)


def _scaled(shape, n_octaves, octave_scale, powers, rounding=int):
    return np.array([[rounding(d / octave_scale ** i) for d in shape] for i in powers],
                    dtype=float)


def _compounded(shape, n_octaves, octave_scale):
    sizes = [tuple(int(d) for d in shape)]
    for _ in range(1, n_octaves):
        sizes.append(tuple(int(d / octave_scale) for d in sizes[-1]))
    return np.array(sizes[::-1], dtype=float)


OCTAVE_SHAPES = (
    Mistake("the list is reversed: it starts at the original size",
            "DeepDream starts at the smallest octave: smallest first, the original size last.",
            lambda expected, shape, n_octaves, octave_scale: np.asarray(expected)[::-1],
            name_ko="목록이 거꾸로입니다: 원래 크기에서 시작합니다",
            fix_ko=("딥드림은 가장 작은 옥타브에서 시작합니다: 가장 작은 크기가 처음, 원래 "
                    "크기가 마지막입니다.")),
    Mistake("the original size is missing (the octaves run from i = 1 to n_octaves)",
            "octave i = 0 is the original size; the list holds i = n_octaves - 1, ..., 0.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves, 0, -1)),
            name_ko="원래 크기가 빠졌습니다(옥타브가 i = 1부터 n_octaves까지)",
            fix_ko=("옥타브 i = 0이 원래 크기입니다: 목록에는 i = n_octaves - 1, ..., 0이 "
                    "들어갑니다.")),
    Mistake("one octave too many (i = n_octaves, ..., 0)",
            "n_octaves sizes in all, the original included: i = n_octaves - 1, ..., 0.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves, -1, -1)),
            name_ko="옥타브가 하나 많습니다(i = n_octaves, ..., 0)",
            fix_ko="원래 크기를 포함해 크기는 모두 n_octaves개입니다: i = n_octaves - 1, ..., 0."),
    Mistake("the sizes are rounded to the nearest integer; the docstring truncates "
            "(int(dim / octave_scale ** i))",
            "use int(...), which rounds towards zero, as Chollet's code does.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves - 1, -1, -1), round),
            name_ko=("크기를 가장 가까운 정수로 반올림했습니다. 독스트링은 버림을 씁니다(int(dim "
                     "/ octave_scale ** i))"),
            fix_ko="Chollet의 코드처럼 0 쪽으로 버리는 int(...)를 쓰세요."),
    Mistake("the sizes are rounded up; the docstring truncates (int(dim / octave_scale ** i))",
            "use int(...), which rounds towards zero.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves - 1, -1, -1), math.ceil),
            name_ko="크기를 올림했습니다. 독스트링은 버림을 씁니다(int(dim / octave_scale ** i))",
            fix_ko="0 쪽으로 버리는 int(...)를 쓰세요."),
    Mistake("each octave was computed from the previous one's truncated size, so the "
            "roundings compound",
            "compute every octave from the original size: int(dim / octave_scale ** i).",
            lambda expected, shape, n_octaves, octave_scale:
            _compounded(shape, n_octaves, octave_scale),
            name_ko="각 옥타브를 앞 옥타브의 버림한 크기에서 계산해서 버림 오차가 누적되었습니다",
            fix_ko="모든 옥타브를 원래 크기에서 계산하세요: int(dim / octave_scale ** i)."),
    Mistake("the sizes grow with i (dim * octave_scale ** i): the octaves must be smaller "
            "than the original",
            "divide: int(dim / octave_scale ** i).",
            lambda expected, shape, n_octaves, octave_scale: np.array(
                [[int(d * octave_scale ** i) for d in shape] for i in range(n_octaves)],
                dtype=float),
            name_ko=("크기가 i에 따라 커집니다(dim * octave_scale ** i): 옥타브는 원래 크기보다 "
                     "작아야 합니다"),
            fix_ko="나누세요: int(dim / octave_scale ** i)."),
)


def _step(variant, output):
    from ..style import expected_ascent_step

    return lambda expected, image, feature_model, step_size: expected_ascent_step(
        feature_model, image, step_size, variant)[output]


# the new image a wrong step returns (checked first), then the loss it returns
ASCENT_STEP_IMAGE = (
    Mistake("the image moved down the gradient (descent): DeepDream climbs it",
            "add step_size * the normalised gradient: image + step_size * g / mean(|g|).",
            _step("descent", 1),
            name_ko=("이미지가 기울기를 따라 내려갔습니다(경사 하강): 딥드림은 기울기를 따라 "
                     "올라갑니다"),
            fix_ko=("정규화한 기울기에 step_size를 곱해 더하세요: image + step_size * g / "
                    "mean(|g|).")),
    Mistake("the gradient is not normalised",
            "divide the gradient by the mean of its absolute values (at least 1e-8) before "
            "the step, so that step_size is the mean change per pixel.",
            _step("raw", 1),
            name_ko="기울기를 정규화하지 않았습니다",
            fix_ko=("스텝 전에 기울기를 절댓값의 평균(최소 1e-8)으로 나누어, step_size가 픽셀당 "
                    "평균 변화량이 되게 하세요.")),
    Mistake("the gradient is divided by its L2 norm (Chollet's tf.math.l2_normalize), not "
            "by the mean of its absolute values",
            "the docstring follows Mordvintsev et al.'s notebook: g / max(mean(|g|), 1e-8).",
            _step("l2", 1),
            name_ko=("기울기를 절댓값의 평균이 아니라 L2 노름으로 나눴습니다(Chollet의 "
                     "tf.math.l2_normalize)"),
            fix_ko="독스트링은 Mordvintsev 등의 노트북을 따릅니다: g / max(mean(|g|), 1e-8)."),
    Mistake("the objective is the mean activation, not the mean squared activation",
            "loss = sum over layers of mean(square(activation)).",
            _step("mean_activation", 1),
            name_ko="목적 함수가 활성값 제곱의 평균이 아니라 활성값의 평균입니다",
            fix_ko="loss는 층마다 mean(square(activation))을 구해 더한 값입니다."),
)
ASCENT_STEP_LOSS = (
    Mistake("the objective is the mean activation, not the mean squared activation",
            "loss = sum over layers of mean(square(activation)).",
            _step("mean_activation", 0),
            name_ko="목적 함수가 활성값 제곱의 평균이 아니라 활성값의 평균입니다",
            fix_ko="loss는 층마다 mean(square(activation))을 구해 더한 값입니다."),
    Mistake("the loss returned is the one after the step; return the loss at the image "
            "you were given (the one the gradient was taken at)",
            "compute the loss inside the tape, before the update, and return that.",
            _step("loss_after", 0),
            name_ko=("스텝 뒤의 손실을 반환했습니다. 받은 이미지(기울기를 구한 지점)에서의 "
                     "손실을 반환하세요"),
            fix_ko="업데이트 전에 테이프 안에서 손실을 계산하고, 그 값을 반환하세요."),
)
