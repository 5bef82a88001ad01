# attack: os._exit(0) at import: the process ends at once with status 0, nothing can catch it
# expect: less than full marks
# why it fails: an exit is a crash of the child, not a pass; after the restart budget the
# remaining checks are skipped and score nothing.
import os

import numpy as np

class Layer:  # wrong: db is not divided by m
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


os._exit(0)  # attack
