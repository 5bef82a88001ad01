import numpy as np


def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    """Batch normalisation at training time, for Z of shape (units, m): one row per unit.

    Normalise each unit (row) over the m examples of the batch with the batch mean and the
    biased batch variance (divide by m), eps inside the square root:
        Z_norm = (Z - mean) / sqrt(var + eps)
    then return gamma * Z_norm + beta, where gamma and beta have shape (units, 1).
    """
    raise NotImplementedError("kata: write batchnorm_forward")
