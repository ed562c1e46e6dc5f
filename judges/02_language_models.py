"""Hidden tests of 02_language_models, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import json

import numpy as np
from sklearn.metrics import log_loss

import gradelib
from gradelib import charlm
from gradelib.i18n import add, text
from gradelib.mistakes import CROSS_ENTROPY, FIT_BIGRAM, PERPLEXITY
from gradelib.models import check_model, from_spec

EXPECTED = json.loads(gradelib.data_path("02_language_models", "expected.json").read_text())

add({
    "judge 02: probs 1-D": {
        "en": "probs is 1-D, not (N, V)",
        "ko": "probs가 (N, V)가 아니라 1차원입니다",
    },
    "judge 02: rows and targets": {
        "en": "probs has 3 rows but targets has 2 entries",
        "ko": "probs는 3행인데 targets의 원소는 2개입니다",
    },
    "judge 02: targets shape": {
        "en": "targets has shape (3, 1), not (3,)",
        "ko": "targets의 모양이 (3,)이 아니라 (3, 1)입니다",
    },
    "judge 02: probs 3-D": {
        "en": "probs is 3-D, not (N, V)",
        "ko": "probs가 (N, V)가 아니라 3차원입니다",
    },
    "judge 02: each row": {
        "en": "fit_bigram (each row)",
        "ko": "fit_bigram (각 행)",
    },
    "judge 02: k negative": {
        "en": "k is negative",
        "ko": "k가 음수입니다",
    },
    "judge 02: hint LSTM": {
        "en": "Stack num_layers LSTM layers, each LSTM(units, return_sequences=True).",
        "ko": "LSTM 층을 num_layers개 쌓으세요. 각 층은 LSTM(units, return_sequences=True)입니다.",
    },
    "judge 02: hint Dropout": {
        "en": "Put one Dropout(dropout) after each LSTM when dropout > 0, and none when "
              "dropout is 0.",
        "ko": "dropout > 0이면 각 LSTM 뒤에 Dropout(dropout)을 하나씩 두고, dropout이 0이면 "
              "하나도 두지 마세요.",
    },
    "judge 02: hint Dense logits for the loss": {
        "en": "End with one Dense(vocab_size) and no activation: logits for the loss.",
        "ko": "활성화 함수 없는 Dense(vocab_size) 하나로 끝내세요: 손실에 넣을 로짓입니다.",
    },
    "judge 02: hint Embedding": {
        "en": "Start with one Embedding(vocab_size, embed_dim) on the int ids.",
        "ko": "정수 id를 받는 Embedding(vocab_size, embed_dim) 하나로 시작하세요.",
    },
    "judge 02: hint Conv1D": {
        "en": "Use num_layers Conv1D layers, the i-th with dilation_rate=2**i.",
        "ko": "Conv1D 층을 num_layers개 쓰고, i번째 층은 dilation_rate=2**i로 하세요.",
    },
    "judge 02: hint Dense logits": {
        "en": "End with one Dense(vocab_size) and no activation: logits.",
        "ko": "활성화 함수 없는 Dense(vocab_size) 하나로 끝내세요: 출력은 로짓입니다.",
    },
})


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
    uniform, uniform_targets = np.full((6, 4), 0.25), np.array([0, 1, 2, 3, 3, 1])
    gradelib.check_close(cross_entropy(uniform, uniform_targets), np.log(4),
                         name="cross_entropy",
                         inputs={"probs": uniform, "targets": uniform_targets},
                         mistakes=CROSS_ENTROPY)
    sure = np.eye(3)
    gradelib.check_close(cross_entropy(sure, np.arange(3)), 0.0, name="cross_entropy",
                         inputs={"probs": sure, "targets": np.arange(3)},
                         mistakes=CROSS_ENTROPY)

    rng = np.random.default_rng(11)
    for n, v in [(1, 2), (7, 5), (300, 30)]:
        p = rng.dirichlet(np.full(v, 0.5), size=n) + 1e-12
        p /= p.sum(axis=1, keepdims=True)
        t = rng.integers(0, v, size=n)
        want = -np.mean(np.log(np.take_along_axis(p, t[:, None], axis=1)))
        gradelib.check_close(cross_entropy(p, t), want, name="cross_entropy",
                             inputs={"probs": p, "targets": t}, mistakes=CROSS_ENTROPY)
    # int32 targets and float32 probabilities, as arrays from a model would be
    p32 = np.array([[0.5, 0.5], [0.1, 0.9]], dtype=np.float32)
    t32 = np.array([1, 1], dtype=np.int32)
    gradelib.check_close(cross_entropy(p32, t32), -(np.log(0.5) + np.log(0.9)) / 2, rtol=1e-6,
                         name="cross_entropy", inputs={"probs": p32, "targets": t32},
                         mistakes=CROSS_ENTROPY)


BAD_SHAPES = [
    (np.full(4, 0.25), np.array([1]), "judge 02: probs 1-D"),
    (np.full((3, 4), 0.25), np.array([0, 1]), "judge 02: rows and targets"),
    (np.full((3, 4), 0.25), np.array([[0], [1], [2]]), "judge 02: targets shape"),
    (np.full((2, 3, 4), 0.25), np.array([0, 1]), "judge 02: probs 3-D"),
]


def test_cross_entropy_validation(student):
    cross_entropy = student.function("cross_entropy")
    for probs, targets, problem in BAD_SHAPES:
        gradelib.check_raises(cross_entropy, {"probs": probs, "targets": targets},
                              problem=text(problem))


def test_perplexity_validation(student):
    perplexity = student.function("perplexity")
    for probs, targets, problem in BAD_SHAPES:
        gradelib.check_raises(perplexity, {"probs": probs, "targets": targets},
                              problem=text(problem))


def test_perplexity(student):
    perplexity = student.function("perplexity")
    # the book's two examples: the right word with probability 0.8, then 0.2
    for p_right, want in [(0.8, 1.25), (0.2, 5.0)]:
        probs = np.array([[p_right, 1 - p_right]])
        gradelib.check_close(perplexity(probs, np.array([0])), want, name="perplexity",
                             inputs={"probs": probs, "targets": np.array([0])},
                             mistakes=PERPLEXITY)
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
            gradelib.check_distribution(row, name=text("judge 02: each row"), inputs=inputs)
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


def test_fit_bigram_validation(student):
    fit_bigram = student.function("fit_bigram")
    for k in [-0.5, -1e-9]:
        gradelib.check_raises(fit_bigram, {"ids": np.array([0, 1, 0, 2]), "vocab_size": 3,
                                           "k": k}, problem=text("judge 02: k negative"))


LM_HINTS = {"LSTM": "judge 02: hint LSTM", "Dropout": "judge 02: hint Dropout",
            "Dense": "judge 02: hint Dense logits for the loss",
            "Embedding": "judge 02: hint Embedding"}


def hints(keys: dict[str, str]) -> dict[str, str]:
    """{layer: hint} in the current language."""
    return {layer: text(key) for layer, key in keys.items()}


def test_build_char_lm(student):
    rng = np.random.default_rng(21)
    for lm_args in [{"vocab_size": 11, "embed_dim": 4, "units": 8},
                    {"vocab_size": 7, "embed_dim": 3, "units": 5, "num_layers": 2,
                     "dropout": 0.25},
                    {"vocab_size": 13, "embed_dim": 6, "units": 4, "num_layers": 3,
                     "dropout": 0.1},
                    {"vocab_size": 5, "embed_dim": 2, "units": 3, "num_layers": 1,
                     "dropout": 0.5}]:
        layers, rate = lm_args.get("num_layers", 1), lm_args.get("dropout", 0.0)
        model = from_spec(student.call("build_char_lm", **lm_args), name="build_char_lm",
                          inputs=lm_args)
        for time in [9, 4, 1]:
            sample = rng.integers(0, lm_args["vocab_size"], size=(3, time))
            check_model(model, name="build_char_lm", inputs=lm_args, sample=sample,
                        output_shape=(3, time, lm_args["vocab_size"]),
                        params=charlm.lstm_lm_params(lm_args["vocab_size"],
                                                     lm_args["embed_dim"], lm_args["units"],
                                                     layers),
                        layers={"Embedding": 1, "LSTM": layers,
                                "Dropout": layers if rate else 0, "Dense": 1},
                        absent=["SimpleRNN", "GRU", "Softmax"], hints=hints(LM_HINTS))
        sample = rng.integers(0, lm_args["vocab_size"], size=(2, 6))
        charlm.check_logits(model, sample, name="build_char_lm", inputs=lm_args)
        charlm.check_dropout(model, rate, name="build_char_lm", inputs=lm_args)
        charlm.check_causal(model, sample, name="build_char_lm", inputs=lm_args)


CONV_HINTS = {"Conv1D": "judge 02: hint Conv1D", "Dense": "judge 02: hint Dense logits"}


def test_build_conv_lm(student):
    rng = np.random.default_rng(22)
    for conv_args in [{"vocab_size": 9, "embed_dim": 4, "filters": 6, "kernel_size": 3,
                       "num_layers": 2},
                      {"vocab_size": 6, "embed_dim": 3, "filters": 5, "kernel_size": 2,
                       "num_layers": 3},
                      {"vocab_size": 12, "embed_dim": 5, "filters": 4, "kernel_size": 4,
                       "num_layers": 1}]:
        model = from_spec(student.call("build_conv_lm", **conv_args), name="build_conv_lm",
                          inputs=conv_args)
        field = 1 + (conv_args["kernel_size"] - 1) * (2 ** conv_args["num_layers"] - 1)
        sample = rng.integers(0, conv_args["vocab_size"], size=(2, field + 3))
        check_model(model, name="build_conv_lm", inputs=conv_args, sample=sample,
                    output_shape=(2, field + 3, conv_args["vocab_size"]),
                    params=charlm.conv_lm_params(**conv_args),
                    layers={"Embedding": 1, "Conv1D": conv_args["num_layers"], "Dense": 1},
                    absent=["LSTM", "MaxPooling1D", "Softmax"], hints=hints(CONV_HINTS))
        charlm.check_logits(model, sample, name="build_conv_lm", inputs=conv_args)
        charlm.check_causal(model, sample, name="build_conv_lm", inputs=conv_args,
                            receptive_field=field)
