# catalogue: softmax_output
# what: softmax through log-sum-exp, the loss and dZ through integer labels taken from the one-hot Y
# expect: full marks
import numpy as np


def softmax(Z):
    top = Z.max(axis=0)
    log_total = top + np.log(np.exp(Z - top).sum(axis=0))
    return np.exp(Z - log_total)


def cross_entropy(A, Y):
    labels = np.argmax(Y, axis=0)
    m = Y.shape[1]
    picked = A[labels, np.arange(m)]
    return float(-np.log(np.maximum(picked, 1e-15)).mean())


class SoftmaxOutput:
    def __init__(self, input_size, n_classes):
        rng = np.random.default_rng()
        self.W = rng.normal(0.0, np.sqrt(2.0 / input_size), size=(n_classes, input_size))
        self.b = np.zeros((n_classes, 1))

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = np.dot(self.W, A_prev) + self.b
        self.A = softmax(self.Z)
        return self.A

    def backward(self, Y, learning_rate):
        m = Y.shape[1]
        labels = np.argmax(Y, axis=0)
        dZ = self.A.copy()
        dZ[labels, np.arange(m)] -= 1.0
        old_W = self.W.copy()
        self.W -= learning_rate * np.dot(dZ, self.A_prev.T) / m
        self.b -= learning_rate * dZ.sum(axis=1, keepdims=True) / m
        return np.dot(old_W.T, dZ)


answer_why_A_minus_Y = "B"
answer_subtract_max = " a) "
