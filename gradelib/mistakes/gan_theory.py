"""Known mistakes for 07_gan_theory: divergences of discrete distributions, the optimal
discriminator, the value V(D, G), the discriminator's and the generator's losses on
logits, and their gradients.

Two come from library conventions: ``scipy.spatial.distance.jensenshannon`` returns the
Jensen-Shannon *distance*, the square root of the divergence; and a loss that applies a
sigmoid before a ``from_logits=True`` cross-entropy squashes the logits twice.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, rel_entr

from ..checks import Mistake

_LN2 = np.log(2.0)


def _kl(p, q):
    return np.sum(rel_entr(np.asarray(p, float), np.asarray(q, float)), axis=-1)


def _softplus(x):
    return np.logaddexp(0.0, np.asarray(x, float))


_BITS = ("the result is in bits (log base 2): the course measures divergences in nats",
         "use the natural logarithm (np.log), not np.log2.")
_BITS_KO = {"name_ko": ("결과가 비트 단위(밑이 2인 로그)입니다: 이 코스는 발산을 내트(nat) "
                        "단위로 잽니다"),
            "fix_ko": "np.log2가 아니라 자연로그(np.log)를 쓰세요."}

DISCRETE_KL = (
    Mistake(*_BITS, lambda expected, p, q: np.asarray(expected) / _LN2,
            **_BITS_KO),
    Mistake("the arguments are swapped: this is KL(q || p), and KL is not symmetric",
            "KL(p || q) = sum_i p_i log(p_i / q_i): weight by p, the first argument.",
            lambda expected, p, q: _kl(q, p),
            name_ko="인자가 뒤바뀌었습니다: 이것은 KL(q || p)이고, KL은 대칭이 아닙니다",
            fix_ko="KL(p || q) = sum_i p_i log(p_i / q_i)입니다: 첫 번째 인자인 p로 가중하세요."),
    Mistake("the sign is flipped: KL is never negative",
            "KL(p || q) = sum p log(p / q), not sum p log(q / p).",
            lambda expected, p, q: -np.asarray(expected),
            name_ko="부호가 반대입니다: KL은 음수가 될 수 없습니다",
            fix_ko="KL(p || q)는 sum p log(q / p)가 아니라 sum p log(p / q)입니다."),
    Mistake("the terms are not summed: one number per category",
            "sum p_i log(p_i / q_i) over the last axis (the categories).",
            lambda expected, p, q: rel_entr(np.asarray(p, float), np.asarray(q, float)),
            name_ko="항을 합하지 않았습니다: 범주마다 값이 하나씩 나옵니다",
            fix_ko="p_i log(p_i / q_i)를 마지막 축(범주)에 걸쳐 합하세요."),
    Mistake("the terms are averaged over the categories instead of summed",
            "KL is a sum over categories weighted by p, not a mean.",
            lambda expected, p, q: np.asarray(expected) / np.shape(p)[-1],
            name_ko="항을 범주에 걸쳐 합하지 않고 평균했습니다",
            fix_ko="KL은 p로 가중한 항을 범주에 걸쳐 더한 합이지 평균이 아닙니다."),
)

JS_DIVERGENCE = (
    Mistake(*_BITS, lambda expected, p, q: np.asarray(expected) / _LN2,
            **_BITS_KO),
    Mistake("this is the Jensen-Shannon distance, the square root of the divergence (what "
            "scipy.spatial.distance.jensenshannon returns)",
            "return the divergence 0.5 KL(p || m) + 0.5 KL(q || m) itself, not its square root.",
            lambda expected, p, q: np.sqrt(np.asarray(expected)),
            name_ko=("이것은 발산이 아니라 그 제곱근인 젠슨-섀넌 "
                     "거리입니다(scipy.spatial.distance.jensenshannon이 반환하는 값)"),
            fix_ko="제곱근이 아니라 발산 0.5 KL(p || m) + 0.5 KL(q || m) 자체를 반환하세요."),
    Mistake("the halves are missing: KL(p || m) + KL(q || m)",
            "JSD = 0.5 * KL(p || m) + 0.5 * KL(q || m).",
            lambda expected, p, q: 2 * np.asarray(expected),
            name_ko="1/2 계수가 빠졌습니다: KL(p || m) + KL(q || m)",
            fix_ko="JSD = 0.5 * KL(p || m) + 0.5 * KL(q || m)입니다."),
    Mistake("the mixture is m = p + q, not (p + q) / 2",
            "m = (p + q) / 2 is the average of the two distributions (itself a distribution).",
            lambda expected, p, q: np.asarray(expected) - _LN2,
            name_ko="혼합 분포를 (p + q) / 2가 아니라 m = p + q로 잡았습니다",
            fix_ko="m = (p + q) / 2는 두 분포의 평균이며, 그 자체로 확률분포입니다."),
    Mistake("this is the symmetrised KL (Jeffreys divergence) 0.5 (KL(p || q) + KL(q || p)), "
            "not the Jensen-Shannon divergence",
            "compare each distribution with the mixture m = (p + q) / 2, not with each other: "
            "that keeps JSD finite and at most log 2.",
            lambda expected, p, q: 0.5 * (_kl(p, q) + _kl(q, p)),
            name_ko=("이것은 젠슨-섀넌 발산이 아니라 대칭화한 KL(제프리스 발산) 0.5 (KL(p || q) "
                     "+ KL(q || p))입니다"),
            fix_ko=("두 분포를 서로 비교하지 말고 각각을 혼합 분포 m = (p + q) / 2와 비교하세요: "
                    "그래야 JSD가 유한하고 log 2 이하가 됩니다.")),
)

OPTIMAL_DISCRIMINATOR = (
    Mistake("p_data and p_g are swapped: D* = p_g / (p_data + p_g)",
            "D*(x) is the probability that x is real: p_data(x) / (p_data(x) + p_g(x)).",
            lambda expected, p_data, p_g: 1.0 - np.asarray(expected),
            name_ko="p_data와 p_g가 뒤바뀌었습니다: D* = p_g / (p_data + p_g)",
            fix_ko="D*(x)는 x가 진짜일 확률, 곧 p_data(x) / (p_data(x) + p_g(x))입니다."),
    Mistake("this is the likelihood ratio p_data / p_g, not a probability",
            "divide by the sum p_data + p_g, so that D* lies in [0, 1].",
            lambda expected, p_data, p_g: np.asarray(p_data, float) / np.asarray(p_g, float),
            name_ko="이것은 확률이 아니라 가능도 비 p_data / p_g입니다",
            fix_ko="D*가 [0, 1] 안에 오도록 합 p_data + p_g로 나누세요."),
)

_WEIGHTS_FIX = ("V = sum_x p_data(x) log D(x) + sum_x p_g(x) log(1 - D(x)): each log is "
                "weighted by the probability of x under its distribution.")

GAN_VALUE = (
    Mistake(*_BITS, lambda expected, d, p_data, p_g: np.asarray(expected) / _LN2,
            **_BITS_KO),
    Mistake("the sign is flipped: this is -V, the discriminator's loss",
            "return V itself: it is at most 0, and the discriminator maximises it.",
            lambda expected, d, p_data, p_g: -np.asarray(expected),
            name_ko="부호가 반대입니다: 이것은 판별자의 손실인 -V입니다",
            fix_ko="V 자체를 반환하세요: V는 0 이하이고, 판별자는 V를 최대화합니다."),
    Mistake("the fake term uses log D(x) instead of log(1 - D(x))",
            "on generated samples the discriminator should say 'fake', so the term is "
            "log(1 - D(x)).",
            lambda expected, d, p_data, p_g: np.sum(
                np.where(np.asarray(p_data) > 0, np.asarray(p_data) * np.log(d), 0.0))
            + np.sum(np.where(np.asarray(p_g) > 0, np.asarray(p_g) * np.log(d), 0.0)),
            name_ko="가짜 항에 log(1 - D(x)) 대신 log D(x)를 썼습니다",
            fix_ko=("생성된 샘플에 대해 판별자는 '가짜'라고 답해야 하므로 그 항은 log(1 - "
                    "D(x))입니다.")),
    Mistake("the expectations are plain means over x, not weighted by p_data and p_g",
            _WEIGHTS_FIX,
            lambda expected, d, p_data, p_g: np.mean(np.log(d))
            + np.mean(np.log1p(-np.asarray(d))),
            name_ko="기댓값을 p_data와 p_g로 가중하지 않고 x에 대한 단순 평균으로 구했습니다",
            fix_ko=("V = sum_x p_data(x) log D(x) + sum_x p_g(x) log(1 - D(x))입니다: 각 로그 "
                    "항을 해당 분포에서 x가 나올 확률로 가중하세요.")),
)

_LOGIT_FIX = ("the inputs are logits (D(x) = sigmoid(logit)); use a from-logits form such as "
              "softplus: -log sigmoid(l) = softplus(-l), -log(1 - sigmoid(l)) = softplus(l).")
_LOGIT_FIX_KO = ("입력은 로짓입니다(D(x) = sigmoid(logit)). softplus 같은 로짓용 식을 쓰세요: "
                 "-log sigmoid(l) = softplus(-l), -log(1 - sigmoid(l)) = softplus(l).")

DISCRIMINATOR_LOSS = (
    Mistake("the labels are swapped: real samples are labelled 0 and fakes 1",
            "the discriminator should say 1 (real) on real data and 0 on fakes: "
            "softplus(-real_logits) + softplus(fake_logits).",
            lambda expected, real_logits, fake_logits: np.mean(_softplus(real_logits))
            + np.mean(_softplus(-np.asarray(fake_logits, float))),
            name_ko="레이블이 뒤바뀌었습니다: 진짜 샘플에 0, 가짜 샘플에 1을 붙였습니다",
            fix_ko=("판별자는 진짜 데이터에 1(진짜), 가짜에 0이라고 답해야 합니다: "
                    "softplus(-real_logits) + softplus(fake_logits).")),
    Mistake("the logits went through a sigmoid before a from-logits cross-entropy "
            "(squashed twice)", _LOGIT_FIX,
            lambda expected, real_logits, fake_logits: np.mean(_softplus(-expit(real_logits)))
            + np.mean(_softplus(expit(fake_logits))),
            name_ko=("from-logits 교차 엔트로피에 넣기 전에 로짓에 시그모이드를 적용했습니다"
                     "(두 번 압축됨)"),
            fix_ko=_LOGIT_FIX_KO),
    Mistake("the two cross-entropies are averaged instead of added",
            "the loss is -V: the real term plus the fake term, each a mean over its batch.",
            lambda expected, real_logits, fake_logits: 0.5 * np.asarray(expected),
            name_ko="두 교차 엔트로피를 더하지 않고 평균했습니다",
            fix_ko=("손실은 -V입니다: 진짜 항과 가짜 항을 더하며, 각 항은 자기 배치에 대한 "
                    "평균입니다.")),
    Mistake("the sign is flipped: this is V, which the discriminator maximises",
            "a loss is minimised, so the discriminator's loss is -V (a sum of two "
            "cross-entropies, never negative).",
            lambda expected, real_logits, fake_logits: -np.asarray(expected),
            name_ko="부호가 반대입니다: 이것은 판별자가 최대화하는 V입니다",
            fix_ko=("손실은 최소화하는 값이므로 판별자의 손실은 -V입니다(두 교차 엔트로피의 "
                    "합이라 음수가 될 수 없습니다).")),
)

_SUMMED = ("the loss is summed over the batch, not averaged",
           "take the mean over the examples (ops.mean), so that the loss does not grow with "
           "the batch size.")
_SUMMED_KO = {"name_ko": "손실을 배치에 걸쳐 평균하지 않고 합했습니다",
              "fix_ko": ("손실이 배치 크기에 따라 커지지 않도록 샘플에 대해 평균(ops.mean)을 "
                         "내세요.")}

SATURATING_LOSS = (
    Mistake("this is the non-saturating loss -log D(G(z))",
            "the saturating loss is the generator's term of V itself: mean log(1 - D(G(z))).",
            lambda expected, fake_logits: np.mean(_softplus(-np.asarray(fake_logits, float))),
            name_ko="이것은 비포화 손실 -log D(G(z))입니다",
            fix_ko="포화 손실은 V의 생성자 항 그대로인 mean log(1 - D(G(z)))입니다."),
    Mistake("the sign is flipped: mean -log(1 - D(G(z))) is what the discriminator minimises",
            "the generator minimises V, whose term is +log(1 - D(G(z))) = -softplus(logit).",
            lambda expected, fake_logits: -np.asarray(expected),
            name_ko="부호가 반대입니다: mean -log(1 - D(G(z)))는 판별자가 최소화하는 항입니다",
            fix_ko=("생성자는 V를 최소화하며, V의 해당 항은 +log(1 - D(G(z))) = "
                    "-softplus(logit)입니다.")),
    Mistake(*_SUMMED, lambda expected, fake_logits: np.asarray(expected) * np.size(fake_logits),
            **_SUMMED_KO),
)

NON_SATURATING_LOSS = (
    Mistake("this is the saturating loss log(1 - D(G(z)))",
            "the non-saturating loss is mean -log D(G(z)) = mean softplus(-logit).",
            lambda expected, fake_logits: -np.mean(_softplus(fake_logits)),
            name_ko="이것은 포화 손실 log(1 - D(G(z)))입니다",
            fix_ko="비포화 손실은 mean -log D(G(z)) = mean softplus(-logit)입니다."),
    Mistake("the sign is flipped: mean log D(G(z)) is to be maximised, so the loss is its "
            "negative", "return mean -log D(G(z)) = mean softplus(-logit), which is >= 0.",
            lambda expected, fake_logits: -np.asarray(expected),
            name_ko="부호가 반대입니다: mean log D(G(z))는 최대화할 값이므로 손실은 그 음수입니다",
            fix_ko="0 이상인 mean -log D(G(z)) = mean softplus(-logit)을 반환하세요."),
    Mistake("the fakes are labelled 0 (fake) in the generator's loss",
            "the generator wants its samples called real: label them 1, i.e. softplus(-logit).",
            lambda expected, fake_logits: np.mean(_softplus(fake_logits)),
            name_ko="생성자의 손실에서 가짜 샘플에 레이블 0(가짜)을 붙였습니다",
            fix_ko=("생성자는 자기 샘플이 진짜로 판별되기를 원합니다: 레이블 1, 곧 "
                    "softplus(-logit)을 쓰세요.")),
    Mistake(*_SUMMED, lambda expected, fake_logits: np.asarray(expected) * np.size(fake_logits),
            **_SUMMED_KO),
)

SATURATING_GRADIENT = (
    Mistake("this is the derivative with respect to D(G(z)), -1 / (1 - D), not with respect "
            "to the logit",
            "the chain rule through D = sigmoid(l) multiplies by dD/dl = D (1 - D).",
            lambda expected, d_fake: -1.0 / (1.0 - np.asarray(d_fake, float)),
            name_ko="이것은 로짓이 아니라 D(G(z))에 대한 도함수 -1 / (1 - D)입니다",
            fix_ko="D = sigmoid(l)을 거치는 연쇄 법칙에 따라 dD/dl = D (1 - D)를 곱하세요."),
    Mistake("the sign is flipped", "d/dl log(1 - sigmoid(l)) = -sigmoid(l) = -D, which is <= 0.",
            lambda expected, d_fake: -np.asarray(expected),
            name_ko="부호가 반대입니다",
            fix_ko="d/dl log(1 - sigmoid(l)) = -sigmoid(l) = -D이며, 이 값은 0 이하입니다."),
    Mistake("this is the non-saturating loss's gradient (the two are swapped)",
            "return (saturating, non_saturating) in that order.",
            lambda expected, d_fake: np.asarray(d_fake, float) - 1.0,
            name_ko="이것은 비포화 손실의 기울기입니다(두 기울기가 뒤바뀌었습니다)",
            fix_ko="(saturating, non_saturating) 순서로 반환하세요."),
)

NON_SATURATING_GRADIENT = (
    Mistake("this is the derivative with respect to D(G(z)), -1 / D, not with respect to the "
            "logit", "the chain rule through D = sigmoid(l) multiplies by dD/dl = D (1 - D).",
            lambda expected, d_fake: -1.0 / np.asarray(d_fake, float),
            name_ko="이것은 로짓이 아니라 D(G(z))에 대한 도함수 -1 / D입니다",
            fix_ko="D = sigmoid(l)을 거치는 연쇄 법칙에 따라 dD/dl = D (1 - D)를 곱하세요."),
    Mistake("the sign is flipped", "d/dl (-log sigmoid(l)) = -(1 - sigmoid(l)) = D - 1, "
            "which is <= 0.", lambda expected, d_fake: -np.asarray(expected),
            name_ko="부호가 반대입니다",
            fix_ko="d/dl (-log sigmoid(l)) = -(1 - sigmoid(l)) = D - 1이며, 이 값은 0 이하입니다."),
    Mistake("this is the saturating loss's gradient (the two are swapped)",
            "return (saturating, non_saturating) in that order.",
            lambda expected, d_fake: -np.asarray(d_fake, float),
            name_ko="이것은 포화 손실의 기울기입니다(두 기울기가 뒤바뀌었습니다)",
            fix_ko="(saturating, non_saturating) 순서로 반환하세요."),
)
