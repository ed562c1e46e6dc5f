"""Data and checks for the character-level language models of notebooks 02 and 03.

The students build the model themselves (02: ``build_char_lm``, Embedding -> LSTM ->
Dense logits, and a causal ``Conv1D`` variant; 03: the generation loop and the
variable-temperature callback), so this module holds only what is not an answer: the
vocabulary, the windows, probabilities on held-out windows, the optimizer, and the
checks that a visible test and its judge share.

Sources: the character-level LSTM and its generation loop with a softmax temperature
are Chollet, *Deep Learning with Python*, 1st ed. (2017), ch. 8.1 ("Text generation
with LSTM"); the 2nd edition's ch. 12.1, the notes' source, builds the same loop and
temperature callback around a word-level Transformer decoder instead. The course
keeps the LSTM of notebook 01 and DLFS2 (Saitoh, ch. 6), which trains in minutes on
a CPU.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import keras
import numpy as np

from . import i18n
from .i18n import add, text

add({
    "charlm: not in vocabulary": {
        "en": "character {char} is not in the vocabulary",
        "ko": "문자 {char}이(가) 어휘 사전에 없습니다",
    },
    "charlm: softmax on logits": {
        "en": "The outputs are >= 0 and sum to 1 at every position: the last Dense layer "
              "applies a softmax. Return logits (Dense with no activation); the loss, "
              "SparseCategoricalCrossentropy(from_logits=True), applies the softmax itself.",
        "ko": "출력이 모든 위치에서 0 이상이고 합이 1입니다: 마지막 Dense 층이 소프트맥스를 "
              "적용하고 있습니다. 로짓을 반환하세요(활성화 함수 없는 Dense). 손실 함수 "
              "SparseCategoricalCrossentropy(from_logits=True)가 소프트맥스를 직접 "
              "적용합니다.",
    },
    "charlm: dropout rates": {
        "en": "The Dropout layers have rates {rates}; each should drop dropout = {rate}.",
        "ko": "Dropout 층의 비율이 {rates}입니다. 각 층의 비율은 dropout = {rate}이어야 "
              "합니다.",
    },
    "charlm: sees the future": {
        "en": "Changing only the characters after position {t} changed the output at position "
              "{t}: the model sees the future, so it cannot generate text one character at a "
              "time.",
        "ko": "위치 {t} 뒤의 문자만 바꿨는데 위치 {t}의 출력이 바뀌었습니다: 모델이 미래를 "
              "보고 있으므로 한 번에 한 문자씩 텍스트를 생성할 수 없습니다.",
    },
    "charlm: causal padding": {
        "en": 'Conv1D with padding="same" looks ahead by half a kernel; use padding="causal" '
              '(zeros on the left only).',
        "ko": 'padding="same"인 Conv1D는 커널 절반만큼 앞을 내다봅니다. padding="causal"'
              '(왼쪽에만 0을 채움)을 쓰세요.',
    },
    "charlm: receptive field": {
        "en": "The last position should see exactly the last {field} characters "
              "(1 + (kernel_size - 1) * (2**num_layers - 1) with dilation rates 1, 2, 4, ...); "
              "it sees {seen}.",
        "ko": "마지막 위치는 정확히 마지막 {field}개 문자를 보아야 합니다"
              "(팽창 비율 1, 2, 4, ...일 때 1 + (kernel_size - 1) * (2**num_layers - 1)). "
              "지금은 {seen}개를 봅니다.",
    },
    "charlm: dilation rates": {
        "en": "Give layer i (counting from 0) dilation_rate=2**i.",
        "ko": "i번째 층(0부터 셈)에 dilation_rate=2**i를 주세요.",
    },
    "charlm: not an int array": {
        "en": "{what}: it returned {value}, not an int array.",
        "ko": "{what}: 정수 배열이 아니라 {value}을(를) 반환했습니다.",
    },
    "charlm: ids shape": {
        "en": "{what}: wrong shape {shape}, expected {expected} (one row per temperature, "
              "n_chars ids each, the prompt left out).",
        "ko": "{what}: 모양 {shape}이(가) 틀렸습니다. 기대한 모양은 {expected}입니다"
              "(온도마다 한 행, 각 행에 n_chars개의 id, 프롬프트는 빼고).",
    },
    "charlm: ids dtype": {
        "en": "{what}: the ids have dtype {dtype}; return an int array.",
        "ko": "{what}: id의 dtype이 {dtype}입니다. 정수 배열을 반환하세요.",
    },
    "charlm: ids differ": {
        "en": "{what}: the ids differ from step {step} on.\n"
              "  expected: {expected}\n"
              "  got:      {got}",
        "ko": "{what}: 단계 {step}부터 id가 다릅니다.\n"
              "  기대한 것: {expected}\n"
              "  받은 것:   {got}",
    },
    "charlm: class not defined": {
        "en": "name '{name}' is not defined (did you run its cell?)",
        "ko": "이름 '{name}'이(가) 정의되지 않았습니다(그 셀을 실행했나요?)",
    },
})

SampleFn = Callable[[np.ndarray, float, np.random.Generator], int]


@dataclass(frozen=True)
class CharVocab:
    """The characters of a text, sorted, and the maps to and from integer ids."""

    chars: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> CharVocab:
        if not text:
            raise ValueError("cannot build a vocabulary from empty text")
        return cls(tuple(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """int32 ids, shape (len(text),).

        Raises:
            KeyError: naming the first character not in the vocabulary.
        """
        index = {c: i for i, c in enumerate(self.chars)}
        try:
            return np.fromiter((index[c] for c in text), dtype=np.int32, count=len(text))
        except KeyError as exc:
            raise KeyError(i18n.text("charlm: not in vocabulary",
                                     char=repr(exc.args[0]))) from None

    def decode(self, ids: Sequence[int]) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def split_text(text: str, val_fraction: float = 0.1) -> tuple[str, str]:
    """Split into a training head and a held-out tail (no shuffling: the tail is
    text the model never saw, not windows overlapping the training ones)."""
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    cut = int(len(text) * (1 - val_fraction))
    return text[:cut], text[cut:]


def make_windows(ids: np.ndarray, seq_len: int,
                 stride: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Input/target windows for next-character prediction.

    Returns:
        x, y: int32 arrays of shape (n_windows, seq_len); y is x shifted left
        by one character.

    Raises:
        ValueError: if the text is shorter than seq_len + 1 characters.
    """
    stride = stride or seq_len
    if len(ids) < seq_len + 1:
        raise ValueError(f"need at least {seq_len + 1} characters, got {len(ids)}")
    starts = np.arange(0, len(ids) - seq_len, stride)
    x = np.stack([ids[s:s + seq_len] for s in starts]).astype(np.int32)
    y = np.stack([ids[s + 1:s + seq_len + 1] for s in starts]).astype(np.int32)
    return x, y


def _softmax(logits: np.ndarray) -> np.ndarray:
    """float64 probabilities from logits along the last axis (max subtracted first)."""
    logits = np.asarray(logits, dtype=np.float64)
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return p / p.sum(axis=-1, keepdims=True)


def next_char_probs(model: keras.Model, ids: np.ndarray) -> np.ndarray:
    """Probabilities of the character after each row of ``ids``.

    Args:
        ids: int array (batch, time). Keep the shape fixed between calls:
            ``predict_on_batch`` compiles once per shape, and is then ~30x
            faster than an eager ``model(ids)`` call on a CPU.

    Returns:
        float64 array (batch, vocab_size), rows summing to 1.
    """
    return _softmax(model.predict_on_batch(np.asarray(ids, dtype=np.int32))[:, -1, :])


def sequence_probs(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Next-character probabilities at every position of every window.

    Row ``[i, t]`` is the model's distribution for the character after
    ``x[i, :t + 1]``: the model sees only the window, from a zero state, so early
    positions have less history (the targets are ``y`` from :func:`make_windows`).
    Used to score a model on held-out windows with one's own cross-entropy;
    ``model.evaluate(x, y)`` gives Keras' value of the same mean, in nats.

    Args:
        x: int array (n_windows, time) of character ids.
        batch_size: windows per forward pass.

    Returns:
        float64 array (n_windows, time, vocab_size), each row summing to 1.

    Raises:
        ValueError: if ``x`` is not 2-D.
    """
    x = np.asarray(x, dtype=np.int32)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D (n_windows, time), got shape {x.shape}")
    return _softmax(model.predict(x, batch_size=batch_size, verbose=0))


def compile_char_lm(model: keras.Model, learning_rate: float) -> keras.Model:
    """Compile a character language model (int ids -> logits) with Adam at
    ``learning_rate`` and sparse categorical cross-entropy from logits, in nats.

    Returns:
        the same model, for chaining.

    Raises:
        ValueError: if ``learning_rate`` is not positive.
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def lstm_lm_params(vocab_size: int, embed_dim: int, units: int, num_layers: int = 1) -> int:
    """Parameters of Embedding -> ``num_layers`` x LSTM(units) -> Dense(vocab_size): the
    embedding table, each LSTM's 4 gates (input kernel, recurrent kernel, bias) and the
    output layer's weights and bias."""
    lstm_inputs = [embed_dim] + [units] * (num_layers - 1)
    return (vocab_size * embed_dim + sum(4 * units * (n + units + 1) for n in lstm_inputs)
            + (units + 1) * vocab_size)


def conv_lm_params(vocab_size: int, embed_dim: int, filters: int, kernel_size: int,
                   num_layers: int) -> int:
    """Parameters of Embedding -> ``num_layers`` x Conv1D(filters, kernel_size) ->
    Dense(vocab_size)."""
    conv_inputs = [embed_dim] + [filters] * (num_layers - 1)
    return (vocab_size * embed_dim + sum((kernel_size * n + 1) * filters for n in conv_inputs)
            + (filters + 1) * vocab_size)


def _outputs(model, ids: np.ndarray) -> np.ndarray:
    return np.asarray(model(np.asarray(ids, dtype=np.int32), training=False), dtype=np.float64)


def check_logits(model, sample: np.ndarray, *, name: str, inputs: dict) -> None:
    """Fail when the model's outputs are probabilities (a softmax on the last layer)
    rather than logits: the loss (``from_logits=True``) and the samplers apply the
    softmax themselves.

    Raises:
        AssertionError: naming the softmax.
    """
    from .checks import fail

    __tracebackhide__ = True
    out = _outputs(model, sample)
    if np.all(out >= 0) and np.allclose(out.sum(axis=-1), 1.0, atol=1e-4):
        fail(name, inputs, text("charlm: softmax on logits"))


def check_dropout(model, rate: float, *, name: str, inputs: dict) -> None:
    """Fail when a Dropout layer of ``model`` has a rate other than ``rate``.

    Raises:
        AssertionError: naming the rates found.
    """
    from .checks import fail

    __tracebackhide__ = True
    rates = [float(layer.rate) for layer in model.layers if type(layer).__name__ == "Dropout"]
    if any(not np.isclose(r, rate) for r in rates):
        fail(name, inputs, text("charlm: dropout rates", rates=rates, rate=rate))


def check_causal(model, sample: np.ndarray, *, name: str, inputs: dict,
                 receptive_field: int | None = None) -> None:
    """Check that position t's output depends on the inputs at t and before only (a
    language model must not see the character it predicts, or any later one), and,
    given ``receptive_field`` r, that it depends on the input at t - r + 1 but not on
    t - r.

    Args:
        sample: int ids (batch, time), time > receptive_field when it is given.

    Raises:
        AssertionError: naming the first position whose output saw the future, or the
            receptive field found.
    """
    from .checks import fail

    __tracebackhide__ = True
    sample = np.asarray(sample, dtype=np.int32)
    vocab_size = _outputs(model, sample[:, :1]).shape[-1]
    base = _outputs(model, sample)
    time = sample.shape[1]
    for t in range(time - 1):
        changed = sample.copy()
        changed[:, t + 1:] = (changed[:, t + 1:] + 1) % vocab_size
        if not np.allclose(_outputs(model, changed)[:, :t + 1], base[:, :t + 1], atol=1e-5):
            fail(name, inputs, text("charlm: sees the future", t=t),
                 [text("charlm: causal padding")])
    if receptive_field is None:
        return
    last = time - 1

    def sees(position):
        changed = sample.copy()
        changed[:, position] = (changed[:, position] + 1) % vocab_size
        return not np.allclose(_outputs(model, changed)[:, last], base[:, last], atol=1e-7)

    if not sees(last - receptive_field + 1) or sees(last - receptive_field):
        seen = [p for p in range(last + 1) if sees(p)]
        fail(name, inputs, text("charlm: receptive field", field=receptive_field,
                                seen=last - min(seen) + 1 if seen else 0),
             [text("charlm: dilation rates")])


def check_ids(got, want, *, name: str, inputs: dict, what: str,
              variants: dict | None = None, mistakes: dict | None = None) -> None:
    """Check generated ids exactly (greedy generation is deterministic).

    Args:
        got, want: int arrays of the same intended shape.
        what: the part checked, for the message (e.g. "the greedy row").
        variants: key -> the ids a known mistake produces for the same inputs;
        mistakes: key -> its :class:`~gradelib.checks.Mistake` (named when got matches).

    Raises:
        AssertionError: naming the shape, or the first step that differs and any known
            mistake whose ids match.
    """
    from .checks import describe_value, fail

    __tracebackhide__ = True
    try:
        got = np.asarray(got)
    except Exception:
        fail(name, inputs, text("charlm: not an int array", what=what,
                                value=describe_value(got)))
    want = np.asarray(want)
    if got.shape != want.shape:
        fail(name, inputs, text("charlm: ids shape", what=what, shape=got.shape,
                                expected=want.shape))
    if got.dtype.kind not in "iu":
        fail(name, inputs, text("charlm: ids dtype", what=what, dtype=got.dtype))
    if np.array_equal(got, want):
        return
    step = int(np.argwhere(got != want)[0][-1])
    hints = [mistakes[key].describe() for key, ids in (variants or {}).items()
             if key in (mistakes or {}) and np.array_equal(got, np.asarray(ids))]
    fail(name, inputs, text("charlm: ids differ", what=what, step=step,
                            expected=want.ravel().tolist()[:40],
                            got=got.ravel().tolist()[:40]), hints)


def step_probs(model, prompt_ids, generated, context: int = 64,
               batch_size: int = 256) -> np.ndarray:
    """The model's next-character probabilities at every step of a generation.

    Row ``[i, s]`` is softmax of the model's logits at the last position of the last
    ``context`` ids of ``prompt_ids + generated[i, :s]``: the distribution the loop
    sampled step ``s`` of row ``i`` from, before any temperature.

    Args:
        prompt_ids: int array (P,). generated: int array (rows, n_steps).

    Returns:
        float64 array (rows, n_steps, vocab_size), rows summing to 1.
    """
    prompt_ids = np.asarray(prompt_ids, dtype=np.int32)
    generated = np.asarray(generated, dtype=np.int32)
    rows, n_steps = generated.shape
    full = np.concatenate([np.tile(prompt_ids, (rows, 1)), generated], axis=1)
    out = []
    first_full = max(context - prompt_ids.size, 0)
    for s in range(min(first_full, n_steps)):          # windows still growing
        out.append(_softmax(model.predict_on_batch(full[:, :prompt_ids.size + s])[:, -1]))
    if n_steps > first_full:                            # windows of length context
        ends = np.arange(first_full, n_steps) + prompt_ids.size
        windows = np.stack([full[:, e - context:e] for e in ends], axis=1)
        logits = model.predict(windows.reshape(-1, context), batch_size=batch_size,
                               verbose=0)[:, -1]
        out.extend(np.moveaxis(_softmax(logits).reshape(rows, len(ends), -1), 1, 0))
    return np.stack(out, axis=1) if out else np.zeros((rows, 0, 0))


def callback_samples(class_name: str, model, epoch: int, **kwargs) -> list:
    """Kernel side of a judge: build the notebook's callback ``class_name(**kwargs)``,
    give it ``model``, call ``on_epoch_end(epoch)`` and return what it stored,
    ``[[temperature, ids], ...]`` from ``callback.samples[epoch + 1]``, and its printed
    text, as ``[pairs, printed]`` (plain data for :mod:`gradelib.wire`).

    Raises:
        NameError: when the notebook has no such class; whatever the callback raises.
    """
    import contextlib
    import io

    from IPython import get_ipython

    namespace = get_ipython().user_ns
    if class_name not in namespace:
        raise NameError(text("charlm: class not defined", name=class_name))
    callback = namespace[class_name](**kwargs)
    callback.set_model(model)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        callback.on_epoch_end(epoch, {})
    samples = getattr(callback, "samples", None)
    if not isinstance(samples, dict) or epoch + 1 not in samples:
        return [None, printed.getvalue()[-2000:]]
    return [[[float(t), np.asarray(ids)] for t, ids in samples[epoch + 1].items()],
            printed.getvalue()[-2000:]]
