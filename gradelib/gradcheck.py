"""Numeric gradient checks, after CS231n's ``eval_numerical_gradient``.

The centred difference (f(x + h) - f(x - h)) / 2h has error O(h^2), against
O(h) for the one-sided difference, so with float64 and h = 1e-5 a correct
analytic gradient agrees to a relative error of about 1e-7 or better.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .checks import describe_value, fail
from .i18n import add, text

add({
    "gradcheck: needs float array": {
        "en": "numeric_gradient needs a float ndarray, got {value}",
        "ko": "numeric_gradient에는 부동소수점 ndarray가 필요한데, {value}을(를) 받았습니다",
    },
    "gradcheck: gradient shape": {
        "en": "The gradient has shape {shape}; it must have the shape of the variable, "
              "{expected}.",
        "ko": "기울기의 모양이 {shape}입니다. 기울기는 변수와 같은 모양 {expected}이어야 "
              "합니다.",
    },
    "gradcheck: sign flipped": {
        "en": "The analytic gradient is the numeric one with the sign flipped.",
        "ko": "해석적 기울기가 수치 기울기와 부호만 반대입니다.",
    },
    "gradcheck: check failed": {
        "en": "Gradient check failed: at index {index} analytic {analytic}, numeric {numeric}; "
              "relative error {error} (max {max_error}, tolerance {tol}).",
        "ko": "기울기 검사에 실패했습니다: 인덱스 {index}에서 해석적 기울기 {analytic}, 수치 "
              "기울기 {numeric}; 상대 오차 {error} (최대 {max_error}, 허용 오차 {tol}).",
    },
    "gradcheck: raised on tensor": {
        "en": "Called on a TensorFlow tensor (as inside the model's train_step), it raised "
              "{kind}: {message}",
        "ko": "TensorFlow 텐서로 호출하자(모델의 train_step 안에서처럼) {kind}을(를) "
              "일으켰습니다: {message}",
    },
    "gradcheck: use keras.ops": {
        "en": "Write it with keras.ops (ops.exp, ops.sum, ops.log, ...), which work on NumPy "
              "arrays and on tensors alike.",
        "ko": "keras.ops(ops.exp, ops.sum, ops.log, ...)로 작성하세요. keras.ops는 NumPy "
              "배열과 텐서 모두에서 동작합니다.",
    },
    "gradcheck: no gradient": {
        "en": "TensorFlow finds no gradient from the result back to {wrt}: the computation "
              "left TensorFlow (NumPy functions, .numpy(), float()).",
        "ko": "TensorFlow가 결과에서 {wrt}(으)로 거슬러 올라가는 기울기를 찾지 못합니다: "
              "계산이 TensorFlow 밖으로 나갔습니다(NumPy 함수, .numpy(), float()).",
    },
    "gradcheck: backpropagate with keras.ops": {
        "en": "Write it with keras.ops (ops.exp, ops.sum, ops.log, ...) instead of NumPy, so "
              "that training can backpropagate through it.",
        "ko": "NumPy 대신 keras.ops(ops.exp, ops.sum, ops.log, ...)로 작성해야 훈련할 때 "
              "이 계산을 거쳐 역전파할 수 있습니다.",
    },
    "gradcheck: gradient name": {
        "en": "{name} (gradient with respect to {wrt})",
        "ko": "{name} ({wrt}에 대한 기울기)",
    },
})


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                     h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of a scalar function at ``x``.

    Args:
        f: maps an array shaped like ``x`` to a scalar. It is called 2 * x.size
            times with ``x`` perturbed in place, one element at a time.
        x: float64 array; restored to its original values on return.
        h: the step.

    Returns:
        float64 array of ``x``'s shape: df/dx.

    Raises:
        TypeError: if ``x`` is not a floating-point array (integer arrays cannot
            hold the perturbation).
    """
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        raise TypeError(text("gradcheck: needs float array", value=describe_value(x)))
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> np.ndarray:
    """Elementwise |a - b| / max(|a| + |b|, floor)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def check_gradient(analytic: Any, numeric: np.ndarray, *, name: str,
                   inputs: Mapping[str, Any], tol: float = 1e-6) -> None:
    """Check an analytic gradient against a numeric one by relative error.

    Raises:
        AssertionError: naming the first element whose relative error exceeds
            ``tol``, both values there, and the largest relative error.
    """
    __tracebackhide__ = True
    numeric = np.asarray(numeric, dtype=float)
    if analytic is None:
        fail(name, inputs, text("returned None"))
    analytic = np.asarray(analytic, dtype=float)
    if analytic.shape != numeric.shape:
        fail(name, inputs, text("gradcheck: gradient shape", shape=analytic.shape,
                                expected=numeric.shape))
    err = relative_error(analytic, numeric)
    if np.all(err <= tol):
        return
    index = tuple(int(i) for i in np.argwhere(~(err <= tol))[0])
    hints = []
    if np.allclose(analytic, -numeric, rtol=1e-4, atol=1e-10):
        hints.append(text("gradcheck: sign flipped"))
    fail(name, inputs,
         text("gradcheck: check failed", index=index, analytic=f"{analytic[index]:.6g}",
              numeric=f"{numeric[index]:.6g}", error=f"{err[index]:.3g}",
              max_error=f"{np.nanmax(err):.3g}", tol=f"{tol:g}"), hints)


def fail_on_tensors(name: str, inputs: Mapping[str, Any], kind: str, message: str) -> None:
    """The failure when a function meant for tensors raised ``kind`` on one."""
    __tracebackhide__ = True
    fail(name, inputs, text("gradcheck: raised on tensor", kind=kind, message=message[:300]),
         [text("gradcheck: use keras.ops")])


def fail_no_gradient(name: str, inputs: Mapping[str, Any], wrt: str) -> None:
    """The failure when TensorFlow finds no gradient back to the input ``wrt``."""
    __tracebackhide__ = True
    fail(name, inputs, text("gradcheck: no gradient", wrt=wrt),
         [text("gradcheck: backpropagate with keras.ops")])


def check_autodiff(f: Callable, x, *, name: str, inputs: Mapping[str, Any], wrt: str,
                   tol: float = 1e-6) -> None:
    """Check that TensorFlow differentiates ``f`` correctly with respect to one input.

    The gradient of sum(f(x)) that ``tf.GradientTape`` computes, with ``x`` a float64
    ``tf.Variable``, must equal the centred-difference numeric gradient
    (:func:`gradelib.numeric_gradient`). A function written with ``keras.ops`` passes;
    one that goes through NumPy gives no gradient at all, and fails with a message
    saying so: inside a model's ``train_step`` it would not train.

    Args:
        f: maps an array or tensor shaped like ``x`` to an array or tensor.
        x: float array, the point where the gradient is checked (not modified).
        name, inputs: the student's function and its inputs, for the message.
        wrt: the name of the input ``x`` stands for.
        tol: largest relative error accepted.

    Raises:
        AssertionError: if ``f`` fails on a tensor, TensorFlow finds no gradient, or the
            gradients differ. ``NotImplementedError`` from ``f`` passes through.
    """
    __tracebackhide__ = True
    import tensorflow as tf

    x = np.array(x, dtype=np.float64)
    variable = tf.Variable(x)
    try:
        with tf.GradientTape() as tape:
            total = tf.reduce_sum(tf.cast(tf.convert_to_tensor(f(variable)), tf.float64))
    except NotImplementedError:
        raise
    except Exception as exc:
        fail_on_tensors(name, inputs, type(exc).__name__, str(exc))
    grad = tape.gradient(total, variable)
    if grad is None:
        fail_no_gradient(name, inputs, wrt)
    numeric = numeric_gradient(lambda a: float(np.sum(np.asarray(f(a), dtype=float))), x.copy())
    check_gradient(np.asarray(grad), numeric,
                   name=text("gradcheck: gradient name", name=name, wrt=wrt),
                   inputs=inputs, tol=tol)
