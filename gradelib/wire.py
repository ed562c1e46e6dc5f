"""The wire between the grader and a student's kernel: plain data only, no pickle.

At grading time the judge (:mod:`gradelib.grading.judge`) runs in the grader's own
process. It calls a student's function by sending the kernel one line of code,
``gradelib.wire.serve('<request>')``, whose request names the function and carries
its arguments; :func:`serve` makes the call and displays the reply under
:data:`MIME`. The judge then decodes the reply and decides the points itself, so
nothing the kernel computes is trusted beyond the values it returns.

Both sides use :func:`encode` and :func:`decode`. What can cross:

* ``None``, ``bool``, ``int``, ``float`` (``nan`` and ``inf`` too), ``str``;
* lists, tuples, and dicts with string keys, of these;
* NumPy arrays and scalars of bool, integer, float or complex dtype, in NumPy's
  ``.npy`` format read with ``allow_pickle=False``;
* tensors: the judge sends ``Tensor(array)`` and the student's function receives a
  ``tf.constant``; a tensor the student's function returns reaches the judge as an
  array;
* ``numpy.random.Generator`` (its bit generator's state);
* a Keras model: its config as JSON and its weights as arrays (:class:`ModelSpec`).
  The judge receives a model as a ModelSpec and rebuilds what it needs from that; a
  ModelSpec the judge sends arrives in the kernel as a Keras model with those weights;
* a Keras optimizer, judge to kernel (:class:`Optimizer`: its class name and config),
  so that a training step can be run from a state the judge chose.

Anything else raises ``TypeError`` naming the type. A reply over :data:`MAX_BYTES`
is refused by the judge.
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .i18n import add, text

add({
    "wire: array not numeric": {
        "en": "an array of dtype {dtype} cannot be sent (numbers only)",
        "ko": "dtype이 {dtype}인 배열은 보낼 수 없습니다(수치만 가능)",
    },
    "wire: dict keys": {
        "en": "a dict can be sent only with string keys",
        "ko": "dict는 키가 문자열일 때만 보낼 수 있습니다",
    },
    "wire: cannot be sent": {
        "en": "a {kind} cannot be sent to the grader (numbers, strings, arrays, and lists, "
              "tuples and dicts of them)",
        "ko": "{kind}은(는) 채점기로 보낼 수 없습니다(수, 문자열, 배열, 그리고 이것들의 "
              "list, tuple, dict만 가능)",
    },
    "wire: not defined": {
        "en": "name '{name}' is not defined (did you run its cell, or rename it?)",
        "ko": "이름 '{name}'이(가) 정의되지 않았습니다(그 셀을 실행했나요? 이름을 바꾸지 "
              "않았나요?)",
    },
})

MIME = "application/vnd.gradelib.reply+json"
MAX_BYTES = 64 * 2**20
NUMERIC_KINDS = "biufc"


@dataclass
class ModelSpec:
    """A Keras model as the judge receives it: ``config`` is ``model.to_json()``,
    ``weights`` is ``model.get_weights()`` (a list of arrays, in layer order)."""

    config: str
    weights: list = field(default_factory=list)
    class_name: str = ""


@dataclass
class Optimizer:
    """A Keras optimizer to build in the kernel, e.g. ``Optimizer("SGD",
    {"learning_rate": 0.1})``."""

    class_name: str
    config: dict = field(default_factory=dict)


@dataclass
class Tensor:
    """A tensor the student's function returned, as an array (``.value``)."""

    value: np.ndarray


def _array_to_text(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _text_to_array(text: str) -> np.ndarray:
    array = np.load(io.BytesIO(base64.b64decode(text, validate=True)), allow_pickle=False)
    if array.dtype.kind not in NUMERIC_KINDS:
        raise TypeError(f"an array of dtype {array.dtype} is not numeric")
    return array


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value`` (see the module docstring for what can cross).

    Raises:
        TypeError: for anything else, naming its type.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(float(value))}
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind not in NUMERIC_KINDS:
            raise TypeError(text("wire: array not numeric", dtype=array.dtype))
        return {"__ndarray__": _array_to_text(array)}
    if isinstance(value, Tensor):
        return {"__tensor__": _array_to_text(np.asarray(value.value))}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(text("wire: dict keys"))
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    if isinstance(value, np.random.Generator):
        return {"__generator__": value.bit_generator.state}
    if isinstance(value, Optimizer):
        return {"__optimizer__": {"class_name": value.class_name,
                                  "config": encode(dict(value.config))}}
    if isinstance(value, ModelSpec):
        return {"__model__": {"config": value.config, "class_name": value.class_name,
                              "weights": [encode(np.asarray(w)) for w in value.weights]}}
    module = type(value).__module__ or ""
    if module.startswith(("tensorflow", "keras")):
        if hasattr(value, "get_weights") and hasattr(value, "to_json"):
            return encode(ModelSpec(value.to_json(), list(value.get_weights()),
                                    type(value).__name__))
        if hasattr(value, "numpy"):
            return {"__tensor__": _array_to_text(np.asarray(value.numpy()))}
    raise TypeError(text("wire: cannot be sent", kind=type(value).__name__))


def decode(data: Any, tensor: Callable[[np.ndarray], Any] | None = None,
           keras_objects: bool = False) -> Any:
    """The value :func:`encode` made ``data`` from. A tensor comes back as an array, or as
    ``tensor(array)`` when ``tensor`` is given (the kernel makes ``tf.constant``). With
    ``keras_objects`` (the kernel's side), a model comes back as a Keras model and an
    optimizer as a Keras optimizer; otherwise as :class:`ModelSpec` and :class:`Optimizer`.

    Raises:
        TypeError, ValueError: when ``data`` is not something :func:`encode` makes.
    """
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, tensor, keras_objects) for v in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise ValueError(f"not an encoded value: {str(data)[:100]}")
    [(tag, body)] = data.items()
    if tag == "__ndarray__":
        return _text_to_array(body)
    if tag == "__tensor__":
        array = _text_to_array(body)
        return array if tensor is None else tensor(array)
    if tag == "__float__":
        if body not in ("nan", "inf", "-inf"):
            raise ValueError(f"not a float: {body[:20]!r}")
        return float(body)
    if tag == "__tuple__":
        return tuple(decode(v, tensor, keras_objects) for v in body)
    if tag == "__dict__":
        return {str(k): decode(v, tensor, keras_objects) for k, v in body.items()}
    if tag == "__generator__":
        generator = np.random.default_rng()
        generator.bit_generator.state = body
        return generator
    if tag == "__model__":
        spec = ModelSpec(str(body["config"]), [_text_to_array(w["__ndarray__"])
                                               for w in body["weights"]],
                         str(body.get("class_name", "")))
        return _keras_model(spec) if keras_objects else spec
    if tag == "__optimizer__":
        optimizer = Optimizer(str(body["class_name"]), decode(body["config"]))
        return _keras_optimizer(optimizer) if keras_objects else optimizer
    raise ValueError(f"unknown tag {tag[:40]!r}")


def request(function: str, args=(), kwargs=None, *, op: str = "call", **options) -> str:
    """The line of kernel code that makes one call (what the judge sends)."""
    body = {"op": op, "function": function, "args": encode(tuple(args)),
            "kwargs": encode(dict(kwargs or {})), **options}
    return f"import gradelib.wire\ngradelib.wire.serve({json.dumps(json.dumps(body))})"


def _tf_constant(array: np.ndarray):
    import tensorflow as tf

    return tf.constant(array)


def _keras_model(spec: ModelSpec):
    import keras

    model = keras.models.model_from_json(spec.config)
    model.set_weights(spec.weights)
    return model


def _keras_optimizer(optimizer: Optimizer):
    import keras

    return keras.optimizers.get({"class_name": optimizer.class_name,
                                 "config": optimizer.config})


def _resolve(namespace: dict, dotted: str):
    head, *rest = dotted.split(".")
    if head not in namespace:
        raise NameError(text("wire: not defined", name=head))
    value = namespace[head]
    for attribute in rest:
        value = getattr(value, attribute)
    return value


def _call(namespace: dict, body: dict) -> Any:
    function = _resolve(namespace, body["function"])
    args = decode(body["args"], _tf_constant, keras_objects=True)
    kwargs = decode(body["kwargs"], _tf_constant, keras_objects=True)
    if body["op"] == "call":
        return function(*args, **kwargs)
    if body["op"] == "call_state":
        if body.get("compiled"):
            import tensorflow as tf

            function = tf.function(function)
        value = function(*args, **kwargs)
        return value, [arg if _is_keras_model(arg) else None for arg in args]
    if body["op"] == "repeat":
        return [function(*args, **kwargs) for _ in range(int(body["times"]))]
    if body["op"] == "gradient":
        return _gradient(function, list(args), kwargs, body["wrt"], body.get("as_tensors", True),
                         body.get("output"))
    raise ValueError(f"unknown op {body['op']!r}")


def _is_keras_model(value) -> bool:
    return (type(value).__module__ or "").startswith("keras") and hasattr(value, "to_json")


def _gradient(function, args, kwargs, wrt, as_tensors, output=None):
    """d sum(function(...)) / d(the argument ``wrt``), by ``tf.GradientTape``, with that
    argument a float64 ``tf.Variable`` (and the others tensors if ``as_tensors``); of
    ``function(...)[output]`` when ``output`` is given."""
    import tensorflow as tf

    def tensor(v):
        return tf.constant(v) if as_tensors and isinstance(v, np.ndarray) else v

    args = [tensor(v) for v in args]
    kwargs = {k: tensor(v) for k, v in kwargs.items()}
    if isinstance(wrt, int):
        variable = tf.Variable(np.asarray(args[wrt], np.float64))
        args[wrt] = variable
    else:
        variable = tf.Variable(np.asarray(kwargs[wrt], np.float64))
        kwargs[wrt] = variable
    with tf.GradientTape() as tape:
        value = function(*args, **kwargs)
        if output is not None:
            value = value[output]
        total = tf.reduce_sum(tf.cast(tf.convert_to_tensor(value), tf.float64))
    gradient = tape.gradient(total, variable)
    return None if gradient is None else gradient.numpy()


def reply(namespace: dict, text: str) -> dict:
    """The reply to the request ``text`` (from :func:`request`), calling functions found
    in ``namespace``: ``{"value": ...}``, or ``{"raised": ...}`` with the exception's
    type, its base classes' names and its message."""
    try:
        return {"value": encode(_call(namespace, json.loads(text)))}
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit from a student's exit() is an answer too
        return {"raised": {"type": type(exc).__name__,
                           "bases": [c.__name__ for c in type(exc).__mro__],
                           "message": str(exc)[:2000]}}


def serve(text: str) -> None:
    """Kernel side: display the :func:`reply` to ``text`` under :data:`MIME`, calling
    functions of the notebook's namespace."""
    from IPython import get_ipython
    from IPython.display import display

    display({MIME: reply(get_ipython().user_ns, text)}, raw=True)
