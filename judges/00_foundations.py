"""Hidden tests of 00_foundations, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import numpy as np
import tensorflow as tf

import gradelib
from gradelib.mistakes import CONV2D, MAX_POOL2D

NOTES = json.loads(gradelib.data_path("00_foundations", "notes_examples.json").read_text())


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
    for bad_image, bad_kernel in [(np.zeros((4, 4)), np.zeros((2, 2))),
                                  (np.zeros((4, 4, 1)), np.zeros((3, 3)))]:
        try:
            conv2d(bad_image, bad_kernel)
        except ValueError:
            pass
        else:
            gradelib.fail("conv2d", {"image": bad_image, "kernel": bad_kernel},
                          "It should raise ValueError (even kernel side, or an image that "
                          "is not 2-D).")


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
    for bad_x, bad_size in [(np.zeros((4, 4)), 0), (np.zeros((4, 4)), 5), (np.zeros(4), 2)]:
        try:
            max_pool2d(bad_x, bad_size)
        except ValueError:
            pass
        else:
            gradelib.fail("max_pool2d", {"x": bad_x, "size": bad_size},
                          "It should raise ValueError (size out of range, or x not 2-D).")
