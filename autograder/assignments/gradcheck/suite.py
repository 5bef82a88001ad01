"""Hidden suite: gradcheck (docs/assignments.md).

The learner writes a gradient checker: `numerical_gradient(f, x, epsilon=1e-6)`,
`relative_error(a, b)` and `check_layer(layer, A_prev, dA, epsilon=1e-6)`. Their code is handed
functions and layers it has never seen, made in the sandbox from this run's fresh numbers
(`Fn("projected", ...)`, `Fn("quadratic", ...)`, `Fn("dense_layer", ...)`, see
autograder/sandbox/child.py), and every number it returns is judged here against the trusted
side's own arithmetic (`maths`, this folder): the exact gradient, the kit's central differences
(autograder/gradcheck.py) with the same epsilon, and the kit's relative error. Layers may carry a
planted mistake (a missing 1/m, a derivative taken at A, ...) that a right checker must find in
the right gradient. When a number is wrong, `bugs` names the typical mistake that reproduces it.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments.gradcheck.bugs import explain_formula, explain_gradient, explain_report
from autograder.assignments.gradcheck.cases import (
    BUGGY_LAYER_PLANS, CORRECT_LAYER_PLANS, EPSILON_LAYER_PLAN, FINE_BAND, RELATIVE_ERROR_RTOL,
    RELATIVE_LABELS, REPORT_RTOL, SCHEME_PLANS, SCHEME_TOLERANCE, SHAPE_LABELS, UNCHANGED_PLAN,
    VALUE_PLANS, VALUES_TOLERANCE, draw_function, draw_layer, draw_mismatch, draw_pair)
from autograder.assignments.gradcheck.maths import PARAMETERS, FunctionCase, LayerCase, central_differences
from autograder.checks import fail, measure, points
from autograder.diagnosis import choice_answer, same_values
from autograder.gradcheck import relative_error
from autograder.learner import Fn, LearnerError, LearnerFailure, LearnerMissing
from autograder.learner_text import shown_repr
from autograder.values import learner_array

# A caller's array put back by x[i] -= epsilon after x[i] += epsilon may differ from the saved
# value in its last bit (1e-16 relative); a perturbation left in place moves it by epsilon.
RESTORED_RTOL, RESTORED_ATOL = 1e-12, 1e-15


def one_number(value, what: str) -> float:
    """A learner's number: a Python number or a numpy float, which crosses the sandbox as an array of
    one entry (shape (1,); () in the notebook's kernel). Anything else is named in a diagnosis."""
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float, np.ndarray)):
        fail(f"{what} is {shown_repr(value, 60)}: it must be one number (a float).")
    if isinstance(value, np.ndarray) and (value.size != 1 or value.ndim > 1 or value.dtype.kind not in "iuf"):
        fail(f"{what} is an array of shape {value.shape} and dtype {value.dtype}: it must be one number (a float).")
    return float(np.asarray(value, dtype=np.float64).reshape(()))


def handle(*parts: str) -> str:
    return "_".join("".join(c if c.isalnum() else "_" for c in part) for part in parts)


def explained(failure: LearnerFailure) -> str:
    where = getattr(failure, "where", "")
    message = failure.explain()
    if isinstance(failure, LearnerError) and "this function takes an array of shape" in failure.message:
        message += " (call f with arrays of x's own shape: perturb a copy of x, do not flatten it)"
    return f"{where}: {message}" if where and not isinstance(failure, LearnerMissing) else message


# ---------------------------------------------------------------- numerical_gradient
@pytest.fixture(scope="module")
def function_cases(grading) -> dict[str, FunctionCase]:
    """This run's functions and points, by label, drawn from its secret seed."""
    return {plan.name: draw_function(plan, grading.rng("function", plan.name))
            for plan in (*VALUE_PLANS, *SCHEME_PLANS, UNCHANGED_PLAN)}


def learner_gradient(learner, case: FunctionCase, x=None) -> np.ndarray:
    """numerical_gradient(f, x[, epsilon]) by the learner's code, as a float64 array of x's shape."""
    arguments = [case.fn(), case.x if x is None else x]
    if case.epsilon is not None:
        arguments.append(case.epsilon)
    try:
        value = learner.call("numerical_gradient", *arguments)
    except LearnerFailure as failure:
        fail(explained(failure))
    what = "numerical_gradient's result"
    gradient = learner_array(value, what, case.x.shape, kinds="f", finite=True)
    if np.asarray(value).dtype != np.float64:
        fail(f"{what} has dtype {np.asarray(value).dtype}: compute the gradient in float64 (np.zeros(x.shape)), whose 16 "
             f"digits the differences need.")
    return gradient


@points(4)
@pytest.mark.parametrize("label", [plan.name for plan in VALUE_PLANS])
def test_numerical_gradient(learner, function_cases, label):
    """Functions of arrays of every shape, never seen before, with the default epsilon."""
    case = function_cases[label]
    gradient = learner_gradient(learner, case)
    error = relative_error(gradient, case.exact_gradient())
    measure("numerical_gradient relative error", error, VALUES_TOLERANCE)
    if error > VALUES_TOLERANCE:
        fail(explain_gradient(case, gradient, 1e-6) or
             f"numerical_gradient does not give the gradient of {case.describe()} (relative error {error:.1e}): "
             f"for each entry x[i] in turn, evaluate f with x[i] + epsilon and x[i] - epsilon, divide the "
             f"difference by 2 * epsilon, and put x[i] back.")


@points(2)
@pytest.mark.parametrize("label", [plan.name for plan in SCHEME_PLANS])
def test_numerical_gradient_two_sided(learner, function_cases, label):
    """With a large epsilon the scheme shows: two-sided, the given epsilon, one entry at a time."""
    case = function_cases[label]
    gradient = learner_gradient(learner, case)
    error = relative_error(gradient, central_differences(case))
    measure("relative error against central differences", error, SCHEME_TOLERANCE)
    if error > SCHEME_TOLERANCE:
        fail(explain_gradient(case, gradient, 1e-7) or
             f"With epsilon = {case.epsilon:.3g}, numerical_gradient differs from the two-sided difference "
             f"(f(x + epsilon) - f(x - epsilon)) / (2 * epsilon), one entry at a time (relative error {error:.1e}), "
             f"for {case.describe()}.")


@points(1)
def test_numerical_gradient_leaves_x_unchanged(learner, function_cases):
    case = function_cases[UNCHANGED_PLAN.name]
    kept = handle("x", UNCHANGED_PLAN.name)
    learner_gradient(learner, case, x=Fn("array", case.x, keep=kept))
    try:
        after = learner.get(f"@{kept}")
    except LearnerFailure as failure:
        fail(explained(failure))
    after = learner_array(after, "x after numerical_gradient", case.x.shape)
    if not same_values(after, case.x, rtol=RESTORED_RTOL, atol=RESTORED_ATOL):
        moved = int(np.sum(~np.isclose(after, case.x, rtol=RESTORED_RTOL, atol=RESTORED_ATOL)))
        fail(f"numerical_gradient changed the caller's x ({moved} of its {case.x.size} entries): perturb a copy, "
             f"x = np.array(x, dtype=np.float64), or put each entry back to its saved value. A checker that moves "
             f"the weights it checks corrupts the network it is checking.")


# ---------------------------------------------------------------- relative_error
def learner_number(learner, what: str, *arguments) -> float:
    try:
        value = learner.call("relative_error", *arguments)
    except LearnerFailure as failure:
        fail(explained(failure))
    return one_number(value, what)


@points(2)
@pytest.mark.parametrize("label", RELATIVE_LABELS)
def test_relative_error(learner, grading, label):
    a, b = draw_pair(label, grading.rng("relative_error", label))
    observed = learner_number(learner, "relative_error's result", a, b)
    expected = relative_error(a, b)
    if not np.isfinite(observed):
        if label == "both-zero":
            fail(f"relative_error of two zero arrays is {observed}: 0 / 0. Divide by max(||a|| + ||b||, 1e-8), "
                 f"so that two zero gradients (a unit that never fires) agree with an error of 0.")
        fail(f"relative_error returned {observed} for arrays of shape {a.shape}.")
    if abs(observed - expected) > RELATIVE_ERROR_RTOL * expected:
        kind = {"both-zero": "two zero arrays", "one-zero": "a zero array and another",
                "tiny": "two arrays whose norms are below the floor 1e-8"}.get(label, f"two arrays of shape {a.shape}")
        fail(explain_formula(a, b, observed, expected) or
             f"relative_error of {kind} is {observed:.6g}, but ||a - b|| / max(||a|| + ||b||, 1e-8) is "
             f"{expected:.6g} (||.|| is the norm of all the entries, np.linalg.norm).")


@points(1)
@pytest.mark.parametrize("label", SHAPE_LABELS)
def test_relative_error_refuses_different_shapes(learner, grading, label):
    a, b = draw_mismatch(label, grading.rng("relative_error", label))
    try:
        value = learner.call("relative_error", a, b)
    except LearnerError as error:
        if error.is_a("ValueError"):  # judged by class: a subclass of ValueError is one
            return
        if error.kind == "NotImplementedError":
            fail(explained(error))
        fail(f"relative_error raised {error.kind} for arrays of shapes {a.shape} and {b.shape}: raise ValueError "
             f"(an assert disappears under python -O, and callers catch ValueError for bad arguments).")
    except LearnerFailure as failure:
        fail(explained(failure))
    fail(f"relative_error returned {shown_repr(value, 60)} for arrays of shapes {a.shape} and {b.shape}: raise "
         f"ValueError when the shapes differ. numpy would broadcast (n, 1) against (n,) into an (n, n) matrix, so a "
         f"gradient of the wrong shape (a db without keepdims) could even look right.")


# ---------------------------------------------------------------- check_layer
class CheckRun:
    """What check_layer did on one case: its three numbers (or why there are none), and what it
    left changed among the layer and the arrays it was given."""

    def __init__(self, case: LayerCase):
        self.case = case
        self.reported: dict[str, float] = {}
        self.problem = ""
        self.changed: list[str] = []

    def __getitem__(self, name: str) -> float:
        if self.problem:
            fail(self.problem)
        return self.reported[name]


def run_check(learner, case: LayerCase, epsilon_given: bool) -> CheckRun:
    run = CheckRun(case)
    layer, A_prev, dA, result = (handle(part, case.name) for part in ("layer", "A_prev", "dA", "result"))
    arguments = [case.fn(keep=layer), Fn("array", case.A_prev, keep=A_prev), Fn("array", case.dA, keep=dA)]
    if epsilon_given:
        arguments.append(case.epsilon)
    try:
        kind = learner.call("check_layer", *arguments, store=result)
    except LearnerFailure as failure:
        run.problem = explained(failure)
        return run
    for name in PARAMETERS:
        try:
            value = learner.call(f"@{result}.get", name)
        except LearnerMissing:
            shown = "".join(c for c in str(kind)[:40] if c.isalnum() or c == "_")  # a class name the learner chose
            run.problem = (f"check_layer returned a {shown}, not a dict: return "
                           f"{{'dW': ..., 'db': ..., 'dA_prev': ...}}, each the relative error of that gradient.")
            return run
        except LearnerFailure as failure:
            run.problem = explained(failure)
            return run
        if value is None:
            run.problem = f"check_layer's result has no entry '{name}': it must hold 'dW', 'db' and 'dA_prev'."
            return run
        try:
            run.reported[name] = one_number(value, f"check_layer's '{name}'")
        except AssertionError as mistake:  # fail() inside the reader: keep its diagnosis for every item
            run.problem = str(mistake)
            return run
        if not np.isfinite(run.reported[name]):
            run.problem = (f"check_layer's '{name}' is {run.reported[name]}: relative errors of finite gradients are "
                           f"finite (divide by max(||a|| + ||b||, 1e-8)).")
            return run
    for what, target, original in (("layer.W", f"@{layer}.W", case.W), ("layer.b", f"@{layer}.b", case.b),
                                   ("A_prev", f"@{A_prev}", case.A_prev), ("dA", f"@{dA}", case.dA)):
        try:
            after = learner.get(target)
        except LearnerFailure:
            run.changed.append(what)
            continue
        if not (isinstance(after, np.ndarray) and after.shape == original.shape and after.dtype.kind in "iuf"
                and same_values(after, original, rtol=RESTORED_RTOL, atol=RESTORED_ATOL)):
            run.changed.append(what)
    return run


class CheckRuns:
    """Each layer case runs once per submission; every item that needs it reads the same run."""

    def __init__(self, learner, grading):
        self.learner, self.grading = learner, grading
        self.done: dict[str, CheckRun] = {}

    def __call__(self, plan) -> CheckRun:
        if plan.name not in self.done:
            case = draw_layer(plan, self.grading.rng("layer", plan.name))
            self.done[plan.name] = run_check(self.learner, case, epsilon_given=plan.given_epsilon)
        return self.done[plan.name]


@pytest.fixture(scope="module")
def checks(learner, grading):
    return CheckRuns(learner, grading)


def own_relative_error(learner, case: LayerCase, name: str, observed: float, expected: float) -> str | None:
    """An experiment: the learner's relative_error on backward's gradient and the trusted numerical one.
    If it gives the number check_layer reported, the mistake is in relative_error, not in check_layer."""
    try:
        theirs = one_number(learner.call("relative_error", case.analytic()[name], case.numeric()[name]), "")
    except (LearnerFailure, AssertionError):
        return None
    if abs(theirs - observed) <= 1e-3 * abs(observed) + 1e-12 and abs(theirs - expected) > REPORT_RTOL * expected:
        return (f"check_layer's {name} ({observed:.4g}) is what your relative_error gives for backward's {name} and "
                f"its numerical gradient, but ||a - b|| / max(||a|| + ||b||, 1e-8) is {expected:.4g} there: the "
                f"mistake is in relative_error (see test_relative_error).")
    return None


def report_mismatch(learner, run: CheckRun, name: str, observed: float, expected: float) -> str:
    case = run.case
    named = explain_report(case, run.reported) or own_relative_error(learner, case, name, observed, expected)
    if named:
        return named
    loss = "sum(A * dA)" + (" / m" if name != "dA_prev" else "")
    if name in case.wrong():
        return (f"For {case.describe()} whose backward gets {name} wrong, check_layer reports {name}: {observed:.4g}, "
                f"but that gradient's relative error is {expected:.4g}: compare backward's {name} with the numerical "
                f"gradient of {loss} in {name[1:]} by relative_error.")
    return (f"For {case.describe()}, check_layer reports {name}: {observed:.4g}, but a right checker finds "
            f"{expected:.4g} there (relative_error of backward's {name} and the numerical gradient of {loss} in "
            f"{name[1:]}, with epsilon = {case.epsilon:.3g})" +
            (": below 1e-7 is what a correct layer shows here." if name not in case.wrong() and case.epsilon == 1e-6
             else "."))


@points(3)
@pytest.mark.parametrize("label", [plan.name for plan in CORRECT_LAYER_PLANS])
def test_check_layer_correct_layer(learner, checks, label):
    """A correct backward: every error in the 'fine' band."""
    run = checks(next(plan for plan in CORRECT_LAYER_PLANS if plan.name == label))
    for name in PARAMETERS:
        observed = run[name]
        measure(f"{name} relative error reported by check_layer", observed, FINE_BAND)
        if observed > FINE_BAND:
            fail(report_mismatch(learner, run, name, observed, run.case.reported()[name]))


@points(3)
@pytest.mark.parametrize("label", [plan.name for plan in BUGGY_LAYER_PLANS])
def test_check_layer_finds_planted_bugs(learner, checks, label):
    """A backward with a planted mistake: the wrong gradients' errors exactly, the right ones fine."""
    run = checks(next(plan for plan in BUGGY_LAYER_PLANS if plan.name == label))
    wrong, expected = run.case.wrong(), run.case.reported()
    for name in PARAMETERS:
        observed = run[name]
        if name in wrong and abs(observed - expected[name]) > REPORT_RTOL * expected[name]:
            fail(report_mismatch(learner, run, name, observed, expected[name]))
        if name not in wrong and observed > FINE_BAND:
            fail(f"For {run.case.describe()} whose backward gets only {' and '.join(wrong)} wrong, check_layer "
                 f"reports {name}: {observed:.3g}, as if {name} were wrong too: "
                 + (explain_report(run.case, run.reported) or "check how its numerical gradient is computed "
                    "(the gradient of sum(A * dA) / m in W and b, of sum(A * dA) in A_prev)."))


@points(1)
def test_check_layer_uses_epsilon(learner, checks):
    """With epsilon ~ 1e-2 even a correct layer shows truncation errors ~1e-5: exactly those."""
    run = checks(EPSILON_LAYER_PLAN)
    expected = run.case.reported()
    for name in PARAMETERS:
        observed = run[name]
        if abs(observed - expected[name]) > REPORT_RTOL * expected[name]:
            if observed < FINE_BAND:
                fail(f"check_layer(layer, A_prev, dA, epsilon={run.case.epsilon:.3g}) reports {name}: {observed:.1e}, "
                     f"the error of a much smaller step: pass epsilon on to numerical_gradient. (With this epsilon "
                     f"the truncation error of central differences makes a correct layer show {expected[name]:.1e}.)")
            fail(report_mismatch(learner, run, name, observed, expected[name]))


@points(1)
def test_check_layer_leaves_its_inputs_as_they_were(checks):
    """The layer's W and b, and the caller's A_prev and dA, are as they were after the check."""
    for plan in (*CORRECT_LAYER_PLANS[:2], EPSILON_LAYER_PLAN):
        run = checks(plan)
        if run.problem:
            fail(run.problem)
        if run.changed:
            fail(f"After check_layer, {' and '.join(run.changed)} {'is' if len(run.changed) == 1 else 'are'} not as "
                 f"{'it was' if len(run.changed) == 1 else 'they were'} ({run.case.describe()}): put every perturbed "
                 f"entry back (or perturb copies), so that checking a layer never changes it.")


# ---------------------------------------------------------------- questions
# The keys (the right letter, and the misconception each other option holds) sit in the hidden
# test cells of source/gradcheck/gradcheck.ipynb, on the instructor's side.
@points(1)
def test_question_epsilon_too_small(learner, grading):
    choice_answer(learner, grading, "test_question_epsilon_too_small", "answer_epsilon_too_small")


@points(1)
def test_question_epsilon_too_large(learner, grading):
    choice_answer(learner, grading, "test_question_epsilon_too_large", "answer_epsilon_too_large")


@points(1)
def test_question_error_order(learner, grading):
    choice_answer(learner, grading, "test_question_error_order", "answer_error_order")


@points(1)
def test_question_kink(learner, grading):
    choice_answer(learner, grading, "test_question_kink", "answer_kink")


@points(1)
def test_question_bands(learner, grading):
    choice_answer(learner, grading, "test_question_bands", "answer_bands")


@points(1)
def test_question_buggy_layer(learner, grading):
    choice_answer(learner, grading, "test_question_buggy_layer", "answer_buggy_layer")


@points(1)
def test_question_buggy_gradient(learner, grading):
    choice_answer(learner, grading, "test_question_buggy_gradient", "answer_buggy_gradient")
