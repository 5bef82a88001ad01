# catalogue: layer
# what: Glorot normal init, a cache tuple kept alongside the required attributes, a helper method
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        std = np.sqrt(2.0 / (input_size + output_size))
        self.W = std * np.random.standard_normal((output_size, input_size))
        self.b = np.zeros((output_size, 1))
        self.activation_fn, self.activation_dfn = activation_fn, activation_dfn
        self.cache = None

    def _linear(self, A_prev):
        return self.W @ A_prev + self.b

    def forward(self, A_prev):
        Z = self._linear(A_prev)
        A = self.activation_fn(Z)
        self.cache = (A_prev, Z, A)
        self.A_prev, self.Z, self.A = self.cache
        return A

    def backward(self, dA, learning_rate):
        A_prev, Z, _ = self.cache
        m = A_prev.shape[1]
        dZ = dA * self.activation_dfn(Z)
        dW, db = dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        self.W, self.b = self.W - learning_rate * dW, self.b - learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
