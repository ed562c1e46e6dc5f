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
# # 00 · Foundations: tensors, convolution with zero padding, max pooling
#
# **What you will learn**
#
# - how images and batches are stored as tensors, and what an *axis* is;
# - how a convolutional layer computes a *feature map*, and why zero padding keeps its size;
# - how max pooling shrinks a feature map, and what it keeps and throws away.
#
# You will implement a zero-padded 2-D convolution and max pooling in NumPy and check
# them against TensorFlow's `tf.nn.conv2d` and `tf.nn.max_pool2d`, then reproduce the
# worked examples from the study notes (004, "CNN의 구성요소") exactly.
#
# | English | the notes' term |
# |---|---|
# | tensor, axis | 텐서, 축 |
# | zero padding | 제로 패딩 |
# | feature map | 특성 맵 |
# | max pooling | 최대 풀링 |
#
# **Prerequisites:** NumPy indexing and slicing. **Time:** about 45 minutes; the
# notebook itself runs in under a minute on a laptop CPU.
#
# **How to work:** write your code where it says `YOUR CODE HERE`, then run the test
# cell below it. A failing test tells you the input, what was expected and what came
# back. Check the whole notebook from a terminal with
# `gradelib check notebooks/00_foundations/00_foundations.ipynb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import json

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import gradelib
from gradelib.mistakes import CONV2D, MAX_POOL2D

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
# map and the border pixels take part in fewer windows. Zero padding adds
# $p = (k - 1)/2$ rows and columns of zeros on each side, and the output size
#
# $$ n_{\text{out}} = \frac{n + 2p - k}{s} + 1 $$
#
# equals $n$ for stride $s = 1$: Keras' `padding="same"`.
#
# The notes work one example by hand: a 5 × 5 image, zero-padded, and a sharpening
# kernel. It ships with the course in `data/`:

# %%
notes = json.loads(gradelib.data_path("00_foundations", "notes_examples.json").read_text())
sharpen, pool = notes["sharpen"], notes["max_pool"]
print("image:\n", np.array(sharpen["image"]))
print("kernel:\n", np.array(sharpen["kernel"]))


# %% [markdown]
# **Exercise 1 (3 points).** Implement `conv2d(image, kernel)`: stride 1, zero padding
# so that the output has the image's shape. Use NumPy only (no TensorFlow, no SciPy).

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
# **Exercise 2 (2 points).** Implement `max_pool2d(x, size)`.

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
# ## 4. Questions (graded by hand)
#
# **Q1 (2 points).** A 28 × 28 image goes through ten 3 × 3 convolution layers. What size
# is the last feature map with `padding="valid"`, and with `padding="same"`? Besides the
# size, what else does zero padding change for the pixels at the image border?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_padding", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# With "valid" every layer removes k - 1 = 2 rows and columns: 28 - 10·2 = 8, so 8 × 8.
# With "same" it stays 28 × 28. Without padding a border pixel lies in only one window
# (a corner) or a few, against nine for an inner pixel, so the border contributes less
# and less to deeper layers; padding lets border pixels sit at the centre of a window.
# The padded zeros are made-up values, though, so border outputs mix in zeros.

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

# %% [markdown]
# ## Summary
#
# - Tensors are arrays with axes; images are (height, width, channels), batches add an
#   axis in front.
# - A convolution layer computes cross-correlation; zero padding of $(k-1)/2$ keeps the
#   feature map's size.
# - Max pooling with stride $s$ shrinks each side by $s$ and makes the map tolerant of
#   small shifts.
#
# **Further reading**
#
# - V. Dumoulin, F. Visin, *A guide to convolution arithmetic for deep learning* (2016).
# - Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, *Gradient-based learning applied to
#   document recognition* (1998).
# - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, ch. 9 (2016).
# - A. Radford, L. Metz, S. Chintala, *Unsupervised representation learning with deep
#   convolutional GANs* (2015): strided convolutions instead of pooling.
