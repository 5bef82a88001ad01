# catalogue: activations
# what: ActivationFunction's methods take self: ActivationFunction.relu(Z) has no Z
# expect: test_activation_function_class: raised TypeError
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
    return 1 - np.tanh(Z) ** 2


class ActivationFunction:
    def relu(self, Z):
        return relu(Z)

    def relu_derivative(self, Z):
        return relu_derivative(Z)

    def leaky_relu(self, Z):
        return leaky_relu(Z)

    def leaky_relu_derivative(self, Z):
        return leaky_relu_derivative(Z)

    def sigmoid(self, Z):
        return sigmoid(Z)

    def sigmoid_derivative(self, Z):
        return sigmoid_derivative(Z)

    def tanh(self, Z):
        return tanh(Z)

    def tanh_derivative(self, Z):
        return tanh_derivative(Z)


answer_sigmoid_max_slope = 0.25
answer_dead_relu = "d"
answer_zero_centred = "a"
