"""Checks for the numeric-gradient kata: agreement with the exact gradient, second-order accuracy
(a one-sided difference is named), any shape, and the caller's x left unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from autograder.gradcheck import assert_gradient_close
from autograder.learner import Ref
from nnkit.drill.katas.returned import array


def exact_gradient(kind: str, x: np.ndarray) -> np.ndarray:
    """The analytic gradients of provided.py's functions."""
    if kind == "cubic":
        gradient = 3 * x ** 2
        gradient.flat[0] += x.flat[-1]
        gradient.flat[-1] += x.flat[0]
        return gradient
    c = np.cos(np.arange(x.size)).reshape(x.shape)
    return -c / (1 + np.exp(c * x))


def central(kind: str, x: np.ndarray, eps: float) -> np.ndarray:
    """The central difference the learner should return, computed here the same way."""
    from autograder.gradcheck import numeric_gradient

    if kind == "cubic":
        return numeric_gradient(lambda v: float(np.sum(v ** 3) + v.flat[0] * v.flat[-1]), x, eps)
    c = np.cos(np.arange(x.size)).reshape(x.shape)
    return numeric_gradient(lambda v: float(np.sum(np.log1p(np.exp(-c * v)))), x, eps)


def learner_gradient(learner, kind: str, x: np.ndarray, eps: float) -> np.ndarray:
    learner.call("make_loss", kind, store="f")
    return array(learner.call("numeric_gradient", Ref("f"), x, eps), "numeric_gradient", x.shape)


@points(3)
@pytest.mark.parametrize("kind, shape", [("cubic", (5,)), ("cubic", (3, 4)), ("logistic", (2, 3, 2))], ids=str)
def test_matches_the_exact_gradient(learner, kind, shape):
    x = np.random.default_rng(len(shape)).uniform(-2, 2, size=shape)
    got = learner_gradient(learner, kind, x, 1e-6)
    assert_gradient_close(got, exact_gradient(kind, x), what="the numeric gradient")


@points(2)
def test_second_order_accuracy(learner):
    # with eps = 0.01 a central difference of x^3 is off by eps^2 = 1e-4 per entry, a forward
    # difference by about 3 x eps = 0.03: the check tells them apart, and any correct central
    # difference (whatever its loop) reproduces the reference to rounding, 1e-9 relative
    x = np.array([1.5, -0.5, 2.0, 0.75])
    got = learner_gradient(learner, "cubic", x, 1e-2)
    expected = central("cubic", x, 1e-2)
    forward = np.array([(float(np.sum(xp ** 3) + xp[0] * xp[-1]) - float(np.sum(x ** 3) + x[0] * x[-1])) / 1e-2
                        for xp in (x + 1e-2 * np.eye(4))])
    if np.allclose(got, forward, rtol=1e-9):
        fail("This is a one-sided (forward) difference, (f(x + eps) - f(x)) / eps: its error is O(eps). Use "
             "(f(x + eps) - f(x - eps)) / (2 eps), whose error is O(eps^2).")
    if np.allclose(got, expected * 2, rtol=1e-9):
        fail("The difference is divided by eps instead of 2 eps.")
    if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        fail("With eps = 0.01 the result is not the central difference (f(x + eps e_i) - f(x - eps e_i)) / (2 eps): "
             "is the eps argument used?")


@points(1)
def test_leaves_x_unchanged(learner):
    x = np.random.default_rng(3).uniform(-1, 1, size=(3, 3))
    if not learner.call("probe_leaves_x_unchanged", x):
        fail("numeric_gradient changes the caller's x: restore each entry after its two evaluations, or work on a "
             "copy (np.array(x, copy=True)).")
