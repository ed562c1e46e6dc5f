"""04_seq2seq_attention: every misconception message fires on its mistake and never
on a correct answer.

The right answers come from TensorFlow (tf.einsum, tf.nn.softmax), from the
positional-encoding formula written out here, or (greedy decoding) from a decoding loop
written here, independently of the solution notebook.
"""

import numpy as np
import pytest
import tensorflow as tf

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import mistakes
from gradelib.mistakes.seq2seq import GREEDY_DECODE, SCALED_ATTENTION, SCALED_ATTENTION_OUTPUT

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


def tf_sdpa(q, k, v, mask=None):
    scores = tf.einsum("nqd,nkd->nqk", tf.constant(q), tf.constant(k)) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = tf.where(tf.constant(mask)[:, None, :], scores,
                          tf.constant(-np.inf, tf.float64))
    weights = tf.nn.softmax(scores, axis=-1)
    return weights.numpy(), tf.einsum("nqk,nkv->nqv", weights, tf.constant(v)).numpy()


def tf_sdpa_weights(q, k, v, mask=None):
    return tf_sdpa(q, k, v, mask)[0]


def tf_sdpa_output(q, k, v, mask=None):
    return tf_sdpa(q, k, v, mask)[1]


def greedy_loop(model, x, start_id, length):
    fed = np.full((len(x), 1), start_id, dtype=np.int32)
    for _ in range(length):
        nxt = np.asarray(model([x, fed], training=False))[:, -1].argmax(-1).astype(np.int32)
        fed = np.concatenate([fed, nxt[:, None]], axis=1)
    return fed[:, 1:]


def decoding_inputs():
    import keras

    from gradelib import seq2seq

    data = seq2seq.load_addition(n=300, seed=1)
    keras.utils.set_random_seed(0)
    model = seq2seq.build_seq2seq(len(data.vocab), "baseline", embed_dim=6, units=8,
                                  run_eagerly=True)
    weights = np.random.default_rng(0)
    model.set_weights([weights.normal(0, 1.0, size=w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return {"model": model, "x": data.x_test[:6], "start_id": data.start_id, "length": 4}


H, HS = rng.normal(size=(3, 4)), rng.normal(size=(3, 5, 4))
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 1, 1, 0]], dtype=bool)
A = tf_attention_weights(H, HS)
SDPA_INPUTS = {"q": rng.normal(size=(2, 3, 6)), "k": rng.normal(size=(2, 5, 6)),
               "v": rng.normal(size=(2, 5, 2))}
SDPA_MASK = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], dtype=bool)
CASES = [
    ("attention_weights", mistakes.ATTENTION_WEIGHTS, {"h": H, "hs": HS},
     tf_attention_weights),
    ("attention_weights (masked)", mistakes.ATTENTION_WEIGHTS,
     {"h": H, "hs": HS, "mask": MASK}, tf_attention_weights),
    ("context_vector", mistakes.CONTEXT_VECTOR, {"a": A, "hs": HS}, tf_context_vector),
    ("positional_encoding", mistakes.POSITIONAL_ENCODING, {"length": 12, "d_model": 16},
     sinusoid),
    ("scaled_dot_product_attention (weights)", SCALED_ATTENTION, SDPA_INPUTS, tf_sdpa_weights),
    ("scaled_dot_product_attention (weights, masked)", SCALED_ATTENTION,
     {**SDPA_INPUTS, "mask": SDPA_MASK}, tf_sdpa_weights),
    ("scaled_dot_product_attention (output)", SCALED_ATTENTION_OUTPUT, SDPA_INPUTS,
     tf_sdpa_output),
    ("scaled_dot_product_attention (output, masked)", SCALED_ATTENTION_OUTPUT,
     {**SDPA_INPUTS, "mask": SDPA_MASK}, tf_sdpa_output),
    ("greedy_decode", GREEDY_DECODE, decoding_inputs(), greedy_loop),
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
    for unmasked, masked in [(0, 1), (4, 5), (6, 7)]:
        _, catalogue, inputs, right = CASES[masked]
        assert all(_applies(m, inputs, right) for m in catalogue)
        assert not all(_applies(m, CASES[unmasked][2], right) for m in catalogue)


def test_keras_scaled_attention_agrees_with_the_tf_reference():
    """What the notebook's visible test compares with: keras.layers.Attention on queries
    divided by sqrt(d_k)."""
    import keras

    q, k, v = (SDPA_INPUTS[name] for name in "qkv")
    out, weights = keras.layers.Attention()(
        [(q / np.sqrt(6)).astype("float32"), v.astype("float32"), k.astype("float32")],
        mask=[None, SDPA_MASK], return_attention_scores=True)
    want_weights, want_out = tf_sdpa(q, k, v, SDPA_MASK)
    np.testing.assert_allclose(np.asarray(weights), want_weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(out), want_out, rtol=1e-5, atol=1e-6)
    assert np.all(np.asarray(weights)[~np.broadcast_to(SDPA_MASK[:, None], (2, 3, 5))] == 0)


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
