"""Hidden tests of 04_seq2seq_attention, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

The visible checks compare with Keras' attention layer and tf.linalg.matvec; here they
compare with the same formulas in float64 NumPy and SciPy (at the cell's tolerances).
The model exercises send Keras models both ways (gradelib.wire.ModelSpec): the greedy
decoder runs in the kernel on a model the judge built, and is checked against the
judge's own decoding loop; the attention builder's model comes back as a ModelSpec, is
rebuilt here and compared with the judge's own model given the same weights."""

import json

import numpy as np
from scipy.special import softmax

import gradelib
import gradelib.models
from gradelib import seq2seq, wire
from gradelib.i18n import add, text
from gradelib.mistakes import ATTENTION_WEIGHTS, CONTEXT_VECTOR, POSITIONAL_ENCODING
from gradelib.mistakes.seq2seq import SCALED_ATTENTION, SCALED_ATTENTION_OUTPUT

EXPECTED = json.loads(gradelib.data_path("04_seq2seq_attention", "expected.json").read_text())

add({
    "judge 04: one row": {
        "en": "attention_weights (one row)",
        "ko": "attention_weights (한 행)",
    },
    "judge 04: position 0": {
        "en": "positional_encoding (position 0)",
        "ko": "positional_encoding (위치 0)",
    },
    "judge 04: sin cos pairs": {
        "en": "positional_encoding (sin^2 + cos^2 of each pair)",
        "ko": "positional_encoding (각 쌍의 sin^2 + cos^2)",
    },
    "judge 04: d_model odd": {
        "en": "d_model = {d} is odd (sin and cos come in pairs)",
        "ko": "d_model = {d}이(가) 홀수입니다(sin과 cos는 쌍으로 들어갑니다)",
    },
    "judge 04: expected ids": {
        "en": "Expected the ids {want}, returned {got}.",
        "ko": "기대한 id는 {want}인데 {got}을(를) 반환했습니다.",
    },
    "judge 04: pair": {
        "en": "It must return the pair (output, weights).",
        "ko": "(output, weights) 쌍을 반환해야 합니다.",
    },
    "judge 04: sdpa weights": {
        "en": "scaled_dot_product_attention (weights)",
        "ko": "scaled_dot_product_attention (가중치)",
    },
    "judge 04: sdpa output": {
        "en": "scaled_dot_product_attention (output)",
        "ko": "scaled_dot_product_attention (출력)",
    },
    "judge 04: sdpa padding": {
        "en": "scaled_dot_product_attention (weights on padding)",
        "ko": "scaled_dot_product_attention (패딩 위치의 가중치)",
    },
    "judge 04: d_k 4 and 3": {
        "en": "q has d_k = 4 and k has d_k = 3",
        "ko": "q의 d_k는 4인데 k의 d_k는 3입니다",
    },
    "judge 04: positions 5 and 4": {
        "en": "k has 5 positions and v has 4",
        "ko": "k의 위치는 5개인데 v의 위치는 4개입니다",
    },
    "judge 04: mask (2, 4)": {
        "en": "the mask is (2, 4), not (N, Tk) = (2, 5)",
        "ko": "mask의 모양이 (N, Tk) = (2, 5)가 아니라 (2, 4)입니다",
    },
    "judge 04: d_k 2 and 4": {
        "en": "q has d_k = 2 and k has d_k = 4",
        "ko": "q의 d_k는 2인데 k의 d_k는 4입니다",
    },
    "judge 04: mask (1, 5)": {
        "en": "the mask is (1, 5), not (N, Tk) = (2, 5)",
        "ko": "mask의 모양이 (N, Tk) = (2, 5)가 아니라 (1, 5)입니다",
    },
    "judge 04: hint Attention": {
        "en": "Use keras.layers.Attention() (dot-product scores) for the attention step, not "
              "AdditiveAttention or MultiHeadAttention.",
        "ko": "어텐션 단계에는 AdditiveAttention이나 MultiHeadAttention이 아니라 "
              "keras.layers.Attention()(내적 점수)을 쓰세요.",
    },
    "judge 04: hint LSTM": {
        "en": "One LSTM encoder and one LSTM decoder.",
        "ko": "LSTM 인코더 하나와 LSTM 디코더 하나를 쓰세요.",
    },
    "judge 04: logits with given weights": {
        "en": "build_seq2seq_attention (logits with given weights)",
        "ko": "build_seq2seq_attention (주어진 가중치에서의 로짓)",
    },
    "judge 04: decoder input": {"en": "decoder input", "ko": "디코더 입력"},
})


def reference_attention(h, hs, mask=None):
    """Dot-product attention weights (N, T): softmax over t of h[n] . hs[n, t]."""
    s = np.einsum("nth,nh->nt", hs, h)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    return softmax(s, axis=-1)


def reference_context(a, hs):
    """The context vectors (N, H): sum over t of a[n, t] hs[n, t]."""
    return np.einsum("nt,nth->nh", a, hs)


def reference_pe(length, d):
    """The sinusoidal positional encoding, one entry at a time."""
    out = np.zeros((length, d))
    for pos in range(length):
        for j in range(d):
            angle = pos / 10000 ** (2 * (j // 2) / d)
            out[pos, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return out


def test_attention_weights(student):
    attention_weights = student.function("attention_weights")
    rng = np.random.default_rng(0)
    h, hs = rng.normal(size=(3, 4)), rng.normal(size=(3, 5, 4))
    inputs = {"h": h, "hs": hs}
    got = attention_weights(**inputs)
    gradelib.check_shape(got, (3, 5), name="attention_weights", inputs=inputs,
                         mistakes=ATTENTION_WEIGHTS, expected=reference_attention(h, hs))
    gradelib.check_close(got, reference_attention(h, hs), name="attention_weights",
                         inputs=inputs, rtol=1e-5, atol=1e-7, mistakes=ATTENTION_WEIGHTS)
    for row in np.asarray(got):
        gradelib.check_distribution(row, name=text("judge 04: one row"), inputs=inputs)
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0]], dtype=bool)
    inputs = {"h": h, "hs": hs, "mask": mask}
    gradelib.check_close(attention_weights(**inputs), reference_attention(h, hs, mask),
                         name="attention_weights", inputs=inputs, rtol=1e-5, atol=1e-7,
                         mistakes=ATTENTION_WEIGHTS)
    same = np.repeat(rng.normal(size=(2, 1, 4)), 6, axis=1)
    inputs = {"h": h[:2], "hs": same}
    gradelib.check_close(attention_weights(**inputs), np.full((2, 6), 1 / 6),
                         name="attention_weights", inputs=inputs, mistakes=ATTENTION_WEIGHTS)

    rng = np.random.default_rng(11)
    for n, t, d in [(1, 1, 3), (1, 7, 2), (4, 3, 8)]:
        h, hs = rng.normal(size=(n, d)), rng.normal(size=(n, t, d))
        gradelib.check_close(attention_weights(h, hs), reference_attention(h, hs),
                             name="attention_weights", inputs={"h": h, "hs": hs},
                             mistakes=ATTENTION_WEIGHTS)
    # large scores must not overflow to nan
    h, hs = 30 * rng.normal(size=(2, 6)), 30 * rng.normal(size=(2, 4, 6))
    gradelib.check_close(attention_weights(h, hs), reference_attention(h, hs),
                         name="attention_weights", inputs={"h": h, "hs": hs},
                         mistakes=ATTENTION_WEIGHTS)
    # one allowed position per row: a one-hot row
    mask = np.eye(4, dtype=bool)[[2, 0, 3]]
    h, hs = rng.normal(size=(3, 5)), rng.normal(size=(3, 4, 5))
    gradelib.check_close(attention_weights(h, hs, mask), mask.astype(float),
                         name="attention_weights", inputs={"h": h, "hs": hs, "mask": mask},
                         mistakes=ATTENTION_WEIGHTS)


def test_context_vector(student):
    context_vector = student.function("context_vector")
    rng = np.random.default_rng(1)
    hs = rng.normal(size=(3, 5, 4))
    a = rng.dirichlet(np.ones(5), size=3)
    inputs = {"a": a, "hs": hs}
    gradelib.check_close(context_vector(**inputs), reference_context(a, hs),
                         name="context_vector", inputs=inputs, mistakes=CONTEXT_VECTOR)
    one_hot = np.eye(5)[[4, 0, 2]]
    inputs = {"a": one_hot, "hs": hs}
    gradelib.check_close(context_vector(**inputs), hs[[0, 1, 2], [4, 0, 2]],
                         name="context_vector", inputs=inputs, mistakes=CONTEXT_VECTOR)

    rng = np.random.default_rng(12)
    for n, t, d in [(1, 1, 3), (2, 9, 1), (5, 3, 6)]:
        a = rng.dirichlet(np.ones(t), size=n)
        hs = rng.normal(size=(n, t, d))
        gradelib.check_close(context_vector(a, hs), reference_context(a, hs),
                             name="context_vector", inputs={"a": a, "hs": hs},
                             mistakes=CONTEXT_VECTOR)


def test_positional_encoding(student):
    positional_encoding = student.function("positional_encoding")
    for case in EXPECTED["positional_encoding"]:
        inputs = {"length": case["length"], "d_model": case["d_model"]}
        gradelib.check_close(positional_encoding(**inputs), case["expected"],
                             name="positional_encoding", inputs=inputs,
                             mistakes=POSITIONAL_ENCODING)
    inputs = {"length": 20, "d_model": 8}
    got = np.asarray(positional_encoding(**inputs))
    gradelib.check_shape(got, (20, 8), name="positional_encoding", inputs=inputs)
    gradelib.check_close(got[0], np.tile([0.0, 1.0], 4),
                         name=text("judge 04: position 0"), inputs=inputs)
    gradelib.check_close(got[:, 0::2] ** 2 + got[:, 1::2] ** 2, np.ones((20, 4)),
                         name=text("judge 04: sin cos pairs"), inputs=inputs)

    for length, d in [(50, 16), (1, 4), (7, 2), (3, 64)]:
        gradelib.check_close(positional_encoding(length, d), reference_pe(length, d),
                             name="positional_encoding", inputs={"length": length, "d_model": d},
                             mistakes=POSITIONAL_ENCODING)


def test_positional_encoding_validation(student):
    positional_encoding = student.function("positional_encoding")
    for length, d in [(5, 7), (5, 3), (1, 1)]:
        gradelib.check_raises(positional_encoding, {"length": length, "d_model": d},
                              ValueError, text("judge 04: d_model odd", d=d))


# ------------------------------------------------------------------ greedy decoding

def reference_greedy(model, x, start_id, length):
    """The judge's decoding loop: a fixed-width decoder input filled step by step."""
    fed = np.full((len(x), length), start_id, dtype=np.int32)
    out = np.zeros((len(x), length), dtype=np.int64)
    for step in range(length):
        logits = np.asarray(model([np.asarray(x, np.int32), fed], training=False))
        out[:, step] = logits[:, step].argmax(axis=-1)
        if step + 1 < length:
            fed[:, step + 1] = out[:, step]
    return out


def random_seq2seq(seed, vocab_size, embed_dim, units, cell, scale):
    """A plain seq2seq model (gradelib's baseline) with random weights, scaled so that
    what the decoder reads changes what it writes."""
    import keras

    keras.utils.set_random_seed(seed)
    model = seq2seq.build_seq2seq(vocab_size, "baseline", embed_dim=embed_dim, units=units,
                                  cell=cell, run_eagerly=True)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, scale, size=w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


def test_greedy_decode(student):
    greedy_decode = student.function("greedy_decode")
    data = seq2seq.load_addition(n=300, seed=1)
    for seed, (vocab, embed, units, cell, scale, n, length) in enumerate(
            [(len(data.vocab), 6, 8, "lstm", 1.0, 6, 4),
             (len(data.vocab), 5, 12, "gru", 1.5, 9, 7),
             (len(data.vocab), 4, 6, "lstm", 1.2, 1, 1)]):
        model = random_seq2seq(seed, vocab, embed, units, cell, scale)
        x = data.x_test[seed:seed + n]
        spec = wire.ModelSpec(model.to_json(), model.get_weights(), "Functional")
        got = greedy_decode(spec, x, data.start_id, length)
        seq2seq.check_greedy_decode(got, model=model, x=x, start_id=data.start_id,
                                    length=length)
        want = reference_greedy(model, x, data.start_id, length)
        if not np.array_equal(np.asarray(got), want):
            gradelib.fail("greedy_decode", {"x": x, "start_id": data.start_id,
                                            "length": length},
                          text("judge 04: expected ids", want=want.tolist(),
                               got=np.asarray(got).tolist()))


# ------------------------------------------------------------------ scaled attention

def reference_sdpa(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d_k)) v and the weights, float64, padded keys at -inf."""
    s = np.einsum("nqd,nkd->nqk", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask[:, None, :], s, -np.inf)
    w = softmax(s, axis=-1)
    return np.einsum("nqk,nkv->nqv", w, v), w


def check_sdpa(scaled_dot_product_attention, q, k, v, mask=None, rtol=1e-6, atol=1e-9):
    inputs = {"q": q, "k": k, "v": v, "mask": mask}
    want_out, want_weights = reference_sdpa(q, k, v, mask)
    result = scaled_dot_product_attention(q, k, v, mask)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        gradelib.fail("scaled_dot_product_attention", inputs,
                      text("judge 04: pair"))
    out, weights = result
    gradelib.check_close(weights, want_weights, name=text("judge 04: sdpa weights"),
                         inputs=inputs, rtol=rtol, atol=atol, mistakes=SCALED_ATTENTION)
    gradelib.check_close(out, want_out, name=text("judge 04: sdpa output"),
                         inputs=inputs, rtol=rtol, atol=atol, mistakes=SCALED_ATTENTION_OUTPUT)
    if mask is not None:
        padded = np.asarray(weights)[~np.broadcast_to(mask[:, None, :], want_weights.shape)]
        gradelib.check_close(padded, np.zeros(padded.shape),
                             name=text("judge 04: sdpa padding"),
                             inputs=inputs, atol=0)


def test_scaled_dot_product_attention(student):
    sdpa = student.function("scaled_dot_product_attention")
    rng = np.random.default_rng(5)
    q, k, v = rng.normal(size=(2, 3, 16)), rng.normal(size=(2, 5, 16)), rng.normal(size=(2, 5, 3))
    pad = np.array([[1, 1, 1, 1, 0], [1, 1, 0, 0, 0]], dtype=bool)
    for mask in [None, pad]:
        check_sdpa(sdpa, q, k, v, mask, rtol=1e-4, atol=1e-6)
    rng = np.random.default_rng(15)
    for n, tq, tk, dk, dv in [(1, 1, 1, 1, 1), (3, 4, 6, 8, 2), (2, 2, 7, 5, 9)]:
        q, k, v = (rng.normal(size=(n, tq, dk)), rng.normal(size=(n, tk, dk)),
                   rng.normal(size=(n, tk, dv)))
        check_sdpa(sdpa, q, k, v)
        mask = rng.random((n, tk)) < 0.6
        mask[:, 0] = True
        check_sdpa(sdpa, q, k, v, mask)
    # large scores must not overflow to nan; one real key per row gives one-hot weights
    q, k = 40 * rng.normal(size=(2, 3, 4)), 40 * rng.normal(size=(2, 5, 4))
    v = rng.normal(size=(2, 5, 2))
    check_sdpa(sdpa, q, k, v, np.eye(5, dtype=bool)[[1, 4]])


def test_scaled_dot_product_attention_validation(student):
    sdpa = student.function("scaled_dot_product_attention")
    rng = np.random.default_rng(6)
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
    cases = [({"q": q, "k": k[..., :3], "v": v}, "d_k 4 and 3"),
             ({"q": q, "k": k, "v": v[:, :4]}, "positions 5 and 4"),
             ({"q": q, "k": k, "v": v, "mask": np.ones((2, 4), bool)}, "mask (2, 4)"),
             ({"q": q[..., :2], "k": k, "v": v}, "d_k 2 and 4"),
             ({"q": q, "k": k, "v": v, "mask": np.ones((1, 5), bool)}, "mask (1, 5)")]
    for inputs, problem in cases:
        gradelib.check_raises(sdpa, inputs, ValueError, text(f"judge 04: {problem}"))


# ------------------------------------------------------------------ the attention model

LAYERS = {"Embedding": 2, "LSTM": 2, "Attention": 1, "Concatenate": 1, "Dense": 1}
HINTS = {"Attention": "judge 04: hint Attention", "LSTM": "judge 04: hint LSTM"}


def reference_attention_model(vocab_size, embed_dim, units):
    """The judge's AttentionSeq2seq, with the layer names of the docstring."""
    import keras

    L = keras.layers
    src = keras.Input(shape=(None,), dtype="int32")
    tgt = keras.Input(shape=(None,), dtype="int32")
    src_emb = L.Embedding(vocab_size, embed_dim, name="encoder_embedding")(src)
    tgt_emb = L.Embedding(vocab_size, embed_dim, name="decoder_embedding")(tgt)
    enc_seq, h, c = L.LSTM(units, return_sequences=True, return_state=True,
                           name="encoder_rnn")(src_emb)
    decoder = L.LSTM(units, return_sequences=True, name="decoder_rnn")
    dec_seq = decoder(tgt_emb, initial_state=[h, c])
    ctx = L.Attention(name="attention")([dec_seq, enc_seq])
    out = L.Dense(vocab_size, name="logits")(L.Concatenate()([ctx, dec_seq]))
    return keras.Model([src, tgt], out)


def test_build_seq2seq_attention(student):
    for vocab_size, embed_dim, units in [(13, 8, 16), (59, 16, 64), (7, 3, 5)]:
        inputs = {"vocab_size": vocab_size, "embed_dim": embed_dim, "units": units}
        V, E, U = vocab_size, embed_dim, units
        spec = student.call("build_seq2seq_attention", **inputs)
        model = gradelib.models.from_spec(spec, name="build_seq2seq_attention", inputs=inputs)
        rng = np.random.default_rng(units)
        sample = [rng.integers(0, V, size=(3, 7)).astype(np.int32),
                  rng.integers(0, V, size=(3, 5)).astype(np.int32)]
        params = 2 * V * E + 2 * (4 * U * (E + U) + 4 * U) + 2 * U * V + V
        gradelib.models.check_model(
            model, name="build_seq2seq_attention", inputs=inputs, sample=sample,
            output_shape=(3, 5, V), params=params,
            layers=LAYERS, absent=["GRU", "AdditiveAttention", "MultiHeadAttention"],
            hints={layer: text(key) for layer, key in HINTS.items()})
        seq2seq.check_attention_wiring(model, name="build_seq2seq_attention", inputs=inputs)
        # the same weights in the judge's model must give the same logits
        reference = reference_attention_model(V, E, U)
        for name in ("encoder_embedding", "encoder_rnn", "decoder_embedding", "decoder_rnn",
                     "logits"):
            weights = [rng.normal(0, 0.5, size=w.shape).astype(np.float32)
                       for w in model.get_layer(name).get_weights()]
            model.get_layer(name).set_weights(weights)
            reference.get_layer(name).set_weights(weights)
        got = np.asarray(model(sample, training=False))
        gradelib.check_close(got, np.asarray(reference(sample, training=False)),
                             name=text("judge 04: logits with given weights"),
                             rtol=1e-4, atol=1e-5,
                             inputs={**inputs, "source": sample[0],
                                     text("judge 04: decoder input"): sample[1]})
