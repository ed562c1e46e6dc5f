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

from .i18n import pick, text


@dataclass(frozen=True)
class Mistake:
    """A known misconception and the answer it produces.

    Attributes:
        name: what the student got wrong, e.g. ``"the kernel is flipped"``.
        fix: how to put it right, one or two sentences.
        wrong: ``wrong(expected, **inputs)`` returns what the mistaken code
            returns for these inputs (an array, a scalar, or for samplers a
            probability vector). It may raise to say "not applicable here". None
            for a mistake a check recognises by its own test (a rate, a flag).
        name_ko, fix_ko: the name and the fix in Korean, shown under
            ``GRADELIB_LANG=ko`` (:mod:`gradelib.i18n`); every mistake the course
            ships has them (the tests say so).
    """

    name: str
    fix: str
    wrong: Callable[..., Any] | None = None
    name_ko: str = ""
    fix_ko: str = ""

    def answer(self, expected: Any, inputs: Mapping[str, Any]) -> np.ndarray | None:
        """The mistaken answer as a float array, computed without warnings; None when
        ``wrong`` raises (the mistake does not apply to these inputs)."""
        if self.wrong is None:
            return None
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
        """The hint a failure shows, in the current language."""
        return KnownMistakeHint(text("known mistake", name=self.local_name,
                                     fix=pick(self.fix, self.fix_ko)), self.local_name)

    @property
    def local_name(self) -> str:
        return pick(self.name, self.name_ko)


class KnownMistakeHint(str):
    """A failure's hint that names a known mistake (its ``name`` heads the failure)."""

    def __new__(cls, hint: str, name: str):
        self = super().__new__(cls, hint)
        self.name = name
        return self


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
    return "" if index == () else text("at index", index=tuple(int(i) for i in index))


def fail(name: str, inputs: Mapping[str, Any], problem: str, hints: Sequence[str] = ()) -> None:
    """Raise the standard failure message.

    The first line names the call and either the known mistake it matches or
    the problem's first line (``gradelib check`` shows only this line); then
    come the inputs, the rest of the problem and the hints.
    """
    __tracebackhide__ = True
    call = f"{name}({', '.join(inputs)})"
    known = [h.name for h in hints if isinstance(h, KnownMistakeHint)]
    headline = (text("known mistake headline", name=known[0]) if known
                else problem.splitlines()[0])
    lines = [f"{call}: {headline}"]
    lines += ["  " + text("input line", key=key, value=describe_value(value))
              for key, value in inputs.items()]
    lines += ["  " + problem, *("  " + hint for hint in hints)]
    raise AssertionError("\n".join(lines))


def as_numeric(got: Any, name: str, inputs: Mapping[str, Any], wanted: str) -> np.ndarray:
    """``got`` as a float array, or a failure naming a missing return or a
    non-numeric value (``wanted`` says what was expected instead)."""
    __tracebackhide__ = True
    if got is None:
        fail(name, inputs, text("returned None"))
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail(name, inputs, text("not numeric", value=describe_value(got), wanted=wanted))
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
        fail(name, inputs, text("wrong shape dtype", expected=expected.shape,
                                returned=arr.shape, dtype=np.asarray(got).dtype), known())

    bad_nan = ~np.isfinite(arr) & np.isfinite(expected)
    if bad_nan.any():
        index = tuple(np.argwhere(bad_nan)[0]) if arr.ndim else ()
        fail(name, inputs, text("not finite", value=arr[index], where=_index_text(index),
                                expected=f"{expected[index]:.6g}"), known())

    close = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return
    index = tuple(np.argwhere(~close)[0]) if arr.ndim else ()
    diff = np.abs(arr - expected)
    problem = text("wrong value", where=_index_text(index), expected=f"{expected[index]:.6g}",
                   returned=f"{arr[index]:.6g}", mismatched=int((~close).sum()),
                   size=close.size, diff=f"{np.nanmax(diff):.3g}", rtol=f"{rtol:g}",
                   atol=f"{atol:g}", expected_value=describe_value(expected),
                   returned_value=describe_value(arr))
    hints = known()
    if not hints:
        ratio = _constant_ratio(arr, expected)
        if ratio is not None:
            hints.append(text("scaled answer", ratio=f"{ratio:.6g}"))
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
        fail(name, inputs, text("returned None"))
    shape = np.shape(got)
    if shape != tuple(expected_shape):
        hints = []
        if expected is not None:
            arr = np.asarray(got, dtype=float)
            exp = np.asarray(expected, dtype=float)
            hints = [m.describe() for m in mistakes if m.produces(arr, exp, inputs, 1e-6, 1e-8)]
        fail(name, inputs, text("wrong shape", expected=tuple(expected_shape), returned=shape),
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
    arr = as_numeric(got, name, inputs, text("wanted probabilities"))
    if arr.ndim != 1:
        fail(name, inputs, text("not 1-D probabilities", shape=arr.shape))
    if not np.isfinite(arr).all():
        i = int(np.argwhere(~np.isfinite(arr))[0][0])
        fail(name, inputs, text("probability not finite", value=arr[i], index=i))
    if (arr < -atol).any():
        i = int(np.argmin(arr))
        fail(name, inputs, text("negative probability", value=f"{arr[i]:.6g}", index=i))
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        fail(name, inputs, text("probabilities do not sum to 1", total=f"{total:.6g}"))
    return arr


def check_raises(function: Callable, inputs: Mapping[str, Any], exception: type = ValueError,
                 problem: str | None = None) -> None:
    """Check that ``function(**inputs)`` raises ``exception`` (or a subclass).

    Args:
        function: the student's function (or the judge's stand-in for it).
        inputs: its keyword arguments, shown in the message.
        exception: the exception the docstring promises.
        problem: what is wrong with the inputs, for the message (default: "the input
            is invalid", in the current language).

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
        fail(name, inputs, text("raised another", kind=kind, message=str(exc)[:200],
                                problem=problem or text("invalid input"),
                                exception=exception.__name__))
    fail(name, inputs, text("did not raise", value=describe_value(got),
                            problem=problem or text("invalid input"),
                            exception=exception.__name__))
