"""11_deepdream_style_transfer: every misconception message fires on its mistake and never
on a correct answer. The right answers are computed here independently of the solution
notebook: Gram matrices by tensordot over the position axes, the losses from Gatys et al.
(2016, eqs. 1-5) and the squared total variation by np.diff, the octave sizes from
Chollet's int(dim / scale ** i), the DeepDream step by TensorFlow's own gradient."""

import math

import numpy as np
import tensorflow as tf

from conftest import catalogue_tests
from gradelib import style
from gradelib.mistakes import style_transfer as m

rng = np.random.default_rng(0)
FEATURES = rng.normal(size=(1, 4, 5, 3))
STYLE = [rng.uniform(size=(1, 6, 6, 4)), rng.uniform(0, 2, size=(1, 3, 3, 8))]
GENERATED = [s + rng.normal(0, 0.3, s.shape) for s in STYLE]
WEIGHTS = [0.3, 0.7]
CONTENT, CONTENT_GENERATED = rng.normal(size=(1, 4, 4, 5)), rng.normal(size=(1, 4, 4, 5))
IMAGE = rng.uniform(size=(5, 6, 3))
DREAM_MODEL = style.tiny_dream_model(seed=3)
DREAM_IMAGE = rng.uniform(size=(1, 5, 6, 1))


def tensordot_gram(features):
    f = np.asarray(features, float)
    f = f[0] if f.ndim == 4 else f
    return np.tensordot(f, f, axes=([0, 1], [0, 1]))


def gatys_style(style_features, generated_features, weights):
    total = 0.0
    for a, f, w in zip(style_features, generated_features, weights, strict=True):
        n, positions = a.shape[-1], a.shape[1] * a.shape[2]
        squared = np.sum((tensordot_gram(f) - tensordot_gram(a)) ** 2)
        total += w * squared / (4 * n * n * positions ** 2)
    return total


def squared_tv(image):
    return np.sum(np.diff(image, axis=0) ** 2) + np.sum(np.diff(image, axis=1) ** 2)


def chollet_octaves(shape, n_octaves, octave_scale):
    sizes = [tuple(math.floor(d / octave_scale ** i) for d in shape) for i in range(n_octaves)]
    return np.array(sizes[::-1], dtype=float)


def tf_ascent(image, feature_model, step_size, output):
    x = tf.constant(image)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.add_n([tf.reduce_mean(a ** 2) for a in feature_model(x)])
    g = tape.gradient(loss, x).numpy()
    return [float(loss), image + step_size * g / np.mean(np.abs(g))][output]


CASES = [
    ("gram_matrix", m.GRAM_MATRIX, {"features": FEATURES}, tensordot_gram),
    ("style_loss", m.STYLE_LOSS,
     {"style_features": STYLE, "generated_features": GENERATED, "weights": WEIGHTS}, gatys_style),
    ("content_loss", m.CONTENT_LOSS,
     {"content_features": CONTENT, "generated_features": CONTENT_GENERATED},
     lambda content_features, generated_features:
     0.5 * np.sum((generated_features - content_features) ** 2)),
    ("total_variation_loss", m.TOTAL_VARIATION, {"image": IMAGE}, squared_tv),
    ("octave_shapes", m.OCTAVE_SHAPES, {"shape": (130, 97), "n_octaves": 3, "octave_scale": 1.4},
     chollet_octaves),
    ("gradient_ascent_step (the new image)", m.ASCENT_STEP_IMAGE,
     {"image": DREAM_IMAGE, "feature_model": DREAM_MODEL, "step_size": 0.1},
     lambda **inputs: tf_ascent(**inputs, output=1)),
    ("gradient_ascent_step (the loss)", m.ASCENT_STEP_LOSS,
     {"image": DREAM_IMAGE, "feature_model": DREAM_MODEL, "step_size": 0.1},
     lambda **inputs: tf_ascent(**inputs, output=0)),
]
test_mistake_fires_on_its_own_answer, test_correct_answer_passes_and_names_no_mistake = \
    catalogue_tests(CASES)


def test_the_reference_step_matches_tensorflow():
    loss, new = style.expected_ascent_step(DREAM_MODEL, DREAM_IMAGE, 0.1)
    assert np.isclose(loss, tf_ascent(DREAM_IMAGE, DREAM_MODEL, 0.1, 0))
    np.testing.assert_allclose(new, tf_ascent(DREAM_IMAGE, DREAM_MODEL, 0.1, 1), rtol=1e-6,
                               atol=1e-8)
