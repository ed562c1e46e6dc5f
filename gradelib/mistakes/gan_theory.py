"""Known mistakes for 07_gan_theory: divergences of discrete distributions, the optimal
discriminator, the value V(D, G), the discriminator's and the generator's losses on
logits, and their gradients.

Two come from library conventions: ``scipy.spatial.distance.jensenshannon`` returns the
Jensen-Shannon *distance*, the square root of the divergence; and a loss that applies a
sigmoid before a ``from_logits=True`` cross-entropy squashes the logits twice.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, rel_entr

from ..checks import Mistake

_LN2 = np.log(2.0)


def _kl(p, q):
    return np.sum(rel_entr(np.asarray(p, float), np.asarray(q, float)), axis=-1)


def _softplus(x):
    return np.logaddexp(0.0, np.asarray(x, float))


_BITS = ("the result is in bits (log base 2): the course measures divergences in nats",
         "use the natural logarithm (np.log), not np.log2.")

DISCRETE_KL = (
    Mistake(*_BITS, lambda expected, p, q: np.asarray(expected) / _LN2),
    Mistake("the arguments are swapped: this is KL(q || p), and KL is not symmetric",
            "KL(p || q) = sum_i p_i log(p_i / q_i): weight by p, the first argument.",
            lambda expected, p, q: _kl(q, p)),
    Mistake("the sign is flipped: KL is never negative",
            "KL(p || q) = sum p log(p / q), not sum p log(q / p).",
            lambda expected, p, q: -np.asarray(expected)),
    Mistake("the terms are not summed: one number per category",
            "sum p_i log(p_i / q_i) over the last axis (the categories).",
            lambda expected, p, q: rel_entr(np.asarray(p, float), np.asarray(q, float))),
    Mistake("the terms are averaged over the categories instead of summed",
            "KL is a sum over categories weighted by p, not a mean.",
            lambda expected, p, q: np.asarray(expected) / np.shape(p)[-1]),
)

JS_DIVERGENCE = (
    Mistake(*_BITS, lambda expected, p, q: np.asarray(expected) / _LN2),
    Mistake("this is the Jensen-Shannon distance, the square root of the divergence (what "
            "scipy.spatial.distance.jensenshannon returns)",
            "return the divergence 0.5 KL(p || m) + 0.5 KL(q || m) itself, not its square root.",
            lambda expected, p, q: np.sqrt(np.asarray(expected))),
    Mistake("the halves are missing: KL(p || m) + KL(q || m)",
            "JSD = 0.5 * KL(p || m) + 0.5 * KL(q || m).",
            lambda expected, p, q: 2 * np.asarray(expected)),
    Mistake("the mixture is m = p + q, not (p + q) / 2",
            "m = (p + q) / 2 is the average of the two distributions (itself a distribution).",
            lambda expected, p, q: np.asarray(expected) - _LN2),
    Mistake("this is the symmetrised KL (Jeffreys divergence) 0.5 (KL(p || q) + KL(q || p)), "
            "not the Jensen-Shannon divergence",
            "compare each distribution with the mixture m = (p + q) / 2, not with each other: "
            "that keeps JSD finite and at most log 2.",
            lambda expected, p, q: 0.5 * (_kl(p, q) + _kl(q, p))),
)

OPTIMAL_DISCRIMINATOR = (
    Mistake("p_data and p_g are swapped: D* = p_g / (p_data + p_g)",
            "D*(x) is the probability that x is real: p_data(x) / (p_data(x) + p_g(x)).",
            lambda expected, p_data, p_g: 1.0 - np.asarray(expected)),
    Mistake("this is the likelihood ratio p_data / p_g, not a probability",
            "divide by the sum p_data + p_g, so that D* lies in [0, 1].",
            lambda expected, p_data, p_g: np.asarray(p_data, float) / np.asarray(p_g, float)),
)

_WEIGHTS_FIX = ("V = sum_x p_data(x) log D(x) + sum_x p_g(x) log(1 - D(x)): each log is "
                "weighted by the probability of x under its distribution.")

GAN_VALUE = (
    Mistake(*_BITS, lambda expected, d, p_data, p_g: np.asarray(expected) / _LN2),
    Mistake("the sign is flipped: this is -V, the discriminator's loss",
            "return V itself: it is at most 0, and the discriminator maximises it.",
            lambda expected, d, p_data, p_g: -np.asarray(expected)),
    Mistake("the fake term uses log D(x) instead of log(1 - D(x))",
            "on generated samples the discriminator should say 'fake', so the term is "
            "log(1 - D(x)).",
            lambda expected, d, p_data, p_g: np.sum(
                np.where(np.asarray(p_data) > 0, np.asarray(p_data) * np.log(d), 0.0))
            + np.sum(np.where(np.asarray(p_g) > 0, np.asarray(p_g) * np.log(d), 0.0))),
    Mistake("the expectations are plain means over x, not weighted by p_data and p_g",
            _WEIGHTS_FIX,
            lambda expected, d, p_data, p_g: np.mean(np.log(d))
            + np.mean(np.log1p(-np.asarray(d)))),
)

_LOGIT_FIX = ("the inputs are logits (D(x) = sigmoid(logit)); use a from-logits form such as "
              "softplus: -log sigmoid(l) = softplus(-l), -log(1 - sigmoid(l)) = softplus(l).")

DISCRIMINATOR_LOSS = (
    Mistake("the labels are swapped: real samples are labelled 0 and fakes 1",
            "the discriminator should say 1 (real) on real data and 0 on fakes: "
            "softplus(-real_logits) + softplus(fake_logits).",
            lambda expected, real_logits, fake_logits: np.mean(_softplus(real_logits))
            + np.mean(_softplus(-np.asarray(fake_logits, float)))),
    Mistake("the logits went through a sigmoid before a from-logits cross-entropy "
            "(squashed twice)", _LOGIT_FIX,
            lambda expected, real_logits, fake_logits: np.mean(_softplus(-expit(real_logits)))
            + np.mean(_softplus(expit(fake_logits)))),
    Mistake("the two cross-entropies are averaged instead of added",
            "the loss is -V: the real term plus the fake term, each a mean over its batch.",
            lambda expected, real_logits, fake_logits: 0.5 * np.asarray(expected)),
    Mistake("the sign is flipped: this is V, which the discriminator maximises",
            "a loss is minimised, so the discriminator's loss is -V (a sum of two "
            "cross-entropies, never negative).",
            lambda expected, real_logits, fake_logits: -np.asarray(expected)),
)

_SUMMED = ("the loss is summed over the batch, not averaged",
           "take the mean over the examples (ops.mean), so that the loss does not grow with "
           "the batch size.")

SATURATING_LOSS = (
    Mistake("this is the non-saturating loss -log D(G(z))",
            "the saturating loss is the generator's term of V itself: mean log(1 - D(G(z))).",
            lambda expected, fake_logits: np.mean(_softplus(-np.asarray(fake_logits, float)))),
    Mistake("the sign is flipped: mean -log(1 - D(G(z))) is what the discriminator minimises",
            "the generator minimises V, whose term is +log(1 - D(G(z))) = -softplus(logit).",
            lambda expected, fake_logits: -np.asarray(expected)),
    Mistake(*_SUMMED, lambda expected, fake_logits: np.asarray(expected) * np.size(fake_logits)),
)

NON_SATURATING_LOSS = (
    Mistake("this is the saturating loss log(1 - D(G(z)))",
            "the non-saturating loss is mean -log D(G(z)) = mean softplus(-logit).",
            lambda expected, fake_logits: -np.mean(_softplus(fake_logits))),
    Mistake("the sign is flipped: mean log D(G(z)) is to be maximised, so the loss is its "
            "negative", "return mean -log D(G(z)) = mean softplus(-logit), which is >= 0.",
            lambda expected, fake_logits: -np.asarray(expected)),
    Mistake("the fakes are labelled 0 (fake) in the generator's loss",
            "the generator wants its samples called real: label them 1, i.e. softplus(-logit).",
            lambda expected, fake_logits: np.mean(_softplus(fake_logits))),
    Mistake(*_SUMMED, lambda expected, fake_logits: np.asarray(expected) * np.size(fake_logits)),
)

SATURATING_GRADIENT = (
    Mistake("this is the derivative with respect to D(G(z)), -1 / (1 - D), not with respect "
            "to the logit",
            "the chain rule through D = sigmoid(l) multiplies by dD/dl = D (1 - D).",
            lambda expected, d_fake: -1.0 / (1.0 - np.asarray(d_fake, float))),
    Mistake("the sign is flipped", "d/dl log(1 - sigmoid(l)) = -sigmoid(l) = -D, which is <= 0.",
            lambda expected, d_fake: -np.asarray(expected)),
    Mistake("this is the non-saturating loss's gradient (the two are swapped)",
            "return (saturating, non_saturating) in that order.",
            lambda expected, d_fake: np.asarray(d_fake, float) - 1.0),
)

NON_SATURATING_GRADIENT = (
    Mistake("this is the derivative with respect to D(G(z)), -1 / D, not with respect to the "
            "logit", "the chain rule through D = sigmoid(l) multiplies by dD/dl = D (1 - D).",
            lambda expected, d_fake: -1.0 / np.asarray(d_fake, float)),
    Mistake("the sign is flipped", "d/dl (-log sigmoid(l)) = -(1 - sigmoid(l)) = D - 1, "
            "which is <= 0.", lambda expected, d_fake: -np.asarray(expected)),
    Mistake("this is the saturating loss's gradient (the two are swapped)",
            "return (saturating, non_saturating) in that order.",
            lambda expected, d_fake: -np.asarray(d_fake, float)),
)
