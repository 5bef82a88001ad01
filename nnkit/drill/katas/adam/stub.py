import numpy as np


def adam_step(w, g, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update of the parameters w, given their gradient g (same shape as w).

    m and v are the running averages of g and of g squared from the previous steps (zeros before
    the first step), and t is the number of this step, starting at 1. Correct both averages for
    their start at zero (divide by 1 - beta ** t) before the update
        w - learning_rate * m_hat / (sqrt(v_hat) + eps).
    Returns (w, m, v): the new parameters and the new (uncorrected) averages.
    """
    raise NotImplementedError("kata: write adam_step")
