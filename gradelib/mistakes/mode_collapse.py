"""Known mistakes for 08_mode_collapse: assigning samples to modes, the mode-coverage
metrics of VEEGAN and PacGAN, packing, minibatch discrimination and feature matching.

The wrong answers are computed from the inputs with SciPy's distances and NumPy
reshapes, never from a reference solution.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from ..checks import Mistake


def _distances(samples, centres):
    return cdist(np.asarray(samples, float), np.asarray(centres, float))


NEAREST_DISTANCE = (
    Mistake("the squared distance is returned, not the distance",
            "take the square root of the sum of squared differences (np.linalg.norm).",
            lambda expected, samples, centres: np.asarray(expected) ** 2),
    Mistake("the distance to the farthest mode is returned",
            "take the minimum over the modes (axis 1 of the (n, k) distance table), not the "
            "maximum.",
            lambda expected, samples, centres: _distances(samples, centres).max(axis=1)),
)

NEAREST_INDEX = (
    Mistake("the index of the farthest mode is returned",
            "use argmin over the modes, not argmax.",
            lambda expected, samples, centres: _distances(samples, centres).argmax(axis=1)),
    Mistake("the index runs over the samples, not the modes (argmin along the wrong axis)",
            "the table of distances is (n samples, k modes): take argmin along axis 1.",
            lambda expected, samples, centres: _distances(samples, centres).argmin(axis=0)),
)


def _metrics(samples, centres, std, radius=3.0, any_sample=False, variance=False):
    d = _distances(samples, centres)
    threshold = radius * (std ** 2 if variance else std)
    good = d.min(axis=1) <= threshold
    nearest = d.argmin(axis=1)
    captured = np.unique(nearest if any_sample else nearest[good]).size
    return np.array([captured, good.mean()])


MODE_METRICS = (
    Mistake("a mode counts as captured when any sample is nearest to it, high quality or not",
            "count only the modes that are nearest to at least one high-quality sample "
            "(within 3 standard deviations): a far-away sample says nothing about a mode.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std,
                                                             any_sample=True)),
    Mistake("the threshold is 3 variances (3 std**2), not 3 standard deviations",
            "a sample is high quality when its distance to the nearest mode is at most 3 * std.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std,
                                                             variance=True)),
    Mistake("the threshold is 1 standard deviation, not 3",
            "VEEGAN counts a sample as high quality within three standard deviations of a mode.",
            lambda expected, samples, centres, std: _metrics(samples, centres, std, radius=1.0)),
    Mistake("the high-quality share is a count, not a fraction",
            "divide the number of high-quality samples by the number of samples.",
            lambda expected, samples, centres, std: np.array(
                [expected[0], expected[1] * len(samples)])),
)


def _pack_interleaved(x, m):
    x = np.asarray(x, float)
    n, d = x.shape
    return x.reshape(m, n // m, d).transpose(1, 0, 2).reshape(n // m, m * d)


PACK = (
    Mistake("the packs interleave the batch (sample i with samples i + n/m, ...) instead of "
            "taking m consecutive samples",
            "reshape (n, d) to (n // m, m * d) directly: row i holds samples i*m ... i*m + m - 1.",
            lambda expected, x, m: _pack_interleaved(x, m)),
    Mistake("the packs are not flattened: shape (n // m, m, d)",
            "the discriminator's Dense layers need one vector per pack: (n // m, m * d).",
            lambda expected, x, m: np.asarray(x, float).reshape(len(x) // m, m, -1)),
)


def _minibatch_l2(M):
    rows = np.asarray(M, float)
    euclidean = np.sqrt(((rows[:, None] - rows[None]) ** 2).sum(-1))   # (n, n, B)
    return np.exp(-euclidean).sum(axis=1)


MINIBATCH_FEATURES = (
    Mistake("the distance between rows is Euclidean (L2), not the L1 norm of Salimans et al.",
            "c_b(x_i, x_j) = exp(-sum_c |M_i,b,c - M_j,b,c|): the sum of absolute differences.",
            lambda expected, M: _minibatch_l2(M)),
    Mistake("the sample itself is left out of its sum (j != i)",
            "the sum runs over all j = 1..n, the sample itself included (it adds exp(0) = 1).",
            lambda expected, M: np.asarray(expected) - 1.0),
    Mistake("the similarities are averaged over the batch instead of summed",
            "o(x_i)_b = sum over j of c_b(x_i, x_j), not the mean.",
            lambda expected, M: np.asarray(expected) / np.shape(M)[0]),
    Mistake("the kernels are summed too: one number per sample instead of B",
            "keep one feature per kernel b: the result has shape (n, B).",
            lambda expected, M: np.asarray(expected).sum(axis=1)),
)

FEATURE_MATCHING = (
    Mistake("the norm is not squared", "the loss is ||mean f(real) - mean f(fake)||_2 ** 2.",
            lambda expected, real_features, fake_features: np.sqrt(np.asarray(expected))),
    Mistake("the features are averaged over their dimensions instead of summed",
            "sum the squared differences of the mean features over the feature axis.",
            lambda expected, real_features, fake_features:
            np.asarray(expected) / np.shape(real_features)[-1]),
    Mistake("each real example is matched with one fake example (mean of per-pair squared "
            "distances), not the batch means",
            "take the mean over the batch of each first: match the statistics E f(x) and "
            "E f(G(z)), as Salimans et al. do.",
            lambda expected, real_features, fake_features: np.mean(np.sum(
                (np.asarray(real_features, float) - np.asarray(fake_features, float)) ** 2,
                axis=-1))),
)
