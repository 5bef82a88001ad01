# catalogue: activations
# what: the class written first with the maths in static methods, the module-level names bound to them
# expect: full marks
import numpy as np


class ActivationFunction:
    @staticmethod
    def relu(Z):
        return np.maximum(Z, 0.0)

    @staticmethod
    def relu_derivative(Z):
        return (Z > 0) * 1.0

    @staticmethod
    def leaky_relu(Z, alpha=0.01):
        return np.maximum(Z, 0.0) + np.minimum(Z, 0.0) * alpha

    @staticmethod
    def leaky_relu_derivative(Z, alpha=0.01):
        return np.where(Z > 0, 1.0, alpha)

    @staticmethod
    def sigmoid(Z):
        e = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1.0, e) / (1.0 + e)

    @staticmethod
    def sigmoid_derivative(Z):
        s = ActivationFunction.sigmoid(Z)
        return s * (1.0 - s)

    @staticmethod
    def tanh(Z):
        return np.tanh(Z)

    @staticmethod
    def tanh_derivative(Z):
        return 1.0 / np.cosh(np.clip(Z, -300.0, 300.0)) ** 2


relu = ActivationFunction.relu
relu_derivative = ActivationFunction.relu_derivative
leaky_relu = ActivationFunction.leaky_relu
leaky_relu_derivative = ActivationFunction.leaky_relu_derivative
sigmoid = ActivationFunction.sigmoid
sigmoid_derivative = ActivationFunction.sigmoid_derivative
tanh = ActivationFunction.tanh
tanh_derivative = ActivationFunction.tanh_derivative

answer_sigmoid_max_slope = 0.25
answer_dead_relu = "d"
answer_zero_centred = "a"
