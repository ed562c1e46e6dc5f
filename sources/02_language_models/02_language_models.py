# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Language models: cross-entropy, perplexity, n-grams and the RNNLM
#
# **What you will learn**
#
# - what a language model is: a probability for every sequence, built from the
#   probability of each next token given the ones before it;
# - how to score a language model on text it never saw: per-token cross-entropy (in
#   nats or bits) and perplexity, the measure the notes name for language models;
# - the simplest real language model, a smoothed bigram model, and why it needs
#   smoothing;
# - why a window-based model such as CBOW is a poor language model, and how a
#   recurrent language model (RNNLM) uses the whole history instead.
#
# You will implement cross-entropy, perplexity and an add-k smoothed bigram model, build
# a character-level LSTM language model and a causal 1-D convolutional one in Keras,
# and fill a held-out perplexity table on the same text: uniform, unigram, bigram, your
# char LSTM (one layer, two stacked layers, with dropout) and your causal Conv1D model.
#
# | English | the notes' term |
# |---|---|
# | language model | 언어 모델 |
# | perplexity | 혼란도 |
# | recurrent neural network language model (RNNLM) | RNNLM, 순환신경망 언어 모델 |
# | time-series data | 시계열 데이터 |
#
# Notes covered: 002 (Saitoh, *Deep Learning from Scratch 2*, ch. 5-6: 언어 모델,
# CBOW as a language model, RNNLM, perplexity).
# **Prerequisites:** notebook 01 (RNN and LSTM steps); logarithms and `np.log`.
# **Time:** about an hour and a half; the notebook runs in about 4 minutes on a laptop
# CPU.
#
# Check your work from a terminal with
# `gradelib check notebooks/02_language_models/02_language_models.ipynb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    import gradelib
except ModuleNotFoundError as exc:  # opened outside the course: say what to install
    raise ModuleNotFoundError(
        "This notebook needs the course's gradelib package, which this kernel cannot "
        "import. Get the course folder (a checkout of its repository), run "
        "`pip install -e .` inside it (README, Quickstart), and choose that Python "
        "environment as this notebook's kernel; in a hosted notebook service, run "
        "`%pip install -e /path/to/the/course` in a cell and restart the kernel."
    ) from exc

import json

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import log_loss

from gradelib import charlm, diagrams
from gradelib.mistakes import CROSS_ENTROPY, FIT_BIGRAM, PERPLEXITY
from gradelib.models import check_model

gradelib.setup(seed=0)
expected = json.loads(gradelib.data_path("02_language_models", "expected.json").read_text())


# %% [markdown]
# ## 1. A language model gives every sequence a probability (언어 모델)
#
# The notes: a language model *assigns a probability to a sequence of words and so
# judges how natural it is* (단어 나열에 확률을 부여하여, 얼마나 자연스러운지 확률로 평가).
# By the chain rule of probability, the probability of a sequence $w_1, \dots, w_T$ is a
# product of next-token probabilities:
#
# $$ P(w_1, \dots, w_T) = \prod_{t=1}^{T} P(w_t \mid w_1, \dots, w_{t-1}). $$
#
# So a model that outputs, at every step, a distribution over the next token (the
# notes: 지금까지 주어진 단어들에서 다음에 출현하는 단어의 확률분포를 출력) *is* a language
# model. Models differ only in how much of the history $w_1, \dots, w_{t-1}$ they use:
#
# | model | conditions on | parameters |
# |---|---|---|
# | uniform | nothing: every token $1/V$ | none |
# | unigram | nothing: each token's frequency | $V$ |
# | bigram | the previous token $w_{t-1}$ | $V \times V$ |
# | RNNLM (here an LSTM) | all of $w_1, \dots, w_{t-1}$, through its hidden state | fixed, any length |
#
# In this notebook the tokens are characters ($V \approx 70$); everything works the
# same with words ($V \approx 10^4$ or more).
#
# **한국어 요약.** 언어 모델은 단어(토큰) 나열에 확률을 부여해 얼마나 자연스러운지 평가한다. 확률의
# 연쇄 법칙으로 $P(w_1, \dots, w_T) = \prod_{t} P(w_t \mid w_1, \dots, w_{t-1})$이므로, 매 스텝 다음
# 토큰의 확률분포를 출력하는 모델은 곧 언어 모델이다. 모델들은 과거를 얼마나 쓰느냐만 다르다: 균등
# 모델은 아무것도(매개변수 0), 유니그램은 빈도만($V$개), 바이그램은 직전 토큰($V \times V$개),
# RNNLM은 은닉 상태로 과거 전체를 쓴다(길이와 무관한 고정된 매개변수 수). 여기서 토큰은 문자($V \approx 70$)다.

# %% [markdown]
# ## 2. Cross-entropy: how surprised is the model by held-out text?
#
# Take a held-out text the model never trained on. At each position $t$ the model gives
# a probability row $\hat p_t$ over the vocabulary, and the true next token is $y_t$. The
# **per-token cross-entropy** is the mean negative log-likelihood of the true tokens:
#
# $$ H = -\frac{1}{N} \sum_{t=1}^{N} \log \hat p_t[y_t]. $$
#
# With the natural log, $H$ is in **nats**; with $\log_2$ it is in **bits**, and
# $H_{\text{bits}} = H_{\text{nats}} / \ln 2$. This course reports nats, like Keras'
# `SparseCategoricalCrossentropy` (the loss the LSTM trains with). A perfect model has
# $H = 0$; a model that gives the true token probability $1/V$ everywhere has
# $H = \log V$. It is also exactly $-\frac{1}{N}\log P(y_1, \dots, y_N)$: the
# log-probability of the whole text from section 1, per token.
#
# **Exercise 1 (2 points).** Implement `cross_entropy(probs, targets)` in nats. Only
# the probability of each row's target enters the sum: a row may hold zeros for other
# tokens, and they must not turn the result into NaN (pick the target's probability
# first, then take its log).
#
# **계약.** probs (N, V; 행 t는 토큰 t의 분포), targets 정수 (N,), 값은 [0, V) → float ≥ 0 (nats/토큰),
# 정답 확률이 0이면 inf, 다른 칸의 0은 NaN을 만들지 않는다; probs가 2-D가 아니거나 targets 모양이
# (N,)이 아니면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy(probs, targets):
    """Mean negative log-likelihood of the targets, in nats per token.

    Args:
        probs: array of shape (N, V); row t is the model's distribution for token t.
        targets: int array of shape (N,), values in [0, V): the true tokens.

    Returns:
        float >= 0 (inf if a target has probability 0).

    Raises:
        ValueError: if probs is not 2-D or targets does not have shape (N,).
    """
    ### BEGIN SOLUTION
    probs = np.asarray(probs, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.int64)
    if probs.ndim != 2 or targets.shape != probs.shape[:1]:
        raise ValueError(f"need probs (N, V) and targets (N,), got {probs.shape} "
                         f"and {targets.shape}")
    chosen = probs[np.arange(len(targets)), targets]
    return float(-np.mean(np.log(chosen)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_cross_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(0)
for n, v in [(5, 3), (40, 10), (200, 70)]:
    probs = rng.dirichlet(np.ones(v), size=n)
    targets = rng.integers(0, v, size=n)
    inputs = {"probs": probs, "targets": targets}
    # scikit-learn's log_loss is the same mean negative log-likelihood, in nats
    gradelib.check_close(cross_entropy(**inputs), log_loss(targets, probs, labels=np.arange(v)),
                         name="cross_entropy", inputs=inputs, mistakes=CROSS_ENTROPY)
# a uniform model: log V nats; a model sure of every right answer: 0
uniform, uniform_targets = np.full((6, 4), 0.25), np.array([0, 1, 2, 3, 3, 1])
gradelib.check_close(cross_entropy(uniform, uniform_targets), np.log(4), name="cross_entropy",
                     inputs={"probs": uniform, "targets": uniform_targets},
                     mistakes=CROSS_ENTROPY)
sure = np.eye(3)
gradelib.check_close(cross_entropy(sure, np.arange(3)), 0.0, name="cross_entropy",
                     inputs={"probs": sure, "targets": np.arange(3)}, mistakes=CROSS_ENTROPY)
print("cross_entropy: visible tests passed")


# %% [markdown]
# The `ValueError` the docstring promises is graded on its own (1 point), so a correct
# computation keeps its 2 points even before the check is written.

# %% nbgrader={"grade": true, "grade_id": "test_cross_entropy_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(cross_entropy, {"probs": np.full(4, 0.25), "targets": np.array([1])},
                      problem="probs is 1-D, not (N, V)")
gradelib.check_raises(cross_entropy, {"probs": np.full((3, 4), 0.25),
                                      "targets": np.array([0, 1])},
                      problem="probs has 3 rows but targets has 2 entries")
print("cross_entropy validation: visible tests passed")


# %% [markdown]
# **한국어 요약.** 토큰별 교차 엔트로피는 평가용(held-out) 텍스트에서 정답 토큰의 음의 로그 우도 평균
# $H = -\frac{1}{N} \sum_{t} \log \hat p_t[y_t]$이다. 자연로그면 nats, $\log_2$면 bits이고
# $H_{\text{bits}} = H_{\text{nats}} / \ln 2$다(이 강좌는 Keras 손실처럼 nats로 보고한다). 완벽한 모델은
# 0, 모든 정답에 $1/V$를 주는 모델은 $\log V$이며, 텍스트 전체 로그 확률의 토큰당 값과 같다. 정답
# 확률만 먼저 골라 로그를 취하면 다른 칸의 0이 NaN을 만들지 않는다.

# %% [markdown]
# ## 3. Perplexity (혼란도)
#
# The notes name **perplexity** as the measure of a language model's predictions: the
# lower, the better (perplexity가 작을수록 좋은 예측 성능). It is the exponential of the
# per-token cross-entropy,
#
# $$ \text{PPL} = e^{H_{\text{nats}}} = 2^{H_{\text{bits}}}
#    = \Big(\prod_{t=1}^N \hat p_t[y_t]\Big)^{-1/N}, $$
#
# the same number whichever log base you use, as long as you exponentiate in that same
# base. Read it as a **branching factor**: the number of equally likely tokens the
# model is, on average, choosing between. *Deep Learning from Scratch 2*'s example: a
# model that gives the right next word probability 0.8 has perplexity $1/0.8 = 1.25$
# (barely unsure); one that gives it 0.2 has perplexity 5 (as unsure as a choice among
# five). A uniform model over $V$ tokens has perplexity exactly $V$: it has learned
# nothing, and any useful model must do better.
#
# **Exercise 2 (2 points).** Implement `perplexity(probs, targets)` with your
# `cross_entropy`.
#
# **계약.** probs (N, V), targets 정수 (N,) → float ≥ 1 = exp(nats 단위 교차 엔트로피), 균등 모델이면 V,
# 정답 확률이 0이면 inf; ValueError 조건은 cross_entropy와 같다(여러분의 cross_entropy가 던진다).

# %% nbgrader={"grade": false, "grade_id": "perplexity", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perplexity(probs, targets):
    """Perplexity of a model's predictions: exp of the cross-entropy in nats.

    Args:
        probs: array of shape (N, V), one distribution per token.
        targets: int array of shape (N,).

    Returns:
        float >= 1 (inf if a target has probability 0).

    Raises:
        ValueError: if probs is not 2-D or targets does not have shape (N,) (your
            cross_entropy raises it).
    """
    ### BEGIN SOLUTION
    return float(np.exp(cross_entropy(probs, targets)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_perplexity", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
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
                         inputs={"probs": uniform, "targets": targets}, mistakes=PERPLEXITY)
# several tokens: exp of the mean, i.e. the geometric mean of 1 / p, in any log base
probs = np.array([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.7, 0.2, 0.1]])
targets = np.array([0, 1, 2, 2])
inputs = {"probs": probs, "targets": targets}
h_bits = -np.mean(np.log2([0.5, 0.8, 0.6, 0.1]))
gradelib.check_close(perplexity(**inputs), 2 ** h_bits, name="perplexity", inputs=inputs,
                     mistakes=PERPLEXITY)
gradelib.check_close(perplexity(**inputs), np.exp(log_loss(targets, probs, labels=[0, 1, 2])),
                     name="perplexity", inputs=inputs, mistakes=PERPLEXITY)
print("perplexity: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_perplexity_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(perplexity, {"probs": np.full(4, 0.25), "targets": np.array([1])},
                      problem="probs is 1-D, not (N, V)")
gradelib.check_raises(perplexity, {"probs": np.full((3, 4), 0.25),
                                   "targets": np.array([[0], [1], [2]])},
                      problem="targets has shape (3, 1), not (3,)")
print("perplexity validation: visible tests passed")

# %% [markdown]
# The same three numbers for a few toy models of one 4-token text, in nats, bits and
# perplexity. Note how one confident mistake (probability 0.01 on the true token) costs
# more than several mild ones: $-\log$ punishes near-zero probabilities without limit.

# %%
toy_targets = np.array([0, 1, 2, 0])
toy_models = {
    "uniform over 4": np.full((4, 4), 0.25),
    "mostly right": np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1],
                              [0.1, 0.1, 0.7, 0.1], [0.7, 0.1, 0.1, 0.1]]),
    "one confident miss": np.array([[0.97, 0.01, 0.01, 0.01], [0.01, 0.97, 0.01, 0.01],
                                    [0.01, 0.01, 0.97, 0.01], [0.01, 0.97, 0.01, 0.01]]),
}
with gradelib.experiment("toy cross-entropy and perplexity"):
    print(f"{'model':<20} {'nats/token':>10} {'bits/token':>10} {'perplexity':>10}")
    for name, probs in toy_models.items():
        h = cross_entropy(probs, toy_targets)
        print(f"{name:<20} {h:>10.3f} {h / np.log(2):>10.3f} {perplexity(probs, toy_targets):>10.3f}")


# %% [markdown]
# **한국어 요약.** 혼란도(퍼플렉서티)는 언어 모델의 예측 성능 척도로, 작을수록 좋고 로그 밑과 무관하다:
# $\text{PPL} = e^{H_{\text{nats}}} = 2^{H_{\text{bits}}} = (\prod_{t} \hat p_t[y_t])^{-1/N}$.
# 평균 몇 개의 토큰 중에서 고르는지를 뜻하는 분기 수로 읽는다: 정답 확률 0.8이면 1.25, 0.2면 5, $V$개
# 토큰의 균등 모델이면 정확히 $V$다. 토큰 4개의 예에서 균등 모델은 4, 대체로 맞히는 모델은 1.43인데,
# 확신에 찬 오답 한 번(정답 확률 0.01)으로 3.24가 된다: $-\log$는 0에 가까운 확률을 끝없이 벌한다.

# %% [markdown]
# ## 4. The bigram model and smoothing
#
# A bigram model conditions on the previous token only. Counting pairs in the training
# text, $C(a, b)$ = how often $b$ follows $a$, the maximum-likelihood estimate is the
# relative frequency $C(a, b) / \sum_{b'} C(a, b')$. Any pair the training text never
# showed then gets probability 0, and a single such pair in the held-out text makes the
# cross-entropy infinite. **Add-k smoothing** (Laplace smoothing for $k = 1$) adds $k$ to
# every count before normalising:
#
# $$ P(b \mid a) = \frac{C(a, b) + k}{\sum_{b'} C(a, b') + kV}. $$
#
# Store the model as a $V \times V$ matrix `P` with `P[a, b]` $= P(b \mid a)$, so that
# each **row** is a distribution over the next token and `P[ids[:-1]]` gives the
# prediction rows for a whole text at once.
#
# **Exercise 3 (3 points).** Implement `fit_bigram(ids, vocab_size, k)`:
#
# - count every adjacent pair `(ids[t], ids[t + 1])`, including pairs that repeat
#   (careful: `counts[a, b] += 1` with index *arrays* counts a repeated pair once;
#   `np.add.at` or a loop does not);
# - add `k` to every count and normalise each row;
# - a token that never appears before another one (no counts in its row) gets a
#   uniform row $1/V$, also when `k = 0`, without a NaN or a warning;
# - raise `ValueError` for `k < 0` (graded in its own test cell, 1 point).
#
# **계약.** ids 정수 (N,) (N ≥ 2, 값은 [0, V)), vocab_size V, k ≥ 0 → float64 (V, V), P[a, b] = P(b | a),
# 행마다 합 1; 반복되는 쌍도 모두 세고, 카운트가 없는 행은 k = 0이어도 경고·NaN 없이 균등 1/V;
# k < 0이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "fit_bigram", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fit_bigram(ids, vocab_size, k=1.0):
    """Add-k smoothed bigram model.

    Args:
        ids: int array-like of shape (N,), N >= 2, values in [0, vocab_size).
        vocab_size: V.
        k: float >= 0, added to every pair count (k = 1: Laplace smoothing).

    Returns:
        float64 array of shape (V, V); row a is P(next | current = a) and sums to 1.

    Raises:
        ValueError: if k < 0.
    """
    ### BEGIN SOLUTION
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    ids = np.asarray(ids, dtype=np.int64)
    counts = np.zeros((vocab_size, vocab_size))
    np.add.at(counts, (ids[:-1], ids[1:]), 1.0)
    counts += k
    totals = counts.sum(axis=1, keepdims=True)
    uniform_rows = np.full_like(counts, 1.0 / vocab_size)
    return np.divide(counts, totals, out=uniform_rows, where=totals > 0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_fit_bigram", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
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
for case in expected["bigram"]:
    inputs = {"ids": np.array(case["ids"]), "vocab_size": case["vocab_size"], "k": case["k"]}
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
print("fit_bigram: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_fit_bigram_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gradelib.check_raises(fit_bigram, {"ids": np.array([0, 1, 0, 2]), "vocab_size": 3, "k": -0.5},
                      problem="k is negative")
print("fit_bigram validation: visible tests passed")

# %% [markdown]
# **한국어 요약.** 바이그램 모델은 직전 토큰만 보며, 최대우도 추정은 쌍의 상대 빈도다. 학습 텍스트에
# 없던 쌍은 확률 0이 되어, 평가용 텍스트에 그런 쌍이 하나만 있어도 교차 엔트로피가 무한대가 된다.
# add-k 평활화(k = 1이면 라플라스 평활화)는 모든 카운트에 k를 더한 뒤 정규화한다:
# $P(b \mid a) = (C(a, b) + k) / (\sum_{b'} C(a, b') + kV)$. 모델은 각 행이 다음 토큰의 분포인
# $V \times V$ 행렬 `P`이고, 반복되는 쌍도 모두 세며(`np.add.at`), 카운트가 없는 행은 균등 $1/V$다.

# %% [markdown]
# ## 5. Held-out perplexity on real text
#
# The corpus is the one notebook 03 uses: English prose from the docstrings of about 120
# Python standard-library modules, lower-cased, shipped with Python itself
# (`gradelib.load_text_corpus`, no download). The last 10% is held out. Every model is
# scored on exactly the same held-out targets: the characters of 50-character windows
# of the held-out text (`charlm.make_windows`), each predicted from the characters
# before it in its window.

# %%
N_CHARS = 400_000
text = gradelib.load_text_corpus(max_chars=N_CHARS)
vocab = charlm.CharVocab.from_text(text)
V = len(vocab)
train_text, val_text = charlm.split_text(text, val_fraction=0.1)
train_ids, val_ids = vocab.encode(train_text), vocab.encode(val_text)
SEQ_LEN = 50
x_val, y_val = charlm.make_windows(val_ids, SEQ_LEN)
contexts, targets = x_val.ravel(), y_val.ravel()    # previous character, true next one
print(f"{len(text):,} characters, vocabulary of {V}; {len(train_ids):,} for training, "
      f"{len(targets):,} held-out targets")
print(repr(val_text[:200]))

# %% [markdown]
# ### How much smoothing?
#
# The bigram model with several values of $k$, on the held-out targets. With $k = 0$
# every held-out pair the training text never showed has probability 0.

# %%
bigram_ks = [0.0, 0.01, 0.1, 1.0, 10.0, 100.0]
with gradelib.experiment("bigram smoothing"):
    print(f"{'k':>6} {'held-out nats/char':>19} {'perplexity':>10}")
    for k in bigram_ks:
        P = fit_bigram(train_ids, V, k)
        with np.errstate(divide="ignore"):
            h = cross_entropy(P[contexts], targets)
        print(f"{k:>6} {h:>19.3f} {np.exp(h):>10.2f}")
    unseen = int(np.sum(fit_bigram(train_ids, V, 0.0)[contexts, targets] == 0))
    print(f"with k = 0, {unseen} of {len(targets):,} held-out pairs never occur in training "
          f"and get probability 0")

# %% [markdown]
# Any small $k$ does almost equally well here, because with $V = 70$ characters and
# 360,000 training characters most pairs that matter were seen many times. With words
# ($V$ in the tens of thousands) most pairs are never seen, and how the probability of
# unseen pairs is estimated (Kneser-Ney and other methods in Jurafsky & Martin, ch. 3)
# matters much more. We use Laplace smoothing, $k = 1$, below.
#
# ### A recurrent language model (RNNLM)
#
# The notes' RNNLM (RNN Language Model): an RNN reads one token at a time, and its
# hidden state $h_t$, updated from $h_{t-1}$ and the current token, summarises the whole
# history; a dense layer turns $h_t$ into the distribution of the next token:
#
# $$ h_t = f(x_t, h_{t-1}), \qquad \hat p_t = \operatorname{softmax}(W_o h_t + b_o). $$
#
# This is the model you build now, in Keras 3. The layers, for a window of `time`
# character ids:
#
# | layer | output shape | parameters |
# |---|---|---|
# | `keras.Input(shape=(None,), dtype="int32")` | (batch, time) ids | 0 |
# | `Embedding(V, E)` | (batch, time, E) | $VE$ |
# | `LSTM(H, return_sequences=True)` | (batch, time, H): $h_t$ at **every** step | $4H(E + H + 1)$ |
# | `Dense(V)` | (batch, time, V): logits of the next character at every step | $(H + 1)V$ |
#
# `return_sequences=True` makes the LSTM return $h_t$ at every position, so the model
# predicts the next character everywhere in the window at once, and one window of 50
# characters gives 50 training targets. The last layer returns **logits**, not
# probabilities: the loss `SparseCategoricalCrossentropy(from_logits=True)` applies the
# softmax itself, more stably, and notebook 03's samplers take the logits too.
#
# The notes' improvements of the RNNLM (002, DLFS2 ch. 6.5, 개선): **stack** LSTM layers
# (the second reads the first one's $h_t$, so its input size is $H$), and add
# **dropout** between layers (Zaremba et al., 2014: on the connections from layer to
# layer, not along time). Here a `Dropout(dropout)` layer follows each LSTM when
# `dropout > 0`. (DLFS2's third improvement, tying the embedding and output weights,
# is not asked.)

# %%
diagrams.draw(
    {"x": (0.07, 0.25, "ids\n(batch, time)", "data"),
     "emb": (0.25, 0.25, "Embedding\nV x E"),
     "lstm": (0.45, 0.25, "LSTM(H)\nreturn_sequences"),
     "h": (0.45, 0.8, "h_{t-1}", "state"),
     "dense": (0.65, 0.25, "Dense(V)\nlogits"),
     "p": (0.86, 0.25, "softmax (in the loss):\nP(next char | ids <= t)", "loss")},
    [("x", "emb"), ("emb", "lstm", "e_t"), ("h", "lstm", "state"),
     ("lstm", "h", "h_t", {"connectionstyle": "arc3,rad=0.5", "label_at": (0.535, 0.5)}),
     ("lstm", "dense", "h_t"), ("dense", "p")],
    size=(9, 2.8),
    caption="h_t = LSTM(e_t, h_{t-1}, c_{t-1});  p_t = softmax(W_o h_t + b_o): "
            "one prediction per position")
plt.show()

# %% [markdown]
# **Exercise 4 (3 points).** Implement `build_char_lm`. The test checks the layer types
# and how many of each, the output shape on windows of two lengths, the parameter
# count (the formula in the docstring; `gradelib.charlm.lstm_lm_params` computes it),
# that the outputs are logits, and the dropout rate; the hidden tests use other sizes.
#
# **계약.** 정수 id (batch, time), time은 임의 → float32 로짓 (batch, time, V); Embedding(V, E) →
# [LSTM(H, return_sequences=True) (+ dropout > 0이면 Dropout(dropout))] × num_layers → Dense(V, 활성화
# 없음), 컴파일하지 않는 keras.Model; 위치 t는 t 이후를 보지 않으며 ValueError는 없다.

# %% nbgrader={"grade": false, "grade_id": "build_char_lm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_char_lm(vocab_size, embed_dim=32, units=128, num_layers=1, dropout=0.0):
    """A character-level LSTM language model (RNNLM) in Keras, not compiled.

    Layers, in order: keras.Input(shape=(None,), dtype="int32"); Embedding(vocab_size,
    embed_dim); num_layers times [LSTM(units, return_sequences=True), followed by
    Dropout(dropout) when dropout > 0]; Dense(vocab_size) with no activation.

    Args:
        vocab_size: V, the number of characters (ints >= 1 for all sizes).
        embed_dim: E, the size of each character's embedding.
        units: H, the LSTM's hidden size.
        num_layers: how many LSTM layers are stacked (>= 1).
        dropout: float in [0, 1): the rate of the Dropout layer after each LSTM; 0 means
            no Dropout layer at all.

    Returns:
        keras.Model mapping int ids (batch, time), any time, to float32 logits
        (batch, time, vocab_size): row [b, t] scores the character after ids[b, :t + 1].
        Parameters: V*E + sum over the LSTM layers of 4*H*(inputs + H + 1), with inputs
        = E for the first LSTM and H for the others, + (H + 1)*V.

    Source: DLFS2 (Saitoh, 2018), ch. 6.4-6.5 (the RNNLM and its improvements);
    Chollet, Deep Learning with Python, 1st ed. (2017), ch. 8.1 (a character LSTM).
    """
    ### BEGIN SOLUTION
    char_ids = keras.Input(shape=(None,), dtype="int32")
    hidden = keras.layers.Embedding(vocab_size, embed_dim)(char_ids)
    for _ in range(num_layers):
        hidden = keras.layers.LSTM(units, return_sequences=True)(hidden)
        if dropout > 0:
            hidden = keras.layers.Dropout(dropout)(hidden)
    next_char_logits = keras.layers.Dense(vocab_size)(hidden)
    return keras.Model(char_ids, next_char_logits, name="char_lstm")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_char_lm", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
LM_HINTS = {
    "LSTM": "Stack num_layers LSTM layers, each LSTM(units, return_sequences=True).",
    "Dropout": "Put one Dropout(dropout) after each LSTM when dropout > 0, and none when "
               "dropout is 0.",
    "Dense": "End with one Dense(vocab_size) and no activation: logits for the loss.",
    "Embedding": "Start with one Embedding(vocab_size, embed_dim) on the int ids.",
}
rng = np.random.default_rng(1)
for lm_args in [{"vocab_size": 11, "embed_dim": 4, "units": 8},
                {"vocab_size": 7, "embed_dim": 3, "units": 5, "num_layers": 2, "dropout": 0.25}]:
    layers, rate = lm_args.get("num_layers", 1), lm_args.get("dropout", 0.0)
    lm = build_char_lm(**lm_args)
    sample = rng.integers(0, lm_args["vocab_size"], size=(2, 9))
    check_model(lm, name="build_char_lm", inputs=lm_args, sample=sample,
                output_shape=(2, 9, lm_args["vocab_size"]),
                params=charlm.lstm_lm_params(lm_args["vocab_size"], lm_args["embed_dim"],
                                             lm_args["units"], layers),
                layers={"Embedding": 1, "LSTM": layers, "Dropout": layers if rate else 0,
                        "Dense": 1},
                absent=["SimpleRNN", "GRU", "Softmax"], hints=LM_HINTS)
    charlm.check_logits(lm, sample, name="build_char_lm", inputs=lm_args)
    charlm.check_dropout(lm, rate, name="build_char_lm", inputs=lm_args)
    # windows of other lengths (3, and 1 inside the check), and no look-ahead
    charlm.check_causal(lm, sample[:, :3], name="build_char_lm", inputs=lm_args)
print("build_char_lm: visible tests passed")

# %% [markdown]
# ### A causal 1-D convolutional language model
#
# The notes (000) point out that 1-D convnets also process, and generate, sequences. A
# `Conv1D` layer with kernel size $k$ computes position $t$'s output from $k$
# neighbouring inputs. With `padding="same"` those are centred on $t$, so position $t$
# would see characters *after* it, the very ones it must predict. `padding="causal"`
# pads $(k - 1)$ zeros on the left only, so position $t$ sees $t$ and the $k - 1$
# characters before it (van den Oord et al., *WaveNet*, 2016). Stacking layers with
# dilation rates $1, 2, 4, \dots$ (layer $i$ looks at every $2^i$-th input) widens what
# the last layer sees to $1 + (k - 1)(2^L - 1)$ characters for $L$ layers: 29 for
# $k = 5$, $L = 3$. Unlike the LSTM, nothing further back can ever reach the
# prediction, however long the window; in exchange, all positions are computed in
# parallel.
#
# **Exercise 5 (2 points).** Implement `build_conv_lm`. The test checks layer types,
# output shapes, the parameter count (`gradelib.charlm.conv_lm_params`), logits, and
# causality: changing the characters after position $t$ must not change the output at
# $t$, and the last position must see exactly $1 + (k - 1)(2^L - 1)$ characters.
#
# **계약.** 정수 id (batch, time) → float32 로짓 (batch, time, V); Embedding → i = 0..L-1번째
# Conv1D(F, k, padding="causal", dilation_rate=2**i, relu) → Dense(V, 활성화 없음), 컴파일하지 않는다;
# 위치 t는 t까지의 문자 r = 1 + (k - 1)(2^L - 1)개만 보며 ValueError는 없다.

# %% nbgrader={"grade": false, "grade_id": "build_conv_lm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_conv_lm(vocab_size, embed_dim=32, filters=128, kernel_size=5, num_layers=3):
    """A causal 1-D convolutional character language model in Keras, not compiled.

    Layers, in order: keras.Input(shape=(None,), dtype="int32"); Embedding(vocab_size,
    embed_dim); for i = 0, ..., num_layers - 1, Conv1D(filters, kernel_size,
    padding="causal", dilation_rate=2**i, activation="relu"); Dense(vocab_size) with no
    activation.

    Args:
        vocab_size: V; embed_dim: E; filters: F, channels of every Conv1D;
        kernel_size: k; num_layers: L >= 1 (ints >= 1).

    Returns:
        keras.Model mapping int ids (batch, time) to float32 logits (batch, time, V),
        where position t depends on ids[t - r + 1 : t + 1] only, r = 1 + (k - 1)(2**L - 1).
        Parameters: V*E + sum over the layers of (k*inputs + 1)*F, with inputs = E for
        the first Conv1D and F for the others, + (F + 1)*V.

    Source: van den Oord et al., WaveNet (2016), sec. 2.1 (causal dilated
    convolutions); Chollet, Deep Learning with Python, 2nd ed. (2021), ch. 10-11 (1-D
    convnets on sequences).
    """
    ### BEGIN SOLUTION
    char_ids = keras.Input(shape=(None,), dtype="int32")
    features = keras.layers.Embedding(vocab_size, embed_dim)(char_ids)
    for i in range(num_layers):
        features = keras.layers.Conv1D(filters, kernel_size, padding="causal",
                                       dilation_rate=2**i, activation="relu")(features)
    conv_logits = keras.layers.Dense(vocab_size)(features)
    return keras.Model(char_ids, conv_logits, name="causal_conv_lm")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_conv_lm", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
CONV_HINTS = {"Conv1D": "Use num_layers Conv1D layers, the i-th with dilation_rate=2**i.",
              "Dense": "End with one Dense(vocab_size) and no activation: logits."}
rng = np.random.default_rng(2)
for conv_args in [{"vocab_size": 9, "embed_dim": 4, "filters": 6, "kernel_size": 3,
                   "num_layers": 2}]:
    lm = build_conv_lm(**conv_args)
    field = 1 + (conv_args["kernel_size"] - 1) * (2 ** conv_args["num_layers"] - 1)
    sample = rng.integers(0, conv_args["vocab_size"], size=(2, field + 3))
    check_model(lm, name="build_conv_lm", inputs=conv_args, sample=sample,
                output_shape=(2, field + 3, conv_args["vocab_size"]),
                params=charlm.conv_lm_params(**conv_args),
                layers={"Embedding": 1, "Conv1D": conv_args["num_layers"], "Dense": 1},
                absent=["LSTM", "MaxPooling1D", "Softmax"], hints=CONV_HINTS)
    charlm.check_logits(lm, sample, name="build_conv_lm", inputs=conv_args)
    charlm.check_causal(lm, sample, name="build_conv_lm", inputs=conv_args,
                        receptive_field=field)
print("build_conv_lm: visible tests passed")

# %% [markdown]
# ### Training your models
#
# Your one-layer LSTM (E = 32, H = 128) trains with Adam at learning rate 0.01 on
# 50-character windows (`charlm.compile_char_lm`); its loss is exactly the
# cross-entropy of section 2, in nats per character. Then the three variants train for
# one epoch each on the same windows: two stacked LSTM layers, one LSTM with dropout
# 0.2, and the causal Conv1D model (F = 128, k = 5, L = 3).

# %%
EPOCHS = gradelib.pick(full=4, grading=1)
x_train, y_train = charlm.make_windows(train_ids, SEQ_LEN)
# grading mode: one pass over the first 4,000 windows (200,000 characters, 125 steps)
n_windows = gradelib.pick(full=len(x_train), grading=4_000)
x_train, y_train = x_train[:n_windows], y_train[:n_windows]
model, history = None, None
with gradelib.experiment("train your char LSTM"):
    keras.utils.set_random_seed(0)
    model = charlm.compile_char_lm(build_char_lm(V, embed_dim=32, units=128), 1e-2)
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=32,
                        epochs=EPOCHS, verbose=gradelib.pick(2, 0))
    print(f"{'epoch':>5} {'train nats/char':>15} {'held-out nats/char':>18}")
    for epoch, (tl, vl) in enumerate(zip(history.history["loss"],
                                         history.history["val_loss"]), 1):
        print(f"{epoch:>5} {tl:>15.3f} {vl:>18.3f}")

# %%
n_variant = gradelib.pick(full=len(x_train), grading=500)
variants = {
    "LSTM x2 stacked": lambda: build_char_lm(V, 32, 128, num_layers=2),
    "LSTM + dropout 0.2": lambda: build_char_lm(V, 32, 128, dropout=0.2),
    "causal Conv1D x3": lambda: build_conv_lm(V, 32, 128, kernel_size=5, num_layers=3),
}
variant_probs = {}   # name -> held-out probabilities, one row per target
for variant, build in variants.items():
    with gradelib.experiment(f"train {variant}"):
        keras.utils.set_random_seed(0)
        variant_model = charlm.compile_char_lm(build(), 1e-2)
        variant_model.fit(x_train[:n_variant], y_train[:n_variant], batch_size=32, epochs=1,
                          verbose=0)
        variant_probs[variant] = charlm.sequence_probs(variant_model, x_val).reshape(-1, V)
        print(f"{variant}: {variant_model.count_params():,} parameters, trained one epoch")

# %% [markdown]
# ### The table
#
# Four models, one held-out text, your `cross_entropy` and `perplexity`. The unigram
# model uses add-one smoothed character frequencies of the training text.

# %%
lstm_probs = None
unigram = (np.bincount(train_ids, minlength=V) + 1.0) / (len(train_ids) + V)
rows = {}   # model -> held-out cross-entropy in nats per character
if model is None:
    print("No LSTM yet: finish build_char_lm (exercise 4) and run the training cells; "
          "the table needs your model.")
with gradelib.experiment("held-out perplexity table"):
    if model is not None:
        lstm_probs = charlm.sequence_probs(model, x_val).reshape(-1, V)
    P = fit_bigram(train_ids, V, 1.0)
    lstm_name = f"char LSTM ({EPOCHS} epochs)"
    candidates = {
        "uniform": np.full((len(targets), V), 1.0 / V),
        "unigram (add-one)": np.tile(unigram, (len(targets), 1)),
        "bigram (add-one)": P[contexts],
        **({lstm_name: lstm_probs} if model is not None else {}),
        **{f"{variant} (1 epoch)": probs for variant, probs in variant_probs.items()},
    }
    for name, probs in candidates.items():
        rows[name] = cross_entropy(probs, targets)
    print(f"{'model':<30} {'nats/char':>9} {'bits/char':>9} {'perplexity':>10}")
    for name, probs in candidates.items():
        print(f"{name:<30} {rows[name]:>9.3f} {rows[name] / np.log(2):>9.3f} "
              f"{perplexity(probs, targets):>10.2f}")
    if model is None:
        raise NotImplementedError("build_char_lm")
    print(f"{'(1-layer LSTM after 1 epoch)':<30} {history.history['val_loss'][0]:>9.3f} "
          f"{history.history['val_loss'][0] / np.log(2):>9.3f} "
          f"{np.exp(history.history['val_loss'][0]):>10.2f}")
    print(f"{'(uniform: log V, V)':<30} {np.log(V):>9.3f} {np.log2(V):>9.3f} {V:>10}")
    print(f"training: {n_windows * SEQ_LEN // 1000}k characters per epoch "
          f"({n_variant * SEQ_LEN // 1000}k for the variants)")
    print("\nanchor, another corpus: nanoGPT's CPU configuration (4-layer transformer, "
          "2,000 iterations)")
    print(f"{'  tiny-shakespeare, V=65':<30} {1.88:>9.3f} {1.88 / np.log(2):>9.3f} "
          f"{np.exp(1.88):>10.2f}")

    # Keras' own loss on the same windows: your cross-entropy must agree with it
    keras_nll = model.evaluate(x_val, y_val, batch_size=256, verbose=0)
    print(f"\nLSTM: your cross-entropy {rows[lstm_name]:.4f} nats/char, "
          f"Keras' evaluate {keras_nll:.4f}")
    # scikit-learn's log loss of the bigram's rows, independent of your cross_entropy
    bigram_nll = log_loss(targets, P[contexts], labels=np.arange(V))
    print(f"the LSTM beats the bigram by {bigram_nll - keras_nll:.3f} nats/char")
    assert keras_nll < bigram_nll, "the LSTM should beat the bigram model on held-out text"

# %% [markdown]
# Perplexity reads as a branching factor: the uniform model hesitates between all
# $V \approx 70$ characters, the unigram model between about 23 (it knows `e` and space
# are common), the bigram model between about 13, and the LSTM between fewer still.
#
# The variants are compared after the same single epoch, with the one-layer LSTM's
# held-out loss after its first epoch (the row in brackets; full mode, one run: 2.03
# nats/char). On this budget neither improvement of the notes helps yet: two stacked
# layers (2.11) have more to learn before they pay, and dropout (2.06) fights
# overfitting, which one pass over 360,000 characters has not reached (the training and
# held-out losses above are still close). DLFS2's gains from both (ch. 6.5) come from
# 40 epochs on the PTB corpus. The causal Conv1D model (2.85) is still behind even the
# bigram after one epoch: a plain stack of ReLU convolutions, without WaveNet's gated
# units and residual connections, trains slowly, and it sees only the last 29
# characters. It is in the table to show that a causal convnet *is* a language model,
# not that it is a good one at this budget.
# nanoGPT's number is on Shakespeare, a different text with upper case, and comes from a
# transformer trained longer; it is only a reference for the order of magnitude a small
# character model reaches on a CPU, not a score to compare with ours.
#
# **한국어 요약.** 표준 라이브러리 독스트링 40만 문자(V = 70, 10 %는 평가용)에서 바이그램은 k = 0이면
# 평가용 쌍 119개가 확률 0이라 혼란도가 무한대이고, 작은 k는 거의 같으며(k = 1: 2.552 nats/문자, 혼란도
# 12.83), k = 100이면 16.79다. RNNLM은 Embedding → LSTM(return_sequences=True) → Dense(V, 로짓)이다.
# 전체 모드의 평가용 혼란도는 균등 70, 유니그램 23.07, 바이그램 12.83, 4에폭 문자 LSTM 5.68로 LSTM이 가장 낮다.
# 1에폭 비교에서 2층 LSTM(2.11)과 드롭아웃(2.06)은 아직 1층(2.03)보다 낫지 않고, 인과적 Conv1D(2.85)는
# 바이그램보다도 뒤진다. nanoGPT의 1.88 nats/문자는 다른 말뭉치의 참고치일 뿐이다.

# %% [markdown]
# ## 6. Why history matters: CBOW as a language model vs the RNNLM
#
# Could a word2vec-style CBOW model serve as a language model? Predict $w_t$ from the
# previous $n$ tokens by averaging their embeddings,
#
# $$ \hat p_t = \operatorname{softmax}\Big(W_o \, \tfrac{1}{n} \textstyle\sum_{i=1}^{n} e_{w_{t-i}}\Big). $$
#
# Two limits (DLFS2 ch. 5.1):
#
# 1. **Order is lost.** A sum does not change when its terms are reordered, so
#    "you say" and "say you" give the same prediction. Concatenating the embeddings
#    instead, $[e_{w_{t-n}}; \dots; e_{w_{t-1}}]$ (Bengio et al.'s neural language model),
#    keeps the order, but the notes point out the price: the first layer's weights
#    grow in proportion to the window size $n$ (맥락의 크기에 비례해 매개변수의 개수가 증가).
# 2. **Nothing outside the window counts.** Whatever happened $n + 1$ tokens ago is
#    invisible, however large the model.
#
# An RNNLM has neither limit: its hidden state is updated in order, it can carry
# information across any distance, and its parameter count does not depend on the
# length of the history. Below, the held-out cross-entropy at each position of the
# 50-character windows: at position $t$ the LSTM has seen $t + 1$ characters of the
# window (it starts each window from a zero state), the bigram always exactly one.

# %%
positions = np.arange(x_val.shape[1])
lstm_by_position = np.full(len(positions), np.nan)
bigram_by_position = np.full(len(positions), np.nan)
if lstm_probs is None:
    print("No LSTM yet: finish build_char_lm (exercise 4) and run the cells above.")
with gradelib.experiment("cross-entropy by position"):
    if lstm_probs is None:
        raise NotImplementedError("build_char_lm")
    lstm_windows = lstm_probs.reshape(*x_val.shape, V)
    bigram_windows = fit_bigram(train_ids, V, 1.0)[x_val]
    for t in positions:
        lstm_by_position[t] = cross_entropy(lstm_windows[:, t], y_val[:, t])
        bigram_by_position[t] = cross_entropy(bigram_windows[:, t], y_val[:, t])
    print(f"{'characters of history':<22} {'LSTM nats/char':>14} {'bigram nats/char':>16}")
    for lo, hi in [(0, 1), (1, 3), (3, 10), (10, 25), (25, SEQ_LEN)]:
        label = f"{lo + 1}" if hi == lo + 1 else f"{lo + 1}-{hi}"
        print(f"{label:<22} {lstm_by_position[lo:hi].mean():>14.3f} "
              f"{bigram_by_position[lo:hi].mean():>16.3f}")
    plt.figure(figsize=(6, 3))
    plt.plot(positions + 1, lstm_by_position, label="char LSTM")
    plt.plot(positions + 1, bigram_by_position, label="bigram (add-one)")
    plt.xscale("log")
    plt.xlabel("characters of history in the window")
    plt.ylabel("held-out nats/char")
    plt.legend()
    plt.tight_layout()
    plt.show()

# %% [markdown]
# With one character of history the LSTM is no better than the bigram model: it has
# the same information, and starts from a zero state. Its advantage grows as it reads
# more of the window.
# That gap is what the longer history buys.
#
# Finally, text sampled from the bigram model at temperature 1: it gets common letter
# pairs right and little else. Sampling from your LSTM needs a generation loop that
# feeds each sampled character back in; you write it in notebook 03, with the sampling
# strategies that are its subject.

# %%
N_SAMPLE = gradelib.pick(full=300, grading=60)
with gradelib.experiment("samples"):
    P = fit_bigram(train_ids, V, 1.0)
    sample_rng = np.random.default_rng(0)
    bigram_ids = list(vocab.encode("the "))
    for _ in range(N_SAMPLE):
        bigram_ids.append(sample_rng.choice(V, p=P[bigram_ids[-1]]))
    print("--- bigram\n" + vocab.decode(bigram_ids))

# %% [markdown]
# **한국어 요약.** 앞의 n개 토큰 임베딩을 평균하는 CBOW는 언어 모델로서 두 한계가 있다: (1) 합은 순서를
# 무시하고, 임베딩을 이어 붙여 순서를 지키면 매개변수가 맥락의 크기에 비례해 늘어난다. (2) 창 밖은 전혀
# 보지 못한다. RNNLM은 토큰을 순서대로 읽고 은닉 상태로 임의 길이의 과거를 나르며, 매개변수 수가 과거
# 길이와 무관하다. 위치별 표에서 문자 하나만 본 LSTM(2.685 nats/문자)은 바이그램(2.564)보다 낫지 않지만
# 11자 이상 읽으면 약 1.7로 떨어지고, 바이그램은 어느 위치에서나 약 2.55다(전체 모드).

# %% [markdown]
# ## 7. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** A character model has a held-out cross-entropy of 3 bits per
# character. What is its perplexity, and what is its cross-entropy in nats? Explain in
# one or two sentences what the perplexity means for this model, and why converting
# between nats and bits never changes the perplexity.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_perplexity_units", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# Perplexity = 2^3 = 8. In nats, H = 3 × ln 2 ≈ 2.079, and e^2.079 = 8 as well. The model
# is, on average, as uncertain about the next character as if it were choosing uniformly
# among 8 characters (its branching factor). Changing the log base only rescales the
# cross-entropy by a constant (ln 2), and exponentiating in the matching base undoes
# that scale: b^(log_b x) = x for any base b, so the perplexity is the same number,
# (prod p_t)^(-1/N).
#
# **한국어 모범 답안.** 혼란도 = 2^3 = 8이다. nats로는 H = 3 × ln 2 ≈ 2.079이고, e^2.079도 8이다. 이
# 모델은 다음 문자에 대해 평균적으로 8개 문자 중에서 균등하게 고르는 것만큼 불확실하다(분기 수). 로그의
# 밑을 바꾸면 교차 엔트로피가 상수배(ln 2)만큼 달라질 뿐이고, 같은 밑으로 지수를 취하면 그 배율이
# 상쇄된다: 어떤 밑 b에서도 b^(log_b x) = x이므로 혼란도는 같은 수 (prod p_t)^(-1/N)이다.

# %% [markdown]
# **Q2 (2 points).** Using your smoothing table from section 5, explain why the bigram
# model with $k = 0$ gets an infinite held-out perplexity, what add-k smoothing changes,
# and what goes wrong when $k$ is very large. Quote the numbers you use.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_smoothing", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Numbers vary slightly with Python's version.) With k = 0 some held-out character
# pairs never occurred in training (the table counts them), so they get probability 0;
# -log 0 = ∞, so the mean, and the perplexity, are infinite: one unseen pair is enough.
# Add-k gives every pair a small probability, taking some mass from seen pairs, and
# the cross-entropy becomes finite (about 2.55 nats/char, perplexity about 12.8, for
# k between 0.01 and 1). A very large k (100: 2.82 nats/char, perplexity 16.8) drowns
# the counts: every row moves towards the uniform distribution, so the model forgets
# what it learned and its cross-entropy rises towards log V ≈ 4.25. k trades fitting the training counts
# against robustness to unseen pairs; it should be chosen on held-out data that is not
# the test set.
#
# **한국어 모범 답안.** (숫자는 파이썬 버전에 따라 조금 다르다.) k = 0이면 평가용 텍스트의 문자 쌍 일부가
# 학습에서 한 번도 나오지 않아(표가 그 개수를 센다) 확률 0을 받는다. -log 0 = ∞이므로 평균도, 혼란도도
# 무한대다: 처음 보는 쌍 하나면 충분하다. add-k는 모든 쌍에 작은 확률을 주면서 그 질량을 본 쌍에서 조금씩
# 덜어 오므로 교차 엔트로피가 유한해진다(k가 0.01에서 1 사이면 약 2.55 nats/문자, 혼란도 약 12.8). k가
# 아주 크면(100: 2.82 nats/문자, 혼란도 16.8) 카운트가 묻혀 버린다: 모든 행이 균등 분포 쪽으로 움직여
# 모델이 배운 것을 잊고, 교차 엔트로피는 log V ≈ 4.25를 향해 오른다. k는 학습 카운트에 맞추는 것과 처음
# 보는 쌍에 대한 강건성 사이의 절충이며, 테스트 세트가 아닌 별도의 평가용 데이터로 골라야 한다.

# %% [markdown]
# **Q3 (2 points).** Explain, using your table of cross-entropy by position from
# section 6, why an RNN language model beats a window-based model such as CBOW or the
# bigram model. Give both of the notes' limits of a CBOW language model.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_history", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# The bigram model sees one character, so its cross-entropy is the same at every
# position (about 2.55 nats/char). The LSTM at position 1 has the same information and
# does no better (about 2.7), but its cross-entropy falls as it reads more of the window
# (to about 1.7 after 10 or more characters in full mode, about 2.3 in grading mode): it
# uses the history, e.g. to finish a word it has started. A CBOW language model averages the embeddings of a fixed window:
# (1) the average ignores the order of the context words, and making it order-aware by
# concatenating embeddings makes the parameters grow in proportion to the window size;
# (2) anything outside the window is ignored. An RNNLM reads tokens in order, carries
# any length of history in its hidden state, and has the same parameters for any length.
#
# **한국어 모범 답안.** 바이그램 모델은 문자 하나만 보므로 교차 엔트로피가 모든 위치에서 같다(약 2.55
# nats/문자). 위치 1의 LSTM은 같은 정보를 가지므로 더 낫지 않지만(약 2.7), 창을 더 읽을수록 교차
# 엔트로피가 떨어진다(10자 이상 읽으면 전체 모드에서 약 1.7, 채점 모드에서 약 2.3): 예를 들어 시작한
# 단어를 마무리하는 데 과거를 쓴다. CBOW 언어 모델은 고정된 창의 임베딩을 평균한다. (1) 평균은 맥락
# 단어의 순서를 무시하고, 임베딩을 이어 붙여 순서를 지키게 하면 매개변수가 창 크기에 비례해 늘어난다.
# (2) 창 밖의 것은 무시된다. RNNLM은 토큰을 순서대로 읽고, 은닉 상태에 임의 길이의 과거를 담으며,
# 어떤 길이에도 같은 매개변수를 쓴다.

# %% [markdown]
# ## Summary
#
# - A language model gives a sequence a probability, as the product of next-token
#   probabilities.
# - Held-out per-token cross-entropy (nats; bits = nats / ln 2) and perplexity
#   $= e^{H_{\text{nats}}} = 2^{H_{\text{bits}}}$ measure it; a uniform model's perplexity
#   is the vocabulary size, and lower is better.
# - Count-based n-gram models need smoothing, or one unseen pair makes the perplexity
#   infinite.
# - Window models (n-grams, CBOW) ignore what lies outside the window, and CBOW also
#   ignores order; an RNNLM reads the whole history in order with a fixed number of
#   parameters, and beats the bigram model on held-out text.
#
# **한국어 요약.** 언어 모델은 다음 토큰 확률의 곱으로 시퀀스에 확률을 준다. 평가용 텍스트의 토큰별
# 교차 엔트로피(nats; bits = nats / ln 2)와 혼란도 $= e^{H_{\text{nats}}} = 2^{H_{\text{bits}}}$로
# 평가하며, 균등 모델의 혼란도는 어휘 크기이고 작을수록 좋다. 카운트 기반 n-gram 모델은 평활화가 없으면
# 처음 보는 쌍 하나로 혼란도가 무한대가 된다. 창 모델(n-gram, CBOW)은 창 밖을 무시하고 CBOW는 순서까지
# 무시하지만, RNNLM은 고정된 매개변수로 과거 전체를 순서대로 읽어 평가용 텍스트에서 바이그램을 이긴다.
#
# **Further reading**
#
# - Y. Bengio, R. Ducharme, P. Vincent, C. Jauvin, *A Neural Probabilistic Language
#   Model*, JMLR (2003).
# - T. Mikolov, M. Karafiát, L. Burget, J. Černocký, S. Khudanpur, *Recurrent Neural
#   Network Based Language Model*, Interspeech (2010).
# - D. Jurafsky, J. H. Martin, *Speech and Language Processing*, 3rd ed. draft,
#   ch. 3, *N-gram Language Models* (perplexity, smoothing).
# - K. Saitoh, *Deep Learning from Scratch 2* (2018), ch. 5-6 (the notes' source).
# - A. Karpathy, *The Unreasonable Effectiveness of Recurrent Neural Networks* (2015);
#   nanoGPT (2023), whose `shakespeare_char` CPU configuration gives the 1.88 anchor.
