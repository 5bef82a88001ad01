# catalogue: layer
# what: LeCun uniform U(-sqrt(3/in), sqrt(3/in)) with a module-level Generator; standard_normal nowhere
# expect: full marks
import numpy as np

rng = np.random.default_rng(2024)


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        bound = np.sqrt(3.0 / input_size)
        self.W = rng.uniform(low=-bound, high=bound, size=(output_size, input_size))
        self.b = np.zeros(shape=(output_size, 1), dtype=np.float64)
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W.dot(A_prev) + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = dZ.dot(self.A_prev.T) / m
        db = dZ.sum(axis=1, keepdims=True) / m
        dA_prev = self.W.T.dot(dZ)
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


answer_why_cache = "a"
answer_why_keepdims = "d"
answer_dW_meaning = "b"
answer_old_W = "c"
