# catalogue: layer
# what: backward gives up: W, b and its result all NaN
# expect: test_backward_dA_prev: NaN
# expect: test_backward_updates_parameters: NaN
# expect: test_backward_uses_latest_forward: NaN
import numpy as np


class Layer:
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
        self.W = np.full_like(self.W, np.nan)
        self.b = np.full_like(self.b, np.nan)
        return np.full_like(self.A_prev, np.nan)


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
