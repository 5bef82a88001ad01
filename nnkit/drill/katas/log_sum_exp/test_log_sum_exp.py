"""Checks for the log-sum-exp kata: values, shape, and stability at +-1000."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from nnkit.drill.katas.returned import array

# Expected values: the plain formula where it is safe (|z| < 20), the shifted one for +-1000.
# Agreement to 1e-9 relative leaves room for any order of summation (rounding is about 1e-15).
TOLERANCE = 1e-9


def reference(Z: np.ndarray) -> np.ndarray:
    top = Z.max(axis=0, keepdims=True)
    return top + np.log(np.exp(Z - top).sum(axis=0, keepdims=True))


def learner_lse(learner, Z: np.ndarray) -> np.ndarray:
    value = learner.call("log_sum_exp", Z)
    expected_shape = (1, Z.shape[1])
    if isinstance(value, np.ndarray) and value.shape == (Z.shape[1],):
        fail(f"log_sum_exp returned shape {value.shape}: keep the summed axis (keepdims=True) so the result is (1, m).")
    if isinstance(value, np.ndarray) and value.shape == (Z.shape[0], 1) and Z.shape[0] != Z.shape[1]:
        fail("log_sum_exp summed over axis 1 (across the examples): sum over axis 0, down each column.")
    return array(value, "log_sum_exp", expected_shape)


@points(2)
@pytest.mark.parametrize("shape", [(3, 4), (5, 1), (1, 6), (10, 7)], ids=str)
def test_values(learner, shape):
    Z = np.random.default_rng(sum(shape)).normal(0.0, 3.0, size=shape)
    got = learner_lse(learner, Z)
    expected = np.log(np.exp(Z).sum(axis=0, keepdims=True))  # safe here: |z| stays below 20
    if not np.allclose(got, expected, rtol=TOLERANCE, atol=TOLERANCE):
        if np.allclose(got, np.log(np.exp(Z).sum(axis=0, keepdims=True)) - Z.max(axis=0, keepdims=True)):
            fail("The shift by the maximum is taken away but never added back: return max + log(sum(exp(Z - max))).")
        fail(f"log_sum_exp is off: for column 0 it returned {got[0, 0]:.6g}, expected {expected[0, 0]:.6g}.")


@points(2)
def test_large_entries(learner):
    Z = np.array([[1000.0, 10.0, -3.0], [999.0, 1000.0, 700.0], [0.0, 5.0, 710.0]])
    got = learner.call("log_sum_exp", Z)
    if isinstance(got, np.ndarray) and not np.all(np.isfinite(got)):
        fail("log_sum_exp overflows for entries near 1000: np.exp(1000) is inf. Subtract each column's maximum before exp.")
    got = learner_lse(learner, Z)
    if not np.allclose(got, reference(Z), rtol=TOLERANCE, atol=0):
        fail(f"log_sum_exp is inaccurate for large entries: column 0 gave {got[0, 0]!r}, expected {reference(Z)[0, 0]!r}.")


@points(1)
def test_very_negative_entries(learner):
    Z = np.full((4, 3), -1000.0) + np.array([[0.0], [0.0], [-1.0], [-2.0]])
    got = learner.call("log_sum_exp", Z)
    if isinstance(got, np.ndarray) and np.any(np.isneginf(got)):
        fail("log_sum_exp returns -inf for entries near -1000: exp underflows to 0 and log(0) = -inf. Shift by the maximum.")
    got = learner_lse(learner, Z)
    if not np.allclose(got, reference(Z), rtol=TOLERANCE, atol=0):
        fail(f"log_sum_exp is inaccurate for very negative entries: got {got[0, 0]!r}, expected {reference(Z)[0, 0]!r}.")
