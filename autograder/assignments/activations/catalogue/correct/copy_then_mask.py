# catalogue: activations
# what: copies Z then assigns into the copy; sigmoid through exp(-|z|) with np.where on safe branches; answers typed loosely
# expect: full marks
import numpy as np


def relu(Z):
    A = np.array(Z, dtype=np.float64, copy=True)
    A[A < 0] = 0.0
    return A


def relu_derivative(Z):
    d = np.zeros(Z.shape)
    d[Z > 0] = 1
    return d


def leaky_relu(Z, alpha=0.01):
    A = Z.astype(np.float64)  # astype copies
    A[A <= 0] *= alpha
    return A


def leaky_relu_derivative(Z, alpha=0.01):
    return np.where(Z <= 0, alpha, 1.0)


def sigmoid(Z):
    # exp of a non-positive number only, so np.where may evaluate both branches safely
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(Z):
    return sigmoid(Z) * sigmoid(-Z)


def tanh(Z):
    return np.tanh(Z)


def tanh_derivative(Z):
    t = tanh(Z)
    return 1 - t * t


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
answer_dead_relu = " d "
answer_zero_centred = "A)"
