# attack: raise KeyboardInterrupt from forward and backward, hoping the grader stops and reports
#   what it has so far, or treats the interrupted checks as skipped rather than failed
# expect: less than full marks
# why it fails: the child catches every BaseException from learner code and reports it as the
# learner's error; the case fails with that diagnosis.
import numpy as np


class Layer:  # wrong: dW is transposed
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        raise KeyboardInterrupt  # attack
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = self.A_prev @ dZ.T / m
        dA_prev = self.W.T @ dZ
        if dW.shape == self.W.shape:
            self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev
