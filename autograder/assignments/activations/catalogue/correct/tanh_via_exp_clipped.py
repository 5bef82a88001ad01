# catalogue: activations
# what: tanh by hand through exp with z clipped to [-20, 20] (tanh(20) is 1 in float64), its derivative 4 / (e^z + e^-z)^2 clipped likewise
# expect: full marks
import numpy as np


def relu(Z):
    return Z.clip(min=0.0)


def relu_derivative(Z):
    return 1.0 * (Z > 0)


def leaky_relu(Z, alpha=0.01):
    return Z * np.where(Z > 0, 1.0, alpha)


def leaky_relu_derivative(Z, alpha=0.01):
    return alpha + (1.0 - alpha) * (Z > 0)


def sigmoid(Z):
    out = np.empty(Z.shape)
    positive = Z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-Z[positive]))
    e = np.exp(Z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s - s * s


def tanh(Z):
    # beyond |z| = 20, tanh(z) rounds to +-1 in float64: clipping changes nothing and exp stays small
    e2 = np.exp(2.0 * np.clip(Z, -20.0, 20.0))
    return (e2 - 1.0) / (e2 + 1.0)


def tanh_derivative(Z):
    # 1/cosh(z)^2; beyond |z| = 350 it is below 1e-300, and clipping keeps exp finite
    Zc = np.clip(Z, -350.0, 350.0)
    return 4.0 / (np.exp(Zc) + np.exp(-Zc)) ** 2


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = 0.250
answer_dead_relu = "(d)"
answer_zero_centred = "a. tanh"
