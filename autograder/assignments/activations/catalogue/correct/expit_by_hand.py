# catalogue: activations
# what: scipy-free expit by hand in log space: sigmoid(z) = exp(-log(1 + exp(-z))) with np.logaddexp, its derivative likewise
# expect: full marks
import numpy as np


def relu(Z):
    return np.fmax(Z, 0.0)


def relu_derivative(Z):
    return np.greater(Z, 0).astype(np.float64)


def leaky_relu(Z, alpha=0.01):
    return np.fmax(Z, 0.0) + alpha * np.fmin(Z, 0.0)


def leaky_relu_derivative(Z, alpha=0.01):
    return np.greater(Z, 0) + alpha * np.less_equal(Z, 0)


def sigmoid(Z):
    # log(1 + exp(-z)) = logaddexp(0, -z), computed without overflow for any z
    return np.exp(-np.logaddexp(0.0, -Z))


def sigmoid_derivative(Z):
    # s (1 - s) = exp(-log(1 + e^-z) - log(1 + e^z))
    return np.exp(-np.logaddexp(0.0, -Z) - np.logaddexp(0.0, Z))


def tanh(Z):
    return 2.0 * sigmoid(2.0 * Z) - 1.0


def tanh_derivative(Z):
    return 4.0 * sigmoid_derivative(2.0 * Z)


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = "1/4"
answer_dead_relu = "d"
answer_zero_centred = "a"
