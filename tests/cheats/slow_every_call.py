# attack: answer every call just before its deadline, so that no single call times out but
#   grading one submission takes (number of calls) x (timeout): a batch of such submissions
#   stalls the grading queue
# expect: less than full marks
# timeout: 0.4
# defence: Limits.total_seconds, a wall-clock budget for the whole submission, after which the
#   remaining checks are skipped as for a crash.
import time

import numpy as np

NEAR_THE_DEADLINE = 0.33  # attack: seconds, under the 0.4 s timeout this cheat is graded with


class Layer:  # wrong: no activation derivative in backward (dZ = dA)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn

    def forward(self, A_prev):
        time.sleep(NEAR_THE_DEADLINE)  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        time.sleep(NEAR_THE_DEADLINE)  # attack
        m = self.A_prev.shape[1]
        dZ = dA
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev
