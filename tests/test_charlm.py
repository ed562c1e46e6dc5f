"""gradelib.charlm: vocabulary, windows, generation and the temperature callback."""

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


@pytest.fixture(scope="module")
def tiny():
    keras.utils.set_random_seed(0)
    vocab = charlm.CharVocab.from_text("abc ")
    model = charlm.build_char_lm(len(vocab), embed_dim=4, units=8)
    return vocab, model


def test_generate_passes_each_rows_temperature(tiny):
    vocab, model = tiny
    seen = []

    def spy(p, temperature, rng):
        assert p.shape == (len(vocab),) and np.isclose(p.sum(), 1.0)
        seen.append(temperature)
        return int(np.argmax(p))

    texts, probs = charlm.generate(model, vocab, "ab", 5, [0.2, 1.5], spy, context=8)
    assert [len(t) for t in texts] == [5, 5]
    assert probs.shape == (2, 5, len(vocab))
    assert seen == [0.2, 1.5] * 5


def test_temperature_sweep_samples_at_the_temperature_it_prints(tiny, capsys):
    vocab, model = tiny
    seen = []

    def spy(p, temperature, rng):
        seen.append(temperature)
        return 0

    sweep = charlm.TemperatureSweep(vocab, "ab", [0.2, 0.5, 1.0], spy, n_chars=3)
    sweep.set_model(model)
    sweep.on_epoch_end(0)
    out = capsys.readouterr().out
    assert set(seen) == {0.2, 0.5, 1.0} and len(seen) == 9
    for t in (0.2, 0.5, 1.0):
        assert f"T={t}" in out
    assert list(sweep.history[1]) == [0.2, 0.5, 1.0]


def test_temperature_sweep_survives_an_unfinished_sampler(tiny, capsys):
    vocab, model = tiny

    def unfinished(p, temperature, rng):
        raise NotImplementedError

    sweep = charlm.TemperatureSweep(vocab, "ab", [1.0], unfinished, n_chars=2)
    sweep.set_model(model)
    sweep.on_epoch_end(0)
    assert "not implemented" in capsys.readouterr().out
    assert sweep.history == {}
