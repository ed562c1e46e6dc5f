"""Known mistakes for 05_autoencoder_vs_pca: PCA by SVD and reconstruction RMSE.

The autoencoder builders' mistakes (a ReLU on the code, no sigmoid on the output,
a nonlinearity in the linear autoencoder, stride 1 or padding "valid", pooling or
UpSampling2D instead of strided convolutions) are named by
:func:`gradelib.autoencoders.check_dense_autoencoder` and
:func:`~gradelib.autoencoders.check_conv_autoencoder`, which read the layers.

PCA components are compared after :func:`gradelib.autoencoders.align_signs`
(singular vectors are defined only up to sign), so the mistaken components here
are sign-aligned the same way. Mistaken answers come from ``np.linalg.svd``,
scikit-learn's metrics, or the expected answer.
"""

from __future__ import annotations

import numpy as np

from ..autoencoders import align_signs
from ..checks import Mistake


def _svd(X, centre: bool):
    """np.linalg.svd(X, full_matrices=False), with X centred first when ``centre``."""
    data = np.array(X, dtype=float)
    return np.linalg.svd(data - data.mean(axis=0) if centre else data, full_matrices=False)


PCA_MEAN = (
    Mistake(
        "the mean is over the wrong axis: one mean per sample (row) instead of one per "
        "feature (column)",
        "take X.mean(axis=0), the average image: one value per feature.",
        lambda expected, X, k: np.asarray(X, dtype=float).mean(axis=1),
    ),
    Mistake(
        "the mean is one number over every entry, not one per feature",
        "take X.mean(axis=0), the average image: one value per feature.",
        lambda expected, X, k: np.full_like(np.asarray(expected, dtype=float),
                                            np.asarray(X, dtype=float).mean()),
    ),
)

PCA_COMPONENTS = (
    Mistake(
        "the data were not centred: the SVD of X itself puts the first component "
        "along the mean, not along the direction of largest variance",
        "subtract the mean of each feature (X.mean(axis=0)) before the SVD.",
        lambda expected, X, k: align_signs(_svd(X, centre=False)[2][:k]),
    ),
    Mistake(
        "the components are rows of U (one weight per sample), not rows of Vt "
        "(one weight per feature)",
        "with U, S, Vt = np.linalg.svd(X_centred, full_matrices=False), the principal "
        "axes are the first k rows of Vt, each of length d (the number of features).",
        lambda expected, X, k: align_signs(_svd(X, centre=True)[0][:, :k].T),
    ),
    Mistake(
        "the components are columns of Vt, not rows (Vt is already transposed: "
        "np.linalg.svd returns V transposed)",
        "take Vt[:k], the first k rows.",
        lambda expected, X, k: align_signs(_svd(X, centre=True)[2][:, :k].T),
    ),
)

PCA_EXPLAINED_VARIANCE = (
    Mistake(
        "these are the singular values, not the variances",
        "the variance along component i is S[i]**2 / (n - 1), n the number of samples.",
        lambda expected, X, k: np.sqrt(np.asarray(expected) * (len(X) - 1)),
    ),
    Mistake(
        "the variance is divided by n, not n - 1 (scikit-learn and np.var(ddof=1) "
        "use the unbiased n - 1)",
        "divide S**2 by n - 1.",
        lambda expected, X, k: np.asarray(expected) * (len(X) - 1) / len(X),
    ),
    Mistake(
        "the data were not centred before the SVD",
        "subtract X.mean(axis=0) first; then S[i]**2 / (n - 1) is the variance along "
        "component i.",
        lambda expected, X, k: _svd(X, centre=False)[1][:k] ** 2 / (len(X) - 1),
    ),
    Mistake(
        "these are shares of the total variance (explained_variance_ratio_), not "
        "variances",
        "return S[i]**2 / (n - 1) itself, without dividing by the total variance.",
        lambda expected, X, k: np.asarray(expected)
            / np.var(np.asarray(X, dtype=float), axis=0, ddof=1).sum(),
    ),
)

PCA_TRANSFORM = (
    Mistake(
        "the data were not centred before projecting",
        "project X - mean, not X: Z = (X - mean) @ components.T.",
        lambda expected, X, mean, components:
            np.asarray(expected) + np.asarray(mean) @ np.asarray(components).T,
    ),
    Mistake(
        "the mean was added instead of subtracted",
        "centre first: Z = (X - mean) @ components.T.",
        lambda expected, X, mean, components:
            np.asarray(expected) + 2 * np.asarray(mean) @ np.asarray(components).T,
    ),
)

PCA_INVERSE_TRANSFORM = (
    Mistake(
        "the mean was not added back",
        "the codes describe X - mean, so add the mean to Z @ components.",
        lambda expected, Z, mean, components: np.asarray(expected) - np.asarray(mean),
    ),
    Mistake(
        "the mean was subtracted instead of added back",
        "decoding undoes the centring: X_hat = Z @ components + mean.",
        lambda expected, Z, mean, components: np.asarray(expected) - 2 * np.asarray(mean),
    ),
)


def _per_row_mse(x, x_hat):
    from sklearn.metrics import mean_squared_error

    x, x_hat = np.asarray(x, dtype=np.float64), np.asarray(x_hat, dtype=np.float64)
    return mean_squared_error(x.reshape(len(x), -1).T, x_hat.reshape(len(x), -1).T,
                              multioutput="raw_values")


def _per_column_mse(x, x_hat):
    from sklearn.metrics import mean_squared_error

    x, x_hat = np.asarray(x, dtype=np.float64), np.asarray(x_hat, dtype=np.float64)
    return mean_squared_error(x.reshape(len(x), -1), x_hat.reshape(len(x), -1),
                              multioutput="raw_values")


RMSE = (
    Mistake(
        "no square root: that is the mean squared error (MSE)",
        "take np.sqrt of the mean of the squared differences.",
        lambda expected, x, x_hat: np.asarray(expected) ** 2,
    ),
    Mistake(
        "the mean is over the wrong axis: one RMSE per image instead of one number",
        "average over every entry (all images and all pixels), then take the root.",
        lambda expected, x, x_hat: np.sqrt(_per_row_mse(x, x_hat)),
    ),
    Mistake(
        "the mean is over the wrong axis: one RMSE per pixel (feature) instead of one number",
        "average over every entry (all images and all pixels), then take the root.",
        lambda expected, x, x_hat: np.sqrt(_per_column_mse(x, x_hat)),
    ),
    Mistake(
        "the root is taken per image and then averaged: the mean of per-image RMSEs "
        "is smaller than the RMSE over all pixels",
        "average the squared differences over every entry first, then take one square root.",
        lambda expected, x, x_hat: np.mean(np.sqrt(_per_row_mse(x, x_hat))),
    ),
)
