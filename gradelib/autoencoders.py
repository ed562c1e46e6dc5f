"""Dense autoencoders (Keras 3) and helpers for comparing them with PCA
(notebook 05_autoencoder_vs_pca).

An autoencoder maps an input x to a code z = encoder(x) in a smaller latent
space and back to a reconstruction x_hat = decoder(z), and is trained to make
x_hat close to x (here: mean squared error). With no nonlinearity anywhere
(:func:`build_autoencoder` with ``linear=True``) the best it can do is PCA's
reconstruction: Baldi & Hornik (1989), *Neural networks and principal component
analysis: learning from examples without local minima*, show that the global
minimum of the squared error projects onto the principal subspace, with
weights that need not be orthonormal. With ReLU hidden layers it is the
nonlinear dimensionality reduction of Hinton & Salakhutdinov (2006), *Reducing
the dimensionality of data with neural networks*.

Images are flattened: inputs are float32 arrays of shape (n, input_dim) with
values in [0, 1] (the nonlinear decoder ends with a sigmoid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # Keras is imported when a model is built, not with this module
    import keras


@dataclass(frozen=True)
class Autoencoder:
    """An autoencoder and its two halves, which share their layers' weights.

    Attributes:
        model: x (batch, input_dim) -> x_hat (batch, input_dim), compiled with
            Adam and mean squared error.
        encoder: x (batch, input_dim) -> z (batch, latent_dim).
        decoder: z (batch, latent_dim) -> x_hat (batch, input_dim).
        linear: True when no layer has a nonlinearity.
    """

    model: keras.Model
    encoder: keras.Model
    decoder: keras.Model
    linear: bool

    @property
    def latent_dim(self) -> int:
        return int(self.encoder.output.shape[-1])

    def encode(self, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """Codes z, float32 (n, latent_dim); ``x`` is flattened to (n, input_dim) first."""
        x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
        return _call(self.encoder, x, batch_size)

    def decode(self, z: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """Reconstructions, float32 (n, input_dim), from codes of shape (n, latent_dim)."""
        return _call(self.decoder, np.asarray(z, dtype=np.float32), batch_size)

    def reconstruct(self, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        """decoder(encoder(x)), float32 (n, input_dim)."""
        return self.decode(self.encode(x, batch_size), batch_size)


def _call(model: keras.Model, x: np.ndarray, batch_size: int) -> np.ndarray:
    """Run ``model`` eagerly on batches of ``x``. For these small dense models this is
    faster on a CPU than ``predict``, which traces a new graph for every model."""
    from keras import ops

    if len(x) == 0:
        return np.zeros((0, int(model.output.shape[-1])), dtype=np.float32)
    return np.concatenate([ops.convert_to_numpy(model(x[i:i + batch_size], training=False))
                           for i in range(0, len(x), batch_size)])


def build_autoencoder(input_dim: int, latent_dim: int, *, linear: bool = False,
                      hidden_units: Sequence[int] = (256,),
                      learning_rate: float = 1e-3) -> Autoencoder:
    """Build and compile a dense autoencoder.

    ``linear=True``: encoder Dense(latent_dim), decoder Dense(input_dim), both
    with biases and no activation (``hidden_units`` is ignored): an affine map
    down and an affine map up, the autoencoder of Baldi & Hornik (1989).

    ``linear=False``: encoder Dense(h, ReLU) for each h in ``hidden_units``,
    then Dense(latent_dim) with no activation (the code is unbounded); the
    decoder mirrors it, Dense(h, ReLU) in reverse order, then
    Dense(input_dim, sigmoid) for pixel values in [0, 1].

    Both are compiled with Adam(learning_rate) and mean squared error, so the
    training loss is the square of the reconstruction RMSE.

    Raises:
        ValueError: if a size is not a positive integer, or latent_dim >= input_dim
            (a bottleneck must be smaller than the input).
    """
    sizes = [input_dim, latent_dim, *([] if linear else hidden_units)]
    if any(int(s) != s or s < 1 for s in sizes):
        raise ValueError(f"sizes must be positive integers, got input_dim={input_dim}, "
                         f"latent_dim={latent_dim}, hidden_units={tuple(hidden_units)}")
    if latent_dim >= input_dim:
        raise ValueError(f"latent_dim ({latent_dim}) must be smaller than input_dim "
                         f"({input_dim}): that is the bottleneck")
    import keras

    kind = "linear" if linear else "nonlinear"

    x_in = keras.Input(shape=(input_dim,), name="x")
    h = x_in
    if not linear:
        for i, units in enumerate(hidden_units):
            h = keras.layers.Dense(units, activation="relu", name=f"enc_hidden_{i}")(h)
    z = keras.layers.Dense(latent_dim, name="code")(h)
    encoder = keras.Model(x_in, z, name=f"{kind}_encoder")

    z_in = keras.Input(shape=(latent_dim,), name="z")
    h = z_in
    if not linear:
        for i, units in enumerate(reversed(list(hidden_units))):
            h = keras.layers.Dense(units, activation="relu", name=f"dec_hidden_{i}")(h)
    x_hat = keras.layers.Dense(input_dim, activation=None if linear else "sigmoid",
                               name="reconstruction")(h)
    decoder = keras.Model(z_in, x_hat, name=f"{kind}_decoder")

    model = keras.Model(x_in, decoder(encoder(x_in)), name=f"{kind}_autoencoder")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return Autoencoder(model, encoder, decoder, linear)


def train_autoencoder(x_train: np.ndarray, latent_dim: int, *, linear: bool = False,
                      epochs: int = 30, batch_size: int = 64, learning_rate: float = 1e-3,
                      hidden_units: Sequence[int] = (256,), seed: int = 0,
                      x_val: np.ndarray | None = None, verbose: int = 0,
                      ) -> tuple[Autoencoder, dict[str, list[float]]]:
    """Seed Keras, build with :func:`build_autoencoder` and fit x -> x.

    Args:
        x_train: images (n, ...) flattened to (n, input_dim), float32 in [0, 1].
        x_val: optional held-out images; their loss is reported as ``val_loss``.
        Other arguments: as in :func:`build_autoencoder` and ``keras.Model.fit``.

    Returns:
        The trained :class:`Autoencoder` and the Keras history dict
        (``loss`` and, with ``x_val``, ``val_loss``: mean squared error per epoch).
    """
    import keras

    x_train = np.asarray(x_train, dtype=np.float32).reshape(len(x_train), -1)
    keras.utils.set_random_seed(seed)
    ae = build_autoencoder(x_train.shape[1], latent_dim, linear=linear,
                           hidden_units=hidden_units, learning_rate=learning_rate)
    validation = None
    if x_val is not None:
        x_val = np.asarray(x_val, dtype=np.float32).reshape(len(x_val), -1)
        validation = (x_val, x_val)
    history = ae.model.fit(x_train, x_train, epochs=epochs, batch_size=batch_size,
                           validation_data=validation, shuffle=True, verbose=verbose)
    return ae, history.history


def knn_accuracy(z_train: np.ndarray, y_train: np.ndarray, z_test: np.ndarray,
                 y_test: np.ndarray, n_neighbors: int = 5) -> float:
    """Class separation of an embedding: the accuracy of scikit-learn's
    ``KNeighborsClassifier`` (Euclidean, majority vote of ``n_neighbors``) fitted
    on the training codes and scored on held-out codes.

    Args:
        z_train, z_test: codes, (n, k) and (m, k).
        y_train, y_test: integer labels, (n,) and (m,).

    Returns:
        float in [0, 1]; 0.1 is chance for ten balanced classes.

    Raises:
        ValueError: if the code sizes or the label counts do not match.
    """
    from sklearn.neighbors import KNeighborsClassifier

    z_train, z_test = np.asarray(z_train), np.asarray(z_test)
    if z_train.ndim != 2 or z_test.ndim != 2 or z_train.shape[1] != z_test.shape[1]:
        raise ValueError(f"codes must be 2-D with the same width, got {z_train.shape} "
                         f"and {z_test.shape}")
    if len(z_train) != len(y_train) or len(z_test) != len(y_test):
        raise ValueError("one label per code is needed")
    knn = KNeighborsClassifier(n_neighbors=n_neighbors).fit(z_train, y_train)
    return float(knn.score(z_test, y_test))


def align_signs(components: np.ndarray) -> np.ndarray:
    """Fix the sign of each row: the entry of largest magnitude becomes positive.

    Singular vectors are defined only up to sign, so two correct PCA fits may
    return components that differ by a factor -1 per row; after this they agree.

    Args:
        components: (k, d) array.

    Returns:
        float64 array (k, d).
    """
    c = np.array(components, dtype=np.float64, ndmin=2)
    pivot = np.abs(c).argmax(axis=1)
    signs = np.sign(c[np.arange(len(c)), pivot])
    signs[signs == 0] = 1.0
    return c * signs[:, None]
