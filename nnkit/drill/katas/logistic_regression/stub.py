import numpy as np


def train_logistic(X, Y, learning_rate, epochs):
    """Logistic regression trained by full-batch gradient descent.

    X is (n, m) (examples are columns), Y is (1, m) with labels 0 or 1. Start from w = zeros
    (n, 1) and b = 0.0. In each epoch: compute A = sigmoid(w.T @ X + b), record the mean binary
    cross-entropy of A against Y (before this epoch's update), then take one gradient-descent
    step on w and b with the gradient of that mean loss.
    Returns (w, b, losses): w of shape (n, 1), b a number, losses a list of `epochs` numbers.
    """
    raise NotImplementedError("kata: write train_logistic")
