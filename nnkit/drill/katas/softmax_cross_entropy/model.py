import numpy as np


def softmax_cross_entropy(Z, Y):
    """Mean cross-entropy of softmax(Z) against one-hot Y (both (k, m)), and dZ."""
    Z = np.asarray(Z, dtype=np.float64)
    m = Z.shape[1]
    shifted = Z - np.max(Z, axis=0, keepdims=True)  # softmax is shift-invariant; exp never overflows
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    loss = -np.sum(Y * log_probs) / m
    dZ = (np.exp(log_probs) - Y) / m
    return float(loss), dZ
