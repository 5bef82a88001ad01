# attack: raise SystemExit(0) from backward, and a custom BaseException (not an Exception) whose
#   str() and repr() raise, from forward
# expect: less than full marks
# why it fails: both are caught in the child; an exception that cannot even be described crashes
# the child, which the grader reports as a crash.
import numpy as np


# attack begins
class NotAnError(BaseException):
    def __str__(self):
        raise NotAnError()

    def __repr__(self):
        raise NotAnError()
# attack ends


class Layer:  # wrong: forward returns Z (no activation)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn
        self.calls = 0

    def forward(self, A_prev):
        self.calls += 1  # attack
        if self.calls % 2:  # attack
            raise NotAnError()  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return self.Z

    def backward(self, dA, learning_rate):
        raise SystemExit(0)  # attack
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev
