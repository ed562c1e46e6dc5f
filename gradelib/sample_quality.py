"""A yardstick for generated digits: a Fréchet distance on a small classifier's
features, the digits a sample covers, and the classifier's confidence.

FID (Heusel et al., 2017, "GANs Trained by a Two Time-Scale Update Rule Converge to a
Local Nash Equilibrium", section 3) fits a Gaussian to the Inception-v3 pool features
of real and of generated images and reports the Fréchet distance between the two
Gaussians (Dowson & Landau, 1982):

    d^2 = ||mu_r - mu_g||^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2)).

The course has no ImageNet weights and runs offline, so the features here are the
64-unit penultimate layer of a small convolutional digit classifier trained on the
offline training digits (``load_digits``) by ``data/sample_quality/make_digit_classifier.py``;
its weights ship in ``data/sample_quality/``. Numbers from this yardstick are
comparable with each other at equal sample size, never with published FIDs.
The distance is biased upwards for small samples (Chong & Forsyth, 2020):
:func:`frechet_floor` gives what real digits score at the same n.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .data import data_path, load_digits
from .i18n import add, text

add({
    "sample_quality: weights missing": {
        "en": "The digit classifier's weights are missing: {error}. They ship with the "
              "course; rebuild them with `python {script}`.",
        "ko": "숫자 분류기의 가중치가 없습니다: {error}. 가중치는 강의 자료에 함께 "
              "들어 있습니다. `python {script}`로 다시 만드세요.",
    },
    "sample_quality: image shape": {
        "en": "images must have shape (n, 28, 28), (n, 28, 28, 1) or (n, 784), got {shape}",
        "ko": "images의 모양은 (n, 28, 28), (n, 28, 28, 1), (n, 784) 중 하나여야 하는데, "
              "{shape}입니다",
    },
    "sample_quality: no images": {
        "en": "images is empty",
        "ko": "images가 비어 있습니다",
    },
    "sample_quality: images not finite": {
        "en": "images holds {count} NaN or infinite values",
        "ko": "images에 NaN이나 무한대 값이 {count}개 있습니다",
    },
    "sample_quality: images outside [0, 1]": {
        "en": "images must lie in [0, 1], got values in [{low}, {high}]; rescale a tanh "
              "generator's output with (x + 1) / 2",
        "ko": "images의 값은 [0, 1] 범위에 있어야 하는데, [{low}, {high}] 범위의 값이 "
              "있습니다. tanh 생성자의 출력은 (x + 1) / 2로 다시 스케일하세요",
    },
    "sample_quality: features not 2-D": {
        "en": "{name} must be 2-D (n, d), got shape {shape}",
        "ko": "{name}은(는) 2차원 (n, d)이어야 하는데, 모양이 {shape}입니다",
    },
    "sample_quality: too few rows": {
        "en": "{name} needs at least 2 rows for a covariance, got {rows}",
        "ko": "공분산을 구하려면 {name}에 행이 2개 이상 필요한데, {rows}개입니다",
    },
    "sample_quality: features not finite": {
        "en": "{name} holds NaN or infinite values",
        "ko": "{name}에 NaN이나 무한대 값이 있습니다",
    },
    "sample_quality: feature widths differ": {
        "en": "features_a has {a} features, features_b {b}",
        "ko": "features_a의 특성은 {a}개, features_b의 특성은 {b}개입니다",
    },
})

FEATURES = 64          # width of the penultimate layer: the features the distance uses
CLASSES = 10
COVERED_SHARE = 0.02   # a digit counts as covered when it gets at least 2 % of a sample
WEIGHTS = ("sample_quality", "digit_classifier.weights.h5")
MAKE_SCRIPT = "data/sample_quality/make_digit_classifier.py"


def build_digit_classifier():
    """The classifier's architecture (weights random until loaded).

    Conv2D(16, 3) -> MaxPool -> Conv2D(32, 3) -> MaxPool -> Flatten -> Dropout(0.25)
    -> Dense(64, relu, name="features") -> Dense(10) logits; input (28, 28, 1) in [0, 1].
    """
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.25),
        layers.Dense(FEATURES, activation="relu", name="features"),
        layers.Dense(CLASSES, name="logits"),
    ], name="digit_classifier")


@functools.lru_cache(maxsize=1)
def _networks():
    """(classifier, the same network with two outputs: features and logits)."""
    import keras

    try:
        path = data_path(*WEIGHTS)
    except FileNotFoundError as exc:
        raise FileNotFoundError(text("sample_quality: weights missing", error=exc,
                                     script=MAKE_SCRIPT)) from exc
    model = build_digit_classifier()
    model.load_weights(path)
    both = keras.Model(model.inputs, [model.get_layer("features").output,
                                        model.get_layer("logits").output])
    return model, both


def digit_classifier():
    """The trained classifier (a Keras model, (n, 28, 28, 1) in [0, 1] -> (n, 10) logits),
    loaded once from the shipped weights; its layer "features" gives the 64 features.

    Raises:
        FileNotFoundError: the shipped weights are missing.
    """
    return _networks()[0]


def _as_images(images) -> np.ndarray:
    """float32 (n, 28, 28, 1) from (n, 28, 28), (n, 28, 28, 1) or (n, 784) in [0, 1]."""
    x = np.asarray(images, dtype=np.float64)
    if x.ndim == 2 and x.shape[1] == 784 or x.ndim == 3 and x.shape[1:] == (28, 28) \
            or x.ndim == 4 and x.shape[1:] == (28, 28, 1):
        x = x.reshape(-1, 28, 28, 1)
    else:
        raise ValueError(text("sample_quality: image shape", shape=x.shape))
    if len(x) == 0:
        raise ValueError(text("sample_quality: no images"))
    if not np.isfinite(x).all():
        raise ValueError(text("sample_quality: images not finite",
                              count=int((~np.isfinite(x)).sum())))
    if x.min() < -1e-3 or x.max() > 1 + 1e-3:
        raise ValueError(text("sample_quality: images outside [0, 1]", low=f"{x.min():.3g}",
                              high=f"{x.max():.3g}"))
    return np.clip(x, 0, 1).astype(np.float32)


def _features_and_probabilities(images) -> tuple[np.ndarray, np.ndarray]:
    """One forward pass: float64 features (n, 64) and class probabilities (n, 10)."""
    features, logits = _networks()[1].predict(_as_images(images), batch_size=500, verbose=0)
    logits = np.asarray(logits, dtype=np.float64)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(features, dtype=np.float64), p / p.sum(axis=1, keepdims=True)


def classifier_features(images) -> np.ndarray:
    """The classifier's 64 penultimate (ReLU) activations per image.

    Args:
        images: float, (n, 28, 28), (n, 28, 28, 1) or (n, 784), values in [0, 1].

    Returns:
        float64 (n, 64).

    Raises:
        ValueError: another shape, an empty batch, NaN or values outside [0, 1].
        FileNotFoundError: the shipped weights are missing.
    """
    return _features_and_probabilities(images)[0]


def classify(images) -> np.ndarray:
    """The classifier's class probabilities, float64 (n, 10); images as in
    :func:`classifier_features`. Held-out accuracy: see ``data/sample_quality/``."""
    return _features_and_probabilities(images)[1]


def frechet_distance(features_a, features_b) -> float:
    """Squared Fréchet distance between Gaussians fitted to two feature sets.

    d^2 = ||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)) (Heusel et al., 2017,
    section 3; Dowson & Landau, 1982), with sample means and unbiased covariances
    (``np.cov``). Published FIDs report this squared form. Tr((S_a S_b)^(1/2)) is the sum
    of the square roots of the eigenvalues of S_a^(1/2) S_b S_a^(1/2), which has the same
    eigenvalues as S_a S_b but is symmetric: no complex rounding noise, and singular
    covariances (a collapsed sample) need no special case.

    Args:
        features_a, features_b: float (n_a, d) and (n_b, d), n >= 2 each.

    Returns:
        float >= 0, in squared feature units.

    Raises:
        ValueError: not 2-D, different d, fewer than 2 rows, NaN or infinite values.
    """
    a, b = np.asarray(features_a, np.float64), np.asarray(features_b, np.float64)
    for name, x in [("features_a", a), ("features_b", b)]:
        if x.ndim != 2:
            raise ValueError(text("sample_quality: features not 2-D", name=name,
                                  shape=x.shape))
        if len(x) < 2:
            raise ValueError(text("sample_quality: too few rows", name=name, rows=len(x)))
        if not np.isfinite(x).all():
            raise ValueError(text("sample_quality: features not finite", name=name))
    if a.shape[1] != b.shape[1]:
        raise ValueError(text("sample_quality: feature widths differ", a=a.shape[1],
                              b=b.shape[1]))
    cov_a, cov_b = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    values, vectors = np.linalg.eigh(cov_a)
    root_a = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    trace_root = np.sqrt(np.clip(np.linalg.eigvalsh(root_a @ cov_b @ root_a), 0, None)).sum()
    distance = (np.sum((a.mean(axis=0) - b.mean(axis=0)) ** 2)
                + np.trace(cov_a) + np.trace(cov_b) - 2 * trace_root)
    return float(max(distance, 0.0))


@functools.lru_cache(maxsize=1)
def _reference_features() -> np.ndarray:
    return classifier_features(load_digits().x_test)


@dataclass(frozen=True)
class SampleQuality:
    """What :func:`sample_quality` measured on n generated images."""

    frechet_distance: float     # to the 1,000 held-out digits, on the classifier's features
    class_counts: np.ndarray    # int (10,): images per predicted digit
    classes_covered: int        # digits with at least COVERED_SHARE of the images
    mean_confidence: float      # mean top class probability, in [0.1, 1]
    n: int

    def __str__(self) -> str:
        return (f"Fréchet distance {self.frechet_distance:.2f} (n = {self.n}), "
                f"{self.classes_covered}/10 digits covered, "
                f"mean confidence {self.mean_confidence:.3f}, "
                f"counts {self.class_counts.tolist()}")


def sample_quality(images) -> SampleQuality:
    """The yardstick for a batch of generated digits.

    Args:
        images: float, (n, 28, 28), (n, 28, 28, 1) or (n, 784), values in [0, 1], n >= 2
            (use the same n when comparing: see :func:`frechet_floor`).

    Returns:
        :class:`SampleQuality`.

    Raises:
        ValueError: as :func:`classifier_features`, or fewer than 2 images.
    """
    x = _as_images(images)
    features, probs = _features_and_probabilities(x)
    counts = np.bincount(probs.argmax(axis=1), minlength=CLASSES)
    return SampleQuality(
        frechet_distance=frechet_distance(features, _reference_features()),
        class_counts=counts,
        classes_covered=int((counts >= COVERED_SHARE * len(x)).sum()),
        mean_confidence=float(probs.max(axis=1).mean()),
        n=len(x))


@functools.lru_cache(maxsize=8)
def frechet_floor(n: int, seed: int = 0) -> float:
    """The Fréchet distance of n real training digits (drawn with ``seed``) to the
    held-out ones: what a perfect generator scores at this sample size.

    Raises:
        ValueError: n < 2 or more than the 4,000 training digits.
    """
    train = load_digits().x_train
    if not 2 <= n <= len(train):
        raise ValueError(f"n must be in [2, {len(train)}], got {n}")
    pick = np.random.default_rng(seed).choice(len(train), n, replace=False)
    return frechet_distance(classifier_features(train[pick]), _reference_features())
