import numpy as np


def gradient_check(f, grad_f, x, eps=1e-6):
    """How far the analytic gradient grad_f(x) is from the central-difference gradient of f at x.

    f takes an array of x's shape and returns a number; grad_f returns an array of x's shape.
    Returns the relative error ||a - n|| / (||a|| + ||n||) of the two gradients a and n (norms
    over all entries), as a float. When both gradients are zero the error is 0.0, not NaN.
    x must be left as it was.
    """
    raise NotImplementedError("kata: write gradient_check")


def verdict(error):
    """'ok' below 1e-7, 'look closer' from 1e-7 up to 1e-3, 'bug' from 1e-3 on."""
    raise NotImplementedError("kata: write verdict")
