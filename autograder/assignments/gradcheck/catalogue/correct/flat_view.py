# catalogue: gradcheck
# what: a copy looped over through a flat view (f still gets the array in its own shape); norms written out by hand
# expect: full marks
import numpy as np


def numerical_gradient(f, x, epsilon=1e-6):
    point = np.array(x, dtype=np.float64, copy=True)
    flat = point.reshape(-1)  # a view: writing into it moves point
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + epsilon
        up = f(point)
        flat[i] = keep - epsilon
        down = f(point)
        flat[i] = keep
        grad[i] = (up - down) / (2 * epsilon)
    return grad.reshape(point.shape)


def relative_error(a, b):
    a = np.array(a, dtype=np.float64)
    b = np.array(b, dtype=np.float64)
    if np.shape(a) != np.shape(b):
        raise ValueError("relative_error needs two arrays of the same shape")
    top = np.sqrt(np.sum((a - b) ** 2))
    bottom = np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(b ** 2))
    return top / max(bottom, 1e-8)


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
