"""Hidden tests of 03_sampling_strategies, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import keras
import numpy as np
from scipy.special import softmax
from scipy.stats import entropy as scipy_entropy

import gradelib
from gradelib import charlm, wire
from gradelib.i18n import add, text
from gradelib.mistakes import (
    ENTROPY,
    REWEIGHT_DISTRIBUTION,
    SAMPLE_NEXT,
    TOP_K_FILTER,
    TOP_P_FILTER,
)
from gradelib.mistakes.sampling import GENERATE, GENERATE_GREEDY

EXPECTED = json.loads(gradelib.data_path("03_sampling_strategies", "expected.json").read_text())
TOY_P = np.array([0.4, 0.3, 0.15, 0.1, 0.05])   # the notebook's toy_p

add({
    "judge 03: temperature not positive": {
        "en": "It should raise ValueError for a temperature <= 0.",
        "ko": "temperature <= 0이면 ValueError를 일으켜야 합니다.",
    },
    "judge 03: greedy argmax": {
        "en": "Greedy sampling (temperature 0) must return argmax(p) = {argmax}; it returned "
              "{got}.",
        "ko": "탐욕적 샘플링(temperature 0)은 argmax(p) = {argmax}을(를) 반환해야 하는데 "
              "{got}을(를) 반환했습니다.",
    },
    "judge 03: same seed draws": {
        "en": "Two generators with the same seed gave different draws: draw from the `rng` "
              "argument, not from np.random or the random module.",
        "ko": "같은 시드의 난수 생성기 두 개가 서로 다른 값을 뽑았습니다: np.random이나 random "
              "모듈이 아니라 `rng` 인자에서 뽑으세요.",
    },
    "judge 03: one index per call": {
        "en": "It should return one integer index per call.",
        "ko": "호출마다 정수 인덱스 하나를 반환해야 합니다.",
    },
    "judge 03: zero probability drawn": {
        "en": "It drew an index whose probability is 0: {indices}.",
        "ko": "확률이 0인 인덱스를 뽑았습니다: {indices}.",
    },
    "judge 03: k out of range": {
        "en": "It should raise ValueError for k outside [1, V].",
        "ko": "k가 [1, V] 밖이면 ValueError를 일으켜야 합니다.",
    },
    "judge 03: top_p out of range": {
        "en": "It should raise ValueError for top_p outside (0, 1].",
        "ko": "top_p가 (0, 1] 밖이면 ValueError를 일으켜야 합니다.",
    },
    "judge 03: greedy rows": {
        "en": "the greedy rows (temperature 0)",
        "ko": "탐욕적으로 생성한 행(temperature 0)",
    },
    "judge 03: no chars shape": {
        "en": "With n_chars = 0 it should return shape (2, 0), got {shape}.",
        "ko": "n_chars = 0이면 모양 (2, 0)을 반환해야 하는데 {shape}을(를) 반환했습니다.",
    },
    "judge 03: mixed rows": {
        "en": "Row 0 (temperature 0) should be greedy, the argmax at every step, in a batch "
              "with a row at 0.5.",
        "ko": "temperature 0.5인 행과 한 배치에 있어도 0번 행(temperature 0)은 탐욕적이어야 "
              "합니다: 매 시점 argmax를 고르세요.",
    },
    "judge 03: same seed texts": {
        "en": "Two generators with the same seed gave different texts: draw only from the "
              "`rng` argument.",
        "ko": "같은 시드의 난수 생성기 두 개가 서로 다른 텍스트를 만들었습니다: `rng` 인자에서만 "
              "뽑으세요.",
    },
    "judge 03: prompt empty": {"en": "the prompt is empty", "ko": "프롬프트가 비어 있습니다"},
    "judge 03: prompt 2-D": {"en": "the prompt is 2-D", "ko": "프롬프트가 2차원입니다"},
    "judge 03: n_chars negative": {"en": "n_chars is negative", "ko": "n_chars가 음수입니다"},
    "judge 03: temperature negative": {
        "en": "a temperature is negative",
        "ko": "음수인 temperature가 있습니다",
    },
    "judge 03: context 0": {"en": "context is 0", "ko": "context가 0입니다"},
    "judge 03: samples not stored": {
        "en": "After on_epoch_end({epoch}) it should store callback.samples[{key}] (Keras "
              "counts epochs from 0).",
        "ko": "on_epoch_end({epoch}) 다음에는 callback.samples[{key}]에 저장해야 합니다"
              "(Keras는 에포크를 0부터 셉니다).",
    },
    "judge 03: samples keys": {
        "en": "callback.samples[{key}] has keys {keys}, expected the temperatures "
              "{temperatures}.",
        "ko": "callback.samples[{key}]의 키가 {keys}입니다. 기대한 키는 temperature "
              "{temperatures}입니다.",
    },
    "judge 03: greedy sample": {
        "en": "the sample stored for T=0.0 (greedy)",
        "ko": "T=0.0(탐욕적)으로 저장한 샘플",
    },
    "judge 03: no printed line": {
        "en": "No printed line starts with 'T={t}'; it printed:\n{printed}",
        "ko": "'T={t}'로 시작하는 출력 줄이 없습니다. 출력한 내용:\n{printed}",
    },
})


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
                          text("judge 03: temperature not positive"))


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
                          text("judge 03: greedy argmax", argmax=np.argmax(p), got=got))
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
                      text("judge 03: same seed draws"))
    p = np.array([0.0, 0.6, 0.0, 0.4])
    draws = student.repeat("sample_next", 300, p, 0.8, np.random.default_rng(7))
    try:
        draws = {scalar(d) for d in draws}
    except TypeError:   # unhashable: not one index per call
        gradelib.fail("sample_next", {"p": p, "temperature": 0.8},
                      text("judge 03: one index per call"))
    if draws - {1, 3}:
        gradelib.fail("sample_next", {"p": p, "temperature": 0.8},
                      text("judge 03: zero probability drawn",
                           indices=sorted(draws - {1, 3})))
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
                          text("judge 03: k out of range"))


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
                          text("judge 03: top_p out of range"))


# ---- the generation loop and the callback --------------------------------------------

def char_lm(vocab_size, embed_dim, units):
    char_ids = keras.Input(shape=(None,), dtype="int32")
    hidden = keras.layers.Embedding(vocab_size, embed_dim)(char_ids)
    hidden = keras.layers.LSTM(units, return_sequences=True)(hidden)
    return keras.Model(char_ids, keras.layers.Dense(vocab_size)(hidden))


def random_lm(seed, vocab_size=7, embed_dim=3, units=6):
    """A tiny char LSTM with random weights (scaled up, so that its greedy choices are
    far from ties), as the judge sends it: a wire.ModelSpec, and the model itself."""
    keras.utils.set_random_seed(seed)
    model = char_lm(vocab_size, embed_dim, units)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(scale=1.5, size=w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return wire.ModelSpec(model.to_json(), model.get_weights()), model


def fixed_lm(logits):
    """A model whose logits are ``logits`` at every step, whatever it reads."""
    v = len(logits)
    model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"),
                              keras.layers.Embedding(v, v)])
    model.set_weights([np.tile(np.asarray(logits, dtype=np.float32), (v, 1))])
    return wire.ModelSpec(model.to_json(), model.get_weights())


def reference_greedy(model, prompt, n_chars, context, variant=None):
    """Greedy continuation by a plain loop; ``variant`` makes a known mistake (the keys
    of GENERATE_GREEDY)."""
    prompt = [int(i) for i in prompt]
    ids = list(prompt)
    for _ in range(n_chars):
        reads = {"not_fed_back": prompt[-context:], "whole_text": ids,
                 "context_minus_1": ids[-(context - 1):] if context > 1 else ids[-1:],
                 "context_plus_1": ids[-(context + 1):]}.get(variant, ids[-context:])
        logits = np.asarray(model.predict_on_batch(np.array([reads], dtype=np.int32)))
        ids.append(int(np.argmax(logits[0, 0 if variant == "first_position" else -1])))
    return np.array(ids[len(prompt):])


def greedy_case(model, prompt, n_chars, context):
    """The right greedy ids and those of each known mistake that gives other ids."""
    want = reference_greedy(model, prompt, n_chars, context)
    variants = {key: reference_greedy(model, prompt, n_chars, context, key)
                for key in GENERATE_GREEDY}
    return want, {k: v for k, v in variants.items() if not np.array_equal(v, want)}


def check_draws(ids, logits, temperature, name):
    """gradelib.check_sampler on ids drawn from fixed logits at ``temperature`` (a
    correct loop fails with probability 0.001)."""
    ids = np.asarray(ids)
    draws = iter(ids.ravel().tolist())
    gradelib.check_sampler(lambda rng: next(draws), softmax(logits / temperature), n=ids.size,
                           name=name, inputs={"logits": logits, "temperature": temperature},
                           mistakes=GENERATE)


def test_generate(student):
    # the draws at T > 0 from fixed logits: rows x steps draws, chi-square at 0.001 each
    logits = np.array([1.5, -0.5, 0.8, 0.0, 1.0, -1.0])
    fixed = fixed_lm(logits)
    for t, seed in [(0.7, 2), (3.0, 4)]:
        rows = student.call("generate", fixed, np.array([0, 3]), 40, [t] * 50,
                            np.random.default_rng(seed), context=2)
        check_draws(rows, logits, t, "generate")
    # greedy rows, exactly, against the judge's own loop on tiny random LSTMs
    for seed, prompt, n_chars, context, temperatures in [
            (35, [1, 4, 2], 10, 6, [0.0, 0.0]), (32, [6], 9, 3, [0.0])]:
        spec, model = random_lm(seed)
        want, variants = greedy_case(model, prompt, n_chars, context)
        inputs = {"prompt_ids": np.array(prompt), "n_chars": n_chars,
                  "temperatures": temperatures, "context": context}
        got = student.call("generate", spec, rng=np.random.default_rng(0), **inputs)
        rows = len(temperatures)
        charlm.check_ids(got, np.tile(want, (rows, 1)), name="generate", inputs=inputs,
                         what=text("judge 03: greedy rows"),
                         variants={k: np.tile(v, (rows, 1)) for k, v in variants.items()},
                         mistakes=GENERATE_GREEDY)
    # no ids at all
    got = student.call("generate", fixed, np.array([1, 2]), 0, [0.0, 1.0],
                       np.random.default_rng(0))
    if np.asarray(got).shape != (2, 0):
        gradelib.fail("generate", {"n_chars": 0, "temperatures": [0.0, 1.0]},
                      text("judge 03: no chars shape", shape=np.asarray(got).shape))
    # mixed rows: greedy and sampled rows in one batch, each at its own temperature
    rows = np.asarray(student.call("generate", fixed, np.array([1]), 200, [0.0, 0.5],
                                   np.random.default_rng(5), context=1))
    if not np.all(rows[0] == np.argmax(logits)):
        gradelib.fail("generate", {"temperatures": [0.0, 0.5]}, text("judge 03: mixed rows"))
    check_draws(rows[1], logits, 0.5, "generate")
    # one seed, one text
    first, second = (student.call("generate", fixed, np.array([0]), 10, [1.0, 2.0],
                                  np.random.default_rng(9), context=1) for _ in range(2))
    if not np.array_equal(np.asarray(first), np.asarray(second)):
        gradelib.fail("generate", {"temperatures": [1.0, 2.0]},
                      text("judge 03: same seed texts"))


def test_generate_validation(student):
    spec = fixed_lm([0.0, 1.0, 2.0])
    generate = student.function("generate")
    for bad, problem in [({"prompt_ids": np.array([], dtype=np.int64)}, "prompt empty"),
                         ({"prompt_ids": np.array([[0, 1]])}, "prompt 2-D"),
                         ({"n_chars": -1}, "n_chars negative"),
                         ({"n_chars": -3}, "n_chars negative"),
                         ({"temperatures": [1.0, -0.5]}, "temperature negative"),
                         ({"temperatures": [-2.0]}, "temperature negative"),
                         ({"context": 0}, "context 0")]:
        inputs = {"model": spec, "prompt_ids": np.array([0, 1]), "n_chars": 2,
                  "temperatures": [1.0], "rng": np.random.default_rng(0), **bad}
        gradelib.check_raises(generate, inputs, problem=text(f"judge 03: {problem}"))


def callback_samples(student, spec, epoch, **kwargs):
    """The callback's samples after on_epoch_end(epoch), as {temperature: ids}, and what
    it printed (gradelib.charlm.callback_samples runs it in the kernel)."""
    pairs, printed = student.call("charlm.callback_samples", "TemperatureSampler", spec,
                                  epoch, **kwargs)
    if pairs is None:
        gradelib.fail("TemperatureSampler", kwargs,
                      text("judge 03: samples not stored", epoch=epoch, key=epoch + 1))
    return {t: np.asarray(ids) for t, ids in pairs}, printed


def test_TemperatureSampler(student):
    logits = np.array([1.0, 0.0, 2.0, -1.0, 0.5])
    kwargs = {"prompt_ids": np.array([0]), "temperatures": [0.4, 1.0, 2.5], "n_chars": 300,
              "seed": 8, "context": 1}
    samples, _ = callback_samples(student, fixed_lm(logits), 2, **kwargs)
    for t in kwargs["temperatures"]:
        check_draws(samples[t], logits, t, "TemperatureSampler")
    spec, model = random_lm(41)
    prompt, n_chars = np.array([2, 5, 1]), 9
    want, _ = greedy_case(model, prompt, n_chars, 4)
    for temperatures, epoch in [([0.0, 0.5, 2.0], 4), ([1.5, 0.0], 0)]:
        kwargs = {"prompt_ids": prompt, "temperatures": temperatures, "n_chars": n_chars,
                  "seed": 3, "context": 4}
        samples, printed = callback_samples(student, spec, epoch, **kwargs)
        if list(samples) != temperatures:
            gradelib.fail("TemperatureSampler", kwargs,
                          text("judge 03: samples keys", key=epoch + 1, keys=list(samples),
                               temperatures=temperatures))
        charlm.check_ids(samples[0.0], want, name="TemperatureSampler", inputs=kwargs,
                         what=text("judge 03: greedy sample"))
        for t in temperatures:
            if not any(line.startswith(f"T={t}") for line in printed.splitlines()):
                gradelib.fail("TemperatureSampler", kwargs,
                              text("judge 03: no printed line", t=t, printed=printed[:500]))
