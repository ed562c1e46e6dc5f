"""gradelib.vae: the latent-space helpers and the checks of the model exercises (the
sampling layer, the builders' output activations, the training step against Keras steps
written here, right and wrong)."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

from gradelib import vae


def test_decode_drops_the_channel_axis():
    keras.utils.set_random_seed(0)
    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(784, activation="sigmoid"),
                                keras.layers.Reshape((28, 28, 1))])
    images = vae.decode(decoder, np.zeros((300, 2)))
    assert images.shape == (300, 28, 28) and images.dtype == np.float32
    assert vae.decode(lambda z: np.ones((len(z), 28, 28, 1)), np.zeros((2, 2))).shape == (2, 28, 28)


def test_tile_images():
    images = np.arange(5 * 2 * 3, dtype=float).reshape(5, 2, 3)
    grid = vae.tile_images(images, cols=2, pad=1, fill=-1)
    assert grid.shape == (3 * 3 - 1, 2 * 4 - 1)
    np.testing.assert_array_equal(grid[0:2, 4:7], images[1])
    np.testing.assert_array_equal(grid[6:8, 0:3], images[4])
    assert (grid[6:8, 4:7] == -1).all()
    with pytest.raises(ValueError):
        vae.tile_images(np.zeros((2, 3)), cols=2)


def test_latent_grid_runs_like_a_plot():
    values, z = vae.latent_grid(n=3, limit=1.0)
    np.testing.assert_allclose(values, [-1, 0, 1])
    np.testing.assert_allclose(z[:3], [[-1, 1], [0, 1], [1, 1]])
    np.testing.assert_allclose(z[-1], [1, -1])
    with pytest.raises(ValueError):
        vae.latent_grid(n=1)


def test_check_autodiff_accepts_keras_ops_and_refuses_numpy():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    vae.check_autodiff(lambda v: ops.exp(0.5 * v) * 3.0, x, name="f", inputs={"x": x}, wrt="x")
    with pytest.raises(AssertionError, match="no gradient"):
        vae.check_autodiff(lambda v: np.exp(np.asarray(v)), x, name="f", inputs={"x": x},
                           wrt="x")
    with pytest.raises(AssertionError, match="Gradient check failed"):
        vae.check_autodiff(lambda v: ops.exp(0.5 * v) + ops.stop_gradient(v), x, name="f",
                           inputs={"x": x}, wrt="x")
    with pytest.raises(AssertionError, match="raised"):
        vae.check_autodiff(lambda v: np.exp(v.reshape(-1)), x, name="f", inputs={"x": x},
                           wrt="x")

    def unfinished(v):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        vae.check_autodiff(unfinished, x, name="f", inputs={"x": x}, wrt="x")


# --- the model exercises' checks, driven by right and wrong answers written here ----------

def kl_ops(mu, logvar):
    return 0.5 * ops.sum(ops.exp(logvar) + ops.square(mu) - 1.0 - logvar, axis=-1)


def sample_ops(mu, logvar, eps):
    return mu + ops.exp(0.5 * logvar) * eps


def loss_ops(x, p, mu, logvar):
    p = ops.clip(p, 1e-7, 1 - 1e-7)
    nll = -(x * ops.log(p) + (1 - x) * ops.log(1 - p))
    recon = ops.mean(ops.sum(nll, axis=tuple(range(1, len(nll.shape)))))
    kl = ops.mean(kl_ops(mu, logvar))
    return recon + kl, recon, kl


def make_step(kl_sign=1.0, doubled=False, beta_used=True, kl_used=True, part="both",
              batch_sum=False):
    def step(x, eps, encoder, decoder, optimizer, beta=1.0):
        weights = {"both": encoder.trainable_weights + decoder.trainable_weights,
                   "decoder": decoder.trainable_weights,
                   "encoder": encoder.trainable_weights}[part]
        with tf.GradientTape() as tape:
            mu, logvar = encoder(x)
            z = sample_ops(mu, 2 * logvar if doubled else logvar, eps)
            _, recon, kl = loss_ops(x, decoder(z), mu, logvar)
            weight = (beta if beta_used else 1.0) if kl_used else 0.0
            loss = recon + kl_sign * weight * kl
            if batch_sum:
                loss = loss * ops.cast(ops.shape(x)[0], loss.dtype)
        optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights, strict=True))
        return recon + beta * kl, recon, kl
    return step


def run_step(step, optimizer="sgd", beta=0.5, seed=0, shape=(6,), loss=None):
    rng = np.random.default_rng(seed)
    encoder, decoder = vae.step_networks(shape, 2, 4, seed=rng)
    x = rng.random((5, *shape)).astype("float32")
    eps = rng.standard_normal((5, 2)).astype("float32")
    expected = vae.expected_vae_step(encoder, decoder, x, eps, beta=beta,
                                     loss=loss or vae.bce_and_kl(kl_ops), sample=sample_ops,
                                     optimizer=optimizer, learning_rate=0.1)
    keras_optimizer = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[optimizer](0.1)
    losses = step(tf.constant(x), tf.constant(eps), encoder, decoder, keras_optimizer, beta)
    vae.check_vae_step(expected, encoder, decoder, losses, name="vae_train_step",
                       inputs={"optimizer": optimizer})


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_right_step_passes(optimizer):
    run_step(make_step(), optimizer)
    run_step(tf.function(make_step()), optimizer, seed=1, beta=2.0, shape=(3, 2, 1))


WRONG_STEPS = [
    (vae.KL_SIGN, {"kl_sign": -1.0}),
    (vae.STD_IS_VARIANCE, {"doubled": True}),
    (vae.NO_BETA, {"beta_used": False}),
    (vae.NO_KL, {"kl_used": False}),
    (vae.DECODER_ONLY, {"part": "decoder"}),
    (vae.ENCODER_ONLY, {"part": "encoder"}),
    (vae.BATCH_SUM, {"batch_sum": True}),
]


@pytest.mark.parametrize("mistake, options", WRONG_STEPS, ids=[m[:30] for m, _ in WRONG_STEPS])
def test_each_wrong_step_is_named(mistake, options):
    with pytest.raises(AssertionError) as info:
        run_step(make_step(**options))
    assert mistake in str(info.value)
    assert sum(m in str(info.value) for m, _ in WRONG_STEPS) == 1, str(info.value)


def test_the_judges_numpy_loss_gives_the_same_update():
    def numpy_loss(x, p, mu, logvar):
        p = np.clip(p, 1e-7, 1 - 1e-7)
        nll = -(x * np.log(p) + (1 - x) * np.log(1 - p))
        kl = 0.5 * np.sum(np.exp(logvar) + mu ** 2 - 1 - logvar, axis=-1)
        return nll.reshape(*nll.shape[:2], -1).sum(-1).mean(-1), kl.mean(-1)

    run_step(make_step(), "adam", loss=numpy_loss)


class GoodSampling(keras.layers.Layer):
    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def noise(self, z_mean):
        return keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)

    def call(self, inputs):
        return sample_ops(inputs[0], inputs[1], self.noise(inputs[0]))


class VarianceSampling(GoodSampling):
    def call(self, inputs):
        return inputs[0] + ops.exp(inputs[1]) * self.noise(inputs[0])


class FixedNoiseSampling(GoodSampling):
    def call(self, inputs):
        return sample_ops(inputs[0], inputs[1], keras.random.normal(ops.shape(inputs[0]), seed=1))


class NumpySampling(GoodSampling):
    def call(self, inputs):
        z = np.asarray(inputs[0]) + np.exp(0.5 * np.asarray(inputs[1])) * np.asarray(
            self.noise(inputs[0]))
        return ops.convert_to_tensor(z.astype("float32"))


def test_the_sampling_checks():
    from gradelib.mistakes import REPARAMETERIZE_SAMPLES

    vae.check_sampling_layer(GoodSampling, mistakes=REPARAMETERIZE_SAMPLES)
    with pytest.raises(AssertionError, match="exp\\(logvar\\)"):
        vae.check_sampling_layer(VarianceSampling, mistakes=REPARAMETERIZE_SAMPLES)
    with pytest.raises(AssertionError, match="same z"):
        vae.check_sampling_layer(FixedNoiseSampling)
    with pytest.raises(AssertionError, match="No gradient reaches z_mean"):
        vae.check_sampling_layer(NumpySampling)
    with pytest.raises(AssertionError, match="seed"):
        vae.check_sampling_layer(keras.layers.Dense)


def test_head_activations():
    x_in = keras.Input((3,))
    linear = keras.Model(x_in, [keras.layers.Dense(2)(x_in), keras.layers.Dense(2)(x_in)])
    vae.check_head_activations(linear, "linear", 2, name="f", inputs={}, why="w")
    relu = keras.Model(x_in, [keras.layers.Dense(2)(x_in),
                              keras.layers.Dense(2, activation="relu", name="lv")(x_in)])
    with pytest.raises(AssertionError, match="'lv'.*'relu'"):
        vae.check_head_activations(relu, "linear", 2, name="f", inputs={}, why="w")
