# catalogue: softmax_output
# what: clip at Keras's epsilon on both sides, a mean of per-example sums, methods that reuse each other
# expect: full marks
import numpy as np

EPSILON = 1e-7


def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z - np.amax(Z, axis=0))
    return e / np.sum(e, axis=0)


def cross_entropy(A, Y):
    A = np.clip(A, EPSILON, 1 - EPSILON)
    return np.mean(np.sum(-Y * np.log(A), axis=0))


class SoftmaxOutput:
    def __init__(self, input_size, n_classes):
        limit = np.sqrt(6.0 / (input_size + n_classes))
        self.W = np.random.uniform(-limit, limit, (n_classes, input_size))
        self.b = np.zeros((n_classes, 1))
        self.cache = None

    def forward(self, A_prev):
        Z = self.W @ A_prev + self.b
        A = softmax(Z)
        self.cache = (A_prev, Z, A)
        return A

    def gradients(self, Y):
        A_prev, Z, A = self.cache
        m = A_prev.shape[1]
        dZ = A - Y
        return dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, self.W.T @ dZ

    def backward(self, Y, learning_rate):
        dW, db, dA_prev = self.gradients(Y)
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


answer_why_A_minus_Y = "(b) the Jacobian times -Y / A"
answer_subtract_max = "a"
