"""Statistical checks for Gaussian samplers and Monte Carlo references for KL divergences.

A reparameterised sampler is right when its draws follow N(mean, std**2), not when
one draw equals one number. :func:`check_gaussian_sampler` draws many samples with a
fixed seed and tests, for every coordinate, the sample mean (a z-test) and the sample
variance (a chi-square test on (n - 1) s^2 / sigma^2), both two-sided. The
significance level of each of the 2 * size tests is ``false_failure_rate / (2 * size)``
(Bonferroni), so a correct sampler fails the whole check with probability at most
``false_failure_rate`` over the choice of seed; with the seed fixed, a given
implementation passes or fails the same way on every run.

:func:`monte_carlo_kl` estimates KL(q || N(0, I)) for a diagonal Gaussian q by
averaging log q(z) - log p(z) over draws z ~ q (SciPy's ``norm.logpdf``, no closed
form), with its standard error; :func:`kl_by_quadrature` computes the same divergence by
numerical integration (``scipy.integrate.quad``), one coordinate at a time;
:func:`check_monte_carlo` accepts a value when it lies within the estimate's confidence
band, again at a stated false-failure rate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from scipy import integrate, stats

from .checks import Mistake, as_numeric, describe_value, fail
from .i18n import add, text

add({
    "gaussian: n draws": {
        "en": "{n} draws",
        "ko": "표본 {n}개",
    },
    "gaussian: draws not stacked": {
        "en": "Expected {n} draws stacked along the first axis; got an array of shape "
              "{shape}.",
        "ko": "첫 번째 축을 따라 쌓인 표본 {n}개를 기대했는데, 모양 {shape}인 배열을 "
              "받았습니다.",
    },
    "gaussian: draw shape": {
        "en": "Each draw has shape {shape}, which does not match the distribution's shape "
              "{expected}.",
        "ko": "표본 하나의 모양 {shape}이(가) 분포의 모양 {expected}과(와) 맞지 않습니다.",
    },
    "gaussian: draws not finite": {
        "en": "Some draws are NaN or inf. NaN and inf usually come from log(0), 0/0 or an "
              "overflowing exp.",
        "ko": "일부 표본이 NaN이나 inf입니다. NaN과 inf는 대개 log(0), 0/0, 또는 "
              "넘치는(overflow) exp에서 생깁니다.",
    },
    "gaussian: at coordinate": {
        "en": "coordinate {index}",
        "ko": "좌표 {index}",
    },
    "gaussian: the draws": {
        "en": "the draws",
        "ko": "표본 전체",
    },
    "gaussian: draws off": {
        "en": "Its {n} draws (seed {seed}) do not follow N(mean, std^2).\n"
              "  at {where}: expected mean {mean} and std {std}, observed mean "
              "{observed_mean} and std {observed_std}\n"
              "  p-value {p_value} < {level} (the check's false-failure rate is {rate}, "
              "split over {tests} tests)",
        "ko": "{n}번 뽑은 표본(시드 {seed})이 N(mean, std^2)을 따르지 않습니다.\n"
              "  {where}에서: 기대한 평균 {mean}, 표준편차 {std}; 관측한 평균 "
              "{observed_mean}, 표준편차 {observed_std}\n"
              "  p-값 {p_value} < {level} (이 검사가 올바른 샘플러를 잘못 탈락시킬 확률 "
              "{rate}을(를) 검정 {tests}개에 나누었습니다)",
    },
    "gaussian: not finite": {
        "en": "It returned NaN or inf. NaN and inf usually come from log(0), 0/0 or an "
              "overflowing exp.",
        "ko": "NaN이나 inf를 반환했습니다. NaN과 inf는 대개 log(0), 0/0, 또는 "
              "넘치는(overflow) exp에서 생깁니다.",
    },
    "gaussian: outside the band": {
        "en": "Wrong value{where}: returned {got}, but a Monte Carlo estimate gives "
              "{estimate} ± {band}.\n"
              "  (± is {c} standard errors: a correct answer falls outside the band with "
              "probability {rate})\n"
              "  returned: {returned}\n"
              "  estimate: {estimated}",
        "ko": "값이 다릅니다{where}: {got}을(를) 반환했지만, 몬테카를로 추정값은 "
              "{estimate} ± {band}입니다.\n"
              "  (±는 표준오차의 {c}배입니다: 올바른 답이 이 구간 밖에 놓일 확률은 "
              "{rate}입니다)\n"
              "  반환한 값: {returned}\n"
              "  추정값: {estimated}",
    },
})


def _gaussian_p_values(samples: np.ndarray, mean: np.ndarray,
                       std: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p-values of the mean and the variance, per coordinate.

    A coordinate with std 0 must have every sample equal to its mean (p = 1), else p = 0.
    """
    n = samples.shape[0]
    sample_mean = samples.mean(axis=0)
    sample_var = samples.var(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (sample_mean - mean) / (std / np.sqrt(n))
        p_mean = 2 * stats.norm.sf(np.abs(z))
        chi2 = (n - 1) * sample_var / std ** 2
        cdf = stats.chi2.cdf(chi2, n - 1)
        p_var = 2 * np.minimum(cdf, 1 - cdf)
    degenerate = std == 0
    if degenerate.any():
        exact = np.all(np.isclose(samples, mean, rtol=1e-9, atol=1e-12), axis=0)
        p_mean = np.where(degenerate, np.where(exact, 1.0, 0.0), p_mean)
        p_var = np.where(degenerate, np.where(exact, 1.0, 0.0), p_var)
    return p_mean, p_var


def check_gaussian_sampler(draw: Callable[[np.random.Generator, int], Any], mean: Any, std: Any,
                           *, name: str, inputs: Mapping[str, Any], n: int = 10_000,
                           seed: int = 0, false_failure_rate: float = 1e-3,
                           mistakes: Iterable[Mistake] = ()) -> None:
    """Check that ``draw(rng, n)`` returns ``n`` draws from N(mean, std**2), independently
    per coordinate.

    Args:
        draw: called once with a ``numpy.random.Generator`` seeded with ``seed`` and
            ``n``; returns an array of shape (n, *shape) (a tensor with ``__array__`` is fine).
        mean, std: arrays broadcastable to ``shape``; std >= 0.
        name, inputs: the student's function and its inputs, for the message.
        n: number of draws.
        false_failure_rate: the probability that a correct sampler fails the check.
        mistakes: each ``wrong(expected, **inputs)`` gets ``expected`` = the array of
            shape (2, *shape) holding [mean, std] and returns the [mean, std] of the
            distribution a mistaken sampler draws from; it is named when the draws
            pass the same test against it (and it differs from the expected one).

    Raises:
        AssertionError: naming the worst coordinate, its expected and observed mean and
            standard deviation, the p-value, the false-failure rate and any known
            mistake the draws fit.
    """
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    got = draw(rng, n)
    samples = as_numeric(got, name, inputs, text("gaussian: n draws", n=n))
    if samples.ndim == 0 or samples.shape[0] != n:
        fail(name, inputs, text("gaussian: draws not stacked", n=n, shape=samples.shape))
    shape = samples.shape[1:]
    try:
        mean = np.broadcast_to(np.asarray(mean, dtype=float), shape)
        std = np.broadcast_to(np.asarray(std, dtype=float), shape)
    except ValueError:
        fail(name, inputs, text("gaussian: draw shape", shape=shape, expected=np.shape(mean)))
    if not np.isfinite(samples).all():
        fail(name, inputs, text("gaussian: draws not finite"))
    level = false_failure_rate / (2 * max(int(np.prod(shape)), 1))
    p_mean, p_var = _gaussian_p_values(samples, mean, std)
    if p_mean.min(initial=1.0) >= level and p_var.min(initial=1.0) >= level:
        return

    worst = np.unravel_index(int(np.argmin(np.minimum(p_mean, p_var))), shape) if shape else ()
    observed_mean = samples.mean(axis=0)
    observed_std = samples.std(axis=0, ddof=1)
    p_worst = float(min(p_mean[worst], p_var[worst]))
    where = (text("gaussian: at coordinate", index=tuple(int(i) for i in worst)) if shape
             else text("gaussian: the draws"))
    problem = text("gaussian: draws off", n=n, seed=seed, where=where,
                   mean=f"{mean[worst]:.4g}", std=f"{std[worst]:.4g}",
                   observed_mean=f"{observed_mean[worst]:.4g}",
                   observed_std=f"{observed_std[worst]:.4g}", p_value=f"{p_worst:.2g}",
                   level=f"{level:.2g}", rate=f"{false_failure_rate:g}",
                   tests=2 * max(int(np.prod(shape)), 1))
    hints = []
    expected = np.stack([mean, std])
    for mistake in mistakes:
        alt = mistake.answer(expected, inputs)
        try:
            alt_mean = np.broadcast_to(alt[0], shape)
            alt_std = np.broadcast_to(alt[1], shape)
        except (TypeError, IndexError, ValueError):  # not applicable, or not (mean, std)
            continue
        if np.allclose(alt_mean, mean) and np.allclose(alt_std, std):
            continue
        a_mean, a_var = _gaussian_p_values(samples, alt_mean, alt_std)
        if a_mean.min(initial=1.0) >= level and a_var.min(initial=1.0) >= level:
            hints.append(mistake.describe())
    fail(name, inputs, problem, hints)


def monte_carlo_kl(mu: Any, logvar: Any, n: int = 20_000,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo estimate of KL(q || N(0, I)) for q = N(mu, diag(exp(logvar))), in nats.

    Averages log q(z) - log p(z) (SciPy's ``norm.logpdf``, summed over the last axis)
    over ``n`` draws z ~ q (SciPy's ``norm.rvs``). The estimate is unbiased; its
    standard error is the sample standard deviation of log q - log p over sqrt(n).

    Args:
        mu, logvar: float arrays of the same shape (..., d): the mean and the log of
            the variance of each coordinate.
        n: draws per distribution.
        seed: seed of the draws.

    Returns:
        estimate, stderr: float64 arrays of shape (...).

    Raises:
        ValueError: if mu and logvar differ in shape or n < 2.
    """
    mu = np.asarray(mu, dtype=float)
    logvar = np.asarray(logvar, dtype=float)
    if mu.shape != logvar.shape or mu.ndim == 0:
        raise ValueError(f"mu and logvar must have the same shape (..., d); got {mu.shape} "
                         f"and {logvar.shape}")
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    scale = np.sqrt(np.exp(logvar))
    q = stats.norm(loc=mu, scale=scale)
    z = q.rvs(size=(n, *mu.shape), random_state=np.random.default_rng(seed))
    log_ratio = (q.logpdf(z) - stats.norm.logpdf(z)).sum(axis=-1)
    return log_ratio.mean(axis=0), log_ratio.std(axis=0, ddof=1) / np.sqrt(n)


def kl_by_quadrature(mu: Any, logvar: Any) -> np.ndarray:
    """KL(q || N(0, I)) for q = N(mu, diag(exp(logvar))), in nats, by numerical integration.

    Each coordinate's divergence, the integral of q(z) (log q(z) - log p(z)) over z, is
    computed with ``scipy.integrate.quad`` over mu +- 30 standard deviations, with
    the normal log-densities written out (as ``scipy.stats.norm.logpdf`` computes
    them, which is too slow to call per point); coordinates are independent under both
    distributions, so the divergences add up over the last axis. Accurate to about
    1e-10 for |mu| < 10 and |logvar| < 10; about a millisecond per coordinate.

    Args:
        mu, logvar: float arrays of the same shape (..., d).

    Returns:
        float64 array of shape (...).

    Raises:
        ValueError: if mu and logvar differ in shape or are 0-D.
    """
    mu = np.asarray(mu, dtype=float)
    logvar = np.asarray(logvar, dtype=float)
    if mu.shape != logvar.shape or mu.ndim == 0:
        raise ValueError(f"mu and logvar must have the same shape (..., d); got {mu.shape} "
                         f"and {logvar.shape}")
    out = np.zeros(mu.shape)
    log_root_2pi = 0.5 * np.log(2 * np.pi)
    for index in np.ndindex(mu.shape):
        m, s = float(mu[index]), float(np.sqrt(np.exp(logvar[index])))

        def integrand(z, m=m, s=s):
            log_q = -0.5 * ((z - m) / s) ** 2 - np.log(s) - log_root_2pi   # norm.logpdf(z, m, s)
            log_p = -0.5 * z ** 2 - log_root_2pi                            # norm.logpdf(z)
            return np.exp(log_q) * (log_q - log_p)

        out[index] = integrate.quad(integrand, m - 30 * s, m + 30 * s, points=[m],
                                    epsabs=1e-13, epsrel=1e-11, limit=200)[0]
    return out.sum(axis=-1)


def check_monte_carlo(got: Any, estimate: Any, stderr: Any, *, name: str,
                      inputs: Mapping[str, Any], false_failure_rate: float = 1e-3,
                      mistakes: Iterable[Mistake] = ()) -> None:
    """Check exact values against Monte Carlo estimates of them.

    Each element passes when |got - estimate| <= c * stderr, with c the two-sided
    normal quantile at ``false_failure_rate / size`` (Bonferroni): a correct answer
    fails with probability at most ``false_failure_rate`` over the estimate's seed.

    Args:
        got: the student's values; estimate, stderr: same shape.
        mistakes: ``wrong(estimate, **inputs)`` is the mistaken value computed from the
            estimate; it is named when every element of ``got`` lies within twice the
            band of it, and it lies outside the band of the estimate.

    Raises:
        AssertionError: with the worst element, the band and any known mistake.
    """
    __tracebackhide__ = True
    estimate = np.asarray(estimate, dtype=float)
    stderr = np.asarray(stderr, dtype=float)
    arr = as_numeric(got, name, inputs, describe_value(estimate))
    if arr.shape != estimate.shape:
        fail(name, inputs, text("wrong shape", expected=estimate.shape, returned=arr.shape))
    if not np.isfinite(arr).all():
        fail(name, inputs, text("gaussian: not finite"))
    c = float(stats.norm.isf(false_failure_rate / (2 * max(estimate.size, 1))))
    band = c * stderr
    gap = np.abs(arr - estimate)
    if (gap <= band).all():
        return
    worst = np.unravel_index(int(np.argmax(gap - band)), estimate.shape) if estimate.ndim else ()
    hints = []
    for mistake in mistakes:
        wrong = mistake.answer(estimate, inputs)
        if wrong is not None and wrong.shape == arr.shape \
                and (np.abs(wrong - estimate) > band).any() \
                and (np.abs(arr - wrong) <= 2 * band).all():
            hints.append(mistake.describe())
    index = text("at index", index=tuple(int(i) for i in worst)) if estimate.ndim else ""
    fail(name, inputs,
         text("gaussian: outside the band", where=index, got=f"{arr[worst]:.6g}",
              estimate=f"{estimate[worst]:.6g}", band=f"{band[worst]:.2g}", c=f"{c:.2f}",
              rate=f"{false_failure_rate:g}", returned=describe_value(arr),
              estimated=describe_value(np.round(estimate, 4))), hints)
