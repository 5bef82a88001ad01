# catalogue: activations
# what: np.clip keeps each branch's exp argument <= 0 (clip(z, 0, None) for z >= 0, clip(z, None, 0) for z < 0), so np.where may evaluate both
# expect: full marks
import numpy as np


def relu(Z):
    return np.clip(Z, 0.0, None)


def relu_derivative(Z):
    return np.clip(np.sign(Z), 0.0, 1.0)


def leaky_relu(Z, alpha=0.01):
    return np.clip(Z, 0.0, None) + alpha * np.clip(Z, None, 0.0)


def leaky_relu_derivative(Z, alpha=0.01):
    return np.where(Z > 0, 1.0, alpha)


def sigmoid(Z):
    positive_branch = 1.0 / (1.0 + np.exp(-np.clip(Z, 0.0, None)))  # exp of -max(z, 0) <= 0
    e = np.exp(np.clip(Z, None, 0.0))  # exp of min(z, 0) <= 0
    negative_branch = e / (1.0 + e)
    return np.where(Z >= 0, positive_branch, negative_branch)


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s * (1.0 - s)


def tanh(Z):
    return np.tanh(Z)


def tanh_derivative(Z):
    return 1.0 - np.tanh(Z) * np.tanh(Z)


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
