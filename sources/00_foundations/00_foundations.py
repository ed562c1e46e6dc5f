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
# # 00 · Foundations: tensors, convolution with zero padding, max pooling, a convolution layer's anatomy
#
# **What you will learn**
#
# - how images and batches are stored as tensors, and what an *axis* is;
# - how a convolutional layer computes a *feature map*, and why zero padding keeps its size;
# - how max pooling shrinks a feature map, and what it keeps and throws away;
# - a convolution layer's anatomy: channels, stride, bias, output size and parameter
#   count (parameter sharing in numbers), and the transposed convolution that the
#   decoders of notebooks 05, 06 and 09 use to upsample.
#
# You will implement a zero-padded 2-D convolution and max pooling in NumPy and check
# them against TensorFlow's `tf.nn.conv2d` and `tf.nn.max_pool2d`, then reproduce the
# worked examples from the study notes (004, "CNN의 구성요소") exactly. Then you write a
# whole `Conv2D` layer's computation (batch, channels, stride, bias), its output size and
# parameter count, and a `Conv2DTranspose`, each checked against Keras and TensorFlow.
#
# | English | the notes' term |
# |---|---|
# | tensor, axis | 텐서, 축 |
# | convolution | 합성곱 |
# | zero padding | 제로 패딩 |
# | feature map | 특성 맵 |
# | max pooling | 최대 풀링 |
# | stride | 스트라이드 |
# | parameter sharing | 가중치 및 편향을 공유 |
# | transposed convolution | 전치 합성곱 |
#
# **Prerequisites:** NumPy indexing and slicing. **Time:** about 90 minutes; the
# notebook itself runs in under a minute on a laptop CPU.
#
# **How to work:** write your code where it says `YOUR CODE HERE`, then run the test
# cell below it. A failing test tells you the input, what was expected and what came
# back. Check the whole notebook from a terminal with
# `gradelib check notebooks/00_foundations/00_foundations.ipynb`.

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

import json

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from gradelib import diagrams
from gradelib.mistakes import CONV2D, MAX_POOL2D
from gradelib.mistakes.foundations import (
    CONV2D_LAYER,
    CONV2D_TRANSPOSE,
    CONV_OUTPUT_SIZE,
    CONV_PARAM_COUNT,
    CONV_TRANSPOSE_OUTPUT_SIZE,
)

gradelib.setup(seed=0)

# %% [markdown]
# ## 1. Tensors and axes (텐서와 축)
#
# A tensor is an array with any number of axes; its *rank* is the number of axes.
# The notes' examples: a scalar is a 0-D tensor, `[1, 2, 3]` a 1-D tensor (vector),
# `[[1, 2], [3, 4]]` a 2-D tensor (matrix). One colour image is a 3-D tensor with axes
# (height, width, channels); Keras stacks images into a 4-D batch
# (batch, height, width, channels), the "channels last" layout.

# %%
scalar = np.array(7)
vector = np.array([1, 2, 3])
matrix = np.array([[1, 2], [3, 4]])
image = np.zeros((28, 28, 3))          # height, width, colour
batch = np.zeros((32, 28, 28, 3))      # batch, height, width, colour
for name, t in [("scalar", scalar), ("vector", vector), ("matrix", matrix),
                ("image", image), ("batch", batch)]:
    print(f"{name:>7}: rank {t.ndim}, shape {t.shape}")

# Reducing over an axis removes it: the mean colour of each image in the batch.
print("mean over height and width:", batch.mean(axis=(1, 2)).shape)

# %% [markdown]
# **한국어 요약.** 텐서는 축(axis)을 여러 개 가진 다차원 배열이고, 축의 개수가 랭크다. 스칼라는
# 0-D, `[1, 2, 3]`은 1-D(벡터), `[[1, 2], [3, 4]]`는 2-D(행렬) 텐서다. 컬러 이미지 한 장은 (높이,
# 너비, 채널)의 3-D 텐서이고, Keras는 이미지를 (배치, 높이, 너비, 채널)의 4-D 배치로 쌓는다
# (channels last). 한 축을 따라 줄이면(평균 등) 그 축이 사라진다: 모양 (32, 28, 28, 3)의 배치를
# 축 (1, 2)로 평균하면 이미지마다 채널별 평균만 남아 (32, 3)이 된다.

# %% [markdown]
# ## 2. Convolution with zero padding (제로 패딩)
#
# A convolutional layer slides a small kernel (filter) over the image. At each
# position it multiplies the kernel with the window under it and sums:
#
# $$ Y[i, j] = \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1} K[u, v]\; X_{\text{pad}}[i + u,\; j + v] $$
#
# Deep-learning libraries call this convolution, but it is *cross-correlation*: the
# kernel is not flipped. Without padding, an $n \times n$ image and a $k \times k$
# kernel give an $(n - k + 1) \times (n - k + 1)$ feature map, so every layer shrinks the
# map and the border pixels take part in fewer windows. Zero padding adds $p$ rows and
# columns of zeros on each side; with stride $s$ (the window moves $s$ pixels at a time)
# the output size is
#
# $$ n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1 $$
#
# (Dumoulin & Visin 2016, relationship 6): the floor because a window that does not fit
# is dropped. With $p = (k - 1)/2$ (odd $k$) and $s = 1$ this is $n$: Keras'
# `padding="same"`. For strides above 1 Keras' "same" is not "the same size" but
# $n_{\text{out}} = \lceil n / s \rceil$, reached by padding
# $\max((n_{\text{out}} - 1)s + k - n, 0)$ zeros in total, the smaller half on the top
# (left) and the rest at the bottom (right); "valid" means $p = 0$. Section 4 makes
# you compute both.
#
# The notes (004) also say zero padding prevents overfitting. It does not: padding adds
# no information and no regularisation (the same parameters see a larger image). What it
# does is keep the map's size, so that layers can be stacked, and keep the border
# pixels in play: without it a corner pixel enters one window, an inner pixel $k^2$.
#
# The notes work one example by hand: a 5 × 5 image, zero-padded, and a sharpening
# kernel. It ships with the course in `data/`:

# %%
notes = json.loads(gradelib.data_path("00_foundations", "notes_examples.json").read_text())
sharpen, pool = notes["sharpen"], notes["max_pool"]
print("image:\n", np.array(sharpen["image"]))
print("kernel:\n", np.array(sharpen["kernel"]))


# %% [markdown]
# **Exercise 1 (3 + 1 points).** Implement `conv2d(image, kernel)`: stride 1, zero padding
# so that the output has the image's shape. Use NumPy only (no TensorFlow, no SciPy).
# The ValueErrors the docstring promises are graded in their own test cell (1 point).
#
# **계약.** image (H, W; 실수 dtype이면 무엇이든), kernel (kh, kw; 두 변 모두 홀수) → float64 특성 맵
# (H, W): 스트라이드 1, "same" 제로 패딩, 커널을 뒤집지 않는 교차상관; image나 kernel이 2-D가
# 아니거나 커널 변이 짝수이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "conv2d", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d(image, kernel):
    """Zero-padded 2-D cross-correlation with stride 1 ("same" padding).

    Args:
        image: array of shape (H, W), any real dtype.
        kernel: array of shape (kh, kw), kh and kw odd.

    Returns:
        float64 array of shape (H, W): the feature map.

    Raises:
        ValueError: if image or kernel is not 2-D, or a kernel side is even.
    """
    ### BEGIN SOLUTION
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"image and kernel must be 2-D, got {image.shape} and {kernel.shape}")
    kh, kw = kernel.shape
    if kh % 2 == 0 or kw % 2 == 0:
        raise ValueError(f"kernel sides must be odd, got {kernel.shape}")
    padded = np.pad(image, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    out = np.zeros(image.shape)
    for i in range(image.shape[0]):
        for j in range(image.shape[1]):
            out[i, j] = np.sum(padded[i:i + kh, j:j + kw] * kernel)
    return out
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv2d", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def tf_conv2d(image, kernel):
    """TensorFlow's answer: tf.nn.conv2d with padding='SAME' on one 1-channel image."""
    x = tf.constant(np.asarray(image, np.float64)[None, :, :, None])
    k = tf.constant(np.asarray(kernel, np.float64)[:, :, None, None])
    return tf.nn.conv2d(x, k, strides=1, padding="SAME").numpy()[0, :, :, 0]

rng = np.random.default_rng(0)
image = rng.normal(size=(6, 6))
kernel = rng.normal(size=(3, 3))      # not symmetric: a flipped kernel gives another answer
gradelib.check_close(conv2d(image, kernel), tf_conv2d(image, kernel), name="conv2d",
                     inputs={"image": image, "kernel": kernel}, mistakes=CONV2D)

# the notes' sharpen example, entry by entry where the slide prints it
example = {"image": np.array(sharpen["image"]), "kernel": np.array(sharpen["kernel"])}
got = conv2d(**example)
gradelib.check_shape(got, (5, 5), name="conv2d", inputs=example, mistakes=CONV2D,
                     expected=tf_conv2d(**example))
# the slide prints rows 0-2 and cuts one entry off (null); TensorFlow fills that one in
printed = np.array(sharpen["printed_feature_map"], dtype=float)
printed[np.isnan(printed)] = tf_conv2d(**example)[:3][np.isnan(printed)]
gradelib.check_close(np.asarray(got)[:3], printed, name="conv2d", inputs=example)
print("conv2d: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_conv2d_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(conv2d, {"image": np.zeros((4, 4)), "kernel": np.zeros((2, 2))},
                      problem="a kernel side is even (no centre pixel)")
gradelib.check_raises(conv2d, {"image": np.zeros((4, 4, 1)), "kernel": np.zeros((3, 3))},
                      problem="the image is not 2-D")
print("conv2d validation: visible tests passed")

# %% [markdown]
# ### Experiment: the notes' worked example, and what kernels see
#
# The slide pads a 5 × 5 image with zeros and applies a sharpening kernel. Your `conv2d`
# should reproduce every number it prints.

# %%
with gradelib.experiment("the notes' sharpen example"):
    printed = np.array(sharpen["printed_feature_map"], dtype=float)   # null -> nan
    shown = ~np.isnan(printed)
    feature_map = conv2d(np.array(sharpen["image"]), np.array(sharpen["kernel"]))
    print("feature map from your conv2d:\n", feature_map.astype(int))
    print("the notes print (first rows):")
    for row in sharpen["printed_feature_map"]:
        print("  ", row)
    matches = int((feature_map[:3][shown] == printed[shown]).sum())
    print(f"matching entries: {matches} / {int(shown.sum())}")
    print("the entry the slide cuts off, feature_map[2, 4] =", int(feature_map[2, 4]))

# %%
# A synthetic test image: a bright disc on a dark background with a gradient.
yy, xx = np.mgrid[0:48, 0:48]
picture = ((xx - 24) ** 2 + (yy - 24) ** 2 < 14 ** 2).astype(float) + 0.01 * xx
kernels = {
    "sharpen": np.array(sharpen["kernel"], dtype=float),
    "vertical edges (Sobel x)": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),
    "horizontal edges (Sobel y)": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float),
    "blur (5x5 box)": np.ones((5, 5)) / 25,
}
with gradelib.experiment("feature maps"):
    fig, axes = plt.subplots(1, len(kernels) + 1, figsize=(13, 2.8))
    axes[0].imshow(picture, cmap="gray")
    axes[0].set_title("input")
    for ax, (title, k) in zip(axes[1:], kernels.items()):
        fmap = conv2d(picture, k)
        ax.imshow(fmap, cmap="gray")
        ax.set_title(f"{title}\nshape {fmap.shape}", fontsize=9)
    for ax in axes:
        ax.axis("off")
    plt.show()

# %% [markdown]
# Padding keeps the size layer after layer; without it the map shrinks by $k - 1$ per
# layer. Keras agrees with the formula above:

# %%
x = tf.zeros((1, 28, 28, 1))
print(f"{'layers':>6}  {'padding=same':>13}  {'padding=valid':>14}")
for depth in [1, 5, 10, 13]:
    same = valid = x
    for _ in range(depth):
        same = tf.keras.layers.Conv2D(1, 3, padding="same")(same)
        valid = tf.keras.layers.Conv2D(1, 3, padding="valid")(valid)
    print(f"{depth:>6}  {str(tuple(same.shape[1:3])):>13}  {str(tuple(valid.shape[1:3])):>14}")


# %% [markdown]
# **한국어 요약.** 합성곱 층은 커널을 뒤집지 않고 창마다 곱해 더하는 교차상관을 계산하고, 출력
# 크기는 $\lfloor (n + 2p - k)/s \rfloor + 1$이다. 홀수 $k$에 $p = (k - 1)/2$, $s = 1$이면 크기가
# 그대로다(Keras "same"): 3×3 합성곱을 13층 쌓으면 same은 28×28 그대로, valid는 2×2로 줄어든다.
# 제로 패딩은 맵의 크기와 가장자리 픽셀을 지킬 뿐, 과적합 방지 효과는 없다(노트 004와 다른 점).
# 노트의 5×5 샤프닝 예제는 여러분의 `conv2d`가 슬라이드의 14개 값을 모두 재현하며, 슬라이드가 잘라
# 낸 칸은 feature_map[2, 4] = 244다.

# %% [markdown]
# ## 3. Max pooling (최대 풀링)
#
# Pooling cuts the feature map into windows and keeps one number per window. Max
# pooling keeps the largest, "to find distinct rather than average features", as the
# notes put it. With window size $s$ and stride $s$ (non-overlapping windows), an
# $H \times W$ map becomes $\lfloor H/s \rfloor \times \lfloor W/s \rfloor$; rows and
# columns that do not fill a whole window are dropped (TensorFlow's `padding="VALID"`).
#
# $$ Y[i, j] = \max_{0 \le u, v < s} X[s\,i + u,\; s\,j + v] $$
#
# **Exercise 2 (2 + 1 points).** Implement `max_pool2d(x, size)`; its ValueErrors are
# graded in their own cell (1 point).
#
# **계약.** x (H, W), size(창의 변이자 스트라이드, 정수) → float64 (H // size, W // size); 창을
# 채우지 못하는 남는 행·열은 버린다("VALID"); x가 2-D가 아니거나 size가 1..min(H, W) 밖이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "max_pool2d", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_pool2d(x, size=2):
    """Max pooling with a size x size window and stride size, dropping leftover
    rows and columns ("VALID").

    Args:
        x: array of shape (H, W).
        size: window side and stride, an int >= 1 and <= min(H, W).

    Returns:
        float64 array of shape (H // size, W // size).

    Raises:
        ValueError: if x is not 2-D or size is out of range.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D, got shape {x.shape}")
    if not 1 <= size <= min(x.shape):
        raise ValueError(f"size must be in [1, {min(x.shape)}], got {size}")
    h, w = x.shape[0] // size, x.shape[1] // size
    windows = x[:h * size, :w * size].reshape(h, size, w, size)
    return windows.max(axis=(1, 3))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_max_pool2d", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
def tf_max_pool2d(x, size):
    """TensorFlow's answer: tf.nn.max_pool2d, stride = size, padding='VALID'."""
    x4 = tf.constant(np.asarray(x, np.float64)[None, :, :, None])
    return tf.nn.max_pool2d(x4, size, size, "VALID").numpy()[0, :, :, 0]

gradelib.check_close(max_pool2d(np.array(pool["feature_map"]), pool["size"]),
                     pool["printed_output"], name="max_pool2d",
                     inputs={"x": pool["feature_map"], "size": pool["size"]}, mistakes=MAX_POOL2D)

x = np.random.default_rng(1).normal(size=(6, 8)) - 1.0   # mostly negative values
gradelib.check_close(max_pool2d(x, 2), tf_max_pool2d(x, 2), name="max_pool2d",
                     inputs={"x": x, "size": 2}, mistakes=MAX_POOL2D)
print("max_pool2d: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_max_pool2d_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(max_pool2d, {"x": np.zeros((4, 4)), "size": 0},
                      problem="size 0 is out of range")
gradelib.check_raises(max_pool2d, {"x": np.zeros(4), "size": 2}, problem="x is not 2-D")
print("max_pool2d validation: visible tests passed")

# %% [markdown]
# ### Experiment: what pooling keeps
#
# Pooling shrinks the map 4× (for size 2), which cuts the next layer's computation, and
# makes the output insensitive to small shifts: a feature that moves by one pixel inside
# its window gives the same maximum. We measure how much of the pooled edge map survives
# a one-pixel shift of the input, compared with the un-pooled map.

# %%
with gradelib.experiment("shift invariance"):
    edges = np.abs(conv2d(picture, kernels["vertical edges (Sobel x)"]))
    shifted = np.abs(conv2d(np.roll(picture, 1, axis=1), kernels["vertical edges (Sobel x)"]))

    def agreement(a, b):
        """Cosine similarity of two maps (1 = identical up to scale)."""
        return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))

    print(f"{'map':<22} {'shape':>9} {'similarity after a 1-pixel shift':>34}")
    print(f"{'edge map':<22} {str(edges.shape):>9} {agreement(edges, shifted):>34.3f}")
    for size in [2, 4]:
        pooled, pooled_shifted = max_pool2d(edges, size), max_pool2d(shifted, size)
        print(f"{f'max-pooled, size {size}':<22} {str(pooled.shape):>9} "
              f"{agreement(pooled, pooled_shifted):>34.3f}")

# %% [markdown]
# ### Your functions inside a Keras layer
#
# A Keras `Conv2D` layer with our kernel as its weights (and no bias) computes the same
# feature map, and `MaxPooling2D` the same pooled map: the layers are your two
# functions, run on a batch of multi-channel images with learned kernels.

# %%
with gradelib.experiment("Keras layers"):
    layer = tf.keras.layers.Conv2D(1, 3, padding="same", use_bias=False)
    layer.build((None, 48, 48, 1))
    layer.set_weights([kernels["vertical edges (Sobel x)"][:, :, None, None]])
    keras_map = layer(picture[None, :, :, None].astype("float32")).numpy()[0, :, :, 0]
    keras_pooled = tf.keras.layers.MaxPooling2D(2)(keras_map[None, :, :, None]).numpy()[0, :, :, 0]
    ours = conv2d(picture, kernels["vertical edges (Sobel x)"])
    print(f"{'max |Keras Conv2D - conv2d|':<40} {np.abs(keras_map - ours).max():.2g}")
    print(f"{'max |Keras MaxPooling2D - max_pool2d|':<40} "
          f"{np.abs(keras_pooled - max_pool2d(ours, 2)).max():.2g}")
    print("(float32 in Keras against float64 here: agreement to about 1e-6)")

# %% [markdown]
# **한국어 요약.** 최대 풀링은 특성 맵을 $s \times s$ 창(스트라이드 $s$)으로 나눠 창마다 최댓값
# 하나만 남긴다. $H \times W$ 맵은 $\lfloor H/s \rfloor \times \lfloor W/s \rfloor$가 되고, 남는 행·열은
# 버린다. 노트의 4×4 예제는 [[6, 8], [3, 4]]가 된다. 풀링은 다음 층의 계산량을 줄이고(크기 2면 4배)
# 작은 이동에 둔감하게 만든다: 1픽셀 이동 전후 에지 맵의 유사도 0.635가 크기 2 풀링 뒤 0.779, 크기 4
# 풀링 뒤 0.872로 오른다. 대신 창 안의 정확한 위치는 버려진다. Keras의 두 층과는 약 1e-6까지 일치한다.

# %% [markdown]
# ## 4. A convolution layer's anatomy: channels, stride, bias (합성곱 층의 구성)
#
# A Keras `Conv2D(filters, kernel_size, strides, padding)` layer does what your `conv2d`
# does, on a whole batch, over all input channels at once, for several filters, with a
# stride and a bias. In the channels-last layout Keras uses:
#
# - input `x` of shape $(N, H, W, C_{in})$: a batch of $N$ images with $C_{in}$ channels;
# - `kernel` of shape $(k_h, k_w, C_{in}, C_{out})$: $C_{out}$ filters, each spanning all
#   $C_{in}$ input channels;
# - `bias` of shape $(C_{out},)$: one number per filter;
# - output of shape $(N, H_{out}, W_{out}, C_{out})$, one feature map per filter:
#
# $$ Y[n, i, j, o] = b[o] + \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1} \sum_{c=0}^{C_{in}-1}
#    X_{\text{pad}}[n,\; s\,i + u,\; s\,j + v,\; c]\; K[u, v, c, o]. $$
#
# The same kernel and bias are used at every position $(i, j)$: this is the notes'
# parameter sharing (004: "가중치 및 편향을 공유"). How much it saves you will count below.
#
# **Output size.** For each spatial side (Keras' rule, `tf.keras.layers.Conv2D` and
# `tf.nn.conv2d`):
#
# $$ \text{valid: } n_{\text{out}} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1,
#    \qquad \text{same: } n_{\text{out}} = \left\lceil \frac{n}{s} \right\rceil, $$
#
# and "same" pads $P = \max((n_{\text{out}} - 1)s + k - n,\; 0)$ zeros in total,
# $\lfloor P/2 \rfloor$ before (top, left) and the rest after (bottom, right).
#
# **Exercise 3 (2 points).** Implement `conv_output_size(n, k, stride, padding)`.
#
# **계약.** 정수 n, k, stride(≥ 1; valid는 k ≤ n), padding("valid" 또는 "same") → 한 변의 출력 크기
# int: valid는 floor((n - k) / s) + 1, same은 ceil(n / s); float나 bool이 아닌 정수로 돌려주며 ValueError는 없다.

# %% nbgrader={"grade": false, "grade_id": "conv_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_output_size(n, k, stride=1, padding="valid"):
    """Output size of one spatial side of tf.keras.layers.Conv2D / tf.nn.conv2d.

    Args:
        n: input size (pixels), an int >= 1.
        k: kernel size, an int >= 1 (for "valid", k <= n).
        stride: an int >= 1.
        padding: "valid" (no padding) or "same" (Keras' rule).

    Returns:
        int: floor((n - k) / stride) + 1 for "valid", ceil(n / stride) for "same".
        Source: Dumoulin & Visin (2016), relationship 6; Keras' Conv2D.
    """
    ### BEGIN SOLUTION
    if padding == "same":
        return -(-n // stride)
    return (n - k) // stride + 1
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv_output_size", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
def keras_conv_size(n, k, stride, padding):
    """Keras' answer: the height of Conv2D's output shape on an n x n input."""
    layer = tf.keras.layers.Conv2D(1, k, strides=stride, padding=padding)
    return layer.compute_output_shape((1, n, n, 1))[1]

def check_size(function, want, mistakes, **inputs):
    """The int a size (or count) function returns, compared with Keras' answer."""
    got = function(**inputs)
    gradelib.check_close(got, want, name=function.__name__, inputs=inputs, mistakes=mistakes)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        gradelib.fail(function.__name__, inputs, f"It returned {got!r} "
                      f"({type(got).__name__}); a size is a whole number of pixels: "
                      "return an int (use // or math.ceil).")

for n, k, stride, padding in [(28, 3, 1, "valid"), (28, 3, 1, "same"), (7, 3, 2, "valid"),
                              (8, 3, 2, "valid"), (7, 3, 2, "same"), (28, 5, 3, "same")]:
    check_size(conv_output_size, keras_conv_size(n, k, stride, padding), CONV_OUTPUT_SIZE,
               n=n, k=k, stride=stride, padding=padding)
print("conv_output_size: visible tests passed")


# %% [markdown]
# **Exercise 4 (3 + 1 points).** Implement `conv2d_layer(x, kernel, bias, stride,
# padding)`: what `tf.keras.layers.Conv2D` computes, equal to
# `tf.nn.conv2d(x, kernel, stride, padding.upper()) + bias`. NumPy only. Loop over the
# output positions and use `np.tensordot` (or `np.einsum`) for the sum over
# $k_h, k_w, C_{in}$. The ValueErrors are graded in their own cell (1 point).
#
# **계약.** x (N, H, W, C_in), kernel (kh, kw, C_in, C_out), bias (C_out,) → float64 (N, H_out, W_out,
# C_out), 크기는 conv_output_size와 같고 same은 전체 패딩의 작은 절반을 위·왼쪽에 둔다; 4-D가 아님,
# C_in 불일치, bias 모양 ≠ (C_out,), stride < 1, padding이 "same"/"valid"가 아니면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "conv2d_layer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_layer(x, kernel, bias, stride=1, padding="same"):
    """A Conv2D layer's computation: batched, multi-channel cross-correlation with stride,
    zero padding and bias (channels last), as tf.keras.layers.Conv2D and tf.nn.conv2d.

    Args:
        x: array (N, H, W, C_in), a batch of images.
        kernel: array (kh, kw, C_in, C_out), any kh, kw >= 1.
        bias: array (C_out,).
        stride: int >= 1, the same along height and width.
        padding: "same" (Keras' rule: output ceil(H / stride), total padding
            max((H_out - 1) * stride + kh - H, 0), the smaller half on top) or "valid".

    Returns:
        float64 array (N, H_out, W_out, C_out), sizes as conv_output_size.

    Raises:
        ValueError: if x or kernel is not 4-D, the kernel's C_in differs from x's, bias
            is not of shape (C_out,), stride < 1, or padding is not "same" or "valid".
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    if x.ndim != 4 or kernel.ndim != 4:
        raise ValueError(f"x and kernel must be 4-D, got {x.shape} and {kernel.shape}")
    if kernel.shape[2] != x.shape[3] or bias.shape != (kernel.shape[3],):
        raise ValueError(f"channels do not match: x {x.shape}, kernel {kernel.shape}, "
                         f"bias {bias.shape}")
    if stride < 1 or padding not in ("same", "valid"):
        raise ValueError(f"need stride >= 1 and padding 'same' or 'valid', got {stride}, "
                         f"{padding!r}")
    kh, kw = kernel.shape[:2]
    h_out = conv_output_size(x.shape[1], kh, stride, padding)
    w_out = conv_output_size(x.shape[2], kw, stride, padding)
    if padding == "same":
        pad_h = max((h_out - 1) * stride + kh - x.shape[1], 0)
        pad_w = max((w_out - 1) * stride + kw - x.shape[2], 0)
        x = np.pad(x, ((0, 0), (pad_h // 2, pad_h - pad_h // 2),
                       (pad_w // 2, pad_w - pad_w // 2), (0, 0)))
    out = np.empty((x.shape[0], h_out, w_out, kernel.shape[3]))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            out[:, i, j, :] = np.tensordot(window, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv2d_layer", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def tf_conv2d_layer(x, kernel, bias, stride, padding):
    """TensorFlow's answer: tf.nn.conv2d plus the bias."""
    return tf.nn.conv2d(x, kernel, stride, padding.upper()).numpy() + bias

rng = np.random.default_rng(3)
for (n, h, w, c_in, c_out, kh, kw, stride, padding) in [
        (2, 5, 5, 3, 4, 3, 3, 1, "same"),       # the Conv2D of most models
        (1, 6, 6, 2, 2, 3, 3, 2, "same"),       # stride 2 on an even size: padding 0 top, 1 bottom
        (2, 7, 6, 3, 2, 3, 2, 2, "valid")]:     # floor: the last row does not fit a window
    inputs = {"x": rng.normal(size=(n, h, w, c_in)), "kernel": rng.normal(size=(kh, kw, c_in, c_out)),
              "bias": rng.normal(size=c_out), "stride": stride, "padding": padding}
    want = tf_conv2d_layer(**inputs)
    got = conv2d_layer(**inputs)
    gradelib.check_shape(got, want.shape, name="conv2d_layer", inputs=inputs,
                         mistakes=CONV2D_LAYER, expected=want)
    gradelib.check_close(got, want, name="conv2d_layer", inputs=inputs, mistakes=CONV2D_LAYER)
print("conv2d_layer: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_conv2d_layer_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
good = {"x": np.zeros((1, 5, 5, 3)), "kernel": np.zeros((3, 3, 3, 2)), "bias": np.zeros(2),
        "stride": 1, "padding": "same"}
for change, problem in [({"x": np.zeros((5, 5, 3))}, "x is not 4-D (a batch)"),
                        ({"kernel": np.zeros((3, 3, 2, 2))}, "the kernel has 2 input channels, x has 3"),
                        ({"bias": np.zeros(3)}, "bias has 3 entries for 2 filters"),
                        ({"stride": 0}, "stride 0"),
                        ({"padding": "full"}, "padding must be 'same' or 'valid'")]:
    gradelib.check_raises(conv2d_layer, {**good, **change}, problem=problem)
print("conv2d_layer validation: visible tests passed")


# %% [markdown]
# ### Experiment: your function is Keras' Conv2D
#
# A Keras `Conv2D` layer given your kernel and bias as its weights computes the same
# output as your `conv2d_layer`, on a batch of the test pictures with three channels.

# %%
with gradelib.experiment("conv2d_layer against tf.keras.layers.Conv2D"):
    rng = np.random.default_rng(4)
    rgb = np.stack([picture, picture.T, np.flipud(picture)], axis=-1)[None]   # (1, 48, 48, 3)
    k_rgb, b_rgb = rng.normal(size=(3, 3, 3, 8)) * 0.3, rng.normal(size=8)
    print(f"{'strides':>7} {'padding':>8} {'Keras output':>18} {'yours':>18} {'max |diff|':>11}")
    for stride, padding in [(1, "same"), (2, "same"), (2, "valid"), (3, "valid")]:
        conv = tf.keras.layers.Conv2D(8, 3, strides=stride, padding=padding, dtype="float64")
        conv.build(rgb.shape)
        conv.set_weights([k_rgb, b_rgb])
        want, got = np.asarray(conv(rgb)), conv2d_layer(rgb, k_rgb, b_rgb, stride, padding)
        diff = np.abs(want - got).max() if want.shape == got.shape else float("nan")
        print(f"{stride:>7} {padding:>8} {str(want.shape):>18} {str(got.shape):>18} {diff:>11.2g}")

# %% [markdown]
# ### Parameter count and parameter sharing (가중치 및 편향을 공유)
#
# A Conv2D layer's parameters are its kernel, $k_h k_w C_{in} C_{out}$ numbers, and (with
# `use_bias=True`, Keras' default) its bias, $C_{out}$ numbers. Neither depends on the
# image size: the same filter is slid over every position.
#
# **Exercise 5 (1 point).** Implement `conv_param_count(kh, kw, c_in, c_out, use_bias)`.
#
# **계약.** 정수 kh, kw, c_in, c_out(≥ 1), use_bias(bool) → 정수(파이썬 또는 NumPy)
# kh·kw·c_in·c_out + (use_bias이면 c_out); 이미지 크기와는 무관하며 ValueError는 없다.

# %% nbgrader={"grade": false, "grade_id": "conv_param_count", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_param_count(kh, kw, c_in, c_out, use_bias=True):
    """Number of trainable parameters of tf.keras.layers.Conv2D(c_out, (kh, kw),
    use_bias=use_bias) on inputs with c_in channels.

    Args:
        kh, kw: kernel height and width, ints >= 1.
        c_in: input channels, c_out: output channels (filters), ints >= 1.
        use_bias: whether the layer has a bias (one per filter).

    Returns:
        int (a Python or NumPy integer): kh * kw * c_in * c_out, plus c_out if use_bias.
    """
    ### BEGIN SOLUTION
    return kh * kw * c_in * c_out + (c_out if use_bias else 0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv_param_count", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
def keras_param_count(kh, kw, c_in, c_out, use_bias):
    """Keras' answer: count_params() of a built Conv2D."""
    layer = tf.keras.layers.Conv2D(c_out, (kh, kw), use_bias=use_bias)
    layer.build((None, 8, 8, c_in))
    return layer.count_params()

for case in [(3, 3, 1, 32, True), (3, 3, 32, 64, True), (5, 3, 3, 8, False)]:
    inputs = dict(zip(["kh", "kw", "c_in", "c_out", "use_bias"], case))
    check_size(conv_param_count, keras_param_count(**inputs), CONV_PARAM_COUNT, **inputs)
print("conv_param_count: visible tests passed")

# %% [markdown]
# Parameter sharing in numbers: a `Dense` layer that maps the same input to an output of
# the same shape needs one weight per (input value, output value) pair and one bias per
# output value, $(H W C_{in}) (H_{out} W_{out} C_{out}) + H_{out} W_{out} C_{out}$. We count
# both for the first layers of typical models, with your two functions.

# %%
with gradelib.experiment("parameter sharing in numbers"):
    print(f"{'input':>13} {'layer':>24} {'output':>13} {'Conv2D params':>14} "
          f"{'Dense params':>14} {'ratio':>9}")
    for (h, c_in), (k, c_out, stride) in [((28, 1), (3, 32, 1)), ((28, 32), (3, 64, 2)),
                                          ((64, 3), (5, 64, 2))]:
        side = conv_output_size(h, k, stride, "same")
        conv_params = conv_param_count(k, k, c_in, c_out)
        dense_params = (h * h * c_in) * (side * side * c_out) + side * side * c_out
        print(f"{f'{h}x{h}x{c_in}':>13} {f'{k}x{k}, {c_out} filters, s{stride}':>24} "
              f"{f'{side}x{side}x{c_out}':>13} {conv_params:>14,} {dense_params:>14,} "
              f"{dense_params / conv_params:>9.3g}")

# %% [markdown]
# The first row: the notes' MNIST-sized input with 32 filters of 3 × 3 has 320
# parameters as a convolution and about twenty million as a dense layer with the same
# input and output. Sharing also builds in translation equivariance: a pattern is
# detected by the same weights wherever it appears (a shifted input gives a shifted
# feature map, up to the border).
#
# **한국어 요약.** Conv2D 층은 배치 전체·모든 입력 채널·여러 필터에 대해 스트라이드와 편향까지 포함한
# 교차상관을 계산한다: 입력 $(N, H, W, C_{in})$, 커널 $(k_h, k_w, C_{in}, C_{out})$ → 출력
# $(N, H_{out}, W_{out}, C_{out})$. 한 변의 출력은 valid에서 $\lfloor (n - k)/s \rfloor + 1$, same에서
# $\lceil n/s \rceil$이며, same은 $P$개의 0 중 작은 절반을 위·왼쪽에 붙인다. 파라미터 수
# $k_h k_w C_{in} C_{out} + C_{out}$은 이미지 크기와 무관하다(가중치 및 편향 공유): 28×28×1 입력에
# 3×3 필터 32개는 320개, 같은 입출력의 Dense 층은 19,694,080개(약 6.15만 배)다.

# %% [markdown]
# ## 5. The transposed convolution (전치 합성곱)
#
# Decoders (the convolutional autoencoder of 05, the VAE decoder of 06, the DCGAN
# generator of 09) need to go the other way: from a small map to a large one.
# `tf.keras.layers.Conv2DTranspose` does it. What it computes: every input pixel
# $x[n, i, j, :]$ *scatters* a copy of the kernel, scaled by its values, into the output
# block that starts at $(s\,i,\; s\,j)$; overlapping copies add up:
#
# $$ Y_{\text{full}}[n,\; s\,i + u,\; s\,j + v,\; o] \mathrel{+}= \sum_{c} x[n, i, j, c]\;
#    K[u, v, o, c], \qquad Y = \text{crop}(Y_{\text{full}}) + b. $$
#
# Its kernel has shape $(k_h, k_w, C_{out}, C_{in})$: the layout of the convolution it
# transposes, which maps $C_{out}$ channels to $C_{in}$. It is called transposed because
# it multiplies by the transpose of that convolution's matrix: it is exactly the
# gradient of a strided convolution with respect to its input (Dumoulin & Visin 2016,
# ch. 4), which is how TensorFlow implements it (`tf.nn.conv2d_transpose`). It is not the
# inverse of the convolution and it is not a "deconvolution" in the signal-processing
# sense; "fractionally strided convolution" (DCGAN) is another name: it equals a stride-1
# convolution of the input with $s - 1$ zeros inserted between pixels, with the kernel
# flipped.
#
# **Output size** (Keras' rule, `tf.keras.layers.Conv2DTranspose` without `output_padding`):
#
# $$ \text{valid: } n_{\text{out}} = (n - 1)s + \max(k, s), \qquad
#    \text{same: } n_{\text{out}} = n\,s. $$
#
# "Valid" keeps the whole scatter, $(n - 1)s + k$ when $k \ge s$; when $k < s$ the copies
# leave gaps and Keras keeps the last gap too, $n\,s$. "Same" crops the full scatter to
# $n\,s$: it drops $\lfloor P/2 \rfloor$ rows at the top and the rest at the bottom,
# $P = \max(k - s, 0)$, the mirror of the "same" convolution's padding.
#
# **Exercise 6 (2 points).** Implement `conv_transpose_output_size(n, k, stride, padding)`.
#
# **계약.** 정수 n, k, stride(≥ 1), padding("valid" 또는 "same") → Conv2DTranspose 한 변의 출력
# 크기 int(output_padding 없음): valid는 (n - 1)·s + max(k, s), same은 n·s; ValueError는 없다.

# %% nbgrader={"grade": false, "grade_id": "conv_transpose_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_transpose_output_size(n, k, stride=1, padding="valid"):
    """Output size of one spatial side of tf.keras.layers.Conv2DTranspose
    (output_padding=None).

    Args:
        n: input size, k: kernel size, stride: ints >= 1.
        padding: "valid" or "same".

    Returns:
        int: (n - 1) * stride + max(k, stride) for "valid", n * stride for "same".
        Source: Keras' conv_utils.deconv_output_length; Dumoulin & Visin (2016), ch. 4.
    """
    ### BEGIN SOLUTION
    if padding == "same":
        return n * stride
    return (n - 1) * stride + max(k, stride)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv_transpose_output_size", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
def keras_transpose_size(n, k, stride, padding):
    """Keras' answer: the height of Conv2DTranspose's output shape on an n x n input."""
    layer = tf.keras.layers.Conv2DTranspose(1, k, strides=stride, padding=padding)
    return layer.compute_output_shape((1, n, n, 1))[1]

for n, k, stride, padding in [(7, 3, 1, "valid"), (7, 3, 2, "valid"), (7, 4, 2, "same"),
                              (7, 3, 2, "same"), (4, 2, 3, "valid")]:
    check_size(conv_transpose_output_size, keras_transpose_size(n, k, stride, padding),
               CONV_TRANSPOSE_OUTPUT_SIZE, n=n, k=k, stride=stride, padding=padding)
print("conv_transpose_output_size: visible tests passed")


# %% [markdown]
# **Exercise 7 (3 + 1 points).** Implement `conv2d_transpose(x, kernel, bias, stride,
# padding)`: what `tf.keras.layers.Conv2DTranspose` computes, by scattering. NumPy only.
# Build $Y_{\text{full}}$ of size $(n - 1)s + \max(k, s)$ per side, add the scaled
# kernel copies, crop for "same", add the bias. The ValueErrors are graded in their own
# cell (1 point).
#
# **계약.** x (N, H, W, C_in), kernel (kh, kw, C_out, C_in), bias (C_out,) → float64 (N, H_out, W_out,
# C_out), 크기는 conv_transpose_output_size와 같다(입력 픽셀마다 커널 사본을 흩뿌려 더함); 4-D가 아님,
# 커널 축 3과 x의 C_in 불일치, bias 모양 ≠ (C_out,), stride < 1, padding 오류면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "conv2d_transpose", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_transpose(x, kernel, bias, stride=1, padding="same"):
    """A Conv2DTranspose layer's computation (channels last), as
    tf.keras.layers.Conv2DTranspose and tf.nn.conv2d_transpose plus the bias.

    Args:
        x: array (N, H, W, C_in).
        kernel: array (kh, kw, C_out, C_in), Keras' Conv2DTranspose layout.
        bias: array (C_out,).
        stride: int >= 1.
        padding: "valid" (output (H - 1) * stride + max(kh, stride)) or "same"
            (output H * stride: the full output cropped, max(kh - stride, 0) // 2 rows
            dropped at the top and the rest at the bottom; the same for columns).

    Returns:
        float64 array (N, H_out, W_out, C_out), sizes as conv_transpose_output_size.

    Raises:
        ValueError: if x or kernel is not 4-D, the kernel's C_in (axis 3) differs from
            x's, bias is not of shape (C_out,), stride < 1, or padding is not "same" or
            "valid".
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    if x.ndim != 4 or kernel.ndim != 4:
        raise ValueError(f"x and kernel must be 4-D, got {x.shape} and {kernel.shape}")
    if kernel.shape[3] != x.shape[3] or bias.shape != (kernel.shape[2],):
        raise ValueError(f"channels do not match: x {x.shape}, kernel {kernel.shape}, "
                         f"bias {bias.shape}")
    if stride < 1 or padding not in ("same", "valid"):
        raise ValueError(f"need stride >= 1 and padding 'same' or 'valid', got {stride}, "
                         f"{padding!r}")
    n, h, w, _ = x.shape
    kh, kw, c_out, _ = kernel.shape
    full = np.zeros((n, conv_transpose_output_size(h, kh, stride, "valid"),
                     conv_transpose_output_size(w, kw, stride, "valid"), c_out))
    for i in range(h):
        for j in range(w):
            full[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :] += \
                np.tensordot(x[:, i, j, :], kernel, axes=([1], [3]))
    if padding == "same":
        top, left = max(kh - stride, 0) // 2, max(kw - stride, 0) // 2
        full = full[:, top:top + h * stride, left:left + w * stride, :]
    return full + bias
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_conv2d_transpose", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def keras_conv2d_transpose(x, kernel, bias, stride, padding):
    """Keras' answer: a float64 Conv2DTranspose given the same weights."""
    layer = tf.keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[:2], strides=stride,
                                         padding=padding, dtype="float64")
    layer.build(x.shape)
    layer.set_weights([kernel, bias])
    return np.asarray(layer(x))

rng = np.random.default_rng(5)
for (n, h, w, c_in, c_out, kh, kw, stride, padding) in [
        (2, 3, 3, 2, 3, 3, 3, 2, "same"),       # the decoders' upsampling layer
        (1, 3, 4, 2, 2, 4, 3, 2, "valid"),      # (n - 1) s + k
        (1, 2, 2, 1, 2, 2, 2, 3, "valid")]:     # k < s: n s, with gaps
    inputs = {"x": rng.normal(size=(n, h, w, c_in)), "kernel": rng.normal(size=(kh, kw, c_out, c_in)),
              "bias": rng.normal(size=c_out), "stride": stride, "padding": padding}
    want = keras_conv2d_transpose(**inputs)
    got = conv2d_transpose(**inputs)
    gradelib.check_shape(got, want.shape, name="conv2d_transpose", inputs=inputs,
                         mistakes=CONV2D_TRANSPOSE, expected=want)
    gradelib.check_close(got, want, name="conv2d_transpose", inputs=inputs,
                         mistakes=CONV2D_TRANSPOSE)

# the gradient of a strided "same" convolution with respect to its input, from GradientTape:
# d/dz sum(conv(z, K) * y) is the transposed convolution of y with the same K
z = tf.Variable(rng.normal(size=(1, 6, 6, 2)))
K, y = rng.normal(size=(3, 3, 2, 3)), rng.normal(size=(1, 3, 3, 3))
with tf.GradientTape() as tape:
    total = tf.reduce_sum(tf.nn.conv2d(z, K, 2, "SAME") * y)
inputs = {"x": y, "kernel": K, "bias": np.zeros(2), "stride": 2, "padding": "same"}
gradelib.check_close(conv2d_transpose(**inputs), tape.gradient(total, z).numpy(),
                     name="conv2d_transpose (as the gradient of conv2d with stride 2)",
                     inputs=inputs, mistakes=CONV2D_TRANSPOSE)
print("conv2d_transpose: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_conv2d_transpose_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
good = {"x": np.zeros((1, 3, 3, 2)), "kernel": np.zeros((3, 3, 4, 2)), "bias": np.zeros(4),
        "stride": 2, "padding": "same"}
for change, problem in [({"x": np.zeros((3, 3, 2))}, "x is not 4-D (a batch)"),
                        ({"kernel": np.zeros((3, 3, 4, 3))}, "the kernel takes 3 input channels, x has 2"),
                        ({"bias": np.zeros(2)}, "bias has 2 entries for 4 output channels"),
                        ({"stride": 0}, "stride 0"),
                        ({"padding": "full"}, "padding must be 'same' or 'valid'")]:
    gradelib.check_raises(conv2d_transpose, {**good, **change}, problem=problem)
print("conv2d_transpose validation: visible tests passed")


# %% [markdown]
# ### Experiment: what the scatter looks like, and where checkerboards come from
#
# A diagram of one transposed convolution, then a constant input (all ones) with an
# all-ones kernel: each output pixel then counts how many kernel copies cover it. With
# kernel 3 and stride 2 the copies overlap unevenly (1, 2, 1, 2, ... per side): the
# checkerboard artefact that notebook 09 meets in DCGAN samples. With kernel 4 (divisible
# by the stride) the interior is even (Odena, Dumoulin & Olah, *Deconvolution and
# checkerboard artifacts*, 2016).

# %%
diagrams.draw(
    {"x": (0.08, 0.55, "input x\n(N, H, W, C_in)", "data"),
     "scatter": (0.36, 0.55, "each pixel x[i, j, :]\nadds x[i, j, :] · K\nat (s·i, s·j)", "op"),
     "full": (0.62, 0.55, "full output, overlaps add up\n((H-1)s + max(k, s), ...)", "state"),
     "crop": (0.86, 0.55, "'same': crop to H·s\n+ bias b\n(N, H_out, W_out, C_out)", "data")},
    [("x", "scatter"), ("scatter", "full"), ("full", "crop")],
    size=(10, 2.2),
    caption="Conv2DTranspose = the gradient of a strided Conv2D with respect to its input",
    ylim=(0.2, 0.9))
plt.show()

with gradelib.experiment("overlap of kernel copies"):
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.2))
    for ax, k in zip(axes, [3, 4]):
        counts = conv2d_transpose(np.ones((1, 4, 4, 1)), np.ones((k, k, 1, 1)), np.zeros(1),
                                  2, "same")[0, :, :, 0]
        ax.imshow(counts, cmap="gray", vmin=0)
        ax.set_title(f"kernel {k}, stride 2: output {counts.shape}\n"
                     f"interior counts {sorted(set(counts[2:-2, 2:-2].ravel().astype(int)))}",
                     fontsize=9)
        ax.axis("off")
        print(f"kernel {k}, stride 2, row 3 of the output: {counts[3].astype(int)}")
    plt.show()

# %% [markdown]
# **한국어 요약.** 전치 합성곱(Conv2DTranspose)은 입력 픽셀마다 그 값으로 스케일한 커널 사본을
# $(s\,i, s\,j)$에서 시작하는 블록에 흩뿌려 겹치는 부분을 더하고, same이면 잘라 낸 뒤 편향을 더한다.
# 출력 크기는 valid에서 $(n - 1)s + \max(k, s)$, same에서 $n s$다. 스트라이드 합성곱의 입력에 대한
# 기울기와 정확히 같고(GradientTape로 확인), 합성곱의 역연산은 아니다. 커널 3, 스트라이드 2에서는
# 사본이 고르지 않게 겹쳐(한 행이 1, 1, 2, 1, 2, 1, ...) 체커보드 아티팩트가 생기고, 스트라이드로
# 나누어떨어지는 커널 4에서는 내부가 고르게 4다.

# %% [markdown]
# ## 6. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** One output pixel of a layer depends on a window of the input, its
# *receptive field*. How large is the receptive field (in input pixels, per side) of one
# output pixel after two stacked 3 × 3 convolutions with stride 1? After a 3 × 3
# convolution with stride 2 followed by a 3 × 3 convolution with stride 1? With your
# `conv_param_count`, compare two stacked 3 × 3 layers with one 5 × 5 layer (C channels
# in and out, biases included): which has fewer parameters, and what else does the stack
# add?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_receptive_field", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# Two 3 × 3 layers with stride 1: each output pixel sees 3 pixels of the middle map per
# side, each of which sees 3 input pixels, overlapping: 3 + (3 - 1) = 5, a 5 × 5 field.
# With stride 2 first: neighbouring pixels of the middle map are 2 input pixels apart,
# so the second layer's 3 neighbours span 3 + (3 - 1)·2 = 7 input pixels, 7 × 7 (the
# rule: r_l = r_{l-1} + (k_l - 1)·(product of the earlier strides)). Parameters: two
# 3 × 3 layers have 2(9C² + C) = 18C² + 2C, one 5 × 5 layer 25C² + C, so the stack has
# about 28 % fewer for the same 5 × 5 field, and it puts a nonlinearity between the two
# layers, so it can compute more functions (the argument of Simonyan & Zisserman's VGG
# paper, 2014). Strides make the field grow much faster with depth, which is why
# encoders downsample early.
#
# **한국어 모범 답안.** 스트라이드 1인 3 × 3 층 두 개: 출력 픽셀 하나는 중간 맵의 한 변 3픽셀을 보고,
# 그 각각이 입력 3픽셀을 보되 서로 겹치므로 3 + (3 - 1) = 5, 즉 5 × 5 수용 영역이다. 스트라이드 2인
# 층이 먼저 오면 중간 맵의 이웃 픽셀이 입력에서 2픽셀씩 떨어져 있으므로, 두 번째 층의 이웃 3개는
# 3 + (3 - 1)·2 = 7, 즉 7 × 7을 덮는다(규칙: r_l = r_{l-1} + (k_l - 1)·(앞선 층 스트라이드들의 곱)).
# 파라미터는 3 × 3 두 층이 2(9C² + C) = 18C² + 2C, 5 × 5 한 층이 25C² + C이므로, 두 층 쌓기가 같은
# 5 × 5 수용 영역을 약 28 % 적은 파라미터로 얻는다. 게다가 두 층 사이에 비선형성이 하나 더 들어가
# 더 많은 함수를 계산할 수 있다(Simonyan & Zisserman의 VGG 논문, 2014의 논거). 스트라이드가 있으면
# 깊이에 따라 수용 영역이 훨씬 빨리 커지므로, 인코더는 앞쪽에서 일찍 다운샘플링한다.

# %% [markdown]
# **Q2 (2 points).** The notes say pooling reduces computation and overfitting. Using
# the shift experiment above, say what max pooling keeps and what it throws away. Why
# do the GAN tips in the notes (000) recommend strided convolutions instead of max
# pooling for downsampling in a discriminator?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_pooling", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# Max pooling keeps the strongest response in each window and throws away where in the
# window it was and all the weaker responses: the pooled maps agree more after a shift
# (small translations do not matter), at the cost of exact positions. It has no
# parameters, so the network has less to fit. In a GAN the generator learns from the
# discriminator's gradients; max pooling passes gradient to only one input per window
# (sparse gradients), while a strided convolution learns its downsampling and passes
# gradient to every input, which keeps training signals dense.
#
# **한국어 모범 답안.** 최대 풀링은 창마다 가장 강한 반응 하나를 남기고, 그 반응이 창 안 어디에
# 있었는지와 나머지 약한 반응들은 버린다. 그래서 입력을 1픽셀 옮겨도 풀링된 맵끼리는 더 비슷하게
# 남는다(작은 평행 이동이 문제가 되지 않는다). 그 대가로 정확한 위치를 잃는다. 풀링에는 파라미터가
# 없으므로 네트워크가 맞출 것이 줄어든다. GAN에서 생성자는 판별자가 보내는 기울기로 학습하는데,
# 최대 풀링은 창마다 입력 하나에만 기울기를 보낸다(희소한 기울기). 스트라이드 합성곱은
# 다운샘플링 방식 자체를 학습하고 모든 입력에 기울기를 보내므로 학습 신호가 조밀하게 유지된다.

# %% [markdown]
# ## Summary
#
# - Tensors are arrays with axes; images are (height, width, channels), batches add an
#   axis in front.
# - A convolution layer computes cross-correlation; zero padding of $(k-1)/2$ keeps the
#   feature map's size.
# - Max pooling with stride $s$ shrinks each side by $s$ and makes the map tolerant of
#   small shifts.
# - A Conv2D layer: output side $\lfloor (n - k)/s \rfloor + 1$ ("valid") or
#   $\lceil n/s \rceil$ ("same"); $k_h k_w C_{in} C_{out} + C_{out}$ parameters,
#   independent of the image size (parameter sharing); a dense layer with the same input
#   and output needs millions.
# - A Conv2DTranspose scatters a scaled kernel copy per input pixel: output side
#   $(n - 1)s + \max(k, s)$ ("valid") or $n s$ ("same"); it is the gradient of a strided
#   convolution with respect to its input, not its inverse.
#
# **한국어 요약.** 텐서는 축을 가진 배열로, 이미지는 (높이, 너비, 채널)이고 배치는 앞에 축이 하나 더
# 붙는다. 합성곱 층은 교차상관을 계산하고, 제로 패딩은 크기와 가장자리 정보를 지킨다(과적합 방지
# 효과는 없다). 스트라이드 s의 최대 풀링은 각 변을 s배 줄이고 작은 이동에 둔감하게 만든다. 출력 크기는
# valid에서 floor((n-k)/s)+1, same에서 ceil(n/s); 파라미터 수는 kh·kw·C_in·C_out + C_out로 이미지
# 크기와 무관하다(가중치 및 편향 공유). 전치 합성곱은 각 입력 픽셀이 커널 사본을 흩뿌리며, 출력 크기는
# valid에서 (n-1)s+max(k,s), same에서 n·s이고, 스트라이드 합성곱의 입력 기울기일 뿐 역연산이 아니다.
#
# **Further reading**
#
# - V. Dumoulin, F. Visin, *A guide to convolution arithmetic for deep learning* (2016):
#   output sizes (relationship 6) and transposed convolutions (ch. 4).
# - A. Odena, V. Dumoulin, C. Olah, *Deconvolution and checkerboard artifacts*, Distill (2016).
# - K. Simonyan, A. Zisserman, *Very deep convolutional networks for large-scale image
#   recognition* (2014): stacks of 3 × 3 convolutions.
# - Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, *Gradient-based learning applied to
#   document recognition* (1998).
# - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, ch. 9 (2016).
# - A. Radford, L. Metz, S. Chintala, *Unsupervised representation learning with deep
#   convolutional GANs* (2015): strided convolutions instead of pooling.
