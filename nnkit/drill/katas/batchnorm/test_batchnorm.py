"""Checks for the batch-norm kata: statistics per unit over the batch, biased variance, eps inside
the square root, gamma and beta, and a constant unit that must not turn into NaN."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from nnkit.drill.katas.returned import array

TOLERANCE = 1e-10  # relative; the same few operations in any order agree to about 1e-14


def reference(Z, gamma, beta, eps=1e-5, axis=1, ddof=0, eps_inside=True):
    mean = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, keepdims=True, ddof=ddof)
    scale = np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps
    return gamma * (Z - mean) / scale + beta


def problem(units: int, m: int, seed: int):
    rng = np.random.default_rng(seed)
    Z = rng.normal(3.0, 2.0, size=(units, m))
    return Z, rng.uniform(0.5, 2.0, size=(units, 1)), rng.normal(size=(units, 1))


def close(a, b) -> bool:
    return np.allclose(a, b, rtol=TOLERANCE, atol=1e-12)


def diagnose(got, Z, gamma, beta, eps) -> None:
    if close(got, reference(Z, gamma, beta, eps, axis=0)):
        fail("Each EXAMPLE (column) was normalised across the units: batch norm normalises each unit (row) over "
             "the batch, axis=1.")
    if close(got, reference(Z, gamma, beta, eps, ddof=1)):
        fail("The variance is the unbiased one (ddof=1): batch norm uses the batch's own variance, dividing by m.")
    if close(got, reference(Z, gamma, beta, eps, eps_inside=False)):
        fail("eps is outside the square root: divide by sqrt(var + eps).")
    if close(got, reference(Z, 1.0, 0.0, eps)):
        fail("gamma and beta are not applied: return gamma * Z_norm + beta.")
    fail("batchnorm_forward's output differs from (Z - mean) / sqrt(var + eps) * gamma + beta, "
         "with the mean and variance of each row.")


@points(4)
@pytest.mark.parametrize("units, m", [(3, 8), (5, 4), (2, 16)], ids=str)
def test_normalises_each_unit(learner, units, m):
    Z, gamma, beta = problem(units, m, seed=units * m)
    got = array(learner.call("batchnorm_forward", Z, gamma, beta, 1e-5), "batchnorm_forward", Z.shape)
    if not close(got, reference(Z, gamma, beta, 1e-5)):
        diagnose(got, Z, gamma, beta, 1e-5)


@points(1)
def test_eps_is_used(learner):
    Z, gamma, beta = problem(3, 6, seed=2)
    Z *= 0.01  # variance 4e-4: eps = 1e-3 changes the result noticeably
    got = array(learner.call("batchnorm_forward", Z, gamma, beta, 1e-3), "batchnorm_forward", Z.shape)
    if not close(got, reference(Z, gamma, beta, 1e-3)):
        if close(got, reference(Z, gamma, beta, 1e-5)):
            fail("The eps argument is ignored (1e-5 is hard-coded).")
        diagnose(got, Z, gamma, beta, 1e-3)


@points(1)
def test_constant_unit(learner):
    Z = np.vstack([np.full((1, 5), 2.5), np.arange(5.0).reshape(1, 5)])
    gamma, beta = np.array([[1.5], [1.0]]), np.array([[0.25], [0.0]])
    got = learner.call("batchnorm_forward", Z, gamma, beta, 1e-5)
    if isinstance(got, np.ndarray) and not np.all(np.isfinite(got)):
        fail("A unit with the same value for every example gives NaN: its variance is 0, so eps must be added "
             "inside the square root.")
    got = array(got, "batchnorm_forward", Z.shape)
    if not close(got, reference(Z, gamma, beta, 1e-5)):
        diagnose(got, Z, gamma, beta, 1e-5)
