"""gradelib.gan: the toy data, the MLP builders, the training loop and the numeric check
of a training step."""

import functools
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from gradelib import gan


def test_ring_and_grid_are_the_papers_settings():
    centres = gan.ring_centres()
    assert centres.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0)
    np.testing.assert_allclose(centres[0], [2.0, 0.0], atol=1e-12)
    grid = gan.grid_centres()
    assert grid.shape == (25, 2)
    assert sorted(set(grid[:, 0])) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    x = gan.ring(20_000, seed=1)
    assert x.dtype == np.float32 and x.shape == (20_000, 2)
    nearest = np.linalg.norm(x[:, None] - centres[None], axis=-1)
    offsets = x - centres[nearest.argmin(1)]
    assert abs(offsets.std() - 0.02) < 0.001                     # VEEGAN's std
    counts = np.bincount(nearest.argmin(1), minlength=8)
    assert counts.min() > 2_200                                   # equal weights, 2,500 each
    y = gan.grid(5_000, seed=1)
    assert abs((y - grid[np.linalg.norm(y[:, None] - grid[None], axis=-1).argmin(1)]).std()
               - 0.05) < 0.003
    np.testing.assert_array_equal(gan.ring(10, seed=3), gan.ring(10, seed=3))
    assert not np.allclose(gan.ring(10, seed=3), gan.ring(10, seed=4))


@pytest.mark.parametrize("call, words", [
    (lambda: gan.ring_centres(0), "modes"),
    (lambda: gan.grid_centres(5, 0.0), "spacing"),
    (lambda: gan.sample_mixture(np.zeros(3), 0.1, 5), r"\(k, d\)"),
    (lambda: gan.sample_mixture(np.zeros((2, 2)), -1.0, 5), "std"),
    (lambda: gan.sample_mixture(np.zeros((2, 2)), 0.1, 5, weights=[1.0]), "weights"),
    (lambda: gan.Mixture1D([0.0, 1.0], [1.0]), "as many"),
    (lambda: gan.Mixture1D([0.0], [0.0]), "positive"),
    (lambda: gan.build_generator(width=0), "positive sizes"),
])
def test_bad_settings_are_refused(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_mixture_1d_density_and_samples_agree():
    mixture = gan.Mixture1D([-2.0, 2.0], [0.5, 1.0], [0.25, 0.75])
    x = np.linspace(-10, 10, 20_001)
    assert abs(np.trapezoid(mixture.pdf(x), x) - 1.0) < 1e-6
    samples = mixture.sample(40_000, seed=0)
    assert samples.shape == (40_000, 1) and samples.dtype == np.float32
    assert abs(samples.mean() - (0.25 * -2 + 0.75 * 2)) < 0.03


def test_builders_make_the_documented_networks():
    g = gan.build_generator(latent_dim=3, data_dim=2, width=16, depth=2)
    d = gan.build_discriminator(data_dim=2, width=16, depth=3)
    c = gan.build_critic(data_dim=2, width=8, depth=1)
    assert g(np.zeros((5, 3), np.float32)).shape == (5, 2)
    assert d(np.zeros((5, 2), np.float32)).shape == (5, 1)
    assert gan.mlp_activations(g.to_json()) == ["relu", "relu", "linear"]
    assert gan.mlp_activations(d.to_json()) == ["leaky_relu"] * 3 + ["linear"]
    assert gan.mlp_activations(c.to_json()) == ["relu", "linear"]
    x = np.random.default_rng(0).normal(size=(4, 2)).astype(np.float32)
    activations = gan.mlp_activations(d.to_json())
    np.testing.assert_allclose(gan.mlp_forward(d.get_weights(), activations, x),
                               np.asarray(d(x)), rtol=1e-5, atol=1e-6)
    conv = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(1, 3)])
    with pytest.raises(ValueError, match="only Dense"):
        gan.mlp_activations(conv.to_json())


def sgd_step_models(seed=0):
    rng = np.random.default_rng(seed)
    g = gan.build_generator(2, 2, 4, 1)
    d = gan.build_discriminator(2, 4, 1)
    for model in (g, d):
        model.set_weights([rng.normal(0, 0.7, size=w.shape).astype(np.float32)
                           for w in model.get_weights()])
    real = gan.ring(8, rng)
    z_d, z_g = (rng.standard_normal((8, 2)).astype(np.float32) for _ in range(2))
    return g, d, real, z_d, z_g


def keras_step(real, z_d, z_g, g, d, d_opt, g_opt, *, frozen=True, simultaneous=False,
               saturating=False, same_noise=False):
    """A Keras GAN step with switchable mistakes (the tests' own, by tf.GradientTape)."""
    with tf.GradientTape() as tape:
        d_loss = (tf.reduce_mean(tf.nn.softplus(-d(real)))
                  + tf.reduce_mean(tf.nn.softplus(d(g(z_d)))))
    grads = tape.gradient(d_loss, d.trainable_variables)
    if not simultaneous:  # a simultaneous step updates D after G's update saw the old D
        d_opt.apply_gradients(zip(grads, d.trainable_variables, strict=True))
    with tf.GradientTape() as tape:
        logits = d(g(z_d if same_noise else z_g))
        g_loss = -tf.reduce_mean(tf.nn.softplus(logits)) if saturating else \
            tf.reduce_mean(tf.nn.softplus(-logits))
    variables = g.trainable_variables + ([] if frozen else d.trainable_variables)
    g_opt.apply_gradients(zip(tape.gradient(g_loss, variables), variables, strict=True))
    if simultaneous:
        d_opt.apply_gradients(zip(grads, d.trainable_variables, strict=True))
    return d_loss, g_loss


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_expected_step_matches_a_keras_step(optimizer):
    g, d, real, z_d, z_g = sgd_step_models()
    expected = gan.expected_gan_step(g, d, real, z_d, z_g, optimizer=optimizer, learning_rate=0.1)
    make = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[optimizer]
    losses = tf.function(keras_step)(tf.constant(real), tf.constant(z_d), tf.constant(z_g), g, d,
                                     make(0.1), make(0.1))
    gan.check_train_step(expected, g.get_weights(), d.get_weights(), losses, name="step",
                         inputs={"real": real})


@pytest.mark.parametrize("mistake, switches", [
    (gan.NOT_FROZEN, {"frozen": False}),
    (gan.SIMULTANEOUS, {"simultaneous": True}),
    (gan.SATURATING, {"saturating": True}),
    (gan.SAME_NOISE, {"same_noise": True}),
])
def test_a_mistaken_step_is_named(mistake, switches):
    g, d, real, z_d, z_g = sgd_step_models(1)
    expected = gan.expected_gan_step(g, d, real, z_d, z_g, learning_rate=0.1)
    losses = keras_step(tf.constant(real), tf.constant(z_d), tf.constant(z_g), g, d,
                        keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1), **switches)
    with pytest.raises(AssertionError) as info:
        gan.check_train_step(expected, g.get_weights(), d.get_weights(), losses, name="step",
                             inputs={"real": real})
    assert f"known mistake: {mistake}" in str(info.value)
    assert gan.STEP_FIXES[mistake].fix in str(info.value)


def test_a_step_without_updates_or_with_other_losses_fails():
    g, d, real, z_d, z_g = sgd_step_models(2)
    expected = gan.expected_gan_step(g, d, real, z_d, z_g, learning_rate=0.1)
    with pytest.raises(AssertionError, match="discriminator's weights did not change"):
        gan.check_train_step(expected, g.get_weights(), d.get_weights(), (0.0, 0.0), name="step",
                             inputs={})
    correct = expected["correct"]
    with pytest.raises(AssertionError, match=r"step \(g_loss\)"):
        gan.check_train_step(expected, correct.generator, correct.discriminator,
                             (correct.losses[0], correct.losses[1] + 0.5), name="step", inputs={})
    with pytest.raises(AssertionError, match="must return 2 values"):
        gan.check_train_step(expected, correct.generator, correct.discriminator, 1.0,
                             name="step", inputs={})


def test_train_runs_the_step_in_graph_chunks_and_records_losses():
    calls = []
    counter = tf.Variable(0.0)

    def step(real, z):
        counter.assign_add(1.0)
        return tf.reduce_mean(real), tf.reduce_mean(z) + counter

    history = gan.train(step, gan.mixture_sampler([[1.0, 1.0]], 0.0, 16, 3, noise_batches=1),
                        25, every=10, names=("a", "b"), callback=lambda i, h: calls.append(i))
    assert calls == [10, 20, 25] and history.steps == 25
    np.testing.assert_allclose(history.losses["a"], 1.0)
    assert history.losses["b"].shape == (25,)
    assert abs(history.losses["b"][-1] - 25.0) < 1.0   # the counter ran once a step
    eager = gan.train(step, gan.mixture_sampler([[1.0, 1.0]], 0.0, 4, 3, noise_batches=1), 3,
                      names=("a", "b"), compile=False)
    assert eager.steps == 3


def test_train_shows_progress_in_full_mode_only_and_trains_the_same(monkeypatch, capsys):
    def step(real, z):
        return tf.reduce_mean(real), tf.reduce_mean(z)

    def run(**kwargs):
        calls = []
        history = gan.train(step, gan.mixture_sampler([[0.0]], 1.0, 8, 1, noise_batches=1),
                            120, every=50, callback=lambda i, h: calls.append(i), **kwargs)
        return history, calls, capsys.readouterr().err

    monkeypatch.setenv("GRADELIB_FAST", "1")
    quiet, quiet_calls, err = run()
    assert err == ""                                 # grading mode: no bar
    monkeypatch.setenv("GRADELIB_FAST", "0")
    # tqdm redraws at most every 0.1 s: a run faster than that would show no losses
    monkeypatch.setattr(gan, "tqdm", functools.partial(gan.tqdm, mininterval=0))
    shown, shown_calls, err = run()
    assert "training steps" in err and "/120" in err and "g_loss=" in err
    assert quiet_calls == shown_calls == [50, 100, 120]  # small chunks, same callbacks
    for name in ("d_loss", "g_loss"):
        np.testing.assert_array_equal(shown.losses[name], quiet.losses[name])
    assert run(progress=False)[2] == ""


def test_train_names_a_nan_step_and_a_wrong_number_of_losses():
    def nan_after_three(real, z):
        return tf.where(tf.reduce_sum(z) > -1e9, np.float32(np.nan), 0.0), tf.constant(0.0)

    sample = gan.mixture_sampler([[0.0]], 1.0, 4, 1, noise_batches=1)
    with pytest.raises(FloatingPointError, match="step 1"):
        gan.train(nan_after_three, sample, 5)
    with pytest.raises(ValueError, match="returned 1 values"):
        gan.train(lambda real, z: tf.reduce_mean(real), sample, 2)
    with pytest.raises(ValueError, match="steps"):
        gan.train(lambda real, z: (real, z), sample, -1)


def test_smoothed_and_diagram():
    np.testing.assert_allclose(gan.smoothed([1.0, 3.0, 5.0], window=2), [1.0, 2.0, 4.0])
    for kind in ("gan", "critic"):
        ax = gan.draw_diagram(kind)
        assert "critic f" in " ".join(t.get_text() for t in ax.texts) or kind == "gan"
    with pytest.raises(ValueError, match="kind"):
        gan.draw_diagram("vae")


def test_model_json_round_trips_for_the_wire():
    g = gan.build_generator(2, 2, 4, 1)
    rebuilt = keras.models.model_from_json(g.to_json())
    rebuilt.set_weights(g.get_weights())
    x = np.ones((2, 2), np.float32)
    np.testing.assert_allclose(np.asarray(rebuilt(x)), np.asarray(g(x)))
    assert json.loads(g.to_json())["class_name"] == "Sequential"
