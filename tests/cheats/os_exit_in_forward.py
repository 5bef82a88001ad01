# attack: os._exit(0) inside forward: the child dies with status 0 in the middle of a check
# expect: less than full marks
# why it fails: the grader reads a closed channel as a crash; the restart budget then ends grading.
import os

import numpy as np


class Layer:  # wrong: forward returns Z (no activation)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        os._exit(0)  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return self.Z

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return self.W.T @ dZ
