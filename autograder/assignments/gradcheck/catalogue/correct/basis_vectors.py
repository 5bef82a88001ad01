# catalogue: gradcheck
# what: each entry moved by adding epsilon times a basis vector (new arrays every time); dA_prev checked as m times the gradient of the mean
# expect: full marks
import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    x = np.asarray(x, dtype=float)
    gradient = np.empty(x.shape)
    for index in np.ndindex(*x.shape):
        e = np.zeros(x.shape)
        e[index] = 1.0
        gradient[index] = (f(x + epsilon * e) - f(x - epsilon * e)) / (2.0 * epsilon)
    return gradient


def relative_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-8))


def check_layer(layer, A_prev, dA, epsilon=1e-6):
    m = A_prev.shape[1]
    W0, b0 = layer.W.copy(), layer.b.copy()
    layer.forward(A_prev)
    dA_prev = layer.backward(dA).copy()
    dW, db = layer.dW.copy(), layer.db.copy()

    def J(W, b, X):
        layer.W, layer.b = W, b
        return np.mean(np.sum(layer.forward(X) * dA, axis=0))  # mean over the examples of each one's loss

    errors = {
        "dW": relative_error(dW, numerical_gradient(lambda W: J(W, b0, A_prev), W0, epsilon)),
        "db": relative_error(db, numerical_gradient(lambda b: J(W0, b, A_prev), b0, epsilon)),
        "dA_prev": relative_error(dA_prev, m * numerical_gradient(lambda X: J(W0, b0, X), A_prev, epsilon)),
    }
    layer.W, layer.b = W0, b0
    return errors


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
