# catalogue: layer
# what: defensive float64 conversions of inputs, learning rate and parameters; copies in the cache
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = (np.random.randn(int(output_size), int(input_size)) * np.sqrt(1 / float(input_size))).astype(np.float64)
        self.b = np.zeros((int(output_size), 1), dtype=float)
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        A_prev = np.asarray(A_prev, dtype=np.float64)
        self.A_prev = A_prev.copy()
        self.Z = (self.W @ A_prev + self.b).astype(np.float64)
        self.A = np.asarray(self.activation_fn(self.Z), dtype=np.float64)
        return self.A

    def backward(self, dA, learning_rate):
        dA = np.asarray(dA, dtype=np.float64)
        learning_rate = float(learning_rate)
        m = float(self.A_prev.shape[1])
        dZ = dA * self.activation_dfn(self.Z)
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        self.W = np.array(self.W - learning_rate * dW, dtype=np.float64)
        self.b = np.array(self.b - learning_rate * db, dtype=np.float64)
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
