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


def reference_greedy(model, x, start_id, length):
    """A decoding loop for the tests (the notebook's exercise; not in gradelib)."""
    fed = np.full((len(x), 1), start_id, dtype=np.int32)
    for _ in range(length):
        nxt = np.asarray(model([np.asarray(x, np.int32), fed], training=False))[:, -1].argmax(-1)
        fed = np.concatenate([fed, nxt[:, None].astype(np.int32)], axis=1)
    return fed[:, 1:]


def solution_namespace():
    """The solution notebook's answers (so that the tests check them too)."""
    from conftest import nbgrader_meta, read, source_path

    namespace = {"np": np, "keras": keras}
    for cell in read(source_path("04_seq2seq_attention")).cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            exec(cell.source, namespace)
    return namespace


@pytest.mark.parametrize("kind", seq2seq.KINDS)
def test_models_train_and_decode(addition, kind):
    keras.utils.set_random_seed(0)
    data = addition.subset(512, 64)
    model = seq2seq.build_seq2seq(len(data.vocab), kind, embed_dim=8, units=16, cell="gru")
    logits = model.predict_on_batch([data.x_test[:4], data.t_test[:4, :-1]])
    assert logits.shape == (4, 4, len(data.vocab))
    history = seq2seq.fit(model, data, epochs=2, decode=reference_greedy, batch_size=128,
                          n_eval=None)
    assert len(history["loss"]) == 2 and history["loss"][1] < history["loss"][0]
    assert 0 <= history["accuracy"][-1] <= 1
    assert seq2seq.evaluate(model, data, reference_greedy, n=10) in np.arange(11) / 10


@pytest.fixture(scope="module")
def scaled_model(addition):
    """The visible test's model (test_greedy_decode in the notebook)."""
    keras.utils.set_random_seed(5)
    model = seq2seq.build_seq2seq(len(addition.vocab), "baseline", embed_dim=6, units=8,
                                  run_eagerly=True)
    rng = np.random.default_rng(5)
    model.set_weights([rng.normal(0, 1.0, size=w.shape).astype(np.float32)
                       for w in model.get_weights()])
    return model


def test_check_greedy_decode_passes_the_loop_and_its_mistakes_differ(scaled_model):
    addition = seq2seq.load_addition(n=50_000, seed=0)     # the notebook's visible test
    x = addition.x_test[:6]
    right = reference_greedy(scaled_model, x, addition.start_id, 4)
    seq2seq.check_greedy_decode(right, model=scaled_model, x=x, start_id=addition.start_id,
                                length=4)
    # the visible test's model makes every known mistake give another answer
    from gradelib.mistakes.seq2seq import GREEDY_DECODE

    inputs = {"model": scaled_model, "x": x, "start_id": addition.start_id, "length": 4}
    answers = [mistake.wrong(right, **inputs) for mistake in GREEDY_DECODE]
    for i, wrong in enumerate(answers):   # each differs from the right one and the others
        for other in [right, *answers[i + 1:]]:
            assert wrong.shape != other.shape or not np.array_equal(wrong, other), i


@pytest.mark.parametrize("index", range(3))
def test_check_greedy_decode_names_each_mistake(addition, scaled_model, index):
    from gradelib.mistakes.seq2seq import GREEDY_DECODE

    x = addition.x_test[:6]
    right = reference_greedy(scaled_model, x, addition.start_id, 4)
    mistake = GREEDY_DECODE[index]
    wrong = mistake.wrong(right, model=scaled_model, x=x, start_id=addition.start_id, length=4)
    with pytest.raises(AssertionError, match="known mistake") as info:
        seq2seq.check_greedy_decode(wrong, model=scaled_model, x=x,
                                    start_id=addition.start_id, length=4)
    assert mistake.name in str(info.value)


def test_check_greedy_decode_names_the_step_and_the_dtype(addition, scaled_model):
    x = addition.x_test[:6]
    right = reference_greedy(scaled_model, x, addition.start_id, 4)
    wrong = right.copy()
    wrong[2, 3] = (wrong[2, 3] + 1) % 13
    with pytest.raises(AssertionError, match="Step 3 of example 2"):
        seq2seq.check_greedy_decode(wrong, model=scaled_model, x=x,
                                    start_id=addition.start_id, length=4)
    with pytest.raises(AssertionError, match="integer ids"):
        seq2seq.check_greedy_decode(right + 0.5, model=scaled_model, x=x,
                                    start_id=addition.start_id, length=4)
    with pytest.raises(AssertionError, match="None"):
        seq2seq.check_greedy_decode(None, model=scaled_model, x=x,
                                    start_id=addition.start_id, length=4)


def _variant(vocab, change):
    """An attention model like the notebook's, with one wiring ``change``."""
    from keras import layers

    src, tgt = keras.Input((None,), dtype="int32"), keras.Input((None,), dtype="int32")
    enc, h, c = layers.LSTM(8, return_sequences=True, return_state=True, name="encoder_rnn")(
        layers.Embedding(vocab, 4, name="encoder_embedding")(src))
    emb = layers.Embedding(vocab, 4, name="decoder_embedding")(tgt)
    state = None if change == "no initial state" else [h, c]
    dec = layers.LSTM(8, return_sequences=True, name="decoder_rnn")(emb, initial_state=state)
    pair = [enc, dec] if change == "attention swapped" else [dec, enc]
    ctx = layers.Attention(name="attention")(pair)
    if change == "no concat":
        features = ctx
    else:
        features = layers.Concatenate()([dec, ctx] if change == "concat reversed" else [ctx, dec])
    return keras.Model([src, tgt], layers.Dense(vocab, name="logits")(features))


@pytest.mark.parametrize("change, message", [
    ("no initial state", "does not start from the encoder"),
    ("attention swapped", "score the decoder's states"),
    ("concat reversed", "in this order"),
    ("no concat", "in this order"),
])
def test_attention_wiring_names_what_is_wrong(change, message):
    seq2seq.check_attention_wiring(_variant(13, None), name="b", inputs={})
    with pytest.raises(AssertionError, match=message):
        seq2seq.check_attention_wiring(_variant(13, change), name="b", inputs={})


def test_solution_model_passes_the_checks_and_attention_states_match(dates):
    from gradelib import models

    build = solution_namespace()["build_seq2seq_attention"]
    model = build(len(dates.vocab), embed_dim=8, units=16)
    V, E, U = len(dates.vocab), 8, 16
    sample = [dates.x_test[:3], dates.t_test[:3, :-1]]
    models.check_model(model, name="b", inputs={}, sample=sample, output_shape=(3, 10, V),
                       params=2 * V * E + 2 * (4 * U * (E + U) + 4 * U) + 2 * U * V + V,
                       layers={"Embedding": 2, "LSTM": 2, "Attention": 1, "Concatenate": 1,
                               "Dense": 1})
    seq2seq.check_attention_wiring(model, name="b", inputs={})
    data = dates.subset(8, 8)
    enc, dec, weights = seq2seq.attention_states(model, data.x_test, data.t_test[:, :-1])
    assert enc.shape == (8, 29, 16) and dec.shape == (8, 10, 16)
    assert weights.shape == (8, 10, 29)
    np.testing.assert_allclose(weights.sum(-1), 1, rtol=1e-5)
    scores = np.einsum("nqh,nkh->nqk", dec, enc)
    scores -= scores.max(-1, keepdims=True)
    want = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
    np.testing.assert_allclose(weights, want, rtol=1e-4, atol=1e-6)


def test_solution_greedy_decode_equals_the_reference(addition, scaled_model):
    decode = solution_namespace()["greedy_decode"]
    x = addition.x_test[:20]
    np.testing.assert_array_equal(decode(scaled_model, x, addition.start_id, 4),
                                  reference_greedy(scaled_model, x, addition.start_id, 4))


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
