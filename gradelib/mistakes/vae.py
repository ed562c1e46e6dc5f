"""Known mistakes for 06_vae: KL divergence, reparameterised sampling, the VAE loss,
latent interpolation.

Several come from published code: the first edition of Chollet's *Deep Learning
with Python* (2017, listing 8.24) samples with ``z_mean + K.exp(z_log_var) * epsilon``,
a standard deviation of exp(logvar) instead of exp(logvar / 2), and its loss averages
the cross-entropy over the 784 pixels and the KL term over the latent dimensions
(then weights it by 5e-4), which is not the ELBO's scale.
"""

from __future__ import annotations

import numpy as np

from ..checks import Mistake

_BATCH_MEAN_FIX = ("return one KL per example, shape (batch,): sum over the last (latent) "
                   "axis only.")

KL_DIVERGENCE = (
    Mistake(
        "the sign is flipped: KL(q || p) is never negative",
        "KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar); if you start from "
        "1 + logvar - mu**2 - exp(logvar), multiply by -0.5, not +0.5.",
        lambda expected, mu, logvar: -np.asarray(expected),
    ),
    Mistake(
        "the factor 0.5 is missing",
        "KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar): every term is halved.",
        lambda expected, mu, logvar: 2 * np.asarray(expected),
    ),
    Mistake(
        "the KL is averaged over the latent dimensions instead of summed",
        "the latent coordinates are independent, so their KL divergences add up: "
        "sum over the last axis, do not take the mean.",
        lambda expected, mu, logvar: np.asarray(expected) / np.shape(mu)[-1],
    ),
    Mistake(
        "one number for the whole batch (the mean over examples)",
        _BATCH_MEAN_FIX,
        lambda expected, mu, logvar: np.mean(expected),
    ),
    Mistake(
        "one number for the whole batch (the sum over examples)",
        _BATCH_MEAN_FIX,
        lambda expected, mu, logvar: np.sum(expected),
    ),
)

_STD_FIX = ("logvar is the log of the variance, so the standard deviation is "
            "exp(0.5 * logvar) (the square root of exp(logvar)).")

REPARAMETERIZE = (
    Mistake(
        "the standard deviation is exp(logvar), as in the first edition of Deep Learning "
        "with Python; that is the variance",
        _STD_FIX,
        lambda expected, mu, logvar, eps: mu + (np.asarray(expected) - mu) * np.exp(0.5 * logvar),
    ),
    Mistake(
        "the log-variance is used as the standard deviation",
        _STD_FIX,
        lambda expected, mu, logvar, eps: mu + (np.asarray(expected) - mu) * logvar
        / np.exp(0.5 * logvar),
    ),
    Mistake(
        "the noise eps is not used: z = mu",
        "z = mu + std * eps: scale the noise that is passed in and add it to mu.",
        lambda expected, mu, logvar, eps: np.broadcast_to(mu, np.shape(expected)),
    ),
)

# For gradelib.gaussian.check_gaussian_sampler: expected = [mean, std] of z.
REPARAMETERIZE_SAMPLES = (
    Mistake(REPARAMETERIZE[0].name, _STD_FIX,
            lambda expected, mu, logvar: np.stack([expected[0], expected[1] ** 2])),
    Mistake(REPARAMETERIZE[1].name, _STD_FIX,
            lambda expected, mu, logvar: np.stack(
                [expected[0], np.broadcast_to(np.abs(logvar), np.shape(expected[1]))])),
    Mistake(REPARAMETERIZE[2].name, REPARAMETERIZE[2].fix,
            lambda expected, mu, logvar: np.stack([expected[0], np.zeros_like(expected[1])])),
)


def _loss(expected, recon=None, kl=None):
    """[total, recon, kl] from a changed recon and/or kl (the others as expected)."""
    _, r, k = np.asarray(expected, dtype=float)
    r = r if recon is None else recon
    k = k if kl is None else kl
    return np.array([r + k, r, k])


VAE_LOSS = (
    Mistake(
        "the reconstruction loss is averaged over the pixels instead of summed",
        "the ELBO's reconstruction term is log p(x | z), a sum over all pixels: sum the "
        "binary cross-entropy over every axis but the batch axis, then average over the "
        "batch. Averaging over pixels shrinks it 784 times and lets the KL term dominate.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, recon=expected[1] / np.prod(np.shape(x)[1:])),
    ),
    Mistake(
        "the reconstruction loss is averaged over the last axis (keras.losses."
        "binary_crossentropy takes the mean over the last axis)",
        "sum the per-pixel cross-entropy over every axis but the batch axis yourself, or "
        "give keras.losses.binary_crossentropy inputs with a trailing axis of size 1.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, recon=expected[1] / np.shape(x)[-1]),
    ),
    Mistake(
        "the KL term is averaged over the latent dimensions instead of summed",
        "sum the KL over the latent axis (kl_divergence does), then average over the batch.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, kl=expected[2] / np.shape(mu)[-1]),
    ),
    Mistake(
        "the KL term is subtracted (its sign is flipped)",
        "the loss is the negative ELBO: reconstruction loss PLUS the KL divergence, "
        "which is never negative.",
        lambda expected, x, x_decoded, mu, logvar: _loss(expected, kl=-expected[2]),
    ),
    Mistake(
        "the losses are summed over the batch instead of averaged",
        "return the mean over the batch of the per-image losses (nats per image), so the "
        "numbers do not depend on the batch size.",
        lambda expected, x, x_decoded, mu, logvar: np.asarray(expected) * np.shape(x)[0],
    ),
)

INTERPOLATE = (
    Mistake(
        "the endpoints are missing: the first row must be z0 and the last z1",
        "use n evenly spaced weights from 0 to 1 inclusive, t = np.linspace(0, 1, n).",
        lambda expected, z0, z1, n: np.linspace(z0, z1, n + 2)[1:-1],
    ),
    Mistake(
        "the last row stops short of z1 (weights i / n instead of i / (n - 1))",
        "the weights go from 0 to 1 inclusive: t = np.linspace(0, 1, n).",
        lambda expected, z0, z1, n: np.linspace(z0, z1, n, endpoint=False),
    ),
    Mistake(
        "the rows run from z1 to z0",
        "the weight of z1 grows from 0 to 1: row i is (1 - t_i) * z0 + t_i * z1.",
        lambda expected, z0, z1, n: np.asarray(expected)[::-1],
    ),
)
