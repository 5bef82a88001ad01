# attack: an infinite loop at import, hoping the grader waits forever or gives up with a pass
# expect: less than full marks
# why it fails: every call has a wall-clock deadline; the child is killed with its process group,
# restarted at most max_restarts times, then the remaining checks are skipped.
import numpy as np

class Layer:  # wrong: no activation derivative in backward (dZ = dA)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev


while True:  # attack
    pass  # attack
