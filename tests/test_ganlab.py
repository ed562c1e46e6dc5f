"""The GAN-Lab explorer trains, draws and restarts in-process, with the step and losses
it is given."""

import functools

import keras
import numpy as np
import pytest
import tensorflow as tf

from gradelib import gan
from gradelib.ganlab import GanLab, Setup


def tiny_setup(saturating=False):
    g = gan.build_generator(2, 2, 8, 1)
    d = gan.build_discriminator(2, 8, 1)
    d_opt, g_opt = keras.optimizers.SGD(0.05), keras.optimizers.SGD(0.05)

    def g_loss(logits):
        return -tf.reduce_mean(tf.nn.softplus(logits)) if saturating else \
            tf.reduce_mean(tf.nn.softplus(-logits))

    def step(real, z_d, z_g, generator, discriminator):
        with tf.GradientTape() as tape:
            loss = (tf.reduce_mean(tf.nn.softplus(-discriminator(real)))
                    + tf.reduce_mean(tf.nn.softplus(discriminator(generator(z_d)))))
        d_opt.apply_gradients(zip(tape.gradient(loss, discriminator.trainable_variables),
                                  discriminator.trainable_variables, strict=True))
        with tf.GradientTape() as tape:
            gl = g_loss(discriminator(generator(z_g)))
        g_opt.apply_gradients(zip(tape.gradient(gl, generator.trainable_variables),
                                  generator.trainable_variables, strict=True))
        return loss, gl

    return Setup(g, d, functools.partial(step, generator=g, discriminator=d),
                 lambda points: g_loss(d(points)))


@pytest.fixture(scope="module")
def lab():
    return GanLab({"non-saturating": tiny_setup, "saturating": lambda: tiny_setup(True)},
                  gan.mixture_sampler(gan.ring_centres(), 0.02, 16, 2), gan.ring(100),
                  steps_per_frame=5, points=30)


def test_it_draws_step_zero_and_trains_on_click_and_play(lab):
    first = lab.picture.value
    assert first[:4] == b"\x89PNG" and "step 0" in lab.info.value
    lab.step_button.click()
    assert lab.trainer.history.steps == 5 and "step 5" in lab.info.value
    assert lab.picture.value != first
    lab.play.value = 1                      # a Play tick is one frame
    lab.play.value = 2
    assert lab.trainer.history.steps == 15
    assert lab.trainer.history.losses["d_loss"].shape == (15,)


def g_loss_of(logits):
    return tf.reduce_mean(tf.nn.softplus(-logits))


def test_arrows_point_down_the_generators_loss(lab):
    points, push = lab.arrows()
    assert points.shape == push.shape == (30, 2)
    x = tf.Variable(points.astype(np.float32))
    with tf.GradientTape() as tape:
        loss = g_loss_of(lab.setup.judge(x))
    np.testing.assert_allclose(push, -tape.gradient(loss, x).numpy() * 30, rtol=1e-4, atol=1e-6)


def test_choosing_a_setup_restarts_training(lab):
    lab.step_button.click()
    before = lab.setup
    lab.menu.value = "saturating"
    assert lab.setup is not before and lab.trainer.history.steps == 0
    assert lab.play.value == 0 and "saturating: step 0" not in lab.info.value
    lab.step_button.click()
    assert lab.trainer.history.steps == 5


@pytest.mark.parametrize("kwargs, words", [
    ({"setups": {}}, "at least one"),
    ({"real": np.zeros((5, 3))}, r"\(n, 2\)"),
    ({"steps_per_frame": 0}, "steps_per_frame"),
])
def test_bad_arguments_are_refused(kwargs, words):
    args = {"setups": {"a": tiny_setup}, "sample": gan.mixture_sampler([[0.0, 0.0]], 0.1, 4, 2),
            "real": np.zeros((5, 2)), **kwargs}
    with pytest.raises(ValueError, match=words):
        GanLab(args.pop("setups"), args.pop("sample"), args.pop("real"), **args)


def test_rendering_keeps_the_matplotlib_backend(lab):
    import matplotlib

    before = matplotlib.get_backend()
    lab.draw()
    assert matplotlib.get_backend() == before
