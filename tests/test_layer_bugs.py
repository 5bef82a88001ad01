"""The layer suite's own machinery: its bug models and its statistical bands.

The catalogue (test_catalogue.py) shows that real submissions get the right diagnoses; these
tests show why that is not luck: the simulator agrees with the trusted reference, names the root
cause, reads shape errors, and the initialisation bands accept every sensible init and reject the
usual mistakes. The cases themselves (fresh every run) are tested in test_layer_cases.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.assignments.layer import cases, maths, suite
from autograder.assignments.layer.bugs import BUGS, CORRECT, explain, explain_error, same_values, simulate
from autograder.checks import Mistake
from autograder.context import GradingContext

# the cases of three runs (three secret seeds)
ALL_CASES = tuple(case for seed in (11, 12, 13) for case in cases.draw_all(GradingContext(seed=seed).rng).values())
SIGMOID_4TO3 = cases.draw_all(GradingContext(seed=5).rng)["sigmoid-4to3-m5"]


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.name)
def test_simulated_correct_layer_is_the_reference(case):
    simulated = simulate(case, CORRECT)
    Z, A = maths.layer_forward(case.W, case.b, case.A_prev, case.activation)
    step = maths.layer_backward(case.W, case.b, case.A_prev, case.dA, case.learning_rate, case.activation)
    assert same_values(simulated["A"], A) and same_values(simulated["Z_cache"], Z)
    assert same_values(simulated["dA_prev"], step.dA_prev)
    assert same_values(simulated["W_after"], step.W_after) and same_values(simulated["b_after"], step.b_after)
    assert same_values(simulated["dW"], step.dW) and same_values(simulated["db"], step.db)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.name)
def test_finite_differences_agree_with_the_reference(case):
    """The suite's numeric gradients are the analytic ones well inside gradcheck's tolerance."""
    step = maths.layer_backward(case.W, case.b, case.A_prev, case.dA, case.learning_rate, case.activation)
    for numeric, analytic in ((suite.numeric_dA_prev(case), step.dA_prev), (suite.numeric_dW(case), step.dW),
                              (suite.numeric_db(case), step.db)):
        assert suite.relative_error(analytic, numeric) < suite.RELATIVE_TOLERANCE / 100


def test_explain_names_the_root_cause_and_falls_back_to_one_value():
    case = SIGMOID_4TO3  # sigmoid: a derivative taken at A is visible
    z_holds_a = next(bug for bug in BUGS if bug.name == "Z cache holds A")
    observed = {name: value for name, value in simulate(case, z_holds_a.maths).items() if value is not None}
    assert explain(case, "dW", observed).name == "Z cache holds A"
    del observed["Z_cache"]  # without the cache, the first bug giving that dW is the symptom
    assert explain(case, "dW", observed).name == "slope at A"
    assert explain(case, "dW", {"dW": simulate(case)["dW"] * 1.2345}) is None


def test_a_transposed_dW_is_named_from_the_broadcast_error():
    case = SIGMOID_4TO3  # 4 inputs, 3 outputs
    message = "operands could not be broadcast together with shapes (3,4) (4,3) (3,4)"
    assert "transposed" in explain_error(case, "backward", "ValueError", message)
    assert explain_error(case, "backward", "TypeError", message) is None


def test_a_flat_db_is_named_from_the_shapes_alone():
    """A db of shape (n,) turns b into (n, n): named from b's shape, never by broadcasting it."""
    case = SIGMOID_4TO3
    flat = next(bug for bug in BUGS if bug.name == "db flat")
    observed = {name: value for name, value in simulate(case, flat.maths).items() if value is not None}
    assert observed["b_after"].shape == (3, 3) and "db" not in observed  # no gradient read from it
    assert explain(case, "b_after", observed).name == "db flat"
    assert explain(case, "b_after", {**observed, "b_after": np.zeros((5_000_000, 1, 1))}) is None
    # the in-place update raises at once: named from numpy's message
    message = "non-broadcastable output operand with shape (3,1) doesn't match the broadcast shape (3,3)"
    assert "keepdims=True" in explain_error(case, "backward", "ValueError", message)


def test_gradient_from_update_refuses_another_shape():
    from autograder.gradcheck import gradient_from_update

    with pytest.raises(ValueError, match="changed shape"):
        gradient_from_update(np.zeros((3, 4)), np.zeros((5_000_000, 1, 1)), 0.1)


# ---------------------------------------------------------------- initialisation bands
def pool_of(draw, seed: int):
    rng = np.random.default_rng(seed)
    return [((n_in, n_out), draw(rng, n_in, n_out)) for _ in range(suite.POOL_REPEATS)
            for n_in, n_out in suite.POOL_SIZES]


ACCEPTED = {
    "xavier normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(1 / i),
    "he normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / i),
    "glorot normal": lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / (i + o)),
    "lecun uniform": lambda rng, i, o: rng.uniform(-np.sqrt(3 / i), np.sqrt(3 / i), (o, i)),
    "he uniform": lambda rng, i, o: rng.uniform(-np.sqrt(6 / i), np.sqrt(6 / i), (o, i)),
    "glorot uniform": lambda rng, i, o: rng.uniform(-np.sqrt(6 / (i + o)), np.sqrt(6 / (i + o)), (o, i)),
    "pytorch default": lambda rng, i, o: rng.uniform(-1 / np.sqrt(i), 1 / np.sqrt(i), (o, i)),
}
REJECTED = {  # the init, the check that must fail, a word of its diagnosis
    "zeros": (lambda rng, i, o: np.zeros((o, i)), "rows-differ", "Every entry"),
    "unscaled randn": (lambda rng, i, o: rng.standard_normal((o, i)), "scale", "whatever input_size is"),
    "randn * 0.01": (lambda rng, i, o: rng.standard_normal((o, i)) * 0.01, "scale", "too small"),
    "randn / input_size": (lambda rng, i, o: rng.standard_normal((o, i)) / i, "scale", "too small"),
    "rand (all positive)": (lambda rng, i, o: rng.random((o, i)) * np.sqrt(1 / i), "centred", "not centred"),
    "one row repeated": (lambda rng, i, o: np.ones((o, 1)) * rng.standard_normal(i) / np.sqrt(i), "rows-differ",
                         "identical rows"),
    "scaled by output_size": (lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(1 / o), "scale", "output_size"),
    "he with fan-out": (lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / o), "scale", "output_size"),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_sensible_inits_pass_every_symmetry_check(name):
    for seed in range(20):
        pool = pool_of(ACCEPTED[name], seed)
        for check in suite.SYMMETRY_CHECKS.values():
            check(pool)  # a Mistake here is a false failure


@pytest.mark.parametrize("name", REJECTED)
def test_init_mistakes_fail_their_symmetry_check(name):
    draw, check, words = REJECTED[name]
    for seed in range(5):
        with pytest.raises(Mistake, match=words):
            suite.SYMMETRY_CHECKS[check](pool_of(draw, seed))


def test_fan_in_and_fan_out_differ_enough_on_some_pool_size():
    """On balanced sizes sqrt(1/output_size) passes for a sensible init; one size must tell them apart."""
    low, high = suite.SCALE_BAND
    assert any(n_in / n_out > high or n_in / n_out < low for n_in, n_out in suite.POOL_SIZES)


def test_the_stated_false_failure_bounds_hold_for_the_pool_sizes():
    """The suite's comments bound the false-failure probability per size; recompute them from its
    constants (Chernoff for the chi-square of normal inits, Hoeffding for bounded uniform ones)."""
    low, high = suite.SCALE_BAND

    def chernoff_upper(ratio, N):  # log P(chi2_N / N >= ratio), ratio > 1
        return (N / 2) * (math.log(ratio) + 1 - ratio)

    def chernoff_lower(ratio, N):  # log P(chi2_N / N <= ratio), ratio < 1
        return (N / 2) * (math.log(ratio) + 1 - ratio)

    def hoeffding(gap, width, N):  # log P(mean deviates by gap), values in an interval of `width`
        return -2 * N * gap ** 2 / width ** 2

    worst = -math.inf
    for n_in, n_out in suite.POOL_SIZES:
        N = suite.POOL_REPEATS * n_in * n_out
        glorot = 2 * n_in / (n_in + n_out)  # E[r] of Glorot on this size
        for mean in (1.0, 2.0, glorot):  # normal inits: r / mean ~ chi2_N / N
            worst = max(worst, chernoff_upper(high / mean, N), chernoff_lower(low / mean, N))
        for mean in (1.0, 2.0, glorot, 1 / 3):  # uniform inits: in * w^2 in [0, 3 mean]
            worst = max(worst, hoeffding(high - mean, 3 * mean, N), hoeffding(mean - low, 3 * mean, N))
    union = len(suite.POOL_SIZES) * 2 * 7  # sizes, tails, inits
    centring = math.log(2) - suite.CENTRING_LIMIT ** 2 / 2
    assert worst + math.log(union) < math.log(1e-9) and centring < math.log(1e-9)
    assert worst < -70  # the figure the suite's comment states
