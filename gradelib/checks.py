"""Checks whose failure messages a student can act on.

A failing check raises ``AssertionError`` with a message in the style of
``numpy.testing``: which call failed, on which input, what was expected and
what came back (shape, dtype, the first mismatching index and the size of the
mismatch). When the returned value equals what a known mistake returns for the
same input, the message names that misconception and how to fix it.

Mistakes are described with :class:`Mistake`: its ``wrong`` function computes
the mistaken answer from the expected one and the inputs, using library calls
or transformations of the expected value, never a reference solution.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Mistake:
    """A known misconception and the answer it produces.

    Attributes:
        name: what the student got wrong, e.g. ``"the kernel is flipped"``.
        fix: how to put it right, one or two sentences.
        wrong: ``wrong(expected, **inputs)`` returns what the mistaken code
            returns for these inputs (an array, a scalar, or for samplers a
            probability vector). It may raise to say "not applicable here".
    """

    name: str
    fix: str
    wrong: Callable[..., Any]

    def answer(self, expected: Any, inputs: Mapping[str, Any]) -> np.ndarray | None:
        """The mistaken answer as a float array, computed without warnings; None when
        ``wrong`` raises (the mistake does not apply to these inputs)."""
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return np.asarray(self.wrong(expected, **inputs), dtype=float)
        except Exception:
            return None

    def produces(self, got: np.ndarray, expected: np.ndarray, inputs: Mapping[str, Any],
                 rtol: float, atol: float) -> bool:
        """True when ``got`` equals this mistake's answer and the mistake's
        answer differs from the expected one (so a correct answer never matches)."""
        wrong = self.answer(expected, inputs)
        if wrong is None or wrong.shape != got.shape:
            return False
        if wrong.shape == expected.shape and np.allclose(wrong, expected, rtol=rtol, atol=atol):
            return False
        return bool(np.allclose(got, wrong, rtol=rtol, atol=atol))

    def describe(self) -> str:
        return f"{KNOWN_MISTAKE}{self.name}.\n  How to fix it: {self.fix}"


KNOWN_MISTAKE = "This matches a known mistake: "
KNOWN_HEADLINE = "known mistake: "   # a failure's first line names the mistake after this


def describe_value(value: Any, max_elements: int = 16) -> str:
    """A one-line description of an input or output: shape, dtype, and the
    values themselves when there are few of them."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return repr(value.item() if isinstance(value, np.generic) else value)
    if isinstance(value, (np.ndarray, list, tuple)):
        try:
            arr = np.asarray(value)
        except ValueError:  # a ragged list, e.g. gradients of several shapes
            arr = np.empty(0, dtype=object)
        if arr.dtype == object:
            return f"{type(value).__name__} of length {len(value)}"
        text = f"array of shape {arr.shape}, dtype {arr.dtype}"
        if arr.size <= max_elements:
            body = np.array2string(arr, precision=4, separator=", ", max_line_width=10_000)
            text += f": {' '.join(body.split())}"
        return text
    return f"{type(value).__name__} {value!r}"[:200]




def _index_text(index: tuple) -> str:
    return "" if index == () else f" at index {tuple(int(i) for i in index)}"


def fail(name: str, inputs: Mapping[str, Any], problem: str, hints: Sequence[str] = ()) -> None:
    """Raise the standard failure message.

    The first line names the call and either the known mistake it matches or
    the problem's first line (``gradelib check`` shows only this line); then
    come the inputs, the rest of the problem and the hints.
    """
    __tracebackhide__ = True
    call = f"{name}({', '.join(inputs)})"
    known = [h[len(KNOWN_MISTAKE):].split(".\n")[0] for h in hints if h.startswith(KNOWN_MISTAKE)]
    headline = KNOWN_HEADLINE + known[0] if known else problem.splitlines()[0]
    lines = [f"{call}: {headline}"]
    lines += [f"  input {key}: {describe_value(value)}" for key, value in inputs.items()]
    lines += ["  " + problem, *("  " + hint for hint in hints)]
    raise AssertionError("\n".join(lines))


def as_numeric(got: Any, name: str, inputs: Mapping[str, Any], wanted: str) -> np.ndarray:
    """``got`` as a float array, or a failure naming a missing return or a
    non-numeric value (``wanted`` says what was expected instead)."""
    __tracebackhide__ = True
    if got is None:
        fail(name, inputs, "It returned None. Did you forget the `return` statement?")
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail(name, inputs, f"It returned {describe_value(got)}, which is not numeric; "
             f"expected {wanted}.")
    return arr


def check_close(got: Any, expected: Any, *, name: str, inputs: Mapping[str, Any],
                rtol: float = 1e-6, atol: float = 1e-8,
                mistakes: Iterable[Mistake] = ()) -> None:
    """Check that ``got`` equals ``expected`` elementwise, within tolerance.

    Args:
        got: what the student's function returned (array-like or scalar).
        expected: the right answer, array-like or scalar.
        name: the function's name, used in the message.
        inputs: the arguments it was called with, by name (shown in the message
            and passed to each mistake's ``wrong``).
        rtol, atol: tolerances as in ``numpy.isclose``.
        mistakes: known misconceptions to name when ``got`` matches one.

    Raises:
        AssertionError: with the input, the expected and the returned value
            (shape, dtype, first mismatching index, size of the mismatch), and
            the misconception that ``got`` matches, if any.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected, dtype=float)
    arr = as_numeric(got, name, inputs, describe_value(expected))
    mistakes = tuple(mistakes)

    def known() -> list[str]:  # computed on failure only: a mistake may be costly
        return [m.describe() for m in mistakes if m.produces(arr, expected, inputs, rtol, atol)]

    if arr.shape != expected.shape:
        fail(name, inputs,
             f"Wrong shape: expected {expected.shape}, returned {arr.shape} "
             f"(dtype {np.asarray(got).dtype}).", known())

    bad_nan = ~np.isfinite(arr) & np.isfinite(expected)
    if bad_nan.any():
        index = tuple(np.argwhere(bad_nan)[0]) if arr.ndim else ()
        fail(name, inputs,
             f"It returned {arr[index]}{_index_text(index)}, where {expected[index]:.6g} "
             f"was expected. NaN and inf usually come from log(0), 0/0 or an overflowing exp.",
             known())

    close = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return
    index = tuple(np.argwhere(~close)[0]) if arr.ndim else ()
    diff = np.abs(arr - expected)
    problem = (f"Wrong value{_index_text(index)}: expected {expected[index]:.6g}, "
               f"returned {arr[index]:.6g}.\n"
               f"  mismatched elements: {int((~close).sum())} / {close.size}; "
               f"max abs difference {np.nanmax(diff):.3g} (rtol={rtol:g}, atol={atol:g})\n"
               f"  expected: {describe_value(expected)}\n"
               f"  returned: {describe_value(arr)}")
    hints = known()
    if not hints:
        ratio = _constant_ratio(arr, expected)
        if ratio is not None:
            hints.append(f"Your answer is the expected one times {ratio:.6g}: "
                         f"a missing normalisation or a wrong constant factor?")
    fail(name, inputs, problem, hints)


def _constant_ratio(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The factor c when got == c * expected (c != 1) elementwise, else None."""
    nonzero = np.abs(expected) > 1e-12
    if nonzero.sum() < 2 or not np.allclose(got[~nonzero], 0):
        return None
    ratios = got[nonzero] / expected[nonzero]
    c = float(np.median(ratios))
    if c == 0 or not np.allclose(ratios, c, rtol=1e-6) or np.isclose(c, 1):
        return None
    return c


def check_shape(got: Any, expected_shape: tuple, *, name: str, inputs: Mapping[str, Any],
                mistakes: Iterable[Mistake] = (), expected: Any = None) -> None:
    """Check only the shape of ``got``; name a mistake whose answer has that shape.

    Raises:
        AssertionError: naming the expected and returned shapes.
    """
    __tracebackhide__ = True
    if got is None:
        fail(name, inputs, "It returned None. Did you forget the `return` statement?")
    shape = np.shape(got)
    if shape != tuple(expected_shape):
        hints = []
        if expected is not None:
            arr = np.asarray(got, dtype=float)
            exp = np.asarray(expected, dtype=float)
            hints = [m.describe() for m in mistakes if m.produces(arr, exp, inputs, 1e-6, 1e-8)]
        fail(name, inputs, f"Wrong shape: expected {tuple(expected_shape)}, returned {shape}.",
             hints)


def check_distribution(got: Any, *, name: str, inputs: Mapping[str, Any],
                       atol: float = 1e-6) -> np.ndarray:
    """Check that ``got`` is a probability vector: finite, non-negative, sums to 1.

    Returns:
        ``got`` as a float array, for further checks.

    Raises:
        AssertionError: naming the first negative or non-finite entry, or the sum.
    """
    __tracebackhide__ = True
    arr = as_numeric(got, name, inputs, "a probability vector")
    if arr.ndim != 1:
        fail(name, inputs, f"Expected a 1-D probability vector, returned shape {arr.shape}.")
    if not np.isfinite(arr).all():
        i = int(np.argwhere(~np.isfinite(arr))[0][0])
        fail(name, inputs, f"It returned {arr[i]} at index {i}: probabilities must be finite. "
             f"NaN and inf usually come from log(0), 0/0 or an overflowing exp.")
    if (arr < -atol).any():
        i = int(np.argmin(arr))
        fail(name, inputs, f"It returned a negative probability {arr[i]:.6g} at index {i}.")
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        fail(name, inputs, f"The probabilities sum to {total:.6g}, not 1: normalise by the sum.")
    return arr


def check_raises(function: Callable, inputs: Mapping[str, Any], exception: type = ValueError,
                 problem: str = "the input is invalid") -> None:
    """Check that ``function(**inputs)`` raises ``exception`` (or a subclass).

    Args:
        function: the student's function (or the judge's stand-in for it).
        inputs: its keyword arguments, shown in the message.
        exception: the exception the docstring promises.
        problem: what is wrong with the inputs, for the message.

    Raises:
        AssertionError: when it returns, or raises another exception, naming which.
            ``NotImplementedError`` (an unfinished exercise) passes through.
    """
    __tracebackhide__ = True
    name = getattr(function, "__name__", "function")
    try:
        got = function(**inputs)
    except exception:
        return
    except NotImplementedError:
        raise
    except Exception as exc:
        kind = getattr(exc, "student_type", type(exc).__name__)
        fail(name, inputs, f"It raised {kind} ({str(exc)[:200]}), but {problem}: it should "
             f"raise {exception.__name__}.")
    fail(name, inputs, f"It returned {describe_value(got)}, but {problem}: it should raise "
         f"{exception.__name__} with a message that says so.")
