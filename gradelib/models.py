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
from .i18n import add, text

add({
    "models: returned None": {
        "en": "It returned None. Did you forget to `return` the model?",
        "ko": "None을 반환했습니다. 모델을 `return`하는 것을 빠뜨리지 않았나요?",
    },
    "models: not a model, build it": {
        "en": "It returned {value}, not a keras.Model: build the layers, then return "
              "keras.Model(inputs, outputs) (or a Sequential).",
        "ko": "keras.Model이 아니라 {value}을(를) 반환했습니다: 층을 쌓은 뒤 "
              "keras.Model(inputs, outputs)(또는 Sequential)를 반환하세요.",
    },
    "models: no layers": {
        "en": "no layers",
        "ko": "층 없음",
    },
    "models: layer count": {
        "en": "Expected {count} {layer} layer(s), found {found} (the model holds: {listed}).",
        "ko": "{layer} 층이 {count}개 있어야 하는데 {found}개 있습니다(모델의 층: {listed}).",
    },
    "models: forbidden layer": {
        "en": "The design has no {layer} layer, but the model holds {found} (the model "
              "holds: {listed}).",
        "ko": "설계에는 {layer} 층이 없는데, 모델에 {found}개 있습니다(모델의 층: {listed}).",
    },
    "models: call raised": {
        "en": "Calling the model on a batch of shape(s) {shapes} raised {kind}: {message}",
        "ko": "모양 {shapes}인 배치로 모델을 호출하자 {kind}이(가) 발생했습니다: {message}",
    },
    "models: output shape": {
        "en": "Wrong output shape: on a batch of shape(s) {shapes} the model returned {got}, "
              "expected {want}.",
        "ko": "출력 모양이 다릅니다: 모양 {shapes}인 배치에 대해 모델이 {got}을(를) "
              "반환했습니다. 기대한 모양은 {want}입니다.",
    },
    "models: parameter count": {
        "en": "Wrong number of parameters: the model has {got}, the design gives {want}.",
        "ko": "파라미터 개수가 다릅니다: 모델은 {got}개, 설계는 {want}개입니다.",
    },
    "models: per layer": {
        "en": "Per layer: {table}.",
        "ko": "층별 파라미터: {table}.",
    },
    "models: why the count differs": {
        "en": "A different count usually means a wrong layer size, a missing or extra layer, "
              "or a bias where the design has none (or none where it has one).",
        "ko": "개수가 다르면 대개 층의 크기가 틀렸거나, 층이 빠졌거나 더 있거나, 설계에 "
              "없는 편향(bias)을 넣었거나 있어야 할 편향을 뺀 경우입니다.",
    },
    "models: not a model": {
        "en": "It returned {value}, not a keras.Model.",
        "ko": "keras.Model이 아니라 {value}을(를) 반환했습니다.",
    },
    "models: cannot rebuild": {
        "en": "Keras could not rebuild the model from its config ({kind}: {message}). Use "
              "Keras' own layers, and give a layer you write yourself a get_config.",
        "ko": "Keras가 config로부터 모델을 다시 만들지 못했습니다({kind}: {message}). Keras가 "
              "제공하는 층을 쓰고, 직접 작성한 층에는 get_config를 만들어 주세요.",
    },
})


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
        fail(name, inputs, text("models: returned None"))
    if not isinstance(model, keras.Model):
        fail(name, inputs, text("models: not a model, build it", value=describe_value(model)))
    found = layer_types(model)
    listed = ", ".join(f"{n} x{c}" for n, c in sorted(found.items())) or text("models: no layers")
    for layer, count in (layers or {}).items():
        if found[layer] != count:
            extra = (hints or {}).get(layer, "")
            fail(name, inputs, text("models: layer count", count=count, layer=layer,
                                    found=found[layer], listed=listed), [extra] if extra else [])
    for layer in absent:
        if found[layer]:
            extra = (hints or {}).get(layer, "")
            fail(name, inputs, text("models: forbidden layer", layer=layer, found=found[layer],
                                    listed=listed), [extra] if extra else [])
    try:
        out = model(sample, training=False)
    except Exception as exc:  # the student's model breaks on a valid batch
        fail(name, inputs, text("models: call raised", shapes=_shapes(sample),
                                kind=type(exc).__name__, message=str(exc)[:300]))
    want = [tuple(output_shape)] if isinstance(output_shape[0], (int, type(None))) \
        else [tuple(s) for s in output_shape]
    got = _shapes(out)
    if got != want:
        fail(name, inputs, text("models: output shape", shapes=_shapes(sample),
                                got=got if len(got) > 1 else got[0],
                                want=want if len(want) > 1 else want[0]))
    if params is not None and model.count_params() != params:
        fail(name, inputs, text("models: parameter count", got=f"{model.count_params():,}",
                                want=f"{params:,}"),
             [text("models: per layer", table=_layer_table(model)),
              text("models: why the count differs")])


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
        fail(name, inputs, text("models: returned None"))
    if not isinstance(spec, ModelSpec):
        fail(name, inputs, text("models: not a model", value=describe_value(spec)))
    try:
        with keras.saving.custom_object_scope(dict(custom_objects or {})):
            model = keras.models.model_from_json(spec.config)
        model.set_weights(spec.weights)
    except Exception as exc:
        fail(name, inputs, text("models: cannot rebuild", kind=type(exc).__name__,
                                message=str(exc)[:300]))
    return model
