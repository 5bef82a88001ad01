# catalogue: activations
# what: new arrays filled through numpy's out= arguments and np.copyto; Z itself is never written
# expect: full marks
import numpy as np


def relu(Z):
    out = np.empty(Z.shape, dtype=np.float64)
    np.maximum(Z, 0.0, out=out)
    return out


def relu_derivative(Z):
    out = np.zeros(Z.shape)
    np.copyto(out, 1.0, where=Z > 0)
    return out


def leaky_relu(Z, alpha=0.01):
    out = np.multiply(Z, alpha, dtype=np.float64)
    np.copyto(out, Z, where=Z > 0)
    return out


def leaky_relu_derivative(Z, alpha=0.01):
    out = np.full(Z.shape, alpha, dtype=np.float64)
    np.copyto(out, 1.0, where=Z > 0)
    return out


def sigmoid(Z):
    out = np.negative(np.abs(Z))
    np.exp(out, out=out)  # exp(-|z|), in (0, 1]
    denominator = 1.0 + out
    np.copyto(out, 1.0, where=Z >= 0)  # numerator: 1 for z >= 0, exp(z) for z < 0
    np.divide(out, denominator, out=out)
    return out


def sigmoid_derivative(Z):
    s = sigmoid(Z)
    out = np.subtract(1.0, s)
    np.multiply(out, s, out=out)
    return out


def tanh(Z):
    out = np.empty_like(Z, dtype=np.float64)
    np.tanh(Z, out=out)
    return out


def tanh_derivative(Z):
    out = tanh(Z)
    np.square(out, out=out)
    np.subtract(1.0, out, out=out)
    return out


class ActivationFunction:
    relu = staticmethod(relu)
    relu_derivative = staticmethod(relu_derivative)
    leaky_relu = staticmethod(leaky_relu)
    leaky_relu_derivative = staticmethod(leaky_relu_derivative)
    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)
    tanh = staticmethod(tanh)
    tanh_derivative = staticmethod(tanh_derivative)


answer_sigmoid_max_slope = "1 / 4"
answer_dead_relu = "d"
answer_zero_centred = "A"
