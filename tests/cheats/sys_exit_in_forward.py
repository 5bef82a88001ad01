# attack: sys.exit(0) inside forward and backward
# expect: less than full marks
# why it fails: SystemExit is reported as the learner's error for that call and the case fails.
import sys

import numpy as np


class Layer:  # wrong: forward returns Z (no activation)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        sys.exit(0)  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return self.Z

    def backward(self, dA, learning_rate):
        sys.exit(0)  # attack
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return self.W.T @ dZ
