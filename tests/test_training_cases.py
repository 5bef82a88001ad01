"""The training suite's cases, drawn from many seeds: the properties its exact judgements rely on.

Each graded run draws fresh cases (grading.rng); these tests draw many runs' worth and check what
the suite assumes of every one of them: that k and k + 1 gradient steps are far apart (so the
update count is read exactly), that no typical mistake produces the right numbers by accident
(so it cannot pass), that correct training reaches the stated accuracy with room to spare, and
that the notebook's settings are mirrored bit for bit by the trusted maths and keep the
experiments' simulations out of chaos where the suite compares them whole.
"""

from __future__ import annotations

import json
from pathlib import Path
import math

import numpy as np
import pytest

from autograder.assignments.training import bugs, maths, suite
from autograder.assignments.training.experiments import PROBE, PROBE_APART, UNDECIDED, close, simulate
from autograder.assignments.training.batches import Replay
from autograder.context import GradingContext
from autograder.diagnosis import same_values
from nnkit.build import layout

ROOT = layout.source_notebook(Path(__file__).resolve().parents[1], "training")
SEEDS = range(60)


def contexts(count: int = len(SEEDS)):
    return [GradingContext(seed=seed) for seed in range(count)]


def reference_batches(X, Y, batch_size: int, rng, epochs: int) -> list:
    """What a correct minibatches gives, epoch by epoch (the notebook's reference)."""
    out = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        out.append([(X[:, order[s:s + batch_size]], Y[:, order[s:s + batch_size]])
                    for s in range(0, X.shape[1], batch_size)])
    return out


def relative_change(before, after) -> float:
    return max(float(np.max(np.abs(W1 - W0)) / np.max(np.abs(W0))) for (W0, _, _), (W1, _, _) in zip(before, after))


# ---------------------------------------------------------------- the boundary
def test_a_generator_kept_on_the_learners_side_is_shared_by_calls():
    """The replays rely on it: set("@name", Rng(seed)) keeps ONE generator, and Ref(name) hands that same
    generator to every call, as train_minibatch hands its rng to minibatches epoch after epoch."""
    from autograder.learner import LocalLearner, Ref, Rng

    learner = LocalLearner({"draw": lambda rng: rng.permutation(10)})
    learner.set("@kept", Rng(5))
    first, second = learner.call("draw", Ref("kept")), learner.call("draw", Ref("kept"))
    fresh = np.random.default_rng(5)
    assert np.array_equal(first, fresh.permutation(10)) and np.array_equal(second, fresh.permutation(10))
    assert np.array_equal(learner.call("draw", Rng(5)), first)  # a fresh Rng starts again


# ---------------------------------------------------------------- update counts
@pytest.mark.parametrize("label", suite.UPDATE_CASES)
def test_every_gradient_step_moves_the_weights_far_beyond_rounding(label):
    """The update count is read as the k whose k steps equal the learner's weights up to 1e-9: every
    step must move them by far more (here at least 1e-4 relative), in every run."""
    m, batch_size, epochs = suite.UPDATE_CASES[label]
    expected = epochs * math.ceil(m / batch_size)
    for grading in contexts():
        start, X, Y, rate = suite.one_example_case(grading, label)
        states = suite.steps_on_one_example(start, X[:, :1], Y[:, :1], rate, max(2 * expected, epochs * m) + 1)
        assert min(relative_change(a, b) for a, b in zip(states, states[1:])) > 1e-4, grading.seed
        run_steps = lambda k, r: suite.steps_on_one_example(start, X[:, :1], Y[:, :1], r, k)[-1]  # noqa: E731
        for diagnosis, predict in bugs.step_size_mistakes(run_steps, expected, rate, batch_size).items():
            assert not any(suite.same_layers(predict(), state) for state in states), (grading.seed, diagnosis)


def test_each_batch_of_one_example_has_that_examples_gradient():
    """The identical-columns trick: a batch of b copies of one example updates exactly like the example
    alone, whatever b (up to rounding), so the shuffle and the batch sizes cannot matter."""
    start, X, Y, rate = suite.one_example_case(GradingContext(seed=1), "m10-b3-e2")
    one = maths.step(start, X[:, :1], Y[:, :1], rate)
    for size in (2, 3, 10):
        assert suite.same_layers(maths.step(start, X[:, :size], Y[:, :size], rate), one, rtol=1e-12)


# ---------------------------------------------------------------- which batches, which losses
@pytest.mark.parametrize("label", suite.BATCH_CASES)
def test_no_batch_or_loss_mistake_gives_the_right_numbers(label):
    for grading in contexts():
        case = suite.TrainRun(None, grading, label)
        batches = reference_batches(case.X, case.Y, case.batch_size, np.random.default_rng(case.seed), case.epochs)
        right, losses = maths.train_on_batches(case.start, batches, case.X, case.Y, case.rate)
        for diagnosis, predict in bugs.batch_mistakes(case.start, batches, case.X, case.Y, case.rate,
                                                      case.batch_size).items():
            assert not suite.same_layers(predict(), right), (grading.seed, diagnosis)
        own, layers = [], case.start
        for epoch_batches in batches:
            layers, _ = maths.train_on_batches(layers, [epoch_batches], case.X, case.Y, case.rate)
            own.append(layers)
        before = [maths.epoch_loss(layers, case.X, case.Y) for layers in [case.start, *own[:-1]]]
        for diagnosis, predicted in bugs.loss_mistakes(case.start, batches, case.X, case.Y, case.rate,
                                                       before).items():
            assert not same_values(predicted, losses), (grading.seed, diagnosis)


# ---------------------------------------------------------------- accuracy
@pytest.mark.parametrize("label", suite.ACCURACY_CASES)
def test_no_accuracy_mistake_gives_the_right_number(label):
    for grading in contexts():
        layers, X, Y, outputs, right = suite.accuracy_case(grading, label)
        for diagnosis, value in bugs.accuracy_mistakes(outputs, Y).items():
            assert abs(value - right) > 1e-9, (grading.seed, diagnosis)


# ---------------------------------------------------------------- reached accuracy
def test_correct_training_reaches_the_threshold_with_room():
    """suite.REACH_THRESHOLD is 90% on cases where two shuffles of the suite's own reached 93%; a
    correct learner shuffles in a third way, which reaches at least 92% in every draw here (in 1179
    such shuffles measured once, at least 92.5%), so a correct shuffle does not fail by bad luck."""
    reached = []
    for grading in contexts(16):
        case = suite.reach_case(grading)
        reached.append(suite.reached_by_correct_training(*case, np.random.default_rng([grading.seed, 99])))
    assert min(reached) >= suite.REACH_THRESHOLD + 0.02, sorted(reached)[:3]


def test_the_cases_refused_are_the_stuck_ones():
    """The refusal is rare and real: a refused draw stays on the straight-line plateau for most shuffles."""
    grading = GradingContext(seed=241)  # a draw refused at its first attempt (found by search)
    first = suite.reach_draw(grading.rng("reach", 0))
    reached = [suite.reached_by_correct_training(*first, np.random.default_rng(k)) for k in range(3)]
    assert max(reached) < suite.REACH_CHOSEN
    assert suite.reach_case(grading)[1] is not first[1]


# ---------------------------------------------------------------- the notebook's settings and experiments
def notebook_cells() -> dict[str, str]:
    notebook = json.loads(ROOT.read_text(encoding="utf-8"))
    return {cell["id"]: "".join(cell["source"]) for cell in notebook["cells"]}


@pytest.fixture(scope="module")
def provided() -> dict:
    """The notebook's provided code and settings, run as the learner's kernel runs them."""
    cells, namespace = notebook_cells(), {}
    for cell in ("provided_code", "settings"):
        exec(cells[cell], namespace)
    return namespace


def test_the_notebook_settings_are_the_trusted_ones(provided):
    s = maths.SETTINGS
    assert (provided["N_TRAIN"], provided["N_TEST"], provided["NOISE"], provided["UNITS"]) == \
        (s.n_train, s.n_test, s.noise, s.hidden)
    assert (provided["EPOCHS"], provided["BATCH_SIZE"]) == (s.epochs, s.batch_size)
    assert (tuple(provided["BATCH_SIZES"]), provided["BS_RATE"], provided["BS_EPOCHS"]) == \
        (s.batch_sizes, s.bs_rate, s.bs_epochs)
    assert (provided["SMALL_SIZE"], provided["WIDE"], provided["SMALL_RATE"], provided["SMALL_BATCH"],
            provided["SMALL_EPOCHS"], provided["CHECKPOINT"]) == \
        (s.small_size, s.wide, s.small_rate, s.small_batch, s.small_epochs, s.checkpoint)


@pytest.mark.parametrize("seed", [0, 20240601, 10**9])
def test_the_notebook_data_and_networks_are_mirrored_bit_for_bit(provided, seed):
    """The experiments are re-run here from the learner's seed: same numbers, not merely close ones."""
    X, Y = provided["make_moons"](50, 0.2, np.random.default_rng(seed))
    tX, tY = maths.make_moons(50, 0.2, np.random.default_rng(seed))
    assert np.array_equal(X, tX) and np.array_equal(Y, tY)
    network = provided["make_network"]([2, 5, 3, 1], seed)
    for layer, (W, b, name) in zip(network.layers, maths.network_weights((2, 5, 3, 1), seed)):
        assert np.array_equal(layer.W, W) and np.array_equal(layer.b, b)
    assert [name for *_, name in maths.network_weights((2, 5, 3, 1), seed)] == ["tanh", "tanh", "sigmoid"]


def test_the_small_set_experiment_is_never_chaotic_or_undecided():
    """check_small_set compares every checkpoint only while the probe stays with the simulation and no
    output sits within UNDECIDED of 0.5: for the notebook's settings that holds throughout."""
    s = maths.SETTINGS
    for seed in range(6):
        data = maths.experiment_data(seed * 1_000_003)
        layers = maths.network_weights((2, s.wide, 1), maths.network_seed(seed * 1_000_003))
        probe = maths.perturbed(layers, PROBE)
        full = [[(data.X_small, data.Y_small)]] * s.small_epochs
        layers, _ = maths.train_on_batches(layers, full, data.X_small, data.Y_small, s.small_rate)
        probe, _ = maths.train_on_batches(probe, full, data.X_small, data.Y_small, s.small_rate)
        for X in (data.X_small, data.X_test):
            outputs = maths.forward(layers, X)
            assert np.max(np.abs(outputs - maths.forward(probe, X))) < PROBE_APART / 10
            assert np.min(np.abs(outputs - 0.5)) > UNDECIDED


def test_moderate_rates_are_stable_and_huge_ones_are_flagged():
    """The probe: curves of moderate learning rates are compared whole; a huge rate's chaos is found."""
    s = maths.SETTINGS
    data = maths.experiment_data(5)
    batches = Replay(reference_batches(data.X_train, data.Y_train, s.batch_size, np.random.default_rng(7), s.epochs))
    start = maths.network_weights((2, s.hidden, 1), 6)
    for rate in (0.01, 0.3, 1.0):
        assert not simulate(start, batches, data.X_train, data.Y_train, rate).machine_dependent
    chaotic = [simulate(start, batches, data.X_train, data.Y_train, rate).machine_dependent for rate in (10.0, 30.0)]
    assert any(chaotic)
    assert close(np.array([1.0, np.nan, np.inf]), np.array([1.0 + 1e-12, np.nan, np.inf]), 1e-9).all()
