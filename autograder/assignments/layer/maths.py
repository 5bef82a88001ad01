"""Trusted maths of a dense layer. Shapes: examples are columns.
A_prev (n_in, m), W (n_out, n_in), b (n_out, 1), Z and A (n_out, m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.assignments.activations.maths import activation, derivative


def layer_forward(W, b, A_prev, name: str):
    """(Z, A) of a dense layer."""
    Z = W @ A_prev + b
    return Z, activation(name)(Z)


@dataclass(frozen=True)
class LayerStep:
    """Everything one correct backward step produces."""

    dZ: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dA_prev: np.ndarray
    W_after: np.ndarray
    b_after: np.ndarray


def layer_backward(W, b, A_prev, dA, learning_rate: float, name: str) -> LayerStep:
    m = A_prev.shape[1]
    Z = W @ A_prev + b
    dZ = dA * derivative(name)(Z)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ  # the weights from before the update
    return LayerStep(dZ, dW, db, dA_prev, W - learning_rate * dW, b - learning_rate * db)
