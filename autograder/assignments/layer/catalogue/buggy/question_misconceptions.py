# catalogue: layer
# what: layer right, every answer a common misconception
# expect: test_question_why_cache: costs memory
# expect: test_question_why_keepdims: That line raises nothing
# expect: test_question_dW_meaning: not by dW[i, j]
# expect: test_question_old_W: It does matter
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = np.dot(self.W, A_prev) + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = np.dot(dZ, self.A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(self.W.T, dZ)
        self.W -= learning_rate * dW
        self.b -= learning_rate * db
        return dA_prev


answer_why_cache = "b"
answer_why_keepdims = "c"
answer_dW_meaning = "a"
answer_old_W = "a"
