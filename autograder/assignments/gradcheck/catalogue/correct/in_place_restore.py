# catalogue: gradcheck
# what: CS231n style: the caller's own array perturbed with np.nditer and put back exactly; check_layer hands numerical_gradient the layer's W itself, so f ignores its argument
# expect: full marks
import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    gradient = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + epsilon
        fxph = f(x)
        x[ix] = old - epsilon
        fxmh = f(x)
        x[ix] = old
        gradient[ix] = (fxph - fxmh) / (2 * epsilon)
        it.iternext()
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
    loss = lambda _: np.sum(layer.forward(A_prev) * dA)  # reads the layer's W, b and A_prev as they are now
    num_dW = numerical_gradient(lambda _: loss(_) / m, layer.W, epsilon)
    num_db = numerical_gradient(lambda _: loss(_) / m, layer.b, epsilon)
    num_dA_prev = numerical_gradient(loss, A_prev, epsilon)
    return {"dW": relative_error(dW, num_dW), "db": relative_error(db, num_db),
            "dA_prev": relative_error(dA_prev, num_dA_prev)}


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
