"""Trusted reference maths of softmax_output: the suite compares every learner value with these.

Shapes: examples are columns. Z, A, Y are (classes, m); W is (classes, inputs); b is (classes, 1).
"""

from __future__ import annotations

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """Each column of Z turned into probabilities. Stable: exp only sees numbers <= 0."""
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def cross_entropy(A: np.ndarray, Y: np.ndarray) -> float:
    """The mean over the m columns of -sum_k Y[k] log A[k] (Y one-hot). Not clipped: the suite
    calls it only where every A of a true class is well above 0."""
    return float(-np.sum(Y * np.log(A)) / A.shape[1])


def output_forward(W: np.ndarray, b: np.ndarray, A_prev: np.ndarray) -> np.ndarray:
    return softmax(W @ A_prev + b)


def mean_loss(W: np.ndarray, b: np.ndarray, A_prev: np.ndarray, Y: np.ndarray) -> float:
    """The loss backward descends: the mean cross-entropy of the layer's output over the batch."""
    return cross_entropy(output_forward(W, b, A_prev), Y)
