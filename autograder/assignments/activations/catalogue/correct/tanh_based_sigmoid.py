# catalogue: activations
# what: sigmoid as (1 + tanh(z/2)) / 2 (stable without branches), np.clip relu, float answers as strings
# expect: full marks
import numpy as np


def relu(Z):
    return np.clip(Z, 0.0, None)


def relu_derivative(Z):
    return np.greater(Z, 0).astype(np.float64)


def leaky_relu(Z, alpha=0.01):
    return np.where(Z >= 0, Z, Z * alpha)


def leaky_relu_derivative(Z, alpha=0.01):
    slope = np.full(np.shape(Z), alpha, dtype=float)
    slope[np.asarray(Z) > 0] = 1.0
    return slope


def sigmoid(Z):
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


def sigmoid_derivative(Z):
    t = np.tanh(0.5 * Z)
    return 0.25 * (1.0 - t ** 2)


def tanh(Z):
    return np.tanh(Z)


def tanh_derivative(Z):
    return (1 - np.tanh(Z)) * (1 + np.tanh(Z))


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = "0.25"
answer_dead_relu = "b."
answer_zero_centred = "c"
