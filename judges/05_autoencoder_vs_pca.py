"""Hidden tests of 05_autoencoder_vs_pca, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import functools
import json

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import root_mean_squared_error

import gradelib
from gradelib import autoencoders
from gradelib.autoencoders import align_signs
from gradelib.i18n import add, text
from gradelib.mistakes.autoencoders import (
    PCA_COMPONENTS,
    PCA_EXPLAINED_VARIANCE,
    PCA_INVERSE_TRANSFORM,
    PCA_MEAN,
    PCA_TRANSFORM,
    RMSE,
)
from gradelib.models import from_spec

EXPECTED = json.loads(gradelib.data_path("05_autoencoder_vs_pca", "expected.json").read_text())

add({
    "judge 05: three parts": {
        "en": "It should return (mean, components, explained_variance); it returned {returned}.",
        "ko": "(mean, components, explained_variance)를 반환해야 하는데 {returned}을(를) "
              "반환했습니다.",
    },
    "judge 05: name mean": {"en": "pca_fit (mean)", "ko": "pca_fit (평균)"},
    "judge 05: name components": {
        "en": "pca_fit (components, signs aligned)",
        "ko": "pca_fit (components, 부호를 맞춘 것)",
    },
    "judge 05: name orthonormal": {
        "en": "pca_fit: components @ components.T (rows must be orthonormal)",
        "ko": "pca_fit: components @ components.T (행들이 정규직교해야 합니다)",
    },
    "judge 05: non-increasing": {
        "en": "explained_variance must be non-increasing (largest first); it returned {variance}.",
        "ko": "explained_variance는 증가하지 않아야 합니다(큰 것부터). 반환한 값: {variance}.",
    },
    "judge 05: name variance along": {
        "en": "pca_fit: explained_variance vs the variance of the data along each component",
        "ko": "pca_fit: explained_variance와 각 주성분 방향의 데이터 분산 비교",
    },
    "judge 05: name total variance": {
        "en": "pca_fit: with k = d, the total explained variance vs the total variance",
        "ko": "pca_fit: k = d일 때 설명된 분산의 합과 전체 분산 비교",
    },
    "judge 05: name mean code": {
        "en": "pca_transform (the mean's code must be 0)",
        "ko": "pca_transform (평균의 코드는 0이어야 합니다)",
    },
    "judge 05: name k = d": {
        "en": "pca_inverse_transform (k = d must reconstruct X exactly)",
        "ko": "pca_inverse_transform (k = d이면 X를 정확히 재구성해야 합니다)",
    },
    "judge 05: name code 0": {
        "en": "pca_inverse_transform (code 0 decodes to the mean)",
        "ko": "pca_inverse_transform (코드 0은 평균으로 디코딩되어야 합니다)",
    },
    "judge 05: name off by 0.5": {
        "en": "rmse (every entry off by 0.5)",
        "ko": "rmse (모든 원소가 0.5씩 차이 남)",
    },
    "judge 05: name perfect": {
        "en": "rmse (a perfect reconstruction)",
        "ko": "rmse (완벽한 재구성)",
    },
    "judge 05: name images": {
        "en": "rmse (images of shape (20, 28, 28))",
        "ko": "rmse (모양 (20, 28, 28)의 이미지)",
    },
    "judge 05: name 1-D": {"en": "rmse (1-D arrays)", "ko": "rmse (1차원 배열)"},
    "judge 05: name black": {
        "en": "rmse (float32 images against black)",
        "ko": "rmse (float32 이미지와 검은 이미지 비교)",
    },
    "judge 05: k = 0 is below 1": {"en": "k = 0 is below 1", "ko": "k = 0은 1보다 작습니다"},
    "judge 05: k = 4 is above min(n, d) = 3": {
        "en": "k = 4 is above min(n, d) = 3",
        "ko": "k = 4는 min(n, d) = 3보다 큽니다",
    },
    "judge 05: X is 1-D, not (n, d)": {
        "en": "X is 1-D, not (n, d)",
        "ko": "X가 (n, d)가 아니라 1차원입니다",
    },
    "judge 05: X has one row (n >= 2 is needed)": {
        "en": "X has one row (n >= 2 is needed)",
        "ko": "X의 행이 하나뿐입니다(n >= 2가 필요합니다)",
    },
    "judge 05: k = 5 is above min(n, d) = 4": {
        "en": "k = 5 is above min(n, d) = 4",
        "ko": "k = 5는 min(n, d) = 4보다 큽니다",
    },
    "judge 05: X is 3-D, not (n, d)": {
        "en": "X is 3-D, not (n, d)",
        "ko": "X가 (n, d)가 아니라 3차원입니다",
    },
    "judge 05: k = -1 is below 1": {"en": "k = -1 is below 1", "ko": "k = -1은 1보다 작습니다"},
    "judge 05: the shapes differ": {"en": "the shapes differ", "ko": "두 배열의 모양이 다릅니다"},
    "judge 05: the shapes differ (NumPy would broadcast them to (6, 6))": {
        "en": "the shapes differ (NumPy would broadcast them to (6, 6))",
        "ko": "두 배열의 모양이 다릅니다(NumPy라면 (6, 6)으로 브로드캐스트합니다)",
    },
    "judge 05: the shapes differ (NumPy would broadcast them to (5, 4))": {
        "en": "the shapes differ (NumPy would broadcast them to (5, 4))",
        "ko": "두 배열의 모양이 다릅니다(NumPy라면 (5, 4)로 브로드캐스트합니다)",
    },
    "judge 05: latent_dim = input_dim is no bottleneck": {
        "en": "latent_dim = input_dim is no bottleneck",
        "ko": "latent_dim = input_dim이면 병목이 아닙니다",
    },
    "judge 05: latent_dim = 0 is not positive": {
        "en": "latent_dim = 0 is not positive",
        "ko": "latent_dim = 0은 양수가 아닙니다",
    },
    "judge 05: a hidden width of 0 is not positive": {
        "en": "a hidden width of 0 is not positive",
        "ko": "은닉층 너비 0은 양수가 아닙니다",
    },
    "judge 05: latent_dim = 12 > input_dim = 10 is no bottleneck": {
        "en": "latent_dim = 12 > input_dim = 10 is no bottleneck",
        "ko": "latent_dim = 12 > input_dim = 10이면 병목이 아닙니다",
    },
    "judge 05: latent_dim = 2.5 is not an integer": {
        "en": "latent_dim = 2.5 is not an integer",
        "ko": "latent_dim = 2.5는 정수가 아닙니다",
    },
    "judge 05: 28 is not divisible by 2**3 = 8": {
        "en": "28 is not divisible by 2**3 = 8",
        "ko": "28은 2**3 = 8로 나누어떨어지지 않습니다",
    },
    "judge 05: latent_dim = 0": {"en": "latent_dim = 0", "ko": "latent_dim = 0입니다"},
    "judge 05: filters is empty": {"en": "filters is empty", "ko": "filters가 비어 있습니다"},
    "judge 05: the width 10 is not divisible by 2**2 = 4": {
        "en": "the width 10 is not divisible by 2**2 = 4",
        "ko": "너비 10은 2**2 = 4로 나누어떨어지지 않습니다",
    },
})


@functools.cache
def digits():
    """The notebook's data, loaded as it loads them (the split is seeded: the same images)."""
    return gradelib.load_digits()


def flat(images):
    """Images (n, 28, 28) as rows (n, 784), as the notebook's x_train and x_test."""
    return images.reshape(len(images), -1)


def fit_parts(pca_fit, X, k):
    """Call the student's pca_fit and check that it returns three parts."""
    out = pca_fit(X, k)
    if not isinstance(out, (tuple, list)) or len(out) != 3 or any(p is None for p in out):
        gradelib.fail("pca_fit", {"X": X, "k": k},
                      text("judge 05: three parts",
                           returned=f"{type(out).__name__} {str(out)[:80]}"))
    return [np.asarray(p, dtype=float) for p in out]


def small_fit():
    """The visible tests' X_fit, X_new and 3-component scikit-learn PCA (seed 2)."""
    rng = np.random.default_rng(2)
    X_fit = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 5)) + 4.0
    X_new = rng.normal(size=(7, 5)) + 4.0
    return X_fit, X_new, PCA(3, svd_solver="full").fit(X_fit)


def test_pca_fit(student):
    pca_fit = student.function("pca_fit")
    # the visible tests: the shipped example, then properties on correlated data
    example = EXPECTED["pca_example"]
    X_ex, k_ex = np.array(example["X"]), example["k"]
    inputs = {"X": X_ex, "k": k_ex}
    mean, components, variance = fit_parts(pca_fit, X_ex, k_ex)
    gradelib.check_close(mean, example["mean"], name=text("judge 05: name mean"), inputs=inputs,
                         mistakes=PCA_MEAN)
    gradelib.check_close(align_signs(components), example["components"], atol=1e-6,
                         name=text("judge 05: name components"), inputs=inputs,
                         mistakes=PCA_COMPONENTS)
    gradelib.check_close(variance, example["explained_variance"], rtol=1e-6,
                         name="pca_fit (explained_variance)", inputs=inputs,
                         mistakes=PCA_EXPLAINED_VARIANCE)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6)) + 10.0
    inputs = {"X": X, "k": 6}
    mean, components, variance = fit_parts(pca_fit, X, 6)
    gradelib.check_close(components @ components.T, np.eye(6), atol=1e-8, inputs=inputs,
                         name=text("judge 05: name orthonormal"))
    if np.any(np.diff(variance) > 1e-9):
        gradelib.fail("pca_fit", inputs,
                      text("judge 05: non-increasing", variance=np.round(variance, 4)))
    projections = (X - X.mean(axis=0)) @ components.T
    gradelib.check_close(variance, np.var(projections, axis=0, ddof=1), rtol=1e-6,
                         inputs=inputs, name=text("judge 05: name variance along"),
                         mistakes=PCA_EXPLAINED_VARIANCE)
    gradelib.check_close(variance.sum(), np.var(X, axis=0, ddof=1).sum(), rtol=1e-6,
                         inputs=inputs, name=text("judge 05: name total variance"))
    # the hidden tests: scikit-learn's PCA on more shapes
    rng = np.random.default_rng(11)
    cases = [(rng.normal(size=(50, 8)) @ rng.normal(size=(8, 8)) - 3.0, 3),
             (rng.normal(size=(30, 40)) * np.linspace(3, 0.1, 40) + 1.0, 5),     # n < d
             (flat(digits().x_train)[:60], 10)]                                 # float32 digits
    for X, k in cases:
        ref = PCA(k, svd_solver="full").fit(np.asarray(X, dtype=np.float64))
        inputs = {"X": X, "k": k}
        mean, components, variance = fit_parts(pca_fit, X, k)
        gradelib.check_close(mean, ref.mean_, atol=1e-6, name=text("judge 05: name mean"),
                             inputs=inputs,
                             mistakes=PCA_MEAN)
        gradelib.check_close(align_signs(components), align_signs(ref.components_), atol=1e-5,
                             name=text("judge 05: name components"), inputs=inputs,
                             mistakes=PCA_COMPONENTS)
        gradelib.check_close(variance, ref.explained_variance_, rtol=1e-5, atol=1e-9,
                             name="pca_fit (explained_variance)", inputs=inputs,
                             mistakes=PCA_EXPLAINED_VARIANCE)


def test_pca_fit_validation(student):
    pca_fit = student.function("pca_fit")
    for inputs, problem in [({"X": np.ones((5, 3)), "k": 0}, "k = 0 is below 1"),
                            ({"X": np.ones((5, 3)), "k": 4}, "k = 4 is above min(n, d) = 3"),
                            ({"X": np.ones(5), "k": 1}, "X is 1-D, not (n, d)"),
                            ({"X": np.ones((1, 3)), "k": 1}, "X has one row (n >= 2 is needed)"),
                            # hidden: n < d bounds k by n; a 3-D X; a negative k
                            ({"X": np.ones((4, 10)), "k": 5}, "k = 5 is above min(n, d) = 4"),
                            ({"X": np.ones((4, 3, 2)), "k": 1}, "X is 3-D, not (n, d)"),
                            ({"X": np.ones((6, 3)), "k": -1}, "k = -1 is below 1")]:
        gradelib.check_raises(pca_fit, inputs, problem=text(f"judge 05: {problem}"))


def test_pca_transform(student):
    pca_transform = student.function("pca_transform")
    X_fit, X_new, sk = small_fit()
    inputs = {"X": X_new, "mean": sk.mean_, "components": sk.components_}
    gradelib.check_close(pca_transform(**inputs), sk.transform(X_new), atol=1e-8,
                         name="pca_transform", inputs=inputs, mistakes=PCA_TRANSFORM)
    inputs = {"X": sk.mean_[None, :], "mean": sk.mean_, "components": sk.components_}
    gradelib.check_close(pca_transform(**inputs), np.zeros((1, 3)), atol=1e-8,
                         name=text("judge 05: name mean code"), inputs=inputs,
                         mistakes=PCA_TRANSFORM)
    # the hidden tests: float32 digits with 20 components, and k = 1
    x_train, x_test = flat(digits().x_train), flat(digits().x_test)
    big = PCA(20, svd_solver="full").fit(x_train[:100].astype(np.float64))
    inputs = {"X": x_test[:50], "mean": big.mean_, "components": big.components_}
    gradelib.check_close(pca_transform(**inputs), big.transform(x_test[:50].astype(np.float64)),
                         atol=1e-5, name="pca_transform", inputs=inputs, mistakes=PCA_TRANSFORM)
    inputs = {"X": X_new, "mean": sk.mean_, "components": sk.components_[:1]}
    gradelib.check_close(pca_transform(**inputs), sk.transform(X_new)[:, :1], atol=1e-8,
                         name="pca_transform (k = 1)", inputs=inputs,
                         mistakes=PCA_TRANSFORM)


def test_pca_inverse_transform(student):
    pca_inverse_transform = student.function("pca_inverse_transform")
    X_fit, X_new, sk = small_fit()
    Z_new = sk.transform(X_new)
    inputs = {"Z": Z_new, "mean": sk.mean_, "components": sk.components_}
    gradelib.check_close(pca_inverse_transform(**inputs), sk.inverse_transform(Z_new),
                         atol=1e-8, name="pca_inverse_transform", inputs=inputs,
                         mistakes=PCA_INVERSE_TRANSFORM)
    full = PCA(5, svd_solver="full").fit(X_fit)
    inputs = {"Z": full.transform(X_new), "mean": full.mean_, "components": full.components_}
    gradelib.check_close(pca_inverse_transform(**inputs), X_new, atol=1e-8,
                         name=text("judge 05: name k = d"),
                         inputs=inputs, mistakes=PCA_INVERSE_TRANSFORM)
    # the hidden tests: digits with 12 components, and code 0
    x_train, x_test = flat(digits().x_train), flat(digits().x_test)
    big = PCA(12, svd_solver="full").fit(x_train[100:200].astype(np.float64))
    Z = big.transform(x_test[:30].astype(np.float64))
    inputs = {"Z": Z, "mean": big.mean_, "components": big.components_}
    gradelib.check_close(pca_inverse_transform(**inputs), big.inverse_transform(Z), atol=1e-6,
                         name="pca_inverse_transform", inputs=inputs,
                         mistakes=PCA_INVERSE_TRANSFORM)
    inputs = {"Z": np.zeros((2, 3)), "mean": sk.mean_, "components": sk.components_}
    gradelib.check_close(pca_inverse_transform(**inputs), np.tile(sk.mean_, (2, 1)),
                         atol=1e-8, name=text("judge 05: name code 0"),
                         inputs=inputs, mistakes=PCA_INVERSE_TRANSFORM)


def test_rmse(student):
    rmse = student.function("rmse")
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(6, 5))
    x_hat = x + rng.normal(scale=[0.1, 0.3, 0.05, 0.6, 0.2, 0.4], size=(5, 6)).T
    inputs = {"x": x, "x_hat": x_hat}
    gradelib.check_close(rmse(x, x_hat), root_mean_squared_error(x.ravel(), x_hat.ravel()),
                         name="rmse", inputs=inputs, mistakes=RMSE)
    inputs = {"x": x, "x_hat": x + 0.5}
    gradelib.check_close(rmse(**inputs), 0.5, name=text("judge 05: name off by 0.5"),
                         inputs=inputs, mistakes=RMSE)
    inputs = {"x": x, "x_hat": x.copy()}
    gradelib.check_close(rmse(**inputs), 0.0, name=text("judge 05: name perfect"),
                         inputs=inputs, mistakes=RMSE)
    # the hidden tests: images of shape (20, 28, 28), a 1-D pair, float32
    a = digits().x_test[:20]
    b = np.clip(a + np.random.default_rng(4).normal(scale=0.2, size=a.shape), 0, 1)
    inputs = {"x": a, "x_hat": b}
    gradelib.check_close(rmse(a, b), root_mean_squared_error(a.ravel().astype(float), b.ravel()),
                         rtol=1e-5, name=text("judge 05: name images"), inputs=inputs,
                         mistakes=RMSE)
    inputs = {"x": np.array([0.0, 1.0, 1.0, 1.0]), "x_hat": np.array([1.0, 1.0, 1.0, 0.0])}
    gradelib.check_close(rmse(**inputs), np.sqrt(0.5), name=text("judge 05: name 1-D"),
                         inputs=inputs, mistakes=RMSE)
    inputs = {"x": a.astype(np.float32), "x_hat": np.zeros_like(a, dtype=np.float32)}
    gradelib.check_close(rmse(**inputs), np.sqrt(np.mean(a.astype(float) ** 2)), rtol=1e-5,
                         name=text("judge 05: name black"), inputs=inputs,
                         mistakes=RMSE)


def test_rmse_validation(student):
    rmse = student.function("rmse")
    for inputs, problem in [({"x": np.zeros((3, 4)), "x_hat": np.zeros((4, 3))},
                             "the shapes differ"),
                            ({"x": np.zeros(6), "x_hat": np.zeros((6, 1))},
                             "the shapes differ (NumPy would broadcast them to (6, 6))"),
                            # hidden: a row against a matrix, which NumPy also broadcasts
                            ({"x": np.zeros((5, 4)), "x_hat": np.zeros(4)},
                             "the shapes differ (NumPy would broadcast them to (5, 4))")]:
        gradelib.check_raises(rmse, inputs, problem=text(f"judge 05: {problem}"))


def rebuilt(value, name, inputs):
    """The three models the kernel sent back, rebuilt from their ModelSpecs; anything
    else is returned as it came, for autoencoders.parts to name."""
    if isinstance(value, (tuple, list)) and len(value) == 3:
        return tuple(from_spec(v, name=name, inputs=inputs) for v in value)
    return value


def test_build_dense_autoencoder(student):
    build = student.function("build_dense_autoencoder")
    for inputs in [{"input_dim": 20, "latent_dim": 3, "hidden_units": (16,), "linear": False},
                   {"input_dim": 20, "latent_dim": 3, "hidden_units": (16,), "linear": True},
                   {"input_dim": 784, "latent_dim": 2, "hidden_units": (256,), "linear": False},
                   # hidden: two hidden layers, none, and a linear one given hidden_units
                   {"input_dim": 30, "latent_dim": 4, "hidden_units": (12, 6), "linear": False},
                   {"input_dim": 12, "latent_dim": 5, "hidden_units": (), "linear": False},
                   {"input_dim": 50, "latent_dim": 7, "hidden_units": (9, 8), "linear": True}]:
        name = "build_dense_autoencoder"
        autoencoders.check_dense_autoencoder(rebuilt(build(**inputs), name, inputs), name=name,
                                             inputs=inputs, **inputs)


def test_build_dense_autoencoder_validation(student):
    build = student.function("build_dense_autoencoder")
    for inputs, problem in [({"input_dim": 10, "latent_dim": 10},
                             "latent_dim = input_dim is no bottleneck"),
                            ({"input_dim": 10, "latent_dim": 0}, "latent_dim = 0 is not positive"),
                            ({"input_dim": 10, "latent_dim": 2, "hidden_units": (0,)},
                             "a hidden width of 0 is not positive"),
                            # hidden: a code wider than the input, a fractional size
                            ({"input_dim": 10, "latent_dim": 12, "linear": True},
                             "latent_dim = 12 > input_dim = 10 is no bottleneck"),
                            ({"input_dim": 10, "latent_dim": 2.5},
                             "latent_dim = 2.5 is not an integer")]:
        gradelib.check_raises(build, inputs, problem=text(f"judge 05: {problem}"))


def test_build_conv_autoencoder(student):
    build = student.function("build_conv_autoencoder")
    for inputs in [{"input_shape": (28, 28, 1), "latent_dim": 8, "filters": (16, 32)},
                   {"input_shape": (8, 8, 1), "latent_dim": 2, "filters": (4,)},
                   # hidden: three channels, a non-square image, three stages
                   {"input_shape": (16, 12, 3), "latent_dim": 5, "filters": (4, 6)},
                   {"input_shape": (8, 16, 2), "latent_dim": 3, "filters": (2, 3, 4)}]:
        name = "build_conv_autoencoder"
        autoencoders.check_conv_autoencoder(rebuilt(build(**inputs), name, inputs), name=name,
                                            inputs=inputs, **inputs)


def test_build_conv_autoencoder_validation(student):
    build = student.function("build_conv_autoencoder")
    for inputs, problem in [({"input_shape": (28, 28, 1), "latent_dim": 4, "filters": (8, 8, 8)},
                             "28 is not divisible by 2**3 = 8"),
                            ({"input_shape": (28, 28, 1), "latent_dim": 0}, "latent_dim = 0"),
                            ({"input_shape": (28, 28, 1), "latent_dim": 4, "filters": ()},
                             "filters is empty"),
                            # hidden: only the width fails
                            ({"input_shape": (16, 10, 1), "latent_dim": 4, "filters": (2, 2)},
                             "the width 10 is not divisible by 2**2 = 4")]:
        gradelib.check_raises(build, inputs, problem=text(f"judge 05: {problem}"))
