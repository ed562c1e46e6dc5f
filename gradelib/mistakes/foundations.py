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
