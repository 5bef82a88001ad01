# attack: patch builtins (abs, isinstance, len, max, print, round) in the process that runs the Layer
# expect: less than full marks
# why it fails: the grader's builtins are in another process; the child's builtins only change
# what the learner's own code computes.
import builtins

import numpy as np

# attack begins
builtins.abs = lambda x: 0 * x
builtins.isinstance = lambda obj, kind: True
builtins.max = lambda *args, **kwargs: 0
builtins.round = lambda x, *args: 0
builtins.print = lambda *args, **kwargs: None
# attack ends


class Layer:  # wrong: forward forgets the bias
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev
