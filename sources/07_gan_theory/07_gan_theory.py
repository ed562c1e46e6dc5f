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
# # 07 · GAN theory: the minimax game, the optimal discriminator and the Jensen-Shannon divergence
#
# **What you will learn**
#
# - the game a generative adversarial network plays: a generator G makes samples from
#   noise, a discriminator D tells them from real data, and both optimise one value
#   V(D, G) in opposite directions;
# - the KL and Jensen-Shannon divergences, and why KL is no distance while the square
#   root of JSD is one;
# - the optimal discriminator D* and the derivation, line by line, that training G
#   against D* minimises -log 4 + 2 JSD(p_data ‖ p_g);
# - why the generator's loss in the paper, log(1 - D(G(z))), stalls early in training and
#   what everyone uses instead;
# - how to write the alternating training step of a GAN in Keras with two
#   `tf.GradientTape`s, keeping the discriminator frozen while the generator learns.
#
# You will implement the divergences, D*, V(D, G), the discriminator's and both
# generators' losses on logits with their gradients, and the training step; then train a
# discriminator against D* and a 1-D GAN with *your* step.
#
# | English | the notes' term |
# |---|---|
# | generative adversarial network | 생성적 적대 신경망 |
# | generator | 생성자 |
# | discriminator | 판별자 |
# | minimax game | MINMAX game |
# | KL divergence | KL 발산 (KLD) |
# | Jensen-Shannon divergence | JSD |
# | expected value | 기대값 |
#
# Notes covered: 004 (the GAN slides: the value function, "생성자 고정한 상태에서 판별자
# 학습", "판별자 고정한 상태에서 생성자 학습", KLD vs JSD, and the appendix's derivation).
# **Prerequisites:** notebook 06 (KL divergence, `keras.ops`, a custom training step);
# logarithms and expectations. **Time:** about 90 minutes; the notebook runs in about a
# minute on a laptop CPU.
#
# Check your work from a terminal with `gradelib check notebooks/07_gan_theory/07_gan_theory.ipynb`.

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

import functools

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import ops
from scipy import special, stats

from gradelib import gan
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

gradelib.setup(seed=0)

# %% [markdown]
# ## 1. The game (생성적 적대 신경망)
#
# A generator (생성자) G maps noise $z \sim p_z = \mathcal N(0, I)$ to a sample $G(z)$; its
# samples have some distribution $p_g$. A discriminator (판별자) D maps a sample $x$ to
# $D(x) \in [0, 1]$, the probability it gives to "$x$ is real". Goodfellow et al. (2014,
# eq. 1) let them play
#
# $$ \min_G \max_D V(D, G) = \mathbb E_{x \sim p_{\text{data}}}\big[\log D(x)\big]
#    + \mathbb E_{z \sim p_z}\big[\log\big(1 - D(G(z))\big)\big]. $$
#
# D maximises V: it wants $\log D(x)$ high on real data (call it 1) and
# $\log(1 - D(G(z)))$ high on fakes (call them 0) (004: "실제를 1로 분류할 기대값 + 가짜를
# 0으로 판별할 기대값 MAX"). G minimises the same V, which only its second term depends
# on: it wants D to call its fakes real. The two cannot be optimised at once, so training
# alternates (004: "동시에 최적화 불가능"): a step of D with G fixed, then a step of G with
# D fixed.
#
# Our discriminators output a **logit** $l$, and $D(x) = \sigma(l) = 1 / (1 + e^{-l})$: the
# sigmoid is folded into the losses, which is more stable (section 4). The diagram is this
# notebook's architecture; in the notes' slide on D's step, read $\log(1 - D(G(z)))$ where
# it prints $\log(1 - D(z))$ (D never sees z).
#
# **한국어 요약.** 생성자 G는 잡음 z ~ N(0, I)를 샘플 G(z)로 바꾸고, 판별자 D는 샘플이 진짜일 확률
# D(x) ∈ [0, 1]을 낸다. 둘은 가치 함수 V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))]를 두고 D는 최대화(진짜는
# 1, 가짜는 0으로 분류), G는 최소화하는 MINMAX 게임을 한다. 동시에 최적화할 수 없으므로 G를 고정하고 D를 한 번,
# D를 고정하고 G를 한 번 번갈아 학습한다. 이 노트북의 판별자는 로짓 l을 내며 D(x) = σ(l)이고, 노트의 D 단계
# 슬라이드에 적힌 log(1 − D(z))는 log(1 − D(G(z)))로 읽는다(D는 z를 보지 않는다).

# %%
gan.draw_diagram("gan")
plt.title("a GAN: the generator's samples and real data go through one discriminator")
plt.show()

# %% [markdown]
# ## 2. Measuring how far apart two distributions are: KL and JSD
#
# The theory below is about distributions, so we first need ways to compare two of them.
# For discrete distributions p and q over the same k categories, the Kullback-Leibler
# divergence (KL 발산) is
#
# $$ \mathrm{KL}(p \,\|\, q) = \sum_{i} p_i \log \frac{p_i}{q_i} \quad \text{(nats)}, $$
#
# with two conventions from the limits: a term with $p_i = 0$ is 0 (since $t \log t \to 0$),
# and a term with $p_i > 0 = q_i$ is $+\infty$ (q says impossible what p does). KL is
# $\ge 0$, and 0 only when p = q, but it is **not symmetric**: KL(p‖q) ≠ KL(q‖p) in
# general (004: "KLD는 비대칭한 특징으로 거리를 나타내지 못함").
#
# The Jensen-Shannon divergence compares each with their mixture $m = (p + q) / 2$:
#
# $$ \mathrm{JSD}(p \,\|\, q) = \tfrac12 \mathrm{KL}(p \,\|\, m) + \tfrac12 \mathrm{KL}(q \,\|\, m). $$
#
# It is symmetric, always finite ($m_i \ge p_i / 2$), and at most $\log 2$.
#
# **Exercise 1 (2 points).** Implement `kl_divergence(p, q)`. **Exercise 2 (2 points).**
# Implement `js_divergence(p, q)` (you may call your `kl_divergence`). Both take
# distributions along the **last** axis, so a batch of pairs (n, k) gives n divergences.
# **Exercise 3 (1 point)** grades the input checks the docstrings promise: both raise
# `ValueError`, with a message saying what is wrong, for inputs of different shapes,
# negative or NaN entries, or a row that does not sum to 1 (within 1e-6).
# `scipy.special.rel_entr(p, q)` computes the terms $p_i \log(p_i / q_i)$ with both
# conventions; you may use it or write the terms yourself.
#
# **계약.** (연습 1) p, q: 같은 모양 (..., k)의 확률 벡터(float32/float64) → float64 (...) (1-D 입력이면 0-d)의
# KL(p‖q), nat; $0 \log(0/q) = 0$이고 어떤 $q_i = 0 < p_i$이면 +inf(작은 ε으로 만든 큰 유한값이 아님).
#
# **계약.** (연습 2) p, q: kl_divergence와 같은 입력 → float64 (...)의 JSD, 각 값은 [0, log 2]; 대칭이고
# 항상 유한하며, 지지집합이 서로소이면 정확히 log 2.
#
# **계약.** (연습 3) 두 함수 모두 모양이 다른 입력, 음수나 NaN 성분, 합이 1에서 1e-6 넘게 벗어난 행이 있으면
# 무엇이 잘못됐는지 말하는 `ValueError`를 낸다.

# %% nbgrader={"grade": false, "grade_id": "kl_divergence", "locked": false, "schema_version": 3, "solution": true, "task": false}
def check_distributions(p, q):
    """p and q as float64 arrays of the same shape (..., k), each row a distribution.

    Raises:
        ValueError: for different shapes, a 0-d input, negative or NaN entries, or a
            row whose sum is not 1 within 1e-6.
    """
    ### BEGIN SOLUTION
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.shape != q.shape or p.ndim == 0:
        raise ValueError(f"p and q must have the same shape (..., k); got {p.shape} and {q.shape}")
    for name, r in (("p", p), ("q", q)):
        if np.isnan(r).any() or (r < 0).any():
            raise ValueError(f"{name} has negative or NaN entries")
        if not np.allclose(r.sum(axis=-1), 1.0, rtol=0, atol=1e-6):
            raise ValueError(f"each row of {name} must sum to 1; sums are {r.sum(axis=-1)}")
    return p, q
    ### END SOLUTION


def kl_divergence(p, q):
    """KL(p || q) in nats along the last axis.

    Args:
        p, q: array-likes of the same shape (..., k); each row a probability vector
            (non-negative, summing to 1 within 1e-6). float32 or float64.

    Returns:
        float64 array of shape (...) (0-d for 1-D inputs): sum_i p_i log(p_i / q_i), with
        0 log(0 / q) = 0 and +inf where some q_i = 0 < p_i.

    Raises:
        ValueError: for different shapes, negative or NaN entries, or a row that does
            not sum to 1.
    """
    ### BEGIN SOLUTION
    p, q = check_distributions(p, q)
    return np.sum(special.rel_entr(p, q), axis=-1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_kl_divergence", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# SciPy's entropy(p, q) is KL(p || q) in nats (it normalises its inputs; ours are normalised)
rng = np.random.default_rng(7)
for shape in [(4,), (3, 5)]:
    p, q = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]), rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    gradelib.check_close(kl_divergence(p, q), stats.entropy(p, q, axis=-1), name="kl_divergence",
                         inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
# p = q: no divergence; 0 log 0 = 0 where p has zeros
p = np.array([0.0, 0.5, 0.5])
gradelib.check_close(kl_divergence(p, p), 0.0, name="kl_divergence", inputs={"p": p, "q": p},
                     atol=1e-12, mistakes=DISCRETE_KL)
q = np.array([0.2, 0.3, 0.5])
gradelib.check_close(kl_divergence(p, q), stats.entropy(p, q), name="kl_divergence",
                     inputs={"p": p, "q": q}, mistakes=DISCRETE_KL)
# q = 0 < p: infinite, not a large finite number from an epsilon
gan.check_infinite(kl_divergence(q, p), name="kl_divergence", inputs={"p": q, "q": p})
print("kl_divergence: visible tests passed")

# %% nbgrader={"grade": false, "grade_id": "js_divergence", "locked": false, "schema_version": 3, "solution": true, "task": false}
def js_divergence(p, q):
    """JSD(p || q) = KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2, in nats, along
    the last axis.

    Args:
        p, q: as for kl_divergence.

    Returns:
        float64 array of shape (...) (0-d for 1-D inputs), each in [0, log 2].

    Raises:
        ValueError: as kl_divergence.
    """
    ### BEGIN SOLUTION
    p, q = check_distributions(p, q)
    m = 0.5 * (p + q)
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_js_divergence", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# SciPy's jensenshannon returns the Jensen-Shannon *distance*, the square root
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(8)
for shape in [(4,), (3, 6)]:
    p, q = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]), rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    gradelib.check_close(js_divergence(p, q), jensenshannon(p, q, axis=-1) ** 2,
                         name="js_divergence", inputs={"p": p, "q": q}, mistakes=JS_DIVERGENCE)
# disjoint supports: the largest value, log 2
p, q = np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.0, 0.3, 0.7])
gradelib.check_close(js_divergence(p, q), np.log(2), name="js_divergence",
                     inputs={"p": p, "q": q}, mistakes=JS_DIVERGENCE)
print("js_divergence: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_divergence_errors", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
bad_inputs = {
    "shapes differ": ([0.5, 0.5], [0.2, 0.3, 0.5]),
    "a row does not sum to 1": ([0.5, 0.6], [0.5, 0.5]),
    "a negative entry": ([1.2, -0.2], [0.5, 0.5]),
    "a NaN entry": ([np.nan, 1.0], [0.5, 0.5]),
}
for function in (kl_divergence, js_divergence):
    for problem, (p, q) in bad_inputs.items():
        gradelib.check_raises(function, {"p": p, "q": q}, ValueError,
                              f"p and q are invalid ({problem})")
print("divergence input checks: visible tests passed")

# %% [markdown]
# ### Experiment: KL is asymmetric; JSD is symmetric and bounded, and √JSD is a metric
#
# The notes say "JSD는 두 확률분포의 거리를 나타낼 수 있음": JSD is symmetric and zero only
# for equal distributions, but JSD itself breaks the triangle inequality, so it is not a
# distance (a metric); its **square root** is one (Endres & Schindelin, 2003). The last
# columns test the triangle inequality on three distributions $p, q, r$.

# %%
with gradelib.experiment("KL and JSD"):
    pairs = {
        "p = [.5 .5], q = [.9 .1]": ([0.5, 0.5], [0.9, 0.1]),
        "p = [.9 .1], q = [.5 .5]": ([0.9, 0.1], [0.5, 0.5]),
        "p = [.5 .5 0], q = [.4 .3 .3]": ([0.5, 0.5, 0.0], [0.4, 0.3, 0.3]),
        "p = [.4 .3 .3], q = [.5 .5 0]": ([0.4, 0.3, 0.3], [0.5, 0.5, 0.0]),
        "disjoint supports": ([1.0, 0.0], [0.0, 1.0]),
    }
    print(f"{'pair':<32} {'KL(p||q)':>9} {'KL(q||p)':>9} {'JSD':>7} {'JSD/log 2':>9}")
    for label, (p, q) in pairs.items():
        print(f"{label:<32} {float(kl_divergence(p, q)):>9.4f} {float(kl_divergence(q, p)):>9.4f} "
              f"{float(js_divergence(p, q)):>7.4f} {float(js_divergence(p, q)) / np.log(2):>9.3f}")

    p, q, r = np.array([1.0, 0.0]), np.array([0.5, 0.5]), np.array([0.0, 1.0])
    d = {name: float(js_divergence(a, b)) for name, (a, b) in
         {"pq": (p, q), "qr": (q, r), "pr": (p, r)}.items()}
    print("\np = [1 0], q = [.5 .5], r = [0 1]:")
    print(f"  JSD : d(p,r) = {d['pr']:.4f}  vs  d(p,q) + d(q,r) = {d['pq'] + d['qr']:.4f}"
          f"  -> triangle inequality {'holds' if d['pr'] <= d['pq'] + d['qr'] else 'FAILS'}")
    s = {key: np.sqrt(v) for key, v in d.items()}
    print(f"  √JSD: d(p,r) = {s['pr']:.4f}  vs  d(p,q) + d(q,r) = {s['pq'] + s['qr']:.4f}"
          f"  -> triangle inequality {'holds' if s['pr'] <= s['pq'] + s['qr'] else 'FAILS'}")

# %% [markdown]
# **한국어 요약.** $\mathrm{KL}(p \,\|\, q) = \sum_i p_i \log(p_i / q_i)$는 0 이상이고 p = q일 때만 0이지만
# 비대칭이며(표: 0.5108 대 0.3681), $q_i = 0 < p_i$인 곳이 있으면 무한대다. JSD는 혼합 $m = (p + q)/2$에 대한
# 두 KL의 평균으로, 대칭이고 항상 유한하며 log 2 ≈ 0.6931 이하다(지지집합이 서로소이면 정확히 log 2).
# p = [1 0], q = [.5 .5], r = [0 1]에서 JSD는 삼각부등식을 어기고(0.6931 > 0.4315) √JSD는 지킨다(0.8326 ≤ 0.9290).
# 그래서 노트의 "JSD는 거리를 나타낼 수 있음"은 엄밀히는 √JSD가 거리(메트릭)라는 뜻이다.

# %% [markdown]
# ## 3. The optimal discriminator and the value of the game
#
# Fix G. For each x, D(x) appears in V as $p_{\text{data}}(x) \log D(x) + p_g(x) \log(1 - D(x))$,
# and $a \log y + b \log(1 - y)$ is largest at $y = a / (a + b)$ (Goodfellow et al. 2014,
# Proposition 1):
#
# $$ D^*(x) = \frac{p_{\text{data}}(x)}{p_{\text{data}}(x) + p_g(x)}. $$
#
# Where $p_{\text{data}}(x) = p_g(x) = 0$, x lies in neither support and any value is
# optimal: return 0.5 there (the convention of this notebook).
#
# On k categories the value is a weighted sum, with the same convention as KL: a term whose
# weight is 0 counts 0, even where its logarithm is $-\infty$ (D* = 1 where $p_g = 0$):
#
# $$ V(D, G) = \sum_x p_{\text{data}}(x) \log D(x) + \sum_x p_g(x) \log\big(1 - D(x)\big). $$
#
# **Exercise 4 (1 point).** Implement `optimal_discriminator(p_data, p_g)`.
# **Exercise 5 (2 points).** Implement `gan_value(d, p_data, p_g)`.
#
# **계약.** (연습 4) p_data, p_g: 같은 모양 (k,) 또는 (..., k)의 음이 아닌 배열 → 같은 모양의 float64, 값은
# [0, 1]; 두 값이 모두 0인 곳은 0 / 0의 NaN이 아니라 0.5.
#
# **계약.** (연습 5) d (k,), 값은 [0, 1]; p_data, p_g (k,) 확률 벡터 → float 하나, V ≤ 0 (nat); 가중치가 0인
# 항은 그 로그가 -inf여도 0으로 센다(p_g = 0인 곳의 D = 1, p_data = 0인 곳의 D = 0).

# %% nbgrader={"grade": false, "grade_id": "optimal_discriminator", "locked": false, "schema_version": 3, "solution": true, "task": false}
def optimal_discriminator(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), and 0.5 where both are 0.

    Args:
        p_data, p_g: array-likes of the same shape (k,) (or (..., k)), non-negative.

    Returns:
        float64 array of that shape, values in [0, 1].
    """
    ### BEGIN SOLUTION
    p_data, p_g = np.asarray(p_data, dtype=float), np.asarray(p_g, dtype=float)
    total = p_data + p_g
    return np.where(total > 0, p_data / np.where(total > 0, total, 1.0), 0.5)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_optimal_discriminator", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
p_data, p_g = np.array([0.1, 0.4, 0.5, 0.0]), np.array([0.3, 0.4, 0.0, 0.3])
gradelib.check_close(optimal_discriminator(p_data, p_g), [0.25, 0.5, 1.0, 0.0],
                     name="optimal_discriminator", inputs={"p_data": p_data, "p_g": p_g},
                     mistakes=OPTIMAL_DISCRIMINATOR)
# outside both supports: 0.5, not NaN from 0 / 0
p_data, p_g = np.array([0.5, 0.5, 0.0]), np.array([0.2, 0.8, 0.0])
gradelib.check_close(optimal_discriminator(p_data, p_g), [5 / 7, 5 / 13, 0.5],
                     name="optimal_discriminator", inputs={"p_data": p_data, "p_g": p_g},
                     mistakes=OPTIMAL_DISCRIMINATOR)
print("optimal_discriminator: visible tests passed")

# %% nbgrader={"grade": false, "grade_id": "gan_value", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gan_value(d, p_data, p_g):
    """V(D, G) = sum p_data log d + sum p_g log(1 - d) on k categories, in nats.

    Args:
        d: array-like (k,), the discriminator's D(x) in [0, 1] for each category.
        p_data, p_g: array-likes (k,), probability vectors.

    Returns:
        float: V, <= 0; a term whose weight is 0 counts 0 (even where its log is -inf).
    """
    ### BEGIN SOLUTION
    d = np.asarray(d, dtype=float)
    p_data, p_g = np.asarray(p_data, dtype=float), np.asarray(p_g, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        real = np.where(p_data > 0, p_data * np.log(d), 0.0)
        fake = np.where(p_g > 0, p_g * np.log1p(-d), 0.0)
    return float(np.sum(real) + np.sum(fake))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gan_value", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# the expectation as SciPy's Bernoulli log-likelihoods: log D = logpmf(1; D), log(1 - D) = logpmf(0; D)
d, p_data, p_g = np.array([0.8, 0.3, 0.5]), np.array([0.5, 0.2, 0.3]), np.array([0.1, 0.6, 0.3])
expected = np.sum(p_data * stats.bernoulli.logpmf(1, d) + p_g * stats.bernoulli.logpmf(0, d))
gradelib.check_close(gan_value(d, p_data, p_g), expected, name="gan_value",
                     inputs={"d": d, "p_data": p_data, "p_g": p_g}, mistakes=GAN_VALUE)
# a discriminator that cannot tell (D = 1/2 everywhere) scores log(1/2) + log(1/2) = -log 4
gradelib.check_close(gan_value(np.full(3, 0.5), p_data, p_g), -np.log(4), name="gan_value",
                     inputs={"d": np.full(3, 0.5), "p_data": p_data, "p_g": p_g}, mistakes=GAN_VALUE)
# zero weights count 0: D = 1 where p_g = 0, D = 0 where p_data = 0
d, p_data, p_g = np.array([1.0, 0.5, 0.0]), np.array([0.6, 0.4, 0.0]), np.array([0.0, 0.4, 0.6])
gradelib.check_close(gan_value(d, p_data, p_g), 0.8 * np.log(0.5), name="gan_value",
                     inputs={"d": d, "p_data": p_data, "p_g": p_g}, mistakes=GAN_VALUE)
print("gan_value: visible tests passed")

# %% [markdown]
# ### Experiment: the notes' derivation, line by line (Goodfellow et al. 2014, Theorem 1)
#
# With D = D*, the appendix of 004 rewrites $V(D^*, G) = C(G)$ in six steps and ends at
#
# $$ C(G) = -\log 4 + \mathrm{KL}\big(p_{\text{data}} \,\|\, m\big) + \mathrm{KL}\big(p_g \,\|\, m\big)
#        = -\log 4 + 2\, \mathrm{JSD}(p_{\text{data}} \,\|\, p_g), \qquad m = \tfrac{p_{\text{data}} + p_g}{2}. $$
#
# Since JSD ≥ 0 with equality only at $p_g = p_{\text{data}}$, the global minimum of C is
# $-\log 4$, reached exactly when the generator reproduces the data. The cell evaluates every
# line of the derivation with your functions on several pairs of distributions: each column
# must equal the one before. (The notes' fifth line prints $\log \frac{p_{\text{data}}}{p_{\text{data}}/2}$
# in the first integral, a typo for $\log \frac{p_{\text{data}}}{(p_{\text{data}} + p_g)/2}$; the code uses the correct form.)

# %%
with gradelib.experiment("Theorem 1, numerically"):
    rng = np.random.default_rng(0)
    cases = {
        "p_g = p_data": (np.array([0.2, 0.5, 0.3]),) * 2,
        "random pair, k = 5": (rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))),
        "random pair, k = 50": (rng.dirichlet(np.ones(50)), rng.dirichlet(np.ones(50))),
        "partly disjoint": (np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])),
        "disjoint": (np.array([1.0, 0.0]), np.array([0.0, 1.0])),
    }
    print(f"{'case':<20} {'V(D*,G)':>9} {'line 3':>9} {'line 4':>9} {'line 6':>9} "
          f"{'-log4+2JSD':>11} {'max V(D,G)':>10}")
    worst = 0.0
    for label, (p_data, p_g) in cases.items():
        d_star = optimal_discriminator(p_data, p_g)
        m = (p_data + p_g) / 2
        v = gan_value(d_star, p_data, p_g)
        with np.errstate(divide="ignore", invalid="ignore"):
            line3 = np.sum(special.xlogy(p_data, p_data / (p_data + p_g))) \
                + np.sum(special.xlogy(p_g, p_g / (p_data + p_g)))
            line4 = -np.log(4) + np.sum(special.xlogy(p_data, 2 * p_data / (p_data + p_g))) \
                + np.sum(special.xlogy(p_g, 2 * p_g / (p_data + p_g)))
        line6 = -np.log(4) + float(kl_divergence(p_data, m)) + float(kl_divergence(p_g, m))
        theorem = -np.log(4) + 2 * float(js_divergence(p_data, p_g))
        # no other discriminator does better: 2,000 random D's
        others = max(gan_value(rng.uniform(0.001, 0.999, p_data.size), p_data, p_g)
                     for _ in range(2000))
        worst = max(worst, abs(v - theorem), abs(line3 - v), abs(line4 - v), abs(line6 - v))
        print(f"{label:<20} {v:>9.5f} {line3:>9.5f} {line4:>9.5f} {line6:>9.5f} {theorem:>11.5f} "
              f"{others:>10.5f}")
    print(f"\nlargest disagreement between the lines: {worst:.2e} nats; -log 4 = {-np.log(4):.5f}")

# %% [markdown]
# **한국어 요약.** G를 고정하면 각 x에서 p_data log D + p_g log(1 − D)를 최대로 하는 최적 판별자는
# D* = p_data / (p_data + p_g)이다(두 지지집합 밖에서는 0.5로 둔다). 이때 노트 부록의 유도대로
# V(D*, G) = C(G) = −log 4 + 2·JSD(p_data ‖ p_g)이고, 실험에서 유도의 모든 줄이 다섯 쌍의 분포에서 2.22e-16 nat
# 이내로 일치했으며 무작위 판별자 2,000개 중 D*를 넘은 것은 없었다. JSD ≥ 0이므로 C의 최솟값 −log 4 ≈ −1.38629는
# p_g = p_data일 때만 얻는다(서로소이면 C = 0). 노트 다섯째 줄 첫 적분의 분모 p_data/2는 (p_data + p_g)/2의 오타다.

# %% [markdown]
# ## 4. The losses, on logits
#
# In code, D outputs a logit $l$ and the losses are cross-entropies written with the
# softplus $\operatorname{softplus}(t) = \log(1 + e^t)$, which never takes the log of 0:
#
# $$ -\log \sigma(l) = \operatorname{softplus}(-l), \qquad -\log\big(1 - \sigma(l)\big) = \operatorname{softplus}(l). $$
#
# - The **discriminator's loss** is $-V$ estimated on two minibatches (means over each):
#   $\operatorname{mean}\, \operatorname{softplus}(-l_{\text{real}}) + \operatorname{mean}\, \operatorname{softplus}(l_{\text{fake}})$.
#   It is what `keras.losses.BinaryCrossentropy(from_logits=True)` gives with labels 1 for
#   real and 0 for fakes, added over the two batches.
# - The **saturating** generator loss is G's term of V itself:
#   $\operatorname{mean} \log(1 - D(G(z))) = -\operatorname{mean}\, \operatorname{softplus}(l_{\text{fake}})$.
# - The **non-saturating** loss (Goodfellow et al. 2014, sec. 3; the notes'
#   "$\Rightarrow -E[\log D(G(z))]$") is $\operatorname{mean}\, -\log D(G(z)) = \operatorname{mean}\, \operatorname{softplus}(-l_{\text{fake}})$.
#   It has the same fixed point but, section 5 shows, much stronger gradients early on.
#
# **Exercise 6 (2 points).** Implement `discriminator_loss(real_logits, fake_logits)`.
# **Exercise 7 (2 points).** Implement `saturating_generator_loss(fake_logits)` and
# `non_saturating_generator_loss(fake_logits)`. All three return a scalar and run inside
# the training step on tensors, so use `keras.ops` (`ops.softplus`, `ops.mean`, …); they
# must give finite values for logits as large as ±100 (where `log(sigmoid(l))` does not).
# The logits may have shape (batch,) or (batch, 1); the two batches may differ in size.
#
# **계약.** (연습 6) real_logits (n,) 또는 (n, 1), fake_logits (m,) 또는 (m, 1) (n ≠ m 가능) → 스칼라 ≥ 0 (nat),
# mean softplus(−l_real) + mean softplus(l_fake); `keras.ops`로 써서 로짓 ±100에서도 유한하고 미분 가능해야 한다.
#
# **계약.** (연습 7) fake_logits (m,) 또는 (m, 1) → 스칼라: 포화 손실 −mean softplus(l) ≤ 0, 비포화 손실
# mean softplus(−l) ≥ 0; 둘 다 `keras.ops`로 쓰고 로짓 ±100에서도 유한해야 한다.

# %% nbgrader={"grade": false, "grade_id": "discriminator_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_loss(real_logits, fake_logits):
    """The discriminator's loss -V: mean softplus(-real_logits) + mean softplus(fake_logits).

    Args:
        real_logits: array or tensor (n,) or (n, 1), D's logits on real samples.
        fake_logits: array or tensor (m,) or (m, 1), D's logits on generated samples.

    Returns:
        scalar (a 0-d tensor or array), in nats, >= 0.
    """
    ### BEGIN SOLUTION
    return ops.mean(ops.softplus(-real_logits)) + ops.mean(ops.softplus(fake_logits))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_discriminator_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
bce = keras.losses.BinaryCrossentropy(from_logits=True)
rng = np.random.default_rng(3)
real_logits, fake_logits = rng.normal(1.0, 2.0, size=(6, 1)), rng.normal(-1.0, 2.0, size=(4, 1))
inputs = {"real_logits": real_logits, "fake_logits": fake_logits}
expected = float(bce(np.ones_like(real_logits), real_logits)) + float(bce(np.zeros_like(fake_logits), fake_logits))
gradelib.check_close(discriminator_loss(real_logits, fake_logits), expected, name="discriminator_loss",
                     inputs=inputs, rtol=1e-5, mistakes=DISCRIMINATOR_LOSS)
# large logits: finite, and 0 for a discriminator that is right and sure
inputs = {"real_logits": np.array([100.0, 50.0]), "fake_logits": np.array([-100.0, -80.0])}
gradelib.check_close(discriminator_loss(**inputs), 0.0, name="discriminator_loss", inputs=inputs,
                     atol=1e-12, mistakes=DISCRIMINATOR_LOSS)
inputs = {"real_logits": np.array([-100.0]), "fake_logits": np.array([100.0])}
gradelib.check_close(discriminator_loss(**inputs), 200.0, name="discriminator_loss", inputs=inputs,
                     mistakes=DISCRIMINATOR_LOSS)
# it runs on tensors inside the training step, and TensorFlow must differentiate it
gradelib.check_autodiff(lambda f: discriminator_loss(real_logits, f), fake_logits, name="discriminator_loss",
                        inputs={"real_logits": real_logits, "fake_logits": fake_logits}, wrt="fake_logits")
print("discriminator_loss: visible tests passed")

# %% nbgrader={"grade": false, "grade_id": "generator_losses", "locked": false, "schema_version": 3, "solution": true, "task": false}
def saturating_generator_loss(fake_logits):
    """The generator's term of V: mean log(1 - D(G(z))) = -mean softplus(fake_logits).

    Args:
        fake_logits: array or tensor (m,) or (m, 1), D's logits on generated samples.

    Returns:
        scalar, in nats, <= 0; the generator minimises it.
    """
    ### BEGIN SOLUTION
    return -ops.mean(ops.softplus(fake_logits))
    ### END SOLUTION


def non_saturating_generator_loss(fake_logits):
    """The non-saturating loss mean -log D(G(z)) = mean softplus(-fake_logits).

    Args:
        fake_logits: array or tensor (m,) or (m, 1).

    Returns:
        scalar, in nats, >= 0; the generator minimises it.
    """
    ### BEGIN SOLUTION
    return ops.mean(ops.softplus(-fake_logits))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_generator_losses", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(4)
fake_logits = rng.normal(0.0, 3.0, size=(5, 1))
d_fake = special.expit(fake_logits)
gradelib.check_close(saturating_generator_loss(fake_logits), np.mean(np.log1p(-d_fake)),
                     name="saturating_generator_loss", inputs={"fake_logits": fake_logits},
                     rtol=1e-5, mistakes=SATURATING_LOSS)
gradelib.check_close(non_saturating_generator_loss(fake_logits), np.mean(-np.log(d_fake)),
                     name="non_saturating_generator_loss", inputs={"fake_logits": fake_logits},
                     rtol=1e-5, mistakes=NON_SATURATING_LOSS)
# large logits stay finite: log(1 - sigmoid(100)) = -100 (to 44 digits)
big = np.array([100.0, -100.0])
gradelib.check_close(saturating_generator_loss(big), -50.0, name="saturating_generator_loss",
                     inputs={"fake_logits": big}, mistakes=SATURATING_LOSS)
gradelib.check_close(non_saturating_generator_loss(big), 50.0, name="non_saturating_generator_loss",
                     inputs={"fake_logits": big}, mistakes=NON_SATURATING_LOSS)
for loss in (saturating_generator_loss, non_saturating_generator_loss):
    gradelib.check_autodiff(loss, fake_logits, name=loss.__name__, inputs={"fake_logits": fake_logits},
                            wrt="fake_logits")
print("generator losses: visible tests passed")

# %% [markdown]
# ### The gradients with respect to the logit
#
# What reaches the generator is the loss's derivative with respect to the logit of each
# fake, multiplied by the chain through D and G. With $D = \sigma(l)$ and
# $\sigma'(l) = D (1 - D)$:
#
# $$ \frac{\partial}{\partial l} \log\big(1 - \sigma(l)\big) = -D, \qquad
#    \frac{\partial}{\partial l} \big(-\log \sigma(l)\big) = -(1 - D) = D - 1. $$
#
# **Exercise 8 (2 points).** Implement `logit_gradients(d_fake)`: for each example's
# $D(G(z))$, the derivatives of the per-example losses $\log(1 - D)$ and $-\log D$ with
# respect to its logit (per example, not averaged over the batch).
#
# **계약.** d_fake: 값이 (0, 1)인 임의 모양의 배열 → (saturating, non_saturating) = (−D, D − 1), 각각 d_fake와
# 같은 모양의 float 배열; 예제별 도함수이며 배치에 대해 평균하지 않는다.

# %% nbgrader={"grade": false, "grade_id": "logit_gradients", "locked": false, "schema_version": 3, "solution": true, "task": false}
def logit_gradients(d_fake):
    """d/dl of the per-example saturating loss log(1 - sigmoid(l)) and of the
    non-saturating loss -log sigmoid(l), as functions of D = sigmoid(l).

    Args:
        d_fake: array-like of any shape, values of D(G(z)) in (0, 1).

    Returns:
        (saturating, non_saturating): two float arrays of d_fake's shape.
    """
    ### BEGIN SOLUTION
    d = np.asarray(d_fake, dtype=float)
    return -d, d - 1.0
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_logit_gradients", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# centred differences of the two per-example losses in the logit l = log(D / (1 - D))
d_fake = np.array([0.001, 0.1, 0.5, 0.9, 0.999])
logit = special.logit(d_fake)
saturating = gradelib.numeric_gradient(lambda v: np.sum(np.log1p(-special.expit(v))), logit.copy())
non_saturating = gradelib.numeric_gradient(lambda v: np.sum(-np.log(special.expit(v))), logit.copy())
got = logit_gradients(d_fake)
if not isinstance(got, (tuple, list)) or len(got) != 2:
    gradelib.fail("logit_gradients", {"d_fake": d_fake}, "It must return a pair (saturating, non_saturating).")
gradelib.check_close(got[0], saturating, name="logit_gradients (saturating)", inputs={"d_fake": d_fake},
                     rtol=1e-5, atol=1e-7, mistakes=SATURATING_GRADIENT)
gradelib.check_close(got[1], non_saturating, name="logit_gradients (non-saturating)",
                     inputs={"d_fake": d_fake}, rtol=1e-5, atol=1e-7, mistakes=NON_SATURATING_GRADIENT)
print("logit_gradients: visible tests passed")

# %% [markdown]
# ### Experiment: why the saturating loss stalls early in training
#
# Early in training the generator is bad and D rejects its samples easily: D(G(z)) ≈ 0.
# There the saturating loss's gradient $-D$ vanishes, while the non-saturating one is
# close to −1 (Goodfellow et al. 2014, sec. 3: "Early in learning, when G is poor, D can
# reject samples with high confidence ... log(1 − D(G(z))) saturates"). The plot draws
# your `logit_gradients` and checks them against TensorFlow's gradients of your losses.

# %%
with gradelib.experiment("gradients of the generator's losses"):
    d_grid = np.linspace(0.001, 0.999, 400)
    saturating, non_saturating = logit_gradients(d_grid)
    logits = tf.Variable(special.logit(d_grid))
    with tf.GradientTape(persistent=True) as tape:
        # the losses are means; times n gives the per-example derivative
        s_loss = saturating_generator_loss(logits) * len(d_grid)
        n_loss = non_saturating_generator_loss(logits) * len(d_grid)
    autodiff_error = max(np.max(np.abs(tape.gradient(s_loss, logits).numpy() - saturating)),
                         np.max(np.abs(tape.gradient(n_loss, logits).numpy() - non_saturating)))
    print(f"your logit_gradients against TensorFlow's gradients of your losses: largest "
          f"difference {autodiff_error:.1e}")
    for d in (0.001, 0.01, 0.1, 0.5):
        s, n = logit_gradients(np.array([d]))
        print(f"D(G(z)) = {d:<6} saturating {float(s[0]):>8.4f}   non-saturating {float(n[0]):>8.4f}")
    plt.figure(figsize=(5.5, 3.2))
    plt.plot(d_grid, np.abs(saturating), label="saturating  |d/dl log(1 - D)| = D")
    plt.plot(d_grid, np.abs(non_saturating), label="non-saturating  |d/dl (-log D)| = 1 - D")
    plt.axvspan(0, 0.1, color="0.9", label="early training: D(G(z)) near 0")
    plt.xlabel("D(G(z))")
    plt.ylabel("|gradient w.r.t. the logit|")
    plt.legend(fontsize=8)
    plt.tight_layout()
    plt.show()

# %% [markdown]
# **한국어 요약.** 판별자는 로짓 l을 내고, 손실은 log 0을 피하도록 softplus로 쓴 교차 엔트로피다:
# −log σ(l) = softplus(−l), −log(1 − σ(l)) = softplus(l). 판별자 손실(−V의 추정)은 mean softplus(−l_real) +
# mean softplus(l_fake), 포화 생성자 손실은 −mean softplus(l_fake), 비포화 손실은 mean softplus(−l_fake)이다.
# 로짓에 대한 기울기는 각각 −D와 D − 1이라서, 학습 초기 D(G(z)) ≈ 0일 때 포화 손실의 기울기는 사라지고
# (D = 0.001에서 −0.0010) 비포화 손실의 기울기는 −1에 가깝다(−0.9990). 고정점이 같으므로 실제로는 비포화 손실을 쓴다.

# %% [markdown]
# ## 5. Training a discriminator towards D*
#
# Proposition 1 says what a perfect D looks like; can a network trained with your loss
# find it? Fix two 1-D densities, $p_{\text{data}} = \mathcal N(1, 0.5^2)$ and
# $p_g = \mathcal N(-0.5, 1)$ (here G is not a network: its samples come from $p_g$), and
# train the small discriminator `gan.build_discriminator(data_dim=1)` (two hidden layers)
# on samples of both with your `discriminator_loss` and Adam. Then compare $\sigma(l(x))$
# with $D^*(x)$ on a grid.

# %%
p_data_1d, p_g_1d = gan.Mixture1D([1.0], [0.5]), gan.Mixture1D([-0.5], [1.0])
d_steps = gradelib.pick(full=1500, grading=200)
with gradelib.experiment("a discriminator against D*"):
    keras.utils.set_random_seed(0)
    discriminator_1d = gan.build_discriminator(data_dim=1, width=32)
    d_optimizer = keras.optimizers.Adam(1e-2)

    def d_only_step(real, fake):
        with tf.GradientTape() as tape:
            loss = discriminator_loss(discriminator_1d(real), discriminator_1d(fake))
        grads = tape.gradient(loss, discriminator_1d.trainable_variables)
        d_optimizer.apply_gradients(zip(grads, discriminator_1d.trainable_variables))
        return loss

    def two_gaussians(generator):
        return (1.0 + 0.5 * generator.normal((256, 1)), -0.5 + generator.normal((256, 1)))

    history = gan.train(d_only_step, two_gaussians, d_steps, names=("d_loss",), every=d_steps)
    x = np.linspace(-3, 3, 301)[:, None]
    trained = special.expit(np.asarray(discriminator_1d(x.astype(np.float32))))[:, 0]
    d_star = optimal_discriminator(p_data_1d.pdf(x[:, 0]), p_g_1d.pdf(x[:, 0]))
    mass = (p_data_1d.pdf(x[:, 0]) + p_g_1d.pdf(x[:, 0])) / 2
    where = mass > 0.02
    # the best loss, -V(D*, G) = log 4 - 2 JSD(p_data || p_g), from the densities on a fine grid
    fine = np.linspace(-8, 8, 16001)
    jsd = float(js_divergence(*(f / f.sum() for f in (p_data_1d.pdf(fine), p_g_1d.pdf(fine)))))
    print(f"{d_steps} steps in {history.seconds:.1f} s; loss over the last 100 steps "
          f"{history.losses['d_loss'][-100:].mean():.4f} nats; the optimum -V(D*, G) = log 4 - 2 JSD "
          f"= {np.log(4) - 2 * jsd:.4f}")
    print(f"largest |D(x) - D*(x)| where the mixture's density exceeds 0.02: "
          f"{np.max(np.abs(trained - d_star)[where]):.3f}")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(x, d_star, "k", label="D*(x) = p_data / (p_data + p_g)")
    ax.plot(x, trained, "tab:red", ls="--", label="trained D(x)")
    ax.fill_between(x[:, 0], 0, p_data_1d.pdf(x[:, 0]) / 2, alpha=0.2, label="p_data (scaled)")
    ax.fill_between(x[:, 0], 0, p_g_1d.pdf(x[:, 0]) / 2, alpha=0.2, label="p_g (scaled)")
    ax.set_xlabel("x")
    ax.legend(fontsize=8)
    plt.tight_layout()
    plt.show()

# %% [markdown]
# **한국어 요약.** G를 네트워크가 아닌 고정 밀도 p_g = N(−0.5, 1)로 두고 p_data = N(1, 0.5²)과 구별하도록
# 작은 판별자를 여러분의 `discriminator_loss`와 Adam으로 학습하면, 학습된 σ(l(x))가 명제 1의 D*(x)에 가까워진다.
# 우리 실행에서는 1,500 단계 뒤 마지막 100 단계의 손실이 0.6835 nat으로 최적값 −V(D*, G) = log 4 − 2·JSD =
# 0.6839에 닿았고, 혼합 밀도가 0.02를 넘는 곳에서 |D(x) − D*(x)|는 최대 0.092였다. 곧 판별자 손실을
# 최소화하는 것은 D*를 추정하는 일이다.

# %% [markdown]
# ## 6. The alternating training step
#
# Algorithm 1 of Goodfellow et al. (2014), with one discriminator step per generator step
# (k = 1, what they used) and the non-saturating loss, is one function in Keras:
#
# 1. **Discriminator step, G fixed** (004: "생성자 고정한 상태에서 판별자 학습"): generate
#    fakes from `z_d`; inside a `tf.GradientTape`, compute D's logits on `real` and on the
#    fakes and your `discriminator_loss`; take its gradient with respect to
#    `discriminator.trainable_variables` only and apply it with `d_optimizer`.
# 2. **Generator step, D frozen** ("판별자 고정한 상태에서 생성자 학습"): inside a second tape,
#    generate fakes from `z_g`, pass them through the **updated** discriminator, compute
#    your `non_saturating_generator_loss`; take its gradient with respect to
#    `generator.trainable_variables` only and apply it with `g_optimizer`. The gradient
#    flows *through* D to G, but D's weights do not change: that is what "freezing" the
#    discriminator means here. (In Keras' `compile`/`fit` world the same is done by
#    setting `discriminator.trainable = False` in a combined model; with your own step you
#    just do not update D.)
#
# Return the two losses: D's loss from step 1 (before its update) and G's from step 2.
# The step must also run inside `tf.function` (the training loop compiles it): use
# TensorFlow operations only, no `.numpy()` or `float()`.
#
# **Exercise 9 (4 points).** Implement `gan_train_step`. The test runs one step from fixed
# weights with `keras.optimizers.SGD` and compares both networks' new weights with the
# update that numeric gradients of the losses give (CS231n-style), naming the common
# slips: D not frozen, G's update through the old D (a simultaneous step), z_d reused,
# the saturating loss.
#
# **계약.** real float32 (n, data_dim), z_d, z_g float32 (n, latent_dim) → 스칼라 텐서 (d_loss, g_loss):
# D를 먼저 한 번 갱신하고(갱신 전 손실), 갱신된 D로 G만 한 번 갱신한다(그때의 G 손실); `tf.function`
# 안에서 돌도록 `.numpy()`, `float()`는 쓰지 않는다.

# %% nbgrader={"grade": false, "grade_id": "gan_train_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gan_train_step(real, z_d, z_g, generator, discriminator, d_optimizer, g_optimizer):
    """One alternating GAN step: a discriminator update, then a generator update.

    Args:
        real: float32 tensor (n, data_dim), a minibatch of data.
        z_d: float32 tensor (n, latent_dim), noise for the fakes of D's update.
        z_g: float32 tensor (n, latent_dim), noise for the fakes of G's update.
        generator, discriminator: Keras models; the discriminator outputs logits (n, 1).
        d_optimizer, g_optimizer: Keras optimizers, one for each network.

    Returns:
        (d_loss, g_loss): scalar tensors, D's discriminator_loss before its update and
        G's non_saturating_generator_loss at the updated D.
    """
    ### BEGIN SOLUTION
    fake = generator(z_d, training=True)
    with tf.GradientTape() as tape:
        d_loss = discriminator_loss(discriminator(real, training=True),
                                    discriminator(fake, training=True))
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))

    with tf.GradientTape() as tape:
        g_loss = non_saturating_generator_loss(discriminator(generator(z_g, training=True),
                                                             training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return d_loss, g_loss
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gan_train_step", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
def one_step(step, seed, learning_rate=0.1):
    """Run `step` once on small random networks; check it against numeric gradients."""
    rng = np.random.default_rng(seed)
    generator = gan.build_generator(latent_dim=2, data_dim=2, width=4, depth=1)
    discriminator = gan.build_discriminator(data_dim=2, width=4, depth=1)
    for model in (generator, discriminator):
        model.set_weights([rng.normal(0, 0.7, size=w.shape).astype("float32") for w in model.get_weights()])
    real = gan.ring(8, rng)
    z_d, z_g = (rng.standard_normal((8, 2)).astype("float32") for _ in range(2))
    expected = gan.expected_gan_step(generator, discriminator, real, z_d, z_g, optimizer="sgd",
                                     learning_rate=learning_rate)
    losses = step(tf.constant(real), tf.constant(z_d), tf.constant(z_g), generator, discriminator,
                  keras.optimizers.SGD(learning_rate), keras.optimizers.SGD(learning_rate))
    gan.check_train_step(expected, generator.get_weights(), discriminator.get_weights(), losses,
                         name="gan_train_step", inputs={"real": real, "z_d": z_d, "z_g": z_g,
                                                        "optimizers": f"SGD({learning_rate})"})


one_step(gan_train_step, seed=0)
one_step(tf.function(gan_train_step), seed=1)   # as the training loop runs it
print("gan_train_step: visible tests passed")

# %% [markdown]
# ### Experiment: a 1-D GAN trained with your step
#
# The data is a mixture of two Gaussians, $\tfrac12 \mathcal N(-2, 0.5^2) + \tfrac12 \mathcal N(2, 0.5^2)$;
# the generator maps 4-D noise through two hidden layers of 64 units. `gan.train` runs your
# `gan_train_step` inside `tf.function`; Adam with learning rate 5e-4 and β₁ = 0.5 (Radford
# et al. 2016 use 2e-4 and 0.5 for images; 5e-4 learns this toy faster and still settles) for
# both networks. The panels show $p_g$ (a histogram of 5,000 samples) against
# $p_{\text{data}}$ as training goes, and both losses. At the game's equilibrium
# D(x) = 1/2 everywhere, the discriminator's loss is $\log 4 \approx 1.386$ and the
# generator's $\log 2 \approx 0.693$ (dotted lines). Watch the losses reach those values
# well before $p_g$ matches $p_{\text{data}}$: a discriminator at chance only says that it
# cannot tell the two apart with its capacity and its one step per round, not that the
# distributions are equal (Theorem 1 assumes the *optimal* D).

# %%
mixture = gan.Mixture1D([-2.0, 2.0], [0.5, 0.5])
gan_steps = gradelib.pick(full=4000, grading=200)
with gradelib.experiment("a 1-D GAN"):
    keras.utils.set_random_seed(1)
    generator_1d = gan.build_generator(latent_dim=4, data_dim=1, width=64)
    discriminator_1d = gan.build_discriminator(data_dim=1, width=64)
    step = functools.partial(gan_train_step, generator=generator_1d, discriminator=discriminator_1d,
                             d_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
                             g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5))
    snapshots = {}

    def keep(done, history):
        snapshots[done] = gan.sample_generator(generator_1d, 5000, 4, seed=0)[:, 0]

    keep(0, None)
    history = gan.train(step, gan.mixture_sampler([[-2.0], [2.0]], 0.5, 128, 4), gan_steps,
                        callback=keep, every=max(gan_steps // 4, 1))
    print(f"{gan_steps} steps in {history.seconds:.1f} s")
    grid_x = np.linspace(-4, 4, 400)
    fig, axes = plt.subplots(1, len(snapshots) + 1, figsize=(3 * (len(snapshots) + 1), 2.8))
    for ax, (done, samples) in zip(axes, snapshots.items()):
        ax.hist(samples, bins=80, range=(-4, 4), density=True, alpha=0.6, label="p_g")
        ax.plot(grid_x, mixture.pdf(grid_x), "k", label="p_data")
        ax.set_title(f"step {done}", fontsize=9)
    axes[0].legend(fontsize=7)
    axes[-1].plot(gan.smoothed(history.losses["d_loss"]), label="D loss")
    axes[-1].plot(gan.smoothed(history.losses["g_loss"]), label="G loss")
    axes[-1].axhline(np.log(4), color="tab:blue", ls=":")
    axes[-1].axhline(np.log(2), color="tab:orange", ls=":")
    axes[-1].set_xlabel("step")
    axes[-1].legend(fontsize=7)
    plt.tight_layout()
    plt.show()
    final = snapshots[max(snapshots)]
    grid_p = np.histogram(final, bins=40, range=(-4, 4))[0] + 1e-12
    data_p = np.histogram(mixture.sample(5000, seed=1)[:, 0], bins=40, range=(-4, 4))[0] + 1e-12
    print(f"share of samples near each mode: left {np.mean(final < 0):.2f}, right {np.mean(final >= 0):.2f}")
    print(f"JSD between the histograms (40 bins) of p_g and p_data: "
          f"{float(js_divergence(grid_p / grid_p.sum(), data_p / data_p.sum())):.3f} nats "
          f"(log 2 = {np.log(2):.3f} for disjoint)")

# %% [markdown]
# **한국어 요약.** 교대 학습 단계는 두 `tf.GradientTape`로 쓴다: z_d로 만든 가짜와 진짜로 판별자 손실을 계산해
# D의 변수만 갱신하고, z_g로 새로 만든 가짜를 갱신된 D에 통과시켜 비포화 손실로 G의 변수만 갱신한다(기울기는 D를
# 지나가지만 D의 가중치는 그대로, 이것이 판별자 고정). 두 가우시안 혼합의 1-D GAN에서 손실은 평형값 log 4 ≈ 1.386
# (D), log 2 ≈ 0.693 (G)에 $p_g$가 $p_{\text{data}}$와 맞기 훨씬 전에 닿는다. 우리 실행의 4,000 단계 뒤 두 모드의
# 샘플 비율은 0.53 / 0.47, 히스토그램 JSD는 0.081 nat이었다. D가 구별을 못 해도 분포가 같다는 뜻은 아니다.

# %% [markdown]
# ## 7. Questions (graded by hand)
#
# Answer in a few sentences each, in English or Korean (한국어로 답해도 됩니다).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_disjoint_supports", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 1.** Early in training, the generator's samples and the data often lie on
# disjoint sets (two thin manifolds in a high-dimensional space). What is
# JSD(p_data ‖ p_g) then, how does it change as the generator moves its samples a little
# closer, and what does that mean for a generator trained to minimise C(G)? (Notebook 10
# returns to this.)
#
# === BEGIN MARK SCHEME ===
# With disjoint supports, m puts half its mass on each support, so JSD = log 2 exactly,
# whatever the distance between the supports (the table above: "disjoint"), and
# C(G) = -log 4 + 2 log 2 = 0. Moving the samples a little, without overlap, leaves JSD
# at log 2: its gradient with respect to the generator's parameters is zero, so the
# objective gives no signal about *which direction* is closer. In practice the
# discriminator saturates (D* = 1 on data, 0 on fakes), and the saturating loss's
# gradient vanishes; the non-saturating loss helps but does not fix the underlying
# problem. A distance that grows with how far the mass must move (Wasserstein) does.
#
# **한국어 모범 답안.** 지지집합이 겹치지 않으면 혼합 m이 각 지지집합에 질량의 절반씩을 두므로, 두 지지집합이
# 얼마나 떨어져 있든 JSD는 정확히 log 2이고(위 표의 "disjoint") C(G) = −log 4 + 2 log 2 = 0이다. 생성자가
# 샘플을 조금 더 가까이 옮겨도 겹치지 않는 한 JSD는 log 2 그대로이므로, 생성자 파라미터에 대한 기울기가 0이고
# 목적 함수는 *어느 방향*이 더 가까운지 알려 주지 못한다. 실제로는 판별자가 포화되어(데이터에서 D* = 1,
# 가짜에서 0) 포화 손실의 기울기가 사라진다. 비포화 손실은 도움이 되지만 근본 문제를 고치지는 못하며, 질량을 옮겨야 하는
# 거리에 따라 커지는 거리(Wasserstein 거리, 노트북 10)가 이를 해결한다.
# === END MARK SCHEME ===

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_theory_vs_practice", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 2.** Theorem 1 says that minimising C(G) drives p_g to p_data. Name two
# assumptions of that argument that your 1-D GAN's training above does not satisfy, and
# for each a symptom you could see in training.
#
# === BEGIN MARK SCHEME ===
# (1) D is optimal for every G: in practice D takes one gradient step per G step, so G
# is trained against an imperfect D (oscillating losses, G chasing a moving target,
# samples hopping between modes). (2) The optimisation is over densities p_g directly,
# where C is convex; in practice it is over network parameters, where the game is
# non-convex and gradient steps can cycle or diverge (losses that do not settle at
# log 4 / log 2). Also: finite minibatches estimate the expectations with noise; the
# generator's capacity may be too small; the non-saturating loss changes the game
# (it no longer minimises C(G) exactly). Symptoms: a mode missing from p_g (mode
# collapse, notebook 08), oscillations, D loss going to 0.
#
# **한국어 모범 답안.** (1) 모든 G에 대해 D가 최적이라는 가정: 실제로는 G 한 단계마다 D가 기울기 한 단계만 밟으므로
# G는 불완전한 D를 상대로 학습한다(증상: 손실의 진동, 움직이는 표적을 쫓는 G, 모드 사이를 오가는 샘플).
# (2) 최적화가 밀도 p_g 자체에 대해 이루어지고 그 공간에서 C가 볼록하다는 가정: 실제로는 네트워크 파라미터에 대해
# 최적화하므로 게임이 비볼록하고 기울기 단계가 순환하거나 발산할 수 있다(증상: 손실이 log 4 / log 2에 자리 잡지
# 않음). 그 밖에도 유한한 미니배치가 기댓값을 잡음 섞인 값으로 추정하고, 생성자의 용량이 부족할 수 있으며, 비포화
# 손실은 게임을 바꿔 C(G)를 정확히 최소화하지 않는다. 증상: p_g에서 빠진 모드(모드 붕괴, 노트북 08), 진동, 0으로
# 떨어지는 D의 손실.
# === END MARK SCHEME ===

# %% [markdown]
# ## Summary
#
# - A GAN is a two-player game on V(D, G); training alternates a discriminator step with
#   G fixed and a generator step with D frozen, in code two `GradientTape`s, each applied
#   to one network's variables.
# - For a fixed G the best discriminator is D* = p_data / (p_data + p_g), and then
#   V(D*, G) = -log 4 + 2 JSD(p_data ‖ p_g): training G against a perfect D minimises a
#   Jensen-Shannon divergence, with its minimum -log 4 at p_g = p_data.
# - KL is asymmetric and can be infinite; JSD is symmetric and bounded by log 2, and
#   √JSD (not JSD) satisfies the triangle inequality.
# - The generator's term of V saturates: its gradient with respect to the logit is −D,
#   near 0 exactly when G is bad. The non-saturating loss −log D(G(z)) has gradient
#   D − 1 there, and is what GAN code uses.
#
# **한국어 요약.** GAN은 V(D, G)를 두고 판별자는 최대화, 생성자는 최소화하는 MINMAX 게임이며, 학습은 생성자를
# 고정하고 판별자를 한 번, 판별자를 고정하고 생성자를 한 번 번갈아 갱신한다(두 `GradientTape`, 각자 자기 변수만).
# G가 고정되면 최적 판별자는 D* = p_data / (p_data + p_g)이고 V(D*, G) = -log 4 + 2·JSD(p_data ‖ p_g)이므로
# 최솟값 -log 4는 p_g = p_data에서만 얻는다. KLD는 비대칭이고 무한대가 될 수 있으며, JSD는 대칭이고 log 2
# 이하이지만 삼각부등식을 만족하는 거리는 √JSD이다. 포화 손실 log(1 − D(G(z)))는 학습 초기(D(G(z)) ≈ 0)에 로짓
# 기울기가 −D ≈ 0이 되어 멈추므로, 실제로는 로짓 기울기가 D − 1인 비포화 손실 −log D(G(z))를 쓴다.
#
# **Further reading.** Goodfellow et al., *Generative Adversarial Nets* (2014): the game,
# Proposition 1, Theorem 1, Algorithm 1. Goodfellow, *NIPS 2016 Tutorial: Generative
# Adversarial Networks* (2016): the non-saturating game and why it works. Endres &
# Schindelin, *A new metric for probability distributions* (2003): √JSD is a metric.
# Arjovsky & Bottou, *Towards Principled Methods for Training GANs* (2017): disjoint
# supports and vanishing gradients. Kahng et al., *GAN Lab: Understanding Complex Deep
# Generative Models using Interactive Visual Experimentation* (2019), the game in a browser.
