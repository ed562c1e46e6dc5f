"""Known mistakes for 10_wgan: the 1-D Wasserstein distance, the critic's and the
generator's losses, weight clipping and the gradient penalty. (The training step's
mistakes are whole wrong steps: :data:`gradelib.wgan.CRITIC_STEP_FIXES`.)

The penalty's wrong answers are computed from the inputs with the critic's input
gradients in float64 (:func:`gradelib.wgan.input_gradients`, the check's method), never
from a reference solution.
"""

from __future__ import annotations

import numpy as np

from .. import wgan
from ..checks import Mistake


def _sorted_pair(u, v):
    return np.sort(np.asarray(u, float)), np.sort(np.asarray(v, float))


W1_1D = (
    Mistake("the samples are not sorted: this pairs u[i] with v[i] as they come",
            "in 1-D the cheapest transport plan moves the k-th smallest of u to the k-th "
            "smallest of v: sort both first.",
            lambda expected, u, v: np.mean(np.abs(np.asarray(u, float) - np.asarray(v, float)))),
    Mistake("the differences are squared (this is W2 squared, not W1)",
            "W1 averages the absolute differences |u_(i) - v_(i)|, not their squares.",
            lambda expected, u, v: np.mean(np.subtract(*_sorted_pair(u, v)) ** 2)),
    Mistake("this is W2 (the root of the mean squared difference), not W1",
            "W1 averages the absolute differences of the sorted samples.",
            lambda expected, u, v: np.sqrt(np.mean(np.subtract(*_sorted_pair(u, v)) ** 2))),
    Mistake("the distances are summed, not averaged: each point carries mass 1/n",
            "divide the total distance by n (take the mean).",
            lambda expected, u, v: np.asarray(expected) * np.size(u)),
    Mistake("this is the distance between the means |mean(u) - mean(v)|, which is only a "
            "lower bound of W1", "compare the whole sorted samples, not their means.",
            lambda expected, u, v: abs(np.mean(np.asarray(u, float))
                                       - np.mean(np.asarray(v, float)))),
)

_SUMMED = ("the scores are summed over the batch, not averaged",
           "use ops.mean: the expectations are estimated by means over each batch.")

CRITIC_LOSS = (
    Mistake("the sign is flipped: this is E f(real) - E f(fake), which the critic maximises",
            "a loss is minimised: critic_loss = mean(fake_scores) - mean(real_scores).",
            lambda expected, real_scores, fake_scores: -np.asarray(expected)),
    Mistake("this is the GAN discriminator's cross-entropy on logits, not the critic's loss",
            "the critic has no sigmoid and no log: mean(fake_scores) - mean(real_scores).",
            lambda expected, real_scores, fake_scores:
            np.mean(np.logaddexp(0, -np.asarray(real_scores, float)))
            + np.mean(np.logaddexp(0, np.asarray(fake_scores, float)))),
    Mistake(*_SUMMED, lambda expected, real_scores, fake_scores:
            np.sum(np.asarray(fake_scores, float)) - np.sum(np.asarray(real_scores, float))),
)

GENERATOR_LOSS = (
    Mistake("the sign is flipped: the generator wants high scores on its fakes",
            "wgan_generator_loss = -mean(fake_scores).",
            lambda expected, fake_scores: -np.asarray(expected)),
    Mistake("this is the GAN's non-saturating loss -log sigmoid(score)",
            "the critic's score is no logit: the generator's loss is -mean(fake_scores).",
            lambda expected, fake_scores:
            np.mean(np.logaddexp(0, -np.asarray(fake_scores, float)))),
    Mistake(*_SUMMED, lambda expected, fake_scores: -np.sum(np.asarray(fake_scores, float))),
)

CLIP_WEIGHTS = (
    Mistake("this variable was not clipped (a bias? 004: 비평자의 모든 파라미터를 고정)",
            "clip every variable in model.trainable_variables, kernels and biases.",
            lambda expected, weight, c: np.asarray(weight, float)),
    Mistake("the weights were clipped to [0, c]: negative weights became 0",
            "the range is symmetric: [-c, c].",
            lambda expected, weight, c: np.clip(weight, 0, c)),
    Mistake("only the upper bound c was applied", "clip to [-c, c]: both bounds.",
            lambda expected, weight, c: np.minimum(weight, c)),
    Mistake("the weights were rescaled so that the largest is c, not clipped",
            "clip each weight on its own (ops.clip(w, -c, c)); weights inside [-c, c] stay "
            "as they are.",
            lambda expected, weight, c: np.asarray(weight, float) * c / np.max(np.abs(weight))),
    Mistake("every weight was set to +-c", "weights inside [-c, c] stay as they are.",
            lambda expected, weight, c: np.sign(weight) * c),
)


def _grads(critic, x):
    layers, weights = wgan._weights_of(critic)
    g = wgan.input_gradients(weights, layers, x)
    return g.reshape(len(g), -1)


def _x_hat(real, fake, eps):
    eps = np.asarray(eps, float).reshape((len(eps),) + (1,) * (np.ndim(real) - 1))
    return eps * np.asarray(real, float) + (1 - eps) * np.asarray(fake, float)


def _norms(critic, x):
    return np.linalg.norm(_grads(critic, x), axis=1)


GRADIENT_PENALTY = (
    Mistake("the norm is taken over the whole batch, not per example",
            "take one norm per example, over all its other axes (axis=1 for 2-D data), then "
            "the mean of (norm - 1)^2 over the examples.",
            lambda expected, critic, real, fake, eps:
            (np.linalg.norm(_grads(critic, _x_hat(real, fake, eps))) - 1.0) ** 2),
    Mistake("the norm is taken over the batch axis (axis 0), not over each example's axes",
            "each example's gradient is one vector: reduce over the non-batch axes.",
            lambda expected, critic, real, fake, eps:
            np.mean((np.linalg.norm(_grads(critic, _x_hat(real, fake, eps)), axis=0) - 1) ** 2)),
    Mistake("the squared norm was used: (||g||^2 - 1)^2",
            "take the square root of the sum of squares before subtracting 1.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, eps)) ** 2 - 1.0) ** 2)),
    Mistake("the -1 is missing: this penalises any gradient, E ||g||^2",
            "penalise the distance of the norm from 1: (||g|| - 1)^2.",
            lambda expected, critic, real, fake, eps:
            np.mean(_norms(critic, _x_hat(real, fake, eps)) ** 2)),
    Mistake("only norms above 1 are penalised (one-sided, max(0, ||g|| - 1)^2)",
            "Gulrajani et al.'s penalty is two-sided: (||g|| - 1)^2 also pushes norms below 1 "
            "up.",
            lambda expected, critic, real, fake, eps:
            np.mean(np.maximum(_norms(critic, _x_hat(real, fake, eps)) - 1.0, 0.0) ** 2)),
    Mistake("the difference is not squared: mean(||g|| - 1)",
            "square each (||g|| - 1) before the mean.",
            lambda expected, critic, real, fake, eps:
            np.mean(_norms(critic, _x_hat(real, fake, eps)) - 1.0)),
    Mistake("eps and 1 - eps are swapped: x_hat = (1 - eps) real + eps fake",
            "x_hat = eps * real + (1 - eps) * fake.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, 1 - np.asarray(eps, float))) - 1) ** 2)),
    Mistake("eps is not used: the gradient is taken at the real samples",
            "interpolate: x_hat = eps * real + (1 - eps) * fake, one eps per example.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, np.asarray(real, float)) - 1.0) ** 2)),
    Mistake("eps is not used: the gradient is taken at the fake samples",
            "interpolate: x_hat = eps * real + (1 - eps) * fake, one eps per example.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, np.asarray(fake, float)) - 1.0) ** 2)),
    Mistake("one eps (the first) was used for the whole batch, not one per example",
            "multiply by the eps array itself, shape (n, 1): row i interpolates example i.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, np.full(len(eps), np.ravel(eps)[0])))
                     - 1.0) ** 2)),
)
