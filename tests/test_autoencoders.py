"""gradelib.autoencoders: training what a builder returns, the checks of the dense and
convolutional builders (a right builder passes, each known mistake is named), k-NN class
separation, sign alignment of PCA components, and the expected values shipped for 05."""

import json

import keras
import numpy as np
import pytest
from sklearn.decomposition import PCA

from conftest import ROOT
from gradelib import autoencoders, data_path
from gradelib.autoencoders import (
    align_signs,
    check_conv_autoencoder,
    check_dense_autoencoder,
    knn_accuracy,
)


def dense(input_dim, latent_dim, hidden_units=(256,), linear=False, *, code="linear",
          output="sigmoid", hidden="relu", split=False):
    """A dense builder of the notebook's design, or one with a known mistake."""
    x_in = keras.Input((input_dim,))
    h = x_in
    for units in [] if linear else hidden_units:
        h = keras.layers.Dense(units, activation=hidden)(h)
    encoder = keras.Model(x_in, keras.layers.Dense(latent_dim, activation=code)(h))
    z_in = keras.Input((latent_dim,))
    h = z_in
    for units in [] if linear else list(hidden_units)[::-1]:
        h = keras.layers.Dense(units, activation=hidden)(h)
    decoder = keras.Model(z_in, keras.layers.Dense(
        input_dim, activation="linear" if linear and output == "sigmoid" else output)(h))
    if split:  # a second encoder: the autoencoder does not chain the returned halves
        _, encoder2, decoder2 = dense(input_dim, latent_dim, hidden_units, linear)
        return keras.Model(x_in, decoder2(encoder2(x_in))), encoder, decoder
    return keras.Model(x_in, decoder(encoder(x_in))), encoder, decoder


def conv(input_shape=(28, 28, 1), latent_dim=8, filters=(16, 32), *, strides=2,
         padding="same", upsample=False, last="sigmoid"):
    """A convolutional builder of the notebook's design, or one with a known mistake."""
    height, width, channels = input_shape
    scale = 2 ** len(filters)
    x_in = keras.Input(input_shape)
    h = x_in
    for f in filters:
        h = keras.layers.Conv2D(f, 3, strides=strides, padding=padding, activation="relu")(h)
    encoder = keras.Model(x_in, keras.layers.Dense(latent_dim)(keras.layers.Flatten()(h)))
    z_in = keras.Input((latent_dim,))
    small = (height // scale, width // scale, filters[-1])
    h = keras.layers.Reshape(small)(keras.layers.Dense(int(np.prod(small)),
                                                       activation="relu")(z_in))
    for f in [*list(filters[:-1])[::-1], channels]:
        activation = last if f == channels else "relu"
        if upsample:
            h = keras.layers.UpSampling2D()(h)
            h = keras.layers.Conv2DTranspose(f, 3, padding="same", strides=1,
                                             activation=activation)(h)
        else:
            h = keras.layers.Conv2DTranspose(f, 3, strides=2, padding="same",
                                             activation=activation)(h)
    decoder = keras.Model(z_in, h)
    return keras.Model(x_in, decoder(encoder(x_in))), encoder, decoder


DENSE = {"input_dim": 20, "latent_dim": 3, "hidden_units": (16,)}


@pytest.mark.parametrize("linear", [False, True])
def test_a_right_dense_builder_passes(linear):
    check_dense_autoencoder(dense(**DENSE, linear=linear), name="b", inputs=DENSE, **DENSE,
                            linear=linear)
    two = {"input_dim": 30, "latent_dim": 4, "hidden_units": (12, 6)}
    check_dense_autoencoder(dense(**two, linear=linear), name="b", inputs=two, **two,
                            linear=linear)


@pytest.mark.parametrize("built, linear, words", [
    (None, False, "forget to `return"),
    ("one", False, "three models"),
    (dict(code="relu"), False, "code layer"),
    (dict(output="linear"), False, "sigmoid"),
    (dict(hidden="relu"), True, "Expected 1 Dense layer(s), found 2"),  # hidden layers kept
    (dict(output="relu"), True, "no nonlinearity anywhere"),
    (dict(hidden_units=(8,)), False, "Wrong number of parameters"),
    (dict(split=True), False, "decoder(encoder(x))"),
])
def test_dense_mistakes_are_named(built, linear, words):
    if built is None:
        value = None
    elif built == "one":
        value = dense(**DENSE)[0]
    else:
        options = {**DENSE, **built}
        if linear and "hidden" in built:       # a "linear" model that kept its hidden layers
            value = dense(**options, linear=False)
        else:
            value = dense(**options, linear=linear)
    with pytest.raises(AssertionError, match="build_dense") as info:
        check_dense_autoencoder(value, name="build_dense_autoencoder", inputs=DENSE, **DENSE,
                                linear=linear)
    assert words in str(info.value)


CONV = {"input_shape": (8, 12, 2), "latent_dim": 3, "filters": (4, 6)}


def test_a_right_conv_builder_passes():
    check_conv_autoencoder(conv(**CONV), name="c", inputs=CONV, **CONV)
    check_conv_autoencoder(conv(), name="c", inputs={}, input_shape=(28, 28, 1), latent_dim=8)
    assert autoencoders.conv_params((28, 28, 1), 8) == (160 + 4640 + 1569 * 8,
                                                        9 * 1568 + 4624 + 145)


@pytest.mark.parametrize("options, words", [
    (dict(strides=1), "strides"),
    (dict(padding="valid"), "padding"),
    (dict(upsample=True), "strides"),
    (dict(last="relu"), "sigmoid"),
])
def test_conv_mistakes_are_named(options, words):
    with pytest.raises(AssertionError, match="build_conv") as info:
        check_conv_autoencoder(conv(**CONV, **options), name="build_conv_autoencoder",
                               inputs=CONV, **CONV)
    assert words in str(info.value)


def test_dense_params_count_each_dense_layer():
    assert autoencoders.dense_params(784, 2) == (785 * 256 + 257 * 2, 3 * 256 + 257 * 784)
    assert autoencoders.dense_params(784, 2, linear=True) == (785 * 2, 3 * 784)


def test_training_lowers_the_loss_and_is_seeded():
    rng = np.random.default_rng(2)
    x = (rng.uniform(size=(64, 1)) * np.linspace(0, 1, 10)).astype(np.float32)  # rank 1
    def build():
        return dense(10, 1, linear=True)
    ae, history = autoencoders.train_autoencoder(build, x, epochs=30, batch_size=16,
                                                 learning_rate=1e-2, seed=3, x_val=x[:8])
    assert history["loss"][-1] < 0.2 * history["loss"][0]
    assert len(history["val_loss"]) == 30
    again, _ = autoencoders.train_autoencoder(build, x, epochs=30, batch_size=16,
                                              learning_rate=1e-2, seed=3, x_val=x[:8])
    np.testing.assert_allclose(ae.reconstruct(x), again.reconstruct(x), atol=1e-5)
    assert ae.encode(x).shape == (64, 1) and ae.latent_dim == 1


def test_a_denoising_target_and_images_are_reshaped():
    rng = np.random.default_rng(3)
    clean = rng.uniform(size=(16, 8, 8)).astype(np.float32)
    noisy = np.clip(clean + rng.normal(scale=0.3, size=clean.shape), 0, 1)
    ae, history = autoencoders.train_autoencoder(
        lambda: conv((8, 8, 1), 2, (4,)), noisy, x_target=clean, epochs=2, batch_size=8)
    assert ae.encode(noisy).shape == (16, 2)
    assert ae.reconstruct(noisy.reshape(16, 64)).shape == (16, 64)   # rows or images alike
    assert len(history["loss"]) == 2
    with pytest.raises(AssertionError, match="three models"):
        autoencoders.train_autoencoder(lambda: conv((8, 8, 1), 2, (4,))[0], noisy, epochs=1)


def test_knn_accuracy_separates_clusters_and_checks_shapes():
    rng = np.random.default_rng(4)
    y = np.repeat(np.arange(3), 20)
    z = y[:, None] * 10.0 + rng.normal(size=(60, 2))
    assert knn_accuracy(z, y, z + 0.1, y) == 1.0
    mixed = rng.normal(size=(60, 2))
    assert knn_accuracy(mixed, y, rng.normal(size=(60, 2)), y) < 0.7
    with pytest.raises(ValueError):
        knn_accuracy(z, y, z[:, :1], y)
    with pytest.raises(ValueError):
        knn_accuracy(z, y[:10], z, y)


def test_align_signs_removes_the_sign_ambiguity():
    c = np.array([[0.6, -0.8, 0.0], [0.1, 0.2, -0.97]])
    aligned = align_signs(c)
    np.testing.assert_allclose(aligned, [[-0.6, 0.8, 0.0], [-0.1, -0.2, 0.97]])
    np.testing.assert_allclose(align_signs(-c), aligned)
    np.testing.assert_allclose(align_signs(aligned), aligned)
    np.testing.assert_allclose(align_signs(np.zeros((1, 3))), np.zeros((1, 3)))


def test_expected_values_for_05_come_from_scikit_learn():
    stored = json.loads(data_path("05_autoencoder_vs_pca", "expected.json",
                                  start=ROOT).read_text())["pca_example"]
    X = np.array(stored["X"])
    pca = PCA(stored["k"], svd_solver="full").fit(X)
    np.testing.assert_allclose(stored["mean"], pca.mean_, rtol=1e-12)
    np.testing.assert_allclose(stored["components"], align_signs(pca.components_), atol=1e-12)
    np.testing.assert_allclose(stored["explained_variance"], pca.explained_variance_,
                               rtol=1e-12)
    # not centring the data gives another first component here, so the test can tell
    raw = np.linalg.svd(X, full_matrices=False)[2][:1]
    assert not np.allclose(align_signs(raw), stored["components"][:1], atol=0.05)
