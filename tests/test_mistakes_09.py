"""09_dcgan: every misconception message fires on its mistake and never on a correct
answer. The right answers come from Keras' binary cross-entropy on logits (with soft
targets) and from NumPy, independently of the solution notebook."""

import keras
import numpy as np

from conftest import catalogue_tests
from gradelib.mistakes import dcgan as m

rng = np.random.default_rng(0)
REAL, FAKE = rng.normal(1, 2, size=(6, 1)), rng.normal(-1, 2, size=(6, 1))
REAL_T = np.full((6, 1), 0.9)
FAKE_T = np.zeros((6, 1))
REAL_T[2], FAKE_T[3] = 0.0, 0.9
bce = keras.losses.BinaryCrossentropy(from_logits=True)
TARGET_INPUTS = {"n": 5, "smoothing": 0.1, "flip_rate": 0.0}


def d_loss(real_logits, fake_logits, real_targets, fake_targets):
    return float(bce(real_targets, real_logits)) + float(bce(fake_targets, fake_logits))


CASES = [
    ("discriminator_targets (real)", m.REAL_TARGETS, TARGET_INPUTS,
     lambda n, smoothing, flip_rate: np.full((n, 1), 1 - smoothing)),
    ("discriminator_targets (fake)", m.FAKE_TARGETS, TARGET_INPUTS,
     lambda n, smoothing, flip_rate: np.zeros((n, 1))),
    ("discriminator_loss", m.DISCRIMINATOR_LOSS,
     {"real_logits": REAL, "fake_logits": FAKE, "real_targets": REAL_T, "fake_targets": FAKE_T},
     d_loss),
    ("generator_loss", m.GENERATOR_LOSS, {"fake_logits": FAKE},
     lambda fake_logits: float(bce(np.ones_like(fake_logits), fake_logits))),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def test_every_known_wrong_step_has_a_fix():
    names = [getattr(m, n) for n in dir(m) if n.startswith("STEP_") and n != "STEP_FIXES"]
    assert sorted(names) == sorted(m.STEP_FIXES)
