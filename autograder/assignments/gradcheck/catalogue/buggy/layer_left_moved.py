# catalogue: gradcheck
# what: perturbs layer.W in place and forgets to put each entry back after the minus step
# expect: test_check_layer_leaves_its_inputs_as_they_were: layer.W
import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + epsilon
        f_plus = f(x)
        x[index] = saved - epsilon
        f_minus = f(x)
        x[index] = saved
        gradient[index] = (f_plus - f_minus) / (2 * epsilon)
    return gradient


def relative_error(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-8))


def check_layer(layer, A_prev, dA, epsilon=1e-6):
    m = A_prev.shape[1]
    layer.forward(A_prev)
    dA_prev = layer.backward(dA).copy()
    dW, db = layer.dW.copy(), layer.db.copy()

    def J():
        return float(np.sum(layer.forward(A_prev) * dA)) / m

    num_dW = np.zeros_like(layer.W)
    for idx in np.ndindex(layer.W.shape):
        layer.W[idx] += epsilon
        plus = J()
        layer.W[idx] -= 2 * epsilon
        num_dW[idx] = (plus - J()) / (2 * epsilon)
    num_db = numerical_gradient(lambda b_: (setattr(layer, "b", b_), J())[1], layer.b, epsilon)
    num_dA_prev = numerical_gradient(lambda X: float(np.sum(layer.forward(X) * dA)), A_prev, epsilon)
    return {"dW": relative_error(dW, num_dW), "db": relative_error(db, num_db),
            "dA_prev": relative_error(dA_prev, num_dA_prev)}


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
