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
# - how to watch a character language model learn with a callback that samples at
#   several temperatures after every epoch.
#
# You will implement the reweighting, entropy, the sampler and both filters, then
# train a small character-level LSTM in this notebook and measure how entropy and
# repetition change with the temperature.
#
# | English | the notes' term |
# |---|---|
# | language model | 언어 모델 |
# | greedy sampling | 탐욕적 샘플링 |
# | stochastic sampling | 확률적 샘플링 |
# | softmax temperature | 소프트맥스 온도 |
# | perplexity | 혼란도 |
#
# Notes covered: 000 and 001 (Chollet, *Deep Learning with Python*, ch. 12.1).
# **Prerequisites:** notebook 00; softmax and logarithms. **Time:** about an hour;
# the notebook runs in about 3 minutes on a laptop CPU.
#
# Check your work from a terminal with
# `gradelib check notebooks/03_sampling_strategies/03_sampling_strategies.ipynb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import json

import keras
import matplotlib.pyplot as plt
import numpy as np

import gradelib
from gradelib import charlm
from gradelib.mistakes import (
    ENTROPY,
    REWEIGHT_DISTRIBUTION,
    SAMPLE_NEXT,
    TOP_K_FILTER,
    TOP_P_FILTER,
)
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
# ## 6. A character language model to sample from
#
# The corpus is English prose that ships with Python itself: the docstrings of about
# 120 standard-library modules, lower-cased (`gradelib.load_text_corpus`, no download).
# The model reads a window of characters and predicts the next one at every position:
# Embedding → LSTM → Dense, trained with cross-entropy in nats per character.
#
# The notes describe a callback that generates text at several temperatures at the end
# of every epoch. The book's version prints each temperature but never passes it to
# its sampler, so every line is really sampled at $T = 1$. `charlm.TemperatureSweep`
# passes each temperature to *your* `sample_next`.

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

# %%
keras.utils.set_random_seed(0)
model = charlm.build_char_lm(len(vocab), embed_dim=32, units=128)
sweep = charlm.TemperatureSweep(vocab, prompt="the file is ", temperatures=[0.2, 0.5, 1.0, 1.2],
                                sample_fn=sample_next, n_chars=gradelib.pick(120, 40),
                                every=gradelib.pick(full=3, grading=1))
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=64,
                    epochs=epochs, callbacks=[sweep], verbose=gradelib.pick(2, 0))

# %%
print(f"{'epoch':>5}  {'train loss':>10}  {'val loss':>9}  {'val perplexity':>14}")
for epoch, (tl, vl) in enumerate(zip(history.history["loss"], history.history["val_loss"]), 1):
    print(f"{epoch:>5}  {tl:>10.3f}  {vl:>9.3f}  {np.exp(vl):>14.2f}")
final_val = history.history["val_loss"][-1]
print(f"uniform model: {np.log(len(vocab)):.3f} nats/char, perplexity {len(vocab)}")
# holds in grading mode too: even one short epoch beats guessing uniformly
assert final_val < np.log(len(vocab)), "the model should beat the uniform distribution"


# %% [markdown]
# ## 7. Experiment: entropy and repetition against temperature
#
# We continue one prompt at several temperatures with your `sample_next`, and with
# top-k and top-p filtering at $T = 1$. For each we report the mean entropy (nats) of
# the distribution actually sampled from at each step, and a repetition score: the
# fraction of the text's 8-character substrings that already appeared earlier in it
# (0 = no repeats; greedy decoding falls into loops). Held-out human text is the
# reference row.

# %%
def repetition(text, n=8):
    """Fraction of the text's n-grams that are repeats of an earlier n-gram."""
    grams = [text[i:i + n] for i in range(len(text) - n + 1)]
    return 1 - len(set(grams)) / max(len(grams), 1)

PROMPT = "the file is "
N_GEN = gradelib.pick(full=400, grading=60)
sweep_temperatures = [0.0, 0.2, 0.5, 0.8, 1.0, 1.2, 1.5]
rows = []  # (strategy, mean entropy, repetition, sample)
with gradelib.experiment("entropy and repetition vs temperature"):
    texts, probs = charlm.generate(model, vocab, PROMPT, N_GEN, sweep_temperatures, sample_next)
    for t, sample, p_steps in zip(sweep_temperatures, texts, probs):
        h = 0.0 if t == 0 else np.mean([entropy(reweight_distribution(p, t)) for p in p_steps])
        rows.append((f"T={t}" + (" (greedy)" if t == 0 else ""), h, repetition(sample), sample))
    for label, filt in [("top-k, k=5, T=1", lambda p: top_k_filter(p, 5)),
                        ("top-p, p=0.9, T=1", lambda p: top_p_filter(p, 0.9))]:
        [sample], [p_steps] = charlm.generate(
            model, vocab, PROMPT, N_GEN, [1.0], lambda p, t, rng: sample_next(filt(p), t, rng))
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
        p_prompt = charlm.next_char_probs(model, vocab.encode(PROMPT.rjust(64))[None, :])[0]

        def continue_prompt(t):
            [sample], _ = charlm.generate(model, vocab, PROMPT, 120, [t], sample_next, seed=1)
            return PROMPT + sample

        display(TemperatureExplorer(p_prompt, vocab.chars, reweight_distribution,
                                    entropy=entropy, generate=continue_prompt))

# %% [markdown]
# ## 8. Questions (graded by hand)
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
# temperature: temperature reshapes the support, it never adds to it.

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

# %% [markdown]
# **Q3 (1 point).** The book's callback prints `temperature: 0.2`, `temperature: 0.5`, …
# but calls the sampler without the temperature. What would its output look like, and
# why is that misleading for a student tuning the temperature?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_callback_bug", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# Every block would be sampled at the default temperature 1.0, so the blocks labelled
# 0.2 and 1.5 look alike (just different random draws). A student would conclude that
# temperature barely matters, or pick a "best" temperature that was never used.

# %% [markdown]
# ## Summary
#
# - Sampling turns a language model's distribution into text; the strategy is a
#   separate choice from the model.
# - Softmax temperature divides the log-probabilities by $T$: entropy rises with $T$,
#   from greedy ($T \to 0$, entropy 0) to uniform ($T \to \infty$, entropy $\log V$).
# - Top-k and top-p remove the unlikely tail before sampling.
# - A sampler is tested statistically, with a fixed seed and a stated false-failure rate.
#
# **Further reading**
#
# - F. Chollet, *Deep Learning with Python*, 2nd ed., ch. 12.1 (2021).
# - A. Karpathy, *The Unreasonable Effectiveness of Recurrent Neural Networks* (2015).
# - G. Hinton, O. Vinyals, J. Dean, *Distilling the Knowledge in a Neural Network* (2015):
#   softmax temperature.
# - A. Fan, M. Lewis, Y. Dauphin, *Hierarchical Neural Story Generation* (2018): top-k.
# - A. Holtzman, J. Buys, L. Du, M. Forbes, Y. Choi, *The Curious Case of Neural Text
#   Degeneration* (2020): nucleus (top-p) sampling.
