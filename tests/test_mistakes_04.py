"""04_seq2seq_attention: every misconception message fires on its mistake and never
on a correct answer.

The right answers come from TensorFlow (tf.einsum, tf.nn.softmax) or from the
positional-encoding formula written out here, independently of the solution notebook.
"""

import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import mistakes

rng = np.random.default_rng(4)


def tf_attention_weights(h, hs, mask=None):
    scores = tf.einsum("nth,nh->nt", tf.constant(hs), tf.constant(h))
    if mask is not None:
        scores = tf.where(tf.constant(mask), scores, tf.constant(-np.inf, tf.float64))
    return tf.nn.softmax(scores, axis=-1).numpy()


def tf_context_vector(a, hs):
    return tf.einsum("nt,nth->nh", tf.constant(a), tf.constant(hs)).numpy()


def sinusoid(length, d_model):
    pe = np.zeros((length, d_model))
    for pos in range(length):
        for i in range(d_model // 2):
            angle = pos / 10000 ** (2 * i / d_model)
            pe[pos, 2 * i] = np.sin(angle)
            pe[pos, 2 * i + 1] = np.cos(angle)
    return pe


H, HS = rng.normal(size=(3, 4)), rng.normal(size=(3, 5, 4))
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 1, 1, 0]], dtype=bool)
A = tf_attention_weights(H, HS)
CASES = [
    ("attention_weights", mistakes.ATTENTION_WEIGHTS, {"h": H, "hs": HS},
     tf_attention_weights),
    ("attention_weights (masked)", mistakes.ATTENTION_WEIGHTS,
     {"h": H, "hs": HS, "mask": MASK}, tf_attention_weights),
    ("context_vector", mistakes.CONTEXT_VECTOR, {"a": A, "hs": HS}, tf_context_vector),
    ("positional_encoding", mistakes.POSITIONAL_ENCODING, {"length": 12, "d_model": 16},
     sinusoid),
]


def _applies(mistake, inputs, right):
    try:
        mistake.wrong(right(**inputs), **inputs)
    except ValueError:   # the mask mistakes need a mask
        return False
    return True


PAIRS = [(name, catalogue, m, inputs, right) for name, catalogue, inputs, right in CASES
         for m in catalogue if _applies(m, inputs, right)]


def test_every_attention_mistake_applies_to_the_masked_case():
    _, catalogue, inputs, right = CASES[1]
    assert all(_applies(m, inputs, right) for m in catalogue)
    assert not all(_applies(m, CASES[0][2], right) for m in catalogue)


@pytest.mark.parametrize("name, catalogue, mistake, inputs, right", PAIRS,
                         ids=[f"{p[0]}:{p[2].name[:40]}" for p in PAIRS])
def test_mistake_fires_on_its_own_answer(name, catalogue, mistake, inputs, right):
    expected = right(**inputs)
    wrong = mistake.wrong(expected, **inputs)
    # exactly one known mistake is named: no two give the same answer here
    assert_mistake_named(wrong, expected, name=name, inputs=inputs, catalogue=catalogue,
                         mistake=mistake, exclusive=True)


@pytest.mark.parametrize("name, catalogue, inputs, right", CASES, ids=[c[0] for c in CASES])
def test_correct_answer_passes_and_names_no_mistake(name, catalogue, inputs, right):
    expected = right(**inputs)
    assert_no_mistake_blamed(expected, name=name, inputs=inputs, catalogue=catalogue)


def test_keras_attention_agrees_with_the_tf_reference():
    import keras

    _, weights = keras.layers.Attention()([H[:, None, :].astype("float32"),
                                           HS.astype("float32")],
                                          return_attention_scores=True)
    np.testing.assert_allclose(np.asarray(weights)[:, 0], tf_attention_weights(H, HS),
                               rtol=1e-5, atol=1e-6)


def test_each_positional_mistake_differs_from_the_others():
    inputs = {"length": 12, "d_model": 16}
    expected = sinusoid(**inputs)
    answers = [m.wrong(expected, **inputs) for m in mistakes.POSITIONAL_ENCODING]
    for i, x in enumerate(answers):
        for y in answers[i + 1:]:
            assert x.shape != y.shape or not np.allclose(x, y)
