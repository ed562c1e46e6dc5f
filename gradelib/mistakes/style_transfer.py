"""Known mistakes for 11_deepdream_style_transfer: the Gram matrix, the style loss, the
content loss, the total variation loss and DeepDream's octave shapes.

Each wrong answer is computed in float64 NumPy from the inputs (einsum for the Gram
matrices, slicing for the neighbour differences) or from the expected value, never from a
reference solution.
"""

from __future__ import annotations

import math

import numpy as np

from ..checks import Mistake


def _positions_by_channels(features) -> np.ndarray:
    """A feature map (H, W, C) or (1, H, W, C) as float64 (H*W, C)."""
    x = np.asarray(features, dtype=float)
    if x.ndim == 4:
        x = x[0]
    return x.reshape(-1, x.shape[-1])


def _einsum_gram(features) -> np.ndarray:
    f = _positions_by_channels(features)
    return np.einsum("kc,kd->cd", f, f)


def _positions(features) -> int:
    return _positions_by_channels(features).shape[0]


def _channel_first_reshape(features) -> np.ndarray:
    x = np.asarray(features, dtype=float)
    if x.ndim == 4:
        x = x[0]
    wrong = x.reshape(x.shape[-1], -1)       # the numbers in memory order, not by channel
    return np.einsum("ck,dk->cd", wrong, wrong)


def _centred_gram(features) -> np.ndarray:
    f = _positions_by_channels(features)
    f = f - f.mean(axis=0)
    return np.einsum("kc,kd->cd", f, f)


GRAM_MATRIX = (
    Mistake("this is the Gram matrix over positions (H*W x H*W), not over channels (C x C)",
            "flatten to F of shape (H*W, C) and return transpose(F) @ F: entry (i, j) sums "
            "channel i times channel j over all positions.",
            lambda expected, features: np.einsum("kc,lc->kl", _positions_by_channels(features),
                                                 _positions_by_channels(features))),
    Mistake("the Gram matrix is divided by the number of positions H*W",
            "the docstring asks for Gatys' unnormalised G = F^T F; the style loss's "
            "1/(4 N^2 M^2) does the normalising.",
            lambda expected, features: np.asarray(expected) / _positions(features)),
    Mistake("the Gram matrix is divided by H*W*C (the TensorFlow tutorial's normalisation "
            "divides by the positions; this divides by the channels as well)",
            "return the unnormalised G = F^T F.",
            lambda expected, features: np.asarray(expected)
            / (_positions(features) * np.shape(features)[-1])),
    Mistake("the feature map was reshaped to (C, H*W) without moving the channel axis first",
            "reshape to (H*W, C) (channels stay last) and multiply transpose(F) @ F; a "
            "reshape to (C, H*W) needs a transpose of the axes first, or it mixes "
            "positions and channels.",
            lambda expected, features: _channel_first_reshape(features)),
    Mistake("each channel's mean was subtracted: this is a (scaled) covariance, not the "
            "Gram matrix",
            "Gatys' Gram matrix uses the raw activations F (no centring).",
            lambda expected, features: _centred_gram(features)),
    Mistake("the batch axis is kept: (1, C, C) instead of (C, C)",
            "for a batch (1, H, W, C) drop the batch axis and return (C, C).",
            lambda expected, features: np.asarray(expected)[None]),
)


def _layers(style_features, generated_features, weights):
    for a, f, w in zip(style_features, generated_features, weights, strict=True):
        a, f = np.asarray(a, float), np.asarray(f, float)
        n, m = a.shape[-1], _positions(a)
        yield a, f, float(w), n, m


def _style_sum(term, style_features, generated_features, weights):
    return sum(term(a, f, w, n, m) for a, f, w, n, m in
               _layers(style_features, generated_features, weights))


def _gram_difference(a, f) -> np.ndarray:
    return np.sum((_einsum_gram(f) - _einsum_gram(a)) ** 2)


STYLE_LOSS = (
    Mistake("no per-layer normalisation: the squared Gram differences are not divided by "
            "4 N_l^2 M_l^2",
            "E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2), N_l the channels and M_l = H_l W_l "
            "the positions of layer l; without it the largest layers swamp the others.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f),
                style_features, generated_features, weights)),
    Mistake("the style loss compares the raw activations, not their Gram matrices",
            "style is the correlations between channels: compare gram_matrix(generated) "
            "with gram_matrix(style), layer by layer.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * np.sum((f - a) ** 2) / (4.0 * n * n * m * m),
                style_features, generated_features, weights)),
    Mistake("each layer's weight is applied twice (w_l^2)",
            "multiply each layer's E_l by w_l once: L_style = sum_l w_l E_l.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * w * _gram_difference(a, f) / (4.0 * n * n * m * m),
                style_features, generated_features, weights)),
    Mistake("the layer weights are ignored (every layer counts with weight 1)",
            "L_style = sum_l w_l E_l with the weights given.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: _gram_difference(a, f) / (4.0 * n * n * m * m),
                style_features, generated_features, weights)),
    Mistake("the number of channels is fixed at 3 (the image's, as in Chollet's "
            "1/(4 * 3^2 * size^2)), not the layer's own N_l",
            "Gatys' E_l divides by 4 N_l^2 M_l^2 with N_l the layer's own channels.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * 9 * m * m),
                style_features, generated_features, weights)),
    Mistake("the factor 4 of 1/(4 N_l^2 M_l^2) is missing",
            "E_l = sum((G_l - A_l)^2) / (4 N_l^2 M_l^2).",
            lambda expected, style_features, generated_features, weights:
            4.0 * np.asarray(expected)),
    Mistake("the Gram matrices were divided by the positions M_l before the 1/(4 N^2 M^2) "
            "factor: the layer is normalised twice",
            "use the unnormalised Gram matrices (gram_matrix as its docstring says) inside "
            "the style loss.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * n * n * m ** 4),
                style_features, generated_features, weights)),
    Mistake("the squared Gram differences are averaged (divided by N_l^2 again), not summed",
            "E_l sums the N_l^2 squared differences, then divides by 4 N_l^2 M_l^2.",
            lambda expected, style_features, generated_features, weights: _style_sum(
                lambda a, f, w, n, m: w * _gram_difference(a, f) / (4.0 * n ** 4 * m * m),
                style_features, generated_features, weights)),
)


def _squares(content_features, generated_features) -> np.ndarray:
    return (np.asarray(generated_features, float) - np.asarray(content_features, float)) ** 2


CONTENT_LOSS = (
    Mistake("the squared differences are averaged, not summed",
            "Gatys' content loss is 1/2 * sum((F - P)^2) over every position and channel.",
            lambda expected, content_features, generated_features:
            0.5 * np.mean(_squares(content_features, generated_features))),
    Mistake("the 1/2 is missing (this is Chollet's sum of squares, without Gatys' 1/2)",
            "the docstring asks for Gatys' eq. 1: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features: 2.0 * np.asarray(expected)),
    Mistake("this is the mean squared difference (no 1/2, averaged)",
            "1/2 * sum((F - P)^2): a sum, with the factor 1/2.",
            lambda expected, content_features, generated_features:
            np.mean(_squares(content_features, generated_features))),
    Mistake("this is the Euclidean norm ||F - P|| (a square root), not half its square",
            "drop the square root: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features:
            np.sqrt(np.sum(_squares(content_features, generated_features)))),
    Mistake("absolute differences, not squared ones",
            "square the differences: 1/2 * sum((F - P)^2).",
            lambda expected, content_features, generated_features:
            0.5 * np.sum(np.abs(np.asarray(generated_features, float)
                                - np.asarray(content_features, float)))),
)


def _image(image) -> np.ndarray:
    x = np.asarray(image, dtype=float)
    return x[0] if x.ndim == 4 else x


def _vertical(x, gap=1):
    return x[gap:] - x[:-gap]


def _horizontal(x, gap=1):
    return x[:, gap:] - x[:, :-gap]


def _cropped(x):
    a = (x[:-1, :-1] - x[1:, :-1]) ** 2
    b = (x[:-1, :-1] - x[:-1, 1:]) ** 2
    return a, b


TOTAL_VARIATION = (
    Mistake("only the vertical differences (down the rows, axis H) are summed",
            "add the horizontal neighbour differences (along W) too.",
            lambda expected, image: np.sum(_vertical(_image(image)) ** 2)),
    Mistake("only the horizontal differences (along the columns, axis W) are summed",
            "add the vertical neighbour differences (along H) too.",
            lambda expected, image: np.sum(_horizontal(_image(image)) ** 2)),
    Mistake("the sign is flipped: the loss must be >= 0 and grow with the image's "
            "pixel-to-pixel variation",
            "sum the squared differences; do not negate them.",
            lambda expected, image: -np.asarray(expected)),
    Mistake("both terms are cropped to (H-1) x (W-1) (the slices of Chollet's code): "
            "the last row's horizontal and the last column's vertical pairs are missing",
            "take every vertical pair x[1:, :] - x[:-1, :] and every horizontal pair "
            "x[:, 1:] - x[:, :-1], each over the whole other axis.",
            lambda expected, image: sum(np.sum(t) for t in _cropped(_image(image)))),
    Mistake("this is Chollet's form sum((a + b)^1.25) (Mahendran & Vedaldi's beta = 2.5), "
            "not the squared form the docstring asks for",
            "sum the squared neighbour differences, each axis over all its pairs, no power.",
            lambda expected, image: np.sum(np.add(*_cropped(_image(image))) ** 1.25)),
    Mistake("absolute differences (the form tf.image.total_variation computes), not squared",
            "the docstring asks for the squared form: square the neighbour differences.",
            lambda expected, image: np.sum(np.abs(_vertical(_image(image))))
            + np.sum(np.abs(_horizontal(_image(image))))),
    Mistake("differences two pixels apart (x[2:] - x[:-2]): an off-by-one in the slices",
            "neighbours are one pixel apart: x[1:] - x[:-1] along each axis.",
            lambda expected, image: np.sum(_vertical(_image(image), 2) ** 2)
            + np.sum(_horizontal(_image(image), 2) ** 2)),
    Mistake("the squared differences are averaged, not summed",
            "sum them over all pairs and channels.",
            lambda expected, image: np.mean(_vertical(_image(image)) ** 2)
            + np.mean(_horizontal(_image(image)) ** 2)),
    Mistake("the differences wrap around the edges (np.roll / a circular shift adds the "
            "pair last row - first row)",
            "slice, do not roll: x[1:] - x[:-1] has H-1 rows.",
            lambda expected, image: np.sum((np.roll(_image(image), -1, axis=0)
                                            - _image(image)) ** 2)
            + np.sum((np.roll(_image(image), -1, axis=1) - _image(image)) ** 2)),
)


def _scaled(shape, n_octaves, octave_scale, powers, rounding=int):
    return np.array([[rounding(d / octave_scale ** i) for d in shape] for i in powers],
                    dtype=float)


def _compounded(shape, n_octaves, octave_scale):
    sizes = [tuple(int(d) for d in shape)]
    for _ in range(1, n_octaves):
        sizes.append(tuple(int(d / octave_scale) for d in sizes[-1]))
    return np.array(sizes[::-1], dtype=float)


OCTAVE_SHAPES = (
    Mistake("the list is reversed: it starts at the original size",
            "DeepDream starts at the smallest octave: smallest first, the original size last.",
            lambda expected, shape, n_octaves, octave_scale: np.asarray(expected)[::-1]),
    Mistake("the original size is missing (the octaves run from i = 1 to n_octaves)",
            "octave i = 0 is the original size; the list holds i = n_octaves - 1, ..., 0.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves, 0, -1))),
    Mistake("one octave too many (i = n_octaves, ..., 0)",
            "n_octaves sizes in all, the original included: i = n_octaves - 1, ..., 0.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves, -1, -1))),
    Mistake("the sizes are rounded to the nearest integer; the docstring truncates "
            "(int(dim / octave_scale ** i))",
            "use int(...), which rounds towards zero, as Chollet's code does.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves - 1, -1, -1), round)),
    Mistake("the sizes are rounded up; the docstring truncates (int(dim / octave_scale ** i))",
            "use int(...), which rounds towards zero.",
            lambda expected, shape, n_octaves, octave_scale:
            _scaled(shape, n_octaves, octave_scale, range(n_octaves - 1, -1, -1), math.ceil)),
    Mistake("each octave was computed from the previous one's truncated size, so the "
            "roundings compound",
            "compute every octave from the original size: int(dim / octave_scale ** i).",
            lambda expected, shape, n_octaves, octave_scale:
            _compounded(shape, n_octaves, octave_scale)),
    Mistake("the sizes grow with i (dim * octave_scale ** i): the octaves must be smaller "
            "than the original",
            "divide: int(dim / octave_scale ** i).",
            lambda expected, shape, n_octaves, octave_scale: np.array(
                [[int(d * octave_scale ** i) for d in shape] for i in range(n_octaves)],
                dtype=float)),
)


def _step(variant, output):
    from ..style import expected_ascent_step

    return lambda expected, image, feature_model, step_size: expected_ascent_step(
        feature_model, image, step_size, variant)[output]


# the new image a wrong step returns (checked first), then the loss it returns
ASCENT_STEP_IMAGE = (
    Mistake("the image moved down the gradient (descent): DeepDream climbs it",
            "add step_size * the normalised gradient: image + step_size * g / mean(|g|).",
            _step("descent", 1)),
    Mistake("the gradient is not normalised",
            "divide the gradient by the mean of its absolute values (at least 1e-8) before "
            "the step, so that step_size is the mean change per pixel.",
            _step("raw", 1)),
    Mistake("the gradient is divided by its L2 norm (Chollet's tf.math.l2_normalize), not "
            "by the mean of its absolute values",
            "the docstring follows Mordvintsev et al.'s notebook: g / max(mean(|g|), 1e-8).",
            _step("l2", 1)),
    Mistake("the objective is the mean activation, not the mean squared activation",
            "loss = sum over layers of mean(square(activation)).",
            _step("mean_activation", 1)),
)
ASCENT_STEP_LOSS = (
    Mistake("the objective is the mean activation, not the mean squared activation",
            "loss = sum over layers of mean(square(activation)).",
            _step("mean_activation", 0)),
    Mistake("the loss returned is the one after the step; return the loss at the image "
            "you were given (the one the gradient was taken at)",
            "compute the loss inside the tape, before the update, and return that.",
            _step("loss_after", 0)),
)
