import numpy as np


def minibatches(X, Y, batch_size, rng):
    """One epoch of shuffled mini-batches.

    X is (n_features, m) and Y is (n_outputs, m): examples are columns. Shuffle the examples with
    rng (a np.random.Generator), keeping each column of X with its column of Y, and cut them into
    batches of batch_size columns; the last batch holds whatever is left (it may be smaller).
    Returns a list of (X_batch, Y_batch) pairs that together hold every example exactly once.
    """
    raise NotImplementedError("kata: write minibatches")
