# catalogue: layer
# what: PyTorch's default nn.Linear init U(-1/sqrt(in), 1/sqrt(in)), loops over examples for dW and db
# expect: full marks
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        k = 1.0 / np.sqrt(input_size)
        self.W = np.random.uniform(-k, k, (output_size, input_size))
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
        dW = np.zeros_like(self.W)
        db = np.zeros_like(self.b)
        for i in range(m):  # one example at a time, then the mean
            dW += np.outer(dZ[:, i], self.A_prev[:, i])
            db += dZ[:, i:i + 1]
        dW /= m
        db /= m
        dA_prev = self.W.T @ dZ
        self.W -= learning_rate * dW
        self.b -= learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
