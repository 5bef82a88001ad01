# catalogue: activations
# what: formulas written out by hand: Z * (Z > 0), heaviside, np.maximum(alpha*Z, Z), exp(min(z, 0)) / (1 + exp(-|z|)), tanh from sigmoid, 1/cosh^2
# expect: full marks
import numpy as np


def relu(Z):
    return Z * (Z > 0)


def relu_derivative(Z):
    return np.heaviside(Z, 0.0)


def leaky_relu(Z, alpha=0.01):
    return np.maximum(alpha * Z, Z)


def leaky_relu_derivative(Z, alpha=0.01):
    dZ = np.ones_like(Z, dtype=np.float64)
    dZ[Z <= 0] = alpha
    return dZ


def sigmoid(Z):
    # one line for both signs: exp(min(z, 0)) / (1 + exp(-|z|)); both exps are of numbers <= 0
    return np.exp(np.minimum(Z, 0)) / (1.0 + np.exp(-np.abs(Z)))


def sigmoid_derivative(Z):
    e = np.exp(-np.abs(Z))
    return e / (1.0 + e) ** 2


def tanh(Z):
    return 2.0 * sigmoid(2.0 * Z) - 1.0


def tanh_derivative(Z):
    return 1.0 / np.cosh(Z) ** 2


class ActivationFunction:
    @staticmethod
    def relu(Z):
        return relu(Z)

    @staticmethod
    def relu_derivative(Z):
        return relu_derivative(Z)

    @staticmethod
    def leaky_relu(Z, alpha=0.01):
        return leaky_relu(Z, alpha)

    @staticmethod
    def leaky_relu_derivative(Z, alpha=0.01):
        return leaky_relu_derivative(Z, alpha)

    @staticmethod
    def sigmoid(Z):
        return sigmoid(Z)

    @staticmethod
    def sigmoid_derivative(Z):
        return sigmoid_derivative(Z)

    @staticmethod
    def tanh(Z):
        return tanh(Z)

    @staticmethod
    def tanh_derivative(Z):
        return tanh_derivative(Z)


answer_sigmoid_max_slope = 1 / 4
answer_dead_relu = "D"
answer_zero_centred = " (a) "
