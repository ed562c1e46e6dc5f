"""Known mistakes for 12_cyclegan_and_beyond: the cycle-consistency and identity losses,
the truncated-normal sampler of the truncation trick, AdaIN and ProGAN's fade-in.

Each ``wrong`` computes the mistaken answer from the inputs with NumPy (or, for the
sampler, the distribution of its draws over the check's categories with SciPy), never
from a reference solution. ``wrong`` raises (and the mistake is skipped) where it does
not apply, e.g. when the shapes of the two domains differ.
"""

from __future__ import annotations

import numpy as np

from ..checks import Mistake


def _f(a):
    return np.asarray(a, dtype=np.float64)


def _l1(a, b):
    a, b = _f(a), _f(b)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return np.mean(np.abs(a - b))


def _l2(a, b):
    a, b = _f(a), _f(b)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    return np.mean((a - b) ** 2)


def _per_image_sum(a, b):
    a, b = _f(a), _f(b)
    return np.mean(np.sum(np.abs(a - b).reshape(len(a), -1), axis=1))


def _pixel_map(a, b):
    return np.mean(np.abs(_f(a) - _f(b)), axis=0)


def _pair_losses(real_x, out_x, real_y, out_y, name="cycle"):
    """The catalogue of a two-direction L1 loss weight * (L1(out_x, x) + L1(out_y, y))."""
    return (
        Mistake("the squared error (L2) was used, not the absolute error (L1) of eq. 2"
                if name == "cycle" else "the squared error (L2) was used, not the L1 distance",
                "take ops.mean(ops.abs(a - b)) in each direction: L1 keeps edges sharper "
                "than L2 and is what Zhu et al. use.",
                lambda expected, **k: k["weight"] * (_l2(k[out_x], k[real_x])
                                                     + _l2(k[out_y], k[real_y]))),
        Mistake("only the x direction is counted (the y -> x -> y term is missing)",
                "add both directions: the loss is symmetric in X and Y.",
                lambda expected, **k: k["weight"] * _l1(k[out_x], k[real_x])),
        Mistake("only the y direction is counted (the x -> y -> x term is missing)",
                "add both directions: the loss is symmetric in X and Y.",
                lambda expected, **k: k["weight"] * _l1(k[out_y], k[real_y])),
        Mistake(f"each output is compared with the other domain's images ({out_x} with "
                f"{real_y}, {out_y} with {real_x})",
                f"{out_x} must match {real_x}, and {out_y} must match {real_y}.",
                lambda expected, **k: k["weight"] * (_l1(k[out_x], k[real_y])
                                                     + _l1(k[out_y], k[real_x]))),
        Mistake("the weight is missing", "multiply the sum of the two L1 terms by weight.",
                lambda expected, **k: _l1(k[out_x], k[real_x]) + _l1(k[out_y], k[real_y])),
        Mistake("the two directions are averaged, not added",
                "add the two L1 terms (eq. 2 is a sum), then multiply by weight.",
                lambda expected, **k: 0.5 * k["weight"] * (_l1(k[out_x], k[real_x])
                                                           + _l1(k[out_y], k[real_y]))),
        Mistake("the absolute differences are summed over each image's pixels (the L1 norm "
                "of eq. 2 taken literally), not averaged",
                "take the mean over every axis, batch and pixels alike, as Zhu et al.'s "
                "code (an L1Loss) does: lambda = 10 is tuned for that scale.",
                lambda expected, **k: k["weight"] * (_per_image_sum(k[out_x], k[real_x])
                                                     + _per_image_sum(k[out_y], k[real_y]))),
        Mistake("the mean was taken over the batch axis only: a map per pixel, not a scalar",
                "reduce over every axis (ops.mean with no axis): the loss is one number.",
                lambda expected, **k: k["weight"] * (_pixel_map(k[out_x], k[real_x])
                                                     + _pixel_map(k[out_y], k[real_y]))),
        Mistake("the absolute value is taken after the mean: |mean(a - b)|, not mean(|a - b|)",
                "take ops.abs of the differences first, then the mean: positive and negative "
                "errors must not cancel.",
                lambda expected, **k: k["weight"] * (abs(np.mean(_f(k[out_x]) - _f(k[real_x])))
                                                     + abs(np.mean(_f(k[out_y])
                                                                   - _f(k[real_y]))))),
    )


CYCLE_LOSS = _pair_losses("real_x", "cycled_x", "real_y", "cycled_y")

IDENTITY_LOSS = _pair_losses("real_x", "same_x", "real_y", "same_y", name="identity") + (
    Mistake("the weight lambda = 10 was used, not the identity weight 0.5 lambda passed in",
            "multiply by the weight argument (Zhu et al. sec. 5.2 / 7.1: 0.5 lambda = 5).",
            lambda expected, **k: 10.0 * (_l1(k["same_x"], k["real_x"])
                                          + _l1(k["same_y"], k["real_y"]))),
)


# ---- the truncated normal: each wrong returns the probabilities of the check's categories
# (gradelib.cyclegan.truncation_categories: -t exactly, the bins, +t exactly, beyond)

def _tail(threshold):
    from scipy import stats

    return float(stats.norm.sf(threshold))       # P(z > t) for z ~ N(0, 1)


def _clipped(expected, threshold, bins):
    from .. import cyclegan

    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins)
    probs[0] = probs[bins + 1] = _tail(threshold)
    return probs


def _resampled_once(expected, threshold, bins):
    from .. import cyclegan

    out = 2 * _tail(threshold)                    # P(|z| > t)
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins) * (1 + out)
    probs[-1] = out ** 2
    return probs


def _one_sided(expected, threshold, bins):
    from .. import cyclegan

    keep = 1 - _tail(threshold)                   # P(z <= t): the values kept or redrawn
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins) / keep
    probs[-1] = _tail(threshold) / keep           # z < -t, never redrawn
    return probs


def _uniform(expected, threshold, bins):
    from scipy import stats

    edges = stats.truncnorm(-threshold, threshold).ppf(np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -threshold, threshold
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = np.diff(edges) / (2 * threshold)
    return probs


def _untruncated(expected, threshold, bins):
    from .. import cyclegan

    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = cyclegan.normal_bin_masses(threshold, bins)
    probs[-1] = 2 * _tail(threshold)
    return probs


def _tails_kept(expected, threshold, bins):
    probs = np.zeros(bins + 3)
    probs[-1] = 1.0
    return probs


TRUNCATED_NORMAL = (
    Mistake("the values beyond the threshold were clipped to +-threshold, not resampled",
            "BigGAN (sec. 3.1) resamples: draw again every value with |z| > threshold until "
            "none is left. Clipping piles the tails' mass onto the two end points.",
            _clipped),
    Mistake("the values beyond the threshold were redrawn once, not until they fall inside",
            "repeat: redraw the values still beyond the threshold in a loop until there are "
            "none.", _resampled_once),
    Mistake("only values above +threshold were resampled (one-sided)",
            "resample where abs(z) > threshold: both tails.", _one_sided),
    Mistake("these are uniform draws on [-threshold, threshold], not a truncated normal",
            "draw from the standard normal (rng.standard_normal) and resample the tails.",
            _uniform),
    Mistake("nothing was truncated: these are plain N(0, 1) draws",
            "resample every value with abs(z) > threshold.", _untruncated),
    Mistake("the values inside the threshold were redrawn: the tails were kept",
            "keep |z| <= threshold; resample where abs(z) > threshold.", _tails_kept),
)


# ---- AdaIN on channels-last maps (n, H, W, C)

def _stats(a, axes, ddof=0):
    a = _f(a)
    size = np.prod([a.shape[i] for i in axes])
    mean = a.mean(axis=axes, keepdims=True)
    var = ((a - mean) ** 2).sum(axis=axes, keepdims=True) / (size - ddof)
    return mean, var


def _adain(content, style, epsilon, axes=(1, 2), ddof=0, how="sqrt"):
    mc, vc = _stats(content, axes, ddof)
    ms, vs = _stats(style, axes, ddof)
    if how == "sqrt":
        sc, ss = np.sqrt(vc + epsilon), np.sqrt(vs + epsilon)
    elif how == "none":
        sc, ss = np.sqrt(vc), np.sqrt(vs)
    elif how == "outside":
        sc, ss = np.sqrt(vc) + epsilon, np.sqrt(vs) + epsilon
    else:                                          # variances, not standard deviations
        sc, ss = vc + epsilon, vs + epsilon
    return ss * (_f(content) - mc) / sc + ms


def _same_shape(content, style):
    if np.shape(content) != np.shape(style):
        raise ValueError("shapes differ")
    return style, content


ADAIN = (
    Mistake("the statistics are taken over the batch as well (axes 0, 1, 2): that is batch "
            "normalisation's mean and variance, not instance normalisation's",
            "reduce over the spatial axes only (axis=(1, 2), keepdims=True): one mean and "
            "one standard deviation per example and per channel (eq. 5-6).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(0, 1, 2))),
    Mistake("the statistics are taken over the channels as well (axes 1, 2, 3): that is "
            "layer normalisation, one mean per example",
            "reduce over the spatial axes only (axis=(1, 2)): each channel has its own "
            "statistics.",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(1, 2, 3))),
    Mistake("the statistics are taken over every axis (one mean for the whole batch)",
            "reduce over the spatial axes only (axis=(1, 2)).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             axes=(0, 1, 2, 3))),
    Mistake("the variance is the unbiased one (divided by H W - 1), not eq. 6's 1 / (H W)",
            "use the biased variance: ops.var or the mean of squared deviations divides by "
            "H W (np.var's default, ddof=0; torch.var's default is unbiased).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             ddof=1)),
    Mistake("epsilon is missing: sigma = sqrt(variance)",
            "sigma = sqrt(variance + epsilon), for the content and the style (eq. 6): it "
            "keeps a flat channel from dividing by zero.",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="none")),
    Mistake("epsilon is added to the standard deviation, not to the variance under the "
            "square root",
            "sigma = sqrt(variance + epsilon) (eq. 6).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="outside")),
    Mistake("the variances are used where the standard deviations belong",
            "take the square root: sigma = sqrt(variance + epsilon).",
            lambda expected, content, style, epsilon: _adain(content, style, epsilon,
                                                             how="variance")),
    Mistake("content and style are swapped: this normalises the style map and gives it the "
            "content's statistics",
            "normalise the content x, then scale by sigma(style) and shift by mu(style): "
            "AdaIN(x, y) = sigma(y) (x - mu(x)) / sigma(x) + mu(y) (eq. 8).",
            lambda expected, content, style, epsilon: _adain(*_same_shape(content, style),
                                                             epsilon)),
    Mistake("the scale is inverted: sigma(x) / sigma(y) instead of sigma(y) / sigma(x)",
            "divide the centred content by its own sigma, then multiply by the style's.",
            lambda expected, content, style, epsilon: _inverted_scale(content, style, epsilon)),
    Mistake("the style's mean mu(y) is not added back",
            "add mu(style) after scaling: the output takes both statistics of the style.",
            lambda expected, content, style, epsilon:
            _adain(content, style, epsilon) - _stats(style, (1, 2))[0]),
    Mistake("the content is not centred: sigma(y) x / sigma(x) + mu(y)",
            "subtract mu(content) before dividing by sigma(content).",
            lambda expected, content, style, epsilon:
            _adain(content, style, epsilon) + np.sqrt(_stats(style, (1, 2))[1] + epsilon)
            * _stats(content, (1, 2))[0] / np.sqrt(_stats(content, (1, 2))[1] + epsilon)),
)


def _inverted_scale(content, style, epsilon):
    mc, vc = _stats(content, (1, 2))
    ms, vs = _stats(style, (1, 2))
    return np.sqrt(vc + epsilon) * (_f(content) - mc) / np.sqrt(vs + epsilon) + ms


FADE_IN = (
    Mistake("alpha and 1 - alpha are swapped: alpha weights the old, upsampled output",
            "new layers fade in: (1 - alpha) * upsampled_old + alpha * new, so alpha = 0 "
            "is the old network and alpha = 1 the new one (ProGAN, Fig. 2).",
            lambda expected, upsampled_old, new, alpha:
            _f(alpha) * _f(upsampled_old) + (1 - _f(alpha)) * _f(new)),
    Mistake("the old output is not multiplied by 1 - alpha: upsampled_old + alpha * new",
            "the weights must add up to 1: (1 - alpha) * upsampled_old + alpha * new.",
            lambda expected, upsampled_old, new, alpha: _f(upsampled_old) + _f(alpha) * _f(new)),
    Mistake("only the new output is used, scaled by alpha",
            "blend both: (1 - alpha) * upsampled_old + alpha * new.",
            lambda expected, upsampled_old, new, alpha: _f(alpha) * _f(new)),
    Mistake("the two outputs are averaged, whatever alpha",
            "weight them by 1 - alpha and alpha.",
            lambda expected, upsampled_old, new, alpha: 0.5 * (_f(upsampled_old) + _f(new))),
)
