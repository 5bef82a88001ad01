# catalogue: softmax_output
# what: dZ = (A - Y) * A * (1 - A): the softmax's derivative taken twice
# expect: test_backward_dW: taken twice
# expect: test_backward_dA_prev: taken twice
import numpy as np


def softmax(Z):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)


def cross_entropy(A, Y):
    m = A.shape[1]
    return -np.sum(Y * np.log(np.clip(A, 1e-12, 1.0))) / m


class SoftmaxOutput:
    def __init__(self, input_size, n_classes):
        self.W = np.random.randn(n_classes, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((n_classes, 1))

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = softmax(self.Z)
        return self.A

    def backward(self, Y, learning_rate):
        m = self.A_prev.shape[1]
        dZ = (self.A - Y) * self.A * (1 - self.A)
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


answer_why_A_minus_Y = "b"
answer_subtract_max = "a"
