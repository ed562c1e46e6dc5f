"""gradelib.wgan: the critic's input gradients, the NumPy optimizers, the numeric reference
of a WGAN training step (against a Keras step written here) and its known wrong steps."""

import functools

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import stats

from gradelib import gan, wgan


def small_critic(rng, data_dim=2, width=4, depth=1):
    critic = gan.build_critic(data_dim, width, depth)
    critic.set_weights(wgan.random_weights(critic, rng))
    return critic


def test_input_gradients_match_tensorflow_and_differences():
    rng = np.random.default_rng(0)
    critic = small_critic(rng, data_dim=3, width=5, depth=2)
    x = rng.normal(size=(7, 3)).astype(np.float32)
    layers, weights = wgan._weights_of(critic)
    analytic = wgan.input_gradients(weights, layers, x)
    variable = tf.Variable(x)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(critic(variable))
    np.testing.assert_allclose(analytic, tape.gradient(total, variable).numpy(), rtol=1e-4,
                               atol=1e-6)
    np.testing.assert_allclose(analytic, wgan.numeric_input_gradients(critic, x), rtol=1e-5,
                               atol=1e-7)


def test_a_flatten_layer_first_is_allowed_and_others_are_not():
    rng = np.random.default_rng(1)
    model = keras.Sequential([keras.Input((3, 2)), keras.layers.Flatten(),
                              keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    model.set_weights(wgan.random_weights(model, rng))
    x = rng.normal(size=(5, 3, 2)).astype(np.float32)
    np.testing.assert_allclose(wgan.critic_forward(model, x), model(x).numpy(), rtol=1e-5,
                               atol=1e-6)
    assert wgan.numeric_input_gradients(model, x).shape == (5, 3, 2)
    bad = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3),
                            keras.layers.Dropout(0.1), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="Dropout"):
        gan.mlp_activations(bad.to_json())


@pytest.mark.parametrize("kind, keras_optimizer", [
    ("sgd", lambda: keras.optimizers.SGD(0.05)),
    ("rmsprop", lambda: keras.optimizers.RMSprop(0.05)),
    ("adam", lambda: keras.optimizers.Adam(0.05, beta_1=0.5, beta_2=0.9)),
])
def test_numpy_optimizers_follow_keras_over_several_steps(kind, keras_optimizer):
    rng = np.random.default_rng(2)
    w0 = rng.normal(size=(3, 2))
    variable = tf.Variable(w0.astype(np.float32))
    optimizer = keras_optimizer()
    mine = gan.NumpyOptimizer(kind, 0.05, beta_1=0.5, beta_2=0.9)
    w = w0.copy()
    for _ in range(4):
        g = rng.normal(size=(3, 2))
        optimizer.apply_gradients([(tf.constant(g.astype(np.float32)), variable)])
        [w] = mine.step([w], [g])
    np.testing.assert_allclose(variable.numpy(), w, rtol=1e-4, atol=1e-6)
    with pytest.raises(ValueError, match="optimizer"):
        gan.NumpyOptimizer("adagrad")


def keras_step(real, z_critic, z_g, eps, generator, critic, c_optimizer, g_optimizer,
               clip_value=None, gp_weight=0.0):
    """The test's own WGAN step, written from Algorithm 1 of both papers."""
    n_critic = real.shape[0]
    for i in range(n_critic):
        fake = generator(z_critic[i])
        with tf.GradientTape() as outer:
            loss = tf.reduce_mean(critic(fake)) - tf.reduce_mean(critic(real[i]))
            if gp_weight:
                mix = eps[i] * real[i] + (1 - eps[i]) * fake
                with tf.GradientTape() as inner:
                    inner.watch(mix)
                    out = critic(mix)
                slopes = tf.norm(tf.reshape(inner.gradient(out, mix), (mix.shape[0], -1)),
                                 axis=1)
                loss += gp_weight * tf.reduce_mean((slopes - 1.0) ** 2)
        c_optimizer.apply_gradients(zip(outer.gradient(loss, critic.trainable_variables),
                                        critic.trainable_variables, strict=True))
        if clip_value is not None:
            for v in critic.trainable_variables:
                v.assign(tf.clip_by_value(v, -clip_value, clip_value))
    with tf.GradientTape() as tape:
        g_loss = -tf.reduce_mean(critic(generator(z_g)))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, generator.trainable_variables),
                                    generator.trainable_variables, strict=True))
    return loss, g_loss


def setup(seed, n_critic=3, gp=False):
    rng = np.random.default_rng(seed)
    generator = gan.build_generator(2, 2, width=4, depth=1)
    generator.set_weights(wgan.random_weights(generator, rng))
    critic = small_critic(rng)
    real = np.stack([gan.ring(6, rng) for _ in range(n_critic)])
    z_critic = rng.standard_normal((n_critic, 6, 2)).astype(np.float32)
    z_g = rng.standard_normal((6, 2)).astype(np.float32)
    eps = rng.uniform(size=(n_critic, 6, 1)).astype(np.float32) if gp else None
    return generator, critic, real, z_critic, z_g, eps


CASES = [
    dict(clip_value=0.3, optimizer="sgd", learning_rate=0.1),
    dict(clip_value=0.2, optimizer="rmsprop", learning_rate=0.01),
    dict(gp_weight=10.0, optimizer="sgd", learning_rate=0.01),
    dict(gp_weight=1.0, optimizer="adam", learning_rate=0.01,
         optimizer_config={"beta_1": 0.0, "beta_2": 0.9}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['optimizer']}-{c.get('clip_value')}")
def test_expected_critic_step_matches_a_keras_step(case):
    generator, critic, real, z_critic, z_g, eps = setup(0, gp="gp_weight" in case)
    outcomes = wgan.expected_critic_step(generator, critic, real, z_critic, z_g, eps, **case)
    make = {"sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop,
            "adam": keras.optimizers.Adam}[case["optimizer"]]
    config = {"learning_rate": case["learning_rate"], **case.get("optimizer_config", {})}
    losses = tf.function(keras_step)(
        tf.constant(real), tf.constant(z_critic), tf.constant(z_g),
        None if eps is None else tf.constant(eps), generator, critic, make(**config),
        make(**config), case.get("clip_value"), case.get("gp_weight", 0.0))
    wgan.check_critic_step(outcomes, generator.get_weights(), critic.get_weights(), losses,
                           name="step", inputs={})
    # with SGD every wrong step differs from the correct one (so it can be named); Adam's
    # and RMSprop's first steps are about lr * sign(g), so some wrong steps coincide there
    # (check_critic_step then names none)
    for mistake, outcome in outcomes.items():
        if mistake != "correct" and case["optimizer"] == "sgd":
            assert not (gan._same(outcome.generator, outcomes["correct"].generator, 1e-3, 1e-5)
                        and gan._same(outcome.discriminator, outcomes["correct"].discriminator,
                                      1e-3, 1e-5)), mistake


def wrong_step(mistake):
    """A Keras step with one known mistake."""
    def step(real, z_critic, z_g, eps, generator, critic, c_optimizer, g_optimizer,
             clip_value=None, gp_weight=0.0):
        clip = functools.partial(tf.clip_by_value, clip_value_min=-clip_value,
                                 clip_value_max=clip_value)
        updates = 1 if mistake == wgan.ONE_CRITIC_STEP else real.shape[0]
        sign = -1.0 if mistake == wgan.SIGN_FLIPPED else 1.0
        if mistake == wgan.SIMULTANEOUS:
            with tf.GradientTape() as tape:
                g_loss = -tf.reduce_mean(critic(generator(z_g)))
            g_grads = tape.gradient(g_loss, generator.trainable_variables)
        for i in range(updates):
            fake = generator(z_critic[i])
            if mistake == wgan.CLIP_BEFORE:
                for v in critic.trainable_variables:
                    v.assign(clip(v))
            with tf.GradientTape() as tape:
                loss = sign * (tf.reduce_mean(critic(fake)) - tf.reduce_mean(critic(real[i])))
            grads = tape.gradient(loss, critic.trainable_variables)
            if mistake == wgan.CLIP_GRADIENTS:
                grads = [clip(g) for g in grads]
            c_optimizer.apply_gradients(zip(grads, critic.trainable_variables, strict=True))
            if mistake not in (wgan.NO_CLIP, wgan.CLIP_BEFORE, wgan.CLIP_GRADIENTS):
                for k, v in enumerate(critic.trainable_variables):
                    if not (mistake == wgan.KERNELS_ONLY and k % 2):
                        v.assign(clip(v))
            if mistake == wgan.G_EVERY_STEP:
                with tf.GradientTape() as tape:
                    g_loss = -tf.reduce_mean(critic(generator(z_g)))
                variables = generator.trainable_variables
                g_optimizer.apply_gradients(zip(tape.gradient(g_loss, variables), variables,
                                                strict=True))
        if mistake in (wgan.G_EVERY_STEP, wgan.NO_G_UPDATE):
            if mistake == wgan.NO_G_UPDATE:
                g_loss = -tf.reduce_mean(critic(generator(z_g)))
            return loss, g_loss
        if mistake != wgan.SIMULTANEOUS:
            with tf.GradientTape() as tape:
                g_loss = -tf.reduce_mean(critic(generator(z_g)))
            variables = generator.trainable_variables
            if mistake == wgan.NOT_FROZEN:
                variables = variables + critic.trainable_variables
            g_grads = tape.gradient(g_loss, variables)
            g_optimizer.apply_gradients(zip(g_grads, variables, strict=True))
        else:
            g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
        return loss, g_loss
    return step


WRONG = [wgan.NO_CLIP, wgan.CLIP_BEFORE, wgan.KERNELS_ONLY, wgan.CLIP_GRADIENTS,
         wgan.G_EVERY_STEP, wgan.NOT_FROZEN, wgan.SIGN_FLIPPED, wgan.ONE_CRITIC_STEP,
         wgan.SIMULTANEOUS, wgan.NO_G_UPDATE]


@pytest.mark.parametrize("mistake", WRONG, ids=lambda m: m[:40])
def test_each_wrong_step_is_named(mistake):
    generator, critic, real, z_critic, z_g, eps = setup(3)
    outcomes = wgan.expected_critic_step(generator, critic, real, z_critic, z_g, clip_value=0.3)
    losses = wrong_step(mistake)(tf.constant(real), tf.constant(z_critic), tf.constant(z_g),
                                 None, generator, critic, keras.optimizers.SGD(0.1),
                                 keras.optimizers.SGD(0.1), 0.3)
    with pytest.raises(AssertionError) as info:
        wgan.check_critic_step(outcomes, generator.get_weights(), critic.get_weights(), losses,
                               name="critic_train_step", inputs={})
    assert mistake in str(info.value)


def test_a_missing_penalty_is_named():
    generator, critic, real, z_critic, z_g, eps = setup(4, gp=True)
    outcomes = wgan.expected_critic_step(generator, critic, real, z_critic, z_g, eps,
                                         gp_weight=10.0, learning_rate=0.01)
    losses = keras_step(tf.constant(real), tf.constant(z_critic), tf.constant(z_g), None,
                        generator, critic, keras.optimizers.SGD(0.01), keras.optimizers.SGD(0.01))
    with pytest.raises(AssertionError, match="penalty was not added"):
        wgan.check_critic_step(outcomes, generator.get_weights(), critic.get_weights(), losses,
                               name="critic_train_step", inputs={})
    with pytest.raises(ValueError, match="eps"):
        wgan.expected_critic_step(generator, critic, real, z_critic, z_g, gp_weight=1.0)


def test_exact_w1_is_scipys_in_1d_and_a_shift_in_2d():
    rng = np.random.default_rng(5)
    u, v = rng.normal(size=60), rng.normal(1, 2, size=60)
    assert np.isclose(wgan.exact_w1(u[:, None], v[:, None]), stats.wasserstein_distance(u, v))
    x = rng.normal(size=(50, 2))
    assert np.isclose(wgan.exact_w1(x, x + [0.3, 0.4]), 0.5)
    with pytest.raises(ValueError, match="same shape"):
        wgan.exact_w1(x, x[:10])


def test_sampler_shapes_and_ranges():
    sample = wgan.sampler(gan.ring_centres(), 0.02, 16, 3, n_critic=5, with_eps=True)
    real, z_critic, z_g, eps = sample(tf.random.Generator.from_seed(0))
    assert real.shape == (5, 16, 2) and z_critic.shape == (5, 16, 3) and z_g.shape == (16, 3)
    assert eps.shape == (5, 16, 1) and 0 <= float(tf.reduce_min(eps)) <= float(
        tf.reduce_max(eps)) <= 1
    radii = np.linalg.norm(real.numpy(), axis=-1)
    assert np.all(np.abs(radii - 2.0) < 0.2)
    assert len(wgan.sampler(gan.ring_centres(), 0.02, 4, 2, 1)(
        tf.random.Generator.from_seed(1))) == 3
