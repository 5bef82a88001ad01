import numpy as np


def train_logistic(X, Y, learning_rate, epochs):
    """Full-batch gradient descent for logistic regression from zeros; returns (w, b, losses)."""
    n, m = X.shape
    w, b = np.zeros((n, 1)), 0.0
    losses = []
    for _ in range(epochs):
        Z = w.T @ X + b
        A = np.where(Z >= 0, 1 / (1 + np.exp(-np.abs(Z))), np.exp(-np.abs(Z)) / (1 + np.exp(-np.abs(Z))))
        clipped = np.clip(A, 1e-12, 1 - 1e-12)
        losses.append(float(-np.mean(Y * np.log(clipped) + (1 - Y) * np.log(1 - clipped))))
        dZ = A - Y  # the sigmoid's slope cancels against the cross-entropy's derivative
        w = w - learning_rate * (X @ dZ.T) / m
        b = b - learning_rate * float(np.mean(dZ))
    return w, b, losses
