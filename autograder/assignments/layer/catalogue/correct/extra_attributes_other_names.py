# catalogue: layer
# what: activation stored as self.g / self.g_prime, sizes and a step counter kept, gradients in a dict
# expect: full marks
import numpy as np


class Layer:
    """Dense layer; g is the activation and g_prime its derivative."""

    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.input_size = input_size
        self.output_size = output_size
        self.g = activation_fn
        self.g_prime = activation_dfn
        self.W = np.random.randn(output_size, input_size) * (1 / input_size) ** 0.5
        self.b = np.zeros((output_size, 1))
        self.grads = {}
        self.steps = 0

    def __repr__(self):
        return f"Layer({self.input_size} -> {self.output_size})"

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.g(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        batch = self.A_prev.shape[-1]
        dZ = dA * self.g_prime(self.Z)
        self.grads = {
            "W": dZ @ self.A_prev.T / batch,
            "b": dZ.sum(axis=-1, keepdims=True) / batch,
            "A_prev": self.W.T @ dZ,
        }
        for name in ("W", "b"):
            setattr(self, name, getattr(self, name) - learning_rate * self.grads[name])
        self.steps += 1
        return self.grads["A_prev"]


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
