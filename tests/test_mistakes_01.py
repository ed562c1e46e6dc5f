"""01_rnn_gradients: every misconception message fires on its mistake and never on a
correct answer.

The right answers come from Keras (SimpleRNNCell, LSTMCell) and TensorFlow
(tf.clip_by_global_norm); the mistaken ones from short NumPy versions of each
mistake written here, independently of the mistake catalogue.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import special

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import check_close, mistakes

rng = np.random.default_rng(0)


def keras_rnn_step(x, h_prev, Wx, Wh, b):
    cell = keras.layers.SimpleRNNCell(Wh.shape[0], dtype="float64")
    cell.build((None, Wx.shape[0]))
    cell.set_weights([Wx, Wh, b])
    return np.asarray(cell(x, [h_prev])[0])


def keras_lstm(x, h_prev, c_prev, W, U, b):
    cell = keras.layers.LSTMCell(U.shape[0], dtype="float64")
    cell.build((None, W.shape[0]))
    cell.set_weights([W, U, b])
    h, (_, c) = cell(x, [h_prev, c_prev])
    return np.asarray(h), np.asarray(c)


def numpy_lstm(x, h_prev, c_prev, W, U, b, order="ifco", candidate=np.tanh, cell_tanh=True):
    """An LSTM step that reads the four blocks of z in the given order."""
    z = x @ W + h_prev @ U + b
    blocks = dict(zip(order, np.split(z, 4, axis=1), strict=True))
    i, f, o = (special.expit(blocks[k]) for k in "ifo")
    g = candidate(blocks["c" if "c" in blocks else "g"])
    c = f * c_prev + i * g
    return o * (np.tanh(c) if cell_tanh else c), c


def tf_clip(grads, max_norm):
    clipped, norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], max_norm)
    return np.concatenate([np.ravel(c.numpy()) for c in clipped]), float(norm.numpy())


def flat(arrays):
    return np.concatenate([np.ravel(a) for a in arrays])


def as_object_array(grads):
    arr = np.empty(len(grads), dtype=object)
    for i, g in enumerate(grads):
        arr[i] = g
    return arr


RNN_IN = {"x": rng.normal(size=(3, 4)), "h_prev": rng.normal(size=(3, 5)) * 0.5,
          "Wx": rng.normal(size=(4, 5)) * 0.5, "Wh": rng.normal(size=(5, 5)) * 0.5,
          "b": rng.normal(size=5) * 0.5}
pre = RNN_IN["x"] @ RNN_IN["Wx"] + RNN_IN["h_prev"] @ RNN_IN["Wh"] + RNN_IN["b"]
RNN_WRONG = [
    pre,                                                              # no tanh
    special.expit(pre),                                               # sigmoid
    np.tanh(RNN_IN["x"] @ RNN_IN["Wx"] + RNN_IN["h_prev"] @ RNN_IN["Wh"].T + RNN_IN["b"]),
    np.tanh(RNN_IN["x"] @ RNN_IN["Wx"] + RNN_IN["h_prev"] @ RNN_IN["Wh"]),   # no bias
]

GRADS = [rng.normal(size=(3, 4)) * 2, rng.normal(size=(4, 4)), rng.normal(size=4) * 3]
BIG = {"grads": as_object_array(GRADS), "max_norm": 1.0}      # global norm about 9: clipped
SMALL = {"grads": as_object_array(GRADS), "max_norm": 100.0}  # below the threshold
NORM = float(np.sqrt(sum(np.sum(g ** 2) for g in GRADS)))
CLIP_WRONG = [
    (BIG, flat([np.clip(g, -1.0, 1.0) for g in GRADS])),
    (BIG, flat([g * min(1.0, 1.0 / np.linalg.norm(g)) for g in GRADS])),
    (SMALL, flat(GRADS) * 100.0 / NORM),
]
NORM_WRONG = [(BIG, 1.0), (BIG, NORM ** 2), (BIG, sum(np.linalg.norm(g) for g in GRADS))]

N, D, H = 3, 4, 2
LSTM_IN = {"x": rng.normal(size=(N, D)), "h_prev": rng.normal(size=(N, H)) * 0.5,
           "c_prev": rng.normal(size=(N, H)), "W": rng.normal(size=(D, 4 * H)) * 0.5,
           "U": rng.normal(size=(H, 4 * H)) * 0.5, "b": rng.normal(size=4 * H) * 0.5}
H_WRONG = [numpy_lstm(**LSTM_IN, order="ifog")[0], numpy_lstm(**LSTM_IN, order="fgio")[0],
           numpy_lstm(**LSTM_IN, cell_tanh=False)[0]]
C_WRONG = [numpy_lstm(**LSTM_IN, order="ifog")[1], numpy_lstm(**LSTM_IN, order="fgio")[1],
           numpy_lstm(**LSTM_IN, candidate=special.expit)[1]]

PAIRS = (
    [("rnn_step", mistakes.RNN_STEP, m, RNN_IN, keras_rnn_step(**RNN_IN), w)
     for m, w in zip(mistakes.RNN_STEP, RNN_WRONG, strict=True)]
    + [("clip", mistakes.CLIP_BY_GLOBAL_NORM, m, inp, tf_clip(GRADS, inp["max_norm"])[0], w)
       for m, (inp, w) in zip(mistakes.CLIP_BY_GLOBAL_NORM, CLIP_WRONG, strict=True)]
    + [("norm", mistakes.GLOBAL_NORM, m, inp, tf_clip(GRADS, inp["max_norm"])[1], w)
       for m, (inp, w) in zip(mistakes.GLOBAL_NORM, NORM_WRONG, strict=True)]
    + [("lstm h", mistakes.LSTM_STEP_H, m, LSTM_IN, keras_lstm(**LSTM_IN)[0], w)
       for m, w in zip(mistakes.LSTM_STEP_H, H_WRONG, strict=True)]
    + [("lstm c", mistakes.LSTM_STEP_C, m, LSTM_IN, keras_lstm(**LSTM_IN)[1], w)
       for m, w in zip(mistakes.LSTM_STEP_C, C_WRONG, strict=True)]
)


def test_every_mistake_has_a_case():
    catalogues = [mistakes.RNN_STEP, mistakes.CLIP_BY_GLOBAL_NORM, mistakes.GLOBAL_NORM,
                  mistakes.LSTM_STEP_H, mistakes.LSTM_STEP_C]
    assert len(PAIRS) == sum(len(c) for c in catalogues)


@pytest.mark.parametrize("name, catalogue, mistake, inputs, expected, wrong", PAIRS,
                         ids=[f"{p[0]}:{p[2].name[:40]}" for p in PAIRS])
def test_mistake_fires_on_its_own_answer(name, catalogue, mistake, inputs, expected, wrong):
    assert not np.allclose(wrong, expected)
    assert_mistake_named(wrong, expected, name=name, inputs=inputs, catalogue=catalogue,
                         mistake=mistake, exclusive=True)


@pytest.mark.parametrize("name, catalogue, mistake, inputs, expected, wrong", PAIRS,
                         ids=[f"{p[0]}:{p[2].name[:40]}" for p in PAIRS])
def test_correct_answer_passes_and_names_no_mistake(name, catalogue, mistake, inputs,
                                                    expected, wrong):
    assert_no_mistake_blamed(expected, name=name, inputs=inputs, catalogue=catalogue)


def test_clip_mistakes_stay_silent_when_they_agree_with_the_right_answer():
    # below the threshold element-wise and per-tensor clipping change nothing: a correct
    # answer must pass with the catalogue attached
    expected, norm = tf_clip(GRADS, 100.0)
    check_close(flat(GRADS), expected, name="clip", inputs=SMALL,
                mistakes=mistakes.CLIP_BY_GLOBAL_NORM)
    check_close(NORM, norm, name="norm", inputs=SMALL, mistakes=mistakes.GLOBAL_NORM)


def test_message_for_a_list_of_gradients_shows_its_length():
    with pytest.raises(AssertionError) as info:
        check_close(flat(GRADS), tf_clip(GRADS, 1.0)[0], name="clip", inputs=BIG,
                    mistakes=mistakes.CLIP_BY_GLOBAL_NORM)
    assert "input grads: ndarray of length 3" in str(info.value)


def test_keras_lstm_step_with_identity_order_is_keras():
    h, c = mistakes.rnn.keras_lstm_step(**LSTM_IN)
    want_h, want_c = numpy_lstm(**LSTM_IN)
    np.testing.assert_allclose(h, want_h, rtol=1e-10)
    np.testing.assert_allclose(c, want_c, rtol=1e-10)


# --- the LSTM step's backward pass: the right gradients from GradientTape through a Keras
# LSTMCell; the wrong ones from a NumPy backward pass written here with each mistake ------

def numpy_lstm_backward(dh, dc, x, h_prev, c_prev, W, U, b, variant=None):
    """(dx, dh_prev, dc_prev, dW, dU, db) of L = sum(h dh) + sum(c dc), with one mistake."""
    n_units = U.shape[0]
    z = x @ W + h_prev @ U + b
    i, f, o = (special.expit(z[:, k * n_units:(k + 1) * n_units]) for k in (0, 1, 3))
    g = np.tanh(z[:, 2 * n_units:3 * n_units])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    total = dc + (0 if variant == "no tanh path" else dh * o * (1 - tc ** 2))
    gate_d = (lambda s: 1 - s ** 2) if variant == "gates tanh'" else (lambda s: s * (1 - s))
    cand_d = (lambda s: s * (1 - s)) if variant == "g sigmoid'" else (lambda s: 1 - s ** 2)
    dz = np.concatenate([total * g * gate_d(i),
                         total * (c if variant == "forget uses c" else c_prev) * gate_d(f),
                         total * i * cand_d(g), dh * tc * gate_d(o)], axis=1)
    dc_prev = total * (1 if variant == "no forget on cell path" else f)
    return dz @ W.T, dz @ U.T, dc_prev, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def tape_lstm_backward(dh, dc, x, h_prev, c_prev, W, U, b):
    cell = keras.layers.LSTMCell(U.shape[0], dtype="float64")
    cell.build((None, W.shape[0]))
    cell.set_weights([W, U, b])
    args = [tf.Variable(a) for a in (x, h_prev, c_prev)]
    with tf.GradientTape() as tape:
        h, (_, c) = cell(args[0], [args[1], args[2]])
        total = tf.reduce_sum(h * dh) + tf.reduce_sum(c * dc)
    return [np.asarray(g) for g in tape.gradient(total, [*args, *cell.trainable_variables])]


BACK_IN = {"dh": rng.normal(size=(N, H)), "dc": rng.normal(size=(N, H)), **LSTM_IN}
BACK_RIGHT = tape_lstm_backward(**BACK_IN)
VARIANTS = [kind for kind, _, _ in mistakes.rnn._BACKWARD]
BACK_PAIRS = [(part, k, variant) for k, variant in enumerate(VARIANTS)
              for j, part in enumerate(mistakes.rnn.LSTM_GRADIENTS)
              if not np.allclose(numpy_lstm_backward(**BACK_IN, variant=variant)[j],
                                 BACK_RIGHT[j])]


def test_numpy_backward_is_tensorflow_s():
    for got, want in zip(numpy_lstm_backward(**BACK_IN), BACK_RIGHT, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_every_backward_mistake_changes_some_gradient():
    assert {variant for _, _, variant in BACK_PAIRS} == set(VARIANTS)
    assert ("dc_prev", 0, "no tanh path") in BACK_PAIRS


@pytest.mark.parametrize("part, k, variant", BACK_PAIRS, ids=[f"{p}:{v}" for p, _, v in BACK_PAIRS])
def test_backward_mistake_fires_on_its_own_answer(part, k, variant):
    j = mistakes.rnn.LSTM_GRADIENTS.index(part)
    catalogue = mistakes.rnn.LSTM_STEP_BACKWARD[part]
    assert_mistake_named(numpy_lstm_backward(**BACK_IN, variant=variant)[j], BACK_RIGHT[j],
                         name=f"lstm_step_backward ({part})", inputs=BACK_IN,
                         catalogue=catalogue, mistake=catalogue[k])


@pytest.mark.parametrize("part", mistakes.rnn.LSTM_GRADIENTS)
def test_backward_correct_answer_passes_and_names_no_mistake(part):
    j = mistakes.rnn.LSTM_GRADIENTS.index(part)
    assert_no_mistake_blamed(BACK_RIGHT[j], name=f"lstm_step_backward ({part})",
                             inputs=BACK_IN, catalogue=mistakes.rnn.LSTM_STEP_BACKWARD[part])
