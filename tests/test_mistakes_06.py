"""06_vae: every misconception message fires on its mistake and never on a correct answer.

The right answers come from libraries (SciPy quadrature via gradelib.gaussian, SciPy's
normal distribution, Keras' binary cross-entropy, numpy.linspace), independently of
the solution notebook.
"""

import keras
import numpy as np
import pytest
from scipy import stats

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import check_close, mistakes
from gradelib.gaussian import check_gaussian_sampler, kl_by_quadrature

rng = np.random.default_rng(0)


def kl(mu, logvar):
    return kl_by_quadrature(mu, logvar)


def reparameterize(mu, logvar, eps):
    return stats.norm(mu, np.sqrt(np.exp(logvar))).ppf(stats.norm.cdf(eps))


def vae_loss(x, x_decoded, mu, logvar):
    bce = keras.losses.binary_crossentropy(x[..., None], x_decoded[..., None])
    recon = float(np.mean(np.sum(np.asarray(bce), axis=tuple(range(1, x.ndim)))))
    k = float(np.mean(kl(mu, logvar)))
    return np.array([recon + k, recon, k])


MU = rng.normal(size=(4, 3))
LOGVAR = rng.normal(size=(4, 3))
X = (rng.random((4, 5, 6)) < 0.4).astype(float)
CASES = [
    ("kl_divergence", mistakes.KL_DIVERGENCE, {"mu": MU, "logvar": LOGVAR}, kl),
    ("reparameterize", mistakes.REPARAMETERIZE,
     {"mu": MU, "logvar": LOGVAR, "eps": rng.normal(size=(4, 3))}, reparameterize),
    ("vae_loss", mistakes.VAE_LOSS,
     {"x": X, "x_decoded": rng.uniform(0.05, 0.95, size=(4, 5, 6)), "mu": MU, "logvar": LOGVAR},
     vae_loss),
    ("interpolate", mistakes.INTERPOLATE,
     {"z0": np.array([1.0, -2.0]), "z1": np.array([-0.5, 3.0]), "n": 6},
     lambda z0, z1, n: np.linspace(z0, z1, n)),
]
PAIRS = [(name, m, inputs, right) for name, catalogue, inputs, right in CASES for m in catalogue]


@pytest.fixture(scope="module")
def expected():
    return {name: right(**inputs) for name, _, inputs, right in CASES}


@pytest.mark.parametrize("name, mistake, inputs, right", PAIRS,
                         ids=[f"{p[0]}:{p[1].name[:40]}" for p in PAIRS])
def test_mistake_fires_on_its_own_answer(expected, name, mistake, inputs, right):
    want = expected[name]
    wrong = mistake.wrong(want, **inputs)
    catalogue = dict((c[0], c[1]) for c in CASES)[name]
    assert_mistake_named(wrong, want, name=name, inputs=inputs, catalogue=catalogue,
                         mistake=mistake)


@pytest.mark.parametrize("name, catalogue, inputs, right", CASES, ids=[c[0] for c in CASES])
def test_correct_answer_passes_and_names_no_mistake(expected, name, catalogue, inputs, right):
    want = expected[name]
    assert_no_mistake_blamed(want, name=name, inputs=inputs, catalogue=catalogue)


def test_kl_mistakes_that_cannot_apply_stay_silent():
    # with one latent dimension the mean over dimensions is the sum: not a mistake
    inputs = {"mu": MU[:, :1], "logvar": LOGVAR[:, :1]}
    want = kl(**inputs)
    check_close(want, want, name="kl_divergence", inputs=inputs,
                mistakes=mistakes.KL_DIVERGENCE)


MU_S, LOGVAR_S = np.array([0.5, -1.0, 2.0]), np.array([1.2, -1.5, 0.8])


@pytest.mark.parametrize("mistake", mistakes.REPARAMETERIZE_SAMPLES, ids=lambda m: m.name[:40])
def test_sampler_mistakes_fire_on_their_distribution(mistake):
    inputs = {"mu": MU_S, "logvar": LOGVAR_S}
    std = np.sqrt(np.exp(LOGVAR_S))
    mean_w, std_w = mistake.wrong(np.stack([MU_S, std]), **inputs)
    with pytest.raises(AssertionError) as info:
        check_gaussian_sampler(lambda r, n: mean_w + std_w * r.standard_normal((n, 3)),
                               MU_S, std, name="reparameterize", inputs=inputs,
                               mistakes=mistakes.REPARAMETERIZE_SAMPLES)
    assert mistake.name in str(info.value)
    assert str(info.value).count("This matches a known mistake") == 1


def test_correct_sampler_names_no_mistake():
    std = np.sqrt(np.exp(LOGVAR_S))
    check_gaussian_sampler(lambda r, n: MU_S + std * r.standard_normal((n, 3)), MU_S, std,
                           name="reparameterize", inputs={"mu": MU_S, "logvar": LOGVAR_S},
                           mistakes=mistakes.REPARAMETERIZE_SAMPLES)
