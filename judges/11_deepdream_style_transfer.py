"""Hidden tests of 11_deepdream_style_transfer, run by the grader outside the student's
kernel (gradelib.grading.judge). One function per autograded test cell, named by its
grade_id; each repeats the cell's visible checks and adds the hidden ones.

The references are computed here in float64 NumPy from Gatys et al. (2016): the Gram
matrix by tensordot over the position axes, the style loss from it with the per-layer
1/(4 N^2 M^2), the content loss and the squared total variation by slicing; the octave
sizes from Chollet's int(dim / scale ** i); the DeepDream step by centred differences
(gradelib.style.expected_ascent_step) on a model sent as a ModelSpec."""

import math

import keras
import numpy as np

import gradelib
from gradelib import style, wire
from gradelib.grading.judge import check_autodiff
from gradelib.mistakes.style_transfer import (
    ASCENT_STEP_IMAGE,
    ASCENT_STEP_LOSS,
    CONTENT_LOSS,
    GRAM_MATRIX,
    OCTAVE_SHAPES,
    STYLE_LOSS,
    TOTAL_VARIATION,
)


def _channels_gram(features):
    x = np.asarray(features, dtype=np.float64)
    if x.ndim == 4:
        x = x[0]
    return np.tensordot(x, x, axes=([0, 1], [0, 1]))


def _judge_style(style_maps, generated_maps, weights):
    total = 0.0
    for s, g, w in zip(style_maps, generated_maps, weights, strict=True):
        shape = np.shape(s)
        channels, positions = shape[-1], shape[-2] * shape[-3]
        squared = np.sum((_channels_gram(g) - _channels_gram(s)) ** 2)
        total += w * squared / (4.0 * channels ** 2 * positions ** 2)
    return total


def _judge_content(p, f):
    return 0.5 * float(np.sum((np.asarray(f, np.float64) - np.asarray(p, np.float64)) ** 2))


def _judge_tv(image):
    x = np.asarray(image, dtype=np.float64)
    if x.ndim == 4:
        x = x[0]
    return float(np.sum(np.diff(x, axis=0) ** 2) + np.sum(np.diff(x, axis=1) ** 2))


def _judge_octaves(shape, n_octaves, octave_scale):
    return [tuple(math.floor(d / octave_scale ** k) for d in shape)
            for k in reversed(range(n_octaves))]


def _expected():
    return np.load(gradelib.data_path("11_deepdream_style_transfer", "expected.npz"))


def test_gram_matrix(student):
    gram_matrix = student.function("gram_matrix")
    data = _expected()
    tiny = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    rng = np.random.default_rng(110)
    cases = [data["gram_features_a"], data["gram_features_b"], tiny,
             # hidden: H != W with more channels, a batch of one, a single position
             rng.normal(size=(3, 7, 5)), rng.uniform(size=(1, 4, 2, 6)), rng.normal(size=(1, 1, 4))]
    for features in cases:
        gradelib.check_close(gram_matrix(features), _channels_gram(features), name="gram_matrix",
                             inputs={"features": features}, mistakes=GRAM_MATRIX)
    # float32 tensors, eagerly and compiled
    f32 = rng.normal(size=(1, 5, 3, 4)).astype(np.float32)
    gradelib.check_close(gram_matrix(wire.Tensor(f32)), _channels_gram(f32),
                         name="gram_matrix (tensor)", inputs={"features": f32}, rtol=1e-5,
                         atol=1e-5, mistakes=GRAM_MATRIX)
    value, _ = student.call_state("gram_matrix", wire.Tensor(f32), compiled=True)
    gradelib.check_close(value, _channels_gram(f32), name="gram_matrix (in tf.function)",
                         inputs={"features": f32}, rtol=1e-5, atol=1e-5, mistakes=GRAM_MATRIX)
    small = rng.normal(size=(2, 3, 2))
    check_autodiff(student, "gram_matrix", [small], position=0, reference=_channels_gram,
                   name="gram_matrix", inputs={"features": small}, wrt="features")


def test_gram_matrix_validation(student):
    gram_matrix = student.function("gram_matrix")
    bad = {"the features are 2-D": np.ones((4, 3)),
           "the batch holds two maps": np.ones((2, 3, 3, 2)),
           # hidden
           "the features are 1-D": np.ones(5),
           "the features are 5-D": np.ones((1, 1, 2, 2, 3)),
           "the batch holds three maps": np.ones((3, 2, 2, 1))}
    for problem, features in bad.items():
        gradelib.check_raises(gram_matrix, {"features": features}, ValueError,
                              f"the input is invalid ({problem})")
    try:
        student.call("gram_matrix", np.ones((1, 2, 2, 3)))
    except ValueError:
        gradelib.fail("gram_matrix", {"features": np.ones((1, 2, 2, 3))},
                      "It raised ValueError for valid input (a batch of one map).")


def test_style_loss(student):
    style_loss = student.function("style_loss")
    data = _expected()
    s = [data["style_style_0"], data["style_style_1"]]
    g = [data["style_generated_0"], data["style_generated_1"]]
    w = [float(v) for v in data["style_weights"]]
    rng = np.random.default_rng(111)
    # hidden: three layers without the batch axis, other weights; one layer
    s3 = [rng.uniform(size=(5, 5, 3)), rng.uniform(size=(3, 4, 6)), rng.uniform(size=(2, 2, 10))]
    g3 = [m + rng.normal(0, 0.4, m.shape) for m in s3]
    cases = [(s, g, w), (s, [m[:, ::-1, ::-1] for m in s], w), (s[:1], g[:1], [1.0]),
             (s[1:], g[1:], [1.0]), (s3, g3, [0.5, 0.2, 2.0]), (s3[2:], g3[2:], [3.0])]
    for style_maps, generated_maps, weights in cases:
        inputs = {"style_features": style_maps, "generated_features": generated_maps,
                  "weights": weights}
        gradelib.check_close(style_loss(style_maps, generated_maps, weights),
                             _judge_style(style_maps, generated_maps, weights), name="style_loss",
                             inputs=inputs, atol=1e-12, mistakes=STYLE_LOSS)
    # float32 tensors, compiled, as the style transfer loop runs it
    s32 = [wire.Tensor(m.astype(np.float32)) for m in s3]
    g32 = [wire.Tensor(m.astype(np.float32)) for m in g3]
    weights = [0.5, 0.2, 2.0]
    value, _ = student.call_state("style_loss", s32, g32, weights, compiled=True)
    inputs = {"style_features": s3, "generated_features": g3, "weights": weights}
    gradelib.check_close(value, _judge_style(s3, g3, weights), name="style_loss (in tf.function)",
                         inputs=inputs, rtol=1e-4, mistakes=STYLE_LOSS)


def test_style_loss_validation(student):
    style_loss = student.function("style_loss")
    a, b = np.ones((1, 4, 4, 2)), np.ones((1, 2, 2, 2))
    bad = {"a weight is missing": ([a, b], [a, b], [1.0]),
           "the first layer's two maps differ in shape": ([a], [b], [1.0]),
           "the lists are empty": ([], [], []),
           # hidden
           "a generated map is missing": ([a, b], [a], [1.0, 1.0]),
           "the channels differ": ([np.ones((3, 3, 2))], [np.ones((3, 3, 4))], [1.0])}
    for problem, (s, g, w) in bad.items():
        gradelib.check_raises(style_loss, {"style_features": s, "generated_features": g,
                                           "weights": w}, ValueError,
                              f"the input is invalid ({problem})")
    try:
        student.call("style_loss", [a, b], [a, b], [0.5, 0.5])
    except ValueError:
        gradelib.fail("style_loss", {"style_features": [a, b], "generated_features": [a, b],
                                     "weights": [0.5, 0.5]},
                      "It raised ValueError for valid input (two layers of matching shapes).")


def test_content_loss(student):
    content_loss = student.function("content_loss")
    data = _expected()
    rng = np.random.default_rng(112)
    p, f = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4, 2))   # hidden: no batch axis
    cases = [(data["content_content"], data["content_generated"]),
             (np.zeros((1, 1, 2, 1)), np.array([[[[2.0], [-1.0]]]])), (p, f), (p, p)]
    for a, b in cases:
        gradelib.check_close(content_loss(a, b), _judge_content(a, b), name="content_loss",
                             inputs={"content_features": a, "generated_features": b},
                             atol=1e-12, mistakes=CONTENT_LOSS)
    p32, f32 = p.astype(np.float32)[None], f.astype(np.float32)[None]
    value, _ = student.call_state("content_loss", wire.Tensor(p32), wire.Tensor(f32),
                                  compiled=True)
    gradelib.check_close(value, _judge_content(p32, f32), name="content_loss (in tf.function)",
                         inputs={"content_features": p32, "generated_features": f32}, rtol=1e-5,
                         mistakes=CONTENT_LOSS)
    check_autodiff(student, "content_loss", [p, f], position=1, reference=_judge_content,
                   name="content_loss", inputs={"content_features": p, "generated_features": f},
                   wrt="generated_features")


def test_content_loss_validation(student):
    content_loss = student.function("content_loss")
    bad = {"the shapes differ": (np.ones((1, 4, 4, 3)), np.ones((1, 4, 3, 3))),
           # hidden
           "the channels differ": (np.ones((2, 2, 3)), np.ones((2, 2, 4))),
           "one has a batch axis": (np.ones((1, 2, 2, 3)), np.ones((2, 2, 3)))}
    for problem, (a, b) in bad.items():
        gradelib.check_raises(content_loss, {"content_features": a, "generated_features": b},
                              ValueError, f"the input is invalid ({problem})")


def test_total_variation_loss(student):
    tv = student.function("total_variation_loss")
    data = _expected()
    rng = np.random.default_rng(113)
    tiny = np.array([[0.0, 1.0], [2.0, 4.0]])[:, :, None]
    picture = data["tv_image"]
    cases = [picture, tiny, picture[None], np.full((3, 4, 2), 0.7),
             # hidden: tall and wide images, one row, one column, a ramp
             rng.uniform(size=(7, 3, 1)), rng.uniform(size=(1, 2, 9, 3)),
             rng.uniform(size=(1, 5, 2)), rng.uniform(size=(4, 1, 3)),
             np.tile(np.arange(6.0)[None, :, None], (4, 1, 2))]
    for image in cases:
        gradelib.check_close(tv(image), _judge_tv(image), name="total_variation_loss",
                             inputs={"image": image}, atol=1e-12, mistakes=TOTAL_VARIATION)
    x32 = rng.uniform(size=(1, 6, 7, 3)).astype(np.float32)
    value, _ = student.call_state("total_variation_loss", wire.Tensor(x32), compiled=True)
    gradelib.check_close(value, _judge_tv(x32), name="total_variation_loss (in tf.function)",
                         inputs={"image": x32}, rtol=1e-5, mistakes=TOTAL_VARIATION)
    small = rng.uniform(size=(3, 3, 2))
    check_autodiff(student, "total_variation_loss", [small], position=0, reference=_judge_tv,
                   name="total_variation_loss", inputs={"image": small}, wrt="image")


def test_total_variation_loss_validation(student):
    tv = student.function("total_variation_loss")
    bad = {"the image is 2-D": np.ones((4, 4)),
           "the batch holds two images": np.ones((2, 4, 4, 3)),
           # hidden
           "the image is 5-D": np.ones((1, 1, 3, 3, 3)),
           "the batch holds four images": np.ones((4, 3, 3, 1))}
    for problem, image in bad.items():
        gradelib.check_raises(tv, {"image": image}, ValueError, f"the input is invalid ({problem})")


# sizes whose d / scale ** k is nowhere near an integer (k > 0), so that int() is not
# at the mercy of rounding in the last bit
OCTAVE_CASES = [((128, 96), 3, 1.4), ((100, 100), 4, 2.0), ((130, 97), 3, 1.4), ((33, 47), 1, 1.4),
                ((226, 302), 4, 1.4), ((17, 9), 2, 1.5), ((64, 81), 3, 1.3), ((500, 375), 5, 1.4)]


def test_octave_shapes(student):
    octave_shapes = student.function("octave_shapes")
    for shape, n, scale in OCTAVE_CASES:
        inputs = {"shape": shape, "n_octaves": n, "octave_scale": scale}
        got = octave_shapes(shape, n, scale)
        if not isinstance(got, (list, tuple)) or not all(
                np.shape(s) == (2,) and all(float(d).is_integer() for d in s) for s in got):
            gradelib.fail("octave_shapes", inputs,
                          f"It returned {got!r}: expected a list of (height, width) "
                          f"tuples of ints.")
        gradelib.check_close(np.array(got, dtype=float),
                             np.array(_judge_octaves(shape, n, scale), dtype=float),
                             name="octave_shapes", inputs=inputs, mistakes=OCTAVE_SHAPES)


def test_octave_shapes_validation(student):
    octave_shapes = student.function("octave_shapes")
    bad = {"n_octaves is 0": ((64, 64), 0, 1.4), "octave_scale is 1": ((64, 64), 3, 1.0),
           "the shape has three numbers": ((64, 64, 3), 3, 1.4), "a side is 0": ((0, 64), 2, 1.4),
           "the smallest octave would be 0 pixels high": ((3, 64), 5, 1.4),
           # hidden
           "n_octaves is negative": ((64, 64), -2, 1.4),
           "octave_scale is below 1": ((64, 64), 2, 0.7),
           "the shape has one number": ((64,), 2, 1.4), "a side is negative": ((32, -5), 1, 1.4),
           "the smallest octave would be 0 pixels wide": ((64, 2), 3, 2.0)}
    for problem, (shape, n, scale) in bad.items():
        gradelib.check_raises(octave_shapes, {"shape": shape, "n_octaves": n,
                                              "octave_scale": scale}, ValueError,
                              f"the input is invalid ({problem})")
    try:
        student.call("octave_shapes", (2, 2), 2, 2.0)
    except ValueError:
        gradelib.fail("octave_shapes", {"shape": (2, 2), "n_octaves": 2, "octave_scale": 2.0},
                      "It raised ValueError for valid input (the smallest octave is 1 x 1).")


def _single_output_model(seed):
    rng = np.random.default_rng(seed)
    image = keras.Input((None, None, 2), dtype="float64")
    out = keras.layers.Conv2D(3, 3, activation="tanh", dtype="float64")(image)
    model = keras.Model(image, out)
    model.set_weights([rng.normal(0, 0.7, w.shape) + 0.05 for w in model.get_weights()])
    return model


def _judge_ascent(student, model, image, step_size, how):
    inputs = {"image": image, "feature_model": model, "step_size": step_size}
    want_loss, want_image = style.expected_ascent_step(model, image, step_size)
    spec = wire.ModelSpec(model.to_json(), model.get_weights(), type(model).__name__)
    value, _ = student.call_state("gradient_ascent_step", wire.Tensor(image), spec, step_size,
                                  compiled=True)
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        gradelib.fail("gradient_ascent_step", inputs,
                      f"It returned {type(value).__name__}: expected (loss, new_image).")
    loss, new_image = value
    gradelib.check_close(new_image, want_image, name=f"gradient_ascent_step ({how}: the new image)",
                         inputs=inputs, rtol=1e-5, atol=1e-7, mistakes=ASCENT_STEP_IMAGE)
    gradelib.check_close(loss, want_loss, name=f"gradient_ascent_step ({how}: the loss)",
                         inputs=inputs, rtol=1e-6, mistakes=ASCENT_STEP_LOSS)


def test_gradient_ascent_step(student):
    rng = np.random.default_rng(4)
    model = style.tiny_dream_model(seed=0)
    _judge_ascent(student, model, rng.uniform(size=(1, 6, 5, 1)), 0.1, "two layers")
    # hidden: another network and step size; a model with a single output (not a list)
    other = style.tiny_dream_model(seed=7)
    _judge_ascent(student, other, rng.uniform(size=(1, 4, 7, 1)), 0.3, "two layers")
    single = _single_output_model(8)
    _judge_ascent(student, single, rng.uniform(size=(1, 5, 4, 2)), 0.02, "one output")
