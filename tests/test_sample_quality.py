"""The image yardstick: the Fréchet distance against closed forms and scipy, the shipped
classifier's accuracy, what the report says about real, collapsed and noise samples, the
input checks, and the script that makes the weights."""

import json

import numpy as np
import pytest
from scipy import linalg

from gradelib import data_path, load_digits
from gradelib import sample_quality as sq

rng = np.random.default_rng(0)


def scipy_frechet(a, b):
    """The formula as written, with scipy's general matrix square root."""
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = np.real(linalg.sqrtm(cov_a @ cov_b))
    return np.sum((a.mean(0) - b.mean(0)) ** 2) + np.trace(cov_a + cov_b - 2 * root)


def gaussian_sample(mean, std, n=4000):
    """n rows whose sample mean and covariance are exactly mean and diag(std**2)."""
    z = rng.normal(size=(n, len(mean)))
    z -= z.mean(0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False)).T)
    return mean + z * std


def test_frechet_distance_of_diagonal_gaussians_has_its_closed_form():
    mean_a, std_a = np.array([0.0, 1.0, -2.0]), np.array([1.0, 2.0, 0.5])
    mean_b, std_b = np.array([1.0, 1.0, 0.0]), np.array([3.0, 0.5, 0.5])
    want = np.sum((mean_a - mean_b) ** 2) + np.sum((std_a - std_b) ** 2)   # = 5 + 6.25
    got = sq.frechet_distance(gaussian_sample(mean_a, std_a), gaussian_sample(mean_b, std_b))
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_frechet_distance_matches_scipy_on_correlated_features():
    a = rng.normal(size=(300, 5)) @ rng.normal(size=(5, 5))
    b = rng.normal(size=(200, 5)) @ rng.normal(size=(5, 5)) + 0.3
    np.testing.assert_allclose(sq.frechet_distance(a, b), scipy_frechet(a, b), rtol=1e-6)
    np.testing.assert_allclose(sq.frechet_distance(a, b), sq.frechet_distance(b, a), rtol=1e-9)
    assert sq.frechet_distance(a, a) == pytest.approx(0, abs=1e-8)


def test_a_collapsed_sample_has_a_finite_distance_without_warnings():
    a = rng.normal(size=(100, 4))
    collapsed = np.tile(rng.normal(size=(1, 4)), (50, 1))     # covariance 0
    with np.errstate(all="raise"):
        got = sq.frechet_distance(a, collapsed)
    want = np.sum((a.mean(0) - collapsed[0]) ** 2) + np.trace(np.cov(a, rowvar=False))
    np.testing.assert_allclose(got, want, rtol=1e-9)


@pytest.mark.parametrize("a, b, problem", [
    (np.zeros(5), np.zeros((5, 1)), "must be 2-D"),
    (np.zeros((1, 3)), np.zeros((5, 3)), "at least 2 rows"),
    (np.zeros((5, 3)), np.zeros((5, 4)), "3 features, features_b 4"),
    (np.full((5, 3), np.nan), np.zeros((5, 3)), "NaN"),
])
def test_frechet_distance_rejects_bad_features(a, b, problem):
    with pytest.raises(ValueError, match=problem):
        sq.frechet_distance(a, b)


def test_the_shipped_classifier_reads_held_out_digits():
    digits = load_digits()
    accuracy = (sq.classify(digits.x_test).argmax(1) == digits.y_test).mean()
    recorded = json.loads(data_path("sample_quality", "digit_classifier.json").read_text())
    assert accuracy >= 0.95
    assert accuracy == pytest.approx(recorded["held_out_accuracy"], abs=0.005)


@pytest.mark.parametrize("shape", [(6, 28, 28), (6, 28, 28, 1), (6, 784)])
def test_every_promised_image_shape_gives_the_same_features(shape):
    images = load_digits().x_test[:6]
    got = sq.classifier_features(images.reshape(shape).astype(np.float64))
    assert got.shape == (6, sq.FEATURES) and got.dtype == np.float64
    np.testing.assert_allclose(got, sq.classifier_features(images), rtol=1e-6)


@pytest.mark.parametrize("images, problem", [
    (np.zeros((4, 32, 32)), "must have shape"),
    (np.zeros((0, 28, 28)), "empty"),
    (np.full((2, 784), np.nan), "NaN"),
    (-np.ones((3, 28, 28)), r"\(x \+ 1\) / 2"),
    (np.full((3, 28, 28), 255.0), r"in \[0, 1\]"),
])
def test_bad_images_are_refused_with_the_problem_named(images, problem):
    with pytest.raises(ValueError, match=problem):
        sq.sample_quality(images)


def test_real_digits_score_near_the_floor_and_failures_far_from_it():
    digits = load_digits()
    real = sq.sample_quality(digits.x_train[:500])
    assert real.classes_covered == 10 and real.n == 500
    assert real.class_counts.sum() == 500 and real.mean_confidence > 0.9
    assert real.frechet_distance < 3 * sq.frechet_floor(500)
    collapsed = sq.sample_quality(digits.x_train[digits.y_train == 3][:500])
    assert collapsed.classes_covered == 1 and collapsed.class_counts[3] >= 390
    assert collapsed.frechet_distance > 30 * real.frechet_distance
    noise = sq.sample_quality(rng.uniform(size=(500, 28, 28)))
    assert noise.frechet_distance > 30 * real.frechet_distance
    assert "10/10 digits covered" in str(real)


def test_the_floor_shrinks_with_the_sample_size():
    assert sq.frechet_floor(100) > sq.frechet_floor(400) > sq.frechet_floor(1600)
    with pytest.raises(ValueError, match="n must be in"):
        sq.frechet_floor(1)


def test_missing_weights_name_the_script(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADELIB_DATA", str(tmp_path))
    sq._networks.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="make_digit_classifier.py"):
            sq.classifier_features(np.zeros((2, 28, 28)))
    finally:
        sq._networks.cache_clear()


@pytest.mark.slow
def test_the_script_trains_a_classifier_as_good_as_the_shipped_one(tmp_path):
    import importlib.util

    script = data_path("sample_quality", "make_digit_classifier.py")
    spec = importlib.util.spec_from_file_location("make_digit_classifier", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.main(tmp_path)
    shipped = json.loads(data_path("sample_quality", "digit_classifier.json").read_text())
    assert report["held_out_accuracy"] == pytest.approx(shipped["held_out_accuracy"], abs=0.01)
    assert (tmp_path / "digit_classifier.weights.h5").stat().st_size < 500_000


def test_the_public_classifier_is_the_one_the_yardstick_uses():
    model = sq.digit_classifier()
    images = load_digits().x_test[:8]
    logits = np.asarray(model(images[..., None]))
    np.testing.assert_allclose(np.exp(logits) / np.exp(logits).sum(1, keepdims=True),
                               sq.classify(images), rtol=1e-5, atol=1e-7)
