"""Hidden tests of 01_rnn_gradients, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import keras
import numpy as np
import tensorflow as tf

import gradelib
from gradelib.i18n import add, text
from gradelib.mistakes import CLIP_BY_GLOBAL_NORM, GLOBAL_NORM, LSTM_STEP_C, LSTM_STEP_H, RNN_STEP
from gradelib.mistakes.rnn import LSTM_STEP_BACKWARD, keras_lstm_gradients

add({
    "judge 01: rnn_backward tuple": {
        "en": "It must return a tuple (dWx, dWh, db, dh0).",
        "ko": "튜플 (dWx, dWh, db, dh0)을 반환해야 합니다.",
    },
    "judge 01: rnn_forward name": {
        "en": "rnn_forward (uses your rnn_step: fix exercise 1 first)",
        "ko": "rnn_forward (여러분의 rnn_step을 씁니다: 연습 1부터 고치세요)",
    },
    "judge 01: loss on the last state": {
        "en": "loss on the last state only",
        "ko": "마지막 은닉 상태에만 건 손실",
    },
    "judge 01: loss at every step": {
        "en": "loss at every step",
        "ko": "모든 시점에 건 손실",
    },
    "judge 01: clip tuple": {
        "en": "It must return a tuple (clipped list, global norm).",
        "ko": "튜플 (잘라 낸 배열의 리스트, 전역 노름)을 반환해야 합니다.",
    },
    "judge 01: clip count": {
        "en": "It returned {returned} arrays for {given} gradients.",
        "ko": "기울기 {given}개에 대해 배열 {returned}개를 반환했습니다.",
    },
    "judge 01: clip name array": {
        "en": "clip_by_global_norm (a clipped array)",
        "ko": "clip_by_global_norm (잘라 낸 배열 하나)",
    },
    "judge 01: clip name flattened": {
        "en": "clip_by_global_norm (the clipped arrays, flattened in order)",
        "ko": "clip_by_global_norm (잘라 낸 배열들을 순서대로 펼쳐 이은 것)",
    },
    "judge 01: clip name norm": {
        "en": "clip_by_global_norm (the global norm)",
        "ko": "clip_by_global_norm (전역 노름)",
    },
    "judge 01: clip in place": {
        "en": "It modified the input arrays in place; return new arrays instead.",
        "ko": "입력 배열을 제자리(in place)에서 바꾸었습니다. 대신 새 배열을 반환하세요.",
    },
    "judge 01: lstm tuple": {
        "en": "It must return a tuple (h, c).",
        "ko": "튜플 (h, c)를 반환해야 합니다.",
    },
    "judge 01: lstm name c": {
        "en": "lstm_step (c, the memory cell)",
        "ko": "lstm_step (c, 기억 셀)",
    },
    "judge 01: lstm backward tuple": {
        "en": "It must return a tuple (dx, dh_prev, dc_prev, dW, dU, db).",
        "ko": "튜플 (dx, dh_prev, dc_prev, dW, dU, db)를 반환해야 합니다.",
    },
    "judge 01: lstm backward numeric name": {
        "en": "lstm_step_backward (d{part}, numeric)",
        "ko": "lstm_step_backward (d{part}, 수치 미분)",
    },
})


def keras_rnn_step(x, h_prev, Wx, Wh, b):
    """Keras' answer: a float64 SimpleRNNCell given the same weights."""
    cell = keras.layers.SimpleRNNCell(Wh.shape[0], dtype="float64")
    cell.build((None, Wx.shape[0]))
    cell.set_weights([Wx, Wh, b])
    h, _ = cell(x, [h_prev])
    return np.asarray(h)


def reference_forward(xs, h0, Wx, Wh, b):
    """A tanh RNN over a sequence, in NumPy (the hidden tests' own forward pass)."""
    hs, h = [], h0
    for t in range(xs.shape[1]):
        h = np.tanh(xs[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return np.stack(hs, axis=1)


def test_rnn_step(student):
    rnn_step = student.function("rnn_step")
    rng = np.random.default_rng(0)
    inputs = {"x": rng.normal(size=(3, 4)), "h_prev": rng.normal(size=(3, 5)) * 0.5,
              "Wx": rng.normal(size=(4, 5)) * 0.5, "Wh": rng.normal(size=(5, 5)) * 0.5,
              "b": rng.normal(size=5) * 0.5}
    got = rnn_step(**inputs)
    gradelib.check_shape(got, (3, 5), name="rnn_step", inputs=inputs)
    gradelib.check_close(got, keras_rnn_step(**inputs), name="rnn_step", inputs=inputs,
                         mistakes=RNN_STEP)
    for n, d, h in [(1, 1, 1), (7, 2, 3), (2, 6, 4)]:
        case = {"x": rng.normal(size=(n, d)), "h_prev": rng.uniform(-1, 1, size=(n, h)),
                "Wx": rng.normal(size=(d, h)) * 0.7, "Wh": rng.normal(size=(h, h)) * 0.7,
                "b": rng.normal(size=h) * 0.3}
        gradelib.check_close(rnn_step(**case), np.tanh(case["x"] @ case["Wx"] + case["h_prev"]
                                                       @ case["Wh"] + case["b"]),
                             name="rnn_step", inputs=case, mistakes=RNN_STEP)


def check_bptt(rnn_backward, xs, h0, Wx, Wh, b, dhs, label):
    """Compare the student's rnn_backward with numeric gradients of
    L = sum(forward(...) * dhs). The notebook's visible cases run the forward pass with
    its rnn_forward (the student's rnn_step); here it is reference_forward, which the
    caller has checked the student's forward against first."""
    inputs = {"dhs": dhs, "xs": xs, "hs": reference_forward(xs, h0, Wx, Wh, b), "h0": h0,
              "Wx": Wx, "Wh": Wh}
    got = rnn_backward(**inputs)
    if got is None or len(got) != 4:
        gradelib.fail("rnn_backward", inputs, text("judge 01: rnn_backward tuple"))
    params = {"Wx": Wx, "Wh": Wh, "b": b, "h0": h0}
    for (pname, value), analytic in zip(params.items(), got, strict=True):
        def loss(v, pname=pname):
            args = dict(params, **{pname: v})
            return np.sum(reference_forward(xs, args["h0"], args["Wx"], args["Wh"], args["b"])
                          * dhs)
        numeric = gradelib.numeric_gradient(loss, value.copy())
        gradelib.check_gradient(analytic, numeric, name=f"rnn_backward, d{pname} ({label})",
                                inputs=inputs, tol=1e-6)


def test_rnn_backward(student):
    rnn_step = student.function("rnn_step")
    rnn_backward = student.function("rnn_backward")
    rng = np.random.default_rng(2)
    N, T, D, H = 2, 4, 3, 4
    xs, h0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H)) * 0.5
    Wx, Wh = rng.normal(size=(D, H)) * 0.5, rng.normal(size=(H, H)) * 0.5
    b = rng.normal(size=H) * 0.1

    # the notebook's rnn_forward (a loop over the student's rnn_step) must agree with Keras
    h, hs = h0, []
    for t in range(T):
        h = rnn_step(xs[:, t], h, Wx, Wh, b)
        hs.append(h)
    layer = keras.layers.SimpleRNN(H, return_sequences=True, dtype="float64")
    layer.build((None, T, D))
    layer.set_weights([Wx, Wh, b])
    gradelib.check_close(np.stack(hs, axis=1), np.asarray(layer(xs, initial_state=[h0])),
                         name=text("judge 01: rnn_forward name"),
                         inputs={"xs": xs, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})

    last_only = np.zeros((N, T, H))
    last_only[:, -1] = rng.normal(size=(N, H))        # L = sum(h_T * v)
    check_bptt(rnn_backward, xs, h0, Wx, Wh, b, last_only,
               text("judge 01: loss on the last state"))
    check_bptt(rnn_backward, xs, h0, Wx, Wh, b, rng.normal(size=(N, T, H)),
               text("judge 01: loss at every step"))
    for (n, t, d, h) in [(1, 1, 2, 3), (3, 6, 2, 3)]:
        xs_, h0_ = rng.normal(size=(n, t, d)), rng.normal(size=(n, h)) * 0.5
        Wx_, Wh_ = rng.normal(size=(d, h)), rng.normal(size=(h, h)) * 0.8
        b_ = rng.normal(size=h) * 0.3
        check_bptt(rnn_backward, xs_, h0_, Wx_, Wh_, b_, rng.normal(size=(n, t, h)), f"T = {t}")


def as_inputs(grads, max_norm):
    """The inputs for messages and known mistakes (an object array prints as its length)."""
    arr = np.empty(len(grads), dtype=object)
    for i, g in enumerate(grads):
        arr[i] = g
    return {"grads": arr, "max_norm": max_norm}


def check_clip(student, grads, max_norm):
    """The notebook's check_clip. The kernel receives copies of ``grads``, so a change in
    place is seen by calling the function twice on the same arrays (student.repeat): the
    second call then sees the changed inputs and returns something else."""
    inputs = as_inputs(grads, max_norm)
    want, want_norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], max_norm)
    got, again = student.repeat("clip_by_global_norm", 2, grads, max_norm)
    if not isinstance(got, tuple) or len(got) != 2:
        gradelib.fail("clip_by_global_norm", inputs,
                      text("judge 01: clip tuple"))
    clipped, norm = got
    if len(clipped) != len(grads):
        gradelib.fail("clip_by_global_norm", inputs,
                      text("judge 01: clip count", returned=len(clipped), given=len(grads)))
    for g, c in zip(grads, clipped, strict=True):
        gradelib.check_shape(c, g.shape, name=text("judge 01: clip name array"),
                             inputs=inputs)
    gradelib.check_close(np.concatenate([np.ravel(c) for c in clipped]),
                         np.concatenate([np.ravel(w.numpy()) for w in want]),
                         name=text("judge 01: clip name flattened"),
                         inputs=inputs, mistakes=CLIP_BY_GLOBAL_NORM)
    gradelib.check_close(norm, want_norm.numpy(), name=text("judge 01: clip name norm"),
                         inputs=inputs, mistakes=GLOBAL_NORM)
    if not same_answer(got, again):
        gradelib.fail("clip_by_global_norm", inputs,
                      text("judge 01: clip in place"))


def same_answer(first, second):
    """Whether two (clipped, global norm) answers are equal, array by array."""
    if not isinstance(second, tuple) or len(second) != 2 or len(second[0]) != len(first[0]):
        return False
    return (all(np.array_equal(np.asarray(a), np.asarray(b))
                for a, b in zip(first[0], second[0], strict=True))
            and np.array_equal(np.asarray(first[1]), np.asarray(second[1])))


def test_clip_by_global_norm(student):
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=(3, 4)) * 2, rng.normal(size=(4, 4)), rng.normal(size=4) * 3]
    check_clip(student, grads, max_norm=1.0)      # global norm about 8.5: clipped
    check_clip(student, grads, max_norm=100.0)    # below the threshold: unchanged
    check_clip(student, [np.array([3.0, 4.0])], 2.5)
    check_clip(student, [np.zeros((2, 2)), np.zeros(3)], 1.0)
    check_clip(student, [rng.normal(size=(5,)) * 10, rng.normal(size=(2, 3, 2))], 5.0)
    check_clip(student, [np.array([[0.6, -0.8]])], 1.0)


def keras_lstm_step(x, h_prev, c_prev, W, U, b):
    """Keras' answer: a float64 LSTMCell given the same weights -> (h, c)."""
    cell = keras.layers.LSTMCell(U.shape[0], dtype="float64")
    cell.build((None, W.shape[0]))
    cell.set_weights([W, U, b])
    h, (_, c) = cell(x, [h_prev, c_prev])
    return np.asarray(h), np.asarray(c)


def check_lstm(lstm_step, inputs):
    want_h, want_c = keras_lstm_step(**inputs)
    got = lstm_step(**inputs)
    if not isinstance(got, tuple) or len(got) != 2:
        gradelib.fail("lstm_step", inputs, text("judge 01: lstm tuple"))
    gradelib.check_close(got[1], want_c, name=text("judge 01: lstm name c"), inputs=inputs,
                         mistakes=LSTM_STEP_C)
    gradelib.check_close(got[0], want_h, name="lstm_step (h)", inputs=inputs,
                         mistakes=LSTM_STEP_H)


def test_lstm_step(student):
    lstm_step = student.function("lstm_step")
    rng = np.random.default_rng(6)
    N, D, H = 3, 4, 2
    check_lstm(lstm_step, {
        "x": rng.normal(size=(N, D)), "h_prev": rng.normal(size=(N, H)) * 0.5,
        "c_prev": rng.normal(size=(N, H)), "W": rng.normal(size=(D, 4 * H)) * 0.5,
        "U": rng.normal(size=(H, 4 * H)) * 0.5, "b": rng.normal(size=4 * H) * 0.5})
    for n, d, h in [(1, 1, 1), (5, 3, 4)]:
        check_lstm(lstm_step, {
            "x": rng.normal(size=(n, d)), "h_prev": rng.uniform(-1, 1, size=(n, h)),
            "c_prev": rng.normal(size=(n, h)) * 2, "W": rng.normal(size=(d, 4 * h)),
            "U": rng.normal(size=(h, 4 * h)), "b": rng.normal(size=4 * h)})


def reference_lstm(x, h_prev, c_prev, W, U, b):
    """The hidden tests' own LSTM step in NumPy (Keras' gate order i, f, c, o)."""
    n_units = U.shape[0]
    pre = x @ W + h_prev @ U + b
    blocks = [pre[:, k * n_units:(k + 1) * n_units] for k in range(4)]
    in_gate, forget, out_gate = (1 / (1 + np.exp(-blocks[k])) for k in (0, 1, 3))
    cell = forget * c_prev + in_gate * np.tanh(blocks[2])
    return out_gate * np.tanh(cell), cell


LSTM_PARTS = ["x", "h_prev", "c_prev", "W", "U", "b"]


def check_lstm_backward(lstm_step_backward, inputs):
    """The student's gradients against GradientTape through a Keras LSTMCell (naming known
    mistakes), then against centred differences of the judge's own NumPy LSTM step."""
    got = lstm_step_backward(**inputs)
    if not isinstance(got, tuple) or len(got) != 6:
        gradelib.fail("lstm_step_backward", inputs,
                      text("judge 01: lstm backward tuple"))
    want = keras_lstm_gradients(*(inputs[p] for p in LSTM_PARTS), inputs["dh"], inputs["dc"])
    for part, g, w in zip(LSTM_PARTS, got, want, strict=True):
        gradelib.check_close(g, w, name=f"lstm_step_backward (d{part})", inputs=inputs,
                             mistakes=LSTM_STEP_BACKWARD[f"d{part}"], atol=1e-10)
    forward = {p: inputs[p] for p in LSTM_PARTS}
    for part, g in zip(LSTM_PARTS, got, strict=True):
        def loss(v, part=part):
            h, c = reference_lstm(**dict(forward, **{part: v}))
            return np.sum(h * inputs["dh"]) + np.sum(c * inputs["dc"])
        numeric = gradelib.numeric_gradient(loss, forward[part].copy())
        gradelib.check_gradient(g, numeric,
                                name=text("judge 01: lstm backward numeric name", part=part),
                                inputs=inputs, tol=1e-6)


def test_lstm_step_backward(student):
    lstm_step_backward = student.function("lstm_step_backward")
    rng = np.random.default_rng(8)
    for n, d, h, scale in [(3, 4, 2, 0.5), (1, 1, 1, 1.0), (4, 3, 3, 0.8), (2, 5, 4, 0.3)]:
        check_lstm_backward(lstm_step_backward, {
            "dh": rng.normal(size=(n, h)), "dc": rng.normal(size=(n, h)),
            "x": rng.normal(size=(n, d)), "h_prev": rng.uniform(-1, 1, size=(n, h)),
            "c_prev": rng.normal(size=(n, h)), "W": rng.normal(size=(d, 4 * h)) * scale,
            "U": rng.normal(size=(h, 4 * h)) * scale, "b": rng.normal(size=4 * h) * scale})
    # dh = 0: only the cell path; dc = 0: only through h
    n, d, h = 2, 3, 2
    base = {"x": rng.normal(size=(n, d)), "h_prev": rng.normal(size=(n, h)) * 0.5,
            "c_prev": rng.normal(size=(n, h)), "W": rng.normal(size=(d, 4 * h)) * 0.5,
            "U": rng.normal(size=(h, 4 * h)) * 0.5, "b": rng.normal(size=4 * h) * 0.5}
    check_lstm_backward(lstm_step_backward, {"dh": np.zeros((n, h)),
                                             "dc": rng.normal(size=(n, h)), **base})
    check_lstm_backward(lstm_step_backward, {"dh": rng.normal(size=(n, h)),
                                             "dc": np.zeros((n, h)), **base})
