# catalogue: softmax_output
# what: backward through the softmax's Jacobian, diag(a) - a a^T, one example at a time
# expect: full marks
import numpy as np


def softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=0, keepdims=True)


def cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1.0)
    per_example = -np.sum(Y * np.log(A), axis=0)
    return np.mean(per_example)


class SoftmaxOutput:
    def __init__(self, input_size, n_classes):
        self.W = np.random.randn(n_classes, input_size) / np.sqrt(input_size)
        self.b = np.zeros((n_classes, 1))

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = softmax(self.Z)
        return self.A

    def backward(self, Y, learning_rate):
        m = Y.shape[1]
        dA = -Y / np.clip(self.A, 1e-12, 1.0)  # the gradient of each example's loss with respect to A
        dZ = np.zeros_like(self.A)
        for i in range(m):
            a = self.A[:, i:i + 1]
            jacobian = np.diagflat(a) - a @ a.T
            dZ[:, i:i + 1] = jacobian.T @ dA[:, i:i + 1]
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * (dZ @ self.A_prev.T) / m
        self.b = self.b - learning_rate * np.mean(dZ, axis=1, keepdims=True)
        return dA_prev


answer_why_A_minus_Y = "b"
answer_subtract_max = "a"
