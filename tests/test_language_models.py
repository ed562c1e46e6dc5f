"""gradelib.charlm additions for 02_language_models: per-position probabilities on
held-out windows, recompiling with another learning rate."""

import keras
import numpy as np
import pytest

from gradelib import charlm


def lstm_lm(vocab_size):
    ids = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(vocab_size, 4)(ids)
    x = keras.layers.LSTM(8, return_sequences=True)(x)
    return keras.Model(ids, keras.layers.Dense(vocab_size)(x))


@pytest.fixture(scope="module")
def tiny():
    keras.utils.set_random_seed(0)
    vocab = charlm.CharVocab.from_text("abc d")
    model = charlm.compile_char_lm(lstm_lm(len(vocab)), 3e-3)
    x, y = charlm.make_windows(vocab.encode("abc dabcd cab dca bdac " * 3), seq_len=6)
    return vocab, model, x, y


def test_sequence_probs_are_distributions_at_every_position(tiny):
    vocab, model, x, _ = tiny
    p = charlm.sequence_probs(model, x, batch_size=4)
    assert p.shape == (*x.shape, len(vocab)) and p.dtype == np.float64
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-12)
    assert (p > 0).all()
    # the last position is what next_char_probs gives for the whole window
    np.testing.assert_allclose(p[:, -1], charlm.next_char_probs(model, x), atol=1e-6)


def test_sequence_probs_agree_with_keras_loss(tiny):
    _, model, x, y = tiny
    p = charlm.sequence_probs(model, x)
    nll = -np.log(np.take_along_axis(p, y[..., None], axis=-1)).mean()
    assert nll == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-5)


def test_sequence_probs_rejects_a_flat_input(tiny):
    _, model, x, _ = tiny
    with pytest.raises(ValueError, match="2-D"):
        charlm.sequence_probs(model, x[0])


def test_compile_char_lm_sets_the_learning_rate(tiny):
    vocab, _, x, y = tiny
    model = charlm.compile_char_lm(lstm_lm(len(vocab)), 1e-2)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-2)
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=3, verbose=0)
    assert model.evaluate(x, y, verbose=0) < before
    with pytest.raises(ValueError):
        charlm.compile_char_lm(model, 0.0)
