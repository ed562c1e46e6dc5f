"""gradelib.charlm: vocabulary, windows, and the checks that the char-LM exercises of 02
and 03 share (logits, dropout, causality, parameter counts, generated ids)."""

import keras
import numpy as np
import pytest

from gradelib import charlm


def test_vocab_round_trip_and_unknown_character():
    vocab = charlm.CharVocab.from_text("hello world")
    assert vocab.chars == tuple(sorted(set("hello world")))
    assert vocab.decode(vocab.encode("low rod")) == "low rod"
    with pytest.raises(KeyError, match="'z' is not in the vocabulary"):
        vocab.encode("zoo")
    with pytest.raises(ValueError):
        charlm.CharVocab.from_text("")


def test_windows_are_shifted_by_one():
    ids = np.arange(25)
    x, y = charlm.make_windows(ids, seq_len=10)
    assert x.shape == y.shape == (2, 10)
    np.testing.assert_array_equal(y, x + 1)
    with pytest.raises(ValueError, match="at least 11"):
        charlm.make_windows(np.arange(10), seq_len=10)


def test_split_keeps_the_tail_for_validation():
    train, val = charlm.split_text("abcdefghij", val_fraction=0.2)
    assert (train, val) == ("abcdefgh", "ij")
    with pytest.raises(ValueError):
        charlm.split_text("abc", val_fraction=1.0)


def lstm_lm(vocab_size=6, embed_dim=3, units=4, num_layers=1, dropout=0.0, softmax=False):
    ids = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(vocab_size, embed_dim)(ids)
    for _ in range(num_layers):
        x = keras.layers.LSTM(units, return_sequences=True)(x)
        if dropout:
            x = keras.layers.Dropout(dropout)(x)
    out = keras.layers.Dense(vocab_size, activation="softmax" if softmax else None)(x)
    return keras.Model(ids, out)


def conv_lm(padding="causal", dilate=True, vocab_size=6, kernel_size=3, num_layers=2):
    ids = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(vocab_size, 3)(ids)
    for i in range(num_layers):
        x = keras.layers.Conv1D(4, kernel_size, padding=padding,
                                dilation_rate=2**i if dilate else 1, activation="relu")(x)
    return keras.Model(ids, keras.layers.Dense(vocab_size)(x))


SAMPLE = np.random.default_rng(0).integers(0, 6, size=(2, 10))


def test_parameter_formulas_match_keras():
    for layers in (1, 2, 3):
        assert charlm.lstm_lm_params(6, 3, 4, layers) == lstm_lm(num_layers=layers).count_params()
    assert charlm.conv_lm_params(6, 3, 4, 3, 2) == conv_lm().count_params()


def test_check_logits_names_a_softmax():
    charlm.check_logits(lstm_lm(), SAMPLE, name="build_char_lm", inputs={})
    with pytest.raises(AssertionError, match="applies a softmax"):
        charlm.check_logits(lstm_lm(softmax=True), SAMPLE, name="build_char_lm", inputs={})


def test_check_dropout_names_the_rate():
    charlm.check_dropout(lstm_lm(dropout=0.25), 0.25, name="build_char_lm", inputs={})
    with pytest.raises(AssertionError, match=r"rates \[0.5\]"):
        charlm.check_dropout(lstm_lm(dropout=0.5), 0.25, name="build_char_lm", inputs={})


def test_check_causal_passes_causal_models_and_names_a_look_ahead():
    keras.utils.set_random_seed(0)
    charlm.check_causal(lstm_lm(), SAMPLE, name="build_char_lm", inputs={})
    charlm.check_causal(conv_lm(), SAMPLE, name="build_conv_lm", inputs={}, receptive_field=7)
    with pytest.raises(AssertionError, match="sees the future"):
        charlm.check_causal(conv_lm(padding="same"), SAMPLE, name="build_conv_lm", inputs={})
    with pytest.raises(AssertionError, match="it sees 5"):
        charlm.check_causal(conv_lm(dilate=False), SAMPLE, name="build_conv_lm", inputs={},
                            receptive_field=7)


def test_check_ids_names_the_step_and_a_known_mistake():
    from gradelib.mistakes.sampling import GENERATE_GREEDY

    want, looped = np.array([[1, 2, 3, 4]]), np.array([[1, 1, 1, 1]])
    charlm.check_ids(want.copy(), want, name="generate", inputs={}, what="greedy")
    with pytest.raises(AssertionError, match="from step 1 on") as info:
        charlm.check_ids(looped, want, name="generate", inputs={}, what="greedy",
                         variants={"not_fed_back": looped}, mistakes=GENERATE_GREEDY)
    assert "not fed back" in str(info.value)
    with pytest.raises(AssertionError, match="wrong shape"):
        charlm.check_ids(np.array([1, 2, 3, 4]), want, name="generate", inputs={},
                         what="greedy")
    with pytest.raises(AssertionError, match="dtype float64"):
        charlm.check_ids(want.astype(float), want, name="generate", inputs={}, what="greedy")


def test_step_probs_are_the_distributions_a_loop_reads():
    keras.utils.set_random_seed(1)
    model = lstm_lm()
    prompt, generated = np.array([1, 2]), np.array([[3, 0, 5, 4, 1], [2, 2, 0, 1, 3]])
    p = charlm.step_probs(model, prompt, generated, context=4)
    assert p.shape == (2, 5, 6)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-9)
    for row in range(2):
        text = np.concatenate([prompt, generated[row]])
        for step in range(5):
            window = text[:2 + step][-4:][None, :]
            np.testing.assert_allclose(p[row, step], charlm.next_char_probs(model, window)[0],
                                       atol=1e-6)
