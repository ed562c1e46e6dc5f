"""12_cyclegan_and_beyond: every misconception message fires on its mistake and never on a
correct answer. The right answers come from Keras (MeanAbsoluteError, GroupNormalization
with one group per channel, i.e. instance normalisation) and NumPy's weighted average,
independently of the solution notebook; the sampler's mistakes are simulated samplers
that the statistical check must name."""

import keras
import numpy as np
import pytest

from conftest import catalogue_tests
from gradelib import cyclegan
from gradelib.mistakes import cyclegan as m

rng = np.random.default_rng(0)
RX, CX, RY, CY = (rng.uniform(-1, 1, (3, 4, 4, 1)) for _ in range(4))
CONTENT = rng.normal(0.0, 0.01, (2, 3, 3, 2))
STYLE = rng.normal(0.05, 0.02, (2, 3, 3, 2))
OLD, NEW = rng.normal(size=(2, 4, 4, 3)), rng.normal(size=(2, 4, 4, 3))
mae = keras.losses.MeanAbsoluteError()


def pair(a, b, c, d, weight):
    return weight * (float(mae(a, b)) + float(mae(c, d)))


def adain(content, style, epsilon):
    normalise = keras.layers.GroupNormalization(groups=content.shape[-1], epsilon=epsilon,
                                                center=False, scale=False)
    sigma = np.sqrt(style.var(axis=(1, 2), keepdims=True) + epsilon)
    return sigma * np.asarray(normalise(content), float) + style.mean(axis=(1, 2), keepdims=True)


CASES = [
    ("cycle_consistency_loss", m.CYCLE_LOSS,
     {"real_x": RX, "cycled_x": CX, "real_y": RY, "cycled_y": CY, "weight": 10.0},
     lambda real_x, cycled_x, real_y, cycled_y, weight: pair(real_x, cycled_x, real_y, cycled_y,
                                                             weight)),
    ("identity_loss", m.IDENTITY_LOSS,
     {"real_x": RX, "same_x": CX, "real_y": RY, "same_y": CY, "weight": 5.0},
     lambda real_x, same_x, real_y, same_y, weight: pair(real_y, same_y, real_x, same_x, weight)),
    ("adain", m.ADAIN, {"content": CONTENT, "style": STYLE, "epsilon": 1e-4}, adain),
    ("fade_in", m.FADE_IN, {"upsampled_old": OLD, "new": NEW, "alpha": 0.3},
     lambda upsampled_old, new, alpha: np.average(np.stack([upsampled_old, new]), axis=0,
                                                  weights=[1 - alpha, alpha])),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def _resample(z, t, rng, where):
    bad = where(z)
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = where(z)
    return z


SAMPLERS = {   # mistake's position in the catalogue -> a sampler that makes it
    0: lambda n, t, rng: np.clip(rng.standard_normal(n), -t, t),
    1: lambda n, t, rng: (lambda z, o: (z.__setitem__(o, rng.standard_normal(int(o.sum()))), z)[1])(
        *(lambda z: (z, np.abs(z) > t))(rng.standard_normal(n))),
    2: lambda n, t, rng: _resample(rng.standard_normal(n), t, rng, lambda z: z > t),
    3: lambda n, t, rng: rng.uniform(-t, t, n),
    4: lambda n, t, rng: rng.standard_normal(n),
    5: lambda n, t, rng: _resample(rng.standard_normal(n), t, rng, lambda z: np.abs(z) <= t),
}


@pytest.mark.parametrize("index", sorted(SAMPLERS), ids=[m.TRUNCATED_NORMAL[i].name[:40]
                                                         for i in sorted(SAMPLERS)])
@pytest.mark.parametrize("threshold", [1.0, 2.0])
def test_each_sampler_mistake_is_named(index, threshold):
    mistake = m.TRUNCATED_NORMAL[index]
    draws = SAMPLERS[index](20000, threshold, np.random.default_rng(3))
    with pytest.raises(AssertionError) as info:
        cyclegan.check_truncated_normal(draws, threshold, name="truncated_normal", inputs={},
                                        shape=(20000,), mistakes=m.TRUNCATED_NORMAL)
    assert mistake.name in str(info.value)


@pytest.mark.parametrize("threshold", [0.1, 0.5, 1.0, 2.0, 3.0, np.inf])
def test_correct_samplers_pass_and_name_no_mistake(threshold):
    from scipy import stats

    for seed in range(3):
        rng = np.random.default_rng(seed)
        z = _resample(rng.standard_normal(20000), threshold, rng, lambda z: np.abs(z) > threshold)
        cyclegan.check_truncated_normal(z, threshold, name="truncated_normal", inputs={},
                                        shape=(20000,), mistakes=m.TRUNCATED_NORMAL)
        if np.isfinite(threshold):
            z = stats.truncnorm(-threshold, threshold).rvs(20000, random_state=seed)
            cyclegan.check_truncated_normal(z, threshold, name="truncated_normal", inputs={},
                                            shape=(20000,), mistakes=m.TRUNCATED_NORMAL)


def test_mistake_distributions_are_distributions():
    probs = cyclegan.truncation_probabilities(1.0)
    for mistake in m.TRUNCATED_NORMAL:
        alt = mistake.answer(probs, {"threshold": 1.0, "bins": cyclegan.BINS})
        assert alt is not None and alt.shape == probs.shape
        assert np.isclose(alt.sum(), 1.0) and (alt >= 0).all(), mistake.name
