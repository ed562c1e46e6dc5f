"""gradelib.seq2seq: the generated addition and date tasks, and the Keras models."""

import datetime as dt
import time

import keras
import numpy as np
import pytest

from gradelib import seq2seq


@pytest.fixture(scope="module")
def addition():
    return seq2seq.load_addition(n=4000, seed=3)


@pytest.fixture(scope="module")
def dates():
    return seq2seq.load_dates(n=3000, seed=3)


def test_addition_shapes_and_split_sizes(addition):
    assert addition.x_train.shape == (3600, 7) and addition.x_test.shape == (400, 7)
    assert addition.t_train.shape == (3600, 5) and addition.t_test.shape == (400, 5)
    assert addition.x_train.dtype == np.int32 and addition.t_train.dtype == np.int32
    assert len(addition.vocab) == 13      # 0-9, '+', ' ', '_' as in DLFS2
    assert (addition.t_train[:, 0] == addition.start_id).all()


def test_addition_answers_are_the_sums(addition):
    for q, a, x, t in zip(addition.questions_train + addition.questions_test,
                          addition.answers_train + addition.answers_test,
                          np.concatenate([addition.x_train, addition.x_test]),
                          np.concatenate([addition.t_train, addition.t_test]), strict=True):
        left, right = q.strip().split("+")
        assert 0 <= int(left) <= 999 and 0 <= int(right) <= 999
        assert a[0] == "_" and int(a[1:]) == int(left) + int(right)
        assert addition.vocab.decode(x) == q and addition.vocab.decode(t) == a


def test_full_size_split_is_dlfs2s():
    data = seq2seq.load_addition()
    assert len(data.x_train) == 45_000 and len(data.x_test) == 5_000
    assert not set(data.questions_train) & set(data.questions_test)


def test_addition_example_padding():
    pairs = seq2seq.addition_pairs(200, seed=0)
    assert all(len(q) == 7 and len(a) == 5 for q, a in pairs)
    q, a = next((q, a) for q, a in pairs if len(q.strip()) == 5)
    assert q.endswith("  ") and a.startswith("_")
    # each unordered pair occurs once, as in DLFS2's data (from Keras' addition_rnn)
    keys = [tuple(sorted(map(int, q.strip().split("+")))) for q, _ in pairs]
    assert len(set(keys)) == len(keys)


def test_no_overlap_between_splits(addition, dates):
    for data in (addition, dates):
        assert not set(data.questions_train) & set(data.questions_test)
        assert len(set(data.questions_train)) == len(data.questions_train)


def test_deterministic_for_a_seed_and_different_across_seeds():
    a = seq2seq.load_addition(n=500, seed=7)
    b = seq2seq.load_addition(n=500, seed=7)
    c = seq2seq.load_addition(n=500, seed=8)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.t_test, b.t_test)
    assert a.questions_train != c.questions_train
    d1, d2 = seq2seq.load_dates(n=300, seed=1), seq2seq.load_dates(n=300, seed=1)
    np.testing.assert_array_equal(d1.x_train, d2.x_train)


def test_reversed_input(addition):
    rev = addition.reversed()
    assert rev.reverse and not addition.reverse
    np.testing.assert_array_equal(rev.x_train, addition.x_train[:, ::-1])
    np.testing.assert_array_equal(rev.t_train, addition.t_train)
    assert rev.vocab.decode(rev.x_test[0]) == addition.questions_test[0][::-1]
    np.testing.assert_array_equal(rev.reversed().x_test, addition.x_test)
    direct = seq2seq.load_addition(n=4000, seed=3, reverse=True)
    np.testing.assert_array_equal(direct.x_train, rev.x_train)


def _parse(question):
    """Every reading of a date question by the formats' strptime patterns."""
    readings = set()
    for _, _, pattern in seq2seq.DATE_FORMATS:
        try:
            parsed = time.strptime(question.strip(), pattern)
        except ValueError:
            continue
        readings.add(dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday))
    return readings


def test_date_answers_parse_to_the_same_date(dates):
    assert dates.x_train.shape == (2700, 29) and dates.t_train.shape == (2700, 11)
    for q, a in zip(dates.questions_train + dates.questions_test,
                    dates.answers_train + dates.answers_test, strict=True):
        assert a[0] == "_"
        answer = dt.date.fromisoformat(a[1:])
        assert seq2seq.FIRST_DATE <= answer <= seq2seq.LAST_DATE
        assert _parse(q) == {answer}, q
        if q[0].isalpha() and "," in q and q.split(",")[0].title() in seq2seq.WEEKDAYS:
            assert q.split(",")[0].title() == seq2seq.WEEKDAYS[answer.weekday()]


def test_every_date_format_occurs_and_fits(dates):
    day = dt.date(1994, 9, 27)
    shown = [fmt(day) for _, fmt, _ in seq2seq.DATE_FORMATS]
    assert [name for name, _, _ in seq2seq.DATE_FORMATS] == shown
    wednesday = dt.date(2021, 9, 29)
    assert max(len(fmt(wednesday)) for _, fmt, _ in seq2seq.DATE_FORMATS) == 29
    lengths = {len(q.strip()) for q in dates.questions_train}
    assert len(lengths) > 5


def test_bad_arguments():
    with pytest.raises(ValueError):
        seq2seq.addition_pairs(0)
    with pytest.raises(ValueError):
        seq2seq.load_addition(n=100, test_fraction=1.0)
    with pytest.raises(ValueError, match="twice"):
        seq2seq.make_dataset([("1+1    ", "_2   ")] * 2, seq2seq.ADDITION_CHARS)
    with pytest.raises(KeyError, match="'x'"):
        seq2seq.make_dataset([("1+x    ", "_2   "), ("1+1    ", "_2   ")],
                             seq2seq.ADDITION_CHARS)
    with pytest.raises(ValueError):
        seq2seq.build_seq2seq(13, kind="transformer")


def test_subset(addition):
    small = addition.subset(100, 10)
    assert small.x_train.shape == (100, 7) and small.t_test.shape == (10, 5)
    assert small.questions_train == addition.questions_train[:100]


def test_exact_match():
    t = np.array([[9, 1, 2], [9, 3, 4]])
    assert seq2seq.exact_match(np.array([[1, 2], [3, 5]]), t) == 0.5
    with pytest.raises(ValueError):
        seq2seq.exact_match(np.array([[1, 2, 3]]), t)


@pytest.mark.parametrize("kind", seq2seq.KINDS)
def test_models_train_and_decode(addition, kind):
    keras.utils.set_random_seed(0)
    data = addition.subset(512, 64)
    model = seq2seq.build_seq2seq(len(data.vocab), kind, embed_dim=8, units=16, cell="gru")
    logits = model.predict_on_batch([data.x_test[:4], data.t_test[:4, :-1]])
    assert logits.shape == (4, 4, len(data.vocab))
    history = seq2seq.fit(model, data, epochs=2, batch_size=128, n_eval=None)
    assert len(history["loss"]) == 2 and history["loss"][1] < history["loss"][0]
    predicted = seq2seq.greedy_decode(model, data.x_test, data.start_id, 4, batch_size=50)
    assert predicted.shape == (64, 4) and predicted.dtype == np.int32
    assert 0 <= history["accuracy"][-1] <= 1


def test_greedy_decoding_feeds_back_its_own_output(addition):
    """With a causal decoder, decoding step by step equals one teacher-forced pass
    on the greedy output."""
    keras.utils.set_random_seed(1)
    data = addition.subset(10, 16)
    model = seq2seq.build_seq2seq(len(data.vocab), "peeky", embed_dim=8, units=16,
                                  run_eagerly=True)
    predicted = seq2seq.greedy_decode(model, data.x_test, data.start_id, 4)
    # chunks of 5 (the last one padded) decode the same
    np.testing.assert_array_equal(
        seq2seq.greedy_decode(model, data.x_test, data.start_id, 4, batch_size=5), predicted)
    dec = np.concatenate([np.full((16, 1), data.start_id), predicted[:, :-1]], axis=1)
    again = model.predict_on_batch([data.x_test, dec]).argmax(-1)
    np.testing.assert_array_equal(again, predicted)


def test_attention_states_match_the_layer(dates):
    keras.utils.set_random_seed(0)
    data = dates.subset(8, 8)
    model = seq2seq.build_seq2seq(len(data.vocab), "attention", embed_dim=8, units=16)
    enc, dec, weights = seq2seq.attention_states(model, data.x_test, data.t_test[:, :-1])
    assert enc.shape == (8, 29, 16) and dec.shape == (8, 10, 16)
    assert weights.shape == (8, 10, 29)
    np.testing.assert_allclose(weights.sum(-1), 1, rtol=1e-5)
    scores = np.einsum("nqh,nkh->nqk", dec, enc)
    scores -= scores.max(-1, keepdims=True)
    want = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
    np.testing.assert_allclose(weights, want, rtol=1e-4, atol=1e-6)


def test_expected_values_for_04_match_the_solution():
    import json

    from conftest import ROOT, nbgrader_meta, read, source_path
    from gradelib import data_path

    namespace = {"np": np}
    for cell in read(source_path("04_seq2seq_attention")).cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            exec(cell.source, namespace)
    stored = json.loads(data_path("04_seq2seq_attention", "expected.json", start=ROOT).read_text())
    for case in stored["positional_encoding"]:
        np.testing.assert_allclose(
            namespace["positional_encoding"](case["length"], case["d_model"]),
            case["expected"], rtol=1e-9, atol=1e-11)
