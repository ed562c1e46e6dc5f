"""08_mode_collapse: every misconception message fires on its mistake and never on a
correct answer. The right answers come from SciPy's distances and NumPy reshapes,
independently of the solution notebook."""

import numpy as np
from scipy.spatial.distance import cdist

from conftest import catalogue_tests
from gradelib import gan
from gradelib.mistakes import mode_collapse as m

rng = np.random.default_rng(0)
CENTRES = gan.ring_centres()
SAMPLES = np.concatenate([gan.ring(40, seed=1, std=0.05), rng.uniform(-2, 2, size=(10, 2))])
# good samples of modes 0-3 only, and far ones nearest to any mode
HALF = np.concatenate([gan.sample_mixture(CENTRES[:4], 0.03, 40, seed=2),
                       rng.uniform(-2, 2, size=(30, 2))])
M = rng.normal(size=(5, 3, 2))
REAL, FAKE = rng.normal(1, 1, size=(6, 4)), rng.normal(0, 1, size=(6, 4))


def metrics(samples, centres, std):
    table = cdist(samples, centres)
    good = table.min(1) <= 3 * std
    return np.array([np.unique(table.argmin(1)[good]).size, good.mean()])


CASES = [
    ("assign_modes (distance)", m.NEAREST_DISTANCE, {"samples": SAMPLES, "centres": CENTRES},
     lambda samples, centres: cdist(samples, centres).min(1)),
    ("assign_modes (index)", m.NEAREST_INDEX, {"samples": SAMPLES[:8], "centres": CENTRES},
     lambda samples, centres: cdist(samples, centres).argmin(1)),
    ("mode_metrics", m.MODE_METRICS, {"samples": HALF, "centres": CENTRES, "std": 0.02},
     metrics),
    ("pack", m.PACK, {"x": np.arange(12.0).reshape(6, 2), "m": 2},
     lambda x, m: x.reshape(-1, 2 * m)),
    ("minibatch_features", m.MINIBATCH_FEATURES, {"M": M},
     lambda M: np.stack([np.exp(-cdist(M[:, b], M[:, b], "cityblock")).sum(1)
                         for b in range(M.shape[1])], axis=1)),
    ("feature_matching_loss", m.FEATURE_MATCHING, {"real_features": REAL, "fake_features": FAKE},
     lambda real_features, fake_features: float(np.sum((real_features.mean(0)
                                                         - fake_features.mean(0)) ** 2))),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)
