"""Interactive explorers built on ipywidgets.

Each explorer takes the student's own functions, so moving a slider shows what
*their* code does. The parts a test needs (the slider, the chart image, the text
readouts) are attributes, and everything is computed in Python, so the explorer
can be driven in-process without a browser.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import numpy as np


def _bar_chart_png(values: np.ndarray, labels: Sequence[str], title: str,
                   ylim: float) -> bytes:
    # A bare Figure renders to PNG without pyplot: no matplotlib.use(), which would switch
    # the notebook's inline backend and swallow every later plt.show().
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.6), dpi=80)
    ax = fig.subplots()
    ax.bar(range(len(values)), values, color="tab:blue")
    ax.set_xticks(range(len(values)), [repr(x)[1:-1] for x in labels], fontsize=8)
    ax.set_ylim(0, ylim)
    ax.set_ylabel("probability")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class TemperatureExplorer:
    """A slider over the softmax temperature and what it does to a distribution.

    Shows the reweighted distribution as bars, its entropy in nats, and, given a
    ``generate`` function, text sampled at that temperature.

    Args:
        probs: the model's next-token probabilities, shape (V,), summing to 1.
        labels: V token labels for the bars (characters, words).
        reweight: ``reweight(probs, temperature) -> (V,)``, the student's
            ``reweight_distribution``.
        entropy: ``entropy(q) -> float`` in nats, the student's; None hides it.
        generate: ``generate(temperature) -> str``; None hides the samples.
        temperatures: (min, max, step) of the slider.
        top: show only the ``top`` most likely tokens of ``probs``.

    Raises:
        ValueError: if ``probs`` is not a probability vector or ``labels`` has
            another length.

    Attributes:
        slider (FloatSlider), chart (Image, PNG bytes), info (HTML),
        samples (Textarea), widget (VBox holding them).
    """

    def __init__(self, probs, labels: Sequence[str], reweight: Callable, *,
                 entropy: Callable | None = None, generate: Callable | None = None,
                 temperatures: tuple[float, float, float] = (0.05, 2.0, 0.05),
                 initial: float = 1.0, top: int = 20):
        import ipywidgets as w

        probs = np.asarray(probs, dtype=float)
        if probs.ndim != 1 or not np.isfinite(probs).all() or (probs < 0).any() \
                or not np.isclose(probs.sum(), 1.0, atol=1e-6):
            raise ValueError("probs must be a 1-D probability vector (finite, non-negative, "
                             f"summing to 1); got shape {probs.shape}, sum {probs.sum():.4g}")
        if len(labels) != probs.size:
            raise ValueError(f"{len(labels)} labels for {probs.size} probabilities")
        self.probs = probs
        self.labels = list(labels)
        self.reweight = reweight
        self.entropy = entropy
        self.generate = generate
        self._shown = np.argsort(-probs, kind="stable")[:top]
        low, high, step = temperatures
        self.slider = w.FloatSlider(value=initial, min=low, max=high, step=step,
                                    description="temperature", continuous_update=False,
                                    readout_format=".2f")
        self.chart = w.Image(format="png")
        self.info = w.HTML()
        self.samples = w.Textarea(layout=w.Layout(width="95%", height="6em"),
                                  disabled=True)
        parts = [self.slider, self.info, self.chart]
        if generate is not None:
            parts.append(self.samples)
        self.widget = w.VBox(parts)
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.update(initial)

    def update(self, temperature: float) -> None:
        """Recompute every readout for ``temperature`` (the slider calls this)."""
        q = np.asarray(self.reweight(self.probs, temperature), dtype=float)
        shown = self._shown
        self.chart.value = _bar_chart_png(
            q[shown], [self.labels[i] for i in shown],
            f"reweighted distribution at T = {temperature:.2f} (top {len(shown)} tokens)",
            ylim=max(1e-3, float(q.max()) * 1.1))
        text = f"<b>T = {temperature:.2f}</b>"
        if self.entropy is not None:
            h = float(self.entropy(q))
            text += (f" &nbsp; entropy {h:.3f} nats (uniform: {np.log(q.size):.3f}, "
                     f"one token: 0)")
        text += f" &nbsp; most likely token {self.labels[int(np.argmax(q))]!r} at {q.max():.3f}"
        self.info.value = text
        if self.generate is not None:
            self.samples.value = str(self.generate(temperature))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
