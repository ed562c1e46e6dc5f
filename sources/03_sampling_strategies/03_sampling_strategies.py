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
# # 03 · Sampling strategies: greedy, stochastic, softmax temperature
#
# **What you will learn**
#
# - why a language model's output is a *distribution*, and how the way you sample
#   from it decides what text you get;
# - greedy sampling, stochastic sampling, and softmax temperature as a dial on the
#   entropy of the sampling distribution;
# - top-k and top-p (nucleus) filtering, which cut off the unlikely tail;
# - how to generate text autoregressively (each sampled character is fed back in), and
#   how to watch a character language model learn with a Keras callback that samples at
#   several temperatures after every epoch.
#
# You will implement the reweighting, entropy, the sampler, both filters, the generation
# loop and the callback, then train a small character-level LSTM in this notebook with
# your callback and measure how entropy and repetition change with the temperature.
#
# | English | the notes' term |
# |---|---|
# | language model | 언어 모델 |
# | greedy sampling | 탐욕적 샘플링 |
# | stochastic sampling | 확률적 샘플링 |
# | softmax temperature | 소프트맥스 온도 |
# | perplexity | 혼란도 |
#
# Notes covered: 000 and 001 (Chollet, *Deep Learning with Python*, 2nd ed., ch. 12.1,
# which uses a Transformer; this course uses a character LSTM, see section 6).
# **Prerequisites:** notebooks 00 and 02 (its `build_char_lm` is given here); softmax and
# logarithms. **Time:** about an hour and a half; the notebook runs in about 4 minutes
# on a laptop CPU.
#
# Check your work from a terminal with
# `gradelib check notebooks/03_sampling_strategies/03_sampling_strategies.ipynb`.

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

from gradelib import charlm, diagrams
from gradelib.mistakes import (
    ENTROPY,
    REWEIGHT_DISTRIBUTION,
    SAMPLE_NEXT,
    TOP_K_FILTER,
    TOP_P_FILTER,
)
from gradelib.mistakes.sampling import GENERATE, GENERATE_GREEDY
from gradelib.widgets import TemperatureExplorer

gradelib.setup(seed=0)
expected = json.loads(gradelib.data_path("03_sampling_strategies", "expected.json").read_text())

# %% [markdown]
# ## 1. A language model gives a distribution (언어 모델)
#
# A language model is trained to predict the next token from the tokens before it.
# After a prompt it outputs a probability for every token in the vocabulary. To
# generate text we *sample* a token from that distribution, append it, and repeat.
#
# The notes' example: if `'d'` has probability 0.4 and `'e'` 0.3, greedy sampling
# (탐욕적 샘플링) always picks `'d'`; stochastic sampling (확률적 샘플링) picks `'e'`
# 30% of the time. Greedy text is predictable and repetitive; stochastic text is
# varied, but plain sampling gives no way to control *how much* randomness we get.

# %%
toy_vocab = ["d", "e", "a", "o", "z"]
toy_p = np.array([0.4, 0.3, 0.15, 0.1, 0.05])
for ch, prob in zip(toy_vocab, toy_p):
    print(f"P(next = {ch!r}) = {prob:.2f}")


# %% [markdown]
# **한국어 요약.** 언어 모델은 앞의 토큰들이 주어졌을 때 다음 토큰의 확률 분포를 출력하고, 텍스트는 그 분포에서 토큰을 하나 뽑아 덧붙이는 일을 되풀이해
# 만든다. 노트의 예처럼 'd'가 0.4, 'e'가 0.3이면 탐욕적 샘플링은 언제나 'd'를 고르고, 확률적 샘플링은 30%의 확률로 'e'를 고른다. 탐욕적
# 샘플링의 텍스트는 예측 가능하고 반복적이며, 확률적 샘플링의 텍스트는 다양하지만 단순한 샘플링만으로는 무작위성의 양을 조절할 방법이 없다.

# %% [markdown]
# ## 2. Softmax temperature (소프트맥스 온도)
#
# Temperature $T > 0$ reshapes the distribution by dividing the log-probabilities:
#
# $$ q_i = \frac{\exp(\log p_i \,/\, T)}{\sum_j \exp(\log p_j \,/\, T)} \;\propto\; p_i^{1/T}. $$
#
# $T = 1$ leaves $p$ unchanged; $T < 1$ sharpens it towards the most likely token
# (as $T \to 0$ it becomes greedy); $T > 1$ flattens it towards uniform.
#
# **Exercise 1 (2 points).** Implement `reweight_distribution(p, temperature)`.
# Zero probabilities must stay zero (without a NaN or a warning) and a very low
# temperature must not overflow or underflow to NaN: subtract the largest
# log-probability before exponentiating, as a stable softmax does.
#
# **계약.** p (V,) 음이 아닌 확률 벡터(합 1), temperature > 0 → 합이 1인 float64 (V,), `p ** (1 / T)`에 비례;
# 확률 0은 NaN·경고 없이 0으로 남고, 아주 낮은 온도에서도 NaN이 나오지 않는다; temperature ≤ 0이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "reweight_distribution", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reweight_distribution(p, temperature):
    """Reweight a probability vector by a softmax temperature.

    Args:
        p: array-like of shape (V,), non-negative, summing to 1.
        temperature: float > 0.

    Returns:
        float64 array of shape (V,) summing to 1, proportional to p ** (1 / temperature).

    Raises:
        ValueError: if temperature <= 0.
    """
    ### BEGIN SOLUTION
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    p = np.asarray(p, dtype=np.float64)
    with np.errstate(divide="ignore"):
        logits = np.log(p) / temperature
    logits -= logits.max()
    q = np.exp(logits)
    return q / q.sum()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_reweight_distribution", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for case in expected["reweight"]:
    inputs = {"p": np.array(case["p"]), "temperature": case["temperature"]}
    got = reweight_distribution(**inputs)
    gradelib.check_distribution(got, name="reweight_distribution", inputs=inputs)
    gradelib.check_close(got, case["expected"], name="reweight_distribution", inputs=inputs,
                         mistakes=REWEIGHT_DISTRIBUTION)
# T = 1 changes nothing
gradelib.check_close(reweight_distribution(toy_p, 1.0), toy_p, name="reweight_distribution",
                     inputs={"p": toy_p, "temperature": 1.0})
print("reweight_distribution: visible tests passed")


# %% [markdown]
# **한국어 요약.** 소프트맥스 온도 $T>0$는 로그 확률을 $T$로 나눈 뒤 다시 정규화한다:
# $q_i\propto\exp(\log p_i/T)=p_i^{1/T}$. $T=1$이면 분포가 그대로이고, $T<1$이면 가장 확률이 높은 토큰 쪽으로
# 날카로워지며($T\to 0$이면 탐욕적 샘플링), $T>1$이면 균등 분포 쪽으로 평평해진다. 구현은 가장 큰 로그 확률을 먼저 빼는 안정적인 소프트맥스로
# 계산하므로, 확률 0은 경고 없이 0으로 남고 아주 낮은 온도에서도 넘침이나 NaN이 생기지 않는다.

# %% [markdown]
# ## 3. Entropy: how random is the distribution?
#
# The notes describe temperature as controlling the *entropy* of the sampling
# distribution. Entropy, in nats (natural log), is
#
# $$ H(q) = -\sum_i q_i \log q_i, \qquad 0 \log 0 = 0. $$
#
# It is 0 for a one-hot distribution (no randomness) and $\log V$ for the uniform
# distribution over $V$ tokens (the most randomness). Divide by $\log 2$ for bits.
#
# **Exercise 2 (2 points).** Implement `entropy(p)` in nats.
#
# **계약.** p (V,) 음이 아닌 확률 벡터(합 1, 0 허용) → float ≥ 0, 자연로그 기준(nats)의 엔트로피; $0\log 0=0$으로 두어 원-핫
# 분포는 0, 균등 분포는 $\log V$; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def entropy(p):
    """Shannon entropy of a probability vector, in nats.

    Args:
        p: array-like of shape (V,), non-negative, summing to 1; zeros allowed.

    Returns:
        float >= 0.
    """
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=np.float64)
    nonzero = p > 0
    return float(-np.sum(p[nonzero] * np.log(p[nonzero])))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for case in expected["entropy"]:
    inputs = {"p": np.array(case["p"])}
    gradelib.check_close(entropy(**inputs), case["expected"], name="entropy", inputs=inputs,
                         mistakes=ENTROPY)
uniform = np.full(4, 0.25)
gradelib.check_close(entropy(uniform), np.log(4), name="entropy", inputs={"p": uniform},
                     mistakes=ENTROPY)
one_hot = np.array([0.0, 1.0, 0.0])
gradelib.check_close(entropy(one_hot), 0.0, name="entropy", inputs={"p": one_hot},
                     mistakes=ENTROPY)
print("entropy: visible tests passed")

# %% [markdown]
# ### Experiment: temperature is an entropy dial
#
# Reweight the toy distribution at several temperatures with *your* functions.

# %%
temperatures = [0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 5.0]
with gradelib.experiment("entropy vs temperature"):
    print(f"{'T':>5}  " + "  ".join(f"{c!r:>6}" for c in toy_vocab) + "   entropy (nats)")
    for t in temperatures:
        q = reweight_distribution(toy_p, t)
        print(f"{t:>5}  " + "  ".join(f"{v:6.3f}" for v in q) + f"   {entropy(q):.3f}")
    print(f"uniform over {len(toy_p)} tokens: log {len(toy_p)} = {np.log(len(toy_p)):.3f} nats")

    grid = np.geomspace(0.05, 20, 60)
    plt.figure(figsize=(5, 3))
    plt.semilogx(grid, [entropy(reweight_distribution(toy_p, t)) for t in grid])
    plt.axhline(np.log(len(toy_p)), ls="--", c="gray", label="uniform: log V")
    plt.xlabel("temperature T")
    plt.ylabel("entropy (nats)")
    plt.legend()
    plt.tight_layout()
    plt.show()

# %% [markdown]
# Move the slider: the bars are your `reweight_distribution`, the entropy your
# `entropy`. (Interactive; it is not built while the notebook is being graded.)

# %%
if not gradelib.grading_mode():
    with gradelib.experiment("temperature explorer"):
        display(TemperatureExplorer(toy_p, toy_vocab, reweight_distribution, entropy=entropy))


# %% [markdown]
# **한국어 요약.** 노트는 소프트맥스 온도를 샘플링 분포의 엔트로피를 조절하는 값으로 설명한다. 엔트로피 $H(q)=-\sum_i q_i\log q_i$(nats,
# $0\log 0=0$)는 원-핫 분포에서 0, $V$개 토큰의 균등 분포에서 최댓값 $\log V$이다. 예시 분포 [0.4, 0.3, 0.15, 0.1,
# 0.05]의 엔트로피는 T = 0.1에서 0.209, T = 1에서 1.392, T = 5에서 1.598 nats로 온도와 함께 커지며 $\log 5=1.609$에
# 다가간다: 온도는 엔트로피를 돌리는 다이얼이다.

# %% [markdown]
# ## 4. Greedy and stochastic sampling
#
# **Exercise 3 (2 points).** Implement `sample_next(p, temperature, rng)`:
#
# - `temperature == 0` means greedy sampling: return the index of the largest
#   probability (no randomness, `rng` unused);
# - otherwise draw one index from `reweight_distribution(p, temperature)` using the
#   generator `rng` that is passed in (e.g. `rng.choice`), never a global seed, so that
#   a run can be repeated exactly.
#
# The test draws 5,000 samples and runs a chi-square goodness-of-fit test
# (`gradelib.check_sampler`): a correct sampler fails each such check with
# probability 0.001, so the three checks below have a false-failure rate of 0.3%
# over seeds. The seed is fixed, so a given implementation passes or fails the same
# way on every run.
#
# **계약.** p (V,) 확률 벡터, temperature(0이면 탐욕적 샘플링: argmax, rng 사용 안 함; > 0이면
# `reweight_distribution(p, T)`에서 추출), rng(numpy Generator, 유일한 난수원) → [0, V) 범위의 int 하나; 같은
# 시드의 생성기는 같은 인덱스를 준다.

# %% nbgrader={"grade": false, "grade_id": "sample_next", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sample_next(p, temperature, rng):
    """Sample the next token's index.

    Args:
        p: array of shape (V,), a probability vector.
        temperature: 0 for greedy sampling, or a float > 0.
        rng: numpy.random.Generator to draw from.

    Returns:
        int in [0, V).
    """
    ### BEGIN SOLUTION
    if temperature == 0:
        return int(np.argmax(p))
    q = reweight_distribution(p, temperature)
    return int(rng.choice(len(q), p=q))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sample_next", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for p in [toy_p, np.array([0.1, 0.2, 0.7]), np.array([0.05, 0.9, 0.05])]:
    got = sample_next(p, 0, np.random.default_rng(0))
    if got != np.argmax(p):
        gradelib.fail("sample_next", {"p": p, "temperature": 0},
                      f"Greedy sampling (temperature 0) must return argmax(p) = "
                      f"{np.argmax(p)}; it returned {got}.")

for case in [expected["reweight"][2], expected["reweight"][3]]:
    p, t = np.array(case["p"]), case["temperature"]
    gradelib.check_sampler(lambda rng: sample_next(p, t, rng), case["expected"],
                           name="sample_next", inputs={"p": p, "temperature": t},
                           mistakes=SAMPLE_NEXT)
p = np.array(expected["reweight"][2]["p"])
gradelib.check_sampler(lambda rng: sample_next(p, 1.0, rng), p, name="sample_next",
                       inputs={"p": p, "temperature": 1.0}, mistakes=SAMPLE_NEXT)

first = [sample_next(toy_p, 1.0, np.random.default_rng(42)) for _ in range(20)]
second = [sample_next(toy_p, 1.0, np.random.default_rng(42)) for _ in range(20)]
if first != second:
    gradelib.fail("sample_next", {"p": toy_p, "temperature": 1.0},
                  "Two generators with the same seed gave different draws: draw from the "
                  "`rng` argument, not from np.random or the random module.")
print("sample_next: visible tests passed")


# %% [markdown]
# **한국어 요약.** `sample_next`는 온도가 0이면 argmax를 돌려주는 탐욕적 샘플링이고, 0보다 크면
# `reweight_distribution(p, T)`에서 인자로 받은 `rng`로 인덱스 하나를 뽑는 확률적 샘플링이다. 전역 시드가 아니라 받은 생성기만 쓰므로
# 같은 시드면 같은 결과가 다시 나온다. 확률적인 코드는 표본 하나가 아니라 5,000개 표본의 카이제곱 적합도 검정으로 확인하며, 올바른 샘플러가 검사 하나에서
# 떨어질 확률은 0.001, 세 검사를 합쳐 0.3%이다.

# %% [markdown]
# ## 5. Cutting off the tail: top-k and top-p (nucleus) filtering
#
# Even at $T = 1$ a model gives a little probability to thousands of bad tokens, and
# over many steps one of them gets drawn. Two filters remove the tail and renormalise
# what is left:
#
# - **top-k** (Fan et al., 2018): keep the $k$ most probable tokens. Break ties by
#   the lower index (a stable sort of $-p$).
# - **top-p** or nucleus sampling (Holtzman et al., 2020): keep the smallest set of
#   most probable tokens whose total probability is at least $p_{\text{top}}$; the
#   token that takes the sum past $p_{\text{top}}$ is *in* the set.
#
# **Exercise 4 (2 points).** Implement `top_k_filter(p, k)`.
#
# **계약.** p (V,) 확률 벡터, 정수 k(1 ≤ k ≤ V) → 합이 1인 float64 (V,), 가장 확률이 큰 k개 밖은 0; 동률은 낮은 인덱스가
# 먼저(-p의 안정 정렬); k가 범위를 벗어나면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "top_k_filter", "locked": false, "schema_version": 3, "solution": true, "task": false}
def top_k_filter(p, k):
    """Keep the k most probable tokens and renormalise.

    Args:
        p: array of shape (V,), a probability vector.
        k: int, 1 <= k <= V. Ties are broken by the lower index.

    Returns:
        float64 array of shape (V,) summing to 1, zero outside the top k.

    Raises:
        ValueError: if k is out of range.
    """
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=np.float64)
    if not 1 <= k <= p.size:
        raise ValueError(f"k must be in [1, {p.size}], got {k}")
    keep = np.argsort(-p, kind="stable")[:k]
    q = np.zeros_like(p)
    q[keep] = p[keep]
    return q / q.sum()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_top_k_filter", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
p = np.array([0.1, 0.4, 0.2, 0.3])
for k, want in [(2, [0, 0.4 / 0.7, 0, 0.3 / 0.7]), (1, [0, 1, 0, 0]), (4, p)]:
    inputs = {"p": p, "k": k}
    gradelib.check_close(top_k_filter(**inputs), want, name="top_k_filter", inputs=inputs,
                         mistakes=TOP_K_FILTER)
print("top_k_filter: visible tests passed")


# %% [markdown]
# **Exercise 5 (2 points).** Implement `top_p_filter(p, top_p)`. Floating-point sums
# are inexact: count a cumulative sum within 1e-12 of `top_p` as reaching it.
#
# **계약.** p (V,) 확률 벡터, top_p ∈ (0, 1] → 합이 1인 float64 (V,); 확률 순으로 더한 누적합이 top_p에 (1e-12 이내로)
# 처음 닿게 하는 토큰까지 포함한 최소 집합만 남기고 나머지는 0; top_p가 (0, 1] 밖이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "top_p_filter", "locked": false, "schema_version": 3, "solution": true, "task": false}
def top_p_filter(p, top_p):
    """Nucleus filtering: keep the smallest set of most probable tokens whose
    probability sums to at least top_p, and renormalise.

    Args:
        p: array of shape (V,), a probability vector.
        top_p: float in (0, 1].

    Returns:
        float64 array of shape (V,) summing to 1, zero outside the nucleus.

    Raises:
        ValueError: if top_p is not in (0, 1].
    """
    ### BEGIN SOLUTION
    if not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(-p, kind="stable")
    cumulative = np.cumsum(p[order])
    n_keep = min(int(np.searchsorted(cumulative, top_p - 1e-12)) + 1, p.size)
    q = np.zeros_like(p)
    q[order[:n_keep]] = p[order[:n_keep]]
    return q / q.sum()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_top_p_filter", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
p = np.array([0.1, 0.4, 0.2, 0.3])
for top_p, want in [(0.6, [0, 0.4 / 0.7, 0, 0.3 / 0.7]), (0.7, [0, 0.4 / 0.7, 0, 0.3 / 0.7]),
                    (0.3, [0, 1, 0, 0]), (1.0, p)]:
    inputs = {"p": p, "top_p": top_p}
    gradelib.check_close(top_p_filter(**inputs), want, name="top_p_filter", inputs=inputs,
                         mistakes=TOP_P_FILTER)
print("top_p_filter: visible tests passed")

# %% [markdown]
# **한국어 요약.** $T=1$에서도 모델은 수많은 나쁜 토큰에 작은 확률을 주므로 긴 생성에서는 결국 그중 하나가 뽑힌다. top-k 필터(Fan et al.,
# 2018)는 확률이 가장 큰 $k$개를 남기고(동률은 낮은 인덱스 먼저), top-p(뉴클리어스) 필터(Holtzman et al., 2020)는 누적 확률이
# 처음으로 $p_{\text{top}}$ 이상이 되는 최소 집합을 남긴다(합을 넘기는 토큰도 포함). 둘 다 꼬리를 잘라 낸 뒤 합이 1이 되게 다시 정규화한다. 예:
# p = [0.1, 0.4, 0.2, 0.3]에서 k = 2와 top_p = 0.6은 모두 [0, 4/7, 0, 3/7]을 준다.

# %% [markdown]
# ## 6. A character language model to sample from
#
# The corpus is English prose that ships with Python itself: the docstrings of about
# 120 standard-library modules, lower-cased (`gradelib.load_text_corpus`, no download).
#
# **Which model.** The notes follow Chollet's *Deep Learning with Python*, 2nd ed.,
# ch. 12.1, which generates text with a word-level **Transformer** decoder trained on
# movie reviews. This course uses a character-level **LSTM** instead, the model of the
# book's 1st edition (ch. 8.1) and of notebooks 01-02, because it trains in minutes on a
# CPU. Everything in this notebook, the sampling loop, temperature, the callback, works
# unchanged for a Transformer: both map a window of tokens to next-token logits.
#
# The model is notebook 02's `build_char_lm` (Embedding → LSTM → Dense logits), given
# here as ready code.

# %%
def build_char_lm(vocab_size, embed_dim=32, units=128, num_layers=1, dropout=0.0):
    """Notebook 02's character LSTM: int ids (batch, time) -> logits (batch, time, V)."""
    char_ids = keras.Input(shape=(None,), dtype="int32")
    hidden = keras.layers.Embedding(vocab_size, embed_dim)(char_ids)
    for _ in range(num_layers):
        hidden = keras.layers.LSTM(units, return_sequences=True)(hidden)
        if dropout > 0:
            hidden = keras.layers.Dropout(dropout)(hidden)
    next_char_logits = keras.layers.Dense(vocab_size)(hidden)
    return keras.Model(char_ids, next_char_logits, name="char_lstm")


# %%
SEQ_LEN = 100
n_chars = gradelib.pick(full=400_000, grading=60_000)
epochs = gradelib.pick(full=10, grading=1)

text = gradelib.load_text_corpus(max_chars=n_chars)
vocab = charlm.CharVocab.from_text(text)
train_text, val_text = charlm.split_text(text, val_fraction=0.1)
x_train, y_train = charlm.make_windows(vocab.encode(train_text), SEQ_LEN)
x_val, y_val = charlm.make_windows(vocab.encode(val_text), SEQ_LEN)
print(f"{len(text):,} characters, vocabulary of {len(vocab)}; "
      f"{len(x_train):,} training and {len(x_val):,} validation windows of {SEQ_LEN}")
print(repr(text[:300]))

# %% [markdown]
# ### The generation loop (autoregressive sampling)
#
# A language model predicts one character at a time; to write text, feed each sampled
# character back in:
#
# 1. the model reads the text so far (the prompt, then the prompt plus what was
#    generated), or only its last `context` characters once it is longer, as it was
#    trained on windows;
# 2. the logits at the **last** position are the scores of the next character;
#    $p = \operatorname{softmax}(\text{logits})$;
# 3. sample the next character from $p$ at temperature $T$ with your `sample_next`;
# 4. append it and go to 1.
#
# **Temperature on logits.** Section 2 wrote $q \propto p^{1/T}$. With
# $p = \operatorname{softmax}(z)$ for logits $z$, $\log p_i = z_i - \log\sum_j e^{z_j}$,
# and the constant cancels when $q$ is normalised, so
#
# $$ q = \operatorname{softmax}(\log p \,/\, T) = \operatorname{softmax}(z \,/\, T). $$
#
# The two forms are one transformation: Chollet's `reweight_distribution` (1st ed.) and
# `sample_next` (2nd ed.) divide `np.log(preds)` by $T$, while most other code divides
# the logits (Hugging Face's `TemperatureLogitsWarper`, nanoGPT's `sample.py`).
# Dividing the *probabilities* by $T$, or multiplying either by $T$, is a different
# and wrong transformation.

# %%
diagrams.draw(
    {"ctx": (0.1, 0.55, "last `context` ids\n(1, length)", "data"),
     "lm": (0.32, 0.55, "char LM\n(Embedding, LSTM,\nDense)"),
     "logits": (0.53, 0.55, "logits at the\nlast position", "state"),
     "p": (0.72, 0.55, "softmax(logits / T)", "op"),
     "draw": (0.9, 0.55, "draw with rng\n(T = 0: argmax)", "loss")},
    [("ctx", "lm"), ("lm", "logits"), ("logits", "p"), ("p", "draw"),
     ("draw", "ctx", "append the new id, feed it back",
      {"connectionstyle": "arc3,rad=0.35", "label_at": (0.5, 0.8)})],
    size=(9, 2.8),
    caption="repeat n_chars times; one row per temperature, all rows in one batch")
plt.show()

# %% [markdown]
# One model call per step is the slow part (a few milliseconds each on a CPU), so the
# loop continues the same prompt at several temperatures at once: row $i$ of the batch
# is sampled at `temperatures[i]`. Call the model with `model.predict_on_batch(ids)`:
# `model(ids)` runs eagerly and is about 30 times slower per call on a CPU, and
# `model.predict` is slower still and prints a progress bar at every step.
#
# **Exercise 6 (3 points).** Implement `generate`. The test checks greedy rows exactly
# against stored continuations of a tiny LSTM (from a prompt shorter than `context`,
# so the window first grows, then is cut), the shape and that the prompt is left out,
# the temperature each row is sampled at (2,000 draws at each of two temperatures from
# a model whose logits never change, checked by a chi-square test that a correct loop
# fails with probability 0.001 per check; and a spy sampler), and that one seed gives
# one text. Its `ValueError`s are graded separately (1 point).
#
# **계약.** prompt_ids (P,) 1차원 정수(P ≥ 1), n_chars ≥ 0, 온도 R개(≥ 0), rng, context ≥ 1 → 프롬프트를 뺀
# 정수 배열 (R, n_chars); 행 i는 temperatures[i]로 샘플링(0이면 탐욕적), 모델은 마지막 `context`개 id만 읽는다; 프롬프트가
# 비었거나 1차원이 아니면, n_chars나 온도가 음수이거나 context < 1이면 ValueError.

# %% [markdown]
# The tests use two tiny models, built here: an LSTM with stored weights (notebook 02's
# builder, V = 6) and a model whose logits are `fixed_logits` at every step, whatever it
# reads (an `Embedding` whose rows are all `fixed_logits`).

# %% nbgrader={"grade": false, "grade_id": "generate_test_models", "locked": true, "schema_version": 3, "solution": false, "task": false}
tiny = expected["generate"]
tiny_lm = build_char_lm(tiny["vocab_size"], tiny["embed_dim"], tiny["units"])
tiny_lm.set_weights([np.array(w, dtype=np.float32) for w in tiny["weights"]])
prompt = np.array(tiny["prompt"])
fixed_logits = np.array([2.0, 1.0, 0.5, 0.0, -1.0])
fixed_lm = keras.Sequential([keras.Input(shape=(None,), dtype="int32"),
                             keras.layers.Embedding(5, 5)])
fixed_lm.set_weights([np.tile(fixed_logits, (5, 1))])


# %% nbgrader={"grade": false, "grade_id": "generate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def generate(model, prompt_ids, n_chars, temperatures, rng, context=64, sampler=None):
    """Continue one prompt by n_chars characters, once per temperature, in one batch.

    At each step, for all rows at once: the model reads the last `context` ids of each
    row's text so far (prompt + generated ids; all of them while there are fewer), as
    an int32 array (rows, length), e.g. with model.predict_on_batch; the logits at the
    last position give p = softmax(logits) for each row; row i's next id is
    sampler(p[i], temperatures[i], rng), which is appended to row i.

    Args:
        model: a Keras model, int ids (batch, time) -> logits (batch, time, V).
        prompt_ids: 1-D int array (P,), P >= 1: the prompt, the same for every row.
        n_chars: int >= 0, how many ids to generate per row.
        temperatures: sequence of floats >= 0, one row each (0 means greedy).
        rng: numpy.random.Generator, the only source of randomness.
        context: int >= 1, the most ids the model reads at a step.
        sampler: function (p, temperature, rng) -> int; None means your sample_next.

    Returns:
        int array (len(temperatures), n_chars): the generated ids, without the prompt.

    Raises:
        ValueError: if prompt_ids is not 1-D or is empty, n_chars < 0, a temperature is
            negative, or context < 1.

    Source: Chollet, Deep Learning with Python, 1st ed. (2017), ch. 8.1, and 2nd ed.
    (2021), ch. 12.1 (the same loop around a Transformer).
    """
    ### BEGIN SOLUTION
    prompt_ids = np.asarray(prompt_ids)
    if prompt_ids.ndim != 1 or prompt_ids.size == 0:
        raise ValueError(f"prompt_ids must be a non-empty 1-D array, got shape "
                         f"{prompt_ids.shape}")
    if n_chars < 0 or context < 1 or any(t < 0 for t in temperatures):
        raise ValueError(f"need n_chars >= 0, context >= 1 and temperatures >= 0, got "
                         f"{n_chars}, {context}, {list(temperatures)}")
    sampler = sample_next if sampler is None else sampler
    rows = np.tile(prompt_ids.astype(np.int32), (len(temperatures), 1))
    for _ in range(n_chars):
        last_logits = np.asarray(model.predict_on_batch(rows[:, -context:]),
                                 dtype=np.float64)[:, -1, :]
        shifted = np.exp(last_logits - last_logits.max(axis=1, keepdims=True))
        next_probs = shifted / shifted.sum(axis=1, keepdims=True)
        drawn = [int(sampler(next_probs[i], t, rng)) for i, t in enumerate(temperatures)]
        rows = np.concatenate([rows, np.array(drawn, dtype=np.int32)[:, None]], axis=1)
    return rows[:, prompt_ids.size:].astype(np.int64)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_generate", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# 1. the draws at T > 0 from the fixed-logit model: 100 rows x 20
#    steps = 2,000 draws; a correct loop fails each check with probability 0.001
for t in [0.5, 2.0]:
    rows = generate(fixed_lm, np.array([0]), 20, [t] * 100, np.random.default_rng(1), context=1)
    draws = iter(np.asarray(rows).ravel().tolist())
    want = np.exp(fixed_logits / t) / np.exp(fixed_logits / t).sum()
    gradelib.check_sampler(lambda rng: next(draws), want, n=2000, name="generate",
                           inputs={"logits": fixed_logits, "temperature": t},
                           mistakes=GENERATE)

# 2. greedy rows, exactly: the tiny LSTM's stored continuations
for case in tiny["greedy"]:
    inputs = {"prompt_ids": prompt, "n_chars": tiny["n_chars"], "temperatures": [0.0, 0.0],
              "context": case["context"]}
    got = generate(tiny_lm, rng=np.random.default_rng(0), **inputs)
    charlm.check_ids(got, np.tile(case["expected"], (2, 1)), name="generate", inputs=inputs,
                     what="the greedy rows (temperature 0)",
                     variants={k: np.tile(v, (2, 1)) for k, v in case["variants"].items()},
                     mistakes=GENERATE_GREEDY)

# 3. each row gets its own temperature, and the sampler gets probabilities
seen = []

def spy(p, temperature, rng):
    seen.append((np.asarray(p).shape, float(np.sum(p)), float(np.min(p)), temperature))
    return int(np.argmax(p))

inputs = {"prompt_ids": np.array([0]), "n_chars": 3, "temperatures": [0.2, 1.5, 0.0],
          "context": 1}
generate(fixed_lm, rng=np.random.default_rng(0), sampler=spy, **inputs)
if [t for *_, t in seen] != [0.2, 1.5, 0.0] * 3:
    gradelib.fail("generate", inputs, f"The sampler was called with temperatures "
                  f"{[t for *_, t in seen]}; expected row i's temperature for row i at every "
                  f"step: [0.2, 1.5, 0.0] three times.")
if any(shape != (5,) or abs(total - 1) > 1e-6 or low < 0 for shape, total, low, _ in seen):
    gradelib.fail("generate", inputs, f"The sampler should get one probability vector of "
                  f"shape (5,) per row, >= 0 and summing to 1 (softmax of the last position's "
                  f"logits); it got shapes, sums and minima {[s[:3] for s in seen][:3]}.")

# 4. one seed, one text
first = generate(fixed_lm, np.array([0]), 10, [1.0, 1.0], np.random.default_rng(7), context=1)
second = generate(fixed_lm, np.array([0]), 10, [1.0, 1.0], np.random.default_rng(7), context=1)
if not np.array_equal(first, second):
    gradelib.fail("generate", {"temperatures": [1.0, 1.0]}, "Two generators with the same "
                  "seed gave different texts: draw only from the `rng` argument.")
print("generate: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_generate_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for bad, problem in [({"prompt_ids": np.array([], dtype=int)}, "the prompt is empty"),
                     ({"prompt_ids": np.array([[0, 1]])}, "the prompt is 2-D"),
                     ({"n_chars": -1}, "n_chars is negative"),
                     ({"temperatures": [1.0, -0.5]}, "a temperature is negative"),
                     ({"context": 0}, "context is 0")]:
    inputs = {"model": fixed_lm, "prompt_ids": np.array([0, 1]), "n_chars": 2,
              "temperatures": [1.0], "rng": np.random.default_rng(0), **bad}
    gradelib.check_raises(generate, inputs, problem=problem)
print("generate validation: visible tests passed")

# %% [markdown]
# ### A callback that samples at several temperatures (001)
#
# Keras calls a callback's `on_epoch_end(epoch, logs)` after every epoch, with the
# model being trained in `self.model`. The notes describe one that generates text at
# several temperatures after each epoch, to watch the model learn. The book's version
# (2nd ed., `TextGenerator`) prints each temperature but never passes it to its
# sampler, so every line is really sampled at $T = 1$. Yours must sample each line at
# the temperature it prints.
#
# **Exercise 7 (2 points).** Implement `TemperatureSampler`. The test runs one epoch end
# on the tiny models above: the line printed for $T = 0$ must be the greedy
# continuation, and the lines for other temperatures must follow
# softmax(logits / T) (a chi-square test, false-failure rate 0.001 per temperature).
#
# **계약.** prompt_ids 1차원 정수, 온도 목록(≥ 0) → `on_epoch_end(epoch)`마다 `default_rng(seed + epoch)`로
# generate를 한 번 부르고, 온도마다 "T={t}"로 시작하는 줄을 출력해 `self.samples[epoch + 1] = {t: 정수 id 배열}`에
# 저장한다(처음엔 빈 dict); 출력한 온도로 샘플링.

# %% nbgrader={"grade": false, "grade_id": "TemperatureSampler", "locked": false, "schema_version": 3, "solution": true, "task": false}
import keras


class TemperatureSampler(keras.callbacks.Callback):
    """After every epoch, continue one prompt at each temperature, print, and keep it.

    Args:
        prompt_ids: 1-D int array, the prompt.
        temperatures: list of floats >= 0.
        n_chars: int, ids to generate per temperature.
        decode: function from a list of ids to a str, for printing (None prints the ids).
        seed: int; at epoch e (Keras counts from 0) all draws come from one
            np.random.default_rng(seed + e).
        context: int, passed on to generate.

    on_epoch_end(epoch, logs) calls your generate(self.model, prompt_ids, n_chars,
    temperatures, rng, context) once, prints one line per temperature that starts with
    f"T={t}", and stores self.samples[epoch + 1] = {t: that row's ids (int array), ...}
    (self.samples is a dict, empty before the first epoch end).
    """

    def __init__(self, prompt_ids, temperatures, n_chars, decode=None, seed=0, context=64):
        super().__init__()
        ### BEGIN SOLUTION
        self.prompt_ids = np.asarray(prompt_ids)
        self.temperatures = list(temperatures)
        self.n_chars = n_chars
        self.decode_ids = decode
        self.seed = seed
        self.context = context
        self.samples = {}
        ### END SOLUTION

    def on_epoch_end(self, epoch, logs=None):
        ### BEGIN SOLUTION
        sample_rng = np.random.default_rng(self.seed + epoch)
        texts = generate(self.model, self.prompt_ids, self.n_chars, self.temperatures,
                         sample_rng, context=self.context)
        self.samples[epoch + 1] = dict(zip(self.temperatures, texts, strict=True))
        print(f"--- epoch {epoch + 1}")
        for temperature, ids in self.samples[epoch + 1].items():
            shown = self.decode_ids(ids.tolist()) if self.decode_ids else ids.tolist()
            print(f"T={temperature}: {shown!r}")
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_TemperatureSampler", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
import contextlib
import io

# the printed temperature is the one sampled at: 200 draws each from the fixed logits
sampler_args = {"prompt_ids": np.array([0]), "temperatures": [0.5, 2.0], "n_chars": 200,
                "context": 1}
callback = TemperatureSampler(**sampler_args)
callback.set_model(fixed_lm)
with contextlib.redirect_stdout(io.StringIO()):
    callback.on_epoch_end(0, {})
if not isinstance(getattr(callback, "samples", None), dict) or 1 not in callback.samples:
    gradelib.fail("TemperatureSampler", sampler_args, "After on_epoch_end(0) it should "
                  "store callback.samples[1] (Keras counts epochs from 0; we count from 1).")
for t in [0.5, 2.0]:
    draws = iter(np.asarray(callback.samples[1][t]).ravel().tolist())
    want = np.exp(fixed_logits / t) / np.exp(fixed_logits / t).sum()
    gradelib.check_sampler(lambda rng: next(draws), want, n=200, name="TemperatureSampler",
                           inputs={"logits": fixed_logits, "temperature": t},
                           mistakes=GENERATE)

case = tiny["greedy"][0]
sampler_args = {"prompt_ids": prompt, "temperatures": [0.0, 0.5, 2.0], "n_chars": tiny["n_chars"],
                "seed": 3, "context": case["context"]}
callback = TemperatureSampler(**sampler_args)
callback.set_model(tiny_lm)
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    callback.on_epoch_end(4, {})
if not isinstance(getattr(callback, "samples", None), dict) or 5 not in callback.samples:
    gradelib.fail("TemperatureSampler", sampler_args, "After on_epoch_end(4) it should "
                  "store callback.samples[5] (Keras counts epochs from 0; we count from 1).")
if list(callback.samples[5]) != sampler_args["temperatures"]:
    gradelib.fail("TemperatureSampler", sampler_args, f"callback.samples[5] has keys "
                  f"{list(callback.samples[5])}, expected the temperatures [0.0, 0.5, 2.0].")
charlm.check_ids(callback.samples[5][0.0], np.array(case["expected"]),
                 name="TemperatureSampler", inputs=sampler_args,
                 what="the sample stored for T=0.0 (greedy)")
for t in sampler_args["temperatures"]:
    if not any(line.startswith(f"T={t}") for line in printed.getvalue().splitlines()):
        gradelib.fail("TemperatureSampler", sampler_args, f"No printed line starts with "
                      f"'T={t}'; it printed:\n{printed.getvalue()[:500]}")
print("TemperatureSampler: visible tests passed")

# %% [markdown]
# ### Training with your callback
#
# Your `TemperatureSampler` prints what the model writes at four temperatures after
# every epoch. (If `generate` or the callback is not done yet, the model trains without
# it.)

# %%
keras.utils.set_random_seed(0)
model = charlm.compile_char_lm(build_char_lm(len(vocab), embed_dim=32, units=128), 3e-3)
PROMPT = "the file is "
callbacks = []
with gradelib.experiment("your TemperatureSampler"):
    sweep = TemperatureSampler(vocab.encode(PROMPT), [0.2, 0.5, 1.0, 1.2],
                               n_chars=gradelib.pick(80, 40), decode=vocab.decode)
    generate(model, vocab.encode(PROMPT), 1, [1.0], np.random.default_rng(0))  # done?
    callbacks = [sweep]
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=64,
                    epochs=epochs, callbacks=callbacks, verbose=gradelib.pick(2, 0))

# %%
print(f"{'epoch':>5}  {'train loss':>10}  {'val loss':>9}  {'val perplexity':>14}")
for epoch, (tl, vl) in enumerate(zip(history.history["loss"], history.history["val_loss"]), 1):
    print(f"{epoch:>5}  {tl:>10.3f}  {vl:>9.3f}  {np.exp(vl):>14.2f}")
final_val = history.history["val_loss"][-1]
print(f"uniform model: {np.log(len(vocab)):.3f} nats/char, perplexity {len(vocab)}")
# holds in grading mode too: even one short epoch beats guessing uniformly
assert final_val < np.log(len(vocab)), "the model should beat the uniform distribution"


# %% [markdown]
# **한국어 요약.** 말뭉치는 파이썬 표준 라이브러리 모듈 약 120개의 docstring(소문자, 다운로드 없음)이고, 모델은 노트북 02의 문자 수준
# LSTM(Embedding → LSTM → Dense 로짓)이다. 자기회귀 생성은 마지막 `context`개 id를 읽고, 마지막 위치의 로짓 $z$로
# $q=\mathrm{softmax}(z/T)$를 만들어 하나를 뽑아 덧붙이기를 되풀이한다($\mathrm{softmax}(\log p/T)$와 같은 변환; 확률을
# $T$로 나누면 틀린다). 콜백은 에포크마다 여러 온도로 생성하되, 책의 `TextGenerator`와 달리 출력한 온도로 실제로 샘플링한다. 학습한 모델의 검증
# 손실은 균등 모델의 $\log V$보다 낮아야 한다.

# %% [markdown]
# ## 7. Experiment: entropy and repetition against temperature
#
# We continue one prompt at several temperatures with your `generate`, and with top-k
# and top-p filtering at $T = 1$ (a `sampler` that filters before your `sample_next`). For each we report the mean entropy (nats) of
# the distribution actually sampled from at each step, and a repetition score: the
# fraction of the text's 8-character substrings that already appeared earlier in it
# (0 = no repeats; greedy decoding falls into loops). Held-out human text is the
# reference row.

# %%
def repetition(text, n=8):
    """Fraction of the text's n-grams that are repeats of an earlier n-gram."""
    grams = [text[i:i + n] for i in range(len(text) - n + 1)]
    return 1 - len(set(grams)) / max(len(grams), 1)

N_GEN = gradelib.pick(full=300, grading=60)
sweep_temperatures = [0.0, 0.2, 0.5, 0.8, 1.0, 1.2, 1.5]
rows = []  # (strategy, mean entropy, repetition, sample)
with gradelib.experiment("entropy and repetition vs temperature"):
    prompt_ids = vocab.encode(PROMPT)
    generated = generate(model, prompt_ids, N_GEN, sweep_temperatures, np.random.default_rng(0))
    probs = charlm.step_probs(model, prompt_ids, generated)   # p at every step, before T
    for t, ids, p_steps in zip(sweep_temperatures, generated, probs):
        h = 0.0 if t == 0 else np.mean([entropy(reweight_distribution(p, t)) for p in p_steps])
        sample = vocab.decode(ids)
        rows.append((f"T={t}" + (" (greedy)" if t == 0 else ""), h, repetition(sample), sample))
    for label, filt in [("top-k, k=5, T=1", lambda p: top_k_filter(p, 5)),
                        ("top-p, p=0.9, T=1", lambda p: top_p_filter(p, 0.9))]:
        [ids] = generate(model, prompt_ids, N_GEN, [1.0], np.random.default_rng(1),
                         sampler=lambda p, t, rng: sample_next(filt(p), t, rng))
        [p_steps] = charlm.step_probs(model, prompt_ids, ids[None, :])
        sample = vocab.decode(ids)
        rows.append((label, np.mean([entropy(filt(p)) for p in p_steps]), repetition(sample),
                     sample))
    rows.append(("held-out text", float("nan"), repetition(val_text[:N_GEN]), val_text[:N_GEN]))

    print(f"{'strategy':<20} {'entropy (nats)':>14} {'repetition':>10}   sample")
    for label, h, rep, sample in rows:
        print(f"{label:<20} {h:>14.3f} {rep:>10.3f}   {sample[:60]!r}")

# %% [markdown]
# Read the samples in full: low temperatures repeat themselves, high ones invent
# words and punctuation. The notes' point: interesting text sits in between, and
# where exactly is a judgement you make by reading.

# %%
with gradelib.experiment("samples"):
    for label, _, _, sample in rows:
        print(f"--- {label}\n{sample}\n")

# %% [markdown]
# The same explorer, now on the model's real next-character distribution after the
# prompt, with text generated at the slider's temperature. (Interactive only.)

# %%
if not gradelib.grading_mode():
    with gradelib.experiment("temperature explorer on the language model"):
        p_prompt = charlm.next_char_probs(model, vocab.encode(PROMPT)[None, :])[0]

        def continue_prompt(t):
            [ids] = generate(model, vocab.encode(PROMPT), 120, [t], np.random.default_rng(1))
            return PROMPT + vocab.decode(ids)

        display(TemperatureExplorer(p_prompt, vocab.chars, reweight_distribution,
                                    entropy=entropy, generate=continue_prompt))

# %% [markdown]
# **한국어 요약.** 학습한 모델로 같은 프롬프트를 온도 0~1.5와, $T=1$에서 top-k(k = 5)·top-p(p = 0.9)로 이어 쓰고, 단계마다 실제로
# 샘플링한 분포의 평균 엔트로피와 반복 점수(앞에 이미 나온 8문자 부분 문자열의 비율)를 잰다. 낮은 온도(탐욕적, T = 0.2)는 엔트로피가 낮고 같은 구절을
# 맴돌며, 높은 온도(1.2, 1.5)는 반복이 거의 없지만 없는 단어와 기호를 지어낸다. 흥미로운 텍스트는 그 사이에 있고, 어디가 좋은지는 사람이 쓴 검증 텍스트를
# 기준 삼아 표본을 읽고 판단한다.

# %% [markdown]
# ## 8. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** Using the equation for $q_i$, explain why $T \to 0$ becomes greedy
# sampling and $T \to \infty$ becomes uniform sampling. What happens to tokens with
# $p_i = 0$ at any temperature?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_temperature_limits", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# q_i is proportional to p_i^(1/T) = exp(log p_i / T). As T → 0 the exponent 1/T grows
# without bound, so the ratio q_i / q_max = (p_i / p_max)^(1/T) → 0 for every token
# below the maximum: all mass goes to the argmax, which is greedy sampling. As T → ∞,
# 1/T → 0 and every p_i^(1/T) → 1, so all tokens with p_i > 0 become equally likely.
# A token with p_i = 0 has log p_i = -∞ and stays at probability 0 at every finite
# temperature: temperature reshapes the distribution over the support, it never adds to it.
#
# **한국어 모범 답안.** q_i는 p_i^(1/T) = exp(log p_i / T)에 비례한다. T → 0이면 지수 1/T가 한없이 커지므로, 최댓값보다 작은
# 모든 토큰에서 비 q_i / q_max = (p_i / p_max)^(1/T)가 0으로 가고 모든 확률이 argmax에 모인다: 탐욕적 샘플링이다. T → ∞이면
# 1/T → 0이고 모든 p_i^(1/T) → 1이므로 p_i > 0인 토큰이 모두 같은 확률을 갖는 균등 샘플링이 된다. p_i = 0인 토큰은 log p_i =
# -∞이므로 유한한 어떤 온도에서도 확률 0으로 남는다: 온도는 지지 집합 위의 분포 모양만 바꿀 뿐, 지지 집합에 토큰을 더하지 않는다.

# %% [markdown]
# **Q2 (2 points).** The notes say that neither too little randomness (greedy) nor too
# much (uniform) makes interesting text, and that the best entropy cannot be known in
# advance. Using your table from section 7, which strategy would you choose for this
# model and why? Quote the numbers you use.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_choose_strategy", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Answers vary with the run.) Greedy and T = 0.2 have the lowest entropy and the
# highest repetition: the text loops on a few common words. At T = 1.2 and 1.5 the
# entropy is highest and repetition near zero, but the samples contain non-words and
# stray symbols. Around T = 0.5-0.8, or top-p 0.9 at T = 1, repetition is close to the
# held-out text's and most words are real: that is the range to pick. The choice is
# made by reading samples; the numbers only narrow the range.
#
# **한국어 모범 답안.** (결과는 실행마다 다르다.) 탐욕적 샘플링과 T = 0.2는 엔트로피가 가장 낮고 반복 점수가 가장 높다: 텍스트가 흔한 몇 단어를
# 맴돈다. T = 1.2와 1.5는 엔트로피가 가장 높고 반복이 0에 가깝지만, 표본에 없는 단어와 엉뚱한 기호가 섞인다. T = 0.5~0.8 부근, 또는 T =
# 1에서 top-p 0.9는 반복 점수가 사람이 쓴 검증 텍스트와 비슷하고 대부분 실제 단어이므로 이 범위를 고른다. 선택은 표본을 읽고 하는 것이고, 숫자는 범위를
# 좁혀 줄 뿐이다.

# %% [markdown]
# **Q3 (1 point).** Your `generate` feeds the model only the last `context` = 64
# characters, although the LSTM was trained on windows of 100 and could read the whole
# text. Give one reason to cut the context, and one thing the model can no longer do
# when it is cut. Would a causal Conv1D model (notebook 02) lose anything from the cut?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_context_window", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# Reasons to cut: each step re-reads the whole window, so a window that grows with the
# text makes step t cost O(t) and the whole generation O(n^2); and the model was trained
# on windows of at most 100 characters, starting each from a zero state, so it never
# learned to use history longer than that (positions beyond its training length are
# out of distribution). What is lost: anything said more than 64 characters ago (a
# name, an open quote or bracket) can no longer influence the next character, even
# though an LSTM's state could in principle carry it. The causal Conv1D model of
# notebook 02 loses nothing as long as the context is at least its receptive field
# (29 characters): it cannot see further back anyway.
#
# **한국어 모범 답안.** 창을 자르는 이유: 매 단계 창 전체를 다시 읽으므로, 창이 텍스트와 함께 자라면 t번째 단계의 비용이 O(t), 전체 생성이
# O(n^2)이 된다. 창을 자르면 단계마다 계산량이 일정하다. 또 모델은 매번 0 상태에서 시작하는 최대 100자의 창으로 학습했으므로 그보다 긴 이력을 쓰는 법을
# 배운 적이 없다(학습 길이를 넘는 위치는 분포 밖이다). 잃는 것: 64자보다 앞에 나온 것(이름, 열린 따옴표나 괄호)은 더 이상 다음 문자에 영향을 주지 못한다.
# LSTM의 상태는 원리상 그 정보를 실어 나를 수 있는데도 그렇다. 노트북 02의 인과 Conv1D 모델은 context가 수용 영역(29자) 이상이면 잃는 것이
# 없다: 원래 그보다 먼 과거를 볼 수 없기 때문이다.

# %% [markdown]
# ## Summary
#
# - Sampling turns a language model's distribution into text; the strategy is a
#   separate choice from the model.
# - Softmax temperature divides the log-probabilities by $T$: entropy rises with $T$,
#   from greedy ($T \to 0$, entropy 0) to uniform ($T \to \infty$, entropy $\log V$).
# - Top-k and top-p remove the unlikely tail before sampling.
# - Generation is a loop: the model's last-position logits, softmax(logits / T), a draw,
#   and the draw fed back in; a callback can run it after every epoch, at the
#   temperature it prints.
# - A sampler is tested statistically, with a fixed seed and a stated false-failure rate.
#
# **한국어 요약.** 샘플링은 언어 모델의 분포를 텍스트로 바꾸며, 샘플링 전략은 모델과 별개의 선택이다. 소프트맥스 온도는 로그 확률을 $T$로 나누고, 엔트로피는
# $T$와 함께 커져 탐욕적 샘플링($T\to 0$, 엔트로피 0)에서 균등 분포($T\to\infty$, 엔트로피 $\log V$)까지 간다. top-k와
# top-p는 샘플링 전에 확률이 낮은 꼬리를 잘라 낸다. 생성은 마지막 위치의 로짓 → softmax(로짓 / T) → 추출 → 되먹임의 반복이고, 콜백은 에포크마다
# 출력한 그 온도로 이를 실행한다. 샘플러는 고정 시드와 명시한 거짓 실패율로 통계적으로 검사한다.
#
# **Further reading**
#
# - F. Chollet, *Deep Learning with Python*, 1st ed., ch. 8.1 (2017): a character LSTM
#   with temperature sampling; 2nd ed., ch. 12.1 (2021): the same loop around a
#   Transformer, and the `TextGenerator` callback.
# - A. Karpathy, *The Unreasonable Effectiveness of Recurrent Neural Networks* (2015).
# - G. Hinton, O. Vinyals, J. Dean, *Distilling the Knowledge in a Neural Network* (2015):
#   softmax temperature.
# - A. Fan, M. Lewis, Y. Dauphin, *Hierarchical Neural Story Generation* (2018): top-k.
# - A. Holtzman, J. Buys, L. Du, M. Forbes, Y. Choi, *The Curious Case of Neural Text
#   Degeneration* (2020): nucleus (top-p) sampling.
