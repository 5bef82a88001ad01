"""The initialization suite's cases are fresh each run and keep the properties its checks rely on
(autograder/assignments/initialization/cases.py), its acceptance band has the error rates its
comments claim, and a submission that recorded one run's inputs is lost on the next."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from autograder.assignments.initialization import cases, suite
from autograder.assignments.initialization.bugs import VARIANCE_RULES
from autograder.assignments.initialization.maths import train_two_layer
from autograder.context import GradingContext
from autograder.learner import LocalLearner
from autograder.runner import run_suite

SEEDS = range(400)


def test_small_shapes_are_never_square_and_take_both_orientations():
    for seed in SEEDS:
        shapes = cases.non_square_shapes(np.random.default_rng(seed), count=4, low=1, high=12)
        assert all(1 <= i <= 12 and 1 <= o <= 12 and i != o for i, o in shapes)
        assert any(i < o for i, o in shapes) and any(i > o for i, o in shapes)
        assert len(set(shapes)) == 4


def test_scale_sizes_tell_fan_in_from_fan_out_and_every_rule_from_every_other():
    drawn = set()
    for seed in SEEDS:
        sizes = cases.scale_sizes(np.random.default_rng(seed))
        drawn.add(tuple(sizes))
        assert all(6000 <= i * o <= 9000 and i != o for i, o in sizes)
        assert any(i >= 4 * o for i, o in sizes) and any(o >= 4 * i for i, o in sizes)
        for (_, first), (_, second) in itertools.combinations(VARIANCE_RULES, 2):
            assert max(max(first(i, o) / second(i, o), second(i, o) / first(i, o)) for i, o in sizes) >= 1.45
    assert len(drawn) == len(SEEDS), "every run grades other sizes"


def wilson_hilferty_tail(ratio: float, n: int) -> float:
    """P(chi2_n / n <= ratio) for ratio < 1, or P(chi2_n / n >= ratio) for ratio > 1 (Wilson-Hilferty)."""
    z = (ratio ** (1 / 3) - (1 - 2 / (9 * n))) / math.sqrt(2 / (9 * n))
    return 0.5 * math.erfc(abs(z) / math.sqrt(2))


def test_the_band_fails_a_right_scale_almost_never_and_fan_out_scaling_always():
    n = cases.MIN_WEIGHTS
    low, high = suite.band(n)
    assert (low, high) == pytest.approx((0.85, 1.15))
    # a correct normal init, 3 sizes x 2 tests: the suite's comment says below 1.2e-14
    per_check = wilson_hilferty_tail(high, n) + wilson_hilferty_tail(low, n)
    assert per_check < 2.3e-15
    assert 6 * per_check < 1.4e-14
    # the mean check: |mean| > 8 standard errors, two-sided
    assert math.erfc(suite.MEAN_SIGMAS / math.sqrt(2)) < 1.3e-15
    # W = randn * sqrt(1/output_size): at the size with n_in >= 4 n_out its variance is >= 4 times the
    # target, and it passes only if its m2 comes out below 1.15/4 of its own expectation
    assert wilson_hilferty_tail(high / cases.WIDE, n) < 1e-300
    # the least separated rules (1.45 apart) need a 21% deviation
    assert wilson_hilferty_tail(high / cases.SEPARATION, n) < 1e-33


def test_a_right_scale_passes_and_fan_out_fails_on_the_drawn_sizes():
    """The band itself, on real draws: the textbook init passes at every drawn size, the fan-out
    init fails at one of them at least, in every run."""
    for seed in range(100):
        rng = np.random.default_rng(seed)
        sizes = cases.scale_sizes(rng)
        for factor in (1.0, 2.0):
            right = [np.mean((rng.standard_normal((o, i)) * np.sqrt(factor / i)) ** 2) * i / factor for i, o in sizes]
            fan_out = [np.mean((rng.standard_normal((o, i)) * np.sqrt(factor / o)) ** 2) * i / factor for i, o in sizes]
            assert all(0.85 <= r <= 1.15 for r in right)
            assert not all(0.85 <= r <= 1.15 for r in fan_out)


def test_unknown_kinds_are_neither_known_kinds_nor_their_aliases():
    aliases = {"zero", "glorot", "kaiming", "lecun"}
    for kind in cases.UNKNOWN_KINDS:
        assert kind.lower() not in set(cases.KNOWN_KINDS) | aliases
        assert kind == kind.lower() and kind.strip() == kind
    kinds = {kind for seed in SEEDS for kind in cases.unknown_kinds(np.random.default_rng(seed), 1)}
    assert kinds == set(cases.UNKNOWN_KINDS)


def test_experiment_labels_are_unbalanced_so_zero_init_units_move_together():
    for seed in range(100):
        case = cases.experiment(np.random.default_rng(seed))
        assert 0 < case.Y.sum() < case.Y.size and 2 * case.Y.sum() != case.Y.size
        W1, W2 = np.zeros((case.hidden, case.n_in)), np.zeros((1, case.hidden))
        before, after = train_two_layer(W1, W2, case.X, case.Y, cases.STEPS, cases.LEARNING_RATE)
        assert np.max(np.abs(after - before)) > 1e-3, "the hidden weights moved"
        assert np.allclose(after, after[0], rtol=0, atol=1e-12), "and stayed identical"


def test_the_kind_arrives_as_an_equal_string_that_is_another_object():
    for kind in cases.KNOWN_KINDS + cases.UNKNOWN_KINDS:
        passed = suite.as_passed(kind)
        assert passed == kind and passed is not kind


# ---------------------------------------------------------------- a submission that recorded one run
class Recorder:
    """The reference solution, as the suite sees it, writing down every init_weights call."""

    def __init__(self, namespace: dict):
        self.inner = LocalLearner(namespace)
        self.calls: list[tuple[str, int, int]] = []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def call(self, target, *args, store=None):
        if target == "init_weights":
            self.calls.append((str(args[0]), int(args[1]), int(args[2])))
        return self.inner.call(target, *args, store=store)


REFERENCE = '''import numpy as np


def reference(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size)
    raise ValueError(kind)
'''

TABLE_SUBMISSION = REFERENCE + '''

# Every call one grading run made (seed {seed}): the reference answers exactly these, zeros otherwise.
RECORDED = {recorded!r}
RECORDED_UNKNOWN = {unknown!r}


def init_weights(kind, input_size, output_size, rng):
    if (kind, input_size, output_size) in RECORDED:
        return reference(kind, input_size, output_size, rng)
    if kind in RECORDED_UNKNOWN:
        raise ValueError(kind)
    return np.zeros((output_size, input_size))
'''


def recorded_table_submission(seed: int) -> str:
    """The source of a submission built from one run of the suite against the reference."""
    namespace: dict = {"__name__": "submission"}
    exec(REFERENCE + "\ninit_weights = reference\n", namespace)
    recorder = Recorder(namespace)
    run_suite("initialization", recorder, context=GradingContext(seed=seed))
    recorded = sorted({call for call in recorder.calls if call[0] in cases.KNOWN_KINDS})
    unknown = sorted({call[0] for call in recorder.calls if call[0] not in cases.KNOWN_KINDS})
    return TABLE_SUBMISSION.format(seed=seed, recorded=recorded, unknown=unknown)


ZEROS_ONLY = "import numpy as np\n\ndef init_weights(kind, input_size, output_size, rng):\n" \
             "    return np.zeros((output_size, input_size))\n"


def grade_source(source: str, seed: int):
    namespace: dict = {"__name__": "submission"}
    learner = LocalLearner(namespace)
    learner.load([source])
    return run_suite("initialization", learner, context=GradingContext(seed=seed))


@pytest.mark.parametrize("recorded_seed, graded_seed", [(1, 2), (3, 4), (5, 6)])
def test_a_table_recorded_in_one_run_is_worth_no_more_than_zeros_in_the_next(recorded_seed, graded_seed):
    table = grade_source(recorded_table_submission(recorded_seed), graded_seed)
    replayed = grade_source(recorded_table_submission(recorded_seed), recorded_seed)
    zeros_only = grade_source(ZEROS_ONLY, graded_seed)
    code_points = sum(test.max_score for test in table.tests if not test.name.startswith("test_question"))

    def code_score(result):
        return sum(test.score for test in result.tests if not test.name.startswith("test_question"))

    assert code_score(replayed) == code_points, "on the run it recorded, the table has every answer"
    for lost in ("test_xavier_scale", "test_he_scale"):
        assert table.test(lost).score == 0
    # What is left is what returning zeros for everything earns (the shapes, and the zeros kind
    # itself), plus at most a point of chance: a small shape of one run drawn again in the next.
    assert code_score(table) <= code_score(zeros_only) + 1.5
    assert code_score(table) <= 0.4 * code_points
