"""Hidden suite: initialization (docs/assignments.md).

The learner's `init_weights(kind, input_size, output_size, rng)` is judged by its statistics,
never against a seeded expected matrix: any correct normal or uniform draw passes, from `rng` or
from numpy's global random state. Every size, generator seed, unknown kind and data set is drawn
fresh for each run (cases.py). The symmetry experiments train a small two-layer network here, in
the trusted process (maths.py), starting from the learner's weights. The questions' answer keys
are not here: they sit in the hidden test cells of source/initialization/initialization.ipynb.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from autograder.assignments.initialization import cases
from autograder.assignments.initialization.bugs import VARIANCE_RULES
from autograder.assignments.initialization.maths import train_two_layer
from autograder.checks import fail, measure, points
from autograder.diagnosis import bool_answer, choice_answer
from autograder.learner_text import shown_repr as shown
from autograder.learner import LearnerError, LearnerFailure, Rng

KNOWN_KINDS = cases.KNOWN_KINDS


# ---------------------------------------------------------------- calling the learner
def as_passed(kind: str) -> str:
    """`kind` as a string built at run time, the way every caller but a literal in the same program
    passes it (and the way it arrives through the sandbox's JSON). Python shares one object for
    equal short literals, so `kind is "xavier"` happens to work in the learner's own tests; with
    this string it fails in every grading path alike, sandboxed or in nbgrader's kernel."""
    return "".join([kind[:1], kind[1:]])


# Python 3.8+ warns when it compiles `x is "literal"` (3.11: '"is" with a literal'; 3.12: '"is" with
# 'str' literal'); the sandbox records the warnings of loading the submission.
IS_LITERAL_WARNING = re.compile(r'"is" with .{0,12}literal')


def identity_comparison_hint(learner, kind: str) -> str:
    literal = f'kind is "{kind}"'
    if any(IS_LITERAL_WARNING.search(warning) for warning in getattr(learner, "load_warnings", [])):
        return (f' Python warned that your code compares with `is` ("is" with a literal): `{literal}` asks whether '
                f'kind is the very same string object as your literal, and a kind that comes from anywhere else (the '
                f'grader, a file, a config) is an equal string but another object. Compare with ==: kind == "{kind}".')
    return (f' Check how your code compares kind: the spelling of each kind, and == rather than `is` (`{literal}` '
            f'asks whether two strings are the same object, and a kind built at run time is an equal string but '
            f'another object).')


def call(kind: str, n_in: int, n_out: int) -> str:
    return f"init_weights({kind!r}, {n_in}, {n_out}, rng)"


def init_weights(learner, kind: str, n_in: int, n_out: int, seed: int) -> np.ndarray:
    """The learner's W, any numeric array; anything else is a diagnosis."""
    try:
        W = learner.call("init_weights", as_passed(kind), n_in, n_out, Rng(seed))
    except LearnerError as error:
        if error.is_a("NotImplementedError"):
            raise
        if kind in KNOWN_KINDS and error.is_a("ValueError"):
            fail(f"{call(kind, n_in, n_out)} raised {error.kind} ({shown(error.message, 100)}), yet {kind!r} is one "
                 f"of the three kinds it must know." + identity_comparison_hint(learner, kind))
        if error.is_a("TypeError") and "data type" in error.message:
            fail(f"{call(kind, n_in, n_out)} raised TypeError ({shown(error.message, 100)}): numpy takes a shape as "
                 f"one tuple, np.zeros((output_size, input_size)), not as two arguments (the second is the dtype).")
        fail(f"{call(kind, n_in, n_out)} raised {error.kind}: {shown(error.message, 200)}")
    if not isinstance(W, np.ndarray):
        fail(f"{call(kind, n_in, n_out)} returned {type(W).__name__} {shown(W, 60)}: it must return a numpy array W.")
    return W


def shape_mistake(W: np.ndarray, kind: str, n_in: int, n_out: int) -> str:
    if W.shape == (n_in, n_out):  # never ambiguous: the cases are never square
        return (f"{call(kind, n_in, n_out)} returned shape {W.shape}, which is (input_size, output_size): W must be "
                f"(output_size, input_size) = ({n_out}, {n_in}), one row per unit, so that Z = W @ A_prev works.")
    return (f"{call(kind, n_in, n_out)} returned shape {W.shape}: W must be (output_size, input_size) = "
            f"({n_out}, {n_in}).")


def weights(learner, kind: str, n_in: int, n_out: int, seed: int) -> np.ndarray:
    """W as float64 (output_size, input_size), for the checks of its values. A transposed W is turned
    around (its shape costs the points of test_shapes_and_dtype, not of every check); any other shape
    is refused before any arithmetic, and so are NaN and infinity."""
    W = init_weights(learner, kind, n_in, n_out, seed)
    if W.shape == (n_in, n_out):
        W = W.T
    elif W.shape != (n_out, n_in):
        fail(shape_mistake(W, kind, n_in, n_out))
    W = W.astype(np.float64)
    if not np.all(np.isfinite(W)):
        fail(f"{call(kind, n_in, n_out)} returned NaN or infinity.")
    return W


def random_kind_returned_zeros(learner, kind: str, W: np.ndarray) -> None:
    if kind != "zeros" and not np.any(W):
        fail(f"init_weights({kind!r}, ...) returned all zeros: {kind!r} must draw random weights, or every "
             f"unit stays identical." + identity_comparison_hint(learner, kind))


# ---------------------------------------------------------------- shapes, zeros, unknown kinds
@points(1)
@pytest.mark.parametrize("kind", KNOWN_KINDS)
def test_shapes_and_dtype(learner, grading, kind):
    rng = grading.rng("shapes", kind)
    for n_in, n_out in cases.non_square_shapes(rng, count=4, low=1, high=12):
        W = init_weights(learner, kind, n_in, n_out, cases.generator_seed(rng))
        if W.shape != (n_out, n_in):
            fail(shape_mistake(W, kind, n_in, n_out))
        if W.dtype != np.float64:
            fail(f"init_weights({kind!r}, ...) returns {W.dtype} values: W must be float64 "
                 f"(np.zeros and rng.standard_normal give float64 unless told otherwise).")


@points(1)
def test_zeros(learner, grading):
    rng = grading.rng("zeros")
    for n_in, n_out in cases.non_square_shapes(rng, count=4, low=1, high=12):
        W = init_weights(learner, "zeros", n_in, n_out, cases.generator_seed(rng))
        if W.shape not in ((n_out, n_in), (n_in, n_out)):
            fail(shape_mistake(W, "zeros", n_in, n_out))
        W = W.astype(np.float64)
        if not np.all(np.isfinite(W)):
            fail(f"{call('zeros', n_in, n_out)} returned NaN or infinity: every weight must be exactly 0.")
        if np.any(W != 0):
            fail(f"{call('zeros', n_in, n_out)} has non-zero entries (largest |w| = {np.max(np.abs(W)):.3g}): "
                 f"every weight must be exactly 0.")


UNKNOWN_KIND_ADVICE = "e.g. raise ValueError(f'unknown kind {kind!r}: use zeros, xavier or he')"


@points(1)
@pytest.mark.parametrize("label", ["first", "second"])
def test_unknown_kind_raises(learner, grading, label):
    rng = grading.rng("unknown kind", label)
    n_in, n_out = cases.non_square_shapes(rng, count=2, low=2, high=9)[0]
    init_weights(learner, "he", n_in, n_out, cases.generator_seed(rng))  # raising for every kind is no answer
    kind = cases.unknown_kinds(rng, 1)[0]
    try:
        value = learner.call("init_weights", as_passed(kind), n_in, n_out, Rng(cases.generator_seed(rng)))
    except LearnerError as error:
        # judged by class: a subclass of ValueError (an UnknownInitError(ValueError), say) is a ValueError
        if error.is_a("ValueError"):
            return
        if error.is_a("NotImplementedError"):
            fail(f"init_weights({kind!r}, ...) raised NotImplementedError: an unknown kind must raise ValueError, "
                 f"{UNKNOWN_KIND_ADVICE}.")
        if error.kind == "ValueError":
            fail(f"init_weights({kind!r}, ...) raised a class of your own called ValueError ({error.bases[0]}), which "
                 f"is not Python's ValueError: callers that catch ValueError miss it. Raise the built-in ValueError "
                 f"(or a subclass of it).")
        if error.is_a("LookupError"):
            fail(f"init_weights({kind!r}, ...) raised {error.kind} (from a dict or list lookup?): an unknown kind "
                 f"must raise ValueError, and {error.kind} is a LookupError, not a ValueError. Check the kind first, "
                 f"{UNKNOWN_KIND_ADVICE}.")
        fail(f"init_weights({kind!r}, ...) raised {error.kind}: an unknown kind must raise ValueError (or a subclass "
             f"of it), {UNKNOWN_KIND_ADVICE}.")
    if value is None:
        fail(f"init_weights({kind!r}, ...) returned None: an unknown kind must raise ValueError "
             f"(printing a message is not enough).")
    fail(f"init_weights({kind!r}, ...) returned a value for an unknown kind: it must raise ValueError, "
         f"so that a typo in the kind does not silently give some other initialisation.")


# ---------------------------------------------------------------- scale
# Acceptance band for the second moment m2 = mean(w^2) divided by the target variance s^2.
# A correct init has E[w] = 0 and E[w^2] = s^2. For N >= 6000 normal draws N*m2/s^2 is chi-square
# with N degrees of freedom; by the Wilson-Hilferty approximation P(m2/s^2 > 1.15) = 2.2e-15 (7.8
# standard deviations) and P(m2/s^2 < 0.85) = 2.4e-18 (8.7). Uniform draws have a lighter tail
# (Var(w^2) = 0.8 s^4 instead of 2 s^4), so they are further inside the band. With 3 sizes per
# test and 2 tests, a correct init fails with probability below 1.4e-14 (the mean check below adds
# 1.3e-15 per size: 2.2e-14 in all). tests/test_initialization_cases.py recomputes these figures.
#
# The mistakes the band must catch are off by a factor of 1.45 or more at one of the sizes
# (cases.SEPARATION). Fan-out scaling, W = randn * sqrt(1/output_size), has variance 1/n_out,
# n_in/n_out >= 4 times the target at the size with n_in >= 4 n_out (cases.WIDE). To pass there its
# m2 would have to come out below 1.15/4 = 0.29 of its own expectation: Wilson-Hilferty gives
# z = (0.29^(1/3) - (1 - 2/(9N))) / sqrt(2/(9N)) = -56 at N = 6000, a probability below 1e-600.
# A rule 1.45 times off (the least separated) needs a 21% deviation: 12 standard deviations, 1e-34.
BAND = (0.85, 1.15)

# The statistics count distinct values only: an init that repeats one random row has the right
# variance per weight but far fewer independent draws (that mistake is test_rows_are_distinct's).
# With fewer than 6000 independent draws the band widens to the same 8 standard deviations,
# 8 * sqrt(2 / N), so that the false-failure probability stays as small.
SIGMAS = 8.0


def band(independent: int) -> tuple[float, float]:
    half_width = max(BAND[1] - 1.0, SIGMAS * np.sqrt(2.0 / independent))
    return 1.0 - half_width, 1.0 + half_width


# The mean of N centred draws of spread s has standard deviation s / sqrt(N); |mean| < 8 s / sqrt(N)
# fails a centred init with probability 1.3e-15, whatever its scale (s is measured, sqrt(mean(w^2)):
# a wrong scale is the other checks' business). rng.random() * c (uniform on [0, c)) has mean
# 0.87 sqrt(mean(w^2)): 67 standard deviations away at N = 6000.
MEAN_SIGMAS = SIGMAS


def matching_rule(second_moments: list[float], sizes: list[tuple[int, int]]) -> str | None:
    for description, rule in VARIANCE_RULES:
        ratios = [m2 / rule(i, o) for m2, (i, o) in zip(second_moments, sizes)]
        if all(BAND[0] <= r <= BAND[1] for r in ratios):
            return description
    return None


def check_scale(learner, grading, kind: str, factor: float, rule: str, advice: str) -> None:
    rng = grading.rng("scale", kind)
    sizes = cases.scale_sizes(rng)
    second_moments, bands = [], []
    for n_in, n_out in sizes:
        W = weights(learner, kind, n_in, n_out, cases.generator_seed(rng))
        random_kind_returned_zeros(learner, kind, W)
        w = np.unique(W)
        if w.size == 1:
            fail(f"init_weights({kind!r}, ...) gives every weight the same value {w[0]:.3g}: a constant has "
                 f"variance 0 and keeps the units symmetric; draw each weight at random.")
        target = factor / n_in
        if abs(w.mean()) > MEAN_SIGMAS * np.sqrt(np.mean(w**2) / w.size):
            fail(f"init_weights({kind!r}, ...) is not centred on 0 (mean {w.mean():.3g} at n = {n_in}): the weights "
                 f"must average 0. rng.random() draws from [0, 1), and rng.normal(a) draws around the mean a (the "
                 f"standard deviation is its second argument); use rng.standard_normal(shape) * std, "
                 f"rng.normal(0, std, shape) or rng.uniform(-limit, limit, shape).")
        second_moments.append(float(np.mean(w**2)))
        bands.append(band(w.size))
        measure(f"{kind} variance * n / {factor:g} at n = {n_in}", second_moments[-1] / target, None)
    ratios = [m2 * n_in / factor for m2, (n_in, _) in zip(second_moments, sizes)]
    if all(low <= r <= high for r, (low, high) in zip(ratios, bands)):
        return
    found = matching_rule(second_moments, sizes)
    if found:
        fail(f"init_weights({kind!r}, ...) has variance {found}: {rule}; {advice}")
    shown_sizes = ", ".join(f"{m2 * n_in:.3g}/n at (n_in, n_out) = ({n_in}, {n_out})"
                            for m2, (n_in, n_out) in zip(second_moments, sizes))
    fail(f"init_weights({kind!r}, ...) has variance {shown_sizes}: {rule}; {advice}")


@points(2)
def test_xavier_scale(learner, grading):
    check_scale(learner, grading, "xavier", 1.0, "Xavier uses variance 1/n with n = input_size",
                "e.g. rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size).")


@points(2)
def test_he_scale(learner, grading):
    check_scale(learner, grading, "he", 2.0, "He uses variance 2/n with n = input_size",
                "e.g. rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size).")


# ---------------------------------------------------------------- symmetry
def identical_row_pairs(W: np.ndarray, tolerance: float) -> list[tuple[int, int]]:
    return [(i, j) for i, j in itertools.combinations(range(W.shape[0]), 2)
            if np.max(np.abs(W[i] - W[j])) <= tolerance]


@points(2)
@pytest.mark.parametrize("kind", ["xavier", "he"])
def test_rows_are_distinct(learner, grading, kind):
    rng = grading.rng("rows", kind)
    n_in, n_out = cases.non_square_shapes(rng, count=2, low=3, high=40)[0]
    W = weights(learner, kind, n_in, n_out, cases.generator_seed(rng))
    random_kind_returned_zeros(learner, kind, W)
    if np.all(W == W.flat[0]):
        fail(f"init_weights({kind!r}, ...) gives every weight the same value {W.flat[0]:.3g}: a constant "
             f"init is as symmetric as zeros; draw each weight at random.")
    pairs = identical_row_pairs(W, 0.0)
    if pairs:
        fail(f"init_weights({kind!r}, ...) gives identical rows (units {pairs[0][0]} and {pairs[0][1]}): "
             f"draw every entry independently, e.g. rng.standard_normal((output_size, input_size)), "
             f"instead of repeating one random row.")
    columns = identical_row_pairs(W.T, 0.0)
    if columns:
        fail(f"init_weights({kind!r}, ...) gives identical columns (inputs {columns[0][0]} and {columns[0][1]}): "
             f"each unit weighs all its inputs alike, so it only sees their sum. Draw every entry independently, "
             f"e.g. rng.standard_normal((output_size, input_size)), instead of one random number per row.")


# A layer trains its W in place (W -= learning_rate * dW), and a network calls init_weights once per
# layer: each call must give a new array, and a random kind new numbers. The learner-side array is
# changed in place with ndarray.fill, as a layer's update would change it.
FILLED = 0.375


@points(1)
@pytest.mark.parametrize("kind", KNOWN_KINDS)
def test_each_call_gives_new_weights(learner, grading, kind):
    rng = grading.rng("new weights", kind)
    n_in, n_out = cases.non_square_shapes(rng, count=2, low=3, high=40)[0]
    first = weights(learner, kind, n_in, n_out, cases.generator_seed(rng))
    learner.call("init_weights", as_passed(kind), n_in, n_out, Rng(cases.generator_seed(rng)), store="trained")
    try:
        learner.call("@trained.fill", FILLED)  # the first layer trains its W in place
    except LearnerFailure as failure:
        if isinstance(failure, LearnerError) and "read-only" in failure.message:
            fail(f"init_weights({kind!r}, ...) returns a read-only array (np.broadcast_to?): a layer cannot train "
                 f"it in place (W -= learning_rate * dW). Return a new array, e.g. np.zeros(shape).")
        raise
    second = weights(learner, kind, n_in, n_out, cases.generator_seed(rng))
    if np.all(second == FILLED):
        fail(f"init_weights({kind!r}, ...) returns the same array object on every call (a cache?): when one layer "
             f"trains its W in place, the next layer starts from those trained weights. Return a new array each "
             f"call.")
    if kind != "zeros" and np.array_equal(first, second):
        fail(f"init_weights({kind!r}, ...) returns the same weights on every call, even from two different "
             f"generators: it draws from a fixed seed (np.random.seed(...), np.random.default_rng(0), or a reset of "
             f"rng's state), so every layer of the same shape starts with the same W. Draw from the rng you are "
             f"given (or from np.random without seeding it).")


def experiment_weights(learner, kind: str, case: cases.Experiment) -> tuple[np.ndarray, np.ndarray]:
    W1 = weights(learner, kind, case.n_in, case.hidden, case.seeds[0])
    W2 = weights(learner, kind, case.hidden, 1, case.seeds[1])
    return W1, W2


@points(2)
@pytest.mark.parametrize("kind", ["xavier", "he"])
def test_random_init_hidden_units_diverge(learner, grading, kind):
    case = cases.experiment(grading.rng("experiment", kind))
    W1, W2 = experiment_weights(learner, kind, case)
    random_kind_returned_zeros(learner, kind, W1)
    _, after = train_two_layer(W1, W2, case.X, case.Y, cases.STEPS, cases.LEARNING_RATE)
    # Distinct random rows differ by O(0.1..1); 1e-6 is far below that and far above rounding.
    pairs = identical_row_pairs(after, 1e-6)
    if pairs:
        i, j = pairs[0]
        fail(f"After training from init_weights({kind!r}, ...), hidden units {i} and {j} are still identical: "
             f"they started identical. Draw every weight independently at random.")


@points(1)
def test_zero_init_hidden_units_stay_identical(learner, grading):
    case = cases.experiment(grading.rng("experiment", "zeros"))
    W1, W2 = experiment_weights(learner, "zeros", case)
    if np.any(W1 != 0) or np.any(W2 != 0):
        fail("init_weights('zeros', ...) is not all zeros, so the hidden units of the experiment did not "
             "start identical: return np.zeros((output_size, input_size)).")
    before, after = train_two_layer(W1, W2, case.X, case.Y, cases.STEPS, cases.LEARNING_RATE)
    scale = max(1.0, float(np.max(np.abs(after))))
    # identical rows go through identical arithmetic; 1e-12 * scale allows only rounding
    if len(identical_row_pairs(after, 1e-12 * scale)) < case.hidden * (case.hidden - 1) // 2:
        fail("The hidden units of the zero-init experiment did not stay identical.")


# ---------------------------------------------------------------- answer cells
# The questions are asked in the notebook (ask(...) cells); their keys, and the misconception each
# wrong option holds, are in its hidden test cells.
@points(2)
def test_question_zero_init(learner, grading):
    choice_answer(learner, grading, "test_question_zero_init", "answer_zero_init")


@points(1)
def test_question_zero_bias_ok(learner, grading):
    bool_answer(learner, grading, "test_question_zero_bias_ok", "answer_zero_bias_ok")


@points(1)
def test_question_relu_zero_weights(learner, grading):
    choice_answer(learner, grading, "test_question_relu_zero_weights", "answer_relu_zero_weights")


@points(1)
def test_question_single_layer_symmetry(learner, grading):
    bool_answer(learner, grading, "test_question_single_layer_symmetry", "answer_single_layer_symmetry")


@points(1)
def test_question_he_suits(learner, grading):
    choice_answer(learner, grading, "test_question_he_suits", "answer_he_suits")


@points(1)
def test_question_xavier_suits(learner, grading):
    choice_answer(learner, grading, "test_question_xavier_suits", "answer_xavier_suits")
