"""Trusted reference maths. Suites compute every expected value here, in the trusted process.

Shapes: examples are columns. A_prev (n_in, m), W (n_out, n_in), b (n_out, 1), Z and A (n_out, m).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def bce(A, Y, clip: float = 1e-12) -> float:
    A = np.clip(A, clip, 1 - clip)
    return float(-np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=0)))


def bce_derivative(A, Y):
    """Per-example dl/dA (no 1/m: the layer's backward averages over the batch)."""
    return -(Y / A) + (1 - Y) / (1 - A)


def mse(A, Y) -> float:
    return float(np.mean(np.sum((A - Y) ** 2, axis=0)))


def mse_derivative(A, Y):
    return 2.0 * (A - Y)


# ---------------------------------------------------------------- networks
# A network is a list of layers (W, b, activation name), first to last.


def network_forward(layers, X):
    """The last layer's output."""
    A = X
    for W, b, name in layers:
        _, A = layer_forward(W, b, A, name)
    return A


def network_backward(layers, X, dA, learning_rate: float) -> list[LayerStep]:
    """One correct backward pass, last layer to first; the steps are returned first to last."""
    inputs = [X]
    for W, b, name in layers[:-1]:
        inputs.append(layer_forward(W, b, inputs[-1], name)[1])
    steps = []
    for (W, b, name), A_prev in zip(reversed(layers), reversed(inputs)):
        step = layer_backward(W, b, A_prev, dA, learning_rate, name)
        steps.append(step)
        dA = step.dA_prev
    return steps[::-1]


LOSSES = {"bce": (bce, bce_derivative), "mse": (mse, mse_derivative)}


def network_train(layers, X, Y, epochs: int, learning_rate: float, loss: str = "bce"):
    """Full-batch gradient descent: (trained layers, the loss of each epoch before its update)."""
    loss_fn, loss_derivative = LOSSES[loss]
    losses = []
    for _ in range(epochs):
        A = network_forward(layers, X)
        losses.append(loss_fn(A, Y))
        steps = network_backward(layers, X, loss_derivative(A, Y), learning_rate)
        layers = [(step.W_after, step.b_after, name) for step, (_, _, name) in zip(steps, layers)]
    return layers, losses
