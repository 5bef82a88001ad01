import numpy as np


def numeric_gradient(f, x, eps=1e-6):
    """dF/dx by central differences, one entry at a time; x is left unchanged."""
    x = np.array(x, dtype=np.float64, copy=True)  # our own copy: the caller's x is never touched
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = f(x)
        x[index] = original - eps
        minus = f(x)
        x[index] = original
        gradient[index] = (plus - minus) / (2 * eps)
    return gradient
