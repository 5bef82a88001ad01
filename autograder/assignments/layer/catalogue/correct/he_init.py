# catalogue: layer
# what: He initialisation sqrt(2 / input_size), zeros via np.zeros_like, gradients stored on the layer
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(2.0 / input_size)
        self.b = np.zeros_like(self.W[:, :1])
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        self.dW = dZ @ self.A_prev.T / m
        self.db = np.sum(dZ, axis=1).reshape(-1, 1) / m
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * self.dW
        self.b = self.b - learning_rate * self.db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
