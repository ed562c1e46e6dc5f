"""Ready-made pieces for notebook 11 (DeepDream and neural style transfer), offline.

Nothing here is an answer to the notebook's exercises (the Gram matrix, the style,
content and total variation losses, the octave shapes): this module loads the
photographs, resizes images and builds the feature extractors the losses are computed on.

Feature extractors, in the course's order of preference:

1. real ImageNet weights (Keras applications' VGG19 for style transfer, InceptionV3 for
   DeepDream) when they are already in the Keras cache (``~/.keras/models/``, or
   ``$KERAS_HOME/models/``): :func:`cached_weights_path` finds them and
   :func:`pretrained_extractor` builds the model with ``weights=None`` and loads the file.
   Nothing is ever downloaded (``weights="imagenet"`` would download);
2. otherwise, for style transfer, one layer of random convolutional filters at several
   sizes (:func:`random_multiscale_extractor`, after Ustyuzhaninov et al. 2017, "What
   does it take to generate natural textures?", ICLR: a single layer of random filters of
   several sizes synthesises textures nearly as well as VGG), and for DeepDream the
   course's trained digit classifier (:func:`digit_feature_extractor`, the shipped weights
   of :mod:`gradelib.sample_quality`), whose convolution layers run on an image of any size.

Every extractor takes float32 images (1, H, W, C) with values in [0, 1] and returns a
list of feature maps (1, H_l, W_l, C_l), one per chosen layer.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .i18n import add, text

add({
    "style: photo name": {
        "en": "name must be one of {photos}, got {name}",
        "ko": "name은 {photos} 중 하나여야 하는데 {name}을(를) 받았습니다",
    },
    "style: photo size": {
        "en": "size must be at least 8 pixels, got {size}",
        "ko": "size는 8픽셀 이상이어야 하는데 {size}을(를) 받았습니다",
    },
    "style: model name": {
        "en": "model must be one of {models}, got {model}",
        "ko": "model은 {models} 중 하나여야 하는데 {model}을(를) 받았습니다",
    },
    "style: missing layers": {
        "en": "{model} has no layer(s) {missing}",
        "ko": "{model}에는 {missing} 층이 없습니다",
    },
})

PHOTOS = ("china.jpg", "flower.jpg")   # scikit-learn's sample images, inside its wheel

# Keras applications' file names in the cache (keras.applications.vgg19 / inception_v3,
# include_top=False); what `keras.applications.VGG19(weights="imagenet",
# include_top=False)` downloads once when a machine is online.
WEIGHT_FILES = {
    "vgg19": "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "inception_v3": "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
}

# Gatys et al. (2016), sec. 3: style from conv1_1 ... conv5_1, content from conv4_2;
# Chollet (DLwP 2nd ed., 12.3) takes content from block5_conv2.
VGG19_STYLE_LAYERS = ("block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1",
                      "block5_conv1")
VGG19_CONTENT_LAYER = "block4_conv2"
# Chollet (DLwP 2nd ed., 12.2): DeepDream on InceptionV3's mixed4 ... mixed7.
INCEPTION_DREAM_LAYERS = ("mixed4", "mixed5", "mixed6", "mixed7")

HOW_TO_GET_WEIGHTS = (
    "On a machine that is online, run once in Python: import keras; "
    "keras.applications.VGG19(weights='imagenet', include_top=False); "
    "keras.applications.InceptionV3(weights='imagenet', include_top=False). "
    "Keras stores the files ({vgg19}, {inception_v3}) in ~/.keras/models/ (about 80 MB "
    "and 87 MB); copy that folder to the machine that runs the course."
).format(**WEIGHT_FILES)


def load_photo(name: str = "china.jpg", size: int = 128) -> np.ndarray:
    """One of scikit-learn's sample photographs, centre-cropped to a square and resized.

    Args:
        name: "china.jpg" (a temple) or "flower.jpg" (a flower); both 427 x 640 RGB, in
            scikit-learn's wheel (``sklearn.datasets.load_sample_image``), no download.
        size: side of the square result in pixels (>= 8).

    Returns:
        float32 array (size, size, 3), values in [0, 1].

    Raises:
        ValueError: for another name or a size < 8.
    """
    from sklearn.datasets import load_sample_image

    if name not in PHOTOS:
        raise ValueError(text("style: photo name", photos=PHOTOS, name=repr(name)))
    if int(size) < 8:
        raise ValueError(text("style: photo size", size=size))
    photo = load_sample_image(name)
    h, w = photo.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = photo[top:top + side, left:left + side].astype(np.float32) / 255.0
    return resize(square, (int(size), int(size)))


def resize(image, shape) -> np.ndarray:
    """Bilinear resize (antialiased when shrinking) of an image (H, W, C) or a batch
    (n, H, W, C) to ``shape`` = (height, width); float32 array of the same rank."""
    import tensorflow as tf

    x = np.asarray(image, dtype=np.float32)
    out = tf.image.resize(x, tuple(int(s) for s in shape), method="bilinear", antialias=True)
    return out.numpy().astype(np.float32)


def _keras_home() -> Path:
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")


def cached_weights_path(model: str = "vgg19", cache_dir: str | os.PathLike | None = None
                        ) -> Path | None:
    """The path of a Keras application's ImageNet weights (no top) in the Keras cache,
    or None when the file is not there. Never downloads.

    Args:
        model: "vgg19" or "inception_v3".
        cache_dir: the Keras folder holding ``models/`` (default ``$KERAS_HOME`` or
            ``~/.keras``; Keras itself falls back to ``/tmp/.keras``, also searched).

    Raises:
        ValueError: for another model name.
    """
    if model not in WEIGHT_FILES:
        raise ValueError(text("style: model name", models=sorted(WEIGHT_FILES),
                              model=repr(model)))
    homes = [Path(cache_dir)] if cache_dir is not None else [_keras_home(), Path("/tmp/.keras")]
    for home in homes:
        path = home / "models" / WEIGHT_FILES[model]
        try:
            if path.is_file():
                return path
        except OSError:        # a folder the sandbox does not let us see
            continue
    return None


def _application(model: str):
    import keras

    if model == "vgg19":
        return keras.applications.VGG19(weights=None, include_top=False)
    return keras.applications.InceptionV3(weights=None, include_top=False)


def pretrained_extractor(model: str = "vgg19", layers=VGG19_STYLE_LAYERS,
                         cache_dir: str | os.PathLike | None = None):
    """A feature extractor on real ImageNet weights from the Keras cache, or None.

    The network is built with ``weights=None`` and the cached file loaded with
    ``load_weights``, so nothing is downloaded. The extractor applies the network's own
    preprocessing (VGG19: RGB -> BGR, x 255, minus the ImageNet mean; InceptionV3: scaled
    to [-1, 1]).

    Args:
        model: "vgg19" or "inception_v3".
        layers: names of the layers whose outputs it returns, in this order.
        cache_dir: as :func:`cached_weights_path`.

    Returns:
        a Keras model (1, H, W, 3) in [0, 1] -> list of feature maps, or None when the
        weights are not cached.

    Raises:
        ValueError: for another model name or a layer the network does not have.
    """
    import keras

    path = cached_weights_path(model, cache_dir)
    if path is None:
        return None
    net = _application(model)
    net.load_weights(str(path))
    names = [layer.name for layer in net.layers]
    missing = [name for name in layers if name not in names]
    if missing:
        raise ValueError(text("style: missing layers", model=model, missing=missing))
    features = keras.Model(net.inputs, [net.get_layer(name).output for name in layers])
    image = keras.Input((None, None, 3))
    if model == "vgg19":
        mean_bgr = np.array([103.939, 116.779, 123.68], dtype=np.float32)
        x = keras.layers.Lambda(lambda t: keras.ops.flip(t, axis=-1) * 255.0 - mean_bgr)(image)
    else:
        x = keras.layers.Rescaling(2.0, offset=-1.0)(image)
    outputs = features(x)
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    return keras.Model(image, outputs, name=f"{model}_features")


def random_multiscale_extractor(kernel_sizes=(3, 5, 9, 15), filters: int = 48,
                                seed: int = 0, channels: int = 3):
    """One layer of random convolution filters at several sizes, each followed by ReLU:
    the offline stand-in for VGG's style layers (Ustyuzhaninov et al. 2017, sec. 3's
    "multi-scale" single-layer network; He, Wang & Hopcroft 2016 use random VGG weights).

    Each branch convolves the image (centred: x - 0.5) with ``filters`` random filters of
    one size (weights N(0, 1) scaled by 1/sqrt(k * k * channels), each filter's mean over
    its taps removed so it responds to structure, not brightness; random biases), 'same'
    padding, stride 1. Small kernels see fine texture and edges, large ones larger
    structures: together they play the part of VGG's layers at several depths.

    Args:
        kernel_sizes: the filter sizes, one branch (one "layer") each.
        filters: filters per branch.
        seed: the random filters' seed.
        channels: the image's channels.

    Returns:
        a Keras model (1, H, W, channels) in [0, 1] -> list of feature maps
        (1, H, W, filters), one per kernel size, in the order given.
    """
    import keras

    rng = np.random.default_rng(seed)
    image = keras.Input((None, None, channels))
    centred = keras.layers.Rescaling(1.0, offset=-0.5)(image)
    outputs, weights = [], []
    for k in kernel_sizes:
        conv = keras.layers.Conv2D(filters, k, padding="same", activation="relu",
                                   name=f"random_{k}x{k}")
        outputs.append(conv(centred))
        kernel = rng.standard_normal((k, k, channels, filters)) / np.sqrt(k * k * channels)
        kernel -= kernel.mean(axis=(0, 1, 2), keepdims=True)
        bias = rng.uniform(-0.05, 0.05, filters)
        weights.append((conv, [kernel.astype(np.float32), bias.astype(np.float32)]))
    model = keras.Model(image, outputs, name="random_multiscale")
    for conv, values in weights:
        conv.set_weights(values)
    model.trainable = False
    return model


def digit_feature_extractor(which=(0, 1)):
    """The course's trained digit classifier (:func:`gradelib.sample_quality.digit_classifier`,
    96.5 % on held-out digits) cut after its convolution layers, so that it runs on a
    grey image of any size.

    Args:
        which: indices of the classifier's Conv2D layers to return: 0 (16 filters, 3x3,
            edges and stroke pieces) and/or 1 (32 filters, 3x3 after a 2x2 max pool:
            stroke parts and curves).

    Returns:
        a Keras model (1, H, W, 1) in [0, 1] -> list of feature maps, one per index.

    Raises:
        FileNotFoundError: the shipped weights are missing.
    """
    import keras

    from .sample_quality import digit_classifier

    classifier = digit_classifier()
    convs = [layer for layer in classifier.layers if isinstance(layer, keras.layers.Conv2D)]
    pool = [layer for layer in classifier.layers
            if isinstance(layer, keras.layers.MaxPooling2D)][0]
    image = keras.Input((None, None, 1))
    first = convs[0](image)
    second = convs[1](pool(first))
    maps = {0: first, 1: second}
    return keras.Model(image, [maps[i] for i in which], name="digit_features")


def to_grey(image) -> np.ndarray:
    """ITU-R 601 luma of an RGB image (..., 3) -> (..., 1), float32."""
    x = np.asarray(image, dtype=np.float32)
    return (x @ np.array([0.299, 0.587, 0.114], dtype=np.float32))[..., None]


def show(images, titles=(), size: float = 2.6, cmap=None):
    """Show images (each (H, W, C) or (1, H, W, C), values clipped to [0, 1]) in a row;
    return the figure."""
    import matplotlib.pyplot as plt

    images = [np.clip(np.squeeze(np.asarray(im, dtype=float), axis=0)
                      if np.ndim(im) == 4 else np.asarray(im, dtype=float), 0, 1)
              for im in images]
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size))
    for i, (ax, im) in enumerate(zip(np.atleast_1d(axes), images, strict=True)):
        grey = im.ndim == 3 and im.shape[-1] == 1
        ax.imshow(im[..., 0] if grey else im, cmap=cmap or ("gray" if grey else None),
                  vmin=0, vmax=1)
        ax.set_title(titles[i] if i < len(titles) else "", fontsize=8)
        ax.axis("off")
    fig.tight_layout()
    return fig


def dream_objective(activations) -> float:
    """DeepDream's objective on a list of feature maps, in float64: the sum over layers of
    the mean of the squared activations (Chollet, DLwP 2nd ed. 12.2, without his crop of
    the border; Mordvintsev et al.'s "L2 objective")."""
    return float(sum(np.mean(np.square(np.asarray(a, dtype=float))) for a in activations))


def _as_list(outputs) -> list:
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def expected_ascent_step(feature_model, image, step_size: float, variant: str = "right"):
    """One DeepDream gradient-ascent step computed with centred-difference gradients in
    float64 (CS231n's numeric gradient): the reference a test compares a step with, and
    the known wrong steps.

    The right step: loss = dream_objective(feature_model(image)); g = d loss / d image;
    image + step_size * g / max(mean(|g|), 1e-8) (Mordvintsev et al.'s normalisation).

    Args:
        feature_model: a Keras model (float64 layers for accurate differences) returning a
            feature map or a list of them.
        image: array (1, H, W, C); keep it small (2 H W C model calls).
        step_size: float.
        variant: "right", or a wrong step: "descent" (minus the gradient), "raw" (no
            normalisation), "l2" (g / ||g||_2, Chollet's code), "mean_activation" (the
            objective is the mean activation, not the mean square), "loss_after" (the
            returned loss is the one after the step).

    Returns:
        (loss, new_image): float (the objective at ``image``) and float64 array.
    """
    x = np.array(image, dtype=np.float64)
    h = 1e-5

    def objectives(batch):
        """The objective of each image of a batch (n, H, W, C), in one model call."""
        outputs = [np.asarray(o, dtype=float) for o in _as_list(feature_model(batch))]
        if variant == "mean_activation":
            return sum(o.reshape(len(batch), -1).mean(axis=1) for o in outputs)
        return sum(np.square(o).reshape(len(batch), -1).mean(axis=1) for o in outputs)

    # centred differences, all 2 * x.size perturbed copies in one batch
    eye = np.eye(x.size).reshape((x.size,) + x.shape[1:]) * h
    values = objectives(np.concatenate([x + eye, x - eye]))
    g = ((values[:x.size] - values[x.size:]) / (2 * h)).reshape(x.shape)
    loss = float(objectives(x)[0])
    if variant == "raw":
        step = g
    elif variant == "l2":
        step = g / max(np.sqrt(np.sum(g ** 2)), 1e-8)
    else:
        step = g / max(np.mean(np.abs(g)), 1e-8)
    new = x - step_size * step if variant == "descent" else x + step_size * step
    if variant == "loss_after":
        loss = float(objectives(new)[0])
    return loss, new


def tiny_dream_model(seed: int = 0, channels: int = 1):
    """A small float64 feature model for checking a DeepDream step: two 3x3 Conv2D + ReLU
    layers (3 and 4 filters, random weights and non-zero biases), returning both feature
    maps; input (1, H, W, channels)."""
    import keras

    rng = np.random.default_rng(seed)
    image = keras.Input((None, None, channels), dtype="float64")
    first = keras.layers.Conv2D(3, 3, padding="same", activation="relu", dtype="float64")
    second = keras.layers.Conv2D(4, 3, activation="relu", dtype="float64")
    a = first(image)
    b = second(a)
    model = keras.Model(image, [a, b], name="tiny_dream")
    model.set_weights([rng.normal(0, 0.6, w.shape) + (0.1 if w.ndim == 1 else 0.0)
                       for w in model.get_weights()])
    return model
