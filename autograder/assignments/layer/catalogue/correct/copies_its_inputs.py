# catalogue: layer
# what: forward caches a copy of its input; backward works in place, but on arrays of its own
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = np.array(A_prev, dtype=np.float64, copy=True)
        self.Z = self.W @ self.A_prev
        self.Z += self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA.copy()
        dZ *= self.activation_dfn(self.Z)
        dW = dZ @ self.A_prev.T
        dW /= m
        db = dZ.sum(axis=1, keepdims=True)
        db /= m
        dA_prev = self.W.T @ dZ
        self.W -= learning_rate * dW
        self.b -= learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
