# catalogue: layer
# what: np.mean with keepdims for db, dW via matmul then division, locals for the cache
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) / np.sqrt(input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        Z = np.matmul(self.W, A_prev) + self.b
        A = self.activation_fn(Z)
        self.A_prev, self.Z, self.A = A_prev, Z, A
        return A

    def backward(self, dA, learning_rate):
        A_prev, Z = self.A_prev, self.Z
        m = A_prev.shape[1]
        dZ = dA * self.activation_dfn(Z)
        dW = np.matmul(dZ, A_prev.T) / m
        db = np.mean(dZ, axis=1, keepdims=True)
        dA_prev = np.matmul(self.W.T, dZ)
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
