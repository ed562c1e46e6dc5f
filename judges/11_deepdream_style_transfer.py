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
from gradelib.i18n import add, text
from gradelib.mistakes.style_transfer import (
    ASCENT_STEP_IMAGE,
    ASCENT_STEP_LOSS,
    CONTENT_LOSS,
    GRAM_MATRIX,
    OCTAVE_SHAPES,
    STYLE_LOSS,
    TOTAL_VARIATION,
)

add({
    "judge 11: name tensor": {"en": "gram_matrix (tensor)", "ko": "gram_matrix (텐서)"},
    "judge 11: name in tf.function": {
        "en": "{name} (in tf.function)",
        "ko": "{name} (tf.function 안에서)",
    },
    "judge 11: invalid": {
        "en": "the input is invalid ({problem})",
        "ko": "입력이 올바르지 않습니다({problem})",
    },
    "judge 11: valid one map": {
        "en": "It raised ValueError for valid input (a batch of one map).",
        "ko": "올바른 입력(맵 하나짜리 배치)에 ValueError를 일으켰습니다.",
    },
    "judge 11: valid two layers": {
        "en": "It raised ValueError for valid input (two layers of matching shapes).",
        "ko": "올바른 입력(모양이 맞는 두 층)에 ValueError를 일으켰습니다.",
    },
    "judge 11: octave list": {
        "en": "It returned {got}: expected a list of (height, width) tuples of ints.",
        "ko": "{got}을(를) 반환했습니다: 정수 (height, width) 튜플의 리스트를 기대했습니다.",
    },
    "judge 11: valid 1 x 1": {
        "en": "It raised ValueError for valid input (the smallest octave is 1 x 1).",
        "ko": "올바른 입력(가장 작은 옥타브가 1 x 1)에 ValueError를 일으켰습니다.",
    },
    "judge 11: ascent pair": {
        "en": "It returned {kind}: expected (loss, new_image).",
        "ko": "{kind}을(를) 반환했습니다: (loss, new_image)를 기대했습니다.",
    },
    "judge 11: name new image": {
        "en": "gradient_ascent_step ({how}: the new image)",
        "ko": "gradient_ascent_step ({how}: 새 이미지)",
    },
    "judge 11: name loss": {
        "en": "gradient_ascent_step ({how}: the loss)",
        "ko": "gradient_ascent_step ({how}: 손실)",
    },
    "judge 11: two layers": {"en": "two layers", "ko": "두 층"},
    "judge 11: one output": {"en": "one output", "ko": "출력 하나"},
    "judge 11: the features are 2-D": {
        "en": "the features are 2-D",
        "ko": "특성 맵이 2차원입니다",
    },
    "judge 11: the batch holds two maps": {
        "en": "the batch holds two maps",
        "ko": "배치에 맵이 두 개 있습니다",
    },
    "judge 11: the features are 1-D": {
        "en": "the features are 1-D",
        "ko": "특성 맵이 1차원입니다",
    },
    "judge 11: the features are 5-D": {
        "en": "the features are 5-D",
        "ko": "특성 맵이 5차원입니다",
    },
    "judge 11: the batch holds three maps": {
        "en": "the batch holds three maps",
        "ko": "배치에 맵이 세 개 있습니다",
    },
    "judge 11: a weight is missing": {
        "en": "a weight is missing",
        "ko": "가중치 하나가 빠졌습니다",
    },
    "judge 11: the first layer's two maps differ in shape": {
        "en": "the first layer's two maps differ in shape",
        "ko": "첫 번째 층의 두 맵의 모양이 다릅니다",
    },
    "judge 11: the lists are empty": {"en": "the lists are empty", "ko": "리스트가 비어 있습니다"},
    "judge 11: a generated map is missing": {
        "en": "a generated map is missing",
        "ko": "생성 이미지의 맵 하나가 빠졌습니다",
    },
    "judge 11: the channels differ": {"en": "the channels differ", "ko": "채널 수가 다릅니다"},
    "judge 11: the shapes differ": {"en": "the shapes differ", "ko": "모양이 다릅니다"},
    "judge 11: one has a batch axis": {
        "en": "one has a batch axis",
        "ko": "한쪽에만 배치 축이 있습니다",
    },
    "judge 11: the image is 2-D": {"en": "the image is 2-D", "ko": "이미지가 2차원입니다"},
    "judge 11: the batch holds two images": {
        "en": "the batch holds two images",
        "ko": "배치에 이미지가 두 장 있습니다",
    },
    "judge 11: the image is 5-D": {"en": "the image is 5-D", "ko": "이미지가 5차원입니다"},
    "judge 11: the batch holds four images": {
        "en": "the batch holds four images",
        "ko": "배치에 이미지가 네 장 있습니다",
    },
    "judge 11: n_octaves is 0": {"en": "n_octaves is 0", "ko": "n_octaves가 0입니다"},
    "judge 11: octave_scale is 1": {"en": "octave_scale is 1", "ko": "octave_scale이 1입니다"},
    "judge 11: the shape has three numbers": {
        "en": "the shape has three numbers",
        "ko": "shape에 수가 세 개 있습니다",
    },
    "judge 11: a side is 0": {"en": "a side is 0", "ko": "한 변이 0입니다"},
    "judge 11: the smallest octave would be 0 pixels high": {
        "en": "the smallest octave would be 0 pixels high",
        "ko": "가장 작은 옥타브의 높이가 0픽셀이 됩니다",
    },
    "judge 11: n_octaves is negative": {
        "en": "n_octaves is negative",
        "ko": "n_octaves가 음수입니다",
    },
    "judge 11: octave_scale is below 1": {
        "en": "octave_scale is below 1",
        "ko": "octave_scale이 1보다 작습니다",
    },
    "judge 11: the shape has one number": {
        "en": "the shape has one number",
        "ko": "shape에 수가 하나뿐입니다",
    },
    "judge 11: a side is negative": {"en": "a side is negative", "ko": "한 변이 음수입니다"},
    "judge 11: the smallest octave would be 0 pixels wide": {
        "en": "the smallest octave would be 0 pixels wide",
        "ko": "가장 작은 옥타브의 너비가 0픽셀이 됩니다",
    },
})


def invalid(problem: str) -> str:
    """check_raises' problem: the input is invalid (what is wrong with it)."""
    return text("judge 11: invalid", problem=text(f"judge 11: {problem}"))


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
                         name=text("judge 11: name tensor"), inputs={"features": f32}, rtol=1e-5,
                         atol=1e-5, mistakes=GRAM_MATRIX)
    value, _ = student.call_state("gram_matrix", wire.Tensor(f32), compiled=True)
    gradelib.check_close(value, _channels_gram(f32),
                         name=text("judge 11: name in tf.function", name="gram_matrix"),
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
                              invalid(problem))
    try:
        student.call("gram_matrix", np.ones((1, 2, 2, 3)))
    except ValueError:
        gradelib.fail("gram_matrix", {"features": np.ones((1, 2, 2, 3))},
                      text("judge 11: valid one map"))


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
    gradelib.check_close(value, _judge_style(s3, g3, weights),
                         name=text("judge 11: name in tf.function", name="style_loss"),
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
                              invalid(problem))
    try:
        student.call("style_loss", [a, b], [a, b], [0.5, 0.5])
    except ValueError:
        gradelib.fail("style_loss", {"style_features": [a, b], "generated_features": [a, b],
                                     "weights": [0.5, 0.5]},
                      text("judge 11: valid two layers"))


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
    gradelib.check_close(value, _judge_content(p32, f32),
                         name=text("judge 11: name in tf.function", name="content_loss"),
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
                              ValueError, invalid(problem))


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
    gradelib.check_close(value, _judge_tv(x32),
                         name=text("judge 11: name in tf.function", name="total_variation_loss"),
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
        gradelib.check_raises(tv, {"image": image}, ValueError, invalid(problem))


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
                          text("judge 11: octave list", got=repr(got)))
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
                              invalid(problem))
    try:
        student.call("octave_shapes", (2, 2), 2, 2.0)
    except ValueError:
        gradelib.fail("octave_shapes", {"shape": (2, 2), "n_octaves": 2, "octave_scale": 2.0},
                      text("judge 11: valid 1 x 1"))


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
                      text("judge 11: ascent pair", kind=type(value).__name__))
    loss, new_image = value
    gradelib.check_close(new_image, want_image, name=text("judge 11: name new image", how=how),
                         inputs=inputs, rtol=1e-5, atol=1e-7, mistakes=ASCENT_STEP_IMAGE)
    gradelib.check_close(loss, want_loss, name=text("judge 11: name loss", how=how),
                         inputs=inputs, rtol=1e-6, mistakes=ASCENT_STEP_LOSS)


def test_gradient_ascent_step(student):
    rng = np.random.default_rng(4)
    model = style.tiny_dream_model(seed=0)
    _judge_ascent(student, model, rng.uniform(size=(1, 6, 5, 1)), 0.1,
                  text("judge 11: two layers"))
    # hidden: another network and step size; a model with a single output (not a list)
    other = style.tiny_dream_model(seed=7)
    _judge_ascent(student, other, rng.uniform(size=(1, 4, 7, 1)), 0.3,
                  text("judge 11: two layers"))
    single = _single_output_model(8)
    _judge_ascent(student, single, rng.uniform(size=(1, 5, 4, 2)), 0.02,
                  text("judge 11: one output"))
