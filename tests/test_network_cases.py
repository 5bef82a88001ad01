"""The network suite's cases: drawn fresh every run, and on every draw with the properties its
checks need (so no mistake can look right on an unlucky draw), and a table of answers recorded
in one run is worth nothing in the next.

The catalogue (test_catalogue.py) shows that real submissions get the right diagnoses on one
fresh draw per run; these tests draw many seeds and show why that is not luck.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from autograder.assignments.network import cases, maths, suite
from autograder.context import GradingContext
from autograder.learner import LocalLearner
from autograder.runner import run_suite
from autograder.submission import read_submission

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(60)  # the cheap draws; a few ms each
XOR_SEEDS = range(12)  # one xor_case draws and trains candidates until one learns: ~0.1 s


def rngs(seeds=SEEDS):
    return [np.random.default_rng([seed, 1234]) for seed in seeds]


def widths(layers) -> set[int]:
    return {size for W, _, _ in layers for size in W.shape}


def test_rates_are_never_round_and_neither_is_rate_over_m():
    """A hard-coded 0.1 (or 0.01, 0.5, 1.0...) never equals the drawn rate, and a second 1/m never
    looks like a hard-coded rate: the two diagnoses cannot swap."""
    for rng in rngs():
        m = int(rng.integers(4, 11))
        rate = cases.learning_rate(rng, 0.05, 1.5, m)
        for hard_coded in (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0):
            assert abs(rate - hard_coded) > 0.02 * hard_coded
            assert abs(rate / m - hard_coded) > 0.02 * hard_coded


def test_interior_and_regression_batches():
    for rng in rngs():
        for rows in (1, 2):
            batch = cases.interior(rng, rows)
            assert batch.A.shape == batch.Y.shape and batch.A.shape[0] == rows != batch.A.shape[1]
            assert batch.A.min() >= 0.05 and batch.A.max() <= 0.95
            assert np.all(batch.Y.min(axis=1) == 0) and np.all(batch.Y.max(axis=1) == 1)
            assert cases.regression(rng, rows).A.shape[0] == rows


def test_near_edge_batches_tell_a_tiny_clip_from_a_large_one():
    for rng in rngs():
        batch = cases.near_edges(rng)
        distance = np.minimum(batch.A, 1 - batch.A)
        assert distance.min() >= 1e-5 * (1 - 1e-9) and distance.max() <= 1e-3 * (1 + 1e-9)
        exact = maths.bce_unclipped(batch.A, batch.Y)
        # the largest clip the spec allows, and an eps added inside the logs, stay within the tolerance
        assert np.isclose(maths.bce(batch.A, batch.Y, eps=suite.LARGEST_EPS), exact, rtol=1e-12)
        plus_eps = float(-np.sum(batch.Y * np.log(batch.A + 1e-10) + (1 - batch.Y) * np.log(1 - batch.A + 1e-10))) / batch.A.shape[1]
        assert np.isclose(plus_eps, exact, rtol=suite.NEAR_EDGE_RTOL)
        # the eps = 1e-2 is caught, in the loss and in its derivative
        assert not np.isclose(maths.bce(batch.A, batch.Y, eps=1e-2), exact, rtol=suite.NEAR_EDGE_RTOL)
        slopes = maths.bce_derivative_unclipped(batch.A, batch.Y)
        assert not np.allclose(maths.bce_derivative(batch.A, batch.Y, eps=1e-2), slopes, rtol=suite.NEAR_EDGE_RTOL)
        assert np.allclose(maths.bce_derivative(batch.A, batch.Y, eps=suite.LARGEST_EPS), slopes, rtol=1e-12)


def test_edge_batches_hold_confident_right_and_wrong_answers():
    for rng in rngs():
        edge = cases.exactly_at_edges(rng)
        at_edge = (edge.right.A == 0) | (edge.right.A == 1)
        assert at_edge.sum() >= 3
        assert np.array_equal(edge.right.Y[at_edge], edge.right.A[at_edge])
        wrong = at_edge & (edge.wrong.Y != edge.wrong.A)
        assert 1 <= wrong.sum() == edge.wrong_count < at_edge.sum()
        for where in (wrong, at_edge & ~wrong):  # right and wrong answers at 0 and at 1: every nan and inf shows
            assert np.any(where & (edge.wrong.A == 0)) and np.any(where & (edge.wrong.A == 1))
        # with the spec's clip a confident wrong answer costs far more than eps = 1e-2 lets it
        assert maths.bce(edge.wrong.A, edge.wrong.Y) > maths.bce(edge.wrong.A, edge.wrong.Y, eps=suite.LARGEST_EPS)
        assert maths.bce(edge.wrong.A, edge.wrong.Y, eps=1e-2) < maths.bce(edge.wrong.A, edge.wrong.Y, eps=suite.LARGEST_EPS)
        assert np.all(np.isfinite(maths.bce_derivative(edge.wrong.A, edge.wrong.Y)))


@pytest.mark.parametrize("kind", ["2 layers", "3 layers", "3 equal layers"])
def test_every_backward_mistake_is_visible_on_every_draw(kind):
    """Each Network.backward bug model (and a second 1/m, a hard-coded rate) moves some layer's
    parameters by far more than the checks' tolerances on every drawn network."""
    for rng in rngs():
        case = cases.backward_case(rng, kind)
        m = case.X.shape[1]
        assert m not in widths(case.layers)
        right = maths.network_step(case.layers, case.X, case.dA, case.rate)
        for name, model in suite.backward_models(case.layers, case.X, case.dA, case.rate).items():
            try:
                predicted = model()
            except ValueError:
                continue  # the mistake raises on these shapes: diagnosed from the learner's error
            assert not suite.same_layers(predicted, right), name
        for scale in (1 / m, 0.01 / case.rate, 0.1 / case.rate):
            scaled = [(W0 - scale * (W0 - W), b0 - scale * (b0 - b), a) for (W, b, _), (W0, b0, a) in zip(right, case.layers)]
            assert suite.common_scale(scaled, right, case.layers) == pytest.approx(scale, rel=1e-9)
            assert not suite.same_layers(scaled, right)


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_train_cases_tell_every_train_mistake_apart(loss):
    for rng in rngs():
        case = cases.train_case(rng, loss)
        assert case.m not in widths(case.layers) and 3 <= case.epochs <= 6
        assert cases.has_train_properties(case)
        _, losses = maths.network_train(case.layers, case.X, case.Y, case.epochs + 1, case.rate, loss)
        # a loss recorded after the update differs from the one before it, every epoch
        assert all(abs(b - a) > 1e-4 * a for a, b in zip(losses, losses[1:]))
        # a forward run once would repeat the first loss: a correct train never does
        assert len(set(losses)) == len(losses)


def test_descent_cases_fall_at_every_epoch():
    for rng in rngs(range(20)):
        case = cases.descent_case(rng)
        _, losses = maths.network_train(case.layers, case.X, case.Y, case.epochs, case.rate)
        assert all(b < a for a, b in zip(losses, losses[1:])) and losses[-1] < 0.8 * losses[0]


def test_xor_cases_are_learned_with_a_margin():
    for rng in rngs(XOR_SEEDS):
        case = cases.xor_case(rng)
        trained, _ = maths.network_train(case.layers, case.X, case.Y, case.epochs, case.rate)
        assert np.all(np.abs(maths.network_forward(trained, case.X) - case.Y) < 0.1)
        for factor in (0.8, 1.25):
            assert cases.learns_xor(case.layers, case.epochs, case.rate * factor, 0.5)


def test_predict_cases_have_margins_and_both_classes():
    for rng in rngs():
        case = cases.predict_case(rng)
        A = maths.network_forward(case.layers, case.X)
        assert np.all(np.abs(A - 0.5) > 0.02)
        assert np.all((A > 0.5).any(axis=1)) and np.all((A < 0.5).any(axis=1))
        hidden = case.layers[0][0].shape[0]
        assert hidden not in (case.X.shape[0], A.shape[0])  # a hidden layer's output has a shape of its own
        assert case.other_X.shape[1] != case.X.shape[1]  # a stored output of the other batch has another shape


def test_each_run_draws_new_numbers():
    one, other = GradingContext(), GradingContext()
    assert one.seed != other.seed
    first, second = (cases.train_case(context.rng("train step", "bce"), "bce") for context in (one, other))
    assert not np.array_equal(first.X, second.X)
    replay = cases.train_case(GradingContext(seed=one.seed).rng("train step", "bce"), "bce")
    assert np.array_equal(first.X, replay.X) and first.rate == replay.rate


# ---------------------------------------------------------------- the attack: answers recorded in one run
def digest(*values) -> str:
    sha = hashlib.sha256()
    for value in values:
        sha.update(np.ascontiguousarray(value).tobytes() if isinstance(value, np.ndarray) else repr(value).encode())
    return sha.hexdigest()


CHEAT = '''
_functions = {name: globals()[name] for name in ("bce", "bce_derivative", "mse", "mse_derivative")}


def _state(net):
    return [value for layer in net.layers for value in (layer.W, layer.b)]


def _answered(name, function):
    def answer(*args):
        key = _digest(name, *args)
        if RECORDING:
            TABLE[key] = function(*args)
        return TABLE.get(key, 0.0 if name in ("bce", "mse") else np.zeros_like(args[0]))
    return answer


for _name, _function in _functions.items():
    globals()[_name] = _answered(_name, _function)


class Network(Network):
    def _answer(self, method, *args):
        key = _digest(method, *args, *_state(self))
        if RECORDING:
            try:
                TABLE[key] = (getattr(super(), method)(*args), [v.copy() for v in _state(self)])
            except Exception as error:  # e.g. the ValueError of an unknown loss: replayed too
                TABLE[key] = error
        if isinstance(TABLE.get(key), Exception):
            raise TABLE[key]
        if key not in TABLE:
            n_out = self.layers[-1].W.shape[0]
            return {"train": [0.0] * int(args[2]) if len(args) > 2 else [],
                    "forward": np.zeros((n_out, args[0].shape[1])), "predict": np.zeros((n_out, args[0].shape[1]))}.get(method)
        value, state = TABLE[key]
        for layer, (W, b) in zip(self.layers, zip(state[::2], state[1::2])):
            layer.W, layer.b = W.copy(), b.copy()
        return value

    def forward(self, X):
        return self._answer("forward", X)

    def backward(self, dA, learning_rate):
        return self._answer("backward", dA, learning_rate)

    def train(self, X, Y, epochs, learning_rate, loss="bce"):
        return self._answer("train", X, Y, epochs, learning_rate, loss)

    def predict(self, X):
        return self._answer("predict", X)
'''


def cheating_learner(table: dict, recording: bool) -> LocalLearner:
    """The reference solution, wrapped: while recording it answers and keeps every answer (and the
    weights each method leaves) by a hash of the inputs; afterwards it answers only what it kept
    and zeros for anything else."""
    namespace = {"__name__": "submission", "TABLE": table, "RECORDING": recording, "_digest": digest}
    learner = LocalLearner(namespace)
    assert learner.load([*read_submission(ROOT / "solutions" / "network.py").cells, CHEAT]) == []
    return learner


def graded_points(result) -> tuple[float, float]:
    """(score, max score) over the items that grade code, not the questions (whose answers are fixed)."""
    tests = [test for test in result.tests if not test.name.startswith("test_question")]
    return sum(test.score for test in tests), sum(test.max_score for test in tests)


def test_answers_recorded_in_one_run_are_worth_nothing_in_the_next():
    table: dict = {}
    recorded = GradingContext()
    score, top = graded_points(run_suite("network", cheating_learner(table, True), context=recorded))
    assert score == top, "the recording run is the reference solution"
    # the same run replayed gets everything back: the table works, only fresh cases defeat it
    replayed = run_suite("network", cheating_learner(table, False), context=GradingContext(seed=recorded.seed))
    assert graded_points(replayed)[0] == top
    score, top = graded_points(run_suite("network", cheating_learner(table, False), context=GradingContext()))
    assert score <= 0.05 * top, f"a replayed table earned {score:g} of {top:g} points on fresh cases"
