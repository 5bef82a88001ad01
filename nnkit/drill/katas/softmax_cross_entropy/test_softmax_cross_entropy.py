"""Checks for the softmax-cross-entropy kata: the loss, its gradient against central differences,
and stability for scores of +-1000."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from autograder.gradcheck import assert_gradient_close, numeric_gradient
from nnkit.drill.katas.returned import array, number, parts

LOSS_TOLERANCE = 1e-9  # relative: any stable formula agrees to about 1e-14


def reference_loss(Z: np.ndarray, Y: np.ndarray) -> float:
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-np.sum(Y * log_probs) / Z.shape[1])


def problem(k: int, m: int, seed: int, scale: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Z = rng.normal(0.0, scale, size=(k, m))
    Y = np.eye(k)[:, rng.integers(0, k, size=m)]
    return Z, Y


def learner_result(learner, Z, Y) -> tuple[float, np.ndarray]:
    loss, dZ = parts(learner.call("softmax_cross_entropy", Z, Y), "softmax_cross_entropy", 2)
    return number(loss, "the loss"), array(dZ, "dZ", Z.shape)


@points(2)
@pytest.mark.parametrize("k, m", [(3, 5), (4, 1), (10, 8)], ids=str)
def test_loss(learner, k, m):
    Z, Y = problem(k, m, seed=k * 10 + m)
    loss, _ = learner_result(learner, Z, Y)
    expected = reference_loss(Z, Y)
    if abs(loss - expected) > LOSS_TOLERANCE * abs(expected):
        if m > 1 and abs(loss - m * expected) <= LOSS_TOLERANCE * m * abs(expected):
            fail(f"The loss is {m} times too large: it is the sum over the examples; take the mean (divide by m = {m}).")
        fail(f"The loss is {loss:.6g}; expected {expected:.6g}. Is the softmax taken down each column (axis 0)?")


@points(3)
@pytest.mark.parametrize("k, m", [(3, 5), (4, 1), (6, 7)], ids=str)
def test_gradient(learner, k, m):
    Z, Y = problem(k, m, seed=k * 7 + m)
    _, dZ = learner_result(learner, Z, Y)
    numeric = numeric_gradient(lambda z: reference_loss(z, Y), Z)
    if m > 1 and np.allclose(dZ, m * numeric, rtol=1e-5, atol=1e-8):
        fail(f"dZ is {m} times too large: the loss is a mean over the examples, so dZ = (softmax(Z) - Y) / m.")
    if np.allclose(dZ, -numeric, rtol=1e-5, atol=1e-8):
        fail("dZ has the wrong sign: it is softmax(Z) - Y (over m), not Y - softmax(Z).")
    assert_gradient_close(dZ, numeric, what="dZ")


@points(2)
def test_large_scores(learner):
    Z = np.array([[1000.0, -1000.0, 3.0], [998.0, 1000.0, -1000.0], [-5.0, 999.0, 1000.0]])
    Y = np.eye(3)[:, [1, 1, 0]]
    value = parts(learner.call("softmax_cross_entropy", Z, Y), "softmax_cross_entropy", 2)
    loss, dZ = value
    if not np.isfinite(number_or_nan(loss)) or not (isinstance(dZ, np.ndarray) and np.all(np.isfinite(dZ))):
        fail("The loss or dZ is inf or NaN for scores near 1000: np.exp(1000) overflows. Subtract each column's "
             "maximum before exp, and compute log(softmax) as shifted - log(sum(exp(shifted))).")
    loss, dZ = learner_result(learner, Z, Y)
    expected = reference_loss(Z, Y)
    if abs(loss - expected) > LOSS_TOLERANCE * abs(expected):
        fail(f"For scores near 1000 the loss is {loss!r}; expected {expected!r} (log of a rounded softmax loses it: "
             "use the log-sum-exp form).")
    probs = np.exp(Z - Z.max(axis=0, keepdims=True))
    probs /= probs.sum(axis=0, keepdims=True)
    assert_gradient_close(dZ, (probs - Y) / Z.shape[1], what="dZ for large scores")


def number_or_nan(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
