"""Known mistakes for 06_vae: KL divergence, reparameterised sampling, the VAE loss,
latent interpolation.

Several come from published code: the first edition of Chollet's *Deep Learning
with Python* (2017, listing 8.24) samples with ``z_mean + K.exp(z_log_var) * epsilon``,
a standard deviation of exp(logvar) instead of exp(logvar / 2), and its loss averages
the cross-entropy over the 784 pixels and the KL term over the latent dimensions
(then weights it by 5e-4), which is not the ELBO's scale.
"""

from __future__ import annotations

import numpy as np

from ..checks import Mistake

_BATCH_MEAN_FIX = ("return one KL per example, shape (batch,): sum over the last (latent) "
                   "axis only.")
_BATCH_MEAN_FIX_KO = ("예제마다 KL을 하나씩, 모양 (batch,)으로 반환하세요: 마지막(잠재) 축에 "
                      "대해서만 합하세요.")

KL_DIVERGENCE = (
    Mistake(
        "the sign is flipped: KL(q || p) is never negative",
        "KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar); if you start from "
        "1 + logvar - mu**2 - exp(logvar), multiply by -0.5, not +0.5.",
        lambda expected, mu, logvar: -np.asarray(expected),
        name_ko="부호가 반대입니다: KL(q || p)는 음수가 될 수 없습니다",
        fix_ko=("KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar)입니다. 1 + logvar - mu**2 - "
                "exp(logvar)에서 시작한다면 +0.5가 아니라 -0.5를 곱하세요."),
    ),
    Mistake(
        "the factor 0.5 is missing",
        "KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar): every term is halved.",
        lambda expected, mu, logvar: 2 * np.asarray(expected),
        name_ko="0.5 계수가 빠졌습니다",
        fix_ko="KL = 0.5 * sum(exp(logvar) + mu**2 - 1 - logvar)입니다: 모든 항이 절반이 됩니다.",
    ),
    Mistake(
        "the KL is averaged over the latent dimensions instead of summed",
        "the latent coordinates are independent, so their KL divergences add up: "
        "sum over the last axis, do not take the mean.",
        lambda expected, mu, logvar: np.asarray(expected) / np.shape(mu)[-1],
        name_ko="KL을 잠재 차원에 걸쳐 합하지 않고 평균했습니다",
        fix_ko=("잠재 좌표들은 서로 독립이므로 KL 발산이 더해집니다: 마지막 축에 걸쳐 합하고, "
                "평균을 내지 마세요."),
    ),
    Mistake(
        "one number for the whole batch (the mean over examples)",
        _BATCH_MEAN_FIX,
        lambda expected, mu, logvar: np.mean(expected),
        name_ko="배치 전체에 숫자 하나입니다(예제에 걸친 평균)",
        fix_ko=_BATCH_MEAN_FIX_KO,
    ),
    Mistake(
        "one number for the whole batch (the sum over examples)",
        _BATCH_MEAN_FIX,
        lambda expected, mu, logvar: np.sum(expected),
        name_ko="배치 전체에 숫자 하나입니다(예제에 걸친 합)",
        fix_ko=_BATCH_MEAN_FIX_KO,
    ),
)

_STD_FIX = ("logvar is the log of the variance, so the standard deviation is "
            "exp(0.5 * logvar) (the square root of exp(logvar)).")
_STD_FIX_KO = "logvar는 분산의 로그이므로 표준편차는 exp(0.5 * logvar)(exp(logvar)의 제곱근)입니다."

REPARAMETERIZE = (
    Mistake(
        "the standard deviation is exp(logvar), as in the first edition of Deep Learning "
        "with Python; that is the variance",
        _STD_FIX,
        lambda expected, mu, logvar, eps: mu + (np.asarray(expected) - mu) * np.exp(0.5 * logvar),
        name_ko=("『케라스 창시자에게 배우는 딥러닝』 1판처럼 표준편차를 exp(logvar)로 "
                 "잡았습니다. 그것은 분산입니다"),
        fix_ko=_STD_FIX_KO,
    ),
    Mistake(
        "the log-variance is used as the standard deviation",
        _STD_FIX,
        lambda expected, mu, logvar, eps: mu + (np.asarray(expected) - mu) * logvar
        / np.exp(0.5 * logvar),
        name_ko="로그 분산을 표준편차로 썼습니다",
        fix_ko=_STD_FIX_KO,
    ),
    Mistake(
        "the noise eps is not used: z = mu",
        "z = mu + std * eps: scale the noise that is passed in and add it to mu.",
        lambda expected, mu, logvar, eps: np.broadcast_to(mu, np.shape(expected)),
        name_ko="노이즈 eps를 쓰지 않았습니다: z = mu",
        fix_ko="z = mu + std * eps입니다: 전달받은 노이즈의 크기를 조정해서 mu에 더하세요.",
    ),
)

# For gradelib.gaussian.check_gaussian_sampler: expected = [mean, std] of z.
REPARAMETERIZE_SAMPLES = (
    Mistake(REPARAMETERIZE[0].name, _STD_FIX,
            lambda expected, mu, logvar: np.stack([expected[0], expected[1] ** 2]),
            name_ko=REPARAMETERIZE[0].name_ko, fix_ko=_STD_FIX_KO),
    Mistake(REPARAMETERIZE[1].name, _STD_FIX,
            lambda expected, mu, logvar: np.stack(
                [expected[0], np.broadcast_to(np.abs(logvar), np.shape(expected[1]))]),
            name_ko=REPARAMETERIZE[1].name_ko, fix_ko=_STD_FIX_KO),
    Mistake(REPARAMETERIZE[2].name, REPARAMETERIZE[2].fix,
            lambda expected, mu, logvar: np.stack([expected[0], np.zeros_like(expected[1])]),
            name_ko=REPARAMETERIZE[2].name_ko, fix_ko=REPARAMETERIZE[2].fix_ko),
)


def _loss(expected, recon=None, kl=None):
    """[total, recon, kl] from a changed recon and/or kl (the others as expected)."""
    _, r, k = np.asarray(expected, dtype=float)
    r = r if recon is None else recon
    k = k if kl is None else kl
    return np.array([r + k, r, k])


VAE_LOSS = (
    Mistake(
        "the reconstruction loss is averaged over the pixels instead of summed",
        "the ELBO's reconstruction term is log p(x | z), a sum over all pixels: sum the "
        "binary cross-entropy over every axis but the batch axis, then average over the "
        "batch. Averaging over pixels shrinks it 784 times and lets the KL term dominate.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, recon=expected[1] / np.prod(np.shape(x)[1:])),
        name_ko="재구성 손실을 픽셀에 걸쳐 합하지 않고 평균했습니다",
        fix_ko=("ELBO의 재구성 항은 log p(x | z), 곧 모든 픽셀에 걸친 합입니다: 이진 교차 "
                "엔트로피를 배치 축을 뺀 모든 축에 걸쳐 합한 다음 배치에 걸쳐 평균하세요. 픽셀에 "
                "걸쳐 평균하면 이 항이 784배 줄어들어 KL 항이 손실을 지배하게 됩니다."),
    ),
    Mistake(
        "the reconstruction loss is averaged over the last axis (keras.losses."
        "binary_crossentropy takes the mean over the last axis)",
        "sum the per-pixel cross-entropy over every axis but the batch axis yourself, or "
        "give keras.losses.binary_crossentropy inputs with a trailing axis of size 1.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, recon=expected[1] / np.shape(x)[-1]),
        name_ko=("재구성 손실을 마지막 축에 걸쳐 평균했습니다(keras.losses.binary_crossentropy는 "
                 "마지막 축에 걸쳐 평균을 냅니다)"),
        fix_ko=("픽셀별 교차 엔트로피를 배치 축을 뺀 모든 축에 걸쳐 직접 합하거나, "
                "keras.losses.binary_crossentropy에 크기 1인 축을 끝에 덧붙인 입력을 주세요."),
    ),
    Mistake(
        "the KL term is averaged over the latent dimensions instead of summed",
        "sum the KL over the latent axis (kl_divergence does), then average over the batch.",
        lambda expected, x, x_decoded, mu, logvar: _loss(
            expected, kl=expected[2] / np.shape(mu)[-1]),
        name_ko="KL 항을 잠재 차원에 걸쳐 합하지 않고 평균했습니다",
        fix_ko=("KL을 잠재 축에 걸쳐 합한 다음(kl_divergence가 그렇게 합니다) 배치에 걸쳐 "
                "평균하세요."),
    ),
    Mistake(
        "the KL term is subtracted (its sign is flipped)",
        "the loss is the negative ELBO: reconstruction loss PLUS the KL divergence, "
        "which is never negative.",
        lambda expected, x, x_decoded, mu, logvar: _loss(expected, kl=-expected[2]),
        name_ko="KL 항을 뺐습니다(부호가 반대입니다)",
        fix_ko=("손실은 음의 ELBO입니다: 재구성 손실에 음수가 될 수 없는 KL 발산을 더한(PLUS) "
                "값입니다."),
    ),
    Mistake(
        "the losses are summed over the batch instead of averaged",
        "return the mean over the batch of the per-image losses (nats per image), so the "
        "numbers do not depend on the batch size.",
        lambda expected, x, x_decoded, mu, logvar: np.asarray(expected) * np.shape(x)[0],
        name_ko="손실을 배치에 걸쳐 평균하지 않고 합했습니다",
        fix_ko=("이미지별 손실의 배치 평균(이미지당 내트)을 반환하세요. 그래야 값이 배치 크기에 "
                "따라 달라지지 않습니다."),
    ),
)

INTERPOLATE = (
    Mistake(
        "the endpoints are missing: the first row must be z0 and the last z1",
        "use n evenly spaced weights from 0 to 1 inclusive, t = np.linspace(0, 1, n).",
        lambda expected, z0, z1, n: np.linspace(z0, z1, n + 2)[1:-1],
        name_ko="양 끝점이 빠졌습니다: 첫 행은 z0, 마지막 행은 z1이어야 합니다",
        fix_ko="0부터 1까지(양 끝 포함) 고르게 놓인 가중치 n개, t = np.linspace(0, 1, n)을 쓰세요.",
    ),
    Mistake(
        "the last row stops short of z1 (weights i / n instead of i / (n - 1))",
        "the weights go from 0 to 1 inclusive: t = np.linspace(0, 1, n).",
        lambda expected, z0, z1, n: np.linspace(z0, z1, n, endpoint=False),
        name_ko="마지막 행이 z1에 못 미칩니다(가중치가 i / (n - 1)이 아니라 i / n)",
        fix_ko="가중치는 0부터 1까지(양 끝 포함)입니다: t = np.linspace(0, 1, n).",
    ),
    Mistake(
        "the rows run from z1 to z0",
        "the weight of z1 grows from 0 to 1: row i is (1 - t_i) * z0 + t_i * z1.",
        lambda expected, z0, z1, n: np.asarray(expected)[::-1],
        name_ko="행이 z1에서 z0 방향으로 진행합니다",
        fix_ko="z1의 가중치가 0에서 1로 커져야 합니다: 행 i는 (1 - t_i) * z0 + t_i * z1입니다.",
    ),
)
