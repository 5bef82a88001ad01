import numpy as np


def conv1d(x, w, b=0.0, stride=1, pad=0):
    """1-D cross-correlation of x (n,) with w (k,), zero padding `pad`, step `stride`, plus b."""
    x = np.pad(np.asarray(x, dtype=np.float64), pad)
    k = len(w)
    starts = range(0, len(x) - k + 1, stride)
    return np.array([np.dot(x[s:s + k], w) for s in starts]) + b
