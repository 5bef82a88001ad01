# catalogue: gradcheck
# what: relative_error raises its own subclass of ValueError and returns a numpy float64; check_layer builds the dict with a loop over the parameter names
# expect: full marks
import numpy as np


class ShapeMismatch(ValueError):
    """Two gradients that cannot be compared."""


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
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ShapeMismatch(f"{a.shape} vs {b.shape}")
    denominator = np.maximum(np.linalg.norm(a) + np.linalg.norm(b), 1e-8)
    return np.linalg.norm(a - b) / denominator


def check_layer(layer, A_prev, dA, epsilon=1e-6):
    m = A_prev.shape[1]
    originals = {"W": layer.W, "b": layer.b}
    layer.forward(A_prev)
    dA_prev = layer.backward(dA)
    analytic = {"W": layer.dW.copy(), "b": layer.db.copy()}

    def loss(name, value):
        setattr(layer, name, value)
        result = float(np.sum(layer.forward(A_prev) * dA)) / m
        setattr(layer, name, originals[name])
        return result

    errors = {}
    for name in ("W", "b"):
        numeric = numerical_gradient(lambda value: loss(name, value), originals[name], epsilon)
        errors["d" + name] = relative_error(analytic[name], numeric)
    numeric = numerical_gradient(lambda X: float(np.sum(layer.forward(X) * dA)), A_prev, epsilon)
    errors["dA_prev"] = relative_error(dA_prev, numeric)
    return errors


answer_epsilon_too_small = 'c'
answer_epsilon_too_large = 'a'
answer_error_order = 'd'
answer_kink = 'b'
answer_bands = 'd'
answer_buggy_layer = 'c'
answer_buggy_gradient = 'b'
