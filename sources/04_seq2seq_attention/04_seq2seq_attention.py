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
# # 04 · Sequence to sequence: encoder, decoder, attention, positional encoding
#
# **What you will learn**
#
# - how an encoder-decoder (seq2seq) model turns one sequence into another, trained with
#   teacher forcing and decoded greedily;
# - two cheap improvements from the notes: reversing the input and the peeky decoder,
#   measured on a generated addition task;
# - attention: dot-product scores between a decoder state and every encoder state, a
#   softmax over the source positions, and the context vector; then scaled dot-product
#   attention with queries, keys, values and a padding mask, the Transformer's form;
# - why a model without recurrence needs a positional encoding, and the sinusoidal one
#   of the Transformer.
#
# You will write the greedy decoding loop (and use it to score every model), the
# attention weights, the context vector and scaled dot-product attention in NumPy,
# the encoder-decoder with attention in Keras (trained here on the date task), and the
# sinusoidal positional encoding; then use your attention functions to draw where your
# trained model looks when it converts dates.
#
# | English | the notes' term |
# |---|---|
# | encoder / decoder | 인코더 / 디코더 |
# | reversed input | 입력 데이터 반전 |
# | peeky decoder | 엿보기 (peeky) |
# | attention | 어텐션 |
# | context vector | 맥락 벡터 |
# | bidirectional RNN | 양방향 RNN |
# | positional encoding | 위치 인코딩 |
#
# Notes covered: 002 (Saitoh, *Deep Learning from Scratch 2*, ch. 7-8: seq2seq, its
# improvements, attention, bidirectional RNN) and 003 (Foster, *Generative Deep
# Learning*, ch. 9: the Transformer's positional encoding).
# **Prerequisites:** notebooks 01 (RNN, LSTM) and 03 (softmax, greedy decoding).
# **Time:** about two hours; the notebook runs in 3-5 minutes on a 2-core laptop CPU.
#
# Check your work from a terminal with
# `gradelib check notebooks/04_seq2seq_attention/04_seq2seq_attention.ipynb`.

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
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from gradelib import diagrams, seq2seq
from gradelib.mistakes import ATTENTION_WEIGHTS, CONTEXT_VECTOR, POSITIONAL_ENCODING
from gradelib.mistakes.seq2seq import SCALED_ATTENTION, SCALED_ATTENTION_OUTPUT

gradelib.setup(seed=0)
expected = json.loads(gradelib.data_path("04_seq2seq_attention", "expected.json").read_text())

# %% [markdown]
# ## 1. Two toy tasks from *Deep Learning from Scratch 2*
#
# Both tasks map a string to a string, one character at a time, and are generated here
# with a seeded random generator (no download), as the book's `addition.txt` and
# `date.txt` were:
#
# - **addition**: `"16+75"` → `"91"`. Operands 0-999 (a length of 1-3 digits is drawn
#   first, so short numbers are common, as in the book's file); 50,000 distinct
#   problems, 10% held out. The question is padded with spaces to 7 characters; the
#   answer is `"_"` (the start token) and the sum padded to 4 characters.
# - **dates**: `"September 27, 1994"`, `"27/09/94"`, `"TUESDAY, SEPTEMBER 27, 1994"`, …
#   → `"1994-09-27"`, ten surface formats made with Python's `datetime`.
#
# Source and target share one character vocabulary; `x` holds source ids and `t`
# target ids, starting with the id of `"_"`.

# %%
addition = seq2seq.load_addition(n=50_000, test_fraction=0.1, seed=0)
print(f"addition: {len(addition.x_train):,} training and {len(addition.x_test):,} test "
      f"problems; vocabulary {addition.vocab.chars}")
print("x_train", addition.x_train.shape, addition.x_train.dtype,
      " t_train", addition.t_train.shape)
for q, a, x, t in zip(addition.questions_train[:4], addition.answers_train[:4],
                      addition.x_train, addition.t_train):
    print(f"  {q!r} -> {a!r}   ids {x.tolist()} -> {t.tolist()}")

dates = seq2seq.load_dates(n=50_000, test_fraction=0.1, seed=0)
print(f"\ndates: {len(dates.x_train):,} training and {len(dates.x_test):,} test questions, "
      f"question length {dates.x_train.shape[1]}, vocabulary of {len(dates.vocab)}")
for name, _, _ in seq2seq.DATE_FORMATS:
    print(f"  {name!r:32} -> '_1994-09-27'")

# %% [markdown]
# **한국어 요약.** 두 과제 모두 문자열을 한 문자씩 다른 문자열로 바꾸며, 책의 `addition.txt`, `date.txt`처럼 시드를 고정한 난수로 여기서
# 만든다(다운로드 없음). 덧셈 과제는 "16+75" → "91"처럼 0~999의 피연산자로 서로 다른 문제 50,000개를 만들고 10%를 떼어 두며, 질문은
# 공백으로 7자를, 답은 시작 토큰 "_"와 4자로 채운 합을 쓴다. 날짜 과제는 열 가지 표기("September 27, 1994", "27/09/94" 등)를
# "1994-09-27"로 바꾼다. 원문과 정답은 문자 어휘 하나를 함께 쓰고, x는 원문 id, t는 "_"로 시작하는 정답 id이다.

# %% [markdown]
# ## 2. Encoder and decoder (인코더, 디코더)
#
# A seq2seq model is two RNNs. The **encoder** reads the question and compresses it
# into its last hidden state $h$, a fixed-length vector whatever the input's length.
# The **decoder** is a conditional language model: it starts from $h$, reads `"_"`,
# predicts the first answer character, reads that, predicts the next, and so on.
#
# - **Training (teacher forcing):** the decoder reads the *true* answer shifted right
#   by one with the start token in front, `t[:, :-1]` = `"_91 "`, and is trained to
#   predict `t[:, 1:]` = `"91  "` with cross-entropy: at step $t$ it reads the true
#   character $t - 1$ and predicts character $t$.
# - **Generation (greedy decoding, 탐욕적):** the decoder reads its *own* previous
#   prediction, the most probable character (notebook 03).
#
# The notes list two cheap improvements:
#
# - **Reversed input** (입력 데이터 반전, Sutskever et al. 2014): feed `"  57+61"`
#   instead of `"16+75  "`. The average distance between an input character and the
#   output it matters for is unchanged, but some paths become short: the character
#   read first as written (here the first operand's leading digit) is now read last,
#   right before the decoder starts (Q1 asks what that does for this task).
# - **Peeky decoder** (엿보기): give $h$ not only as the decoder's initial state but
#   to every decoder step, concatenated to its input and to the output layer's input.
#   More parameters, and the encoder's summary cannot fade along the decoder.
#
# The book (DLFS2 ch. 7) trains each for 25 epochs with its NumPy code (embedding 16,
# LSTM of 128 units, Adam with step 0.001, gradients clipped at global norm 5). Our
# Keras models (`gradelib.seq2seq.build_seq2seq`, ready-made: you build the attention
# model in section 4) must train in about half a minute each on two CPU cores, so they
# are smaller and faster-learning: LSTM of 64 units, Adam with step 0.01, the same
# clipping, **4 epochs** over the 45,000 training problems (2 epochs on 256 problems in
# grading mode). Accuracy is exact match: every character of the answer right, decoded
# greedily by **your** `greedy_decode` (below), on the 5,000 held-out problems.

# %%
fig, axes = plt.subplots(2, 1, figsize=(10, 6.4))
diagrams.draw(
    {"x": (0.08, 0.5, 'question\n"16+75  "', "data"),
     "enc": (0.28, 0.5, "Embedding\nLSTM encoder"),
     "state": (0.48, 0.5, "h, c\n(last state)", "state"),
     "dec": (0.7, 0.5, "Embedding\nLSTM decoder"),
     "din": (0.7, 0.08, 'decoder input "_91 "\n(target shifted right)', "data"),
     "dense": (0.9, 0.5, "Dense\n(logits)"),
     "out": (0.9, 0.9, 'predicts "91  "', "data")},
    [("x", "enc"), ("enc", "state"), ("state", "dec", "initial state"),
     ("din", "dec"), ("dec", "dense", "h_t"), ("dense", "out")],
    ax=axes[0], ylim=(-0.2, 1.05), caption="seq2seq (DLFS2 ch. 7): the encoder's last "
    "state is the decoder's initial state, nothing more")
diagrams.draw(
    {"x": (0.08, 0.4, 'question\n"16+75  "', "data"),
     "enc": (0.26, 0.4, "Embedding\nLSTM encoder"),
     "state": (0.45, 0.4, "h, c\n(last state)", "state"),
     "copy": (0.56, 0.9, "h, copied to every step", "state"),
     "dec": (0.7, 0.4, "Embedding\nLSTM decoder"),
     "din": (0.7, 0.02, 'decoder input "_91 "', "data"),
     "dense": (0.9, 0.4, "Dense\n(logits)"),
     "out": (0.9, 0.02, 'predicts "91  "', "data")},
    [("x", "enc"), ("enc", "state"), ("state", "dec", "initial state"), ("state", "copy"),
     ("copy", "dec", "", {"color": "tab:red"}), ("copy", "dense", "", {"color": "tab:red"}),
     ("din", "dec"), ("dec", "dense", "h_t"), ("dense", "out")],
    ax=axes[1], ylim=(-0.2, 1.05), caption="peeky seq2seq (DLFS2 ch. 7): h is also concatenated "
    "(red) to the decoder's input and to the Dense layer's input at every step")
plt.show()

# %% [markdown]
# ### Greedy decoding
#
# At test time there is no true answer to feed. The decoder reads the start token,
# the model's most probable character becomes the next input, and so on, `length`
# times: step $t$ reads $[\_, y_0, \dots, y_{t-1}]$ and $y_t = \arg\max$ of the
# logits at position $t$ (DLFS2 ch. 7's `Seq2seq.generate`). Our Keras decoder reads
# a whole sequence at once, and it is *causal* (an LSTM): the logits at position $t$
# depend on decoder inputs $0, \dots, t$ only. So you may call the model on the
# growing decoder input (shape `(N, t + 1)` at step $t$) and read its last position,
# or fill a decoder input of fixed width `length` (start token in front, anything
# after position $t$) one id per step and read position $t$. Both give the same ids;
# the fixed width keeps one input shape, so Keras traces the model into a graph once.
#
# **Exercise 1 (3 points).** Implement `greedy_decode(model, x, start_id, length)`.
# Call the model as `model.predict_on_batch([x, decoder_input])`: it returns the
# logits, a NumPy array of shape `(N, T_out, vocab)`. (`model([x, decoder_input],
# training=False)` computes the same as a tensor, but op by op, which is several times
# slower on the thousands of held-out examples the notebook decodes.)
#
# **계약.** x (N, T_in) 정수 배열, start_id 정수, length ≥ 1 → 정수 배열 (N, length); t열은
# `[start_id, 0열, …, t−1열]`을 읽은 뒤 t 위치 로짓의 argmax이고, 시작 토큰은 결과에 넣지 않는다; model은
# `predict_on_batch([x, 디코더 입력])`으로 부르며, 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "greedy_decode", "locked": false, "schema_version": 3, "solution": true, "task": false}
def greedy_decode(model, x, start_id, length):
    """Greedy decoding with a teacher-forced seq2seq model (DLFS2 ch. 7).

    Args:
        model: a keras.Model called as ``model([source_ids, decoder_input_ids])`` that
            returns logits (N, T_out, vocab); causal along the decoder input.
        x: int array (N, T_in), the source ids (reversed if the model was trained so).
        start_id: int, the id of the start token "_", the decoder's first input.
        length: int >= 1, the number of ids to generate.

    Returns:
        int array (N, length): column t is the argmax of the logits at step t after the
        decoder has read [start_id, column 0, ..., column t - 1]. The start token is not
        part of the result.
    """
    ### BEGIN SOLUTION
    source = np.asarray(x, dtype=np.int32)
    fed = np.full((len(source), length), start_id, dtype=np.int32)   # one shape: one trace
    chosen = np.zeros((len(source), length), dtype=np.int32)
    for step in range(length):
        step_logits = np.asarray(model.predict_on_batch([source, fed]))[:, step]
        chosen[:, step] = step_logits.argmax(axis=-1)
        if step + 1 < length:
            fed[:, step + 1] = chosen[:, step]
    return chosen
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_greedy_decode", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# a small untrained baseline model with random weights, chosen so that what it reads
# changes what it writes (a decoder that ignores its own output would be caught)
keras.utils.set_random_seed(5)
tiny = seq2seq.build_seq2seq(len(addition.vocab), "baseline", embed_dim=6, units=8,
                             run_eagerly=True)
rng = np.random.default_rng(5)
tiny.set_weights([rng.normal(0, 1.0, size=w.shape).astype(np.float32)
                  for w in tiny.get_weights()])
x_small = addition.x_test[:6]
got = greedy_decode(tiny, x_small, addition.start_id, 4)
# property: greedy ids are the argmax of one teacher-forced pass on [start, ids[:, :-1]]
seq2seq.check_greedy_decode(got, model=tiny, x=x_small, start_id=addition.start_id, length=4)
print("greedy_decode: visible tests passed")

# %% [markdown]
# ### Reversed input and the peeky decoder on the addition task

# %%
reversed_addition = addition.reversed()
print("as generated:", repr(addition.questions_test[0]),
      " reversed:", repr(reversed_addition.vocab.decode(reversed_addition.x_test[0])))

UNITS = gradelib.pick(full=64, grading=16)              # DLFS2 uses 128
ADD_EPOCHS = gradelib.pick(full=4, grading=2)            # DLFS2 trains 25
ADD_TRAIN = gradelib.pick(full=45_000, grading=256)     # training problems used
ADD_TEST = gradelib.pick(full=5_000, grading=100)       # held-out problems scored
EVAL_EVERY_EPOCH = gradelib.pick(full=1_000, grading=100)
BATCH = 128
# tiny runs are faster op by op than with a traced graph (see build_seq2seq's docstring)
EAGER = gradelib.pick(full=False, grading=True)

addition_runs = {}   # label -> (history, held-out accuracy, seconds)


def train_addition(label, kind, data):
    """Train one seq2seq model on the addition task and score it on held-out problems
    with your greedy_decode."""
    data = data.subset(ADD_TRAIN, ADD_TEST)
    keras.utils.set_random_seed(0)
    model = seq2seq.build_seq2seq(len(data.vocab), kind, embed_dim=16, units=UNITS,
                                  run_eagerly=EAGER)
    start = time.time()
    history = seq2seq.fit(model, data, epochs=ADD_EPOCHS, decode=greedy_decode,
                          batch_size=BATCH, n_eval=EVAL_EVERY_EPOCH)
    accuracy = seq2seq.evaluate(model, data, decode=greedy_decode)
    addition_runs[label] = (history, accuracy, time.time() - start)
    print(f"{label:<18} loss {history['loss'][0]:.3f} -> {history['loss'][-1]:.3f}, "
          f"held-out exact match {accuracy:.1%} ({time.time() - start:.0f} s)")
    return model


# %% [markdown]
# Each of the next three cells trains one model (about half a minute each).

# %%
with gradelib.experiment("baseline seq2seq on addition"):
    baseline_model = train_addition("baseline", "baseline", addition)

# %%
with gradelib.experiment("reversed input on addition"):
    reversed_model = train_addition("reversed input", "baseline", reversed_addition)

# %%
with gradelib.experiment("peeky + reversed on addition"):
    peeky_model = train_addition("peeky + reversed", "peeky", reversed_addition)

# %%
DLFS2_25_EPOCHS = {"baseline": 0.121, "reversed input": 0.540, "peeky + reversed": 0.984}
print(f"Exact-match accuracy on {ADD_TEST:,} held-out additions "
      f"({ADD_TRAIN:,} training problems, {ADD_EPOCHS} epochs, {gradelib.mode()} mode)\n")
print(f"{'model':<18} {'this notebook':>14} {'DLFS2, 25 epochs':>17}")
for label, (_, accuracy, _) in addition_runs.items():
    print(f"{label:<18} {accuracy:>14.1%} {DLFS2_25_EPOCHS[label]:>17.1%}")
print("\nDLFS2 column: the book's NumPy code measured on a 2-core CPU after 25 epochs.")

fig, ax = plt.subplots(figsize=(5, 3))
for label, (history, _, _) in addition_runs.items():
    ax.plot(range(1, ADD_EPOCHS + 1), history["accuracy"], marker="o", label=label)
ax.set_xlabel("epoch")
ax.set_ylabel("held-out exact match")
ax.legend()
fig.tight_layout()
plt.show()

# every run's training loss fell, even in the shortest (grading-mode) run
for label, (history, _, _) in addition_runs.items():
    assert history["loss"][-1] < history["loss"][0], f"{label}: the training loss did not fall"
accuracies = [accuracy for _, accuracy, _ in addition_runs.values()]
if not gradelib.grading_mode() and len(accuracies) == 3:
    assert accuracies[0] < accuracies[1] < accuracies[2], "expected baseline < reversed < peeky"
    print("The ordering baseline < reversed < peeky + reversed holds, as in the book.")


# %% [markdown]
# With 4 epochs instead of 25 (and half the units) the absolute figures differ from the
# book's; compare the *ordering*, which is the book's point. Reversing costs nothing and helps a lot;
# peeking helps more, at the price of a decoder whose inputs grow by $H$ per step.
#
# **한국어 요약.** seq2seq는 RNN 두 개다: 인코더는 질문을 고정 길이의 마지막 은닉 상태 $h$로 압축하고, 디코더는 $h$에서 시작하는 조건부 언어
# 모델이다. 학습 때는 한 칸 밀린 정답 `"_91 "`을 읽고 `"91  "`을 예측하는 교사 강요(teacher forcing)를, 생성 때는 자기 예측을 다시
# 읽는 탐욕적 디코딩을 쓴다. 입력 데이터 반전과 엿보기(peeky: $h$를 디코더의 모든 단계와 출력층 입력에 이어 붙임)는 값싼 개선이다. 책(25 에포크)의
# 정확도는 기본 12.1%, 반전 54.0%, 엿보기+반전 98.4%이고, 4 에포크만 학습하는 여기서는 절대값이 아니라 기본 < 반전 < 엿보기+반전이라는 순서를
# 비교한다.

# %% [markdown]
# ## 3. Attention (어텐션)
#
# The notes name the weakness that remains: the encoder squeezes any input into one
# fixed-length vector, so long inputs lose information. Attention keeps **all** the
# encoder's hidden states $hs = (hs_1, \dots, hs_T)$, one per source position, and lets
# each decoder step choose which to read. For a decoder state $h$ (DLFS2 ch. 8; Luong
# et al. 2015's "dot" score):
#
# $$ s_t = h \cdot hs_t, \qquad a_t = \frac{\exp(s_t)}{\sum_{u=1}^{T} \exp(s_u)}, \qquad
#    c = \sum_{t=1}^{T} a_t \, hs_t . $$
#
# The scores $s_t$ measure similarity by the dot product; the softmax over the source
# positions turns them into weights $a$ that are positive and sum to 1; the **context
# vector** (맥락 벡터) $c$ is the weighted sum of the encoder states. The decoder
# concatenates $c$ with $h$ before its output layer.

# %%
diagrams.draw(
    {"x": (0.06, 0.4, "question", "data"),
     "enc": (0.22, 0.4, "Embedding\nLSTM encoder"),
     "hs": (0.42, 0.9, "hs: all encoder states (N, T_in, H)\nkeys = values", "state"),
     "dec": (0.42, 0.3, "Embedding\nLSTM decoder\nstate h = query"),
     "din": (0.42, -0.05, "decoder input", "data"),
     "att": (0.68, 0.62, "attention\ns_t = h . hs_t,  a = softmax(s)\nc = sum_t a_t hs_t", "op"),
     "cat": (0.78, 0.15, "concat [c, h]"),
     "dense": (0.94, 0.15, "Dense\n(logits)")},
    [("x", "enc"), ("enc", "hs"), ("enc", "dec", "h, c"), ("din", "dec"),
     ("hs", "att"), ("dec", "att"), ("att", "cat", "c"),
     ("dec", "cat"), ("cat", "dense")],
    size=(10, 3.8), ylim=(-0.3, 1.05), caption="seq2seq with attention (DLFS2 ch. 8; "
    "Luong et al. 2015's dot score): at every output step the decoder state h reads all "
    "encoder states")
plt.show()

# %% [markdown]
# Everything is batch-first: `h` has shape `(N, H)`, `hs` `(N, T, H)`, the weights
# `(N, T)`, the context `(N, H)`. An optional boolean `mask` of shape `(N, T)` marks
# the positions that may be attended to (`True`) and the padding that may not
# (`False`): give masked positions a score of $-\infty$ before the softmax, so their
# weight is exactly 0. (Every row keeps at least one position.)
#
# **Exercise 2 (3 points).** Implement `attention_weights(h, hs, mask=None)` in NumPy.
# Subtract each row's largest score before exponentiating, as a stable softmax does.
#
# **계약.** h (N, H), hs (N, T, H), mask는 None 또는 불리언 (N, T)(True = 볼 수 있는 위치, 행마다 하나 이상) →
# float64 가중치 (N, T): h[n]·hs[n, t]의 t에 대한 소프트맥스, 각 행의 합 1, mask가 False인 곳은 정확히 0; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "attention_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
def attention_weights(h, hs, mask=None):
    """Dot-product attention weights of one decoder state over the encoder states.

    Args:
        h: array (N, H), the decoder's hidden state for each of N examples.
        hs: array (N, T, H), the encoder's hidden states at the T source positions.
        mask: None, or a boolean array (N, T): True where attending is allowed.

    Returns:
        float64 array (N, T): a[n, t] = softmax over t of h[n] . hs[n, t]; each row
        sums to 1 and is 0 where the mask is False.
    """
    ### BEGIN SOLUTION
    h = np.asarray(h, dtype=np.float64)
    hs = np.asarray(hs, dtype=np.float64)
    scores = np.sum(hs * h[:, None, :], axis=-1)        # (N, T)
    if mask is not None:
        allowed = np.asarray(mask, dtype=bool)
        scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    return weights / weights.sum(axis=-1, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_attention_weights", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def keras_attention(h, hs, mask=None):
    """Keras' dot-product attention layer (float32): weights (N, T) and context (N, H)."""
    context, weights = keras.layers.Attention()(
        [np.asarray(h, np.float32)[:, None, :], np.asarray(hs, np.float32)],
        mask=None if mask is None else [None, np.asarray(mask, bool)],
        return_attention_scores=True)
    return np.asarray(weights)[:, 0], np.asarray(context)[:, 0]

rng = np.random.default_rng(0)
h, hs = rng.normal(size=(3, 4)), rng.normal(size=(3, 5, 4))
inputs = {"h": h, "hs": hs}
got = attention_weights(**inputs)
gradelib.check_shape(got, (3, 5), name="attention_weights", inputs=inputs,
                     mistakes=ATTENTION_WEIGHTS, expected=keras_attention(h, hs)[0])
gradelib.check_close(got, keras_attention(h, hs)[0], name="attention_weights", inputs=inputs,
                     rtol=1e-5, atol=1e-7, mistakes=ATTENTION_WEIGHTS)
for row in np.asarray(got):
    gradelib.check_distribution(row, name="attention_weights (one row)", inputs=inputs)

mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0]], dtype=bool)
inputs = {"h": h, "hs": hs, "mask": mask}
gradelib.check_close(attention_weights(**inputs), keras_attention(h, hs, mask)[0],
                     name="attention_weights", inputs=inputs, rtol=1e-5, atol=1e-7,
                     mistakes=ATTENTION_WEIGHTS)

# identical encoder states: every position is equally relevant
same = np.repeat(rng.normal(size=(2, 1, 4)), 6, axis=1)
inputs = {"h": h[:2], "hs": same}
gradelib.check_close(attention_weights(**inputs), np.full((2, 6), 1 / 6),
                     name="attention_weights", inputs=inputs, mistakes=ATTENTION_WEIGHTS)
print("attention_weights: visible tests passed")


# %% [markdown]
# **Exercise 3 (2 points).** Implement `context_vector(a, hs)`: the weighted sum of the
# encoder states, $c_n = \sum_t a_{n,t}\, hs_{n,t}$, for every example $n$.
#
# **계약.** a (N, T) 어텐션 가중치(행의 합 1), hs (N, T, H) → float64 맥락 벡터 (N, H),
# `c[n] = Σ_t a[n, t] hs[n, t]`; 원-핫 가중치 행은 그 위치의 상태를 그대로 복사한다; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "context_vector", "locked": false, "schema_version": 3, "solution": true, "task": false}
def context_vector(a, hs):
    """The context vector: encoder states weighted by the attention weights.

    Args:
        a: array (N, T), attention weights (each row sums to 1).
        hs: array (N, T, H), encoder hidden states.

    Returns:
        float64 array (N, H).
    """
    ### BEGIN SOLUTION
    a = np.asarray(a, dtype=np.float64)
    hs = np.asarray(hs, dtype=np.float64)
    return np.sum(a[:, :, None] * hs, axis=1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_context_vector", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(1)
hs = rng.normal(size=(3, 5, 4))
a = rng.dirichlet(np.ones(5), size=3)
inputs = {"a": a, "hs": hs}
# TensorFlow: a batch of matrix-vector products hs[n]^T a[n]
want = tf.linalg.matvec(hs, a, transpose_a=True).numpy()
gradelib.check_close(context_vector(**inputs), want, name="context_vector", inputs=inputs,
                     mistakes=CONTEXT_VECTOR)
# a one-hot weight row copies that encoder state
one_hot = np.eye(5)[[4, 0, 2]]
inputs = {"a": one_hot, "hs": hs}
gradelib.check_close(context_vector(**inputs), hs[[0, 1, 2], [4, 0, 2]], name="context_vector",
                     inputs=inputs, mistakes=CONTEXT_VECTOR)
print("context_vector: visible tests passed")

# %% [markdown]
# Together your two functions are a dot-product attention layer. Keras' own
# `keras.layers.Attention` computes the same thing:

# %%
with gradelib.experiment("your attention vs keras.layers.Attention"):
    rng = np.random.default_rng(2)
    h_demo, hs_demo = rng.normal(size=(4, 8)), rng.normal(size=(4, 6, 8))
    a_demo = attention_weights(h_demo, hs_demo)
    c_demo = context_vector(a_demo, hs_demo)
    context, weights = keras.layers.Attention()(
        [h_demo[:, None, :].astype("float32"), hs_demo.astype("float32")],
        return_attention_scores=True)
    print("weights of example 0:", np.round(a_demo[0], 3))
    print("max |your weights - Keras'|:", np.abs(a_demo - np.asarray(weights)[:, 0]).max())
    print("max |your context - Keras'|:", np.abs(c_demo - np.asarray(context)[:, 0]).max())

# %% [markdown]
# ### Queries, keys and values: scaled dot-product attention
#
# The Transformer (Vaswani et al. 2017, section 3.2.1; notes 003) writes the same
# computation for many queries at once and separates the two roles of the encoder
# states: **keys** $K$ decide the weights, **values** $V$ are what gets averaged:
#
# $$ \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V . $$
#
# Per example, $Q$ is $(T_q, d_k)$, one query per output position; $K$ is $(T_k, d_k)$
# and $V$ is $(T_k, d_v)$, one key and one value per source position; the softmax
# runs over the keys (each query's weights sum to 1). Section 3's attention is the
# case $T_q = 1$, $Q = h$, $K = V = hs$, without the scale. The scale: if the
# entries of $q$ and $k$ are independent with mean 0 and variance 1, then
# $q \cdot k$ has variance $d_k$ (the paper's footnote 4), so for large $d_k$ the
# softmax saturates into a near one-hot vector with tiny gradients; dividing by
# $\sqrt{d_k}$ brings the variance back to 1.
#
# **Padding mask.** Batches pad short sources (the date questions end in spaces). A
# boolean `mask` of shape `(N, T_k)` says which keys are real (`True`); a padded key
# gets the score $-\infty$ *before* the softmax, so its weight is exactly 0 and the
# other weights still sum to 1. (A score of 0 would not do: $e^0 = 1$. Keras uses
# $-10^9$, which gives the same zeros in float32.)
#
# **Exercise 4 (3 + 1 points).** Implement `scaled_dot_product_attention(q, k, v,
# mask=None)` in NumPy, returning the output and the weights. Raise `ValueError` when
# the shapes do not fit (graded in its own cell).
#
# **계약.** q (N, Tq, d_k), k (N, Tk, d_k), v (N, Tk, d_v), mask는 None 또는 불리언 (N, Tk) → (출력
# float64 (N, Tq, d_v), 가중치 float64 (N, Tq, Tk)), 가중치 = `softmax(q kᵀ / √d_k)`, 패딩 키는 정확히 0;
# d_k·Tk·배치 크기가 맞지 않거나 mask가 (N, Tk)가 아니면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "scaled_dot_product_attention", "locked": false, "schema_version": 3, "solution": true, "task": false}
def scaled_dot_product_attention(q, k, v, mask=None):
    """Scaled dot-product attention (Vaswani et al., 2017, section 3.2.1, eq. 1).

    Args:
        q: float array (N, Tq, d_k), the queries.
        k: float array (N, Tk, d_k), the keys.
        v: float array (N, Tk, d_v), the values.
        mask: None, or a boolean array (N, Tk): True at real key positions, False at
            padding. Every row keeps at least one True.

    Returns:
        (output, weights): float64 arrays (N, Tq, d_v) and (N, Tq, Tk), where
        weights = softmax over the keys of q k^T / sqrt(d_k) (exactly 0 where the
        mask is False) and output = weights @ v.

    Raises:
        ValueError: if q and k differ in d_k, k and v differ in Tk, the batch sizes
            differ, or mask is not of shape (N, Tk).
    """
    ### BEGIN SOLUTION
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"queries have d_k = {q.shape[-1]}, keys {k.shape[-1]}")
    if k.shape[1] != v.shape[1] or not q.shape[0] == k.shape[0] == v.shape[0]:
        raise ValueError(f"keys {k.shape} and values {v.shape} do not pair up with q {q.shape}")
    logits = q @ np.swapaxes(k, 1, 2) / np.sqrt(q.shape[-1])
    if mask is not None:
        keep = np.asarray(mask, dtype=bool)
        if keep.shape != (k.shape[0], k.shape[1]):
            raise ValueError(f"mask must have shape {(k.shape[0], k.shape[1])}, got {keep.shape}")
        logits = np.where(keep[:, None, :], logits, -np.inf)
    logits = logits - logits.max(axis=-1, keepdims=True)
    weights = np.exp(logits)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_scaled_dot_product_attention", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def keras_scaled_attention(q, k, v, mask=None):
    """keras.layers.Attention on queries divided by sqrt(d_k): its dot score with
    use_scale=False is q . k, so this is softmax(q k^T / sqrt(d_k)) v."""
    q = np.asarray(q, np.float32) / np.sqrt(np.shape(q)[-1])
    output, weights = keras.layers.Attention()(
        [q, np.asarray(v, np.float32), np.asarray(k, np.float32)],
        mask=None if mask is None else [None, np.asarray(mask, bool)],
        return_attention_scores=True)
    return np.asarray(output), np.asarray(weights)

rng = np.random.default_rng(5)
q, k, v = rng.normal(size=(2, 3, 16)), rng.normal(size=(2, 5, 16)), rng.normal(size=(2, 5, 3))
pad = np.array([[1, 1, 1, 1, 0], [1, 1, 0, 0, 0]], dtype=bool)
for mask in [None, pad]:
    inputs = {"q": q, "k": k, "v": v, "mask": mask}
    want_out, want_weights = keras_scaled_attention(q, k, v, mask)
    result = scaled_dot_product_attention(**inputs)
    if not isinstance(result, tuple) or len(result) != 2:
        gradelib.fail("scaled_dot_product_attention", inputs,
                      f"It returned {gradelib.checks.describe_value(result)}: return the "
                      f"pair (output, weights).")
    out, weights = result
    gradelib.check_close(weights, want_weights, name="scaled_dot_product_attention (weights)",
                         inputs=inputs, rtol=1e-4, atol=1e-6, mistakes=SCALED_ATTENTION)
    gradelib.check_close(out, want_out, name="scaled_dot_product_attention (output)",
                         inputs=inputs, rtol=1e-4, atol=1e-6, mistakes=SCALED_ATTENTION_OUTPUT)
    if mask is not None:
        gradelib.check_close(np.asarray(weights)[~np.broadcast_to(pad[:, None], (2, 3, 5))],
                             np.zeros(2 * 3 * 5 - int(pad.sum()) * 3),
                             name="scaled_dot_product_attention (weights on padding)",
                             inputs=inputs, atol=0)
print("scaled_dot_product_attention: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_scaled_dot_product_attention_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(6)
q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
gradelib.check_raises(scaled_dot_product_attention, {"q": q, "k": k[..., :3], "v": v},
                      ValueError, "q has d_k = 4 and k has d_k = 3")
gradelib.check_raises(scaled_dot_product_attention, {"q": q, "k": k, "v": v[:, :4]},
                      ValueError, "k has 5 positions and v has 4")
gradelib.check_raises(scaled_dot_product_attention,
                      {"q": q, "k": k, "v": v, "mask": np.ones((2, 4), bool)},
                      ValueError, "the mask is (2, 4), not (N, Tk) = (2, 5)")
print("scaled_dot_product_attention (validation): visible tests passed")

# %% [markdown]
# The same maths sits in `keras.layers.MultiHeadAttention` (after its learned
# projections of $Q$, $K$, $V$, per head, with `attention_mask`). Two things to know
# when comparing with Keras: `keras.layers.Attention(use_scale=True)` does *not*
# divide by $\sqrt{d_k}$, it learns one scalar factor that starts at 1 (the test
# above divides the queries itself); and Keras masks with $-10^9$, not $-\infty$.
# Dividing by $\sqrt{d_k}$ matters more as $d_k$ grows:

# %%
with gradelib.experiment("why the scale"):
    rng = np.random.default_rng(7)
    print(f"{'d_k':>5} {'std of q.k':>11} {'largest weight, unscaled':>25} {'scaled':>8}")
    for d_k in [4, 64, 512]:
        q_demo, k_demo = rng.normal(size=(200, 1, d_k)), rng.normal(size=(200, 10, d_k))
        _, scaled = scaled_dot_product_attention(q_demo, k_demo, k_demo)
        _, unscaled = scaled_dot_product_attention(q_demo * np.sqrt(d_k), k_demo, k_demo)
        print(f"{d_k:>5} {np.std(q_demo @ k_demo.transpose(0, 2, 1)):>11.2f} "
              f"{unscaled.max(-1).mean():>25.3f} {scaled.max(-1).mean():>8.3f}")
    print("(mean over 200 queries of the largest of 10 weights: near 1 means near one-hot)")

# %% [markdown]
# **한국어 요약.** 어텐션은 인코더의 모든 은닉 상태 $hs$를 남겨 두고, 디코더 상태 $h$가 매 단계 어디를 읽을지 고르게 한다: 점수
# $s_t=h\cdot hs_t$, 소스 위치에 대한 소프트맥스 가중치 $a_t$, 그 가중합인 맥락 벡터 $c=\sum_t a_t\,hs_t$. 마스크된 위치는
# 소프트맥스 전에 점수 $-\infty$를 받아 가중치가 정확히 0이 되고, 여러분의 두 함수는 `keras.layers.Attention`과 같은 값을 낸다.
# 트랜스포머의 $\mathrm{softmax}(QK^\top/\sqrt{d_k})V$는 같은 계산을 쿼리·키·값으로 쓴 것이다; $q\cdot k$의 분산이
# $d_k$이므로 $\sqrt{d_k}$로 나누지 않으면 큰 $d_k$에서 소프트맥스가 원-핫에 가깝게 포화된다.

# %% [markdown]
# ## 4. Attention on the date task
#
# Now the model itself, DLFS2's `AttentionSeq2seq` in Keras. The encoder keeps its
# hidden state at every source position (`return_sequences=True`) *and* returns its
# final state (`return_state=True`), which starts the decoder, as in the plain model.
# At every output step the decoder's LSTM state $h$ is the query of a dot-product
# attention over the encoder's states (`keras.layers.Attention`, the same maths as
# your `attention_weights` and `context_vector`); the context vector and $h$,
# concatenated, go to the output layer.
#
# **Exercise 5 (4 points).** Implement `build_seq2seq_attention(vocab_size,
# embed_dim, units)` with Keras' functional API and the layer names of the docstring
# (the heat map below finds the layers by name). Return the model uncompiled; the
# notebook compiles it (Adam, step 0.01, global-norm clipping at 5, cross-entropy
# from logits, as the other models).
#
# **계약.** 정수 vocab_size, embed_dim, units → 컴파일하지 않은 keras.Model: 입력 [원문 id (N, T_in), 디코더 입력
# id (N, T_out)](int32) → float32 로짓 (N, T_out, vocab_size); 인코더의 마지막 [h, c]가 디코더의 초기 상태, 층
# 이름은 docstring대로; 약속된 예외는 없다.

# %% nbgrader={"grade": false, "grade_id": "build_seq2seq_attention", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_seq2seq_attention(vocab_size, embed_dim=16, units=64):
    """DLFS2's AttentionSeq2seq (ch. 8) in Keras 3, with Luong et al.'s (2015) dot score.

    Layers, in order, with these names:

    - ``encoder_embedding``: Embedding(vocab_size, embed_dim) of the source ids;
    - ``encoder_rnn``: LSTM(units, return_sequences=True, return_state=True), giving the
      states hs (N, T_in, units) and the final h, c (N, units);
    - ``decoder_embedding``: Embedding(vocab_size, embed_dim) of the decoder input ids;
    - ``decoder_rnn``: LSTM(units, return_sequences=True) called with
      ``initial_state=[h, c]``, giving the decoder states (N, T_out, units);
    - ``attention``: keras.layers.Attention() (dot score, no scale) called on
      ``[decoder states, hs]``, giving the context vectors (N, T_out, units);
    - a Concatenate of ``[context, decoder states]`` (N, T_out, 2 units);
    - ``logits``: Dense(vocab_size), no activation.

    Args:
        vocab_size: int, the size of the shared source/target vocabulary.
        embed_dim: int, the embedding size.
        units: int, the LSTMs' state size.

    Returns:
        an uncompiled keras.Model with inputs [source ids (N, T_in), decoder input ids
        (N, T_out)] (each ``keras.Input(shape=(None,), dtype="int32")``) and float32
        logits (N, T_out, vocab_size). It has 2 V E + 2 (4 U (E + U) + 4 U) + 2 U V + V
        parameters (V = vocab_size, E = embed_dim, U = units).
    """
    ### BEGIN SOLUTION
    layers = keras.layers
    question = keras.Input(shape=(None,), dtype="int32", name="source")
    shifted = keras.Input(shape=(None,), dtype="int32", name="decoder_input")
    source_vectors = layers.Embedding(vocab_size, embed_dim, name="encoder_embedding")(question)
    hs, state_h, state_c = layers.LSTM(units, return_sequences=True, return_state=True,
                                       name="encoder_rnn")(source_vectors)
    target_vectors = layers.Embedding(vocab_size, embed_dim, name="decoder_embedding")(shifted)
    queries = layers.LSTM(units, return_sequences=True, name="decoder_rnn")(
        target_vectors, initial_state=[state_h, state_c])
    contexts = layers.Attention(name="attention")([queries, hs])
    both = layers.Concatenate(name="context_and_state")([contexts, queries])
    scores = layers.Dense(vocab_size, name="logits")(both)
    return keras.Model([question, shifted], scores, name="seq2seq_attention")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_seq2seq_attention", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
LAYERS = {"Embedding": 2, "LSTM": 2, "Attention": 1, "Concatenate": 1, "Dense": 1}
HINTS = {"Attention": "Use keras.layers.Attention() (dot-product scores) for the attention "
                      "step, not AdditiveAttention or MultiHeadAttention.",
         "LSTM": "One LSTM encoder and one LSTM decoder."}
for vocab_size, embed_dim, units in [(13, 8, 16), (59, 16, 64)]:
    inputs = {"vocab_size": vocab_size, "embed_dim": embed_dim, "units": units}
    V, E, U = vocab_size, embed_dim, units
    model = build_seq2seq_attention(**inputs)
    sample = [np.zeros((3, 7), np.int32), np.zeros((3, 5), np.int32)]
    gradelib.models.check_model(
        model, name="build_seq2seq_attention", inputs=inputs, sample=sample,
        output_shape=(3, 5, V), params=2 * V * E + 2 * (4 * U * (E + U) + 4 * U) + 2 * U * V + V,
        layers=LAYERS, absent=["GRU", "AdditiveAttention", "MultiHeadAttention"], hints=HINTS)
    seq2seq.check_attention_wiring(model, name="build_seq2seq_attention", inputs=inputs)
print("build_seq2seq_attention: visible tests passed")

# %% [markdown]
# We train your model and a plain seq2seq model of the same size (`kind="baseline"`)
# on the date task. The book reports that attention reaches 100% exact match by
# epoch 3 while plain seq2seq stays near 0% (DLFS2 ch. 8, 45,000 training questions).
# Like for like: the book reverses the input for its three date models (`Seq2seq`,
# `PeekySeq2seq`, `AttentionSeq2seq`; ch. 8's `train.py`), and so do we for both of
# ours. We do not train a peeky model on dates (time budget), so unlike the book,
# which compares all three, our table has no peeky row. To fit the time budget we
# train both for 3 epochs on 20,000 questions (2 epochs on 256 in grading mode) and
# score them on 1,000 held-out questions after every epoch.

# %%
DATE_EPOCHS = gradelib.pick(full=3, grading=2)
DATE_TRAIN = gradelib.pick(full=20_000, grading=256)
DATE_TEST = gradelib.pick(full=1_000, grading=100)
date_data = dates.reversed().subset(DATE_TRAIN, DATE_TEST)   # reversed, as DLFS2 ch. 8

date_runs = {}   # label -> (model, history, seconds)


def train_dates(label, model):
    """Train one model on the date task, scoring it on held-out dates after each epoch."""
    start = time.time()
    history = seq2seq.fit(model, date_data, epochs=DATE_EPOCHS, decode=greedy_decode,
                          batch_size=BATCH, n_eval=DATE_TEST)
    date_runs[label] = (model, history, time.time() - start)
    print(f"{label}: held-out exact match after each epoch "
          + ", ".join(f"{acc:.1%}" for acc in history["accuracy"]))
    return model


# %%
with gradelib.experiment("plain seq2seq on dates"):
    keras.utils.set_random_seed(0)
    plain_date_model = train_dates("plain seq2seq", seq2seq.build_seq2seq(
        len(date_data.vocab), "baseline", embed_dim=16, units=UNITS))

# %%
attention_model = None
with gradelib.experiment("your attention model on dates"):
    keras.utils.set_random_seed(0)
    attention_model = seq2seq.compile_seq2seq(
        build_seq2seq_attention(len(date_data.vocab), embed_dim=16, units=UNITS))
    train_dates("attention", attention_model)

# %%
print(f"Exact-match accuracy on {DATE_TEST:,} held-out dates after each epoch "
      f"({DATE_TRAIN:,} training questions, {gradelib.mode()} mode)\n")
print(f"{'model':<15}" + "".join(f"{'epoch ' + str(e):>9}" for e in range(1, DATE_EPOCHS + 1))
      + f"{'seconds':>9}")
for label, (_, history, seconds) in date_runs.items():
    print(f"{label:<15}" + "".join(f"{acc:>9.1%}" for acc in history["accuracy"])
          + f"{seconds:>9.0f}")
print(f"{'DLFS2 anchor':<15} attention 100% by epoch 3, plain seq2seq about 0% "
      "(reversed input for both, as here)")
for label, (_, history, _) in date_runs.items():
    assert history["loss"][-1] < history["loss"][0], f"{label}: the training loss did not fall"

# %% [markdown]
# ### Where does the model look? The attention heat map
#
# We decode a few held-out questions greedily, read the trained model's encoder states
# `hs` and decoder states `h` (`seq2seq.attention_states`), and compute the weights at
# every output step with **your** `attention_weights`, and the context vectors with
# your `context_vector`. They must equal what the model's Keras layer computed.
# Rows: the characters the model wrote; columns: the source characters, in reading
# order (the model read them reversed; we flip the weights back).

# %%
heat_maps = []
with gradelib.experiment("attention heat map"):
    if attention_model is None:   # your builder is not done yet: this raises
        build_seq2seq_attention(len(date_data.vocab))
    picks = [0, 1, 2, 3]
    x = date_data.x_test[picks]
    predicted = greedy_decode(attention_model, x, date_data.start_id, 10)
    decoder_input = np.concatenate([np.full((len(picks), 1), date_data.start_id),
                                    predicted[:, :-1]], axis=1)
    enc_states, dec_states, keras_weights = seq2seq.attention_states(
        attention_model, x, decoder_input)
    # your functions, one output step at a time: weights (N, T_out, T_in)
    weights = np.stack([attention_weights(dec_states[:, t], enc_states)
                        for t in range(dec_states.shape[1])], axis=1)
    # the model read the question reversed: flip the source axis back to reading order
    reading_order = weights[:, :, ::-1]
    contexts = np.stack([context_vector(weights[:, t], enc_states)
                         for t in range(dec_states.shape[1])], axis=1)
    keras_contexts = np.einsum("nqk,nkh->nqh", keras_weights, enc_states)
    print("max |your weights - the model's|:", float(np.abs(weights - keras_weights).max()))
    print("max |your context - the model's|:", float(np.abs(contexts - keras_contexts).max()))

    fig, axes = plt.subplots(1, len(picks), figsize=(4 * len(picks), 3.6))
    for ax, n in zip(axes, range(len(picks))):
        source = date_data.questions_test[picks[n]].rstrip()
        output = date_data.vocab.decode(predicted[n])
        ax.imshow(reading_order[n, :, :len(source)], cmap="gray", vmin=0, vmax=1)
        ax.set_xticks(range(len(source)), list(source), fontsize=8)
        ax.set_yticks(range(len(output)), list(output), fontsize=8)
        ax.set_title(f"{source!r}", fontsize=9)
        heat_maps.append((source, output, reading_order[n, :, :len(source)]))
    fig.tight_layout()
    plt.show()
    for source, output, w in heat_maps:
        looked_at = [source[i] for i in w.argmax(axis=1)]
        print(f"{source!r:32} -> {output!r}; most-attended source character per output "
              f"character: {''.join(looked_at)!r}")

# %% [markdown]
# A well-trained model writes the year while looking at the year's digits, the
# month while looking at the month's name or number, and the day at the day. In
# grading mode the model has barely trained, so its weights are nearly uniform.
#
# **한국어 요약.** 여러분의 모델은 DLFS2의 AttentionSeq2seq를 케라스로 옮긴 것이다: 인코더 LSTM이 모든 위치의 상태 $hs$와 마지막 상태
# [h, c]를 내고, 디코더 LSTM의 상태가 $hs$에 대한 점곱 어텐션의 쿼리가 되며, 맥락 벡터와 $h$를 이어 붙여 출력층에 넣는다. 책은 날짜 과제에서
# 어텐션이 3 에포크에 100%, 일반 seq2seq는 약 0%라고 보고하며, 여기서는 두 모델 모두 입력을 반전해 20,000개 질문으로 3 에포크 학습한다.
# 여러분의 `attention_weights`로 다시 계산한 히트맵은 모델의 값과 같고, 잘 학습된 모델은 연도를 쓸 때 연도를, 월을 쓸 때 월 이름이나 숫자를,
# 일을 쓸 때 일을 본다.

# %% [markdown]
# ## 5. Bidirectional RNN (양방향 RNN)
#
# The encoder state $hs_t$ summarises the characters *up to* position $t$ only. The
# notes' remedy is a bidirectional RNN: a second RNN reads the input from right to
# left, and the two states at each position are concatenated, so $hs_t$ carries
# information from both sides, "balanced" around position $t$. In Keras it is a
# wrapper; the attention model would use its states (width $2H$) as `hs` unchanged.

# %%
bi = keras.layers.Bidirectional(keras.layers.LSTM(8, return_sequences=True))
states = bi(keras.ops.ones((2, 29, 16)))
print("input (N, T, embedding) = (2, 29, 16) -> bidirectional states", tuple(states.shape),
      "= forward 8 units + backward 8 units at each of the 29 positions")


# %% [markdown]
# **한국어 요약.** 인코더 상태 $hs_t$는 위치 $t$까지의 문자만 요약한다. 노트의 처방인 양방향 RNN은 두 번째 RNN이 입력을 오른쪽에서 왼쪽으로 읽게
# 하고, 각 위치의 두 상태를 이어 붙여 $hs_t$가 양쪽 정보를 균형 있게 담게 한다. 케라스에서는 `Bidirectional` 래퍼 하나로, (2, 29, 16)
# 입력에 8 유닛 LSTM을 씌우면 상태는 순방향 8 + 역방향 8인 (2, 29, 16)이 된다. 어텐션 모델은 폭이 $2H$인 이 상태를 그대로 $hs$로 쓸 수
# 있다.

# %% [markdown]
# ## 6. Positional encoding (위치 인코딩)
#
# The Transformer (Vaswani et al. 2017; notes 003) has no recurrence: attention treats
# its input as a *set*, so a permuted sentence gives permuted but otherwise identical
# results. The position of each token is therefore added to its embedding as a
# vector of $d_{\text{model}}$ numbers:
#
# $$ PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right), \qquad
#    PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{10000^{2i/d_{\text{model}}}}\right). $$
#
# Each pair of dimensions $(2i, 2i+1)$ is a sine and cosine of one frequency; the
# wavelengths grow geometrically from $2\pi$ (for $i = 0$) to $10000 \cdot 2\pi$. As the
# notes say, small $i$ varies quickly along the positions and large $i$ slowly, and the
# formula works for any position, whatever the sequence length.
#
# **Exercise 6 (2 + 1 points).** Implement `positional_encoding(length, d_model)` for
# positions $0, \dots, \text{length} - 1$. Raise `ValueError` for an odd `d_model`
# (graded in its own cell).
#
# **계약.** length ≥ 1, 짝수 d_model ≥ 2 → float64 (length, d_model), 행은 위치 0 … length−1; 짝수 열 2i는
# $\sin(pos/10000^{2i/d_{\text{model}}})$, 홀수 열 2i+1은 같은 주파수의 cos; d_model이 홀수이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "positional_encoding", "locked": false, "schema_version": 3, "solution": true, "task": false}
def positional_encoding(length, d_model):
    """Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5).

    Args:
        length: int >= 1, the number of positions (0 .. length - 1).
        d_model: even int >= 2, the encoding's size.

    Returns:
        float64 array (length, d_model): sin in the even columns, cos in the odd ones.

    Raises:
        ValueError: if d_model is odd.
    """
    ### BEGIN SOLUTION
    if d_model % 2:
        raise ValueError(f"d_model must be even, got {d_model}")
    positions = np.arange(length, dtype=np.float64)[:, None]
    pair = np.arange(d_model // 2, dtype=np.float64)[None, :]
    angles = positions / 10000.0 ** (2 * pair / d_model)
    encoding = np.empty((length, d_model))
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles)
    return encoding
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_positional_encoding", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for case in expected["positional_encoding"]:
    inputs = {"length": case["length"], "d_model": case["d_model"]}
    got = positional_encoding(**inputs)
    gradelib.check_close(got, case["expected"], name="positional_encoding", inputs=inputs,
                         mistakes=POSITIONAL_ENCODING)
# properties: position 0 is [0, 1, 0, 1, ...]; sin^2 + cos^2 = 1 in every pair
inputs = {"length": 20, "d_model": 8}
got = np.asarray(positional_encoding(**inputs))
gradelib.check_shape(got, (20, 8), name="positional_encoding", inputs=inputs)
gradelib.check_close(got[0], np.tile([0.0, 1.0], 4), name="positional_encoding (position 0)",
                     inputs=inputs)
gradelib.check_close(got[:, 0::2] ** 2 + got[:, 1::2] ** 2, np.ones((20, 4)),
                     name="positional_encoding (sin^2 + cos^2 of each pair)", inputs=inputs)
print("positional_encoding: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_positional_encoding_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for d_model in [7, 3]:
    gradelib.check_raises(positional_encoding, {"length": 5, "d_model": d_model}, ValueError,
                          f"d_model = {d_model} is odd (sin and cos come in pairs)")
print("positional_encoding (validation): visible tests passed")

# %% [markdown]
# ### What the encoding looks like
#
# Left: the encoding of 64 positions in 64 dimensions (your function). Right: the dot
# product $PE_p \cdot PE_q$ of every pair of positions. It depends only on the
# offset $p - q$, because each pair of dimensions rotates by an angle proportional to
# the offset: a shift in position is a fixed linear map of the encoding, which is why
# the authors expected attention to learn relative positions easily.

# %%
with gradelib.experiment("positional encoding"):
    pe = positional_encoding(64, 64)
    similarity = pe @ pe.T
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    axes[0].imshow(pe, cmap="RdBu", aspect="auto")
    axes[0].set_xlabel("dimension")
    axes[0].set_ylabel("position")
    axes[0].set_title("PE(pos, dimension)")
    axes[1].imshow(similarity, cmap="viridis")
    axes[1].set_xlabel("position q")
    axes[1].set_ylabel("position p")
    axes[1].set_title("PE_p . PE_q")
    fig.tight_layout()
    plt.show()
    for offset in [1, 5, 20]:
        values = np.diagonal(similarity, offset)
        print(f"offset {offset:>2}: PE_p . PE_(p+{offset}) ranges over "
              f"[{values.min():.6f}, {values.max():.6f}] for all p")

# %% [markdown]
# **한국어 요약.** 트랜스포머는 순환이 없어 어텐션이 입력을 집합처럼 다루므로, 각 토큰의 위치를 $d_{\text{model}}$개의 수로 된 벡터로 임베딩에
# 더한다: $PE_{(pos,2i)}=\sin(pos/10000^{2i/d_{\text{model}}})$, $PE_{(pos,2i+1)}$은 같은 주파수의 cos.
# 차원 쌍마다 파장이 $2\pi$에서 $10000\cdot 2\pi$까지 기하급수적으로 늘어, 노트 말대로 작은 $i$는 위치에 따라 빠르게, 큰 $i$는 느리게
# 변하며, 식이므로 길이와 상관없이 어떤 위치에도 쓸 수 있다. 내적 $PE_p\cdot PE_q$는 오프셋 $p-q$에만 의존한다: 위치 이동은 고정된 회전이다.

# %% [markdown]
# ## 7. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** Reversing the input does not change the *average* distance
# between a source character and the answer characters that depend on it. Why does it
# still help so much in your addition table? Use the structure of the task (which
# input digits determine the first answer digit?) in your answer.

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_reversed_input", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# The decoder writes the sum's most significant digit first, and that digit depends
# mostly on the operands' leading digits (and their lengths, and a carry). Only one of
# them starts the question: the first operand's leading digit, at position 0 of
# `"16+75  "`. The second operand's leading digit sits after the `+`, in the middle
# (position 2-4), and the padding spaces come last. As written, the first operand's
# leading digit is read 7 steps before the decoder starts, the farthest of all;
# reversed (`"  57+61"`), it is read last, one step before, so the first answer digit
# gets a short path to one of its main inputs. The second operand's leading digit is
# not moved closer in general (7 - 1 - a's length steps before the end as written,
# a's length + 2 reversed: closer only for one-digit first operands), and the padding
# that used to sit between the question and the answer is now read first. Short
# paths give large, undistorted gradients early in training, so the model gets the
# first character right sooner, and the later characters (conditioned on the earlier
# ones by teacher forcing) follow. The average distance between source and target
# characters is unchanged, but learning is driven by the shortest paths
# (Sutskever et al. 2014's "minimal time lag"). In the table: baseline lowest,
# reversed clearly higher with the same model and epochs.
#
# **한국어 모범 답안.** 디코더는 합의 가장 높은 자리부터 쓰고, 그 자리는 주로 두 피연산자의 첫 자리(그리고 길이와 올림)에 달려 있다. 질문의 맨 앞에 있는
# 것은 그중 하나, 첫 번째 피연산자의 첫 자리뿐이다(`"16+75  "`의 0번 위치). 두 번째 피연산자의 첫 자리는 `+` 뒤 가운데(2~4번 위치)에 있고 패딩
# 공백이 마지막에 온다. 원래 순서에서 첫 피연산자의 첫 자리는 디코더가 시작하기 7 단계 전, 가장 먼 곳에서 읽히지만, 반전하면(`"  57+61"`) 마지막, 즉
# 1 단계 전에 읽혀 첫 답 자리가 주요 입력 하나까지 짧은 경로를 얻는다. 두 번째 피연산자의 첫 자리는 일반적으로 가까워지지 않고(원래 끝에서 7 − 1 − (a의
# 길이) 단계 전, 반전하면 (a의 길이) + 2 단계 전: 첫 피연산자가 한 자리일 때만 가까워진다), 질문과 답 사이에 있던 패딩은 이제 맨 먼저 읽힌다. 짧은
# 경로는 학습 초기에 크고 덜 왜곡된 기울기를 주므로 모델이 첫 글자를 더 빨리 맞히고, 교사 강요로 앞 글자에 조건화된 나머지 글자가 뒤따른다. 원문과 정답 문자
# 사이의 평균 거리는 그대로지만 학습은 가장 짧은 경로가 이끈다(Sutskever et al. 2014의 "minimal time lag"). 표에서도 기본 모델이
# 가장 낮고, 같은 모델과 에포크로 반전한 모델이 뚜렷이 높다.

# %% [markdown]
# **Q2 (2 points).** Describe your attention heat map for one example: which source
# characters does the model attend to when it writes the year, the month and the day?
# Why can a plain seq2seq model of the same size not do the date task well after a
# few epochs, while the attention model can?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_attention_map", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Depends on the run.) Writing the four year digits, the weights sit on the year in the
# source ("1994", or "94" in "27/09/94"); writing the month, on the month's name
# ("September", "Sep", "SEPTEMBER") or its number; writing the day, on the day's
# digits. The map is nearly a sparse, permuted alignment. A plain seq2seq model must
# squeeze the whole question into one fixed-length vector and reconstruct the
# characters from it; the positions of year, month and day differ between formats,
# so it has to learn to re-order through that bottleneck, which takes many epochs. The
# attention model only has to learn *where to look*: the context vector copies the
# encoder state of the relevant source character at each step, a much easier
# function, so it reaches near 100% within a few epochs.
#
# **한국어 모범 답안.** (실행마다 다르다.) 연도의 네 자리를 쓸 때는 가중치가 원문의 연도("1994", 또는 "27/09/94"의 "94")에, 월을 쓸 때는
# 월 이름("September", "Sep", "SEPTEMBER")이나 월 숫자에, 일을 쓸 때는 일의 숫자에 모인다. 히트맵은 순서가 바뀐, 거의 희소한
# 정렬(alignment)이다. 일반 seq2seq 모델은 질문 전체를 고정 길이 벡터 하나로 압축하고 거기서 문자를 복원해야 하는데, 연·월·일의 위치가 표기마다
# 달라 그 병목을 거쳐 순서를 바꾸는 법을 배워야 하므로 많은 에포크가 걸린다. 어텐션 모델은 어디를 볼지만 배우면 된다: 맥락 벡터가 매 단계 관련된 원문 문자의
# 인코더 상태를 복사해 오므로 훨씬 쉬운 함수이고, 몇 에포크 만에 100% 가까이에 이른다.

# %% [markdown]
# **Q3 (1 point).** An LSTM encoder needs no positional encoding. Why does a
# Transformer need one, and why is the sinusoidal encoding usable for sequences longer
# than any seen in training?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_positional_encoding", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# An RNN reads the tokens one after the other, so order is built into its state.
# Self-attention computes weighted sums over all positions with weights that depend
# only on the contents, so without positional information a permutation of the input
# gives the same (permuted) result: the model cannot tell word order. Adding PE to the
# embeddings injects the position. The sinusoidal encoding is a fixed formula of pos,
# not a learned table, so it is defined for any position, and PE(pos + k) is a fixed
# rotation of PE(pos), so relative offsets look the same at any position.
#
# **한국어 모범 답안.** RNN은 토큰을 차례로 읽으므로 순서가 상태에 이미 들어 있다. 셀프 어텐션은 내용에만 의존하는 가중치로 모든 위치의 가중합을 계산하므로,
# 위치 정보가 없으면 입력을 뒤섞어도 결과가 같이 뒤섞일 뿐 달라지지 않아 단어 순서를 구별하지 못한다. 임베딩에 PE를 더하면 위치가 들어간다. 사인파 위치 인코딩은
# 학습한 표가 아니라 pos의 고정된 식이므로 학습 때보다 긴 시퀀스의 어떤 위치에도 정의되고, PE(pos + k)는 PE(pos)를 고정된 각도만큼 회전한 것이어서
# 상대 오프셋이 어느 위치에서나 똑같이 보인다.

# %% [markdown]
# ## Summary
#
# - seq2seq: an encoder compresses the source into a state; a decoder, trained with
#   teacher forcing, generates the target from it; greedy decoding at test time
#   (your loop, checked by one teacher-forced pass on its own output).
# - Reversed input and the peeky decoder are cheap and help a lot on the addition task
#   (baseline < reversed < peeky + reversed, in the book and here).
# - Attention replaces the single fixed-length vector by all encoder states: dot-product
#   scores, a softmax over the source positions, and the context vector as their
#   weighted sum. Your Keras model solves the date task in a few epochs, and its
#   weights show an alignment between output and input characters.
# - Scaled dot-product attention, softmax(Q K^T / sqrt(d_k)) V with padded keys at
#   -inf before the softmax, is the same computation with queries, keys and values:
#   the Transformer's building block (notes 003).
# - A bidirectional RNN gives each encoder state context from both sides; the
#   Transformer drops recurrence and adds sinusoidal positional encodings instead.
#
# **한국어 요약.** seq2seq에서 인코더는 원문을 상태로 압축하고, 교사 강요로 학습한 디코더가 그 상태에서 목표를 생성하며, 테스트 때는 여러분의 탐욕적
# 디코딩 루프를 쓴다. 입력 데이터 반전과 엿보기 디코더는 값싸면서 덧셈 과제에 크게 도움이 된다(책과 여기 모두 기본 < 반전 < 엿보기+반전). 어텐션은 고정 길이
# 벡터 하나 대신 모든 인코더 상태를 쓴다: 점곱 점수, 소스 위치에 대한 소프트맥스, 그 가중합인 맥락 벡터.
# $\mathrm{softmax}(QK^\top/\sqrt{d_k})V$는 이를 쿼리·키·값으로 쓴 트랜스포머의 기본 블록이다. 양방향 RNN은 각 인코더 상태에 양쪽
# 맥락을 주고, 트랜스포머는 순환 대신 사인파 위치 인코딩을 더한다.
#
# **Further reading**
#
# - I. Sutskever, O. Vinyals, Q. V. Le, *Sequence to Sequence Learning with Neural
#   Networks* (2014): encoder-decoder LSTMs, reversed input.
# - D. Bahdanau, K. Cho, Y. Bengio, *Neural Machine Translation by Jointly Learning to
#   Align and Translate* (2015): attention, with a bidirectional encoder.
# - M.-T. Luong, H. Pham, C. D. Manning, *Effective Approaches to Attention-based Neural
#   Machine Translation* (2015): dot, general and concat scores.
# - A. Vaswani et al., *Attention Is All You Need* (2017): the Transformer and the
#   sinusoidal positional encoding.
# - K. Cho et al., *Learning Phrase Representations using RNN Encoder-Decoder for
#   Statistical Machine Translation* (2014): the peeky-style decoder that sees the
#   summary at every step.
# - 斎藤 康毅 (K. Saitoh), *Deep Learning from Scratch 2* (2018), ch. 7-8.
