import numpy as np


def conv1d(x, w, b=0.0, stride=1, pad=0):
    """The forward pass of a 1-D convolution layer with one input and one output channel.

    x: the signal, shape (n,); w: the kernel, shape (k,); b: the bias, a number.
    Pad x with `pad` zeros at each end, then slide w along it in steps of `stride`:
        out[i] = sum(x_padded[i * stride : i * stride + k] * w) + b
    (a cross-correlation: the kernel is not flipped). Returns out, shape
    ((n + 2 * pad - k) // stride + 1,).
    """
    raise NotImplementedError("kata: write conv1d")
