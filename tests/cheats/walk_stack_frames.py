# attack: climb the call stack (sys._getframe, inspect.stack) from inside forward and backward
#   to find the caller's expected arrays, and return an array found there of the right shape
# expect: less than full marks
# why it fails: the callers are the child's dispatcher, which holds only the request's inputs;
# the suite and its expected values are in the grader's process.
import inspect
import sys

import numpy as np


# attack begins
def arrays_up_the_stack(shape):
    found = []
    frame = sys._getframe(1)
    while frame is not None:
        for name, value in frame.f_locals.items():
            if "expect" in name.lower() or "reference" in name.lower():
                print("ATTACK WORKED: found", name, "in", frame.f_code.co_name, flush=True)
            if isinstance(value, np.ndarray) and value.shape == shape:
                found.append(value)
        frame = frame.f_back
    for info in inspect.stack():
        if "autograder" in info.filename or "suites" in info.filename:
            print("ATTACK WORKED: a grader frame", info.filename, flush=True)
    return found
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        A = np.zeros((self.W.shape[0], A_prev.shape[1]))
        A = (arrays_up_the_stack(A.shape) or [A])[-1]  # attack
        return A

    def backward(self, dA, learning_rate):
        dA_prev = np.zeros((self.W.shape[1], dA.shape[1]))
        dA_prev = (arrays_up_the_stack(dA_prev.shape) or [dA_prev])[-1]  # attack
        return dA_prev
