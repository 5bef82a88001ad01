"""Trusted maths of the network assignment: the losses, and a network as a list of layers
(W, b, activation name), first to last.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.assignments.layer.maths import LayerStep, layer_backward, layer_forward

# The notebook's clip: A into [EPS, 1 - EPS] before log or division. 1 - 1e-12 is still a float64
# distinct from 1 (its spacing there is 1.1e-16), and no sigmoid output further than 1e-12 from
# 0 or 1 is changed.
EPS = 1e-12


def bce(A, Y, eps: float = EPS) -> float:
    A = np.clip(A, eps, 1 - eps)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / Y.shape[1])


def bce_derivative(A, Y, eps: float = EPS):
    """Per-example dl/dA (no 1/m: the layer's backward averages over the batch), A clipped as in bce:
    at A = 1, Y = 1 the unclipped formula is 0/0."""
    A = np.clip(A, eps, 1 - eps)
    return -(Y / A) + (1 - Y) / (1 - A)


def bce_unclipped(A, Y) -> float:
    """The definition itself, for outputs away from 0 and 1."""
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / Y.shape[1])


def bce_derivative_unclipped(A, Y):
    return -(Y / A) + (1 - Y) / (1 - A)


def mse(A, Y) -> float:
    return float(np.sum((A - Y) ** 2) / Y.shape[1])


def mse_derivative(A, Y):
    return 2.0 * (A - Y)


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


def network_step(layers, X, dA, learning_rate: float):
    """The layers after one backward pass from dA."""
    steps = network_backward(layers, X, dA, learning_rate)
    return [(step.W_after, step.b_after, name) for step, (_, _, name) in zip(steps, layers)]


LOSSES = {"bce": (bce, bce_derivative), "mse": (mse, mse_derivative)}

Loss = Callable[[np.ndarray, np.ndarray], float]
Derivative = Callable[[np.ndarray, np.ndarray], np.ndarray]


def gradient_descent(layers, X, Y, epochs: int, learning_rate: float, value: Loss, derivative: Derivative):
    """Full-batch gradient descent with any loss and derivative: (trained layers, the loss of each
    epoch's forward pass, recorded before that epoch's update)."""
    losses = []
    for _ in range(epochs):
        A = network_forward(layers, X)
        losses.append(value(A, Y))
        layers = network_step(layers, X, derivative(A, Y), learning_rate)
    return layers, losses


def network_train(layers, X, Y, epochs: int, learning_rate: float, loss: str = "bce"):
    """What a correct `Network.train` does: (trained layers, the loss of each epoch before its update)."""
    value, derivative = LOSSES[loss]
    return gradient_descent(layers, X, Y, epochs, learning_rate, value, derivative)
