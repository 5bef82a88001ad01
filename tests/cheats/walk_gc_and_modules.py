# attack: walk gc.get_objects() and sys.modules for the hidden suite, the reference maths or any
#   expected array, and answer with what is found
# expect: less than full marks
# why it fails: the child process never holds the suite or an expected value: it receives only
# the inputs of each call, and judges nothing.
import gc
import sys

import numpy as np

# attack begins
FOUND = {}


def look_around():
    for name, module in list(sys.modules.items()):
        if name.startswith(("autograder", "pytest", "_pytest", "test_layer", "nnkit")):
            FOUND[name] = module
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            for key, value in list(obj.items())[:50]:
                if isinstance(key, str) and "expect" in key.lower() and isinstance(value, np.ndarray):
                    FOUND[key] = value
    if FOUND:
        print("ATTACK WORKED: found", sorted(FOUND)[:10], flush=True)


look_around()
# attack ends


class Layer:  # wrong: no activation derivative in backward (dZ = dA)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn

    def forward(self, A_prev):
        look_around()  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        look_around()  # attack
        m = self.A_prev.shape[1]
        dZ = dA
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev
