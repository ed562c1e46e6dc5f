"""Known mistakes for 10_wgan: the 1-D Wasserstein distance, the critic's and the
generator's losses, weight clipping and the gradient penalty. (The training step's
mistakes are whole wrong steps: :data:`gradelib.wgan.CRITIC_STEP_FIXES`.)

The penalty's wrong answers are computed from the inputs with the critic's input
gradients in float64 (:func:`gradelib.wgan.input_gradients`, the check's method), never
from a reference solution.
"""

from __future__ import annotations

import numpy as np

from .. import wgan
from ..checks import Mistake


def _sorted_pair(u, v):
    return np.sort(np.asarray(u, float)), np.sort(np.asarray(v, float))


W1_1D = (
    Mistake("the samples are not sorted: this pairs u[i] with v[i] as they come",
            "in 1-D the cheapest transport plan moves the k-th smallest of u to the k-th "
            "smallest of v: sort both first.",
            lambda expected, u, v: np.mean(np.abs(np.asarray(u, float) - np.asarray(v, float))),
            name_ko="샘플을 정렬하지 않았습니다: 들어온 순서대로 u[i]와 v[i]를 짝지었습니다",
            fix_ko=("1차원에서 가장 싼 수송 계획은 u의 k번째로 작은 값을 v의 k번째로 작은 값으로 "
                    "옮깁니다: 먼저 둘 다 정렬하세요.")),
    Mistake("the differences are squared (this is W2 squared, not W1)",
            "W1 averages the absolute differences |u_(i) - v_(i)|, not their squares.",
            lambda expected, u, v: np.mean(np.subtract(*_sorted_pair(u, v)) ** 2),
            name_ko="차이를 제곱했습니다(W1이 아니라 W2의 제곱입니다)",
            fix_ko="W1은 |u_(i) - v_(i)|의 제곱이 아니라 절댓값 차이 자체를 평균합니다."),
    Mistake("this is W2 (the root of the mean squared difference), not W1",
            "W1 averages the absolute differences of the sorted samples.",
            lambda expected, u, v: np.sqrt(np.mean(np.subtract(*_sorted_pair(u, v)) ** 2)),
            name_ko="이것은 W1이 아니라 W2(평균 제곱 차이의 제곱근)입니다",
            fix_ko="W1은 정렬된 샘플 사이의 절댓값 차이를 평균합니다."),
    Mistake("the distances are summed, not averaged: each point carries mass 1/n",
            "divide the total distance by n (take the mean).",
            lambda expected, u, v: np.asarray(expected) * np.size(u),
            name_ko="거리를 평균하지 않고 합했습니다: 각 점의 질량은 1/n입니다",
            fix_ko="전체 거리를 n으로 나누세요(평균을 내세요)."),
    Mistake("this is the distance between the means |mean(u) - mean(v)|, which is only a "
            "lower bound of W1", "compare the whole sorted samples, not their means.",
            lambda expected, u, v: abs(np.mean(np.asarray(u, float))
                                       - np.mean(np.asarray(v, float))),
            name_ko="이것은 평균 사이의 거리 |mean(u) - mean(v)|로, W1의 하한일 뿐입니다",
            fix_ko="평균이 아니라 정렬된 샘플 전체를 비교하세요."),
)

_SUMMED = ("the scores are summed over the batch, not averaged",
           "use ops.mean: the expectations are estimated by means over each batch.")
_SUMMED_KO = {"name_ko": "점수를 배치에 걸쳐 평균하지 않고 합했습니다",
              "fix_ko": "ops.mean을 쓰세요: 기댓값은 각 배치에 대한 평균으로 추정합니다."}

CRITIC_LOSS = (
    Mistake("the sign is flipped: this is E f(real) - E f(fake), which the critic maximises",
            "a loss is minimised: critic_loss = mean(fake_scores) - mean(real_scores).",
            lambda expected, real_scores, fake_scores: -np.asarray(expected),
            name_ko="부호가 반대입니다: 이것은 비평자가 최대화하는 E f(real) - E f(fake)입니다",
            fix_ko=("손실은 최소화하는 값입니다: critic_loss = mean(fake_scores) - "
                    "mean(real_scores).")),
    Mistake("this is the GAN discriminator's cross-entropy on logits, not the critic's loss",
            "the critic has no sigmoid and no log: mean(fake_scores) - mean(real_scores).",
            lambda expected, real_scores, fake_scores:
            np.mean(np.logaddexp(0, -np.asarray(real_scores, float)))
            + np.mean(np.logaddexp(0, np.asarray(fake_scores, float))),
            name_ko="이것은 비평자의 손실이 아니라 GAN 판별자의 로짓 교차 엔트로피입니다",
            fix_ko=("비평자에는 시그모이드도 로그도 없습니다: mean(fake_scores) - "
                    "mean(real_scores).")),
    Mistake(*_SUMMED, lambda expected, real_scores, fake_scores:
            np.sum(np.asarray(fake_scores, float)) - np.sum(np.asarray(real_scores, float)),
            **_SUMMED_KO),
)

GENERATOR_LOSS = (
    Mistake("the sign is flipped: the generator wants high scores on its fakes",
            "wgan_generator_loss = -mean(fake_scores).",
            lambda expected, fake_scores: -np.asarray(expected),
            name_ko="부호가 반대입니다: 생성자는 자기 가짜 샘플이 높은 점수를 받기를 원합니다",
            fix_ko="wgan_generator_loss = -mean(fake_scores)입니다."),
    Mistake("this is the GAN's non-saturating loss -log sigmoid(score)",
            "the critic's score is no logit: the generator's loss is -mean(fake_scores).",
            lambda expected, fake_scores:
            np.mean(np.logaddexp(0, -np.asarray(fake_scores, float))),
            name_ko="이것은 GAN의 비포화 손실 -log sigmoid(score)입니다",
            fix_ko="비평자의 점수는 로짓이 아닙니다: 생성자의 손실은 -mean(fake_scores)입니다."),
    Mistake(*_SUMMED, lambda expected, fake_scores: -np.sum(np.asarray(fake_scores, float)),
            **_SUMMED_KO),
)

CLIP_WEIGHTS = (
    Mistake("this variable was not clipped (a bias? 004: 비평자의 모든 파라미터를 고정)",
            "clip every variable in model.trainable_variables, kernels and biases.",
            lambda expected, weight, c: np.asarray(weight, float),
            name_ko=("이 변수가 클리핑되지 않았습니다(편향인가요? 004: 비평자의 모든 파라미터를 "
                     "고정)"),
            fix_ko="model.trainable_variables의 모든 변수를, 커널과 편향 모두 클리핑하세요."),
    Mistake("the weights were clipped to [0, c]: negative weights became 0",
            "the range is symmetric: [-c, c].",
            lambda expected, weight, c: np.clip(weight, 0, c),
            name_ko="가중치를 [0, c]로 클리핑했습니다: 음수 가중치가 0이 되었습니다",
            fix_ko="범위는 대칭입니다: [-c, c]."),
    Mistake("only the upper bound c was applied", "clip to [-c, c]: both bounds.",
            lambda expected, weight, c: np.minimum(weight, c),
            name_ko="위쪽 경계 c만 적용했습니다",
            fix_ko="[-c, c]로, 두 경계를 모두 적용해 클리핑하세요."),
    Mistake("the weights were rescaled so that the largest is c, not clipped",
            "clip each weight on its own (ops.clip(w, -c, c)); weights inside [-c, c] stay "
            "as they are.",
            lambda expected, weight, c: np.asarray(weight, float) * c / np.max(np.abs(weight)),
            name_ko="가중치를 클리핑하지 않고 가장 큰 가중치가 c가 되도록 전체의 배율을 바꿨습니다",
            fix_ko=("가중치마다 따로 클리핑하세요(ops.clip(w, -c, c)): [-c, c] 안의 가중치는 "
                    "그대로 둡니다.")),
    Mistake("every weight was set to +-c", "weights inside [-c, c] stay as they are.",
            lambda expected, weight, c: np.sign(weight) * c,
            name_ko="모든 가중치를 +-c로 만들었습니다",
            fix_ko="[-c, c] 안의 가중치는 그대로 둡니다."),
)


def _grads(critic, x):
    layers, weights = wgan._weights_of(critic)
    g = wgan.input_gradients(weights, layers, x)
    return g.reshape(len(g), -1)


def _x_hat(real, fake, eps):
    eps = np.asarray(eps, float).reshape((len(eps),) + (1,) * (np.ndim(real) - 1))
    return eps * np.asarray(real, float) + (1 - eps) * np.asarray(fake, float)


def _norms(critic, x):
    return np.linalg.norm(_grads(critic, x), axis=1)


GRADIENT_PENALTY = (
    Mistake("the norm is taken over the whole batch, not per example",
            "take one norm per example, over all its other axes (axis=1 for 2-D data), then "
            "the mean of (norm - 1)^2 over the examples.",
            lambda expected, critic, real, fake, eps:
            (np.linalg.norm(_grads(critic, _x_hat(real, fake, eps))) - 1.0) ** 2,
            name_ko="노름을 예제마다 구하지 않고 배치 전체에 대해 하나만 구했습니다",
            fix_ko=("예제마다 배치 축을 뺀 나머지 모든 축(2차원 데이터면 axis=1)에 걸쳐 노름을 "
                    "하나씩 구한 다음, 예제들에 걸쳐 (norm - 1)^2의 평균을 내세요.")),
    Mistake("the norm is taken over the batch axis (axis 0), not over each example's axes",
            "each example's gradient is one vector: reduce over the non-batch axes.",
            lambda expected, critic, real, fake, eps:
            np.mean((np.linalg.norm(_grads(critic, _x_hat(real, fake, eps)), axis=0) - 1) ** 2),
            name_ko="노름을 각 예제의 축이 아니라 배치 축(축 0)에 걸쳐 구했습니다",
            fix_ko="각 예제의 기울기는 벡터 하나입니다: 배치 축이 아닌 축들에 걸쳐 줄이세요."),
    Mistake("the squared norm was used: (||g||^2 - 1)^2",
            "take the square root of the sum of squares before subtracting 1.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, eps)) ** 2 - 1.0) ** 2),
            name_ko="노름의 제곱을 썼습니다: (||g||^2 - 1)^2",
            fix_ko="1을 빼기 전에 제곱합의 제곱근을 취하세요."),
    Mistake("the -1 is missing: this penalises any gradient, E ||g||^2",
            "penalise the distance of the norm from 1: (||g|| - 1)^2.",
            lambda expected, critic, real, fake, eps:
            np.mean(_norms(critic, _x_hat(real, fake, eps)) ** 2),
            name_ko="-1이 빠졌습니다: 모든 기울기에 페널티를 주는 E ||g||^2입니다",
            fix_ko="노름이 1에서 벗어난 정도에 페널티를 주세요: (||g|| - 1)^2."),
    Mistake("only norms above 1 are penalised (one-sided, max(0, ||g|| - 1)^2)",
            "Gulrajani et al.'s penalty is two-sided: (||g|| - 1)^2 also pushes norms below 1 "
            "up.",
            lambda expected, critic, real, fake, eps:
            np.mean(np.maximum(_norms(critic, _x_hat(real, fake, eps)) - 1.0, 0.0) ** 2),
            name_ko="1보다 큰 노름에만 페널티를 주었습니다(단측, max(0, ||g|| - 1)^2)",
            fix_ko=("Gulrajani 등의 페널티는 양측입니다: (||g|| - 1)^2는 1보다 작은 노름도 1 "
                    "쪽으로 끌어올립니다.")),
    Mistake("the difference is not squared: mean(||g|| - 1)",
            "square each (||g|| - 1) before the mean.",
            lambda expected, critic, real, fake, eps:
            np.mean(_norms(critic, _x_hat(real, fake, eps)) - 1.0),
            name_ko="차이를 제곱하지 않았습니다: mean(||g|| - 1)",
            fix_ko="평균을 내기 전에 (||g|| - 1)을 각각 제곱하세요."),
    Mistake("eps and 1 - eps are swapped: x_hat = (1 - eps) real + eps fake",
            "x_hat = eps * real + (1 - eps) * fake.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, 1 - np.asarray(eps, float))) - 1) ** 2),
            name_ko="eps와 1 - eps가 뒤바뀌었습니다: x_hat = (1 - eps) real + eps fake",
            fix_ko="x_hat = eps * real + (1 - eps) * fake입니다."),
    Mistake("eps is not used: the gradient is taken at the real samples",
            "interpolate: x_hat = eps * real + (1 - eps) * fake, one eps per example.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, np.asarray(real, float)) - 1.0) ** 2),
            name_ko="eps를 쓰지 않았습니다: 기울기를 진짜 샘플에서 구했습니다",
            fix_ko=("보간하세요: x_hat = eps * real + (1 - eps) * fake, eps는 예제마다 "
                    "하나씩입니다.")),
    Mistake("eps is not used: the gradient is taken at the fake samples",
            "interpolate: x_hat = eps * real + (1 - eps) * fake, one eps per example.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, np.asarray(fake, float)) - 1.0) ** 2),
            name_ko="eps를 쓰지 않았습니다: 기울기를 가짜 샘플에서 구했습니다",
            fix_ko=("보간하세요: x_hat = eps * real + (1 - eps) * fake, eps는 예제마다 "
                    "하나씩입니다.")),
    Mistake("one eps (the first) was used for the whole batch, not one per example",
            "multiply by the eps array itself, shape (n, 1): row i interpolates example i.",
            lambda expected, critic, real, fake, eps:
            np.mean((_norms(critic, _x_hat(real, fake, np.full(len(eps), np.ravel(eps)[0])))
                     - 1.0) ** 2),
            name_ko="예제마다 eps를 하나씩 쓰지 않고 배치 전체에 eps 하나(첫 번째)를 썼습니다",
            fix_ko="모양이 (n, 1)인 eps 배열 자체를 곱하세요: 행 i는 예제 i를 보간합니다."),
)
