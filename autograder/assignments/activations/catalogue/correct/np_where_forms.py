# catalogue: activations
# what: everything through np.where, floats written as 1.0/0.0; sigmoid's two branches on exp(-|z|); answers typed as "0.25 (at z = 0)", "D", "a)"
# expect: full marks
import numpy as np


def relu(Z):
    return np.where(Z > 0, Z, 0.0)


def relu_derivative(Z):
    return np.where(Z > 0, 1.0, 0.0)


def leaky_relu(Z, alpha=0.01):
    return np.where(Z > 0, Z, Z * alpha)


def leaky_relu_derivative(Z, alpha=0.01):
    return np.where(Z <= 0, alpha, 1.0)


def sigmoid(Z):
    small = np.exp(-np.abs(Z))  # in (0, 1]: never overflows, so both branches are safe
    return np.where(Z < 0, small / (1.0 + small), 1.0 / (1.0 + small))


def sigmoid_derivative(Z):
    small = np.exp(-np.abs(Z))
    return small / (1.0 + small) ** 2  # s (1 - s) is even in z: the same for z and -z


def tanh(Z):
    return np.where(Z >= 0, 1.0, -1.0) * (1.0 - np.exp(-2.0 * np.abs(Z))) / (1.0 + np.exp(-2.0 * np.abs(Z)))


def tanh_derivative(Z):
    return 1.0 - np.square(np.tanh(Z))


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = "0.25 (at z = 0)"
answer_dead_relu = "D"
answer_zero_centred = "a)"
