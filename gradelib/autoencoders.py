"""Autoencoders (Keras 3): training, checking and comparing them with PCA
(notebook 05_autoencoder_vs_pca).

An autoencoder maps an input x to a code z = encoder(x) in a smaller latent
space and back to a reconstruction x_hat = decoder(z), and is trained to make
x_hat close to x (here: mean squared error). With no nonlinearity anywhere the
best it can do is PCA's reconstruction: Baldi & Hornik (1989), *Neural networks
and principal component analysis: learning from examples without local minima*,
show that the global minimum of the squared error projects onto the principal
subspace, with weights that need not be orthonormal. With ReLU hidden layers it
is the nonlinear dimensionality reduction of Hinton & Salakhutdinov (2006),
*Reducing the dimensionality of data with neural networks*.

The students write the builders (``build_dense_autoencoder``,
``build_conv_autoencoder`` in the notebook); this module trains what a builder
returns (:func:`train_autoencoder`) and checks a builder's models against the
notebook's design (:func:`check_dense_autoencoder`, :func:`check_conv_autoencoder`),
in the visible tests and in the judge alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import check_close, describe_value, fail
from .i18n import add, text
from .models import check_model

add({
    "autoencoders: returned None": {
        "en": "It returned None. Did you forget to `return autoencoder, "
              "encoder, decoder`?",
        "ko": "None을 반환했습니다. `return autoencoder, "
              "encoder, decoder`를 빠뜨리지 않았나요?",
    },
    "autoencoders: three models": {
        "en": "It should return three models, (autoencoder, encoder, decoder); it returned "
              "{value}.",
        "ko": "모델 세 개 (autoencoder, encoder, decoder)를 반환해야 하는데, {value}을(를) "
              "반환했습니다.",
    },
    "autoencoders: the encoder": {"en": "{name} (the encoder)", "ko": "{name} (인코더)"},
    "autoencoders: the decoder": {"en": "{name} (the decoder)", "ko": "{name} (디코더)"},
    "autoencoders: the autoencoder": {
        "en": "{name} (the autoencoder)",
        "ko": "{name} (오토인코더)",
    },
    "autoencoders: role hidden": {"en": "hidden", "ko": "은닉"},
    "autoencoders: role code": {"en": "code", "ko": "코드"},
    "autoencoders: role output": {"en": "output", "ko": "출력"},
    "autoencoders: role first (code to feature map)": {
        "en": "first (code to feature map)",
        "ko": "첫 번째(코드에서 특성 맵으로 가는)",
    },
    "autoencoders: role convolution": {
        "en": "convolution {number}",
        "ko": "{number}번째 합성곱",
    },
    "autoencoders: role transposed convolution": {
        "en": "transposed convolution {number}",
        "ko": "{number}번째 전치 합성곱",
    },
    "autoencoders: code unbounded": {
        "en": "The code is the latent vector z: it should be unbounded, as PCA's codes are "
              "(no activation). A ReLU there sets every negative coordinate to 0 and can "
              "leave a unit dead.",
        "ko": "코드는 잠재 벡터 z입니다: PCA의 코드처럼 값의 범위에 제한이 없어야 합니다"
              "(활성화 함수 없음). 여기에 ReLU를 쓰면 음수 좌표가 모두 0이 되고, 유닛이 "
              "죽어 버릴 수 있습니다.",
    },
    "autoencoders: sigmoid output": {
        "en": "The pixels are in [0, 1], so the decoder's last layer ends with "
              "activation='sigmoid'.",
        "ko": "픽셀 값이 [0, 1] 범위에 있으므로 디코더의 마지막 층은 "
              "activation='sigmoid'로 끝납니다.",
    },
    "autoencoders: linear everywhere": {
        "en": "A linear autoencoder has no nonlinearity anywhere: activation=None.",
        "ko": "선형 오토인코더에는 어디에도 비선형성이 없습니다: activation=None.",
    },
    "autoencoders: design activation": {
        "en": "The design asks for activation='{activation}' in this layer.",
        "ko": "설계상 이 층에는 activation='{activation}'이(가) 필요합니다.",
    },
    "autoencoders: wrong activation": {
        "en": "The {role} layer ({layer}, {kind}) has activation '{got}', expected "
              "'{activation}'.",
        "ko": "{role} 층({layer}, {kind})의 활성화 함수가 '{got}'입니다. '{activation}'이어야 "
              "합니다.",
    },
    "autoencoders: composition": {
        "en": "{name}: autoencoder(x) vs decoder(encoder(x)) (the autoencoder must chain the "
              "two halves, with the same layers)",
        "ko": "{name}: autoencoder(x) 대 decoder(encoder(x)) (오토인코더는 같은 층을 쓰는 "
              "두 절반을 이어 붙여야 합니다)",
    },
    "autoencoders: dense layers": {
        "en": "The linear design has one Dense layer in each half (no hidden layers); the "
              "nonlinear one has one per entry of hidden_units, then the code (encoder) or "
              "the output (decoder).",
        "ko": "선형 설계에는 각 절반에 Dense 층이 하나씩 있습니다(은닉층 없음). 비선형 "
              "설계에는 hidden_units의 항목마다 하나씩 있고, 그다음에 코드 층(인코더) 또는 "
              "출력 층(디코더)이 옵니다.",
    },
    "autoencoders: conv layer config": {
        "en": "Layer {layer} ({kind}) has {wrong}; the design uses kernel_size=3, strides=2, "
              "padding='same'.",
        "ko": "{layer} 층({kind})의 설정이 {wrong}입니다. 설계는 kernel_size=3, strides=2, "
              "padding='same'을 씁니다.",
    },
    "autoencoders: strides and padding": {
        "en": "strides=2 halves (Conv2D) or doubles (Conv2DTranspose) the height and width; "
              "padding='valid' would lose a border row and column, so the shapes no longer "
              "mirror (28 -> 13 -> 6).",
        "ko": "strides=2는 높이와 너비를 절반으로 줄이거나(Conv2D) 두 배로 늘립니다"
              "(Conv2DTranspose). padding='valid'를 쓰면 가장자리 행과 열을 잃어서 모양이 "
              "더는 대칭을 이루지 않습니다(28 -> 13 -> 6).",
    },
    "autoencoders: conv2d count": {
        "en": "The encoder has one Conv2D per entry of filters (each halves the height and "
              "width with strides=2); the decoder has none.",
        "ko": "인코더에는 filters의 항목마다 Conv2D가 하나씩 있습니다(각각 strides=2로 높이와 "
              "너비를 절반으로 줄임). 디코더에는 Conv2D가 없습니다.",
    },
    "autoencoders: conv2dtranspose count": {
        "en": "The decoder has one Conv2DTranspose per entry of filters (each doubles the "
              "height and width with strides=2), the last one with as many filters as the "
              "input has channels.",
        "ko": "디코더에는 filters의 항목마다 Conv2DTranspose가 하나씩 있고(각각 strides=2로 "
              "높이와 너비를 두 배로 늘림), 마지막 층의 필터 수는 입력의 채널 수와 같습니다.",
    },
    "autoencoders: no pooling": {
        "en": "Downsample with strided convolutions (strides=2), not pooling.",
        "ko": "풀링이 아니라 스트라이드 합성곱(strides=2)으로 다운샘플링하세요.",
    },
    "autoencoders: no upsampling": {
        "en": "Upsample with Conv2DTranspose(strides=2), which learns its upsampling, not "
              "UpSampling2D.",
        "ko": "UpSampling2D가 아니라, 업샘플링을 학습하는 Conv2DTranspose(strides=2)로 "
              "업샘플링하세요.",
    },
})


def _part(name: str, part: str) -> str:
    """``name`` with the part of the builder's result it checks ("encoder", ...)."""
    return text(f"autoencoders: the {part}", name=name)


def _role(role: str) -> str:
    """The layer's role (e.g. "code", "convolution 2") in the current language."""
    words, _, number = role.rpartition(" ")
    if number.isdigit():
        return text(f"autoencoders: role {words}", number=number)
    return text(f"autoencoders: role {role}")

if TYPE_CHECKING:  # Keras is imported when a model is built, not with this module
    import keras


@dataclass(frozen=True)
class Autoencoder:
    """A trained autoencoder and its two halves, which share their layers' weights.

    Attributes:
        model: x (batch, *input_shape) -> x_hat (batch, *input_shape), compiled with
            Adam and mean squared error.
        encoder: x (batch, *input_shape) -> z (batch, latent_dim).
        decoder: z (batch, latent_dim) -> x_hat (batch, *input_shape).
    """

    model: keras.Model
    encoder: keras.Model
    decoder: keras.Model

    @property
    def latent_dim(self) -> int:
        return int(self.encoder.output.shape[-1])

    def encode(self, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """Codes z, float32 (n, latent_dim); ``x`` (n, ...) is reshaped to the encoder's
        input shape first (rows of 784 pixels or 28 x 28 x 1 images alike)."""
        x = np.asarray(x, dtype=np.float32)
        x = x.reshape((len(x), *self.encoder.input_shape[1:]))
        return _call(self.encoder, x, batch_size)

    def decode(self, z: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """Reconstructions flattened to rows, float32 (n, d), from codes (n, latent_dim)."""
        out = _call(self.decoder, np.asarray(z, dtype=np.float32), batch_size)
        return out.reshape(len(out), -1)

    def reconstruct(self, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """decoder(encoder(x)) flattened to rows, float32 (n, d)."""
        return self.decode(self.encode(x, batch_size), batch_size)


def _call(model: keras.Model, x: np.ndarray, batch_size: int) -> np.ndarray:
    """Run ``model`` eagerly on batches of ``x``. For these small models this is
    faster on a CPU than ``predict``, which traces a new graph for every model."""
    from keras import ops

    if len(x) == 0:
        return np.zeros((0, *model.output.shape[1:]), dtype=np.float32)
    return np.concatenate([ops.convert_to_numpy(model(x[i:i + batch_size], training=False))
                           for i in range(0, len(x), batch_size)])


def parts(value: Any, *, name: str, inputs: Mapping[str, Any]) -> tuple:
    """The three parts a builder returns, ``(autoencoder, encoder, decoder)``.

    Raises:
        AssertionError: naming what came back instead (None, one model, two parts...).
    """
    __tracebackhide__ = True
    if value is None:
        fail(name, inputs, text("autoencoders: returned None"))
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        fail(name, inputs, text("autoencoders: three models", value=describe_value(value)))
    return tuple(value)


def train_autoencoder(build: Callable[[], tuple], x_train: np.ndarray, *,
                      x_target: np.ndarray | None = None, epochs: int = 30,
                      batch_size: int = 64, learning_rate: float = 1e-3, seed: int = 0,
                      x_val: np.ndarray | None = None, verbose: int = 0,
                      ) -> tuple[Autoencoder, dict[str, list[float]]]:
    """Seed Keras, build with ``build()`` and fit x -> x (or x -> x_target).

    Args:
        build: called with no arguments after seeding, returns ``(autoencoder, encoder,
            decoder)``, e.g. ``lambda: build_dense_autoencoder(784, 2)``.
        x_train: inputs (n, ...), float32 in [0, 1], reshaped to the model's input shape.
        x_target: what the model should output for ``x_train`` (same size), e.g. the
            clean images when ``x_train`` holds noisy ones (a denoising autoencoder);
            ``x_train`` itself when None.
        x_val: optional held-out inputs (their own targets); their loss is ``val_loss``.
        Other arguments: as in ``keras.Model.fit``; the model is compiled with
        Adam(learning_rate) and mean squared error, so the training loss is the
        square of the training RMSE.

    Returns:
        The trained :class:`Autoencoder` and the Keras history dict (``loss`` and,
        with ``x_val``, ``val_loss``: mean squared error per epoch).
    """
    import keras

    keras.utils.set_random_seed(seed)
    model, encoder, decoder = parts(build(), name="build", inputs={})
    shape = tuple(model.input_shape[1:])

    def fit_shape(x):
        x = np.asarray(x, dtype=np.float32)
        return x.reshape((len(x), *shape))

    x_train = fit_shape(x_train)
    target = x_train if x_target is None else fit_shape(x_target)
    validation = None if x_val is None else (fit_shape(x_val), fit_shape(x_val))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    history = model.fit(x_train, target, epochs=epochs, batch_size=batch_size,
                        validation_data=validation, shuffle=True, verbose=verbose)
    return Autoencoder(model, encoder, decoder), history.history


# ---- checks of a student's builder (visible tests and judge) ---------------------------

NONLINEAR_LAYERS = ("Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax")


def _activation(layer) -> str:
    return str(layer.get_config().get("activation", "linear"))


def _layers(model, kind: str) -> list:
    """The layers of class ``kind`` in ``model``, nested models' layers included, in order."""
    import keras

    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found += _layers(layer, kind)
        elif type(layer).__name__ == kind:
            found.append(layer)
    return found


def _check_activations(model, kind: str, want: Sequence[str], *, name: str,
                       inputs: Mapping[str, Any], roles: Sequence[str]) -> None:
    """The ``kind`` layers of ``model`` have the activations ``want``, in order;
    ``roles`` says what each layer is, for the message."""
    __tracebackhide__ = True
    for layer, activation, role in zip(_layers(model, kind), want, roles, strict=False):
        got = _activation(layer)
        if got == activation:
            continue
        if role == "code":
            why = text("autoencoders: code unbounded")
        elif activation == "sigmoid":
            why = text("autoencoders: sigmoid output")
        elif activation == "linear":
            why = text("autoencoders: linear everywhere")
        else:
            why = text("autoencoders: design activation", activation=activation)
        fail(name, inputs, text("autoencoders: wrong activation", role=_role(role),
                                layer=layer.name, kind=kind, got=got, activation=activation),
             [why])


def _check_composition(autoencoder, encoder, decoder, sample, *, name, inputs) -> None:
    """The autoencoder must be the decoder applied to the encoder's output."""
    __tracebackhide__ = True
    from keras import ops

    whole = ops.convert_to_numpy(autoencoder(sample, training=False))
    chained = ops.convert_to_numpy(decoder(encoder(sample, training=False), training=False))
    check_close(whole, chained, atol=1e-5, inputs=inputs,
                name=text("autoencoders: composition", name=name))


def dense_params(input_dim: int, latent_dim: int, hidden_units: Sequence[int] = (256,),
                 linear: bool = False) -> tuple[int, int]:
    """Parameter counts (encoder, decoder) of the notebook's dense design: Dense layers
    with biases, input_dim -> *hidden_units -> latent_dim -> *reversed(hidden_units) ->
    input_dim (no hidden layers when ``linear``)."""
    sizes = [input_dim, *([] if linear else list(hidden_units)), latent_dim]
    encoder = sum((a + 1) * b for a, b in pairwise(sizes))
    sizes = sizes[::-1]
    return encoder, sum((a + 1) * b for a, b in pairwise(sizes))


def check_dense_autoencoder(value: Any, *, name: str, inputs: Mapping[str, Any],
                            input_dim: int, latent_dim: int,
                            hidden_units: Sequence[int] = (256,), linear: bool = False,
                            batch: int = 3) -> None:
    """Check what ``build_dense_autoencoder(input_dim, latent_dim, hidden_units, linear)``
    returned (three Keras models) against the notebook's design: layer types, output
    shapes, parameter counts, activations, and the autoencoder chaining the halves.

    Raises:
        AssertionError: naming the part and the property that failed.
    """
    __tracebackhide__ = True
    autoencoder, encoder, decoder = parts(value, name=name, inputs=inputs)
    n_dense = 1 + (0 if linear else len(hidden_units))
    enc_params, dec_params = dense_params(input_dim, latent_dim, hidden_units, linear)
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(batch, input_dim)).astype(np.float32)
    z = rng.normal(size=(batch, latent_dim)).astype(np.float32)
    hints = {"Dense": text("autoencoders: dense layers")}
    absent = list(NONLINEAR_LAYERS) if linear else []
    for part, model, sample, shape, params in [
            ("encoder", encoder, x, (batch, latent_dim), enc_params),
            ("decoder", decoder, z, (batch, input_dim), dec_params),
            ("autoencoder", autoencoder, x, (batch, input_dim), enc_params + dec_params)]:
        check_model(model, name=_part(name, part), inputs=inputs, sample=sample,
                    output_shape=shape, params=params, layers={"Dense": n_dense * (
                        2 if part == "autoencoder" else 1)},
                    absent=absent, hints=hints)
    hidden = [] if linear else ["hidden"] * len(hidden_units)
    _check_activations(encoder, "Dense", ["linear" if linear else "relu"] * len(hidden)
                       + ["linear"], name=_part(name, "encoder"), inputs=inputs,
                       roles=[*hidden, "code"])
    _check_activations(decoder, "Dense", ["relu"] * len(hidden)
                       + ["linear" if linear else "sigmoid"], name=_part(name, "decoder"),
                       inputs=inputs, roles=[*hidden, "output"])
    _check_composition(autoencoder, encoder, decoder, x, name=name, inputs=inputs)


def conv_params(input_shape: Sequence[int], latent_dim: int,
                filters: Sequence[int] = (16, 32)) -> tuple[int, int]:
    """Parameter counts (encoder, decoder) of the notebook's convolutional design
    (3 x 3 kernels with biases; see the notebook's ``build_conv_autoencoder``)."""
    rows, cols, depth = input_shape
    factor = 2 ** len(filters)
    flat = (rows // factor) * (cols // factor) * filters[-1]
    chain = [depth, *filters]
    convs = sum(9 * a * b + b for a, b in pairwise(chain))
    encoder = convs + (flat + 1) * latent_dim
    back = chain[::-1]
    decoder = (latent_dim + 1) * flat + sum(9 * a * b + b for a, b in pairwise(back))
    return encoder, decoder


def check_conv_autoencoder(value: Any, *, name: str, inputs: Mapping[str, Any],
                           input_shape: Sequence[int], latent_dim: int,
                           filters: Sequence[int] = (16, 32), batch: int = 2) -> None:
    """Check what ``build_conv_autoencoder(input_shape, latent_dim, filters)`` returned
    against the notebook's design: Conv2D (3 x 3, stride 2, "same", ReLU) per filter
    count, Flatten, Dense code; Dense (ReLU), Reshape, Conv2DTranspose (3 x 3, stride 2,
    "same"; ReLU, the last sigmoid) back to ``input_shape``; shapes, parameter counts,
    activations, and the autoencoder chaining the halves.

    Raises:
        AssertionError: naming the part and the property that failed.
    """
    __tracebackhide__ = True
    autoencoder, encoder, decoder = parts(value, name=name, inputs=inputs)
    input_shape = tuple(int(s) for s in input_shape)
    n = len(filters)
    enc_params, dec_params = conv_params(input_shape, latent_dim, filters)
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(batch, *input_shape)).astype(np.float32)
    z = rng.normal(size=(batch, latent_dim)).astype(np.float32)
    hints = {"Conv2D": text("autoencoders: conv2d count"),
             "Conv2DTranspose": text("autoencoders: conv2dtranspose count"),
             "MaxPooling2D": text("autoencoders: no pooling"),
             "UpSampling2D": text("autoencoders: no upsampling")}
    for part, model in [("encoder", encoder), ("decoder", decoder),
                        ("autoencoder", autoencoder)]:
        for kind in ["Conv2D", "Conv2DTranspose"]:
            for layer in _layers(model, kind):
                config = layer.get_config()
                wrong = {key: config.get(key) for key, want in
                         [("strides", (2, 2)), ("padding", "same"), ("kernel_size", (3, 3))]
                         if tuple(np.atleast_1d(config.get(key))) != tuple(np.atleast_1d(want))}
                if wrong:
                    fail(_part(name, part), inputs,
                         text("autoencoders: conv layer config", layer=layer.name, kind=kind,
                              wrong=wrong),
                         [text("autoencoders: strides and padding")])
    check_model(encoder, name=_part(name, "encoder"), inputs=inputs, sample=x,
                output_shape=(batch, latent_dim), params=enc_params,
                layers={"Conv2D": n, "Flatten": 1, "Dense": 1},
                absent=["Conv2DTranspose", "MaxPooling2D"], hints=hints)
    check_model(decoder, name=_part(name, "decoder"), inputs=inputs, sample=z,
                output_shape=(batch, *input_shape), params=dec_params,
                layers={"Dense": 1, "Reshape": 1, "Conv2DTranspose": n},
                absent=["Conv2D", "UpSampling2D"], hints=hints)
    check_model(autoencoder, name=_part(name, "autoencoder"), inputs=inputs, sample=x,
                output_shape=(batch, *input_shape), params=enc_params + dec_params,
                layers={"Conv2D": n, "Conv2DTranspose": n, "Dense": 2}, hints=hints)
    roles = [f"convolution {i + 1}" for i in range(n)]
    _check_activations(encoder, "Conv2D", ["relu"] * n, name=_part(name, "encoder"),
                       inputs=inputs, roles=roles)
    _check_activations(encoder, "Dense", ["linear"], name=_part(name, "encoder"),
                       inputs=inputs, roles=["code"])
    _check_activations(decoder, "Dense", ["relu"], name=_part(name, "decoder"),
                       inputs=inputs, roles=["first (code to feature map)"])
    _check_activations(decoder, "Conv2DTranspose", ["relu"] * (n - 1) + ["sigmoid"],
                       name=_part(name, "decoder"), inputs=inputs,
                       roles=[f"transposed convolution {i + 1}" for i in range(n - 1)]
                       + ["output"])
    _check_composition(autoencoder, encoder, decoder, x, name=name, inputs=inputs)


def knn_accuracy(z_train: np.ndarray, y_train: np.ndarray, z_test: np.ndarray,
                 y_test: np.ndarray, n_neighbors: int = 5) -> float:
    """Class separation of an embedding: the accuracy of scikit-learn's
    ``KNeighborsClassifier`` (Euclidean, majority vote of ``n_neighbors``) fitted
    on the training codes and scored on held-out codes.

    Args:
        z_train, z_test: codes, (n, k) and (m, k).
        y_train, y_test: integer labels, (n,) and (m,).

    Returns:
        float in [0, 1]; 0.1 is chance for ten balanced classes.

    Raises:
        ValueError: if the code sizes or the label counts do not match.
    """
    from sklearn.neighbors import KNeighborsClassifier

    z_train, z_test = np.asarray(z_train), np.asarray(z_test)
    if z_train.ndim != 2 or z_test.ndim != 2 or z_train.shape[1] != z_test.shape[1]:
        raise ValueError(f"codes must be 2-D with the same width, got {z_train.shape} "
                         f"and {z_test.shape}")
    if len(z_train) != len(y_train) or len(z_test) != len(y_test):
        raise ValueError("one label per code is needed")
    knn = KNeighborsClassifier(n_neighbors=n_neighbors).fit(z_train, y_train)
    return float(knn.score(z_test, y_test))


def align_signs(components: np.ndarray) -> np.ndarray:
    """Fix the sign of each row: the entry of largest magnitude becomes positive.

    Singular vectors are defined only up to sign, so two correct PCA fits may
    return components that differ by a factor -1 per row; after this they agree.

    Args:
        components: (k, d) array.

    Returns:
        float64 array (k, d).
    """
    c = np.array(components, dtype=np.float64, ndmin=2)
    pivot = np.abs(c).argmax(axis=1)
    signs = np.sign(c[np.arange(len(c)), pivot])
    signs[signs == 0] = 1.0
    return c * signs[:, None]
