# catalogue: gradcheck
# what: works on a copy but never puts x[i] back after the two evaluations
# expect: test_numerical_gradient_two_sided: put x[i] back
import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += epsilon
        f_plus = f(x)
        x[index] -= 2 * epsilon
        f_minus = f(x)
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
    return {name: relative_error(analytic[name], numeric[name]) for name in analytic}


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
