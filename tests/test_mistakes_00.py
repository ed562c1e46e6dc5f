"""00_foundations, a convolution layer's anatomy: every misconception message fires on its
mistake and never on a correct answer.

The right answers come from Keras (Conv2D / Conv2DTranspose output shapes and
count_params) and TensorFlow (tf.nn.conv2d, tf.nn.conv2d_transpose); the mistaken ones
from short versions of each mistake written here (a flipped kernel, other padding, a
missing bias), independently of the catalogue. The catalogues of conv2d and max_pool2d
are tested in test_mistakes_00_03.py.
"""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib.mistakes import foundations as m

rng = np.random.default_rng(0)


def conv_size(n, k, stride, padding):
    return keras.layers.Conv2D(1, k, strides=stride, padding=padding).compute_output_shape(
        (1, n, n, 1))[1]


def transpose_size(n, k, stride, padding):
    return keras.layers.Conv2DTranspose(1, k, strides=stride, padding=padding) \
        .compute_output_shape((1, n, n, 1))[1]


def param_count(kh, kw, c_in, c_out, use_bias):
    layer = keras.layers.Conv2D(c_out, (kh, kw), use_bias=use_bias)
    layer.build((None, 8, 8, c_in))
    return layer.count_params()


def conv(x, kernel, bias, stride, padding):
    return tf.nn.conv2d(x, kernel, stride, padding.upper()).numpy() + bias


def conv_t(x, kernel, bias, stride, padding):
    layer = keras.layers.Conv2DTranspose(kernel.shape[2], kernel.shape[:2], strides=stride,
                                         padding=padding, dtype="float64")
    layer.build(x.shape)
    layer.set_weights([kernel, bias])
    return np.asarray(layer(x))


def conv_in(n=2, h=6, w=6, c_in=2, c_out=3, k=3, stride=2, padding="same"):
    return {"x": rng.normal(size=(n, h, w, c_in)), "kernel": rng.normal(size=(k, k, c_in, c_out)),
            "bias": rng.normal(size=c_out), "stride": stride, "padding": padding}


def conv_t_in(n=1, h=3, w=3, c_in=2, c_out=3, k=3, stride=2, padding="same"):
    return {"x": rng.normal(size=(n, h, w, c_in)), "kernel": rng.normal(size=(k, k, c_out, c_in)),
            "bias": rng.normal(size=c_out), "stride": stride, "padding": padding}


def flipped_conv(x, kernel, bias, stride, padding):
    return conv(x, kernel[::-1, ::-1], bias, stride, padding)


def even_padding(x, kernel, bias, stride, padding):
    p = (kernel.shape[0] - 1) // 2
    return tf.nn.conv2d(x, kernel, stride, [[0, 0], [p, p], [p, p], [0, 0]]).numpy() + bias


def flipped_conv_t(x, kernel, bias, stride, padding):
    return conv_t(x, kernel[::-1, ::-1], bias, stride, padding)


def crop_from_end(x, kernel, bias, stride, padding):
    full = conv_t(x, kernel, bias, stride, "valid")
    n, k = x.shape[1], kernel.shape[0]
    start = max(k - stride, 0) - max(k - stride, 0) // 2
    return full[:, start:start + n * stride, start:start + n * stride]


S = {"n": 7, "k": 3, "stride": 2, "padding": "same"}
V = {"n": 7, "k": 3, "stride": 2, "padding": "valid"}
SQUARE = conv_in(c_in=3, c_out=3)
SQUARE_T = conv_t_in(c_in=3, c_out=3)
# (catalogue name, catalogue, mistake name (its start), inputs, right answer, wrong answer)
CASES = [
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "no floor",
     {"n": 8, "k": 3, "stride": 2, "padding": "valid"}, conv_size, (8 - 3) / 2 + 1),
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "no floor", S, conv_size, 3.5),
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "'same' computed as the 'valid'", S, conv_size, 3),
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "'same' ignores the stride", S, conv_size, 7),
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "'valid' rounded up",
     {"n": 8, "k": 3, "stride": 2, "padding": "valid"}, conv_size, math.ceil(5 / 2) + 1),
    ("conv_output_size", m.CONV_OUTPUT_SIZE, "the stride divides n - k + 1", V, conv_size, 2),
    ("conv_transpose_output_size", m.CONV_TRANSPOSE_OUTPUT_SIZE, "'valid' as (n - 1) s + k",
     {"n": 4, "k": 2, "stride": 3, "padding": "valid"}, transpose_size, 11),
    ("conv_transpose_output_size", m.CONV_TRANSPOSE_OUTPUT_SIZE, "'same' computed as the",
     S, transpose_size, 15),
    ("conv_transpose_output_size", m.CONV_TRANSPOSE_OUTPUT_SIZE, "the stride is ignored",
     V, transpose_size, 9),
    ("conv_transpose_output_size", m.CONV_TRANSPOSE_OUTPUT_SIZE, "the convolution's output",
     S, transpose_size, 4),
    ("conv_param_count", m.CONV_PARAM_COUNT, "the bias is not counted",
     {"kh": 3, "kw": 3, "c_in": 32, "c_out": 64, "use_bias": True}, param_count, 9 * 32 * 64),
    ("conv_param_count", m.CONV_PARAM_COUNT, "the bias is counted although",
     {"kh": 3, "kw": 3, "c_in": 32, "c_out": 64, "use_bias": False}, param_count,
     9 * 32 * 64 + 64),
    ("conv_param_count", m.CONV_PARAM_COUNT, "one bias per input channel",
     {"kh": 3, "kw": 3, "c_in": 32, "c_out": 64, "use_bias": True}, param_count,
     9 * 32 * 64 + 32),
    ("conv_param_count", m.CONV_PARAM_COUNT, "the input channels are not counted",
     {"kh": 3, "kw": 3, "c_in": 32, "c_out": 64, "use_bias": True}, param_count, 9 * 64 + 64),
]
CONV = conv_in()
CASES += [
    ("conv2d_layer", m.CONV2D_LAYER, "the bias is left out", CONV, conv,
     conv(**{**CONV, "bias": 0})),
    ("conv2d_layer", m.CONV2D_LAYER, "the bias is added once per input channel", CONV, conv,
     conv(**CONV) + CONV["bias"]),
    ("conv2d_layer", m.CONV2D_LAYER, "the kernel is flipped", CONV, conv, flipped_conv(**CONV)),
    ("conv2d_layer", m.CONV2D_LAYER, "'same' padding split evenly", CONV, conv,
     even_padding(**CONV)),
    ("conv2d_layer", m.CONV2D_LAYER, "'same' treated as 'valid'", CONV, conv,
     conv(**{**CONV, "padding": "valid"})),
    ("conv2d_layer", m.CONV2D_LAYER, "input and output channels swapped", SQUARE, conv,
     conv(**{**SQUARE, "kernel": SQUARE["kernel"].transpose(0, 1, 3, 2)})),
]
CONV_T = conv_t_in(k=4)    # overlap k - s = 2: even
CONV_T3 = conv_t_in()      # overlap 1: odd, the crop side matters
CASES += [
    ("conv2d_transpose", m.CONV2D_TRANSPOSE, "the bias is left out", CONV_T, conv_t,
     conv_t(**{**CONV_T, "bias": np.zeros(3)})),
    ("conv2d_transpose", m.CONV2D_TRANSPOSE, "the kernel is flipped", CONV_T, conv_t,
     flipped_conv_t(**CONV_T)),
    ("conv2d_transpose", m.CONV2D_TRANSPOSE, "'same' cropped from the wrong side", CONV_T3,
     conv_t, crop_from_end(**CONV_T3)),
    ("conv2d_transpose", m.CONV2D_TRANSPOSE, "input and output channels swapped", SQUARE_T,
     conv_t, conv_t(**{**SQUARE_T, "kernel": SQUARE_T["kernel"].transpose(0, 1, 3, 2)})),
]


@pytest.mark.parametrize("name, catalogue, mistake, inputs, right, wrong", CASES,
                         ids=[f"{c[0]}:{c[2][:30]}" for c in CASES])
def test_mistake_fires_on_its_own_answer(name, catalogue, mistake, inputs, right, wrong):
    [named] = [x for x in catalogue if x.name.startswith(mistake)]
    assert_mistake_named(wrong, right(**inputs), name=name, inputs=inputs, catalogue=catalogue,
                         mistake=named)


@pytest.mark.parametrize("name, catalogue, mistake, inputs, right, wrong", CASES,
                         ids=[f"{c[0]}:{c[2][:30]}" for c in CASES])
def test_correct_answer_passes_and_names_no_mistake(name, catalogue, mistake, inputs, right,
                                                    wrong):
    assert_no_mistake_blamed(right(**inputs), name=name, inputs=inputs, catalogue=catalogue)


def test_every_mistake_has_a_case():
    named = {(c[0], x.name) for c in CASES for x in c[1] if x.name.startswith(c[2])}
    for name, catalogue in [("conv_output_size", m.CONV_OUTPUT_SIZE),
                            ("conv_transpose_output_size", m.CONV_TRANSPOSE_OUTPUT_SIZE),
                            ("conv_param_count", m.CONV_PARAM_COUNT),
                            ("conv2d_layer", m.CONV2D_LAYER),
                            ("conv2d_transpose", m.CONV2D_TRANSPOSE)]:
        assert {x.name for x in catalogue} <= {n for c, n in named if c == name}
