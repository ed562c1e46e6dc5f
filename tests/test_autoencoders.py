"""gradelib.autoencoders: the dense autoencoder builders, k-NN class separation,
sign alignment of PCA components, and the expected values shipped for 05."""

import json

import numpy as np
import pytest
from sklearn.decomposition import PCA

from conftest import ROOT
from gradelib import autoencoders, data_path
from gradelib.autoencoders import align_signs, build_autoencoder, knn_accuracy


@pytest.mark.parametrize("linear", [True, False])
def test_shapes_and_shared_weights(linear):
    ae = build_autoencoder(20, 3, linear=linear, hidden_units=(8,))
    x = np.random.default_rng(0).uniform(size=(5, 20)).astype(np.float32)
    z = ae.encode(x)
    assert z.shape == (5, 3) and ae.latent_dim == 3 and ae.linear == linear
    assert ae.decode(z).shape == (5, 20)
    # the model is the decoder after the encoder, with the same layers
    np.testing.assert_allclose(ae.model.predict(x, verbose=0), ae.reconstruct(x), atol=1e-6)
    assert ae.model.loss == "mse"


def test_linear_autoencoder_is_affine_and_nonlinear_is_not():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 4, 12)).astype(np.float32)
    for linear, affine in [(True, True), (False, False)]:
        ae = build_autoencoder(12, 2, linear=linear, hidden_units=(16,))
        mixed = ae.reconstruct(0.3 * a + 0.7 * b)
        blended = 0.3 * ae.reconstruct(a) + 0.7 * ae.reconstruct(b)
        assert np.allclose(mixed, blended, atol=1e-5) == affine
    nonlinear = build_autoencoder(12, 2, hidden_units=(16,))
    out = nonlinear.reconstruct(10 * a)
    assert out.min() >= 0 and out.max() <= 1  # the sigmoid output layer


def test_images_are_flattened():
    ae = build_autoencoder(16, 2, linear=True)
    assert ae.encode(np.zeros((3, 4, 4))).shape == (3, 2)


@pytest.mark.parametrize("kwargs", [dict(input_dim=10, latent_dim=10),
                                    dict(input_dim=10, latent_dim=0),
                                    dict(input_dim=10, latent_dim=2, hidden_units=(0,)),
                                    dict(input_dim=10.5, latent_dim=2)])
def test_bad_sizes_raise(kwargs):
    with pytest.raises(ValueError):
        build_autoencoder(**kwargs)


def test_training_lowers_the_loss_and_is_seeded():
    rng = np.random.default_rng(2)
    x = (rng.uniform(size=(64, 1)) * np.linspace(0, 1, 10)).astype(np.float32)  # rank 1
    ae, history = autoencoders.train_autoencoder(x, 1, linear=True, epochs=30, batch_size=16,
                                                 learning_rate=1e-2, seed=3, x_val=x[:8])
    assert history["loss"][-1] < 0.2 * history["loss"][0]
    assert len(history["val_loss"]) == 30
    again, _ = autoencoders.train_autoencoder(x, 1, linear=True, epochs=30, batch_size=16,
                                              learning_rate=1e-2, seed=3, x_val=x[:8])
    np.testing.assert_allclose(ae.reconstruct(x), again.reconstruct(x), atol=1e-5)


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
