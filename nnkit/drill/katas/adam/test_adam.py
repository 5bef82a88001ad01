"""Checks for the Adam kata: the moments, the bias correction, eps outside the square root, and a
run of several steps against a reference."""

from __future__ import annotations

import numpy as np

from autograder.checks import fail, points
from nnkit.drill.katas.returned import array, parts

TOLERANCE = 1e-10  # relative: the same few float64 operations in any order agree to about 1e-15


def reference(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def step(learner, w, g, m, v, t, *rest):
    result = parts(learner.call("adam_step", w, g, m, v, t, *rest), "adam_step", 3)
    return [array(part, name, w.shape) for part, name in zip(result, ("the new w", "the new m", "the new v"))]


def close(a, b) -> bool:
    return np.allclose(a, b, rtol=TOLERANCE, atol=1e-15)


@points(2)
def test_moments(learner):
    rng = np.random.default_rng(4)
    w, g, m, v = (rng.normal(size=(3, 4)) for _ in range(4))
    v = np.abs(v)
    _, m_new, v_new = step(learner, w, g, m, v, 7)
    expected = reference(w, g, m, v, 7)
    if not close(m_new, expected[1]):
        fail("The new m should be beta1 * m + (1 - beta1) * g (returned without bias correction).")
    if close(v_new, 0.999 * v + 0.001 * g):
        fail("v averages the SQUARED gradient: v = beta2 * v + (1 - beta2) * g * g.")
    if not close(v_new, expected[2]):
        fail("The new v should be beta2 * v + (1 - beta2) * g * g (returned without bias correction).")


@points(2)
def test_first_step_is_bias_corrected(learner):
    w = np.array([[0.5, -1.0, 2.0]])
    g = np.array([[0.3, -2.0, 1e-3]])
    zeros = np.zeros_like(w)
    w_new, _, _ = step(learner, w, g, zeros, zeros, 1)
    expected, _, _ = reference(w, g, zeros, zeros, 1)
    if close(w_new, w - 0.001 * (0.1 * g) / (np.sqrt(0.001 * g * g) + 1e-8)):
        fail("The first step is about 3.16 times the learning rate: the bias correction is missing (divide m by "
             "1 - beta1 ** t and v by 1 - beta2 ** t before the update).")
    if not close(w_new, expected):
        fail(f"After the first step w should be {expected.ravel().round(6).tolist()}: with the correction, the first "
             "step moves each weight by about learning_rate against the sign of its gradient.")


@points(1)
def test_eps_outside_the_square_root(learner):
    w = np.array([[1.0, 1.0]])
    g = np.array([[1e-9, -1e-9]])  # sqrt(v_hat) = 1e-9, smaller than eps = 1e-8
    zeros = np.zeros_like(w)
    w_new, _, _ = step(learner, w, g, zeros, zeros, 1)
    expected, _, _ = reference(w, g, zeros, zeros, 1)
    if close(w_new, w - 0.001 * g / np.sqrt(g * g + 1e-8)):
        fail("eps is inside the square root: Adam divides by sqrt(v_hat) + eps.")
    if not close(w_new, expected):
        fail("For tiny gradients the step should be learning_rate * m_hat / (sqrt(v_hat) + eps).")


@points(2)
def test_several_steps_with_other_settings(learner):
    rng = np.random.default_rng(12)
    w = rng.normal(size=(4, 2))
    m = v = np.zeros_like(w)
    expected_w, expected_m, expected_v = w, m, v
    for t in range(1, 6):
        g = rng.normal(size=w.shape)
        w, m, v = step(learner, w, g, m, v, t, 0.01, 0.8, 0.99, 1e-7)
        expected_w, expected_m, expected_v = reference(expected_w, g, expected_m, expected_v, t, 0.01, 0.8, 0.99, 1e-7)
        if not (close(w, expected_w) and close(m, expected_m) and close(v, expected_v)):
            fail(f"At step {t} with learning_rate=0.01, beta1=0.8, beta2=0.99, eps=1e-7 the result differs from Adam's: "
                 "are all the arguments used (none hard-coded), and t counted from 1?")
