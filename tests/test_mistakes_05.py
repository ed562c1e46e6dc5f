"""Every misconception for 05_autoencoder_vs_pca fires on its mistake and never on a
correct answer. Right answers come from scikit-learn, independently of the solution."""

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.metrics import root_mean_squared_error

from conftest import catalogue_tests
from gradelib import check_close, mistakes
from gradelib.autoencoders import align_signs
from gradelib.mistakes.autoencoders import PCA_MEAN

rng = np.random.default_rng(0)
X = rng.normal(size=(12, 5)) @ rng.normal(size=(5, 5)) + 3.0   # n != d, far from the origin
K = 2
FIT = PCA(K, svd_solver="full").fit(X)
Z = FIT.transform(X[:4])
X_HAT = X + rng.normal(scale=np.linspace(0.05, 0.5, 12)[:, None], size=X.shape)

CASES = [
    ("pca_fit (mean)", PCA_MEAN, {"X": X, "k": K},
     lambda X, k: PCA(k, svd_solver="full").fit(X).mean_),
    ("pca_fit (components)", mistakes.PCA_COMPONENTS, {"X": X, "k": K},
     lambda X, k: align_signs(PCA(k, svd_solver="full").fit(X).components_)),
    ("pca_fit (explained_variance)", mistakes.PCA_EXPLAINED_VARIANCE, {"X": X, "k": K},
     lambda X, k: PCA(k, svd_solver="full").fit(X).explained_variance_),
    ("pca_transform", mistakes.PCA_TRANSFORM,
     {"X": X[:4], "mean": FIT.mean_, "components": FIT.components_},
     lambda X, mean, components: FIT.transform(X)),
    ("pca_inverse_transform", mistakes.PCA_INVERSE_TRANSFORM,
     {"Z": Z, "mean": FIT.mean_, "components": FIT.components_},
     lambda Z, mean, components: FIT.inverse_transform(Z)),
    ("rmse", mistakes.RMSE, {"x": X, "x_hat": X_HAT},
     lambda x, x_hat: root_mean_squared_error(x.ravel(), x_hat.ravel())),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def test_unaligned_uncentred_components_are_still_named():
    """The notebook aligns the student's signs before comparing; a student's raw
    uncentred SVD comes out named whatever its signs."""
    raw = -np.linalg.svd(X, full_matrices=False)[2][:K]
    expected = align_signs(FIT.components_)
    with pytest.raises(AssertionError, match="not centred"):
        check_close(align_signs(raw), expected, name="pca_fit", inputs={"X": X, "k": K},
                    mistakes=mistakes.PCA_COMPONENTS)
