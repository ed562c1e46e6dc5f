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

from .i18n import add, text

add({
    "widgets: entropy": {
        "en": " &nbsp; entropy {entropy} nats (uniform: {uniform}, one token: 0)",
        "ko": " &nbsp; 엔트로피 {entropy} nats(균등 분포: {uniform}, 토큰 하나: 0)",
    },
    "widgets: most likely": {
        "en": " &nbsp; most likely token {token} at {probability}",
        "ko": " &nbsp; 가장 확률이 높은 토큰 {token}: {probability}",
    },
    "widgets: decode shape": {
        "en": "decode(z) must give one image that squeezes to (h, w); got shape {shape}",
        "ko": "decode(z)는 squeeze하면 (h, w)가 되는 이미지 한 장을 내야 합니다. 받은 모양: "
              "{shape}",
    },
    "widgets: latent readout": {
        "en": "<b>z = [{z}]</b> &nbsp; distance from the origin {norm}; log N(z; 0, I) = "
              "{log_prior} nats",
        "ko": "<b>z = [{z}]</b> &nbsp; 원점에서의 거리 {norm}; log N(z; 0, I) = "
              "{log_prior} nats",
    },
})


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
                                    description="temperature T", continuous_update=False,
                                    readout_format=".2f",
                                    style={"description_width": "initial"})
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
        readout = f"<b>T = {temperature:.2f}</b>"
        if self.entropy is not None:
            h = float(self.entropy(q))
            readout += text("widgets: entropy", entropy=f"{h:.3f}",
                            uniform=f"{np.log(q.size):.3f}")
        readout += text("widgets: most likely", token=repr(self.labels[int(np.argmax(q))]),
                        probability=f"{q.max():.3f}")
        self.info.value = readout
        if self.generate is not None:
            self.samples.value = str(self.generate(temperature))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _image_png(image: np.ndarray, scale: int) -> bytes:
    """A grey-level image in [0, 1] as PNG bytes, each pixel a scale x scale block."""
    from matplotlib import image as mpimg

    big = np.kron(np.clip(image, 0.0, 1.0), np.ones((scale, scale)))
    buf = io.BytesIO()
    mpimg.imsave(buf, big, cmap="gray", vmin=0.0, vmax=1.0, format="png")
    return buf.getvalue()


def _latent_map(codes: np.ndarray, labels, z: np.ndarray, limit: float):
    """The latent plane as a Matplotlib Figure: codes coloured by label, with a legend
    saying which colour is which label, and z marked."""
    # A bare Figure renders to PNG without pyplot; no matplotlib.use(), which would switch
    # the notebook's inline backend and swallow every later plt.show().
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(3.8, 3.2), dpi=80)
    ax = fig.subplots()
    points = ax.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=4, alpha=0.6,
                        vmin=0, vmax=9)
    classes = np.unique(labels)
    if len(classes) > 1:
        handles = [Line2D([], [], linestyle="", marker="o", markersize=4,
                          color=points.cmap(points.norm(c))) for c in classes]
        ax.legend(handles, [f"{c:g}" for c in classes], title="label", fontsize=7,
                  title_fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5),
                  handletextpad=0.1)
    ax.plot(z[0], z[1], marker="x", color="black", markersize=14, markeredgewidth=3)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_xlabel("z[0]")
    ax.set_ylabel("z[1]")
    ax.set_title("latent plane (x = the sliders' z)", fontsize=9)
    fig.tight_layout()
    return fig


def _latent_map_png(codes: np.ndarray, labels, z: np.ndarray, limit: float) -> bytes:
    fig = _latent_map(codes, labels, z, limit)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class LatentExplorer:
    """Sliders over a latent vector z and the image a decoder makes from it.

    One slider per latent coordinate; moving one decodes the new z (in Python, on
    the kernel) and shows the image. With ``codes`` for a 2-D latent space, a map of
    the latent plane (encoded images coloured by ``labels``) marks where z is, so
    you can see which regions hold which digits, and what lies between them.

    Args:
        decode: ``decode(z) -> image``; z is float32 of shape (1, latent_dim), the
            result anything with h * w elements that squeezes to (h, w) (e.g. a
            decoder's (1, 28, 28, 1) output), values in [0, 1].
        latent_dim: number of latent coordinates (sliders), >= 1.
        limits: (min, max, step) of every slider.
        initial: the starting z, shape (latent_dim,); zeros (the prior's mean) if None.
        codes: optional (n, 2) codes to draw as the latent map (latent_dim 2 only).
        labels: optional (n,) integer classes colouring ``codes``.
        scale: each pixel is shown as a scale x scale block.

    Raises:
        ValueError: for latent_dim < 1, an ``initial`` of another shape, ``codes`` that
            are not (n, 2) for a 2-D latent space, ``labels`` of another length, or a
            decoded image that is not 2-D after squeezing.

    Attributes:
        sliders (list of FloatSlider), image (Image, PNG bytes of the decoded image),
        latent_map (Image, PNG bytes; None without ``codes``), info (HTML),
        widget (VBox holding them).
    """

    def __init__(self, decode: Callable, latent_dim: int, *,
                 limits: tuple[float, float, float] = (-3.0, 3.0, 0.05),
                 initial=None, codes=None, labels=None, scale: int = 6):
        import ipywidgets as w

        if latent_dim < 1:
            raise ValueError(f"latent_dim must be at least 1, got {latent_dim}")
        initial = np.zeros(latent_dim) if initial is None else np.asarray(initial, dtype=float)
        if initial.shape != (latent_dim,):
            raise ValueError(f"initial must have shape ({latent_dim},), got {initial.shape}")
        if codes is not None:
            codes = np.asarray(codes, dtype=float)
            if latent_dim != 2 or codes.ndim != 2 or codes.shape[1] != 2:
                raise ValueError("codes must be an (n, 2) array, for a 2-D latent space; got "
                                 f"shape {codes.shape} with latent_dim {latent_dim}")
            labels = np.zeros(len(codes)) if labels is None else np.asarray(labels)
            if labels.shape != (len(codes),):
                raise ValueError(f"{labels.size} labels for {len(codes)} codes")
        self.decode = decode
        self.latent_dim = latent_dim
        self.codes, self.labels = codes, labels
        self.scale = scale
        low, high, step = limits
        self._limit = max(abs(low), abs(high))
        self.sliders = [w.FloatSlider(value=float(v), min=low, max=high, step=step,
                                      description=f"z[{i}]", continuous_update=False,
                                      readout_format=".2f")
                        for i, v in enumerate(initial)]
        self.image = w.Image(format="png")
        self.latent_map = None if codes is None else w.Image(format="png")
        self.info = w.HTML()
        pictures = [self.image] + ([self.latent_map] if self.latent_map is not None else [])
        self.widget = w.VBox([*self.sliders, self.info, w.HBox(pictures)])
        for slider in self.sliders:
            slider.observe(lambda change: self.update(self.z), names="value")
        self.update(self.z)

    @property
    def z(self) -> np.ndarray:
        """The sliders' current latent vector, float64 (latent_dim,)."""
        return np.array([s.value for s in self.sliders], dtype=float)

    def update(self, z) -> None:
        """Decode ``z`` and redraw the image, the map and the readout (sliders call this)."""
        z = np.asarray(z, dtype=float)
        decoded = np.squeeze(np.asarray(self.decode(z[None, :].astype(np.float32)),
                                        dtype=float))
        if decoded.ndim != 2:
            raise ValueError(text("widgets: decode shape", shape=decoded.shape))
        self.image.value = _image_png(decoded, self.scale)
        if self.latent_map is not None:
            self.latent_map.value = _latent_map_png(self.codes, self.labels, z, self._limit)
        norm = float(np.sqrt(np.sum(z ** 2)))
        log_prior = float(-0.5 * np.sum(z ** 2) - 0.5 * z.size * np.log(2 * np.pi))
        self.info.value = text("widgets: latent readout", z=", ".join(f"{v:.2f}" for v in z),
                               norm=f"{norm:.2f}", log_prior=f"{log_prior:.2f}")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
