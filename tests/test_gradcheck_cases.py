"""The gradcheck suite's cases are fresh every run and keep, in every run, the properties the suite needs.

The numbers come from the run's secret seed (autograder/assignments/gradcheck/cases.py); these tests
draw many seeds and assert what the thresholds rely on: central differences well inside them,
every mistaken scheme and formula far outside, the planted mistakes in the bug band and the right
gradients in the fine one, a one-sided checker visible on smooth layers, and answers recorded in
one run fitting no other.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments.gradcheck import bugs, cases
from autograder.assignments.gradcheck.maths import PARAMETERS, central_differences
from autograder.context import GradingContext
from autograder.gradcheck import numeric_gradient, relative_error

SEEDS = range(150)
GROSS = ("all at once", "divided by epsilon", "not divided", "sign")  # far off whatever the step


def run_cases(seed: int) -> dict:
    return cases.draw_all(GradingContext(seed=seed).rng)


@pytest.fixture(scope="module")
def many_runs() -> list[dict]:
    return [run_cases(seed) for seed in SEEDS]


def numbers(case) -> list[np.ndarray]:
    if isinstance(case, tuple):
        return list(case)
    if isinstance(case, cases.FunctionCase):
        return [case.x, *(p for p in case.params if isinstance(p, np.ndarray))]
    return [case.W, case.b, case.A_prev, case.dA]


def test_same_seed_same_cases_other_seed_other_numbers():
    first, replay, other = run_cases(1), run_cases(1), run_cases(2)
    assert first.keys() == replay.keys() == other.keys()
    for label in first:
        assert all(np.array_equal(x, y) for x, y in zip(numbers(first[label]), numbers(replay[label]))), label
        if label == "both-zero":
            continue  # two zero arrays: only their shape is drawn
        assert not all(x.shape == y.shape and np.allclose(x, y, rtol=1e-9, atol=0)
                       for x, y in zip(numbers(first[label]), numbers(other[label]))), label


def test_numerical_gradient_cases_keep_their_properties(many_runs):
    for run in many_runs:
        for plan in cases.VALUE_PLANS + (cases.UNCHANGED_PLAN,):
            case = run[plan.name]
            assert case.epsilon is None and {"vector": 1, "matrix": 2, "column": 2, "3d": 3}[plan.shape] == case.x.ndim
            exact = case.exact_gradient()
            assert relative_error(central_differences(case), exact) < cases.VALUES_TOLERANCE / 1000
            assert relative_error(cases.one_sided(case, 1e-6), exact) < cases.VALUES_TOLERANCE / 10
            for name in GROSS:
                wrong = bugs.SCHEMES[name][0](case.function(), case.x, 1e-6)
                assert relative_error(wrong, exact) > 100 * cases.VALUES_TOLERANCE, (plan.name, name)
        for plan in cases.SCHEME_PLANS:
            case = run[plan.name]
            assert cases.EPSILON_RANGE[0] <= case.epsilon <= cases.EPSILON_RANGE[1]
            central = central_differences(case)
            if plan.kind == "projected":  # the epsilon shows
                assert relative_error(central, case.exact_gradient()) >= 100 * cases.SCHEME_TOLERANCE
            for diagnosis, wrong in bugs.scheme_models(case).items():
                if diagnosis not in bugs.unrevealing_models(case):
                    assert relative_error(wrong, central) >= 100 * cases.SCHEME_TOLERANCE, (plan.name, diagnosis)


def test_another_way_to_the_same_points_is_within_rounding(many_runs):
    """x - eps reached as (x + eps) - 2 eps, and the division written differently: a right program
    that computes this way stays 100 times inside SCHEME_TOLERANCE."""
    for run in many_runs[:30]:
        for plan in cases.SCHEME_PLANS:
            case = run[plan.name]
            f, x, h = case.function(), case.x.copy(), case.epsilon
            other = np.zeros_like(x)
            for index in np.ndindex(x.shape):
                x[index] += h
                plus = f(x)
                x[index] -= 2 * h
                minus = f(x)
                x[index] += h
                other[index] = 0.5 * (plus - minus) / h
            assert relative_error(other, central_differences(case)) < cases.SCHEME_TOLERANCE / 100


def test_relative_error_cases_show_every_wrong_formula(many_runs):
    for run in many_runs:
        pairs = {label: run[label] for label in cases.RELATIVE_LABELS}
        assert relative_error(*pairs["both-zero"]) == 0 and relative_error(*pairs["one-zero"]) == 1
        a, b = pairs["tiny"]
        assert np.linalg.norm(a) + np.linalg.norm(b) < 1e-8  # the floor divides
        assert 1e-9 < relative_error(*pairs["close"]) < 1e-5
        for diagnosis, model in bugs.FORMULA_MODELS.items():
            shown = []
            for label, (a, b) in pairs.items():
                with np.errstate(all="ignore"):
                    value = float(model(a, b))
                expected = relative_error(a, b)
                if not np.isfinite(value) and a.ndim == 2 or abs(value - expected) > 1e3 * cases.RELATIVE_ERROR_RTOL * expected:
                    shown.append(label)
            assert shown, f"no case shows: {diagnosis}"
        for label in cases.SHAPE_LABELS:
            a, b = run[label]
            assert a.shape != b.shape
        a, b = run["column-and-flat"]
        assert (a - b).shape == (a.shape[0], a.shape[0])  # numpy broadcasts it without a word


def test_layer_cases_keep_their_properties(many_runs):
    for run in many_runs:
        for plan in cases.LAYER_PLANS:
            case = run[plan.name]
            Z = case.W @ case.A_prev + case.b
            assert np.min(np.abs(Z)) >= cases.KINK_MARGIN and np.max(np.abs(Z)) < cases.Z_LIMIT
            if "relu" in plan.activation:
                assert np.all(np.any(Z > 0, axis=1)) and np.all(np.any(Z < 0, axis=1))
            wrong, reported = case.wrong(), case.reported()
            assert bool(wrong) == cases.planted(plan)
            if plan in cases.BUGGY_LAYER_PLANS:
                scaled = {"dW": 0, "db": 1, "dA_prev": 2}
                named = {name for name in PARAMETERS if plan.scales[scaled[name]] != "1"}
                assert set(wrong) == (named or set(PARAMETERS)), plan.name
            for name in PARAMETERS:
                if name in wrong:
                    assert reported[name] >= 1e-2
                    # what a right checker reports is the true error of the gradient, up to rounding
                    true_error = relative_error(case.analytic()[name], case.exact()[name])
                    assert abs(reported[name] - true_error) < cases.REPORT_RTOL * true_error / 100
                elif not plan.given_epsilon:
                    assert reported[name] <= cases.FINE_BAND / 100
            if plan.given_epsilon:
                at_default = case.reported(1e-6)
                assert all(cases.FINE_BAND <= reported[n] <= 1e-3 and reported[n] >= 1e3 * at_default[n]
                           for n in PARAMETERS)


def test_a_subtly_wrong_checker_fails_every_smooth_case(many_runs):
    """A one-sided numerical gradient, or one that leaves entries moved, reports more than the fine
    band on some right gradient of every smooth layer case (on ReLU's linear pieces it is exact)."""
    for run in many_runs[:60]:
        for plan in cases.CORRECT_LAYER_PLANS + cases.BUGGY_LAYER_PLANS:
            case = run[plan.name]
            right = [name for name in PARAMETERS if name not in case.wrong()]
            if plan.activation not in cases.SMOOTH or not right:
                continue
            for scheme in bugs.SUBTLE:
                reports = bugs.scheme_reports(case, scheme)
                assert max(reports[name] for name in right) >= cases.SUBTLE_MARGIN * cases.FINE_BAND, (plan.name, scheme)


def test_every_checker_model_is_visible_on_a_correct_layer(many_runs):
    for run in many_runs[:40]:
        for plan in cases.CORRECT_LAYER_PLANS:
            case = run[plan.name]
            for diagnosis, model in bugs.checker_models(case).items():
                if plan.activation not in cases.SMOOTH and any(s in diagnosis for s in ("one-sided", "x[i] - epsilon",
                                                                                         "epsilon / 2")):
                    continue  # exact on linear pieces: a right number, nothing to see
                assert max(model().values()) > cases.FINE_BAND, (plan.name, diagnosis)


def test_answers_recorded_in_one_run_fit_no_other():
    """A submission that replays the numbers of one run (a lookup table) fails the next one."""
    first, second = run_cases(11), run_cases(12)
    for plan in cases.VALUE_PLANS + cases.SCHEME_PLANS:
        one, two = first[plan.name], second[plan.name]
        if one.x.shape == two.x.shape:
            assert relative_error(central_differences(one), central_differences(two)) > cases.VALUES_TOLERANCE
    for label in ("close", "unrelated", "scaled", "tiny"):
        assert abs(relative_error(*first[label]) - relative_error(*second[label])) > \
            cases.RELATIVE_ERROR_RTOL * relative_error(*second[label])
    for plan in cases.BUGGY_LAYER_PLANS + (cases.EPSILON_LAYER_PLAN,):
        one, two = first[plan.name].reported(), second[plan.name].reported()
        assert any(abs(one[n] - two[n]) > cases.REPORT_RTOL * two[n] for n in PARAMETERS)


def test_the_kits_checker_is_the_trusted_arithmetic():
    """maths reuses autograder.gradcheck: a correct checker's numbers are the kit's, not a copy's."""
    case = run_cases(3)[cases.CORRECT_LAYER_PLANS[0].name]
    numeric = numeric_gradient(lambda W: case.output_sum(W=W) / case.m, case.W, case.epsilon)
    assert np.array_equal(numeric, case.numeric()["dW"])
