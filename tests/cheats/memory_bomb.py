# attack: allocate and touch memory until something gives, at import and in forward
# expect: less than full marks
# why it fails: RLIMIT_AS caps the child's address space, so the bomb ends in MemoryError (or a
# crash) inside the child; the grader's memory is untouched.
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


# attack begins
HOARD = []


def bomb():
    try:
        while True:
            HOARD.append(np.ones(16 << 20, dtype=np.uint8))  # 16 MB, touched
    except MemoryError:
        pass


bomb()
HOARD.clear()
_forward = Layer.forward


def forward(self, A_prev):
    bomb()
    return np.zeros((self.W.shape[0], A_prev.shape[1]))


Layer.forward = forward
# attack ends
