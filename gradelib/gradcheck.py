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
        raise TypeError(f"numeric_gradient needs a float ndarray, got {describe_value(x)}")
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
        fail(name, inputs, "It returned None. Did you forget the `return` statement?")
    analytic = np.asarray(analytic, dtype=float)
    if analytic.shape != numeric.shape:
        fail(name, inputs, f"The gradient has shape {analytic.shape}; it must have the shape "
             f"of the variable, {numeric.shape}.")
    err = relative_error(analytic, numeric)
    if np.all(err <= tol):
        return
    index = tuple(int(i) for i in np.argwhere(~(err <= tol))[0])
    hints = []
    if np.allclose(analytic, -numeric, rtol=1e-4, atol=1e-10):
        hints.append("The analytic gradient is the numeric one with the sign flipped.")
    fail(name, inputs,
         f"Gradient check failed: at index {index} analytic {analytic[index]:.6g}, "
         f"numeric {numeric[index]:.6g}; relative error {err[index]:.3g} "
         f"(max {np.nanmax(err):.3g}, tolerance {tol:g}).", hints)


def fail_on_tensors(name: str, inputs: Mapping[str, Any], kind: str, message: str) -> None:
    """The failure when a function meant for tensors raised ``kind`` on one."""
    __tracebackhide__ = True
    fail(name, inputs, f"Called on a TensorFlow tensor (as inside the model's train_step), "
         f"it raised {kind}: {message[:300]}",
         ["Write it with keras.ops (ops.exp, ops.sum, ops.log, ...), which work on NumPy "
          "arrays and on tensors alike."])


def fail_no_gradient(name: str, inputs: Mapping[str, Any], wrt: str) -> None:
    """The failure when TensorFlow finds no gradient back to the input ``wrt``."""
    __tracebackhide__ = True
    fail(name, inputs, f"TensorFlow finds no gradient from the result back to {wrt}: "
         f"the computation left TensorFlow (NumPy functions, .numpy(), float()).",
         ["Write it with keras.ops (ops.exp, ops.sum, ops.log, ...) instead of NumPy, so "
          "that training can backpropagate through it."])


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
    check_gradient(np.asarray(grad), numeric, name=f"{name} (gradient with respect to {wrt})",
                   inputs=inputs, tol=tol)
