"""The temperature explorer builds and follows its slider, in-process."""

import numpy as np
import pytest

from gradelib.widgets import TemperatureExplorer


def reweight(p, t):
    q = np.power(p, 1 / t)
    return q / q.sum()


def entropy(q):
    q = q[q > 0]
    return float(-(q * np.log(q)).sum())


P = np.array([0.5, 0.3, 0.15, 0.05])


def test_slider_updates_chart_entropy_and_samples():
    asked = []

    def generate(t):
        asked.append(t)
        return f"text at {t}"

    ex = TemperatureExplorer(P, list("abcd"), reweight, entropy=entropy, generate=generate)
    first_png, first_info = ex.chart.value, ex.info.value
    assert first_png[:4] == b"\x89PNG"
    assert f"{entropy(P):.3f} nats" in first_info
    ex.slider.value = 0.2
    assert ex.chart.value != first_png
    assert f"{entropy(reweight(P, 0.2)):.3f} nats" in ex.info.value
    assert ex.samples.value == "text at 0.2"
    assert asked == [1.0, 0.2]
    assert ex.samples in ex.widget.children


def test_without_optional_parts():
    ex = TemperatureExplorer(P, list("abcd"), reweight)
    assert "nats" not in ex.info.value
    assert ex.samples not in ex.widget.children


@pytest.mark.parametrize("probs, labels, words", [
    ([0.5, 0.6], "ab", "probability vector"),
    ([[0.5, 0.5]], "ab", "probability vector"),
    ([0.5, 0.5], "abc", "3 labels for 2"),
])
def test_bad_inputs_are_refused(probs, labels, words):
    with pytest.raises(ValueError, match=words):
        TemperatureExplorer(probs, list(labels), reweight)


def test_rendering_keeps_the_matplotlib_backend():
    import matplotlib

    before = matplotlib.get_backend()
    matplotlib.use("svg")  # stands in for the notebook's inline backend
    try:
        TemperatureExplorer(P, list("abcd"), reweight).update(0.5)
        assert matplotlib.get_backend() == "svg"
    finally:
        matplotlib.use(before)


def test_the_slider_label_is_shown_in_full():
    ex = TemperatureExplorer(P, list("abcd"), reweight)
    assert ex.slider.description == "temperature T"
    assert ex.slider.style.description_width == "initial"   # not cut to the default width
