"""Hidden suite: initialization (docs/assignments.md).

The learner's `init_weights(kind, input_size, output_size, rng)` is judged by its statistics,
never against a seeded expected matrix: any correct normal or uniform draw passes. The symmetry
experiments train a small two-layer network here, in the trusted process, with
the layer and network maths maths, starting from the learner's weights.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from autograder.assignments.layer.maths import layer_backward, layer_forward
from autograder.assignments.network.maths import bce_derivative
from autograder.checks import fail, measure, points
from autograder.diagnosis import (
    letter_answer,
    read_bool,
    read_words,
    unanswered,
)
from autograder.learner import LearnerError, Rng


# ---------------------------------------------------------------- calling the learner
def init_weights(learner, kind: str, input_size: int, output_size: int, seed: int) -> np.ndarray:
    """The learner's W as a float64 array; anything that is not an array is a diagnosis."""
    try:
        W = learner.call("init_weights", kind, input_size, output_size, Rng(seed))
    except LearnerError as error:
        if error.kind == "NotImplementedError":
            raise
        fail(f"init_weights({kind!r}, {input_size}, {output_size}, rng) raised {error.kind}: {error.message}".rstrip(": "))
    if not isinstance(W, np.ndarray):
        fail(f"init_weights({kind!r}, ...) returned {type(W).__name__} {W!r:.60}: it must return a numpy array W.")
    return W


def as_matrix(W: np.ndarray, kind: str, input_size: int, output_size: int) -> np.ndarray:
    """W as (output_size, input_size) for the experiments; a transposed W is turned around, since
    its shape is graded by test_shapes_and_dtype and the experiments are about its values."""
    if W.shape == (output_size, input_size):
        return W.astype(np.float64)
    if W.shape == (input_size, output_size):
        return W.T.astype(np.float64)
    fail(f"init_weights({kind!r}, {input_size}, {output_size}, rng) returned shape {W.shape}: "
         f"W must be (output_size, input_size) = ({output_size}, {input_size}).")


# ---------------------------------------------------------------- shapes, zeros, unknown kinds
SHAPE_SIZES = [(3, 2), (1, 5), (4, 4), (7, 3)]  # (input_size, output_size)


@points(1)
@pytest.mark.parametrize("kind", ["zeros", "xavier", "he"])
def test_shapes_and_dtype(learner, kind):
    for seed, (n_in, n_out) in enumerate(SHAPE_SIZES):
        W = init_weights(learner, kind, n_in, n_out, seed)
        if W.shape != (n_out, n_in):
            if W.shape == (n_in, n_out):
                fail(f"init_weights({kind!r}, {n_in}, {n_out}, rng) returned shape {W.shape}, which is "
                     f"(input_size, output_size): W must be (output_size, input_size) = ({n_out}, {n_in}), "
                     f"one row per unit, so that Z = W @ A_prev works.")
            fail(f"init_weights({kind!r}, {n_in}, {n_out}, rng) returned shape {W.shape}: "
                 f"W must be (output_size, input_size) = ({n_out}, {n_in}).")
        if W.dtype != np.float64:
            fail(f"init_weights({kind!r}, ...) returns {W.dtype} values: W must be float64 "
                 f"(np.zeros and rng.standard_normal give float64 unless told otherwise).")


@points(1)
def test_zeros(learner):
    for seed, (n_in, n_out) in enumerate(SHAPE_SIZES):
        W = as_matrix(init_weights(learner, "zeros", n_in, n_out, seed), "zeros", n_in, n_out)
        if np.any(W != 0):
            fail(f"init_weights('zeros', {n_in}, {n_out}, rng) has non-zero entries (largest "
                 f"|w| = {np.max(np.abs(W)):.3g}): every weight must be exactly 0.")


@points(1)
@pytest.mark.parametrize("kind", ["ones", "normal"])
def test_unknown_kind_raises(learner, kind):
    init_weights(learner, "he", 3, 2, 0)  # the known kinds must work: raising for everything is no answer
    try:
        value = learner.call("init_weights", kind, 3, 2, Rng(0))
    except LearnerError as error:
        if error.kind == "ValueError":
            return
        if error.kind == "NotImplementedError":
            fail(f"init_weights({kind!r}, ...) raised NotImplementedError: an unknown kind must raise "
                 f"ValueError, e.g. raise ValueError(f'unknown kind {{kind!r}}').")
        fail(f"init_weights({kind!r}, ...) raised {error.kind}: an unknown kind must raise ValueError, "
             f"e.g. raise ValueError(f'unknown kind {{kind!r}}').")
    if value is None:
        fail(f"init_weights({kind!r}, ...) returned None: an unknown kind must raise ValueError "
             f"(printing a message is not enough).")
    fail(f"init_weights({kind!r}, ...) returned a value for an unknown kind: it must raise ValueError, "
         f"so that a typo in the kind does not silently give some other initialisation.")


# ---------------------------------------------------------------- scale
# Sizes with input_size != output_size, so that using the wrong fan, or Glorot's 2/(in + out),
# shows; 6000 weights each.
SCALE_SIZES = [(300, 20), (20, 300), (100, 60)]

# Acceptance band for the second moment m2 = mean(w^2) divided by the target variance s^2.
# A correct init has E[w] = 0 and E[w^2] = s^2. For N = 6000 normal draws N*m2/s^2 is chi-square
# with N degrees of freedom; by the Wilson-Hilferty approximation P(m2/s^2 > 1.15) ~ 2e-15 (7.8
# standard deviations) and P(m2/s^2 < 0.85) ~ 3e-18 (8.6). Uniform draws have a lighter tail
# (Var(w^2) = 0.8 s^4 instead of 2 s^4), so they are further inside the band. With 6 such checks
# per submission a correct init fails with probability below 1e-13. The mistakes the band must
# catch are off by 25% or more at one of the sizes (Glorot's 2/(in + out) at (100, 60): +25%;
# a uniform limit of sqrt(1/n): -67%; He instead of Xavier: +100%).
BAND = (0.85, 1.15)

# The statistics count distinct values only: an init that repeats one random row has the right
# variance per weight but far fewer independent draws (that mistake is test_rows_are_distinct's).
# With fewer than 6000 independent draws the band widens to the same 8 standard deviations,
# 8 * sqrt(2 / N), so that the false-failure probability stays as small.
SIGMAS = 8.0


def band(independent: int) -> tuple[float, float]:
    half_width = max(BAND[1] - 1.0, SIGMAS * np.sqrt(2.0 / independent))
    return 1.0 - half_width, 1.0 + half_width


# The mean of N draws has standard deviation s / sqrt(N); |mean| < 8 s / sqrt(N) fails a correct
# init with probability 1e-15. rng.random() (uniform on [0, 1)) has mean 0.87 s: 67 standard
# deviations away at N = 6000.
MEAN_SIGMAS = SIGMAS

# Variance rules a learner may have written instead, as (description, variance(n_in, n_out)).
VARIANCE_RULES = [
    ("1/n (Xavier)", lambda i, o: 1 / i),
    ("2/n (He)", lambda i, o: 2 / i),
    ("2/(n_in + n_out) (Glorot's average of fan-in and fan-out)", lambda i, o: 2 / (i + o)),
    ("1/output_size (the fan-out instead of the fan-in)", lambda i, o: 1 / o),
    ("2/output_size (the fan-out instead of the fan-in)", lambda i, o: 2 / o),
    ("1/(3n) (a uniform draw on [-sqrt(1/n), sqrt(1/n)]; the limit must be sqrt(3/n))", lambda i, o: 1 / (3 * i)),
    ("2/(3n) (a uniform draw on [-sqrt(2/n), sqrt(2/n)]; the limit must be sqrt(6/n))", lambda i, o: 2 / (3 * i)),
    ("1/n^2 (the standard deviation is 1/n instead of sqrt(1/n))", lambda i, o: 1 / i**2),
    ("4/n^2 (the standard deviation is 2/n instead of sqrt(2/n))", lambda i, o: 4 / i**2),
    ("1 (no scaling at all)", lambda i, o: 1.0),
    ("1/3 (a uniform draw on [-1, 1] without scaling)", lambda i, o: 1 / 3),
]


def matching_rule(second_moments: list[float]) -> str | None:
    for description, rule in VARIANCE_RULES:
        ratios = [m2 / rule(i, o) for m2, (i, o) in zip(second_moments, SCALE_SIZES)]
        if all(BAND[0] <= r <= BAND[1] for r in ratios):
            return description
    return None


def check_scale(learner, kind: str, factor: float, rule: str, advice: str) -> None:
    second_moments, bands = [], []
    for seed, (n_in, n_out) in enumerate(SCALE_SIZES, start=100):
        W = init_weights(learner, kind, n_in, n_out, seed)
        if W.size != n_in * n_out:
            fail(f"init_weights({kind!r}, {n_in}, {n_out}, rng) returned {W.size} weights instead of "
                 f"{n_in * n_out}: W must be (output_size, input_size).")
        if not np.all(np.isfinite(W)):
            fail(f"init_weights({kind!r}, ...) returned NaN or infinity.")
        w = np.unique(W.astype(np.float64))
        if w.size == 1:
            fail(f"init_weights({kind!r}, ...) gives every weight the same value {w[0]:.3g}: a constant has "
                 f"variance 0 and keeps the units symmetric; draw each weight at random.")
        target = factor / n_in
        if abs(w.mean()) > MEAN_SIGMAS * np.sqrt(target / w.size):
            fail(f"init_weights({kind!r}, ...) is not centred on 0 (mean {w.mean():.3g} at n = {n_in}): "
                 f"rng.random() draws from [0, 1); use rng.standard_normal or rng.uniform(-limit, limit).")
        second_moments.append(float(np.mean(w**2)))
        bands.append(band(w.size))
        measure(f"{kind} variance * n / {factor:g} at n = {n_in}", second_moments[-1] / target, None)
    ratios = [m2 * n_in / factor for m2, (n_in, _) in zip(second_moments, SCALE_SIZES)]
    if all(low <= r <= high for r, (low, high) in zip(ratios, bands)):
        return
    found = matching_rule(second_moments)
    if found:
        fail(f"init_weights({kind!r}, ...) has variance {found}: {rule}; {advice}")
    shown = ", ".join(f"{m2 * n_in:.3g}/n at n = {n_in}" for m2, (n_in, _) in zip(second_moments, SCALE_SIZES))
    fail(f"init_weights({kind!r}, ...) has variance {shown}: {rule}; {advice}")


@points(2)
def test_xavier_scale(learner):
    check_scale(learner, "xavier", 1.0, "Xavier uses variance 1/n with n = input_size",
                "e.g. rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size).")


@points(2)
def test_he_scale(learner):
    check_scale(learner, "he", 2.0, "He uses variance 2/n with n = input_size",
                "e.g. rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size).")


# ---------------------------------------------------------------- symmetry
def identical_row_pairs(W: np.ndarray, tolerance: float) -> list[tuple[int, int]]:
    return [(i, j) for i, j in itertools.combinations(range(W.shape[0]), 2)
            if np.max(np.abs(W[i] - W[j])) <= tolerance]


@points(2)
@pytest.mark.parametrize("kind", ["xavier", "he"])
def test_rows_are_distinct(learner, kind):
    n_in, n_out = 5, 6
    W = as_matrix(init_weights(learner, kind, n_in, n_out, 11), kind, n_in, n_out)
    if np.all(W == W.flat[0]):
        fail(f"init_weights({kind!r}, ...) gives every weight the same value {W.flat[0]:.3g}: a constant "
             f"init is as symmetric as zeros; draw each weight at random.")
    pairs = identical_row_pairs(W, 0.0)
    if pairs:
        fail(f"init_weights({kind!r}, ...) gives identical rows (units {pairs[0][0]} and {pairs[0][1]}): "
             f"draw every entry independently, e.g. rng.standard_normal((output_size, input_size)), "
             f"instead of repeating one random row.")


# The experiment of the notebook (source/initialization: train_two_layer), in the trusted process:
# 2 inputs -> 4 sigmoid hidden units -> 1 sigmoid output on XOR with the case (0, 1) twice, both
# layers' weights from the learner's init_weights, full-batch gradient descent on cross-entropy.
# The labels must not be balanced: with balanced labels all-zero weights sit where every gradient
# is exactly 0, and "the units stayed identical" would be true without anything having moved.
EXPERIMENT_X = np.array([[0.0, 0.0, 1.0, 1.0, 0.0],
                         [0.0, 1.0, 0.0, 1.0, 1.0]])
EXPERIMENT_Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
HIDDEN = 4
STEPS, LEARNING_RATE = 50, 2.0


def train_experiment(W1, W2) -> tuple[np.ndarray, np.ndarray]:
    """Hidden weights (W1 and b1 side by side, one row per unit) before and after training."""
    b1, b2 = np.zeros((HIDDEN, 1)), np.zeros((1, 1))
    before = np.hstack([W1, b1])
    for _ in range(STEPS):
        _, A1 = layer_forward(W1, b1, EXPERIMENT_X, "sigmoid")
        _, A2 = layer_forward(W2, b2, A1, "sigmoid")
        dA2 = bce_derivative(A2, EXPERIMENT_Y)
        out = layer_backward(W2, b2, A1, dA2, LEARNING_RATE, "sigmoid")
        hidden = layer_backward(W1, b1, EXPERIMENT_X, out.dA_prev, LEARNING_RATE, "sigmoid")
        W2, b2, W1, b1 = out.W_after, out.b_after, hidden.W_after, hidden.b_after
    return before, np.hstack([W1, b1])


def experiment_weights(learner, kind: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    n_in = EXPERIMENT_X.shape[0]
    W1 = as_matrix(init_weights(learner, kind, n_in, HIDDEN, seed), kind, n_in, HIDDEN)
    W2 = as_matrix(init_weights(learner, kind, HIDDEN, 1, seed + 1), kind, HIDDEN, 1)
    if not (np.all(np.isfinite(W1)) and np.all(np.isfinite(W2))):
        fail(f"init_weights({kind!r}, ...) returned NaN or infinity.")
    return W1, W2


@points(2)
@pytest.mark.parametrize("kind", ["xavier", "he"])
def test_random_init_hidden_units_diverge(learner, kind):
    W1, W2 = experiment_weights(learner, kind, 21)
    _, after = train_experiment(W1, W2)
    # Distinct random rows differ by O(0.1..1); 1e-6 is far below that and far above rounding.
    pairs = identical_row_pairs(after, 1e-6)
    if pairs:
        i, j = pairs[0]
        fail(f"After training from init_weights({kind!r}, ...), hidden units {i} and {j} are still identical: "
             f"they started identical. Draw every weight independently at random.")


@points(1)
def test_zero_init_hidden_units_stay_identical(learner):
    W1, W2 = experiment_weights(learner, "zeros", 31)
    before, after = train_experiment(W1, W2)
    scale = max(1.0, float(np.max(np.abs(after))))
    # identical rows go through identical arithmetic; 1e-12 * scale allows only rounding
    if len(identical_row_pairs(after, 1e-12 * scale)) < HIDDEN * (HIDDEN - 1) // 2:
        if np.any(before[:, :-1] != 0) or np.any(W2 != 0):
            fail("init_weights('zeros', ...) is not all zeros, so the hidden units of the experiment did not "
                 "start identical: return np.zeros((output_size, input_size)).")
        fail("The hidden units of the zero-init experiment did not stay identical.")


# ---------------------------------------------------------------- answer cells
# The options are stated in source/initialization/initialization.ipynb (questions 1 to 5); the
# diagnoses below answer each wrong option's misconception.
def bool_answer(learner, cell: str, correct: bool, why: str) -> None:
    value = learner.get(cell)
    if unanswered(value):
        fail(f"{cell} is not answered yet.")
    answer = read_bool(value)
    if answer is None:
        fail(f"{cell} should be True or False (it is {value!r}).")
    if answer != correct:
        fail(why)


@points(2)
def test_question_zero_init(learner):
    letter_answer(learner, "answer_zero_init", "d", {
        "a": "It does not just train slowly: every hidden unit computes the same output and gets the same "
             "update, so the units stay identical for ever and the hidden layer acts as one unit.",
        "b": "Nothing is divided by a weight: the problem is symmetry. Every hidden unit computes the same "
             "output and gets the same update, so the units stay identical.",
        "c": "Different examples do not make the units different: every hidden unit sees the same inputs "
             "through the same (zero) weights, so they all get the same gradient and stay identical.",
    })


@points(1)
def test_question_zero_bias_ok(learner):
    bool_answer(learner, "answer_zero_bias_ok", True,
                "Biases may start at 0: the random weights already make the units different, and once their "
                "outputs differ their bias gradients differ too.")


@points(1)
def test_question_relu_zero_weights(learner):
    letter_answer(learner, "answer_relu_zero_weights", "a", {
        "b": "With ReLU it is worse than symmetry: every z is 0, so every hidden output is 0 and, with "
             "relu'(0) = 0, every hidden gradient is 0; the hidden weights never move at all.",
        "c": "With zero weights every z is 0, so every hidden output and every slope relu'(0) is 0: the "
             "gradients vanish rather than explode, and the hidden weights never move.",
        "d": "Identical units compute identical outputs whatever the activation; and here every z is 0, so "
             "ReLU gives output 0 and slope 0 and the hidden weights never move.",
    })


@points(1)
def test_question_single_layer_symmetry(learner):
    bool_answer(learner, "answer_single_layer_symmetry", False,
                "A single layer has no symmetry problem: each of its units is wired to its own output and target, "
                "so each gets its own gradient (logistic regression starts from zero weights without trouble).")


HE_WORDS = {"relu", "leaky", "prelu", "elu"}
XAVIER_WORDS = {"tanh", "sigmoid", "logistic"}


@points(1)
@pytest.mark.parametrize("cell", ["answer_he_suits", "answer_xavier_suits"])
def test_question_he_vs_xavier(learner, cell):
    value = learner.get(cell)
    if unanswered(value):
        fail(f"{cell} is not answered yet.")
    words = read_words(value)
    if words is None:
        fail(f"{cell} should be the name of an activation, e.g. 'linear' (it is {value!r}).")
    says_relu = bool(HE_WORDS & set(words))
    says_tanh = bool(XAVIER_WORDS & set(words))
    if cell == "answer_he_suits" and not (says_relu and not says_tanh):
        fail("He initialisation suits ReLU: ReLU zeroes half of its inputs, so He doubles the variance "
             "(2/n instead of 1/n) to keep the signal's size from layer to layer.")
    if cell == "answer_xavier_suits" and not (says_tanh and not says_relu):
        fail("Xavier initialisation suits tanh and sigmoid, which are roughly linear around 0 and keep both "
             "halves of their input; ReLU, which zeroes half, needs He's 2/n.")
