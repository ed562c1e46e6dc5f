"""Hidden tests of 06_vae, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones.

The notebook's ``vae.check_autodiff`` takes the gradient through the student's function
with ``tf.GradientTape``; here the kernel computes it and the judge's ``check_autodiff``
compares it with the numeric gradient of our own reference.

The model exercises (the sampling layer, the encoder and decoder builders, the training
step) are judged from data the kernel sends back: the layer's draws and gradients
(``gradelib.vae.sampling_outputs``), the builders' models as ``wire.ModelSpec`` (rebuilt
here with ``gradelib.models.from_spec``), and the step's returned losses and updated
weights from networks, noise and optimizers chosen here, against this file's own float64
reference update (``gradelib.vae.expected_vae_step`` with the reference loss below)."""

import keras
import numpy as np
from scipy import stats

import gradelib
from gradelib import vae, wire
from gradelib.gaussian import (
    check_gaussian_sampler,
    check_monte_carlo,
    kl_by_quadrature,
    monte_carlo_kl,
)
from gradelib.grading.judge import StudentRaised, check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes import (
    INTERPOLATE,
    KL_DIVERGENCE,
    REPARAMETERIZE,
    REPARAMETERIZE_SAMPLES,
    VAE_LOSS,
)
from gradelib.models import check_model, from_spec

add({
    "judge 06: tuple": {
        "en": "It must return a tuple (total, recon, kl); it returned {kind}.",
        "ko": "튜플 (total, recon, kl)을 반환해야 하는데 {kind}을(를) 반환했습니다.",
    },
    "judge 06: name float32 kl": {
        "en": "kl_divergence (float32 tensors)",
        "ko": "kl_divergence (float32 텐서)",
    },
    "judge 06: name float32 loss": {
        "en": "vae_loss (float32 tensors)",
        "ko": "vae_loss (float32 텐서)",
    },
    "judge 06: n < 2": {
        "en": "n < 2 cannot hold both endpoints",
        "ko": "n < 2이면 두 끝점을 모두 담을 수 없습니다",
    },
    "judge 06: shapes differ": {
        "en": "z0 and z1 differ in shape",
        "ko": "z0과 z1의 모양이 다릅니다",
    },
    "judge 06: Sampling raised": {
        "en": "Building Sampling(seed={seed}) and calling it on [z_mean, z_log_var] "
              "raised {kind}: {message}",
        "ko": "Sampling(seed={seed})을 만들어 [z_mean, z_log_var]에 호출했더니 "
              "{kind}이(가) 발생했습니다: {message}",
    },
    "judge 06: Sampling hint": {
        "en": "The layer's __init__ takes seed (and **kwargs for Layer); call() takes "
              "the pair [z_mean, z_log_var] and returns z.",
        "ko": "이 층의 __init__은 seed(그리고 Layer에 넘길 **kwargs)를 받고, "
              "call()은 [z_mean, z_log_var] 쌍을 받아 z를 반환합니다.",
    },
    "judge 06: hint Dense": {
        "en": "The design has three Dense layers: the 16-unit hidden layer and the two heads "
              "z_mean and z_log_var.",
        "ko": "설계에는 Dense 층이 세 개 있습니다: 유닛 16개짜리 은닉층, 그리고 두 헤드 z_mean과 "
              "z_log_var입니다.",
    },
    "judge 06: hint JudgeSampling": {
        "en": "The sampling is applied outside the encoder in this notebook (exercise 3); return "
              "[z_mean, z_log_var] only.",
        "ko": "이 노트북에서 샘플링은 인코더 밖에서 합니다(연습 3). [z_mean, z_log_var]만 "
              "반환하세요.",
    },
    "judge 06: why linear": {
        "en": "z_mean and z_log_var can be any real number",
        "ko": "z_mean과 z_log_var는 어떤 실수든 될 수 있습니다",
    },
    "judge 06: hint Conv2DTranspose": {
        "en": "Two strided transposed convolutions (7 -> 14 -> 28) and a last one with 1 filter "
              "and a sigmoid.",
        "ko": "스트라이드가 있는 전치 합성곱 두 개(7 -> 14 -> 28)와, 필터 1개에 sigmoid를 "
              "쓰는 마지막 전치 합성곱 하나입니다.",
    },
    "judge 06: why sigmoid": {
        "en": "each output is a pixel's probability of ink, in (0, 1)",
        "ko": "각 출력은 픽셀에 잉크가 있을 확률로, (0, 1) 안에 있습니다",
    },
    "judge 06: not in (0, 1)": {
        "en": "Some outputs are not in (0, 1); the last layer needs activation='sigmoid'.",
        "ko": "(0, 1) 밖에 있는 출력이 있습니다. 마지막 층에 activation='sigmoid'가 필요합니다.",
    },
    "judge 06: networks": {
        "en": "x {shape}, latent {latent}, hidden {hidden}",
        "ko": "x {shape}, 잠재 차원 {latent}, 은닉 {hidden}",
    },
})


def kl_reference(mu, logvar):
    return 0.5 * np.sum(np.exp(logvar) + mu ** 2 - 1.0 - logvar, axis=-1)


def reparameterize_reference(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


def ref_loss(x, p, m, lv):
    """The hidden tests' reference (total, recon, kl)."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    recon = np.mean(np.sum(-(x * np.log(p) + (1 - x) * np.log(1 - p)),
                           axis=tuple(range(1, x.ndim))))
    kl = np.mean(0.5 * np.sum(np.exp(lv) + m ** 2 - 1.0 - lv, axis=-1))
    return np.array([recon + kl, recon, kl])


def as_triple(got, inputs):
    """The student's (total, recon, kl) as a float array, or a clear failure."""
    if got is None or not isinstance(got, (tuple, list)) or len(got) != 3:
        gradelib.fail("vae_loss", inputs, text("judge 06: tuple", kind=type(got).__name__))
    return np.array([float(np.asarray(v)) for v in got])


def test_kl_divergence(student):
    kl_divergence = student.function("kl_divergence")
    # the visible tests
    zeros = np.zeros((1, 3))
    gradelib.check_close(kl_divergence(zeros, zeros), [0.0], name="kl_divergence",
                         inputs={"mu": zeros, "logvar": zeros}, atol=1e-12,
                         mistakes=KL_DIVERGENCE)
    for inputs in [{"mu": np.array([[0.5], [-1.5], [0.0], [2.0]]),
                    "logvar": np.array([[0.0], [-1.0], [1.5], [-3.0]])},
                   {"mu": np.array([[0.3, -2.0, 1.0], [1.0, 0.0, -0.5]]),
                    "logvar": np.array([[-4.0, 0.7, 2.0], [0.5, -0.5, 0.0]])}]:
        gradelib.check_close(kl_divergence(**inputs), kl_by_quadrature(**inputs),
                             name="kl_divergence", inputs=inputs, mistakes=KL_DIVERGENCE)
    inputs = {"mu": np.array([[1.0, -0.5], [0.0, 2.0], [-1.5, 0.3], [0.2, 0.2]]),
              "logvar": np.array([[0.4, -1.0], [-0.5, 0.5], [1.0, -2.0], [-0.3, 0.8]])}
    estimate, stderr = monte_carlo_kl(**inputs, n=20_000, seed=0)
    check_monte_carlo(kl_divergence(**inputs), estimate, stderr, name="kl_divergence",
                      inputs=inputs, false_failure_rate=1e-3, mistakes=KL_DIVERGENCE)
    check_autodiff(student, "kl_divergence", [inputs["mu"], inputs["logvar"]], position=1,
                   reference=kl_reference, name="kl_divergence", inputs=inputs, wrt="logvar")
    # the hidden tests: more shapes, float32 tensors, the gradient with respect to mu
    rng = np.random.default_rng(60)
    for shape in [(5, 4), (2, 3, 6), (1, 1)]:
        mu = rng.normal(scale=2.0, size=shape)
        lv = rng.normal(scale=2.0, size=shape)
        want = 0.5 * np.sum(np.exp(lv) + mu ** 2 - 1.0 - lv, axis=-1)
        gradelib.check_close(kl_divergence(mu, lv), want, name="kl_divergence",
                             inputs={"mu": mu, "logvar": lv}, mistakes=KL_DIVERGENCE)
    mu32 = rng.normal(size=(3, 2)).astype(np.float32)
    lv32 = rng.normal(size=(3, 2)).astype(np.float32)
    want = 0.5 * np.sum(np.exp(lv32) + mu32 ** 2 - 1.0 - lv32, axis=-1)
    gradelib.check_close(kl_divergence(wire.Tensor(mu32), wire.Tensor(lv32)), want,
                         name=text("judge 06: name float32 kl"),
                         inputs={"mu": mu32, "logvar": lv32}, rtol=1e-5, mistakes=KL_DIVERGENCE)
    check_autodiff(student, "kl_divergence", [inputs["mu"], inputs["logvar"]], position=0,
                   reference=kl_reference, name="kl_divergence", inputs=inputs, wrt="mu")


def test_reparameterize(student):
    reparameterize = student.function("reparameterize")
    # the visible tests; check_gaussian_sampler's draw(rng, n) is called once with
    # default_rng(seed): the student's function gets the eps that draw would have drawn
    mu = np.array([0.5, -1.0, 2.0])
    logvar = np.array([1.2, -1.5, 0.8])
    eps = np.random.default_rng(0).standard_normal((10_000, 3))
    draws = reparameterize(mu[None, :], logvar[None, :], eps)
    check_gaussian_sampler(
        lambda rng, n: draws,
        mean=mu, std=np.sqrt(np.exp(logvar)), name="reparameterize",
        inputs={"mu": mu, "logvar": logvar}, n=10_000, seed=0, false_failure_rate=1e-3,
        mistakes=REPARAMETERIZE_SAMPLES)
    u = np.array([[0.1, 0.5, 0.9], [0.975, 0.3, 0.02]])
    inputs = {"mu": np.tile(mu, (2, 1)), "logvar": np.tile(logvar, (2, 1)),
              "eps": stats.norm.ppf(u)}
    expected = stats.norm(loc=inputs["mu"], scale=np.sqrt(np.exp(inputs["logvar"]))).ppf(u)
    gradelib.check_close(reparameterize(**inputs), expected, name="reparameterize",
                         inputs=inputs, mistakes=REPARAMETERIZE)
    args = [inputs["mu"], inputs["logvar"], inputs["eps"]]
    check_autodiff(student, "reparameterize", args, position=1,
                   reference=reparameterize_reference, name="reparameterize", inputs=inputs,
                   wrt="logvar")
    # the hidden tests: more shapes, eps = 0, the gradient with respect to mu, and a
    # second sampler check with a small and a large variance
    rng = np.random.default_rng(61)
    for shape in [(4, 2), (2, 3, 5)]:
        m, lv, e = (rng.normal(size=shape) for _ in range(3))
        want = m + np.exp(0.5 * lv) * e
        gradelib.check_close(reparameterize(m, lv, e), want, name="reparameterize",
                             inputs={"mu": m, "logvar": lv, "eps": e}, mistakes=REPARAMETERIZE)
    m, lv = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    gradelib.check_close(reparameterize(m, lv, np.zeros((2, 4))), m, name="reparameterize",
                         inputs={"mu": m, "logvar": lv, "eps": np.zeros((2, 4))})
    check_autodiff(student, "reparameterize", args, position=0,
                   reference=reparameterize_reference, name="reparameterize", inputs=inputs,
                   wrt="mu")
    eps = np.random.default_rng(3).standard_normal((10_000, 2))
    draws = reparameterize(np.zeros((1, 2)), np.array([[-3.0, 2.5]]), eps)
    check_gaussian_sampler(
        lambda rng, n: draws,
        mean=np.zeros(2), std=np.exp(0.5 * np.array([-3.0, 2.5])), name="reparameterize",
        inputs={"mu": np.zeros(2), "logvar": np.array([-3.0, 2.5])}, n=10_000, seed=3,
        mistakes=REPARAMETERIZE_SAMPLES)


def test_vae_loss(student):
    vae_loss = student.function("vae_loss")
    # the visible tests
    rng = np.random.default_rng(6)
    mu, logvar = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    kl_mean = float(np.mean(kl_by_quadrature(mu, logvar)))
    x = (rng.random((3, 4, 5)) < 0.4).astype(float)
    inputs = {"x": x, "x_decoded": rng.uniform(0.05, 0.95, size=(3, 4, 5)), "mu": mu,
              "logvar": logvar}
    recon = float(np.mean(-stats.bernoulli.logpmf(x, inputs["x_decoded"]).sum(axis=(1, 2))))
    gradelib.check_close(as_triple(vae_loss(**inputs), inputs),
                         [recon + kl_mean, recon, kl_mean],
                         name="vae_loss", inputs=inputs, rtol=1e-6, mistakes=VAE_LOSS)
    inputs = {"x": rng.random((3, 4, 4, 1)),
              "x_decoded": rng.uniform(0.05, 0.95, size=(3, 4, 4, 1)), "mu": mu,
              "logvar": logvar}
    bce = np.asarray(keras.losses.binary_crossentropy(inputs["x"], inputs["x_decoded"]))
    recon = float(np.mean(bce.sum(axis=(1, 2))))
    gradelib.check_close(as_triple(vae_loss(**inputs), inputs),
                         [recon + kl_mean, recon, kl_mean],
                         name="vae_loss", inputs=inputs, rtol=1e-6, mistakes=VAE_LOSS)
    # the gradient of the total, vae_loss(...)[0], as the notebook takes it
    one = {key: value[:1] for key, value in inputs.items()}
    check_autodiff(student, "vae_loss", [one["x"], one["x_decoded"], one["mu"], one["logvar"]],
                   position=1, reference=ref_loss, name="vae_loss", inputs=one,
                   wrt="x_decoded", tol=1e-5, output=0)
    # the hidden tests
    rng = np.random.default_rng(62)
    for shape in [(5, 28, 28), (2, 6, 6, 1), (4, 10)]:
        x = rng.random(shape)
        p = rng.uniform(0.01, 0.99, size=shape)
        m, lv = rng.normal(size=(shape[0], 3)), rng.normal(size=(shape[0], 3))
        given = {"x": x, "x_decoded": p, "mu": m, "logvar": lv}
        gradelib.check_close(as_triple(vae_loss(**given), given), ref_loss(x, p, m, lv),
                             name="vae_loss", inputs=given, rtol=1e-6, mistakes=VAE_LOSS)
    # saturated outputs that match the image exactly: finite, close to zero
    x = (rng.random((2, 5, 5)) < 0.5).astype(float)
    given = {"x": x, "x_decoded": x.copy(), "mu": np.zeros((2, 2)), "logvar": np.zeros((2, 2))}
    gradelib.check_close(as_triple(vae_loss(**given), given), [0.0, 0.0, 0.0], name="vae_loss",
                         inputs=given, atol=1e-4)
    # float32 tensors, as inside the model
    in32 = {k: v.astype(np.float32) for k, v in
            {"x": rng.random((3, 4, 4, 1)), "x_decoded": rng.uniform(0.05, 0.95, (3, 4, 4, 1)),
             "mu": rng.normal(size=(3, 2)), "logvar": rng.normal(size=(3, 2))}.items()}
    np_in = {k: v.astype(float) for k, v in in32.items()}
    got = vae_loss(**{k: wire.Tensor(v) for k, v in in32.items()})
    gradelib.check_close(as_triple(got, np_in),
                         ref_loss(np_in["x"], np_in["x_decoded"], np_in["mu"], np_in["logvar"]),
                         name=text("judge 06: name float32 loss"), inputs=np_in, rtol=1e-4,
                         mistakes=VAE_LOSS)


def test_interpolate(student):
    interpolate = student.function("interpolate")
    for z0, z1, n in [([1.0, -2.0], [-0.5, 3.0], 6), ([0.0, 0.0, 1.0], [2.0, 4.0, -1.0], 2),
                      ([0.3, 0.7], [0.3, -0.7], 11)]:
        inputs = {"z0": np.array(z0), "z1": np.array(z1), "n": n}
        gradelib.check_close(interpolate(**inputs), np.linspace(inputs["z0"], inputs["z1"], n),
                             name="interpolate", inputs=inputs, mistakes=INTERPOLATE)
    # the hidden tests
    rng = np.random.default_rng(63)
    for d, n in [(2, 9), (16, 3), (1, 5)]:
        z0, z1 = rng.normal(size=d), rng.normal(size=d)
        t = np.arange(n)[:, None] / (n - 1)
        gradelib.check_close(interpolate(z0, z1, n), z0 + t * (z1 - z0), name="interpolate",
                             inputs={"z0": z0, "z1": z1, "n": n}, mistakes=INTERPOLATE)


def test_interpolate_validation(student):
    interpolate = student.function("interpolate")
    gradelib.check_raises(interpolate, {"z0": np.zeros(2), "z1": np.ones(2), "n": 1},
                          problem=text("judge 06: n < 2"))
    gradelib.check_raises(interpolate, {"z0": np.zeros(2), "z1": np.ones(3), "n": 4},
                          problem=text("judge 06: shapes differ"))
    # the hidden tests
    gradelib.check_raises(interpolate, {"z0": np.ones(3), "z1": np.zeros(3), "n": 0},
                          problem=text("judge 06: n < 2"))
    gradelib.check_raises(interpolate, {"z0": np.zeros(4), "z1": np.ones(2), "n": 5},
                          problem=text("judge 06: shapes differ"))


# --- the model exercises --------------------------------------------------------------------

def sampling_judged(student, z_mean, z_log_var, seed):
    try:
        outputs = student.call("gradelib.vae.sampling_outputs", "Sampling", z_mean, z_log_var,
                               seed=seed)
    except StudentRaised as raised:
        if isinstance(raised, NotImplementedError):   # unfinished: the cell fails as it is
            raise
        gradelib.fail("Sampling", {"seed": seed},
                      text("judge 06: Sampling raised", seed=seed, kind=raised.student_type,
                           message=str(raised)[:300]),
                      [text("judge 06: Sampling hint")])
    vae.check_sampling_outputs(outputs, z_mean, z_log_var, mistakes=REPARAMETERIZE_SAMPLES)


def test_sampling_layer(student):
    # the visible test: 10,000 rows, three coordinates, seed 0
    sampling_judged(student, np.tile([0.5, -1.0, 2.0], (10_000, 1)),
                    np.tile([1.2, -1.5, 0.0], (10_000, 1)), seed=0)
    # the hidden test: a small and a large variance, another seed
    sampling_judged(student, np.tile([-2.0, 0.0], (8_000, 1)), np.tile([-4.0, 2.5], (8_000, 1)),
                    seed=7)


class JudgeSampling(keras.layers.Layer):
    """Stands in for a Sampling layer a student put inside the encoder, so that the model
    can be rebuilt and check_model can say so."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)

    def call(self, inputs):
        return inputs[0]


def encoder_params(d, f0, f1):
    return (9 * f0 + f0) + (9 * f0 * f1 + f1) + (49 * f1 * 16 + 16) + 2 * (16 * d + d)


def decoder_params(d, f0, f1):
    return (d + 1) * 49 * f1 + (9 * f1 * f1 + f1) + (9 * f1 * f0 + f0) + (9 * f0 + 1)


def judge_encoder(student, latent_dim, filters, batch):
    inputs = {"latent_dim": latent_dim, "filters": filters}
    spec = student.call("build_encoder", latent_dim, filters)
    model = from_spec(spec, name="build_encoder", inputs=inputs,
                      custom_objects={"Sampling": JudgeSampling})
    images = np.random.default_rng(latent_dim).random((batch, 28, 28, 1)).astype(np.float32)
    check_model(model, name="build_encoder", inputs=inputs, sample=images,
                output_shape=[(batch, latent_dim), (batch, latent_dim)],
                params=encoder_params(latent_dim, *filters),
                layers={"Conv2D": 2, "Flatten": 1, "Dense": 3},
                absent=["MaxPooling2D", "JudgeSampling"],
                hints={"Dense": text("judge 06: hint Dense"),
                       "JudgeSampling": text("judge 06: hint JudgeSampling")})
    vae.check_head_activations(model, "linear", 2, name="build_encoder", inputs=inputs,
                               why=text("judge 06: why linear"))


def test_build_encoder(student):
    judge_encoder(student, 2, (16, 32), 3)
    judge_encoder(student, 3, (8, 16), 3)
    # the hidden tests: other sizes
    judge_encoder(student, 5, (4, 12), 2)
    judge_encoder(student, 1, (6, 6), 4)


def judge_decoder(student, latent_dim, filters, batch):
    inputs = {"latent_dim": latent_dim, "filters": filters}
    model = from_spec(student.call("build_decoder", latent_dim, filters), name="build_decoder",
                      inputs=inputs)
    codes = np.random.default_rng(latent_dim).normal(size=(batch, latent_dim)).astype(np.float32)
    check_model(model, name="build_decoder", inputs=inputs, sample=codes,
                output_shape=(batch, 28, 28, 1), params=decoder_params(latent_dim, *filters),
                layers={"Dense": 1, "Reshape": 1, "Conv2DTranspose": 3}, absent=["UpSampling2D"],
                hints={"Conv2DTranspose": text("judge 06: hint Conv2DTranspose")})
    vae.check_head_activations(model, "sigmoid", 1, name="build_decoder", inputs=inputs,
                               why=text("judge 06: why sigmoid"))
    out = np.asarray(model(codes, training=False))
    if not ((out > 0) & (out < 1)).all():
        gradelib.fail("build_decoder", inputs, text("judge 06: not in (0, 1)"))


def test_build_decoder(student):
    judge_decoder(student, 2, (16, 32), 4)
    judge_decoder(student, 3, (8, 16), 4)
    # the hidden tests: other sizes
    judge_decoder(student, 6, (4, 10), 2)
    judge_decoder(student, 1, (5, 3), 3)


def batched_reference(x, x_decoded, z_mean, z_log_var):
    """recon and kl (K,) for x_decoded (K, n, ...) and z_mean, z_log_var (K, n, d)."""
    p = np.clip(x_decoded, 1e-7, 1 - 1e-7)
    nll = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    recon = nll.reshape(*nll.shape[:2], -1).sum(axis=-1).mean(axis=-1)
    kl = 0.5 * np.sum(np.exp(z_log_var) + z_mean ** 2 - 1.0 - z_log_var, axis=-1)
    return recon, kl.mean(axis=-1)


def judge_step(student, seed, *, input_shape=(6,), latent_dim=2, hidden=4, n=5, beta=0.5,
               optimizer="sgd", learning_rate=0.1, compiled=False):
    rng = np.random.default_rng(seed)
    encoder, decoder = vae.step_networks(input_shape, latent_dim, hidden, seed=rng)
    specs = [wire.ModelSpec(m.to_json(), [np.asarray(w) for w in m.get_weights()], "Functional")
             for m in (encoder, decoder)]
    x = rng.random((n, *input_shape)).astype(np.float32)
    eps = rng.standard_normal((n, latent_dim)).astype(np.float32)
    expected = vae.expected_vae_step(encoder, decoder, x, eps, beta=beta, loss=batched_reference,
                                     sample=reparameterize_reference, optimizer=optimizer,
                                     learning_rate=learning_rate)
    keras_name = {"sgd": "SGD", "adam": "Adam"}[optimizer]
    opt = wire.Optimizer(keras_name, {"learning_rate": learning_rate})
    losses, after = student.call_state("vae_train_step", wire.Tensor(x), wire.Tensor(eps),
                                       specs[0], specs[1], opt, beta, compiled=compiled)
    vae.check_vae_step(expected, after[2], after[3], losses, name="vae_train_step",
                       inputs={"x": x, "eps": eps, "beta": beta,
                               "optimizer": f"{keras_name}({learning_rate})",
                               "networks": text("judge 06: networks", shape=input_shape,
                                                latent=latent_dim, hidden=hidden)})


def test_vae_train_step(student):
    judge_step(student, seed=0, beta=0.5)
    judge_step(student, seed=1, beta=2.0, compiled=True)
    # hidden: images with a channel axis, other sizes and beta, Adam
    judge_step(student, seed=10, input_shape=(3, 2, 1), latent_dim=3, hidden=5, n=4, beta=1.5,
               learning_rate=0.05)
    judge_step(student, seed=11, input_shape=(4,), latent_dim=1, hidden=3, n=6, beta=0.25,
               optimizer="adam", learning_rate=0.01, compiled=True)
