"""gradelib.stats: the chi-square sampler check."""

import numpy as np
import pytest

from gradelib import check_sampler
from gradelib.stats import goodness_of_fit

P = np.array([0.5, 0.3, 0.2])


def test_correct_sampler_passes():
    check_sampler(lambda rng: rng.choice(3, p=P), P, name="sample", inputs={"p": P})


def test_false_failure_rate_is_roughly_the_stated_one():
    # over 200 seeds a correct sampler should fail at about 5% (alpha = 0.05)
    failures = 0
    for seed in range(200):
        try:
            check_sampler(lambda rng: rng.choice(3, p=P), P, name="s", inputs={}, n=300,
                          seed=seed, false_failure_rate=0.05)
        except AssertionError:
            failures += 1
    assert failures <= 25  # binomial(200, 0.05): P(X > 25) < 1e-5


def test_biased_sampler_fails_with_frequencies_and_p_value():
    with pytest.raises(AssertionError) as info:
        check_sampler(lambda rng: rng.choice(3, p=[0.4, 0.4, 0.2]), P, name="sample",
                      inputs={"p": P})
    msg = str(info.value)
    assert "expected frequencies: [0.5, 0.3, 0.2]" in msg
    assert "p-value" in msg and "probability 0.001" in msg


def test_greedy_sampler_gets_the_greedy_hint():
    with pytest.raises(AssertionError, match="greedy"):
        check_sampler(lambda rng: 0, P, name="sample", inputs={"p": P})


@pytest.mark.parametrize("draw, words", [
    (lambda rng: None, "returned None"),
    (lambda rng: 7, "outside [0, 3)"),
    (lambda rng: 0.5, "one integer index"),
    (lambda rng: np.array([0, 1]), "one integer index"),
])
def test_bad_return_values_are_named(draw, words):
    with pytest.raises(AssertionError, match=words.replace("[", r"\[").replace(")", r"\)")):
        check_sampler(draw, P, name="sample", inputs={"p": P}, n=10)


def test_zero_probability_hit_is_a_certain_failure():
    assert goodness_of_fit(np.array([5, 5, 1]), np.array([0.5, 0.5, 0.0])) == 0.0
