"""Hidden tests of 08_mode_collapse, run by the grader outside the student's kernel
(gradelib.grading.judge). One function per autograded test cell, named by its grade_id;
each repeats the cell's visible checks and adds the hidden ones."""

import numpy as np
from scipy.spatial.distance import cdist

import gradelib
from gradelib import gan, wire
from gradelib.grading.judge import check_autodiff
from gradelib.i18n import add, text
from gradelib.mistakes.mode_collapse import (
    FEATURE_MATCHING,
    MINIBATCH_FEATURES,
    MODE_METRICS,
    NEAREST_DISTANCE,
    NEAREST_INDEX,
    PACK,
)

RING_CENTRES, RING_STD = gan.ring_centres(), gan.RING["std"]
GRID_CENTRES = gan.grid_centres()


add({
    "judge 08: pair": {
        "en": "It must return a pair (index, distance); it returned {kind}.",
        "ko": "(index, distance) 쌍을 반환해야 하는데 {kind}을(를) 반환했습니다.",
    },
    "judge 08: name index": {"en": "assign_modes (index)", "ko": "assign_modes (인덱스)"},
    "judge 08: name distance": {"en": "assign_modes (distance)", "ko": "assign_modes (거리)"},
    "judge 08: name tie": {
        "en": "assign_modes (index on a tie)",
        "ko": "assign_modes (거리가 같을 때의 인덱스)",
    },
    "judge 08: name modes captured": {
        "en": "mode_metrics (modes captured)",
        "ko": "mode_metrics (잡아낸 모드 수)",
    },
    "judge 08: share": {
        "en": "On data drawn from the ring itself the high-quality share should be about "
              "{expected}; it returned {share}.",
        "ko": "링 분포 자체에서 뽑은 데이터라면 고품질 샘플 비율이 약 {expected}이어야 하는데 "
              "{share}을(를) 반환했습니다.",
    },
    "judge 08: 5 samples": {
        "en": "5 samples do not fill packs of 2",
        "ko": "샘플 5개로는 2개짜리 묶음(pack)을 채울 수 없습니다",
    },
    "judge 08: pack size 0": {"en": "the pack size is 0", "ko": "묶음(pack) 크기가 0입니다"},
    "judge 08: 9 samples": {
        "en": "9 samples do not fill packs of 4",
        "ko": "샘플 9개로는 4개짜리 묶음(pack)을 채울 수 없습니다",
    },
    "judge 08: pack size negative": {
        "en": "the pack size is negative",
        "ko": "묶음(pack) 크기가 음수입니다",
    },
})


def as_pair(got, name, inputs):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        gradelib.fail(name, inputs, text("judge 08: pair", kind=type(got).__name__))
    return got


def check_assignment(assign_modes, samples, centres, rtol=1e-6):
    inputs = {"samples": samples, "centres": centres}
    index, distance = as_pair(assign_modes(samples, centres), "assign_modes", inputs)
    table = cdist(np.asarray(samples, float), np.asarray(centres, float))
    gradelib.check_close(index, table.argmin(1), name=text("judge 08: name index"), inputs=inputs,
                         mistakes=NEAREST_INDEX)
    gradelib.check_close(distance, table.min(1), name=text("judge 08: name distance"),
                         inputs=inputs, rtol=rtol, mistakes=NEAREST_DISTANCE)


def test_assign_modes(student):
    assign_modes = student.function("assign_modes")
    rng = np.random.default_rng(0)
    which = rng.integers(0, 8, size=12)
    samples = RING_CENTRES[which] + rng.normal(0, 0.3, size=(12, 2))
    check_assignment(assign_modes, samples, RING_CENTRES)
    check_assignment(assign_modes, gan.grid(10, seed=1), GRID_CENTRES, rtol=1e-5)
    # hidden: 3-D points, a single mode, lists, a tie (the first centre wins)
    rng = np.random.default_rng(80)
    check_assignment(assign_modes, rng.normal(size=(7, 3)), rng.normal(size=(4, 3)))
    check_assignment(assign_modes, rng.normal(size=(3, 2)), np.zeros((1, 2)))
    check_assignment(assign_modes, [[0.5, 0.0], [2.0, 2.0]], [[0.0, 0.0], [1.0, 0.0], [2.0, 2.5]])
    inputs = {"samples": np.array([[0.5, 0.0]]), "centres": np.array([[0.0, 0.0], [1.0, 0.0]])}
    index, _ = as_pair(assign_modes(**inputs), "assign_modes", inputs)
    gradelib.check_close(index, [0], name=text("judge 08: name tie"), inputs=inputs)


def metrics_reference(samples, centres, std):
    table = cdist(np.asarray(samples, float), np.asarray(centres, float))
    good = table.min(1) <= 3 * std
    return np.array([np.unique(table.argmin(1)[good]).size, good.mean()])


def check_metrics(mode_metrics, samples, centres, std, want=None):
    inputs = {"samples": samples, "centres": centres, "std": std}
    got = as_pair(mode_metrics(samples, centres, std), "mode_metrics", inputs)
    want = metrics_reference(samples, centres, std) if want is None else want
    gradelib.check_close(np.array(got, dtype=float), want, name="mode_metrics", inputs=inputs,
                         mistakes=MODE_METRICS)


def test_mode_metrics(student):
    mode_metrics = student.function("mode_metrics")
    near = RING_CENTRES[[0, 0, 3]] + [[0.01, 0.0], [0.0, -0.05], [0.02, 0.02]]
    far = RING_CENTRES[[5, 6]] * 0.8
    check_metrics(mode_metrics, np.concatenate([near, far]), RING_CENTRES, RING_STD, [2, 3 / 5])
    samples = gan.ring(2500, seed=2)
    inputs = {"samples": samples, "centres": RING_CENTRES, "std": RING_STD}
    modes, share = as_pair(mode_metrics(samples, RING_CENTRES, RING_STD), "mode_metrics", inputs)
    gradelib.check_close(modes, 8, name=text("judge 08: name modes captured"), inputs=inputs)
    if abs(float(share) - (1 - np.exp(-4.5))) > 4 * np.sqrt(0.011 * 0.989 / 2500):
        gradelib.fail("mode_metrics", inputs,
                      text("judge 08: share", expected=f"{1 - np.exp(-4.5):.4f}",
                           share=f"{float(share):.4f}"))
    # hidden: the grid, a collapsed generator, nothing of high quality, a sample exactly at
    # 3 std (it counts), float32
    check_metrics(mode_metrics, gan.grid(500, seed=3, std=0.1), GRID_CENTRES, 0.05)
    check_metrics(mode_metrics, gan.sample_mixture(RING_CENTRES[:1], RING_STD, 300, seed=4),
                  RING_CENTRES, RING_STD)
    check_metrics(mode_metrics, RING_CENTRES * 0.5, RING_CENTRES, RING_STD, [0, 0.0])
    edge = RING_CENTRES[[2]] + [[0.0, 0.06]]
    check_metrics(mode_metrics, edge, RING_CENTRES, 0.02 + 1e-12, [1, 1.0])
    check_metrics(mode_metrics, gan.ring(200, seed=5, std=0.05), RING_CENTRES, RING_STD)


def test_pack(student):
    pack = student.function("pack")
    x = np.arange(12, dtype=float).reshape(6, 2)
    expected = np.array([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], dtype=float)
    for m, want in [(2, expected), (3, expected.reshape(2, 6)), (1, x)]:
        gradelib.check_close(pack(x, m), want, name="pack", inputs={"x": x, "m": m},
                             mistakes=PACK)
    check_autodiff(student, "pack", [x, 2], position=0,
                   reference=lambda v, m: np.asarray(v).reshape(-1, int(m) * v.shape[1]),
                   name="pack", inputs={"x": x, "m": 2}, wrt="x")
    # hidden: 3-D data, a float32 tensor, packs of 4
    rng = np.random.default_rng(9)
    x = rng.normal(size=(8, 3))
    gradelib.check_close(pack(x, 4), x.reshape(2, 12), name="pack", inputs={"x": x, "m": 4},
                         mistakes=PACK)
    x32 = rng.normal(size=(6, 2)).astype(np.float32)
    gradelib.check_close(pack(wire.Tensor(x32), 2), x32.reshape(3, 4), name="pack",
                         inputs={"x": x32, "m": 2}, mistakes=PACK)


def test_pack_errors(student):
    pack = student.function("pack")
    gradelib.check_raises(pack, {"x": np.zeros((5, 2)), "m": 2}, ValueError,
                          text("judge 08: 5 samples"))
    gradelib.check_raises(pack, {"x": np.zeros((4, 2)), "m": 0}, ValueError,
                          text("judge 08: pack size 0"))
    gradelib.check_raises(pack, {"x": np.zeros((9, 3)), "m": 4}, ValueError,
                          text("judge 08: 9 samples"))
    gradelib.check_raises(pack, {"x": np.zeros((4, 2)), "m": -2}, ValueError,
                          text("judge 08: pack size negative"))


def minibatch_reference(M):
    M = np.asarray(M, float)
    return np.stack([np.exp(-cdist(M[:, b], M[:, b], "cityblock")).sum(axis=1)
                     for b in range(M.shape[1])], axis=1)


def test_minibatch_features(student):
    minibatch_features = student.function("minibatch_features")
    rng = np.random.default_rng(5)
    M = rng.normal(size=(4, 3, 2))
    for inputs in ({"M": M}, {"M": np.ones((5, 2, 3))}):
        gradelib.check_close(minibatch_features(**inputs), minibatch_reference(inputs["M"]),
                             name="minibatch_features", inputs=inputs, mistakes=MINIBATCH_FEATURES)
    check_autodiff(student, "minibatch_features", [M], position=0, reference=minibatch_reference,
                   name="minibatch_features", inputs={"M": M}, wrt="M")
    # hidden: one sample, more kernels, a float32 tensor
    rng = np.random.default_rng(50)
    for M in (rng.normal(size=(1, 2, 2)), rng.normal(size=(6, 5, 3))):
        gradelib.check_close(minibatch_features(M), minibatch_reference(M),
                             name="minibatch_features", inputs={"M": M},
                             mistakes=MINIBATCH_FEATURES)
    M32 = rng.normal(size=(3, 2, 4)).astype(np.float32)
    gradelib.check_close(minibatch_features(wire.Tensor(M32)), minibatch_reference(M32),
                         name="minibatch_features", inputs={"M": M32}, rtol=1e-5,
                         mistakes=MINIBATCH_FEATURES)


def matching_reference(real_features, fake_features):
    gap = np.mean(real_features, axis=0) - np.mean(fake_features, axis=0)
    return float(np.sum(gap ** 2))


def test_feature_matching_loss(student):
    loss = student.function("feature_matching_loss")
    rng = np.random.default_rng(6)
    real_features, fake_features = rng.normal(1, 1, size=(5, 3)), rng.normal(0, 1, size=(5, 3))
    cases = [(real_features, fake_features),
             (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[2.0, 3.0]] * 3))]
    # hidden: different batch sizes, one feature, float32 tensors
    rng = np.random.default_rng(60)
    cases += [(rng.normal(size=(7, 4)), rng.normal(2, 1, size=(3, 4))),
              (rng.normal(size=(4, 1)), rng.normal(size=(6, 1)))]
    for real, fake in cases:
        inputs = {"real_features": real, "fake_features": fake}
        gradelib.check_close(loss(real, fake), matching_reference(real, fake),
                             name="feature_matching_loss", inputs=inputs, atol=1e-12,
                             mistakes=FEATURE_MATCHING)
    real32, fake32 = (a.astype(np.float32) for a in cases[2])
    gradelib.check_close(loss(wire.Tensor(real32), wire.Tensor(fake32)),
                         matching_reference(real32, fake32), name="feature_matching_loss",
                         inputs={"real_features": real32, "fake_features": fake32}, rtol=1e-5,
                         mistakes=FEATURE_MATCHING)
    check_autodiff(student, "feature_matching_loss", [real_features, fake_features], position=1,
                   reference=matching_reference, name="feature_matching_loss",
                   inputs={"real_features": real_features, "fake_features": fake_features},
                   wrt="fake_features")
