"""gradelib.cyclegan: the unpaired digit domains, the translation networks and losses,
the dense digit GAN, the diagram and the truncated-normal check's categories."""

import matplotlib
import numpy as np
import pytest

from gradelib import cyclegan

matplotlib.use("Agg")


def test_thicken_is_a_dilation_that_keeps_range_and_shape():
    x = np.zeros((1, 28, 28), np.float32)
    x[0, 10, 10] = 0.7
    y = cyclegan.thicken(x)
    assert y.shape == x.shape and y.dtype == np.float32
    assert np.count_nonzero(y) == 9 and y.max() == pytest.approx(0.7)
    np.testing.assert_array_equal(cyclegan.thicken(x, size=1), x)
    with pytest.raises(ValueError):
        cyclegan.thicken(np.zeros((28, 28)))
    with pytest.raises(ValueError):
        cyclegan.thicken(x, size=0)


def test_the_domains_share_no_image():
    d = cyclegan.unpaired_digits()
    assert d.x_train.shape == d.y_train.shape == (2000, 28, 28)
    assert d.x_test.shape == d.y_test.shape == (1000, 28, 28) and d.labels_test.shape == (1000,)
    np.testing.assert_array_equal(d.y_test, cyclegan.thicken(d.x_test))
    # no Y image is the thickening of an X image
    thick_x = cyclegan.thicken(d.x_train[:300]).reshape(300, -1).astype(np.float64)
    y = d.y_train.reshape(2000, -1).astype(np.float64)
    squared = (thick_x ** 2).sum(1)[:, None] + (y ** 2).sum(1)[None] - 2 * thick_x @ y.T
    assert squared.min() > 1.0
    assert d.y_train.mean() > d.x_train.mean()


def test_tanh_round_trip():
    x = np.random.default_rng(0).uniform(size=(3, 28, 28))
    t = cyclegan.to_tanh(x)
    assert t.shape == (3, 28, 28, 1) and t.dtype == np.float32 and t.min() >= -1
    np.testing.assert_allclose(cyclegan.from_tanh(t), x, atol=1e-6)


def _translator(c=4, k=3, last="tanh", padding="same", separate=False):
    import keras
    from keras import layers

    if separate:
        convs = [layers.Conv2D(c, k, padding=padding), layers.ReLU(),
                 layers.Conv2D(c, k, padding=padding), layers.Activation("relu"),
                 layers.Conv2D(1, k, padding=padding), layers.Activation(last)]
    else:
        convs = [layers.Conv2D(c, k, padding=padding, activation="relu"),
                 layers.Conv2D(c, k, padding=padding, activation="relu"),
                 layers.Conv2D(1, k, padding=padding, activation=last)]
    return keras.Sequential([keras.Input((None, None, 1)), *convs])


def test_check_translator_names_a_fixed_input_size():
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input((28, 28, 1))] + [
        layers.Conv2D(c, 3, padding="same", activation=a)
        for c, a in [(4, "relu"), (4, "relu"), (1, "tanh")]])
    with pytest.raises(AssertionError, match="any size"):
        cyclegan.check_translator(model, channels=4, kernel_size=3, name="build_translator",
                                  inputs={})


def test_check_translator_accepts_the_design_and_names_what_breaks_it():
    for separate in (False, True):
        cyclegan.check_translator(_translator(separate=separate), channels=4, kernel_size=3,
                                  name="build_translator", inputs={})
    cyclegan.check_translator(_translator(c=6, k=5), channels=6, kernel_size=5,
                              name="build_translator", inputs={})
    for bad, match in [(_translator(last="sigmoid"), "activation"),
                       (_translator(padding="valid"), "Wrong output shape"),
                       (_translator(c=5), "parameters"), (_translator(k=5), "parameters")]:
        with pytest.raises(AssertionError, match=match):
            cyclegan.check_translator(bad, channels=4, kernel_size=3, name="build_translator",
                                      inputs={})


def test_networks_shapes():
    d = cyclegan.build_patch_discriminator(channels=4)
    x = np.zeros((2, 28, 28, 1), np.float32)
    assert tuple(d(x).shape) == (2, 7, 7, 1)
    gen, disc = cyclegan.build_digit_generator(8, 16), cyclegan.build_digit_discriminator(16)
    z = np.zeros((2, 8), np.float32)
    out = np.asarray(gen(z, training=False))
    assert out.shape == (2, 784) and (out >= 0).all() and (out <= 1).all()
    assert tuple(disc(out).shape) == (2, 1)
    for bad in (lambda: cyclegan.build_patch_discriminator(0),
                lambda: cyclegan.build_digit_generator(0),
                lambda: cyclegan.build_digit_discriminator(0)):
        with pytest.raises(ValueError):
            bad()


def test_lsgan_losses():
    real, fake = np.array([1.0, 0.5]), np.array([0.0, 1.0])
    assert float(cyclegan.lsgan_generator_loss(fake)) == pytest.approx(0.5)
    assert float(cyclegan.lsgan_discriminator_loss(real, fake)) == pytest.approx(
        0.5 * (0.125 + 0.5))


def test_samplers():
    import tensorflow as tf

    gen = tf.random.Generator.from_seed(0)
    x, y = np.zeros((5, 28, 28)), np.ones((7, 28, 28))
    a, b = cyclegan.domain_sampler(x, y, 4)(gen)
    assert a.shape == b.shape == (4, 28, 28, 1)
    assert float(tf.reduce_max(a)) == -1.0 and float(tf.reduce_min(b)) == 1.0
    real, z1, z2 = cyclegan.digit_sampler(x, 3, 6)(gen)
    assert real.shape == (3, 784) and z1.shape == z2.shape == (3, 6)


def test_diagram_draws():
    ax = cyclegan.draw_diagram()
    assert len(ax.texts) > 10


def test_categories_and_probabilities():
    t = 1.0
    z = np.array([-1.0, 1.0, 1.5, -3.0, 0.0, 0.99])
    counts = cyclegan.truncation_categories(z, t)
    assert counts.sum() == 6 and counts[0] == 1 and counts[cyclegan.BINS + 1] == 1
    assert counts[-1] == 2
    probs = cyclegan.truncation_probabilities(t)
    assert probs.sum() == pytest.approx(1.0) and probs[0] == probs[-1] == 0
    from scipy import stats

    inside = stats.norm.cdf(1) - stats.norm.cdf(-1)
    assert cyclegan.normal_bin_masses(t).sum() == pytest.approx(inside)


def test_check_names_shape_and_nan():
    with pytest.raises(AssertionError, match="Wrong shape"):
        cyclegan.check_truncated_normal(np.zeros(5), 1.0, name="f", inputs={}, shape=(6,))
    with pytest.raises(AssertionError, match="NaN"):
        cyclegan.check_truncated_normal(np.full(5, np.nan), 1.0, name="f", inputs={}, shape=(5,))
    with pytest.raises(AssertionError, match="None"):
        cyclegan.check_truncated_normal(None, 1.0, name="f", inputs={}, shape=(5,))
