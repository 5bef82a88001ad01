# attack: make W an array of shape (5_000_000, 1, 1), which numpy broadcasts against every
#   (out, in) array the grader compares it with: W - W_expected is 30 million numbers, and each bug
#   model computed from it as many again, until the grader itself holds gigabytes
# expect: less than full marks
import numpy as np


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.W = np.zeros((5_000_000, 1, 1))  # attack

    def forward(self, A_prev):
        return np.zeros((self.b.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        self.W = np.zeros((5_000_000, 1, 1))  # attack
        return np.zeros((dA.shape[0], dA.shape[1]))
