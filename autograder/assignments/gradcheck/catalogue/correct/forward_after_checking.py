# catalogue: gradcheck
# what: check_layer runs the numerical gradients first, then a fresh forward pass and backward; relative_error through np.linalg.norm of flattened arrays
# expect: full marks
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
        raise ValueError("shapes differ")
    diff = np.linalg.norm((a - b).ravel())
    return float(diff / max(np.linalg.norm(a.ravel()) + np.linalg.norm(b.ravel()), 1e-8))


def check_layer(layer, A_prev, dA, epsilon=1e-6):
    m = A_prev.shape[1]
    W, b = layer.W.copy(), layer.b.copy()

    def cost(W_try=W, b_try=b, A_try=A_prev):
        layer.W, layer.b = W_try, b_try
        return np.sum(layer.forward(A_try) * dA)

    num_dW = numerical_gradient(lambda W_try: cost(W_try=W_try) / m, W, epsilon)
    num_db = numerical_gradient(lambda b_try: cost(b_try=b_try) / m, b, epsilon)
    num_dA_prev = numerical_gradient(lambda A_try: cost(A_try=A_try), A_prev, epsilon)
    layer.W, layer.b = W, b
    layer.forward(A_prev)  # the cache of the unperturbed pass, for backward
    dA_prev = layer.backward(dA)
    return {"dW": relative_error(layer.dW, num_dW), "db": relative_error(layer.db, num_db),
            "dA_prev": relative_error(dA_prev, num_dA_prev)}


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
