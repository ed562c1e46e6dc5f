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
# # 09 · DCGAN: a convolutional GAN for digits, and the tricks that keep it stable
#
# **What you will learn**
#
# - the architecture guidelines of the deep convolutional GAN (DCGAN) as Radford, Metz &
#   Chintala (2016, section 3) state them, and where the notes' summary leaves something out;
# - how to build a DCGAN generator (fractional-strided convolutions, batch normalisation,
#   ReLU, tanh) and discriminator (strided convolutions, LeakyReLU, one logit) in Keras,
#   planning every shape with the transposed convolution's output size;
# - the GAN tips of the notes: one-sided label smoothing and label noise on the
#   discriminator's targets, and a kernel size divisible by the stride against
#   checkerboard artefacts;
# - how to write the DCGAN training step with BatchNorm in training mode, train it on
#   digits in a few minutes, and measure the samples with a Fréchet distance.
#
# You will implement the two builders, the discriminator's targets, both losses and the
# training step; then train *your* DCGAN, measure its samples per epoch, see the
# checkerboard appear and disappear, and walk its latent space.
#
# | English | the notes' term |
# |---|---|
# | deep convolutional GAN | DCGAN (Deep Convolutional GAN) |
# | generator / discriminator | 생성자 / 판별자 |
# | fractional-strided (transposed) convolution | fractional convolution 층, 전치 합성곱 |
# | strided convolution | 스트라이드 합성곱 |
# | batch normalisation | 배치정규화 |
# | fully connected hidden layer | FC hidden layer |
# | max pooling | 최대 풀링 |
# | label noise | 레이블에 랜덤 노이즈 |
# | checkerboard artefact | 체스판 모양 |
# | latent space | 잠재 공간 |
#
# Notes covered: 004 (the DCGAN slides: "안정적인 학습을 위한 DCGAN 가이드", "생성자는 왜
# Fractional convolution layer를 사용할까?") and 000 (the GAN tips: tanh output, normal latent
# samples, randomness through dropout and label noise, strided convolutions and LeakyReLU
# against sparse gradients, kernel sizes divisible by the stride against checkerboards).
# **Prerequisites:** notebook 00 (convolutions, the transposed convolution's output size),
# 05-06 (convolutional autoencoders in Keras), 07 (the GAN losses on logits and the
# alternating training step). **Time:** about 2 hours; the notebook runs in about 5 minutes
# on a laptop CPU (about a minute in grading mode).
#
# Check your work from a terminal with `gradelib check notebooks/09_dcgan/09_dcgan.ipynb`.

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
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers, ops

import gradelib
from gradelib import dcgan, gan, sample_quality
from gradelib.mistakes.dcgan import DISCRIMINATOR_LOSS, FAKE_TARGETS, GENERATOR_LOSS, REAL_TARGETS
from gradelib.models import check_model
from gradelib.widgets import LatentExplorer

gradelib.setup(seed=0)
digits = gradelib.load_digits()
# the generator ends in tanh, so the data is scaled to [-1, 1] (Radford et al. 2016, sec. 4)
x_train = (digits.x_train.reshape(-1, 28, 28, 1) * 2.0 - 1.0).astype(np.float32)
print("training images", x_train.shape, "in", (float(x_train.min()), float(x_train.max())))

# %% [markdown]
# ## 1. The DCGAN guidelines (안정적인 학습을 위한 DCGAN 가이드)
#
# The GAN of notebook 07 used dense layers. On images, Radford et al. (2016) found a
# family of convolutional architectures that trains stably across datasets, and wrote the
# recipe down in section 3 ("Architecture guidelines for stable Deep Convolutional GANs"):
#
# | # | Radford et al. (2016), section 3 | the notes (004) |
# |---|---|---|
# | 1 | replace any pooling layers with **strided convolutions** (discriminator) and **fractional-strided convolutions** (generator) | 판별자는 convolution 층, 생성자는 fractional convolution 층 사용 |
# | 2 | use **batchnorm in both** the generator and the discriminator, **except** the generator's output layer and the discriminator's input layer ("directly applying batchnorm to all layers ... resulted in sample oscillation and model instability") | 판별자와 생성자 모두 배치정규화 적용 |
# | 3 | remove **fully connected hidden layers**; the first layer of G, which takes z, may be a matrix multiplication, and the last convolution of D is flattened and fed into a single sigmoid output | FC hidden layer 제거 |
# | 4 | **ReLU** in the generator for all layers except the output, which uses **tanh** | 생성자는 ReLU, 출력층은 Tanh |
# | 5 | **LeakyReLU** in the discriminator for all layers (slope 0.2, their section 4) | 판별자는 LeakyReLU |
#
# **A correction to the notes.** "모두 배치정규화" (batchnorm everywhere) leaves out the two
# exceptions of guideline 2. Batchnorm on the generator's output would force every image
# in a batch to the same mean and spread per channel, whatever the data's are; on the
# discriminator's input it would normalise away exactly the statistics that tell real
# from fake. This notebook's checks follow the paper.
#
# **Fractional-strided convolution.** The notes ask "생성자는 왜 Fractional convolution
# layer를 사용할까?" and answer: a stride below 1 enlarges the feature map. A transposed
# convolution with stride 2 acts like a convolution with stride 1/2 (it inserts a zero
# between neighbouring inputs, then convolves: Dumoulin & Visin 2016, ch. 4), so it
# *learns* its upsampling instead of using a fixed one. Keras calls it `Conv2DTranspose`.
#
# **Training details** (their section 4), used below: images scaled to [-1, 1] (the range
# of tanh), minibatches of 128 (we use 64: we have only 4,000 images and a few minutes),
# weights from N(0, 0.02) (Keras' default Glorot initialisation works as well for these small
# networks; you may use either), Adam with learning rate 0.0002 and β₁ = 0.5.
#
# **Logit or probability?** Guideline 3 ends D in "a single sigmoid output". Our
# discriminator returns the **logit** $l$, and $D(x) = \sigma(l)$ lives inside the loss, as in
# notebook 07: the cross-entropy on logits is $\operatorname{softplus}(l) - t\,l$, finite for
# any $l$, while $\log \sigma(l)$ computed after a sigmoid underflows to $\log 0 = -\infty$
# once $l < -104$ in float32 (and loses all precision well before), exactly when D is sure and
# the generator most needs a gradient. Keras: `BinaryCrossentropy(from_logits=True)`.
#
# The diagram is the network you will build, with each layer's output shape.

# %%
dcgan.draw_diagram()
plt.show()

# %% [markdown]
# ### Planning the generator's shapes (ready code from notebook 00)
#
# The generator has to reach exactly 28 x 28. Notebook 00's `conv_transpose_output_size`,
# Keras' rule for `Conv2DTranspose`, plans it: with `padding="same"` each stride-2 layer
# doubles the side, whatever the kernel size, so 7 → 14 → 28 after a projection of z to
# 7 x 7. With `padding="valid"` the side depends on the kernel, and 28 is hard to hit.

# %%
def conv_transpose_output_size(n, k, stride=1, padding="valid"):
    """Output size of one side of keras.layers.Conv2DTranspose (output_padding=None):
    (n - 1) * stride + max(k, stride) for "valid", n * stride for "same" (notebook 00)."""
    if padding == "same":
        return n * stride
    return (n - 1) * stride + max(k, stride)


for kernel in (3, 4, 5):
    same = [7]
    valid = [7]
    for _ in range(2):
        same.append(conv_transpose_output_size(same[-1], kernel, 2, "same"))
        valid.append(conv_transpose_output_size(valid[-1], kernel, 2, "valid"))
    print(f"kernel {kernel}, stride 2:  'same' {' -> '.join(map(str, same))}   "
          f"'valid' {' -> '.join(map(str, valid))}")

# %% [markdown]
# **한국어 요약.** DCGAN 가이드(Radford et al. 2016, 3절): 풀링 대신 판별자는 스트라이드 합성곱, 생성자는
# fractional-strided(전치) 합성곱을 쓴다. 배치정규화는 두 네트워크 모두에 쓰되 생성자의 출력층과 판별자의 입력층은 뺀다(노트의 "모두 배치정규화"가
# 빠뜨린 예외). FC 은닉층을 없애고, 생성자는 ReLU와 tanh 출력층, 판별자는 LeakyReLU(0.2)를 쓴다. 판별자는 로짓 $l$을 내고 손실은
# $\operatorname{softplus}(l) - t\,l$로 계산한다(float32에서 $\log \sigma(l)$은 $l < -104$면
# $-\infty$). `padding="same"`인 stride 2 전치 합성곱은 커널 크기와 상관없이 한 변을 두 배로 키우므로 7 → 14 → 28로
# 계획한다.

# %% [markdown]
# ## 2. The generator (생성자)
#
# **Exercise 1 (3 points).** Implement `build_generator(latent_dim, filters, kernel_size)`,
# a `keras.Sequential` (or functional) model, in this order:
#
# 1. `keras.Input((latent_dim,))`;
# 2. `Dense(7 * 7 * filters[0], use_bias=False)`, the projection of z (guideline 3's one
#    allowed matrix multiplication), then `Reshape((7, 7, filters[0]))`;
# 3. `BatchNormalization()` then `ReLU()`;
# 4. `Conv2DTranspose(filters[1], kernel_size, strides=2, padding="same", use_bias=False)`
#    (14 x 14), `BatchNormalization()`, `ReLU()`;
# 5. `Conv2DTranspose(1, kernel_size, strides=2, padding="same", activation="tanh")`
#    (28 x 28 x 1), with its bias and **no** BatchNormalization.
#
# A layer followed by BatchNormalization has no bias (`use_bias=False`): the batchnorm's β
# would cancel it. BatchNormalization comes between a layer and its ReLU, so the ReLU is a
# layer of its own (`layers.ReLU()` or `layers.Activation("relu")`). The test checks the
# output shape, the parameter count, the layer types, and each guideline; a broken guideline
# is named.
#
# **계약.** float32 z (batch, latent_dim) → (batch, 28, 28, 1), 값은 [−1, 1](tanh); Dense(편향 없음) →
# Reshape → BN → ReLU → Conv2DTranspose(stride 2, 편향 없음) → BN → ReLU → Conv2DTranspose(1, stride 2,
# tanh), 출력층에 배치정규화 없음. latent_dim < 1, filters가 양의 정수 두 개가 아님, kernel_size < 1이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "build_generator", "locked": false, "schema_version": 3, "solution": true, "task": false}
def check_builder_arguments(filters, kernel_size, latent_dim=1):
    """Raise ValueError unless latent_dim >= 1, filters is a pair of positive ints and
    kernel_size >= 1 (an int)."""
    ### BEGIN SOLUTION
    if not isinstance(latent_dim, (int, np.integer)) or latent_dim < 1:
        raise ValueError(f"latent_dim must be an int >= 1, got {latent_dim!r}")
    if len(tuple(filters)) != 2 or any(not isinstance(f, (int, np.integer)) or f < 1
                                       for f in filters):
        raise ValueError(f"filters must be two positive ints, got {filters!r}")
    if not isinstance(kernel_size, (int, np.integer)) or kernel_size < 1:
        raise ValueError(f"kernel_size must be an int >= 1, got {kernel_size!r}")
    ### END SOLUTION


def build_generator(latent_dim=64, filters=(64, 32), kernel_size=4):
    """The DCGAN generator for 28 x 28 x 1 images (Radford et al. 2016, sec. 3).

    Args:
        latent_dim: int >= 1, the length of z.
        filters: two positive ints, the channels of the 7 x 7 and the 14 x 14 feature maps.
        kernel_size: int >= 1, the side of both Conv2DTranspose kernels.

    Returns:
        keras.Model mapping float32 (batch, latent_dim) to (batch, 28, 28, 1) in [-1, 1]:
        Dense(7*7*f0, no bias) -> Reshape -> BatchNorm -> ReLU -> Conv2DTranspose(f1,
        stride 2, same, no bias) -> BatchNorm -> ReLU -> Conv2DTranspose(1, stride 2, same,
        tanh). Parameters: latent_dim*49*f0 + 4*f0 + k*k*f0*f1 + 4*f1 + k*k*f1 + 1
        (BatchNorm's 4 per channel count its 2 moving statistics).

    Raises:
        ValueError: latent_dim < 1, filters not two positive ints, kernel_size < 1.
    """
    ### BEGIN SOLUTION
    check_builder_arguments(filters, kernel_size, latent_dim)
    f0, f1 = filters
    return keras.Sequential([
        keras.Input(shape=(latent_dim,)),
        layers.Dense(7 * 7 * f0, use_bias=False),
        layers.Reshape((7, 7, f0)),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Conv2DTranspose(f1, kernel_size, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Conv2DTranspose(1, kernel_size, strides=2, padding="same", activation="tanh"),
    ], name="generator")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_generator", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def generator_params(latent_dim, f0, f1, k):
    return latent_dim * 49 * f0 + 4 * f0 + k * k * f0 * f1 + 4 * f1 + k * k * f1 + 1


for latent_dim, filters, k in [(64, (64, 32), 4), (8, (6, 4), 3)]:
    inputs = {"latent_dim": latent_dim, "filters": filters, "kernel_size": k}
    model = build_generator(latent_dim, filters, k)
    z = np.random.default_rng(0).standard_normal((3, latent_dim)).astype(np.float32)
    check_model(model, name="build_generator", inputs=inputs, sample=z, output_shape=(3, 28, 28, 1),
                params=generator_params(latent_dim, *filters, k),
                layers={"Dense": 1, "Reshape": 1, "BatchNormalization": 2, "Conv2DTranspose": 2},
                absent=["MaxPooling2D", "UpSampling2D", "Conv2D"],
                hints={"Conv2DTranspose": "Two fractional-strided layers: 7 -> 14 -> 28.",
                       "BatchNormalization": "One after the projection and one after the first "
                                             "Conv2DTranspose; none on the output layer."})
    dcgan.check_generator_guidelines(model, name="build_generator", inputs=inputs)
    images = np.asarray(model(z, training=False))
    if np.abs(images).max() > 1:
        gradelib.fail("build_generator", inputs, "Some outputs lie outside [-1, 1]: end in tanh.")
print("build_generator: visible tests passed")

# %% [markdown]
# **한국어 요약.** 생성자는 z (batch, latent_dim)를 Dense(7·7·f0, 편향 없음)로 투영해 7 × 7 × f0로 바꾸고, BN →
# ReLU → Conv2DTranspose(f1, stride 2)로 14 × 14, BN → ReLU → Conv2DTranspose(1, stride 2,
# tanh)로 [−1, 1] 범위의 28 × 28 × 1 이미지를 만든다. 배치정규화가 뒤따르는 층에는 편향이 없고(BN의 β가 그 역할), 출력층에는 배치정규화가
# 없다. 파라미터 수는 latent_dim·49·f0 + 4·f0 + k²·f0·f1 + 4·f1 + k²·f1 + 1(BN은 채널마다 γ, β와 이동 통계 2개로
# 4개)이며, 기본값 (64, (64, 32), 4)에서 234,369개다.

# %% [markdown]
# ## 3. The discriminator (판별자)
#
# **Exercise 2 (3 points).** Implement `build_discriminator(filters, kernel_size)`:
#
# 1. `keras.Input((28, 28, 1))`;
# 2. `Conv2D(filters[0], kernel_size, strides=2, padding="same")` (14 x 14, with its bias:
#    the input layer has **no** BatchNormalization), then `LeakyReLU(negative_slope=0.2)`;
# 3. `Conv2D(filters[1], kernel_size, strides=2, padding="same", use_bias=False)` (7 x 7),
#    `BatchNormalization()`, `LeakyReLU(negative_slope=0.2)`;
# 4. `Flatten()`, `Dense(1)`: one **logit** per image, no activation.
#
# Keras' `LeakyReLU` layer defaults to slope 0.3; Radford et al. use 0.2. You may add
# `Dropout` after a LeakyReLU (000's tip; it has no parameters), though this notebook does
# not.
#
# **계약.** float32 이미지 (batch, 28, 28, 1) → 로짓 (batch, 1), 활성화 없음; Conv2D(f0, stride 2) →
# LeakyReLU(0.2)(입력층에 배치정규화 없음) → Conv2D(f1, stride 2, 편향 없음) → BN → LeakyReLU(0.2) → Flatten →
# Dense(1). filters가 양의 정수 두 개가 아니거나 kernel_size < 1이면 ValueError.

# %% nbgrader={"grade": false, "grade_id": "build_discriminator", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_discriminator(filters=(32, 64), kernel_size=4):
    """The DCGAN discriminator for 28 x 28 x 1 images in [-1, 1] (Radford et al. 2016).

    Args:
        filters: two positive ints, the channels of the 14 x 14 and the 7 x 7 feature maps.
        kernel_size: int >= 1, the side of both Conv2D kernels.

    Returns:
        keras.Model mapping float32 (batch, 28, 28, 1) to logits (batch, 1):
        Conv2D(f0, stride 2, same) -> LeakyReLU(0.2) -> Conv2D(f1, stride 2, same, no bias)
        -> BatchNorm -> LeakyReLU(0.2) -> Flatten -> Dense(1). Parameters:
        k*k*f0 + f0 + k*k*f0*f1 + 4*f1 + 49*f1 + 1.

    Raises:
        ValueError: filters not two positive ints, kernel_size < 1.
    """
    ### BEGIN SOLUTION
    check_builder_arguments(filters, kernel_size)
    f0, f1 = filters
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(f0, kernel_size, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(f1, kernel_size, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Flatten(),
        layers.Dense(1),
    ], name="discriminator")
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_build_discriminator", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def discriminator_params(f0, f1, k):
    return k * k * f0 + f0 + k * k * f0 * f1 + 4 * f1 + 49 * f1 + 1


for filters, k in [((32, 64), 4), ((5, 7), 3)]:
    inputs = {"filters": filters, "kernel_size": k}
    model = build_discriminator(filters, k)
    x = np.random.default_rng(1).uniform(-1, 1, (3, 28, 28, 1)).astype(np.float32)
    check_model(model, name="build_discriminator", inputs=inputs, sample=x, output_shape=(3, 1),
                params=discriminator_params(*filters, k),
                layers={"Conv2D": 2, "BatchNormalization": 1, "Flatten": 1, "Dense": 1},
                absent=["MaxPooling2D", "AveragePooling2D", "Conv2DTranspose"],
                hints={"BatchNormalization": "One, after the second Conv2D: none on the input layer "
                                             "(guideline 2)."})
    dcgan.check_discriminator_guidelines(model, name="build_discriminator", inputs=inputs)
print("build_discriminator: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_builders_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
for inputs, problem in [({"latent_dim": 0}, "latent_dim is 0"),
                        ({"latent_dim": 8, "filters": (8,)}, "filters has one entry"),
                        ({"latent_dim": 8, "filters": (8, 0)}, "a filter count is 0"),
                        ({"latent_dim": 8, "kernel_size": 0}, "kernel_size is 0")]:
    gradelib.check_raises(build_generator, inputs, ValueError, problem)
for inputs, problem in [({"filters": (4, -1)}, "a filter count is negative"),
                        ({"filters": (4, 4, 4)}, "filters has three entries"),
                        ({"kernel_size": 0}, "kernel_size is 0")]:
    gradelib.check_raises(build_discriminator, inputs, ValueError, problem)
print("builder input checks: visible tests passed")

# %% [markdown]
# ### Experiment: what an untrained generator draws, and how the shapes flow
#
# Your generator and discriminator, untrained: the layer table (with output shapes) and a
# grid of samples. At initialisation the samples are texture, not digits; note the regular
# grid pattern, which section 8 measures.

# %%
latent_dim = 64
generator = discriminator = None
with gradelib.experiment("the untrained networks"):
    keras.utils.set_random_seed(0)
    generator, discriminator = build_generator(latent_dim), build_discriminator()
    for model in (generator, discriminator):
        print(f"{model.name}: {model.count_params():,} parameters")
        for layer in model.layers:
            print(f"  {type(layer).__name__:<20} output {layer.output.shape}")
    z_show = np.random.default_rng(1).standard_normal((16, latent_dim)).astype(np.float32)
    untrained = np.asarray(generator(z_show, training=False))
    logits = np.asarray(discriminator(x_train[:256], training=False))
    print(f"untrained D on 256 real digits: mean logit {logits.mean():+.3f}, "
          f"mean D(x) = {float(np.mean(1 / (1 + np.exp(-logits)))):.3f}")
    plt.figure(figsize=(4, 4))
    plt.imshow(dcgan.image_grid(untrained, 4, 4), cmap="gray")
    plt.title("untrained generator")
    plt.axis("off")
    plt.show()

# %% [markdown]
# **한국어 요약.** 판별자는 (batch, 28, 28, 1) 이미지를 Conv2D(f0, stride 2) → LeakyReLU(0.2)로 14 × 14,
# Conv2D(f1, stride 2, 편향 없음) → BN → LeakyReLU(0.2)로 7 × 7로 줄인 뒤 Flatten → Dense(1)로 이미지마다 로짓
# 하나(시그모이드 없음)를 낸다. 입력층에는 배치정규화가 없다. 파라미터 수는 k²·f0 + f0 + k²·f0·f1 + 4·f1 + 49·f1 + 1, 기본값
# ((32, 64), 4)에서 36,705개다. 두 빌더는 잘못된 인자에 ValueError를 낸다. 학습 전 생성자의 표본은 숫자가 아닌 텍스처이고, 규칙적인 격자
# 무늬는 8절에서 잰다.

# %% [markdown]
# ## 4. The discriminator's targets: one-sided label smoothing and label noise
#
# The notes' tip (000): "무작위성은 모델을 견고하게 만든다 ... 판별자에 드롭아웃을 사용하거나
# 레이블에 랜덤 노이즈를 추가하는 방법이 있다". Two ways of softening D's targets:
#
# - **One-sided label smoothing** (Salimans et al. 2016, sec. 3.4): the real images' target
#   is $1 - \varepsilon$ instead of 1 (e.g. 0.9), so D gains nothing by growing its logits on
#   real data without bound. Only the real side: with a fake target $\beta > 0$ the optimal
#   discriminator becomes $D^*(x) = \frac{(1 - \varepsilon)\, p_{\text{data}}(x) + \beta\, p_g(x)}
#   {p_{\text{data}}(x) + p_g(x)}$, and where the data has little mass and the generator
#   much, D still says "somewhat real", which does not push the generator's samples back
#   towards the data. So the fake targets stay 0.
# - **Label noise:** flip a small share of the targets, so that D sometimes learns from a
#   wrong label. Here each real example's target becomes the fake target 0 with probability
#   `flip_rate`, and each fake example's target becomes the real target $1 - \varepsilon$
#   with probability `flip_rate`, independently. (Chollet's code, DLwP 2nd ed. 12.5, adds a
#   small uniform noise, $0.05 \cdot U(0, 1)$, to every label instead; flipping is the
#   other common form.)
#
# **Exercise 3 (2 points).** Implement `discriminator_targets(n, smoothing, flip_rate, rng)`.
# Draw every random number from the `rng` you are given (a `np.random.Generator`), e.g.
# `rng.random((n, 1)) < flip_rate`, never from `np.random` itself. The flips are checked
# statistically: 20,000 targets per side, a two-sided binomial test on each side's
# number of flips at level 1e-6, and of positions flipped on both sides (a correct
# function fails the cell with probability below 3e-6).
# **Exercise 4 (1 point)** grades the input checks.
#
# **계약.** n개씩 → (real_targets, fake_targets), 각각 float (n, 1), 값은 {0, 1 − smoothing}; 진짜는
# 1 − smoothing, 가짜는 0에서 시작해 각 목표값을 flip_rate 확률로 독립적으로 상대편 값으로 뒤집는다. 난수는 모두 주어진 rng에서 뽑으며,
# flip_rate = 0이면 rng = None도 된다.
#
# **계약.** n < 1, smoothing이 [0, 1) 밖, flip_rate가 [0, 0.5] 밖, 또는 flip_rate > 0인데 rng가 None이면
# ValueError.

# %% nbgrader={"grade": false, "grade_id": "discriminator_targets", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_targets(n, smoothing=0.1, flip_rate=0.05, rng=None):
    """The discriminator's targets for n real and n generated images.

    Args:
        n: int >= 1, the batch size.
        smoothing: float in [0, 1), the one-sided label smoothing epsilon: real targets are
            1 - smoothing, fake targets 0 (Salimans et al. 2016, sec. 3.4).
        flip_rate: float in [0, 0.5], the probability that each target, independently, is
            flipped to the other side's value (a real one to 0, a fake one to 1 - smoothing).
        rng: np.random.Generator, the source of every random draw (required when
            flip_rate > 0; None is allowed for flip_rate = 0).

    Returns:
        (real_targets, fake_targets): two float arrays (n, 1), values in {0, 1 - smoothing}.

    Raises:
        ValueError: n < 1, smoothing outside [0, 1), flip_rate outside [0, 0.5], or no rng
            when flip_rate > 0.
    """
    ### BEGIN SOLUTION
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    if not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must be in [0, 1), got {smoothing}")
    if not 0 <= flip_rate <= 0.5:
        raise ValueError(f"flip_rate must be in [0, 0.5], got {flip_rate}")
    if flip_rate > 0 and rng is None:
        raise ValueError("an rng is needed when flip_rate > 0")
    real_value = 1.0 - smoothing
    real = np.full((n, 1), real_value, dtype=np.float32)
    fake = np.zeros((n, 1), dtype=np.float32)
    if flip_rate > 0:
        real[rng.random((n, 1)) < flip_rate] = 0.0
        fake[rng.random((n, 1)) < flip_rate] = real_value
    return real, fake
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_discriminator_targets", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
for n, smoothing in [(5, 0.1), (3, 0.0), (4, 0.25)]:
    inputs = {"n": n, "smoothing": smoothing, "flip_rate": 0.0}
    got = discriminator_targets(n, smoothing, 0.0, np.random.default_rng(0))
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        gradelib.fail("discriminator_targets", inputs, "It must return a pair (real_targets, fake_targets).")
    gradelib.check_close(got[0], np.full((n, 1), 1 - smoothing), name="discriminator_targets (real)",
                         inputs=inputs, mistakes=REAL_TARGETS)
    gradelib.check_close(got[1], np.zeros((n, 1)), name="discriminator_targets (fake)",
                         inputs=inputs, mistakes=FAKE_TARGETS)
# label noise: the share of flips on each side, statistically
dcgan.check_label_noise(discriminator_targets, n=20000, smoothing=0.1, flip_rate=0.05, seed=1)
print("discriminator_targets: visible tests passed")

# %% nbgrader={"grade": true, "grade_id": "test_discriminator_targets_validation", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(0)
for inputs, problem in [({"n": 0, "rng": rng}, "n is 0"),
                        ({"n": 4, "smoothing": 1.0, "rng": rng}, "smoothing is 1"),
                        ({"n": 4, "smoothing": -0.1, "rng": rng}, "smoothing is negative"),
                        ({"n": 4, "flip_rate": 0.6, "rng": rng}, "flip_rate is above 0.5"),
                        ({"n": 4, "flip_rate": 0.1, "rng": None}, "flip_rate > 0 and no rng")]:
    gradelib.check_raises(discriminator_targets, inputs, ValueError, problem)
print("discriminator_targets input checks: visible tests passed")

# %% [markdown]
# **한국어 요약.** 한쪽 레이블 스무딩은 진짜 목표값만 $1 - \varepsilon$(예: 0.9)로 낮춰 진짜 데이터에서 로짓을 끝없이 키울 이유를 없앤다.
# 가짜 목표값 $\beta > 0$을 쓰면 $D^*$에 $\beta\, p_g$ 항이 생겨 데이터가 드문 곳에서도 "어느 정도 진짜"라고 하므로 가짜 목표값은 0으로
# 둔다. 레이블 노이즈는 각 목표값을 flip_rate 확률로 독립적으로 상대편 값(진짜 → 0, 가짜 → $1 - \varepsilon$)으로 뒤집으며, 난수는
# 모두 주어진 rng에서 뽑는다. 검사는 한쪽당 20,000개 목표값의 이항 검정(수준 1e-6)이고, 올바른 함수가 떨어질 확률은 3e-6 미만이다.

# %% [markdown]
# ## 5. The losses, on logits, with soft targets
#
# With targets $t \in [0, 1]$ the binary cross-entropy on a logit $l$ is
#
# $$ \mathrm{BCE}(t, l) = -t \log \sigma(l) - (1 - t) \log\big(1 - \sigma(l)\big)
#    = \operatorname{softplus}(l) - t\, l, $$
#
# (use $-\log \sigma(l) = \operatorname{softplus}(-l)$ and $\operatorname{softplus}(l) - \operatorname{softplus}(-l) = l$).
#
# - **Discriminator:** the mean BCE over the real batch with `real_targets` plus the mean
#   BCE over the fake batch with `fake_targets` (two means, added, as in notebook 07). With
#   targets 1 and 0 this is notebook 07's `discriminator_loss`.
# - **Generator:** the non-saturating loss of notebook 07, mean BCE with target **1**:
#   $\operatorname{mean}\, \operatorname{softplus}(-l_{\text{fake}})$. The smoothing is
#   for D's real targets only; the generator's target is not smoothed.
#
# **Exercise 5 (2 points).** Implement `discriminator_loss(real_logits, fake_logits,
# real_targets, fake_targets)`. **Exercise 6 (1 point).** Implement
# `generator_loss(fake_logits)`. Both run inside the training step on tensors: use
# `keras.ops`; they must stay finite for logits as large as ±100, and take logits and targets
# of shape (n, 1) (or (n,)).
#
# **계약.** 로짓·목표값 (n, 1) 또는 (n,)(진짜), (m, 1) 또는 (m,)(가짜), 배열 또는 텐서 → 스칼라(nats) = 진짜 배치의
# mean(softplus(l) − t·l) + 가짜 배치의 평균; keras.ops로 작성해 미분 가능하고 로짓 ±100에서도 유한.
#
# **계약.** fake_logits (m, 1) 또는 (m,) → 스칼라 ≥ 0 = mean softplus(−l)(목표값 1, 스무딩 없음); keras.ops로 작성, 로짓
# ±100에서도 유한.

# %% nbgrader={"grade": false, "grade_id": "discriminator_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_loss(real_logits, fake_logits, real_targets, fake_targets):
    """mean BCE(real_targets, real_logits) + mean BCE(fake_targets, fake_logits), on logits.

    Args:
        real_logits, real_targets: arrays or tensors (n, 1) (or (n,)), D's logits on real
            images and their targets.
        fake_logits, fake_targets: arrays or tensors (m, 1) (or (m,)), for generated images.

    Returns:
        scalar (0-d tensor or array), in nats.
    """
    ### BEGIN SOLUTION
    real_logits = ops.convert_to_tensor(real_logits)
    fake_logits = ops.convert_to_tensor(fake_logits)
    real_targets = ops.cast(real_targets, real_logits.dtype)
    fake_targets = ops.cast(fake_targets, fake_logits.dtype)
    real = ops.mean(ops.softplus(real_logits) - real_targets * real_logits)
    fake = ops.mean(ops.softplus(fake_logits) - fake_targets * fake_logits)
    return real + fake
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_discriminator_loss", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
bce = keras.losses.BinaryCrossentropy(from_logits=True)
rng = np.random.default_rng(3)
real_logits, fake_logits = rng.normal(1.0, 2.0, size=(6, 1)), rng.normal(-1.0, 2.0, size=(6, 1))
real_targets, fake_targets = discriminator_targets(6, 0.1, 0.0)
real_targets[1], fake_targets[4] = 0.0, 0.9    # two flipped labels
inputs = {"real_logits": real_logits, "fake_logits": fake_logits, "real_targets": real_targets,
          "fake_targets": fake_targets}
expected = float(bce(real_targets, real_logits)) + float(bce(fake_targets, fake_logits))
gradelib.check_close(discriminator_loss(**inputs), expected, name="discriminator_loss", inputs=inputs,
                     rtol=1e-5, mistakes=DISCRIMINATOR_LOSS)
# large logits: finite; a sure and right D with hard targets scores 0
inputs = {"real_logits": np.array([[100.0], [50.0]]), "fake_logits": np.array([[-100.0], [-80.0]]),
          "real_targets": np.ones((2, 1)), "fake_targets": np.zeros((2, 1))}
gradelib.check_close(discriminator_loss(**inputs), 0.0, name="discriminator_loss", inputs=inputs,
                     atol=1e-12, mistakes=DISCRIMINATOR_LOSS)
# with smoothing even a sure D pays: softplus(100) - 0.9 * 100 = 10 nats
inputs["real_targets"] = np.full((2, 1), 0.9)
gradelib.check_close(discriminator_loss(**inputs), (10.0 + 5.0) / 2, name="discriminator_loss",
                     inputs=inputs, rtol=1e-6, mistakes=DISCRIMINATOR_LOSS)
# on tensors, differentiable by TensorFlow
inputs = {"real_logits": real_logits, "fake_logits": fake_logits, "real_targets": real_targets,
          "fake_targets": fake_targets}
gradelib.check_autodiff(lambda f: discriminator_loss(real_logits, f, real_targets, fake_targets),
                        fake_logits, name="discriminator_loss", inputs=inputs, wrt="fake_logits")
print("discriminator_loss: visible tests passed")

# %% nbgrader={"grade": false, "grade_id": "generator_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def generator_loss(fake_logits):
    """The non-saturating generator loss mean BCE(1, fake_logits) = mean softplus(-l).

    Args:
        fake_logits: array or tensor (m, 1) (or (m,)), D's logits on generated images.

    Returns:
        scalar, in nats, >= 0.
    """
    ### BEGIN SOLUTION
    return ops.mean(ops.softplus(-ops.convert_to_tensor(fake_logits)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_generator_loss", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(4)
fake_logits = rng.normal(0.0, 3.0, size=(5, 1))
gradelib.check_close(generator_loss(fake_logits), float(bce(np.ones_like(fake_logits), fake_logits)),
                     name="generator_loss", inputs={"fake_logits": fake_logits}, rtol=1e-5,
                     mistakes=GENERATOR_LOSS)
big = np.array([[100.0], [-100.0]])
gradelib.check_close(generator_loss(big), 50.0, name="generator_loss", inputs={"fake_logits": big},
                     rtol=1e-6, mistakes=GENERATOR_LOSS)
gradelib.check_autodiff(generator_loss, fake_logits, name="generator_loss",
                        inputs={"fake_logits": fake_logits}, wrt="fake_logits")
print("generator_loss: visible tests passed")

# %% [markdown]
# **한국어 요약.** 목표값 $t \in [0, 1]$과 로짓 $l$의 이진 교차 엔트로피는 $\operatorname{softplus}(l) - t\,l$이라
# 로짓이 ±100이어도 유한하다. 판별자 손실은 진짜 배치(real_targets)와 가짜 배치(fake_targets)의 평균 BCE를 더한 것이고, 생성자 손실은
# 목표값 1(스무딩 없음)의 비포화 손실 mean softplus(−l_fake)이다. 스무딩이 있으면 확신하는 판별자도 손실을 낸다: 로짓 100, 목표값
# 0.9이면 softplus(100) − 0.9 · 100 = 10 nats. 둘 다 keras.ops로 써서 학습 단계 안에서 텐서로 미분된다.

# %% [markdown]
# ## 6. The DCGAN training step
#
# Notebook 07's alternating step, for conv nets with batchnorm and soft targets:
#
# 1. **Discriminator step.** `fake = generator(z_d, training=True)`; inside a
#    `tf.GradientTape`, D's logits on `real` and on `fake` **in two separate calls**, both
#    with `training=True` (each batch is normalised with its own statistics, as in Radford
#    et al.'s code and PyTorch's DCGAN example; one call on the concatenated batch would mix
#    them); your `discriminator_loss` with `real_targets` and `fake_targets`; gradients with
#    respect to `discriminator.trainable_variables`, applied with `d_optimizer`.
# 2. **Generator step, D frozen.** Inside a second tape, `generator(z_g, training=True)`
#    through the **updated** discriminator (`training=True`), your `generator_loss`;
#    gradients with respect to `generator.trainable_variables` only, applied with
#    `g_optimizer`.
#
# Return `(d_loss, g_loss)`: D's loss before its update and G's at the updated D. Use
# TensorFlow operations only (the loop runs the step inside `tf.function`). BatchNorm's
# moving averages (non-trainable weights) are updated by every `training=True` call; the
# test compares the **trainable** weights only.
#
# **Exercise 7 (4 points).** Implement `dcgan_train_step`. The test runs one step from fixed
# weights on two tiny networks with batchnorm, with `keras.optimizers.SGD`, under
# `tf.function` (the hidden tests also run it eagerly, on larger networks and with Adam), and
# compares both networks' trainable weights with stored results of the
# right step (`data/09_dcgan/step_expected.npz`), naming the known slips: D not frozen, a
# simultaneous update, z_d reused, the saturating loss, the targets ignored, a network
# called with `training=False`, one discriminator call on the concatenated batch.
#
# **계약.** real (n, 28, 28, 1), z_d·z_g (n, latent_dim), real_targets·fake_targets (n, 1), 모두 float32
# 텐서 → (d_loss, g_loss) 스칼라 텐서; 판별자를 한 번(진짜·가짜 따로, training=True) 갱신한 뒤 갱신된 판별자를 통해 생성자를 한 번 갱신하며,
# TensorFlow 연산만 써서 tf.function 안에서 동작.

# %% nbgrader={"grade": false, "grade_id": "dcgan_train_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dcgan_train_step(real, z_d, z_g, real_targets, fake_targets, generator, discriminator,
                     d_optimizer, g_optimizer):
    """One alternating DCGAN step: a discriminator update, then a generator update.

    Args:
        real: float32 tensor (n, 28, 28, 1) (or the networks' image shape), in [-1, 1].
        z_d, z_g: float32 tensors (n, latent_dim): noise for D's and for G's update.
        real_targets, fake_targets: float32 tensors (n, 1), D's targets (section 4).
        generator, discriminator: Keras models; the discriminator outputs logits (n, 1).
        d_optimizer, g_optimizer: Keras optimizers, one per network.

    Returns:
        (d_loss, g_loss): scalar tensors, discriminator_loss before D's update and
        generator_loss at the updated D.
    """
    ### BEGIN SOLUTION
    fake = generator(z_d, training=True)
    with tf.GradientTape() as tape:
        d_loss = discriminator_loss(discriminator(real, training=True),
                                    discriminator(fake, training=True),
                                    real_targets, fake_targets)
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))

    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z_g, training=True), training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return d_loss, g_loss
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dcgan_train_step", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# the stored case run under tf.function, as the training loop runs it (the hidden tests also
# run the step eagerly, on larger networks, and with Adam)
for case in [c for c in dcgan.load_step_cases() if c["compiled"]]:
    generator_t, discriminator_t = dcgan.tiny_networks(case["seed"])
    losses = tf.function(dcgan_train_step)(
        *(tf.constant(case[key]) for key in ("real", "z_d", "z_g", "real_targets", "fake_targets")),
        generator_t, discriminator_t, keras.optimizers.SGD(case["learning_rate"]),
        keras.optimizers.SGD(case["learning_rate"]))
    dcgan.check_step_case(case, generator_t, discriminator_t, losses, name="dcgan_train_step")
print("dcgan_train_step: visible tests passed")

# %% [markdown]
# **한국어 요약.** DCGAN 학습 단계는 노트북 07의 교대 학습이다. $G(z_d)$를 만든 뒤 진짜 배치와 가짜 배치를 따로 training=True로
# 판별자에 넣어(배치마다 자기 통계로 배치정규화) 판별자 손실을 구하고 판별자만 갱신한다. 이어서 새 잡음 $z_g$의 표본을 갱신된 판별자에 통과시켜 생성자 손실을
# 구하고 생성자 변수만 갱신한다(판별자 동결). 갱신 전의 d_loss와 갱신된 판별자에서의 g_loss를 반환하며, BN 이동 평균은 training=True
# 호출마다 바뀌므로 검사는 학습 가능한 가중치만 비교한다.

# %% [markdown]
# ## 7. Training your DCGAN, measured
#
# `gan.Trainer` runs your `dcgan_train_step` inside `tf.function`; each step draws 64 real
# digits and two noise batches, and one row of targets from a table your
# `discriminator_targets` made (smoothing 0.1, flip rate 0.05). Adam, learning rate 2e-4,
# β₁ = 0.5 for both networks (Radford et al. 2016, sec. 4).
#
# **The yardstick.** After every epoch (62 steps) the generator draws the same 1,000 z and
# `sample_quality` measures the images: the **Fréchet distance** between Gaussians fitted to
# a small digit classifier's 64 features of the samples and of the 1,000 held-out digits
# (FID's formula, Heusel et al. 2017, $\lVert\mu_r - \mu_g\rVert^2 + \operatorname{Tr}(\Sigma_r +
# \Sigma_g - 2(\Sigma_r \Sigma_g)^{1/2})$, but **not** on Inception features: these numbers
# are comparable with each other at n = 1,000, never with published FIDs), the digits the
# classifier sees in the sample (a digit is covered with at least 2 % of the images), and
# its mean confidence. `frechet_floor(1000)`, the distance of 1,000 real training digits to
# the held-out ones, is what a perfect generator would score. Lower is better.

# %%
epochs = gradelib.pick(full=12, grading=1)
steps_per_epoch = gradelib.pick(full=len(x_train) // 64, grading=10)
n_quality = gradelib.pick(full=1000, grading=200)
batch_size = 64
history = None
quality = []
snapshots = {}
with gradelib.experiment("training a DCGAN"):
    warnings.filterwarnings("ignore", module="scipy")   # sqrtm's warning on a collapsed sample
    keras.utils.set_random_seed(2)
    generator, discriminator = build_generator(latent_dim), build_discriminator()
    target_rng = np.random.default_rng(0)
    table = [discriminator_targets(batch_size, 0.1, 0.05, target_rng) for _ in range(256)]
    sampler = dcgan.digit_sampler(x_train, batch_size, latent_dim, np.stack([t[0] for t in table]),
                                  np.stack([t[1] for t in table]))
    step = functools.partial(dcgan_train_step, generator=generator, discriminator=discriminator,
                             d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                             g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    trainer = gan.Trainer(step, sampler, seed=0)
    z_eval = np.random.default_rng(1).standard_normal((n_quality, latent_dim)).astype(np.float32)
    floor = sample_quality.frechet_floor(n_quality)

    def measure(epoch):
        images = (np.asarray(generator(z_eval, training=False)) + 1) / 2
        snapshots[epoch] = images[:16]
        quality.append((epoch, sample_quality.sample_quality(images)))

    measure(0)
    print(f"Fréchet floor (real digits, n = {n_quality}): {floor:.2f}")
    print(f"{'epoch':>5} {'steps':>6} {'D loss':>7} {'G loss':>7} {'Fréchet':>8} {'covered':>8} "
          f"{'confidence':>10} {'seconds':>8}")
    q = quality[0][1]
    print(f"{0:>5} {0:>6} {'':>7} {'':>7} {q.frechet_distance:>8.2f} {q.classes_covered:>8} "
          f"{q.mean_confidence:>10.3f} {0:>8.1f}")
    for epoch in range(1, epochs + 1):
        history = trainer.run(steps_per_epoch, every=steps_per_epoch)
        measure(epoch)
        q = quality[-1][1]
        d_mean = history.losses["d_loss"][-steps_per_epoch:].mean()
        g_mean = history.losses["g_loss"][-steps_per_epoch:].mean()
        print(f"{epoch:>5} {history.steps:>6} {d_mean:>7.3f} {g_mean:>7.3f} {q.frechet_distance:>8.2f} "
              f"{q.classes_covered:>8} {q.mean_confidence:>10.3f} {history.seconds:>8.1f}")
    print(f"\nlast epoch: {quality[-1][1]}")

# %% [markdown]
# The sample grids over training (the same 16 z at every epoch shown) and the curves: the
# Fréchet distance per epoch beside the floor, and both losses.

# %%
with gradelib.experiment("sample grids and curves"):
    if history is None:
        print("Skipped: this cell needs the DCGAN trained in the cell above.")
    else:
        shown = sorted(snapshots)
        shown = sorted({shown[0], shown[len(shown) // 3], shown[2 * len(shown) // 3], shown[-1]})
        fig, axes = plt.subplots(1, len(shown) + 2, figsize=(3 * (len(shown) + 2), 3.2))
        for ax, epoch in zip(axes, shown):
            ax.imshow(dcgan.image_grid(snapshots[epoch], 4, 4), cmap="gray", vmin=0, vmax=1)
            ax.set_title(f"epoch {epoch}", fontsize=9)
            ax.axis("off")
        axes[-2].plot([e for e, _ in quality], [q.frechet_distance for _, q in quality], "o-", label="DCGAN")
        axes[-2].axhline(floor, color="k", ls=":", label="floor (real digits)")
        axes[-2].set_yscale("log")
        axes[-2].set_xlabel("epoch")
        axes[-2].set_title("Fréchet distance (classifier features)", fontsize=9)
        axes[-2].legend(fontsize=7)
        axes[-1].plot(gan.smoothed(history.losses["d_loss"], 20), label="D loss")
        axes[-1].plot(gan.smoothed(history.losses["g_loss"], 20), label="G loss")
        axes[-1].set_xlabel("step")
        axes[-1].legend(fontsize=7)
        plt.tight_layout()
        plt.show()
        print("digits per class in the last sample:", quality[-1][1].class_counts.tolist())

# %% [markdown]
# **한국어 요약.** 여러분의 학습 단계를 tf.function 안에서 돌려 DCGAN을 학습했다: 배치 64, 에포크당 62단계, 두 네트워크 모두
# Adam(2e-4, β₁ = 0.5), 목표값은 스무딩 0.1과 뒤집기 확률 0.05로 만든 표에서 뽑는다. 매 에포크 같은 z 1,000개의 표본을 작은 숫자
# 분류기의 64차원 특성 위 프레셰 거리(FID의 공식)로 재고, 진짜 숫자 1,000개의 하한 frechet_floor(1000)과 비교한다(낮을수록 좋다).
# Inception 특성이 아니므로 같은 n = 1,000끼리만 비교하고 발표된 FID와는 비교하지 않는다. 표본에 나온 숫자 종류(2 % 이상)와 평균 확신도도
# 본다.

# %% [markdown]
# ## 8. Checkerboard artefacts (체스판 모양)
#
# The notes' tip (000): "생성자가 픽셀 공간을 균일하게 다루지 못하여 생성된 이미지에서 체스판
# 모양이 종종 나타나는데 ... 스트라이드 크기로 나눠질 수 있는 커널 크기를 사용한다". Odena,
# Dumoulin & Olah (2016) explain why: a transposed convolution with stride s scatters each
# input pixel's k x k kernel onto the output every s pixels. When k is not divisible by s
# the copies **overlap unevenly**: with k = 3, s = 2, output pixels alternate between
# receiving 1 and 2 contributions per axis (a 2 x 2 periodic pattern of 1, 2, 2, 4 in 2-D),
# a checkerboard at the stride's frequency, 0.5 cycles per pixel. With k = 4, s = 2 every
# output pixel receives exactly 2 per axis. (Even overlap does not forbid checkerboards, the
# weights can still learn one; it only stops the architecture from imposing one.)
#
# The first lines of the cell show the architecture's own imprint: one transposed
# convolution whose weights are all 1, applied to a constant image (the interior of the
# output, away from the borders). With random or trained weights the pattern also depends on
# the weights, so the comparison of whole generators is empirical.
#
# We measure it with `dcgan.nyquist_energy_share`: the share of an image's spectral energy
# (the 2-D FFT of the image minus its mean) at the frequency 0.5 cycles/pixel along either
# axis. Smooth real digits score near 0; white noise about 7 %. The cell compares your
# generator with kernel 3 and with kernel 4 (each with a discriminator of the same kernel),
# both untrained from the same seed and after the same short training, beside real digits.

# %%
checker_epochs = gradelib.pick(full=3, grading=0)
checker_steps = gradelib.pick(full=len(x_train) // 64, grading=10)
checker = {}
with gradelib.experiment("checkerboard artefacts"):
    real_share = dcgan.nyquist_energy_share(x_train[:500])
    # the architecture's own imprint: one Conv2DTranspose with every weight 1 on a constant input
    for kernel in (3, 4):
        layer = layers.Conv2DTranspose(1, kernel, strides=2, padding="same", use_bias=False,
                                       kernel_initializer="ones")
        out = np.asarray(layer(np.ones((1, 7, 7, 1), np.float32)))[0, 2:12, 2:12, 0]
        print(f"kernel {kernel}, stride 2, all-ones kernel, constant input: a row of the output "
              f"{out[4].astype(int).tolist()}, energy share at 0.5 cycles/pixel "
              f"{float(dcgan.nyquist_energy_share(out[None])[0]):.3f}")
    z_check = np.random.default_rng(3).standard_normal((500, latent_dim)).astype(np.float32)
    table = [discriminator_targets(batch_size, 0.1, 0.05, np.random.default_rng(k)) for k in range(64)]
    checker_sampler = dcgan.digit_sampler(x_train, batch_size, latent_dim,
                                          np.stack([t[0] for t in table]), np.stack([t[1] for t in table]))
    results = {}
    for kernel in (3, 4):
        keras.utils.set_random_seed(2)
        g_k, d_k = build_generator(latent_dim, kernel_size=kernel), build_discriminator(kernel_size=kernel)
        at_init = dcgan.nyquist_energy_share(np.asarray(g_k(z_check, training=False)))
        step_k = functools.partial(dcgan_train_step, generator=g_k, discriminator=d_k,
                                   d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                                   g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
        gan.Trainer(step_k, checker_sampler, seed=0).run(checker_epochs * checker_steps, every=checker_steps)
        samples = np.asarray(g_k(z_check, training=False))
        checker[kernel] = samples[:8]
        results[kernel] = (at_init, dcgan.nyquist_energy_share(samples))
    print(f"share of spectral energy at 0.5 cycles/pixel (mean over 500 images; "
          f"after {checker_epochs} epochs of {checker_steps} steps)")
    print(f"{'':<28} {'untrained':>10} {'trained':>10}")
    for kernel, (before, after) in results.items():
        print(f"{f'kernel {kernel}, stride 2':<28} {before.mean():>10.3f} {after.mean():>10.3f}")
    print(f"{'real digits':<28} {real_share.mean():>10.3f}")
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.5))
    for ax, kernel in zip(axes, (3, 4)):
        ax.imshow(dcgan.image_grid(checker[kernel], 2, 4), cmap="gray")
        ax.set_title(f"kernel {kernel}, stride 2, trained", fontsize=9)
        ax.axis("off")
    spectrum = np.fft.fftshift(np.mean(np.abs(np.fft.fft2(
        checker[3][..., 0] - checker[3][..., 0].mean(axis=(1, 2), keepdims=True))) ** 2, axis=0))
    axes[2].imshow(np.log10(spectrum + 1e-9), cmap="magma")
    axes[2].set_title("log power spectrum, kernel 3\n(edges: 0.5 cycles/pixel)", fontsize=9)
    axes[2].axis("off")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# **Reading the numbers.** The all-ones rows show the mechanism: kernel 3 paints
# 4, 2, 4, 2, … (all of the pattern's energy at 0.5 cycles/pixel), kernel 4 a flat 4. Whole
# generators are less clean. Untrained, both score far above real digits, and in the run we
# made while writing this notebook kernel 4 even scored higher (0.44 against 0.35): with random
# weights each of the four output phases of a stride-2 layer has its own random sub-kernel,
# a checkerboard whatever k is. Training removes most of it, but in our run kernel 3 kept about
# twice the share of kernel 4 after 3 epochs (0.034 against 0.016; real digits 0.003): the
# uneven overlap is a pattern the weights must keep cancelling, the even one is not.
#
# **한국어 요약.** 스트라이드 s인 전치 합성곱은 입력 픽셀마다 k × k 커널을 s 픽셀 간격으로 출력에 뿌린다. k가 s로 나누어지지 않으면(k = 3,
# s = 2) 겹침이 고르지 않아 축마다 1번과 2번이 번갈아 더해지고, 0.5 주기/픽셀의 체스판 모양이 생긴다. 가중치가 모두 1이면 k = 3은 4, 2, 4,
# 2, …, k = 4는 평평한 4를 그린다. 그 주파수의 에너지 비율은 진짜 숫자 0.003, 백색 잡음 약 7 %다. 학습 전에는 두 생성자 모두 높았고(우리
# 실행에서 k = 3이 0.35, k = 4가 0.44) 3 에포크 뒤에는 k = 3이 0.034로 k = 4(0.016)의 약 두 배가 남았다.

# %% [markdown]
# ## 9. Walking the latent space (잠재 공간)
#
# A generator that has learnt a smooth map turns a straight line between two latent
# vectors into a gradual morph: $z_t = (1 - t) z_0 + t z_1$. (For Gaussian z in many
# dimensions the midpoint of a straight line has a smaller norm than typical samples, so
# some prefer the spherical interpolation of White, 2016; on 64 dimensions the difference
# is small here.) Below, your trained generator along four lines; with a live kernel, the
# explorer moves z in a plane through the latent space, spanned by two random directions
# around a sample.

# %%
with gradelib.experiment("a latent walk"):
    if generator is None:
        print("Skipped: this cell needs your build_generator (exercise 1).")
    else:
        rng = np.random.default_rng(5)
        ends = rng.standard_normal((4, 2, latent_dim)).astype(np.float32)
        t = np.linspace(0, 1, 8, dtype=np.float32)[:, None]
        walk = np.concatenate([(1 - t) * z0 + t * z1 for z0, z1 in ends])
        frames = (np.asarray(generator(walk, training=False)) + 1) / 2
        predicted = sample_quality.classify(frames).argmax(axis=1).reshape(4, 8)
        plt.figure(figsize=(8, 4.3))
        plt.imshow(dcgan.image_grid(frames, 4, 8), cmap="gray", vmin=0, vmax=1)
        plt.title("four straight lines z_0 -> z_1 in the latent space, 8 steps each")
        plt.axis("off")
        plt.show()
        for row, labels in enumerate(predicted):
            print(f"line {row}: classifier's digits along the walk {labels.tolist()}")

# %%
if not gradelib.grading_mode() and generator is not None:
    plane = np.random.default_rng(6).standard_normal((3, latent_dim)).astype(np.float32)

    def decode_plane(z2):
        z = plane[0] + z2[:, :1] * plane[1] + z2[:, 1:2] * plane[2]
        return (np.asarray(generator(z, training=False)) + 1) / 2

    display(LatentExplorer(decode_plane, latent_dim=2, limits=(-2, 2, 0.05)))

# %% [markdown]
# **한국어 요약.** 매끄러운 사상을 배운 생성자는 잠재 공간의 직선 $z_t = (1 - t) z_0 + t z_1$을 점진적인 변형으로 바꾼다. 네 직선을
# 8단계씩 따라가며 분류기가 읽은 숫자를 출력했다. 고차원 가우시안에서는 직선의 중간점 노름이 전형적인 표본보다 작아 구면 보간(White 2016)을 쓰기도 하지만
# 64차원인 여기서는 차이가 작다. 라이브 커널에서는 한 표본 주변의 두 무작위 방향이 펼치는 평면을 탐색기로 움직여 본다.

# %% [markdown]
# ## 10. Questions (graded by hand)
#
# Answer in a few sentences each, in English or Korean (한국어로 답해도 됩니다).

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_batchnorm_batches", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 1.** In training mode, what does a BatchNormalization layer of the
# discriminator do to one image's logit when the *other* images of its batch change? Your
# step feeds D an all-real batch and an all-fake batch. What can D learn from that which it
# could not learn from single images, and why might the logits D gives in `training=False`
# mode (as in `check_model` or when you score single images) differ from those it gave
# during training?
#
# === BEGIN MARK SCHEME ===
# In training mode batchnorm normalises each channel with the mean and variance of the
# current batch, so one image's normalised activations, and its logit, shift when the rest
# of the batch changes. With all-real and all-fake batches, the batch statistics themselves
# differ between the two calls (the fake batch's are the generator's), so D can separate
# the batches partly by their statistics, a batch-level signal like minibatch
# discrimination (notebook 08), which single images do not carry; a generator whose samples
# have the wrong spread is then penalised as a batch. In `training=False` mode batchnorm uses
# its moving averages, which were accumulated over real and fake batches (and over the
# generator's changing outputs), so they match neither batch's statistics and D's logits
# on single images differ from its training-time logits. Compare logits in the same mode.
#
# **한국어 모범 답안.** 학습 모드의 배치정규화는 채널마다 현재 배치의 평균과 분산으로 정규화하므로, 같은 배치의 다른 이미지가 바뀌면 한 이미지의 정규화된
# 활성화와 로짓도 달라진다. 우리 학습 단계는 진짜만 있는 배치와 가짜만 있는 배치를 따로 넣으므로 두 호출의 배치 통계 자체가 다르고(가짜 배치의 통계는 생성자의
# 것), 판별자는 두 배치를 부분적으로 이 통계로 구분할 수 있다. 이는 노트북 08의 미니배치 판별 같은 배치 수준의 신호로, 이미지 한 장에는 없는 정보다.
# 그래서 표본의 퍼짐이 틀린 생성자는 배치 단위로 벌을 받는다. training=False 모드의 배치정규화는 이동 평균을 쓰는데, 이 값은 진짜 배치와 가짜
# 배치(그리고 계속 바뀌는 생성자의 출력)에 걸쳐 쌓인 것이라 어느 배치의 통계와도 맞지 않는다. 따라서 이미지 한 장에 대한 평가 모드의 로짓은 학습 때의 로짓과
# 다르며, 로짓은 같은 모드끼리 비교해야 한다.
# === END MARK SCHEME ===

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_smoothing_optimum", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 2.** With one-sided label smoothing (real target 1 - ε, fake target 0), what is
# the optimal discriminator D*(x) for a fixed generator, and what is its largest possible
# value? What would the loss of a discriminator that outputs D(x) = 1 on real data be, and
# why does this help against a discriminator whose logits grow without bound?
#
# === BEGIN MARK SCHEME ===
# Pointwise D maximises p_data [(1-ε) log D + ε log(1-D)] + p_g log(1-D); setting the
# derivative to 0 gives D*(x) = (1-ε) p_data / (p_data + p_g), at most 1 - ε (where p_g = 0).
# A D that outputs 1 (logit → +∞) on real data pays ε · (−log(1 − D)) → ∞: the loss
# softplus(l) − (1−ε) l ≈ ε l grows with the logit, so the best logit on real data is
# finite, log((1−ε)/ε) ≈ 2.2 for ε = 0.1 where p_g = 0. D cannot become arbitrarily
# confident, its gradients to G stay moderate, and it is less prone to overfit the real
# batch. The fake target stays 0 so that D* still goes to 0 where only p_g has mass.
#
# **한국어 모범 답안.** 점마다 판별자는 p_data [(1−ε) log D + ε log(1−D)] + p_g log(1−D)를 최대화하고, 미분을 0으로 두면
# D*(x) = (1−ε) p_data / (p_data + p_g)를 얻는다. 최댓값은 p_g = 0인 곳의 1 − ε이다. 진짜 데이터에서 D(x) = 1(로짓
# → +∞)을 내는 판별자는 ε · (−log(1 − D)) → ∞를 치른다: 손실 softplus(l) − (1−ε) l ≈ ε l이 로짓과 함께 커지므로,
# p_g = 0인 곳에서 진짜 데이터의 최적 로짓은 유한한 log((1−ε)/ε) ≈ 2.2(ε = 0.1)이다. 그래서 판별자는 한없이 확신할 수 없고, 생성자로
# 가는 기울기가 적당히 유지되며, 진짜 배치에 과대적합하기도 어렵다. 가짜 목표값은 0으로 두어, p_g만 질량을 가진 곳에서 D*가 여전히 0으로 가게 한다.
# === END MARK SCHEME ===

# %% [markdown] nbgrader={"grade": true, "grade_id": "q_checkerboard_design", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Question 3.** Besides choosing a kernel size divisible by the stride, Odena et al.
# (2016) propose a second way to upsample without checkerboards. Describe it in Keras
# layers for our generator's 7 → 14 step, say which DCGAN guideline it bends and why it
# still avoids the uneven overlap, and what you would check in this notebook to compare it.
#
# === BEGIN MARK SCHEME ===
# Resize-convolution: `UpSampling2D(2, interpolation="nearest"` or `"bilinear")` followed
# by a stride-1 `Conv2D(f1, k, padding="same")`, then BatchNorm and ReLU. It bends
# guideline 1 (fractional-strided convolutions instead of fixed upsampling): the upsampling
# is now a fixed interpolation, and the learning is in the stride-1 convolution. Every
# output pixel is computed by the same kernel over the same number of inputs, so there is
# no uneven overlap. To compare: build the variant, train it for the same steps, and report
# the energy share at 0.5 cycles/pixel (untrained and trained) and the Fréchet distance at
# equal n beside the kernel-3 and kernel-4 transposed convolutions.
#
# **한국어 모범 답안.** 리사이즈-합성곱(resize-convolution)이다: `UpSampling2D(2,
# interpolation="nearest")`(또는 `"bilinear"`)로 7 × 7을 14 × 14로 키운 뒤 stride 1의 `Conv2D(f1, k,
# padding="same")`, 이어서 BatchNorm과 ReLU를 둔다. 이는 가이드 1(고정된 업샘플링 대신 fractional-strided 합성곱)을
# 어긴다: 업샘플링은 고정된 보간이 되고, 학습은 stride 1 합성곱이 맡는다. 모든 출력 픽셀이 같은 커널로 같은 개수의 입력에서 계산되므로 고르지 않은 겹침이
# 없다. 비교하려면 이 변형을 만들어 같은 단계 수만큼 학습하고, 0.5 주기/픽셀의 에너지 비율(학습 전과 후)과 같은 n에서의 프레셰 거리를 커널 3, 커널 4
# 전치 합성곱과 나란히 보고한다.
# === END MARK SCHEME ===

# %% [markdown]
# ## Summary
#
# - DCGAN (Radford et al. 2016) is a recipe: strided convolutions instead of pooling,
#   fractional-strided (transposed) convolutions to grow the image, batchnorm in both
#   networks **except** G's output and D's input, no fully connected hidden layers, ReLU
#   with a tanh output in G, LeakyReLU(0.2) in D; Adam 2e-4, β₁ = 0.5, images in [-1, 1].
# - Our D returns a logit; the cross-entropy on logits, softplus(l) − t·l, is finite where
#   log(sigmoid(l)) is not.
# - One-sided label smoothing caps D's confidence on real data; label noise flips a few
#   targets; the generator's own target stays 1.
# - The training step normalises the real and the fake batch separately in training mode,
#   updates D, then G through the updated D.
# - A transposed convolution whose kernel is not divisible by its stride overlaps
#   unevenly and paints a checkerboard at 0.5 cycles/pixel; k = 4 with s = 2 does not.
# - A Fréchet distance on a digit classifier's features measures progress per epoch;
#   compare it at equal n and with the floor, never with published FIDs.
#
# **한국어 요약.** DCGAN은 풀링 대신 스트라이드 합성곱(판별자)과 전치 합성곱(생성자)을 쓰고, 배치정규화는 두 네트워크 모두에 쓰되 생성자의 출력층과 판별자의
# 입력층은 빼며(노트의 "모두 배치정규화"가 빠뜨린 예외), FC 은닉층 없이 생성자는 ReLU와 tanh 출력, 판별자는 LeakyReLU(0.2)를 쓴다(Adam
# 2e-4, β₁ = 0.5, [−1, 1]). 판별자는 로짓을 내고 손실은 softplus(l) − t·l로 안정하게 계산한다. 한쪽 레이블 스무딩은 진짜 목표값만
# 1 − ε로 낮추고 레이블 노이즈는 일부 목표값을 뒤집으며, 생성자의 목표값은 1이다. 학습 단계는 진짜/가짜 배치를 따로 training=True로 넣어 판별자를 갱신한
# 뒤 갱신된 판별자를 통해 생성자를 갱신한다. 커널이 스트라이드로 나누어지지 않으면(3과 2) 0.5 주기/픽셀의 체스판 무늬가 생긴다. 프레셰 거리는 같은 n에서 하한과
# 비교한다.
#
# **Further reading.** Radford, Metz & Chintala, *Unsupervised Representation Learning with
# Deep Convolutional Generative Adversarial Networks* (2016): the guidelines (sec. 3) and
# training details (sec. 4). Salimans et al., *Improved Techniques for Training GANs* (2016):
# one-sided label smoothing (sec. 3.4). Odena, Dumoulin & Olah, *Deconvolution and Checkerboard
# Artifacts* (Distill, 2016). Dumoulin & Visin, *A guide to convolution arithmetic for deep
# learning* (2016). Heusel et al., *GANs Trained by a Two Time-Scale Update Rule Converge to a
# Local Nash Equilibrium* (2017): FID. White, *Sampling Generative Networks* (2016): spherical
# interpolation. Chollet, *Deep Learning with Python*, 2nd ed. (2021), 12.5: GAN tips.
