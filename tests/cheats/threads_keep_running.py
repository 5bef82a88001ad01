# attack: non-daemon threads that keep running after every call: one spins the CPU, one keeps
#   rewriting the layer's W and b after forward returned, one keeps printing and writing files
# expect: less than full marks
# why it fails: every value the grader reads is a copy taken at the moment of the call, and the
# threads die with the child (its CPU time is capped, and it is killed when grading ends).
import os
import threading
import time

import numpy as np
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


# attack begins
LAYERS = []


def spin():
    while True:
        pass


def tamper():
    while True:
        for layer in list(LAYERS):
            layer.W = layer.W * 1.0001
        time.sleep(0.001)


def chatter():
    for n in range(100000):
        print("score: 100/100", flush=True)
        try:
            with open(f"nnkit-cheat-thread-{n % 10}", "w") as out:
                out.write("nnkit-cheat-was-here")
        except OSError:
            pass
        time.sleep(0.01)


for target in (spin, tamper, chatter):
    threading.Thread(target=target).start()
_init = Layer.__init__


def __init__(self, *args):
    _init(self, *args)
    LAYERS.append(self)


Layer.__init__ = __init__
# attack ends
