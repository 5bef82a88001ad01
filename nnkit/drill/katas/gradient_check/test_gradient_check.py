"""Checks for the gradient-check kata: a right gradient passes, a doubled one is flagged, zero
gradients give 0 and not NaN, the verdict bands, and the caller's x left unchanged.

Relative errors may be normalised differently (by ||a|| + ||n||, by max(||a||, ||n||), ...):
the checks accept any of them, since they agree on the bands that matter."""

from __future__ import annotations

import numpy as np

from autograder.checks import fail, points
from nnkit.drill.katas.returned import number

X = np.array([[0.3, -0.8, 1.1], [0.5, 0.2, -0.4]])


def error_for(learner, kind: str, eps: float = 1e-6) -> float:
    return number(learner.call("run_check", kind, X, eps), "gradient_check")


@points(2)
def test_right_gradient_passes(learner):
    error = error_for(learner, "right")
    # a correct gradient of this smooth O(1) function: central differences at eps = 1e-6 leave
    # about 1e-10 relative; 1e-7 is the top of the "ok" band the kata states
    if error >= 1e-7:
        fail(f"For a correct gradient gradient_check returned {error:.2e}; it should be far below 1e-7. Central "
             "differences with the eps given, and a relative (not absolute) error?")
    if error < 0:
        fail("A relative error cannot be negative: take the norm of the difference.")


@points(2)
def test_doubled_gradient_is_flagged(learner):
    error = error_for(learner, "doubled")
    # ||2g - g|| / (||2g|| + ||g||) = 1/3; other usual normalisations give 1/2 or 1
    if not 0.3 <= error <= 1.0 + 1e-9:
        fail(f"For a gradient twice too large gradient_check returned {error:.3g}; a relative error of the two should "
             "be 1/3 (with ||a|| + ||n|| below the line).")


@points(1)
def test_small_error_is_seen(learner):
    error = error_for(learner, "slightly off")
    if not 1e-7 <= error < 1e-3:
        fail(f"A gradient off by 1e-5 in every entry gave {error:.2e}; it should land between 1e-7 and 1e-3.")


@points(1)
def test_zero_gradients_give_zero(learner):
    value = learner.call("run_check", "flat", X, 1e-6)
    if isinstance(value, float) and value != value:
        fail("Two zero gradients give NaN (0 / 0): put a small floor under the denominator, "
             "max(||a|| + ||n||, 1e-12).")
    if number(value, "gradient_check") != 0.0:
        fail("Two zero gradients should give a relative error of 0.")


@points(1)
def test_verdict_bands(learner):
    for error, expected in ((3e-10, "ok"), (5e-8, "ok"), (2e-6, "look closer"), (4e-4, "look closer"),
                            (2e-3, "bug"), (0.4, "bug")):
        got = learner.call("verdict", error)
        if got != expected:
            fail(f"verdict({error:g}) returned {got!r}; expected {expected!r} ('ok' below 1e-7, 'look closer' up to "
                 "1e-3, 'bug' from 1e-3 on).")


@points(1)
def test_leaves_x_unchanged(learner):
    if not learner.call("probe_leaves_x_unchanged", X.copy()):
        fail("gradient_check changes the caller's x: restore each entry after its evaluations, or work on a copy.")
