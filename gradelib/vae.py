"""Encoder and decoder networks for the variational autoencoder notebook, and helpers
to look at a latent space.

The architecture is the Keras example "Variational AutoEncoder" (fchollet, keras.io,
2020; also Chollet, *Deep Learning with Python* 2nd ed., ch. 12.4): two strided 3x3
convolutions (32 and 64 filters) and a 16-unit dense layer encode a 28x28 image; the
decoder mirrors them with transposed convolutions and ends in a sigmoid, so each output
pixel is the mean of a Bernoulli distribution. ``filters`` scales the widths: the
notebook uses half the example's (16 and 32), which costs about a quarter of the
computation, so that more training steps fit into a few CPU minutes. The training step
itself is written in the notebook, with the student's loss.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
from keras import layers

from .gradcheck import check_autodiff  # noqa: F401  (06 calls it as vae.check_autodiff)

IMAGE_SHAPE = (28, 28, 1)


def build_encoder(latent_dim: int = 2, variational: bool = True, name: str = "encoder",
                  filters: tuple[int, int] = (32, 64)) -> keras.Model:
    """Conv encoder q(z | x): Conv2D(filters[0], 3, stride 2) -> Conv2D(filters[1], 3,
    stride 2) -> Dense(16) -> Dense(latent_dim) heads.

    Input: float32 images (batch, 28, 28, 1) in [0, 1].
    Output: with ``variational``, two float32 tensors (batch, latent_dim): the mean
    ``mu`` and the log-variance ``logvar`` of a diagonal Gaussian; without it, one
    tensor (batch, latent_dim): the code of a plain autoencoder.

    Raises:
        ValueError: if latent_dim < 1.
    """
    if latent_dim < 1:
        raise ValueError(f"latent_dim must be at least 1, got {latent_dim}")
    inputs = keras.Input(shape=IMAGE_SHAPE)
    h = layers.Conv2D(filters[0], 3, strides=2, padding="same", activation="relu")(inputs)
    h = layers.Conv2D(filters[1], 3, strides=2, padding="same", activation="relu")(h)
    h = layers.Flatten()(h)
    h = layers.Dense(16, activation="relu")(h)
    if not variational:
        return keras.Model(inputs, layers.Dense(latent_dim, name="z")(h), name=name)
    mu = layers.Dense(latent_dim, name="mu")(h)
    logvar = layers.Dense(latent_dim, name="logvar")(h)
    return keras.Model(inputs, [mu, logvar], name=name)


def build_decoder(latent_dim: int = 2, name: str = "decoder",
                  filters: tuple[int, int] = (32, 64)) -> keras.Model:
    """Conv decoder p(x | z): Dense(7 * 7 * filters[1]) -> Conv2DTranspose(filters[1], 3,
    stride 2) -> Conv2DTranspose(filters[0], 3, stride 2) -> Conv2DTranspose(1, 3, sigmoid).

    Input: float32 codes (batch, latent_dim). Output: float32 (batch, 28, 28, 1) in
    (0, 1): per-pixel Bernoulli means (a sigmoid output).
    """
    if latent_dim < 1:
        raise ValueError(f"latent_dim must be at least 1, got {latent_dim}")
    inputs = keras.Input(shape=(latent_dim,))
    h = layers.Dense(7 * 7 * filters[1], activation="relu")(inputs)
    h = layers.Reshape((7, 7, filters[1]))(h)
    h = layers.Conv2DTranspose(filters[1], 3, strides=2, padding="same", activation="relu")(h)
    h = layers.Conv2DTranspose(filters[0], 3, strides=2, padding="same", activation="relu")(h)
    outputs = layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(h)
    return keras.Model(inputs, outputs, name=name)


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
