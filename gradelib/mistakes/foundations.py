"""Known mistakes for 00_foundations: convolution with zero padding, max pooling."""

from __future__ import annotations

import numpy as np
from scipy import signal

from ..checks import Mistake

CONV2D = (
    Mistake(
        "the kernel is flipped: that is mathematical convolution, not the "
        "cross-correlation that CNN layers (and tf.nn.conv2d) compute",
        "multiply each window by the kernel as it is, kernel[0, 0] with the window's "
        "top-left pixel; do not flip it.",
        lambda expected, image, kernel: signal.convolve2d(image, kernel, mode="same"),
        name_ko=("커널이 뒤집혔습니다: 이것은 수학의 합성곱이지, CNN 층(과 tf.nn.conv2d)이 "
                 "계산하는 교차 상관이 아닙니다"),
        fix_ko=("각 윈도에 커널을 뒤집지 말고 그대로 곱하세요. kernel[0, 0]은 윈도의 왼쪽 위 "
                "픽셀과 곱해집니다."),
    ),
    Mistake(
        "no zero padding: the output shrank to the 'valid' size",
        "pad the image with kernel_size // 2 zeros on every side first "
        "(np.pad(image, pad)), so the output keeps the input's height and width.",
        lambda expected, image, kernel: signal.correlate2d(image, kernel, mode="valid"),
        name_ko="제로 패딩이 없습니다: 출력이 'valid' 크기로 줄었습니다",
        fix_ko=("먼저 이미지의 네 변에 kernel_size // 2개씩 0을 덧대세요(np.pad(image, pad)). "
                "그러면 출력이 입력과 같은 높이와 너비를 유지합니다."),
    ),
)

MAX_POOL2D = (
    Mistake(
        "average pooling instead of max pooling",
        "take the largest value of each window (np.max), not the mean.",
        lambda expected, x, size: _avg_pool(x, size),
        name_ko="최대 풀링 대신 평균 풀링을 했습니다",
        fix_ko="각 윈도의 평균이 아니라 가장 큰 값(np.max)을 취하세요.",
    ),
    Mistake(
        "the running maximum starts at 0, so windows of negative values come out as 0",
        "start from the window's first value or -inf, or use np.max on the window.",
        lambda expected, x, size: np.maximum(expected, 0.0),
        name_ko="최댓값의 초깃값을 0으로 두어서, 음수로만 이루어진 윈도의 결과가 0이 됩니다",
        fix_ko="윈도의 첫 값이나 -inf에서 시작하거나, 윈도에 np.max를 쓰세요.",
    ),
)


def _avg_pool(x: np.ndarray, size: int) -> np.ndarray:
    import tensorflow as tf

    x4 = tf.constant(np.asarray(x, dtype=np.float64)[None, :, :, None])
    return tf.nn.avg_pool2d(x4, size, size, "VALID").numpy()[0, :, :, 0]


# ---------------------------------------------------------------------------------------
# A convolution layer's anatomy: output sizes, parameter counts, the multi-channel strided
# convolution with bias, and the transposed convolution. Every ``wrong`` works from the
# expected answer or from a TensorFlow call with changed arguments (a flipped kernel, other
# padding), never from a reference solution.
#
# Inputs by name:
# - CONV_OUTPUT_SIZE, CONV_TRANSPOSE_OUTPUT_SIZE: ``n``, ``k``, ``stride`` (ints),
#   ``padding`` ("same" or "valid"); ``expected`` is an int.
# - CONV_PARAM_COUNT: ``kh``, ``kw``, ``c_in``, ``c_out`` (ints), ``use_bias`` (bool).
# - CONV2D_LAYER: ``x`` (N, H, W, C_in), ``kernel`` (kh, kw, C_in, C_out), ``bias`` (C_out,),
#   ``stride``, ``padding``; ``expected`` (N, H_out, W_out, C_out).
# - CONV2D_TRANSPOSE: ``x`` (N, H, W, C_in), ``kernel`` (kh, kw, C_out, C_in) (Keras'
#   Conv2DTranspose layout), ``bias`` (C_out,), ``stride``, ``padding``.
# ---------------------------------------------------------------------------------------

def _only(condition: bool, value):
    """``value`` where the mistake applies to these inputs; raise (not applicable) if not."""
    if not condition:
        raise ValueError("this mistake does not apply to these inputs")
    return value


CONV_OUTPUT_SIZE = (
    Mistake(
        "no floor: the size came out as a fraction (n - k) / s + 1 (or n / s)",
        "a window either fits or not: 'valid' gives floor((n - k) / s) + 1 windows, and "
        "'same' gives ceil(n / s); use // (or math.floor / math.ceil) and return an int.",
        lambda expected, n, k, stride, padding: (
            (n - k) / stride + 1 if padding == "valid" else n / stride),
        name_ko="내림이 없습니다: 크기가 분수 (n - k) / s + 1(또는 n / s)로 나왔습니다",
        fix_ko=("윈도는 들어맞거나 들어맞지 않거나 둘 중 하나입니다: 'valid'는 floor((n - k) / s) "
                "+ 1개, 'same'은 ceil(n / s)개의 윈도를 줍니다. //(또는 math.floor / math.ceil)를 "
                "쓰고 int를 반환하세요."),
    ),
    Mistake(
        "'same' computed as the 'valid' size (as if there were no padding)",
        "with padding='same' Keras pads just enough that the size is ceil(n / stride), "
        "whatever the kernel size.",
        lambda expected, n, k, stride, padding: _only(padding == "same",
                                                      (n - k) // stride + 1),
        name_ko="'same'을 'valid' 크기로 계산했습니다(패딩이 없는 것처럼)",
        fix_ko=("padding='same'이면 Keras는 커널 크기와 상관없이 크기가 ceil(n / stride)가 되도록 "
                "딱 필요한 만큼만 패딩합니다."),
    ),
    Mistake(
        "'same' ignores the stride (n instead of ceil(n / stride))",
        "'same' keeps the size only for stride 1; with stride s it is ceil(n / s).",
        lambda expected, n, k, stride, padding: _only(padding == "same", n),
        name_ko="'same'에서 스트라이드를 무시했습니다(ceil(n / stride) 대신 n)",
        fix_ko=("'same'이 크기를 유지하는 것은 스트라이드가 1일 때뿐입니다. 스트라이드가 s이면 "
                "ceil(n / s)입니다."),
    ),
    Mistake(
        "'valid' rounded up (ceil) instead of down",
        "the last window must fit inside the image: floor((n - k) / s) + 1.",
        lambda expected, n, k, stride, padding: _only(
            padding == "valid", -(-(n - k) // stride) + 1),
        name_ko="'valid'에서 내림 대신 올림(ceil)을 했습니다",
        fix_ko="마지막 윈도도 이미지 안에 들어가야 합니다: floor((n - k) / s) + 1.",
    ),
    Mistake(
        "the stride divides n - k + 1 (the stride-1 size) instead of n - k",
        "the first window starts at 0 and each next one s further: floor((n - k) / s) + 1.",
        lambda expected, n, k, stride, padding: _only(padding == "valid",
                                                      (n - k + 1) // stride),
        name_ko="스트라이드로 n - k가 아니라 n - k + 1(스트라이드 1일 때의 크기)을 나눴습니다",
        fix_ko="첫 윈도는 0에서 시작하고 다음 윈도는 s씩 떨어져 있습니다: floor((n - k) / s) + 1.",
    ),
)

CONV_TRANSPOSE_OUTPUT_SIZE = (
    Mistake(
        "'valid' as (n - 1) s + k even when k < s; Keras then gives n * s",
        "Keras' Conv2DTranspose with padding='valid' gives (n - 1) * s + max(k, s): when "
        "the kernel is smaller than the stride the gaps between the copies count too.",
        lambda expected, n, k, stride, padding: _only(padding == "valid" and k < stride,
                                                      (n - 1) * stride + k),
        name_ko="k < s일 때도 'valid'를 (n - 1) s + k로 계산했습니다. 이때 Keras는 n * s를 줍니다",
        fix_ko=("Keras의 Conv2DTranspose는 padding='valid'일 때 (n - 1) * s + max(k, s)를 줍니다. "
                "커널이 스트라이드보다 작으면 복사본 사이의 빈틈도 크기에 들어갑니다."),
    ),
    Mistake(
        "'same' computed as the 'valid' size",
        "with padding='same' a transposed convolution multiplies the size by the stride: "
        "n * s, the size a 'same' convolution with that stride maps back to n.",
        lambda expected, n, k, stride, padding: _only(
            padding == "same", (n - 1) * stride + max(k, stride)),
        name_ko="'same'을 'valid' 크기로 계산했습니다",
        fix_ko=("padding='same'이면 전치 합성곱은 크기에 스트라이드를 곱합니다: n * s이며, 이는 "
                "그 스트라이드의 'same' 합성곱이 다시 n으로 보내는 크기입니다."),
    ),
    Mistake(
        "the stride is ignored (the stride-1 size)",
        "a transposed convolution with stride s places the kernel copies s pixels apart: "
        "'valid' (n - 1) * s + max(k, s), 'same' n * s.",
        lambda expected, n, k, stride, padding: n + k - 1 if padding == "valid" else n,
        name_ko="스트라이드를 무시했습니다(스트라이드 1일 때의 크기)",
        fix_ko=("스트라이드가 s인 전치 합성곱은 커널 복사본을 s픽셀 간격으로 놓습니다: 'valid'는 "
                "(n - 1) * s + max(k, s), 'same'은 n * s입니다."),
    ),
    Mistake(
        "the convolution's output size: a transposed convolution upsamples, it does not "
        "downsample",
        "use (n - 1) * s + max(k, s) for 'valid' and n * s for 'same'.",
        lambda expected, n, k, stride, padding: (
            (n - k) // stride + 1 if padding == "valid" else -(-n // stride)),
        name_ko=("일반 합성곱의 출력 크기를 계산했습니다: 전치 합성곱은 다운샘플링이 아니라 "
                 "업샘플링을 합니다"),
        fix_ko="'valid'에는 (n - 1) * s + max(k, s)를, 'same'에는 n * s를 쓰세요.",
    ),
)

CONV_PARAM_COUNT = (
    Mistake(
        "the bias is not counted",
        "a Conv2D layer with use_bias=True has one bias per output channel (filter): "
        "add c_out.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(use_bias, expected - c_out),
        name_ko="편향을 세지 않았습니다",
        fix_ko=("use_bias=True인 Conv2D 층에는 출력 채널(필터)마다 편향이 하나씩 있습니다: "
                "c_out을 더하세요."),
    ),
    Mistake(
        "the bias is counted although use_bias is False",
        "without a bias the layer has only its kernel, kh * kw * c_in * c_out weights.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(not use_bias, expected + c_out),
        name_ko="use_bias가 False인데도 편향을 셌습니다",
        fix_ko="편향이 없으면 층에는 커널만 있습니다: 가중치 kh * kw * c_in * c_out개입니다.",
    ),
    Mistake(
        "one bias per input channel: input and output channels swapped in the bias",
        "each output channel (filter) gets one bias, shared over all positions: c_out biases.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(
            use_bias and c_in != c_out, expected - c_out + c_in),
        name_ko=("입력 채널마다 편향을 하나씩 셌습니다: 편향에서 입력 채널과 출력 채널이 "
                 "뒤바뀌었습니다"),
        fix_ko=("출력 채널(필터)마다 모든 위치가 공유하는 편향이 하나씩 있습니다: 편향은 "
                "c_out개입니다."),
    ),
    Mistake(
        "the input channels are not counted: each filter spans all c_in input channels",
        "a filter has kh * kw * c_in weights (it sees every input channel), and there are "
        "c_out filters.",
        lambda expected, kh, kw, c_in, c_out, use_bias: _only(
            c_in > 1, (expected - c_out * use_bias) // c_in + c_out * use_bias),
        name_ko=("입력 채널 수를 세지 않았습니다: 필터 하나는 c_in개의 입력 채널 전부에 걸쳐 "
                 "있습니다"),
        fix_ko=("필터 하나의 가중치는 kh * kw * c_in개이고(모든 입력 채널을 봅니다), 필터는 "
                "c_out개 있습니다."),
    ),
)


def _tf_conv(x, kernel, stride, padding):
    import tensorflow as tf

    return tf.nn.conv2d(np.asarray(x, np.float64), np.asarray(kernel, np.float64), stride,
                        padding).numpy()


def _even_same_padding(x, kernel, bias, stride):
    """'same' padding split evenly, (k - 1) // 2 on each side, before the strided windows."""
    kh, kw = np.shape(kernel)[:2]
    pads = [[0, 0], [(kh - 1) // 2] * 2, [(kw - 1) // 2] * 2, [0, 0]]
    return _tf_conv(x, kernel, stride, pads) + bias


def _swap_channels(kernel):
    kernel = np.asarray(kernel)
    if kernel.shape[2] != kernel.shape[3]:
        raise ValueError("in/out swap changes the shape here")
    return kernel.transpose(0, 1, 3, 2)


CONV2D_LAYER = (
    Mistake(
        "the bias is left out",
        "add bias (shape (C_out,), one per output channel) to every output position.",
        lambda expected, x, kernel, bias, stride, padding: expected - np.asarray(bias),
        name_ko="편향이 빠졌습니다",
        fix_ko="모든 출력 위치에 bias(모양 (C_out,), 출력 채널마다 하나)를 더하세요.",
    ),
    Mistake(
        "the bias is added once per input channel (inside the sum over C_in)",
        "sum the products over kh, kw and C_in first, then add the bias once.",
        lambda expected, x, kernel, bias, stride, padding: _only(
            np.shape(x)[-1] > 1, expected + (np.shape(x)[-1] - 1) * np.asarray(bias)),
        name_ko="편향을 입력 채널마다 한 번씩 더했습니다(C_in에 대한 합 안에서)",
        fix_ko="먼저 곱을 kh, kw, C_in에 걸쳐 모두 더한 다음 편향을 한 번만 더하세요.",
    ),
    Mistake(
        "the kernel is flipped: that is mathematical convolution, not the "
        "cross-correlation that Conv2D (and tf.nn.conv2d) computes",
        "multiply each window by the kernel as it is, kernel[0, 0] with the window's "
        "top-left pixel.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv(
            x, np.asarray(kernel)[::-1, ::-1], stride, padding.upper()) + bias,
        name_ko=("커널이 뒤집혔습니다: 이것은 수학의 합성곱이지, Conv2D(와 tf.nn.conv2d)가 "
                 "계산하는 교차 상관이 아닙니다"),
        fix_ko="각 윈도에 커널을 그대로 곱하세요. kernel[0, 0]은 윈도의 왼쪽 위 픽셀과 곱해집니다.",
    ),
    Mistake(
        "'same' padding split evenly ((k - 1) // 2 on each side, or the stride-1 output "
        "subsampled): with stride > 1 Keras pads max((ceil(n/s) - 1) s + k - n, 0) in "
        "total, the smaller half on top/left",
        "pad total = max((out - 1) * stride + k - n, 0) rows with out = ceil(n / stride); "
        "put total // 2 on top and the rest at the bottom (the same for columns).",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same", _even_same_padding(x, kernel, bias, stride)),
        name_ko=("'same' 패딩을 양쪽에 똑같이 나눴습니다(각 변에 (k - 1) // 2, 또는 스트라이드 1 "
                 "출력을 솎아 냄): 스트라이드가 1보다 크면 Keras는 총 max((ceil(n/s) - 1) s + k - "
                 "n, 0)만큼 패딩하고, 작은 절반을 위/왼쪽에 둡니다"),
        fix_ko=("out = ceil(n / stride)로 두고 전체 패딩 total = max((out - 1) * stride + k - n, "
                "0)행을 구해, total // 2행은 위에, 나머지는 아래에 넣으세요(열도 마찬가지입니다)."),
    ),
    Mistake(
        "'same' treated as 'valid': no zero padding",
        "for padding='same' pad the image first so that the output has ceil(n / stride) "
        "rows and columns.",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same", _tf_conv(x, kernel, stride, "VALID") + bias),
        name_ko="'same'을 'valid'처럼 다뤘습니다: 제로 패딩이 없습니다",
        fix_ko=("padding='same'이면 출력의 행과 열이 ceil(n / stride)개가 되도록 먼저 이미지를 "
                "패딩하세요."),
    ),
    Mistake(
        "input and output channels swapped: the kernel was read as (kh, kw, C_out, C_in)",
        "the kernel's axis 2 runs over the input channels and axis 3 over the output "
        "channels (filters), as in Keras' Conv2D.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv(
            x, _swap_channels(kernel), stride, padding.upper()) + bias,
        name_ko=("입력 채널과 출력 채널이 뒤바뀌었습니다: 커널을 (kh, kw, C_out, C_in)으로 "
                 "읽었습니다"),
        fix_ko="Keras의 Conv2D처럼 커널의 축 2는 입력 채널, 축 3은 출력 채널(필터)에 해당합니다.",
    ),
)


def _tf_conv_transpose(x, kernel, stride, padding, crop_from_end=False):
    """tf.nn.conv2d_transpose at Keras' output size; with ``crop_from_end`` the 'same'
    output is cut from the full one starting at the larger half of the overlap."""
    import tensorflow as tf

    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    n, h, w = x.shape[:3]
    kh, kw, c_out = kernel.shape[:3]
    full = tf.nn.conv2d_transpose(
        x, kernel, (n, (h - 1) * stride + max(kh, stride), (w - 1) * stride + max(kw, stride),
                    c_out), stride, "VALID").numpy()
    if padding == "valid":
        return full
    th, tw = max(kh - stride, 0), max(kw - stride, 0)
    top, left = (th - th // 2, tw - tw // 2) if crop_from_end else (th // 2, tw // 2)
    return full[:, top:top + h * stride, left:left + w * stride]


def _odd_overlap(kernel, stride):
    kh, kw = np.shape(kernel)[:2]
    return max(kh - stride, 0) % 2 == 1 or max(kw - stride, 0) % 2 == 1


CONV2D_TRANSPOSE = (
    Mistake(
        "the bias is left out",
        "add bias (shape (C_out,)) to every output position.",
        lambda expected, x, kernel, bias, stride, padding: expected - np.asarray(bias),
        name_ko="편향이 빠졌습니다",
        fix_ko="모든 출력 위치에 bias(모양 (C_out,))를 더하세요.",
    ),
    Mistake(
        "the kernel is flipped",
        "each input pixel adds x[i, j] * kernel (as it is) to the output block that starts "
        "at (i * stride, j * stride); zero-inserting and correlating needs the flipped "
        "kernel, which gives the same thing.",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv_transpose(
            x, np.asarray(kernel)[::-1, ::-1], stride, padding) + bias,
        name_ko="커널이 뒤집혔습니다",
        fix_ko=("각 입력 픽셀은 x[i, j] * kernel(뒤집지 않은 그대로)을 (i * stride, j * "
                "stride)에서 시작하는 출력 블록에 더합니다. 0을 끼워 넣고 교차 상관을 하는 "
                "방식이라면 뒤집은 커널이 필요하며, 결과는 같습니다."),
    ),
    Mistake(
        "'same' cropped from the wrong side: Keras drops (k - s) // 2 rows at the top and "
        "the rest at the bottom",
        "from the full output of size (n - 1) * s + max(k, s) keep n * s rows starting at "
        "max(k - s, 0) // 2 (the same for columns).",
        lambda expected, x, kernel, bias, stride, padding: _only(
            padding == "same" and _odd_overlap(kernel, stride),
            _tf_conv_transpose(x, kernel, stride, padding, crop_from_end=True) + bias),
        name_ko=("'same' 출력을 반대쪽에서 잘라 냈습니다: Keras는 위에서 (k - s) // 2행을 버리고 "
                 "나머지를 아래에서 버립니다"),
        fix_ko=("크기가 (n - 1) * s + max(k, s)인 전체 출력에서 max(k - s, 0) // 2행부터 n * "
                "s행을 남기세요(열도 마찬가지입니다)."),
    ),
    Mistake(
        "input and output channels swapped: Conv2DTranspose's kernel is (kh, kw, C_out, C_in)",
        "in a transposed convolution the kernel's axis 3 runs over the input channels and "
        "axis 2 over the output channels (the layout of the convolution it transposes).",
        lambda expected, x, kernel, bias, stride, padding: _tf_conv_transpose(
            x, _swap_channels(kernel), stride, padding) + bias,
        name_ko=("입력 채널과 출력 채널이 뒤바뀌었습니다: Conv2DTranspose의 커널은 (kh, kw, "
                 "C_out, C_in)입니다"),
        fix_ko=("전치 합성곱에서는 커널의 축 3이 입력 채널, 축 2가 출력 채널에 "
                "해당합니다(전치하는 원래 합성곱의 배치 그대로입니다)."),
    ),
)
