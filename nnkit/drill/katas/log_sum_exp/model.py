import numpy as np


def log_sum_exp(Z):
    """log(sum(exp(Z), axis=0)) for Z of shape (k, m): one value per column, shape (1, m)."""
    Z = np.asarray(Z, dtype=np.float64)
    # shifting by the column maximum makes the largest term exp(0) = 1: nothing overflows, and
    # the sum is at least 1, so its log never meets log(0)
    top = np.max(Z, axis=0, keepdims=True)
    return top + np.log(np.sum(np.exp(Z - top), axis=0, keepdims=True))
