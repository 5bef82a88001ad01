"""Checks for the conv1d kata: against numpy's correlate, with padding, strides and a bias, and a
diagnosis for a flipped kernel or a wrong output length."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from nnkit.drill.katas.returned import array

TOLERANCE = 1e-12  # sums of a few products: any order agrees to about 1e-15


def reference(x, w, b=0.0, stride=1, pad=0) -> np.ndarray:
    full = np.correlate(np.pad(x, pad), w, mode="valid")  # numpy's own cross-correlation
    return full[::stride] + b


def learner_conv(learner, x, w, b, stride, pad) -> np.ndarray:
    value = learner.call("conv1d", x, w, b, stride, pad)
    expected = reference(x, w, b, stride, pad)
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.shape != expected.shape:
        fail(f"With n = {len(x)}, k = {len(w)}, stride = {stride} and pad = {pad} the output should have "
             f"(n + 2*pad - k) // stride + 1 = {len(expected)} entries, not {len(value)}.")
    return array(value, "conv1d", expected.shape)


CASES = {  # name: (n, k, b, stride, pad)
    "valid": (9, 3, 0.0, 1, 0),
    "even kernel": (8, 4, 0.0, 1, 0),
    "bias": (7, 3, 0.75, 1, 0),
    "padding": (6, 3, 0.0, 1, 1),
    "stride 2": (10, 3, 0.0, 2, 0),
    "stride 3 and padding": (11, 4, -0.5, 3, 2),
}


@points(5)
@pytest.mark.parametrize("case", list(CASES), ids=str)
def test_conv1d(learner, case):
    n, k, b, stride, pad = CASES[case]
    rng = np.random.default_rng(n * 10 + k)
    x, w = rng.normal(size=n), rng.normal(size=k)
    got = learner_conv(learner, x, w, b, stride, pad)
    expected = reference(x, w, b, stride, pad)
    if np.allclose(got, expected, rtol=TOLERANCE, atol=TOLERANCE):
        return
    if np.allclose(got, reference(x, w[::-1], b, stride, pad), rtol=1e-9, atol=1e-12):
        fail("The kernel is flipped (np.convolve, a true convolution): deep-learning layers compute a "
             "cross-correlation, sum(x[i:i+k] * w) with w in its given order.")
    if b and np.allclose(got, expected - b, rtol=1e-9, atol=1e-12):
        fail("The bias b is not added.")
    fail(f"conv1d's output differs: entry 0 is {got[0]:.6g}, expected {expected[0]:.6g}.")
