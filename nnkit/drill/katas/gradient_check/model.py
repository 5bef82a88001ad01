import numpy as np


def gradient_check(f, grad_f, x, eps=1e-6):
    """Relative error between grad_f(x) and the central-difference gradient of f at x."""
    x = np.array(x, dtype=np.float64, copy=True)
    analytic = np.asarray(grad_f(x), dtype=np.float64)
    numeric = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = f(x)
        x[index] = original - eps
        minus = f(x)
        x[index] = original
        numeric[index] = (plus - minus) / (2 * eps)
    # norms, not entry-by-entry ratios: an entry that is zero up to rounding would turn noise
    # into a relative error of 1; the floor makes two zero gradients agree
    scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    return float(np.linalg.norm(analytic - numeric) / scale)


def verdict(error):
    """'ok' below 1e-7, 'look closer' up to 1e-3, 'bug' beyond."""
    if error < 1e-7:
        return "ok"
    if error < 1e-3:
        return "look closer"
    return "bug"
