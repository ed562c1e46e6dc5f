"""Known mistakes for 09_dcgan: the discriminator's targets with one-sided label smoothing
and label noise, and the discriminator's and generator's losses on logits with those
targets.

The losses are binary cross-entropies on logits, BCE(t, l) = softplus(l) - t l (what
``keras.losses.BinaryCrossentropy(from_logits=True)`` computes). The mistakes come from
Salimans et al. (2016, section 3.4: smooth the real targets only), from library
conventions (``from_logits``) and from the generator's two losses of notebook 07.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ..checks import Mistake


def _softplus(x):
    return np.logaddexp(0.0, np.asarray(x, float))


def _bce_logits(targets, logits):
    """mean BCE(t, l) on logits, in nats."""
    logits = np.asarray(logits, float)
    return float(np.mean(_softplus(logits) - np.asarray(targets, float) * logits))


def _bce_probs(targets, probs):
    """mean BCE(t, p) on probabilities, clipped as Keras clips them (1e-7)."""
    p = np.clip(np.asarray(probs, float), 1e-7, 1 - 1e-7)
    t = np.asarray(targets, float)
    return float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))


# the targets, checked with flip_rate = 0 (no flips): real 1 - smoothing, fake 0
REAL_TARGETS = (
    Mistake("the real targets are the smoothing amount itself, not 1 - smoothing",
            "one-sided label smoothing replaces the real target 1 by 1 - smoothing "
            "(0.9 for smoothing = 0.1).",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), smoothing)),
    Mistake("the real targets are not smoothed (they are 1)",
            "use 1 - smoothing as the real target.",
            lambda expected, n, smoothing, flip_rate: np.ones((n, 1))),
    Mistake("the real and fake targets are swapped",
            "real images get the target 1 - smoothing, generated ones 0 (this notebook's D "
            "says 'real' with a large logit).",
            lambda expected, n, smoothing, flip_rate: np.zeros((n, 1))),
)

FAKE_TARGETS = (
    Mistake("the fake targets are smoothed too (two-sided smoothing): Salimans et al. "
            "(2016, sec. 3.4) smooth only the real ones",
            "keep the fake targets at 0; a fake target above 0 rewards D for giving "
            "generated samples some 'real' probability where the data has none, which "
            "does not push the generator towards the data.",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), smoothing)),
    Mistake("the real and fake targets are swapped",
            "generated images get the target 0, real ones 1 - smoothing.",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), 1 - smoothing)),
)


def _d_loss(real_logits, fake_logits, real_targets, fake_targets):
    return _bce_logits(real_targets, real_logits) + _bce_logits(fake_targets, fake_logits)


DISCRIMINATOR_LOSS = (
    Mistake("a sigmoid is applied before a from_logits=True cross-entropy: the logits are "
            "squashed twice",
            "the discriminator returns logits; pass them straight to the cross-entropy "
            "on logits (softplus(l) - t l), with no sigmoid before it.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                expected_sigmoid(real_logits), expected_sigmoid(fake_logits),
                real_targets, fake_targets)),
    Mistake("the logits are treated as probabilities (a cross-entropy with "
            "from_logits=False on logits)",
            "this notebook's discriminator outputs logits: use "
            "BinaryCrossentropy(from_logits=True), or softplus(l) - t l.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets:
            _bce_probs(real_targets, real_logits) + _bce_probs(fake_targets, fake_logits)),
    Mistake("the targets are ignored: hard labels 1 and 0 are used",
            "use the real_targets and fake_targets passed in (they carry the smoothing "
            "and the label noise).",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                real_logits, fake_logits, np.ones(np.shape(real_logits)),
                np.zeros(np.shape(fake_logits)))),
    Mistake("the real and fake targets are swapped",
            "pair real_logits with real_targets and fake_logits with fake_targets.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                real_logits, fake_logits, fake_targets, real_targets)),
    Mistake("one mean over both batches: half the sum of the two means when the batches "
            "have the same size",
            "average each batch's cross-entropies separately and add the two means.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets:
            _bce_logits(np.concatenate([np.ravel(real_targets), np.ravel(fake_targets)]),
                        np.concatenate([np.ravel(real_logits), np.ravel(fake_logits)]))),
)


def expected_sigmoid(logits):
    """sigmoid(logits) as float64: what a student's extra sigmoid makes of a logit."""
    return expit(np.asarray(logits, float))


GENERATOR_LOSS = (
    Mistake("this is the saturating loss mean log(1 - D(G(z))) (notebook 07): its gradient "
            "vanishes when D rejects the fakes",
            "use the non-saturating loss mean -log D(G(z)) = mean softplus(-l).",
            lambda expected, fake_logits: -float(np.mean(_softplus(fake_logits)))),
    Mistake("the generator's target is smoothed (1 - smoothing): smoothing is for the "
            "discriminator's real targets only",
            "the generator's loss uses the target 1: mean softplus(-l).",
            lambda expected, fake_logits: _bce_logits(0.9, fake_logits)),
    Mistake("a sigmoid is applied before a from_logits=True cross-entropy: the logits are "
            "squashed twice",
            "pass the logits straight in: mean softplus(-l).",
            lambda expected, fake_logits: _bce_logits(1.0, expected_sigmoid(fake_logits))),
    Mistake("the logits are treated as probabilities (from_logits=False on logits)",
            "use from_logits=True, or softplus(-l).",
            lambda expected, fake_logits: _bce_probs(1.0, fake_logits)),
    Mistake("the target is 0, the discriminator's target for fakes: the generator then "
            "helps the discriminator",
            "the generator wants D to call its samples real: target 1.",
            lambda expected, fake_logits: _bce_logits(0.0, fake_logits)),
)


# the training step: known wrong steps, as names of outcomes the judge computes
STEP_NOT_FROZEN = ("the discriminator is not frozen: the generator's update also changed the "
                   "discriminator's weights")
STEP_SIMULTANEOUS = ("the generator's update used the discriminator from before its update "
                     "(simultaneous, not alternating)")
STEP_SAME_NOISE = "the generator's update used z_d instead of its own noise z_g"
STEP_SATURATING = "the generator's update used the saturating loss log(1 - D(G(z)))"
STEP_NO_G_UPDATE = "the generator's weights did not change"
STEP_NO_D_UPDATE = "the discriminator's weights did not change"
STEP_HARD_TARGETS = ("the discriminator's update ignored real_targets and fake_targets "
                     "(hard targets 1 and 0)")
STEP_D_INFERENCE = ("the discriminator was called with training=False (or without training=): "
                    "its BatchNormalization used the moving averages, not the batch's statistics")
STEP_G_INFERENCE = ("the generator was called with training=False (or without training=): its "
                    "BatchNormalization used the moving averages, not the batch's statistics")
STEP_CONCATENATED = ("the discriminator was called once on the real and fake images "
                     "concatenated: its BatchNormalization mixed the two batches' statistics")

STEP_FIXES = {
    STEP_NOT_FROZEN: "take the generator's gradients with respect to "
                     "generator.trainable_variables only, and apply them with g_optimizer.",
    STEP_SIMULTANEOUS: "update the discriminator first, then compute the generator's loss with "
                       "a new forward pass through the updated discriminator in a second tape.",
    STEP_SAME_NOISE: "generate D's fakes from z_d and G's from z_g.",
    STEP_SATURATING: "use your generator_loss (non-saturating, target 1).",
    STEP_NO_G_UPDATE: "apply g_optimizer to the generator's gradients and trainable variables.",
    STEP_NO_D_UPDATE: "apply d_optimizer to the discriminator's gradients and trainable "
                      "variables.",
    STEP_HARD_TARGETS: "pass real_targets and fake_targets to your discriminator_loss.",
    STEP_D_INFERENCE: "call discriminator(..., training=True) in both updates.",
    STEP_G_INFERENCE: "call generator(..., training=True) in both updates.",
    STEP_CONCATENATED: "call the discriminator twice, once on real and once on the fakes, and "
                       "give each batch its targets.",
}
