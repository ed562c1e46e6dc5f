"""10_wgan: every misconception message fires on its mistake and never on a correct
answer. The right answers come from SciPy (wasserstein_distance), NumPy (clip, means) and
the critic's input gradients by centred differences, independently of the solution
notebook."""

import numpy as np
from scipy import stats

from conftest import assert_mistake_named, catalogue_tests
from gradelib import gan, wgan
from gradelib.mistakes import wgan as m

rng = np.random.default_rng(0)
U, V = rng.normal(0, 1, 12), rng.normal(1, 2, 12)
REAL_SCORES, FAKE_SCORES = rng.normal(1, 2, size=(6, 1)), rng.normal(-1, 2, size=(4, 1))
WEIGHT = rng.normal(0, 0.5, size=(3, 4))
CRITIC = gan.build_critic(data_dim=2, width=4, depth=1)
CRITIC.set_weights(wgan.random_weights(CRITIC, rng))
REAL, FAKE = gan.ring(6, rng), rng.normal(size=(6, 2)).astype(np.float32)
EPS = rng.uniform(size=(6, 1)).astype(np.float32)


def penalty(critic, real, fake, eps):
    x_hat = eps * real + (1 - eps) * fake
    g = wgan.numeric_input_gradients(critic, x_hat)
    return np.mean((np.linalg.norm(g, axis=1) - 1) ** 2)


CASES = [
    ("wasserstein_1d", m.W1_1D, {"u": U, "v": V},
     lambda u, v: stats.wasserstein_distance(u, v)),
    ("critic_loss", m.CRITIC_LOSS, {"real_scores": REAL_SCORES, "fake_scores": FAKE_SCORES},
     lambda real_scores, fake_scores: fake_scores.mean() - real_scores.mean()),
    ("wgan_generator_loss", m.GENERATOR_LOSS, {"fake_scores": FAKE_SCORES},
     lambda fake_scores: -fake_scores.mean()),
    ("clip_weights", m.CLIP_WEIGHTS, {"weight": WEIGHT, "c": 0.3},
     lambda weight, c: np.clip(weight, -c, c)),
    ("gradient_penalty", m.GRADIENT_PENALTY,
     {"critic": CRITIC, "real": REAL, "fake": FAKE, "eps": EPS}, penalty),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def test_the_penalty_mistakes_work_on_image_shaped_inputs():
    import keras

    critic = keras.Sequential([keras.Input((3, 2)), keras.layers.Flatten(),
                               keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    critic.set_weights(wgan.random_weights(critic, rng))
    real, fake = rng.normal(size=(5, 3, 2)), rng.normal(size=(5, 3, 2))
    eps = rng.uniform(size=(5, 1, 1))
    x_hat = eps * real + (1 - eps) * fake
    g = wgan.numeric_input_gradients(critic, x_hat).reshape(5, -1)
    want = np.mean((np.linalg.norm(g, axis=1) - 1) ** 2)
    inputs = {"critic": critic, "real": real, "fake": fake, "eps": eps}
    batch_norm = m.GRADIENT_PENALTY[0]
    assert_mistake_named(batch_norm.wrong(want, **inputs), want, name="gradient_penalty",
                         inputs=inputs, catalogue=m.GRADIENT_PENALTY, mistake=batch_norm)
