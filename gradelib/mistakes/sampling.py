"""Known mistakes for 03_sampling_strategies: temperature, entropy, samplers, filters."""

from __future__ import annotations

import numpy as np
from scipy import special

from ..checks import Mistake

REWEIGHT_DISTRIBUTION = (
    Mistake(
        "the temperature divides the probabilities, not the log-probabilities",
        "take np.log(p) first, divide by the temperature, then exponentiate and normalise.",
        lambda expected, p, temperature: special.softmax(np.asarray(p) / temperature),
        name_ko="온도로 로그 확률이 아니라 확률을 나눴습니다",
        fix_ko="먼저 np.log(p)를 취하고 온도로 나눈 다음, 지수를 취해 정규화하세요.",
    ),
    Mistake(
        "multiplied by the temperature instead of dividing by it (T and 1/T swapped)",
        "divide log p by T: a high temperature must flatten the distribution.",
        # p**T normalised, written as the expected p**(1/T) raised to T**2
        lambda expected, p, temperature: _normalise(np.asarray(expected) ** (temperature ** 2)),
        name_ko="온도로 나누지 않고 곱했습니다(T와 1/T가 뒤바뀜)",
        fix_ko="log p를 T로 나누세요: 온도가 높으면 분포가 평평해져야 합니다.",
    ),
)

ENTROPY = (
    Mistake(
        "the entropy is in bits (log base 2); this course uses nats",
        "use the natural logarithm np.log; bits = nats / ln 2.",
        lambda expected, p: expected / np.log(2),
        name_ko="엔트로피가 비트 단위(밑이 2인 로그)입니다. 이 코스는 내트(nat) 단위를 씁니다",
        fix_ko="자연로그 np.log를 쓰세요. 비트 = 내트 / ln 2입니다.",
    ),
    Mistake(
        "the sign is flipped: entropy is -sum p log p, which is never negative",
        "put a minus sign in front of the sum.",
        lambda expected, p: -expected,
        name_ko="부호가 반대입니다: 엔트로피는 -sum p log p이며 음수가 될 수 없습니다",
        fix_ko="합 앞에 마이너스 부호를 붙이세요.",
    ),
)

TOP_K_FILTER = (
    Mistake(
        "the kept probabilities are not renormalised",
        "divide the kept probabilities by their sum so they add up to 1.",
        lambda expected, p, k: np.where(np.asarray(expected) > 0, p, 0.0),
        name_ko="남긴 확률을 다시 정규화하지 않았습니다",
        fix_ko="남긴 확률을 그 합으로 나누어 합이 1이 되게 하세요.",
    ),
)

TOP_P_FILTER = (
    Mistake(
        "the token that crosses top_p is left out: the nucleus is the smallest set "
        "whose probability is at least top_p, so it includes that token",
        "keep tokens in order of decreasing probability until the kept mass "
        "reaches top_p, counting the token that gets you there.",
        lambda expected, p, top_p: _drop_smallest_kept(np.asarray(expected), np.asarray(p)),
        name_ko=("top_p를 넘게 만드는 토큰을 뺐습니다: 뉴클리어스(nucleus)는 확률의 합이 top_p "
                 "이상인 가장 작은 집합이므로 그 토큰을 포함합니다"),
        fix_ko=("확률이 큰 순서대로 토큰을 남기되, 남긴 확률의 합이 top_p에 이를 때까지 남기고, "
                "거기에 이르게 하는 토큰까지 포함하세요."),
    ),
    Mistake(
        "the kept probabilities are not renormalised",
        "divide the kept probabilities by their sum so they add up to 1.",
        lambda expected, p, top_p: np.where(np.asarray(expected) > 0, p, 0.0),
        name_ko="남긴 확률을 다시 정규화하지 않았습니다",
        fix_ko="남긴 확률을 그 합으로 나누어 합이 1이 되게 하세요.",
    ),
)

SAMPLE_NEXT = (
    Mistake(
        "the temperature is ignored: the draws follow the model's distribution p",
        "reweight p with reweight_distribution(p, temperature) before sampling.",
        lambda expected, p, temperature: np.asarray(p, dtype=float),
        name_ko="온도를 무시했습니다: 뽑힌 샘플이 모델의 분포 p를 그대로 따릅니다",
        fix_ko=("샘플링하기 전에 reweight_distribution(p, temperature)로 p의 가중치를 다시 "
                "매기세요."),
    ),
    Mistake(
        "the temperature divides the probabilities, not the log-probabilities",
        "sample from reweight_distribution(p, temperature).",
        lambda expected, p, temperature: special.softmax(np.asarray(p) / temperature),
        name_ko="온도로 로그 확률이 아니라 확률을 나눴습니다",
        fix_ko="reweight_distribution(p, temperature)에서 샘플링하세요.",
    ),
)


def _normalise(q: np.ndarray) -> np.ndarray:
    return q / q.sum()


def _drop_smallest_kept(expected: np.ndarray, p: np.ndarray) -> np.ndarray:
    kept = expected > 0
    if kept.sum() < 2:
        raise ValueError("only one token kept: no smaller nucleus exists")
    smallest = np.flatnonzero(kept)[np.argmin(p[kept])]
    kept[smallest] = False
    return _normalise(np.where(kept, p, 0.0))


def _softmax(z) -> np.ndarray:
    return special.softmax(np.asarray(z, dtype=float))


# generate, checked by its draws (gradelib.check_sampler) from a model whose logits are
# the same at every step: wrong(expected, logits, temperature) is the distribution a
# mistaken loop draws from
GENERATE = (
    Mistake(
        "the row's temperature never reaches the sampler: every row is drawn at T = 1 "
        "(the bug of the book's callback), or the probabilities are multiplied by T, "
        "which the normalisation undoes",
        "pass temperatures[i] to sample_next for row i: sampler(p[i], temperatures[i], rng).",
        lambda expected, logits, temperature: _softmax(logits),
        name_ko=("행의 온도가 샘플러에 전달되지 않습니다: 모든 행을 T = 1로 뽑았거나(책의 콜백에 "
                 "있던 버그), 확률에 T를 곱해서 정규화가 그 효과를 지워 버렸습니다"),
        fix_ko=("행 i에는 temperatures[i]를 sample_next에 넘기세요: sampler(p[i], "
                "temperatures[i], rng)."),
    ),
    Mistake(
        "the temperature is applied twice: softmax(logits / T) goes to sample_next, which "
        "reweights by T again (so the draws follow softmax(logits / T**2))",
        "give sample_next the plain softmax(logits); it applies the temperature itself.",
        lambda expected, logits, temperature: _softmax(np.asarray(logits) / temperature ** 2),
        name_ko=("온도를 두 번 적용했습니다: softmax(logits / T)를 sample_next에 넘겼는데 "
                 "sample_next가 다시 T로 가중치를 매깁니다(그래서 뽑힌 샘플이 softmax(logits / "
                 "T**2)를 따릅니다)"),
        fix_ko=("sample_next에는 온도를 적용하지 않은 softmax(logits)를 넘기세요. 온도는 "
                "sample_next가 직접 적용합니다."),
    ),
    Mistake(
        "the logits are multiplied by the temperature instead of divided by it",
        "softmax(logits / T): a high temperature must flatten the distribution.",
        lambda expected, logits, temperature: _softmax(np.asarray(logits) * temperature),
        name_ko="로짓을 온도로 나누지 않고 곱했습니다",
        fix_ko="softmax(logits / T)입니다: 온도가 높으면 분포가 평평해져야 합니다.",
    ),
    Mistake(
        "the probabilities are divided by the temperature and put through softmax again",
        "the temperature divides the logits (or log p), not p: softmax(logits / T).",
        lambda expected, logits, temperature: _softmax(_softmax(logits) / temperature),
        name_ko="확률을 온도로 나눈 뒤 다시 softmax에 넣었습니다",
        fix_ko="온도로 나누는 것은 p가 아니라 로짓(또는 log p)입니다: softmax(logits / T).",
    ),
)


def _not_a_formula(expected, **inputs):
    raise ValueError("compared with ids the check computes, not with a formula")


# generate's greedy rows, checked id by id against continuations that the check computes
# (stored in data/ for the visible test, recomputed by the judge): keyed by the variant
GENERATE_GREEDY = {
    "not_fed_back": Mistake(
        "the sampled ids are not fed back: every step reads the prompt only",
        "append each step's ids to the rows and give the model the grown rows next step.",
        _not_a_formula,
        name_ko="샘플링한 id를 다시 입력으로 넣지 않았습니다: 매 단계가 프롬프트만 읽습니다",
        fix_ko="매 단계에서 뽑은 id를 행 끝에 붙이고, 다음 단계에서는 늘어난 행을 모델에 주세요."),
    "whole_text": Mistake(
        "the model reads the whole text at every step, not its last `context` ids",
        "give the model rows[:, -context:].",
        _not_a_formula,
        name_ko="모델이 매 단계 마지막 `context`개의 id가 아니라 텍스트 전체를 읽습니다",
        fix_ko="모델에 rows[:, -context:]를 주세요."),
    "context_minus_1": Mistake(
        "off by one: the model reads the last context - 1 ids",
        "slice the last `context` ids: rows[:, -context:].",
        _not_a_formula,
        name_ko="off-by-one 오류입니다: 모델이 마지막 context - 1개의 id를 읽습니다",
        fix_ko="마지막 `context`개의 id를 잘라 내세요: rows[:, -context:]."),
    "context_plus_1": Mistake(
        "off by one: the model reads the last context + 1 ids",
        "slice the last `context` ids: rows[:, -context:].",
        _not_a_formula,
        name_ko="off-by-one 오류입니다: 모델이 마지막 context + 1개의 id를 읽습니다",
        fix_ko="마지막 `context`개의 id를 잘라 내세요: rows[:, -context:]."),
    "first_position": Mistake(
        "the logits of the first position are used, not those of the last",
        "the next character's logits are logits[:, -1, :], the last position.",
        _not_a_formula,
        name_ko="마지막 위치가 아니라 첫 위치의 로짓을 썼습니다",
        fix_ko="다음 문자의 로짓은 마지막 위치의 logits[:, -1, :]입니다."),
}
