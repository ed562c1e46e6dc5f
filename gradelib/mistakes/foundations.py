"""Known mistakes for 00_foundations: convolution with zero padding, max pooling."""

from __future__ import annotations

import numpy as np
from scipy import signal

from ..checks import Mistake

CONV2D = (
    Mistake(
        "the kernel is flipped: that is mathematical convolution, not the "
        "cross-correlation that CNN layers (and tf.nn.conv2d) compute",
        "multiply each window by the kernel as it is, kernel[0, 0] with the window's "
        "top-left pixel; do not flip it.",
        lambda expected, image, kernel: signal.convolve2d(image, kernel, mode="same"),
    ),
    Mistake(
        "no zero padding: the output shrank to the 'valid' size",
        "pad the image with kernel_size // 2 zeros on every side first "
        "(np.pad(image, pad)), so the output keeps the input's height and width.",
        lambda expected, image, kernel: signal.correlate2d(image, kernel, mode="valid"),
    ),
)

MAX_POOL2D = (
    Mistake(
        "average pooling instead of max pooling",
        "take the largest value of each window (np.max), not the mean.",
        lambda expected, x, size: _avg_pool(x, size),
    ),
    Mistake(
        "the running maximum starts at 0, so windows of negative values come out as 0",
        "start from the window's first value or -inf, or use np.max on the window.",
        lambda expected, x, size: np.maximum(expected, 0.0),
    ),
)


def _avg_pool(x: np.ndarray, size: int) -> np.ndarray:
    import tensorflow as tf

    x4 = tf.constant(np.asarray(x, dtype=np.float64)[None, :, :, None])
    return tf.nn.avg_pool2d(x4, size, size, "VALID").numpy()[0, :, :, 0]


# ---------------------------------------------------------------------------------------
# A convolution layer's anatomy: output sizes, parameter counts, the multi-channel strided
# convolution with bias, and the transposed convolution. Every ``wrong`` works from the
# expected answer or from a TensorFlow call with changed arguments (a flipped kernel, other
# padding), never from a reference solution.
#
# Inputs by name:
# - CONV_OUTPUT_SIZE, CONV_TRANSPOSE_OUTPUT_SIZE: ``n``, ``k``, ``stride`` (ints),
#   ``padding`` ("same" or "valid"); ``expected`` is an int.
# - CONV_PARAM_COUNT: ``kh``, ``kw``, ``c_in``, ``c_out`` (ints), ``use_bias`` (bool).
# - CONV2D_LAYER: ``x`` (N, H, W, C_in), ``kernel`` (kh, kw, C_in, C_out), ``bias`` (C_out,),
#   ``stride``, ``padding``; ``expected`` (N, H_out, W_out, C_out).
# - CONV2D_TRANSPOSE: ``x`` (N, H, W, C_in), ``kernel`` (kh, kw, C_out, C_in) (Keras'
#   Conv2DTranspose layout), ``bias`` (C_out,), ``stride``, ``padding``.
# ---------------------------------------------------------------------------------------

def _only(condition: bool, value):
    """``value`` where the mistake applies to these inputs; raise (not applicable) if not."""
    if not condition:
        raise ValueError("this mistake does not apply to these inputs")
    return value


CONV_OUTPUT_SIZE = (
    Mistake(
        "no floor: the size came out as a fraction (n - k) / s + 1 (or n / s)",
        "a window either fits or not: 'valid' gives floor((n - k) / s) + 1 windows, and "
        "'same' gives ceil(n / s); use // (or math.floor / math.ceil) and return an int.",
        lambda expected, n, k, stride, padding: (
            (n - k) / stride + 1 if padding == "valid" else n / stride),
    ),
    Mistake(
        "'same' computed as the 'valid' size (as if there were no padding)",
        "with padding='same' Keras pads just enough that the size is ceil(n / stride), "
        "whatever the kernel size.",
        lambda expected, n, k, stride, padding: _only(padding == "same",
                                                      (n - k) // stride + 1),
    ),
    Mistake(
        "'same' ignores the stride (n instead of ceil(n / stride))",
        "'same' keeps the size only for stride 1; with stride s it is ceil(n / s).",
        lambda expected, n, k, stride, padding: _only(padding == "same", n),
    ),
    Mistake(
        "'valid' rounded up (ceil) instead of down",
        "the last window must fit inside the image: floor((n - k) / s) + 1.",
        lambda expected, n, k, stride, padding: _only(
            padding == "valid", -(-(n - k) // stride) + 1),
    ),
    Mistake(
        "the stride divides n - k + 1 (the stride-1 size) instead of n - k",
        "the first window starts at 0 and each next one s further: floor((n - k) / s) + 1.",
        lambda expected, n, k, stride, padding: _only(padding == "valid",
                                                      (n - k + 1) // stride),
    ),
)

CONV_TRANSPOSE_OUTPUT_SIZE = (
    Mistake(
        "'valid' as (n - 1) s + k even when k < s; Keras then gives n * s",
        "Keras' Conv2DTranspose with padding='valid' gives (n - 1) * s + max(k, s): when "
        "the kernel is smaller than the stride the gaps between the copies count too.",
        lambda expected, n, k, stride, padding: _only(padding == "valid" and k < stride,
                                                      (n - 1) * stride + k),
    ),
    Mistake(
        "'same' computed as the 'valid' size",
        "with padding='same' a transposed convolution multiplies the size by the stride: "
        "n * s, the size a 'same' convolution with that stride maps back to n.",
        lambda expected, n, k, stride, padding: _only(
            padding == "same", (n - 1) * stride + max(k, stride)),
    ),
    Mistake(
        "the stride is ignored (the stride-1 size)",
        "a transposed convolution with stride s places the kernel copies s pixels apart: "
        "'valid' (n - 1) * s + max(k, s), 'same' n * s.",
        lambda expected, n, k, stride, padding: n + k - 1 if padding == "valid" else n,
    ),
    Mistake(
        "the convolution's output size: a transposed convolution upsamples, it does not "
        "downsample",
        "use (n - 1) * s + max(k, s) for 'valid' and n * s for 'same'.",
        lambda expected, n, k, stride, padding: (
            (n - k) // stride + 1 if padding == "valid" else -(-n // stride)),
    ),
)

CONV_PARAM_COUNT = (
    Mistake(
        "the bias is not counted",
        "a Conv2D layer with use_bias=True has one bias per output channel (filter): "
        "add c_out.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(use_bias, expected - c_out),
    ),
    Mistake(
        "the bias is counted although use_bias is False",
        "without a bias the layer has only its kernel, kh * kw * c_in * c_out weights.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(not use_bias, expected + c_out),
    ),
    Mistake(
        "one bias per input channel: input and output channels swapped in the bias",
        "each output channel (filter) gets one bias, shared over all positions: c_out biases.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(
            use_bias and c_in != c_out, expected - c_out + c_in),
    ),
    Mistake(
        "the input channels are not counted: each filter spans all c_in input channels",
        "a filter has kh * kw * c_in weights (it sees every input channel), and there are "
        "c_out filters.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(
            c_in > 1, (expected - c_out * use_bias) // c_in + c_out * use_bias),
    ),
)


def _tf_conv(x, kernel, stride, padding):
    import tensorflow as tf

    return tf.nn.conv2d(np.asarray(x, np.float64), np.asarray(kernel, np.float64), stride,
                        padding).numpy()


def _even_same_padding(x, kernel, bias, stride):
    """'same' padding split evenly, (k - 1) // 2 on each side, before the strided windows."""
    kh, kw = np.shape(kernel)[:2]
    pads = [[0, 0], [(kh - 1) // 2] * 2, [(kw - 1) // 2] * 2, [0, 0]]
    return _tf_conv(x, kernel, stride, pads) + bias


def _swap_channels(kernel):
    kernel = np.asarray(kernel)
    if kernel.shape[2] != kernel.shape[3]:
        raise ValueError("in/out swap changes the shape here")
    return kernel.transpose(0, 1, 3, 2)


CONV2D_LAYER = (
    Mistake(
        "the bias is left out",
        "add bias (shape (C_out,), one per output channel) to every output position.",
        lambda expected, x, kernel, bias, stride, padding: expected - np.asarray(bias),
    ),
    Mistake(
        "the bias is added once per input channel (inside the sum over C_in)",
        "sum the products over kh, kw and C_in first, then add the bias once.",
        lambda expected, x, kernel, bias, stride, padding: _only(
            np.shape(x)[-1] > 1, expected + (np.shape(x)[-1] - 1) * np.asarray(bias)),
    ),
    Mistake(
        "the kernel is flipped: that is mathematical convolution, not the "
        "cross-correlation that Conv2D (and tf.nn.conv2d) computes",
        "multiply each window by the kernel as it is, kernel[0, 0] with the window's "
        "top-left pixel.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv(
            x, np.asarray(kernel)[::-1, ::-1], stride, padding.upper()) + bias,
    ),
    Mistake(
        "'same' padding split evenly ((k - 1) // 2 on each side, or the stride-1 output "
        "subsampled): with stride > 1 Keras pads max((ceil(n/s) - 1) s + k - n, 0) in "
        "total, the smaller half on top/left",
        "pad total = max((out - 1) * stride + k - n, 0) rows with out = ceil(n / stride); "
        "put total // 2 on top and the rest at the bottom (the same for columns).",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same", _even_same_padding(x, kernel, bias, stride)),
    ),
    Mistake(
        "'same' treated as 'valid': no zero padding",
        "for padding='same' pad the image first so that the output has ceil(n / stride) "
        "rows and columns.",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same", _tf_conv(x, kernel, stride, "VALID") + bias),
    ),
    Mistake(
        "input and output channels swapped: the kernel was read as (kh, kw, C_out, C_in)",
        "the kernel's axis 2 runs over the input channels and axis 3 over the output "
        "channels (filters), as in Keras' Conv2D.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv(
            x, _swap_channels(kernel), stride, padding.upper()) + bias,
    ),
)


def _tf_conv_transpose(x, kernel, stride, padding, crop_from_end=False):
    """tf.nn.conv2d_transpose at Keras' output size; with ``crop_from_end`` the 'same'
    output is cut from the full one starting at the larger half of the overlap."""
    import tensorflow as tf

    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    n, h, w = x.shape[:3]
    kh, kw, c_out = kernel.shape[:3]
    full = tf.nn.conv2d_transpose(
        x, kernel, (n, (h - 1) * stride + max(kh, stride), (w - 1) * stride + max(kw, stride),
                    c_out), stride, "VALID").numpy()
    if padding == "valid":
        return full
    th, tw = max(kh - stride, 0), max(kw - stride, 0)
    top, left = (th - th // 2, tw - tw // 2) if crop_from_end else (th // 2, tw // 2)
    return full[:, top:top + h * stride, left:left + w * stride]


def _odd_overlap(kernel, stride):
    kh, kw = np.shape(kernel)[:2]
    return max(kh - stride, 0) % 2 == 1 or max(kw - stride, 0) % 2 == 1


CONV2D_TRANSPOSE = (
    Mistake(
        "the bias is left out",
        "add bias (shape (C_out,)) to every output position.",
        lambda expected, x, kernel, bias, stride, padding: expected - np.asarray(bias),
    ),
    Mistake(
        "the kernel is flipped",
        "each input pixel adds x[i, j] * kernel (as it is) to the output block that starts "
        "at (i * stride, j * stride); zero-inserting and correlating needs the flipped "
        "kernel, which gives the same thing.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv_transpose(
            x, np.asarray(kernel)[::-1, ::-1], stride, padding) + bias,
    ),
    Mistake(
        "'same' cropped from the wrong side: Keras drops (k - s) // 2 rows at the top and "
        "the rest at the bottom",
        "from the full output of size (n - 1) * s + max(k, s) keep n * s rows starting at "
        "max(k - s, 0) // 2 (the same for columns).",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same" and _odd_overlap(kernel, stride),
            _tf_conv_transpose(x, kernel, stride, padding, crop_from_end=True) + bias),
    ),
    Mistake(
        "input and output channels swapped: Conv2DTranspose's kernel is (kh, kw, C_out, C_in)",
        "in a transposed convolution the kernel's axis 3 runs over the input channels and "
        "axis 2 over the output channels (the layout of the convolution it transposes).",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv_transpose(
            x, _swap_channels(kernel), stride, padding) + bias,
    ),
)
