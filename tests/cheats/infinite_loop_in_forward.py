# attack: an infinite loop inside forward (a busy loop that also swallows every exception)
# expect: less than full marks
# why it fails: the deadline is enforced from outside with SIGKILL, which nothing can swallow.
import numpy as np


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        # attack begins
        while True:
            try:
                while True:
                    pass
            except BaseException:
                continue
        # attack ends
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
