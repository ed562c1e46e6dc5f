"""gradelib.gradcheck: centred differences and relative error."""

import numpy as np
import pytest

from gradelib import check_gradient, numeric_gradient, relative_error


def test_numeric_gradient_of_a_cubic():
    x = np.random.default_rng(0).normal(size=(3, 4))
    before = x.copy()
    grad = numeric_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(grad, 3 * before ** 2, rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(x, before)  # perturbations are undone


def test_centred_difference_beats_one_sided():
    # d/dx exp(x) at 0 is 1; the centred difference's error is O(h^2)
    x = np.zeros(1)
    grad = numeric_gradient(lambda v: float(np.exp(v[0])), x, h=1e-3)
    assert abs(grad[0] - 1.0) < 1e-6


def test_integer_arrays_are_refused():
    with pytest.raises(TypeError, match="float ndarray"):
        numeric_gradient(lambda v: float(v.sum()), np.arange(3))


def test_relative_error():
    assert relative_error(np.array([1.0]), np.array([1.0]))[0] == 0
    assert relative_error(np.array([1.0]), np.array([3.0]))[0] == pytest.approx(0.5)
    assert relative_error(np.array([0.0]), np.array([0.0]))[0] == 0


def test_check_gradient_passes_and_fails_with_the_index():
    x = np.random.default_rng(1).normal(size=(2, 3))
    numeric = numeric_gradient(lambda v: np.sum(np.sin(v)), x)
    check_gradient(np.cos(x), numeric, name="backward", inputs={"x": x})
    wrong = np.cos(x)
    wrong[1, 2] += 0.1
    with pytest.raises(AssertionError, match=r"at index \(1, 2\)"):
        check_gradient(wrong, numeric, name="backward", inputs={"x": x})


def test_check_gradient_names_a_sign_flip_and_shape_errors():
    x = np.linspace(-1, 1, 4)
    numeric = numeric_gradient(lambda v: np.sum(v ** 2), x)
    with pytest.raises(AssertionError, match="sign flipped"):
        check_gradient(-2 * x, numeric, name="backward", inputs={"x": x})
    with pytest.raises(AssertionError, match="shape of the variable"):
        check_gradient(np.zeros(3), numeric, name="backward", inputs={"x": x})
