import numpy as np


def numeric_gradient(f, x, eps=1e-6):
    """The gradient of f at x by central differences.

    f takes an array of x's shape and returns a number. x is a float64 array of any shape.
    Returns an array of x's shape whose entry i is (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),
    e_i being the array that is 1 at index i and 0 elsewhere. x must be left as it was.
    """
    raise NotImplementedError("kata: write numeric_gradient")
