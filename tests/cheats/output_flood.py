# attack: flood stdout and stderr (64 MB at import, more in every forward), hoping to fill the
#   grader's disk or memory, or to bury the feedback
# expect: less than full marks
# why it fails: the output goes to a file capped by RLIMIT_FSIZE, and only its first few
# thousand characters are read back.
import os
import sys

import numpy as np

class Layer:  # wrong: no activation derivative in backward (dZ = dA)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev


# attack begins
LINE = "score: 100/100 " * 64 + "\n"


def flood(megabytes):
    for _ in range(megabytes * 1024):
        try:
            sys.stdout.write(LINE)
            sys.stderr.write(LINE)
        except OSError:
            return
        try:
            os.write(1, LINE.encode())
        except OSError:
            pass


flood(64)
_forward = Layer.forward


def forward(self, A_prev):
    flood(4)
    return _forward(self, A_prev)


Layer.forward = forward
# attack ends
