"""Hidden tests of 09_dcgan, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

The builders' models come back as ``wire.ModelSpec`` and are rebuilt here
(``gradelib.models.from_spec``). The training step runs in the kernel on tiny networks
and optimizers sent from here (``student.call_state``); its new trainable weights are
compared with this file's own reference step, computed with TensorFlow's GradientTape
here, beside the known wrong steps.

``python judges/09_dcgan.py`` rewrites ``data/09_dcgan/step_expected.npz``, the stored
cases of the visible test (the reference step itself stays in this file).
"""

import keras
import numpy as np
import tensorflow as tf

import gradelib
from gradelib import dcgan, wire
from gradelib.gan import StepOutcome
from gradelib.grading.judge import check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes import dcgan as mistakes
from gradelib.mistakes.dcgan import DISCRIMINATOR_LOSS, FAKE_TARGETS, GENERATOR_LOSS, REAL_TARGETS
from gradelib.models import check_model, from_spec

add({
    "judge 09: hint Conv2DTranspose": {
        "en": "Two fractional-strided layers: 7 -> 14 -> 28.",
        "ko": "분수 스트라이드(fractional-strided) 층 두 개: 7 -> 14 -> 28.",
    },
    "judge 09: hint generator BatchNormalization": {
        "en": "One after the projection and one after the first Conv2DTranspose; none on the "
              "output layer.",
        "ko": "투영(projection) 뒤에 하나, 첫 번째 Conv2DTranspose 뒤에 하나를 두고, 출력층에는 "
              "두지 마세요.",
    },
    "judge 09: outside [-1, 1]": {
        "en": "Some outputs lie outside [-1, 1]: end in tanh.",
        "ko": "[-1, 1] 밖에 있는 출력이 있습니다: 마지막에 tanh를 쓰세요.",
    },
    "judge 09: hint discriminator BatchNormalization": {
        "en": "One, after the second Conv2D: none on the input layer (guideline 2).",
        "ko": "두 번째 Conv2D 뒤에 하나만 두세요: 입력층에는 두지 않습니다(지침 2).",
    },
    "judge 09: pair": {
        "en": "It must return a pair (real_targets, fake_targets).",
        "ko": "(real_targets, fake_targets) 쌍을 반환해야 합니다.",
    },
    "judge 09: name real": {
        "en": "discriminator_targets (real)",
        "ko": "discriminator_targets (진짜)",
    },
    "judge 09: name fake": {
        "en": "discriminator_targets (fake)",
        "ko": "discriminator_targets (가짜)",
    },
    "judge 09: a float32 tensor": {"en": "a float32 tensor", "ko": "float32 텐서"},
    "judge 09: weight arrays": {
        "en": "The networks passed in came back with another number of weight arrays.",
        "ko": "넘겨준 신경망이 돌아왔을 때 가중치 배열의 개수가 달라져 있습니다.",
    },
    "judge 09: latent_dim is 0": {"en": "latent_dim is 0", "ko": "latent_dim이 0입니다"},
    "judge 09: filters has one entry": {
        "en": "filters has one entry",
        "ko": "filters의 원소가 하나뿐입니다",
    },
    "judge 09: a filter count is 0": {
        "en": "a filter count is 0",
        "ko": "필터 수가 0인 항목이 있습니다",
    },
    "judge 09: kernel_size is 0": {"en": "kernel_size is 0", "ko": "kernel_size가 0입니다"},
    "judge 09: latent_dim is negative": {
        "en": "latent_dim is negative",
        "ko": "latent_dim이 음수입니다",
    },
    "judge 09: filters has three entries": {
        "en": "filters has three entries",
        "ko": "filters의 원소가 세 개입니다",
    },
    "judge 09: a filter count is negative": {
        "en": "a filter count is negative",
        "ko": "필터 수가 음수인 항목이 있습니다",
    },
    "judge 09: kernel_size is negative": {
        "en": "kernel_size is negative",
        "ko": "kernel_size가 음수입니다",
    },
    "judge 09: n is 0": {"en": "n is 0", "ko": "n이 0입니다"},
    "judge 09: smoothing is 1": {"en": "smoothing is 1", "ko": "smoothing이 1입니다"},
    "judge 09: smoothing is negative": {
        "en": "smoothing is negative",
        "ko": "smoothing이 음수입니다",
    },
    "judge 09: flip_rate is above 0.5": {
        "en": "flip_rate is above 0.5",
        "ko": "flip_rate가 0.5보다 큽니다",
    },
    "judge 09: flip_rate > 0 and no rng": {
        "en": "flip_rate > 0 and no rng",
        "ko": "flip_rate > 0인데 rng가 없습니다",
    },
    "judge 09: n is negative": {"en": "n is negative", "ko": "n이 음수입니다"},
    "judge 09: flip_rate is negative": {
        "en": "flip_rate is negative",
        "ko": "flip_rate가 음수입니다",
    },
    "judge 09: smoothing is above 1": {
        "en": "smoothing is above 1",
        "ko": "smoothing이 1보다 큽니다",
    },
})

# ------------------------------------------------------------------------------ builders

def generator_params(latent_dim, f0, f1, k):
    return latent_dim * 49 * f0 + 4 * f0 + k * k * f0 * f1 + 4 * f1 + k * k * f1 + 1


def discriminator_params(f0, f1, k):
    return k * k * f0 + f0 + k * k * f0 * f1 + 4 * f1 + 49 * f1 + 1


def judge_generator(student, latent_dim, filters, k, batch=3):
    inputs = {"latent_dim": latent_dim, "filters": filters, "kernel_size": k}
    model = from_spec(student.call("build_generator", latent_dim, filters, k),
                      name="build_generator", inputs=inputs)
    z = np.random.default_rng(latent_dim).standard_normal((batch, latent_dim)).astype(np.float32)
    check_model(model, name="build_generator", inputs=inputs, sample=z,
                output_shape=(batch, 28, 28, 1), params=generator_params(latent_dim, *filters, k),
                layers={"Dense": 1, "Reshape": 1, "BatchNormalization": 2, "Conv2DTranspose": 2},
                absent=["MaxPooling2D", "UpSampling2D", "Conv2D"],
                hints={"Conv2DTranspose": text("judge 09: hint Conv2DTranspose"),
                       "BatchNormalization": text("judge 09: hint generator BatchNormalization")})
    dcgan.check_generator_guidelines(model, name="build_generator", inputs=inputs)
    images = np.asarray(model(z * 5, training=False))
    if np.abs(images).max() > 1:
        gradelib.fail("build_generator", inputs, text("judge 09: outside [-1, 1]"))


def test_build_generator(student):
    judge_generator(student, 64, (64, 32), 4)
    judge_generator(student, 8, (6, 4), 3)
    # hidden: other sizes, kernel 5 and 2, a latent space of one dimension
    judge_generator(student, 1, (3, 5), 5, batch=2)
    judge_generator(student, 10, (2, 2), 2, batch=4)


def judge_discriminator(student, filters, k, batch=3):
    inputs = {"filters": filters, "kernel_size": k}
    model = from_spec(student.call("build_discriminator", filters, k),
                      name="build_discriminator", inputs=inputs)
    x = np.random.default_rng(sum(filters)).uniform(-1, 1, (batch, 28, 28, 1)).astype(np.float32)
    check_model(model, name="build_discriminator", inputs=inputs, sample=x,
                output_shape=(batch, 1), params=discriminator_params(*filters, k),
                layers={"Conv2D": 2, "BatchNormalization": 1, "Flatten": 1, "Dense": 1},
                absent=["MaxPooling2D", "AveragePooling2D", "Conv2DTranspose"],
                hints={"BatchNormalization":
                       text("judge 09: hint discriminator BatchNormalization")})
    dcgan.check_discriminator_guidelines(model, name="build_discriminator", inputs=inputs)


def test_build_discriminator(student):
    judge_discriminator(student, (32, 64), 4)
    judge_discriminator(student, (5, 7), 3)
    # hidden: other sizes and kernels
    judge_discriminator(student, (1, 2), 5, batch=2)
    judge_discriminator(student, (8, 3), 2, batch=4)


def test_builders_validation(student):
    build_generator = student.function("build_generator")
    build_discriminator = student.function("build_discriminator")
    for inputs, problem in [({"latent_dim": 0}, "latent_dim is 0"),
                            ({"latent_dim": 8, "filters": (8,)}, "filters has one entry"),
                            ({"latent_dim": 8, "filters": (8, 0)}, "a filter count is 0"),
                            ({"latent_dim": 8, "kernel_size": 0}, "kernel_size is 0"),
                            # hidden
                            ({"latent_dim": -3}, "latent_dim is negative"),
                            ({"latent_dim": 4, "filters": (2, 3, 4)}, "filters has three entries"),
                            ({"latent_dim": 4, "filters": (-2, 3)}, "a filter count is negative")]:
        gradelib.check_raises(build_generator, inputs, ValueError, text(f"judge 09: {problem}"))
    for inputs, problem in [({"filters": (4, -1)}, "a filter count is negative"),
                            ({"filters": (4, 4, 4)}, "filters has three entries"),
                            ({"kernel_size": 0}, "kernel_size is 0"),
                            # hidden
                            ({"filters": (0, 4)}, "a filter count is 0"),
                            ({"filters": (4,)}, "filters has one entry"),
                            ({"kernel_size": -2}, "kernel_size is negative")]:
        gradelib.check_raises(build_discriminator, inputs, ValueError, text(f"judge 09: {problem}"))


# ------------------------------------------------------------------------------ targets

def test_discriminator_targets(student):
    targets = student.function("discriminator_targets")
    for n, smoothing in [(5, 0.1), (3, 0.0), (4, 0.25), (7, 0.3)]:
        inputs = {"n": n, "smoothing": smoothing, "flip_rate": 0.0}
        got = targets(n, smoothing, 0.0, np.random.default_rng(0))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            gradelib.fail("discriminator_targets", inputs,
                          text("judge 09: pair"))
        gradelib.check_close(got[0], np.full((n, 1), 1 - smoothing),
                             name=text("judge 09: name real"), inputs=inputs,
                             mistakes=REAL_TARGETS)
        gradelib.check_close(got[1], np.zeros((n, 1)), name=text("judge 09: name fake"),
                             inputs=inputs, mistakes=FAKE_TARGETS)
    dcgan.check_label_noise(targets, n=20000, smoothing=0.1, flip_rate=0.05, seed=1)
    # hidden: other rates and smoothing, including the largest rate allowed
    dcgan.check_label_noise(targets, n=20000, smoothing=0.2, flip_rate=0.2, seed=11)
    dcgan.check_label_noise(targets, n=8000, smoothing=0.0, flip_rate=0.5, seed=12)


def test_discriminator_targets_validation(student):
    targets = student.function("discriminator_targets")
    rng = np.random.default_rng(0)
    for inputs, problem in [({"n": 0, "rng": rng}, "n is 0"),
                            ({"n": 4, "smoothing": 1.0, "rng": rng}, "smoothing is 1"),
                            ({"n": 4, "smoothing": -0.1, "rng": rng}, "smoothing is negative"),
                            ({"n": 4, "flip_rate": 0.6, "rng": rng}, "flip_rate is above 0.5"),
                            ({"n": 4, "flip_rate": 0.1, "rng": None}, "flip_rate > 0 and no rng"),
                            # hidden
                            ({"n": -2, "rng": rng}, "n is negative"),
                            ({"n": 4, "flip_rate": -0.01, "rng": rng}, "flip_rate is negative"),
                            ({"n": 4, "smoothing": 1.5, "rng": rng}, "smoothing is above 1")]:
        gradelib.check_raises(targets, inputs, ValueError, text(f"judge 09: {problem}"))


# ------------------------------------------------------------------------------ losses

def bce_logits(targets, logits):
    x = np.asarray(logits, dtype=float)
    return float(np.mean(np.logaddexp(0.0, x) - np.asarray(targets, dtype=float) * x))


def d_loss_reference(real_logits, fake_logits, real_targets, fake_targets):
    return bce_logits(real_targets, real_logits) + bce_logits(fake_targets, fake_logits)


def test_discriminator_loss(student):
    loss = student.function("discriminator_loss")
    rng = np.random.default_rng(3)
    real_logits, fake_logits = rng.normal(1.0, 2.0, size=(6, 1)), rng.normal(-1.0, 2.0, size=(6, 1))
    real_targets = np.full((6, 1), 0.9)
    fake_targets = np.zeros((6, 1))
    real_targets[1], fake_targets[4] = 0.0, 0.9
    cases = [(real_logits, fake_logits, real_targets, fake_targets),
             (np.array([[100.0], [50.0]]), np.array([[-100.0], [-80.0]]), np.ones((2, 1)),
              np.zeros((2, 1))),
             (np.array([[100.0], [50.0]]), np.array([[-100.0], [-80.0]]), np.full((2, 1), 0.9),
              np.zeros((2, 1)))]
    # hidden: batches of different sizes, (n,) shapes, float32 tensors, other targets
    rng = np.random.default_rng(30)
    cases.append((rng.normal(size=(5, 1)), rng.normal(size=(3, 1)), np.full((5, 1), 0.8),
                  np.array([[0.0], [0.8], [0.0]])))
    cases.append((rng.normal(size=4), rng.normal(size=4), np.full(4, 0.9), np.zeros(4)))
    for real_l, fake_l, real_t, fake_t in cases:
        inputs = {"real_logits": real_l, "fake_logits": fake_l, "real_targets": real_t,
                  "fake_targets": fake_t}
        gradelib.check_close(loss(real_l, fake_l, real_t, fake_t),
                             d_loss_reference(real_l, fake_l, real_t, fake_t),
                             name="discriminator_loss", inputs=inputs, rtol=1e-5, atol=1e-9,
                             mistakes=DISCRIMINATOR_LOSS)
    r32, f32 = (rng.normal(size=(4, 1)).astype(np.float32) for _ in range(2))
    t32, z32 = np.full((4, 1), 0.9, np.float32), np.zeros((4, 1), np.float32)
    gradelib.check_close(loss(*(wire.Tensor(v) for v in (r32, f32, t32, z32))),
                         d_loss_reference(r32, f32, t32, z32), name="discriminator_loss",
                         inputs={"real_logits": r32, "fake_logits": f32, "real_targets": t32,
                                 "fake_targets": z32, "as": "float32 tensors"},
                         rtol=1e-5, mistakes=DISCRIMINATOR_LOSS)
    check_autodiff(student, "discriminator_loss",
                   [real_logits, fake_logits, real_targets, fake_targets], position=1,
                   reference=d_loss_reference, name="discriminator_loss",
                   inputs={"real_logits": real_logits, "fake_logits": fake_logits},
                   wrt="fake_logits")


def g_loss_reference(fake_logits):
    return bce_logits(1.0, fake_logits)


def test_generator_loss(student):
    loss = student.function("generator_loss")
    rng = np.random.default_rng(4)
    fake_logits = rng.normal(0.0, 3.0, size=(5, 1))
    for logits in [fake_logits, np.array([[100.0], [-100.0]]),
                   # hidden: (n,) shape, many logits
                   rng.normal(0.0, 2.0, size=7), rng.normal(-2.0, 1.0, size=(50, 1))]:
        gradelib.check_close(loss(logits), g_loss_reference(logits), name="generator_loss",
                             inputs={"fake_logits": logits}, rtol=1e-5, mistakes=GENERATOR_LOSS)
    f32 = rng.normal(size=(4, 1)).astype(np.float32)
    gradelib.check_close(loss(wire.Tensor(f32)), g_loss_reference(f32), name="generator_loss",
                         inputs={"fake_logits": f32, "as": text("judge 09: a float32 tensor")},
                         rtol=1e-5, mistakes=GENERATOR_LOSS)
    check_autodiff(student, "generator_loss", [fake_logits], position=0,
                   reference=g_loss_reference, name="generator_loss",
                   inputs={"fake_logits": fake_logits}, wrt="fake_logits")


# ------------------------------------------------------------------------------ the step

def _bce(targets, logits):
    return tf.reduce_mean(tf.nn.softplus(logits) - targets * logits)


def reference_step(spec_g, spec_d, real, z_d, z_g, real_t, fake_t, optimizer, learning_rate,
                   variant="correct"):
    """One DCGAN step in TensorFlow from the given weights: the right step, or one of the
    known wrong ones (``variant`` a name from gradelib.mistakes.dcgan). Returns a
    StepOutcome of the trainable weights after it and the losses."""
    g = keras.models.model_from_json(spec_g.config)
    g.set_weights(spec_g.weights)
    d = keras.models.model_from_json(spec_d.config)
    d.set_weights(spec_d.weights)
    make = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[optimizer]
    d_opt, g_opt = make(learning_rate), make(learning_rate)
    real, z_d, z_g, real_t, fake_t = (tf.constant(v, tf.float32)
                                      for v in (real, z_d, z_g, real_t, fake_t))
    g_train = variant != mistakes.STEP_G_INFERENCE
    d_train = variant != mistakes.STEP_D_INFERENCE
    if variant == mistakes.STEP_HARD_TARGETS:
        real_t, fake_t = tf.ones_like(real_t), tf.zeros_like(fake_t)

    fake = g(z_d, training=g_train)
    with tf.GradientTape() as tape:
        if variant == mistakes.STEP_CONCATENATED:
            logits = d(tf.concat([real, fake], 0), training=d_train)
            n = real.shape[0]
            d_loss = _bce(real_t, logits[:n]) + _bce(fake_t, logits[n:])
        else:
            d_loss = (_bce(real_t, d(real, training=d_train))
                      + _bce(fake_t, d(fake, training=d_train)))
    old_d = [v.numpy().copy() for v in d.trainable_variables]
    if variant != mistakes.STEP_NO_D_UPDATE:
        grads = tape.gradient(d_loss, d.trainable_variables)
        d_opt.apply_gradients(zip(grads, d.trainable_variables, strict=True))
    if variant == mistakes.STEP_SIMULTANEOUS:   # G's loss through D before its update
        updated_d = [v.numpy().copy() for v in d.trainable_variables]
        for v, w in zip(d.trainable_variables, old_d, strict=True):
            v.assign(w)
    noise = z_d if variant == mistakes.STEP_SAME_NOISE else z_g
    with tf.GradientTape() as tape:
        logits = d(g(noise, training=g_train), training=d_train)
        if variant == mistakes.STEP_SATURATING:
            g_loss = -tf.reduce_mean(tf.nn.softplus(logits))
        else:
            g_loss = tf.reduce_mean(tf.nn.softplus(-logits))
    variables = g.trainable_variables + (d.trainable_variables
                                         if variant == mistakes.STEP_NOT_FROZEN else [])
    if variant != mistakes.STEP_NO_G_UPDATE:
        grads = tape.gradient(g_loss, variables)
        g_opt.apply_gradients(zip(grads[:len(g.trainable_variables)], g.trainable_variables,
                                    strict=True))
        if variant == mistakes.STEP_NOT_FROZEN:
            d_opt.apply_gradients(zip(grads[len(g.trainable_variables):], d.trainable_variables,
                                        strict=True))
    if variant == mistakes.STEP_SIMULTANEOUS:
        for v, w in zip(d.trainable_variables, updated_d, strict=True):
            v.assign(w)
    return StepOutcome([v.numpy() for v in g.trainable_variables],
                       [v.numpy() for v in d.trainable_variables],
                       (float(d_loss), float(g_loss)))


VARIANTS = ["correct", mistakes.STEP_NOT_FROZEN, mistakes.STEP_SIMULTANEOUS,
            mistakes.STEP_SAME_NOISE, mistakes.STEP_SATURATING, mistakes.STEP_NO_G_UPDATE,
            mistakes.STEP_NO_D_UPDATE, mistakes.STEP_HARD_TARGETS, mistakes.STEP_D_INFERENCE,
            mistakes.STEP_G_INFERENCE, mistakes.STEP_CONCATENATED]


def make_case(seed, *, latent_dim=3, filters=2, side=4, n=6, optimizer="sgd",
              learning_rate=0.1, compiled=False, variants=tuple(VARIANTS)):
    """Networks, inputs and each variant's outcome for one step from fixed weights."""
    generator, discriminator = dcgan.tiny_networks(seed, latent_dim, filters, side)
    spec_g = wire.ModelSpec(generator.to_json(), generator.get_weights(), "Sequential")
    spec_d = wire.ModelSpec(discriminator.to_json(), discriminator.get_weights(), "Sequential")
    rng = np.random.default_rng(seed + 100)
    real = rng.uniform(-1, 1, (n, side, side, 1)).astype(np.float32)
    z_d, z_g = (rng.standard_normal((n, latent_dim)).astype(np.float32) for _ in range(2))
    real_t = np.where(rng.random((n, 1)) < 0.2, 0.0, 0.9).astype(np.float32)
    fake_t = np.where(rng.random((n, 1)) < 0.2, 0.9, 0.0).astype(np.float32)
    outcomes = {v: reference_step(spec_g, spec_d, real, z_d, z_g, real_t, fake_t, optimizer,
                                  learning_rate, v) for v in variants}
    return {"seed": seed, "compiled": compiled, "learning_rate": learning_rate, "real": real,
            "z_d": z_d, "z_g": z_g, "real_targets": real_t, "fake_targets": fake_t,
            "outcomes": outcomes, "specs": (spec_g, spec_d), "optimizer": optimizer,
            "masks": (dcgan.trainable_mask(generator), dcgan.trainable_mask(discriminator))}


VISIBLE_CASES = [{"seed": 0}, {"seed": 1, "compiled": True}]


def judge_step(student, seed, **options):
    case = make_case(seed, **options, variants=("correct",))
    keras_name = {"sgd": "SGD", "adam": "Adam"}[case["optimizer"]]
    opt = wire.Optimizer(keras_name, {"learning_rate": case["learning_rate"]})
    spec_g, spec_d = case["specs"]
    losses, after = student.call_state(
        "dcgan_train_step", *(wire.Tensor(case[k]) for k in
                              ("real", "z_d", "z_g", "real_targets", "fake_targets")),
        spec_g, spec_d, opt, opt, compiled=case["compiled"])
    mask_g, mask_d = case["masks"]
    inputs = {"networks": f"dcgan.tiny_networks({seed}, {options})",
              "optimizers": f"{keras_name}({case['learning_rate']})",
              "compiled": bool(case["compiled"])}
    for k, spec in ((5, spec_g), (6, spec_d)):
        if not isinstance(after[k], wire.ModelSpec) or len(after[k].weights) != len(spec.weights):
            gradelib.fail("dcgan_train_step", inputs, text("judge 09: weight arrays"))
    got = {"got_generator": dcgan.trainable_weights(after[5], mask_g),
           "got_discriminator": dcgan.trainable_weights(after[6], mask_d)}
    try:   # the right step only first: the known wrong ones are computed on a failure
        dcgan.check_step_case(case, None, None, losses, name="dcgan_train_step",
                              inputs=inputs, **got)
    except AssertionError:
        case = make_case(seed, **options)
        dcgan.check_step_case(case, None, None, losses, name="dcgan_train_step",
                              inputs=inputs, **got)
        raise


def test_dcgan_train_step(student):
    for case in VISIBLE_CASES:
        judge_step(student, **case)
    # hidden: larger networks (8 x 8 images), other batch sizes and rates, Adam
    judge_step(student, 7, latent_dim=4, filters=3, side=8, n=5, learning_rate=0.05)
    judge_step(student, 8, latent_dim=2, filters=2, side=4, n=4, optimizer="adam",
               learning_rate=0.01, compiled=True)


if __name__ == "__main__":   # rewrite the visible test's stored cases
    target = gradelib.data_dir() / "09_dcgan" / "step_expected.npz"
    target.parent.mkdir(exist_ok=True)
    dcgan.save_step_cases(target, [make_case(**case) for case in VISIBLE_CASES])
    print("wrote", target)
