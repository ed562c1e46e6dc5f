"""Ready-made helpers for 09_dcgan: the guideline checks of a DCGAN's generator and
discriminator, a sampler of digit batches for :class:`gradelib.gan.Trainer`, the tiny
networks of the training-step test, the spectral measure of checkerboard artefacts,
image grids and the architecture diagram. No answer to the notebook's exercises lives
here.

The guidelines are Radford, Metz & Chintala (2016), "Unsupervised Representation
Learning with Deep Convolutional Generative Adversarial Networks", section 3
("Architecture guidelines for stable Deep Convolutional GANs"), with the LeakyReLU slope
0.2 of their section 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .checks import Mistake, fail
from .i18n import add, text

GUIDELINES = {
    "strided": "guideline 1 (Radford et al. 2016, sec. 3): replace pooling layers with "
               "strided convolutions (discriminator) and fractional-strided convolutions "
               "(generator); no pooling and no fixed upsampling layers",
    "batchnorm": "guideline 2: batch normalisation in both networks, except the generator's "
                 "output layer and the discriminator's input layer (the notes' '모두 "
                 "배치정규화' leaves these two exceptions out)",
    "no_fc": "guideline 3: no fully connected hidden layers (the generator's first layer, "
             "taking z, may be a matrix multiplication; the discriminator's last "
             "convolution is flattened into a single output)",
    "generator_activations": "guideline 4: ReLU in the generator for all layers except "
                             "the output, which uses tanh",
    "discriminator_activations": "guideline 5: LeakyReLU in the discriminator for all "
                                 "layers (slope 0.2, sec. 4)",
}

add({
    "dcgan: guideline strided": {
        "en": GUIDELINES["strided"],
        "ko": "지침 1(Radford et al. 2016, 3절): 풀링 층을 스트라이드 합성곱(판별자)과 분수 "
              "스트라이드 합성곱(생성자)으로 바꾸세요. 풀링 층도, 고정된 업샘플링 층도 두지 "
              "않습니다",
    },
    "dcgan: guideline batchnorm": {
        "en": GUIDELINES["batchnorm"],
        "ko": "지침 2: 두 신경망 모두 배치 정규화를 쓰되, 생성자의 출력층과 판별자의 입력층은 "
              "예외입니다(노트의 '모두 배치정규화'는 이 두 예외를 빠뜨렸습니다)",
    },
    "dcgan: guideline no_fc": {
        "en": GUIDELINES["no_fc"],
        "ko": "지침 3: 완전 연결 은닉층을 두지 않습니다(z를 받는 생성자의 첫 층은 행렬 곱이어도 "
              "되고, 판별자의 마지막 합성곱은 펼쳐서(flatten) 출력 하나로 만듭니다)",
    },
    "dcgan: guideline generator_activations": {
        "en": GUIDELINES["generator_activations"],
        "ko": "지침 4: 생성자는 출력층을 뺀 모든 층에 ReLU를, 출력층에는 tanh를 씁니다",
    },
    "dcgan: guideline discriminator_activations": {
        "en": GUIDELINES["discriminator_activations"],
        "ko": "지침 5: 판별자는 모든 층에 LeakyReLU를 씁니다(기울기 0.2, 4절)",
    },
    "dcgan: breaks guideline": {
        "en": "{problem}. This breaks {guideline}.",
        "ko": "{problem}. 이는 다음 지침에 어긋납니다: {guideline}.",
    },
    "dcgan: no activation": {"en": "no activation (linear)", "ko": "활성화 함수 없음(선형)"},
    "dcgan: activation slope": {"en": "{activation} (slope {slope})",
                                "ko": "{activation}(기울기 {slope})"},
    "dcgan: then": {"en": " then ", "ko": " 다음에 "},
    "dcgan: output layer": {"en": "output layer", "ko": "출력층"},
    "dcgan: input layer": {"en": "input layer", "ko": "입력층"},
    "dcgan: layer number": {"en": "layer {number} ({layer})", "ko": "{number}번째 층({layer})"},
    "dcgan: convolution number": {"en": "convolution {number}", "ko": "{number}번째 합성곱"},
    "dcgan: generator resampling": {
        "en": "The generator holds {layers}: it must grow the image with "
              "Conv2DTranspose(strides=2) layers only",
        "ko": "생성자에 {layers}이(가) 있습니다. 이미지는 Conv2DTranspose(strides=2) 층으로만 "
              "키워야 합니다",
    },
    "dcgan: generator no layer": {
        "en": "The generator has no Dense or convolution layer.",
        "ko": "생성자에 Dense 층도 합성곱 층도 없습니다.",
    },
    "dcgan: generator dense positions": {
        "en": "The generator's Dense layers are at positions {positions} of its {count} "
              "weighted layers; only the first layer (the projection of z) may be Dense",
        "ko": "생성자의 가중치 있는 층 {count}개 중 Dense 층의 위치가 {positions}입니다. 첫 층(z의 "
              "투영)만 Dense일 수 있습니다",
    },
    "dcgan: generator output batchnorm": {
        "en": "The generator's output layer is followed by BatchNormalization",
        "ko": "생성자의 출력층 뒤에 BatchNormalization이 있습니다",
    },
    "dcgan: generator output activation": {
        "en": "The generator's output layer has {activations}; it must be tanh, so that "
              "images lie in [-1, 1] like the scaled data",
        "ko": "생성자의 출력층 활성화가 {activations}입니다. 이미지가 스케일을 맞춘 데이터처럼 "
              "[-1, 1] 안에 놓이도록 tanh여야 합니다",
    },
    "dcgan: generator batchnorm count": {
        "en": "The generator's {what} is followed by {count} BatchNormalization layers, "
              "expected 1",
        "ko": "생성자의 {what} 뒤에 BatchNormalization 층이 {count}개 있습니다. 1개여야 "
              "합니다",
    },
    "dcgan: generator batchnorm after activation": {
        "en": "In the generator's {what}, BatchNormalization comes after the activation; the "
              "design is layer (no activation of its own) -> BatchNormalization -> ReLU.",
        "ko": "생성자의 {what}에서 BatchNormalization이 활성화 함수 뒤에 옵니다. 설계는 층(자체 "
              "활성화 없음) -> BatchNormalization -> ReLU입니다.",
    },
    "dcgan: generator hidden activation": {
        "en": "The generator's {what} has {activations} after its BatchNormalization; "
              "expected ReLU",
        "ko": "생성자의 {what}에서 BatchNormalization 뒤의 활성화가 {activations}입니다. "
              "ReLU여야 합니다",
    },
    "dcgan: discriminator resampling": {
        "en": "The discriminator holds {layers}: it must downsample with Conv2D(strides=2) "
              "layers only",
        "ko": "판별자에 {layers}이(가) 있습니다. 다운샘플링은 Conv2D(strides=2) 층으로만 해야 "
              "합니다",
    },
    "dcgan: discriminator no layer": {
        "en": "The discriminator has no Dense or convolution layer.",
        "ko": "판별자에 Dense 층도 합성곱 층도 없습니다.",
    },
    "dcgan: discriminator dense positions": {
        "en": "The discriminator's Dense layers are at positions {positions} of its {count} "
              "weighted layers; only the last (the single output, after Flatten) may be Dense",
        "ko": "판별자의 가중치 있는 층 {count}개 중 Dense 층의 위치가 {positions}입니다. 마지막 "
              "층(Flatten 다음의 출력 하나)만 Dense일 수 있습니다",
    },
    "dcgan: discriminator not strided": {
        "en": "The discriminator's {what} is a {layer} with strides {strides}; each "
              "convolution halves the image with strides=2",
        "ko": "판별자의 {what}이 strides {strides}인 {layer}입니다. 각 합성곱은 strides=2로 "
              "이미지를 절반으로 줄여야 합니다",
    },
    "dcgan: discriminator input batchnorm": {
        "en": "The discriminator's input layer is followed by BatchNormalization",
        "ko": "판별자의 입력층 뒤에 BatchNormalization이 있습니다",
    },
    "dcgan: discriminator batchnorm count": {
        "en": "The discriminator's {what} is followed by {count} BatchNormalization layers, "
              "expected 1",
        "ko": "판별자의 {what} 뒤에 BatchNormalization 층이 {count}개 있습니다. 1개여야 "
              "합니다",
    },
    "dcgan: discriminator batchnorm after activation": {
        "en": "In the discriminator's {what}, BatchNormalization comes after the activation; "
              "the design is Conv2D (no activation) -> BatchNormalization -> LeakyReLU(0.2).",
        "ko": "판별자의 {what}에서 BatchNormalization이 활성화 함수 뒤에 옵니다. 설계는 "
              "Conv2D(활성화 없음) -> BatchNormalization -> LeakyReLU(0.2)입니다.",
    },
    "dcgan: discriminator activation": {
        "en": "The discriminator's {what} has {activations}; expected LeakyReLU",
        "ko": "판별자의 {what}의 활성화가 {activations}입니다. LeakyReLU여야 합니다",
    },
    "dcgan: discriminator slope": {
        "en": "The discriminator's {what} uses LeakyReLU with slope {slope}; Radford et al. "
              "use 0.2 (Keras' LeakyReLU layer defaults to 0.3: pass negative_slope=0.2)",
        "ko": "판별자의 {what}이 기울기 {slope}인 LeakyReLU를 씁니다. Radford et al.은 "
              "0.2를 씁니다(Keras의 LeakyReLU 층은 기본값이 0.3이니 negative_slope=0.2를 "
              "넘기세요)",
    },
    "dcgan: discriminator output batchnorm": {
        "en": "The discriminator's output Dense layer is followed by BatchNormalization; its "
              "output is the logit itself.",
        "ko": "판별자의 출력 Dense 층 뒤에 BatchNormalization이 있습니다. 이 층의 출력이 곧 "
              "로짓이어야 합니다.",
    },
    "dcgan: discriminator output activation": {
        "en": "The discriminator's output has {activations}; this notebook's discriminator "
              "returns a logit (no activation): the sigmoid lives inside the loss (softplus), "
              "which stays finite where log(sigmoid(l)) underflows.",
        "ko": "판별자의 출력에 {activations}이(가) 있습니다. 이 노트북의 판별자는 로짓을 "
              "반환합니다(활성화 없음). 시그모이드는 손실(softplus) 안에 들어 있어서, "
              "log(sigmoid(l))이 언더플로되는 곳에서도 유한한 값을 유지합니다.",
    },
    "dcgan: target tables": {
        "en": "target tables must both be (rows, {batch_size}, 1); got {real} and {fake}",
        "ko": "타깃 표는 둘 다 (rows, {batch_size}, 1)이어야 합니다. 받은 모양: {real}, {fake}",
    },
    "dcgan: not a pair": {
        "en": "It must return a pair (real_targets, fake_targets); it returned {value}.",
        "ko": "(real_targets, fake_targets) 쌍을 반환해야 하는데 {value}을(를) "
              "반환했습니다.",
    },
    "dcgan: side real": {"en": "real", "ko": "진짜"},
    "dcgan: side fake": {"en": "fake", "ko": "가짜"},
    "dcgan: targets shape": {
        "en": "The {side} targets have shape {shape}, expected ({n}, 1).",
        "ko": "{side} 타깃의 모양이 {shape}입니다. ({n}, 1)이어야 합니다.",
    },
    "dcgan: odd targets": {
        "en": "Some {side} targets are neither 0 nor 1 - smoothing = {high} (e.g. {example}).",
        "ko": "{side} 타깃 중 0도 아니고 1 - smoothing = {high}도 아닌 값이 있습니다"
              "(예: {example}).",
    },
    "dcgan: odd targets hint": {
        "en": "Label noise here flips a target to the other side's value; adding a small "
              "random number to every label (Chollet's variant) is another trick, not this "
              "function's.",
        "ko": "여기서 레이블 노이즈는 타깃을 반대쪽 값으로 뒤집는 것입니다. 모든 레이블에 작은 "
              "난수를 더하는 것(Chollet의 방식)은 다른 기법이며, 이 함수가 할 일이 아닙니다.",
    },
    "dcgan: flipped count": {
        "en": "{count} of {n} {side} targets were flipped ({share}); with flip_rate = {rate} "
              "that count has probability below {level} (expected about {expected}).",
        "ko": "{side} 타깃 {n}개 중 {count}개가 뒤집혔습니다({share}). flip_rate = {rate}에서 "
              "이 개수가 나올 확률은 {level}보다 작습니다(기대값 약 {expected}개).",
    },
    "dcgan: flipped count both": {
        "en": "{count} of {n} both sides at the same position targets were flipped ({share}); "
              "with flip_rate = {rate} that count has probability below {level} (expected "
              "about {expected}).",
        "ko": "{n}개 위치 중 {count}곳에서 진짜 타깃과 가짜 타깃이 함께 뒤집혔습니다"
              "({share}). flip_rate = {rate}에서 이 개수가 나올 확률은 {level}보다 작습니다"
              "(기대값 약 {expected}곳).",
    },
    "dcgan: same seed differs": {
        "en": "Two calls with np.random.default_rng(seed) gave different targets: draw every "
              "random number from the rng argument, not from np.random.",
        "ko": "np.random.default_rng(seed)로 두 번 호출했더니 타깃이 달랐습니다. 모든 난수를 "
              "np.random이 아니라 rng 인자에서 뽑으세요.",
    },
    "dcgan: other seed same": {
        "en": "Two different rngs gave the same targets: draw the flips from the rng argument.",
        "ko": "서로 다른 rng 두 개가 같은 타깃을 만들었습니다. 뒤집기를 rng 인자에서 뽑으세요.",
    },
    "dcgan: step hint": {
        "en": "each on its own network's trainable_variables, both networks called with "
              "training=True, D on the real and the fake batch separately.",
        "ko": "각 옵티마이저는 자기 신경망의 trainable_variables에만 적용하고, 두 신경망 모두 "
              "training=True로 호출하며, D는 진짜 배치와 가짜 배치에 따로 호출하세요.",
    },
})

_WEIGHTED = {"Dense": "dense", "Conv2D": "conv", "Conv2DTranspose": "conv_t"}
_RESAMPLING = ("MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D",
               "GlobalAveragePooling2D", "UpSampling2D")


def layer_sequence(model) -> list[dict]:
    """The model's layers in order as simple tokens, a layer's own ``activation``
    split off as an extra token: ``{"kind": "dense" | "conv" | "conv_t" | "bn" | "act" |
    "reshape" | "flatten" | "dropout" | "resample" | "other", "layer": class name,
    "activation": name (for "act"), "slope": LeakyReLU slope or None, "strides": tuple
    (convolutions)}``. Nested models are walked into."""
    import keras

    tokens = []
    for layer in model.layers:
        name = type(layer).__name__
        if isinstance(layer, keras.Model):
            tokens += layer_sequence(layer)
            continue
        if name == "InputLayer":
            continue
        config = layer.get_config()
        if name in _WEIGHTED:
            tokens.append({"kind": _WEIGHTED[name], "layer": name,
                           "strides": tuple(config.get("strides", (1, 1)))})
            activation = config.get("activation", "linear")
            if activation not in ("linear", None):
                tokens.append(_activation_token(activation, config, name))
        elif name == "BatchNormalization":
            tokens.append({"kind": "bn", "layer": name})
        elif name in ("ReLU", "LeakyReLU", "Activation", "ELU", "PReLU", "Softmax"):
            activation = {"ReLU": "relu", "LeakyReLU": "leaky_relu", "ELU": "elu",
                          "PReLU": "prelu", "Softmax": "softmax"}.get(
                name, config.get("activation"))
            tokens.append(_activation_token(activation, config, name))
        elif name == "Reshape":
            tokens.append({"kind": "reshape", "layer": name})
        elif name == "Flatten":
            tokens.append({"kind": "flatten", "layer": name})
        elif name in ("Dropout", "SpatialDropout2D", "GaussianNoise"):
            tokens.append({"kind": "dropout", "layer": name})
        elif name in _RESAMPLING:
            tokens.append({"kind": "resample", "layer": name})
        else:
            tokens.append({"kind": "other", "layer": name})
    return tokens


def _activation_token(activation, config: Mapping, layer: str) -> dict:
    if isinstance(activation, dict):   # a serialised activation function
        activation = activation.get("config", {}).get("name", activation.get("class_name"))
    activation = str(activation)
    slope = None
    if layer == "LeakyReLU":
        slope = float(config.get("negative_slope", config.get("alpha", 0.3)))
    elif activation == "leaky_relu":
        slope = 0.2   # keras.activations.leaky_relu's default
    elif layer == "ReLU" and float(config.get("negative_slope", 0.0) or 0.0) > 0:
        activation, slope = "leaky_relu", float(config["negative_slope"])
    return {"kind": "act", "layer": layer, "activation": activation, "slope": slope}


def _blocks(tokens: list[dict]) -> list[dict]:
    """Group tokens into blocks, one per weighted layer: the layer, whether a BatchNorm
    follows it, and the activation(s) that follow it before the next weighted layer."""
    blocks = []
    for token in tokens:
        if token["kind"] in ("dense", "conv", "conv_t"):
            blocks.append({"layer": token, "bn": 0, "acts": [], "bn_after_act": False})
        elif blocks and token["kind"] == "bn":
            blocks[-1]["bn"] += 1
            blocks[-1]["bn_after_act"] |= bool(blocks[-1]["acts"])
        elif blocks and token["kind"] == "act":
            blocks[-1]["acts"].append(token)
    return blocks


def _guideline_fail(name, inputs, key, problem):
    fail(name, inputs, text("dcgan: breaks guideline", problem=problem,
                            guideline=text(f"dcgan: guideline {key}")))


def _describe(acts: list[dict]) -> str:
    if not acts:
        return text("dcgan: no activation")
    return text("dcgan: then").join(
        text("dcgan: activation slope", activation=a["activation"], slope=f"{a['slope']:g}")
        if a["slope"] else a["activation"] for a in acts)


def check_generator_guidelines(model, *, name: str, inputs: Mapping[str, Any]) -> None:
    """Check a DCGAN generator against Radford et al.'s guidelines (see
    :data:`GUIDELINES`), naming the guideline a model breaks: no pooling or upsampling
    layers; one Dense layer, the first (the projection of z); every layer but the output
    followed by BatchNormalization and then ReLU; the output layer without
    BatchNormalization, with tanh.

    Raises:
        AssertionError: naming the layer and the guideline it breaks.
    """
    __tracebackhide__ = True
    tokens = layer_sequence(model)
    resampling = [t["layer"] for t in tokens if t["kind"] == "resample"]
    if resampling:
        _guideline_fail(name, inputs, "strided", text("dcgan: generator resampling",
                                                      layers=", ".join(resampling)))
    blocks = _blocks(tokens)
    if not blocks:
        fail(name, inputs, text("dcgan: generator no layer"))
    dense = [i for i, b in enumerate(blocks) if b["layer"]["kind"] == "dense"]
    if dense != [0]:
        _guideline_fail(name, inputs, "no_fc", text("dcgan: generator dense positions",
                                                    positions=dense, count=len(blocks)))
    for i, block in enumerate(blocks):
        last = i == len(blocks) - 1
        what = text("dcgan: output layer") if last else \
            text("dcgan: layer number", number=i + 1, layer=block['layer']['layer'])
        if last:
            if block["bn"]:
                _guideline_fail(name, inputs, "batchnorm",
                                text("dcgan: generator output batchnorm"))
            if [a["activation"] for a in block["acts"]] != ["tanh"]:
                _guideline_fail(name, inputs, "generator_activations",
                                text("dcgan: generator output activation",
                                     activations=_describe(block['acts'])))
            continue
        if block["bn"] != 1:
            _guideline_fail(name, inputs, "batchnorm", text("dcgan: generator batchnorm count",
                                                            what=what, count=block['bn']))
        if block["bn_after_act"]:
            fail(name, inputs, text("dcgan: generator batchnorm after activation", what=what))
        if [a["activation"] for a in block["acts"]] != ["relu"] or block["acts"][0]["slope"]:
            _guideline_fail(name, inputs, "generator_activations",
                            text("dcgan: generator hidden activation", what=what,
                                 activations=_describe(block['acts'])))


def check_discriminator_guidelines(model, *, name: str, inputs: Mapping[str, Any]) -> None:
    """Check a DCGAN discriminator against Radford et al.'s guidelines (see
    :data:`GUIDELINES`), naming the guideline a model breaks: no pooling; strided
    convolutions; no BatchNormalization on the input layer, BatchNormalization then
    LeakyReLU(0.2) after every later convolution; one Dense layer, the last, with no
    activation (this notebook's discriminator outputs a logit).

    Raises:
        AssertionError: naming the layer and the guideline it breaks.
    """
    __tracebackhide__ = True
    tokens = layer_sequence(model)
    resampling = [t["layer"] for t in tokens if t["kind"] == "resample"]
    if resampling:
        _guideline_fail(name, inputs, "strided", text("dcgan: discriminator resampling",
                                                      layers=", ".join(resampling)))
    blocks = _blocks(tokens)
    if not blocks:
        fail(name, inputs, text("dcgan: discriminator no layer"))
    dense = [i for i, b in enumerate(blocks) if b["layer"]["kind"] == "dense"]
    if dense != [len(blocks) - 1]:
        _guideline_fail(name, inputs, "no_fc", text("dcgan: discriminator dense positions",
                                                    positions=dense, count=len(blocks)))
    for i, block in enumerate(blocks[:-1]):
        layer = block["layer"]
        what = text("dcgan: input layer") if i == 0 else \
            text("dcgan: convolution number", number=i + 1)
        if layer["kind"] != "conv" or max(layer["strides"]) < 2:
            _guideline_fail(name, inputs, "strided", text("dcgan: discriminator not strided",
                                                          what=what, layer=layer['layer'],
                                                          strides=layer['strides']))
        if i == 0 and block["bn"]:
            _guideline_fail(name, inputs, "batchnorm",
                            text("dcgan: discriminator input batchnorm"))
        if i > 0 and block["bn"] != 1:
            _guideline_fail(name, inputs, "batchnorm",
                            text("dcgan: discriminator batchnorm count", what=what,
                                 count=block['bn']))
        if block["bn_after_act"]:
            fail(name, inputs, text("dcgan: discriminator batchnorm after activation",
                                    what=what))
        acts = block["acts"]
        if len(acts) != 1 or acts[0]["activation"] != "leaky_relu":
            _guideline_fail(name, inputs, "discriminator_activations",
                            text("dcgan: discriminator activation", what=what,
                                 activations=_describe(acts)))
        if not np.isclose(acts[0]["slope"], 0.2):
            _guideline_fail(name, inputs, "discriminator_activations",
                            text("dcgan: discriminator slope", what=what,
                                 slope=f"{acts[0]['slope']:g}"))
    out = blocks[-1]
    if out["bn"]:
        fail(name, inputs, text("dcgan: discriminator output batchnorm"))
    if out["acts"]:
        fail(name, inputs, text("dcgan: discriminator output activation",
                                activations=_describe(out['acts'])))


def digit_sampler(images, batch_size: int, latent_dim: int, real_targets, fake_targets):
    """A sampler for :class:`gradelib.gan.Trainer`: ``sample(generator) -> (real, z_d, z_g,
    real_targets, fake_targets)``, float32 tensors.

    ``real`` is a minibatch of ``images`` drawn with replacement; z_d, z_g are
    (batch_size, latent_dim) ~ N(0, I); the targets are a row drawn at random from the
    tables ``real_targets`` and ``fake_targets`` (each (rows, batch_size, 1), made in
    advance by the student's target function), so the label noise changes every step.

    Args:
        images: float (n, 28, 28, 1) in [-1, 1].
        real_targets, fake_targets: float (rows, batch_size, 1).

    Raises:
        ValueError: tables of another shape.
    """
    import tensorflow as tf

    images = tf.constant(np.asarray(images, np.float32))
    real_t = np.asarray(real_targets, np.float32)
    fake_t = np.asarray(fake_targets, np.float32)
    if real_t.shape != fake_t.shape or real_t.ndim != 3 or real_t.shape[1:] != (batch_size, 1):
        raise ValueError(text("dcgan: target tables", batch_size=batch_size,
                              real=real_t.shape, fake=fake_t.shape))
    real_t, fake_t = tf.constant(real_t), tf.constant(fake_t)
    n, rows = int(images.shape[0]), int(real_t.shape[0])

    def sample(generator):
        which = generator.uniform((batch_size,), 0, n, dtype=tf.int32)
        row = generator.uniform((), 0, rows, dtype=tf.int32)
        return (tf.gather(images, which), generator.normal((batch_size, latent_dim)),
                generator.normal((batch_size, latent_dim)), real_t[row], fake_t[row])

    return sample


def tiny_networks(seed: int, latent_dim: int = 3, filters: int = 2, side: int = 4):
    """A tiny generator (z -> side x side x 1) and discriminator with BatchNormalization,
    random weights from ``seed`` (biases and BatchNorm's beta non-zero), for the
    training-step test: ``(generator, discriminator)`` Keras models. ``side`` is 4 or 8.
    """
    import keras
    from keras import layers

    start = side // 2
    rng = np.random.default_rng(seed)
    generator = keras.Sequential([
        keras.Input(shape=(latent_dim,), name="z"),
        layers.Dense(start * start * filters, use_bias=False),
        layers.Reshape((start, start, filters)),
        layers.BatchNormalization(axis=-1),
        layers.ReLU(),
        layers.Conv2DTranspose(1, 2, strides=2, padding="same", activation="tanh"),
    ], name="tiny_generator")
    discriminator = keras.Sequential([
        keras.Input((side, side, 1)),
        layers.Conv2D(filters, 2, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Conv2D(filters, 2, strides=1, padding="same", use_bias=False),
        layers.BatchNormalization(axis=-1),
        layers.LeakyReLU(0.2),
        layers.Flatten(),
        layers.Dense(1),
    ], name="tiny_discriminator")
    for model in (generator, discriminator):
        weights = []
        for variable in model.weights:
            shape, path = tuple(variable.shape), variable.path
            if "moving_variance" in path:
                weights.append(np.ones(shape, np.float32))
            elif "moving_mean" in path:
                weights.append(np.zeros(shape, np.float32))
            elif "gamma" in path:
                weights.append(rng.uniform(0.8, 1.2, shape).astype(np.float32))
            else:
                weights.append(rng.normal(0, 0.5, shape).astype(np.float32))
        model.set_weights(weights)
    return generator, discriminator


def trainable_mask(model) -> list[bool]:
    """For each array of ``model.get_weights()``, whether it is a trainable variable
    (BatchNormalization's moving statistics are not)."""
    return [bool(v.trainable) for v in model.weights]


def nyquist_energy_share(images, stride: int = 2) -> np.ndarray:
    """The share of each image's spectral energy at the frequencies a stride-``stride``
    checkerboard lives on: the 2-D power spectrum |FFT|^2 of the image minus its mean,
    summed over the rows and columns whose frequency is a non-zero multiple of
    1/stride cycles per pixel (0.5 for stride 2: the pattern that alternates every
    pixel), divided by the total (Odena, Dumoulin & Olah 2016, "Deconvolution and
    Checkerboard Artifacts", Distill, describe the artefact; this number is ours).

    A smooth image scores near 0; white noise about the share of those frequencies among
    all (55/783 = 7 % on 28 x 28 for stride 2); a checkerboard near 1.

    Args:
        images: float (n, h, w) or (n, h, w, 1), h and w divisible by ``stride``.
        stride: the upsampling factor, >= 2.

    Returns:
        float64 (n,), each in [0, 1] (0 for a constant image).

    Raises:
        ValueError: another shape, a side not divisible by ``stride``, stride < 2.
    """
    x = np.asarray(images, dtype=np.float64)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3:
        raise ValueError(f"images must be (n, h, w) or (n, h, w, 1), got {np.shape(images)}")
    if stride < 2 or x.shape[1] % stride or x.shape[2] % stride:
        raise ValueError(f"stride must be >= 2 and divide the sides {x.shape[1:]}; got {stride}")
    power = np.abs(np.fft.fft2(x - x.mean(axis=(1, 2), keepdims=True))) ** 2
    h, w = x.shape[1:]
    rows = np.zeros(h, bool)
    rows[np.arange(h // stride, h, h // stride)] = True
    cols = np.zeros(w, bool)
    cols[np.arange(w // stride, w, w // stride)] = True
    mask = rows[:, None] | cols[None, :]
    total = power.sum(axis=(1, 2))
    share = (power * mask).sum(axis=(1, 2))
    return np.where(total > 0, share / np.where(total > 0, total, 1.0), 0.0)


def image_grid(images, rows: int, cols: int, pad: int = 1) -> np.ndarray:
    """rows x cols images (n >= rows * cols, (n, h, w[, 1])) tiled into one 2-D array,
    ``pad`` pixels of the grid's minimum between them."""
    x = np.asarray(images, dtype=float)
    if x.ndim == 4:
        x = x[..., 0]
    h, w = x.shape[1:]
    grid = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad), x.min())
    for k in range(rows * cols):
        r, c = divmod(k, cols)
        grid[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = x[k]
    return grid


def draw_diagram(latent_dim: int = 64, filters_g=(64, 32), filters_d=(32, 64),
                 kernel_size: int = 4):
    """The notebook's DCGAN: the generator (top) and the discriminator (bottom), each
    layer with its output shape (batch axis left out). Returns the figure."""
    import matplotlib.pyplot as plt

    from .diagrams import draw

    f0, f1 = filters_g
    d0, d1 = filters_d
    k = kernel_size
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 5.2))
    xs = np.linspace(0.06, 0.94, 6)
    draw({"z": (xs[0], 0.55, f"z ~ N(0, I)\n({latent_dim},)", "data"),
          "p": (xs[1], 0.55, f"Dense (projection)\n-> Reshape\n(7, 7, {f0})"),
          "b1": (xs[2], 0.55, f"BatchNorm\nReLU\n(7, 7, {f0})", "op"),
          "t1": (xs[3], 0.55, f"Conv2DTranspose\n{f1}, {k}x{k}, stride 2\n"
                              f"BatchNorm, ReLU\n(14, 14, {f1})"),
          "t2": (xs[4], 0.55, f"Conv2DTranspose\n1, {k}x{k}, stride 2\ntanh (no BatchNorm)\n"
                              f"(28, 28, 1)"),
          "x": (xs[5], 0.55, "G(z) in [-1, 1]\n(28, 28, 1)", "data")},
         [("z", "p"), ("p", "b1"), ("b1", "t1"), ("t1", "t2"), ("t2", "x")], ax=top,
         caption="generator: fractional-strided convolutions 7 -> 14 -> 28, BatchNorm + "
                 "ReLU on hidden layers, tanh output")
    draw({"x": (xs[0], 0.55, "image in [-1, 1]\n(28, 28, 1)\nreal or G(z)", "data"),
          "c1": (xs[1], 0.55, f"Conv2D {d0}, {k}x{k}\nstride 2\nLeakyReLU(0.2)\n"
                              f"(no BatchNorm)\n(14, 14, {d0})"),
          "c2": (xs[2], 0.55, f"Conv2D {d1}, {k}x{k}\nstride 2\nBatchNorm\nLeakyReLU(0.2)\n"
                              f"(7, 7, {d1})"),
          "f": (xs[3], 0.55, f"Flatten\n({49 * d1},)", "op"),
          "o": (xs[4], 0.55, "Dense(1)\nno activation\n(1,)"),
          "l": (xs[5], 0.55, "logit l\nD(x) = sigmoid(l)\n(inside the loss)", "loss")},
         [("x", "c1"), ("c1", "c2"), ("c2", "f"), ("f", "o"), ("o", "l")], ax=bottom,
         caption="discriminator: strided convolutions 28 -> 14 -> 7, LeakyReLU(0.2), "
                 "BatchNorm except on the input layer, one logit")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- checks of the exercises

NOISE_LEVEL = 1e-6   # each binomial test's level: a correct function fails it this rarely

# the label-noise mistakes check_label_noise recognises by the flip rates it counts
NOISE_SAME_DRAWS = Mistake(
    "the same random draws decide the real and the fake flips",
    "draw the two sides' flips separately (two calls of rng.random).",
    None,
    name_ko="진짜 타깃과 가짜 타깃의 뒤집기를 같은 난수가 결정합니다",
    fix_ko="두 쪽의 뒤집기를 따로 뽑으세요(rng.random을 두 번 호출).",
)
NOISE_NO_FLIPS = Mistake(
    "no targets were flipped",
    "flip each target with probability flip_rate (rng.random((n, 1)) < flip_rate).",
    None,
    name_ko="뒤집힌 타깃이 하나도 없습니다",
    fix_ko="각 타깃을 확률 flip_rate로 뒤집으세요(rng.random((n, 1)) < flip_rate).",
)
NOISE_REVERSED = Mistake(
    "the comparison is reversed (targets are kept with probability flip_rate)",
    "flip where rng.random(...) < flip_rate.",
    None,
    name_ko="비교가 반대입니다(타깃이 확률 flip_rate로 그대로 남습니다)",
    fix_ko="rng.random(...) < flip_rate인 곳을 뒤집으세요.",
)
NOISE_HALF_RATE = Mistake(
    "half the rate, as when a flipped label is replaced by a random one (right half the "
    "time)",
    "a chosen target always takes the other side's value.",
    None,
    name_ko=("뒤집힌 비율이 절반입니다: 뒤집을 레이블을 무작위 레이블로 바꾼 경우처럼"
             "(절반은 원래 값이 나옵니다)"),
    fix_ko="뒤집기로 선택된 타깃은 언제나 반대쪽 값을 가져야 합니다.",
)
NOISE_TWICE_RATE = Mistake(
    "twice the rate",
    "flip each target once, with probability flip_rate.",
    None,
    name_ko="뒤집힌 비율이 두 배입니다",
    fix_ko="각 타깃을 확률 flip_rate로 한 번만 뒤집으세요.",
)


def check_label_noise(targets, *, n: int, smoothing: float, flip_rate: float, seed: int,
                      name: str = "discriminator_targets") -> None:
    """Check the label noise of ``targets(n, smoothing, flip_rate, rng)`` statistically.

    The targets must take only the values 0 and 1 - smoothing; the number of flipped real
    targets, of flipped fake targets, and of positions flipped on both sides are each
    checked with a two-sided binomial test at level :data:`NOISE_LEVEL` against
    Binomial(n, flip_rate), Binomial(n, flip_rate) and Binomial(n, flip_rate**2), so a
    correct function fails with probability below 3e-6. The same seed must give the same
    targets (every draw from ``rng``) and another seed other targets.

    Raises:
        AssertionError: naming the side and the rate that was seen, and the known mistake
            (no flips, the comparison reversed, twice or half the rate, one mask for both
            sides, additive noise instead of flips) it matches.
    """
    from scipy import stats

    from .checks import describe_value

    __tracebackhide__ = True
    inputs = {"n": n, "smoothing": smoothing, "flip_rate": flip_rate,
              "rng": f"np.random.default_rng({seed})"}
    got = targets(n, smoothing, flip_rate, np.random.default_rng(seed))
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(name, inputs, text("dcgan: not a pair", value=describe_value(got)))
    real, fake = (np.asarray(v, dtype=float) for v in got)
    high = 1.0 - smoothing
    for side, values in (("real", real), ("fake", fake)):
        label = text(f"dcgan: side {side}")
        if values.shape != (n, 1):
            fail(name, inputs, text("dcgan: targets shape", side=label, shape=values.shape,
                                    n=n))
        odd = ~(np.isclose(values, 0.0) | np.isclose(values, high))
        if odd.any():
            fail(name, inputs, text("dcgan: odd targets", side=label, high=f"{high:g}",
                                    example=f"{values[odd][0]:.4g}"),
                 [text("dcgan: odd targets hint")])
    real_flip = np.isclose(real, 0.0)[:, 0]
    fake_flip = np.isclose(fake, high)[:, 0]
    checks = [("real", int(real_flip.sum()), flip_rate),
              ("fake", int(fake_flip.sum()), flip_rate),
              ("both sides at the same position", int((real_flip & fake_flip).sum()),
               flip_rate ** 2)]
    for side, count, rate in checks:
        if stats.binomtest(count, n, rate).pvalue >= NOISE_LEVEL:
            continue
        share = count / n
        hints = []
        if side.startswith("both"):
            hints.append(NOISE_SAME_DRAWS.describe())
        elif count == 0:
            hints.append(NOISE_NO_FLIPS.describe())
        elif abs(share - (1 - rate)) < 0.02:
            hints.append(NOISE_REVERSED.describe())
        elif abs(share - rate / 2) < 0.25 * rate:
            hints.append(NOISE_HALF_RATE.describe())
        elif abs(share - 2 * rate) < 0.25 * rate:
            hints.append(NOISE_TWICE_RATE.describe())
        fields = {"count": count, "n": n, "share": f"{share:.4f}", "rate": f"{flip_rate:g}",
                  "level": f"{NOISE_LEVEL:g}", "expected": f"{n * rate:.0f}"}
        if side.startswith("both"):
            fail(name, inputs, text("dcgan: flipped count both", **fields), hints)
        fail(name, inputs, text("dcgan: flipped count", side=text(f"dcgan: side {side}"),
                                **fields), hints)
    again = targets(n, smoothing, flip_rate, np.random.default_rng(seed))
    other = targets(n, smoothing, flip_rate, np.random.default_rng(seed + 1))
    def same(pair):
        return all(np.array_equal(np.asarray(a, float), b)
                   for a, b in zip(pair, (real, fake), strict=True))

    if not same(again):
        fail(name, inputs, text("dcgan: same seed differs"))
    if same(other):
        fail(name, inputs, text("dcgan: other seed same"))


STEP_FILE = ("09_dcgan", "step_expected.npz")


def load_step_cases() -> list[dict]:
    """The stored training-step cases of 09_dcgan's visible test
    (``data/09_dcgan/step_expected.npz``, written by the notebook's judge): each a dict
    with ``seed``, ``compiled``, ``learning_rate``, the inputs ``real``, ``z_d``, ``z_g``,
    ``real_targets``, ``fake_targets`` (float32) and ``outcomes``: {"correct" or a known
    wrong step's name: StepOutcome of trainable weights and losses}."""
    from .data import data_path
    from .gan import StepOutcome

    with np.load(data_path(*STEP_FILE)) as stored:
        data = {key: stored[key] for key in stored.files}
    cases = []
    for i in range(int(data["cases"])):
        p = f"c{i}/"
        seed, compiled, learning_rate = data[p + "meta"]
        case = {"seed": int(seed), "compiled": bool(compiled),
                "learning_rate": float(learning_rate), "outcomes": {}}
        for key in ("real", "z_d", "z_g", "real_targets", "fake_targets"):
            case[key] = data[p + key]
        for j in range(int(data[p + "outcomes"])):
            q = f"{p}o{j}/"
            weights = {side: [data[f"{q}{side}{k}"] for k in range(int(data[q + side]))]
                       for side in ("g", "d")}
            case["outcomes"][str(data[q + "name"])] = StepOutcome(
                weights["g"], weights["d"], tuple(float(v) for v in data[q + "losses"]))
        cases.append(case)
    return cases


def save_step_cases(path, cases: list[dict]) -> None:
    """Write ``cases`` (as :func:`load_step_cases` returns them) to ``path`` (.npz)."""
    data = {"cases": np.array(len(cases))}
    for i, case in enumerate(cases):
        p = f"c{i}/"
        data[p + "meta"] = np.array([case["seed"], case["compiled"], case["learning_rate"]])
        for key in ("real", "z_d", "z_g", "real_targets", "fake_targets"):
            data[p + key] = np.asarray(case[key], np.float32)
        data[p + "outcomes"] = np.array(len(case["outcomes"]))
        for j, (label, outcome) in enumerate(case["outcomes"].items()):
            q = f"{p}o{j}/"
            data[q + "name"] = np.array(label)
            data[q + "losses"] = np.asarray(outcome.losses, float)
            for side, weights in (("g", outcome.generator), ("d", outcome.discriminator)):
                data[q + side] = np.array(len(weights))
                for k, w in enumerate(weights):
                    data[f"{q}{side}{k}"] = np.asarray(w, np.float32)
    np.savez_compressed(path, **data)


def trainable_weights(model_or_spec, mask=None) -> list[np.ndarray]:
    """The trainable arrays of a Keras model (or of a ``wire.ModelSpec``'s weights, with
    the ``mask`` of :func:`trainable_mask` of the same architecture)."""
    if hasattr(model_or_spec, "get_weights"):
        mask = trainable_mask(model_or_spec)
        weights = model_or_spec.get_weights()
    else:
        weights = model_or_spec.weights
    return [np.asarray(w) for w, keep in zip(weights, mask, strict=True) if keep]


def check_step_case(case: dict, generator, discriminator, losses, *, name: str,
                    inputs: Mapping[str, Any] | None = None, got_generator=None,
                    got_discriminator=None) -> None:
    """Check a student's training step on a stored (or judge-computed) case: both
    networks' trainable weights after the step, then the losses it returned, naming the
    known wrong step they match (:data:`gradelib.mistakes.dcgan.STEP_FIXES`)."""
    from .gan import check_train_step
    from .mistakes.dcgan import STEP_FIXES

    __tracebackhide__ = True
    inputs = dict(inputs or {"networks": f"dcgan.tiny_networks({case['seed']})",
                             "optimizers": f"SGD({case['learning_rate']})",
                             "tf.function": case["compiled"]})
    got_g = got_generator if got_generator is not None else trainable_weights(generator)
    got_d = got_discriminator if got_discriminator is not None else \
        trainable_weights(discriminator)
    check_train_step(case["outcomes"], got_g, got_d, losses, name=name, inputs=inputs,
                     fixes=STEP_FIXES,
                     hint=text("dcgan: step hint"))
