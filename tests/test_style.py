"""gradelib.style: the photographs, the resizing, the offline feature extractors, the
cached-weights path (with a stand-in weights file of the real name, so the code that
loads real ImageNet weights runs here), the DeepDream reference step, and the expected
values notebook 11's visible tests read from data/."""

import h5py
import keras
import numpy as np
import pytest
import tensorflow as tf

import gradelib
from gradelib import sample_quality, style


def test_load_photo_is_a_square_in_unit_range():
    for name in style.PHOTOS:
        photo = style.load_photo(name, 40)
        assert photo.shape == (40, 40, 3) and photo.dtype == np.float32
        assert 0.0 <= photo.min() and photo.max() <= 1.0 and photo.std() > 0.05
    with pytest.raises(ValueError):
        style.load_photo("mona_lisa.jpg")
    with pytest.raises(ValueError):
        style.load_photo("china.jpg", 4)


def test_resize_keeps_rank_and_constant_images():
    x = np.full((10, 12, 3), 0.25, np.float32)
    assert np.allclose(style.resize(x, (5, 7)), 0.25)
    assert style.resize(x[None], (20, 6)).shape == (1, 20, 6, 3)


def test_random_extractor_is_deterministic_and_multiscale():
    a = style.random_multiscale_extractor(kernel_sizes=(3, 7), filters=5, seed=1)
    b = style.random_multiscale_extractor(kernel_sizes=(3, 7), filters=5, seed=1)
    x = np.random.default_rng(0).uniform(size=(1, 16, 12, 3)).astype(np.float32)
    maps_a, maps_b = a(x), b(x)
    assert [tuple(m.shape) for m in maps_a] == [(1, 16, 12, 5), (1, 16, 12, 5)]
    for p, q in zip(maps_a, maps_b, strict=True):
        np.testing.assert_array_equal(p, q)
    kernel = a.get_layer("random_7x7").get_weights()[0]
    assert kernel.shape == (7, 7, 3, 5)
    np.testing.assert_allclose(kernel.mean(axis=(0, 1, 2)), 0.0, atol=1e-6)   # mean removed
    assert not a.trainable_weights                                             # frozen


def test_digit_extractor_runs_on_any_size():
    extractor = style.digit_feature_extractor(which=(0, 1))
    first, second = extractor(np.zeros((1, 40, 30, 1), np.float32))
    assert tuple(first.shape) == (1, 38, 28, 16) and tuple(second.shape) == (1, 17, 12, 32)
    # the same weights as the shipped classifier's first convolution
    classifier = sample_quality.digit_classifier()
    conv = [layer for layer in classifier.layers if isinstance(layer, keras.layers.Conv2D)][0]
    digit = gradelib.load_digits().x_train[:1, ..., None].astype(np.float32)
    np.testing.assert_allclose(extractor(digit)[0], conv(digit), rtol=1e-6)


def test_no_weights_no_extractor(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert style.cached_weights_path("vgg19", tmp_path) is None
    assert style.pretrained_extractor("vgg19", cache_dir=tmp_path) is None
    with pytest.raises(ValueError):
        style.cached_weights_path("resnet50", tmp_path)


def _stand_in(model_name, folder):
    """A weights file with the real Keras cache name, in Keras' legacy HDF5 layout (the
    one keras.applications downloads), holding random weights."""
    from keras.src.legacy.saving import legacy_h5_format

    keras.utils.set_random_seed(3)
    net = style._application(model_name)
    path = folder / "models" / style.WEIGHT_FILES[model_name]
    path.parent.mkdir(parents=True)
    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, net)
    return net, path


@pytest.mark.parametrize("model_name, layers", [
    ("vgg19", (*style.VGG19_STYLE_LAYERS, style.VGG19_CONTENT_LAYER)),
    pytest.param("inception_v3", style.INCEPTION_DREAM_LAYERS,
                 marks=pytest.mark.slow),   # building InceptionV3 takes ~20 s
])
def test_cached_weights_are_found_and_loaded_never_downloaded(tmp_path, monkeypatch, model_name,
                                                              layers):
    net, path = _stand_in(model_name, tmp_path)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))            # the default place, via $KERAS_HOME

    def no_download(*args, **kwargs):
        raise AssertionError("a download was attempted")

    monkeypatch.setattr(keras.utils, "get_file", no_download)
    assert style.cached_weights_path(model_name) == path
    extractor = style.pretrained_extractor(model_name, layers=layers)
    assert extractor is not None and len(extractor.outputs) == len(layers)
    inner = [layer for layer in extractor.layers if isinstance(layer, keras.Model)][0]
    first = layers[0]
    for got, want in zip(inner.get_layer(first).get_weights(), net.get_layer(first).get_weights(),
                         strict=True):
        np.testing.assert_array_equal(got, want)            # the file's weights, not fresh ones
    size = 64 if model_name == "vgg19" else 160
    image = np.random.default_rng(0).uniform(size=(1, size, size, 3)).astype(np.float32)
    maps = extractor(image)
    assert len(maps) == len(layers) and all(m.shape[0] == 1 for m in maps)
    if model_name == "vgg19":   # the network's own preprocessing: RGB -> BGR, x 255, - mean
        caffe = keras.applications.vgg19.preprocess_input(image * 255.0)
        want = net.get_layer("block1_conv1")(caffe)
        np.testing.assert_allclose(maps[0], want, rtol=1e-4, atol=1e-3)
    with pytest.raises(ValueError):
        style.pretrained_extractor(model_name, layers=("no_such_layer",))


def test_expected_values_for_the_visible_tests():
    data = np.load(gradelib.data_path("11_deepdream_style_transfer", "expected.npz"))

    def gram(f):
        f = f[0] if f.ndim == 4 else f
        flat = f.reshape(-1, f.shape[-1])
        return flat.T @ flat

    for key in ("a", "b"):
        np.testing.assert_allclose(data[f"gram_{key}"], gram(data[f"gram_features_{key}"]))
    total = 0.0
    for i, w in enumerate(data["style_weights"]):
        a, f = data[f"style_style_{i}"], data[f"style_generated_{i}"]
        n, m = a.shape[-1], a.shape[1] * a.shape[2]
        total += w * ((gram(f) - gram(a)) ** 2).sum() / (4 * n ** 2 * m ** 2)
    assert np.isclose(data["style_loss"], total)
    diff = data["content_generated"] - data["content_content"]
    assert np.isclose(data["content_loss"], 0.5 * (diff ** 2).sum())
    x = tf.constant(data["tv_image"][None])
    dy, dx = tf.image.image_gradients(x)        # forward differences, zero in the last row/column
    assert np.isclose(data["tv_loss"], float(tf.reduce_sum(dy ** 2) + tf.reduce_sum(dx ** 2)))


def test_expected_ascent_step_against_tensorflow_and_its_variants():
    model = style.tiny_dream_model(seed=1)
    image = np.random.default_rng(2).uniform(size=(1, 4, 5, 1))
    x = tf.constant(image)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.add_n([tf.reduce_mean(a ** 2) for a in model(x)])
    g = tape.gradient(loss, x).numpy()
    got_loss, got = style.expected_ascent_step(model, image, 0.2)
    assert np.isclose(got_loss, float(loss))
    np.testing.assert_allclose(got, image + 0.2 * g / np.abs(g).mean(), rtol=1e-6, atol=1e-9)
    _, down = style.expected_ascent_step(model, image, 0.2, "descent")
    np.testing.assert_allclose(down, image - 0.2 * g / np.abs(g).mean(), rtol=1e-6, atol=1e-9)
    _, l2 = style.expected_ascent_step(model, image, 0.2, "l2")
    np.testing.assert_allclose(l2, image + 0.2 * g / np.linalg.norm(g), rtol=1e-6, atol=1e-9)


def test_grey_and_show():
    import matplotlib

    matplotlib.use("Agg")
    grey = style.to_grey(np.ones((3, 4, 3)))
    assert grey.shape == (3, 4, 1) and np.allclose(grey, 1.0)
    fig = style.show([np.zeros((1, 5, 5, 3)), grey], ["a", "b"])
    assert len(fig.axes) == 2
