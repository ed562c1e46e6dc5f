"""Checks of a student's Keras model: its output shapes, its parameter count and the
layer types the design asks for (COURSE.md, "What students write").

The same :func:`check_model` runs in a visible test on the model the student's builder
returned and in a judge on the model rebuilt from the config and weights the kernel sent
(:func:`from_spec`), so the two give the same feedback.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .checks import describe_value, fail


def layer_types(model) -> Counter:
    """How many layers of each class ``model`` holds, nested models' layers included
    (the InputLayer and the nested models themselves not counted)."""
    import keras

    counts = Counter()
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            counts += layer_types(layer)
        elif type(layer).__name__ != "InputLayer":
            counts[type(layer).__name__] += 1
    return counts


def _shapes(value) -> list[tuple]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [tuple(np.shape(v)) for v in values]


def _layer_table(model) -> str:
    return "; ".join(f"{layer.name} ({type(layer).__name__}): {layer.count_params():,}"
                     for layer in model.layers if type(layer).__name__ != "InputLayer")


def check_model(model: Any, *, name: str, inputs: Mapping[str, Any], sample: Any,
                output_shape: tuple | Sequence[tuple], params: int | None = None,
                layers: Mapping[str, int] | None = None, absent: Sequence[str] = (),
                hints: Mapping[str, str] | None = None) -> None:
    """Check a Keras model built by a student's builder.

    Args:
        model: what the builder returned; must be a ``keras.Model``.
        name: the builder's name, for the message.
        inputs: the builder's arguments, shown in the message.
        sample: a batch to call the model on (an array, or a list of arrays for a model
            with several inputs).
        output_shape: the shape of ``model(sample)`` including the batch axis, or a list
            of shapes for several outputs.
        params: the expected ``model.count_params()``, if the design fixes it.
        layers: layer class names and how many of each the model must hold, e.g.
            ``{"Embedding": 1, "LSTM": 2, "Dense": 1}`` (exact counts; layers not named
            here are allowed).
        absent: layer class names the design forbids (e.g. ``"MaxPooling2D"``).
        hints: for a layer class name, a sentence to add when its count is wrong.

    Raises:
        AssertionError: naming what is not a model, the wrong output shape, the wrong
            count of a layer type, or the parameter count with a per-layer table.
    """
    import keras

    __tracebackhide__ = True
    if model is None:
        fail(name, inputs, "It returned None. Did you forget to `return` the model?")
    if not isinstance(model, keras.Model):
        fail(name, inputs, f"It returned {describe_value(model)}, not a keras.Model: build "
             f"the layers, then return keras.Model(inputs, outputs) (or a Sequential).")
    found = layer_types(model)
    listed = ", ".join(f"{n} x{c}" for n, c in sorted(found.items())) or "no layers"
    for layer, count in (layers or {}).items():
        if found[layer] != count:
            extra = (hints or {}).get(layer, "")
            fail(name, inputs, f"Expected {count} {layer} layer(s), found {found[layer]} "
                 f"(the model holds: {listed}).", [extra] if extra else [])
    for layer in absent:
        if found[layer]:
            extra = (hints or {}).get(layer, "")
            fail(name, inputs, f"The design has no {layer} layer, but the model holds "
                 f"{found[layer]} (the model holds: {listed}).", [extra] if extra else [])
    try:
        out = model(sample, training=False)
    except Exception as exc:  # the student's model breaks on a valid batch
        fail(name, inputs, f"Calling the model on a batch of shape(s) {_shapes(sample)} "
             f"raised {type(exc).__name__}: {str(exc)[:300]}")
    want = [tuple(output_shape)] if isinstance(output_shape[0], (int, type(None))) \
        else [tuple(s) for s in output_shape]
    got = _shapes(out)
    if got != want:
        fail(name, inputs, f"Wrong output shape: on a batch of shape(s) {_shapes(sample)} the "
             f"model returned {got if len(got) > 1 else got[0]}, expected "
             f"{want if len(want) > 1 else want[0]}.")
    if params is not None and model.count_params() != params:
        fail(name, inputs, f"Wrong number of parameters: the model has "
             f"{model.count_params():,}, the design gives {params:,}.",
             [f"Per layer: {_layer_table(model)}.",
              "A different count usually means a wrong layer size, a missing or extra "
              "layer, or a bias where the design has none (or none where it has one)."])


def from_spec(spec: Any, *, name: str, inputs: Mapping[str, Any],
              custom_objects: Mapping[str, Any] | None = None):
    """The Keras model a :class:`gradelib.wire.ModelSpec` describes (the judge's side of
    a builder's reply), with its weights.

    Raises:
        AssertionError: when the reply is not a model, or Keras cannot rebuild it from
            its config (a layer written without ``get_config``, say).
    """
    import keras

    from .wire import ModelSpec

    __tracebackhide__ = True
    if spec is None:
        fail(name, inputs, "It returned None. Did you forget to `return` the model?")
    if not isinstance(spec, ModelSpec):
        fail(name, inputs, f"It returned {describe_value(spec)}, not a keras.Model.")
    try:
        with keras.saving.custom_object_scope(dict(custom_objects or {})):
            model = keras.models.model_from_json(spec.config)
        model.set_weights(spec.weights)
    except Exception as exc:
        fail(name, inputs, f"Keras could not rebuild the model from its config "
             f"({type(exc).__name__}: {str(exc)[:300]}). Use Keras' own layers, and give a "
             f"layer you write yourself a get_config.")
    return model
