"""Known mistakes for 09_dcgan: the discriminator's targets with one-sided label smoothing
and label noise, and the discriminator's and generator's losses on logits with those
targets.

The losses are binary cross-entropies on logits, BCE(t, l) = softplus(l) - t l (what
``keras.losses.BinaryCrossentropy(from_logits=True)`` computes). The mistakes come from
Salimans et al. (2016, section 3.4: smooth the real targets only), from library
conventions (``from_logits``) and from the generator's two losses of notebook 07.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ..checks import Mistake


def _softplus(x):
    return np.logaddexp(0.0, np.asarray(x, float))


def _bce_logits(targets, logits):
    """mean BCE(t, l) on logits, in nats."""
    logits = np.asarray(logits, float)
    return float(np.mean(_softplus(logits) - np.asarray(targets, float) * logits))


def _bce_probs(targets, probs):
    """mean BCE(t, p) on probabilities, clipped as Keras clips them (1e-7)."""
    p = np.clip(np.asarray(probs, float), 1e-7, 1 - 1e-7)
    t = np.asarray(targets, float)
    return float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))


# the targets, checked with flip_rate = 0 (no flips): real 1 - smoothing, fake 0
REAL_TARGETS = (
    Mistake("the real targets are the smoothing amount itself, not 1 - smoothing",
            "one-sided label smoothing replaces the real target 1 by 1 - smoothing "
            "(0.9 for smoothing = 0.1).",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), smoothing),
            name_ko="진짜 타깃이 1 - smoothing이 아니라 smoothing 값 자체입니다",
            fix_ko=("단측 레이블 스무딩은 진짜 타깃 1을 1 - smoothing으로 바꿉니다(smoothing = "
                    "0.1이면 0.9).")),
    Mistake("the real targets are not smoothed (they are 1)",
            "use 1 - smoothing as the real target.",
            lambda expected, n, smoothing, flip_rate: np.ones((n, 1)),
            name_ko="진짜 타깃을 스무딩하지 않았습니다(1 그대로입니다)",
            fix_ko="진짜 타깃으로 1 - smoothing을 쓰세요."),
    Mistake("the real and fake targets are swapped",
            "real images get the target 1 - smoothing, generated ones 0 (this notebook's D "
            "says 'real' with a large logit).",
            lambda expected, n, smoothing, flip_rate: np.zeros((n, 1)),
            name_ko="진짜 타깃과 가짜 타깃이 뒤바뀌었습니다",
            fix_ko=("진짜 이미지는 타깃 1 - smoothing, 생성된 이미지는 0을 받습니다(이 노트북의 "
                    "D는 로짓이 클수록 '진짜'라고 답합니다).")),
)

FAKE_TARGETS = (
    Mistake("the fake targets are smoothed too (two-sided smoothing): Salimans et al. "
            "(2016, sec. 3.4) smooth only the real ones",
            "keep the fake targets at 0; a fake target above 0 rewards D for giving "
            "generated samples some 'real' probability where the data has none, which "
            "does not push the generator towards the data.",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), smoothing),
            name_ko=("가짜 타깃까지 스무딩했습니다(양측 스무딩): Salimans 등(2016, 3.4절)은 진짜 "
                     "타깃만 스무딩합니다"),
            fix_ko=("가짜 타깃은 0으로 두세요. 가짜 타깃이 0보다 크면 데이터가 없는 곳에서 "
                    "생성된 샘플에 '진짜' 확률을 조금 주는 D가 보상을 받고, 이는 생성자를 데이터 "
                    "쪽으로 밀어 주지 않습니다.")),
    Mistake("the real and fake targets are swapped",
            "generated images get the target 0, real ones 1 - smoothing.",
            lambda expected, n, smoothing, flip_rate: np.full((n, 1), 1 - smoothing),
            name_ko="진짜 타깃과 가짜 타깃이 뒤바뀌었습니다",
            fix_ko="생성된 이미지는 타깃 0, 진짜 이미지는 1 - smoothing을 받습니다."),
)


def _d_loss(real_logits, fake_logits, real_targets, fake_targets):
    return _bce_logits(real_targets, real_logits) + _bce_logits(fake_targets, fake_logits)


DISCRIMINATOR_LOSS = (
    Mistake("a sigmoid is applied before a from_logits=True cross-entropy: the logits are "
            "squashed twice",
            "the discriminator returns logits; pass them straight to the cross-entropy "
            "on logits (softplus(l) - t l), with no sigmoid before it.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                expected_sigmoid(real_logits), expected_sigmoid(fake_logits),
                real_targets, fake_targets),
            name_ko=("from_logits=True 교차 엔트로피 앞에 시그모이드를 적용했습니다: 로짓이 두 "
                     "번 압축됩니다"),
            fix_ko=("판별자는 로짓을 반환합니다: 앞에 시그모이드를 두지 말고 로짓을 그대로 "
                    "로짓용 교차 엔트로피(softplus(l) - t l)에 넘기세요.")),
    Mistake("the logits are treated as probabilities (a cross-entropy with "
            "from_logits=False on logits)",
            "this notebook's discriminator outputs logits: use "
            "BinaryCrossentropy(from_logits=True), or softplus(l) - t l.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets:
            _bce_probs(real_targets, real_logits) + _bce_probs(fake_targets, fake_logits),
            name_ko="로짓을 확률로 다뤘습니다(로짓에 from_logits=False 교차 엔트로피를 적용)",
            fix_ko=("이 노트북의 판별자는 로짓을 출력합니다: "
                    "BinaryCrossentropy(from_logits=True)나 softplus(l) - t l을 쓰세요.")),
    Mistake("the targets are ignored: hard labels 1 and 0 are used",
            "use the real_targets and fake_targets passed in (they carry the smoothing "
            "and the label noise).",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                real_logits, fake_logits, np.ones(np.shape(real_logits)),
                np.zeros(np.shape(fake_logits))),
            name_ko="타깃을 무시하고 하드 레이블 1과 0을 썼습니다",
            fix_ko=("인자로 받은 real_targets와 fake_targets를 쓰세요(스무딩과 레이블 노이즈가 "
                    "여기에 들어 있습니다).")),
    Mistake("the real and fake targets are swapped",
            "pair real_logits with real_targets and fake_logits with fake_targets.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets: _d_loss(
                real_logits, fake_logits, fake_targets, real_targets),
            name_ko="진짜 타깃과 가짜 타깃이 뒤바뀌었습니다",
            fix_ko="real_logits는 real_targets와, fake_logits는 fake_targets와 짝지으세요."),
    Mistake("one mean over both batches: half the sum of the two means when the batches "
            "have the same size",
            "average each batch's cross-entropies separately and add the two means.",
            lambda expected, real_logits, fake_logits, real_targets, fake_targets:
            _bce_logits(np.concatenate([np.ravel(real_targets), np.ravel(fake_targets)]),
                        np.concatenate([np.ravel(real_logits), np.ravel(fake_logits)])),
            name_ko=("두 배치를 합쳐 평균을 하나만 냈습니다: 두 배치의 크기가 같으면 두 평균의 "
                     "합의 절반입니다"),
            fix_ko="각 배치의 교차 엔트로피를 따로 평균한 뒤 두 평균을 더하세요."),
)


def expected_sigmoid(logits):
    """sigmoid(logits) as float64: what a student's extra sigmoid makes of a logit."""
    return expit(np.asarray(logits, float))


GENERATOR_LOSS = (
    Mistake("this is the saturating loss mean log(1 - D(G(z))) (notebook 07): its gradient "
            "vanishes when D rejects the fakes",
            "use the non-saturating loss mean -log D(G(z)) = mean softplus(-l).",
            lambda expected, fake_logits: -float(np.mean(_softplus(fake_logits))),
            name_ko=("이것은 포화 손실 mean log(1 - D(G(z)))입니다(노트북 07): D가 가짜를 "
                     "거부하면 기울기가 사라집니다"),
            fix_ko="비포화 손실 mean -log D(G(z)) = mean softplus(-l)을 쓰세요."),
    Mistake("the generator's target is smoothed (1 - smoothing): smoothing is for the "
            "discriminator's real targets only",
            "the generator's loss uses the target 1: mean softplus(-l).",
            lambda expected, fake_logits: _bce_logits(0.9, fake_logits),
            name_ko=("생성자의 타깃을 스무딩했습니다(1 - smoothing): 스무딩은 판별자의 진짜 "
                     "타깃에만 씁니다"),
            fix_ko="생성자의 손실은 타깃 1을 씁니다: mean softplus(-l)."),
    Mistake("a sigmoid is applied before a from_logits=True cross-entropy: the logits are "
            "squashed twice",
            "pass the logits straight in: mean softplus(-l).",
            lambda expected, fake_logits: _bce_logits(1.0, expected_sigmoid(fake_logits)),
            name_ko=("from_logits=True 교차 엔트로피 앞에 시그모이드를 적용했습니다: 로짓이 두 "
                     "번 압축됩니다"),
            fix_ko="로짓을 그대로 넘기세요: mean softplus(-l)."),
    Mistake("the logits are treated as probabilities (from_logits=False on logits)",
            "use from_logits=True, or softplus(-l).",
            lambda expected, fake_logits: _bce_probs(1.0, fake_logits),
            name_ko="로짓을 확률로 다뤘습니다(로짓에 from_logits=False)",
            fix_ko="from_logits=True나 softplus(-l)을 쓰세요."),
    Mistake("the target is 0, the discriminator's target for fakes: the generator then "
            "helps the discriminator",
            "the generator wants D to call its samples real: target 1.",
            lambda expected, fake_logits: _bce_logits(0.0, fake_logits),
            name_ko="타깃이 판별자가 가짜에 쓰는 0입니다: 그러면 생성자가 판별자를 돕게 됩니다",
            fix_ko="생성자는 D가 자기 샘플을 진짜라고 판별하기를 원합니다: 타깃 1을 쓰세요."),
)


# the training step: known wrong steps, as names of outcomes the judge computes
STEP_NOT_FROZEN = ("the discriminator is not frozen: the generator's update also changed the "
                   "discriminator's weights")
STEP_SIMULTANEOUS = ("the generator's update used the discriminator from before its update "
                     "(simultaneous, not alternating)")
STEP_SAME_NOISE = "the generator's update used z_d instead of its own noise z_g"
STEP_SATURATING = "the generator's update used the saturating loss log(1 - D(G(z)))"
STEP_NO_G_UPDATE = "the generator's weights did not change"
STEP_NO_D_UPDATE = "the discriminator's weights did not change"
STEP_HARD_TARGETS = ("the discriminator's update ignored real_targets and fake_targets "
                     "(hard targets 1 and 0)")
STEP_D_INFERENCE = ("the discriminator was called with training=False (or without training=): "
                    "its BatchNormalization used the moving averages, not the batch's statistics")
STEP_G_INFERENCE = ("the generator was called with training=False (or without training=): its "
                    "BatchNormalization used the moving averages, not the batch's statistics")
STEP_CONCATENATED = ("the discriminator was called once on the real and fake images "
                     "concatenated: its BatchNormalization mixed the two batches' statistics")

STEP_FIXES = {
    STEP_NOT_FROZEN: Mistake(
        STEP_NOT_FROZEN,
        "take the generator's gradients with respect to generator.trainable_variables only, "
        "and apply them with g_optimizer.",
        name_ko="판별자가 동결되지 않았습니다: 생성자의 업데이트가 판별자의 가중치까지 바꿨습니다",
        fix_ko=("생성자의 기울기는 generator.trainable_variables에 대해서만 구하고, g_optimizer로 "
                "적용하세요."),
    ),
    STEP_SIMULTANEOUS: Mistake(
        STEP_SIMULTANEOUS,
        "update the discriminator first, then compute the generator's loss with a new forward "
        "pass through the updated discriminator in a second tape.",
        name_ko=("생성자의 업데이트가 업데이트되기 전의 판별자를 썼습니다(번갈아 하지 않고 동시에 "
                 "업데이트)"),
        fix_ko=("판별자를 먼저 업데이트한 다음, 두 번째 테이프 안에서 업데이트된 판별자로 다시 "
                "순전파하여 생성자의 손실을 계산하세요."),
    ),
    STEP_SAME_NOISE: Mistake(
        STEP_SAME_NOISE,
        "generate D's fakes from z_d and G's from z_g.",
        name_ko="생성자의 업데이트가 자기 노이즈 z_g 대신 z_d를 썼습니다",
        fix_ko="D에 줄 가짜 샘플은 z_d로, G를 훈련할 가짜 샘플은 z_g로 생성하세요.",
    ),
    STEP_SATURATING: Mistake(
        STEP_SATURATING,
        "use your generator_loss (non-saturating, target 1).",
        name_ko="생성자의 업데이트가 포화 손실 log(1 - D(G(z)))를 썼습니다",
        fix_ko="직접 작성한 generator_loss(비포화, 타깃 1)를 쓰세요.",
    ),
    STEP_NO_G_UPDATE: Mistake(
        STEP_NO_G_UPDATE,
        "apply g_optimizer to the generator's gradients and trainable variables.",
        name_ko="생성자의 가중치가 바뀌지 않았습니다",
        fix_ko="g_optimizer로 생성자의 기울기를 생성자의 훈련 가능한 변수에 적용하세요.",
    ),
    STEP_NO_D_UPDATE: Mistake(
        STEP_NO_D_UPDATE,
        "apply d_optimizer to the discriminator's gradients and trainable variables.",
        name_ko="판별자의 가중치가 바뀌지 않았습니다",
        fix_ko="d_optimizer로 판별자의 기울기를 판별자의 훈련 가능한 변수에 적용하세요.",
    ),
    STEP_HARD_TARGETS: Mistake(
        STEP_HARD_TARGETS,
        "pass real_targets and fake_targets to your discriminator_loss.",
        name_ko="판별자의 업데이트가 real_targets와 fake_targets를 무시했습니다(하드 타깃 1과 0)",
        fix_ko="직접 작성한 discriminator_loss에 real_targets와 fake_targets를 넘기세요.",
    ),
    STEP_D_INFERENCE: Mistake(
        STEP_D_INFERENCE,
        "call discriminator(..., training=True) in both updates.",
        name_ko=("판별자를 training=False로(또는 training= 없이) 호출했습니다: 판별자의 "
                 "BatchNormalization이 배치의 통계가 아니라 이동 평균을 썼습니다"),
        fix_ko="두 업데이트 모두에서 discriminator(..., training=True)로 호출하세요.",
    ),
    STEP_G_INFERENCE: Mistake(
        STEP_G_INFERENCE,
        "call generator(..., training=True) in both updates.",
        name_ko=("생성자를 training=False로(또는 training= 없이) 호출했습니다: 생성자의 "
                 "BatchNormalization이 배치의 통계가 아니라 이동 평균을 썼습니다"),
        fix_ko="두 업데이트 모두에서 generator(..., training=True)로 호출하세요.",
    ),
    STEP_CONCATENATED: Mistake(
        STEP_CONCATENATED,
        "call the discriminator twice, once on real and once on the fakes, and give each batch "
        "its targets.",
        name_ko=("진짜 이미지와 가짜 이미지를 이어 붙여 판별자를 한 번만 호출했습니다: "
                 "BatchNormalization이 두 배치의 통계를 섞었습니다"),
        fix_ko=("판별자를 진짜 이미지에 한 번, 가짜 이미지에 한 번, 모두 두 번 호출하고 배치마다 "
                "자기 타깃을 주세요."),
    ),
}
