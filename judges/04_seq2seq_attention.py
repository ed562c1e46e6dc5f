"""Hidden tests of 04_seq2seq_attention, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

The visible checks compare with Keras' attention layer and tf.linalg.matvec; here they
compare with the same formulas in float64 NumPy and SciPy (at the cell's tolerances), so
the grader need not import TensorFlow."""

import json

import numpy as np
from scipy.special import softmax

import gradelib
from gradelib.mistakes import ATTENTION_WEIGHTS, CONTEXT_VECTOR, POSITIONAL_ENCODING

EXPECTED = json.loads(gradelib.data_path("04_seq2seq_attention", "expected.json").read_text())


def reference_attention(h, hs, mask=None):
    """Dot-product attention weights (N, T): softmax over t of h[n] . hs[n, t]."""
    s = np.einsum("nth,nh->nt", hs, h)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    return softmax(s, axis=-1)


def reference_context(a, hs):
    """The context vectors (N, H): sum over t of a[n, t] hs[n, t]."""
    return np.einsum("nt,nth->nh", a, hs)


def reference_pe(length, d):
    """The sinusoidal positional encoding, one entry at a time."""
    out = np.zeros((length, d))
    for pos in range(length):
        for j in range(d):
            angle = pos / 10000 ** (2 * (j // 2) / d)
            out[pos, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return out


def test_attention_weights(student):
    attention_weights = student.function("attention_weights")
    rng = np.random.default_rng(0)
    h, hs = rng.normal(size=(3, 4)), rng.normal(size=(3, 5, 4))
    inputs = {"h": h, "hs": hs}
    got = attention_weights(**inputs)
    gradelib.check_shape(got, (3, 5), name="attention_weights", inputs=inputs,
                         mistakes=ATTENTION_WEIGHTS, expected=reference_attention(h, hs))
    gradelib.check_close(got, reference_attention(h, hs), name="attention_weights",
                         inputs=inputs, rtol=1e-5, atol=1e-7, mistakes=ATTENTION_WEIGHTS)
    for row in np.asarray(got):
        gradelib.check_distribution(row, name="attention_weights (one row)", inputs=inputs)
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0]], dtype=bool)
    inputs = {"h": h, "hs": hs, "mask": mask}
    gradelib.check_close(attention_weights(**inputs), reference_attention(h, hs, mask),
                         name="attention_weights", inputs=inputs, rtol=1e-5, atol=1e-7,
                         mistakes=ATTENTION_WEIGHTS)
    same = np.repeat(rng.normal(size=(2, 1, 4)), 6, axis=1)
    inputs = {"h": h[:2], "hs": same}
    gradelib.check_close(attention_weights(**inputs), np.full((2, 6), 1 / 6),
                         name="attention_weights", inputs=inputs, mistakes=ATTENTION_WEIGHTS)

    rng = np.random.default_rng(11)
    for n, t, d in [(1, 1, 3), (1, 7, 2), (4, 3, 8)]:
        h, hs = rng.normal(size=(n, d)), rng.normal(size=(n, t, d))
        gradelib.check_close(attention_weights(h, hs), reference_attention(h, hs),
                             name="attention_weights", inputs={"h": h, "hs": hs},
                             mistakes=ATTENTION_WEIGHTS)
    # large scores must not overflow to nan
    h, hs = 30 * rng.normal(size=(2, 6)), 30 * rng.normal(size=(2, 4, 6))
    gradelib.check_close(attention_weights(h, hs), reference_attention(h, hs),
                         name="attention_weights", inputs={"h": h, "hs": hs},
                         mistakes=ATTENTION_WEIGHTS)
    # one allowed position per row: a one-hot row
    mask = np.eye(4, dtype=bool)[[2, 0, 3]]
    h, hs = rng.normal(size=(3, 5)), rng.normal(size=(3, 4, 5))
    gradelib.check_close(attention_weights(h, hs, mask), mask.astype(float),
                         name="attention_weights", inputs={"h": h, "hs": hs, "mask": mask},
                         mistakes=ATTENTION_WEIGHTS)
    # lists are accepted
    gradelib.check_close(attention_weights(h.tolist(), hs.tolist()), reference_attention(h, hs),
                         name="attention_weights", inputs={"h": h, "hs": hs})


def test_context_vector(student):
    context_vector = student.function("context_vector")
    rng = np.random.default_rng(1)
    hs = rng.normal(size=(3, 5, 4))
    a = rng.dirichlet(np.ones(5), size=3)
    inputs = {"a": a, "hs": hs}
    gradelib.check_close(context_vector(**inputs), reference_context(a, hs),
                         name="context_vector", inputs=inputs, mistakes=CONTEXT_VECTOR)
    one_hot = np.eye(5)[[4, 0, 2]]
    inputs = {"a": one_hot, "hs": hs}
    gradelib.check_close(context_vector(**inputs), hs[[0, 1, 2], [4, 0, 2]],
                         name="context_vector", inputs=inputs, mistakes=CONTEXT_VECTOR)

    rng = np.random.default_rng(12)
    for n, t, d in [(1, 1, 3), (2, 9, 1), (5, 3, 6)]:
        a = rng.dirichlet(np.ones(t), size=n)
        hs = rng.normal(size=(n, t, d))
        gradelib.check_close(context_vector(a, hs), reference_context(a, hs),
                             name="context_vector", inputs={"a": a, "hs": hs},
                             mistakes=CONTEXT_VECTOR)
    gradelib.check_close(context_vector(a.tolist(), hs.tolist()), reference_context(a, hs),
                         name="context_vector", inputs={"a": a, "hs": hs})


def test_positional_encoding(student):
    positional_encoding = student.function("positional_encoding")
    for case in EXPECTED["positional_encoding"]:
        inputs = {"length": case["length"], "d_model": case["d_model"]}
        gradelib.check_close(positional_encoding(**inputs), case["expected"],
                             name="positional_encoding", inputs=inputs,
                             mistakes=POSITIONAL_ENCODING)
    inputs = {"length": 20, "d_model": 8}
    got = np.asarray(positional_encoding(**inputs))
    gradelib.check_shape(got, (20, 8), name="positional_encoding", inputs=inputs)
    gradelib.check_close(got[0], np.tile([0.0, 1.0], 4),
                         name="positional_encoding (position 0)", inputs=inputs)
    gradelib.check_close(got[:, 0::2] ** 2 + got[:, 1::2] ** 2, np.ones((20, 4)),
                         name="positional_encoding (sin^2 + cos^2 of each pair)", inputs=inputs)

    for length, d in [(50, 16), (1, 4), (7, 2), (3, 64)]:
        gradelib.check_close(positional_encoding(length, d), reference_pe(length, d),
                             name="positional_encoding", inputs={"length": length, "d_model": d},
                             mistakes=POSITIONAL_ENCODING)
    for d in [3, 7]:
        try:
            positional_encoding(5, d)
        except ValueError:
            pass
        else:
            gradelib.fail("positional_encoding", {"length": 5, "d_model": d},
                          "It should raise ValueError for an odd d_model.")
