import numpy as np


def dropout_forward(A, keep_prob, rng):
    """Inverted dropout: keep with probability keep_prob, scale the kept entries by 1/keep_prob."""
    mask = rng.random(np.shape(A)) < keep_prob
    return A * mask / keep_prob, mask


def dropout_backward(dout, mask, keep_prob):
    """Only the kept entries influenced the loss, each through the same factor 1/keep_prob."""
    return dout * mask / keep_prob
