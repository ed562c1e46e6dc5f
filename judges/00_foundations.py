"""Hidden tests of 00_foundations, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import keras
import numpy as np
import tensorflow as tf

import gradelib
from gradelib.i18n import add, text
from gradelib.mistakes import CONV2D, MAX_POOL2D
from gradelib.mistakes.foundations import (
    CONV2D_LAYER,
    CONV2D_TRANSPOSE,
    CONV_OUTPUT_SIZE,
    CONV_PARAM_COUNT,
    CONV_TRANSPOSE_OUTPUT_SIZE,
)

NOTES = json.loads(gradelib.data_path("00_foundations", "notes_examples.json").read_text())

add({
    "judge 00: size not int": {
        "en": "It returned {got} ({kind}); a size is a whole number of pixels: return an int (use "
              "// or math.ceil).",
        "ko": "{got}({kind})을(를) 반환했습니다. 크기는 픽셀 수이므로 정수입니다: int를 "
              "반환하세요(// 또는 math.ceil을 쓰세요).",
    },
    "judge 00: name transpose as gradient": {
        "en": "conv2d_transpose (as the gradient of conv2d with stride 2)",
        "ko": "conv2d_transpose (stride 2인 conv2d의 기울기로서)",
    },
    "judge 00: a kernel side is even (no centre pixel)": {
        "en": "a kernel side is even (no centre pixel)",
        "ko": "커널의 한 변이 짝수입니다(중심 픽셀이 없습니다)",
    },
    "judge 00: the image is not 2-D": {
        "en": "the image is not 2-D",
        "ko": "이미지가 2차원이 아닙니다",
    },
    "judge 00: the kernel is not 2-D": {
        "en": "the kernel is not 2-D",
        "ko": "커널이 2차원이 아닙니다",
    },
    "judge 00: size 0 is out of range": {
        "en": "size 0 is out of range",
        "ko": "size 0은 범위를 벗어납니다",
    },
    "judge 00: size 5 is larger than the map (4 x 4)": {
        "en": "size 5 is larger than the map (4 x 4)",
        "ko": "size 5가 특성 맵(4 x 4)보다 큽니다",
    },
    "judge 00: x is not 2-D": {"en": "x is not 2-D", "ko": "x가 2차원이 아닙니다"},
    "judge 00: x is not 4-D (a batch)": {
        "en": "x is not 4-D (a batch)",
        "ko": "x가 4차원(배치)이 아닙니다",
    },
    "judge 00: the kernel is not 4-D": {
        "en": "the kernel is not 4-D",
        "ko": "커널이 4차원이 아닙니다",
    },
    "judge 00: the kernel has 2 input channels, x has 3": {
        "en": "the kernel has 2 input channels, x has 3",
        "ko": "커널의 입력 채널은 2개인데 x의 채널은 3개입니다",
    },
    "judge 00: bias has 3 entries for 2 filters": {
        "en": "bias has 3 entries for 2 filters",
        "ko": "필터는 2개인데 bias의 원소는 3개입니다",
    },
    "judge 00: bias is not of shape (C_out,)": {
        "en": "bias is not of shape (C_out,)",
        "ko": "bias의 모양이 (C_out,)이 아닙니다",
    },
    "judge 00: stride 0": {"en": "stride 0", "ko": "stride가 0입니다"},
    "judge 00: a negative stride": {"en": "a negative stride", "ko": "stride가 음수입니다"},
    "judge 00: padding must be 'same' or 'valid'": {
        "en": "padding must be 'same' or 'valid'",
        "ko": "padding은 'same' 또는 'valid'여야 합니다",
    },
    "judge 00: padding must be 'same' or 'valid' (lower case)": {
        "en": "padding must be 'same' or 'valid' (lower case)",
        "ko": "padding은 'same' 또는 'valid'(소문자)여야 합니다",
    },
    "judge 00: the kernel takes 3 input channels, x has 2": {
        "en": "the kernel takes 3 input channels, x has 2",
        "ko": "커널은 입력 채널 3개를 받는데 x의 채널은 2개입니다",
    },
    "judge 00: bias has 2 entries for 4 output channels": {
        "en": "bias has 2 entries for 4 output channels",
        "ko": "출력 채널은 4개인데 bias의 원소는 2개입니다",
    },
})


def tf_conv2d(image, kernel):
    """TensorFlow's answer: tf.nn.conv2d with padding='SAME' on one 1-channel image."""
    x = tf.constant(np.asarray(image, np.float64)[None, :, :, None])
    k = tf.constant(np.asarray(kernel, np.float64)[:, :, None, None])
    return tf.nn.conv2d(x, k, strides=1, padding="SAME").numpy()[0, :, :, 0]


def tf_max_pool2d(x, size):
    """TensorFlow's answer: tf.nn.max_pool2d, stride = size, padding='VALID'."""
    x4 = tf.constant(np.asarray(x, np.float64)[None, :, :, None])
    return tf.nn.max_pool2d(x4, size, size, "VALID").numpy()[0, :, :, 0]


def test_conv2d(student):
    conv2d = student.function("conv2d")
    rng = np.random.default_rng(0)
    cases = [(rng.normal(size=(6, 6)), rng.normal(size=(3, 3))),
             (np.array(NOTES["sharpen"]["image"]), np.array(NOTES["sharpen"]["kernel"]))]
    for shape, kshape in [((7, 9), (5, 3)), ((4, 5), (1, 1)), ((3, 3), (3, 5))]:
        cases.append((rng.integers(-5, 6, size=shape), rng.normal(size=kshape)))
    for image, kernel in cases:
        gradelib.check_close(conv2d(image, kernel), tf_conv2d(image, kernel), name="conv2d",
                             inputs={"image": image, "kernel": kernel}, mistakes=CONV2D)


def test_conv2d_validation(student):
    conv2d = student.function("conv2d")
    for image, kernel, problem in [
            (np.zeros((4, 4)), np.zeros((2, 2)), "a kernel side is even (no centre pixel)"),
            (np.zeros((5, 5)), np.zeros((3, 4)), "a kernel side is even (no centre pixel)"),
            (np.zeros((4, 4, 1)), np.zeros((3, 3)), "the image is not 2-D"),
            (np.zeros((4, 4)), np.zeros(3), "the kernel is not 2-D")]:
        gradelib.check_raises(conv2d, {"image": image, "kernel": kernel},
                              problem=text(f"judge 00: {problem}"))


def test_max_pool2d(student):
    max_pool2d = student.function("max_pool2d")
    pool = NOTES["max_pool"]
    gradelib.check_close(max_pool2d(np.array(pool["feature_map"]), pool["size"]),
                         pool["printed_output"], name="max_pool2d",
                         inputs={"x": pool["feature_map"], "size": pool["size"]},
                         mistakes=MAX_POOL2D)
    cases = [(np.random.default_rng(1).normal(size=(6, 8)) - 1.0, 2)]
    rng = np.random.default_rng(2)
    for shape, size in [((5, 7), 2), ((9, 9), 3), ((4, 6), 1), ((3, 3), 3)]:
        cases.append((rng.normal(size=shape) - 2.0, size))
    for x, size in cases:
        gradelib.check_close(max_pool2d(x, size), tf_max_pool2d(x, size), name="max_pool2d",
                             inputs={"x": x, "size": size}, mistakes=MAX_POOL2D)


def test_max_pool2d_validation(student):
    max_pool2d = student.function("max_pool2d")
    for x, size, problem in [(np.zeros((4, 4)), 0, "size 0 is out of range"),
                             (np.zeros((4, 4)), 5, "size 5 is larger than the map (4 x 4)"),
                             (np.zeros(4), 2, "x is not 2-D"),
                             (np.zeros((2, 4, 4)), 2, "x is not 2-D")]:
        gradelib.check_raises(max_pool2d, {"x": x, "size": size},
                              problem=text(f"judge 00: {problem}"))


# --- a convolution layer's anatomy -------------------------------------------------------

def check_size(function, name, want, mistakes, **inputs):
    got = function(**inputs)
    gradelib.check_close(got, want, name=name, inputs=inputs, mistakes=mistakes)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        gradelib.fail(name, inputs, text("judge 00: size not int", got=repr(got),
                                         kind=type(got).__name__))


def test_conv_output_size(student):
    conv_output_size = student.function("conv_output_size")
    cases = [(28, 3, 1, "valid"), (28, 3, 1, "same"), (7, 3, 2, "valid"), (8, 3, 2, "valid"),
             (7, 3, 2, "same"), (28, 5, 3, "same"), (10, 4, 3, "valid"), (10, 4, 3, "same"),
             (9, 9, 1, "valid"), (1, 1, 1, "same"), (64, 4, 2, "same"), (13, 2, 5, "valid"),
             (5, 7, 2, "same")]
    for n, k, stride, padding in cases:
        layer = keras.layers.Conv2D(1, k, strides=stride, padding=padding)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        check_size(conv_output_size, "conv_output_size", want, CONV_OUTPUT_SIZE,
                   n=n, k=k, stride=stride, padding=padding)


def tf_conv2d_layer(x, kernel, bias, stride, padding):
    return tf.nn.conv2d(x, kernel, stride, padding.upper()).numpy() + bias


def check_against_tf(function, name, reference, configs, kernel_axes, mistakes, rng):
    """Each config (n, h, w, c_in, c_out, kh, kw, stride, padding) against reference.

    kernel_axes orders the kernel's channels: ("c_in", "c_out") for a convolution,
    ("c_out", "c_in") for a transposed one (Keras' layout for each)."""
    for (n, h, w, c_in, c_out, kh, kw, stride, padding) in configs:
        channels = {"c_in": c_in, "c_out": c_out}
        inputs = {"x": rng.normal(size=(n, h, w, c_in)),
                  "kernel": rng.normal(size=(kh, kw) + tuple(channels[a] for a in kernel_axes)),
                  "bias": rng.normal(size=c_out), "stride": stride, "padding": padding}
        want = reference(**inputs)
        got = function(**inputs)
        gradelib.check_shape(got, want.shape, name=name, inputs=inputs, mistakes=mistakes,
                             expected=want)
        gradelib.check_close(got, want, name=name, inputs=inputs, mistakes=mistakes)


def test_conv2d_layer(student):
    configs = [(2, 5, 5, 3, 4, 3, 3, 1, "same"), (1, 6, 6, 2, 2, 3, 3, 2, "same"),
               (2, 7, 6, 3, 2, 3, 2, 2, "valid"),
               # hidden: other sizes, even kernels, large strides, one channel, 1x1 kernels
               (3, 8, 5, 1, 3, 4, 2, 3, "same"), (1, 9, 9, 4, 4, 5, 5, 2, "same"),
               (2, 6, 7, 2, 5, 1, 1, 1, "valid"), (1, 5, 8, 3, 1, 2, 3, 3, "valid"),
               (1, 4, 4, 2, 3, 3, 3, 4, "same"), (2, 10, 10, 2, 2, 3, 3, 2, "same")]
    check_against_tf(student.function("conv2d_layer"), "conv2d_layer", tf_conv2d_layer, configs,
                     ("c_in", "c_out"), CONV2D_LAYER, np.random.default_rng(3))


def test_conv2d_layer_validation(student):
    conv2d_layer = student.function("conv2d_layer")
    good = {"x": np.zeros((1, 5, 5, 3)), "kernel": np.zeros((3, 3, 3, 2)), "bias": np.zeros(2),
            "stride": 1, "padding": "same"}
    for change, problem in [
            ({"x": np.zeros((5, 5, 3))}, "x is not 4-D (a batch)"),
            ({"kernel": np.zeros((3, 3, 3))}, "the kernel is not 4-D"),
            ({"kernel": np.zeros((3, 3, 2, 2))}, "the kernel has 2 input channels, x has 3"),
            ({"bias": np.zeros(3)}, "bias has 3 entries for 2 filters"),
            ({"bias": np.zeros((1, 2))}, "bias is not of shape (C_out,)"),
            ({"stride": 0}, "stride 0"), ({"stride": -2}, "a negative stride"),
            ({"padding": "full"}, "padding must be 'same' or 'valid'"),
            ({"padding": "SAME"}, "padding must be 'same' or 'valid' (lower case)")]:
        gradelib.check_raises(conv2d_layer, {**good, **change},
                              problem=text(f"judge 00: {problem}"))


def test_conv_param_count(student):
    conv_param_count = student.function("conv_param_count")
    for kh, kw, c_in, c_out, use_bias in [(3, 3, 1, 32, True), (3, 3, 32, 64, True),
                                          (5, 3, 3, 8, False), (1, 1, 64, 16, True),
                                          (4, 4, 7, 7, True), (2, 5, 6, 3, False)]:
        layer = keras.layers.Conv2D(c_out, (kh, kw), use_bias=use_bias)
        layer.build((None, 8, 8, c_in))
        inputs = {"kh": kh, "kw": kw, "c_in": c_in, "c_out": c_out, "use_bias": use_bias}
        check_size(conv_param_count, "conv_param_count", layer.count_params(),
                   CONV_PARAM_COUNT, **inputs)


def test_conv_transpose_output_size(student):
    size = student.function("conv_transpose_output_size")
    cases = [(7, 3, 1, "valid"), (7, 3, 2, "valid"), (7, 4, 2, "same"), (7, 3, 2, "same"),
             (4, 2, 3, "valid"), (1, 5, 1, "valid"), (3, 5, 2, "valid"), (14, 4, 2, "same"),
             (5, 1, 4, "valid"), (6, 3, 3, "same"), (2, 3, 3, "valid")]
    for n, k, stride, padding in cases:
        layer = keras.layers.Conv2DTranspose(1, k, strides=stride, padding=padding)
        want = layer.compute_output_shape((1, n, n, 1))[1]
        check_size(size, "conv_transpose_output_size", want, CONV_TRANSPOSE_OUTPUT_SIZE,
                   n=n, k=k, stride=stride, padding=padding)


def tf_conv2d_transpose(x, kernel, bias, stride, padding):
    """tf.nn.conv2d_transpose at Keras' output size, plus the bias."""
    layer = keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[:2], strides=stride,
                                         padding=padding)
    _, h, w, _ = layer.compute_output_shape(x.shape)
    return tf.nn.conv2d_transpose(x, kernel, (x.shape[0], h, w, kernel.shape[2]), stride,
                                  padding.upper()).numpy() + bias


def test_conv2d_transpose(student):
    conv2d_transpose = student.function("conv2d_transpose")
    rng = np.random.default_rng(5)
    configs = [(2, 3, 3, 2, 3, 3, 3, 2, "same"), (1, 3, 4, 2, 2, 4, 3, 2, "valid"),
               (1, 2, 2, 1, 2, 2, 2, 3, "valid"),
               # hidden: other sizes, even and odd overlaps, stride 1, one channel
               (2, 4, 3, 3, 1, 4, 4, 2, "same"), (1, 3, 3, 2, 2, 5, 5, 2, "same"),
               (1, 5, 4, 1, 3, 3, 2, 1, "same"), (3, 2, 3, 2, 2, 3, 3, 3, "valid"),
               (1, 3, 2, 4, 2, 1, 1, 2, "same"), (1, 2, 2, 2, 2, 5, 3, 3, "same")]
    check_against_tf(conv2d_transpose, "conv2d_transpose", tf_conv2d_transpose, configs,
                     ("c_out", "c_in"), CONV2D_TRANSPOSE, rng)
    # the gradient of a strided convolution with respect to its input
    z = tf.Variable(rng.normal(size=(2, 8, 8, 3)))
    kernel, y = rng.normal(size=(3, 3, 3, 2)), rng.normal(size=(2, 4, 4, 2))
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf.nn.conv2d(z, kernel, 2, "SAME") * y)
    want = tape.gradient(total, z).numpy()
    inputs = {"x": y, "kernel": kernel, "bias": np.zeros(3), "stride": 2, "padding": "same"}
    gradelib.check_close(conv2d_transpose(**inputs), want,
                         name=text("judge 00: name transpose as gradient"),
                         inputs=inputs, mistakes=CONV2D_TRANSPOSE)


def test_conv2d_transpose_validation(student):
    conv2d_transpose = student.function("conv2d_transpose")
    good = {"x": np.zeros((1, 3, 3, 2)), "kernel": np.zeros((3, 3, 4, 2)), "bias": np.zeros(4),
            "stride": 2, "padding": "same"}
    for change, problem in [
            ({"x": np.zeros((3, 3, 2))}, "x is not 4-D (a batch)"),
            ({"kernel": np.zeros((3, 3, 4))}, "the kernel is not 4-D"),
            ({"kernel": np.zeros((3, 3, 4, 3))}, "the kernel takes 3 input channels, x has 2"),
            ({"bias": np.zeros(2)}, "bias has 2 entries for 4 output channels"),
            ({"stride": 0}, "stride 0"),
            ({"padding": "full"}, "padding must be 'same' or 'valid'")]:
        gradelib.check_raises(conv2d_transpose, {**good, **change},
                              problem=text(f"judge 00: {problem}"))
