"""The activations suite's cases (issue #10): fresh in every run, with the properties its checks
rely on in every run, and a table of one run's answers worth nothing in the next.

The properties are asserted over many seeds on exactly what the suite draws (`suite.draw`,
`cases.*` with the suite's labels), so a change to the drawing that breaks one shows here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.assignments.activations import cases, maths, suite
from autograder.context import GradingContext
from autograder.diagnosis import same_values
from autograder.grading import grade_path
from autograder.learner import LocalLearner
from autograder.runner import run_suite

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(200)
FUNCTIONS = ["relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
             "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative"]


def trusted(name):
    base = name.removesuffix("_derivative")
    return maths.derivative(base) if name.endswith("_derivative") else maths.activation(base)


def runs():
    return [GradingContext(seed=seed) for seed in SEEDS]


# ---------------------------------------------------------------- properties of every draw
@pytest.mark.parametrize("label", cases.SHAPED)
def test_ordinary_inputs_keep_their_shape_kind_margin_and_signs(label):
    for grading in runs():
        for test in FUNCTIONS:
            Z = suite.draw(grading, test, label)
            assert Z.ndim == cases.SHAPED.index(label) + 1
            assert min(Z.shape) >= (2 if Z.ndim > 1 else 6)
            if label == "2-D":
                assert Z.shape[0] != Z.shape[1], "a transposed result must show in the shape"
            assert np.all(np.abs(Z) >= cases.KINK_MARGIN), "central differences never straddle the kink"
            assert np.all(np.abs(Z) <= cases.ORDINARY_MAX)
            assert np.sum(Z > 0) >= 2 and np.sum(Z < 0) >= 2


def test_inputs_at_zero_hold_zeros_and_both_signs():
    for grading in runs():
        for test in ("relu_derivative", "leaky_relu_derivative"):
            for case in ("at z = 0", "alpha given at z = 0"):
                Z = suite.draw(grading, test, case)
                assert np.sum(Z == 0) >= 2
                others = Z[Z != 0]
                assert np.all(np.abs(others) >= cases.KINK_MARGIN)
                assert np.any(others > 0) and np.any(others < 0)


def test_large_inputs_overflow_exp_in_every_way_and_keep_finite_true_values():
    for grading in runs():
        for test in [*FUNCTIONS, "sigmoid is stable"]:
            Z = suite.draw(grading, test, "large |z|")
            assert np.any((Z > cases.OVERFLOW_BAND[0]) & (Z < cases.OVERFLOW_BAND[1])), "naive sigmoid gives 0"
            assert np.any(Z < -746) and np.any(Z > 711), "exp(-z) and exp(z) overflow"
            assert np.any((Z >= 30) & (Z <= 700)) and np.any((Z <= -30) & (Z >= -700))
            ordinary = Z[np.abs(Z) <= cases.ORDINARY_MAX]
            assert np.any(ordinary > cases.KINK_MARGIN) and np.any(ordinary < -cases.KINK_MARGIN), "zeros fail"
            for name in FUNCTIONS:
                assert np.all(np.isfinite(trusted(name)(Z))), name


def test_small_sigmoid_inputs_tell_every_unstable_formula_from_a_stable_one():
    for grading in runs():
        Z = cases.small_sigmoid(grading.rng("sigmoid is stable", "small values"))
        in_band = (Z > cases.OVERFLOW_BAND[0]) & (Z < cases.OVERFLOW_BAND[1])
        assert np.sum(in_band) >= 3
        assert np.sum((Z >= cases.SMALL_BAND[0]) & (Z <= cases.SMALL_BAND[1])) >= 3
        assert np.sum((Z > 0) & (Z <= cases.ORDINARY_MAX)) == 1 and np.sum((Z < 0) & (Z >= -cases.ORDINARY_MAX)) == 1
        want = maths.sigmoid(Z)
        # the smallest true value is far above the absolute slack: 0 can never pass
        assert want[in_band].min() > 1e5 * suite.SUBNORMAL_ATOL
        with np.errstate(all="ignore"):
            e = np.exp(-np.abs(Z))
            stable = {
                "two branches": np.where(Z >= 0, 1 / (1 + e), e / (1 + e)),
                "logaddexp": np.exp(-np.logaddexp(0.0, -Z)),
                "exp(min(z, 0)) / (1 + exp(-|z|))": np.exp(np.minimum(Z, 0)) / (1 + e),
            }
            unstable = {
                "1 / (1 + exp(-z))": 1 / (1 + np.exp(-Z)),
                "clipped at 500": 1 / (1 + np.exp(-np.clip(Z, -500, 500))),
                "clipped at 709": 1 / (1 + np.exp(-np.clip(Z, -709, 709))),
                "(1 + tanh(z/2)) / 2": 0.5 * (1 + np.tanh(Z / 2)),
                "1 - sigmoid(-z)": 1 - maths.sigmoid(-Z),
                "float32": maths.sigmoid(Z.astype(np.float32)).astype(np.float64),
            }
        for form, value in stable.items():
            assert same_values(value, want, atol=suite.SUBNORMAL_ATOL), form
        for form, value in unstable.items():
            assert not same_values(value, want, atol=suite.SUBNORMAL_ATOL), form


def test_mixed_inputs_hold_large_values_of_both_signs_among_ordinary_ones():
    for grading in runs():
        for name in FUNCTIONS:
            Z, ordinary = cases.mixed(grading.rng(name, "new float64 array"))
            assert np.all(np.abs(Z[~ordinary]) >= 711) and np.any(Z[~ordinary] > 0) and np.any(Z[~ordinary] < 0)
            assert np.all(np.abs(Z[ordinary]) >= cases.KINK_MARGIN)
            assert np.any(Z[ordinary] > 0) and np.any(Z[ordinary] < 0)


def test_alphas_differ_from_the_default_and_from_one():
    for grading in runs():
        for case in ("alpha given", "alpha given at z = 0"):
            for test in ("leaky_relu", "leaky_relu_derivative"):
                alpha = cases.alpha(grading.rng(test, case, "alpha"))
                assert 0.05 <= alpha <= 0.5


def test_every_named_mistake_shows_in_every_run():
    """No bug model agrees with the truth on the inputs where the suite looks for it."""
    models = {"relu": suite.relu_models, "relu_derivative": suite.relu_derivative_models,
              "leaky_relu": lambda Z: suite.leaky_models(Z, 0.01, True),
              "leaky_relu_derivative": lambda Z: suite.leaky_derivative_models(Z, 0.01, True),
              "sigmoid": suite.sigmoid_models, "sigmoid_derivative": suite.sigmoid_derivative_models,
              "tanh": suite.tanh_models, "tanh_derivative": suite.tanh_derivative_models}
    for grading in runs()[:50]:
        for name, of in models.items():
            seen = {diagnosis: False for diagnosis in of(np.ones(3))}
            for case in [*cases.SHAPED, "at z = 0"]:
                Z = suite.draw(grading, name, case)
                with np.errstate(all="ignore"):
                    for diagnosis, model in of(Z).items():
                        seen[diagnosis] |= not same_values(model(), trusted(name)(Z))
            assert all(seen.values()), [d for d, shown in seen.items() if not shown]
        for name, of in (("leaky_relu", suite.leaky_models), ("leaky_relu_derivative", suite.leaky_derivative_models)):
            seen = {diagnosis: False for diagnosis in of(np.ones(3), 0.1, False)}
            for case in ("alpha given", "alpha given at z = 0"):
                Z = suite.draw(grading, name, case)
                alpha = cases.alpha(grading.rng(name, case, "alpha"))
                for diagnosis, model in of(Z, alpha, False).items():
                    seen[diagnosis] |= not same_values(model(), trusted(name)(Z, alpha))
            assert all(seen.values()), [d for d, shown in seen.items() if not shown]


def test_every_run_draws_new_numbers_and_a_seed_replays_its_run():
    first, second = GradingContext(seed=1), GradingContext(seed=2)
    for test in FUNCTIONS:
        for case in [*cases.SHAPED, "large |z|"]:
            assert not np.array_equal(suite.draw(first, test, case), suite.draw(second, test, case))
            assert np.array_equal(suite.draw(first, test, case), suite.draw(GradingContext(seed=1), test, case))


# ---------------------------------------------------------------- the recorded-answers attack
# The reference solution, wrapped to record every answer it gives, keyed on a hash of the input.
RECORDER = '''

import hashlib as _hashlib

RECORDED = {}


def _key(name, Z, args):
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    return _hashlib.sha1(f"{name}{args!r}{Z.shape}".encode() + Z.tobytes()).hexdigest()


def _recording(name, function):
    def wrapper(Z, *args):
        value = function(Z, *args)
        RECORDED[_key(name, Z, args)] = [float(v) for v in np.ravel(value)]
        return value
    return wrapper


for _name in FUNCTIONS:
    globals()[_name] = _recording(_name, globals()[_name])
    setattr(ActivationFunction, _name, staticmethod(globals()[_name]))
'''
# The same submission without the solution: the table, and zeros for any input not in it.
REPLAY = '''import hashlib

import numpy as np

RECORDED = {table}


def _looked_up(name, Z, *args):
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    key = hashlib.sha1(f"{{name}}{{args!r}}{{Z.shape}}".encode() + Z.tobytes()).hexdigest()
    return np.array(RECORDED[key]).reshape(Z.shape) if key in RECORDED else np.zeros(Z.shape)


relu = lambda Z: _looked_up("relu", Z)
relu_derivative = lambda Z: _looked_up("relu_derivative", Z)
leaky_relu = lambda Z, alpha=0.01: _looked_up("leaky_relu", Z, *([alpha] if alpha != 0.01 else []))
leaky_relu_derivative = lambda Z, alpha=0.01: _looked_up("leaky_relu_derivative", Z, *([alpha] if alpha != 0.01 else []))
sigmoid = lambda Z: _looked_up("sigmoid", Z)
sigmoid_derivative = lambda Z: _looked_up("sigmoid_derivative", Z)
tanh = lambda Z: _looked_up("tanh", Z)
tanh_derivative = lambda Z: _looked_up("tanh_derivative", Z)


class ActivationFunction:
{methods}


answer_sigmoid_max_slope = 0.25
answer_dead_relu = "d"
answer_zero_centred = "a"
'''


def recorded_table(seed: int, keys: dict) -> dict:
    namespace = {"__name__": "submission", "FUNCTIONS": FUNCTIONS}
    learner = LocalLearner(namespace)
    assert not learner.load([(ROOT / "solutions" / "activations.py").read_text() + RECORDER])
    result = run_suite("activations", learner, context=GradingContext(seed=seed, keys=keys))
    assert result.score == result.max_score
    return namespace["RECORDED"]


def test_answers_recorded_in_one_run_are_worth_nothing_in_the_next(tmp_path):
    keys = keys_in_notebook(ROOT / "source" / "activations" / "activations.ipynb")
    table = recorded_table(seed=11, keys=keys)
    methods = "\n".join(f"    {name} = staticmethod({name})" for name in FUNCTIONS)
    replay = tmp_path / "replay.py"
    replay.write_text(REPLAY.format(table=json.dumps(table), methods=methods))

    same_run = grade_path(replay, "activations", context=GradingContext(seed=11, keys=keys))
    assert same_run.score == same_run.max_score, "the table really holds that run's answers"

    next_run = grade_path(replay, "activations", context=GradingContext(keys=keys))
    functions = [test for test in next_run.tests if not test.name.startswith("test_question")]
    assert sum(test.score for test in functions) == 0, [(t.name, t.score) for t in functions if t.score]
