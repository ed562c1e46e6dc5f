"""The GAN track's toy world (notebooks 07, 08 and 10): seeded 2-D and 1-D data, small
MLP generators, discriminators and critics, and a training loop around a step function
the student writes.

Data, as the mode-collapse papers draw it:

* the **ring**: 8 Gaussians on a circle of radius 2, standard deviation 0.02, as in
  VEEGAN (Srivastava et al., 2017, sec. 5.1). PacGAN (Lin et al., 2018, sec. 5) draws
  the same ring at half the scale (radius 1, std 0.01); this course uses VEEGAN's, so
  compare a ring result with VEEGAN's table only.
* the **grid**: 25 Gaussians at (-4 + 2i, -4 + 2j), i, j = 0..4, std 0.05, as both papers
  draw it.
* 1-D Gaussian mixtures, with their density, for the 1-D GAN of notebook 07.

The networks are plain Keras 3 ``Sequential`` MLPs. A discriminator and a critic end in
one linear unit: the discriminator's output is a *logit* (D(x) = sigmoid(logit)), the
critic's a real-valued score. Nothing here trains a GAN by itself: :func:`train` calls
the student's own step function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import keras
import numpy as np
from keras import layers
from tqdm.auto import tqdm

from .budget import pick
from .checks import Mistake
from .i18n import MESSAGES, add, text

add({
    "gan: step values": {
        "en": "the step returned {got} values, expected {expected} ({names})",
        "ko": "스텝 함수가 값을 {got}개 반환했습니다. {expected}개({names})여야 합니다",
    },
    "gan: loss not finite": {
        "en": "a loss became NaN or infinite at step {step}: {values}",
        "ko": "{step}번째 스텝에서 손실이 NaN 또는 무한대가 되었습니다: {values}",
    },
    "gan: network discriminator": {"en": "discriminator", "ko": "판별자"},
    "gan: network critic": {"en": "critic", "ko": "비평자"},
    "gan: network generator": {"en": "generator", "ko": "생성자"},
    "gan: step hint": {
        "en": "each on its own network's trainable_variables, once per step.",
        "ko": "각 옵티마이저를 자기 신경망의 trainable_variables에 스텝마다 한 번씩 "
              "적용하세요.",
    },
    "gan: step advice": {
        "en": "Use the optimizers passed in (here {optimizers}), {hint}",
        "ko": "전달받은 옵티마이저(여기서는 {optimizers})를 쓰세요. {hint}",
    },
    "gan: weights shape": {
        "en": "The {part}'s weights changed shape or number.",
        "ko": "{part}의 가중치의 모양이나 개수가 바뀌었습니다.",
    },
    "gan: weights differ": {
        "en": "The {part}'s weights after the step are not those the step should give "
              "(largest difference {worst}).",
        "ko": "스텝을 마친 뒤 {part}의 가중치가 올바른 스텝이 만드는 가중치와 다릅니다"
              "(최대 차이 {worst}).",
    },
    "gan: return count": {
        "en": "It must return {count} values ({names}); it returned {got}.",
        "ko": "값을 {count}개({names}) 반환해야 하는데 {got}개를 반환했습니다.",
    },
    "gan: expected inf": {
        "en": "Expected inf (some q_i = 0 < p_i), returned {value}.",
        "ko": "inf를 기대했는데(어떤 q_i = 0 < p_i) {value}을(를) 반환했습니다.",
    },
    "gan: epsilon hint": {
        "en": "An epsilon added to q (or a clip) turns an infinite divergence into a large "
              "finite one. Keep q as it is: p_i log(p_i / 0) = +inf "
              "(scipy.special.rel_entr gives exactly that).",
        "ko": "q에 더한 엡실론(또는 클리핑)은 무한대인 발산을 큰 유한값으로 바꿉니다. q를 그대로 "
              "두세요: p_i log(p_i / 0) = +inf입니다(scipy.special.rel_entr가 정확히 그 값을 "
              "줍니다).",
    },
})


def _network(label: str) -> str:
    """A network's name in the current language (a label the catalogue lacks as it is)."""
    key = f"gan: network {label}"
    return text(key) if key in MESSAGES else label

RING = {"modes": 8, "radius": 2.0, "std": 0.02}   # VEEGAN's ring
GRID = {"side": 5, "spacing": 2.0, "std": 0.05}   # VEEGAN's and PacGAN's grid


def _rng(seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def ring_centres(modes: int = RING["modes"], radius: float = RING["radius"]) -> np.ndarray:
    """The means of the ring's Gaussians: float64 (modes, 2), the first at (radius, 0),
    then counter-clockwise at equal angles.

    Raises:
        ValueError: if modes < 1 or radius <= 0.
    """
    if modes < 1 or not radius > 0:
        raise ValueError(f"need modes >= 1 and radius > 0, got {modes} and {radius}")
    angles = 2 * np.pi * np.arange(modes) / modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centres(side: int = GRID["side"], spacing: float = GRID["spacing"]) -> np.ndarray:
    """The means of the grid's Gaussians: float64 (side**2, 2), centred on the origin,
    row by row ((-4, -4), (-4, -2), ... for side 5, spacing 2).

    Raises:
        ValueError: if side < 1 or spacing <= 0.
    """
    if side < 1 or not spacing > 0:
        raise ValueError(f"need side >= 1 and spacing > 0, got {side} and {spacing}")
    axis = spacing * (np.arange(side) - (side - 1) / 2)
    return np.stack(np.meshgrid(axis, axis, indexing="ij"), axis=-1).reshape(-1, 2)


def sample_mixture(centres, std: float, n: int, seed=0, weights=None) -> np.ndarray:
    """n draws from the mixture of N(centre, std**2 I) over ``centres`` (k, d), with
    mixture ``weights`` (k,) (equal if None): float32 (n, d).

    Args:
        seed: an int or a ``numpy.random.Generator`` (which advances).

    Raises:
        ValueError: for n < 0, std < 0, centres that are not (k, d), or weights that are
            not k non-negative numbers with a positive sum.
    """
    centres = np.asarray(centres, dtype=float)
    if centres.ndim != 2 or len(centres) == 0:
        raise ValueError(f"centres must be a (k, d) array, got shape {centres.shape}")
    if n < 0 or std < 0:
        raise ValueError(f"need n >= 0 and std >= 0, got {n} and {std}")
    k = len(centres)
    if weights is None:
        weights = np.full(k, 1.0 / k)
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (k,) or (weights < 0).any() or not weights.sum() > 0:
        raise ValueError(f"weights must be {k} non-negative numbers with a positive sum")
    rng = _rng(seed)
    which = rng.choice(k, size=n, p=weights / weights.sum())
    return (centres[which] + std * rng.standard_normal((n, centres.shape[1]))).astype(np.float32)


def ring(n: int, seed=0, **kwargs) -> np.ndarray:
    """n points of the ring of 8 Gaussians (VEEGAN's: radius 2, std 0.02): float32 (n, 2).
    ``modes``, ``radius`` and ``std`` override VEEGAN's values."""
    setting = {**RING, **kwargs}
    return sample_mixture(ring_centres(setting["modes"], setting["radius"]), setting["std"],
                          n, seed)


def grid(n: int, seed=0, **kwargs) -> np.ndarray:
    """n points of the 5x5 grid of Gaussians (spacing 2, std 0.05): float32 (n, 2).
    ``side``, ``spacing`` and ``std`` override the papers' values."""
    setting = {**GRID, **kwargs}
    return sample_mixture(grid_centres(setting["side"], setting["spacing"]), setting["std"],
                          n, seed)


@dataclass(frozen=True)
class Mixture1D:
    """A 1-D Gaussian mixture: ``means``, ``stds`` and ``weights`` (summing to 1)."""

    means: Sequence[float]
    stds: Sequence[float]
    weights: Sequence[float] = field(default=())

    def __post_init__(self):
        k = len(self.means)
        weights = self.weights if len(self.weights) else [1.0 / k] * k
        if k == 0 or len(self.stds) != k or len(weights) != k:
            raise ValueError(f"need as many means, stds and weights: {k}, {len(self.stds)}, "
                             f"{len(weights)}")
        if min(self.stds) <= 0 or min(weights) < 0 or not np.isclose(sum(weights), 1.0):
            raise ValueError("stds must be positive and weights non-negative, summing to 1")
        object.__setattr__(self, "weights", tuple(float(w) for w in weights))

    def sample(self, n: int, seed=0) -> np.ndarray:
        """n draws: float32 (n, 1)."""
        rng = _rng(seed)
        which = rng.choice(len(self.means), size=n, p=self.weights)
        draws = np.asarray(self.means)[which] + np.asarray(self.stds)[which] * \
            rng.standard_normal(n)
        return draws.astype(np.float32)[:, None]

    def pdf(self, x) -> np.ndarray:
        """The density at x (any shape), float64 of x's shape."""
        from scipy import stats

        x = np.asarray(x, dtype=float)
        return sum(w * stats.norm(m, s).pdf(x)
                   for m, s, w in zip(self.means, self.stds, self.weights, strict=True))


def _mlp(in_dim: int, out_dim: int, width: int, depth: int, activation: str, name: str,
         out_activation: str | None = None) -> keras.Sequential:
    if in_dim < 1 or out_dim < 1 or width < 1 or depth < 0:
        raise ValueError(f"need positive sizes and depth >= 0, got in_dim {in_dim}, out_dim "
                         f"{out_dim}, width {width}, depth {depth}")
    return keras.Sequential(
        [keras.Input((in_dim,))]
        + [layers.Dense(width, activation=activation, name=f"hidden_{i + 1}")
           for i in range(depth)]
        + [layers.Dense(out_dim, activation=out_activation, name="output")], name=name)


def build_generator(latent_dim: int = 2, data_dim: int = 2, width: int = 128, depth: int = 2,
                    name: str = "generator") -> keras.Sequential:
    """G: z (batch, latent_dim) -> x (batch, data_dim), ``depth`` ReLU layers of ``width``
    units and a linear output, float32.

    Raises:
        ValueError: for a size < 1 or depth < 0.
    """
    return _mlp(latent_dim, data_dim, width, depth, "relu", name)


def build_discriminator(data_dim: int = 2, width: int = 128, depth: int = 2,
                        name: str = "discriminator") -> keras.Sequential:
    """D: x (batch, data_dim) -> logit (batch, 1), ``depth`` LeakyReLU (slope 0.2) layers
    of ``width`` units; D(x) = sigmoid(logit). Float32.

    Raises:
        ValueError: for a size < 1 or depth < 0.
    """
    return _mlp(data_dim, 1, width, depth, "leaky_relu", name)


def build_critic(data_dim: int = 2, width: int = 128, depth: int = 2,
                 name: str = "critic") -> keras.Sequential:
    """The WGAN critic f: x (batch, data_dim) -> score (batch, 1), real-valued (no sigmoid:
    it estimates a Wasserstein distance, not a probability); ``depth`` ReLU layers of
    ``width`` units, as in Arjovsky et al.'s and Gulrajani et al.'s MLP critics. Float32.

    Raises:
        ValueError: for a size < 1 or depth < 0.
    """
    return _mlp(data_dim, 1, width, depth, "relu", name)


@dataclass
class History:
    """What :func:`train` recorded: ``steps`` done, the losses the step returned per step
    (``losses[name]``, float64 arrays), and the seconds it took."""

    names: tuple[str, ...]
    losses: dict = field(default_factory=dict)
    steps: int = 0
    seconds: float = 0.0


def mixture_sampler(centres, std: float, batch_size: int, latent_dim: int,
                    noise_batches: int = 2) -> Callable:
    """A sampler for :func:`train`: ``sample(generator) -> (real, z_1, ..., z_k)`` with
    ``real`` float32 (batch_size, d) drawn from the equal-weight mixture of
    N(centre, std**2 I) and each z float32 (batch_size, latent_dim) ~ N(0, I), all drawn
    from a ``tf.random.Generator`` inside TensorFlow's graph. ``noise_batches`` (k) is
    the number of noise batches: 2 for a GAN step (z_d, z_g)."""
    import tensorflow as tf

    table = tf.constant(np.asarray(centres, dtype=np.float32))
    k, d = table.shape

    def sample(generator):
        which = generator.uniform((batch_size,), 0, k, dtype=tf.int32)
        real = tf.gather(table, which) + std * generator.normal((batch_size, d))
        return (real, *(generator.normal((batch_size, latent_dim)) for _ in range(noise_batches)))

    return sample


class Trainer:
    """Runs a training step again and again and keeps the losses it returns.

    With ``compile`` (the default), each :meth:`run` of n steps is one TensorFlow graph
    (``tf.function`` around a ``tf.range`` loop), traced once per Trainer: on a CPU that is
    about five times faster than calling a compiled step from Python, for the small
    networks of this track. :func:`train` is the one-call form; widgets keep a Trainer
    and run a few steps per frame.

    Args:
        step: the student's training step (models and optimizers bound, e.g. by
            ``functools.partial`` or a closure); it receives float32 tensors and returns
            one scalar per name in ``names``.
        sample: ``sample(generator) -> tuple of tensors``, the inputs of one step drawn
            from a ``tf.random.Generator`` (e.g. :func:`mixture_sampler`).
        seed: seeds the ``tf.random.Generator``.
        names: the names of the values the step returns.
        compile: False runs the steps eagerly in Python, for debugging.

    Attributes:
        history: the :class:`History` so far.
    """

    def __init__(self, step: Callable, sample: Callable, *, seed: int = 0,
                 names: Sequence[str] = ("d_loss", "g_loss"), compile: bool = True):
        import tensorflow as tf

        self.names = tuple(names)
        self.history = History(self.names, {name: np.zeros(0) for name in self.names})
        generator = tf.random.Generator.from_seed(seed)

        def one():
            values = step(*sample(generator))
            values = tuple(values) if isinstance(values, (tuple, list)) else (values,)
            if len(values) != len(self.names):
                raise ValueError(text("gan: step values", got=len(values),
                                      expected=len(self.names), names=", ".join(self.names)))
            return tf.stack([tf.cast(tf.reshape(v, ()), tf.float32) for v in values])

        def run_graph(n):
            out = tf.TensorArray(tf.float32, size=n)
            for i in tf.range(n):
                out = out.write(i, one())
            return out.stack()

        # each Trainer traces its own graph; TensorFlow warns about "retracing" once a few
        # have been traced, which is expected here
        logging.getLogger("tensorflow").setLevel(logging.ERROR)
        self._run = tf.function(run_graph) if compile else \
            (lambda n: tf.stack([one() for _ in range(int(n))]))

    def run(self, steps: int, *, callback: Callable[[int, History], None] | None = None,
            every: int = 100, progress: bool = False) -> History:
        """Run ``steps`` more steps; ``callback(steps_done, history)`` after every ``every``
        steps and at the end. ``progress`` shows a progress bar (tqdm.auto: a widget in a
        notebook) with the steps done and the last losses, gone when the run ends.

        Raises:
            ValueError: if steps < 0, every < 1, or the step returns another number of
                values than ``names``; FloatingPointError naming the step where a loss
                becomes NaN or infinite.
        """
        import time

        import tensorflow as tf

        if steps < 0 or every < 1:
            raise ValueError(f"need steps >= 0 and every >= 1, got {steps} and {every}")
        history, names = self.history, self.names
        start, begin = time.perf_counter() - history.seconds, history.steps
        goal = begin + steps
        # the graph runs a chunk of steps per call: `every` steps, or about 1/50 of the
        # run when a bar shows (a bar that moves once per callback tells little)
        size = max(1, min(every, steps // 50)) if progress else every
        bar = tqdm(total=steps, desc="training steps", unit="step", leave=False,
                   disable=not progress)
        with bar:
            while history.steps < goal:
                n = min(size, every - (history.steps - begin) % every, goal - history.steps)
                chunk = np.asarray(self._run(tf.constant(n)), dtype=float).reshape(
                    n, len(names))
                history.losses = {name: np.concatenate([history.losses[name], chunk[:, j]])
                                  for j, name in enumerate(names)}
                bad = np.argwhere(~np.isfinite(chunk))
                if len(bad):
                    row = int(bad[0][0])
                    raise FloatingPointError(text(
                        "gan: loss not finite", step=history.steps + row + 1,
                        values=", ".join(f"{name} = {chunk[row, j]}"
                                         for j, name in enumerate(names))))
                history.steps += n
                history.seconds = time.perf_counter() - start
                bar.set_postfix({name: f"{chunk[-1, j]:.3f}" for j, name in enumerate(names)},
                                refresh=False)
                bar.update(n)
                if callback is not None and ((history.steps - begin) % every == 0
                                             or history.steps == goal):
                    callback(history.steps, history)
        return history


def train(step: Callable, sample: Callable, steps: int, *, seed: int = 0,
          names: Sequence[str] = ("d_loss", "g_loss"),
          callback: Callable[[int, History], None] | None = None, every: int = 100,
          compile: bool = True, progress: bool | None = None) -> History:
    """Call ``step(*sample(generator))`` ``steps`` times and record what it returns: a
    :class:`Trainer` run once (see it for the arguments). ``progress`` (None: in full
    mode only, so grading stays quiet) shows a progress bar.

    Returns:
        History with ``losses[name]`` of shape (steps,).

    Raises:
        ValueError, FloatingPointError: as :meth:`Trainer.run`.
    """
    trainer = Trainer(step, sample, seed=seed, names=names, compile=compile)
    progress = pick(full=True, grading=False) if progress is None else progress
    return trainer.run(steps, callback=callback, every=every, progress=progress)


def sample_generator(generator, n: int, latent_dim: int, seed=0) -> np.ndarray:
    """n samples G(z), z ~ N(0, I) from ``seed``: float64 (n, data_dim)."""
    z = _rng(seed).standard_normal((n, latent_dim)).astype(np.float32)
    return np.asarray(generator(z, training=False), dtype=float)


def smoothed(values, window: int = 50) -> np.ndarray:
    """The running mean of ``values`` over ``window`` steps (shorter at the start), for
    plotting noisy losses: float64 of the same length."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    sums = np.cumsum(np.insert(values, 0, 0.0))
    ends = np.arange(1, values.size + 1)
    starts = np.maximum(ends - window, 0)
    return (sums[ends] - sums[starts]) / (ends - starts)


# --- Checking a training step by numeric gradients --------------------------------------
#
# A training step is checked the CS231n way: the same MLP run in float64 NumPy from the
# model's weights, the losses' gradients by centred differences, and the update an
# optimizer's first step makes with them. Nothing here is a Keras training step.

_ACTIVATIONS = {
    "linear": lambda h: h,
    None: lambda h: h,
    "relu": lambda h: np.maximum(h, 0.0),
    "leaky_relu": lambda h: np.where(h > 0, h, 0.2 * h),   # Keras 3's slope 0.2
    "tanh": np.tanh,
}


def mlp_activations(model_json: str) -> list:
    """The activation of each Dense layer of a Sequential MLP, from ``model.to_json()``; a
    Flatten layer before the first Dense layer is allowed (inputs of any shape, flattened
    per example by :func:`mlp_forward`).

    Raises:
        ValueError: for another layer, a Flatten after a Dense layer, a Dense layer
            without a bias, or an activation this module cannot run in NumPy.
    """
    import json

    names = []
    for layer in json.loads(model_json)["config"]["layers"]:
        kind, config = layer["class_name"], layer["config"]
        if kind == "InputLayer" or (kind == "Flatten" and not names):
            continue
        activation = config.get("activation")
        if kind != "Dense" or activation not in _ACTIVATIONS or not config.get("use_bias", True):
            raise ValueError(f"only Dense layers with a bias and one of "
                             f"{sorted(a for a in _ACTIVATIONS if a)} (after an optional "
                             f"Flatten layer first) are supported, got {kind} ({activation})")
        names.append(activation)
    return names


def mlp_forward(weights: Sequence[np.ndarray], activations: Sequence, x) -> np.ndarray:
    """The MLP's output in float64 for x (n, ...) (flattened per example): weights
    [W1, b1, W2, b2, ...] as ``get_weights()`` gives them, one activation name per Dense
    layer (:func:`mlp_activations`)."""
    h = np.asarray(x, dtype=float)
    h = h.reshape(len(h), -1)
    for i, activation in enumerate(activations):
        h = _ACTIVATIONS[activation](h @ np.asarray(weights[2 * i], float)
                                     + np.asarray(weights[2 * i + 1], float))
    return h


def _softplus(x):
    return np.logaddexp(0.0, x)


def _numeric_gradients(loss: Callable[[list], float], weights: list,
                       eps: float = 1e-6) -> list:
    """Centred-difference gradients of ``loss(weights)`` with respect to each array of a
    list of weights (:func:`gradelib.numeric_gradient`, one array at a time)."""
    from .gradcheck import numeric_gradient

    weights = [np.array(w, dtype=float) for w in weights]
    return [numeric_gradient(lambda a, k=k: loss(weights[:k] + [a] + weights[k + 1:]),
                             weights[k], h=eps) for k in range(len(weights))]


class NumpyOptimizer:
    """Keras 3's SGD, RMSprop or Adam, stepped in float64 NumPy with its state kept over
    steps, for a list of weights.

    * SGD: w -= lr g.
    * RMSprop (rho 0.9, epsilon 1e-7): v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + eps).
    * Adam (beta_1, beta_2 as given, epsilon 1e-7): m, v moving averages;
      w -= lr sqrt(1 - beta_2^t) / (1 - beta_1^t) m / (sqrt(v) + eps).
    """

    def __init__(self, kind: str = "sgd", learning_rate: float = 0.1, beta_1: float = 0.9,
                 beta_2: float = 0.999, rho: float = 0.9, epsilon: float = 1e-7):
        if kind not in ("sgd", "rmsprop", "adam"):
            raise ValueError(f"optimizer must be 'sgd', 'rmsprop' or 'adam', got {kind!r}")
        self.kind, self.lr, self.epsilon = kind, learning_rate, epsilon
        self.beta_1, self.beta_2, self.rho = beta_1, beta_2, rho
        self.t, self.m, self.v = 0, None, None

    def step(self, weights: list, grads: list) -> list:
        """The weights after one update with ``grads`` (the state advances)."""
        if self.m is None:
            self.m = [np.zeros_like(g) for g in grads]
            self.v = [np.zeros_like(g) for g in grads]
        self.t += 1
        out = []
        for i, (w, g) in enumerate(zip(weights, grads, strict=True)):
            if self.kind == "sgd":
                out.append(w - self.lr * g)
            elif self.kind == "rmsprop":
                self.v[i] = self.rho * self.v[i] + (1 - self.rho) * g ** 2
                out.append(w - self.lr * g / np.sqrt(self.v[i] + self.epsilon))
            else:
                self.m[i] = self.beta_1 * self.m[i] + (1 - self.beta_1) * g
                self.v[i] = self.beta_2 * self.v[i] + (1 - self.beta_2) * g ** 2
                alpha = self.lr * np.sqrt(1 - self.beta_2 ** self.t) / (1 - self.beta_1 ** self.t)
                out.append(w - alpha * self.m[i] / (np.sqrt(self.v[i]) + self.epsilon))
        return out


@dataclass
class StepOutcome:
    """Weights after one training step and the losses it reports."""

    generator: list
    discriminator: list
    losses: tuple


def expected_gan_step(generator, discriminator, real, z_d, z_g, *, optimizer: str = "sgd",
                      learning_rate: float = 0.1) -> dict:
    """What one alternating GAN step (Goodfellow et al., 2014, Algorithm 1 with k = 1 and
    the non-saturating generator loss) does to two MLPs, and what some mistaken steps do.

    Args:
        generator, discriminator: Keras MLPs from this module, or ``wire.ModelSpec`` of
            them (anything with ``to_json()``/``get_weights()`` or ``config``/``weights``).
        real: (n, data_dim) data; z_d: (n, latent_dim) noise for the discriminator's
            update; z_g: (n, latent_dim) noise for the generator's update.
        optimizer: "sgd" or "adam" (a fresh optimizer of each kind for each network).

    Returns:
        {"correct": StepOutcome, mistake name: StepOutcome, ...}; the correct step's
        losses are (d_loss before D's update, g_loss at the updated D).
    """
    config_g, weights_g = _spec(generator)
    config_d, weights_d = _spec(discriminator)
    act_g, act_d = mlp_activations(config_g), mlp_activations(config_d)

    def fake(wg, z):
        return mlp_forward(wg, act_g, z)

    def d_loss(wd, wg=weights_g, z=z_d):
        return float(np.mean(_softplus(-mlp_forward(wd, act_d, real)))
                     + np.mean(_softplus(mlp_forward(wd, act_d, fake(wg, z)))))

    def g_loss(wg, wd, z=z_g, saturating=False):
        logits = mlp_forward(wd, act_d, fake(wg, z))
        return float(-np.mean(_softplus(logits)) if saturating else np.mean(_softplus(-logits)))

    def step(params, loss):   # the first step of a fresh optimizer
        return NumpyOptimizer(optimizer, learning_rate).step(params,
                                                             _numeric_gradients(loss, params))

    d_new = step(weights_d, d_loss)
    g_new = step(weights_g, lambda wg: g_loss(wg, d_new))
    losses = (d_loss(weights_d), g_loss(weights_g, d_new))
    outcomes = {"correct": StepOutcome(g_new, d_new, losses)}
    outcomes[NOT_FROZEN] = StepOutcome(g_new, step(d_new, lambda wd: g_loss(weights_g, wd)),
                                       losses)
    outcomes[SIMULTANEOUS] = StepOutcome(step(weights_g, lambda wg: g_loss(wg, weights_d)),
                                         d_new, (losses[0], g_loss(weights_g, weights_d)))
    outcomes[SAME_NOISE] = StepOutcome(step(weights_g, lambda wg: g_loss(wg, d_new, z_d)),
                                       d_new, (losses[0], g_loss(weights_g, d_new, z_d)))
    outcomes[SATURATING] = StepOutcome(
        step(weights_g, lambda wg: g_loss(wg, d_new, saturating=True)), d_new,
        (losses[0], g_loss(weights_g, d_new, saturating=True)))
    outcomes[NO_G_UPDATE] = StepOutcome([np.array(w, float) for w in weights_g], d_new, losses)
    outcomes[NO_D_UPDATE] = StepOutcome(step(weights_g, lambda wg: g_loss(wg, weights_d)),
                                        [np.array(w, float) for w in weights_d], losses)
    return outcomes


NOT_FROZEN = ("the discriminator is not frozen: the generator's update also changed the "
              "discriminator's weights")
SIMULTANEOUS = ("the generator's update used the discriminator from before its update "
                "(simultaneous, not alternating)")
SAME_NOISE = "the generator's update used z_d instead of its own noise z_g"
SATURATING = "the generator's update used the saturating loss log(1 - D(G(z)))"
NO_G_UPDATE = "the generator's weights did not change"
NO_D_UPDATE = "the discriminator's weights did not change"

STEP_FIXES = {
    NOT_FROZEN: Mistake(
        NOT_FROZEN,
        "take the generator's gradients with respect to generator.trainable_variables only, "
        "and apply them with g_optimizer to those variables only.",
        name_ko="판별자가 동결되지 않았습니다: 생성자의 업데이트가 판별자의 가중치까지 바꿨습니다",
        fix_ko=("생성자의 기울기는 generator.trainable_variables에 대해서만 구하고, g_optimizer로 "
                "그 변수들에만 적용하세요."),
    ),
    SIMULTANEOUS: Mistake(
        SIMULTANEOUS,
        "update the discriminator first (apply its gradients), then compute the generator's "
        "loss with a new forward pass through the updated discriminator, inside a second "
        "GradientTape.",
        name_ko=("생성자의 업데이트가 업데이트되기 전의 판별자를 썼습니다(번갈아 하지 않고 동시에 "
                 "업데이트)"),
        fix_ko=("판별자를 먼저 업데이트(기울기 적용)한 다음, 두 번째 GradientTape 안에서 "
                "업데이트된 판별자로 다시 순전파하여 생성자의 손실을 계산하세요."),
    ),
    SAME_NOISE: Mistake(
        SAME_NOISE,
        "generate the discriminator's fakes from z_d and the generator's from z_g "
        "(Algorithm 1 samples a new minibatch of noise for the generator).",
        name_ko="생성자의 업데이트가 자기 노이즈 z_g 대신 z_d를 썼습니다",
        fix_ko=("판별자에 줄 가짜 샘플은 z_d로, 생성자를 훈련할 가짜 샘플은 z_g로 생성하세요"
                "(알고리즘 1은 생성자를 위해 노이즈 미니배치를 새로 샘플링합니다)."),
    ),
    SATURATING: Mistake(
        SATURATING,
        "use your non_saturating_generator_loss in the generator's update.",
        name_ko="생성자의 업데이트가 포화 손실 log(1 - D(G(z)))를 썼습니다",
        fix_ko="생성자의 업데이트에 직접 작성한 non_saturating_generator_loss를 쓰세요.",
    ),
    NO_G_UPDATE: Mistake(
        NO_G_UPDATE,
        "apply g_optimizer (its apply_gradients method) to the generator's gradients and "
        "trainable variables.",
        name_ko="생성자의 가중치가 바뀌지 않았습니다",
        fix_ko=("g_optimizer(apply_gradients 메서드)로 생성자의 기울기를 생성자의 훈련 가능한 "
                "변수에 적용하세요."),
    ),
    NO_D_UPDATE: Mistake(
        NO_D_UPDATE,
        "apply d_optimizer (its apply_gradients method) to the discriminator's gradients and "
        "trainable variables.",
        name_ko="판별자의 가중치가 바뀌지 않았습니다",
        fix_ko=("d_optimizer(apply_gradients 메서드)로 판별자의 기울기를 판별자의 훈련 가능한 "
                "변수에 적용하세요."),
    ),
}


def _spec(model) -> tuple[str, list]:
    if hasattr(model, "to_json"):
        return model.to_json(), [np.asarray(w) for w in model.get_weights()]
    return model.config, [np.asarray(w) for w in model.weights]


def _same(got: list, want: list, rtol: float, atol: float) -> bool:
    return len(got) == len(want) and all(
        np.shape(g) == np.shape(w) and np.allclose(g, w, rtol=rtol, atol=atol)
        for g, w in zip(got, want, strict=True))


def check_train_step(outcomes: dict, got_generator: list, got_discriminator: list,
                     got_losses, *, name: str, inputs: dict, fixes: dict = STEP_FIXES,
                     loss_names: tuple = ("d_loss", "g_loss"), judge_name: str = "discriminator",
                     hint: str = "each on its own network's trainable_variables, once per step.",
                     rtol: float = 1e-3, atol: float = 1e-5) -> None:
    """Check a student's step against :func:`expected_gan_step` (or another
    ``expected_*_step``): the weights of both networks after it, then the losses it
    returned; a mismatch that equals one of the known wrong steps is named.

    Args:
        outcomes: what the ``expected_*_step`` function returned.
        got_generator, got_discriminator: the weights after the student's step.
        got_losses: what the step returned (one value per name in ``loss_names``).
        fixes: {known wrong step: its :class:`~gradelib.checks.Mistake` (name and fix)}.
        judge_name: what the messages call the second network ("critic" in a WGAN).
        hint: the end of the advice given when no known wrong step matches.

    Raises:
        AssertionError: naming the network whose weights are wrong, by how much, and the
            known mistake they match.
    """
    __tracebackhide__ = True
    parts = [(_network(judge_name), "discriminator", got_discriminator),
             (_network("generator"), "generator", got_generator)]
    if hint == MESSAGES["gan: step hint"]["en"]:
        hint = text("gan: step hint")
    advice = text("gan: step advice", optimizers=inputs.get('optimizers', 'SGD'), hint=hint)
    check_weights_after(outcomes, parts, got_losses, name=name, inputs=inputs, fixes=fixes,
                        loss_names=loss_names, advice=advice, rtol=rtol, atol=atol)


def check_weights_after(outcomes: dict, parts: list, got_losses, *, name: str, inputs: dict,
                        fixes: dict, loss_names: tuple, advice: str, rtol: float = 1e-3,
                        atol: float = 1e-5) -> None:
    """The check behind :func:`check_train_step` and ``vae.check_vae_step``: each
    network's weights after a student's step against the outcome ``"correct"`` of an
    ``expected_*_step`` function, naming the known wrong step whose outcome they equal
    (else giving ``advice``), then the values the step returned.

    Args:
        parts: ``(label, attribute, weights after)`` per network, ``attribute`` naming
            the outcome's field (``StepOutcome.generator``, say).
        fixes: {known wrong step: its :class:`~gradelib.checks.Mistake`}, whose
            ``describe()`` is the hint (in the current language).
        loss_names: what the step returns, in order.

    Raises:
        AssertionError: naming the network whose weights are wrong, by how much, and the
            known mistake they match; or the returned value that is wrong.
    """
    from .checks import check_close, fail

    __tracebackhide__ = True
    want = outcomes["correct"]
    for part, attribute, got in parts:
        expected = getattr(want, attribute)
        if _same(got, expected, rtol, atol):
            continue
        known = [m for m, o in outcomes.items() if m != "correct"
                 and not _same(getattr(o, attribute), expected, rtol, atol)
                 and _same(got, getattr(o, attribute), rtol, atol)]
        hints = [fixes[m].describe() for m in known[:1]] or [advice]
        if len(got) != len(expected) or any(np.shape(g) != np.shape(e)
                                             for g, e in zip(got, expected, strict=True)):
            fail(name, inputs, text("gan: weights shape", part=part), hints)
        worst = max(float(np.max(np.abs(np.asarray(g, float) - e)))
                    for g, e in zip(got, expected, strict=True))
        fail(name, inputs, text("gan: weights differ", part=part, worst=f"{worst:.3g}"),
             hints)
    losses = got_losses if isinstance(got_losses, (tuple, list)) else (got_losses,)
    if len(losses) != len(loss_names):
        fail(name, inputs, text("gan: return count", count=len(loss_names),
                                names=", ".join(loss_names), got=len(losses)))
    for loss_name, got, expected in zip(loss_names, losses, want.losses, strict=True):
        check_close(np.asarray(got, float), expected, name=f"{name} ({loss_name})",
                    inputs=inputs, rtol=rtol, atol=atol)


def draw_diagram(kind: str = "gan", ax=None):
    """Draw the architecture as boxes and arrows on ``ax`` (a new figure if None) and
    return the axes. ``kind``: "gan" (generator, discriminator with a sigmoid, the two
    cross-entropies) or "critic" (generator, critic with a real-valued score, the
    Wasserstein estimate and the Lipschitz constraint).

    Raises:
        ValueError: for another kind.
    """
    from .diagrams import draw

    if kind not in ("gan", "critic"):
        raise ValueError(f"kind must be 'gan' or 'critic', got {kind!r}")
    judge = "discriminator D" if kind == "gan" else "critic f"
    out = ("logit l\nD(x) = sigmoid(l)\n= P(x is real)" if kind == "gan"
           else "score f(x)\nany real number\n(no sigmoid)")
    loss = ("D: max  E log D(x) + E log(1 - D(G(z)))\nG: min  -E log D(G(z))"
            if kind == "gan" else
            "critic: max  E f(x) - E f(G(z))  (≈ W1)\nG: min  -E f(G(z))\nf kept 1-Lipschitz:"
            " clip or gradient penalty")
    boxes = {
        "z": (0.06, 0.22, "noise z\n~ N(0, I)", "data"),
        "G": (0.25, 0.22, "generator G\n(MLP)", "net"),
        "fake": (0.44, 0.22, "G(z)\nfake sample", "data"),
        "real": (0.44, 0.78, "x ~ p_data\nreal sample", "data"),
        "D": (0.63, 0.5, judge + "\n(MLP)", "judge" if kind == "gan" else "state"),
        "out": (0.86, 0.5, out, "loss"),
    }
    gradient = ("gradient to G through the frozen " + judge.split()[0],
                {"color": "tab:red", "linestyle": "--", "connectionstyle": "arc3,rad=-0.25",
                 "label_at": (0.55, -0.06)})
    arrows = [("z", "G"), ("G", "fake"), ("fake", "D"), ("real", "D"), ("D", "out"),
              ("out", "G", *gradient)]
    return draw(boxes, arrows, ax=ax, size=(9, 3.2), caption=loss, ylim=(-0.55, 1.0))


def check_infinite(got, *, name: str, inputs: dict) -> None:
    """Check that a divergence is +inf (where q = 0 < p), not a large finite number
    from an epsilon added to q.

    Raises:
        AssertionError: naming the returned value.
    """
    from .checks import as_numeric, fail

    __tracebackhide__ = True
    value = as_numeric(got, name, inputs, "inf")
    if value.shape != () or not np.isposinf(value):
        fail(name, inputs, text("gan: expected inf", value=value),
             [text("gan: epsilon hint")] if np.all(np.isfinite(value)) else [])


class MinibatchDiscrimination(layers.Layer):
    """Minibatch discrimination (Salimans et al., 2016, sec. 3.2) around a function the
    notebook passes in.

    Each sample's features f(x_i) (n, A) are projected by a learned tensor T (A, B * C) to
    M_i (B, C); ``features(M)`` turns the batch's M (n, B, C) into o (n, B), how close
    each sample is to the others; the layer outputs [f(x_i), o(x_i)] (n, A + B), so the
    discriminator can see a batch whose samples all look alike.

    Args:
        num_kernels: B; kernel_dim: C.
        features: ``features(M) -> o``, written with ``keras.ops`` (it runs in the graph).
    """

    def __init__(self, num_kernels: int, kernel_dim: int, features: Callable, **kwargs):
        super().__init__(**kwargs)
        self.num_kernels, self.kernel_dim, self.features = num_kernels, kernel_dim, features

    def build(self, input_shape):
        self.T = self.add_weight(shape=(input_shape[-1], self.num_kernels * self.kernel_dim),
                                 initializer="glorot_uniform", name="T")

    def call(self, x):
        from keras import ops

        M = ops.reshape(ops.matmul(x, self.T), (-1, self.num_kernels, self.kernel_dim))
        return ops.concatenate([x, ops.cast(self.features(M), x.dtype)], axis=-1)
