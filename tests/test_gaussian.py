"""gradelib.gaussian: the Gaussian sampler check and the Monte Carlo KL reference."""

import numpy as np
import pytest

from gradelib import Mistake
from gradelib.gaussian import (
    check_gaussian_sampler,
    check_monte_carlo,
    kl_by_quadrature,
    monte_carlo_kl,
)

MEAN = np.array([0.5, -1.0, 2.0])
STD = np.array([0.3, 1.0, 2.5])
DOUBLED = Mistake("the std is doubled", "halve it",
                  lambda expected, **_: np.stack([expected[0], 2 * expected[1]]))


def test_correct_sampler_passes_over_many_seeds():
    # the false-failure rate is at most 1e-3 per seed, so 50 seeds all pass (p > 0.95)
    for seed in range(50):
        check_gaussian_sampler(lambda rng, n: MEAN + STD * rng.standard_normal((n, 3)),
                               MEAN, STD, name="f", inputs={}, n=2000, seed=seed)


def test_wrong_std_fails_and_names_the_mistake():
    with pytest.raises(AssertionError) as info:
        check_gaussian_sampler(lambda rng, n: MEAN + 2 * STD * rng.standard_normal((n, 3)),
                               MEAN, STD, name="f", inputs={}, mistakes=[DOUBLED])
    text = str(info.value)
    assert "known mistake: the std is doubled" in text
    assert "false-failure rate is 0.001" in text


def test_wrong_mean_fails_without_naming_an_unrelated_mistake():
    with pytest.raises(AssertionError) as info:
        check_gaussian_sampler(lambda rng, n: MEAN + 0.1 + STD * rng.standard_normal((n, 3)),
                               MEAN, STD, name="f", inputs={}, mistakes=[DOUBLED])
    assert "known mistake" not in str(info.value)
    assert "coordinate (0,)" in str(info.value)


def test_zero_std_mistake_and_bad_returns():
    no_noise = Mistake("no noise", "add it",
                       lambda expected, **_: np.stack([expected[0], 0 * expected[1]]))
    with pytest.raises(AssertionError, match="known mistake: no noise"):
        check_gaussian_sampler(lambda rng, n: np.tile(MEAN, (n, 1)), MEAN, STD, name="f",
                               inputs={}, mistakes=[no_noise])
    with pytest.raises(AssertionError, match="None"):
        check_gaussian_sampler(lambda rng, n: None, MEAN, STD, name="f", inputs={})
    with pytest.raises(AssertionError, match="stacked along the first axis"):
        check_gaussian_sampler(lambda rng, n: np.zeros(3), MEAN, STD, name="f", inputs={})
    with pytest.raises(AssertionError, match="NaN"):
        check_gaussian_sampler(lambda rng, n: np.full((n, 3), np.nan), MEAN, STD, name="f",
                               inputs={})


def test_quadrature_special_cases():
    # unit variance: KL(N(m, 1) || N(0, 1)) = m^2 / 2; q = p: 0; dimensions add up
    m = np.array([[0.0], [1.0], [-3.0], [7.5]])
    np.testing.assert_allclose(kl_by_quadrature(m, np.zeros_like(m)), m[:, 0] ** 2 / 2,
                               rtol=1e-10, atol=1e-13)
    mu = np.array([[0.3, -2.0, 1.0]])
    logvar = np.array([[-4.0, 0.7, 3.0]])
    parts = [kl_by_quadrature(mu[:, i:i + 1], logvar[:, i:i + 1]) for i in range(3)]
    np.testing.assert_allclose(kl_by_quadrature(mu, logvar), sum(parts), rtol=1e-12)
    assert kl_by_quadrature(np.zeros((2, 3, 4)), np.zeros((2, 3, 4))).shape == (2, 3)
    with pytest.raises(ValueError):
        kl_by_quadrature(mu, logvar[:, :2])


def test_monte_carlo_kl_agrees_with_quadrature():
    mu = np.array([[0.5, -1.0], [0.0, 0.0], [2.0, 0.3]])
    logvar = np.array([[-1.0, 0.5], [0.0, 0.0], [1.0, -2.0]])
    estimate, stderr = monte_carlo_kl(mu, logvar, n=20_000, seed=1)
    assert estimate.shape == stderr.shape == (3,)
    exact = kl_by_quadrature(mu, logvar)
    assert np.all(np.abs(estimate - exact) < 4 * stderr + 1e-12)
    assert estimate[1] == 0 and stderr[1] == 0   # q = p: every log-ratio is 0
    check_monte_carlo(exact, estimate, stderr, name="kl", inputs={})
    flipped = Mistake("flipped", "fix", lambda expected, **_: -expected)
    with pytest.raises(AssertionError, match="known mistake: flipped"):
        check_monte_carlo(-exact, estimate, stderr, name="kl", inputs={}, mistakes=[flipped])
    with pytest.raises(AssertionError, match="Wrong shape"):
        check_monte_carlo(exact[:2], estimate, stderr, name="kl", inputs={})
    with pytest.raises(ValueError):
        monte_carlo_kl(mu, logvar[:, :1])
