"""The latent explorer builds and follows its sliders, in-process, with a tiny decoder."""

import numpy as np
import pytest

from gradelib.widgets import LatentExplorer

calls = []


def tiny_decoder(z):
    """(1, 2) -> (1, 6, 6, 1): a bright square whose place and brightness follow z."""
    calls.append(np.array(z))
    assert z.shape == (1, 2) and z.dtype == np.float32
    image = np.zeros((1, 6, 6, 1))
    row = int(np.clip(np.round(z[0, 0] + 2), 0, 4))
    image[0, row:row + 2, 1:3, 0] = 1 / (1 + np.exp(-z[0, 1]))
    return image


def test_moving_a_slider_changes_the_image():
    calls.clear()
    ex = LatentExplorer(tiny_decoder, 2)
    first = ex.image.value
    assert first[:4] == b"\x89PNG"
    assert len(calls) == 1 and np.all(calls[0] == 0)
    assert "z = [0.00, 0.00]" in ex.info.value
    ex.sliders[0].value = 1.5
    assert ex.image.value != first
    np.testing.assert_allclose(calls[-1], [[1.5, 0.0]])
    assert "z = [1.50, 0.00]" in ex.info.value
    second = ex.image.value
    ex.sliders[1].value = -2.0
    assert ex.image.value not in (first, second)
    np.testing.assert_array_equal(ex.z, [1.5, -2.0])
    assert ex.latent_map is None
    assert all(s in ex.widget.children for s in ex.sliders)


def test_latent_map_marks_z():
    import matplotlib

    backend = matplotlib.get_backend()
    matplotlib.use("pdf")   # a backend other than Agg, as a notebook's inline one
    codes = np.random.default_rng(0).normal(size=(50, 2))
    ex = LatentExplorer(tiny_decoder, 2, codes=codes, labels=np.arange(50) % 10,
                        initial=[0.5, 0.5], limits=(-2, 2, 0.1))
    first = ex.latent_map.value
    assert first[:4] == b"\x89PNG"
    ex.sliders[1].value = -1.0
    assert ex.latent_map.value != first
    assert matplotlib.get_backend() == "pdf"   # the notebook's plots keep working
    matplotlib.use(backend)


def test_any_latent_size():
    ex = LatentExplorer(lambda z: np.full((8, 8), z.mean() % 1.0), 5, scale=2)
    assert len(ex.sliders) == 5
    before = ex.image.value
    ex.sliders[4].value = 0.5
    assert ex.image.value != before


@pytest.mark.parametrize("kwargs, words", [
    ({"latent_dim": 0}, "latent_dim"),
    ({"latent_dim": 2, "initial": [0.0, 0.0, 0.0]}, "initial"),
    ({"latent_dim": 3, "codes": np.zeros((4, 2))}, "codes"),
    ({"latent_dim": 2, "codes": np.zeros((4, 2)), "labels": [1, 2]}, "2 labels for 4"),
])
def test_bad_inputs_are_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        LatentExplorer(tiny_decoder, **kwargs)


def test_decoder_must_give_one_image():
    with pytest.raises(ValueError, match="squeezes"):
        LatentExplorer(lambda z: np.zeros((2, 6, 6)), 2)


def test_the_latent_map_says_which_colour_is_which_digit():
    from gradelib.widgets import _latent_map

    codes = np.random.default_rng(1).normal(size=(60, 2))
    fig = _latent_map(codes, np.arange(60) % 10, np.zeros(2), 3.0)
    legend = fig.axes[0].get_legend()
    assert legend is not None and legend.get_title().get_text() == "label"
    assert [t.get_text() for t in legend.get_texts()] == [str(d) for d in range(10)]
    one_class = _latent_map(codes, np.zeros(60), np.zeros(2), 3.0)
    assert one_class.axes[0].get_legend() is None     # nothing to tell apart
