"""Ready-made parts for notebook 12 (CycleGAN and beyond): two unpaired digit domains,
the check of the translation generator students build, a PatchGAN discriminator,
least-squares GAN losses, a dense digit GAN for the
truncation trick, the CycleGAN diagram, and the statistical check of a truncated-normal
sampler.

Nothing here is an answer to the notebook's exercises (the cycle-consistency and
identity losses, the translation generator, the truncated-normal sampler, AdaIN and the
fade-in blend); the notebook's training step calls the student's losses and networks.

Sources: Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using
Cycle-Consistent Adversarial Networks" (ICCV 2017), sections 3-4 and the appendix
(7.1 training details, 7.2 architectures); Mao et al., "Least Squares Generative
Adversarial Networks" (ICCV 2017), eq. 2 with a = 0, b = c = 1; Brock, Donahue &
Simonyan, "Large Scale GAN Training for High Fidelity Natural Image Synthesis" (ICLR
2019), section 3.1 (the truncation trick).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .checks import Mistake, describe_value, fail
from .i18n import add, text
from .stats import goodness_of_fit

add({
    "cyclegan: conv hint": {
        "en": "The generator is three 3x3-style convolutions: channels, channels, then 1 "
              "filter.",
        "ko": "생성자는 3x3 같은 합성곱 세 개입니다: channels, channels, 그다음 필터 1개.",
    },
    "cyclegan: dense hint": {
        "en": "A fully convolutional generator has no Dense layer: it works on images of any "
              "size.",
        "ko": "완전 합성곱 생성자에는 Dense 층이 없습니다. 그래서 어떤 크기의 이미지에도 "
              "작동합니다.",
    },
    "cyclegan: input shape": {
        "en": "The model's input shape is {shape}; the design asks for an input of any height "
              "and width, (None, None, None, 1) with the batch: a fully convolutional "
              "generator takes images of any size.",
        "ko": "모델의 입력 모양이 {shape}입니다. 설계는 높이와 너비가 자유로운 입력, 즉 배치 "
              "축을 포함해 (None, None, None, 1)을 요구합니다: 완전 합성곱 생성자는 어떤 "
              "크기의 이미지든 받습니다.",
    },
    "cyclegan: conv setting": {
        "en": "The three Conv2D layers have {key} {got}; the design asks for {values}.",
        "ko": "Conv2D 층 세 개의 {key}이(가) {got}입니다. 설계는 {values}을(를) 요구합니다.",
    },
    "cyclegan: conv setting hint": {
        "en": "tanh at the output keeps images in [-1, 1], the range of the data; ReLU in "
              "between; 'same' padding and stride 1 keep the image size.",
        "ko": "출력의 tanh는 이미지를 데이터의 범위인 [-1, 1] 안에 둡니다. 그 사이에는 ReLU를 "
              "쓰고, 'same' 패딩과 스트라이드 1은 이미지 크기를 유지합니다.",
    },
    "cyclegan: small batch raised": {
        "en": "Calling the model on a (1, 12, 16, 1) batch raised {kind}: {message}. Give the "
              "input shape (None, None, 1): a fully convolutional generator takes any image "
              "size.",
        "ko": "(1, 12, 16, 1) 배치로 모델을 호출했더니 {kind}이(가) 발생했습니다: {message}. "
              "입력 모양을 (None, None, 1)로 주세요: 완전 합성곱 생성자는 어떤 크기의 "
              "이미지든 받습니다.",
    },
    "cyclegan: small batch shape": {
        "en": "On a (1, 12, 16, 1) batch the model returned {shape}; expected (1, 12, 16, 1).",
        "ko": "(1, 12, 16, 1) 배치에 대해 모델이 {shape}을(를) 반환했습니다. (1, 12, 16, 1)"
              "이어야 합니다.",
    },
    "cyclegan: not numeric": {
        "en": "It returned {value}, which is not numeric.",
        "ko": "{value}을(를) 반환했는데 수치가 아닙니다.",
    },
    "cyclegan: not finite": {
        "en": "It returned NaN or infinite values.",
        "ko": "NaN 또는 무한대 값을 반환했습니다.",
    },
    "cyclegan: not truncated normal": {
        "en": "Its {n} draws do not follow N(0, 1) truncated to [-{threshold}, {threshold}].\n"
              "  values beyond the threshold: {beyond}; values exactly at -threshold or "
              "+threshold: {at} (a correct sampler gives none)\n"
              "  share in each of {bins} equal-probability bins of scipy.stats.truncnorm "
              "(expected {share} each): {observed}\n"
              "  chi-square p-value {p_value} < {rate} (a correct sampler fails this check "
              "with probability {rate})",
        "ko": "{n}개의 표본이 [-{threshold}, {threshold}]로 절단한 N(0, 1)을 따르지 "
              "않습니다.\n"
              "  임계치를 넘은 값: {beyond}개; 정확히 -threshold 또는 +threshold인 값: "
              "{at}개(올바른 샘플러라면 하나도 없습니다)\n"
              "  scipy.stats.truncnorm의 확률이 같은 구간 {bins}개 각각의 비율"
              "(기대값 각 {share}): {observed}\n"
              "  카이제곱 p-값 {p_value} < {rate}(올바른 샘플러가 이 검사에 실패할 확률은 "
              "{rate}입니다)",
    },
})

SIZE = 28          # the digits' side in pixels
BINS = 20          # equal-probability bins of the truncated normal for the sampler check


# --------------------------------------------------------------------------------------
# Two unpaired domains

def thicken(images, size: int = 3) -> np.ndarray:
    """Thicker strokes: grey-level dilation (the maximum over a size x size window,
    ``scipy.ndimage.grey_dilation``), the second domain's rule.

    Args:
        images: float (n, 28, 28) in [0, 1].
        size: the window's side in pixels, >= 1 (1 changes nothing).

    Returns:
        float32 (n, 28, 28) in [0, 1].

    Raises:
        ValueError: images not 3-D, or size < 1.
    """
    from scipy import ndimage

    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, height, width), got {images.shape}")
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    return ndimage.grey_dilation(images, size=(1, size, size)).astype(np.float32)


@dataclass(frozen=True)
class Domains:
    """Two digit domains that no pair links, float32 images (n, 28, 28) in [0, 1].

    ``x_train``: training digits 0-1,999 as they are (domain X, thin strokes);
    ``y_train``: training digits 2,000-3,999 thickened (domain Y): no image of X has its
    counterpart in Y. ``x_test``: the 1,000 held-out digits; ``y_test``: the same digits
    thickened, the ground truth of the translation x -> y, which training never sees;
    ``labels_test``: their digit labels (int64 (1000,)).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    labels_test: np.ndarray


def unpaired_digits(size: int = 3) -> Domains:
    """The two unpaired domains of notebook 12, from :func:`gradelib.load_digits`
    (its default split): X = the first 2,000 training digits, Y = the other 2,000
    thickened by :func:`thicken` with a ``size`` window."""
    from .data import load_digits

    digits = load_digits()
    half = len(digits.x_train) // 2
    return Domains(x_train=digits.x_train[:half], y_train=thicken(digits.x_train[half:], size),
                   x_test=digits.x_test, y_test=thicken(digits.x_test, size),
                   labels_test=digits.y_test)


def to_tanh(images) -> np.ndarray:
    """Images in [0, 1], (n, 28, 28) or (n, 28, 28, 1), as the networks' input:
    float32 (n, 28, 28, 1) in [-1, 1]."""
    images = np.asarray(images, dtype=np.float32)
    return (2.0 * images - 1.0).reshape(len(images), SIZE, SIZE, 1)


def from_tanh(x) -> np.ndarray:
    """A tanh network's output (n, 28, 28, 1) in [-1, 1] back to float64 (n, 28, 28) in
    [0, 1] (what :mod:`gradelib.sample_quality` takes)."""
    outputs = np.asarray(x, dtype=np.float64)
    return np.clip((outputs.reshape(len(outputs), SIZE, SIZE) + 1.0) / 2.0, 0.0, 1.0)


def translate(model, images, batch_size: int = 500) -> np.ndarray:
    """``model`` applied to images in [0, 1] (n, 28, 28): float64 (n, 28, 28) in [0, 1]."""
    return from_tanh(model.predict(to_tanh(images), batch_size=batch_size, verbose=0))


# --------------------------------------------------------------------------------------
# Networks and losses for the translation

def conv_layers(model) -> list[dict]:
    """Each Conv2D layer of ``model``, in order: filters, kernel_size, strides, padding and
    the activation that follows it (its own, or that of an Activation / ReLU layer right
    after it; "linear" when none)."""
    found = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            config = layer.get_config()
            found.append({"filters": config["filters"],
                          "kernel_size": tuple(config["kernel_size"]),
                          "strides": tuple(config["strides"]), "padding": config["padding"],
                          "activation": config["activation"]})
        elif found and found[-1]["activation"] == "linear":
            if kind == "Activation":
                found[-1]["activation"] = layer.get_config()["activation"]
            elif kind == "ReLU":
                found[-1]["activation"] = "relu"
    return found


def check_translator(model, *, channels: int, kernel_size: int, name: str,
                     inputs: Mapping[str, Any]) -> None:
    """Check a translation generator built by notebook 12's ``build_translator``:
    a Keras model of exactly three Conv2D layers (channels, channels, 1 filters), each
    ``kernel_size`` x ``kernel_size``, stride 1, 'same' padding, ReLU, ReLU, tanh; no
    Dense, Flatten, pooling or transposed convolution; input (None, None, 1), so that
    (n, 28, 28, 1) and (n, 12, 16, 1) batches keep their size; the parameter count
    k²·c + c + k²·c² + c + k²·c + 1.

    Raises:
        AssertionError: naming the first rule that fails.
    """
    from .models import check_model

    __tracebackhide__ = True
    k, c = kernel_size, channels
    params = (k * k * c + c) + (k * k * c * c + c) + (k * k * c + 1)
    check_model(model, name=name, inputs=inputs, sample=np.zeros((2, SIZE, SIZE, 1), np.float32),
                output_shape=(2, SIZE, SIZE, 1), params=params, layers={"Conv2D": 3},
                absent=["Dense", "Flatten", "MaxPooling2D", "AveragePooling2D",
                        "Conv2DTranspose"],
                hints={"Conv2D": text("cyclegan: conv hint"),
                       "Dense": text("cyclegan: dense hint")})
    if tuple(model.input_shape) != (None, None, None, 1):
        fail(name, inputs, text("cyclegan: input shape", shape=tuple(model.input_shape)))
    convs = conv_layers(model)
    want = [("filters", [c, c, 1]), ("kernel_size", [(k, k)] * 3), ("strides", [(1, 1)] * 3),
            ("padding", ["same"] * 3), ("activation", ["relu", "relu", "tanh"])]
    for key, values in want:
        got = [conv[key] for conv in convs]
        if got != values:
            fail(name, inputs, text("cyclegan: conv setting", key=key, got=got, values=values),
                 [text("cyclegan: conv setting hint")])
    try:
        out = model(np.zeros((1, 12, 16, 1), np.float32), training=False)
    except Exception as exc:
        fail(name, inputs, text("cyclegan: small batch raised", kind=type(exc).__name__,
                                message=str(exc)[:200]))
    if tuple(out.shape) != (1, 12, 16, 1):
        fail(name, inputs, text("cyclegan: small batch shape", shape=tuple(out.shape)))


def build_patch_discriminator(channels: int = 16, name: str = "patch_discriminator"):
    """A small PatchGAN discriminator: (batch, 28, 28, 1) -> (batch, 7, 7, 1) scores, one
    per overlapping patch (Isola et al. 2017, sec. 3.2.2; Zhu et al. use 70x70 patches on
    256x256 images): Conv2D(channels, 4, stride 2, LeakyReLU 0.2) -> Conv2D(2 channels,
    4, stride 2, LeakyReLU 0.2) -> Conv2D(1, 3); no sigmoid (least-squares loss).

    Raises:
        ValueError: channels < 1.
    """
    import keras
    from keras import layers

    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 1)),
        layers.Conv2D(channels, 4, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Conv2D(2 * channels, 4, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Conv2D(1, 3, padding="same"),
    ], name=name)


def lsgan_generator_loss(fake_scores):
    """The least-squares GAN loss of a generator, mean((D(G(x)) - 1)^2) (Mao et al. 2017,
    eq. 2 with c = 1; Zhu et al. sec. 4 use it instead of the log loss). Scalar tensor;
    scores of any shape."""
    from keras import ops

    return ops.mean(ops.square(fake_scores - 1.0))


def lsgan_discriminator_loss(real_scores, fake_scores):
    """The least-squares GAN loss of a discriminator, halved as Zhu et al. do (sec. 4:
    "we divide the objective by 2 while optimizing D"):
    0.5 * (mean((D(y) - 1)^2) + mean(D(G(x))^2)). Scalar tensor."""
    from keras import ops

    return 0.5 * (ops.mean(ops.square(real_scores - 1.0)) + ops.mean(ops.square(fake_scores)))


def domain_sampler(x_images, y_images, batch_size: int) -> Callable:
    """A sampler for :class:`gradelib.gan.Trainer`: ``sample(generator) -> (real_x,
    real_y)``, float32 (batch_size, 28, 28, 1) in [-1, 1], drawn independently (with
    replacement) from the two unpaired domains, inside TensorFlow's graph."""
    import tensorflow as tf

    tables = [tf.constant(to_tanh(images)) for images in (x_images, y_images)]

    def sample(generator):
        return tuple(tf.gather(t, generator.uniform((batch_size,), 0, t.shape[0], dtype=tf.int32))
                     for t in tables)

    return sample


# --------------------------------------------------------------------------------------
# A dense digit GAN for the truncation trick

def build_digit_generator(latent_dim: int = 16, width: int = 256, name: str = "digit_generator"):
    """A dense generator z (batch, latent_dim) -> images (batch, 784) in [0, 1]:
    Dense(width) -> LeakyReLU(0.2) -> BatchNormalization(momentum 0.8) -> Dense(2 width)
    -> LeakyReLU(0.2) -> BatchNormalization(momentum 0.8) -> Dense(784, sigmoid). Sample
    it with ``training=False`` (the batch norms' moving statistics).

    Raises:
        ValueError: latent_dim or width < 1.
    """
    import keras
    from keras import layers

    if latent_dim < 1 or width < 1:
        raise ValueError(f"latent_dim and width must be >= 1, got {latent_dim} and {width}")
    return keras.Sequential([
        keras.Input((latent_dim,)),
        layers.Dense(width),
        layers.LeakyReLU(0.2),
        layers.BatchNormalization(momentum=0.8),
        layers.Dense(2 * width),
        layers.LeakyReLU(0.2),
        layers.BatchNormalization(momentum=0.8),
        layers.Dense(SIZE * SIZE, activation="sigmoid"),
    ], name=name)


def build_digit_discriminator(width: int = 256, name: str = "digit_discriminator"):
    """A dense discriminator images (batch, 784) -> logits (batch, 1): Dense(2 width) ->
    LeakyReLU(0.2) -> Dense(width) -> LeakyReLU(0.2) -> Dense(1).

    Raises:
        ValueError: width < 1.
    """
    import keras
    from keras import layers

    if width < 1:
        raise ValueError(f"width must be >= 1, got {width}")
    return keras.Sequential([
        keras.Input((SIZE * SIZE,)),
        layers.Dense(2 * width),
        layers.LeakyReLU(0.2),
        layers.Dense(width),
        layers.LeakyReLU(0.2),
        layers.Dense(1),
    ], name=name)


def digit_sampler(images, batch_size: int, latent_dim: int) -> Callable:
    """A sampler for :class:`gradelib.gan.Trainer`: ``sample(generator) -> (real, z_d,
    z_g)``, real float32 (batch_size, 784) drawn from ``images`` (n, 28, 28) in [0, 1],
    z float32 (batch_size, latent_dim) ~ N(0, I)."""
    import tensorflow as tf

    table = tf.constant(np.asarray(images, dtype=np.float32).reshape(len(images), -1))

    def sample(generator):
        which = generator.uniform((batch_size,), 0, table.shape[0], dtype=tf.int32)
        return (tf.gather(table, which), generator.normal((batch_size, latent_dim)),
                generator.normal((batch_size, latent_dim)))

    return sample


# --------------------------------------------------------------------------------------
# The diagram

def draw_diagram(ax=None):
    """CycleGAN's two mappings G: X -> Y and F: Y -> X, their discriminators and the two
    cycles (Zhu et al. 2017, Fig. 3), with the three losses of the notes (002): validity
    (유효성), reconstruction (재구성) and identity (동일성), labelled in English (the
    default fonts lack Hangul). Returns the axes."""
    from .diagrams import draw

    boxes = {
        "x": (0.07, 0.72, "x\n(domain X)", "data"),
        "G": (0.27, 0.72, "G: X -> Y", "net"),
        "gx": (0.47, 0.72, "G(x)", "state"),
        "F1": (0.67, 0.72, "F: Y -> X", "net"),
        "fgx": (0.89, 0.72, "F(G(x))", "state"),
        "DY": (0.47, 0.93, "D_Y: real y or G(x)?", "judge"),
        "y": (0.07, 0.36, "y\n(domain Y)", "data"),
        "F": (0.27, 0.36, "F: Y -> X", "net"),
        "fy": (0.47, 0.36, "F(y)", "state"),
        "G1": (0.67, 0.36, "G: X -> Y", "net"),
        "gfy": (0.89, 0.36, "G(F(y))", "state"),
        "DX": (0.47, 0.15, "D_X: real x or F(y)?", "judge"),
    }
    red = {"color": "tab:red", "linestyle": "--"}
    arrows = [
        ("x", "G"), ("G", "gx"), ("gx", "F1"), ("F1", "fgx"),
        ("gx", "DY", "validity"),
        ("y", "F"), ("F", "fy"), ("fy", "G1"), ("G1", "gfy"),
        ("fy", "DX", "validity"),
        ("fgx", "x", "reconstruction: ||F(G(x)) - x||_1",
         {**red, "connectionstyle": "arc3,rad=0.25", "label_at": (0.48, 0.50)}),
        ("gfy", "y", "||G(F(y)) - y||_1",
         {**red, "connectionstyle": "arc3,rad=-0.25", "label_at": (0.66, 0.04)}),
    ]
    caption = ("L = L_GAN(G, D_Y) + L_GAN(F, D_X) + λ L_cyc(G, F)  [+ 0.5 λ L_identity: "
               "||G(y) - y||_1 + ||F(x) - x||_1]")
    return draw(boxes, arrows, ax=ax, size=(11, 4.6), caption=caption, ylim=(-0.12, 1.02),
                fontsize=9)


# --------------------------------------------------------------------------------------
# The truncated-normal sampler's check

def truncation_categories(draws, threshold: float, bins: int = BINS) -> np.ndarray:
    """The category of each draw for the check: 0 = exactly -threshold, 1..bins = the
    equal-probability bins of N(0, 1) truncated to [-threshold, threshold] (quantiles of
    ``scipy.stats.truncnorm``), bins + 1 = exactly +threshold, bins + 2 = beyond the
    threshold (|z| > threshold). Returns int64 counts of shape (bins + 3,)."""
    from scipy import stats

    z = np.asarray(draws, dtype=np.float64).ravel()
    counts = np.zeros(bins + 3, dtype=np.int64)
    beyond = np.abs(z) > threshold
    at_low, at_high = z == -threshold, z == threshold
    inside = ~(beyond | at_low | at_high)
    if np.isfinite(threshold):
        edges = stats.truncnorm(-threshold, threshold).ppf(np.linspace(0, 1, bins + 1)[1:-1])
    else:
        edges = stats.norm.ppf(np.linspace(0, 1, bins + 1)[1:-1])
    counts[1:bins + 1] = np.bincount(np.searchsorted(edges, z[inside]), minlength=bins)
    counts[0], counts[bins + 1], counts[bins + 2] = at_low.sum(), at_high.sum(), beyond.sum()
    return counts


def truncation_probabilities(threshold: float, bins: int = BINS) -> np.ndarray:
    """The probabilities of :func:`truncation_categories` for a correct sampler:
    1 / bins in each inner bin, 0 at the two atoms and beyond."""
    probs = np.zeros(bins + 3)
    probs[1:bins + 1] = 1.0 / bins
    return probs


def normal_bin_masses(threshold: float, bins: int = BINS) -> np.ndarray:
    """P(bin) under the untruncated N(0, 1) for the inner bins of
    :func:`truncation_categories` (they sum to P(|z| <= threshold)), for the mistakes'
    distributions."""
    from scipy import stats

    edges = stats.truncnorm(-threshold, threshold).ppf(np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -threshold, threshold
    return np.diff(stats.norm.cdf(edges))


def check_truncated_normal(draws, threshold: float, *, name: str, inputs: Mapping[str, Any],
                           shape: tuple, mistakes: Iterable[Mistake] = (),
                           false_failure_rate: float = 1e-3, bins: int = BINS) -> None:
    """Check draws of N(0, 1) truncated to [-threshold, threshold] (Brock et al. 2019,
    sec. 3.1: values beyond the threshold are resampled).

    The draws must have the shape asked for and be finite; then Pearson's chi-square
    test of :func:`truncation_categories` against :func:`truncation_probabilities`
    (equal-probability bins of ``scipy.stats.truncnorm``) must not reject at
    ``false_failure_rate``, the probability that a correct sampler fails this check.
    A draw beyond the threshold or exactly at it (a clipped value) fails the test
    outright, since a correct sampler makes either with probability 0.

    Args:
        draws: what the sampler returned.
        threshold: the truncation threshold, > 0 (np.inf: no truncation).
        name, inputs: the student's function and its inputs, for the message.
        shape: the shape asked for.
        mistakes: each ``wrong(expected_probs, threshold=..., **rest)`` returns the
            category probabilities a mistaken sampler draws from; it is named when the
            draws fit it.

    Raises:
        AssertionError: naming the shape, a non-finite value, the frequencies, the
            p-value and the false-failure rate, and any mistake the draws fit.
    """
    __tracebackhide__ = True
    if draws is None:
        fail(name, inputs, text("returned None"))
    try:
        z = np.asarray(draws, dtype=np.float64)
    except (TypeError, ValueError):
        fail(name, inputs, text("cyclegan: not numeric", value=describe_value(draws)))
    if z.shape != tuple(shape):
        fail(name, inputs, text("wrong shape", expected=tuple(shape), returned=z.shape))
    if not np.isfinite(z).all():
        fail(name, inputs, text("cyclegan: not finite"))
    counts = truncation_categories(z, threshold, bins)
    probs = truncation_probabilities(threshold, bins)
    p_value = goodness_of_fit(counts, probs)
    if p_value >= false_failure_rate:
        return
    n = counts.sum()
    observed = counts / n
    problem = text("cyclegan: not truncated normal", n=n, threshold=f"{threshold:g}",
                   beyond=counts[-1], at=counts[0] + counts[bins + 1], bins=bins,
                   share=f"{1 / bins:.3f}", observed=np.round(observed[1:bins + 1], 3).tolist(),
                   p_value=f"{p_value:.2g}", rate=f"{false_failure_rate:g}")
    hints = []
    for mistake in mistakes:
        alt = mistake.answer(probs, {"threshold": threshold, "bins": bins})
        if alt is not None and alt.shape == probs.shape and not np.allclose(alt, probs) \
                and goodness_of_fit(counts, alt) >= false_failure_rate:
            hints.append(mistake.describe())
    fail(name, inputs, problem, hints)
