# attack: print what a passing pytest run and a perfect score look like, on stdout and stderr
# expect: less than full marks
# why it fails: the child's output goes to a capped file that is shown to the learner and never
# parsed; scores come only from the suite's checks.
import json
import sys

import numpy as np

class Layer:  # wrong: db is not divided by m
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
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


# attack begins
FAKE = """============================= test session starts ==============================
collected 14 items

test_layer.py ..............                                             [100%]

============================== 14 passed in 0.12s ==============================
score: 25/25
score: 100/100
"""
print(FAKE, flush=True)
print(FAKE, file=sys.stderr, flush=True)
print(json.dumps({"score": 25.0, "max_score": 25.0, "tests": []}), flush=True)


def shout(self, *args, _forward=Layer.forward):
    print("PASSED test_forward  score: 100/100", flush=True)
    return _forward(self, *args)


Layer.forward = shout
# attack ends
