# catalogue: layer
# what: np.dot everywhere, in-place -= updates after dA_prev, m from dA.shape[1]
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = np.dot(self.W, self.A_prev) + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = dA.shape[1]
        dZ = np.multiply(dA, self.activation_dfn(self.Z))
        dW = (1.0 / m) * np.dot(dZ, self.A_prev.T)
        db = (1.0 / m) * np.sum(dZ, axis=1, keepdims=True)
        dA_prev = np.dot(self.W.T, dZ)
        self.W -= learning_rate * dW
        self.b -= learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "D"
answer_dW_meaning = "(b)"
answer_old_W = " c "
