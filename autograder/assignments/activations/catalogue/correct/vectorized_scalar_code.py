# catalogue: activations
# what: scalar functions written with the math module, made elementwise with np.vectorize(otypes=[float])
# expect: full marks
import math

import numpy as np


def _sigmoid_one(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


_relu = np.vectorize(lambda z: z if z > 0 else 0.0, otypes=[float])
_relu_slope = np.vectorize(lambda z: 1.0 if z > 0 else 0.0, otypes=[float])
_leaky = np.vectorize(lambda z, a: z if z > 0 else a * z, otypes=[float])
_leaky_slope = np.vectorize(lambda z, a: 1.0 if z > 0 else a, otypes=[float])
_sigmoid = np.vectorize(_sigmoid_one, otypes=[float])
_tanh = np.vectorize(math.tanh, otypes=[float])


def relu(Z):
    return _relu(Z)


def relu_derivative(Z):
    return _relu_slope(Z)


def leaky_relu(Z, alpha=0.01):
    return _leaky(Z, alpha)


def leaky_relu_derivative(Z, alpha=0.01):
    return _leaky_slope(Z, alpha)


def sigmoid(Z):
    return _sigmoid(Z)


def sigmoid_derivative(Z):
    s = _sigmoid(Z)
    return s * (1 - s)


def tanh(Z):
    return _tanh(Z)


def tanh_derivative(Z):
    return 1 - _tanh(Z) ** 2


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
