"""Hidden tests of 07_gan_theory, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

The training step is run in the kernel on networks and optimizers the judge sends
(``student.call_state``), and its new weights are compared here with the update that
numeric gradients give (``gan.expected_gan_step``)."""

import keras
import numpy as np
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

import gradelib
from gradelib import gan, wire
from gradelib.grading.judge import check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes.gan_theory import (
    DISCRETE_KL,
    DISCRIMINATOR_LOSS,
    GAN_VALUE,
    JS_DIVERGENCE,
    NON_SATURATING_GRADIENT,
    NON_SATURATING_LOSS,
    OPTIMAL_DISCRIMINATOR,
    SATURATING_GRADIENT,
    SATURATING_LOSS,
)

add({
    "judge 07: name second row": {
        "en": "kl_divergence (second row)",
        "ko": "kl_divergence (두 번째 행)",
    },
    "judge 07: invalid": {
        "en": "p and q are invalid ({problem})",
        "ko": "p와 q가 올바르지 않습니다({problem})",
    },
    "judge 07: pair": {
        "en": "It must return a pair (saturating, non_saturating).",
        "ko": "(saturating, non_saturating) 쌍을 반환해야 합니다.",
    },
    "judge 07: name saturating": {
        "en": "logit_gradients (saturating)",
        "ko": "logit_gradients (포화 손실)",
    },
    "judge 07: name non-saturating": {
        "en": "logit_gradients (non-saturating)",
        "ko": "logit_gradients (비포화 손실)",
    },
    "judge 07: networks": {
        "en": "width {width}, depth {depth}",
        "ko": "너비 {width}, 깊이 {depth}",
    },
    "judge 07: shapes differ": {"en": "shapes differ", "ko": "모양이 다릅니다"},
    "judge 07: a row does not sum to 1": {
        "en": "a row does not sum to 1",
        "ko": "합이 1이 아닌 행이 있습니다",
    },
    "judge 07: a negative entry": {"en": "a negative entry", "ko": "음수인 원소가 있습니다"},
    "judge 07: a NaN entry": {"en": "a NaN entry", "ko": "NaN인 원소가 있습니다"},
    "judge 07: shapes (2, 3) and (3, 2) differ": {
        "en": "shapes (2, 3) and (3, 2) differ",
        "ko": "모양 (2, 3)과 (3, 2)가 다릅니다",
    },
    "judge 07: the second row of q sums to 0.9": {
        "en": "the second row of q sums to 0.9",
        "ko": "q의 두 번째 행의 합이 0.9입니다",
    },
    "judge 07: q has a negative entry": {
        "en": "q has a negative entry",
        "ko": "q에 음수인 원소가 있습니다",
    },
})


def dirichlet_pair(rng, shape):
    return (rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]),
            rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]))


def test_kl_divergence(student):
    kl_divergence = student.function("kl_divergence")
    rng = np.random.default_rng(7)
    for shape in [(4,), (3, 5)]:
        p, q = dirichlet_pair(rng, shape)
        gradelib.check_close(kl_divergence(p, q), stats.entropy(p, q, axis=-1),
                             name="kl_divergence", inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
    p, q = np.array([0.0, 0.5, 0.5]), np.array([0.2, 0.3, 0.5])
    gradelib.check_close(kl_divergence(p, p), 0.0, name="kl_divergence", inputs={"p": p, "q": p},
                         atol=1e-12, mistakes=DISCRETE_KL)
    gradelib.check_close(kl_divergence(p, q), stats.entropy(p, q), name="kl_divergence",
                         inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
    gan.check_infinite(kl_divergence(q, p), name="kl_divergence", inputs={"p": q, "q": p})
    # hidden: a 3-D batch, float32, lists, zeros in p, one infinite row among finite ones
    rng = np.random.default_rng(70)
    p, q = dirichlet_pair(rng, (2, 3, 6))
    gradelib.check_close(kl_divergence(p, q), stats.entropy(p, q, axis=-1), name="kl_divergence",
                         inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
    p32, q32 = (a.astype(np.float32) for a in dirichlet_pair(rng, (4,)))
    p32, q32 = p32 / p32.sum(), q32 / q32.sum()
    gradelib.check_close(kl_divergence(p32, q32),
                         stats.entropy(p32.astype(float), q32.astype(float)),
                         name="kl_divergence", inputs={"p": p32, "q": q32}, rtol=1e-5,
                         mistakes=DISCRETE_KL)
    gradelib.check_close(kl_divergence([0.25, 0.75], [0.5, 0.5]),
                         stats.entropy([0.25, 0.75], [0.5, 0.5]), name="kl_divergence",
                         inputs={"p": [0.25, 0.75], "q": [0.5, 0.5]}, mistakes=DISCRETE_KL)
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    q = np.array([[0.1, 0.1, 0.8], [0.0, 0.5, 0.5]])
    got = np.asarray(kl_divergence(p, q), dtype=float)
    gradelib.check_shape(got, (2,), name="kl_divergence", inputs={"p": p, "q": q})
    gradelib.check_close(got[0], stats.entropy(p[0], q[0]), name="kl_divergence",
                         inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
    gan.check_infinite(got[1], name=text("judge 07: name second row"), inputs={"p": p, "q": q})


def test_js_divergence(student):
    js_divergence = student.function("js_divergence")
    rng = np.random.default_rng(8)
    for shape in [(4,), (3, 6)]:
        p, q = dirichlet_pair(rng, shape)
        gradelib.check_close(js_divergence(p, q), jensenshannon(p, q, axis=-1) ** 2,
                             name="js_divergence", inputs={"p": p, "q": q}, mistakes=JS_DIVERGENCE)
    p, q = np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.0, 0.3, 0.7])
    gradelib.check_close(js_divergence(p, q), np.log(2), name="js_divergence",
                         inputs={"p": p, "q": q}, mistakes=JS_DIVERGENCE)
    # hidden: a 3-D batch, float32, symmetric, p = q, zeros shared by both
    rng = np.random.default_rng(80)
    p, q = dirichlet_pair(rng, (2, 2, 5))
    want = jensenshannon(p, q, axis=-1) ** 2
    for a, b in ((p, q), (q, p)):
        gradelib.check_close(js_divergence(a, b), want, name="js_divergence",
                             inputs={"p": a, "q": b}, mistakes=JS_DIVERGENCE)
    p = np.array([0.0, 0.3, 0.7], dtype=np.float32)
    gradelib.check_close(js_divergence(p, p), 0.0, name="js_divergence", inputs={"p": p, "q": p},
                         atol=1e-7, mistakes=JS_DIVERGENCE)
    q = np.array([0.0, 0.6, 0.4], dtype=np.float32)
    gradelib.check_close(js_divergence(p, q), jensenshannon(p, q) ** 2, name="js_divergence",
                         inputs={"p": p, "q": q}, rtol=1e-5, mistakes=JS_DIVERGENCE)


def test_divergence_errors(student):
    bad_inputs = {
        "shapes differ": ([0.5, 0.5], [0.2, 0.3, 0.5]),
        "a row does not sum to 1": ([0.5, 0.6], [0.5, 0.5]),
        "a negative entry": ([1.2, -0.2], [0.5, 0.5]),
        "a NaN entry": ([np.nan, 1.0], [0.5, 0.5]),
        # hidden: batched shapes that differ, q's second row, q negative
        "shapes (2, 3) and (3, 2) differ": (np.full((2, 3), 1 / 3), np.full((3, 2), 0.5)),
        "the second row of q sums to 0.9": (np.full((2, 2), 0.5),
                                            np.array([[0.5, 0.5], [0.5, 0.4]])),
        "q has a negative entry": ([0.5, 0.5], [1.1, -0.1]),
    }
    for name in ("kl_divergence", "js_divergence"):
        function = student.function(name)
        for problem, (p, q) in bad_inputs.items():
            gradelib.check_raises(function, {"p": p, "q": q}, ValueError,
                                  text("judge 07: invalid", problem=text(f"judge 07: {problem}")))
    # and valid input within the tolerance is accepted
    p = np.array([0.5, 0.5 + 5e-7])
    for name in ("kl_divergence", "js_divergence"):
        got = student.call(name, p, np.array([0.5, 0.5]))
        gradelib.check_close(got, 0.0, name=name, inputs={"p": p, "q": [0.5, 0.5]}, atol=1e-5)


def test_optimal_discriminator(student):
    optimal_discriminator = student.function("optimal_discriminator")
    cases = [
        (np.array([0.1, 0.4, 0.5, 0.0]), np.array([0.3, 0.4, 0.0, 0.3]), [0.25, 0.5, 1.0, 0.0]),
        (np.array([0.5, 0.5, 0.0]), np.array([0.2, 0.8, 0.0]), [5 / 7, 5 / 13, 0.5]),
    ]
    rng = np.random.default_rng(40)
    p_data, p_g = dirichlet_pair(rng, (3, 4))
    cases.append((p_data, p_g, p_data / (p_data + p_g)))
    p_data, p_g = (a.astype(np.float32) for a in dirichlet_pair(rng, (5,)))
    cases.append((p_data, p_g, p_data.astype(float) / (p_data.astype(float) + p_g)))
    cases.append(([0.0, 1.0], [0.0, 0.0], [0.5, 1.0]))
    for p_data, p_g, want in cases:
        gradelib.check_close(optimal_discriminator(p_data, p_g), want,
                             name="optimal_discriminator", inputs={"p_data": p_data, "p_g": p_g},
                             rtol=1e-6, mistakes=OPTIMAL_DISCRIMINATOR)


def value_reference(d, p_data, p_g):
    return float(np.sum(special.xlogy(p_data, d)) + np.sum(special.xlogy(p_g, 1.0 - np.asarray(d))))


def test_gan_value(student):
    gan_value = student.function("gan_value")
    d, p_data, p_g = np.array([0.8, 0.3, 0.5]), np.array([0.5, 0.2, 0.3]), np.array([0.1, 0.6, 0.3])
    expected = np.sum(p_data * stats.bernoulli.logpmf(1, d) + p_g * stats.bernoulli.logpmf(0, d))
    cases = [(d, p_data, p_g, expected), (np.full(3, 0.5), p_data, p_g, -np.log(4)),
             (np.array([1.0, 0.5, 0.0]), np.array([0.6, 0.4, 0.0]), np.array([0.0, 0.4, 0.6]),
              0.8 * np.log(0.5))]
    # hidden: more categories, V at D* equals -log 4 + 2 JSD, float32, lists
    rng = np.random.default_rng(50)
    p_data, p_g = dirichlet_pair(rng, (7,))
    d = rng.uniform(0.01, 0.99, 7)
    cases.append((d, p_data, p_g, value_reference(d, p_data, p_g)))
    d_star = p_data / (p_data + p_g)
    cases.append((d_star, p_data, p_g, -np.log(4) + 2 * jensenshannon(p_data, p_g) ** 2))
    cases.append(([0.9, 0.2], [0.5, 0.5], [0.25, 0.75], value_reference([0.9, 0.2], [0.5, 0.5],
                                                                        [0.25, 0.75])))
    d32 = np.array([0.7, 0.4], dtype=np.float32)
    cases.append((d32, np.array([0.5, 0.5], np.float32), np.array([0.3, 0.7], np.float32),
                  value_reference(d32.astype(float), [0.5, 0.5], [0.3, 0.7])))
    for d, p_data, p_g, want in cases:
        gradelib.check_close(gan_value(d, p_data, p_g), want, name="gan_value",
                             inputs={"d": d, "p_data": p_data, "p_g": p_g}, rtol=1e-5,
                             mistakes=GAN_VALUE)


def d_loss_reference(real_logits, fake_logits):
    return float(np.mean(np.logaddexp(0, -np.asarray(real_logits, float)))
                 + np.mean(np.logaddexp(0, np.asarray(fake_logits, float))))


def test_discriminator_loss(student):
    discriminator_loss = student.function("discriminator_loss")
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    rng = np.random.default_rng(3)
    real_logits, fake_logits = rng.normal(1.0, 2.0, size=(6, 1)), rng.normal(-1.0, 2.0, size=(4, 1))
    inputs = {"real_logits": real_logits, "fake_logits": fake_logits}
    expected = float(bce(np.ones_like(real_logits), real_logits)) + \
        float(bce(np.zeros_like(fake_logits), fake_logits))
    gradelib.check_close(discriminator_loss(real_logits, fake_logits), expected,
                         name="discriminator_loss", inputs=inputs, rtol=1e-5,
                         mistakes=DISCRIMINATOR_LOSS)
    for inputs, want in [({"real_logits": np.array([100.0, 50.0]),
                           "fake_logits": np.array([-100.0, -80.0])}, 0.0),
                         ({"real_logits": np.array([-100.0]), "fake_logits": np.array([100.0])},
                          200.0)]:
        gradelib.check_close(discriminator_loss(**inputs), want, name="discriminator_loss",
                             inputs=inputs, atol=1e-12, mistakes=DISCRIMINATOR_LOSS)
    check_autodiff(student, "discriminator_loss", [real_logits, fake_logits], position=1,
                   reference=d_loss_reference, name="discriminator_loss",
                   inputs={"real_logits": real_logits, "fake_logits": fake_logits},
                   wrt="fake_logits")
    # hidden: shape (n,), float32 tensors, the gradient with respect to the real logits
    rng = np.random.default_rng(30)
    real, fake = rng.normal(0, 3, size=7), rng.normal(0, 3, size=3)
    gradelib.check_close(discriminator_loss(real, fake), d_loss_reference(real, fake),
                         name="discriminator_loss",
                         inputs={"real_logits": real, "fake_logits": fake},
                         mistakes=DISCRIMINATOR_LOSS)
    real32, fake32 = (a.astype(np.float32)[:, None] for a in (real, fake))
    gradelib.check_close(discriminator_loss(wire.Tensor(real32), wire.Tensor(fake32)),
                         d_loss_reference(real32, fake32), name="discriminator_loss",
                         inputs={"real_logits": real32, "fake_logits": fake32}, rtol=1e-5,
                         mistakes=DISCRIMINATOR_LOSS)
    check_autodiff(student, "discriminator_loss", [real, fake], position=0,
                   reference=d_loss_reference, name="discriminator_loss",
                   inputs={"real_logits": real, "fake_logits": fake}, wrt="real_logits")


def saturating_reference(fake_logits):
    return float(-np.mean(np.logaddexp(0, np.asarray(fake_logits, float))))


def non_saturating_reference(fake_logits):
    return float(np.mean(np.logaddexp(0, -np.asarray(fake_logits, float))))


def test_generator_losses(student):
    losses = {"saturating_generator_loss": (saturating_reference, SATURATING_LOSS),
              "non_saturating_generator_loss": (non_saturating_reference, NON_SATURATING_LOSS)}
    rng = np.random.default_rng(4)
    fake_logits = rng.normal(0.0, 3.0, size=(5, 1))
    d_fake = special.expit(fake_logits)
    wants = {"saturating_generator_loss": np.mean(np.log1p(-d_fake)),
             "non_saturating_generator_loss": np.mean(-np.log(d_fake))}
    more = rng.normal(0.0, 4.0, size=9)
    for name, (reference, catalogue) in losses.items():
        loss = student.function(name)
        gradelib.check_close(loss(fake_logits), wants[name], name=name,
                             inputs={"fake_logits": fake_logits}, rtol=1e-5, mistakes=catalogue)
        big = np.array([100.0, -100.0])
        gradelib.check_close(loss(big), reference(big), name=name, inputs={"fake_logits": big},
                             mistakes=catalogue)
        check_autodiff(student, name, [fake_logits], position=0, reference=reference, name=name,
                       inputs={"fake_logits": fake_logits}, wrt="fake_logits")
        # hidden: shape (n,), float32 tensors
        gradelib.check_close(loss(more), reference(more), name=name, inputs={"fake_logits": more},
                             mistakes=catalogue)
        more32 = more.astype(np.float32)[:, None]
        gradelib.check_close(loss(wire.Tensor(more32)), reference(more32), name=name,
                             inputs={"fake_logits": more32}, rtol=1e-5, mistakes=catalogue)


def test_logit_gradients(student):
    logit_gradients = student.function("logit_gradients")
    rng = np.random.default_rng(60)
    for d_fake in [np.array([0.001, 0.1, 0.5, 0.9, 0.999]), rng.uniform(0.01, 0.99, size=(2, 3)),
                   np.array([0.25, 0.75], dtype=np.float32)]:
        logit = special.logit(np.asarray(d_fake, float))
        saturating = gradelib.numeric_gradient(lambda v: np.sum(np.log1p(-special.expit(v))),
                                               logit.copy())
        non_saturating = gradelib.numeric_gradient(lambda v: np.sum(-np.log(special.expit(v))),
                                                   logit.copy())
        got = logit_gradients(d_fake)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            gradelib.fail("logit_gradients", {"d_fake": d_fake},
                          text("judge 07: pair"))
        gradelib.check_close(got[0], saturating, name=text("judge 07: name saturating"),
                             inputs={"d_fake": d_fake}, rtol=1e-5, atol=1e-7,
                             mistakes=SATURATING_GRADIENT)
        gradelib.check_close(got[1], non_saturating, name=text("judge 07: name non-saturating"),
                             inputs={"d_fake": d_fake}, rtol=1e-5, atol=1e-7,
                             mistakes=NON_SATURATING_GRADIENT)


def random_networks(rng, latent_dim, data_dim, width, depth):
    """A generator and a discriminator of the notebook's kind with random weights, as
    ModelSpec for the kernel."""
    specs = []
    for model in (gan.build_generator(latent_dim, data_dim, width, depth),
                  gan.build_discriminator(data_dim, width, depth)):
        weights = [rng.normal(0, 0.7, size=w.shape).astype(np.float32)
                   for w in model.get_weights()]
        specs.append(wire.ModelSpec(model.to_json(), weights, "Sequential"))
    return specs


def judge_step(student, seed, *, latent_dim=2, data_dim=2, width=4, depth=1, n=8,
               optimizer="sgd", learning_rate=0.1, compiled=False):
    rng = np.random.default_rng(seed)
    generator, discriminator = random_networks(rng, latent_dim, data_dim, width, depth)
    real = gan.ring(n, rng) if data_dim == 2 else rng.normal(size=(n, data_dim)).astype(np.float32)
    z_d, z_g = (rng.standard_normal((n, latent_dim)).astype(np.float32) for _ in range(2))
    expected = gan.expected_gan_step(generator, discriminator, real, z_d, z_g,
                                     optimizer=optimizer, learning_rate=learning_rate)
    keras_name = {"sgd": "SGD", "adam": "Adam"}[optimizer]
    opt = wire.Optimizer(keras_name, {"learning_rate": learning_rate})
    losses, after = student.call_state("gan_train_step", wire.Tensor(real), wire.Tensor(z_d),
                                       wire.Tensor(z_g), generator, discriminator, opt, opt,
                                       compiled=compiled)
    gan.check_train_step(expected, after[3].weights, after[4].weights, losses,
                         name="gan_train_step",
                         inputs={"real": real, "z_d": z_d, "z_g": z_g,
                                 "optimizers": f"{keras_name}({learning_rate})",
                                 "networks": text("judge 07: networks", width=width,
                                                 depth=depth)})


def test_gan_train_step(student):
    judge_step(student, seed=0)
    judge_step(student, seed=1, compiled=True)
    # hidden: other sizes and learning rate, Adam (the optimizers passed in must be used)
    judge_step(student, seed=10, latent_dim=3, data_dim=2, width=5, depth=2, n=6,
               learning_rate=0.05)
    judge_step(student, seed=11, latent_dim=1, data_dim=1, width=3, depth=1, n=5,
               optimizer="adam", learning_rate=0.01, compiled=True)
