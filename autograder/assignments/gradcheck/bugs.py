"""Bug models of the gradcheck assignment, computed in the trusted process.

Each model predicts what a typical mistake returns on a case, with the same trusted function or
layer the learner's code was given; when a learner's value fails a check, the suite names the
first model that predicts it. Nothing here decides a score.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.assignments.gradcheck.maths import PARAMETERS, FunctionCase, LayerCase
from autograder.gradcheck import ABSOLUTE_FLOOR, numeric_gradient, relative_error
from autograder.sandbox.child import TRUSTED_FUNCTIONS


# ---------------------------------------------------------------- numerical_gradient
# Each mistaken scheme as a function (f, x, h) -> what such a numerical_gradient returns.
def one_entry_at_a_time(difference: Callable) -> Callable:
    def scheme(f, x, h):
        gradient = np.zeros_like(x)
        for index in np.ndindex(x.shape):
            gradient[index] = difference(f, x, index, h)
        return gradient
    return scheme


def moved(x: np.ndarray, index, by: float) -> np.ndarray:
    copy = x.copy()
    copy[index] += by
    return copy


def left_at_minus(f, x, h) -> np.ndarray:
    """x[i] += h, f, x[i] -= 2 h, f, and x[i] is never put back: every later entry is
    differentiated at a point moved by -h in all the entries before it."""
    x = x.copy()
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += h
        plus = f(x)
        x[index] -= 2 * h
        gradient[index] = (plus - f(x)) / (2 * h)
    return gradient


TWO_SIDED = "(f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)"
# name -> (the scheme, what is wrong with it and what to do, for numerical_gradient's diagnosis)
SCHEMES: dict[str, tuple[Callable, str]] = {
    "one-sided": (one_entry_at_a_time(lambda f, x, i, h: (f(moved(x, i, h)) - f(x)) / h),
                  f"is one-sided, (f(x + epsilon) - f(x)) / epsilon: its error shrinks only like epsilon. Use both "
                  f"sides, {TWO_SIDED}, whose error shrinks like epsilon squared."),
    "one-sided backwards": (one_entry_at_a_time(lambda f, x, i, h: (f(x) - f(moved(x, i, -h))) / h),
                            f"is one-sided, (f(x) - f(x - epsilon)) / epsilon: its error shrinks only like epsilon. "
                            f"Use both sides, {TWO_SIDED}."),
    "not put back": (left_at_minus,
                     "leaves each entry of x at x[i] - epsilon after its two evaluations, so every later entry is "
                     "differentiated at a moved point: put x[i] back to its saved value before the next entry."),
    "all at once": (lambda f, x, h: np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h)),
                    "moves every entry of x at once (x + epsilon), which gives the same number, the sum of all the "
                    "slopes, in every entry: move one entry at a time."),
    "divided by epsilon": (lambda f, x, h: 2 * numeric_gradient(f, x, h),
                           "divides by epsilon instead of 2 * epsilon: the two evaluations are 2 * epsilon apart, so "
                           "the result is twice the gradient."),
    "not divided": (lambda f, x, h: 2 * h * numeric_gradient(f, x, h),
                    "returns f(x + epsilon) - f(x - epsilon) without dividing by 2 * epsilon."),
    "sign": (lambda f, x, h: -numeric_gradient(f, x, h),
             f"has the sign the wrong way round: {TWO_SIDED}, with the step up first."),
    "half steps": (lambda f, x, h: numeric_gradient(f, x, h / 2),
                   f"steps by epsilon / 2 on each side: the step on each side must be epsilon itself, {TWO_SIDED}."),
    "epsilon ignored": (lambda f, x, h: numeric_gradient(f, x, 1e-6),
                        "does not use the epsilon it is given (its result is the one of epsilon = 1e-6): step by "
                        "the epsilon argument."),
}
# With the default step the "half steps" and "epsilon ignored" schemes are right (or nearly).
BIG_STEP_ONLY = ("half steps", "epsilon ignored")
# The schemes whose errors are small enough to hide in a check of a correct layer unless the case shows them.
SUBTLE = ("one-sided", "one-sided backwards", "not put back")


def scheme_models(case: FunctionCase) -> dict[str, np.ndarray]:
    """What numerical_gradient returns with each mistaken scheme, at the case's epsilon; the key is
    the diagnosis."""
    return {f"numerical_gradient {wrong}": scheme(case.function(), case.x, case.step)
            for name, (scheme, wrong) in SCHEMES.items() if case.epsilon is not None or name not in BIG_STEP_ONLY}


def unrevealing_models(case: FunctionCase) -> set[str]:
    """The models that are right on this case (central differences of a quadratic are exact for any
    step): a learner gets no diagnosis from them here, and the cases need not separate them."""
    if case.kind != "quadratic":
        return set()
    return {f"numerical_gradient {SCHEMES[name][1]}" for name in BIG_STEP_ONLY}


def explain_gradient(case: FunctionCase, observed: np.ndarray, tolerance: float) -> str | None:
    for diagnosis, predicted in scheme_models(case).items():
        if diagnosis not in unrevealing_models(case) and relative_error(observed, predicted) < tolerance:
            return diagnosis
    return None


# ---------------------------------------------------------------- relative_error
def norms(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    return float(np.linalg.norm(a - b)), float(np.linalg.norm(a)), float(np.linalg.norm(b))


def divided(top: float, bottom: float) -> float:
    return top / bottom if bottom else float("nan")


FORMULA_MODELS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "relative_error divides by ||a|| + ||b|| with no floor: two zero arrays give 0 / 0. Divide by "
    "max(||a|| + ||b||, 1e-8).": lambda a, b: divided(norms(a, b)[0], norms(a, b)[1] + norms(a, b)[2]),
    "relative_error adds the floor, ||a|| + ||b|| + 1e-8: the floor is a lower bound for the denominator, "
    "max(||a|| + ||b||, 1e-8), not an amount added to it (for arrays below 1e-8 the two differ).":
        lambda a, b: norms(a, b)[0] / (norms(a, b)[1] + norms(a, b)[2] + ABSOLUTE_FLOOR),
    "relative_error divides by the larger norm, max(||a||, ||b||): the formula here is "
    "||a - b|| / max(||a|| + ||b||, 1e-8), the sum of the two norms.":
        lambda a, b: norms(a, b)[0] / max(norms(a, b)[1], norms(a, b)[2], ABSOLUTE_FLOOR),
    "relative_error divides by one array's norm only: the formula is symmetric, "
    "||a - b|| / max(||a|| + ||b||, 1e-8).": lambda a, b: divided(norms(a, b)[0], norms(a, b)[2]),
    "relative_error divides by one array's norm only (the first): the formula is symmetric, "
    "||a - b|| / max(||a|| + ||b||, 1e-8).": lambda a, b: divided(norms(a, b)[0], norms(a, b)[1]),
    "relative_error returns ||a - b||, an absolute error: divide by max(||a|| + ||b||, 1e-8), so that the "
    "size of the gradients does not matter.": lambda a, b: norms(a, b)[0],
    "relative_error averages elementwise ratios |a - b| / (|a| + |b|): one entry that is zero up to rounding "
    "then counts as an error of 1. Use norms of the whole arrays.":
        lambda a, b: float(np.mean(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), ABSOLUTE_FLOOR))),
    "relative_error takes the largest elementwise ratio |a - b| / (|a| + |b|): use norms of the whole arrays, "
    "||a - b|| / max(||a|| + ||b||, 1e-8).":
        lambda a, b: float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), ABSOLUTE_FLOOR))),
    "relative_error squares the norms: ||a - b|| / max(||a|| + ||b||, 1e-8) uses the norms themselves.":
        lambda a, b: norms(a, b)[0] ** 2 / max(norms(a, b)[1] ** 2 + norms(a, b)[2] ** 2, ABSOLUTE_FLOOR),
    "relative_error uses the spectral norm of a matrix (np.linalg.norm(M, 2)): use the norm of all the "
    "entries, np.linalg.norm(M) (the Frobenius norm).":
        lambda a, b: (np.linalg.norm(a - b, 2) / max(np.linalg.norm(a, 2) + np.linalg.norm(b, 2), ABSOLUTE_FLOOR)
                      if a.ndim == 2 else float("nan")),
}


def explain_formula(a: np.ndarray, b: np.ndarray, observed: float, expected: float) -> str | None:
    for diagnosis, model in FORMULA_MODELS.items():
        with np.errstate(all="ignore"):
            predicted = float(model(a, b))
        if np.isfinite(predicted) and abs(predicted - expected) > 1e-6 * abs(expected) + 1e-300 \
                and abs(observed - predicted) <= 1e-6 * abs(predicted):
            return diagnosis
    return None


# ---------------------------------------------------------------- check_layer
def losses(case: LayerCase, with_dA: bool = True) -> dict[str, tuple[Callable, np.ndarray]]:
    """Each gradient's loss as a function of its array, and the array: sum(A * dA) / m in W and b,
    sum(A * dA) in A_prev (sum(A) when dA is left out)."""
    weight = case.dA if with_dA else np.ones_like(case.dA)

    def loss(W=case.W, b=case.b, A_prev=case.A_prev) -> float:
        return float(np.sum(TRUSTED_FUNCTIONS[case.activation](W @ A_prev + b) * weight))

    return {"dW": (lambda W: loss(W=W) / case.m, case.W), "db": (lambda b: loss(b=b) / case.m, case.b),
            "dA_prev": (lambda A: loss(A_prev=A), case.A_prev)}


def scheme_reports(case: LayerCase, scheme_name: str) -> dict[str, float]:
    """What check_layer reports when its numerical gradient uses a mistaken scheme."""
    scheme, analytic = SCHEMES[scheme_name][0], case.analytic()
    return {name: relative_error(analytic[name], scheme(f, x, case.epsilon)) for name, (f, x) in losses(case).items()}


def checker_models(case: LayerCase) -> dict[str, Callable[[], dict[str, float]]]:
    """What check_layer reports, per gradient, with each typical checker mistake (computed lazily)."""
    analytic, m = case.analytic(), case.m

    def errors(scale: dict[str, float], with_dA: bool = True) -> dict[str, float]:
        return {name: relative_error(analytic[name], scale[name] * numeric_gradient(f, x, case.epsilon))
                for name, (f, x) in losses(case, with_dA).items()}

    models = {
        "check_layer compares dW and db with the gradient of sum(A * dA): backward's dW and db are gradients of "
        "the mean, J = sum(A * dA) / m, so the numerical ones must be divided by m (dA_prev is the gradient of "
        "sum(A * dA) itself).": lambda: errors({"dW": m, "db": m, "dA_prev": 1}),
        "check_layer compares dA_prev with the gradient of the mean, sum(A * dA) / m: backward returns the "
        "gradient of sum(A * dA) itself for dA_prev (per example, unscaled); only dW and db are means over the "
        "batch.": lambda: errors({"dW": 1, "db": 1, "dA_prev": 1 / m}),
        "check_layer differentiates sum(A), leaving dA out of the loss: backward's gradients belong to "
        "sum(A * dA) (dA_prev) and sum(A * dA) / m (dW, db), the loss whose gradient in A is dA.":
            lambda: errors({"dW": 1, "db": 1, "dA_prev": 1}, with_dA=False),
    }
    for name, (_, wrong) in SCHEMES.items():
        if name not in BIG_STEP_ONLY or case.epsilon != 1e-6:  # (with the default step these are right)
            models[f"check_layer's errors are those of a numerical gradient that {wrong} (See the numerical_gradient "
                   f"items: check_layer is as right as the numerical_gradient it uses.)"] = \
                lambda name=name: scheme_reports(case, name)
    return models


def explain_report(case: LayerCase, reported: dict[str, float]) -> str | None:
    """The checker mistake that makes check_layer report these three numbers, if one does: a mistake
    in the checker shows in all three, so a model must predict every one of them."""
    expected = case.reported()
    for diagnosis, model in checker_models(case).items():
        predicted = model()
        if all(abs(reported[name] - predicted[name]) <= REPORT_MATCH * predicted[name] + 1e-12 for name in PARAMETERS) \
                and any(abs(predicted[name] - expected[name]) > 10 * REPORT_MATCH * max(predicted[name], expected[name])
                        for name in PARAMETERS):
            return diagnosis
    return None


# Two checkers that compute the same numbers report errors within rounding of each other: at most
# ~1e-10 apart on errors of 1e-7 or more here.
REPORT_MATCH = 1e-3
