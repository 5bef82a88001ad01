"""The questions read from the learner's own curves: what counts as a right reading.

The suite's question items are called directly with made-up curves (the catalogue grades real
ones): every clear reading is marked right or wrong, readings inside a stated tolerance count
either way, a curve whose end depends on the computer's rounding counts for any end it could
have had, and without the hidden cell's key nothing is marked.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments.training import suite
from autograder.assignments.training.experiments import Accuracies, Curves, Simulation
from autograder.checks import Mistake, Pending
from autograder.context import GradingContext

EPOCHS = 6
KEYS = GradingContext(keys={test: {"read_from": "the learner's curves"} for test in (
    "test_question_diverged_rates", "test_question_best_rate", "test_question_lowest_batch_size",
    "test_question_small_set_gap")})


class Answers:
    """A learner whose answer cells hold the given values."""

    def __init__(self, **answers):
        self.answers = answers

    def get(self, cell):
        return self.answers[cell]


def steady(last: float) -> tuple[np.ndarray, Simulation]:
    curve = np.linspace(0.7, last, EPOCHS)
    return curve, Simulation(curve, EPOCHS)


def chaotic(values, last: float) -> tuple[np.ndarray, Simulation]:
    """A curve that goes chaotic after its second epoch, visiting `values` and ending at `last`."""
    curve = np.array([0.7, 0.6, *values, last])[:EPOCHS]
    return curve, Simulation(curve.copy(), 2)


class Runs:
    """Stands in for suite.Experiments: curves already read and verified."""

    def __init__(self, rates, runs, accuracies=None):
        curves = Curves(tuple(rates), tuple(curve for curve, _ in runs), tuple(sim for _, sim in runs))
        self.curves, self.accuracies = curves, accuracies

    def simulated_learning_rates(self):
        return self.curves

    learning_rates = batch_sizes = simulated_batch_sizes = simulated_learning_rates

    def small_set(self):
        return self.accuracies


RATES = (0.001, 0.1, 1.0, 30.0, 100.0)
# too small, good, a hair worse, chaotic (sometimes below ln 2, sometimes far above), saturated
RUNS = Runs(RATES, [steady(0.45), steady(0.10), chaotic([0.3, 4.0], 0.5), chaotic([2.0, 3.5], 3.0), steady(13.8)])


def diverged(answer, runs=RUNS, grading=KEYS):
    suite.test_question_diverged_rates(Answers(answer_diverged_rates=answer), grading, runs)


@pytest.mark.parametrize("answer", [[30.0, 100.0], [100, 30], ["30", "100"]])
def test_the_diverged_rates_read_right(answer):
    diverged(answer)


def test_a_chaotic_curve_that_visits_both_sides_of_ln2_counts_either_way():
    runs = Runs(RATES[:3], [steady(0.45), steady(0.1), chaotic([0.3, 4.0], 0.5)])
    diverged([], runs)
    diverged([1.0], runs)


@pytest.mark.parametrize("answer, message", [
    ([100.0], "your rate 30 diverged"),              # chaotic, but high wherever it went
    ([30.0], "your rate 100 diverged"),
    ([0.001, 30.0, 100.0], "your rate 0.001 did not diverge"),
    ([], "your rate 30 diverged"),
    ([7.0], "7 is not one of your answer_learning_rates"),
    ("fast", "should be one number"),
])
def test_wrong_readings_of_divergence_are_named(answer, message):
    with pytest.raises(Mistake, match=message):
        diverged(answer)


def test_a_last_loss_near_ln2_counts_either_way():
    runs = Runs((0.1, 3.0), [steady(0.1), steady(0.75)])  # 0.75 is within 25% of ln 2
    diverged([], runs)
    diverged([3.0], runs)


def best(answer, runs=RUNS):
    suite.test_question_best_rate(Answers(answer_best_rate=answer), KEYS, runs)


def test_the_best_rate_within_ten_percent():
    best(0.1)
    runs = Runs((0.1, 0.3, 1.0), [steady(0.100), steady(0.108), steady(0.2)])
    best(0.1, runs)
    best(0.3, runs)  # 8% above the lowest
    with pytest.raises(Mistake, match="the one for 0.1 ends lowest"):
        best(1.0, runs)


def test_a_chaotic_curve_could_have_ended_lowest_on_the_learners_computer():
    with pytest.raises(Mistake, match="the one for 0.1 ends lowest"):
        best(1.0)  # chaotic, but nowhere it went (0.3 at best) comes near the steady 0.1
    runs = Runs((0.1, 10.0), [steady(0.2), chaotic([0.05, 2.0], 1.5)])
    best(10.0, runs)  # went down to 0.05: the lowest end on some computer
    best(0.1, runs)  # and the chaotic one could have ended at 2.0: 0.1 may have been lowest


def test_best_rate_mistakes_are_named():
    with pytest.raises(Mistake, match="your curve for 0.001 ends at 0.45; the one for 0.1 ends lowest"):
        best(0.001)
    with pytest.raises(Mistake, match="not one of your"):
        best(0.2)


def test_without_the_key_a_readable_answer_is_pending():
    with pytest.raises(Pending, match="recorded"):
        diverged([30.0, 100.0], grading=GradingContext())
    with pytest.raises(Pending, match="recorded"):
        suite.test_question_best_rate(Answers(answer_best_rate=0.1), GradingContext(), RUNS)
    with pytest.raises(Mistake, match="not one of your"):  # an unreadable answer is said at once
        suite.test_question_best_rate(Answers(answer_best_rate=0.5), GradingContext(), RUNS)


def test_the_small_set_gap_within_two_points():
    runs = Runs((), [], Accuracies(train=np.array([0.9, 1.0]), test=np.array([0.85, 0.826])))
    for answer in (0.174, 0.17, "0.16", 0.19):
        suite.test_question_small_set_gap(Answers(answer_small_set_gap=answer), KEYS, runs)
    with pytest.raises(Mistake, match="as a fraction, not in percent"):
        suite.test_question_small_set_gap(Answers(answer_small_set_gap=17.4), KEYS, runs)
    with pytest.raises(Mistake, match="a gap of 0.174"):
        suite.test_question_small_set_gap(Answers(answer_small_set_gap=0.1), KEYS, runs)
