"""Generated sequence-to-sequence data sets and small Keras 3 seq2seq models.

The two toy tasks of Saitoh, *Deep Learning from Scratch 2* (DLFS2), ch. 7-8,
generated offline with a seeded random generator instead of downloaded:

- **addition**: ``"16+75  "`` -> ``"_91  "``. Operands are drawn as in DLFS2's
  ``addition.txt`` (which follows the Keras ``addition_rnn`` example): a number
  of digits from 1 to 3, then that many random digits, so 0-999 with short
  numbers over-represented; each unordered pair {a, b} occurs at most once.
  The question is padded with spaces to 7 characters, the answer is the start
  token ``"_"`` followed by the sum padded to 4 characters.
- **dates**: many surface formats of one date (``"September 27, 1994"``,
  ``"27/09/94"``, ``"TUESDAY, SEPTEMBER 27, 1994"``, ...) -> ``"_1994-09-27"``,
  as DLFS2's ``date.txt``; dates are uniform on 1970-01-01 .. 2029-12-31 so
  that a two-digit year has one reading (the one ``time.strptime`` uses).

Source and target share one character vocabulary (:class:`~gradelib.charlm.CharVocab`),
fixed per task so that it does not depend on the sample drawn. Questions are
unique, so the training and test splits never share a question. DLFS2's
reversed input (Sutskever et al., 2014) reverses each padded question.

The models (:func:`build_seq2seq`) are DLFS2's ``Seq2seq`` and ``PeekySeq2seq``
in Keras 3: an Embedding + LSTM (or GRU) encoder and a decoder trained with
teacher forcing (it reads the target shifted right, which starts with ``"_"``).
The attention model (DLFS2's ``AttentionSeq2seq``) and the greedy decoding loop
are the notebook's exercises, so they are not here: :func:`fit` and
:func:`evaluate` take the decoding function as an argument, and
:func:`check_greedy_decode` and :func:`check_attention_wiring` check a student's
answers by their properties (one teacher-forced pass, the model's graph).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .charlm import CharVocab
from .i18n import add, text

add({
    "seq2seq: predictions do not match targets": {
        "en": "predicted {predicted} does not match targets {target}",
        "ko": "예측의 모양 {predicted}이(가) 타깃의 모양 {target}과(와) 맞지 않습니다",
    },
    "seq2seq: missing layer": {
        "en": "The model has no layer named {layer} (its layers: {layers}).",
        "ko": "모델에 이름이 {layer}인 층이 없습니다(모델의 층: {layers}).",
    },
    "seq2seq: name the layers": {
        "en": "Give each layer the name the docstring asks for (name=...): the heat map and "
              "the checks find the layers by name.",
        "ko": "각 층에 독스트링이 요구하는 이름을 주세요(name=...): 히트맵과 검사 코드는 "
              "이름으로 층을 찾습니다.",
    },
    "seq2seq: not functional": {
        "en": "Could not read how the layers are connected: build the model with the "
              "functional API (keras.Input, layers called on tensors, keras.Model).",
        "ko": "층이 어떻게 연결되었는지 읽을 수 없습니다: 함수형 API(keras.Input, 텐서에 "
              "호출한 층, keras.Model)로 모델을 만드세요.",
    },
    "seq2seq: decoder initial state": {
        "en": "The decoder does not start from the encoder's final states: decoder_rnn was "
              "called on {inputs}.",
        "ko": "디코더가 인코더의 마지막 상태에서 시작하지 않습니다: decoder_rnn이 {inputs}"
              "(으)로 호출되었습니다.",
    },
    "seq2seq: return the states": {
        "en": "Create encoder_rnn with return_sequences=True and return_state=True, so that "
              "it returns (sequence, h, c), and call decoder_rnn(..., initial_state=[h, c]).",
        "ko": "encoder_rnn을 return_sequences=True, return_state=True로 만들어 "
              "(sequence, h, c)를 반환하게 하고, decoder_rnn(..., initial_state=[h, c])로 "
              "호출하세요.",
    },
    "seq2seq: attention inputs": {
        "en": "The attention layer must score the decoder's states (the queries) against the "
              "encoder's states at every source position (the values): call it on [decoder "
              "states, encoder sequence]; it was called on {inputs}.",
        "ko": "어텐션 층은 디코더의 상태(쿼리)를 소스의 모든 위치에 있는 인코더의 상태(값)와 "
              "비교해 점수를 매겨야 합니다: [디코더 상태, 인코더 시퀀스]로 호출하세요. 지금은 "
              "{inputs}(으)로 호출되었습니다.",
    },
    "seq2seq: output reads decoder only": {
        "en": "The output layer must read the context vectors concatenated with the "
              "decoder's states, not the decoder's states alone.",
        "ko": "출력 층은 디코더의 상태만이 아니라, 맥락 벡터와 디코더의 상태를 이어 붙인 "
              "것을 입력으로 받아야 합니다.",
    },
    "seq2seq: output concatenation": {
        "en": "The output layer must read Concatenate()([context, decoder states]) (in this "
              "order, as DLFS2's AttentionDecoder does); it reads {layer}, built from "
              "{inputs}.",
        "ko": "출력 층은 Concatenate()([context, decoder states])를 입력으로 받아야 합니다"
              "(DLFS2의 AttentionDecoder처럼 이 순서로). 지금은 {inputs}(으)로 만든 {layer}을(를) "
              "받습니다.",
    },
    "seq2seq: not integer ids": {
        "en": "It returned {value}: expected integer ids, an int array of shape {shape}.",
        "ko": "{value}을(를) 반환했습니다: 정수 id, 즉 모양 {shape}인 정수 배열을 "
              "기대했습니다.",
    },
    "seq2seq: decoded shape": {
        "en": "Wrong shape: expected {expected} (one row per example, `length` generated ids, "
              "no start token), returned {returned}.",
        "ko": "모양이 다릅니다: 기대한 모양은 {expected}(예제마다 한 행, 생성한 id `length`개, "
              "시작 토큰 없음)인데, {returned}을(를) 반환했습니다.",
    },
    "seq2seq: not the argmax": {
        "en": "Step {t} of example {n}: after reading {read} (the start token, then the ids "
              "you generated before), the model's most probable next id is {best}, you "
              "returned {got}.",
        "ko": "예제 {n}의 단계 {t}: {read}(시작 토큰, 그리고 앞서 생성한 id)를 읽은 뒤 "
              "모델이 가장 그럴듯하다고 보는 다음 id는 {best}인데, {got}을(를) "
              "반환했습니다.",
    },
    "seq2seq: greedy feeds its choice": {
        "en": "Greedy decoding feeds the decoder its own previous choice and takes the argmax "
              "of the logits at the current step.",
        "ko": "탐욕적 디코딩은 디코더가 직전에 고른 id를 다시 디코더에 넣고, 현재 단계 "
              "로짓의 argmax를 고릅니다.",
    },
})

START = "_"
PAD = " "

ADDITION_QUESTION_LEN = 7   # "999+999"
ADDITION_ANSWER_LEN = 5     # "_1998"
ADDITION_CHARS = "0123456789+" + PAD + START

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2029, 12, 31)


def _long(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


# (name, formatter, time.strptime pattern that reads it back). English names are
# spelled out here, so the output does not depend on the locale.
DATE_FORMATS: tuple[tuple[str, Callable[[dt.date], str], str], ...] = (
    ("September 27, 1994", _long, "%B %d, %Y"),
    ("september 27, 1994", lambda d: _long(d).lower(), "%B %d, %Y"),
    ("27/09/94", lambda d: f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}", "%d/%m/%y"),
    ("Sep 27 1994", lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}", "%b %d %Y"),
    ("1994.09.27", lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}", "%Y.%m.%d"),
    ("TUESDAY, SEPTEMBER 27, 1994",
     lambda d: f"{WEEKDAYS[d.weekday()]}, {_long(d)}".upper(), "%A, %B %d, %Y"),
    ("27 September 1994", lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}", "%d %B %Y"),
    ("Tue, 27 Sep 1994",
     lambda d: f"{WEEKDAYS[d.weekday()][:3]}, {d.day} {MONTHS[d.month - 1][:3]} {d.year}",
     "%a, %d %b %Y"),
    ("27.9.1994", lambda d: f"{d.day}.{d.month}.{d.year}", "%d.%m.%Y"),
    ("sep 27, 94", lambda d: f"{MONTHS[d.month - 1][:3].lower()} {d.day}, {d.year % 100:02d}",
     "%b %d, %y"),
)
DATE_QUESTION_LEN = 29      # "WEDNESDAY, SEPTEMBER 27, 1994"
DATE_ANSWER_LEN = 11        # "_1994-09-27"
DATE_CHARS = "".join(sorted(set("".join(MONTHS + WEEKDAYS).lower()
                                + "".join(MONTHS + WEEKDAYS).upper()
                                + "0123456789,./-" + PAD + START)))


@dataclass(frozen=True)
class Seq2SeqData:
    """A generated task split into training and test sets.

    Attributes:
        questions_train, answers_train, questions_test, answers_test: the padded
            strings (answers start with ``"_"``); questions as generated, never
            reversed.
        x_train, x_test: int32 (n, question_len) source ids, reversed along
            time when ``reverse`` is True.
        t_train, t_test: int32 (n, answer_len) target ids; column 0 is the start
            token. Teacher forcing feeds ``t[:, :-1]`` and predicts ``t[:, 1:]``.
        vocab: the shared character vocabulary.
        reverse: whether the sources are reversed.
    """

    questions_train: tuple[str, ...]
    answers_train: tuple[str, ...]
    questions_test: tuple[str, ...]
    answers_test: tuple[str, ...]
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    vocab: CharVocab
    reverse: bool = False

    @property
    def start_id(self) -> int:
        return int(self.vocab.encode(START)[0])

    def reversed(self) -> Seq2SeqData:
        """The same data with the sources reversed (or un-reversed)."""
        return replace(self, x_train=self.x_train[:, ::-1].copy(),
                       x_test=self.x_test[:, ::-1].copy(), reverse=not self.reverse)

    def subset(self, n_train: int | None = None, n_test: int | None = None) -> Seq2SeqData:
        """The first ``n_train`` training and ``n_test`` test examples (None keeps all)."""
        return replace(self,
                       questions_train=self.questions_train[:n_train],
                       answers_train=self.answers_train[:n_train],
                       questions_test=self.questions_test[:n_test],
                       answers_test=self.answers_test[:n_test],
                       x_train=self.x_train[:n_train], t_train=self.t_train[:n_train],
                       x_test=self.x_test[:n_test], t_test=self.t_test[:n_test])


def addition_pairs(n: int = 50_000, seed: int = 0, max_digits: int = 3) -> list[tuple[str, str]]:
    """``n`` distinct addition problems as (question, answer) strings.

    Returns:
        pairs like ``("16+75  ", "_91  ")``: the question padded to
        ``2 * max_digits + 1`` characters, the answer ``"_"`` + the sum padded
        to ``max_digits + 1``.

    Raises:
        ValueError: if ``n`` exceeds the number of distinct unordered pairs.
    """
    top = 10 ** max_digits
    if not 0 < n <= top * (top + 1) // 2:
        raise ValueError(f"n must be in [1, {top * (top + 1) // 2}], got {n}")
    rng = np.random.default_rng(seed)
    seen: set[tuple[int, int]] = set()
    pairs = []
    place = np.arange(max_digits)
    while len(pairs) < n:
        # a block of candidates: a length k in 1..max_digits, then k random digits
        k = rng.integers(1, max_digits + 1, size=(4096, 2, 1))
        digits = rng.integers(0, 10, size=(4096, 2, max_digits))
        weights = np.where(place < k, 10 ** np.maximum(k - 1 - place, 0), 0)
        for a, b in (digits * weights).sum(axis=2).tolist():
            key = (min(a, b), max(a, b))
            if key in seen:
                continue
            seen.add(key)
            pairs.append((f"{a}+{b}".ljust(2 * max_digits + 1),
                          START + str(a + b).ljust(max_digits + 1)))
            if len(pairs) == n:
                break
    return pairs


def date_pairs(n: int = 50_000, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` distinct (question, answer) pairs of date-format conversion.

    A date uniform on ``FIRST_DATE`` .. ``LAST_DATE`` and a format uniform over
    ``DATE_FORMATS``; the question is padded with spaces to 29 characters, the
    answer is ``"_"`` + ISO 8601 (``"_1994-09-27"``).

    Raises:
        ValueError: if ``n`` is not positive or exceeds the distinct questions.
    """
    n_days = (LAST_DATE - FIRST_DATE).days + 1
    if not 0 < n <= n_days * (len(DATE_FORMATS) - 1):
        raise ValueError(f"n must be in [1, {n_days * (len(DATE_FORMATS) - 1)}], got {n}")
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    pairs = []
    while len(pairs) < n:
        offsets = rng.integers(n_days, size=4096).tolist()
        formats = rng.integers(len(DATE_FORMATS), size=4096).tolist()
        for offset, f in zip(offsets, formats, strict=True):
            day = FIRST_DATE + dt.timedelta(days=offset)
            question = DATE_FORMATS[f][1](day).ljust(DATE_QUESTION_LEN)
            if question in seen:
                continue
            seen.add(question)
            pairs.append((question, START + day.isoformat()))
            if len(pairs) == n:
                break
    return pairs


def make_dataset(pairs: Sequence[tuple[str, str]], chars: str, test_fraction: float = 0.1,
                 seed: int = 0, reverse: bool = False) -> Seq2SeqData:
    """Shuffle ``pairs`` with ``seed``, hold out the last ``test_fraction`` and encode.

    Raises:
        ValueError: if ``test_fraction`` is not in (0, 1), the strings have
            unequal lengths, or a question occurs twice.
        KeyError: naming a character that is not in ``chars``.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    questions = [q for q, _ in pairs]
    answers = [a for _, a in pairs]
    if len({len(q) for q in questions}) != 1 or len({len(a) for a in answers}) != 1:
        raise ValueError("questions (and answers) must be padded to one length")
    if len(set(questions)) != len(questions):
        raise ValueError("a question occurs twice: the splits could overlap")
    order = np.random.default_rng(seed).permutation(len(pairs))
    n_test = max(1, int(round(len(pairs) * test_fraction)))
    train, test = order[:-n_test], order[-n_test:]
    vocab = CharVocab(tuple(sorted(set(chars))))

    missing = set("".join(questions) + "".join(answers)) - set(vocab.chars)
    if missing:
        raise KeyError(text("charlm: not in vocabulary", char=repr(sorted(missing)[0])))
    table = np.zeros(max(map(ord, vocab.chars)) + 1, dtype=np.int32)
    table[[ord(c) for c in vocab.chars]] = np.arange(len(vocab))

    def encode(strings: Sequence[str], index: np.ndarray) -> np.ndarray:
        text = "".join(strings[i] for i in index)
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        return table[codes].reshape(len(index), -1)

    data = Seq2SeqData(
        questions_train=tuple(questions[i] for i in train),
        answers_train=tuple(answers[i] for i in train),
        questions_test=tuple(questions[i] for i in test),
        answers_test=tuple(answers[i] for i in test),
        x_train=encode(questions, train), t_train=encode(answers, train),
        x_test=encode(questions, test), t_test=encode(answers, test), vocab=vocab)
    return data.reversed() if reverse else data


def load_addition(n: int = 50_000, test_fraction: float = 0.1, seed: int = 0,
                  reverse: bool = False) -> Seq2SeqData:
    """DLFS2's addition task: ``n`` problems, ``test_fraction`` held out (see module doc)."""
    return make_dataset(addition_pairs(n, seed=seed), ADDITION_CHARS, test_fraction,
                        seed=seed, reverse=reverse)


def load_dates(n: int = 50_000, test_fraction: float = 0.1, seed: int = 0,
               reverse: bool = False) -> Seq2SeqData:
    """DLFS2's date-format task: ``n`` questions, ``test_fraction`` held out."""
    return make_dataset(date_pairs(n, seed=seed), DATE_CHARS, test_fraction,
                        seed=seed, reverse=reverse)


# --------------------------------------------------------------------------- models

KINDS = ("baseline", "peeky")


def compile_seq2seq(model, learning_rate: float = 1e-2, clipnorm: float = 5.0,
                    run_eagerly: bool = False):
    """Compile ``model`` for teacher forcing and return it: Adam with global-norm
    clipping (DLFS2 clips at 5.0) and sparse categorical cross-entropy from logits
    (nats per character).

    ``run_eagerly`` runs training op by op instead of tracing a graph first. Tracing
    costs seconds per model, so tiny runs (grading mode) are faster eagerly; real
    training is faster traced.
    """
    import keras

    model.compile(optimizer=keras.optimizers.Adam(learning_rate, global_clipnorm=clipnorm),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  run_eagerly=run_eagerly)
    return model


def build_seq2seq(vocab_size: int, kind: str = "baseline", embed_dim: int = 16,
                  units: int = 128, cell: str = "lstm", learning_rate: float = 1e-2,
                  clipnorm: float = 5.0, run_eagerly: bool = False):
    """An encoder-decoder without attention in Keras 3, compiled for teacher forcing.

    Args:
        vocab_size: size of the shared source/target vocabulary.
        kind: ``"baseline"`` (DLFS2 ``Seq2seq``: the encoder's last state starts
            the decoder) or ``"peeky"`` (DLFS2 ``PeekySeq2seq``: the encoder's last
            hidden state is also concatenated to the decoder's input and to the
            output layer's input at every step).
        embed_dim, units: embedding size and recurrent state size.
        cell: ``"lstm"`` or ``"gru"``.
        learning_rate, clipnorm, run_eagerly: see :func:`compile_seq2seq`.

    Returns:
        a ``keras.Model`` with inputs ``[source ids (N, T_in), decoder input ids
        (N, T_out)]`` and float32 logits ``(N, T_out, vocab_size)``.

    Raises:
        ValueError: for an unknown ``kind`` or ``cell``.
    """
    import keras
    from keras import layers

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if cell not in ("lstm", "gru"):
        raise ValueError(f"cell must be 'lstm' or 'gru', got {cell!r}")
    rnn = layers.LSTM if cell == "lstm" else layers.GRU

    source = keras.Input(shape=(None,), dtype="int32", name="source")
    decoder_in = keras.Input(shape=(None,), dtype="int32", name="decoder_input")
    enc_emb = layers.Embedding(vocab_size, embed_dim, name="encoder_embedding")(source)
    encoder = rnn(units, return_state=True, name="encoder_rnn")
    enc_states = list(encoder(enc_emb)[1:])
    last_h = enc_states[0]

    dec_emb = layers.Embedding(vocab_size, embed_dim, name="decoder_embedding")(decoder_in)
    if kind == "peeky":
        # repeat h along the decoder's time axis: (N, units) -> (N, T_out, units)
        repeated = layers.Lambda(
            lambda pair: keras.ops.repeat(keras.ops.expand_dims(pair[0], 1),
                                          keras.ops.shape(pair[1])[1], axis=1),
            name="repeat_h")([last_h, dec_emb])
        dec_emb = layers.Concatenate(name="peek_input")([repeated, dec_emb])
    features = rnn(units, return_sequences=True, name="decoder_rnn")(
        dec_emb, initial_state=enc_states)
    if kind == "peeky":
        features = layers.Concatenate(name="peek_output")([repeated, features])
    logits = layers.Dense(vocab_size, name="logits")(features)
    model = keras.Model([source, decoder_in], logits, name=f"seq2seq_{kind}")
    return compile_seq2seq(model, learning_rate, clipnorm, run_eagerly)


def exact_match(predicted: np.ndarray, t: np.ndarray) -> float:
    """Fraction of rows where every generated character is right.

    Args:
        predicted: int (N, T_out - 1) from a greedy decoder.
        t: int (N, T_out) target ids including the start token.

    Raises:
        ValueError: when the shapes do not fit.
    """
    predicted = np.asarray(predicted)
    target = np.asarray(t)[:, 1:]
    if predicted.shape != target.shape:
        raise ValueError(text("seq2seq: predictions do not match targets",
                              predicted=predicted.shape, target=target.shape))
    return float(np.mean(np.all(predicted == target, axis=1)))


def evaluate(model, data: Seq2SeqData, decode: Callable, n: int | None = None) -> float:
    """Exact-match accuracy on the first ``n`` test examples of
    ``decode(model, x, start_id, length)`` (a greedy decoder)."""
    x, t = data.x_test[:n], data.t_test[:n]
    return exact_match(decode(model, x, data.start_id, t.shape[1] - 1), t)


def fit(model, data: Seq2SeqData, epochs: int, decode: Callable, batch_size: int = 128,
        n_eval: int | None = 1000, verbose: int = 0,
        progress: bool | None = None) -> dict[str, list[float]]:
    """Teacher-forced training: the model reads ``t[:, :-1]`` (the target shifted right,
    starting with the start token) and learns to predict ``t[:, 1:]``; after each epoch
    the held-out exact-match accuracy of ``decode`` (see :func:`evaluate`), printed as
    one line per epoch when ``progress`` (None: in full mode only).

    Returns:
        ``{"loss": [...], "accuracy": [...]}`` per epoch: the mean training loss
        (nats per character) and the exact-match accuracy on the first
        ``n_eval`` test examples (all of them if None).
    """
    import time

    from .budget import pick

    progress = pick(full=True, grading=False) if progress is None else progress
    history: dict[str, list[float]] = {"loss": [], "accuracy": []}
    start = time.perf_counter()
    for epoch in range(epochs):
        h = model.fit([data.x_train, data.t_train[:, :-1]], data.t_train[:, 1:],
                      batch_size=batch_size, epochs=1, verbose=verbose, shuffle=True)
        history["loss"].append(float(h.history["loss"][-1]))
        history["accuracy"].append(evaluate(model, data, decode, n_eval))
        if progress:
            print(f"epoch {epoch + 1}/{epochs}: loss {history['loss'][-1]:.4f}, held-out "
                  f"accuracy {history['accuracy'][-1]:.3f} ({time.perf_counter() - start:.0f} s)")
    return history


def attention_states(model, x: np.ndarray, decoder_input: np.ndarray):
    """The encoder and decoder hidden states of an attention model, and Keras'
    own attention weights, for a batch. The model's layers are named as
    :func:`check_attention_wiring` asks (``encoder_rnn``, ``decoder_rnn``,
    ``attention``).

    Returns:
        enc_states: float32 (N, T_in, units), the encoder's hidden state at every
            source position (the keys and values of attention).
        dec_states: float32 (N, T_out, units), the decoder's hidden state at every
            output position (the queries).
        weights: float32 (N, T_out, T_in), the attention weights that the
            model's ``keras.layers.Attention`` layer computed.
    """
    import keras

    layer = model.get_layer("attention")
    enc_seq = model.get_layer("encoder_rnn").output[0]
    dec_seq = model.get_layer("decoder_rnn").output
    probe = keras.Model(model.inputs, [enc_seq, dec_seq])
    enc, dec = probe.predict_on_batch([np.asarray(x, np.int32),
                                       np.asarray(decoder_input, np.int32)])
    _, weights = layer([dec, enc], return_attention_scores=True)
    return np.asarray(enc), np.asarray(dec), np.asarray(weights)


# --------------------------------------------------------------------------- checks

def _origin(tensor) -> tuple[str, int]:
    """(layer name, output index) of a symbolic tensor of a functional model."""
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return ("?", -1)
    return (history.operation.name, int(history.tensor_index))


def _call_inputs(model, layer_name: str) -> list[tuple[str, int]]:
    node = model.get_layer(layer_name)._inbound_nodes[0]
    return [_origin(t) for t in node.input_tensors]


def check_attention_wiring(model, *, name: str, inputs: dict) -> None:
    """Check how an attention seq2seq model's layers are connected, by their names
    (the builder's docstring in 04_seq2seq_attention names them):

    - ``encoder_rnn`` returns its sequence and its final states (``return_sequences``
      and ``return_state``), and ``decoder_rnn`` starts from those states
      (``initial_state=[h, c]``);
    - ``attention`` is called as ``[query, value]`` = ``[decoder_rnn's states,
      encoder_rnn's sequence]``;
    - the output layer ``logits`` reads the concatenation ``[context, decoder
      states]``.

    Raises:
        AssertionError: naming the missing layer or the wrong connection.
    """
    from .checks import fail

    __tracebackhide__ = True
    names = {layer.name for layer in model.layers}
    missing = [n for n in ("encoder_embedding", "encoder_rnn", "decoder_embedding",
                           "decoder_rnn", "attention", "logits") if n not in names]
    if missing:
        fail(name, inputs, text("seq2seq: missing layer", layer=repr(missing[0]),
                                layers=", ".join(sorted(names))),
             [text("seq2seq: name the layers")])
    try:
        decoder = _call_inputs(model, "decoder_rnn")
        attention = _call_inputs(model, "attention")
        output = _call_inputs(model, "logits")
    except (AttributeError, IndexError):
        fail(name, inputs, text("seq2seq: not functional"))
    if decoder[1:] != [("encoder_rnn", 1), ("encoder_rnn", 2)]:
        fail(name, inputs, text("seq2seq: decoder initial state", inputs=decoder),
             [text("seq2seq: return the states")])
    if attention[:2] != [("decoder_rnn", 0), ("encoder_rnn", 0)] \
            or any(key != ("encoder_rnn", 0) for key in attention[2:]):   # [q, v] or [q, v, k]
        fail(name, inputs, text("seq2seq: attention inputs", inputs=attention))
    if len(output) != 1 or output[0][0] == "decoder_rnn":
        fail(name, inputs, text("seq2seq: output reads decoder only"))
    concat = output[0][0]
    if type(model.get_layer(concat)).__name__ != "Concatenate" \
            or _call_inputs(model, concat) != [("attention", 0), ("decoder_rnn", 0)]:
        fail(name, inputs, text("seq2seq: output concatenation", layer=repr(concat),
                                inputs=_call_inputs(model, concat)))


def _teacher_forced_argmax(model, x, start_id: int, ids: np.ndarray) -> np.ndarray:
    """The model's most probable id at every step when it reads [start, ids[:, :-1]]."""
    decoder_input = np.concatenate([np.full((len(ids), 1), start_id), ids[:, :-1]], axis=1)
    logits = model([np.asarray(x, np.int32), decoder_input.astype(np.int32)], training=False)
    return np.asarray(logits).argmax(axis=-1)


def check_greedy_decode(got, *, model, x, start_id: int, length: int,
                        name: str = "greedy_decode") -> None:
    """Check ids returned by a student's greedy decoder on ``model``, without a
    decoding loop: greedy output ``y`` is the one sequence with
    ``y[:, t] = argmax model([x, [start, y[:, :t]]])[:, t]`` for every step ``t``
    (the decoder is causal), so one teacher-forced pass on ``[start, y[:, :-1]]``
    must give back ``y``. Names the known mistakes of
    :data:`gradelib.mistakes.seq2seq.GREEDY_DECODE`.

    Raises:
        AssertionError: naming the shape, the dtype, a known mistake, or the first
            step where the returned id is not the model's most probable one.
    """
    from .checks import describe_value, fail
    from .mistakes.seq2seq import GREEDY_DECODE

    __tracebackhide__ = True
    inputs = {"x": np.asarray(x), "start_id": start_id, "length": length}
    if got is None:
        fail(name, inputs, text("returned None"))
    try:
        ids = np.asarray(got)
    except Exception:
        ids = np.empty(0, dtype=object)
    if ids.dtype.kind not in "iu" and not (ids.dtype.kind == "f" and ids.size
                                           and np.all(ids == np.round(ids))):
        fail(name, inputs, text("seq2seq: not integer ids", value=describe_value(got),
                                shape=(len(x), length)))
    ids = ids.astype(np.int64)
    known = {"model": model, **inputs}
    hints = [m.describe() for m in GREEDY_DECODE
             if (wrong := m.answer(None, known)) is not None
             and wrong.shape == ids.shape and np.array_equal(wrong, ids)]
    if ids.shape == (len(x), length + 1) and np.all(ids[:, 0] == start_id) and \
            np.array_equal(_teacher_forced_argmax(model, x, start_id, ids[:, 1:]), ids[:, 1:]):
        hints.append(GREEDY_DECODE[-1].describe())
    if ids.shape != (len(x), length):
        fail(name, inputs, text("seq2seq: decoded shape", expected=(len(x), length),
                                returned=ids.shape), hints)
    decoder_input = np.concatenate([np.full((len(x), 1), start_id), ids[:, :-1]], axis=1)
    best = _teacher_forced_argmax(model, x, start_id, ids)
    wrong = np.argwhere(best != ids)
    if len(wrong):
        n, t = (int(v) for v in wrong[np.argsort(wrong[:, 1], kind="stable")][0])
        fail(name, inputs, text("seq2seq: not the argmax", t=t, n=n,
                                read=decoder_input[n, :t + 1].tolist(), best=best[n, t],
                                got=ids[n, t]),
             hints or [text("seq2seq: greedy feeds its choice")])
