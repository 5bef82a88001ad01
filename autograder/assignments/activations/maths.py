"""Trusted maths of the activations assignment: each activation and its derivative, elementwise."""

from __future__ import annotations

import numpy as np


def sigmoid(Z):
    # exp of a non-positive number only: no overflow at |z| = 1000
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACTIVATIONS = {
    "relu": (lambda Z: np.maximum(0.0, Z), lambda Z: (np.asarray(Z) > 0).astype(np.float64)),
    "leaky_relu": (
        lambda Z, alpha=0.01: np.where(np.asarray(Z) > 0, Z, alpha * np.asarray(Z)),
        lambda Z, alpha=0.01: np.where(np.asarray(Z) > 0, 1.0, alpha),
    ),
    "sigmoid": (sigmoid, lambda Z: sigmoid(Z) * (1.0 - sigmoid(Z))),
    "tanh": (np.tanh, lambda Z: 1.0 - np.tanh(Z) ** 2),
    "linear": (lambda Z: np.array(Z, dtype=np.float64), lambda Z: np.ones_like(np.asarray(Z, dtype=np.float64))),
}


def activation(name: str):
    return ACTIVATIONS[name][0]


def derivative(name: str):
    return ACTIVATIONS[name][1]
