"""Notebook 10 (Wasserstein GAN): what its checks and experiments need beyond
:mod:`gradelib.gan`.

* MLP critics run in float64 NumPy from a Keras model's config and weights
  (:func:`critic_forward`), with their gradient with respect to the *input* by
  backpropagation through the layers (:func:`input_gradients`) or by centred differences
  (:func:`numeric_input_gradients`), the CS231n way of checking a gradient.
* :func:`expected_critic_step`: what one WGAN training step (Arjovsky et al., 2017,
  Algorithm 1; with the gradient penalty, Gulrajani et al., 2017, Algorithm 1) does to a
  generator and a critic, by numeric gradients of the losses, and what known mistaken
  steps do instead; :func:`check_critic_step` compares a student's step with it.

Conventions (the notebook's): the critic f maximises E f(x_real) - E f(G(z)), so its loss
is mean f(fake) - mean f(real); the generator's loss is -mean f(fake). With weight
clipping every critic weight, kernels and biases, is clipped to [-c, c] after each critic
update. The gradient penalty is the mean over examples of (||grad_x f(x_hat)||_2 - 1)^2,
with x_hat = eps real + (1 - eps) fake, eps ~ U[0, 1] per example, the norm over all
non-batch axes. Nothing here is a Keras training step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import gan
from .checks import Mistake
from .i18n import add, text

add({
    "wgan: step hint": {
        "en": "each on its own network's trainable_variables: n_critic critic updates (each "
              "followed by clipping when clip_value is given), then one generator update.",
        "ko": "각 옵티마이저를 자기 신경망의 trainable_variables에 적용하세요: 비평자를 "
              "n_critic번 업데이트하고(clip_value가 주어지면 업데이트마다 뒤이어 클리핑), 그다음 "
              "생성자를 한 번 업데이트합니다.",
    },
})

_DERIVATIVES = {
    "linear": lambda h: np.ones_like(h),
    None: lambda h: np.ones_like(h),
    "relu": lambda h: (h > 0).astype(float),
    "leaky_relu": lambda h: np.where(h > 0, 1.0, 0.2),
    "tanh": lambda h: 1.0 - np.tanh(h) ** 2,
}


def _weights_of(model) -> tuple[list, list]:
    config, weights = gan._spec(model)
    return gan.mlp_activations(config), [np.asarray(w, float) for w in weights]


def critic_forward(critic, x) -> np.ndarray:
    """The critic's scores in float64, (n, 1), for x (n, ...) (flattened per example).
    ``critic``: a Keras MLP or a ``wire.ModelSpec`` of one."""
    activations, weights = _weights_of(critic)
    return gan.mlp_forward(weights, activations, x)


def input_gradients(weights, activations, x) -> np.ndarray:
    """d f(x_i) / d x_i for each example of x (n, ...), by backpropagation through the
    MLP in float64: an array of x's shape. ``weights`` [W1, b1, ...] as ``get_weights()``
    gives them, ``activations`` from :func:`gan.mlp_activations`; the output must be one unit."""
    x = np.asarray(x, float)
    h = x.reshape(len(x), -1)
    pre = []
    for i, activation in enumerate(activations):
        z = h @ np.asarray(weights[2 * i], float) + np.asarray(weights[2 * i + 1], float)
        pre.append(z)
        h = gan._ACTIVATIONS[activation](z)
    if h.shape[1] != 1:
        raise ValueError(f"the critic must output one score per example, not {h.shape[1]}")
    back = np.ones_like(h)
    for i in reversed(range(len(activations))):
        back = (back * _DERIVATIVES[activations[i]](pre[i])) @ np.asarray(weights[2 * i], float).T
    return back.reshape(x.shape)


def numeric_input_gradients(critic, x, h: float = 1e-6) -> np.ndarray:
    """d f(x_i) / d x_i by centred differences in float64 (each coordinate of every
    example moved by +-h at once: example i's score depends on x_i only): x's shape."""
    x = np.array(x, dtype=float)
    grads = np.zeros_like(x)
    for index in np.ndindex(x.shape[1:]):
        where = (slice(None), *index)
        keep = x[where].copy()
        x[where] = keep + h
        up = critic_forward(critic, x)[:, 0]
        x[where] = keep - h
        down = critic_forward(critic, x)[:, 0]
        x[where] = keep
        grads[where] = (up - down) / (2 * h)
    return grads


NO_CLIP = "the critic's weights were not clipped after its updates"
CLIP_BEFORE = "the critic's weights were clipped before each update instead of after it"
KERNELS_ONLY = "only the kernels were clipped, not the biases"
CLIP_GRADIENTS = "the gradients were clipped to [-c, c] instead of the weights"
G_EVERY_STEP = ("the generator was updated after every critic update (n_critic generator "
                "updates), not once after all of them")
NOT_FROZEN = ("the critic is not frozen: the generator's update also changed the critic's "
              "weights")
SIGN_FLIPPED = ("the critic's loss has the wrong sign: it minimised mean f(real) - mean f(fake), "
                "pushing the scores the wrong way")
ONE_CRITIC_STEP = "the critic took one update, not n_critic = real.shape[0]"
SIMULTANEOUS = ("the generator's update went through the critic from before its updates "
                "(computed before the critic's loop)")
NO_PENALTY = "the gradient penalty was not added to the critic's loss"
NO_G_UPDATE = "the generator's weights did not change"

CRITIC_STEP_FIXES = {
    NO_CLIP: Mistake(
        NO_CLIP,
        "call your clip_weights(critic, clip_value) right after each "
        "c_optimizer.apply_gradients (when clip_value is not None).",
        name_ko="비평자의 가중치를 업데이트 뒤에 클리핑하지 않았습니다",
        fix_ko=("clip_value가 None이 아니면 c_optimizer.apply_gradients를 호출할 때마다 바로 "
                "뒤에 직접 작성한 clip_weights(critic, clip_value)를 호출하세요."),
    ),
    CLIP_BEFORE: Mistake(
        CLIP_BEFORE,
        "update first, then clip: Algorithm 1 clips the weights the update has just "
        "produced, so they are in [-c, c] when the critic is used next.",
        name_ko="비평자의 가중치를 업데이트 뒤가 아니라 업데이트 전에 클리핑했습니다",
        fix_ko=("먼저 업데이트하고 나서 클리핑하세요: 알고리즘 1은 업데이트가 방금 만든 가중치를 "
                "클리핑하므로, 다음에 비평자를 쓸 때 가중치가 [-c, c] 안에 있습니다."),
    ),
    KERNELS_ONLY: Mistake(
        KERNELS_ONLY,
        "clip every variable in critic.trainable_variables, biases too "
        "(004: 비평자의 모든 파라미터).",
        name_ko="커널만 클리핑하고 편향은 클리핑하지 않았습니다",
        fix_ko=("critic.trainable_variables의 모든 변수를 편향까지 클리핑하세요"
                "(004: 비평자의 모든 파라미터)."),
    ),
    CLIP_GRADIENTS: Mistake(
        CLIP_GRADIENTS,
        "clip the weights after the update (clip_weights), not the gradients before it: "
        "gradient clipping (notebook 01) does not bound the weights.",
        name_ko="가중치가 아니라 기울기를 [-c, c]로 클리핑했습니다",
        fix_ko=("업데이트 전에 기울기를 클리핑하지 말고 업데이트 뒤에 가중치를 클리핑하세요"
                "(clip_weights): 기울기 클리핑(노트북 01)은 가중치의 범위를 제한하지 않습니다."),
    ),
    G_EVERY_STEP: Mistake(
        G_EVERY_STEP,
        "loop n_critic times over the critic's update only; update the generator once, "
        "after the loop.",
        name_ko=("비평자의 업데이트가 모두 끝난 뒤 한 번이 아니라 비평자를 업데이트할 때마다 "
                 "생성자를 업데이트했습니다(생성자 업데이트 n_critic번)"),
        fix_ko=("루프에서는 비평자의 업데이트만 n_critic번 반복하고, 생성자는 루프가 끝난 뒤 한 번 "
                "업데이트하세요."),
    ),
    NOT_FROZEN: Mistake(
        NOT_FROZEN,
        "take the generator's gradients with respect to generator.trainable_variables "
        "only and apply them with g_optimizer.",
        name_ko="비평자가 동결되지 않았습니다: 생성자의 업데이트가 비평자의 가중치까지 바꿨습니다",
        fix_ko=("생성자의 기울기는 generator.trainable_variables에 대해서만 구하고 g_optimizer로 "
                "적용하세요."),
    ),
    SIGN_FLIPPED: Mistake(
        SIGN_FLIPPED,
        "use critic_loss(real_scores, fake_scores) = mean(fake) - mean(real): the "
        "critic maximises E f(real) - E f(fake), so it minimises the negative.",
        name_ko=("비평자의 손실 부호가 반대입니다: mean f(real) - mean f(fake)를 최소화해서 "
                 "점수를 반대 방향으로 밀었습니다"),
        fix_ko=("critic_loss(real_scores, fake_scores) = mean(fake) - mean(real)을 쓰세요: "
                "비평자는 E f(real) - E f(fake)를 최대화하므로 그 음수를 최소화합니다."),
    ),
    ONE_CRITIC_STEP: Mistake(
        ONE_CRITIC_STEP,
        "loop over the first axis of real and z_critic: update i uses real[i] and "
        "the fakes generator(z_critic[i]).",
        name_ko="비평자를 n_critic = real.shape[0]번이 아니라 한 번만 업데이트했습니다",
        fix_ko=("real과 z_critic의 첫 번째 축을 따라 반복하세요: i번째 업데이트는 real[i]와 "
                "가짜 샘플 generator(z_critic[i])를 씁니다."),
    ),
    SIMULTANEOUS: Mistake(
        SIMULTANEOUS,
        "compute the generator's loss after the critic's loop, with a new forward "
        "pass through the updated critic, inside its own GradientTape.",
        name_ko=("생성자의 업데이트가 업데이트되기 전의 비평자를 거쳤습니다(비평자의 루프보다 먼저 "
                 "계산)"),
        fix_ko=("비평자의 루프가 끝난 뒤, 생성자 자신의 GradientTape 안에서 업데이트된 비평자로 "
                "다시 순전파하여 생성자의 손실을 계산하세요."),
    ),
    NO_PENALTY: Mistake(
        NO_PENALTY,
        "when eps is given, add gp_weight * gradient_penalty(critic, real[i], fake, "
        "eps[i]) to the critic's loss inside its GradientTape.",
        name_ko="비평자의 손실에 기울기 페널티를 더하지 않았습니다",
        fix_ko=("eps가 주어지면 비평자의 GradientTape 안에서 비평자의 손실에 gp_weight * "
                "gradient_penalty(critic, real[i], fake, eps[i])를 더하세요."),
    ),
    NO_G_UPDATE: Mistake(
        NO_G_UPDATE,
        "apply g_optimizer (its apply_gradients method) to the generator's "
        "gradients and trainable variables, once, after the critic's loop.",
        name_ko="생성자의 가중치가 바뀌지 않았습니다",
        fix_ko=("비평자의 루프가 끝난 뒤 g_optimizer(apply_gradients 메서드)로 생성자의 기울기를 "
                "생성자의 훈련 가능한 변수에 한 번 적용하세요."),
    ),
}


def expected_critic_step(generator, critic, real, z_critic, z_g, eps=None, *,
                         clip_value: float | None = None, gp_weight: float = 0.0,
                         optimizer: str = "sgd", learning_rate: float = 0.1,
                         optimizer_config: dict | None = None) -> dict:
    """What one WGAN training step does to two MLPs, by numeric gradients, and what some
    mistaken steps do.

    The step (Arjovsky et al. 2017, Algorithm 1; Gulrajani et al. 2017, Algorithm 1 when
    ``gp_weight`` > 0): for i = 0..n_critic-1, one update of the critic by ``optimizer`` on
    critic_loss = mean f(G(z_critic[i])) - mean f(real[i]) (+ gp_weight * penalty at
    x_hat = eps[i] real[i] + (1 - eps[i]) G(z_critic[i])), then, if ``clip_value`` is not
    None, every critic weight clipped to [-clip_value, clip_value]; then one update of the
    generator on -mean f(G(z_g)) through the updated, frozen critic.

    Args:
        generator, critic: Keras MLPs (:func:`gan.build_generator`, :func:`gan.build_critic`)
            or ``wire.ModelSpec`` of them.
        real: (n_critic, n, data_dim); z_critic: (n_critic, n, latent_dim); z_g: (n,
            latent_dim); eps: (n_critic, n, 1) in [0, 1], needed when gp_weight > 0.
        optimizer: "sgd", "rmsprop" or "adam" (a fresh one per network, Keras' defaults
            updated by ``optimizer_config``, e.g. {"beta_1": 0.0}).

    Returns:
        {"correct": gan.StepOutcome, mistake name: gan.StepOutcome, ...}; the outcome's
        ``discriminator`` holds the critic's weights; its losses are (the critic's loss of
        the last critic update, before it; the generator's loss).
    """
    config_g, weights_g = gan._spec(generator)
    act_g, act_c = gan.mlp_activations(config_g), gan.mlp_activations(gan._spec(critic)[0])
    weights_g = [np.asarray(w, float) for w in weights_g]
    weights_c = [np.asarray(w, float) for w in gan._spec(critic)[1]]
    real, z_critic, z_g = (np.asarray(a, float) for a in (real, z_critic, z_g))
    n_critic = len(real)
    if gp_weight and eps is None:
        raise ValueError("eps is needed for the gradient penalty")
    cfg = {"learning_rate": learning_rate, **(optimizer_config or {})}

    def fresh():
        return gan.NumpyOptimizer(optimizer, **cfg)

    def scores(wc, x):
        return gan.mlp_forward(wc, act_c, x.reshape(len(x), -1))[:, 0]

    def penalty(wc, x_real, x_fake, e):
        x_hat = e * x_real + (1 - e) * x_fake
        norms = np.sqrt(np.sum(input_gradients(wc, act_c, x_hat) ** 2, axis=1))
        return float(np.mean((norms - 1.0) ** 2))

    def c_loss(wc, wg, i, sign=1.0, with_penalty=True):
        fake = gan.mlp_forward(wg, act_g, z_critic[i])
        value = sign * (np.mean(scores(wc, fake)) - np.mean(scores(wc, real[i])))
        if gp_weight and with_penalty:
            value += gp_weight * penalty(wc, real[i], fake, np.asarray(eps, float)[i])
        return float(value)

    def g_loss(wg, wc):
        return float(-np.mean(scores(wc, gan.mlp_forward(wg, act_g, z_g))))

    def clip(ws, kernels_only=False):
        return [w if kernels_only and k % 2 else np.clip(w, -clip_value, clip_value)
                for k, w in enumerate(ws)]

    def run(*, sign=1.0, clipping="after", updates=n_critic, g_every=False, frozen=True,
            with_penalty=True, g_first=False, g_update=True):
        wc, wg = [w.copy() for w in weights_c], [w.copy() for w in weights_g]
        c_opt, g_opt = fresh(), fresh()
        last = float("nan")
        g_value = g_loss(wg, wc)
        if g_first:   # the generator's step through the critic before its updates
            new_g = g_opt.step(wg, gan._numeric_gradients(lambda w: g_loss(w, wc), wg))
        for i in range(updates):
            def loss(w, i=i, wg=wg):
                return c_loss(w, wg, i, sign, with_penalty)
            if clip_value is not None and clipping == "before":
                wc = clip(wc)
            last = loss(wc)
            grads = gan._numeric_gradients(loss, wc)
            if clip_value is not None and clipping == "gradients":
                grads = [np.clip(g, -clip_value, clip_value) for g in grads]
            wc = c_opt.step(wc, grads)
            if clip_value is not None and clipping in ("after", "kernels"):
                wc = clip(wc, kernels_only=clipping == "kernels")
            if g_every:
                g_value = g_loss(wg, wc)
                wg = g_opt.step(wg, gan._numeric_gradients(lambda w, wc=wc: g_loss(w, wc), wg))
        if g_first:
            return gan.StepOutcome(new_g, wc, (last, g_value))
        if not g_every:
            g_value = g_loss(wg, wc)
            if g_update:
                new_g = g_opt.step(wg, gan._numeric_gradients(lambda w: g_loss(w, wc), wg))
                if not frozen:
                    wc = fresh().step(wc, gan._numeric_gradients(lambda w: g_loss(wg, w), wc))
                wg = new_g
        return gan.StepOutcome(wg, wc, (last, g_value))

    outcomes = {"correct": run()}
    with_clipping = clip_value is not None
    if with_clipping:
        outcomes[NO_CLIP] = run(clipping="none")
        outcomes[CLIP_BEFORE] = run(clipping="before")
        outcomes[KERNELS_ONLY] = run(clipping="kernels")
        outcomes[CLIP_GRADIENTS] = run(clipping="gradients")
    if gp_weight:
        outcomes[NO_PENALTY] = run(with_penalty=False)
    outcomes[SIGN_FLIPPED] = run(sign=-1.0)
    if n_critic > 1:
        outcomes[G_EVERY_STEP] = run(g_every=True)
        outcomes[ONE_CRITIC_STEP] = run(updates=1)
    outcomes[NOT_FROZEN] = run(frozen=False)
    outcomes[SIMULTANEOUS] = run(g_first=True)
    outcomes[NO_G_UPDATE] = run(g_update=False)
    return outcomes


def check_critic_step(outcomes: dict, got_generator: list, got_critic: list, got_losses, *,
                      name: str, inputs: dict, rtol: float = 1e-3, atol: float = 1e-5) -> None:
    """Check a student's WGAN step against :func:`expected_critic_step`: both networks'
    weights after it, then the two losses it returned; a mismatch that equals one of the
    known wrong steps is named (``gan.check_train_step`` with the critic's names).

    Raises:
        AssertionError: naming the network whose weights are wrong, by how much, and the
            known mistake they match.
    """
    __tracebackhide__ = True
    gan.check_train_step(outcomes, got_generator, got_critic, got_losses, name=name,
                         inputs=inputs, fixes=CRITIC_STEP_FIXES,
                         loss_names=("critic_loss", "g_loss"), judge_name="critic",
                         hint=text("wgan: step hint"), rtol=rtol, atol=atol)


def random_weights(model, rng, scale: float = 0.7) -> list:
    """Normal(0, scale) float32 arrays shaped like ``model``'s weights (biases too: a zero
    bias puts ReLU kinks where centred differences would straddle them)."""
    return [rng.normal(0, scale, size=np.shape(w)).astype(np.float32)
            for w in gan._spec(model)[1]]


def exact_w1(x, y) -> float:
    """The Wasserstein-1 distance between two equal-size empirical distributions in any
    dimension (Euclidean ground cost), exactly, by the optimal one-to-one matching
    (``scipy.optimize.linear_sum_assignment``; O(n^3): keep n below ~1,000).

    Raises:
        ValueError: for samples of different sizes or dimensions.
    """
    from scipy.optimize import linear_sum_assignment
    from scipy.spatial.distance import cdist

    x, y = np.asarray(x, float), np.asarray(y, float)
    x, y = x.reshape(len(x), -1), y.reshape(len(y), -1)
    if x.shape != y.shape:
        raise ValueError(f"need samples of the same shape, got {x.shape} and {y.shape}")
    cost = cdist(x, y)
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].mean())


def sampler(centres, std: float, batch_size: int, latent_dim: int, n_critic: int,
            with_eps: bool = False) -> Callable:
    """A sampler for :func:`gan.train` and a WGAN step: ``sample(generator) -> (real,
    z_critic, z_g)`` (and ``eps`` if ``with_eps``): real float32 (n_critic, batch_size, d)
    from the equal-weight mixture of N(centre, std^2 I); z_critic (n_critic, batch_size,
    latent_dim) and z_g (batch_size, latent_dim) ~ N(0, I); eps (n_critic, batch_size, 1)
    ~ U[0, 1]; all drawn inside TensorFlow's graph from a ``tf.random.Generator``."""
    import tensorflow as tf

    table = tf.constant(np.asarray(centres, dtype=np.float32))
    k, d = table.shape

    def sample(generator):
        which = generator.uniform((n_critic, batch_size), 0, k, dtype=tf.int32)
        real = tf.gather(table, which) + std * generator.normal((n_critic, batch_size, d))
        out = (real, generator.normal((n_critic, batch_size, latent_dim)),
               generator.normal((batch_size, latent_dim)))
        if with_eps:
            out += (generator.uniform((n_critic, batch_size, 1)),)
        return out

    return sample
