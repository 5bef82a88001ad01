# catalogue: activations
# what: tanh_derivative as tanh(z)**2 - 1
# expect: test_tanh_derivative: sign flipped
import numpy as np


def relu(Z):
    return np.maximum(0, Z)


def relu_derivative(Z):
    return (Z > 0).astype(float)


def leaky_relu(Z, alpha=0.01):
    return np.where(Z > 0, Z, alpha * Z)


def leaky_relu_derivative(Z, alpha=0.01):
    return np.where(Z > 0, 1.0, alpha)


def sigmoid(Z):
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s * (1 - s)


def tanh(Z):
    return np.tanh(Z)


def tanh_derivative(Z):
    return np.tanh(Z) ** 2 - 1


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
