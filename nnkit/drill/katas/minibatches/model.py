import numpy as np


def minibatches(X, Y, batch_size, rng):
    """Shuffled (X_batch, Y_batch) pairs covering every column once; the last may be smaller."""
    m = X.shape[1]
    order = rng.permutation(m)  # one permutation for both, so every example keeps its label
    return [(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
            for start in range(0, m, batch_size)]
