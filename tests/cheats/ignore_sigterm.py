# attack: ignore SIGTERM, SIGINT and SIGHUP, then loop forever in forward
# expect: less than full marks
# why it fails: a timeout kills with SIGKILL, which cannot be ignored.
import signal

import numpy as np

# attack begins
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1):
    signal.signal(sig, signal.SIG_IGN)
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        while True:  # attack
            signal.pause()  # attack
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
