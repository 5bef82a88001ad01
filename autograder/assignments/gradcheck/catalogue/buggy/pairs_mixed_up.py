# catalogue: gradcheck
# what: the analytic gradients listed in another order than the numerical ones
# expect: test_check_layer_correct_layer: ValueError
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
    W, b = layer.W, layer.b
    layer.forward(A_prev)
    analytic = {"dA_prev": np.array(layer.backward(dA)), "dW": np.array(layer.dW), "db": np.array(layer.db)}

    def output_sum(W_, b_, A_prev_):
        layer.W, layer.b = W_, b_
        return float(np.sum(layer.forward(A_prev_) * dA))

    numeric = {
        "dW": numerical_gradient(lambda W_: output_sum(W_, b, A_prev) / m, W, epsilon),
        "db": numerical_gradient(lambda b_: output_sum(W, b_, A_prev) / m, b, epsilon),
        "dA_prev": numerical_gradient(lambda A_: output_sum(W, b, A_), A_prev, epsilon),
    }
    layer.W, layer.b = W, b
    names = ["dW", "db", "dA_prev"]
    pairs = zip(names, analytic.values(), numeric.values())
    return {name: relative_error(a, n) for name, a, n in pairs}


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
