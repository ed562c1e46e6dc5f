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
        name_ko=("평균을 잘못된 축에 걸쳐 구했습니다: 특성(열)마다 하나가 아니라 샘플(행)마다 "
                 "하나씩입니다"),
        fix_ko="X.mean(axis=0), 곧 평균 이미지를 구하세요: 특성마다 값이 하나씩입니다.",
    ),
    Mistake(
        "the mean is one number over every entry, not one per feature",
        "take X.mean(axis=0), the average image: one value per feature.",
        lambda expected, X, k: np.full_like(np.asarray(expected, dtype=float),
                                            np.asarray(X, dtype=float).mean()),
        name_ko="평균이 특성마다 하나가 아니라 모든 원소에 걸친 숫자 하나입니다",
        fix_ko="X.mean(axis=0), 곧 평균 이미지를 구하세요: 특성마다 값이 하나씩입니다.",
    ),
)

PCA_COMPONENTS = (
    Mistake(
        "the data were not centred: the SVD of X itself puts the first component "
        "along the mean, not along the direction of largest variance",
        "subtract the mean of each feature (X.mean(axis=0)) before the SVD.",
        lambda expected, X, k: align_signs(_svd(X, centre=False)[2][:k]),
        name_ko=("데이터를 중심화하지 않았습니다: X 자체의 SVD는 첫 번째 주성분을 분산이 가장 큰 "
                 "방향이 아니라 평균 쪽으로 놓습니다"),
        fix_ko="SVD 전에 각 특성의 평균(X.mean(axis=0))을 빼세요.",
    ),
    Mistake(
        "the components are rows of U (one weight per sample), not rows of Vt "
        "(one weight per feature)",
        "with U, S, Vt = np.linalg.svd(X_centred, full_matrices=False), the principal "
        "axes are the first k rows of Vt, each of length d (the number of features).",
        lambda expected, X, k: align_signs(_svd(X, centre=True)[0][:, :k].T),
        name_ko=("주성분을 Vt의 행(특성마다 가중치 하나)이 아니라 U의 행(샘플마다 가중치 "
                 "하나)으로 잡았습니다"),
        fix_ko=("U, S, Vt = np.linalg.svd(X_centred, full_matrices=False)에서 주축은 Vt의 처음 "
                "k개 행이며, 각 행의 길이는 d(특성 수)입니다."),
    ),
    Mistake(
        "the components are columns of Vt, not rows (Vt is already transposed: "
        "np.linalg.svd returns V transposed)",
        "take Vt[:k], the first k rows.",
        lambda expected, X, k: align_signs(_svd(X, centre=True)[2][:, :k].T),
        name_ko=("주성분을 Vt의 행이 아니라 열로 잡았습니다(Vt는 이미 전치되어 있습니다: "
                 "np.linalg.svd는 V의 전치를 반환합니다)"),
        fix_ko="처음 k개 행인 Vt[:k]를 취하세요.",
    ),
)

PCA_EXPLAINED_VARIANCE = (
    Mistake(
        "these are the singular values, not the variances",
        "the variance along component i is S[i]**2 / (n - 1), n the number of samples.",
        lambda expected, X, k: np.sqrt(np.asarray(expected) * (len(X) - 1)),
        name_ko="이것은 분산이 아니라 특잇값입니다",
        fix_ko="주성분 i 방향의 분산은 S[i]**2 / (n - 1)이며, n은 샘플 수입니다.",
    ),
    Mistake(
        "the variance is divided by n, not n - 1 (scikit-learn and np.var(ddof=1) "
        "use the unbiased n - 1)",
        "divide S**2 by n - 1.",
        lambda expected, X, k: np.asarray(expected) * (len(X) - 1) / len(X),
        name_ko=("분산을 n - 1이 아니라 n으로 나눴습니다(scikit-learn과 np.var(ddof=1)은 불편 "
                 "추정량인 n - 1을 씁니다)"),
        fix_ko="S**2를 n - 1로 나누세요.",
    ),
    Mistake(
        "the data were not centred before the SVD",
        "subtract X.mean(axis=0) first; then S[i]**2 / (n - 1) is the variance along "
        "component i.",
        lambda expected, X, k: _svd(X, centre=False)[1][:k] ** 2 / (len(X) - 1),
        name_ko="SVD 전에 데이터를 중심화하지 않았습니다",
        fix_ko=("먼저 X.mean(axis=0)을 빼세요. 그러면 S[i]**2 / (n - 1)이 주성분 i 방향의 "
                "분산입니다."),
    ),
    Mistake(
        "these are shares of the total variance (explained_variance_ratio_), not "
        "variances",
        "return S[i]**2 / (n - 1) itself, without dividing by the total variance.",
        lambda expected, X, k: np.asarray(expected)
            / np.var(np.asarray(X, dtype=float), axis=0, ddof=1).sum(),
        name_ko="이것은 분산이 아니라 전체 분산에서 차지하는 비율(explained_variance_ratio_)입니다",
        fix_ko="전체 분산으로 나누지 말고 S[i]**2 / (n - 1) 자체를 반환하세요.",
    ),
)

PCA_TRANSFORM = (
    Mistake(
        "the data were not centred before projecting",
        "project X - mean, not X: Z = (X - mean) @ components.T.",
        lambda expected, X, mean, components:
            np.asarray(expected) + np.asarray(mean) @ np.asarray(components).T,
        name_ko="투영하기 전에 데이터를 중심화하지 않았습니다",
        fix_ko="X가 아니라 X - mean을 투영하세요: Z = (X - mean) @ components.T.",
    ),
    Mistake(
        "the mean was added instead of subtracted",
        "centre first: Z = (X - mean) @ components.T.",
        lambda expected, X, mean, components:
            np.asarray(expected) + 2 * np.asarray(mean) @ np.asarray(components).T,
        name_ko="평균을 빼지 않고 더했습니다",
        fix_ko="먼저 중심화하세요: Z = (X - mean) @ components.T.",
    ),
)

PCA_INVERSE_TRANSFORM = (
    Mistake(
        "the mean was not added back",
        "the codes describe X - mean, so add the mean to Z @ components.",
        lambda expected, Z, mean, components: np.asarray(expected) - np.asarray(mean),
        name_ko="평균을 다시 더하지 않았습니다",
        fix_ko="코드는 X - mean을 나타내므로 Z @ components에 평균을 더하세요.",
    ),
    Mistake(
        "the mean was subtracted instead of added back",
        "decoding undoes the centring: X_hat = Z @ components + mean.",
        lambda expected, Z, mean, components: np.asarray(expected) - 2 * np.asarray(mean),
        name_ko="평균을 다시 더하지 않고 뺐습니다",
        fix_ko="디코딩은 중심화를 되돌립니다: X_hat = Z @ components + mean.",
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
        name_ko="제곱근이 없습니다: 이것은 평균 제곱 오차(MSE)입니다",
        fix_ko="차이의 제곱을 평균한 값에 np.sqrt를 취하세요.",
    ),
    Mistake(
        "the mean is over the wrong axis: one RMSE per image instead of one number",
        "average over every entry (all images and all pixels), then take the root.",
        lambda expected, x, x_hat: np.sqrt(_per_row_mse(x, x_hat)),
        name_ko=("평균을 잘못된 축에 걸쳐 구했습니다: 숫자 하나가 아니라 이미지마다 RMSE가 하나씩 "
                 "나옵니다"),
        fix_ko="모든 원소(모든 이미지와 모든 픽셀)에 걸쳐 평균한 다음 제곱근을 취하세요.",
    ),
    Mistake(
        "the mean is over the wrong axis: one RMSE per pixel (feature) instead of one number",
        "average over every entry (all images and all pixels), then take the root.",
        lambda expected, x, x_hat: np.sqrt(_per_column_mse(x, x_hat)),
        name_ko=("평균을 잘못된 축에 걸쳐 구했습니다: 숫자 하나가 아니라 픽셀(특성)마다 RMSE가 "
                 "하나씩 나옵니다"),
        fix_ko="모든 원소(모든 이미지와 모든 픽셀)에 걸쳐 평균한 다음 제곱근을 취하세요.",
    ),
    Mistake(
        "the root is taken per image and then averaged: the mean of per-image RMSEs "
        "is at most the RMSE over all pixels (smaller unless every image has the same error)",
        "average the squared differences over every entry first, then take one square root.",
        lambda expected, x, x_hat: np.mean(np.sqrt(_per_row_mse(x, x_hat))),
        name_ko=("이미지마다 제곱근을 취한 뒤 평균했습니다: 이미지별 RMSE의 평균은 모든 픽셀에 "
                 "걸친 RMSE보다 크지 않습니다(모든 이미지의 오차가 같을 때만 같습니다)"),
        fix_ko="먼저 차이의 제곱을 모든 원소에 걸쳐 평균한 다음, 제곱근을 한 번만 취하세요.",
    ),
)
