"""Hidden tests of 02_language_models, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import numpy as np
from sklearn.metrics import log_loss

import gradelib
from gradelib.mistakes import CROSS_ENTROPY, FIT_BIGRAM, PERPLEXITY

EXPECTED = json.loads(gradelib.data_path("02_language_models", "expected.json").read_text())


def test_cross_entropy(student):
    cross_entropy = student.function("cross_entropy")
    rng = np.random.default_rng(0)
    for n, v in [(5, 3), (40, 10), (200, 70)]:
        probs = rng.dirichlet(np.ones(v), size=n)
        targets = rng.integers(0, v, size=n)
        inputs = {"probs": probs, "targets": targets}
        # scikit-learn's log_loss is the same mean negative log-likelihood, in nats
        gradelib.check_close(cross_entropy(**inputs),
                             log_loss(targets, probs, labels=np.arange(v)),
                             name="cross_entropy", inputs=inputs, mistakes=CROSS_ENTROPY)
    # a uniform model: log V nats; a model sure of every right answer: 0
    uniform = np.full((6, 4), 0.25)
    gradelib.check_close(cross_entropy(uniform, [0, 1, 2, 3, 3, 1]), np.log(4),
                         name="cross_entropy",
                         inputs={"probs": uniform, "targets": [0, 1, 2, 3, 3, 1]},
                         mistakes=CROSS_ENTROPY)
    sure = np.eye(3)
    gradelib.check_close(cross_entropy(sure, [0, 1, 2]), 0.0, name="cross_entropy",
                         inputs={"probs": sure, "targets": [0, 1, 2]}, mistakes=CROSS_ENTROPY)

    rng = np.random.default_rng(11)
    for n, v in [(1, 2), (7, 5), (300, 30)]:
        p = rng.dirichlet(np.full(v, 0.5), size=n) + 1e-12
        p /= p.sum(axis=1, keepdims=True)
        t = rng.integers(0, v, size=n)
        want = -np.mean(np.log(np.take_along_axis(p, t[:, None], axis=1)))
        gradelib.check_close(cross_entropy(p, t), want, name="cross_entropy",
                             inputs={"probs": p, "targets": t}, mistakes=CROSS_ENTROPY)
    # targets given as a Python list
    gradelib.check_close(cross_entropy([[0.5, 0.5], [0.1, 0.9]], [1, 1]),
                         -(np.log(0.5) + np.log(0.9)) / 2, name="cross_entropy",
                         inputs={"probs": [[0.5, 0.5], [0.1, 0.9]], "targets": [1, 1]},
                         mistakes=CROSS_ENTROPY)
    for bad_p, bad_t in [(np.full(4, 0.25), [1]), (np.full((3, 4), 0.25), [0, 1])]:
        try:
            cross_entropy(bad_p, bad_t)
        except ValueError:
            pass
        else:
            gradelib.fail("cross_entropy", {"probs": bad_p, "targets": bad_t},
                          "It should raise ValueError when probs is not (N, V) or targets "
                          "not (N,).")


def test_perplexity(student):
    perplexity = student.function("perplexity")
    # the book's two examples: the right word with probability 0.8, then 0.2
    for p_right, want in [(0.8, 1.25), (0.2, 5.0)]:
        probs = np.array([[p_right, 1 - p_right]])
        gradelib.check_close(perplexity(probs, [0]), want, name="perplexity",
                             inputs={"probs": probs, "targets": [0]}, mistakes=PERPLEXITY)
    # a uniform model's perplexity is the vocabulary size
    for v in [2, 7, 70]:
        uniform = np.full((50, v), 1 / v)
        targets = np.random.default_rng(v).integers(0, v, size=50)
        gradelib.check_close(perplexity(uniform, targets), v, rtol=1e-9, name="perplexity",
                             inputs={"probs": uniform, "targets": targets},
                             mistakes=PERPLEXITY)
    # several tokens: exp of the mean, i.e. the geometric mean of 1 / p, in any log base
    probs = np.array([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.7, 0.2, 0.1]])
    targets = np.array([0, 1, 2, 2])
    inputs = {"probs": probs, "targets": targets}
    got = perplexity(**inputs)
    h_bits = -np.mean(np.log2([0.5, 0.8, 0.6, 0.1]))
    gradelib.check_close(got, 2 ** h_bits, name="perplexity", inputs=inputs,
                         mistakes=PERPLEXITY)
    gradelib.check_close(got, np.exp(log_loss(targets, probs, labels=[0, 1, 2])),
                         name="perplexity", inputs=inputs, mistakes=PERPLEXITY)

    rng = np.random.default_rng(12)
    for n, v in [(1, 3), (25, 8), (400, 65)]:
        p = rng.dirichlet(np.ones(v), size=n) + 1e-12
        p /= p.sum(axis=1, keepdims=True)
        t = rng.integers(0, v, size=n)
        want = np.exp(-np.mean(np.log(np.take_along_axis(p, t[:, None], axis=1))))
        gradelib.check_close(perplexity(p, t), want, name="perplexity",
                             inputs={"probs": p, "targets": t}, mistakes=PERPLEXITY)


def reference_bigram(ids, vocab_size, k):
    """Add-k bigram rows by a plain loop over the pairs; a row without counts is uniform."""
    counts = np.zeros((vocab_size, vocab_size))
    for a, b in zip(ids[:-1], ids[1:], strict=True):
        counts[a, b] += 1
    counts += k
    totals = counts.sum(axis=1, keepdims=True)
    return np.where(totals > 0, counts / np.where(totals > 0, totals, 1), 1 / vocab_size)


def test_fit_bigram(student):
    fit_bigram = student.function("fit_bigram")
    # a tiny text counted by hand: ids 0 1 0 2 0 1, so the pairs are
    # 0->1, 1->0, 0->2, 2->0, 0->1: row 0 counts [0, 2, 1], row 1 [1, 0, 0], row 2 [1, 0, 0]
    tiny = np.array([0, 1, 0, 2, 0, 1])
    by_hand = {
        0.0: [[0, 2 / 3, 1 / 3], [1, 0, 0], [1, 0, 0]],                 # relative frequencies
        1.0: [[1 / 6, 3 / 6, 2 / 6], [2 / 4, 1 / 4, 1 / 4], [2 / 4, 1 / 4, 1 / 4]],  # Laplace
    }
    for k, want in by_hand.items():
        inputs = {"ids": tiny, "vocab_size": 3, "k": k}
        got = fit_bigram(**inputs)
        gradelib.check_shape(got, (3, 3), name="fit_bigram", inputs=inputs)
        gradelib.check_close(got, want, name="fit_bigram", inputs=inputs, mistakes=FIT_BIGRAM)

    # stored cases: token 4 never occurs and token 5 only at the end (uniform rows)
    for case in EXPECTED["bigram"]:
        inputs = {"ids": np.array(case["ids"]), "vocab_size": case["vocab_size"],
                  "k": case["k"]}
        got = fit_bigram(**inputs)
        gradelib.check_shape(got, (6, 6), name="fit_bigram", inputs=inputs)
        for row in np.asarray(got):
            gradelib.check_distribution(row, name="fit_bigram (each row)", inputs=inputs)
        gradelib.check_close(got, case["expected"], name="fit_bigram", inputs=inputs,
                             mistakes=FIT_BIGRAM)

    # a huge k drowns the counts: every row tends to uniform
    inputs = {"ids": tiny, "vocab_size": 3, "k": 1e9}
    gradelib.check_close(fit_bigram(**inputs), np.full((3, 3), 1 / 3), rtol=1e-6,
                         name="fit_bigram", inputs=inputs)

    rng = np.random.default_rng(13)
    for v, n, k in [(4, 2, 0.0), (10, 500, 0.1), (30, 2000, 1.0), (8, 60, 0.0), (5, 200, 3.0)]:
        ids = rng.integers(0, v - 1, size=n)     # the last token never occurs
        gradelib.check_close(fit_bigram(ids, v, k), reference_bigram(ids, v, k),
                             name="fit_bigram", inputs={"ids": ids, "vocab_size": v, "k": k},
                             mistakes=FIT_BIGRAM)
    # a Python list works too
    gradelib.check_close(fit_bigram([2, 2, 2, 0], 3, 0.5), reference_bigram([2, 2, 2, 0], 3, 0.5),
                         name="fit_bigram", inputs={"ids": [2, 2, 2, 0], "vocab_size": 3, "k": 0.5},
                         mistakes=FIT_BIGRAM)
    try:
        fit_bigram(tiny, 3, -0.5)
    except ValueError:
        pass
    else:
        gradelib.fail("fit_bigram", {"ids": tiny, "vocab_size": 3, "k": -0.5},
                      "It should raise ValueError for k < 0.")
