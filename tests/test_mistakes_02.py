"""02_language_models: every misconception fires on its mistake and never on a
correct answer. The right answers come from scikit-learn's log_loss and from a
short counting definition written for this test."""

import itertools

import numpy as np
import pytest
from sklearn.metrics import log_loss

from conftest import assert_mistake_named, assert_no_mistake_blamed
from gradelib import check_close, mistakes

rng = np.random.default_rng(0)
PROBS = rng.dirichlet(np.ones(6), size=9)
TARGETS = rng.integers(0, 6, size=9)
IDS = np.array([0, 1, 0, 1, 2, 0, 1, 1, 3, 0, 2, 2, 1, 0])   # token 4 never occurs


def cross_entropy(probs, targets):
    return log_loss(targets, probs, labels=np.arange(probs.shape[1]))


def perplexity(probs, targets):
    return np.exp(cross_entropy(probs, targets))


def bigram(ids, vocab_size, k):
    counts = np.zeros((vocab_size, vocab_size))
    for a, b in itertools.pairwise(ids):
        counts[a, b] += 1
    counts += k
    total = counts.sum(axis=1, keepdims=True)
    return np.where(total > 0, counts / np.where(total > 0, total, 1), 1 / vocab_size)


CASES = [
    ("cross_entropy", mistakes.CROSS_ENTROPY, {"probs": PROBS, "targets": TARGETS},
     cross_entropy),
    ("perplexity", mistakes.PERPLEXITY, {"probs": PROBS, "targets": TARGETS}, perplexity),
    ("fit_bigram", mistakes.FIT_BIGRAM, {"ids": IDS, "vocab_size": 5, "k": 0.5}, bigram),
    ("fit_bigram", mistakes.FIT_BIGRAM, {"ids": IDS, "vocab_size": 5, "k": 0.0}, bigram),
]
PAIRS = [(name, catalogue, m, inputs, right) for name, catalogue, inputs, right in CASES
         for m in catalogue]


@pytest.mark.parametrize("name, catalogue, mistake, inputs, right", PAIRS,
                         ids=[f"{p[0]}-k{p[3].get('k', '')}:{p[2].name[:40]}" for p in PAIRS])
def test_mistake_fires_on_its_own_answer(name, catalogue, mistake, inputs, right):
    expected = right(**inputs)
    with np.errstate(all="ignore"):
        wrong = mistake.wrong(expected, **inputs)
    if name == "fit_bigram" and inputs["k"] == 0 and not np.isfinite(wrong).all():
        pytest.skip("with k = 0 this mistake divides by zero: no finite answer to match")
    assert_mistake_named(wrong, expected, name=name, inputs=inputs, catalogue=catalogue,
                         mistake=mistake)


@pytest.mark.parametrize("name, catalogue, inputs, right", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_correct_answer_passes_and_names_no_mistake(name, catalogue, inputs, right):
    expected = right(**inputs)
    assert_no_mistake_blamed(expected, name=name, inputs=inputs, catalogue=catalogue)


def test_uniform_model_is_no_mistake():
    """For a uniform model, 'mean of exp' equals the right answer: it must not be blamed."""
    probs = np.full((4, 5), 0.2)
    targets = np.array([0, 3, 1, 1])
    check_close(5.0, perplexity(probs, targets), name="perplexity",
                inputs={"probs": probs, "targets": targets}, mistakes=mistakes.PERPLEXITY)
