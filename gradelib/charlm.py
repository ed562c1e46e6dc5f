"""A small character-level language model (Keras 3) for the sampling and
language-model notebooks.

The model reads a window of characters and predicts, at every position, the
next one: Embedding -> LSTM -> Dense(logits), as in Chollet, *Deep Learning
with Python* 2nd ed., ch. 12.1 (there word-level; here character-level so it
trains in minutes on a CPU). Generation and the variable-temperature callback
call a ``sample_fn(p, temperature, rng)`` that the notebook passes in: the
student's own sampler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import keras
import numpy as np

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
            raise KeyError(f"character {exc.args[0]!r} is not in the vocabulary") from None

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


def build_char_lm(vocab_size: int, embed_dim: int = 32, units: int = 128,
                  learning_rate: float = 3e-3) -> keras.Model:
    """Embedding -> LSTM(return_sequences) -> Dense logits, compiled by
    :func:`compile_char_lm` (Adam, cross-entropy in nats per character).

    Input: int ids (batch, time). Output: float32 logits (batch, time, vocab_size).
    """
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(vocab_size, embed_dim)(inputs)
    x = keras.layers.LSTM(units, return_sequences=True)(x)
    logits = keras.layers.Dense(vocab_size)(x)
    return compile_char_lm(keras.Model(inputs, logits, name="char_lm"), learning_rate)


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


def generate(model: keras.Model, vocab: CharVocab, prompt: str, n_chars: int,
             temperatures: Sequence[float], sample_fn: SampleFn, seed: int = 0,
             context: int = 64) -> tuple[list[str], np.ndarray]:
    """Continue ``prompt`` by ``n_chars`` characters once per temperature, in one batch.

    The model reads the last ``context`` characters (a shorter prompt is
    left-padded with spaces). At each step the model's probabilities for each
    row go to ``sample_fn(p, temperature, rng)`` with that row's temperature.

    Returns:
        texts: one continuation per temperature (without the prompt).
        probs: float64 (len(temperatures), n_chars, vocab_size), the model's
            probabilities before reweighting, at every step.
    """
    rng = np.random.default_rng(seed)
    window = vocab.encode(prompt.rjust(context)[-context:])
    rows = np.tile(window, (len(temperatures), 1))
    out = np.zeros((len(temperatures), n_chars), dtype=np.int32)
    probs = np.zeros((len(temperatures), n_chars, len(vocab)))
    for step in range(n_chars):
        p = next_char_probs(model, rows)
        probs[:, step] = p
        for row, temperature in enumerate(temperatures):
            out[row, step] = int(sample_fn(p[row], temperature, rng))
        rows = np.concatenate([rows[:, 1:], out[:, step:step + 1]], axis=1)
    return [vocab.decode(r) for r in out], probs


class TemperatureSweep(keras.callbacks.Callback):
    """At the end of every ``every`` epochs, print text generated at each temperature.

    Chollet's ``TextGenerator`` callback (Deep Learning with Python 2nd ed., ch. 12.1) prints each
    temperature but calls ``sample_next(predictions)`` without it, so every line
    is sampled at T = 1. Here each temperature printed is the one passed to
    ``sample_fn``; ``history`` keeps what was printed, by epoch.
    """

    def __init__(self, vocab: CharVocab, prompt: str, temperatures: Sequence[float],
                 sample_fn: SampleFn, n_chars: int = 120, every: int = 1, seed: int = 0):
        super().__init__()
        self.vocab = vocab
        self.prompt = prompt
        self.temperatures = list(temperatures)
        self.sample_fn = sample_fn
        self.n_chars = n_chars
        self.every = every
        self.seed = seed
        self.history: dict[int, dict[float, str]] = {}

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if (epoch + 1) % self.every:
            return
        try:
            texts, _ = generate(self.model, self.vocab, self.prompt, self.n_chars,
                                self.temperatures, self.sample_fn, seed=self.seed + epoch)
        except NotImplementedError:
            print(f"epoch {epoch + 1}: no samples yet (the sampler is not implemented)")
            return
        self.history[epoch + 1] = dict(zip(self.temperatures, texts, strict=True))
        print(f"\n--- epoch {epoch + 1}, prompt {self.prompt!r}")
        for temperature, text in zip(self.temperatures, texts, strict=True):
            print(f"T={temperature:<4}: {text!r}")


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
    """Recompile a :func:`build_char_lm` model with Adam at ``learning_rate``
    (same loss: sparse categorical cross-entropy from logits, in nats).

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
