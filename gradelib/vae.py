"""Helpers for the variational autoencoder notebook (06): looking at a latent space
(:func:`decode`, :func:`tile_images`, :func:`latent_grid`) and checking the model code
the student writes there (the sampling layer, the encoder and decoder builders and the
training step), the way ``gradelib.gan`` checks a GAN step.

The student writes the Keras example "Variational AutoEncoder" (fchollet, keras.io, 2020;
Chollet, *Deep Learning with Python* 2nd ed., ch. 12.4): its ``Sampling`` layer, its
encoder and decoder and its training step. Nothing here builds those networks or runs a
VAE step. A step is checked CS231n-style: :func:`step_networks` makes two tiny MLPs
(an encoder x -> [z_mean, z_log_var] and a sigmoid decoder), :func:`expected_vae_step`
runs them in float64 NumPy and updates their weights with centred-difference gradients
of a loss it is *given* (the student's own ``vae_loss`` and ``reparameterize`` in the
visible test, the judge's reference in the hidden one), and :func:`check_vae_step` names
the known wrong steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keras
import numpy as np
from keras import layers

from .checks import Mistake, check_close, fail
from .gan import NumpyOptimizer, check_weights_after, mlp_forward
from .gradcheck import check_autodiff  # noqa: F401  (06 calls it as vae.check_autodiff)
from .i18n import add, text

IMAGE_SHAPE = (28, 28, 1)

add({
    "vae: name not defined": {
        "en": "name '{layer}' is not defined (did you run its cell, or rename it?)",
        "ko": "이름 '{layer}'이(가) 정의되지 않았습니다(그 셀을 실행했나요, 아니면 이름을 "
              "바꿨나요?)",
    },
    "vae: rows of": {"en": "{n} rows of {row}", "ko": "{row}인 행 {n}개"},
    "vae: z shape": {
        "en": "The layer returned shape {shape}; z must have the shape of z_mean, {expected}: "
              "one code per example.",
        "ko": "층이 모양 {shape}을(를) 반환했습니다. z는 z_mean과 같은 모양 {expected}이어야 "
              "합니다: 예제마다 코드 하나입니다.",
    },
    "vae: same z twice": {
        "en": "Two calls of the same layer returned the same z: the noise must be drawn afresh "
              "in every call.",
        "ko": "같은 층을 두 번 호출했더니 같은 z가 나왔습니다. 노이즈는 호출할 때마다 새로 "
              "뽑아야 합니다.",
    },
    "vae: same z hint": {
        "en": "Draw eps inside call() with keras.random.normal(shape, seed=self.seed_generator), "
              "where self.seed_generator = keras.random.SeedGenerator(seed) is made once in "
              "__init__ (a plain integer seed gives the same noise every call).",
        "ko": "eps는 call() 안에서 keras.random.normal(shape, seed=self.seed_generator)로 "
              "뽑으세요. self.seed_generator = keras.random.SeedGenerator(seed)는 __init__에서 "
              "한 번 만듭니다(그냥 정수 시드를 주면 호출할 때마다 같은 노이즈가 나옵니다).",
    },
    "vae: no gradient": {
        "en": "No gradient reaches {wrt}: the reparameterisation trick exists so that "
              "backpropagation reaches the encoder.",
        "ko": "{wrt}까지 기울기가 도달하지 않습니다. 재매개변수화 트릭은 역전파가 인코더까지 "
              "닿게 하려고 쓰는 것입니다.",
    },
    "vae: no gradient hint": {
        "en": "Compute z from the layer's inputs with keras.ops (your reparameterize); NumPy "
              "functions and ops.stop_gradient cut the gradient.",
        "ko": "z는 층의 입력으로부터 keras.ops로 계산하세요(직접 작성한 reparameterize). NumPy "
              "함수와 ops.stop_gradient는 기울기를 끊습니다.",
    },
    "vae: gradient check name": {
        "en": "{name} (gradient of sum(z) with respect to {wrt})",
        "ko": "{name}({wrt}에 대한 sum(z)의 기울기)",
    },
    "vae: layer raised": {
        "en": "Building {name}(seed={seed}) and calling it on [z_mean, z_log_var] raised "
              "{kind}: {message}",
        "ko": "{name}(seed={seed})을(를) 만들어 [z_mean, z_log_var]로 호출했더니 {kind}이(가) "
              "발생했습니다: {message}",
    },
    "vae: layer raised hint": {
        "en": "The layer's __init__ takes seed (and **kwargs for Layer); call() takes the pair "
              "[z_mean, z_log_var] and returns z.",
        "ko": "층의 __init__은 seed(그리고 Layer에 넘길 **kwargs)를 받고, call()은 "
              "[z_mean, z_log_var] 쌍을 받아 z를 반환합니다.",
    },
    "vae: not a model": {
        "en": "It returned {kind}, not a keras.Model.",
        "ko": "keras.Model이 아니라 {kind}을(를) 반환했습니다.",
    },
    "vae: head activation": {
        "en": "The output layer {layer} ({kind}) has activation {got}; it needs "
              "{activation}: {why}.",
        "ko": "출력층 {layer}({kind})의 활성화가 {got}입니다. {activation}이어야 합니다: "
              "{why}.",
    },
    "vae: encoder": {"en": "encoder", "ko": "인코더"},
    "vae: decoder": {"en": "decoder", "ko": "디코더"},
    "vae: step advice": {
        "en": "The step should: take z_mean, z_log_var from the encoder; z = "
              "reparameterize(z_mean, z_log_var, eps) with the eps passed in (no noise of its "
              "own); recon and kl from your vae_loss; loss = recon + beta * kl; the gradients "
              "of that loss with respect to encoder.trainable_weights + "
              "decoder.trainable_weights, applied once with the optimizer passed in (here "
              "{optimizer}).",
        "ko": "스텝이 할 일: 인코더에서 z_mean, z_log_var를 얻고, 전달받은 eps로 z = "
              "reparameterize(z_mean, z_log_var, eps)를 계산하며(노이즈를 따로 뽑지 않음), "
              "직접 작성한 vae_loss로 recon과 kl을 구하고, loss = recon + beta * kl로 둔 뒤, "
              "encoder.trainable_weights + decoder.trainable_weights에 대한 이 손실의 기울기를 "
              "전달받은 옵티마이저(여기서는 {optimizer})로 한 번 적용합니다.",
    },
})


# --- The sampling layer -------------------------------------------------------------------

def _layer_class(layer):
    """The class itself, or the class of that name in the notebook's namespace (the
    judge sends the name: a class cannot cross the wire)."""
    if not isinstance(layer, str):
        return layer
    import __main__

    try:
        from IPython import get_ipython

        namespace = get_ipython().user_ns if get_ipython() is not None else vars(__main__)
    except ImportError:
        namespace = vars(__main__)
    if layer not in namespace:
        raise NameError(text("vae: name not defined", layer=layer))
    return namespace[layer]


def sampling_outputs(layer, z_mean, z_log_var, seed: int = 0) -> dict:
    """Run a sampling layer the way a VAE does, and record what a check needs.

    Builds ``layer(seed=seed)`` (``layer`` is the class, or its name in the notebook's
    namespace), calls it twice on ``[z_mean, z_log_var]`` given as float32 tensors, and
    takes ``tf.GradientTape``'s gradient of the sum of the first call's output with respect
    to both inputs.

    Args:
        z_mean, z_log_var: arrays (n, d).

    Returns:
        {"first": z of the first call, "second": z of the second call, "d_mean": the
        gradient with respect to z_mean (None if none reached it), "d_log_var": the same
        for z_log_var}; arrays, float64.
    """
    import tensorflow as tf

    instance = _layer_class(layer)(seed=seed)
    mean = tf.Variable(np.asarray(z_mean, np.float32))
    log_var = tf.Variable(np.asarray(z_log_var, np.float32))
    with tf.GradientTape(persistent=True) as tape:
        first = instance([mean, log_var])
        total = tf.reduce_sum(tf.cast(first, tf.float32))
    second = instance([mean, log_var])
    grads = [tape.gradient(total, v) for v in (mean, log_var)]
    return {"first": np.asarray(first, np.float64), "second": np.asarray(second, np.float64),
            "d_mean": None if grads[0] is None else np.asarray(grads[0], np.float64),
            "d_log_var": None if grads[1] is None else np.asarray(grads[1], np.float64)}


def check_sampling_outputs(outputs: Mapping, z_mean, z_log_var, *, name: str = "Sampling",
                           mistakes=(), false_failure_rate: float = 1e-3) -> None:
    """Check what :func:`sampling_outputs` recorded: z = z_mean + exp(z_log_var / 2) * eps
    with eps ~ N(0, I) drawn afresh in every call, and gradients that reach both inputs
    (dz/dz_mean = 1, dz/dz_log_var = (z - z_mean) / 2).

    Args:
        z_mean, z_log_var: the arrays (n, d) the layer got; every row the same, so that
            the n draws of each coordinate test its mean and standard deviation (a
            z-test and a chi-square test per coordinate; a correct layer fails with
            probability ``false_failure_rate``).
        mistakes: a catalogue for :func:`gradelib.gaussian.check_gaussian_sampler`.

    Raises:
        AssertionError: naming the property that failed (shape, distribution, fresh
            noise, gradient).
    """
    from .gaussian import check_gaussian_sampler

    __tracebackhide__ = True
    z_mean = np.asarray(z_mean, np.float64)
    z_log_var = np.asarray(z_log_var, np.float64)
    inputs = {"z_mean": text("vae: rows of", n=z_mean.shape[0], row=z_mean[0].round(3).tolist()),
              "z_log_var": text("vae: rows of", n=z_log_var.shape[0],
                                row=z_log_var[0].round(3).tolist())}
    first = outputs["first"]
    if np.shape(first) != z_mean.shape:
        fail(name, inputs, text("vae: z shape", shape=np.shape(first), expected=z_mean.shape))
    check_gaussian_sampler(lambda rng, n: first, mean=z_mean[0], std=np.exp(0.5 * z_log_var[0]),
                           name=name, inputs={"mu": z_mean[0], "logvar": z_log_var[0]},
                           n=len(first), false_failure_rate=false_failure_rate,
                           mistakes=mistakes)
    if np.allclose(first, outputs["second"]):
        fail(name, inputs, text("vae: same z twice"), [text("vae: same z hint")])
    for key, wrt, want in (("d_mean", "z_mean", np.ones_like(z_mean)),
                           ("d_log_var", "z_log_var", 0.5 * (first - z_mean))):
        if outputs[key] is None:
            fail(name, inputs, text("vae: no gradient", wrt=wrt),
                 [text("vae: no gradient hint")])
        check_close(outputs[key], want, name=text("vae: gradient check name", name=name, wrt=wrt),
                    inputs=inputs, rtol=1e-4, atol=1e-5)


def check_sampling_layer(layer, *, mistakes=(), n: int = 10_000, seed: int = 0) -> None:
    """The visible test of a sampling layer class: :func:`sampling_outputs` on n rows of
    a fixed (z_mean, z_log_var) with three latent coordinates, checked by
    :func:`check_sampling_outputs` (false-failure rate 0.001 for a correct layer; the
    seed is fixed, so a given layer passes or fails every time)."""
    __tracebackhide__ = True
    z_mean = np.tile([0.5, -1.0, 2.0], (n, 1))
    z_log_var = np.tile([1.2, -1.5, 0.0], (n, 1))
    name = getattr(layer, "__name__", str(layer))
    try:
        outputs = sampling_outputs(layer, z_mean, z_log_var, seed=seed)
    except NotImplementedError:
        raise
    except Exception as exc:
        fail(name, {"seed": seed}, text("vae: layer raised", name=name, seed=seed,
                                        kind=type(exc).__name__, message=str(exc)[:300]),
             [text("vae: layer raised hint")])
    check_sampling_outputs(outputs, z_mean, z_log_var, name=name, mistakes=mistakes)


# --- Checking the builders -----------------------------------------------------------------

def check_head_activations(model, activation: str, count: int, *, name: str, inputs: dict,
                           why: str) -> None:
    """Check that the last ``count`` layers of a student's model (its output layers) use
    ``activation`` ("linear" for the encoder's z_mean and z_log_var heads, "sigmoid" for
    the decoder's last layer); a companion of :func:`gradelib.models.check_model`.

    Raises:
        AssertionError: naming the layer and the activation it has.
    """
    __tracebackhide__ = True
    if not isinstance(model, keras.Model):
        fail(name, inputs, text("vae: not a model", kind=type(model).__name__))
    outputs = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"][-count:]
    for layer in outputs:
        got = layer.get_config().get("activation", "linear")
        got = got if isinstance(got, str) else str(got)
        if got != activation:
            fail(name, inputs, text("vae: head activation", layer=repr(layer.name),
                                    kind=type(layer).__name__, got=repr(got),
                                    activation=repr(activation), why=why))


# --- Checking a VAE training step -----------------------------------------------------------

def step_networks(input_shape: tuple = (6,), latent_dim: int = 2, hidden: int = 4,
                  seed=0) -> tuple[keras.Model, keras.Model]:
    """Two tiny networks with random weights (normal, std 0.5; no zero biases, so no ReLU
    sits on its kink) for checking a training step.

    The encoder maps x (batch, *input_shape) through Flatten and a ReLU layer of
    ``hidden`` units to two linear heads, [z_mean, z_log_var], each (batch, latent_dim);
    the decoder maps z (batch, latent_dim) through a ReLU layer of ``hidden`` units to
    sigmoid pixel probabilities reshaped to (batch, *input_shape). Float32.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    x_in = keras.Input(input_shape)
    trunk = layers.Dense(hidden, activation="relu", name="hidden")(layers.Flatten()(x_in))
    heads = [layers.Dense(latent_dim, name=head)(trunk) for head in ("z_mean", "z_log_var")]
    encoder = keras.Model(x_in, heads, name="step_encoder")
    z_in = keras.Input((latent_dim,))
    pixels = layers.Dense(int(np.prod(input_shape)), activation="sigmoid", name="pixels")(
        layers.Dense(hidden, activation="relu", name="hidden")(z_in))
    decoder = keras.Model(z_in, layers.Reshape(input_shape)(pixels), name="step_decoder")
    for model in (encoder, decoder):
        model.set_weights([rng.normal(0, 0.5, size=w.shape).astype(np.float32)
                           for w in model.get_weights()])
    return encoder, decoder


def _as_keras(model):
    if isinstance(model, keras.Model):
        return model
    rebuilt = keras.models.model_from_json(model.config)   # a wire.ModelSpec
    rebuilt.set_weights(model.weights)
    return rebuilt


def _by_name(model) -> dict:
    return {layer.name: [np.asarray(w, np.float64) for w in layer.get_weights()]
            for layer in model.layers if layer.get_weights()}


@dataclass
class VaeStepOutcome:
    """The encoder's and the decoder's weights after one step, and its losses."""

    encoder: list
    decoder: list
    losses: tuple


KL_SIGN = "the KL term is subtracted: loss = recon - beta * kl"
STD_IS_VARIANCE = "z was sampled with std = exp(z_log_var), the variance, not exp(z_log_var / 2)"
NO_BETA = "beta is not applied: loss = recon + kl"
NO_KL = "the KL term is left out of the loss that is differentiated"
DECODER_ONLY = "only the decoder was updated (the encoder's weights did not change)"
ENCODER_ONLY = "only the encoder was updated (the decoder's weights did not change)"
BATCH_SUM = "the loss is summed over the batch instead of averaged"

VAE_STEP_FIXES = {
    KL_SIGN: Mistake(
        KL_SIGN,
        "the loss is the negative ELBO, recon + beta * kl; the KL divergence is never "
        "negative and is added.",
        name_ko="KL 항을 뺐습니다: loss = recon - beta * kl",
        fix_ko=("손실은 음의 ELBO인 recon + beta * kl입니다. KL 발산은 음수가 될 수 없으며 더해야 "
                "합니다."),
    ),
    STD_IS_VARIANCE: Mistake(
        STD_IS_VARIANCE,
        "use your reparameterize(z_mean, z_log_var, eps): the standard deviation is "
        "exp(0.5 * z_log_var).",
        name_ko=("z를 표준편차 exp(z_log_var / 2)가 아니라 분산인 std = exp(z_log_var)로 "
                 "샘플링했습니다"),
        fix_ko=("직접 작성한 reparameterize(z_mean, z_log_var, eps)를 쓰세요: 표준편차는 exp(0.5 "
                "* z_log_var)입니다."),
    ),
    NO_BETA: Mistake(
        NO_BETA,
        "multiply the KL term by the beta passed in: loss = recon + beta * kl.",
        name_ko="beta를 적용하지 않았습니다: loss = recon + kl",
        fix_ko="KL 항에 전달받은 beta를 곱하세요: loss = recon + beta * kl.",
    ),
    NO_KL: Mistake(
        NO_KL,
        "differentiate recon + beta * kl, both terms from your vae_loss.",
        name_ko="미분하는 손실에서 KL 항이 빠졌습니다",
        fix_ko="직접 작성한 vae_loss에서 나온 두 항으로 만든 recon + beta * kl을 미분하세요.",
    ),
    DECODER_ONLY: Mistake(
        DECODER_ONLY,
        "take the gradients with respect to encoder.trainable_weights + "
        "decoder.trainable_weights and apply them to that same list.",
        name_ko="디코더만 업데이트했습니다(인코더의 가중치가 바뀌지 않았습니다)",
        fix_ko=("encoder.trainable_weights + decoder.trainable_weights에 대한 기울기를 구해서 "
                "바로 그 리스트에 적용하세요."),
    ),
    ENCODER_ONLY: Mistake(
        ENCODER_ONLY,
        "take the gradients with respect to encoder.trainable_weights + "
        "decoder.trainable_weights and apply them to that same list.",
        name_ko="인코더만 업데이트했습니다(디코더의 가중치가 바뀌지 않았습니다)",
        fix_ko=("encoder.trainable_weights + decoder.trainable_weights에 대한 기울기를 구해서 "
                "바로 그 리스트에 적용하세요."),
    ),
    BATCH_SUM: Mistake(
        BATCH_SUM,
        "vae_loss returns means over the batch; differentiate those (nats per image), not "
        "their sum over the examples.",
        name_ko="손실을 배치에 걸쳐 평균하지 않고 합했습니다",
        fix_ko=("vae_loss는 배치 평균을 반환합니다. 예제에 걸친 합이 아니라 그 평균(이미지당 "
                "내트)을 미분하세요."),
    ),
}


def bce_and_kl(kl: Callable) -> Callable:
    """A loss for :func:`expected_vae_step` built from a library result and the
    notebook's ``kl_divergence``: the reconstruction term from
    ``keras.losses.binary_crossentropy`` (in float64, summed over the pixels) and the
    KL term from ``kl`` ((..., d) -> (...)), each averaged over the n images.

    Returns:
        ``loss(x, x_decoded, z_mean, z_log_var) -> (recon, kl)`` with x (n, ...),
        x_decoded (K, n, ...), z_mean and z_log_var (K, n, d), and recon and kl (K,).
    """
    def loss(x, x_decoded, z_mean, z_log_var):
        target = np.broadcast_to(x, x_decoded.shape)[..., None]
        per_pixel = np.asarray(keras.losses.binary_crossentropy(target, x_decoded[..., None]),
                               np.float64)
        recon = per_pixel.reshape(*per_pixel.shape[:2], -1).sum(axis=-1).mean(axis=-1)
        return recon, np.asarray(kl(z_mean, z_log_var), np.float64).mean(axis=-1)

    return loss


_ENCODER_LAYERS, _DECODER_LAYERS = ("hidden", "z_mean", "z_log_var"), ("hidden", "pixels")


def expected_vae_step(encoder, decoder, x, eps, *, beta: float, loss: Callable,
                      sample: Callable, optimizer: str = "sgd", learning_rate: float = 0.1,
                      h: float = 1e-5) -> dict:
    """What one VAE training step does to :func:`step_networks`' networks, and what the
    known wrong steps do, by centred differences in float64.

    The step is: z_mean, z_log_var = encoder(x); z = sample(z_mean, z_log_var, eps);
    (recon, kl) from ``loss`` at decoder(z); one update of both networks' weights with
    the gradient of recon + beta * kl, by a fresh optimizer
    (:class:`gradelib.gan.NumpyOptimizer`, Keras' first step). The networks run in NumPy;
    all 2 x (number of weights) perturbed settings go through ``sample`` and ``loss`` in
    one call each, stacked on a leading axis of size K.

    Args:
        encoder, decoder: Keras models from :func:`step_networks`, or ``wire.ModelSpec``
            of them.
        x: (n, *input_shape) in [0, 1]; eps: (n, latent_dim).
        loss: ``loss(x, x_decoded, z_mean, z_log_var) -> (recon, kl)``, batched: x
            (n, ...), x_decoded (K, n, ...), z_mean and z_log_var (K, n, d); recon and kl
            (K,), the means over the n images (:func:`bce_and_kl` in the visible test).
        sample: ``sample(z_mean, z_log_var, eps) -> z`` with z_mean, z_log_var
            (K, n, d) and eps (n, d) broadcast: the notebook's ``reparameterize``.
        optimizer: "sgd" or "adam".

    Returns:
        {"correct": VaeStepOutcome, mistake name: VaeStepOutcome, ...}; the losses are
        (recon + beta * kl, recon, kl) at the weights before the update.
    """
    enc, dec = _by_name(_as_keras(encoder)), _by_name(_as_keras(decoder))
    x = np.asarray(x, np.float64)
    eps = np.asarray(eps, np.float64)
    before = [w for n in _ENCODER_LAYERS for w in enc[n]] + \
        [w for n in _DECODER_LAYERS for w in dec[n]]
    n_e = 2 * len(_ENCODER_LAYERS)
    sizes = [w.size for w in before]
    theta = np.concatenate([w.ravel() for w in before])
    # row 0: the weights as they are; rows 2i + 1 and 2i + 2: weight i moved by +h and -h
    settings = np.repeat(theta[None, :], 2 * theta.size + 1, axis=0)
    index = np.arange(theta.size)
    settings[2 * index + 1, index] += h
    settings[2 * index + 2, index] -= h

    def unpack(row):
        parts = np.split(row, np.cumsum(sizes)[:-1])
        return [p.reshape(w.shape) for p, w in zip(parts, before, strict=True)]

    unpacked = [unpack(row) for row in settings]
    means, log_vars = [], []
    for w in unpacked:
        hidden = mlp_forward(w[0:2], ["relu"], x)
        means.append(mlp_forward(w[2:4], [None], hidden))
        log_vars.append(mlp_forward(w[4:6], [None], hidden))
    means, log_vars = np.stack(means), np.stack(log_vars)

    def objective(doubled: bool) -> tuple:
        z = np.asarray(sample(means, 2 * log_vars if doubled else log_vars, eps), np.float64)
        probs = np.stack([1.0 / (1.0 + np.exp(-mlp_forward(w[n_e:], ["relu", None], zk)))
                          for w, zk in zip(unpacked, z, strict=True)])
        recon, kl = loss(x, probs.reshape(len(unpacked), *x.shape), means, log_vars)
        return np.asarray(recon, np.float64), np.asarray(kl, np.float64)

    def gradients(values):
        flat = (values[1::2] - values[2::2]) / (2 * h)
        return unpack(flat)

    (recon, kl), (recon_wrong, _) = objective(False), objective(True)
    g_recon, g_kl, g_wrong = gradients(recon), gradients(kl), gradients(recon_wrong)
    losses = (float(recon[0] + beta * kl[0]), float(recon[0]), float(kl[0]))

    def update(a, b, g_r=g_recon, encoder_too=True, decoder_too=True):
        combined = [a * gr + b * gk for gr, gk in zip(g_r, g_kl, strict=True)]
        new = NumpyOptimizer(optimizer, learning_rate).step(before, combined)
        return VaeStepOutcome(new[:n_e] if encoder_too else before[:n_e],
                              new[n_e:] if decoder_too else before[n_e:], losses)

    n = len(x)
    return {"correct": update(1.0, beta),
            KL_SIGN: update(1.0, -beta),
            STD_IS_VARIANCE: update(1.0, beta, g_wrong),
            NO_BETA: update(1.0, 1.0),
            NO_KL: update(1.0, 0.0),
            DECODER_ONLY: update(1.0, beta, encoder_too=False),
            ENCODER_ONLY: update(1.0, beta, decoder_too=False),
            BATCH_SUM: update(float(n), n * beta)}


def _weights_in_order(model) -> list:
    """A model's (or ModelSpec's) weights in the order :func:`expected_vae_step` uses."""
    named = _by_name(_as_keras(model))
    order = _ENCODER_LAYERS if "z_mean" in named else _DECODER_LAYERS
    return [w for n in order for w in named[n]]


def check_vae_step(outcomes: dict, encoder_after, decoder_after, got_losses, *, name: str,
                   inputs: dict, fixes: Mapping = VAE_STEP_FIXES, rtol: float = 1e-3,
                   atol: float = 1e-5) -> None:
    """Check a student's VAE step against :func:`expected_vae_step`: the encoder's and the
    decoder's weights after it (Keras models or ``wire.ModelSpec``), then the three
    values it returned; a mismatch that equals a known wrong step is named.

    Raises:
        AssertionError: naming the network whose weights are wrong, by how much, and the
            known mistake they match; or the loss that is wrong.
    """
    __tracebackhide__ = True
    parts = [(text("vae: encoder"), "encoder", _weights_in_order(encoder_after)),
             (text("vae: decoder"), "decoder", _weights_in_order(decoder_after))]
    advice = text("vae: step advice", optimizer=inputs.get('optimizer', 'SGD'))
    check_weights_after(outcomes, parts, got_losses, name=name, inputs=inputs,
                        fixes=fixes, loss_names=("loss = recon + beta * kl", "recon", "kl"),
                        advice=advice, rtol=rtol, atol=atol)


# --- Looking at a latent space ------------------------------------------------------------

def decode(decoder: Callable, z, batch_size: int = 256) -> np.ndarray:
    """Decode codes to images without Keras' progress bar.

    Args:
        decoder: a Keras model (codes -> images) or any function of a float32 array.
        z: array (n, latent_dim).

    Returns:
        float32 array (n, 28, 28): the decoded images, channel axis dropped.
    """
    z = np.asarray(z, dtype=np.float32)
    if isinstance(decoder, keras.Model):
        out = np.concatenate([np.asarray(decoder.predict_on_batch(z[i:i + batch_size]))
                              for i in range(0, len(z), batch_size)])
    else:
        out = np.asarray(decoder(z))
    return out.reshape(len(z), 28, 28).astype(np.float32)


def tile_images(images, cols: int, pad: int = 1, fill: float = 1.0) -> np.ndarray:
    """Arrange images (n, h, w) in a grid with ``cols`` columns, row by row.

    Returns:
        2-D float array (rows * (h + pad) - pad, cols * (w + pad) - pad); empty cells
        and the gaps between images are ``fill``.

    Raises:
        ValueError: if ``images`` is not 3-D or ``cols`` < 1.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or cols < 1:
        raise ValueError(f"need images (n, h, w) and cols >= 1; got {images.shape}, {cols}")
    n, h, w = images.shape
    rows = -(-n // cols)
    canvas = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad), fill)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        canvas[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = image
    return canvas


def latent_grid(n: int = 15, limit: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """An n x n grid of points over [-limit, limit]^2, for decoding a 2-D latent plane.

    Returns:
        values: (n,) the coordinates along each axis, increasing.
        z: float32 (n * n, 2), row by row from the top: z[:, 1] decreases down the
        rows (as a plot's y axis), z[:, 0] increases along each row.
    """
    if n < 2 or limit <= 0:
        raise ValueError(f"need n >= 2 and limit > 0; got {n}, {limit}")
    values = np.linspace(-limit, limit, n)
    z = np.array([[x, y] for y in values[::-1] for x in values], dtype=np.float32)
    return values, z
