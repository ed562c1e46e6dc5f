"""gradelib.dcgan: the guideline checks (every guideline a model breaks is named, a model
that keeps them passes), the label-noise check, the spectral checkerboard measure, the
stored training-step cases (against the judge's reference step and a Keras step written
here) and the sampler."""

import functools
import importlib.util

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from conftest import ROOT
from gradelib import dcgan
from gradelib.mistakes import dcgan as m


def generator(latent=4, f=(3, 2), k=4, *, output_bn=False, upsample=False, out="tanh",
              hidden="relu", dense_hidden=False):
    body = [keras.Input((latent,)), layers.Dense(49 * f[0], use_bias=False)]
    if dense_hidden:
        body += [layers.BatchNormalization(), layers.ReLU(), layers.Dense(49 * f[0])]
    body += [layers.Reshape((7, 7, f[0])), layers.BatchNormalization(), layers.Activation(hidden)]
    if upsample:
        body += [layers.UpSampling2D(), layers.Conv2D(f[1], k, padding="same", use_bias=False)]
    else:
        body += [layers.Conv2DTranspose(f[1], k, strides=2, padding="same", use_bias=False)]
    body += [layers.BatchNormalization(), layers.Activation(hidden),
             layers.Conv2DTranspose(1, k, strides=2, padding="same", activation=out)]
    if output_bn:
        body.append(layers.BatchNormalization())
    return keras.Sequential(body)


def discriminator(f=(3, 2), k=4, *, input_bn=False, pool=False, slope=0.2, out=None,
                  dense_hidden=False, act="leaky"):
    def activation():
        return layers.LeakyReLU(negative_slope=slope) if act == "leaky" else layers.ReLU()

    body = [keras.Input((28, 28, 1)), layers.Conv2D(f[0], k, strides=1 if pool else 2,
                                                    padding="same")]
    body += ([layers.BatchNormalization()] if input_bn else []) + [activation()]
    if pool:
        body.append(layers.MaxPooling2D())
    body += [layers.Conv2D(f[1], k, strides=2, padding="same", use_bias=False),
             layers.BatchNormalization(), activation(), layers.Flatten()]
    if dense_hidden:
        body += [layers.Dense(8), layers.LeakyReLU(negative_slope=0.2)]
    body.append(layers.Dense(1, activation=out))
    return keras.Sequential(body)


def test_models_that_keep_the_guidelines_pass():
    dcgan.check_generator_guidelines(generator(), name="g", inputs={})
    dcgan.check_discriminator_guidelines(discriminator(), name="d", inputs={})
    # the relu as layers.ReLU and leaky_relu as an Activation, Dropout in D are fine
    g = keras.Sequential([keras.Input((2,)), layers.Dense(49, use_bias=False),
                          layers.Reshape((7, 7, 1)), layers.BatchNormalization(), layers.ReLU(),
                          layers.Conv2DTranspose(1, 4, strides=4, padding="same",
                                                 activation="tanh")])
    dcgan.check_generator_guidelines(g, name="g", inputs={})
    d = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(2, 4, strides=2),
                          layers.Activation("leaky_relu"), layers.Dropout(0.3),
                          layers.Conv2D(2, 4, strides=2), layers.BatchNormalization(),
                          layers.LeakyReLU(negative_slope=0.2), layers.Flatten(), layers.Dense(1)])
    dcgan.check_discriminator_guidelines(d, name="d", inputs={})


@pytest.mark.parametrize("model, guideline", [
    (generator(output_bn=True), "guideline 2"),
    (generator(upsample=True), "guideline 1"),
    (generator(out="sigmoid"), "guideline 4"),
    (generator(hidden="elu"), "guideline 4"),
    (generator(dense_hidden=True), "guideline 3"),
])
def test_each_broken_generator_guideline_is_named(model, guideline):
    with pytest.raises(AssertionError, match=guideline):
        dcgan.check_generator_guidelines(model, name="build_generator", inputs={})


@pytest.mark.parametrize("model, pattern", [
    (discriminator(input_bn=True), "guideline 2"),
    (discriminator(pool=True), "guideline 1"),
    (discriminator(slope=0.3), "0.3"),
    (discriminator(act="relu"), "guideline 5"),
    (discriminator(dense_hidden=True), "guideline 3"),
    (discriminator(out="sigmoid"), "logit"),
])
def test_each_broken_discriminator_guideline_is_named(model, pattern):
    with pytest.raises(AssertionError, match=pattern):
        dcgan.check_discriminator_guidelines(model, name="build_discriminator", inputs={})


def test_batchnorm_after_the_activation_is_named():
    g = keras.Sequential([keras.Input((2,)), layers.Dense(49, use_bias=False),
                          layers.Reshape((7, 7, 1)), layers.ReLU(), layers.BatchNormalization(),
                          layers.Conv2DTranspose(1, 4, strides=4, padding="same",
                                                 activation="tanh")])
    with pytest.raises(AssertionError, match="after the activation"):
        dcgan.check_generator_guidelines(g, name="g", inputs={})


def test_nyquist_share_of_known_images():
    checker = np.indices((28, 28)).sum(axis=0) % 2 * 1.0
    smooth = np.outer(np.hanning(28), np.hanning(28))
    noise = np.random.default_rng(0).normal(size=(400, 28, 28))
    share = dcgan.nyquist_energy_share(np.stack([checker, smooth, np.ones((28, 28))]))
    np.testing.assert_allclose(share, [1.0, 0.0, 0.0], atol=1e-3)
    assert abs(dcgan.nyquist_energy_share(noise).mean() - 55 / 783) < 0.005
    # a stride-4 pattern lives at 1/4 and 1/2 cycles per pixel
    four = (np.arange(28) % 4 == 0) * np.ones((28, 1))
    assert dcgan.nyquist_energy_share(four[None], stride=4)[0] > 0.99
    for bad in [np.ones((28, 28)), np.ones((2, 27, 28))]:
        with pytest.raises(ValueError):
            dcgan.nyquist_energy_share(bad)
    with pytest.raises(ValueError):
        dcgan.nyquist_energy_share(np.ones((1, 28, 28)), stride=1)


def right_targets(n, smoothing=0.1, flip_rate=0.05, rng=None):
    real = np.where(rng.random((n, 1)) < flip_rate, 0.0, 1 - smoothing)
    fake = np.where(rng.random((n, 1)) < flip_rate, 1 - smoothing, 0.0)
    return real, fake


def test_label_noise_check_passes_a_right_function():
    for seed in range(5):
        dcgan.check_label_noise(right_targets, n=20000, smoothing=0.1, flip_rate=0.05, seed=seed)
    dcgan.check_label_noise(right_targets, n=8000, smoothing=0.0, flip_rate=0.5, seed=3)


def no_flips(n, smoothing=0.1, flip_rate=0.05, rng=None):
    return right_targets(n, smoothing, 0.0, rng)


def reversed_flips(n, smoothing=0.1, flip_rate=0.05, rng=None):
    return right_targets(n, smoothing, 1 - flip_rate, rng)


def random_labels(n, smoothing=0.1, flip_rate=0.05, rng=None):
    return right_targets(n, smoothing, flip_rate / 2, rng)


def one_mask(n, smoothing=0.1, flip_rate=0.05, rng=None):
    flip = rng.random((n, 1)) < flip_rate
    return np.where(flip, 0.0, 1 - smoothing), np.where(flip, 1 - smoothing, 0.0)


def additive(n, smoothing=0.1, flip_rate=0.05, rng=None):
    return 1 - smoothing + 0.05 * rng.random((n, 1)), 0.05 * rng.random((n, 1))


def global_rng(n, smoothing=0.1, flip_rate=0.05, rng=None):
    return right_targets(n, smoothing, flip_rate, np.random.default_rng())


@pytest.mark.parametrize("wrong, pattern", [
    (no_flips, "no targets were flipped"), (reversed_flips, "reversed"),
    (random_labels, "half the rate"), (one_mask, "same random draws"),
    (additive, "neither 0 nor"), (global_rng, "rng argument"),
])
def test_label_noise_mistakes_are_named(wrong, pattern):
    with pytest.raises(AssertionError, match=pattern):
        dcgan.check_label_noise(wrong, n=20000, smoothing=0.1, flip_rate=0.05, seed=1)


def load_judge():
    spec = importlib.util.spec_from_file_location("judge_09", ROOT / "judges" / "09_dcgan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keras_step(real, z_d, z_g, real_t, fake_t, g, d, d_opt, g_opt, *, concat=False):
    """A DCGAN step written here with Keras' own cross-entropy on logits."""
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    fake = g(z_d, training=True)
    with tf.GradientTape() as tape:
        if concat:
            logits = d(tf.concat([real, fake], 0), training=True)
            loss = bce(real_t, logits[:len(real_t)]) + bce(fake_t, logits[len(real_t):])
        else:
            loss = bce(real_t, d(real, training=True)) + bce(fake_t, d(fake, training=True))
    d_opt.apply_gradients(zip(tape.gradient(loss, d.trainable_variables),
                              d.trainable_variables, strict=True))
    with tf.GradientTape() as tape:
        g_loss = bce(tf.ones_like(real_t), d(g(z_g, training=True), training=True))
    g_opt.apply_gradients(zip(tape.gradient(g_loss, g.trainable_variables),
                              g.trainable_variables, strict=True))
    return loss, g_loss


def run_stored(step):
    for case in dcgan.load_step_cases():
        g, d = dcgan.tiny_networks(case["seed"])
        lr = case["learning_rate"]
        losses = (tf.function(step) if case["compiled"] else step)(
            *(tf.constant(case[k]) for k in ("real", "z_d", "z_g", "real_targets",
                                               "fake_targets")),
            g, d, keras.optimizers.SGD(lr), keras.optimizers.SGD(lr))
        dcgan.check_step_case(case, g, d, losses, name="dcgan_train_step")


def test_stored_cases_equal_the_judges_reference_and_differ_from_every_wrong_step():
    judge = load_judge()
    for stored, options in zip(dcgan.load_step_cases(), judge.VISIBLE_CASES, strict=True):
        fresh = judge.make_case(**options)
        for name, outcome in stored["outcomes"].items():
            want = fresh["outcomes"][name]
            for a, b in zip(outcome.generator + outcome.discriminator,
                            want.generator + want.discriminator, strict=True):
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
        correct = stored["outcomes"]["correct"]
        for name, outcome in stored["outcomes"].items():
            if name != "correct":
                assert not all(np.allclose(a, b, rtol=1e-3, atol=1e-5) for a, b in
                               zip(outcome.generator + outcome.discriminator,
                                   correct.generator + correct.discriminator, strict=True)), name


def test_a_keras_step_passes_and_a_concatenated_one_is_named():
    run_stored(keras_step)
    with pytest.raises(AssertionError, match="concatenated"):
        run_stored(functools.partial(keras_step, concat=True))


def test_digit_sampler_shapes():
    images = np.zeros((10, 28, 28, 1), np.float32)
    table = np.zeros((3, 4, 1), np.float32)
    sample = dcgan.digit_sampler(images, 4, 5, table, table + 0.9)
    real, z_d, z_g, rt, ft = sample(tf.random.Generator.from_seed(0))
    assert real.shape == (4, 28, 28, 1) and z_d.shape == z_g.shape == (4, 5)
    assert rt.shape == ft.shape == (4, 1) and float(ft[0, 0]) == pytest.approx(0.9)
    with pytest.raises(ValueError):
        dcgan.digit_sampler(images, 4, 5, table, np.zeros((3, 5, 1)))


def test_diagram_and_grid():
    import matplotlib

    matplotlib.use("Agg")
    fig = dcgan.draw_diagram()
    assert len(fig.axes) == 2
    grid = dcgan.image_grid(np.ones((6, 28, 28, 1)), 2, 3)
    assert grid.shape == (2 * 29 - 1, 3 * 29 - 1)


def test_the_known_wrong_steps_are_distinct_names():
    assert len(set(m.STEP_FIXES)) == len(m.STEP_FIXES) == 10
