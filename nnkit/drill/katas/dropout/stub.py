import numpy as np


def dropout_forward(A, keep_prob, rng):
    """Inverted dropout on the activations A (any shape).

    Keep each entry independently with probability keep_prob, using rng (a
    np.random.Generator), and scale the kept entries by 1 / keep_prob so that the expected value
    of every entry is unchanged. Returns (out, mask): out has A's shape, mask is a boolean (or
    0/1) array of A's shape, true where the entry was kept.
    """
    raise NotImplementedError("kata: write dropout_forward")


def dropout_backward(dout, mask, keep_prob):
    """The gradient with respect to A, given dout = dL/dout and the mask from forward."""
    raise NotImplementedError("kata: write dropout_backward")
