"""Hidden tests of 12_cyclegan_and_beyond, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

References are computed here in float64 NumPy: the two L1 losses, the fade-in, AdaIN from
its definition (Huang & Belongie 2017, eq. 5, 6, 8); the truncated-normal sampler is
checked by the chi-square test of ``gradelib.cyclegan.check_truncated_normal`` against
``scipy.stats.truncnorm``'s equal-probability bins (false-failure rate 1e-3 per test,
five tests here: at most 5e-3 over seeds, fixed seeds here)."""

import numpy as np

import gradelib
from gradelib import cyclegan, wire
from gradelib.grading.judge import check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes.cyclegan import (
    ADAIN,
    CYCLE_LOSS,
    FADE_IN,
    IDENTITY_LOSS,
    TRUNCATED_NORMAL,
)
from gradelib.models import from_spec

add({
    "judge 12: float32 tensors": {"en": "{name} (float32 tensors)", "ko": "{name} (float32 텐서)"},
    "judge 12: float32 tensors, tf.function": {
        "en": "{name} (float32 tensors, tf.function)",
        "ko": "{name} (float32 텐서, tf.function)",
    },
    "judge 12: alpha a tensor": {
        "en": "fade_in (float32 tensors, alpha a tensor)",
        "ko": "fade_in (float32 텐서, alpha도 텐서)",
    },
    "judge 12: model name": {
        "en": "The model is called {name}: pass name to it.",
        "ko": "모델 이름이 {name}입니다: 모델에 name을 넘기세요.",
    },
    "judge 12: same state": {
        "en": "Called twice with generators in the same state, it gave different draws: draw only "
              "with rng (rng.standard_normal), not with np.random's global functions.",
        "ko": "상태가 같은 난수 생성기로 두 번 호출했는데 다른 값을 뽑았습니다: np.random의 전역 "
              "함수가 아니라 rng(rng.standard_normal)로만 뽑으세요.",
    },
    "judge 12: seeds 7 and 8": {
        "en": "Generators seeded 7 and 8 gave the same draws: draw with rng.",
        "ko": "시드 7과 8인 난수 생성기가 같은 값을 뽑았습니다: rng로 뽑으세요.",
    },
    "judge 12: valid threshold": {
        "en": "It raised ValueError for a valid threshold.",
        "ko": "올바른 threshold에 ValueError를 일으켰습니다.",
    },
    "judge 12: valid style size": {
        "en": "It raised ValueError for valid input (a style map of another spatial size).",
        "ko": "올바른 입력(공간 크기가 다른 style 맵)에 ValueError를 일으켰습니다.",
    },
    "judge 12: the threshold is 0": {"en": "the threshold is 0", "ko": "threshold가 0입니다"},
    "judge 12: the threshold is negative": {
        "en": "the threshold is negative",
        "ko": "threshold가 음수입니다",
    },
    "judge 12: the threshold is NaN": {
        "en": "the threshold is NaN",
        "ko": "threshold가 NaN입니다",
    },
    "judge 12: the threshold is -0.5": {
        "en": "the threshold is -0.5",
        "ko": "threshold가 -0.5입니다",
    },
    "judge 12: the threshold is -inf": {
        "en": "the threshold is -inf",
        "ko": "threshold가 -inf입니다",
    },
    "judge 12: content is not 4-D": {
        "en": "content is not 4-D",
        "ko": "content가 4차원이 아닙니다",
    },
    "judge 12: style is not 4-D": {"en": "style is not 4-D", "ko": "style이 4차원이 아닙니다"},
    "judge 12: the channel counts differ": {
        "en": "the channel counts differ",
        "ko": "채널 수가 다릅니다",
    },
    "judge 12: the batch sizes differ": {
        "en": "the batch sizes differ",
        "ko": "배치 크기가 다릅니다",
    },
    "judge 12: content is 5-D": {"en": "content is 5-D", "ko": "content가 5차원입니다"},
    "judge 12: style is 2-D": {"en": "style is 2-D", "ko": "style이 2차원입니다"},
    "judge 12: the channel counts differ (style has fewer)": {
        "en": "the channel counts differ (style has fewer)",
        "ko": "채널 수가 다릅니다(style 쪽이 더 적습니다)",
    },
})


def _l1(a, b):
    return float(np.mean(np.abs(np.asarray(a, float) - np.asarray(b, float))))


def _cycle_reference(real_x, cycled_x, real_y, cycled_y, weight):
    return weight * (_l1(cycled_x, real_x) + _l1(cycled_y, real_y))


def _identity_reference(real_x, same_x, real_y, same_y, weight):
    return weight * (_l1(same_y, real_y) + _l1(same_x, real_x))


def _loss_cases(seed):
    rng = np.random.default_rng(seed)
    cases = []
    for n, m, shape, weight in [(4, 4, (5, 5, 1), 10.0), (4, 4, (5, 5, 1), 1.0),
                                # hidden: batches of other sizes and shapes, other weights,
                                # values in [0, 1] (tanh or sigmoid outputs alike)
                                (3, 5, (6, 6, 1), 10.0), (2, 2, (4, 4, 3), 0.5),
                                (1, 6, (28, 28, 1), 7.0)]:
        real_x, out_x = rng.uniform(-1, 1, (n, *shape)), rng.uniform(-1, 1, (n, *shape))
        real_y, out_y = rng.uniform(0, 1, (m, *shape)), rng.uniform(0, 1, (m, *shape))
        cases.append((real_x, out_x, real_y, out_y, weight))
    return cases


def _judge_pair_loss(student, function, names, reference, mistakes, seed):
    loss = student.function(function)
    for args in _loss_cases(seed):
        inputs = dict(zip(names, args, strict=True))
        gradelib.check_close(loss(*args), reference(*args), name=function, inputs=inputs,
                             rtol=1e-6, atol=1e-9, mistakes=mistakes)
    # a worked example: X off by 0.5 everywhere, Y perfect
    args = (np.zeros((2, 3, 3, 1)), np.full((2, 3, 3, 1), 0.5), np.ones((2, 3, 3, 1)),
            np.ones((2, 3, 3, 1)), 10.0)
    gradelib.check_close(loss(*args), 5.0, name=function,
                         inputs=dict(zip(names, args, strict=True)), mistakes=mistakes)
    # differentiable with respect to both generated batches (keras.ops, not NumPy)
    args = list(_loss_cases(seed + 2)[0])
    inputs = dict(zip(names, args, strict=True))
    for position in (1, 3):
        check_autodiff(student, function, args, position=position, reference=reference,
                       name=function, inputs=inputs, wrt=names[position])
    # float32 tensors, eagerly and under tf.function (a training step's graph)
    real_x, out_x, real_y, out_y, weight = _loss_cases(seed + 1)[2]
    tensors = [wire.Tensor(a.astype(np.float32)) for a in (real_x, out_x, real_y, out_y)]
    want = reference(*(a.astype(np.float32) for a in (real_x, out_x, real_y, out_y)), weight)
    inputs = dict(zip(names, (real_x, out_x, real_y, out_y, weight), strict=True))
    gradelib.check_close(loss(*tensors, weight), want,
                         name=text("judge 12: float32 tensors", name=function),
                         inputs=inputs, rtol=1e-5, atol=1e-6, mistakes=mistakes)
    got, _ = student.call_state(function, *tensors, weight, compiled=True)
    gradelib.check_close(got, want,
                         name=text("judge 12: float32 tensors, tf.function", name=function),
                         inputs=inputs, rtol=1e-5, atol=1e-6, mistakes=mistakes)


def test_cycle_consistency_loss(student):
    _judge_pair_loss(student, "cycle_consistency_loss",
                     ("real_x", "cycled_x", "real_y", "cycled_y", "weight"), _cycle_reference,
                     CYCLE_LOSS, seed=0)


def test_identity_loss(student):
    _judge_pair_loss(student, "identity_loss", ("real_x", "same_x", "real_y", "same_y", "weight"),
                     _identity_reference, IDENTITY_LOSS, seed=10)
    # generators that leave their own domain alone: 0
    rng = np.random.default_rng(11)
    real_x, real_y = rng.uniform(-1, 1, (3, 4, 4, 1)), rng.uniform(-1, 1, (2, 4, 4, 1))
    gradelib.check_close(student.call("identity_loss", real_x, real_x, real_y, real_y, 5.0), 0.0,
                         name="identity_loss",
                         inputs={"real_x": real_x, "same_x": real_x, "real_y": real_y,
                                 "same_y": real_y, "weight": 5.0}, atol=1e-9,
                         mistakes=IDENTITY_LOSS)


def test_build_translator(student):
    # visible sizes, then hidden: one channel, a 1x1 kernel, a wide 7x7 one
    for channels, kernel_size in [(16, 3), (4, 5), (1, 3), (3, 1), (2, 7)]:
        inputs = {"channels": channels, "kernel_size": kernel_size}
        spec = student.call("build_translator", channels, kernel_size)
        model = from_spec(spec, name="build_translator", inputs=inputs)
        cyclegan.check_translator(model, channels=channels, kernel_size=kernel_size,
                                  name="build_translator", inputs=inputs)
    spec = student.call("build_translator", 8, 3, name="G")
    model = from_spec(spec, name="build_translator", inputs={"name": "G"})
    if model.name != "G":
        gradelib.fail("build_translator", {"name": "G"},
                      text("judge 12: model name", name=repr(model.name)))


def test_fade_in(student):
    fade_in = student.function("fade_in")
    rng = np.random.default_rng(2)
    old, new = rng.normal(size=(2, 4, 4, 3)), rng.normal(size=(2, 4, 4, 3))
    # hidden: more alphas, another shape
    cases = [(old, new, a) for a in (0.0, 0.3, 1.0, 0.75)]
    cases.append((rng.normal(size=(3, 8, 8, 1)), rng.normal(size=(3, 8, 8, 1)), 0.1))
    for o, n, a in cases:
        gradelib.check_close(fade_in(o, n, a), (1 - a) * o + a * n, name="fade_in",
                             inputs={"upsampled_old": o, "new": n, "alpha": a}, mistakes=FADE_IN)
    o32, n32 = old.astype(np.float32), new.astype(np.float32)
    inputs = {"upsampled_old": old, "new": new, "alpha": 0.25}
    want = 0.75 * o32.astype(float) + 0.25 * n32.astype(float)
    got, _ = student.call_state("fade_in", wire.Tensor(o32), wire.Tensor(n32),
                                wire.Tensor(np.float32(0.25)), compiled=True)
    gradelib.check_close(got, want,
                         name=text("judge 12: float32 tensors, tf.function", name="fade_in"),
                         inputs=inputs, rtol=1e-5, atol=1e-6, mistakes=FADE_IN)
    got = fade_in(wire.Tensor(o32), wire.Tensor(n32), wire.Tensor(np.float32(0.6)))
    gradelib.check_close(got, 0.4 * o32.astype(float) + 0.6 * n32.astype(float),
                         name=text("judge 12: alpha a tensor"),
                         inputs={**inputs, "alpha": 0.6}, rtol=1e-5, atol=1e-6, mistakes=FADE_IN)


def _judge_sampler(student, shape, threshold, seed):
    inputs = {"shape": shape, "threshold": threshold, "rng": f"np.random.default_rng({seed})"}
    draws = student.call("truncated_normal", shape, threshold, np.random.default_rng(seed))
    want_shape = (shape,) if isinstance(shape, int) else tuple(shape)
    cyclegan.check_truncated_normal(draws, threshold, name="truncated_normal", inputs=inputs,
                                    shape=want_shape, mistakes=TRUNCATED_NORMAL)
    return draws


def test_truncated_normal(student):
    _judge_sampler(student, (20000,), 1.0, 0)
    _judge_sampler(student, (20000,), 2.0, 1)
    # hidden: a 2-D shape (latent vectors), a tight threshold, an int shape, no truncation
    _judge_sampler(student, (400, 50), 0.5, 5)
    _judge_sampler(student, 20000, 0.1, 6)
    _judge_sampler(student, (20000,), np.inf, 7)
    # the same generator state gives the same draws; another state other draws
    inputs = {"shape": (50, 8), "threshold": 0.5, "rng": "np.random.default_rng(7)"}
    first = student.call("truncated_normal", (50, 8), 0.5, np.random.default_rng(7))
    gradelib.check_shape(first, (50, 8), name="truncated_normal", inputs=inputs)
    again = student.call("truncated_normal", (50, 8), 0.5, np.random.default_rng(7))
    if not np.array_equal(np.asarray(again, float), np.asarray(first, float)):
        gradelib.fail("truncated_normal", inputs,
                      text("judge 12: same state"))
    other = student.call("truncated_normal", (50, 8), 0.5, np.random.default_rng(8))
    if np.allclose(np.asarray(other, float), np.asarray(first, float)):
        gradelib.fail("truncated_normal", inputs,
                      text("judge 12: seeds 7 and 8"))


def test_truncated_normal_validation(student):
    truncated_normal = student.function("truncated_normal")
    problems = {"the threshold is 0": 0.0, "the threshold is negative": -1.0,
                "the threshold is NaN": np.nan,
                # hidden
                "the threshold is -0.5": -0.5, "the threshold is -inf": -np.inf}
    for problem, threshold in problems.items():
        gradelib.check_raises(truncated_normal, {"shape": (3,), "threshold": threshold,
                                                 "rng": np.random.default_rng(0)},
                              ValueError, text(f"judge 12: {problem}"))
    try:
        student.call("truncated_normal", (3,), 3.0, np.random.default_rng(0))
    except ValueError:
        gradelib.fail("truncated_normal", {"shape": (3,), "threshold": 3.0},
                      text("judge 12: valid threshold"))


def _adain_reference(content, style, epsilon):
    content, style = np.asarray(content, float), np.asarray(style, float)
    c_mean = content.mean(axis=(1, 2), keepdims=True)
    s_mean = style.mean(axis=(1, 2), keepdims=True)
    c_std = np.sqrt(content.var(axis=(1, 2), keepdims=True) + epsilon)
    s_std = np.sqrt(style.var(axis=(1, 2), keepdims=True) + epsilon)
    return s_std * (content - c_mean) / c_std + s_mean


def test_adain(student):
    adain = student.function("adain")
    rng = np.random.default_rng(3)
    cases = [(rng.normal(1.0, 2.0, (2, 4, 4, 3)), rng.normal(-3.0, 0.5, (2, 4, 4, 3)), 1e-5),
             (rng.normal(0.0, 0.01, (2, 3, 3, 2)), rng.normal(0.05, 0.02, (2, 3, 3, 2)), 1e-4),
             (rng.normal(2, 3, (2, 5, 5, 3)), rng.normal(-1, 2, (2, 3, 3, 3)), 1e-5)]
    # hidden: other sizes (a style of another shape, one channel, batch of one), channels
    # of very different scales, a larger epsilon
    rng = np.random.default_rng(30)
    scales = np.array([0.01, 1.0, 10.0, 0.1])
    cases += [(rng.normal(size=(3, 6, 6, 4)) * scales, rng.normal(2, 1, (3, 2, 8, 4)) * scales,
               1e-5),
              (rng.normal(size=(1, 4, 4, 1)), rng.normal(3, 2, (1, 4, 4, 1)), 1e-3),
              (rng.normal(0, 0.05, (2, 4, 4, 5)), rng.normal(0, 0.05, (2, 4, 4, 5)), 1e-2)]
    for content, style, epsilon in cases:
        want = _adain_reference(content, style, epsilon)
        gradelib.check_close(adain(content, style, epsilon), want, name="adain",
                             inputs={"content": content, "style": style, "epsilon": epsilon},
                             rtol=1e-5, atol=1e-7, mistakes=ADAIN)
    # differentiable (the sum of the output depends on the style through mu(style) only)
    content, style = cases[2][0], cases[2][1]
    check_autodiff(student, "adain", [content, style, 1e-5], position=1,
                   reference=_adain_reference, name="adain",
                   inputs={"content": content, "style": style, "epsilon": 1e-5}, wrt="style",
                   tol=1e-5)
    content, style = cases[3][0].astype(np.float32), cases[3][1].astype(np.float32)
    inputs = {"content": content, "style": style, "epsilon": 1e-5}
    want = _adain_reference(content, style, 1e-5)
    gradelib.check_close(adain(wire.Tensor(content), wire.Tensor(style), 1e-5), want,
                         name=text("judge 12: float32 tensors", name="adain"), inputs=inputs,
                         rtol=1e-3, atol=1e-3, mistakes=ADAIN)
    got, _ = student.call_state("adain", wire.Tensor(content), wire.Tensor(style), 1e-5,
                                compiled=True)
    gradelib.check_close(got, want,
                         name=text("judge 12: float32 tensors, tf.function", name="adain"),
                         inputs=inputs, rtol=1e-3, atol=1e-3, mistakes=ADAIN)


def test_adain_validation(student):
    adain = student.function("adain")
    maps = np.zeros((2, 3, 3, 4))
    bad_inputs = {
        "content is not 4-D": (np.zeros((3, 3, 4)), maps),
        "style is not 4-D": (maps, np.zeros((2, 9, 4))),
        "the channel counts differ": (maps, np.zeros((2, 3, 3, 5))),
        "the batch sizes differ": (maps, np.zeros((3, 3, 3, 4))),
        # hidden
        "content is 5-D": (np.zeros((2, 3, 3, 4, 1)), maps),
        "style is 2-D": (maps, np.zeros((2, 4))),
        "the channel counts differ (style has fewer)": (maps, np.zeros((2, 5, 5, 2))),
    }
    for problem, (content, style) in bad_inputs.items():
        gradelib.check_raises(adain, {"content": content, "style": style, "epsilon": 1e-5},
                              ValueError, text(f"judge 12: {problem}"))
    rng = np.random.default_rng(4)
    content, style = rng.normal(size=(2, 3, 3, 4)), rng.normal(size=(2, 5, 2, 4))
    try:
        student.call("adain", content, style, 1e-5)
    except ValueError:
        gradelib.fail("adain", {"content": content, "style": style},
                      text("judge 12: valid style size"))
