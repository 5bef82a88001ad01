# catalogue: layer
# what: updates first, but keeps a copy of the old W for dA_prev
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        W_old = self.W.copy()
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        self.W -= learning_rate * (dZ @ self.A_prev.T) / m
        self.b -= learning_rate * dZ.sum(axis=1, keepdims=True) / m
        return W_old.T @ dZ


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
