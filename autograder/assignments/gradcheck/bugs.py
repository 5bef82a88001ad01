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
def each_entry(case: FunctionCase, difference: Callable) -> np.ndarray:
    """An array like x whose entry i is difference(f, x, i) on a fresh copy of x."""
    f, x = case.function(), case.x
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        gradient[index] = difference(f, x.copy(), index)
    return gradient


def step(x: np.ndarray, index, by: float) -> np.ndarray:
    moved = x.copy()
    moved[index] += by
    return moved


def left_at_minus(case: FunctionCase, h: float) -> np.ndarray:
    """x[i] += h, f, x[i] -= 2 h, f, and x[i] is never put back: every later entry is
    differentiated at a point moved by -h in all the entries before it."""
    f, x = case.function(), case.x.copy()
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += h
        plus = f(x)
        x[index] -= 2 * h
        gradient[index] = (plus - f(x)) / (2 * h)
    return gradient


def all_at_once(case: FunctionCase, h: float) -> np.ndarray:
    f, x = case.function(), case.x
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


def scheme_models(case: FunctionCase) -> dict[str, np.ndarray | None]:
    """What numerical_gradient returns with each typical mistake, at the case's epsilon."""
    h = case.step
    central = numeric_gradient(case.function(), case.x, h)
    models: dict[str, np.ndarray | None] = {
        "numerical_gradient is one-sided, (f(x + epsilon) - f(x)) / epsilon: its error shrinks only like "
        "epsilon. Use both sides, (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon), whose error shrinks like "
        "epsilon squared.": each_entry(case, lambda f, x, i: (f(step(x, i, h)) - f(x)) / h),
        "numerical_gradient is one-sided, (f(x) - f(x - epsilon)) / epsilon: its error shrinks only like "
        "epsilon. Use both sides, (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon).":
            each_entry(case, lambda f, x, i: (f(x) - f(step(x, i, -h))) / h),
        "numerical_gradient leaves each entry of x at x[i] - epsilon after its two evaluations, so every later "
        "entry is differentiated at a moved point: put x[i] back to its saved value before the next entry.":
            left_at_minus(case, h),
        "numerical_gradient moves every entry of x at once (x + epsilon), which gives the same number, the sum of "
        "all the slopes, in every entry: move one entry at a time.": all_at_once(case, h),
        "numerical_gradient divides by epsilon instead of 2 * epsilon: the two evaluations are 2 * epsilon apart, "
        "so the result is twice the gradient.": 2 * central,
        "numerical_gradient returns f(x + epsilon) - f(x - epsilon) without dividing by 2 * epsilon.":
            2 * h * central,
        "numerical_gradient has the sign the wrong way round: (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon), "
        "with the step up first.": -central,
        "numerical_gradient steps by epsilon / 2 on each side: the step on each side must be epsilon itself, "
        "(f(x + epsilon) - f(x - epsilon)) / (2 * epsilon).": numeric_gradient(case.function(), case.x, h / 2),
    }
    if case.epsilon is not None:
        models["numerical_gradient does not use the epsilon it is given (its result is the one of epsilon = 1e-6): "
               "step by the epsilon argument."] = numeric_gradient(case.function(), case.x, 1e-6)
    return models


def unrevealing_models(case: FunctionCase) -> set[str]:
    """The models that are right on this case (central differences of a quadratic are exact for any
    step): a learner gets no diagnosis from them here, and the cases need not separate them."""
    if case.kind != "quadratic":
        return set()
    return {name for name in scheme_models(case) if name.startswith(("numerical_gradient steps by epsilon / 2",
                                                                      "numerical_gradient does not use"))}


def explain_gradient(case: FunctionCase, observed: np.ndarray, tolerance: float) -> str | None:
    for diagnosis, predicted in scheme_models(case).items():
        if diagnosis in unrevealing_models(case):
            continue
        if predicted is not None and relative_error(observed, predicted) < tolerance:
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
def checker_models(case: LayerCase) -> dict[str, dict[str, float]]:
    """What check_layer reports, per gradient, with each typical checker mistake."""
    analytic, numeric, m = case.analytic(), case.numeric(), case.m
    activation = TRUSTED_FUNCTIONS[case.activation]
    without_dA = {  # gradients of sum(A) / m (dW, db) and sum(A) (dA_prev): dA left out of the loss
        "dW": numeric_gradient(lambda W: float(np.sum(activation(W @ case.A_prev + case.b))) / m, case.W, case.epsilon),
        "db": numeric_gradient(lambda b: float(np.sum(activation(case.W @ case.A_prev + b))) / m, case.b, case.epsilon),
        "dA_prev": numeric_gradient(lambda A: float(np.sum(activation(case.W @ A + case.b))), case.A_prev,
                                    case.epsilon),
    }
    with_sum = {"dW": m * numeric["dW"], "db": m * numeric["db"], "dA_prev": numeric["dA_prev"]}
    with_mean = {"dW": numeric["dW"], "db": numeric["db"], "dA_prev": numeric["dA_prev"] / m}
    reported = case.reported()

    def errors(against: dict[str, np.ndarray]) -> dict[str, float]:
        return {name: relative_error(analytic[name], against[name]) for name in PARAMETERS}

    return {
        "check_layer compares dW and db with the gradient of sum(A * dA): backward's dW and db are gradients of "
        "the mean, J = sum(A * dA) / m, so the numerical ones must be divided by m (dA_prev is the gradient of "
        "sum(A * dA) itself).": errors(with_sum),
        "check_layer compares dA_prev with the gradient of the mean, sum(A * dA) / m: backward returns the "
        "gradient of sum(A * dA) itself for dA_prev (per example, unscaled); only dW and db are means over the "
        "batch.": errors(with_mean),
        "check_layer differentiates sum(A), leaving dA out of the loss: backward's gradients belong to "
        "sum(A * dA) (dA_prev) and sum(A * dA) / m (dW, db), the loss whose gradient in A is dA.": errors(without_dA),
        "check_layer reports the errors under the wrong names (each number belongs to another gradient): "
        "return {'dW': ..., 'db': ..., 'dA_prev': ...} with each gradient's own error.":
            {"dW": reported["db"], "db": reported["dA_prev"], "dA_prev": reported["dW"]},
    }


def explain_report(case: LayerCase, name: str, observed: float) -> str | None:
    expected = case.reported()[name]
    for diagnosis, predicted in checker_models(case).items():
        value = predicted[name]
        if abs(value - expected) > 10 * REPORT_MATCH * max(value, expected) and \
                abs(observed - value) <= REPORT_MATCH * max(value, 1e-12) + 1e-9:
            return diagnosis
    return None


REPORT_MATCH = 1e-4  # as the suite's REPORT_RTOL: two checkers that agree numerically agree to 1e-7
