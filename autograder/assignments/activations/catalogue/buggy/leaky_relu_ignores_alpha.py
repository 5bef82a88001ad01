# catalogue: activations
# what: leaky_relu and its derivative hard-code 0.01
# expect: test_leaky_relu: ignores its alpha argument
# expect: test_leaky_relu_derivative: ignores its alpha argument
import numpy as np


def relu(Z):
    return np.maximum(0, Z)


def relu_derivative(Z):
    return (Z > 0).astype(float)


def leaky_relu(Z, alpha=0.01):
    return np.where(Z > 0, Z, 0.01 * Z)


def leaky_relu_derivative(Z, alpha=0.01):
    return np.where(Z > 0, 1.0, 0.01)


def sigmoid(Z):
    Z = np.asarray(Z, dtype=float)
    out = np.empty_like(Z)
    positive = Z >= 0
    out[positive] = 1 / (1 + np.exp(-Z[positive]))
    e = np.exp(Z[~positive])
    out[~positive] = e / (1 + e)
    return out


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s * (1 - s)


def tanh(Z):
    return np.tanh(Z)


def tanh_derivative(Z):
    return 1 - np.tanh(Z) ** 2


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = 0.25
answer_dead_relu = "d"
answer_zero_centred = "a"
