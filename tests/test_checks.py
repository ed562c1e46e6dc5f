"""gradelib.checks: what a failing check tells the student."""

import numpy as np
import pytest

from gradelib import Mistake, check_close, check_distribution, check_shape, fail


def message_of(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_passes_within_tolerance():
    check_close(np.array([1.0, 2.0 + 1e-9]), [1.0, 2.0], name="f", inputs={"x": 1})


def test_value_mismatch_names_input_expected_returned_and_first_index():
    got = np.array([[1.0, 2.0], [3.0, 5.0]])
    msg = message_of(check_close, got, [[1.0, 2.0], [3.0, 4.0]], name="conv2d",
                     inputs={"image": np.eye(2), "kernel": np.ones((1, 1))})
    assert msg.splitlines()[0] == \
        "conv2d(image, kernel): Wrong value at index (1, 1): expected 4, returned 5."
    assert "input image: array of shape (2, 2), dtype float64" in msg
    assert "mismatched elements: 1 / 4" in msg


def test_shape_mismatch_names_both_shapes_and_dtype():
    msg = message_of(check_close, np.zeros((3, 3), dtype=np.int32), np.zeros((5, 5)),
                     name="f", inputs={"x": 0})
    assert "expected (5, 5), returned (3, 3)" in msg
    assert "int32" in msg


def test_none_means_missing_return():
    msg = message_of(check_close, None, [1.0], name="f", inputs={"x": 0})
    assert "returned None" in msg and "return" in msg


def test_non_numeric_return_is_named():
    msg = message_of(check_close, "abc", [1.0], name="f", inputs={"x": 0})
    assert "not numeric" in msg


def test_nan_is_reported_with_its_index():
    msg = message_of(check_close, [0.5, np.nan], [0.5, 0.5], name="entropy", inputs={"p": 0})
    assert "nan at index (1,)" in msg and "log(0)" in msg


def test_scalar_mismatch_has_no_index():
    msg = message_of(check_close, 1.5, 1.0, name="entropy", inputs={"p": [1.0]})
    assert "Wrong value: expected 1, returned 1.5." in msg


def test_constant_factor_hint_only_for_proportional_answers():
    msg = message_of(check_close, [0.2, 0.4, 0.6], [0.1, 0.2, 0.3], name="f", inputs={})
    assert "times 2" in msg
    msg = message_of(check_close, [0.3, 0.2, 0.1], [0.1, 0.2, 0.3], name="f", inputs={})
    assert "times" not in msg


SQUARE = Mistake("squared instead of doubled", "multiply by 2", lambda expected, x: x ** 2)


def test_mistake_named_when_answer_matches_it():
    x = np.array([3.0, 4.0])
    msg = message_of(check_close, x ** 2, 2 * x, name="double", inputs={"x": x},
                     mistakes=[SQUARE])
    assert msg.splitlines()[0] == "double(x): known mistake: squared instead of doubled"
    assert "This matches a known mistake: squared instead of doubled" in msg
    assert "How to fix it: multiply by 2" in msg


def test_mistake_not_named_for_other_wrong_answers():
    x = np.array([3.0, 4.0])
    msg = message_of(check_close, x + 1, 2 * x, name="double", inputs={"x": x},
                     mistakes=[SQUARE])
    assert "known mistake" not in msg


def test_mistake_that_equals_the_right_answer_is_never_named():
    # at x = 2, squaring and doubling agree: a correct answer must not be blamed
    x = np.array([2.0])
    check_close(2 * x, 2 * x, name="double", inputs={"x": x}, mistakes=[SQUARE])
    msg = message_of(check_close, np.array([5.0]), 2 * x, name="double", inputs={"x": x},
                     mistakes=[SQUARE])
    assert "known mistake" not in msg


def test_mistake_that_raises_is_skipped():
    broken = Mistake("never", "never", lambda expected, x: 1 / 0)
    msg = message_of(check_close, [1.0], [2.0], name="f", inputs={"x": 1}, mistakes=[broken])
    assert "known mistake" not in msg


def test_check_shape():
    check_shape(np.zeros((2, 3)), (2, 3), name="f", inputs={})
    msg = message_of(check_shape, np.zeros((3, 2)), (2, 3), name="f", inputs={})
    assert "expected (2, 3), returned (3, 2)" in msg


@pytest.mark.parametrize("got, words", [
    ([0.5, 0.6], "sum to 1.1"),
    ([1.5, -0.5], "negative probability -0.5 at index 1"),
    ([np.nan, 1.0], "nan at index 0"),
    ([[0.5, 0.5]], "1-D probability vector"),
])
def test_check_distribution(got, words):
    assert words in message_of(check_distribution, got, name="f", inputs={})


def test_check_distribution_accepts_a_distribution():
    out = check_distribution([0.25, 0.75], name="f", inputs={})
    assert out.dtype == np.float64


def test_fail_lists_hints():
    msg = message_of(fail, "f", {"x": 1}, "It broke.", ["hint one", "hint two"])
    assert msg.splitlines()[-2:] == ["  hint one", "  hint two"]


def test_ragged_inputs_are_described_not_crashed_on():
    ragged = [np.zeros(2), np.zeros((3, 3))]
    msg = message_of(check_close, [1.0], [2.0], name="clip", inputs={"grads": ragged})
    assert "input grads: list of length 2" in msg
