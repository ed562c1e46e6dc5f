"""Hidden tests of 03_sampling_strategies, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import numpy as np
from scipy.special import softmax
from scipy.stats import entropy as scipy_entropy

import gradelib
from gradelib.mistakes import (
    ENTROPY,
    REWEIGHT_DISTRIBUTION,
    SAMPLE_NEXT,
    TOP_K_FILTER,
    TOP_P_FILTER,
)

EXPECTED = json.loads(gradelib.data_path("03_sampling_strategies", "expected.json").read_text())
TOY_P = np.array([0.4, 0.3, 0.15, 0.1, 0.05])   # the notebook's toy_p


def scalar(value):
    """A 0-d array from the kernel (a NumPy scalar the student returned) as a Python one."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def check_sampler(student, p, temperature, expected_probs, *, seed=0, n=5000):
    """gradelib.check_sampler on sample_next(p, temperature, rng): the kernel makes the n
    draws in one call, sharing one Generator seeded with ``seed`` as check_sampler's loop
    would, and check_sampler reads them back in turn."""
    draws = iter(student.repeat("sample_next", n, p, temperature, np.random.default_rng(seed)))
    gradelib.check_sampler(lambda rng: next(draws), expected_probs, name="sample_next",
                           seed=seed, n=n, inputs={"p": p, "temperature": temperature},
                           mistakes=SAMPLE_NEXT)


def test_reweight_distribution(student):
    reweight_distribution = student.function("reweight_distribution")
    for case in EXPECTED["reweight"]:
        inputs = {"p": np.array(case["p"]), "temperature": case["temperature"]}
        got = reweight_distribution(**inputs)
        gradelib.check_distribution(got, name="reweight_distribution", inputs=inputs)
        gradelib.check_close(got, case["expected"], name="reweight_distribution",
                             inputs=inputs, mistakes=REWEIGHT_DISTRIBUTION)
    gradelib.check_close(reweight_distribution(TOY_P, 1.0), TOY_P, name="reweight_distribution",
                         inputs={"p": TOY_P, "temperature": 1.0})
    for p, t in [([0.0, 0.5, 0.5], 0.7), ([1e-4, 0.3, 0.6999], 0.01), ([0.2, 0.2, 0.6], 50.0)]:
        inputs = {"p": np.array(p), "temperature": t}
        with np.errstate(divide="ignore"):
            want = softmax(np.log(np.array(p)) / t)
        got = reweight_distribution(**inputs)
        gradelib.check_distribution(got, name="reweight_distribution", inputs=inputs)
        gradelib.check_close(got, want, name="reweight_distribution", inputs=inputs,
                             mistakes=REWEIGHT_DISTRIBUTION)
    for t in [0.0, -1.0]:
        try:
            reweight_distribution(TOY_P, t)
        except ValueError:
            pass
        else:
            gradelib.fail("reweight_distribution", {"p": TOY_P, "temperature": t},
                          "It should raise ValueError for a temperature <= 0.")


def test_entropy(student):
    entropy = student.function("entropy")
    for case in EXPECTED["entropy"]:
        inputs = {"p": np.array(case["p"])}
        gradelib.check_close(entropy(**inputs), case["expected"], name="entropy", inputs=inputs,
                             mistakes=ENTROPY)
    uniform = np.full(4, 0.25)
    gradelib.check_close(entropy(uniform), np.log(4), name="entropy", inputs={"p": uniform},
                         mistakes=ENTROPY)
    one_hot = np.array([0.0, 1.0, 0.0])
    gradelib.check_close(entropy(one_hot), 0.0, name="entropy", inputs={"p": one_hot},
                         mistakes=ENTROPY)
    rng = np.random.default_rng(3)
    for size in [2, 10, 1000]:
        p = rng.dirichlet(np.full(size, 0.3))
        p[rng.random(size) < 0.2] = 0.0
        p /= p.sum()
        gradelib.check_close(entropy(p), scipy_entropy(p), name="entropy", inputs={"p": p},
                             mistakes=ENTROPY)


def test_sample_next(student):
    sample_next = student.function("sample_next")
    for p in [TOY_P, np.array([0.1, 0.2, 0.7]), np.array([0.05, 0.9, 0.05])]:
        got = scalar(sample_next(p, 0, np.random.default_rng(0)))
        if got != np.argmax(p):
            gradelib.fail("sample_next", {"p": p, "temperature": 0},
                          f"Greedy sampling (temperature 0) must return argmax(p) = "
                          f"{np.argmax(p)}; it returned {got}.")
    for case in [EXPECTED["reweight"][2], EXPECTED["reweight"][3]]:
        check_sampler(student, np.array(case["p"]), case["temperature"], case["expected"])
    p = np.array(EXPECTED["reweight"][2]["p"])
    check_sampler(student, p, 1.0, p)
    # the cell calls sample_next 20 times, each with a new Generator seeded 42, and again;
    # here two runs of 20 calls sharing one Generator seeded 42 must agree (one call each)
    first, second = (student.repeat("sample_next", 20, TOY_P, 1.0, np.random.default_rng(42))
                     for _ in range(2))
    if [scalar(d) for d in first] != [scalar(d) for d in second]:
        gradelib.fail("sample_next", {"p": TOY_P, "temperature": 1.0},
                      "Two generators with the same seed gave different draws: draw from the "
                      "`rng` argument, not from np.random or the random module.")
    p = np.array([0.0, 0.6, 0.0, 0.4])
    draws = student.repeat("sample_next", 300, p, 0.8, np.random.default_rng(7))
    try:
        draws = {scalar(d) for d in draws}
    except TypeError:   # unhashable: not one index per call
        gradelib.fail("sample_next", {"p": p, "temperature": 0.8},
                      "It should return one integer index per call.")
    if draws - {1, 3}:
        gradelib.fail("sample_next", {"p": p, "temperature": 0.8},
                      f"It drew an index whose probability is 0: {sorted(draws - {1, 3})}.")
    with np.errstate(divide="ignore"):
        want = np.exp(np.log([0.2, 0.3, 0.5]) / 3.0)
    check_sampler(student, np.array([0.2, 0.3, 0.5]), 3.0, want / want.sum(), seed=11)


def test_top_k_filter(student):
    top_k_filter = student.function("top_k_filter")
    p = np.array([0.1, 0.4, 0.2, 0.3])
    for k, want in [(2, [0, 0.4 / 0.7, 0, 0.3 / 0.7]), (1, [0, 1, 0, 0]), (4, p)]:
        inputs = {"p": p, "k": k}
        gradelib.check_close(top_k_filter(**inputs), want, name="top_k_filter", inputs=inputs,
                             mistakes=TOP_K_FILTER)
    ties = np.full(4, 0.25)
    gradelib.check_close(top_k_filter(ties, 2), [0.5, 0.5, 0, 0], name="top_k_filter",
                         inputs={"p": ties, "k": 2}, mistakes=TOP_K_FILTER)
    rng = np.random.default_rng(5)
    for _ in range(3):
        p = rng.dirichlet(np.ones(12))
        k = int(rng.integers(1, 12))
        keep = np.argsort(-p, kind="stable")[:k]
        want = np.zeros(12)
        want[keep] = p[keep] / p[keep].sum()
        gradelib.check_close(top_k_filter(p, k), want, name="top_k_filter",
                             inputs={"p": p, "k": k}, mistakes=TOP_K_FILTER)
    for bad_k in [0, 5]:
        try:
            top_k_filter(np.full(4, 0.25), bad_k)
        except ValueError:
            pass
        else:
            gradelib.fail("top_k_filter", {"p": np.full(4, 0.25), "k": bad_k},
                          "It should raise ValueError for k outside [1, V].")


def test_top_p_filter(student):
    top_p_filter = student.function("top_p_filter")
    p = np.array([0.1, 0.4, 0.2, 0.3])
    for top_p, want in [(0.6, [0, 0.4 / 0.7, 0, 0.3 / 0.7]), (0.7, [0, 0.4 / 0.7, 0, 0.3 / 0.7]),
                        (0.3, [0, 1, 0, 0]), (1.0, p)]:
        inputs = {"p": p, "top_p": top_p}
        gradelib.check_close(top_p_filter(**inputs), want, name="top_p_filter", inputs=inputs,
                             mistakes=TOP_P_FILTER)
    rng = np.random.default_rng(6)
    for _ in range(4):
        p = rng.dirichlet(np.ones(15) * 0.5)
        top_p = float(rng.uniform(0.05, 0.99))
        order = np.argsort(-p, kind="stable")
        n = min(int(np.sum(np.cumsum(p[order]) < top_p - 1e-12)) + 1, 15)
        want = np.zeros(15)
        want[order[:n]] = p[order[:n]] / p[order[:n]].sum()
        gradelib.check_close(top_p_filter(p, top_p), want, name="top_p_filter",
                             inputs={"p": p, "top_p": top_p}, mistakes=TOP_P_FILTER)
    for bad in [0.0, 1.5]:
        try:
            top_p_filter(np.full(4, 0.25), bad)
        except ValueError:
            pass
        else:
            gradelib.fail("top_p_filter", {"p": np.full(4, 0.25), "top_p": bad},
                          "It should raise ValueError for top_p outside (0, 1].")
