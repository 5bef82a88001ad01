import numpy as np


def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    """Normalise each unit (row) over the batch, then scale and shift: shape (units, m)."""
    mean = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True)  # biased (divide by m), as batch norm defines it
    return gamma * (Z - mean) / np.sqrt(var + eps) + beta
