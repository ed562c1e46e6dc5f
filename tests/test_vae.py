"""gradelib.vae: the encoder and decoder shapes and the latent-space helpers."""

import keras
import numpy as np
import pytest

from gradelib import vae


def test_encoder_and_decoder_shapes():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    mu, logvar = vae.build_encoder(2)(x)
    assert mu.shape == logvar.shape == (3, 2)
    z = vae.build_encoder(3, variational=False, filters=(8, 16))(x)
    assert z.shape == (3, 3)
    narrow = vae.build_decoder(2, filters=(16, 32))
    assert narrow.count_params() < vae.build_decoder(2).count_params()
    decoder = vae.build_decoder(2)
    out = np.asarray(decoder(np.zeros((4, 2), "float32")))
    assert out.shape == (4, 28, 28, 1) and (out > 0).all() and (out < 1).all()
    images = vae.decode(decoder, np.zeros((300, 2)))
    assert images.shape == (300, 28, 28) and images.dtype == np.float32
    assert vae.decode(lambda z: np.ones((len(z), 28, 28, 1)), np.zeros((2, 2))).shape == (2, 28, 28)
    with pytest.raises(ValueError):
        vae.build_encoder(0)


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
    from keras import ops

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
