"""The one gradient checker: float64 central differences and relative errors.

Every gradient in every suite is judged by `assert_gradient_close(analytic, numeric, what=...)`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from autograder.checks import fail, measure

# Central differences have truncation error O(eps^2 * f''') and rounding error O(u / eps) with
# u = 2.2e-16 (float64). eps = 1e-6 balances the two at about 1e-10 absolute on O(1) values.
EPSILON = 1e-6

# The losses here are O(1..10), so each evaluation carries rounding of about 1e-15 * 10 and a
# difference quotient about 1e-14 / 2e-6 = 5e-9 absolute; against gradients of norm O(1) a
# correct analytic gradient shows relative errors of 1e-10..1e-8 (the ReLU kink is avoided by
# the inputs the suites choose). A real bug (a missing factor of m, a transpose, a derivative
# taken at A) moves it to 1e-2 or beyond. 1e-6 leaves two orders of magnitude on each side.
RELATIVE_TOLERANCE = 1e-6

# Below this norm both gradients are "zero" and are compared absolutely: the relative error of
# two arrays that are both essentially zero is meaningless.
ABSOLUTE_FLOOR = 1e-8


def numeric_gradient(loss: Callable[[np.ndarray], float], x: np.ndarray, eps: float = EPSILON) -> np.ndarray:
    """dloss/dx by central differences, one coordinate at a time. `x` is not modified."""
    x = np.array(x, dtype=np.float64, copy=True)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = loss(x)
        x[index] = original - eps
        minus = loss(x)
        x[index] = original
        gradient[index] = (plus - minus) / (2 * eps)
    return gradient


def projection_loss(function: Callable[[np.ndarray], np.ndarray], projection: np.ndarray) -> Callable[[np.ndarray], float]:
    """L(x) = sum(function(x) * G): a random projection, so that dL/dA = G exercises every output."""
    return lambda x: float(np.sum(function(x) * projection))


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """||a - n|| / max(||a|| + ||n||, floor): 0 for equal arrays, about 1 for unrelated ones.

    Norms, not elementwise ratios: an element that is zero up to rounding would turn noise of
    1e-10 into a relative error of 1.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    scale = max(float(np.linalg.norm(analytic) + np.linalg.norm(numeric)), ABSOLUTE_FLOOR)
    return float(np.linalg.norm(analytic - numeric)) / scale


def assert_gradient_close(analytic: np.ndarray, numeric: np.ndarray, what: str, hint: str = "") -> float:
    """Fail with a diagnosis when the analytic gradient disagrees with the numeric one."""
    __tracebackhide__ = True
    analytic = np.asarray(analytic)
    numeric = np.asarray(numeric)
    if analytic.shape != numeric.shape:
        fail(f"{what} has shape {analytic.shape} but should have shape {numeric.shape}.")
    if not np.all(np.isfinite(analytic)):
        fail(f"{what} contains NaN or infinity.")
    error = relative_error(analytic, numeric)
    measure(f"{what} relative error", error, RELATIVE_TOLERANCE)
    if error > RELATIVE_TOLERANCE:
        fail(hint or f"{what} does not match the finite-difference gradient (relative error {error:.1e}).")
    return error


def gradient_from_update(before: np.ndarray, after: np.ndarray, learning_rate: float) -> np.ndarray:
    """The gradient a learner's update used, seen from outside: (before - after) / learning_rate.

    A layer's backward updates W -= learning_rate * dW and never needs to expose dW, so a suite
    reads dW this way. The rounding is about u * |W| / (learning_rate * |dW|), below 1e-12 for the
    rates and sizes the suites use. `after` must have `before`'s shape (ValueError otherwise):
    learner arrays never broadcast here, so an `after` of shape (5e6, 1, 1) costs nothing; a
    parameter whose shape changed (a db of shape (n,) turns b into (n, n)) is diagnosed from its
    shape by the suite.
    """
    if np.shape(after) != np.shape(before):
        raise ValueError(f"the parameter changed shape, {np.shape(before)} -> {np.shape(after)}")
    before = np.asarray(before, dtype=np.float64)
    after = np.asarray(after, dtype=np.float64)
    return (before - after) / learning_rate
