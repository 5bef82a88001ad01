"""Trusted maths of the network assignment: the losses, and a network as a list of layers
(W, b, activation name), first to last.
"""

from __future__ import annotations

import numpy as np

from autograder.assignments.layer.maths import LayerStep, layer_backward, layer_forward


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
