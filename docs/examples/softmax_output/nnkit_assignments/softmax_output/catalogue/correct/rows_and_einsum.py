# catalogue: softmax_output
# what: softmax on the transpose (one example a row), log(A + eps), einsum, in-place updates, zero W
# expect: full marks
import numpy as np


def softmax(Z):
    rows = Z.T
    rows = rows - rows.max(axis=1, keepdims=True)
    e = np.exp(rows)
    return (e / e.sum(axis=1, keepdims=True)).T


def cross_entropy(A, Y):
    eps = 1e-9
    return -np.einsum("km,km->", Y, np.log(A + eps)) / A.shape[1]


class SoftmaxOutput:
    def __init__(self, input_size, n_classes):
        # no hidden units: zeros are a fine start for a softmax layer alone
        self.W = np.zeros((n_classes, input_size))
        self.b = np.zeros((n_classes, 1))

    def forward(self, A_prev):
        self.A_prev, self.Z = A_prev, np.einsum("ki,im->km", self.W, A_prev) + self.b
        self.A = softmax(self.Z)
        return self.A

    def backward(self, Y, learning_rate):
        m = self.A_prev.shape[1]
        dZ = self.A - Y
        dA_prev = np.einsum("ki,km->im", self.W, dZ)
        self.W -= learning_rate * np.einsum("km,im->ki", dZ, self.A_prev) / m
        self.b -= learning_rate * dZ.mean(axis=1, keepdims=True)
        return dA_prev


answer_why_A_minus_Y = "b"
answer_subtract_max = "a"
