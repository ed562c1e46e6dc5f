"""Every misconception message fires on its mistake and never on a correct answer.

The right answers here come from libraries (TensorFlow, SciPy) or from short
definitions written for the test, independently of the solution notebooks.
"""

import numpy as np
import pytest
import tensorflow as tf
from scipy import special, stats

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import check_sampler, mistakes

rng = np.random.default_rng(0)


def conv2d_same(image, kernel):
    x = tf.constant(np.asarray(image, np.float64)[None, :, :, None])
    k = tf.constant(np.asarray(kernel, np.float64)[:, :, None, None])
    return tf.nn.conv2d(x, k, 1, "SAME").numpy()[0, :, :, 0]


def max_pool(x, size):
    x4 = tf.constant(np.asarray(x, np.float64)[None, :, :, None])
    return tf.nn.max_pool2d(x4, size, size, "VALID").numpy()[0, :, :, 0]


def top_k(p, k):
    keep = np.argsort(-p, kind="stable")[:k]
    q = np.zeros_like(p)
    q[keep] = p[keep]
    return q / q.sum()


def top_p(p, top_p):
    order = np.argsort(-p, kind="stable")
    n = min(int(np.sum(np.cumsum(p[order]) < top_p - 1e-12)) + 1, p.size)
    q = np.zeros_like(p)
    q[order[:n]] = p[order[:n]]
    return q / q.sum()


P = np.array([0.05, 0.4, 0.15, 0.3, 0.1])
CASES = [
    ("conv2d", mistakes.CONV2D,
     {"image": rng.normal(size=(6, 5)), "kernel": rng.normal(size=(3, 3))}, conv2d_same),
    ("max_pool2d", mistakes.MAX_POOL2D, {"x": rng.normal(size=(6, 6)) - 0.5, "size": 2}, max_pool),
    ("reweight_distribution", mistakes.REWEIGHT_DISTRIBUTION, {"p": P, "temperature": 0.5},
     lambda p, temperature: special.softmax(np.log(p) / temperature)),
    ("entropy", mistakes.ENTROPY, {"p": P}, lambda p: stats.entropy(p)),
    ("top_k_filter", mistakes.TOP_K_FILTER, {"p": P, "k": 3}, top_k),
    ("top_p_filter", mistakes.TOP_P_FILTER, {"p": P, "top_p": 0.6}, top_p),
]
PAIRS = [(name, m, inputs, right) for name, catalogue, inputs, right in CASES for m in catalogue]


@pytest.mark.parametrize("name, mistake, inputs, right", PAIRS,
                         ids=[f"{p[0]}:{p[1].name[:40]}" for p in PAIRS])
def test_mistake_fires_on_its_own_answer(name, mistake, inputs, right):
    expected = right(**inputs)
    wrong = mistake.wrong(expected, **inputs)
    catalogue = dict((c[0], c[1]) for c in CASES)[name]
    assert_mistake_named(wrong, expected, name=name, inputs=inputs, catalogue=catalogue,
                         mistake=mistake)


@pytest.mark.parametrize("name, catalogue, inputs, right", CASES, ids=[c[0] for c in CASES])
def test_correct_answer_passes_and_names_no_mistake(name, catalogue, inputs, right):
    expected = right(**inputs)
    assert_no_mistake_blamed(expected, name=name, inputs=inputs, catalogue=catalogue)


@pytest.mark.parametrize("mistake", mistakes.SAMPLE_NEXT, ids=lambda m: m.name[:40])
def test_sampler_mistakes_fire_on_their_distribution(mistake):
    inputs = {"p": P, "temperature": 0.5}
    expected = special.softmax(np.log(P) / 0.5)
    wrong = mistake.wrong(expected, **inputs)
    with pytest.raises(AssertionError) as info:
        check_sampler(lambda r: r.choice(5, p=wrong), expected, name="sample_next",
                      inputs=inputs, mistakes=mistakes.SAMPLE_NEXT)
    assert mistake.name in str(info.value)
    check_sampler(lambda r: r.choice(5, p=expected), expected, name="sample_next",
                  inputs=inputs, mistakes=mistakes.SAMPLE_NEXT)


def test_top_p_mistake_is_not_applicable_to_a_single_token_nucleus():
    expected = np.array([0.0, 1.0, 0.0])
    with pytest.raises(ValueError):
        mistakes.TOP_P_FILTER[0].wrong(expected, p=np.array([0.2, 0.7, 0.1]), top_p=0.5)


LOGITS = np.array([2.0, 1.0, 0.5, 0.0, -1.0])


@pytest.mark.parametrize("temperature", [0.5, 2.0])
@pytest.mark.parametrize("mistake", mistakes.sampling.GENERATE, ids=lambda m: m.name[:40])
def test_generation_loop_mistakes_fire_on_their_distribution(mistake, temperature):
    """generate's draws from fixed logits: each mistaken loop's distribution is named,
    and the right one, softmax(logits / T), passes."""
    inputs = {"logits": LOGITS, "temperature": temperature}
    expected = special.softmax(LOGITS / temperature)
    wrong = mistake.wrong(expected, **inputs)
    with pytest.raises(AssertionError) as info:
        check_sampler(lambda r: r.choice(5, p=wrong), expected, name="generate", n=2000,
                      inputs=inputs, mistakes=mistakes.sampling.GENERATE)
    assert mistake.name in str(info.value)
    check_sampler(lambda r: r.choice(5, p=expected), expected, name="generate", n=2000,
                  inputs=inputs, mistakes=mistakes.sampling.GENERATE)
