"""07_gan_theory: every misconception message fires on its mistake and never on a correct
answer. The right answers come from SciPy (entropy, jensenshannon, expit) and Keras'
binary cross-entropy, independently of the solution notebook."""

import keras
import numpy as np
import pytest
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

from conftest import catalogue_tests
from gradelib import gan
from gradelib.mistakes import gan_theory as m

rng = np.random.default_rng(0)
P, Q = rng.dirichlet(np.ones(5), size=3), rng.dirichlet(np.ones(5), size=3)
D = rng.uniform(0.05, 0.95, size=5)
REAL, FAKE = rng.normal(1, 2, size=(6, 1)), rng.normal(-1, 2, size=(4, 1))
bce = keras.losses.BinaryCrossentropy(from_logits=True)


def d_loss(real_logits, fake_logits):
    return float(bce(np.ones_like(real_logits), real_logits)) + \
        float(bce(np.zeros_like(fake_logits), fake_logits))


CASES = [
    ("kl_divergence", m.DISCRETE_KL, {"p": P, "q": Q}, lambda p, q: stats.entropy(p, q, axis=-1)),
    ("js_divergence", m.JS_DIVERGENCE, {"p": P, "q": Q},
     lambda p, q: jensenshannon(p, q, axis=-1) ** 2),
    ("optimal_discriminator", m.OPTIMAL_DISCRIMINATOR, {"p_data": P[0], "p_g": Q[0]},
     lambda p_data, p_g: p_data / (p_data + p_g)),
    ("gan_value", m.GAN_VALUE, {"d": D, "p_data": P[1], "p_g": Q[1]},
     lambda d, p_data, p_g: np.sum(p_data * stats.bernoulli.logpmf(1, d)
                                   + p_g * stats.bernoulli.logpmf(0, d))),
    ("discriminator_loss", m.DISCRIMINATOR_LOSS, {"real_logits": REAL, "fake_logits": FAKE},
     d_loss),
    ("saturating_generator_loss", m.SATURATING_LOSS, {"fake_logits": FAKE},
     lambda fake_logits: np.mean(np.log1p(-special.expit(fake_logits)))),
    ("non_saturating_generator_loss", m.NON_SATURATING_LOSS, {"fake_logits": FAKE},
     lambda fake_logits: np.mean(-np.log(special.expit(fake_logits)))),
    ("logit_gradients (saturating)", m.SATURATING_GRADIENT, {"d_fake": D},
     lambda d_fake: -special.expit(special.logit(d_fake))),
    ("logit_gradients (non-saturating)", m.NON_SATURATING_GRADIENT, {"d_fake": D},
     lambda d_fake: special.expit(special.logit(d_fake)) - 1),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def test_an_epsilon_instead_of_infinity_is_named():
    p, q = np.array([0.5, 0.5]), np.array([1.0, 0.0])
    gan.check_infinite(stats.entropy(p, q), name="kl_divergence", inputs={"p": p, "q": q})
    with pytest.raises(AssertionError, match="epsilon"):
        gan.check_infinite(stats.entropy(p, q + 1e-10), name="kl_divergence",
                           inputs={"p": p, "q": q})
