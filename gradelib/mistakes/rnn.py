"""Known mistakes for 01_rnn_gradients: the RNN step, global-norm gradient clipping,
the LSTM step.

Every ``wrong`` works from the expected answer (e.g. undoing the tanh with
``arctanh``) or from a library call (``tf.clip_by_norm``, ``tf.linalg.global_norm``,
a Keras ``LSTMCell`` given permuted weights), never from a reference solution.

Inputs the catalogues expect, by name:

- ``RNN_STEP``: ``x`` (N, D), ``h_prev`` (N, H), ``Wx`` (D, H), ``Wh`` (H, H), ``b`` (H,);
  ``expected`` is the next hidden state (N, H).
- ``CLIP_BY_GLOBAL_NORM``: ``grads`` (a sequence of arrays, e.g. a list or a 1-D
  object array), ``max_norm`` (float > 0); ``expected`` is the clipped gradients
  flattened and concatenated in order, shape (sum of sizes,).
- ``GLOBAL_NORM``: same inputs; ``expected`` is the global norm of ``grads`` (scalar).
- ``LSTM_STEP_H`` and ``LSTM_STEP_C``: ``x`` (N, D), ``h_prev`` (N, H), ``c_prev`` (N, H),
  ``W`` (D, 4H), ``U`` (H, 4H), ``b`` (4H,) in Keras' gate order (i, f, c, o);
  ``expected`` is h (N, H) or c (N, H) respectively.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import special

from ..checks import Mistake


def _tensors(grads) -> list[np.ndarray]:
    return [np.asarray(g, dtype=np.float64) for g in list(grads)]


def _flat(arrays) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])


def _global_norm(grads) -> float:
    import tensorflow as tf

    return float(tf.linalg.global_norm([tf.constant(g) for g in _tensors(grads)]).numpy())


def _per_tensor_clip(grads, max_norm) -> np.ndarray:
    import tensorflow as tf

    return _flat([tf.clip_by_norm(tf.constant(g), max_norm).numpy() for g in _tensors(grads)])


def _always_rescale(grads, max_norm) -> np.ndarray:
    norm = _global_norm(grads)
    if norm == 0:
        raise ValueError("zero gradients: nothing to rescale")
    return _flat(_tensors(grads)) * (max_norm / norm)


RNN_STEP = (
    Mistake(
        "the tanh is missing: this is the pre-activation x Wx + h_prev Wh + b",
        "pass the sum through np.tanh; the hidden state of a tanh RNN lies in (-1, 1).",
        lambda expected, x, h_prev, Wx, Wh, b: np.arctanh(expected),
        name_ko="tanh가 빠졌습니다: 이것은 활성화 전의 값 x Wx + h_prev Wh + b입니다",
        fix_ko="합을 np.tanh에 통과시키세요. tanh RNN의 은닉 상태는 (-1, 1) 안에 있습니다.",
    ),
    Mistake(
        "sigmoid instead of tanh",
        "the simple RNN's activation is tanh (np.tanh), whose outputs lie in (-1, 1) "
        "and are centred on 0.",
        lambda expected, x, h_prev, Wx, Wh, b: special.expit(np.arctanh(expected)),
        name_ko="tanh 대신 시그모이드를 썼습니다",
        fix_ko=("단순 RNN의 활성화 함수는 tanh(np.tanh)이며, 출력이 (-1, 1) 안에 있고 0을 "
                "중심으로 분포합니다."),
    ),
    Mistake(
        "the recurrent weights are transposed (h_prev @ Wh.T)",
        "with batch-first rows, h_prev has shape (N, H) and multiplies Wh from the left: "
        "h_prev @ Wh, as Keras' recurrent_kernel is used.",
        lambda expected, x, h_prev, Wx, Wh, b: np.tanh(
            np.arctanh(expected) + np.asarray(h_prev) @ (np.asarray(Wh).T - np.asarray(Wh))),
        name_ko="순환 가중치가 전치되었습니다(h_prev @ Wh.T)",
        fix_ko=("샘플이 행으로 놓이는(batch-first) 배치에서는 h_prev의 모양이 (N, H)이고 Wh에 "
                "왼쪽에서 곱합니다: Keras가 recurrent_kernel을 쓰는 방식 그대로 h_prev @ "
                "Wh입니다."),
    ),
    Mistake(
        "the bias b is left out",
        "add b (shape (H,), broadcast over the batch) before the tanh.",
        lambda expected, x, h_prev, Wx, Wh, b: np.tanh(np.arctanh(expected) - np.asarray(b)),
        name_ko="편향 b가 빠졌습니다",
        fix_ko="tanh를 적용하기 전에 b(모양 (H,), 배치 전체에 브로드캐스트)를 더하세요.",
    ),
)

CLIP_BY_GLOBAL_NORM = (
    Mistake(
        "element-wise clipping (np.clip to [-max_norm, max_norm]): that changes the "
        "gradient's direction and is not global-norm clipping",
        "compute one norm over all tensors, sqrt(sum of every squared entry), and if it "
        "exceeds max_norm multiply every tensor by max_norm / global_norm.",
        lambda expected, grads, max_norm: _flat(
            [np.clip(g, -max_norm, max_norm) for g in _tensors(grads)]),
        name_ko=("원소별 클리핑(np.clip으로 [-max_norm, max_norm]에 자름): 기울기의 방향이 바뀌며 "
                 "전역 노름 클리핑이 아닙니다"),
        fix_ko=("모든 텐서에 걸친 노름 하나, 곧 모든 원소 제곱합의 제곱근을 구하고, 그것이 "
                "max_norm을 넘으면 모든 텐서에 max_norm / global_norm을 곱하세요."),
    ),
    Mistake(
        "per-tensor norm clipping: each tensor was rescaled by its own norm",
        "use one global norm for all tensors together, so that every tensor is scaled by "
        "the same factor and the direction of the whole gradient is kept.",
        lambda expected, grads, max_norm: _per_tensor_clip(grads, max_norm),
        name_ko="텐서별 노름 클리핑: 각 텐서를 자기 노름으로 따로 크기 조정했습니다",
        fix_ko=("모든 텐서를 합친 전역 노름 하나를 쓰세요. 그래야 모든 텐서가 같은 배율로 "
                "조정되어 전체 기울기의 방향이 유지됩니다."),
    ),
    Mistake(
        "the gradients are rescaled to norm max_norm even when their norm is already "
        "below the threshold",
        "scale only when global_norm > max_norm: the factor is "
        "max_norm / max(global_norm, max_norm).",
        lambda expected, grads, max_norm: _always_rescale(grads, max_norm),
        name_ko="노름이 이미 임계치보다 작은데도 기울기를 노름 max_norm으로 다시 조정했습니다",
        fix_ko=("global_norm > max_norm일 때만 조정하세요: 배율은 max_norm / max(global_norm, "
                "max_norm)입니다."),
    ),
)

GLOBAL_NORM = (
    Mistake(
        "the norm returned is the norm after clipping; tf.clip_by_global_norm returns "
        "the norm of the gradients it was given",
        "return the global norm computed before clipping (it tells you how often and "
        "how hard the threshold bites).",
        lambda expected, grads, max_norm: min(float(expected), max_norm),
        name_ko=("클리핑 후의 노름을 반환했습니다. tf.clip_by_global_norm은 입력으로 받은 "
                 "기울기의 노름을 반환합니다"),
        fix_ko=("클리핑하기 전에 계산한 전역 노름을 반환하세요(임계치가 얼마나 자주, 얼마나 세게 "
                "작동하는지 알려 줍니다)."),
    ),
    Mistake(
        "the squared norm (the square root is missing)",
        "take np.sqrt of the sum of squares.",
        lambda expected, grads, max_norm: float(expected) ** 2,
        name_ko="노름의 제곱입니다(제곱근이 빠졌습니다)",
        fix_ko="제곱합에 np.sqrt를 취하세요.",
    ),
    Mistake(
        "the sum of the per-tensor norms instead of the norm of all entries together",
        "square every entry of every tensor, add them all up, then take one square root.",
        lambda expected, grads, max_norm: float(
            sum(np.linalg.norm(np.ravel(g)) for g in _tensors(grads))),
        name_ko="모든 원소를 합친 노름이 아니라 텐서별 노름의 합입니다",
        fix_ko="모든 텐서의 모든 원소를 제곱해 전부 더한 다음, 제곱근을 한 번만 취하세요.",
    ),
)


def keras_lstm_step(x, h_prev, c_prev, W, U, b, activation: str = "tanh",
                    gate_order: tuple[int, int, int, int] = (0, 1, 2, 3)):
    """What a Keras ``LSTMCell`` (float64) returns for these weights.

    ``gate_order`` picks which of the four column blocks of W, U and b Keras
    reads as (i, f, c, o): ``(0, 1, 2, 3)`` is the weights as given. A student who
    slices the blocks in another order computes what Keras computes with the
    blocks permuted.

    Returns:
        (h, c), float64 arrays of shape (N, H).
    """
    W, U, b = (np.asarray(a, dtype=np.float64) for a in (W, U, b))
    units = U.shape[0]

    def permute(a):
        blocks = np.split(a, 4, axis=-1)
        return np.concatenate([blocks[k] for k in gate_order], axis=-1)

    cell = _lstm_cell(W.shape[0], units, activation)
    cell.set_weights([permute(W), permute(U), permute(b)])
    h, (_, c) = cell(np.asarray(x, np.float64),
                     [np.asarray(h_prev, np.float64), np.asarray(c_prev, np.float64)])
    return np.asarray(h), np.asarray(c)


@functools.lru_cache(maxsize=16)
def _lstm_cell(input_dim: int, units: int, activation: str):
    """A built float64 Keras LSTMCell, reused: building one takes far longer than a call."""
    import keras

    cell = keras.layers.LSTMCell(units, activation=activation, dtype="float64")
    cell.build((None, input_dim))
    return cell


# (i, f, c, o) read from blocks in the order a student used:
# CS231n's i, f, o, g: Keras' c block is the student's 4th, o the 3rd;
# Deep Learning from Scratch 2's f, g, i, o: i is the 3rd block, f the 1st, c the 2nd.
_CS231N_ORDER = (0, 1, 3, 2)
_DLFS2_ORDER = (2, 0, 1, 3)

_ORDER_FIX = ("slice z = x W + h_prev U + b into four blocks of H columns in Keras' order "
              "(i, f, c, o): z[:, :H] input gate, z[:, H:2H] forget gate, z[:, 2H:3H] the "
              "candidate (tanh), z[:, 3H:] output gate.")
_ORDER_FIX_KO = ("z = x W + h_prev U + b를 H열씩 네 블록으로 Keras의 순서 (i, f, c, o)대로 "
                 "나누세요: z[:, :H]는 입력 게이트, z[:, H:2H]는 망각 게이트, z[:, 2H:3H]는 후보 "
                 "값(tanh), z[:, 3H:]는 출력 게이트입니다.")


def _lstm_h(order=(0, 1, 2, 3), activation="tanh"):
    return lambda expected, x, h_prev, c_prev, W, U, b: keras_lstm_step(
        x, h_prev, c_prev, W, U, b, activation=activation, gate_order=order)[0]


def _lstm_c(order=(0, 1, 2, 3), activation="tanh"):
    return lambda expected, x, h_prev, c_prev, W, U, b: keras_lstm_step(
        x, h_prev, c_prev, W, U, b, activation=activation, gate_order=order)[1]


def _h_without_tanh(expected, x, h_prev, c_prev, W, U, b):
    h, c = keras_lstm_step(x, h_prev, c_prev, W, U, b)
    tanh_c = np.tanh(c)
    if np.any(np.abs(tanh_c) < 1e-9):
        raise ValueError("c too close to 0 to undo the tanh")
    return h * c / tanh_c       # o * c, with o = h / tanh(c)


LSTM_STEP_H = (
    Mistake("the gates are sliced in CS231n's order (i, f, o, g), not Keras' (i, f, c, o)",
            _ORDER_FIX, _lstm_h(_CS231N_ORDER),
            name_ko=("게이트를 Keras의 순서 (i, f, c, o)가 아니라 CS231n의 순서 (i, f, o, g)로 "
                     "잘랐습니다"),
            fix_ko=_ORDER_FIX_KO),
    Mistake("the gates are sliced in Deep Learning from Scratch 2's order (f, g, i, o), "
            "not Keras' (i, f, c, o)", _ORDER_FIX, _lstm_h(_DLFS2_ORDER),
            name_ko=("게이트를 Keras의 순서 (i, f, c, o)가 아니라 『밑바닥부터 시작하는 딥러닝 "
                     "2』의 순서 (f, g, i, o)로 잘랐습니다"),
            fix_ko=_ORDER_FIX_KO),
    Mistake("h = o * c: the tanh on the memory cell is missing",
            "the new hidden state is o ⊙ tanh(c), the Hadamard product of the output gate "
            "and the squashed memory cell.", _h_without_tanh,
            name_ko="h = o * c: 기억 셀에 적용할 tanh가 빠졌습니다",
            fix_ko=("새 은닉 상태는 o ⊙ tanh(c), 곧 출력 게이트와 tanh로 눌러 준 기억 셀의 "
                    "아다마르 곱입니다.")),
)

LSTM_STEP_C = (
    Mistake("the gates are sliced in CS231n's order (i, f, o, g), not Keras' (i, f, c, o)",
            _ORDER_FIX, _lstm_c(_CS231N_ORDER),
            name_ko=("게이트를 Keras의 순서 (i, f, c, o)가 아니라 CS231n의 순서 (i, f, o, g)로 "
                     "잘랐습니다"),
            fix_ko=_ORDER_FIX_KO),
    Mistake("the gates are sliced in Deep Learning from Scratch 2's order (f, g, i, o), "
            "not Keras' (i, f, c, o)", _ORDER_FIX, _lstm_c(_DLFS2_ORDER),
            name_ko=("게이트를 Keras의 순서 (i, f, c, o)가 아니라 『밑바닥부터 시작하는 딥러닝 "
                     "2』의 순서 (f, g, i, o)로 잘랐습니다"),
            fix_ko=_ORDER_FIX_KO),
    Mistake("the candidate g uses a sigmoid instead of tanh",
            "the gates (i, f, o) use the sigmoid; the candidate values g use tanh, so that "
            "they can be negative.", _lstm_c(activation="sigmoid"),
            name_ko="후보 값 g에 tanh 대신 시그모이드를 썼습니다",
            fix_ko=("게이트(i, f, o)는 시그모이드를 쓰고, 후보 값 g는 음수도 될 수 있도록 tanh를 "
                    "씁니다.")),
)


# ---------------------------------------------------------------------------------------
# The LSTM step's backward pass. Inputs by name: ``dh``, ``dc`` (N, H), the upstream
# gradients of h and c; ``x``, ``h_prev``, ``c_prev``, ``W``, ``U``, ``b`` as LSTM_STEP_H.
# ``expected`` is one of the six gradients (dx, dh_prev, dc_prev, dW, dU, db):
# LSTM_STEP_BACKWARD[part] is the catalogue for that part. Every wrong answer is the
# right one (TensorFlow's GradientTape through a Keras LSTMCell) plus a correction that
# is itself a GradientTape gradient; the gates come from the cell's outputs (f from two
# calls with c_prev = 1 and 0, o = h / tanh(c), i from a cell that reads the i block as
# its candidate with a sigmoid), so no backward pass is written out here.
# ---------------------------------------------------------------------------------------

LSTM_GRADIENTS = ("dx", "dh_prev", "dc_prev", "dW", "dU", "db")


def keras_lstm_gradients(x, h_prev, c_prev, W, U, b, dh, dc, *, through_c=True):
    """Gradients of sum(h * dh) + sum(c * dc) for one Keras LSTMCell step (float64), by
    GradientTape: (dx, dh_prev, dc_prev, dW, dU, db). With ``through_c=False`` only
    the memory cell c is differentiated (h is not used), i.e. dh plays no role."""
    import tensorflow as tf

    W, U, b = (np.asarray(a, dtype=np.float64) for a in (W, U, b))
    cell = _lstm_cell(W.shape[0], U.shape[0], "tanh")
    cell.set_weights([W, U, b])
    args = [tf.Variable(np.asarray(a, np.float64)) for a in (x, h_prev, c_prev)]
    with tf.GradientTape() as tape:
        h, (_, c) = cell(args[0], [args[1], args[2]])
        total = tf.reduce_sum(c * np.asarray(dc, np.float64))
        if through_c:
            total += tf.reduce_sum(h * np.asarray(dh, np.float64))
    grads = tape.gradient(total, [*args, *cell.trainable_variables])
    return tuple(np.zeros(v.shape) if g is None else np.asarray(g)
                 for g, v in zip(grads, [*args, *cell.trainable_variables], strict=True))


def _gates(x, h_prev, c_prev, W, U, b):
    """(i, f, g, o, c) of one LSTM step, read off Keras LSTMCells' outputs."""
    zeros, ones = np.zeros_like(np.asarray(c_prev, float)), np.ones_like(np.asarray(c_prev, float))
    h, c = keras_lstm_step(x, h_prev, c_prev, W, U, b)
    ig = keras_lstm_step(x, h_prev, zeros, W, U, b)[1]                 # i * g
    f = keras_lstm_step(x, h_prev, ones, W, U, b)[1] - ig
    i = np.sqrt(keras_lstm_step(x, h_prev, zeros, W, U, b, activation="sigmoid",
                                gate_order=(0, 1, 0, 3))[1])            # i * sigmoid(z_i)
    tanh_c = np.tanh(c)
    if np.any(np.abs(tanh_c) < 1e-6):
        raise ValueError("c too close to 0 to read o off h")
    return i, f, ig / i, h / tanh_c, c


def _pull_back(dz, x, h_prev, W, U, b):
    """Gradients (dx, dh_prev, dc_prev = 0, dW, dU, db) of sum(z * dz), z = x W + h_prev U + b
    (dz is (N, 4H), blocks in Keras' order i, f, c, o), by GradientTape."""
    import tensorflow as tf

    variables = [tf.Variable(np.asarray(a, np.float64)) for a in (x, h_prev, W, U, b)]
    xv, hv, Wv, Uv, bv = variables
    with tf.GradientTape() as tape:
        total = tf.reduce_sum((tf.matmul(xv, Wv) + tf.matmul(hv, Uv) + bv) * dz)
    dx, dh_prev, dW, dU, db = (np.asarray(g) for g in tape.gradient(total, variables))
    return dx, dh_prev, np.zeros_like(np.asarray(h_prev, float)), dW, dU, db


def _backward_mistake(kind):
    def wrong(expected, dh, dc, x, h_prev, c_prev, W, U, b, *, part):
        right = keras_lstm_gradients(x, h_prev, c_prev, W, U, b, dh, dc)
        i, f, g, o, c = _gates(x, h_prev, c_prev, W, U, b)
        dh, dc = np.asarray(dh, float), np.asarray(dc, float)
        dc_total = dc + dh * o * (1 - np.tanh(c) ** 2)
        zero = np.zeros_like(i)
        if kind == "no tanh path":
            fix = keras_lstm_gradients(x, h_prev, c_prev, W, U, b, zero, dc_total - dc,
                                       through_c=False)
            got = tuple(r - e for r, e in zip(right, fix, strict=True))
        elif kind == "forget uses c":
            dz = np.concatenate([zero, dc_total * (c - c_prev) * f * (1 - f), zero, zero], 1)
            got = tuple(r + e for r, e in zip(right, _pull_back(dz, x, h_prev, W, U, b),
                                              strict=True))
        elif kind == "g sigmoid'":
            dz = np.concatenate([zero, zero, dc_total * i * (g - 1), zero], 1)
            got = tuple(r + e for r, e in zip(right, _pull_back(dz, x, h_prev, W, U, b),
                                              strict=True))
        elif kind == "gates tanh'":
            dz = np.concatenate([dc_total * g * (1 - i), dc_total * c_prev * (1 - f), zero,
                                 dh * np.tanh(c) * (1 - o)], 1)
            got = tuple(r + e for r, e in zip(right, _pull_back(dz, x, h_prev, W, U, b),
                                              strict=True))
        else:  # "no forget on cell path"
            got = (*right[:2], right[2] / f, *right[3:])
        return got[LSTM_GRADIENTS.index(part)]
    return wrong


_BACKWARD = (
    ("no tanh path",
     "the path from dh through tanh(c) to c is missing: the cell's total gradient is "
     "only the upstream dc",
     "h = o ⊙ tanh(c) depends on c too, so the gradient that reaches c is "
     "dc + dh ⊙ o ⊙ (1 - tanh(c)²); use that total for di, df, dg and dc_prev."),
    ("forget uses c",
     "the forget gate's gradient uses c (the new cell) instead of c_prev",
     "c = f ⊙ c_prev + i ⊙ g, so ∂c/∂f = c_prev: df = dc_total ⊙ c_prev."),
    ("g sigmoid'",
     "tanh' and sigmoid' confused: the candidate g's derivative was taken as g(1 - g)",
     "g = tanh(z_c) has derivative 1 - g²; the gates i, f, o = sigmoid(z) have s(1 - s)."),
    ("gates tanh'",
     "tanh' and sigmoid' confused: the gates' derivative was taken as 1 - s² (tanh's)",
     "the gates i, f, o = sigmoid(z) have derivative s(1 - s); only g and tanh(c) use "
     "1 - t²."),
    ("no forget on cell path",
     "dc_prev is missing the forget gate: on the cell path dc_prev = dc_total ⊙ f",
     "c = f ⊙ c_prev + i ⊙ g, so going back along the cell multiplies by f (a Hadamard "
     "product): dc_prev = dc_total ⊙ f."),
)

# each kind's name and fix in Korean (name_ko, fix_ko)
_BACKWARD_KO = {
    "no tanh path": (
        "dh가 tanh(c)를 거쳐 c로 가는 경로가 빠졌습니다: 셀의 전체 기울기를 위에서 내려온 "
        "dc만으로 잡았습니다",
        "h = o ⊙ tanh(c)도 c에 의존하므로 c에 도달하는 기울기는 "
        "dc + dh ⊙ o ⊙ (1 - tanh(c)²)입니다. di, df, dg와 dc_prev에는 이 전체 기울기를 쓰세요."),
    "forget uses c": (
        "망각 게이트의 기울기에 c_prev 대신 c(새 셀)를 썼습니다",
        "c = f ⊙ c_prev + i ⊙ g이므로 ∂c/∂f = c_prev입니다: df = dc_total ⊙ c_prev."),
    "g sigmoid'": (
        "tanh'과 sigmoid'을 혼동했습니다: 후보 값 g의 도함수를 g(1 - g)로 잡았습니다",
        "g = tanh(z_c)의 도함수는 1 - g²이고, 게이트 i, f, o = sigmoid(z)의 도함수는 "
        "s(1 - s)입니다."),
    "gates tanh'": (
        "tanh'과 sigmoid'을 혼동했습니다: 게이트의 도함수를 1 - s²(tanh의 도함수)로 잡았습니다",
        "게이트 i, f, o = sigmoid(z)의 도함수는 s(1 - s)입니다. 1 - t² 꼴을 쓰는 것은 g와 "
        "tanh(c)뿐입니다."),
    "no forget on cell path": (
        "dc_prev에 망각 게이트가 빠졌습니다: 셀 경로에서 dc_prev = dc_total ⊙ f입니다",
        "c = f ⊙ c_prev + i ⊙ g이므로 셀을 따라 거슬러 가면 f를 (아다마르 곱으로) 곱하게 "
        "됩니다: dc_prev = dc_total ⊙ f."),
}

LSTM_STEP_BACKWARD = {
    part: tuple(Mistake(name, fix, functools.partial(_backward_mistake(kind), part=part),
                        name_ko=_BACKWARD_KO[kind][0], fix_ko=_BACKWARD_KO[kind][1])
                for kind, name, fix in _BACKWARD)
    for part in LSTM_GRADIENTS
}
