# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 11 · Neural style transfer and DeepDream, offline
#
# **What you will learn**
#
# - how a convolutional network's feature maps describe an image's *content* (what is
#   where) and, through their Gram matrices, its *style* (textures and colours, wherever
#   they are);
# - Gatys, Ecker & Bethge's (2016) neural style transfer: one image optimised by gradient
#   descent on a content loss, a style loss over several layers and a total variation loss;
# - DeepDream (Mordvintsev, Olah & Tyka 2015): gradient *ascent* on a layer's activations,
#   run over several scales (octaves);
# - what the network does for both, and what changes when the network is not an ImageNet
#   classifier: the course runs offline, so it uses one layer of random filters (random
#   networks synthesise textures: Ustyuzhaninov et al. 2017) and the course's digit
#   classifier, and uses real VGG19 / InceptionV3 weights only when you already have them.
#
# You will implement the Gram matrix, the style loss, the content loss, the total
# variation loss, DeepDream's octave sizes and its gradient-ascent step; then run style
# transfer on two photographs and DeepDream with *your* functions.
#
# | English | the notes' term |
# |---|---|
# | DeepDream | 딥드림 |
# | neural style transfer | 뉴럴 스타일 트랜스퍼 |
# | content loss | 콘텐츠 손실 (the notes: "콘텐츠 소실") |
# | style loss | 스타일 손실 |
# | Gram matrix | 그람 행렬 (Gram Matrix) |
# | total variation loss | 총 변위 손실 (000: 변위 손실) |
# | feature map | 특성 맵 (특성맵) |
# | octave (scale) | 옥타브 (000: "여러 다른 스케일로 처리") |
#
# Notes covered: 000 (딥드림: "특정 필터가 아닌 전체 층의 활성화를 최대화", "입력 이미지는 시각
# 품질을 높이기 위해 여러 다른 스케일로 처리"; 뉴럴 스타일 트랜스퍼: 질감, 색깔, 다양한 크기의
# 시각 요소; 변위 손실: "공간적인 연속성", "격자 무늬가 과도하게 나타나는 것을 막아준다") and 001
# (콘텐츠 손실, 스타일 손실: "그람 행렬 → 층의 특성맵의 내적", "내재된 상관관계를 비슷하게 보존";
# 케라스 딥드림 구현 → 인셉션 모델). The notes follow Chollet, *Deep Learning with Python*
# (2nd ed., 12.2-12.3). **Prerequisites:** notebook 00 (convolution, feature maps), 06
# (`keras.ops`, `tf.GradientTape`). **Time:** about 90 minutes; the notebook runs in
# about 3 minutes on a laptop CPU.
#
# Check your work from a terminal with
# `gradelib check notebooks/11_deepdream_style_transfer/11_deepdream_style_transfer.ipynb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    import gradelib
except ModuleNotFoundError as exc:  # opened outside the course: say what to install
    raise ModuleNotFoundError(
        "This notebook needs the course's gradelib package, which this kernel cannot "
        "import. Get the course folder (a checkout of its repository), run "
        "`pip install -e .` inside it (README, Quickstart), and choose that Python "
        "environment as this notebook's kernel; in a hosted notebook service, run "
        "`%pip install -e /path/to/the/course` in a cell and restart the kernel."
    ) from exc

import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import ops

from gradelib import sample_quality, style
from gradelib.diagrams import draw
from gradelib.mistakes.style_transfer import (
    ASCENT_STEP_IMAGE,
    ASCENT_STEP_LOSS,
    CONTENT_LOSS,
    GRAM_MATRIX,
    OCTAVE_SHAPES,
    STYLE_LOSS,
    TOTAL_VARIATION,
)

gradelib.setup(seed=0)
tf.get_logger().setLevel("ERROR")                    # no retracing notes from the dream loops
EXPECTED = np.load(gradelib.data_path("11_deepdream_style_transfer", "expected.npz"))
SIZE = gradelib.pick(full=128, grading=48)          # pixels per side of the photographs
content_photo = style.load_photo("china.jpg", SIZE)  # scikit-learn's sample images: no download
style_photo = style.load_photo("flower.jpg", SIZE)
print(f"photographs: {content_photo.shape}, values in [{content_photo.min():.2f}, {content_photo.max():.2f}]")

# %% [markdown]
# ## 1. Neural style transfer (뉴럴 스타일 트랜스퍼): the idea
#
# Keep the *content* of a target image (a temple) and paint it in the *style* of a
# reference image (a flower): its textures, colours and the visual elements of different
# sizes (000: "질감, 색깔, 이미지에 있는 다양한 크기의 시각요소"). Gatys et al. (2016) turn
# both into losses on a convolutional network's feature maps and optimise the *pixels*
# of a generated image x (the network's weights stay fixed):
#
# $$ \mathcal L(x) = \alpha\, \mathcal L_{\text{content}}(p, x) + \beta\, \mathcal L_{\text{style}}(a, x)
#    + \gamma\, \mathcal L_{TV}(x) \qquad \text{(Gatys et al. 2016, eq. 7, plus the TV term)} $$
#
# with p the content photograph and a the style photograph.
#
# - **Content** (콘텐츠): a layer's feature map $F^l$ of x should equal that of p,
#   $P^l$: what is where.
# - **Style** (스타일): for several layers, the correlations between channels, summed over
#   all positions (the Gram matrix), should equal those of a. Summing over positions
#   throws away *where* things are and keeps *which features occur together*: texture.
# - **Total variation** (총 변위): neighbouring pixels should not differ much, against
#   high-frequency noise and grid artefacts (000: "격자 무늬가 과도하게 나타나는 것을 막아준다").
#
# **Which network?** Gatys et al. use VGG19 trained on ImageNet: content from conv4_2,
# style from conv1_1, conv2_1, conv3_1, conv4_1, conv5_1. Those weights (80 MB) cannot be
# downloaded when this notebook runs. The offline stand-in is **one layer of random
# filters of several sizes** (3x3, 5x5, 9x9 and 15x15, 48 filters each, ReLU):
# Ustyuzhaninov et al. (2017) show that such a single random multi-scale layer
# synthesises natural textures nearly as well as VGG's style layers, and He, Wang &
# Hopcroft (2016) do style transfer with random VGG weights. The small filters play
# VGG's early layers (fine texture, edges), the large ones its later layers (larger
# structures). What it cannot give is *semantic* content: VGG's conv4_2 responds to "a
# roof" or "a window" whatever their colour; random filters respond to local patterns of
# light only. Section 6 shows what that means, and runs VGG19 too if you have its weights.

# %%
style_boxes = {
    "p": (0.07, 0.85, "content photo p\n(the temple)", "data"),
    "x": (0.07, 0.5, "generated image x\n(the variable)", "state"),
    "a": (0.07, 0.15, "style photo a\n(the flower)", "data"),
    "net": (0.33, 0.5, "fixed network\nrandom filters 3, 5, 9, 15\n(or VGG19 conv1_1 ... conv5_1)", "net"),
    "content": (0.62, 0.85, "content loss\n½ Σ (F − P)²\n(3x3 layer; VGG: conv4_2)", "loss"),
    "gram": (0.58, 0.32, "Gram matrices\nG = Fᵀ F, A\nper layer", "op"),
    "style": (0.8, 0.32, "style loss\nΣ_l w_l E_l", "loss"),
    "tv": (0.62, 0.05, "total variation loss\nof x's pixels", "loss"),
    "total": (0.93, 0.62, "α L_content\n+ β L_style\n+ γ L_TV", "loss"),
}
red = {"color": "tab:red", "linestyle": "--"}
style_arrows = [("p", "net"), ("x", "net"), ("a", "net"), ("net", "content", "F, P"), ("net", "gram", "F, A", {"label_at": (0.49, 0.33)}),
                ("gram", "style"), ("x", "tv", "", {"connectionstyle": "arc3,rad=0.25"}), ("content", "total"),
                ("style", "total"), ("tv", "total"),
                ("total", "x", "gradient: update the pixels", {**red, "connectionstyle": "arc3,rad=0.35",
                                                               "label_at": (0.5, 1.06)})]
draw(style_boxes, style_arrows, size=(11, 5.0), ylim=(-0.15, 1.25),
     caption="only x changes; the network's weights and the photos' features P and A stay fixed")
plt.show()

# %% [markdown]
# **한국어 요약.** 뉴럴 스타일 트랜스퍼는 네트워크 가중치를 고정한 채 생성 이미지 x의 픽셀만 바꿔
# $\alpha \mathcal L_{\text{content}} + \beta \mathcal L_{\text{style}} + \gamma \mathcal L_{TV}$를 최소화한다.
# 콘텐츠 손실은 특성 맵 자체(무엇이 어디에 있는가)를, 스타일 손실은 여러 층의 그람 행렬(어떤 특성이
# 함께 나타나는가: 질감, 색깔)을 맞추고, 총 변위 손실은 이웃 픽셀을 매끄럽게 한다. 오프라인에서는
# VGG19 대신 3x3, 5x5, 9x9, 15x15 무작위 필터(각 48개, ReLU) 한 층을 쓴다. 이 층은 질감은 잘 옮기지만
# VGG의 conv4_2 같은 의미적 콘텐츠(지붕, 창문)는 알지 못한다.

# %% [markdown]
# ## 2. The Gram matrix (그람 행렬)
#
# Flatten layer l's feature map (H, W, C) into $F^l$ of shape (M, N) with
# $M = H \cdot W$ positions and $N = C$ channels. Gatys et al.'s Gram matrix (their eq. 3)
# is the N x N matrix of inner products between channels over all positions
# (001: "층의 특성맵의 내적"):
#
# $$ G^l_{ij} = \sum_{k=1}^{M} F^l_{ki} F^l_{kj}, \qquad G^l = (F^l)^\top F^l . $$
#
# Entry (i, j) is large when channels i and j are active at the same places. It is
# *unnormalised*: the style loss (section 3) divides by $4N^2M^2$. Some implementations
# divide G by M here instead (the TensorFlow tutorial divides by the number of
# positions); this notebook follows the paper and Chollet, who do not.
#
# **Exercise 1 (3 points).** Implement `gram_matrix(features)`. It runs inside a
# `tf.GradientTape` on tensors, so use `keras.ops` (`ops.reshape`, `ops.transpose`,
# `ops.matmul`); NumPy arrays must work too. **Exercise 2 (1 point)** grades its input
# checks.
#
# **계약.** `gram_matrix`: features (H, W, C) 또는 (1, H, W, C), 실수 배열/텐서 → 입력 dtype의 (C, C)
# 그람 행렬 G = FᵀF (F는 (H·W, C)); 위치 수로 나누지 않고 keras.ops로 미분 가능하며 입력은 바꾸지 않는다.
#
# **계약.** 연습 2 (입력 검사): features가 3차원도 4차원도 아니거나, 4차원인데 배치 크기가 1이 아니면
# ValueError.

# %% nbgrader={"grade": false, "grade_id": "gram_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gram_matrix(features):
    """Gatys et al.'s (2016, eq. 3) unnormalised Gram matrix of a feature map:
    G = F^T F with F the map flattened to (positions H*W, channels C).

    Args:
        features: array or tensor (H, W, C), or a batch of one (1, H, W, C); float.

    Returns:
        (C, C) array or tensor, G[i, j] = sum over positions of F[:, i] * F[:, j]
        (no division by the number of positions). Differentiable (keras.ops).

    Raises:
        ValueError: when features is not 3-D or 4-D, or 4-D with a batch size other
            than 1.
    """
    ### BEGIN SOLUTION
    rank = len(features.shape)
    if rank not in (3, 4):
        raise ValueError(f"features must be (H, W, C) or (1, H, W, C); got shape {tuple(features.shape)}")
    if rank == 4:
        if features.shape[0] != 1:
            raise ValueError(f"a batch of features must hold one map; got {features.shape[0]}")
        features = features[0]
    flat = ops.reshape(features, (-1, features.shape[-1]))
    return ops.matmul(ops.transpose(flat), flat)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gram_matrix", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
for key in ("a", "b"):                                          # (5, 4, 3) and a batch (1, 3, 6, 2)
    features = EXPECTED[f"gram_features_{key}"]
    gradelib.check_close(gram_matrix(features), EXPECTED[f"gram_{key}"], name="gram_matrix",
                         inputs={"features": features}, mistakes=GRAM_MATRIX)
# by hand: two positions, two channels: F = [[1, 2], [3, 4]] -> G = [[1+9, 2+12], [2+12, 4+16]]
tiny = np.array([[[1.0, 2.0], [3.0, 4.0]]])                    # (H, W, C) = (1, 2, 2)
gradelib.check_close(gram_matrix(tiny), [[10.0, 14.0], [14.0, 20.0]], name="gram_matrix",
                     inputs={"features": tiny}, mistakes=GRAM_MATRIX)
# float32 tensors, eagerly and inside tf.function (as in the style transfer loop)
features = EXPECTED["gram_features_a"]
for how, function in (("tensor", gram_matrix), ("in tf.function", tf.function(gram_matrix))):
    gradelib.check_close(function(tf.constant(features, tf.float32)), EXPECTED["gram_a"],
                         name=f"gram_matrix ({how})", inputs={"features": features}, rtol=1e-5, atol=1e-5,
                         mistakes=GRAM_MATRIX)
gradelib.check_autodiff(gram_matrix, features[:3, :2], name="gram_matrix", inputs={"features": features[:3, :2]},
                        wrt="features")
print("gram_matrix: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_gram_matrix_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for problem, features in {"the features are 2-D": np.ones((4, 3)),
                          "the batch holds two maps": np.ones((2, 3, 3, 2))}.items():
    gradelib.check_raises(gram_matrix, {"features": features}, ValueError, f"the input is invalid ({problem})")
print("gram_matrix input checks: visible tests passed")

# %% [markdown]
# ### Experiment: a Gram matrix forgets where things are
#
# The cell computes the random multi-scale features of the temple, shuffles its pixels'
# *feature vectors* (the positions of the 3x3 layer's map, not the image), and compares
# the Gram matrices: equal up to rounding, because the sum over positions does not care
# about their order. The feature maps themselves are completely different. This is why
# the Gram matrix describes texture, not layout; and why the style loss alone cannot
# keep the temple in place (that is the content loss's job).

# %%
extractor = style.random_multiscale_extractor(kernel_sizes=(3, 5, 9, 15), filters=48, seed=0)
with gradelib.experiment("a Gram matrix forgets where things are"):
    maps = extractor(content_photo[None])
    first = maps[0].numpy()[0]                                         # (H, W, 48)
    order = np.random.default_rng(0).permutation(SIZE * SIZE)
    shuffled = first.reshape(-1, first.shape[-1])[order].reshape(first.shape)
    g_original, g_shuffled = np.asarray(gram_matrix(first)), np.asarray(gram_matrix(shuffled))
    print(f"feature maps: mean |difference| original vs shuffled {np.abs(first - shuffled).mean():.4f} "
          f"(mean |F| {np.abs(first).mean():.4f})")
    print(f"Gram matrices: largest relative difference {np.abs(g_original - g_shuffled).max() / np.abs(g_original).max():.2e}")
    grams = {name: [np.asarray(gram_matrix(m)) for m in extractor(photo[None])]
             for name, photo in (("temple", content_photo), ("flower", style_photo))}
    fig, axes = plt.subplots(1, 4, figsize=(12, 3))
    for ax, (name, i) in zip(axes, [("temple", 0), ("flower", 0), ("temple", 3), ("flower", 3)]):
        ax.imshow(grams[name][i][:16, :16], cmap="viridis")
        ax.set_title(f"{name}: Gram of the {[3, 5, 9, 15][i]}x{[3, 5, 9, 15][i]} layer\n(first 16 channels)", fontsize=8)
        ax.axis("off")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# **한국어 요약.** 층 l의 특성 맵을 (M = H·W 위치, N = C 채널)의 $F^l$로 펼치면 그람 행렬은
# $G^l = (F^l)^\top F^l$, 채널 쌍의 내적을 모든 위치에 대해 더한 N x N 행렬이다(001: "층의 특성맵의
# 내적"). 논문과 Chollet처럼 위치 수로 나누지 않는다. 특성 벡터의 위치를 섞으면 특성 맵은 완전히
# 달라지지만(평균 |차이| 0.0397, 평균 |F| 0.0285) 그람 행렬의 최대 상대 차이는 2.49e-07로 반올림
# 오차뿐이다: 그람 행렬은 배치(어디에)를 버리고 어떤 특성이 함께 나타나는지(질감)만 남긴다.

# %% [markdown]
# ## 3. The style loss (스타일 손실)
#
# With $G^l$ the Gram matrix of the generated image's layer l and $A^l$ that of the style
# image, Gatys et al. (eqs. 4-5) define each layer's contribution and the style loss as
#
# $$ E_l = \frac{1}{4 N_l^2 M_l^2} \sum_{i,j} \big(G^l_{ij} - A^l_{ij}\big)^2, \qquad
#    \mathcal L_{\text{style}} = \sum_l w_l E_l , $$
#
# with $N_l$ the layer's channels and $M_l = H_l W_l$ its positions. The factor makes
# layers of different sizes comparable: a Gram entry is a sum of $M_l$ products, so the
# squared differences grow like $M_l^2$, and there are $N_l^2$ of them. Gatys et al. use
# $w_l = 1/5$ on their five layers.
#
# *Where Chollet differs:* his `style_loss` (DLwP 2nd ed., 12.3) divides by
# $4 \cdot 3^2 \cdot (H W)^2$ with `channels = 3` and `size = img_height * img_width`,
# the *image's* channels and size, the same constant for every layer. It rescales the
# whole style loss (his style weight absorbs that) but does not balance the layers as
# the paper's factor does (question 2). Here each layer uses its own $N_l$ and $M_l$.
#
# **Exercise 3 (3 points).** Implement `style_loss(style_features, generated_features,
# weights)` with your `gram_matrix`. **Exercise 4 (1 point)** grades its input checks.
#
# **계약.** `style_loss`: 길이 L인 특성 맵 리스트 두 개(스타일, 생성; 층 l마다 (H_l, W_l, N_l) 또는
# (1, H_l, W_l, N_l)로 서로 같은 모양)와 실수 w_l 리스트 → 0 이상의 스칼라(0차원 텐서/배열)
# Σ_l w_l Σ(G_l − A_l)² / (4 N_l² M_l²), M_l = H_l·W_l; keras.ops로 미분 가능, 입력은 바꾸지 않는다.
#
# **계약.** 연습 4 (입력 검사): 세 리스트의 길이가 다르거나 비어 있거나, 한 층의 스타일 맵과 생성 맵의
# 모양이 다르면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "style_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def style_loss(style_features, generated_features, weights):
    """Gatys et al.'s (2016, eqs. 4-5) style loss: sum_l w_l E_l with
    E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2), G_l and A_l the unnormalised Gram
    matrices of the generated and the style image's layer l, N_l its channels and
    M_l = H_l * W_l its positions.

    Args:
        style_features: list of L feature maps, arrays or tensors (H_l, W_l, N_l) or
            (1, H_l, W_l, N_l): the style image's.
        generated_features: list of L feature maps of the same shapes, layer by layer:
            the generated image's.
        weights: list of L floats w_l.

    Returns:
        scalar (0-d tensor or array), >= 0. Differentiable (keras.ops).

    Raises:
        ValueError: when the three lists differ in length or are empty, or a layer's two
            feature maps differ in shape.
    """
    ### BEGIN SOLUTION
    if not len(style_features) == len(generated_features) == len(weights) or not weights:
        raise ValueError("style_features, generated_features and weights must be non-empty lists of the same length")
    total = 0.0
    for a, f, w in zip(style_features, generated_features, weights):
        if tuple(a.shape) != tuple(f.shape):
            raise ValueError(f"a layer's style and generated maps differ in shape: {tuple(a.shape)} and {tuple(f.shape)}")
        n = f.shape[-1]
        m = f.shape[-2] * f.shape[-3]
        total = total + w * ops.sum(ops.square(gram_matrix(f) - gram_matrix(a))) / (4.0 * n ** 2 * m ** 2)
    return total
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_style_loss", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
style_maps = [EXPECTED["style_style_0"], EXPECTED["style_style_1"]]        # (1, 6, 6, 4) and (1, 3, 3, 8)
generated_maps = [EXPECTED["style_generated_0"], EXPECTED["style_generated_1"]]
weights = [float(w) for w in EXPECTED["style_weights"]]                    # [0.3, 0.7]
inputs = {"style_features": style_maps, "generated_features": generated_maps, "weights": weights}
gradelib.check_close(style_loss(style_maps, generated_maps, weights), EXPECTED["style_loss"], name="style_loss",
                     inputs=inputs, mistakes=STYLE_LOSS)
# equal Gram matrices: loss 0 (the same maps, and the same maps with their positions reversed)
same = [m[:, ::-1, ::-1] for m in style_maps]
gradelib.check_close(style_loss(style_maps, same, weights), 0.0, name="style_loss",
                     inputs={**inputs, "generated_features": same}, atol=1e-12, mistakes=STYLE_LOSS)
# the loss is linear in the weights: one layer at a time
one = style_loss(style_maps[:1], generated_maps[:1], [1.0])
two = style_loss(style_maps[1:], generated_maps[1:], [1.0])
gradelib.check_close(0.3 * np.asarray(one) + 0.7 * np.asarray(two), EXPECTED["style_loss"],
                     name="style_loss (layer by layer, weight 1)", inputs=inputs, mistakes=STYLE_LOSS)
# float32 tensors inside tf.function; the gradient with respect to the generated map
as_tensors = [tf.constant(m, tf.float32) for m in generated_maps]
gradelib.check_close(tf.function(style_loss)([tf.constant(m, tf.float32) for m in style_maps], as_tensors, weights),
                     EXPECTED["style_loss"], name="style_loss (in tf.function)", inputs=inputs, rtol=1e-4,
                     mistakes=STYLE_LOSS)
small_style, small_generated = style_maps[1][:, :2, :2, :2], generated_maps[1][:, :2, :2, :2]
gradelib.check_autodiff(lambda g: style_loss([small_style], [g], [0.5]), small_generated, name="style_loss",
                        inputs={"style_features": [small_style], "generated_features": [small_generated],
                                "weights": [0.5]}, wrt="generated_features[0]")
print("style_loss: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_style_loss_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
a, b = np.ones((1, 4, 4, 2)), np.ones((1, 2, 2, 2))
bad_inputs = {"a weight is missing": ([a, b], [a, b], [1.0]),
              "the first layer's two maps differ in shape": ([a], [b], [1.0]),
              "the lists are empty": ([], [], [])}
for problem, (s, g, w) in bad_inputs.items():
    gradelib.check_raises(style_loss, {"style_features": s, "generated_features": g, "weights": w}, ValueError,
                          f"the input is invalid ({problem})")
print("style_loss input checks: visible tests passed")

# %% [markdown]
# ### Experiment: what the style loss sees
#
# The style loss on the random multi-scale features (weights 1/4 each) between pairs of
# images: the temple and itself flipped left-right (the same textures elsewhere), the
# temple and its left half stretched to full size (similar textures, coarser), the
# temple and the flower, the temple and noise.

# %%
layer_weights = [0.25] * 4
with gradelib.experiment("what the style loss sees"):
    def features_of(image):
        return [m for m in extractor(image[None])]

    temple = features_of(content_photo)
    others = {"temple flipped left-right": content_photo[:, ::-1],
              "temple's left half, stretched": style.resize(content_photo[:, : SIZE // 2], (SIZE, SIZE)),
              "flower": style_photo,
              "uniform noise": np.random.default_rng(1).uniform(size=content_photo.shape).astype("float32")}
    print(f"{'compared with the temple':<32} {'style loss':>12} {'per layer (3, 5, 9, 15)':>48}")
    for name, image in others.items():
        theirs = features_of(image)
        per_layer = [float(style_loss([t], [o], [w])) for t, o, w in zip(temple, theirs, layer_weights)]
        total = float(style_loss(temple, theirs, layer_weights))
        print(f"{name:<32} {total:>12.3e} " + " ".join(f"{v:>11.3e}" for v in per_layer))

# %% [markdown]
# **한국어 요약.** 스타일 손실은 층마다 생성 이미지와 스타일 이미지의 그람 행렬 차이의 제곱합을
# $4N_l^2M_l^2$로 나눈 $E_l$에 층 가중치 $w_l$을 곱해 더한다: $\mathcal L_{\text{style}} = \sum_l w_l E_l$.
# 이 인수가 크기가 다른 층들을 같은 눈금에 놓는다(Chollet은 모든 층을 이미지의 채널 수 3과 크기로
# 나눠 층 사이 균형을 맞추지 못한다). 사원과 비교한 스타일 손실은 좌우 반전 3.2e-08, 왼쪽 절반 확대
# 2.2e-07, 꽃 1.0e-05, 균일 노이즈 3.6e-05 순으로 커진다: 같은 질감이면 위치가 달라도 거의 0이다.

# %% [markdown]
# ## 4. The content loss (콘텐츠 손실)
#
# Content is compared on the feature maps themselves, positions included (Gatys et al.,
# eq. 1), with P the content photograph's map and F the generated image's, both of the
# same layer:
#
# $$ \mathcal L_{\text{content}}(p, x, l) = \frac12 \sum_{i,j} \big(F^l_{ij} - P^l_{ij}\big)^2 . $$
#
# *Where Chollet differs:* his `content_loss` is `reduce_sum(square(combination - base))`,
# without the ½ (a factor 2 his content weight absorbs). Here: the paper's ½, summed (not
# averaged) over all positions and channels.
#
# **Exercise 5 (2 points).** Implement `content_loss(content_features,
# generated_features)`. **Exercise 6 (1 point)** grades its input check.
#
# **계약.** `content_loss`: 같은 모양(임의, 예: (1, H, W, C))의 두 특성 맵 P, F(배열/텐서) → 0 이상의
# 스칼라 ½ Σ (F − P)² (모든 위치·채널에 대한 합이지 평균이 아님); keras.ops로 미분 가능.
#
# **계약.** 연습 6 (입력 검사): 두 특성 맵의 모양이 다르면 ValueError (브로드캐스팅으로 넘어가지 않는다).

# %% nbgrader={"grade": false, "grade_id": "content_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def content_loss(content_features, generated_features):
    """Gatys et al.'s (2016, eq. 1) content loss 1/2 * sum((F - P)^2) over all positions
    and channels, P the content image's feature map and F the generated image's.

    Args:
        content_features: array or tensor, any shape (e.g. (1, H, W, C)).
        generated_features: array or tensor of the same shape.

    Returns:
        scalar (0-d tensor or array), >= 0. Differentiable (keras.ops).

    Raises:
        ValueError: when the two shapes differ.
    """
    ### BEGIN SOLUTION
    if tuple(content_features.shape) != tuple(generated_features.shape):
        raise ValueError(f"the feature maps differ in shape: {tuple(content_features.shape)} "
                         f"and {tuple(generated_features.shape)}")
    return 0.5 * ops.sum(ops.square(generated_features - content_features))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_content_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
content_map, generated_map = EXPECTED["content_content"], EXPECTED["content_generated"]   # (1, 4, 4, 5)
inputs = {"content_features": content_map, "generated_features": generated_map}
gradelib.check_close(content_loss(content_map, generated_map), EXPECTED["content_loss"], name="content_loss",
                     inputs=inputs, mistakes=CONTENT_LOSS)
# by hand: one difference of 2 and one of -1: (4 + 1) / 2
p, f = np.zeros((1, 1, 2, 1)), np.array([[[[2.0], [-1.0]]]])
gradelib.check_close(content_loss(p, f), 2.5, name="content_loss",
                     inputs={"content_features": p, "generated_features": f}, mistakes=CONTENT_LOSS)
gradelib.check_close(tf.function(content_loss)(tf.constant(content_map, tf.float32),
                                               tf.constant(generated_map, tf.float32)),
                     EXPECTED["content_loss"], name="content_loss (in tf.function)", inputs=inputs, rtol=1e-5,
                     mistakes=CONTENT_LOSS)
gradelib.check_autodiff(lambda g: content_loss(content_map, g), generated_map, name="content_loss", inputs=inputs,
                        wrt="generated_features")
print("content_loss: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_content_loss_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(content_loss, {"content_features": np.ones((1, 4, 4, 3)), "generated_features": np.ones((1, 4, 3, 3))},
                      ValueError, "the input is invalid (the shapes differ)")
print("content_loss input checks: visible tests passed")

# %% [markdown]
# **한국어 요약.** 콘텐츠 손실은 같은 층에서 생성 이미지의 특성 맵 F와 콘텐츠 이미지의 특성 맵 P를
# 위치까지 그대로 비교한다: $\frac12 \sum_{i,j} (F^l_{ij} - P^l_{ij})^2$ (Gatys 식 1), 평균이 아닌 합이다.
# 위치를 버리는 그람 행렬과 달리 "무엇이 어디에 있는가"를 지키므로 사원의 배치는 이 항이 붙잡는다.
# Chollet의 코드는 ½이 없어 2배 차이를 콘텐츠 가중치가 흡수한다.

# %% [markdown]
# ## 5. The total variation loss (총 변위 손실)
#
# The generated image's pixels are free variables, and gradient descent on the network's
# losses happily adds pixel-level noise and grid patterns that the network barely sees.
# A total variation penalty (000: "생성된 이미지가 공간적인 연속성을 가지도록 도와주며 픽셀의
# 격자 무늬가 과도하게 나타나는 것을 막아준다") sums the differences between neighbouring
# pixels. Mahendran & Vedaldi (2015, eq. 3) introduced it for image reconstruction from
# features in the form $\sum_{i,j} \big((x_{i,j+1} - x_{ij})^2 + (x_{i+1,j} - x_{ij})^2\big)^{\beta/2}$.
# This notebook uses the **squared form** (β = 2), each axis over all its neighbour pairs:
#
# $$ \mathcal L_{TV}(x) = \sum_{i=1}^{H-1} \sum_{j=1}^{W} \sum_c (x_{i+1,j,c} - x_{i,j,c})^2
#    + \sum_{i=1}^{H} \sum_{j=1}^{W-1} \sum_c (x_{i,j+1,c} - x_{i,j,c})^2 . $$
#
# *Other forms you will meet:* Chollet's code crops both terms to (H-1) x (W-1) and sums
# $(a + b)^{1.25}$ (Mahendran & Vedaldi's β = 2.5); `tf.image.total_variation` sums
# absolute differences (β = 1 per axis, anisotropic). They all penalise the same thing
# with different weight on large jumps (edges); the squared form smooths edges the most.
#
# **Exercise 7 (2 points).** Implement `total_variation_loss(image)` in this squared form.
# **Exercise 8 (1 point)** grades its input checks.
#
# **계약.** `total_variation_loss`: image (H, W, C) 또는 (1, H, W, C), 실수 배열/텐서 → 0 이상의 스칼라
# Σ(세로 이웃 차이)² + Σ(가로 이웃 차이)² (각 축의 모든 이웃 쌍, 모든 채널; 자르지 않음); 미분 가능.
#
# **계약.** 연습 8 (입력 검사): image가 3차원도 4차원도 아니거나, 4차원인데 배치 크기가 1이 아니면
# ValueError.

# %% nbgrader={"grade": false, "grade_id": "total_variation_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def total_variation_loss(image):
    """The squared total variation of an image: the sum of squared differences between
    vertical neighbours plus that between horizontal neighbours, each axis over all its
    pairs and every channel (Mahendran & Vedaldi 2015, eq. 3 with beta = 2).

    Args:
        image: array or tensor (H, W, C), or a batch of one (1, H, W, C); float.

    Returns:
        scalar (0-d tensor or array), >= 0. Differentiable (keras.ops).

    Raises:
        ValueError: when image is not 3-D or 4-D, or 4-D with a batch size other than 1.
    """
    ### BEGIN SOLUTION
    rank = len(image.shape)
    if rank not in (3, 4):
        raise ValueError(f"image must be (H, W, C) or (1, H, W, C); got shape {tuple(image.shape)}")
    if rank == 4:
        if image.shape[0] != 1:
            raise ValueError(f"a batch must hold one image; got {image.shape[0]}")
        image = image[0]
    down = image[1:, :, :] - image[:-1, :, :]
    across = image[:, 1:, :] - image[:, :-1, :]
    return ops.sum(ops.square(down)) + ops.sum(ops.square(across))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_total_variation_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
picture = EXPECTED["tv_image"]                                               # (6, 5, 3)
gradelib.check_close(total_variation_loss(picture), EXPECTED["tv_loss"], name="total_variation_loss",
                     inputs={"image": picture}, mistakes=TOTAL_VARIATION)
# by hand, one channel [[0, 1], [2, 4]]: down 2 and 3 -> 4 + 9; across 1 and 2 -> 1 + 4; total 18
tiny = np.array([[0.0, 1.0], [2.0, 4.0]])[:, :, None]
gradelib.check_close(total_variation_loss(tiny), 18.0, name="total_variation_loss", inputs={"image": tiny},
                     mistakes=TOTAL_VARIATION)
gradelib.check_close(total_variation_loss(picture[None]), EXPECTED["tv_loss"], name="total_variation_loss",
                     inputs={"image": picture[None]}, mistakes=TOTAL_VARIATION)
# a constant image has no variation; float32 tensors inside tf.function
gradelib.check_close(total_variation_loss(np.full((3, 4, 2), 0.7)), 0.0, name="total_variation_loss",
                     inputs={"image": np.full((3, 4, 2), 0.7)}, atol=1e-12, mistakes=TOTAL_VARIATION)
gradelib.check_close(tf.function(total_variation_loss)(tf.constant(picture[None], tf.float32)), EXPECTED["tv_loss"],
                     name="total_variation_loss (in tf.function)", inputs={"image": picture[None]}, rtol=1e-5,
                     mistakes=TOTAL_VARIATION)
gradelib.check_autodiff(total_variation_loss, picture[:3, :4, :2], name="total_variation_loss",
                        inputs={"image": picture[:3, :4, :2]}, wrt="image")
print("total_variation_loss: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_total_variation_loss_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for problem, image in {"the image is 2-D": np.ones((4, 4)), "the batch holds two images": np.ones((2, 4, 4, 3))}.items():
    gradelib.check_raises(total_variation_loss, {"image": image}, ValueError, f"the input is invalid ({problem})")
print("total_variation_loss input checks: visible tests passed")

# %% [markdown]
# ### Experiment: what the total variation loss penalises
#
# The temple, the temple with a little noise (std 0.05), with a one-pixel checkerboard
# of amplitude 0.05 (the "격자 무늬" the notes mention), and blurred (downsized by 2 and
# back): noise and grids cost far more than the photo's own edges; blur costs less.

# %%
with gradelib.experiment("what the total variation loss penalises"):
    rows, cols = np.indices((SIZE, SIZE))
    checker = (0.05 * (-1.0) ** (rows + cols))[:, :, None]
    variants = {"temple": content_photo,
                "+ noise (std 0.05)": content_photo + np.random.default_rng(2).normal(0, 0.05, content_photo.shape),
                "+ checkerboard (0.05)": content_photo + checker,
                "blurred (x 1/2 and back)": style.resize(style.resize(content_photo, (SIZE // 2, SIZE // 2)), (SIZE, SIZE))}
    base = float(total_variation_loss(content_photo))
    print(f"{'image':<26} {'TV loss':>10} {'x temple':>9}")
    for name, image in variants.items():
        tv = float(total_variation_loss(np.asarray(image, np.float32)))
        print(f"{name:<26} {tv:>10.1f} {tv / base:>9.2f}")

# %% [markdown]
# **한국어 요약.** 총 변위 손실은 이웃 픽셀 차이의 제곱합(세로 + 가로, 각 축의 모든 이웃 쌍)으로,
# 생성 이미지가 공간적인 연속성을 갖게 하고 격자 무늬를 억제한다(000). Mahendran & Vedaldi 형태의
# β = 2인 경우이며, Chollet은 $(a + b)^{1.25}$, tf.image.total_variation은 절댓값을 쓴다. 사원 사진 대비
# 노이즈(std 0.05)는 2.19배, 진폭 0.05의 격자 무늬는 3.36배로 비싸고, 흐리게 한 사진은 0.18배로 싸다.

# %% [markdown]
# ## 6. Style transfer with your losses
#
# The loop below is ready code: the generated image is a `tf.Variable` (1, H, W, 3),
# initialised from the content photo; each step computes the features, your three losses
# and their weighted sum under a `tf.GradientTape`, and Adam (learning rate 0.05) updates
# the pixels, which are then clipped to [0, 1]. Gatys et al. optimise with L-BFGS and
# Chollet with SGD; Adam is the common choice in Keras and works on CPU in few steps.
# Weights: α = 1 (content, on the 3x3 layer), β = 10¹⁰ (style, w_l = 1/4 on the four
# random layers), γ = 0.1 (TV). β is large because E_l is small: with N = 48 and M = 128²
# the factor 1/(4N²M²) is about 4·10⁻¹³ and these random layers' activations are about
# 0.06-0.1, so the temple's E_l against the flower is about 10⁻⁵ (6·10⁻⁶ to 2·10⁻⁵ on the
# four layers), while its content loss against the flower is about 3·10³. The ratio α/β
# decides how much style wins. Gatys et al. (Fig. 3) vary it from 10⁻⁵ to 10⁻² on VGG's
# features, whose larger activations give larger E_l: their ratios do not carry over.
#
# First, **texture synthesis** (style only, α = 0, from noise; Gatys et al.'s Fig. 2 and
# Ustyuzhaninov et al.'s setting) with two extractors: the Gram matrix of the raw pixels
# (3 x 3: the colours' second moments only; without TV, γ = 0, so that you see what it
# keeps) and the random multi-scale layer (γ = 0.02). Then **style transfer** of the
# flower onto the temple.

# %%
def run_style_transfer(extractor, content_image, style_image, steps, alpha=1.0, beta=1e10, gamma=0.1,
                       content_layer=0, layer_weights=None, start=None, learning_rate=0.05, every=None):
    """Optimise the pixels with Adam on alpha L_content + beta L_style + gamma L_TV
    (your three losses); print the losses every `every` steps; return (image, history)."""
    def features_of(x):                         # a list of feature maps, even for one layer
        out = extractor(x)
        return list(out) if isinstance(out, (list, tuple)) else [out]

    style_targets = [tf.constant(m) for m in features_of(style_image[None])]
    content_target = tf.constant(features_of(content_image[None])[content_layer])
    layer_weights = layer_weights or [1.0 / len(style_targets)] * len(style_targets)
    image = tf.Variable((content_image if start is None else start)[None].astype("float32"))
    optimizer = keras.optimizers.Adam(learning_rate)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            features = features_of(image)
            c = content_loss(content_target, features[content_layer]) if alpha else tf.constant(0.0)
            s = style_loss(style_targets, features, layer_weights)
            v = total_variation_loss(image)
            total = alpha * c + beta * s + gamma * v
        optimizer.apply_gradients([(tape.gradient(total, image), image)])
        image.assign(tf.clip_by_value(image, 0.0, 1.0))
        return c, s, v, total

    history, start_time = [], time.perf_counter()
    every = every or max(steps // 6, 1)
    print(f"{'step':>5} {'content':>10} {'style':>10} {'TV':>9} {'total':>10} {'seconds':>8}")
    for i in range(1, steps + 1):
        losses = [float(v) for v in step()]
        history.append(losses)
        if i == 1 or i % every == 0 or i == steps:
            print(f"{i:>5} {losses[0]:>10.2f} {losses[1]:>10.3e} {losses[2]:>9.1f} {losses[3]:>10.2f} "
                  f"{time.perf_counter() - start_time:>8.1f}")
    return image.numpy()[0], np.array(history)


texture_steps = gradelib.pick(full=120, grading=6)
transfer_steps = gradelib.pick(full=150, grading=6)
TEXTURE = gradelib.pick(full=96, grading=32)
pixel_extractor = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Identity()])  # the pixels
results = {}
with gradelib.experiment("texture synthesis"):
    small_style = style.resize(style_photo, (TEXTURE, TEXTURE))
    noise = np.random.default_rng(3).uniform(0.3, 0.7, small_style.shape).astype("float32")
    for name, net, beta, gamma in (("pixels' Gram (colours only)", pixel_extractor, 1e3, 0.0),
                                   ("random multi-scale filters", extractor, 1e10, 0.02)):
        print(f"\ntexture from noise, {name}:")
        results[name], _ = run_style_transfer(net, small_style, small_style, texture_steps, alpha=0.0, beta=beta,
                                              gamma=gamma, start=noise,
                                              layer_weights=[1.0] if net is pixel_extractor else None)
    style.show([small_style, noise, *results.values()],
               ["style (flower)", "start: noise", *results.keys()])
    plt.show()

# %%
with gradelib.experiment("style transfer"):
    print("style transfer, random multi-scale filters (content: 3x3 layer):")
    transferred, transfer_history = run_style_transfer(extractor, content_photo, style_photo, transfer_steps)
    style.show([content_photo, style_photo, transferred], ["content", "style", "generated (random filters)"], size=3.2)
    plt.show()
    fig, axes = plt.subplots(1, 3, figsize=(11, 2.6))
    for ax, column, name in zip(axes, range(3), ("content loss", "style loss", "TV loss")):
        ax.plot(np.arange(1, len(transfer_history) + 1), transfer_history[:, column])
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("step")
    axes[1].set_yscale("log")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# ### With real VGG19 weights, if you have them
#
# The cell looks for VGG19's ImageNet weights in the Keras cache (`~/.keras/models/`) and,
# if they are there, runs the same loop with Gatys et al.'s layers (style: conv1_1 …
# conv5_1, w_l = 1/5; content: conv4_2). It never downloads: under grading, and on a
# machine without the file, it prints how to get it. What the weights add: VGG's deep
# layers respond to object parts, so the content loss on conv4_2 keeps the *temple*
# (roof lines, windows) while the style repaints its surfaces with the flower's petals
# and brush-like strokes at several scales; the random layer keeps the photo's local
# light patterns and mostly moves colours and small blobs (compare the two images). The
# α/β, γ and the step count for VGG are first guesses, not tuned on this machine (no
# weights here), so expect to adjust β.

# %%
vgg = None if gradelib.grading_mode() else style.pretrained_extractor(
    "vgg19", layers=(*style.VGG19_STYLE_LAYERS, style.VGG19_CONTENT_LAYER))
if vgg is None:
    print("VGG19's ImageNet weights are not in the Keras cache (or this is a grading run): skipped.")
    print(style.HOW_TO_GET_WEIGHTS)
else:
    with gradelib.experiment("style transfer with VGG19"):
        vgg_result, _ = run_style_transfer(vgg, content_photo, style_photo, gradelib.pick(full=100, grading=0),
                                           alpha=1.0, beta=1e3, gamma=1.0, content_layer=5,
                                           layer_weights=[0.2] * 5 + [0.0], learning_rate=0.02)
        style.show([content_photo, transferred, vgg_result], ["content", "random filters", "VGG19"], size=3.2)
        plt.show()

# %% [markdown]
# **한국어 요약.** 생성 이미지의 픽셀만 변수로 두고 α·콘텐츠 손실 + β·스타일 손실 + γ·총 변위
# 손실(α = 1, β = 10¹⁰, γ = 0.1)을 Adam으로 최소화한다. 노이즈에서 스타일 손실만 줄이면 질감 합성이
# 된다: 픽셀의 그람 행렬은 색 분포만 맞추고, 여러 크기의 무작위 필터는 작은 질감까지 옮긴다. 스타일
# 트랜스퍼에서 스타일 손실은 150단계 동안 1.0e-05에서 3.4e-08로 약 300배 줄고, 콘텐츠 손실은 0에서
# 1,765까지 올랐다가 1,523으로 내려온다. 사전 학습된 VGG19는 깊은 층이 물체의 부분(지붕, 창문)에 반응하므로 내용을
# 더 잘 지키고 질감을 더 큰 규모로 옮긴다.

# %% [markdown]
# ## 7. DeepDream (딥드림)
#
# DeepDream runs a trained network backwards (001: "ConvNet 거꾸로 실행"): starting from
# a photograph, it changes the pixels by gradient **ascent** so that chosen layers
# respond *more strongly*. Unlike filter visualisation, it maximises whole layers, not
# one filter (000: "특정 필터가 아닌 전체 층의 활성화를 최대화한다"), so many features get
# mixed into the image at once. The objective here is Chollet's (12.2): for the chosen
# layers' activations $a^l$,
#
# $$ \mathcal L(x) = \sum_l \operatorname{mean}\big((a^l)^2\big), $$
#
# (Mordvintsev et al.'s notebook calls the sum of squares the "L2 objective"; Chollet
# also weights the layers and crops a 2-pixel border, which we skip). Each step moves the
# image along the gradient divided by its mean absolute value, as in Mordvintsev et al.'s
# notebook, so that `step_size` is the mean change of a pixel whatever the gradient's
# scale (Chollet divides by the L2 norm instead):
#
# $$ g = \nabla_x \mathcal L(x), \qquad x \leftarrow x + \text{step\_size} \cdot
#    \frac{g}{\max(\operatorname{mean}|g|, 10^{-8})} . $$
#
# **Octaves** (옥타브). The image is processed at several scales, smallest first (000:
# "시각 품질을 높이기 위해 여러 다른 스케일로 처리"): patterns created at a small scale
# become large structures once the image is enlarged, and the steps at the next scale add
# finer detail on top. Each octave is `octave_scale` (1.4 in both Mordvintsev et al.'s
# notebook and Chollet) times larger than the previous one, the last at the original
# size. After each octave, Chollet puts back the detail that shrinking the photo lost
# (the original at this size minus the shrunk original enlarged).
#
# **Exercise 9 (2 points).** Implement `octave_shapes(shape, n_octaves, octave_scale)`:
# octave i (i = 0 is the original) has size `int(dim / octave_scale ** i)` for each of
# the height and width (truncation, as in Chollet's code; computed from the original
# size each time); return the n_octaves sizes **smallest first**, ending with the
# original. **Exercise 10 (1 point)** grades its input checks.
#
# **계약.** `octave_shapes`: shape (높이, 너비) 양의 정수 두 개, 정수 n_octaves ≥ 1, 실수 octave_scale > 1
# → 정수 (h, w) 튜플 n_octaves개의 리스트, 작은 것부터; 옥타브 i는 매번 원본에서 int(dim / scale**i)로
# 계산(버림)하고 마지막 원소는 shape 자신이다 (n_octaves = 1이면 [shape]).
#
# **계약.** 연습 10 (입력 검사): n_octaves < 1, octave_scale ≤ 1, shape가 양의 정수 두 개가 아님, 또는 가장
# 작은 옥타브의 한 변이 1보다 작아지면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "octave_shapes", "locked": false, "schema_version": 3, "solution": true, "task": false}
def octave_shapes(shape, n_octaves, octave_scale):
    """The image sizes DeepDream processes, smallest first: octave i (i = 0 the original
    size) has size int(dim / octave_scale ** i) for each dim of ``shape`` (truncated,
    computed from the original each time), for i = n_octaves - 1, ..., 1, 0.

    Args:
        shape: (height, width), two positive ints: the original size.
        n_octaves: int >= 1, the number of sizes, the original included.
        octave_scale: float > 1, the ratio between successive octaves (e.g. 1.4).

    Returns:
        list of n_octaves (height, width) tuples of ints, smallest first; the last one
        equals ``shape``.

    Raises:
        ValueError: when n_octaves < 1, octave_scale <= 1, shape is not two positive
            ints, or the smallest octave would have a side < 1.
    """
    ### BEGIN SOLUTION
    if len(shape) != 2 or any(int(d) != d or d < 1 for d in shape):
        raise ValueError(f"shape must be two positive ints (height, width); got {shape}")
    if n_octaves < 1:
        raise ValueError(f"n_octaves must be at least 1; got {n_octaves}")
    if octave_scale <= 1:
        raise ValueError(f"octave_scale must be > 1; got {octave_scale}")
    shapes = [tuple(int(d / octave_scale ** i) for d in shape) for i in range(n_octaves - 1, -1, -1)]
    if min(shapes[0]) < 1:
        raise ValueError(f"the smallest octave {shapes[0]} has a side < 1: fewer octaves or a smaller scale")
    return shapes
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_octave_shapes", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
def check_octaves(shape, n_octaves, octave_scale, expected):
    inputs = {"shape": shape, "n_octaves": n_octaves, "octave_scale": octave_scale}
    got = octave_shapes(shape, n_octaves, octave_scale)
    if not isinstance(got, (list, tuple)) or not all(len(s) == 2 and all(float(d).is_integer() for d in s) for s in got):
        gradelib.fail("octave_shapes", inputs, f"It returned {got!r}: expected a list of (height, width) tuples of ints.")
    gradelib.check_close(np.array(got, dtype=float), np.array(expected, dtype=float), name="octave_shapes",
                         inputs=inputs, mistakes=OCTAVE_SHAPES)


# by hand: 128 / 1.4² = 65.3 -> 65, 96 / 1.96 = 48.98 -> 48; 128 / 1.4 = 91.4 -> 91, 96 / 1.4 = 68.6 -> 68
check_octaves((128, 96), 3, 1.4, [(65, 48), (91, 68), (128, 96)])
check_octaves((100, 100), 4, 2.0, [(12, 12), (25, 25), (50, 50), (100, 100)])
# 130 / 1.96 = 66.3 -> 66, but the 92 of the octave before, / 1.4 = 65.7: compute each from the original
check_octaves((130, 97), 3, 1.4, [(66, 49), (92, 69), (130, 97)])
check_octaves((33, 47), 1, 1.4, [(33, 47)])
print("octave_shapes: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_octave_shapes_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
bad_inputs = {"n_octaves is 0": ((64, 64), 0, 1.4), "octave_scale is 1": ((64, 64), 3, 1.0),
              "the shape has three numbers": ((64, 64, 3), 3, 1.4), "a side is 0": ((0, 64), 2, 1.4),
              "the smallest octave would be 0 pixels high": ((3, 64), 5, 1.4)}
for problem, (shape, n, scale) in bad_inputs.items():
    gradelib.check_raises(octave_shapes, {"shape": shape, "n_octaves": n, "octave_scale": scale}, ValueError,
                          f"the input is invalid ({problem})")
print("octave_shapes input checks: visible tests passed")

# %% [markdown]
# ### The gradient-ascent step
#
# **Exercise 11 (3 points).** Implement `gradient_ascent_step(image, feature_model,
# step_size)`: inside a `tf.GradientTape` (`tape.watch(image)`: the image is a tensor,
# not a variable), the objective $\sum_l \operatorname{mean}((a^l)^2)$ over the model's
# outputs (a list of feature maps, or one map); its gradient with respect to the image;
# return the objective (at the image you were given) and the image moved by
# `step_size * g / max(mean(|g|), 1e-8)`. It must run inside `tf.function`, as the dream
# loop runs it. The test runs it on a tiny float64 network and compares with numeric
# gradients (`style.expected_ascent_step`), naming the usual slips: descent instead of
# ascent, no normalisation, Chollet's L2 normalisation, the mean activation as objective.
#
# **계약.** `gradient_ascent_step`: image (1, H, W, C) 실수 텐서(float32, float64 모델이면 float64), 특성 맵
# 하나 또는 리스트를 내는 feature_model, 실수 step_size → (loss, new_image): 갱신 전 image에서의 스칼라
# Σ_l mean(a_l²)와 image 모양·dtype의 image + step_size·g / max(mean|g|, 1e-8); tf.function 안에서 동작.

# %% nbgrader={"grade": false, "grade_id": "gradient_ascent_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_ascent_step(image, feature_model, step_size):
    """One DeepDream step: gradient ascent on sum_l mean(a_l^2) over the model's outputs,
    the gradient divided by its mean absolute value (Mordvintsev et al. 2015).

    Args:
        image: float tensor (1, H, W, C) (float32, or float64 for a float64 model).
        feature_model: a Keras model mapping the image to a feature map or a list of them.
        step_size: float, the mean change of a pixel in this step.

    Returns:
        (loss, new_image): the objective at ``image`` (scalar tensor) and
        image + step_size * g / max(mean(|g|), 1e-8) with g its gradient (tensor of
        image's shape).
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        tape.watch(image)
        outputs = feature_model(image)
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        loss = ops.sum(ops.stack([ops.mean(ops.square(a)) for a in outputs]))
    grads = tape.gradient(loss, image)
    grads = grads / ops.maximum(ops.mean(ops.abs(grads)), 1e-8)
    return loss, image + step_size * grads
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_ascent_step", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def check_ascent(step, feature_model, image, step_size, how):
    inputs = {"image": image, "feature_model": feature_model, "step_size": step_size}
    want_loss, want_image = style.expected_ascent_step(feature_model, image, step_size)
    loss, new_image = step(tf.constant(image), feature_model, step_size)
    gradelib.check_close(new_image, want_image, name=f"gradient_ascent_step ({how}: the new image)",
                         inputs=inputs, rtol=1e-5, atol=1e-7, mistakes=ASCENT_STEP_IMAGE)
    gradelib.check_close(loss, want_loss, name=f"gradient_ascent_step ({how}: the loss)", inputs=inputs,
                         rtol=1e-6, mistakes=ASCENT_STEP_LOSS)


dream_model = style.tiny_dream_model(seed=0)                   # two Conv2D + ReLU layers, float64
rng = np.random.default_rng(4)
# inside tf.function, as the dream loop runs it
check_ascent(tf.function(gradient_ascent_step), dream_model, rng.uniform(size=(1, 6, 5, 1)), 0.1, "in tf.function")
print("gradient_ascent_step: visible tests passed")

# %% [markdown]
# ### The network to dream with: the course's digit classifier
#
# DeepDream needs a *trained* network: random filters have no learned features to
# amplify. Offline we have one: the digit classifier that ships with the course
# (`gradelib.sample_quality`, 96.5 % on held-out digits; two 3x3 convolution layers of 16
# and 32 filters, then dense layers). Its convolution layers run on a grey image of any
# size, so we dream with its second convolution layer (stroke pieces and curves of
# handwritten digits) on the temple in grey. The diagram shows the loop; the cell after
# it runs 3 octaves (scale 1.4) with your `octave_shapes` and your step (step size
# 0.005), and the same number of steps at the full size only, for comparison.
#
# What to expect: the classifier learned white pen strokes on a black background, so its
# features fire on bright strokes next to dark ones. Amplifying them brightens and
# thickens the strokes it finds (the roof's edges, the railings, the trees) and bleaches
# the flat sky: a dream of pen strokes, the only thing this network knows. With octaves
# the strokes grow thicker and smoother (patterns made at 65 px are enlarged twice);
# without, they stay thin and pixel-sized. The objective rises in every octave.

# %%
dream_boxes = {
    "photo": (0.07, 0.75, "photo\n(grey, H x W)", "data"),
    "oct": (0.25, 0.75, "resize to the octave's\nsize (smallest first)", "op"),
    "net": (0.47, 0.75, "trained network\n(digit classifier's conv 1, 2;\nInceptionV3: mixed4-7)", "net"),
    "obj": (0.73, 0.75, "Σ_l mean(a_l²)\n(whole layers)", "loss"),
    "step": (0.73, 0.22, "x ← x + step · g / mean|g|\n(gradient ascent)", "state"),
    "up": (0.4, 0.22, "enlarge × 1.4, add the\nlost detail; next octave", "op"),
    "out": (0.08, 0.22, "dream\n(original size)", "data"),
}
dream_arrows = [("photo", "oct"), ("oct", "net"), ("net", "obj", "a_l"),
                ("obj", "step", "g = ∂L/∂x", red), ("step", "net", "repeat", {"connectionstyle": "arc3,rad=0.3"}),
                ("step", "up"), ("up", "oct", "", {"connectionstyle": "arc3,rad=-0.2"}), ("up", "out", "last octave")]
draw(dream_boxes, dream_arrows, size=(11, 3.8), ylim=(0.0, 1.0),
     caption="the network's weights stay fixed; only the image changes, and it climbs the objective")
plt.show()

# %%
def dream(feature_model, photo, n_octaves, steps_per_octave, step_size=0.005, octave_scale=1.4):
    """Chollet's DeepDream loop with your octave_shapes and gradient_ascent_step;
    prints the objective at each octave's start and end; returns the image."""
    original = photo[None].astype("float32")
    shapes = octave_shapes(photo.shape[:2], n_octaves, octave_scale)
    shrunk_original = style.resize(original, shapes[0])
    image = shrunk_original.copy()
    step = tf.function(gradient_ascent_step)
    for k, shape in enumerate(shapes):
        if k:
            image = style.resize(image, shape)
            lost_detail = style.resize(original, shape) - style.resize(shrunk_original, shape)
            image = image + lost_detail
            shrunk_original = style.resize(original, shape)
        x = tf.constant(image)
        for i in range(steps_per_octave):
            loss, x = step(x, feature_model, step_size)
            x = tf.clip_by_value(x, 0.0, 1.0)
            if i == 0:
                first = float(loss)
        image = x.numpy()
        print(f"octave {k + 1}/{len(shapes)} {str(shape):>11}: objective {first:.4f} -> {float(loss):.4f}")
    return image[0]


grey_photo = style.to_grey(content_photo)
steps_per_octave = gradelib.pick(full=15, grading=3)
with gradelib.experiment("DeepDream with the digit classifier"):
    digit_features = style.digit_feature_extractor(which=(1,))
    print(f"with 3 octaves, {steps_per_octave} steps each:")
    dreamed = dream(digit_features, grey_photo, 3, steps_per_octave)
    print(f"without octaves, {3 * steps_per_octave} steps at the full size:")
    flat = dream(digit_features, grey_photo, 1, 3 * steps_per_octave)
    style.show([grey_photo, flat, dreamed], ["grey temple", "no octaves", "3 octaves (scale 1.4)"], size=3.2)
    plt.show()

# %% [markdown]
# ### Dreaming the classifier's classes into an image
#
# The same step, with the objective the classifier's probability of one digit class
# (a model whose "feature map" is √p(class | x), so that mean(square) = p), from the
# same grey noise for each class: the image becomes what *this* network takes for a 0,
# 1, …, 9. The table gives each class's probability before and after.

# %%
class_steps = gradelib.pick(full=60, grading=3)
with gradelib.experiment("dreaming the digit classes"):
    classifier = sample_quality.digit_classifier()
    canvas = np.random.default_rng(5).uniform(0.4, 0.6, (28, 28, 1)).astype("float32")
    start_probabilities = ops.softmax(classifier(canvas[None]))[0].numpy()
    dreams, rows = [], []
    for digit in gradelib.pick(full=range(10), grading=range(2)):
        inputs = keras.Input((28, 28, 1))
        root_p = keras.layers.Lambda(lambda z, d=digit: ops.sqrt(ops.softmax(z)[:, d:d + 1]))(classifier(inputs))
        x = tf.constant(canvas[None])
        step = tf.function(gradient_ascent_step)
        target = keras.Model(inputs, root_p)
        for _ in range(class_steps):
            _, x = step(x, target, 0.01)
            x = tf.clip_by_value(x, 0.0, 1.0)
        dreams.append(x.numpy()[0])
        rows.append((digit, start_probabilities[digit], float(ops.softmax(classifier(x))[0, digit])))
    print(f"{'class':>5} {'p(class) at the start':>22} {'after':>8}   ({class_steps} steps of 0.01)")
    for digit, before, after in rows:
        print(f"{digit:>5} {before:>22.3f} {after:>8.3f}")
    style.show(dreams, [f"dreamed {d}" for d, _, _ in rows], size=1.3)
    plt.show()

# %% [markdown]
# ### With InceptionV3's ImageNet weights, if you have them
#
# Chollet's DeepDream uses InceptionV3 and the layers mixed4 … mixed7. If those weights
# are in your Keras cache, the cell dreams with them on the colour temple (3 octaves).
# What they add is the famous look: a network trained on a thousand ImageNet classes has
# features for eyes, dog faces, pagodas and birds, and amplifying whole layers pulls them
# out of clouds and leaves. The digit classifier only knows strokes of handwritten
# digits, so its dreams are strokes and loops; the mechanism (gradient ascent on whole
# layers, octaves, lost detail) is the same.

# %%
inception = None if gradelib.grading_mode() else style.pretrained_extractor(
    "inception_v3", layers=style.INCEPTION_DREAM_LAYERS)
if inception is None:
    print("InceptionV3's ImageNet weights are not in the Keras cache (or this is a grading run): skipped.")
    print(style.HOW_TO_GET_WEIGHTS)
else:
    with gradelib.experiment("DeepDream with InceptionV3"):
        inception_dream = dream(inception, style.load_photo("china.jpg", 256), 3, 20)
        style.show([style.load_photo("china.jpg", 256), inception_dream], ["temple", "InceptionV3 dream"], size=4)
        plt.show()

# %% [markdown]
# **한국어 요약.** 딥드림은 학습된 네트워크의 층 전체 활성화 제곱 평균 $\sum_l \operatorname{mean}((a^l)^2)$을
# 키우는 경사 상승이며, 기울기를 평균 절댓값으로 나눠 step_size가 픽셀당 평균 변화량이 되게 한다.
# 작은 옥타브부터 1.4배씩 키우며(128 픽셀이면 65, 91, 128) 처리하고 옥타브마다 잃어버린 디테일을
# 되돌려 넣으면, 작은 크기에서 생긴 무늬가 큰 구조가 된다. 목적 함수는 옥타브마다 오른다(0.125 →
# 0.175, 0.166 → 0.203, 0.187 → 0.216). 오프라인에서는 숫자 분류기의 합성곱 층으로 획을, 클래스
# 확률로 각 숫자를 꿈꾸게 하며, 60단계 뒤 모든 클래스의 확률이 1.000에 이른다.

# %% [markdown]
# ## 8. Questions (graded by hand)
#
# Answer in a few sentences each, in English or Korean (한국어로 답해도 됩니다).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_gram_layout", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 1.** The generated image starts from the content photo. Suppose you drop the
# content loss (α = 0) and run many more steps. What do you expect the image to become,
# and why? What would change if you started from noise instead?
#
# === BEGIN MARK SCHEME ===
# The style loss only compares Gram matrices, which sum over positions and so ignore
# where features are (the shuffling experiment). Without the content loss nothing keeps
# the temple's layout: the optimisation keeps changing the image until its feature
# correlations match the flower's, and the temple dissolves into flower texture; some of
# its large-scale layout may survive for a while because the optimisation starts from it
# and a local optimum near the start is found first (and TV keeps it smooth), but it is
# not protected. From noise one gets a texture with the flower's statistics and no
# layout at all (texture synthesis, Gatys et al.'s Fig. 2), a different one for each noise.
#
# **한국어 모범 답안.** 스타일 손실은 그람 행렬만 비교하는데, 그람 행렬은 위치에 대해 합하므로 특성이
# 어디에 있는지를 무시한다(위치 섞기 실험). 콘텐츠 손실이 없으면 사원의 배치를 지켜 줄 항이 없으므로,
# 최적화는 특성 사이의 상관관계가 꽃의 것과 같아질 때까지 이미지를 계속 바꾸고, 사원은 꽃의 질감 속으로
# 녹아 사라진다. 최적화가 사원 사진에서 출발해 시작점 근처의 국소 최적점을 먼저 찾고 총 변위 손실이
# 이미지를 매끄럽게 유지하므로 큰 윤곽이 한동안 남을 수는 있지만, 그것을 지켜 주는 항은 없다. 노이즈에서
# 시작하면 배치가 전혀 없이 꽃의 통계만 가진 질감이 나오며(질감 합성, Gatys et al.의 Fig. 2), 노이즈마다
# 다른 질감이 된다.
# === END MARK SCHEME ===

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_normalisation", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 2.** Without the per-layer factor 1/(4 N_l² M_l²), which layers would
# dominate the style loss for VGG19 at 256 x 256 (block1_conv1: 64 channels at 256²
# positions; block5_conv1: 512 channels at 16²)? Chollet divides every layer by the same
# 4 · 3² · (H W)², with H W the image's size: does the relative weight of the layers
# then match Gatys et al.'s? Answer with orders of magnitude.
#
# === BEGIN MARK SCHEME ===
# A Gram entry sums M products, so the squared differences scale like M² per entry, and
# there are N² entries: roughly N² M² (times the activations' own scale).
# block1_conv1: 64² · 65,536² ≈ 1.8 · 10¹³; block5_conv1: 512² · 256² ≈ 1.7 · 10¹⁰. Without
# the factor the early, large layers dominate by about 10³ and the style becomes fine
# texture only. Chollet's divisor is one constant for all layers, so it changes the
# overall scale (absorbed by his style weight) but not the layers' relative weights:
# block1 still outweighs block5 by about 10³ relative to the paper, where the factor puts
# every layer on the same footing and w_l = 1/5 decides. So the two codes' β (and the
# effective layer mix) are not comparable.
#
# **한국어 모범 답안.** 그람 행렬의 한 원소는 M개 곱의 합이므로 차이의 제곱은 원소마다 M²에 비례하고,
# 원소가 N²개이므로 층의 제곱 오차 합은 대략 N²M²(에 활성화 자체의 크기를 곱한 것)에 비례한다.
# block1_conv1은 64² · 65,536² ≈ 1.8 · 10¹³, block5_conv1은 512² · 256² ≈ 1.7 · 10¹⁰이다. 따라서 인수가
# 없으면 위치가 많은 앞쪽 층이 약 10³배 지배하고, 스타일은 잔 질감만 남는다. Chollet의 나눗수는 모든
# 층에 같은 상수라 전체 크기만 바꾸고(그의 스타일 가중치가 흡수) 층 사이의 상대 가중치는 바꾸지
# 않는다. 층마다 인수를 두어 모든 층을 같은 눈금에 놓고 w_l = 1/5로 섞는 논문과 비교하면 block1이
# 여전히 block5보다 약 10³배 무겁다. 그러므로 두 코드의 β(와 실제 층 배합)는 서로 비교할 수 없다.
# === END MARK SCHEME ===

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_random_weights", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 3.** Random filters transfer texture reasonably well, but DeepDream with
# random filters would be pointless. Explain the difference: what does each technique
# need from the network's features?
#
# === BEGIN MARK SCHEME ===
# Style transfer matches statistics: the Gram matrices of a rich, fixed set of local
# filters describe a texture whether or not the filters were learned; random filters at
# several sizes span many local patterns (Ustyuzhaninov et al. 2017), so matching their
# correlations reproduces the texture. (Content from random features keeps local light
# patterns, not objects.) DeepDream amplifies whatever the features respond to: with
# learned features those are meaningful patterns (strokes, eyes, animals), so the image
# fills with them; random filters respond to arbitrary local patterns, so maximising
# their activations only boosts contrast and random high-frequency patterns with nothing
# recognisable to emerge. The learned features *are* the content of a dream.
#
# **한국어 모범 답안.** 스타일 트랜스퍼는 통계를 맞춘다: 풍부하게 고정된 국소 필터들의 그람 행렬은 필터가
# 학습된 것이든 아니든 질감을 기술하고, 여러 크기의 무작위 필터는 다양한 국소 패턴을 덮으므로
# (Ustyuzhaninov et al. 2017) 그 상관관계를 맞추면 질감이 재현된다. (무작위 특성의 콘텐츠 손실은 물체가
# 아니라 국소적인 밝기 패턴을 지킨다.) 딥드림은 특성이 반응하는 것을 무엇이든 증폭한다: 학습된 특성이면
# 그것이 의미 있는 패턴(획, 눈, 동물)이라 이미지가 그것으로 채워지지만, 무작위 필터는 임의의 국소 패턴에
# 반응하므로 활성화를 최대화해도 대비와 무작위한 고주파 무늬만 커질 뿐 알아볼 것이 나타나지 않는다.
# 학습된 특성이 곧 꿈의 내용이다.
# === END MARK SCHEME ===

# %% [markdown]
# ## Summary
#
# - A feature map's Gram matrix G = FᵀF (channels x channels, summed over positions) keeps
#   which features occur together and forgets where: texture, i.e. style.
# - Style loss: Σ_l w_l Σ(G_l − A_l)² / (4 N_l² M_l²) over several layers; content loss:
#   ½ Σ (F − P)² on one layer; total variation loss: squared neighbour differences. Style
#   transfer minimises α L_content + β L_style + γ L_TV over the *pixels*.
# - Chollet's code differs from the paper in constants (no ½ in the content loss, 3
#   channels in the style factor, a 1.25 power in TV): the weights absorb them, so α, β, γ
#   from one code do not transfer to the other.
# - DeepDream climbs Σ_l mean(a_l²) with a normalised gradient, over octaves from small
#   to the original size (scale 1.4), putting back lost detail after each.
# - Offline, one layer of random multi-scale filters synthesises textures and transfers
#   style; DeepDream needs learned features (here the digit classifier's); ImageNet
#   weights, when cached, add semantic content to both.
#
# **한국어 요약.** 그람 행렬은 특성 맵의 채널 간 내적을 위치에 대해 더한 것으로 질감(스타일)을
# 나타낸다. 뉴럴 스타일 트랜스퍼는 콘텐츠 손실(½Σ(F − P)²), 층별로 4N²M²로 정규화한 스타일 손실,
# 총 변위 손실의 가중합을 픽셀에 대해 최소화한다. Chollet의 코드는 상수가 논문과 달라 가중치를
# 그대로 옮길 수 없다. 딥드림은 층 전체 활성화의 제곱 평균을 정규화된 기울기로 키우며, 작은
# 옥타브부터 1.4배씩 키워 원본 크기까지 처리한다. 오프라인에서는 무작위 다중 크기 필터로 질감을
# 옮기고, 딥드림에는 학습된 특성(숫자 분류기)이 필요하다.
#
# **Further reading.** Gatys, Ecker & Bethge, *Image Style Transfer Using Convolutional
# Neural Networks* (CVPR 2016): eqs. 1-7, Figs. 2-3. Gatys, Ecker & Bethge, *Texture
# Synthesis Using Convolutional Neural Networks* (NeurIPS 2015). Mahendran & Vedaldi,
# *Understanding Deep Image Representations by Inverting Them* (CVPR 2015): the TV
# regulariser. Mordvintsev, Olah & Tyka, *Inceptionism: Going Deeper into Neural
# Networks* (Google Research blog, 2015) and their DeepDream notebook. Ustyuzhaninov,
# Brendel, Gatys & Bethge, *What does it take to generate natural textures?* (ICLR 2017).
# He, Wang & Hopcroft, *A Powerful Generative Model Using Random Weights for the Deep
# Image Representation* (NeurIPS 2016). Johnson, Alahi & Fei-Fei, *Perceptual Losses for
# Real-Time Style Transfer and Super-Resolution* (ECCV 2016): a network that transfers
# style in one pass. Chollet, *Deep Learning with Python* (2nd ed., 2021), 12.2-12.3.
