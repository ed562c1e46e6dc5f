"""gradelib.models: the model checks name what is wrong, and pass a right model;
from_spec rebuilds what the wire carries. gradelib.diagrams draws and refuses a bad arrow."""

import json

import keras
import numpy as np
import pytest

from gradelib import diagrams, wire
from gradelib.models import check_model, from_spec, layer_types

INPUTS = {"vocab_size": 11}
SAMPLE = np.zeros((2, 5), dtype="int32")


def char_lm(lstm_layers=1, units=8, bias=True):
    inputs = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(11, 4)(inputs)
    for _ in range(lstm_layers):
        x = keras.layers.LSTM(units, return_sequences=True)(x)
    return keras.Model(inputs, keras.layers.Dense(11, use_bias=bias)(x))


def params(lstm_layers=1):
    return 11 * 4 + sum(4 * (i + 8 + 1) * 8 for i in [4] + [8] * (lstm_layers - 1)) + 8 * 11 + 11


def check(model, **kw):
    check_model(model, name="build_char_lm", inputs=INPUTS, sample=SAMPLE, **{
        "output_shape": (2, 5, 11), "params": params(), "layers": {"LSTM": 1, "Embedding": 1},
        **kw})


def test_a_right_model_passes():
    check(char_lm())
    check(char_lm(2), params=params(2), layers={"LSTM": 2})


@pytest.mark.parametrize("model, words", [
    (None, "forget to `return`"),
    ("a string", "not a keras.Model"),
    (char_lm(2), "Expected 1 LSTM layer(s), found 2"),
    (char_lm(units=9), "Wrong number of parameters"),
    (char_lm(bias=False), "Per layer:"),
])
def test_what_is_wrong_is_named(model, words):
    with pytest.raises(AssertionError, match="build_char_lm") as info:
        check(model)
    assert words in str(info.value)


def test_wrong_output_shape_and_forbidden_layer():
    inputs = keras.Input((None,), dtype="int32")
    last = keras.layers.LSTM(8)(keras.layers.Embedding(11, 4)(inputs))   # no return_sequences
    model = keras.Model(inputs, keras.layers.Dense(11)(last))
    with pytest.raises(AssertionError, match=r"returned \(2, 11\), expected \(2, 5, 11\)"):
        check(model, params=None)
    with pytest.raises(AssertionError, match="no LSTM layer") as info:
        check(char_lm(), absent=["LSTM"], layers={}, hints={"LSTM": "Use a GRU here."})
    assert "Use a GRU here." in str(info.value)


def test_layers_of_nested_models_are_counted():
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    outer = keras.Sequential([keras.Input((3,)), inner, keras.layers.Dense(1)])
    assert layer_types(outer) == {"Dense": 2}


def test_from_spec_rebuilds_the_model_the_wire_carries():
    model = char_lm()
    spec = wire.decode(json.loads(json.dumps(wire.encode(model))))
    rebuilt = from_spec(spec, name="build_char_lm", inputs=INPUTS)
    np.testing.assert_allclose(rebuilt(SAMPLE), model(SAMPLE), rtol=1e-6)
    for reply, words in [(None, "forget"), (np.zeros(3), "not a keras.Model"),
                         (wire.ModelSpec("{not json"), "could not rebuild")]:
        with pytest.raises(AssertionError, match=words):
            from_spec(reply, name="build_char_lm", inputs=INPUTS)


def test_diagram_draws_boxes_and_refuses_a_bad_arrow():
    import matplotlib
    matplotlib.use("Agg")
    ax = diagrams.draw({"x": (0.2, 0.5, "x", "data"), "f": (0.8, 0.5, "f")}, [("x", "f", "in")])
    assert [t.get_text() for t in ax.texts][:2] == ["x", "f"]
    with pytest.raises(KeyError, match="'x' -> 'g'"):
        diagrams.draw({"x": (0.2, 0.5, "x")}, [("x", "g")])
