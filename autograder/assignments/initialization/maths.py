"""Trusted maths of the symmetry experiment: a two-layer sigmoid network trained by full-batch
gradient descent on binary cross-entropy, starting from given weights and zero biases.

The same network as the notebook's `train_two_layer` (source/initialization), written here so that
the suite judges the learner's weights with arithmetic the learner's code never touches.
Shapes: examples are columns; W1 (hidden, n_in), W2 (1, hidden).
"""

from __future__ import annotations

import numpy as np


def sigmoid(Z: np.ndarray) -> np.ndarray:
    E = np.exp(-np.abs(Z))  # exp of a number <= 0 only: never overflows
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def train_two_layer(W1: np.ndarray, W2: np.ndarray, X: np.ndarray, Y: np.ndarray, steps: int,
                    learning_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """The hidden layer's parameters, [W1 | b1] (one row per hidden unit), before and after training."""
    b1, b2 = np.zeros((W1.shape[0], 1)), np.zeros((1, 1))
    before = np.hstack([W1, b1])
    m = X.shape[1]
    for _ in range(steps):
        A1 = sigmoid(W1 @ X + b1)
        A2 = sigmoid(W2 @ A1 + b2)
        dZ2 = A2 - Y  # binary cross-entropy through a sigmoid output, per example
        dZ1 = (W2.T @ dZ2) * A1 * (1.0 - A1)  # with W2 from before its update
        W2, b2 = W2 - learning_rate * dZ2 @ A1.T / m, b2 - learning_rate * dZ2.mean(axis=1, keepdims=True)
        W1, b1 = W1 - learning_rate * dZ1 @ X.T / m, b1 - learning_rate * dZ1.mean(axis=1, keepdims=True)
    return before, np.hstack([W1, b1])
