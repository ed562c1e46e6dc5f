# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Variational autoencoders: KL divergence, the reparameterisation trick, latent spaces
#
# **What you will learn**
#
# - why a variational autoencoder (VAE) encodes each image as a *distribution*
#   q(z | x) = N(μ, diag σ²) instead of a single point, and what that does to its latent space;
# - the loss a VAE minimises, the negative ELBO: a reconstruction loss plus a KL divergence,
#   both in nats per image;
# - the reparameterisation trick, which lets gradients flow through a random sample;
# - how to walk a latent space: decode a grid, interpolate between two codes, and move
#   images along concept vectors.
#
# You will implement the KL divergence, the reparameterised sampler, the VAE loss and
# latent interpolation, and then the VAE itself as the Keras example "Variational
# AutoEncoder" has its reader write it: the sampling layer, the encoder, the decoder and
# the training step. You train *your* convolutional VAE with a 2-D latent space on 4,000
# handwritten digits and compare its latent space with a plain autoencoder's.
#
# | English | the notes' term |
# |---|---|
# | variational autoencoder | 변이형 오토인코더 |
# | latent space | 잠재 공간 |
# | reconstruction loss | 재구성 손실 |
# | regularization loss | 규제 손실 |
# | KL divergence | KL 발산 |
# | concept vector | 개념 벡터 |
# | evidence lower bound | ELBO |
#
# Notes covered: 000 and 001 (Chollet, *Deep Learning with Python*, ch. 12.4: VAEs,
# concept vectors) and 004 (the VAE slides: q(z|x), KL term, the sampling problem and its
# fix, vector arithmetic). **Prerequisites:** notebook 05 (autoencoders, latent space);
# Gaussian distributions; logarithms; a Keras functional model and `tf.GradientTape`
# (notebook 05). **Time:** about 2 hours; the notebook runs in about 3 minutes on a
# laptop CPU.
#
# Check your work from a terminal with `gradelib check notebooks/06_vae/06_vae.ipynb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
try:
    import gradelib
except ModuleNotFoundError as exc:  # opened outside the course: say what to install
    raise ModuleNotFoundError(
        "This notebook needs the course's gradelib package, which this kernel cannot "
        "import. Get the course folder (a checkout of its repository), run "
        "`pip install -e .` inside it (README, Quickstart), and choose that Python "
        "environment as this notebook's kernel; in a hosted notebook service, run "
        "`%pip install -e /path/to/the/course` in a cell and restart the kernel."
    ) from exc

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import ops
from scipy import stats
from sklearn.neighbors import KNeighborsClassifier

from gradelib import vae
from gradelib.diagrams import draw
from gradelib.gaussian import (
    check_gaussian_sampler,
    check_monte_carlo,
    kl_by_quadrature,
    monte_carlo_kl,
)
from gradelib.mistakes import (
    INTERPOLATE,
    KL_DIVERGENCE,
    REPARAMETERIZE,
    REPARAMETERIZE_SAMPLES,
    VAE_LOSS,
)
from gradelib.models import check_model
from gradelib.widgets import LatentExplorer

gradelib.setup(seed=0)
digits = gradelib.load_digits()
print("training images", digits.x_train.shape, "held-out images", digits.x_test.shape)


# %% [markdown]
# ## 1. From an autoencoder to a variational autoencoder (변이형 오토인코더)
#
# An autoencoder maps each image to one point of the latent space (잠재 공간) and back.
# Nothing asks the points to fill the space evenly, so between and around them lie codes
# the decoder never saw, and decoding a random code gives a smudge (the notes, 004: "AE는
# 한 포인트에 매핑되기에 … 뚜렷한 생성 이미지를 만들기 힘듦").
#
# A VAE's encoder outputs a *distribution* for each image instead: a diagonal Gaussian
# $q(z \mid x) = \mathcal N(\mu(x), \operatorname{diag} \sigma^2(x))$. The network outputs
# $\mu$ and $\log \sigma^2$, the **log-variance** `logvar`: any real number is a valid
# log-variance, while a variance must be positive. So
#
# $$ \sigma^2 = e^{\text{logvar}}, \qquad \sigma = e^{\text{logvar}/2}. $$
#
# Training maximises the evidence lower bound (ELBO) on the log-likelihood of each image
# (Kingma & Welling, 2014, eq. 3; the notes' 목적함수):
#
# $$ \log p(x) \;\ge\; \underbrace{\mathbb E_{z \sim q(z \mid x)}\big[\log p(x \mid z)\big]}_{-\text{reconstruction loss}}
#    \;-\; \underbrace{D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z)\big)}_{\text{regularization loss}}, \qquad p(z) = \mathcal N(0, I). $$
#
# The loss is the negative ELBO: the reconstruction loss (재구성 손실) makes decoded
# samples match the input; the regularization loss (규제 손실), a KL divergence (KL 발산),
# pulls every q(z | x) towards the prior N(0, I), so that the codes of all images overlap
# into one continuous, structured space. Both are in **nats per image**. (The slides in
# 004 write the reconstruction term as an RMSE; for pixels in [0, 1] read as Bernoulli
# probabilities, $-\log p(x \mid z)$ is the binary cross-entropy summed over pixels, which
# is what Keras' VAE example and this notebook use.)
#
# ### Where the bound comes from: the posterior and variational inference
#
# The notes (004) give the encoder its goal: find the ideal **posterior** (사후 확률분포)
# $p(z \mid x)$, the codes that could have produced $x$. Bayes' rule writes it as
# $p(x \mid z)\, p(z) / p(x)$, but $p(x) = \int p(x \mid z)\, p(z)\, dz$ is an integral over
# every code that no one can compute for a neural decoder. **Variational inference**
# (변분추론) therefore picks a tractable family, diagonal Gaussians $q(z \mid x)$, and moves
# its parameters towards $p(z \mid x)$. For *any* q, because $\log p(x)$ does not depend on z
# and $p(x) = p(x \mid z)\, p(z) / p(z \mid x)$ for every z,
#
# $$ \begin{aligned}
# \log p(x) &= \mathbb E_{q(z \mid x)}\Big[\log \frac{p(x \mid z)\, p(z)}{p(z \mid x)}\Big]
#   = \mathbb E_{q}\Big[\log \frac{p(x \mid z)\, p(z)}{q(z \mid x)}\Big] + \mathbb E_{q}\Big[\log \frac{q(z \mid x)}{p(z \mid x)}\Big] \\
#   &= \underbrace{\mathbb E_{q}\big[\log p(x \mid z)\big] - D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z)\big)}_{\text{ELBO}}
#   \;+\; D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z \mid x)\big)
# \end{aligned} $$
#
# (Kingma & Welling, 2014, eq. 1). The last term is a KL divergence, never negative, so the
# ELBO is a lower bound on $\log p(x)$, tight exactly when $q(z \mid x) = p(z \mid x)$. Since
# $\log p(x)$ does not depend on the encoder, raising the ELBO in the encoder's parameters
# can only shrink the gap $D_{\mathrm{KL}}(q(z \mid x) \,\|\, p(z \mid x))$: it brings q towards
# the ideal posterior, which is the notes' 변분추론. Raising it in the decoder's parameters
# raises $\log p(x)$ itself (up to the gap). Neither $p(x)$ nor $p(z \mid x)$ is ever computed:
# both terms of the ELBO need only the decoder, the prior and q.
#
# Your functions run inside the model's training step, on TensorFlow tensors, so write
# them with **`keras.ops`** (imported as `ops`: `ops.exp`, `ops.log`, `ops.sum`,
# `ops.mean`, `ops.square`, `ops.clip`, …). These accept NumPy arrays too, so the tests
# call them with arrays; NumPy functions would cut the gradient.
#
# **한국어 요약.** 오토인코더는 이미지를 잠재 공간의 한 점에 매핑하지만, 변이형 오토인코더(VAE)의
# 인코더는 이미지마다 분포 q(z | x) = N(μ, diag σ²)의 μ와 로그 분산 logvar(σ² = e^logvar)를 출력한다.
# 손실은 음의 ELBO, 곧 재구성 손실 −E_q[log p(x | z)]와 규제 손실 KL(q(z | x) ‖ N(0, I))의 합이며, 둘 다
# 이미지당 nat 단위다. log p(x) = ELBO + KL(q(z | x) ‖ p(z | x))이고 이 KL은 0 이상이므로, ELBO를 높이면
# q가 이상적인 사후 확률분포 p(z | x)에 다가간다(변분추론). p(x)도 p(z | x)도 계산할 필요가 없다.
# 함수들은 모델 안에서 텐서로 돌기 때문에 `keras.ops`로 쓴다.

# %% [markdown]
# ## 2. The KL divergence of a diagonal Gaussian (KL 발산)
#
# For one latent coordinate, $q = \mathcal N(\mu, \sigma^2)$ and $p = \mathcal N(0, 1)$:
#
# $$ D_{\mathrm{KL}}(q \,\|\, p) = \int q(z) \log \frac{q(z)}{p(z)}\, dz
#    = \tfrac12 \left(\sigma^2 + \mu^2 - 1 - \log \sigma^2\right). $$
#
# The coordinates of a diagonal Gaussian are independent, so for $d$ of them the
# divergences **add up** (Kingma & Welling, 2014, appendix B):
#
# $$ D_{\mathrm{KL}} = \tfrac12 \sum_{j=1}^{d} \left(e^{\text{logvar}_j} + \mu_j^2 - 1 - \text{logvar}_j\right) \;\ge 0, $$
#
# with equality exactly when $\mu = 0$ and $\text{logvar} = 0$ (q = p).
#
# **Exercise 1 (3 points).** Implement `kl_divergence(mu, logvar)`: one KL per example,
# in nats, summed over the last (latent) axis. Use `keras.ops`.
#
# **계약.** mu, logvar: 같은 모양 (..., d)의 배열 또는 텐서 → 모양 (...)의 예제별 KL(nat), 마지막 축 d에
# 대해 합한다; `keras.ops`로 써서 텐서에서도 TensorFlow가 미분할 수 있어야 한다.

# %% nbgrader={"grade": false, "grade_id": "kl_divergence", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_divergence(mu, logvar):
    """KL(N(mu, diag(exp(logvar))) || N(0, I)) per example, in nats.

    Args:
        mu, logvar: arrays or tensors of the same shape (..., d): the mean and the
            log-variance of each latent coordinate.

    Returns:
        array or tensor of shape (...): the divergence of each example, summed over
        the d latent coordinates.
    """
    ### BEGIN SOLUTION
    return 0.5 * ops.sum(ops.exp(logvar) + ops.square(mu) - 1.0 - logvar, axis=-1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_kl_divergence", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# q = p: no divergence
zeros = np.zeros((1, 3))
gradelib.check_close(kl_divergence(zeros, zeros), [0.0], name="kl_divergence",
                     inputs={"mu": zeros, "logvar": zeros}, atol=1e-12, mistakes=KL_DIVERGENCE)

# one latent coordinate: SciPy's numerical integral of q log(q / p)
inputs = {"mu": np.array([[0.5], [-1.5], [0.0], [2.0]]),
          "logvar": np.array([[0.0], [-1.0], [1.5], [-3.0]])}
gradelib.check_close(kl_divergence(**inputs), kl_by_quadrature(**inputs), name="kl_divergence",
                     inputs=inputs, mistakes=KL_DIVERGENCE)

# three coordinates: the one-coordinate divergences add up
inputs = {"mu": np.array([[0.3, -2.0, 1.0], [1.0, 0.0, -0.5]]),
          "logvar": np.array([[-4.0, 0.7, 2.0], [0.5, -0.5, 0.0]])}
gradelib.check_close(kl_divergence(**inputs), kl_by_quadrature(**inputs), name="kl_divergence",
                     inputs=inputs, mistakes=KL_DIVERGENCE)

# a Monte Carlo estimate, the mean of log q(z) - log p(z) over 20,000 draws z ~ q: a correct
# answer falls outside the estimate's band with probability 0.001 (the seed is fixed)
inputs = {"mu": np.array([[1.0, -0.5], [0.0, 2.0], [-1.5, 0.3], [0.2, 0.2]]),
          "logvar": np.array([[0.4, -1.0], [-0.5, 0.5], [1.0, -2.0], [-0.3, 0.8]])}
estimate, stderr = monte_carlo_kl(**inputs, n=20_000, seed=0)
check_monte_carlo(kl_divergence(**inputs), estimate, stderr, name="kl_divergence",
                  inputs=inputs, false_failure_rate=1e-3, mistakes=KL_DIVERGENCE)

# it must run on tensors inside the model, and TensorFlow must differentiate it
vae.check_autodiff(lambda lv: kl_divergence(inputs["mu"], lv), inputs["logvar"],
                   name="kl_divergence", inputs=inputs, wrt="logvar")
print("kl_divergence: visible tests passed")

# %% [markdown]
# ### Experiment: what the regularization loss asks of the encoder
#
# For one coordinate, KL is smallest (0) at μ = 0, σ = 1. Moving the mean away costs
# μ²/2; shrinking the spread to pin the code down costs −log σ, which grows without
# bound: the KL term stops the encoder from collapsing each image onto one point, as a
# plain autoencoder would.

# %%
with gradelib.experiment("KL of one coordinate"):
    print(f"{'mu':>5} {'sigma':>6} {'logvar':>7} {'KL (nats)':>10}")
    for m, s in [(0, 1), (1, 1), (2, 1), (0, 0.5), (0, 0.1), (0, 0.01), (0, 2), (1, 0.1)]:
        lv = 2 * np.log(s)
        k = float(np.asarray(kl_divergence(np.array([[m]], float), np.array([[lv]])))[0])
        print(f"{m:>5} {s:>6} {lv:>7.2f} {k:>10.3f}")

    grid_mu, grid_lv = np.meshgrid(np.linspace(-3, 3, 121), np.linspace(-6, 3, 121))
    surface = np.asarray(kl_divergence(grid_mu[..., None], grid_lv[..., None]))
    plt.figure(figsize=(5, 3.5))
    contours = plt.contour(grid_mu, grid_lv, surface, levels=[0.1, 0.5, 1, 2, 4, 8])
    plt.clabel(contours, fontsize=8)
    plt.plot(0, 0, "k*", markersize=10, label="q = p: KL = 0")
    plt.xlabel("mu")
    plt.ylabel("logvar")
    plt.title("KL(q || N(0, 1)) in nats, one coordinate")
    plt.legend(loc="lower right")
    plt.tight_layout()
    plt.show()


# %% [markdown]
# **한국어 요약.** 좌표 하나의 KL 발산은 $\tfrac12(\sigma^2 + \mu^2 - 1 - \log \sigma^2)$이고, 대각 가우시안의
# 좌표는 독립이므로 d개 좌표의 KL을 더한다. 값은 항상 0 이상이며 $\mu = 0$, logvar $= 0$ (q = p)일 때만 0이다.
# 표에서 평균을 옮기는 비용은 $\mu^2/2$ (μ = 2이면 2.000 nat)이고, 퍼짐을 줄이는 비용은 $-\log \sigma$로 끝없이
# 커진다(σ = 0.1이면 1.808, σ = 0.01이면 4.105 nat). 그래서 규제 손실은 인코더가 일반 오토인코더처럼 각
# 이미지를 한 점으로 붕괴시키지 못하게 막는다.

# %% [markdown]
# ## 3. Sampling with the reparameterisation trick
#
# To train the decoder we draw a code $z \sim q(z \mid x)$ and decode it. Drawing it
# directly is a random node: there is no gradient of "a random draw" with respect to μ and
# σ, so backpropagation cannot reach the encoder (004: "q(z|x)에서 바로 sampling하면 미분
# 불가능해져 역전파 불가"). The fix is to draw the noise from a fixed distribution and
# make z a deterministic, differentiable function of it (004: "Z를 직접 샘플링하는 게
# 아니라, 노이즈를 샘플링"):
#
# $$ \varepsilon \sim \mathcal N(0, I), \qquad z = \mu + \sigma \odot \varepsilon = \mu + e^{\text{logvar}/2} \odot \varepsilon, $$
#
# so $\partial z / \partial \mu = 1$ and $\partial z / \partial\, \text{logvar} = \tfrac12 \sigma \varepsilon$.
#
# A known bug: the first edition of *Deep Learning with Python* (2017, listing 8.24)
# samples `z_mean + K.exp(z_log_var) * epsilon`, a standard deviation of
# $e^{\text{logvar}}$, which is the *variance*. The model still trains (the encoder learns
# to output a different number), but its q is not the Gaussian the KL term measures. The
# second edition and the Keras example use `ops.exp(0.5 * z_log_var)`.
#
# **Exercise 2 (2 points).** Implement `reparameterize(mu, logvar, eps)`. The noise `eps`
# is passed in (the model draws it with a seeded Keras generator, the tests with a seeded
# NumPy one), so the function itself is deterministic. Use `keras.ops`.
#
# **계약.** mu, logvar (..., d), eps: mu와 같은(또는 브로드캐스트 가능한) 모양의 표준정규 잡음 →
# 브로드캐스트 모양의 z = mu + exp(0.5·logvar)·eps; 잡음을 직접 뽑지 않는 결정적 함수이며, 표준편차는
# exp(logvar)가 아니라 exp(logvar / 2)이다.

# %% nbgrader={"grade": false, "grade_id": "reparameterize", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reparameterize(mu, logvar, eps):
    """Reparameterised sample z = mu + sigma * eps of N(mu, diag(exp(logvar))).

    Args:
        mu, logvar: arrays or tensors (..., d).
        eps: standard normal noise, same shape as mu (or broadcastable with it).

    Returns:
        array or tensor of the broadcast shape: z.
    """
    ### BEGIN SOLUTION
    return mu + ops.exp(0.5 * logvar) * eps
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_reparameterize", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# statistically: 10,000 draws with eps from a seeded generator must have mean mu and
# standard deviation exp(logvar / 2) in every coordinate. Each coordinate's mean (z-test)
# and variance (chi-square test) is tested; a correct sampler fails the whole check with
# probability 0.001 (the seed is fixed, so a given function passes or fails every time).
mu = np.array([0.5, -1.0, 2.0])
logvar = np.array([1.2, -1.5, 0.8])
check_gaussian_sampler(
    lambda rng, n: reparameterize(mu[None, :], logvar[None, :], rng.standard_normal((n, 3))),
    mean=mu, std=np.sqrt(np.exp(logvar)), name="reparameterize",
    inputs={"mu": mu, "logvar": logvar}, n=10_000, seed=0, false_failure_rate=1e-3,
    mistakes=REPARAMETERIZE_SAMPLES)

# exactly, with eps passed in: eps = Phi^-1(u) must give the u-quantile of N(mu, exp(logvar))
u = np.array([[0.1, 0.5, 0.9], [0.975, 0.3, 0.02]])
inputs = {"mu": np.tile(mu, (2, 1)), "logvar": np.tile(logvar, (2, 1)), "eps": stats.norm.ppf(u)}
expected = stats.norm(loc=inputs["mu"], scale=np.sqrt(np.exp(inputs["logvar"]))).ppf(u)
gradelib.check_close(reparameterize(**inputs), expected, name="reparameterize", inputs=inputs,
                     mistakes=REPARAMETERIZE)

# the point of the trick: z is differentiable in mu and logvar
vae.check_autodiff(lambda lv: reparameterize(inputs["mu"], lv, inputs["eps"]), inputs["logvar"],
                   name="reparameterize", inputs=inputs, wrt="logvar")
print("reparameterize: visible tests passed")

# %% [markdown]
# ### Experiment: your sampler against the first edition's
#
# Draw 20,000 codes with your `reparameterize` and with the first edition's standard
# deviation $e^{\text{logvar}}$, for a coordinate with logvar = 1 (variance e ≈ 2.72,
# standard deviation √e ≈ 1.65).

# %%
with gradelib.experiment("the sampler's spread"):
    rng = np.random.default_rng(0)
    eps = rng.standard_normal((20_000, 1))
    m, lv = np.array([[1.0]]), np.array([[1.0]])
    yours = np.asarray(reparameterize(m, lv, eps))[:, 0]
    first_edition = (m + np.exp(lv) * eps)[:, 0]
    print(f"{'':<22} {'mean':>6} {'std':>6}")
    print(f"{'target N(1, e)':<22} {1.0:>6.3f} {np.sqrt(np.e):>6.3f}")
    print(f"{'your reparameterize':<22} {yours.mean():>6.3f} {yours.std():>6.3f}")
    print(f"{'std = exp(logvar)':<22} {first_edition.mean():>6.3f} {first_edition.std():>6.3f}")
    grid = np.linspace(-8, 10, 300)
    plt.figure(figsize=(5.5, 3))
    plt.hist(yours, bins=80, density=True, alpha=0.5, label="your reparameterize")
    plt.hist(first_edition, bins=80, density=True, alpha=0.5, label="std = exp(logvar)")
    plt.plot(grid, stats.norm(1, np.sqrt(np.e)).pdf(grid), "k", label="N(1, e)")
    plt.legend(fontsize=8)
    plt.xlabel("z")
    plt.tight_layout()
    plt.show()


# %% [markdown]
# ### The VAE with the reparameterisation, as a picture
#
# The encoder outputs μ and logvar; the noise ε comes from outside the network; z is a
# deterministic function of all three; the decoder turns z into pixel probabilities. The
# loss has two terms: the reconstruction term needs the decoder's output, the KL term
# only μ and logvar. The dashed red arrows are the gradient's path back to the encoder:
# through z into μ and logvar (∂z/∂μ = 1, ∂z/∂logvar = ½σε), and never into ε.

# %%
vae_boxes = {
    "x": (0.05, 0.55, "image x\n(28, 28, 1)", "data"),
    "enc": (0.19, 0.55, "encoder\nq(z | x)", "net"),
    "mu": (0.36, 0.88, "z_mean μ", "state"),
    "lv": (0.36, 0.22, "z_log_var\nlogvar", "state"),
    "eps": (0.57, 1.02, "ε ~ N(0, I)\n(from outside)", "data"),
    "z": (0.57, 0.55, "z = μ + exp(½ logvar) ⊙ ε\n(Sampling layer)", "op"),
    "dec": (0.77, 0.55, "decoder\np(x | z)", "net"),
    "xhat": (0.92, 0.55, "x̂: pixel\nprobabilities", "data"),
    "recon": (0.92, 0.08, "recon = BCE(x, x̂)\nsummed over pixels", "loss"),
    "kl": (0.6, 0.0, "KL(q(z | x) || N(0, I))", "loss"),
}
red = {"color": "tab:red", "linestyle": "--"}
vae_arrows = [("x", "enc"), ("enc", "mu"), ("enc", "lv"), ("mu", "z"), ("lv", "z"), ("eps", "z"),
              ("z", "dec"), ("dec", "xhat"), ("xhat", "recon"),
              ("mu", "kl", "", {"connectionstyle": "arc3,rad=0.45"}), ("lv", "kl"),
              ("recon", "dec", "", {**red, "connectionstyle": "arc3,rad=-0.3"}),
              ("dec", "z", "", {**red, "connectionstyle": "arc3,rad=0.6"}),
              ("z", "enc", "", {**red, "connectionstyle": "arc3,rad=0.35"})]
draw(vae_boxes, vae_arrows, size=(11, 4.4), ylim=(-0.3, 1.1),
     caption="loss = recon + β · KL   (β = 1: the negative ELBO, in nats per image)\n"
             "dashed red: the gradient's path back to the encoder, through z (never into ε)")
plt.show()

# %% [markdown]
# ### The sampling layer
#
# In Keras the sampling step is a layer, so that it can sit between the encoder and the
# decoder of a model: the Keras example's `Sampling` (the second edition's `Sampler`).
# Its `call` receives the pair `(z_mean, z_log_var)`, the names the Keras example gives μ
# and logvar, draws ε ~ N(0, I) of `z_mean`'s shape, and returns
# `z_mean + exp(0.5 * z_log_var) * ε`: **use your `reparameterize`**. Draw ε with
# `keras.random.normal(shape, seed=self.seed_generator)`: the `keras.random.SeedGenerator`
# made once in `__init__` (given) advances at every call, so each call draws new noise,
# and two layers made with the same seed draw the same sequence (that is what makes the
# tests repeatable). A plain integer seed in `call` would draw the *same* noise every
# time.
#
# **Exercise 3 (2 points).** Write `Sampling.call`. Where the layer goes in this
# notebook's VAE is a design choice, stated here: the **encoder** you build in section 5
# holds only Keras' own layers and returns `[z_mean, z_log_var]`; the `Sampling` layer is
# applied *outside* it (by the model, when it evaluates held-out images), and the
# training step receives its noise ε as an argument so that one step can be checked from
# fixed weights. (The Keras example puts `Sampling` inside its encoder, which then
# returns `[z_mean, z_log_var, z]`.)
#
# **계약.** inputs = (z_mean, z_log_var), 각각 float32 (batch, latent_dim) → float32 z, 같은 모양;
# 호출마다 `self.seed_generator`로 z_mean 모양의 표준정규 잡음을 새로 뽑아 `reparameterize`로 z를
# 돌려주며, 두 입력 모두로 기울기가 흘러야 한다.

# %% nbgrader={"grade": false, "grade_id": "sampling_layer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Sampling(keras.layers.Layer):
    """Draws z ~ q(z | x) = N(z_mean, diag(exp(z_log_var))) by the reparameterisation trick
    (Kingma & Welling, 2014, sec. 2.4; the Keras example "Variational AutoEncoder").

    Args (constructor):
        seed: int or None, seeds the layer's keras.random.SeedGenerator.

    Call args:
        inputs: a pair (z_mean, z_log_var) of float32 tensors (batch, latent_dim).

    Returns:
        float32 tensor (batch, latent_dim): z = z_mean + exp(0.5 * z_log_var) * eps with
        eps ~ N(0, I) drawn afresh at every call; differentiable in z_mean and z_log_var.
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        ### BEGIN SOLUTION
        z_mean, z_log_var = inputs
        noise = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return reparameterize(z_mean, z_log_var, noise)
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sampling_layer", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Sampling(seed=0) on 10,000 equal rows of (z_mean, z_log_var) with three coordinates:
# - every coordinate's draws must have mean z_mean and standard deviation exp(z_log_var / 2)
#   (a z-test and a chi-square test per coordinate; a correct layer fails with probability
#   0.001, and the seed is fixed, so a given layer passes or fails every time);
# - a second call must draw new noise;
# - the gradient of sum(z) must reach both inputs: 1 for z_mean, (z - z_mean) / 2 for z_log_var.
vae.check_sampling_layer(Sampling, mistakes=REPARAMETERIZE_SAMPLES)
print("Sampling: visible tests passed")


# %% [markdown]
# **한국어 요약.** q(z|x)에서 z를 바로 뽑으면 무작위 노드라 μ, σ에 대한 기울기가 없어 역전파가 인코더에
# 닿지 못한다. 재매개변수화 트릭은 잡음 ε ~ N(0, I)를 밖에서 뽑아 z = μ + e^(logvar/2) ⊙ ε로 쓰므로
# ∂z/∂μ = 1, ∂z/∂logvar = ½σε이 되어 기울기가 인코더까지 흐른다. logvar = 1이면 표준편차는 √e ≈ 1.65여야
# 하는데, 1판처럼 e^logvar를 쓰면 e ≈ 2.72, 곧 분산을 표준편차로 쓴 셈이 된다. Keras의 `Sampling` 층은
# 호출마다 새 잡음을 뽑아 이 식으로 z를 만들며, 이 노트북에서는 인코더 밖에 놓인다.

# %% [markdown]
# ## 4. The VAE loss: reconstruction plus KL, per image (the negative ELBO)
#
# The decoder outputs, for every pixel, the probability $\hat x$ that it is ink (a sigmoid).
# Read as a Bernoulli likelihood, $-\log p(x \mid z)$ is the binary cross-entropy summed
# over **all** pixels:
#
# $$ \text{recon}(x, \hat x) = -\sum_{\text{pixels } i} \big( x_i \log \hat x_i + (1 - x_i) \log(1 - \hat x_i) \big), $$
#
# which also works for grey levels $x_i \in [0, 1]$. The loss of one image is
# recon + KL, the negative ELBO in nats; `vae_loss` returns the means over the batch of
# the total, the reconstruction term and the KL term. Clip $\hat x$ to
# $[10^{-7}, 1 - 10^{-7}]$ before the logarithms, as Keras does, so that a saturated
# sigmoid cannot give log 0.
#
# **The scale matters.** Any factor between the two terms turns the loss into
# recon + β · KL, a β-VAE (Higgins et al., 2017); only β = 1 is the negative ELBO. Read off
# the code the notes come from, with d latent coordinates and D = 784 pixels:
#
# | code | reconstruction term | KL term | β, read per image | at d = 2 |
# |---|---|---|---|---|
# | Keras example "Variational AutoEncoder" (keras.io), and this notebook | BCE summed over pixels | summed over the d coordinates (`reduce_sum(kl_loss, axis=1)`) | 1 | 1 (the ELBO) |
# | *Deep Learning with Python*, 2nd ed. (2021), ch. 12.4, the source of note 001 | BCE summed over pixels | `tf.reduce_mean(kl_loss)`: the mean over the batch **and** the d coordinates, KL / d | 1 / d | 0.5 |
# | *Deep Learning with Python*, 1st ed. (2017), listing 8.25 | `K.flatten` then `binary_crossentropy`: the mean over all pixels, recon / D | `-5e-4 * K.mean(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)` = 5e-4 · 2 KL / d = 10⁻³ KL / d | D · 10⁻³ / d (multiply the loss by D to read it per image) | 784 · 10⁻³ / 2 ≈ **0.39** |
# | a common slip: BCE averaged over pixels, KL summed | recon / D | KL | D | 784 |
#
# So the first edition's tiny 5e-4 does not make the KL term negligible: after its
# per-pixel average it is a β of about 0.39, a little *less* KL pressure than the ELBO's.
#
# **What "nats per image" means here.** For black-and-white pixels, the summed binary
# cross-entropy is exactly $-\log p(x \mid z)$ of a Bernoulli decoder, and recon + KL is an
# upper bound on $-\log p(x)$ in nats. Our digits, like the Keras example's MNIST, have
# grey levels $x_i \in [0, 1]$, and for those the "Bernoulli likelihood" is not a
# normalised density of $x$: even the perfect prediction $\hat x = x$ pays
# $\sum_i H(x_i) = -\sum_i \big(x_i \log x_i + (1 - x_i) \log(1 - x_i)\big) > 0$. The number is
# still a proper training loss (its minimum over $\hat x$ is at $\hat x = x$), and it
# compares models on the same images, but it is not $-\log p(x)$ of any model. Section 5
# prints this floor beside the VAE, so read the reconstruction term as "floor + excess";
# binarising the images (as Kingma & Welling did for MNIST) would make it a true bound.
#
# **The notes' "RMSE + KL 가중합" is a Gaussian decoder with a β.** The slides (004)
# minimise a weighted sum of a reconstruction error and the KL. For real-valued pixels the
# natural decoder is Gaussian, $p(x \mid z) = \mathcal N(\hat x, \sigma^2 I)$, with
# $-\log p(x \mid z) = \frac{1}{2\sigma^2} \lVert x - \hat x \rVert^2 + \frac D2 \log(2\pi\sigma^2)$. So
# the ELBO with a Gaussian decoder *is* "squared error + KL", and the weight is a choice
# of σ: the loss $\mathrm{MSE} + w \cdot \mathrm{KL}$ (MSE the mean over the D pixels) equals,
# up to the factor $D / (2\sigma^2)$ and a constant, $\frac{1}{2\sigma^2}\lVert x - \hat x\rVert^2 + \beta\, \mathrm{KL}$
# with $\beta = D w / (2 \sigma^2)$. It is the exact negative ELBO (β = 1) for the decoder
# variance $\sigma^2 = D w / 2$; with a fixed $\sigma$, it is a β-VAE with that β. For
# example $1000 \cdot \mathrm{MSE} + \mathrm{KL}$ on 784 pixels ($w = 10^{-3}$) is the ELBO of
# a decoder with $\sigma^2 = 0.392$, σ ≈ 0.63 on a [0, 1] grey scale: a very tolerant
# decoder, which is why such models blur. The RMSE, $\sqrt{\mathrm{MSE}}$, is not a
# log-likelihood; its gradient is the MSE's divided by $2\,\mathrm{RMSE}$, so it acts like
# an MSE whose weight grows as the error shrinks (σ² = D · w · RMSE at the current error).
#
# **Exercise 4 (3 points).** Implement `vae_loss(x, x_decoded, mu, logvar)`. The images
# may have any number of pixel axes after the batch axis ((batch, 28, 28) or
# (batch, 28, 28, 1)): sum over all of them. You may call your `kl_divergence`. Use
# `keras.ops`.
#
# **계약.** x, x_decoded: 같은 모양 (batch, ...), 값은 [0, 1]; mu, logvar (batch, d) → 배치 평균 스칼라 세 개
# (total, recon, kl), 이미지당 nat, total = recon + kl; 배치 축 뒤의 모든 픽셀 축에 대해 합하고, 로그를 취하기
# 전에 x_decoded를 [1e-7, 1 − 1e-7]로 자른다.

# %% nbgrader={"grade": false, "grade_id": "vae_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def vae_loss(x, x_decoded, mu, logvar):
    """The VAE's loss, the negative ELBO, in nats per image.

    Args:
        x: images (batch, ...) with values in [0, 1].
        x_decoded: the decoder's pixel probabilities, same shape as x.
        mu, logvar: the encoder's outputs (batch, d).

    Returns:
        (total, recon, kl): three scalars, the means over the batch of the per-image
        negative ELBO, binary cross-entropy summed over pixels, and KL divergence;
        total = recon + kl.
    """
    ### BEGIN SOLUTION
    p = ops.clip(x_decoded, 1e-7, 1.0 - 1e-7)
    cross_entropy = -(x * ops.log(p) + (1.0 - x) * ops.log(1.0 - p))
    pixel_axes = tuple(range(1, len(cross_entropy.shape)))
    recon = ops.mean(ops.sum(cross_entropy, axis=pixel_axes))
    kl = ops.mean(kl_divergence(mu, logvar))
    return recon + kl, recon, kl
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_vae_loss", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def as_triple(got, inputs):
    """The student's (total, recon, kl) as a float array, or a clear failure."""
    if got is None or not isinstance(got, (tuple, list)) or len(got) != 3:
        gradelib.fail("vae_loss", inputs, f"It must return a tuple (total, recon, kl); "
                      f"it returned {type(got).__name__}.")
    return np.array([float(np.asarray(v)) for v in got])


rng = np.random.default_rng(6)
mu, logvar = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
kl_mean = float(np.mean(kl_by_quadrature(mu, logvar)))

# black-and-white images without a channel axis: recon = -log of SciPy's Bernoulli pmf
x = (rng.random((3, 4, 5)) < 0.4).astype(float)
inputs = {"x": x, "x_decoded": rng.uniform(0.05, 0.95, size=(3, 4, 5)), "mu": mu, "logvar": logvar}
recon = float(np.mean(-stats.bernoulli.logpmf(x, inputs["x_decoded"]).sum(axis=(1, 2))))
gradelib.check_close(as_triple(vae_loss(**inputs), inputs), [recon + kl_mean, recon, kl_mean],
                     name="vae_loss", inputs=inputs, rtol=1e-6, mistakes=VAE_LOSS)

# grey levels with a channel axis: Keras' binary cross-entropy (it averages over the last
# axis, here of size 1), summed over the pixels
inputs = {"x": rng.random((3, 4, 4, 1)), "x_decoded": rng.uniform(0.05, 0.95, size=(3, 4, 4, 1)),
          "mu": mu, "logvar": logvar}
bce = np.asarray(keras.losses.binary_crossentropy(inputs["x"], inputs["x_decoded"]))
recon = float(np.mean(bce.sum(axis=(1, 2))))
gradelib.check_close(as_triple(vae_loss(**inputs), inputs), [recon + kl_mean, recon, kl_mean],
                     name="vae_loss", inputs=inputs, rtol=1e-6, mistakes=VAE_LOSS)

# gradients must flow to the decoder's output (and, through kl, to the encoder's)
one = {key: value[:1] for key, value in inputs.items()}
vae.check_autodiff(lambda p: vae_loss(one["x"], p, one["mu"], one["logvar"])[0],
                   one["x_decoded"], name="vae_loss", inputs=one, wrt="x_decoded", tol=1e-5)
print("vae_loss: visible tests passed")


# %% [markdown]
# **한국어 요약.** 이미지 한 장의 손실은 음의 ELBO = 재구성 손실(픽셀 전체에 대해 합한 이진 교차 엔트로피) +
# KL 발산이고, `vae_loss`는 그 배치 평균 (total, recon, kl)을 돌려준다. 두 항 사이의 가중치는 모두 β-VAE의
# β이며 β = 1만 ELBO다: 1판의 5e-4는 픽셀 평균과 합쳐 d = 2에서 β ≈ 0.39, 2판은 β = 1/d, 픽셀 평균 + KL 합은
# β = 784다. 회색조 픽셀에서는 완벽한 예측도 $\sum_i H(x_i) > 0$을 치르므로 재구성 손실은 "바닥 + 초과분"으로
# 읽는다. 노트의 "RMSE + KL 가중합"은 가우시안 디코더의 ELBO로, 가중치가 디코더 분산 σ²(곧 β)를 정한다.

# %% [markdown]
# ## 5. The VAE in Keras: encoder, decoder, training step
#
# The architecture is the Keras example's at half its widths: two strided 3 × 3
# convolutions (16 and 32 filters instead of 32 and 64) and a 16-unit dense layer give μ
# and logvar (2 each: a 2-D latent space we can draw); the decoder mirrors them with
# transposed convolutions and ends in a sigmoid. Half the width costs a quarter of the
# computation, which buys four times as many training steps on a CPU; with a 2-D code, the
# code, not the network, limits how well images are reconstructed. This is the notes'
# "케라스로 VAE 구현": encoder → sampling → decoder, self-supervised (the input is the
# target).
#
# **Exercise 5 (2 points).** Write `build_encoder(latent_dim, filters)`, a functional
# `keras.Model` from images (batch, 28, 28, 1) to the list `[z_mean, z_log_var]`:
#
# `Conv2D(filters[0], 3, strides=2, padding="same", activation="relu")` →
# `Conv2D(filters[1], 3, strides=2, padding="same", activation="relu")` → `Flatten` →
# `Dense(16, activation="relu")` → two `Dense(latent_dim)` heads **without an activation**
# (a mean and a log-variance can be any real number), named `"z_mean"` and `"z_log_var"`.
#
# No `Sampling` layer inside (see exercise 3). With `latent_dim=2, filters=(16, 32)` it
# has 29,972 parameters. The test checks the layer types, the two output shapes, the
# parameter count and that the heads are linear; the hidden test does the same for other
# sizes.
#
# **계약.** latent_dim ≥ 1, filters (정수 두 개) → `keras.Model`: 입력 float32 (batch, 28, 28, 1) → 출력
# [z_mean, z_log_var], 각각 float32 (batch, latent_dim); 두 헤드는 활성화 없는 Dense이고 Sampling 층은 넣지
# 않는다(latent_dim=2, filters=(16, 32)이면 파라미터 29,972개).

# %% nbgrader={"grade": false, "grade_id": "build_encoder", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_encoder(latent_dim=2, filters=(16, 32)):
    """The VAE's encoder q(z | x): the Keras example's convolutional encoder (keras.io,
    "Variational AutoEncoder", 2020) without its sampling layer.

    Args:
        latent_dim: int >= 1, the size of the code.
        filters: a pair of ints, the filters of the two strided convolutions.

    Returns:
        keras.Model: input float32 images (batch, 28, 28, 1) in [0, 1]; outputs the list
        [z_mean, z_log_var], each float32 (batch, latent_dim), from linear Dense heads
        named "z_mean" and "z_log_var".
    """
    ### BEGIN SOLUTION
    images = keras.Input(shape=(28, 28, 1))
    h = keras.layers.Conv2D(filters[0], 3, strides=2, padding="same", activation="relu")(images)
    h = keras.layers.Conv2D(filters[1], 3, strides=2, padding="same", activation="relu")(h)
    h = keras.layers.Dense(16, activation="relu")(keras.layers.Flatten()(h))
    z_mean = keras.layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = keras.layers.Dense(latent_dim, name="z_log_var")(h)
    return keras.Model(images, [z_mean, z_log_var], name="encoder")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_encoder", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
images = np.random.default_rng(5).random((3, 28, 28, 1)).astype("float32")
check_model(build_encoder(2, (16, 32)), name="build_encoder",
            inputs={"latent_dim": 2, "filters": (16, 32)}, sample=images,
            output_shape=[(3, 2), (3, 2)], params=29_972,
            layers={"Conv2D": 2, "Flatten": 1, "Dense": 3}, absent=["MaxPooling2D", "Sampling"],
            hints={"Dense": "The design has three Dense layers: the 16-unit hidden layer and "
                            "the two heads z_mean and z_log_var.",
                   "Sampling": "The sampling is applied outside the encoder in this notebook "
                               "(exercise 3); return [z_mean, z_log_var] only."})
vae.check_head_activations(build_encoder(3, (8, 16)), "linear", 2, name="build_encoder",
                           inputs={"latent_dim": 3, "filters": (8, 16)},
                           why="z_mean and z_log_var can be any real number")
print("build_encoder: visible tests passed")

# %% [markdown]
# **Exercise 6 (2 points).** Write `build_decoder(latent_dim, filters)`, a functional
# `keras.Model` from codes (batch, latent_dim) to pixel probabilities (batch, 28, 28, 1):
#
# `Dense(7 * 7 * filters[1], activation="relu")` → `Reshape((7, 7, filters[1]))` →
# `Conv2DTranspose(filters[1], 3, strides=2, padding="same", activation="relu")` →
# `Conv2DTranspose(filters[0], 3, strides=2, padding="same", activation="relu")` →
# `Conv2DTranspose(1, 3, padding="same", activation="sigmoid")`.
#
# The sigmoid makes each output pixel the mean of a Bernoulli distribution, as `vae_loss`
# reads it. With `latent_dim=2, filters=(16, 32)` it has 18,721 parameters.
#
# **계약.** latent_dim ≥ 1, filters (정수 두 개, 거꾸로 씀) → `keras.Model`: 입력 float32 (batch, latent_dim)
# → 출력 float32 (batch, 28, 28, 1), 값은 (0, 1) (마지막 층 sigmoid); latent_dim=2, filters=(16, 32)이면
# 파라미터 18,721개.

# %% nbgrader={"grade": false, "grade_id": "build_decoder", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_decoder(latent_dim=2, filters=(16, 32)):
    """The VAE's decoder p(x | z): the Keras example's transposed-convolution decoder.

    Args:
        latent_dim: int >= 1, the size of the code.
        filters: a pair of ints, as for build_encoder (used in reverse order).

    Returns:
        keras.Model: input float32 codes (batch, latent_dim); output float32
        (batch, 28, 28, 1) in (0, 1), per-pixel Bernoulli means (a sigmoid).
    """
    ### BEGIN SOLUTION
    codes = keras.Input(shape=(latent_dim,))
    h = keras.layers.Dense(7 * 7 * filters[1], activation="relu")(codes)
    h = keras.layers.Reshape((7, 7, filters[1]))(h)
    h = keras.layers.Conv2DTranspose(filters[1], 3, strides=2, padding="same", activation="relu")(h)
    h = keras.layers.Conv2DTranspose(filters[0], 3, strides=2, padding="same", activation="relu")(h)
    pixels = keras.layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(h)
    return keras.Model(codes, pixels, name="decoder")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_decoder", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
codes = np.random.default_rng(6).normal(size=(4, 2)).astype("float32")
check_model(build_decoder(2, (16, 32)), name="build_decoder",
            inputs={"latent_dim": 2, "filters": (16, 32)}, sample=codes,
            output_shape=(4, 28, 28, 1), params=18_721,
            layers={"Dense": 1, "Reshape": 1, "Conv2DTranspose": 3}, absent=["UpSampling2D"],
            hints={"Conv2DTranspose": "Two strided transposed convolutions (7 -> 14 -> 28) and "
                                      "a last one with 1 filter and a sigmoid."})
vae.check_head_activations(build_decoder(3, (8, 16)), "sigmoid", 1, name="build_decoder",
                           inputs={"latent_dim": 3, "filters": (8, 16)},
                           why="each output is a pixel's probability of ink, in (0, 1)")
print("build_decoder: visible tests passed")

# %% [markdown]
# ### The training step
#
# One step of gradient descent on the negative ELBO, as the Keras example's `train_step`
# does it, with two changes that make it checkable: the noise ε is an **argument** (a step
# that draws its own noise cannot be compared with a reference from fixed weights), and
# the KL term has a weight β (1 for the ELBO; section 4 says where other values come from).
#
# 1. `z_mean, z_log_var = encoder(x)`; `z = reparameterize(z_mean, z_log_var, eps)`;
#    `x_decoded = decoder(z)`;
# 2. `(_, recon, kl) = vae_loss(x, x_decoded, z_mean, z_log_var)` and
#    `loss = recon + beta * kl`, all inside one `tf.GradientTape`;
# 3. the gradients of `loss` with respect to `encoder.trainable_weights +
#    decoder.trainable_weights`, applied once with `optimizer.apply_gradients`;
# 4. return `(loss, recon, kl)`, the values before the update.
#
# **Exercise 7 (4 points).** Write `vae_train_step`. The test builds two tiny networks
# (an MLP encoder and a sigmoid MLP decoder, `vae.step_networks`), runs your step once
# with SGD from fixed weights, and compares the new weights with the update that
# centred-difference gradients give, computed in float64 with the networks in NumPy, your
# `reparameterize`, your `kl_divergence` and Keras' binary cross-entropy summed over the
# pixels (what your `vae_loss` computes); then again under `tf.function`, as `fit` runs it.
# The hidden test uses other sizes, β and an Adam optimizer, against its own reference
# loss (so a wrong `vae_loss` costs points here too: fix exercise 4 first). Named wrong steps: the KL
# subtracted, std = exp(logvar), β not applied, the KL left out, only one network updated,
# the loss summed over the batch.
#
# **계약.** x float32 (batch, ...), eps float32 (batch, latent_dim) → 갱신 전의 스칼라 텐서 (loss, recon, kl),
# loss = recon + beta·kl(배치 평균); eps는 인자로 받고(스텝 안에서 뽑지 않음) 기울기를 인코더와 디코더 가중치
# 모두에 한 번 적용하며, `tf.function` 안에서도 돌아야 한다.

# %% nbgrader={"grade": false, "grade_id": "vae_train_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def vae_train_step(x, eps, encoder, decoder, optimizer, beta=1.0):
    """One training step of a VAE on the loss recon + beta * kl (Kingma & Welling, 2014,
    Algorithm 1 with one sample of eps per image; the Keras example's train_step).

    Args:
        x: float32 tensor (batch, ...) of images in [0, 1].
        eps: float32 tensor (batch, latent_dim), standard normal noise, one row per image.
        encoder: keras.Model, x -> [z_mean, z_log_var], each (batch, latent_dim).
        decoder: keras.Model, z -> pixel probabilities of x's shape.
        optimizer: a Keras optimizer; it updates encoder.trainable_weights +
            decoder.trainable_weights once.
        beta: float, the weight of the KL term (1: the negative ELBO).

    Returns:
        (loss, recon, kl): three scalar tensors, the batch means in nats per image before
        the update, with loss = recon + beta * kl.
    """
    ### BEGIN SOLUTION
    weights = encoder.trainable_weights + decoder.trainable_weights
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        x_decoded = decoder(reparameterize(z_mean, z_log_var, eps), training=True)
        _, recon, kl = vae_loss(x, x_decoded, z_mean, z_log_var)
        loss = recon + beta * kl
    optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
    return loss, recon, kl
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_vae_train_step", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
def one_step(step, seed, beta, learning_rate=0.1):
    """Run `step` once on tiny networks; check it against numeric gradients in float64."""
    rng = np.random.default_rng(seed)
    step_encoder, step_decoder = vae.step_networks(input_shape=(6,), latent_dim=2, hidden=4, seed=rng)
    x = rng.random((5, 6)).astype("float32")
    eps = rng.standard_normal((5, 2)).astype("float32")
    expected = vae.expected_vae_step(step_encoder, step_decoder, x, eps, beta=beta,
                                     loss=vae.bce_and_kl(kl_divergence), sample=reparameterize,
                                     optimizer="sgd", learning_rate=learning_rate)
    losses = step(tf.constant(x), tf.constant(eps), step_encoder, step_decoder,
                  keras.optimizers.SGD(learning_rate), beta)
    vae.check_vae_step(expected, step_encoder, step_decoder, losses, name="vae_train_step",
                       inputs={"x": x, "eps": eps, "beta": beta, "optimizer": f"SGD({learning_rate})"})


one_step(vae_train_step, seed=0, beta=0.5)
one_step(tf.function(vae_train_step), seed=1, beta=2.0)   # as fit runs it
print("vae_train_step: visible tests passed")

# %% [markdown]
# ### Training your VAE
#
# The model below is the Keras example's `VAE` made thin: its `train_step` draws ε with a
# seeded Keras generator and calls **your** `vae_train_step`; its `test_step` samples z
# with **your** `Sampling` layer and evaluates **your** `vae_loss`. Keras tracks the means
# of the three terms over each epoch, on the training images and on 1,000 held-out images.

# %%
class VAE(keras.Model):
    """Encoder -> Sampling -> decoder, trained by vae_train_step (your functions)."""

    def __init__(self, encoder, decoder, beta=1.0, seed=0):
        super().__init__()
        self.encoder, self.decoder, self.beta = encoder, decoder, beta
        self.latent_dim = encoder.outputs[0].shape[-1]
        self.noise = keras.random.SeedGenerator(seed)   # eps for the training steps
        self.sampling = Sampling(seed=seed + 1)         # z for the held-out images
        self.trackers = [keras.metrics.Mean(name=n) for n in ("loss", "recon", "kl")]

    @property
    def metrics(self):
        return self.trackers

    def record(self, losses):
        for tracker, value in zip(self.trackers, losses):
            tracker.update_state(value)
        return {t.name: t.result() for t in self.trackers}

    def call(self, x, training=False):
        z_mean, z_log_var = self.encoder(x, training=training)
        return self.decoder(self.sampling([z_mean, z_log_var]), training=training)

    def train_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        eps = keras.random.normal((ops.shape(x)[0], self.latent_dim), seed=self.noise)
        return self.record(vae_train_step(x, eps, self.encoder, self.decoder, self.optimizer,
                                          self.beta))

    def test_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        z_mean, z_log_var = self.encoder(x, training=False)
        z = self.sampling([z_mean, z_log_var])
        _, recon, kl = vae_loss(x, self.decoder(z, training=False), z_mean, z_log_var)
        return self.record((recon + self.beta * kl, recon, kl))


n_train = gradelib.pick(full=4000, grading=600)
epochs = gradelib.pick(full=25, grading=2)
ae_epochs = gradelib.pick(full=15, grading=2)
BATCH_SIZE, FILTERS = 32, (16, 32)
x_train = digits.x_train[:n_train, :, :, None]
x_test = digits.x_test[:, :, :, None]
y_train, y_test = digits.y_train[:n_train], digits.y_test

print_epoch = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: print(
    f"epoch {epoch + 1:>2}: recon {logs['recon']:6.1f} + KL {logs['kl']:4.2f} = "
    f"{logs['loss']:6.1f} nats/image   held-out: recon {logs['val_recon']:6.1f} + "
    f"KL {logs['val_kl']:4.2f} = {logs['val_loss']:6.1f}"))
encoder = decoder = history = None
print(f"{n_train} training images, {epochs} epochs, batch size {BATCH_SIZE}")
with gradelib.experiment("training your VAE"):
    keras.utils.set_random_seed(0)
    encoder = build_encoder(2, filters=FILTERS)
    decoder = build_decoder(2, filters=FILTERS)
    model = VAE(encoder, decoder)
    model.compile(optimizer=keras.optimizers.Adam(2e-3))
    history = model.fit(x_train, validation_data=(x_test,), epochs=epochs, batch_size=BATCH_SIZE,
                        callbacks=[print_epoch], verbose=0).history

# %% [markdown]
# For scale: a model that ignores the image and predicts ink with probability 0.5 at
# every pixel pays 784 ln 2 ≈ 543 nats per image; one that predicts the average training
# image at every pixel (no latent code at all) pays the value below. Everything the VAE
# gains beyond that comes from the two numbers of its latent code. The last row is the
# grey-level floor of section 4: the cross-entropy of the perfect prediction x̂ = x,
# $\sum_i H(x_i)$, which no model can go below on these images.

# %%
coin_flip = 784 * np.log(2)
mean_image_recon = float("nan")
with gradelib.experiment("baselines"):
    mean_image = np.broadcast_to(x_train.mean(axis=0), x_test.shape)
    no_code = np.zeros((len(x_test), 2), dtype=np.float32)
    mean_image_recon = float(np.asarray(vae_loss(x_test, mean_image, no_code, no_code)[1]))
grey_floor = float(np.mean((stats.entropy(np.stack([x_test, 1 - x_test]), axis=0)).sum(axis=(1, 2, 3))))
print(f"{'model':<40} {'recon':>7} {'KL':>6} {'total':>7}   (nats per held-out image)")
print(f"{'pixel probability 0.5':<40} {coin_flip:>7.1f} {0:>6.2f} {coin_flip:>7.1f}")
print(f"{'the mean training image':<40} {mean_image_recon:>7.1f} {0:>6.2f} {mean_image_recon:>7.1f}")
print(f"{'perfect prediction x_hat = x (the floor)':<40} {grey_floor:>7.1f} {0:>6.2f} {grey_floor:>7.1f}")
if history is not None:
    print(f"{'this VAE, after ' + str(epochs) + ' epochs':<40} {history['val_recon'][-1]:>7.1f} "
          f"{history['val_kl'][-1]:>6.2f} {history['val_loss'][-1]:>7.1f}")
    print(f"{'keras.io VAE, 70,000 images, 30 epochs*':<40} {140.15:>7.1f} {6.80:>6.2f} {146.95:>7.1f}")
    print("* the example's last-epoch training averages, on full MNIST (train + test)")
if history is not None:
    print(f"\n{'epoch':>5} {'recon':>7} {'KL':>6} {'total':>7}  | {'held-out recon':>14} "
          f"{'KL':>6} {'total':>7}")
    for i in range(len(history["loss"])):
        print(f"{i + 1:>5} {history['recon'][i]:>7.1f} {history['kl'][i]:>6.2f} "
              f"{history['loss'][i]:>7.1f}  | {history['val_recon'][i]:>14.1f} "
              f"{history['val_kl'][i]:>6.2f} {history['val_loss'][i]:>7.1f}")
    # holds in grading mode too: even two short epochs beat the coin flip
    assert history["val_recon"][-1] < coin_flip, "the VAE should beat predicting 0.5 everywhere"

# %% [markdown]
# Read the table as the anchor's trend, not its numbers. The Keras example trains a
# network twice as wide on all 70,000 MNIST images for 30 epochs (2.1 million image
# passes, about 16,000 steps of 128); this run sees 4,000 images for 25 epochs (100,000
# image passes, 3,125 steps of 32) on a CPU, so its reconstruction loss ends higher. The shape is the
# same: in the first epochs the reconstruction loss falls fast while the KL term stays
# at two to three nats (the codes still carry little information); then the encoder spends
# more KL per image to place the digits apart in the latent plane, and the reconstruction
# loss keeps falling more slowly. (In the run we made while writing this notebook, the
# held-out KL jumped from 2.9 to 4.4 nats at epoch 6 and to 4.9 at epoch 7, while the
# held-out reconstruction loss dropped from 189 to 175 nats: the second latent coordinate
# started to carry information. It ended at 163.0 + 5.4 nats on the held-out images,
# against the example's 140.15 + 6.80 on its training images; the grey-level floor of
# these images is 46 nats.) A few nats of KL is all a 2-D code carries; the reconstruction term
# dominates the ELBO.
#
# **한국어 요약.** Keras 예제를 절반 폭으로 줄인 인코더(스트라이드 합성곱 2개 → Dense(16) → 선형 헤드 z_mean,
# z_log_var; 29,972개)와 디코더(Dense → Reshape → 전치 합성곱 3개, sigmoid; 18,721개)를 만들고, 잡음을 인자로
# 받는 `vae_train_step`으로 recon + β·KL을 두 네트워크에 함께 최적화했다. 4,000장, 25 에폭 동안 재구성 손실은
# 빠르게 줄고, 검증 KL은 몇 nat에 머물다 두 번째 잠재 좌표가 쓰이며 6-7 에폭에 2.9 → 4.4 → 4.9 nat으로 뛰었다
# (우리 실행 최종: 검증 163.0 + 5.4 nat; 동전 던지기 543 nat, 평균 이미지 208.5 nat, 회색조 바닥 46 nat).
# 예제의 140.15 + 6.80과는 학습량이 20배 달라 수치가 아니라 추세를 비교하며, ELBO는 재구성 항이 지배한다.

# %% [markdown]
# ## 6. The latent plane
#
# Encode the held-out images (their means μ) and colour them by digit; then decode a grid
# of points of the plane. Because every q(z | x) was pulled towards N(0, I), the codes fill
# a round region around the origin without big holes, and nearby points decode to similar
# images.

# %%
SKIPPED = "Skipped: this cell uses your trained VAE; finish exercises 1-7 and run the training cell."
mu_test = mu_train = None
if history is None:
    print(SKIPPED)
else:
    mu_test = np.asarray(encoder.predict(x_test, verbose=0)[0])
    mu_train = np.asarray(encoder.predict(x_train, verbose=0)[0])
    values, z_grid = vae.latent_grid(n=15, limit=2.0)
    grid_images = vae.decode(decoder, z_grid)

    fig, axes = plt.subplots(1, 2, figsize=(12, 5.5))
    points = axes[0].scatter(mu_test[:, 0], mu_test[:, 1], c=y_test, cmap="tab10", s=6)
    axes[0].legend(*points.legend_elements(), title="digit", fontsize=7, loc="upper right")
    axes[0].set_title("held-out codes (mu), VAE")
    axes[0].set_xlabel("z[0]")
    axes[0].set_ylabel("z[1]")
    axes[1].imshow(vae.tile_images(grid_images, cols=15, pad=0), cmap="gray_r",
                   extent=[-2.15, 2.15, -2.15, 2.15])
    axes[1].set_title("decoded grid over [-2, 2]^2")
    axes[1].set_xlabel("z[0]")
    plt.tight_layout()
    plt.show()
    print("code mean per axis", mu_test.mean(axis=0).round(2), " std",
          mu_test.std(axis=0).round(2), " (the prior: 0 and 1)")

# %% [markdown]
# What q(z | x) is: one held-out image per digit, its code μ, and six draws
# z ~ q(z | x) from your `Sampling` layer, decoded. The draws spread around μ by σ(x), and
# the decoder has learnt to turn that whole neighbourhood into the same digit; that is
# what the noise in training asks of it.

# %%
if history is None:
    print(SKIPPED)
else:
    picks = [int(np.flatnonzero(y_test == k)[0]) for k in range(10)]
    z_mean_picks, z_log_var_picks = (np.asarray(t) for t in encoder.predict(x_test[picks], verbose=0))
    sampler = Sampling(seed=3)
    draws = [np.asarray(sampler([z_mean_picks, z_log_var_picks])) for _ in range(6)]
    rows_q = np.stack([x_test[picks, :, :, 0], vae.decode(decoder, z_mean_picks)]
                      + [vae.decode(decoder, d) for d in draws], axis=1)
    sigmas = np.exp(0.5 * z_log_var_picks.astype(np.float64))
    print("sigma = exp(z_log_var / 2) of the ten images (digits 0-9), per axis:")
    print("  z[0]:", " ".join(f"{v:.2f}" for v in sigmas[:, 0]))
    print("  z[1]:", " ".join(f"{v:.2f}" for v in sigmas[:, 1]))
    plt.figure(figsize=(7, 9))
    plt.imshow(vae.tile_images(rows_q.reshape(-1, 28, 28), cols=8), cmap="gray_r")
    plt.title("image | decoded mu | six decoded draws z ~ q(z | x)", fontsize=9)
    plt.axis("off")
    plt.show()

# %% [markdown]
# Move the sliders to walk the plane yourself: the image is the decoder's output at z,
# the cross marks z among the held-out codes. (Interactive; it is not built while the
# notebook is being graded.)

# %%
if not gradelib.grading_mode() and mu_test is not None:
    display(LatentExplorer(decoder.predict_on_batch, latent_dim=2, limits=(-3, 3, 0.05),
                           codes=mu_test, labels=y_test))


# %% [markdown]
# **한국어 요약.** 모든 q(z | x)가 N(0, I) 쪽으로 당겨졌기 때문에 검증 이미지의 코드 μ는 원점 주위의 둥근 영역을
# 큰 구멍 없이 채우고(우리 실행: 축별 평균 −0.31, −0.36, 표준편차 0.94, 0.84; 사전분포는 0과 1), [−2, 2]² 격자를
# 디코딩하면 가까운 점끼리 비슷한 숫자가 나온다. 한 이미지에서 `Sampling`으로 뽑은 z ~ q(z | x)는 μ 주위에
# σ(x) (여기서는 0.03-0.08) 만큼 퍼지지만 모두 같은 숫자로 디코딩된다: 학습 중의 잡음이 디코더에게 코드의
# 이웃 전체를 같은 이미지로 복원하라고 요구한 결과다. 슬라이더 위젯으로 잠재 평면을 직접 걸어 볼 수 있다.

# %% [markdown]
# ## 7. Interpolation: a plain autoencoder's latent space against the VAE's
#
# To morph one image into another, encode both, walk the straight line between the codes
# and decode each point:
#
# $$ z_i = (1 - t_i)\, z_0 + t_i\, z_1, \qquad t_i = \frac{i}{n - 1}, \quad i = 0, \dots, n - 1, $$
#
# so the first point is $z_0$ and the last $z_1$.
#
# **Exercise 8 (2 points, and 1 for its ValueErrors).** Implement `interpolate(z0, z1, n)` (NumPy is fine here: it
# does not run inside the model).
#
# **계약.** z0, z1: 같은 모양 (d,), n ≥ 2 정수 → float64 (n, d), 0행은 z0, n − 1행은 z1이고 그 사이는 같은 간격;
# n < 2이거나 z0과 z1의 모양이 다르면 `ValueError`.

# %% nbgrader={"grade": false, "grade_id": "interpolate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def interpolate(z0, z1, n):
    """n evenly spaced points on the segment from z0 to z1, both endpoints included.

    Args:
        z0, z1: arrays of the same shape (d,).
        n: int >= 2.

    Returns:
        float64 array (n, d); row 0 is z0 and row n - 1 is z1.

    Raises:
        ValueError: if n < 2 or z0 and z1 differ in shape.
    """
    ### BEGIN SOLUTION
    z0 = np.asarray(z0, dtype=np.float64)
    z1 = np.asarray(z1, dtype=np.float64)
    if n < 2:
        raise ValueError(f"interpolate needs n >= 2 points, got {n}")
    if z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must have the same shape, got {z0.shape} and {z1.shape}")
    t = np.linspace(0.0, 1.0, n).reshape(-1, *([1] * z0.ndim))
    return (1.0 - t) * z0 + t * z1
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_interpolate", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for z0, z1, n in [([1.0, -2.0], [-0.5, 3.0], 6), ([0.0, 0.0, 1.0], [2.0, 4.0, -1.0], 2),
                  ([0.3, 0.7], [0.3, -0.7], 11)]:
    inputs = {"z0": np.array(z0), "z1": np.array(z1), "n": n}
    gradelib.check_close(interpolate(**inputs), np.linspace(inputs["z0"], inputs["z1"], n),
                         name="interpolate", inputs=inputs, mistakes=INTERPOLATE)
print("interpolate: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_interpolate_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# the ValueErrors the docstring promises
gradelib.check_raises(interpolate, {"z0": np.zeros(2), "z1": np.ones(2), "n": 1},
                      problem="n < 2 cannot hold both endpoints")
gradelib.check_raises(interpolate, {"z0": np.zeros(2), "z1": np.ones(3), "n": 4},
                      problem="z0 and z1 differ in shape")
print("interpolate (validation): visible tests passed")

# %% [markdown]
# ### A plain autoencoder to compare with
#
# Same encoder and decoder (your builders; the autoencoder's code is the encoder's
# `z_mean` head, the `z_log_var` head is left unused), no noise and no KL term: only the
# reconstruction loss. It is trained with Keras' `BinaryCrossentropy`, the
# mean over pixels; Adam's steps do not depend on the loss's scale, so this trains like
# the sum, and we multiply by 784 to report nats per image.

# %%
ae_decoder = ae_history = z_ae_test = None
with gradelib.experiment("the plain autoencoder"):
    keras.utils.set_random_seed(0)
    twin = build_encoder(2, filters=FILTERS)
    ae_encoder = keras.Model(twin.inputs, twin.outputs[0], name="ae_encoder")
    ae_decoder = build_decoder(2, filters=FILTERS)
    autoencoder = keras.Sequential([ae_encoder, ae_decoder])
    autoencoder.compile(optimizer=keras.optimizers.Adam(2e-3),
                        loss=keras.losses.BinaryCrossentropy())
    ae_history = autoencoder.fit(x_train, x_train, validation_data=(x_test, x_test),
                                 epochs=ae_epochs, batch_size=BATCH_SIZE, verbose=0).history
    print(f"autoencoder after {ae_epochs} epochs: held-out reconstruction "
          f"{784 * ae_history['val_loss'][-1]:.1f} nats/image (the VAE: "
          + (f"{history['val_recon'][-1]:.1f}" if history else "not trained") + ")")
    z_ae_test = np.asarray(ae_encoder.predict(x_test, verbose=0))
    print("autoencoder code mean per axis", z_ae_test.mean(axis=0).round(2),
          " std", z_ae_test.std(axis=0).round(2), " (nothing ties them to 0 and 1)")


# %% [markdown]
# We interpolate between 30 random pairs of held-out images of different digits, 9 steps
# each, in both latent spaces, and measure two things with plain pixel arithmetic:
#
# - **realism**: the RMS pixel distance from each intermediate image to its nearest
#   *training* image. Decoded points in a hole of the latent space look like no digit and
#   sit far from every training image.
# - **evenness**: the largest step between consecutive decoded images divided by the
#   mean step. 1 means the image changes at a steady pace; a large value means it stays
#   put and then jumps, as when the line crosses a gap between clusters.
#
# We also decode 300 codes drawn from N(0, I), the VAE's prior, with both decoders, and
# ask a 5-nearest-neighbour classifier on raw pixels (trained on the training images,
# independent of both models) which digits they show: a generator should produce all ten.

# %%
def nearest_distance(images, reference):
    """RMS pixel distance from each image to its nearest reference image."""
    a = images.reshape(len(images), -1).astype(np.float64)
    b = reference.reshape(len(reference), -1).astype(np.float64)
    d2 = (a ** 2).sum(1)[:, None] - 2 * a @ b.T + (b ** 2).sum(1)[None, :]
    return np.sqrt(np.maximum(d2.min(axis=1), 0) / a.shape[1])


def path_metrics(decoder_model, codes, pairs, n_steps):
    """Mean realism over the interior points, mean evenness, and the decoded paths."""
    paths = np.stack([vae.decode(decoder_model, interpolate(codes[i], codes[j], n_steps))
                      for i, j in pairs])
    interior = paths[:, 1:-1].reshape(-1, 28, 28)
    steps = np.sqrt(((paths[:, 1:] - paths[:, :-1]) ** 2).mean(axis=(2, 3)))
    return nearest_distance(interior, x_train).mean(), (steps.max(1) / steps.mean(1)).mean(), paths


knn = KNeighborsClassifier(n_neighbors=5).fit(x_train.reshape(len(x_train), -1), y_train)
rng = np.random.default_rng(1)
pairs = []
while len(pairs) < 30:
    i, j = rng.choice(len(x_test), size=2, replace=False)
    if y_test[i] != y_test[j]:
        pairs.append((i, j))
N_STEPS = 9
prior_z = rng.standard_normal((300, 2))
rows = {}
if history is None or ae_history is None:
    print(SKIPPED)
else:
    with gradelib.experiment("interpolation in the two latent spaces"):
        for label, dec, codes in [("autoencoder", ae_decoder, z_ae_test), ("VAE", decoder, mu_test)]:
            realism, evenness, paths = path_metrics(dec, codes, pairs, N_STEPS)
            samples = vae.decode(dec, prior_z)
            prior = nearest_distance(samples, x_train).mean()
            shares = np.bincount(knn.predict(samples.reshape(len(samples), -1)), minlength=10) / 300
            rows[label] = (realism, evenness, prior, paths, int((shares >= 0.03).sum()))
        ends = nearest_distance(x_test[[i for pair in pairs for i in pair]], x_train).mean()
        print(f"{'':<13} {'interpolation':^34} | {'300 samples of N(0, I)':^34}")
        print(f"{'latent space':<13} {'distance to nearest':>20} {'evenness':>13} | "
              f"{'distance to nearest':>20} {'digits (>= 3%)':>14}")
        for label, (realism, evenness, prior, _, n_digits) in rows.items():
            print(f"{label:<13} {realism:>20.3f} {evenness:>13.2f} | {prior:>20.3f} {n_digits:>14}")
        print(f"(distance: RMS pixel distance to the nearest training image; held-out images "
              f"themselves: {ends:.3f}. Evenness: largest step / mean step, 1.00 = steady)")

        fig, axes = plt.subplots(6, 1, figsize=(8, 6.5))
        for k, pair_index in enumerate([0, 1, 2]):
            for r, label in enumerate(["autoencoder", "VAE"]):
                ax = axes[2 * k + r]
                ax.imshow(vae.tile_images(rows[label][3][pair_index], cols=N_STEPS), cmap="gray_r")
                ax.set_ylabel(label, rotation=0, ha="right", fontsize=8)
                ax.set_xticks([])
                ax.set_yticks([])
        axes[0].set_title("the same pairs of held-out images, interpolated in each latent space")
        plt.tight_layout()
        plt.show()

# %% [markdown]
# The autoencoder's codes spread over whatever range its encoder found convenient, with
# empty space between the digit clusters; the VAE's are centred, of unit scale and packed
# together, so a straight line between two codes stays in regions the decoder was trained
# on. Look at your numbers before drawing a conclusion. In the run we made while writing
# this notebook, the intermediate images of both were about as close to real digits
# (0.176 for the VAE against 0.174), but the VAE's paths changed more steadily (evenness
# 1.19 against 1.43: the autoencoder's images hold still, then jump across a gap), and its
# prior samples were closer to training images (0.170 against 0.179) and showed 8 digits
# against 5 for the autoencoder, whose N(0, I) region is an arbitrary part of its code
# space (its codes have means -2.3 and standard deviations 4.0 and 2.5).
#
# **한국어 요약.** 두 코드 사이를 $z_i = (1 - t_i) z_0 + t_i z_1$, $t_i = i / (n - 1)$로 직선 보간해 디코딩하면,
# VAE의 코드는 원점 중심·단위 척도로 모여 있어 경로가 디코더가 학습한 영역 안에 머문다. 우리 실행에서 중간
# 이미지의 사실감은 비슷했지만(가장 가까운 학습 이미지까지 0.176 대 0.174), VAE 경로가 더 고르게 변했고(균등도
# 1.19 대 1.43), N(0, I) 샘플은 학습 이미지에 더 가깝고(0.170 대 0.179) 8개 숫자를 보였다(오토인코더 5개).
# 오토인코더의 코드는 평균 -2.3, 표준편차 4.0과 2.5로 퍼져 있어 N(0, I) 영역이 코드 공간의 임의의 일부일 뿐이다.

# %%
if len(rows) < 2:
    print(SKIPPED)
else:
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
    for ax, codes, title in [(axes[0], z_ae_test, "plain autoencoder"), (axes[1], mu_test, "VAE")]:
        ax.scatter(codes[:, 0], codes[:, 1], c=y_test, cmap="tab10", s=5)
        ax.set_title(f"{title}: held-out codes")
        ax.set_xlabel("z[0]")
        ax.set_ylabel("z[1]")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# ## 8. Concept vectors (개념 벡터)
#
# The notes (000, 001, 004) describe directions in a latent space that encode a meaningful
# change: the slides' "남/여 바꾸기" adds the difference between the mean code of faces
# with one attribute and faces without it. We try two on digits, using the VAE's means μ
# of the training images, and judge the decoded images with the 5-nearest-neighbour
# classifier from section 7.
#
# 1. A class direction: $v = \bar z_{\text{target}} - \bar z_{\text{source}}$, added with
#    weight α to the codes of held-out source digits.
# 2. A thickness direction: within each digit, the mean code of the thickest half (most
#    ink) minus that of the thinnest half, averaged over digits; added with weight α to all
#    held-out codes. We measure the decoded images' ink (mean pixel value) and whether
#    the classifier still sees the same digit.

# %%
if history is None:
    print(SKIPPED)
else:
    class_means = np.stack([mu_train[y_train == k].mean(axis=0) for k in range(10)])
    SOURCE, TARGET = 1, 0
    alphas = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5]
    with gradelib.experiment("concept vectors"):
        v_class = class_means[TARGET] - class_means[SOURCE]
        sources = mu_test[y_test == SOURCE]
        print(f"class direction {SOURCE} -> {TARGET}: v = {v_class.round(2)}")
        print(f"{'alpha':>5} {'classified as ' + str(SOURCE):>16} {'classified as ' + str(TARGET):>16}")
        class_rows = []
        for alpha in alphas:
            moved = vae.decode(decoder, sources + alpha * v_class)
            predicted = knn.predict(moved.reshape(len(moved), -1))
            class_rows.append(moved[:8])
            print(f"{alpha:>5} {np.mean(predicted == SOURCE):>16.0%} {np.mean(predicted == TARGET):>16.0%}")

        ink = x_train.mean(axis=(1, 2, 3))
        v_thick = np.mean([mu_train[(y_train == k) & (ink > np.median(ink[y_train == k]))].mean(0)
                           - mu_train[(y_train == k) & (ink <= np.median(ink[y_train == k]))].mean(0)
                           for k in range(10)], axis=0)
        same_class = knn.predict(vae.decode(decoder, mu_test).reshape(len(mu_test), -1))
        print(f"\nthickness direction: v = {v_thick.round(2)}")
        print(f"{'alpha':>5} {'mean ink of decoded images':>27} {'same digit as at alpha 0':>25}")
        thick_rows = []
        for alpha in [-2.0, -1.0, 0.0, 1.0, 2.0]:
            moved = vae.decode(decoder, mu_test + alpha * v_thick)
            predicted = knn.predict(moved.reshape(len(moved), -1))
            thick_rows.append(moved[:8])
            print(f"{alpha:>5} {moved.mean():>27.4f} {np.mean(predicted == same_class):>25.0%}")

        fig, axes = plt.subplots(1, 2, figsize=(12, 4))
        axes[0].imshow(vae.tile_images(np.stack(class_rows, axis=1).reshape(-1, 28, 28),
                                       cols=len(alphas)), cmap="gray_r")
        axes[0].set_title(f"{SOURCE} + alpha * v, alpha = {alphas}", fontsize=9)
        axes[1].imshow(vae.tile_images(np.stack(thick_rows, axis=1).reshape(-1, 28, 28), cols=5),
                       cmap="gray_r")
        axes[1].set_title("code + alpha * thickness, alpha = -2 ... 2", fontsize=9)
        for ax in axes:
            ax.axis("off")
        plt.tight_layout()
        plt.show()

# %% [markdown]
# In a 2-D latent space there is little room for a direction that changes one attribute
# and leaves the others alone: the thickness direction also moves codes towards the
# thicker digits' clusters, which is what the "same digit" column measures. With more
# latent dimensions (and a β-VAE's pressure towards independent coordinates, Higgins et
# al., 2017) such directions become cleaner.
#
# **한국어 요약.** 개념 벡터는 잠재 공간에서 의미 있는 변화를 담은 방향이다(노트의 "남/여 바꾸기"). 클래스
# 방향 $v = \bar z_{\text{target}} - \bar z_{\text{source}}$를 숫자 1의 코드에 α배로 더하면, 우리 실행에서
# α = 0.5에 1로 분류되는 비율이 95 %에서 2 %로 떨어지고 α = 1.5에서는 100 %가 0으로 분류되었다. 굵기 방향은
# 디코딩된 이미지의 잉크 양을 α = −2에서 2까지 0.104에서 0.139로 늘렸지만, 같은 숫자로 남은 비율은 α = ±2에서
# 약 30 %로 줄었다: 2-D 잠재 공간에서는 한 속성만 바꾸는 방향을 얻기 어렵고, 차원이 크면(β-VAE) 더 깔끔해진다.

# %% [markdown]
# ## 9. Questions (graded by hand)
#
# Answer in English or Korean (한국어로 답해도 됩니다).
#
# **Q1 (2 points).** Why does the encoder output the log-variance rather than σ or σ²?
# Using $\partial z / \partial \mu$ and $\partial z / \partial\, \text{logvar}$, explain
# what the reparameterisation trick makes possible. What goes wrong, and what does not,
# when the standard deviation is taken as $e^{\text{logvar}}$ as in the first edition of
# *Deep Learning with Python*?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_reparameterization", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# A network's linear output can be any real number; a variance or standard deviation must
# be positive, and exp maps any real number to a positive one. The log scale also makes
# small and large variances equally easy to express, and log σ² appears directly in the KL.
# Sampling z ~ N(μ, σ²) directly has no derivative with respect to μ and σ; writing
# z = μ + e^{logvar/2} ε with ε ~ N(0, 1) drawn independently of the parameters gives
# ∂z/∂μ = 1 and ∂z/∂logvar = ½ σ ε, so the reconstruction loss backpropagates through z
# into the encoder and one sample gives an unbiased gradient estimate. With std =
# e^{logvar}, the network still trains (it learns logvar' = logvar / 2), but the KL term is
# computed for variance e^{logvar} while the samples have variance e^{2 logvar}: the loss no
# longer matches the distribution sampled, so the reported KL and ELBO are wrong and the
# regularisation pulls the spread to the wrong value.
#
# **한국어 모범 답안.** 네트워크의 선형 출력은 어떤 실수든 될 수 있지만 분산과 표준편차는 양수여야 하고, exp는
# 모든 실수를 양수로 보낸다. 로그 척도에서는 작은 분산과 큰 분산을 똑같이 쉽게 나타낼 수 있고, log σ²는 KL 식에
# 그대로 나온다. z ~ N(μ, σ²)를 직접 뽑으면 μ와 σ에 대한 도함수가 없지만, 파라미터와 무관하게 뽑은
# ε ~ N(0, 1)로 z = μ + e^{logvar/2} ε라고 쓰면 ∂z/∂μ = 1, ∂z/∂logvar = ½σε가 되어 재구성 손실이 z를 거쳐
# 인코더까지 역전파되고, 샘플 하나로 편향 없는 기울기 추정을 얻는다. 표준편차를 e^{logvar}로 두어도 네트워크는
# 학습되지만(logvar' = logvar / 2를 배운다), KL 항은 분산 e^{logvar}로 계산되는데 샘플의 분산은 e^{2 logvar}이다:
# 손실이 실제로 뽑는 분포와 맞지 않으므로 보고되는 KL과 ELBO가 틀리고, 규제가 퍼짐을 엉뚱한 값으로 당긴다.

# %% [markdown]
# **Q2 (2 points).** Using your per-epoch table, describe how the reconstruction and KL
# terms changed during training and compare them with the Keras example's
# 140.15 + 6.80 nats. Then explain what would happen to the latent space if the
# reconstruction loss were averaged over the 784 pixels instead of summed (a β-VAE with
# β = 784).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_elbo_scale", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# (Numbers vary with the run; these are from ours.) The reconstruction term dominates: on
# the held-out images it fell from 210 nats per image after the first epoch to about 163
# after 25, while the KL term rose from 0.5 to about 5.4 nats, with a jump around epoch 6
# when the second latent coordinate started to be used: the encoder learned to spend
# information on separating the digits. The example reaches 140.15 + 6.80 with 20 times
# more image passes and a wider network; our reconstruction is higher, the KL is of the
# same size, and the trend is the same. Averaging the reconstruction over pixels divides it by 784 while the KL keeps its
# scale, so the KL dominates: the encoder's cheapest solution is q(z|x) ≈ N(0, I) for every
# image (posterior collapse), the codes carry almost no information, and the decoder
# outputs a blurry average digit whatever z is. The β-VAE trades reconstruction for a
# smoother, more disentangled code on purpose, with β around 1-10, not 784.
#
# **한국어 모범 답안.** (수치는 실행마다 다르며, 아래는 우리 실행의 값이다.) 재구성 항이 손실을 지배한다: 검증
# 이미지에서 첫 에폭 뒤 이미지당 210 nat에서 25 에폭 뒤 약 163 nat으로 줄었고, KL 항은 0.5에서 약 5.4 nat으로
# 커졌는데, 두 번째 잠재 좌표가 쓰이기 시작한 6 에폭 무렵에 크게 뛰었다: 인코더가 숫자들을 떼어 놓는 데 정보를
# 쓰기 시작한 것이다. Keras 예제는 20배 많은 이미지 통과와 더 넓은 네트워크로 140.15 + 6.80에 이르며, 우리
# 재구성 손실은 더 높지만 KL은 비슷한 크기이고 추세는 같다. 재구성 손실을 픽셀에 대해 평균하면 784로 나뉘지만
# KL은 그대로이므로 KL이 지배하고, 인코더의 가장 값싼 해는 모든 이미지에 q(z|x) ≈ N(0, I)를 내는 것이 된다(사후
# 붕괴): 코드는 거의 아무 정보도 담지 않고, 디코더는 z와 상관없이 흐릿한 평균 숫자를 낸다. β-VAE는 더 매끄럽고
# 분리된 코드를 얻으려고 재구성을 일부러 내주지만, 그 β는 784가 아니라 1-10 정도다.

# %% [markdown]
# **Q3 (1 point).** From your interpolation table, which latent space gave more realistic
# intermediate images and samples from N(0, I), and why does the KL term make that
# difference?

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_interpolation", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false}
# (Answers depend on the numbers.) In our run the intermediate images were about equally
# close to real digits, but the VAE's paths were more even and its prior samples covered
# 8 digits (the autoencoder's 5) and were closer to training images. The KL term pulls
# every q(z|x) towards N(0, I) and the noise forces the decoder to decode a whole
# neighbourhood of each code, so the codes overlap into one continuous region around the
# origin without holes, and N(0, I) is exactly where the codes are. The autoencoder's
# codes sit wherever its encoder put them, with gaps between clusters that the decoder
# never saw, and N(0, I) covers only a corner of them.
#
# **한국어 모범 답안.** (답은 수치에 따라 다르다.) 우리 실행에서 중간 이미지가 실제 숫자에 가까운 정도는
# 비슷했지만(0.176 대 0.174), VAE의 경로가 더 고르게 변했고(균등도 1.19 대 1.43), N(0, I)에서 뽑은 샘플은 학습
# 이미지에 더 가까웠으며(0.170 대 0.179) 8개 숫자를 보여 주었다(오토인코더는 5개). KL 항은 모든 q(z|x)를
# N(0, I) 쪽으로 당기고, 잡음은 디코더가 각 코드의 이웃 전체를 복원하도록 강제하므로, 코드들이 원점 주위에서
# 구멍 없는 하나의 연속된 영역으로 겹치고 N(0, I)가 바로 코드들이 있는 곳이 된다. 오토인코더의 코드는 인코더가
# 놓은 아무 곳에나 있고 군집 사이에 디코더가 본 적 없는 틈이 있으며, N(0, I)는 그중 한 귀퉁이만 덮는다.

# %% [markdown]
# ## Summary
#
# - A VAE's encoder outputs q(z | x) = N(μ, diag e^{logvar}); its loss is the negative
#   ELBO, a reconstruction loss (binary cross-entropy summed over pixels) plus the KL
#   divergence to N(0, I), ½ Σ (e^{logvar} + μ² − 1 − logvar), both in nats per image.
#   The ELBO is log p(x) minus KL(q(z | x) || p(z | x)): maximising it is variational
#   inference of the posterior (사후 확률분포, 변분추론).
# - Any weight between the two terms is a β: the first edition's 5e-4 on a per-pixel mean
#   is β ≈ 0.39 at d = 2, the second edition's KL mean over coordinates is β = 1/d, and the
#   notes' "squared error + weighted KL" is a Gaussian decoder whose σ² (or β) the weight
#   sets. On grey-level images the binary cross-entropy has a floor above zero.
# - You wrote the VAE in Keras as the Keras example does: a `Sampling` layer, the encoder
#   and decoder builders, and a training step that takes its noise as an argument, so one
#   step from fixed weights can be checked against numeric gradients.
# - The reparameterisation trick z = μ + e^{logvar/2} ε moves the randomness into ε, so
#   gradients reach the encoder; the standard deviation is e^{logvar/2}, not e^{logvar}.
# - The KL term makes the latent space continuous and centred: decoded grids,
#   interpolations and prior samples look like digits, which a plain autoencoder's latent
#   space does not promise. Directions in it (concept vectors) change attributes.
# - Random functions are tested statistically (fixed seed, stated false-failure rate) or by
#   passing their noise in explicitly; the KL is checked against a Monte Carlo estimate and
#   numerical integration.
#
# **한국어 요약.** VAE의 인코더는 q(z | x) = N(μ, diag e^logvar)를 내고, 손실은 음의 ELBO = 재구성 손실(픽셀에
# 대해 합한 이진 교차 엔트로피) + N(0, I)에 대한 KL 발산 ½ Σ (e^logvar + μ² − 1 − logvar)이며 둘 다 이미지당 nat
# 단위다. ELBO는 log p(x) − KL(q(z | x) ‖ p(z | x))이므로 이를 최대화하는 것이 사후 확률분포의 변분추론이다.
# 두 항 사이의 가중치는 모두 β이고(1판 ≈ 0.39, 2판 1/d), 재매개변수화 트릭 z = μ + e^(logvar/2) ε로 기울기가
# 인코더에 닿는다(표준편차는 e^logvar가 아니다). Keras로 `Sampling` 층, 인코더, 디코더, 학습 단계를 직접 썼고,
# KL 항 덕분에 잠재 공간이 연속적이고 원점 중심이 되어 보간, 사전분포 샘플, 개념 벡터가 의미를 갖는다.
#
# **Further reading**
#
# - D. P. Kingma, M. Welling, *Auto-Encoding Variational Bayes* (ICLR 2014).
# - D. J. Rezende, S. Mohamed, D. Wierstra, *Stochastic Backpropagation and Approximate
#   Inference in Deep Generative Models* (ICML 2014).
# - I. Higgins, L. Matthey, A. Pal, C. Burgess, X. Glorot, M. Botvinick, S. Mohamed,
#   A. Lerchner, *β-VAE: Learning Basic Visual Concepts with a Constrained Variational
#   Framework* (ICLR 2017).
# - F. Chollet, *Deep Learning with Python*, 1st ed., ch. 8.4 (2017) and 2nd ed., ch. 12.4
#   (2021); the Keras example "Variational AutoEncoder" (keras.io, 2020).
# - C. Doersch, *Tutorial on Variational Autoencoders* (2016).
