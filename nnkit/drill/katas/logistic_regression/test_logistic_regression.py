"""Checks for the logistic-regression kata: the loss trajectory against a reference, the first
loss of zero weights, the final parameters, and learning a separable problem."""

from __future__ import annotations

import numpy as np

from autograder.checks import fail, points
from autograder.assignments.activations.maths import sigmoid
from autograder.assignments.network.maths import bce
from nnkit.drill.katas.returned import array, number, parts

# The same float64 operations in another order drift apart by about 1e-15 per epoch; 1e-8
# relative over 50 epochs is far from that and far below any real mistake (a missing 1/m
# changes the second loss by percents).
TOLERANCE = 1e-8


def data(seed: int, n: int = 3, m: int = 40):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, m))
    Y = (np.array([[1.5, -2.0, 0.5]])[:, :n] @ X + 0.3 > 0).astype(np.float64)
    return X, Y


def reference(X, Y, learning_rate, epochs, *, mse_gradient=False, divide=True, loss_after=False):
    n, m = X.shape
    w, b, losses = np.zeros((n, 1)), 0.0, []
    for _ in range(epochs):
        A = sigmoid(w.T @ X + b)
        dZ = (A - Y) * (A * (1 - A) if mse_gradient else 1.0)
        scale = m if divide else 1
        w, b = w - learning_rate * (X @ dZ.T) / scale, b - learning_rate * float(np.sum(dZ)) / scale
        if not loss_after:
            losses.append(bce(A, Y))
        else:
            losses.append(bce(sigmoid(w.T @ X + b), Y))
    return w, b, losses


def train(learner, X, Y, learning_rate, epochs):
    w, b, losses = parts(learner.call("train_logistic", X, Y, learning_rate, epochs), "train_logistic", 3)
    w = array(w, "w", (X.shape[0], 1))
    b = number(b, "b")
    if not isinstance(losses, list) or len(losses) != epochs:
        fail(f"losses should be a list of {epochs} numbers, one per epoch.")
    return w, b, np.array([number(loss, "each loss") for loss in losses])


def close(a, b) -> bool:
    return np.allclose(a, b, rtol=TOLERANCE, atol=1e-12)


@points(1)
def test_first_loss_is_that_of_zero_weights(learner):
    X, Y = data(1)
    _, _, losses = train(learner, X, Y, 0.5, 3)
    if not close(losses[0], np.log(2)):
        fail(f"The first loss is {losses[0]:.6g}; with w = 0 and b = 0 every prediction is 0.5 and the loss is "
             f"log 2 = {np.log(2):.6g}. Start from zeros and record the loss before the update.")


@points(3)
def test_losses_follow_gradient_descent(learner):
    X, Y = data(2)
    _, _, losses = train(learner, X, Y, 0.5, 50)
    expected = reference(X, Y, 0.5, 50)[2]
    if close(losses, expected):
        return
    for mistake, message in (
        ({"loss_after": True}, "Each loss is recorded after its epoch's update: record it from the forward pass, "
                               "before the step."),
        ({"mse_gradient": True}, "dZ carries an extra A * (1 - A): with cross-entropy after a sigmoid, dZ = A - Y."),
        ({"divide": False}, "The gradient is not divided by m: the loss is a mean, so dw = X @ dZ.T / m and "
                            "db = mean(dZ)."),
    ):
        if close(losses, reference(X, Y, 0.5, 50, **mistake)[2]):
            fail(message)
    epoch = int(np.argmax(~np.isclose(losses, expected, rtol=TOLERANCE, atol=1e-12)))
    fail(f"The losses leave gradient descent's path at epoch {epoch}: {losses[epoch]:.8g} instead of {expected[epoch]:.8g}.")


@points(1)
def test_final_parameters(learner):
    X, Y = data(3)
    w, b, _ = train(learner, X, Y, 0.3, 20)
    w_ref, b_ref, _ = reference(X, Y, 0.3, 20)
    if not (close(w, w_ref) and close(b, b_ref)):
        fail("After 20 epochs w and b differ from gradient descent's; the losses may match while the last update "
             "is missing or taken twice.")


@points(1)
def test_learns_a_separable_problem(learner):
    X, Y = data(4, m=80)
    w, b, losses = train(learner, X, Y, 1.0, 300)
    accuracy = float(np.mean((sigmoid(w.T @ X + b) > 0.5) == (Y > 0.5)))
    if accuracy < 0.95 or not losses[-1] < losses[0]:
        fail(f"After 300 epochs the model classifies {accuracy:.0%} of a linearly separable set correctly; it should "
             "reach 95%.")
