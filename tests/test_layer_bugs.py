"""The layer suite's own machinery: its bug models, its cases and its statistical bands.

The catalogue (test_catalogue.py) shows that real submissions get the right diagnoses; these
tests show why that is not luck: the simulator agrees with the trusted reference, every bug model
is visible in the suite's cases, no update mistake can pass for a gradient mistake, and the
initialisation bands accept every sensible init and reject the usual mistakes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.assignments.layer import maths
from autograder.checks import Mistake
from autograder.assignments.layer.bugs import BUGS, CORRECT, explain, explain_error, same_values, simulate
from autograder.assignments.layer import suite

ALL_CASES = (*suite.CASES, *suite.LATEST_CASES, suite.WORKED_EXAMPLE)


@pytest.mark.parametrize("case", ALL_CASES, ids=suite.case_id)
def test_simulated_correct_layer_is_the_reference(case):
    simulated = simulate(case, CORRECT)
    Z, A = maths.layer_forward(case.W, case.b, case.A_prev, case.activation)
    step = maths.layer_backward(case.W, case.b, case.A_prev, case.dA, case.learning_rate, case.activation)
    assert same_values(simulated["A"], A) and same_values(simulated["Z_cache"], Z)
    assert same_values(simulated["dA_prev"], step.dA_prev)
    assert same_values(simulated["W_after"], step.W_after) and same_values(simulated["b_after"], step.b_after)
    assert same_values(simulated["dW"], step.dW) and same_values(simulated["db"], step.db)


@pytest.mark.parametrize("case", ALL_CASES, ids=suite.case_id)
def test_finite_differences_agree_with_the_reference(case):
    """The suite's numeric gradients are the analytic ones well inside gradcheck's tolerance."""
    step = maths.layer_backward(case.W, case.b, case.A_prev, case.dA, case.learning_rate, case.activation)
    for numeric, analytic in ((suite.numeric_dA_prev(case), step.dA_prev), (suite.numeric_dW(case), step.dW),
                              (suite.numeric_db(case), step.db)):
        assert suite.relative_error(analytic, numeric) < suite.RELATIVE_TOLERANCE / 100


@pytest.mark.parametrize("bug", BUGS, ids=lambda bug: bug.name)
def test_every_bug_model_shows_in_some_case(bug):
    cases = [case for case in ALL_CASES if any(
        simulate(case, bug.maths)[name] is not None and not same_values(simulate(case, bug.maths)[name], value)
        for name, value in simulate(case).items())]
    assert cases, f"no case of the layer suite makes '{bug.name}' visible"


@pytest.mark.parametrize("case", suite.CASES, ids=suite.case_id)
def test_update_mistakes_never_look_like_gradient_mistakes(case):
    """The gradient items forgive a bug that `spares_gradient`, so none may mimic a real gradient bug."""
    truth = simulate(case)
    for update_bug in [bug for bug in BUGS if bug.spares_gradient]:
        spared = simulate(case, update_bug.maths)
        if same_values(spared["dW"], truth["dW"]):
            continue  # the fixed rate that equals this case's rate changes nothing
        for gradient_bug in [bug for bug in BUGS if not bug.spares_gradient]:
            predicted = simulate(case, gradient_bug.maths)
            assert not (same_values(predicted["dW"], spared["dW"]) and same_values(predicted["db"], spared["db"])), (
                f"in {case.name}, '{gradient_bug.name}' and '{update_bug.name}' change W and b identically")


def test_explain_names_the_root_cause_and_falls_back_to_one_value():
    case = suite.CASES[0]  # sigmoid: a derivative taken at A is visible
    z_holds_a = next(bug for bug in BUGS if bug.name == "Z cache holds A")
    observed = {name: value for name, value in simulate(case, z_holds_a.maths).items() if value is not None}
    assert explain(case, "dW", observed).name == "Z cache holds A"
    del observed["Z_cache"]  # without the cache, the first bug giving that dW is the symptom
    assert explain(case, "dW", observed).name == "slope at A"
    assert explain(case, "dW", {"dW": simulate(case)["dW"] * 1.2345}) is None


def test_a_transposed_dW_is_named_from_the_broadcast_error():
    case = suite.CASES[0]  # 4 inputs, 3 outputs
    message = "operands could not be broadcast together with shapes (3,4) (4,3) (3,4)"
    assert "transposed" in explain_error(case, "backward", "ValueError", message)
    assert explain_error(case, "backward", "TypeError", message) is None


# ---------------------------------------------------------------- initialisation bands
def pool_of(draw, seed: int):
    rng = np.random.default_rng(seed)
    return [(n_in, draw(rng, n_in, n_out)) for _ in range(suite.POOL_REPEATS) for n_in, n_out in suite.POOL_SIZES]


ACCEPTED = {
    "xavier normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(1 / i),
    "he normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / i),
    "glorot normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / (i + o)),
    "lecun uniform": lambda rng, i, o: rng.uniform(-np.sqrt(3 / i), np.sqrt(3 / i), (o, i)),
    "he uniform": lambda rng, i, o: rng.uniform(-np.sqrt(6 / i), np.sqrt(6 / i), (o, i)),
    "glorot uniform": lambda rng, i, o: rng.uniform(-np.sqrt(6 / (i + o)), np.sqrt(6 / (i + o)), (o, i)),
    "pytorch default": lambda rng, i, o: rng.uniform(-1 / np.sqrt(i), 1 / np.sqrt(i), (o, i)),
}
REJECTED = {
    "zeros": (lambda rng, i, o: np.zeros((o, i)), "rows-differ"),
    "unscaled randn": (lambda rng, i, o: rng.standard_normal((o, i)), "scale"),
    "randn * 0.01": (lambda rng, i, o: rng.standard_normal((o, i)) * 0.01, "scale"),
    "randn / input_size": (lambda rng, i, o: rng.standard_normal((o, i)) / i, "scale"),
    "rand (all positive)": (lambda rng, i, o: rng.random((o, i)) * np.sqrt(1 / i), "centred"),
    "one row repeated": (lambda rng, i, o: np.ones((o, 1)) * rng.standard_normal(i) / np.sqrt(i), "rows-differ"),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_sensible_inits_pass_every_symmetry_check(name):
    for seed in range(20):
        pool = pool_of(ACCEPTED[name], seed)
        for check in suite.SYMMETRY_CHECKS.values():
            check(pool)  # a Mistake here is a false failure


@pytest.mark.parametrize("name", REJECTED)
def test_init_mistakes_fail_their_symmetry_check(name):
    draw, check = REJECTED[name]
    for seed in range(5):
        with pytest.raises(Mistake):
            suite.SYMMETRY_CHECKS[check](pool_of(draw, seed))


def test_the_stated_false_failure_bounds_hold_for_the_pool_size():
    """The suite's comments bound the false-failure probability; recompute them from its constants."""
    N = suite.POOL_REPEATS * sum(n_in * n_out for n_in, n_out in suite.POOL_SIZES)
    low, high = suite.SCALE_BAND
    he_upper = (N / 2) * (math.log(high / 2) + 1 - high / 2)  # Chernoff for chi2_N / N >= high / 2
    uniform_lower = -2 * N * (1 / 3 - low) ** 2  # Hoeffding for U(+-1/sqrt(in)), mean 1/3
    centring = math.log(2) - suite.CENTRING_LIMIT ** 2 / 2
    assert max(he_upper, uniform_lower, centring) < math.log(1e-9)
