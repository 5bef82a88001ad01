import numpy as np


def adam_step(w, g, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update; returns (w, m, v) with m and v the new uncorrected averages."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    # both averages start at zero: dividing by 1 - beta^t undoes that bias in the early steps
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
