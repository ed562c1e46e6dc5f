"""A GAN-Lab-style explorer for 2-D GANs (after Kahng et al., *GAN Lab*, IEEE VIS 2019).

One picture of the game as it is played: the real points, the generator's points, an
arrow on each generated point along which the generator's loss pushes it (minus the
gradient of that loss with respect to the point), and the discriminator's D(x) (or the
critic's score) as a heat map over the plane; beside it both losses over the steps.
Play/pause (an ``ipywidgets.Play``), a step button, and a menu of setups (a loss, a
remedy) that restarts training.

Every setup is built by a function the notebook passes in, from the student's own
step and losses, so nothing graded lives here. Everything is computed in Python on the
kernel; the parts a test needs are attributes, so the explorer runs in-process without a
browser.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .gan import Trainer, smoothed
from .i18n import add, text

add({
    "ganlab: readout": {
        "en": "<b>step {step}</b> &nbsp; {losses} &nbsp; largest arrow {arrow}",
        "ko": "<b>스텝 {step}</b> &nbsp; {losses} &nbsp; 가장 긴 화살표 {arrow}",
    },
})


@dataclass
class Setup:
    """What one menu entry trains.

    Attributes:
        generator: Keras model, z (n, latent_dim) -> x (n, 2).
        judge: the discriminator (outputs logits) or the critic (outputs scores), (n, 2) -> (n, 1).
        step: the training step with models and optimizers bound, taking what ``sample``
            draws; returns (judge's loss, generator's loss).
        generator_loss: ``generator_loss(points) -> scalar``, the generator's loss as a
            function of its samples (n, 2) (it calls the judge itself), for the arrows.
        latent_dim: the generator's input size.
        output: "logit" (the heat map shows sigmoid(logit) = D(x)) or "score" (the
            critic's raw score).
    """

    generator: object
    judge: object
    step: Callable
    generator_loss: Callable
    latent_dim: int = 2
    output: str = "logit"


def _plane(extent: float, size: int) -> np.ndarray:
    axis = np.linspace(-extent, extent, size)
    return np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2).astype(np.float32)


class GanLab:
    """Train a 2-D GAN step by step and watch it.

    Args:
        setups: {menu label: factory}; ``factory()`` returns a fresh :class:`Setup`
            (new networks and optimizers), called when the label is chosen.
        sample: ``sample(tf.random.Generator) -> tuple of tensors`` for ``Setup.step``
            (e.g. ``gan.mixture_sampler``).
        real: (n, 2) real points to draw.
        steps_per_frame: training steps between two pictures (one Play tick or one click).
        frames: the Play widget's length (frames x steps_per_frame steps in all).
        extent: the plane shown is [-extent, extent]^2.
        points: generated points drawn (and arrows, one per point).
        seed: seeds the data sampler and the drawn noise.

    Raises:
        ValueError: for no setups, ``real`` that is not (n, 2), or steps_per_frame < 1.

    Attributes:
        menu (Dropdown), play (Play), step_button (Button), picture (Image, PNG bytes),
        info (HTML), widget (VBox holding them), trainer (the current
        :class:`~gradelib.gan.Trainer`), setup (the current Setup).
    """

    def __init__(self, setups: Mapping[str, Callable[[], Setup]], sample: Callable, real, *,
                 steps_per_frame: int = 50, frames: int = 200, extent: float = 3.0,
                 points: int = 200, seed: int = 0):
        import ipywidgets as w

        if not setups:
            raise ValueError("need at least one setup")
        real = np.asarray(real, dtype=float)
        if real.ndim != 2 or real.shape[1] != 2:
            raise ValueError(f"real must be an (n, 2) array, got shape {real.shape}")
        if steps_per_frame < 1:
            raise ValueError(f"steps_per_frame must be at least 1, got {steps_per_frame}")
        self.setups, self.sample, self.real = dict(setups), sample, real
        self.steps_per_frame, self.extent, self.seed = steps_per_frame, extent, seed
        self.points = points
        self._plane = _plane(extent, 60)
        self.menu = w.Dropdown(options=list(self.setups), description="setup")
        self.play = w.Play(value=0, min=0, max=frames, step=1, interval=300,
                           description="play")
        self.step_button = w.Button(description=f"step ×{steps_per_frame}")
        self.picture = w.Image(format="png")
        self.info = w.HTML()
        self.widget = w.VBox([w.HBox([self.menu, self.play, self.step_button]), self.info,
                              self.picture])
        self.menu.observe(lambda change: self.restart(), names="value")
        self.play.observe(lambda change: self.frame() if change["new"] else None,
                          names="value")
        self.step_button.on_click(lambda button: self.frame())
        self.restart()

    def restart(self) -> None:
        """Build the chosen setup afresh and draw step 0."""
        self.setup = self.setups[self.menu.value]()
        self._z = np.random.default_rng(self.seed).standard_normal(
            (self.points, self.setup.latent_dim)).astype(np.float32)
        self.trainer = Trainer(self.setup.step, self.sample, seed=self.seed)
        self.play.value = 0
        self.draw()

    def frame(self) -> None:
        """Train ``steps_per_frame`` steps and draw."""
        self.trainer.run(self.steps_per_frame, every=self.steps_per_frame)
        self.draw()

    def arrows(self) -> tuple[np.ndarray, np.ndarray]:
        """The generated points (n, 2) and minus the gradient of the generator's loss
        with respect to each point (n, 2): where the loss pushes each sample."""
        import tensorflow as tf

        x = tf.Variable(self.setup.generator(self._z, training=False))
        with tf.GradientTape() as tape:
            loss = self.setup.generator_loss(x)
        grad = tape.gradient(loss, x)
        grad = np.zeros(x.shape) if grad is None else np.asarray(grad, dtype=float)
        return np.asarray(x.numpy(), dtype=float), -grad * len(self._z)

    def draw(self) -> None:
        """Redraw the picture and the readout for the current step."""
        from matplotlib.figure import Figure

        points, push = self.arrows()
        out = np.asarray(self.setup.judge(self._plane, training=False), dtype=float)[:, 0]
        heat = 1 / (1 + np.exp(-out)) if self.setup.output == "logit" else out
        fig = Figure(figsize=(9, 3.8), dpi=80)
        ax, losses = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        side = int(np.sqrt(len(self._plane)))
        image = ax.imshow(heat.reshape(side, side), origin="lower", cmap="RdBu_r",
                          extent=[-self.extent, self.extent] * 2, alpha=0.75,
                          vmin=0 if self.setup.output == "logit" else None,
                          vmax=1 if self.setup.output == "logit" else None)
        fig.colorbar(image, ax=ax, fraction=0.046,
                     label="D(x)" if self.setup.output == "logit" else "critic score f(x)")
        ax.scatter(*self.real[:500].T, s=4, c="k", label="real")
        ax.scatter(*points.T, s=5, c="tab:green", label="generated")
        length = np.linalg.norm(push, axis=1).max()
        scale = 0.4 * self.extent / length if length > 0 else 1.0
        ax.quiver(*points.T, *(push * scale).T, color="tab:green", angles="xy",
                  scale_units="xy", scale=1, width=0.004, alpha=0.7)
        ax.set_xlim(-self.extent, self.extent)
        ax.set_ylim(-self.extent, self.extent)
        ax.set_title(f"{self.menu.value}: step {self.trainer.history.steps}", fontsize=9)
        ax.legend(fontsize=7, loc="upper right")
        history = self.trainer.history
        for name, values in history.losses.items():
            losses.plot(smoothed(values, 20), label=name)
        losses.set_xlabel("step")
        losses.legend(fontsize=8)
        losses.set_title("losses (running mean of 20 steps)", fontsize=9)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        self.picture.value = buf.getvalue()
        last = {n: v[-1] for n, v in history.losses.items() if len(v)}
        self.info.value = text("ganlab: readout", step=history.steps,
                               losses=" &nbsp; ".join(f"{n} {v:.3f}" for n, v in last.items()),
                               arrow=f"{length:.3g}")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
