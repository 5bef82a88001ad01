# catalogue: activations
# what: np.piecewise, which evaluates each formula only on its own part of Z (so the naive formulas are safe there)
# expect: full marks
import numpy as np


def relu(Z):
    Z = np.asarray(Z, dtype=float)
    return np.piecewise(Z, [Z > 0], [lambda z: z, 0.0])


def relu_derivative(Z):
    Z = np.asarray(Z, dtype=float)
    return np.piecewise(Z, [Z > 0], [1.0, 0.0])


def leaky_relu(Z, alpha=0.01):
    Z = np.asarray(Z, dtype=float)
    return np.piecewise(Z, [Z > 0], [lambda z: z, lambda z: alpha * z])


def leaky_relu_derivative(Z, alpha=0.01):
    Z = np.asarray(Z, dtype=float)
    return np.piecewise(Z, [Z > 0], [1.0, alpha])


def sigmoid(Z):
    Z = np.asarray(Z, dtype=float)
    return np.piecewise(Z, [Z >= 0], [lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(z) / (1 + np.exp(z))])


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s * (1 - s)


def tanh(Z):
    Z = np.asarray(Z, dtype=float)
    # each side takes exp of a non-positive number only
    return np.piecewise(Z, [Z >= 0], [lambda z: (1 - np.exp(-2 * z)) / (1 + np.exp(-2 * z)),
                                      lambda z: (np.exp(2 * z) - 1) / (np.exp(2 * z) + 1)])


def tanh_derivative(Z):
    t = tanh(Z)
    return (1 - t) * (1 + t)


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = ".25"
answer_dead_relu = "d"
answer_zero_centred = "a"
