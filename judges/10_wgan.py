"""Hidden tests of 10_wgan, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

Models and optimizers go to the kernel as ``wire.ModelSpec`` / ``wire.Optimizer``
(``student.call_state``); the weights that come back are compared here with float64
references: NumPy clipping, the critic's input gradients by centred differences, and the
training step by numeric gradients (``wgan.expected_critic_step``)."""

import keras
import numpy as np
from scipy import stats

import gradelib
from gradelib import gan, wgan, wire
from gradelib.grading.judge import check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes.wgan import (
    CLIP_WEIGHTS,
    CRITIC_LOSS,
    GENERATOR_LOSS,
    GRADIENT_PENALTY,
    W1_1D,
)

add({
    "judge 10: invalid": {
        "en": "the input is invalid ({problem})",
        "ko": "입력이 올바르지 않습니다({problem})",
    },
    "judge 10: valid input": {
        "en": "It raised ValueError for valid input (two samples of size 2).",
        "ko": "올바른 입력(크기 2인 샘플 두 개)에 ValueError를 일으켰습니다.",
    },
    "judge 10: weights in number": {
        "en": "The model's weights changed in number.",
        "ko": "모델의 가중치 개수가 바뀌었습니다.",
    },
    "judge 10: name clip": {
        "en": "clip_weights (layer {layer} {kind})",
        "ko": "clip_weights ({layer}번째 층의 {kind})",
    },
    "judge 10: name in tf.function": {
        "en": "gradient_penalty (in tf.function)",
        "ko": "gradient_penalty (tf.function 안에서)",
    },
    "judge 10: networks": {
        "en": "width {width}, depth {depth}",
        "ko": "너비 {width}, 깊이 {depth}",
    },
    "judge 10: the sizes differ": {"en": "the sizes differ", "ko": "두 샘플의 크기가 다릅니다"},
    "judge 10: a sample is empty": {"en": "a sample is empty", "ko": "빈 샘플이 있습니다"},
    "judge 10: u is not 1-D": {"en": "u is not 1-D", "ko": "u가 1차원이 아닙니다"},
    "judge 10: u has a NaN": {"en": "u has a NaN", "ko": "u에 NaN이 있습니다"},
    "judge 10: v has a NaN": {"en": "v has a NaN", "ko": "v에 NaN이 있습니다"},
    "judge 10: v is not 1-D": {"en": "v is not 1-D", "ko": "v가 1차원이 아닙니다"},
    "judge 10: v is empty": {"en": "v is empty", "ko": "v가 비어 있습니다"},
    "judge 10: u is a number, not a sample": {
        "en": "u is a number, not a sample",
        "ko": "u가 샘플이 아니라 수 하나입니다",
    },
})


def test_wasserstein_1d(student):
    wasserstein_1d = student.function("wasserstein_1d")
    rng = np.random.default_rng(1)
    cases = [(rng.normal(0, 1, 50), rng.normal(2, 0.5, 50)),
             (rng.exponential(1, 7), rng.uniform(-1, 1, 7))]
    u = rng.normal(size=20)
    cases += [(u, u + 3.0), (np.array([1.5]), np.array([-1.0])),
              (np.array([3.0, 0.0, 1.0]), np.array([0.0, 2.0, 1.0]))]
    # hidden: lists, integers, float32, ties, identical samples, a larger sample
    rng = np.random.default_rng(10)
    cases += [([1, 5, 2, 2], [0, 0, 9, 4]), (rng.normal(size=9).astype(np.float32),
                                             rng.normal(size=9).astype(np.float32)),
              (np.array([2.0, 2.0, 2.0]), np.array([2.0, 2.0, 2.0])),
              (rng.standard_t(3, 500), rng.laplace(1, 2, 500))]
    for u, v in cases:
        want = stats.wasserstein_distance(np.asarray(u, float), np.asarray(v, float))
        gradelib.check_close(wasserstein_1d(u, v), want, name="wasserstein_1d",
                             inputs={"u": u, "v": v}, rtol=1e-6, atol=1e-7, mistakes=W1_1D)


def test_wasserstein_1d_errors(student):
    wasserstein_1d = student.function("wasserstein_1d")
    bad_inputs = {
        "the sizes differ": ([0.0, 1.0, 2.0], [0.0, 1.0]),
        "a sample is empty": ([], []),
        "u is not 1-D": ([[0.0, 1.0]], [0.0, 1.0]),
        "u has a NaN": ([0.0, np.nan], [0.0, 1.0]),
        # hidden: v's NaN, v 2-D, one empty, 0-d
        "v has a NaN": ([0.0, 1.0], [np.nan, 1.0]),
        "v is not 1-D": (np.zeros(4), np.zeros((2, 2))),
        "v is empty": ([1.0], []),
        "u is a number, not a sample": (3.0, 4.0),
    }
    for problem, (u, v) in bad_inputs.items():
        gradelib.check_raises(wasserstein_1d, {"u": u, "v": v}, ValueError,
                              text("judge 10: invalid", problem=text(f"judge 10: {problem}")))
    # valid input is accepted (any number back: the value is graded in test_wasserstein_1d)
    try:
        student.call("wasserstein_1d", [0.0, 1.0], [1.0, 0.0])
    except ValueError:
        gradelib.fail("wasserstein_1d", {"u": [0.0, 1.0], "v": [1.0, 0.0]},
                      text("judge 10: valid input"))


def _critic_loss_reference(real_scores, fake_scores):
    return float(np.mean(np.asarray(fake_scores, float)) - np.mean(np.asarray(real_scores, float)))


def test_critic_loss(student):
    critic_loss = student.function("critic_loss")
    rng = np.random.default_rng(2)
    real, fake = rng.normal(1.0, 2.0, size=(6, 1)), rng.normal(-1.0, 2.0, size=(4, 1))
    same = np.array([0.5, -2.0, 3.0])
    # hidden: (n,) of different sizes, float32 tensors
    more_real, more_fake = rng.normal(size=9), rng.normal(3, 1, size=3)
    for r, f in [(real, fake), (same, same[::-1]), (more_real, more_fake)]:
        gradelib.check_close(critic_loss(r, f), _critic_loss_reference(r, f), name="critic_loss",
                             inputs={"real_scores": r, "fake_scores": f}, atol=1e-12,
                             mistakes=CRITIC_LOSS)
    r32, f32 = more_real.astype(np.float32)[:, None], more_fake.astype(np.float32)[:, None]
    gradelib.check_close(critic_loss(wire.Tensor(r32), wire.Tensor(f32)),
                         _critic_loss_reference(r32, f32), name="critic_loss",
                         inputs={"real_scores": r32, "fake_scores": f32}, rtol=1e-5, atol=1e-6,
                         mistakes=CRITIC_LOSS)
    inputs = {"real_scores": real, "fake_scores": fake}
    check_autodiff(student, "critic_loss", [real, fake], position=1,
                   reference=_critic_loss_reference, name="critic_loss", inputs=inputs,
                   wrt="fake_scores")
    check_autodiff(student, "critic_loss", [real, fake], position=0,
                   reference=_critic_loss_reference, name="critic_loss", inputs=inputs,
                   wrt="real_scores")


def test_wgan_generator_loss(student):
    loss = student.function("wgan_generator_loss")
    rng = np.random.default_rng(3)
    fake = rng.normal(0.5, 2.0, size=(5, 1))
    cases = [fake, np.array([100.0, -40.0]), rng.normal(size=11)]   # hidden: shape (n,)
    for f in cases:
        gradelib.check_close(loss(f), -np.mean(f), name="wgan_generator_loss",
                             inputs={"fake_scores": f}, mistakes=GENERATOR_LOSS)
    f32 = rng.normal(size=(6, 1)).astype(np.float32)
    gradelib.check_close(loss(wire.Tensor(f32)), -np.mean(f32.astype(float)),
                         name="wgan_generator_loss", inputs={"fake_scores": f32}, rtol=1e-5,
                         mistakes=GENERATOR_LOSS)
    check_autodiff(student, "wgan_generator_loss", [fake], position=0,
                   reference=lambda f: -np.mean(f), name="wgan_generator_loss",
                   inputs={"fake_scores": fake}, wrt="fake_scores")


def _spec(model, weights):
    return wire.ModelSpec(model.to_json(), weights, type(model).__name__)


def _judge_clip(student, model, weights, c):
    # eagerly: the docstring lets clip_weights return anything, which tf.function refuses
    # (the training step's judge runs it compiled, inside the step)
    _, after = student.call_state("clip_weights", _spec(model, weights), c)
    got = after[0].weights
    if len(got) != len(weights):
        gradelib.fail("clip_weights", {"c": c}, text("judge 10: weights in number"))
    for i, (g, w) in enumerate(zip(got, weights, strict=True)):
        kind = "kernel" if i % 2 == 0 else "bias"
        gradelib.check_close(g, np.clip(w, -c, c),
                             name=text("judge 10: name clip", layer=i // 2 + 1, kind=kind),
                             inputs={"weight": w, "c": c}, rtol=1e-6, atol=1e-7,
                             mistakes=CLIP_WEIGHTS)


def test_clip_weights(student):
    rng = np.random.default_rng(4)
    critic = gan.build_critic(data_dim=2, width=4, depth=2)
    _judge_clip(student, critic, wgan.random_weights(critic, rng, scale=0.5), 0.2)
    _judge_clip(student, critic, wgan.random_weights(critic, rng, scale=0.05), 0.03)
    # hidden: another architecture, c = 1 (few weights clipped), a tiny c
    other = gan.build_critic(data_dim=3, width=5, depth=1)
    _judge_clip(student, other, wgan.random_weights(other, rng, scale=1.0), 1.0)
    _judge_clip(student, other, wgan.random_weights(other, rng, scale=0.1), 0.001)


def _penalty_reference(critic, real, fake, eps):
    shape = (len(eps),) + (1,) * (real.ndim - 1)
    e = np.asarray(eps, float).reshape(shape)
    x_hat = e * real + (1 - e) * fake
    g = wgan.numeric_input_gradients(critic, x_hat).reshape(len(x_hat), -1)
    return float(np.mean((np.linalg.norm(g, axis=1) - 1.0) ** 2))


def _judge_penalty(student, critic, real, fake, eps, compiled=False):
    """The student's penalty for a Keras critic built here (sent as a ModelSpec)."""
    spec = _spec(critic, critic.get_weights())
    got, _ = student.call_state("gradient_penalty", spec, wire.Tensor(real), wire.Tensor(fake),
                                wire.Tensor(eps), compiled=compiled)
    gradelib.check_close(got, _penalty_reference(critic, real, fake, eps),
                         name=(text("judge 10: name in tf.function") if compiled
                               else "gradient_penalty"),
                         inputs={"critic": critic, "real": real, "fake": fake, "eps": eps},
                         rtol=1e-4, atol=1e-6, mistakes=GRADIENT_PENALTY)


def test_gradient_penalty(student):
    rng = np.random.default_rng(5)
    critic = gan.build_critic(data_dim=2, width=4, depth=1)
    critic.set_weights(wgan.random_weights(critic, rng))
    real, fake = gan.ring(6, rng), rng.normal(size=(6, 2)).astype(np.float32)
    eps = rng.uniform(size=(6, 1)).astype(np.float32)
    _judge_penalty(student, critic, real, fake, eps)
    _judge_penalty(student, critic, real, fake, eps, compiled=True)
    image_critic = keras.Sequential([keras.Input((3, 2)), keras.layers.Flatten(),
                                     keras.layers.Dense(4, activation="relu"),
                                     keras.layers.Dense(1)])
    image_critic.set_weights(wgan.random_weights(image_critic, rng))
    real, fake = (rng.normal(size=(5, 3, 2)).astype(np.float32) for _ in range(2))
    eps = rng.uniform(size=(5, 1, 1)).astype(np.float32)
    _judge_penalty(student, image_critic, real, fake, eps)
    # hidden: a deeper critic, 3-D data, eps spread over [0, 1] (one per example), a batch
    # where most norms are below 1 (a one-sided penalty would give less)
    rng = np.random.default_rng(50)
    deep = gan.build_critic(data_dim=3, width=5, depth=2)
    deep.set_weights(wgan.random_weights(deep, rng, scale=0.6))
    real, fake = (rng.normal(size=(7, 3)).astype(np.float32) for _ in range(2))
    eps = np.linspace(0.0, 1.0, 7, dtype=np.float32)[:, None]
    _judge_penalty(student, deep, real, fake, eps, compiled=True)
    small = gan.build_critic(data_dim=2, width=4, depth=1)
    small.set_weights(wgan.random_weights(small, rng, scale=0.4))
    real, fake = gan.ring(8, rng), rng.normal(size=(8, 2)).astype(np.float32)
    _judge_penalty(student, small, real, fake, rng.uniform(size=(8, 1)).astype(np.float32))
    image_critic.set_weights(wgan.random_weights(image_critic, rng, scale=1.0))
    real, fake = (rng.normal(size=(4, 3, 2)).astype(np.float32) for _ in range(2))
    _judge_penalty(student, image_critic, real, fake,
                   rng.uniform(size=(4, 1, 1)).astype(np.float32), compiled=True)


_KERAS_NAMES = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}


def judge_step(student, seed, *, clip_value=None, gp_weight=0.0, n_critic=2, latent_dim=2,
               data_dim=2, width=4, depth=1, n=6, optimizer="sgd", learning_rate=0.1,
               optimizer_config=None, compiled=False):
    rng = np.random.default_rng(seed)
    generator = gan.build_generator(latent_dim, data_dim, width, depth)
    critic = gan.build_critic(data_dim, width, depth)
    specs = [_spec(m, wgan.random_weights(m, rng)) for m in (generator, critic)]
    # small critic biases that stay inside [-c, c]: a clip_weights that misses the biases
    # loses its own cell's points, not this one's
    specs[1].weights = [w if i % 2 == 0 else 0.05 * w for i, w in enumerate(specs[1].weights)]
    if data_dim == 2:
        real = np.stack([gan.ring(n, rng) for _ in range(n_critic)])
    else:
        real = rng.normal(size=(n_critic, n, data_dim)).astype(np.float32)
    z_critic = rng.standard_normal((n_critic, n, latent_dim)).astype(np.float32)
    z_g = rng.standard_normal((n, latent_dim)).astype(np.float32)
    eps = rng.uniform(size=(n_critic, n, 1)).astype(np.float32) if gp_weight else None
    expected = wgan.expected_critic_step(*specs, real, z_critic, z_g, eps, clip_value=clip_value,
                                         gp_weight=gp_weight, optimizer=optimizer,
                                         learning_rate=learning_rate,
                                         optimizer_config=optimizer_config)
    config = {"learning_rate": learning_rate, **(optimizer_config or {})}
    opt = wire.Optimizer(_KERAS_NAMES[optimizer], config)
    losses, after = student.call_state(
        "critic_train_step", wire.Tensor(real), wire.Tensor(z_critic), wire.Tensor(z_g),
        None if eps is None else wire.Tensor(eps), specs[0], specs[1], opt, opt, clip_value,
        gp_weight, compiled=compiled)
    wgan.check_critic_step(expected, after[4].weights, after[5].weights, losses,
                           name="critic_train_step",
                           inputs={"real": real, "z_critic": z_critic, "z_g": z_g, "eps": eps,
                                   "clip_value": clip_value, "gp_weight": gp_weight,
                                   "optimizers": f"{_KERAS_NAMES[optimizer]}({config})",
                                   "networks": text("judge 10: networks", width=width,
                                                   depth=depth)})


def test_critic_train_step(student):
    judge_step(student, seed=0, clip_value=0.3)
    judge_step(student, seed=1, clip_value=0.3, compiled=True)
    judge_step(student, seed=2, gp_weight=10.0, learning_rate=0.01)
    # hidden: other sizes, three critic updates, RMSprop with clipping, Adam with the
    # penalty (the optimizers passed in must be used, their state carried over updates)
    judge_step(student, seed=10, clip_value=0.25, n_critic=3, latent_dim=3, data_dim=3, width=5,
               n=5, optimizer="rmsprop", learning_rate=0.01, compiled=True)
    judge_step(student, seed=11, gp_weight=1.0, n_critic=3, optimizer="adam",
               learning_rate=0.01, optimizer_config={"beta_1": 0.0, "beta_2": 0.9},
               compiled=True)
    judge_step(student, seed=12, clip_value=0.5, n_critic=1, width=3, n=4, learning_rate=0.05)
