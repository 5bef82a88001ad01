"""Hidden suite: layer (docs/assignments.md).

The suite sets W and b itself (the learner's initialisation is judged separately), runs the
learner's forward and backward on fixed inputs, and judges every number in this process:
forward against `maths` (this folder), dA_prev against central differences of the trusted
forward pass, and dW, db as they are seen from outside, (before - after) / learning_rate,
against central differences too. The learner never has to expose dW or db.

The loss behind every gradient is a random projection of the layer's output: with G = dA,
    dA_prev = d/dA_prev sum(A * G)         (per example: the layer passes it on unscaled)
    dW, db  = d/dW, d/db  sum(A * G) / m   (averaged over the batch, as backward does)
When a number is wrong, `bugs` (this folder) names the typical mistake that reproduces it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from autograder.assignments.layer.maths import layer_forward
from autograder.checks import fail, points
from autograder.diagnosis import letter_answer, same_values
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    gradient_from_update,
    numeric_gradient,
    relative_error,
)
from autograder.assignments.layer.bugs import LayerCase, explain, explain_error, simulate
from autograder.learner import Fn, LearnerError, LearnerFailure, LearnerMissing

# ---------------------------------------------------------------- cases
# Inputs stay at least 0.1 away from the ReLU kink in Z (the finite-difference step is 1e-6), and
# Z stays in (-3, 3) so that sigmoid and tanh are curved there: A and Z, f'(A) and f'(Z) differ.
KINK_MARGIN = 0.1


def make_case(name: str, activation: str, n_in: int, n_out: int, batch_sizes: tuple[int, ...],
              learning_rate: float, seed: int) -> LayerCase:
    rng = np.random.default_rng(seed)
    while True:
        W = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
        b = 0.5 * rng.standard_normal((n_out, 1))
        batches = tuple(rng.standard_normal((n_in, m)) for m in batch_sizes)
        Z = np.concatenate([W @ X + b for X in batches], axis=1)
        if np.min(np.abs(Z)) >= KINK_MARGIN and np.max(np.abs(Z)) < 3:
            break
    dA = rng.standard_normal((n_out, batch_sizes[-1]))
    return LayerCase(name, activation, W, b, batches, dA, learning_rate)


# Together these make the real mistakes visible: sigmoid and tanh show a derivative taken at A
# (ReLU hides it); non-square layers show a transposed dW or W (square ones hide it) and square
# ones let it run to a wrong value; m differs from both layer sizes, so m taken from the wrong
# axis shows; m = 1; m = n_in lets forward's A_prev.T fit; every case has its own learning rate.
# The rates are chosen so that no update mistake scales dW like a gradient mistake does: 1/rate
# and (a rate hard-coded in FIXED_RATES)/rate never equal m, m/n_in or m/n_out (otherwise "the
# update ignores learning_rate" and "dW is m times too large" would look the same).
# tests/test_layer_bugs.py checks this separation.
CASES = (
    make_case("sigmoid-4to3-m5", "sigmoid", 4, 3, (5,), 0.07, seed=1),
    make_case("tanh-3to5-m2", "tanh", 3, 5, (2,), 0.4, seed=2),
    make_case("relu-5to2-m7", "relu", 5, 2, (7,), 0.03, seed=3),
    make_case("sigmoid-3to3-m4", "sigmoid", 3, 3, (4,), 0.06, seed=4),
    make_case("tanh-2to4-m1", "tanh", 2, 4, (1,), 0.25, seed=5),
    make_case("tanh-4to2-m4", "tanh", 4, 2, (4,), 0.35, seed=6),
    make_case("leaky_relu-3to2-m6", "leaky_relu", 3, 2, (6,), 0.045, seed=7),
)

# Two forward calls, then backward: the second batch must be the one backward differentiates.
# Different batch sizes catch an m kept from the first call; equal ones catch stale values.
LATEST_CASES = (
    make_case("sigmoid-4to3-m3-then-m5", "sigmoid", 4, 3, (3, 5), 0.09, seed=11),
    make_case("tanh-3to2-m4-then-m4", "tanh", 3, 2, (4, 4), 0.12, seed=12),
)

# The notebook's worked example: 3 inputs, 2 ReLU neurons, one example, dA all 0.1, rate 0.01.
# As in the notebook: Z = (0.01, -0.12), one neuron on and one off (0.01 from the kink is 1e4
# finite-difference steps).
WORKED_EXAMPLE = LayerCase(
    "worked-example", "relu",
    W=np.array([[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1]]),
    b=np.zeros((2, 1)),
    batches=(np.array([[0.5], [0.1], [-0.2]]),),
    dA=np.full((2, 1), 0.1),
    learning_rate=0.01,
)


def case_id(case: LayerCase) -> str:
    return case.name


# ---------------------------------------------------------------- running the learner's layer
class Observed:
    """What the learner's layer did in one case: a value per observable, or why there is none."""

    def __init__(self, case: LayerCase):
        self.case = case
        self.values: dict[str, object] = {}
        self.problems: dict[str, str] = {}

    def stop(self, problem: str, observables) -> None:
        for name in observables:
            self.problems.setdefault(name, problem)

    def __getitem__(self, observable: str):
        if observable in self.problems:
            fail(self.problems[observable])
        return self.values[observable]


CACHES = {"A_prev_cache": "A_prev", "Z_cache": "Z", "A_cache": "A"}
# The caches are read (three more requests) only in the cases test_forward_caches judges.
CACHE_CASES = {case.name for case in CASES[:3]}
BACKWARD = ("dA_prev", "W_after", "b_after", "dW", "db")


def explained_failure(failure: LearnerFailure, case: LayerCase | None = None, step: str = "") -> str:
    """What the learner reads when their code raised: the likely mistake for a shape error."""
    if case is not None and isinstance(failure, LearnerError):
        named = explain_error(case, step, failure.kind, failure.message)
        if named:
            return named
    where = getattr(failure, "where", "")
    return f"{where}: {failure.explain()}" if where else failure.explain()


def run_layer(learner, case: LayerCase, handle: str) -> Observed:
    """Build the layer, set W and b, forward each batch, read the caches, backward, read W and b."""
    observed = Observed(case)
    target = f"@{handle}"
    try:
        learner.call("Layer", case.n_in, case.n_out, Fn(case.activation), Fn(f"{case.activation}_derivative"),
                     store=handle)
        learner.set(f"{target}.W", case.W)
        learner.set(f"{target}.b", case.b)
    except LearnerFailure as failure:
        observed.stop(explained_failure(failure), ("A", *CACHES, *BACKWARD))
        return observed
    try:
        for X in case.batches:
            observed.values["A"] = learner.call(f"{target}.forward", X)
    except LearnerFailure as failure:
        observed.stop(explained_failure(failure, case, "forward"), ("A", *CACHES))
        observed.stop("backward could not be checked because forward raised an error (see test_forward).", BACKWARD)
        return observed
    for observable, attribute in CACHES.items() if case.name in CACHE_CASES else ():
        try:
            observed.values[observable] = learner.get(f"{target}.{attribute}")
        except LearnerMissing:
            observed.stop(f"forward did not store self.{attribute}: backward needs A_prev, Z and A, so forward "
                          f"must keep them as self.A_prev, self.Z and self.A.", (observable,))
        except LearnerFailure as failure:
            observed.stop(explained_failure(failure), (observable,))
    try:
        observed.values["dA_prev"] = learner.call(f"{target}.backward", case.dA, case.learning_rate)
        observed.values["W_after"] = learner.get(f"{target}.W")
        observed.values["b_after"] = learner.get(f"{target}.b")
    except LearnerFailure as failure:
        observed.stop(explained_failure(failure, case, "backward"), BACKWARD)
        return observed
    for parameter, gradient in (("W", "dW"), ("b", "db")):
        after = observed.values[f"{parameter}_after"]
        before = getattr(case, parameter)
        if not is_numbers(after):
            observed.stop(f"after backward, self.{parameter} is a {type(after).__name__}, not an array of "
                          f"numbers: update it with self.{parameter} -= learning_rate * {gradient}.", (gradient,))
            continue
        try:
            observed.values[gradient] = gradient_from_update(before, after, case.learning_rate)
        except ValueError:
            observed.stop(f"after backward, self.{parameter} has shape {np.shape(after)}: it must keep its shape "
                          f"{before.shape}, so {gradient} must have that shape too.", (gradient,))
    return observed


class LayerRuns:
    """Each case runs once per submission; every item that needs it reads the same run."""

    def __init__(self, learner):
        self.learner = learner
        self.done: dict[str, Observed] = {}

    def __call__(self, case: LayerCase) -> Observed:
        if case.name not in self.done:
            handle = "layer_" + "".join(c if c.isalnum() else "_" for c in case.name)
            self.done[case.name] = run_layer(self.learner, case, handle)
        return self.done[case.name]


@pytest.fixture(scope="module")
def runs(learner):
    return LayerRuns(learner)


# ---------------------------------------------------------------- judging numbers
def is_numbers(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind in "biuf"


def as_array(value, what: str) -> np.ndarray:
    if value is None:
        fail(f"{what} is None: did you forget a return statement?")
    if isinstance(value, list):
        fail(f"{what} is a list or tuple of {len(value)} values: it must be one numpy array "
             f"(keep other results on self).")
    if not is_numbers(value):
        fail(f"{what} is a {type(value).__name__}, not a numpy array.")
    if value.dtype != np.float64:
        fail(f"{what} has dtype {value.dtype}: the layer must compute in float64.")
    return value


def diagnosis(run: Observed, observable: str, value: np.ndarray, fallback: str) -> str:
    found = explain(run.case, observable, {**run.values, observable: value})
    return found.tell(run.case) if found else fallback


def check_shape(run: Observed, observable: str, value: np.ndarray, expected_shape, what: str) -> None:
    if value.shape != expected_shape:
        fail(diagnosis(run, observable, value, f"{what} has shape {value.shape} but must have shape "
                                                f"{expected_shape} for {run.case.describe()}."))
    if not np.all(np.isfinite(value)):
        fail(f"{what} contains NaN or infinity for {run.case.describe()}.")


def check_values(run: Observed, observable: str, expected: np.ndarray, what: str, formula: str) -> None:
    """A value computed by plain arithmetic: equal to the trusted one up to float64 rounding."""
    value = as_array(run[observable], what)
    check_shape(run, observable, value, expected.shape, what)
    if not same_values(value, expected):
        error = relative_error(value, expected)
        fail(diagnosis(run, observable, value, f"{what} differs from {formula} (relative error {error:.1e}) "
                                                f"for {run.case.describe()}."))


def check_gradient(run: Observed, observable: str, numeric: np.ndarray, what: str, formula: str) -> None:
    """A gradient against central differences. A gradient that is right but applied with a wrong
    update rule (ascent, no or a fixed learning rate) passes here and fails the update item."""
    value = np.asarray(run[observable]) if observable in ("dW", "db") else as_array(run[observable], what)
    check_shape(run, observable, value, numeric.shape, what)
    hint = ""
    error = relative_error(value, numeric)
    if error > RELATIVE_TOLERANCE:
        found = explain(run.case, observable, run.values)
        if found and found.spares_gradient:
            return
        hint = found.tell(run.case) if found else (
            f"{what} does not match the finite-difference gradient (relative error {error:.1e}) "
            f"for {run.case.describe()}: {formula}.")
    assert_gradient_close(value, numeric, what=what, hint=hint)


# The trusted gradients, by central differences of the trusted forward pass (float64, eps 1e-6).
def projected_output(case: LayerCase, W=None, b=None, X=None) -> float:
    W = case.W if W is None else W
    b = case.b if b is None else b
    X = case.A_prev if X is None else X
    _, A = layer_forward(W, b, X, case.activation)
    return float(np.sum(A * case.dA))


def numeric_dA_prev(case: LayerCase) -> np.ndarray:
    return numeric_gradient(lambda X: projected_output(case, X=X), case.A_prev)


def numeric_dW(case: LayerCase) -> np.ndarray:
    return numeric_gradient(lambda W: projected_output(case, W=W) / case.m, case.W)


def numeric_db(case: LayerCase) -> np.ndarray:
    return numeric_gradient(lambda b: projected_output(case, b=b) / case.m, case.b)


# ---------------------------------------------------------------- initialisation
INIT_SHAPES = ((3, 2), (1, 4), (5, 5), (6, 1))  # (input_size, output_size)


@points(2)
@pytest.mark.parametrize("sizes", INIT_SHAPES, ids=lambda s: f"{s[0]}to{s[1]}")
def test_init_shapes(learner, sizes):
    n_in, n_out = sizes
    handle = f"init_{n_in}_{n_out}"
    try:
        learner.call("Layer", n_in, n_out, Fn("relu"), Fn("relu_derivative"), store=handle)
        W, b = learner.get(f"@{handle}.W"), learner.get(f"@{handle}.b")
    except LearnerFailure as failure:
        fail(explained_failure(failure))
    W, b = as_array(W, "W"), as_array(b, "b")
    if W.shape != (n_out, n_in):
        transposed = " (it looks transposed)" if W.shape == (n_in, n_out) else ""
        fail(f"W has shape {W.shape}{transposed} but must be (output_size, input_size) = {(n_out, n_in)}, "
             f"so that W @ A_prev works with examples as columns.")
    if b.shape != (n_out, 1):
        fail(f"b has shape {b.shape} but must be a column of shape (output_size, 1) = {(n_out, 1)}: "
             f"np.zeros((output_size, 1)).")
    if np.any(b != 0):
        fail("b should start at zero, np.zeros((output_size, 1)): random weights already break the symmetry.")


# The pool: several constructions of several sizes. Sizes of 16 to 64 inputs separate the
# accepted scales from the usual mistakes (unscaled randn has variance 1, i.e. 16 to 64 times
# 1/input_size; randn * 0.01 has 1e-4, i.e. 0.0016 to 0.0064 times 1/input_size).
POOL_SIZES = ((16, 8), (32, 32), (64, 16), (20, 40))  # (input_size, output_size)
POOL_REPEATS = 2

# Centring: for weights drawn symmetric about 0 (normal or uniform), conditionally on their
# magnitudes the signs are independent fair coins, so by Hoeffding the self-normalised sum
# t = sum(w) / sqrt(sum(w^2)) has P(|t| >= 7) <= 2 exp(-49/2) = 4.6e-11 whatever the
# distribution and scales. np.random.rand (all positive) gives t = 0.87 sqrt(5952) = 67.
CENTRING_LIMIT = 7.0

# Scale: r = mean(input_size * w^2) over the N = 2 * (128 + 1024 + 1024 + 800) = 5952 pooled
# weights. Accepted inits have E[r] in [1/3, 2]: U(+-1/sqrt(in)) (PyTorch's default) 1/3,
# Glorot 2 in/(in + out) 0.67..1.6 here, Xavier/LeCun 1, He 2 (normal or uniform). The band is
# [0.2, 3]. False failure, worst cases: He normal, r/2 ~ chi2_N / N and by the Chernoff bound
# P(chi2_N / N >= 1.5) <= (1.5 e^-0.5)^(N/2) = e^-281; U(+-1/sqrt(in)), in*w^2 in [0, 1] with
# mean 1/3, by Hoeffding P(r <= 0.2) <= exp(-2 N (1/3 - 0.2)^2) = e^-211. Both far below 1e-9.
SCALE_BAND = (0.2, 3.0)


@pytest.fixture(scope="module")
def initial_weights(learner):
    """The learner's own W for every pooled construction (input_size, W), or the failure."""
    pool = []
    try:
        for repeat in range(POOL_REPEATS):
            for n_in, n_out in POOL_SIZES:
                handle = f"pool_{repeat}_{n_in}_{n_out}"
                learner.call("Layer", n_in, n_out, Fn("tanh"), Fn("tanh_derivative"), store=handle)
                pool.append((n_in, learner.get(f"@{handle}.W")))
    except LearnerFailure as failure:
        return explained_failure(failure)
    return pool


def pooled(initial_weights) -> list[tuple[int, np.ndarray]]:
    if isinstance(initial_weights, str):
        fail(initial_weights)
    pool = []
    for n_in, W in initial_weights:
        W = as_array(W, "W")
        if W.ndim != 2:
            fail(f"W has shape {W.shape}: it must be a matrix of shape (output_size, input_size).")
        pool.append((n_in, W))
    return pool


RANDOM_INIT = "np.random.randn(output_size, input_size) * np.sqrt(1 / input_size)"


def check_not_constant(pool) -> None:
    """All-equal weights (zeros, ones) fail every symmetry check with this one message."""
    for _, W in pool:
        if np.all(W == W.flat[0]):
            fail(f"Every entry of W is {W.flat[0]:g}: every neuron then computes the same output and gets the same "
                 f"gradient, so they never become different. Initialise W at random, {RANDOM_INIT}.")


def distinct_rows(W: np.ndarray) -> list[np.ndarray]:
    return list({row.tobytes(): row for row in W}.values())


def check_rows_differ(pool) -> None:
    check_not_constant(pool)
    for _, W in pool:
        if len(distinct_rows(W)) < W.shape[0]:
            fail(f"W has identical rows: those neurons compute the same output and get the same gradient "
                 f"forever. Draw every entry at random, {RANDOM_INIT}.")


def check_centred(pool) -> None:
    check_not_constant(pool)
    # repeated rows are one draw, not several: counting them again would break the independence
    # the bound relies on (identical rows are test_init_breaks_symmetry's rows-differ case)
    weights = np.concatenate([np.ravel(distinct_rows(W)) for _, W in pool])
    size = np.sqrt(np.sum(weights ** 2))
    if abs(np.sum(weights)) / size > CENTRING_LIMIT:
        fail(f"W's entries are not centred on zero (their mean is {np.mean(weights):.3g}): with weights of "
             f"one sign the neurons start out alike. Use a distribution around 0, {RANDOM_INIT} "
             f"(np.random.rand is uniform on [0, 1)).")


def check_scale(pool) -> None:
    check_not_constant(pool)
    scaled = np.concatenate([(n_in * W ** 2).ravel() for n_in, W in pool])
    raw = np.concatenate([(W ** 2).ravel() for _, W in pool])
    r, variance = float(np.mean(scaled)), float(np.mean(raw))
    low, high = SCALE_BAND
    if low <= r <= high:
        return
    if 0.7 <= variance <= 1.4:
        fail(f"W's entries have variance about {variance:.2g}, whatever input_size is: scale the random numbers "
             f"by np.sqrt(1 / input_size) (Xavier) or np.sqrt(2 / input_size) (He), or Z grows with the "
             f"number of inputs and saturates the activations.")
    if r < low:
        fail(f"W is too small: its entries have variance about {r:.2g} / input_size (Xavier: 1 / input_size). "
             f"With tiny weights the signal and the gradients shrink from layer to layer: {RANDOM_INIT}.")
    fail(f"W is too large: its entries have variance about {r:.2g} / input_size (Xavier: 1 / input_size, "
         f"He: 2 / input_size), so Z grows with the number of inputs: {RANDOM_INIT}.")


SYMMETRY_CHECKS = {"rows-differ": check_rows_differ, "centred": check_centred, "scale": check_scale}


@points(2)
@pytest.mark.parametrize("check", SYMMETRY_CHECKS)
def test_init_breaks_symmetry(initial_weights, check):
    SYMMETRY_CHECKS[check](pooled(initial_weights))


# ---------------------------------------------------------------- forward
@points(3)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_forward(runs, case):
    Z, A = layer_forward(case.W, case.b, case.A_prev, case.activation)
    check_values(runs(case), "A", A, "forward's result A", "activation_fn(W @ A_prev + b)")


@points(2)
@pytest.mark.parametrize("case", [case for case in CASES if case.name in CACHE_CASES], ids=case_id)
def test_forward_caches(runs, case):
    Z, A = layer_forward(case.W, case.b, case.A_prev, case.activation)
    run = runs(case)
    check_values(run, "A_prev_cache", case.A_prev, "self.A_prev after forward", "forward's input")
    check_values(run, "Z_cache", Z, "self.Z after forward", "W @ A_prev + b")
    check_values(run, "A_cache", A, "self.A after forward", "activation_fn(Z)")


# ---------------------------------------------------------------- backward
@points(3)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_backward_dA_prev(runs, case):
    check_gradient(runs(case), "dA_prev", numeric_dA_prev(case), "dA_prev (backward's result)",
                   "dA_prev = W.T @ dZ with the W from before the update, dZ = dA * activation_dfn(Z)")


@points(3)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_backward_dW(runs, case):
    check_gradient(runs(case), "dW", numeric_dW(case), "dW (seen as (W before - W after) / learning_rate)",
                   "dW = dZ @ A_prev.T / m with dZ = dA * activation_dfn(Z)")


@points(2)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_backward_db(runs, case):
    check_gradient(runs(case), "db", numeric_db(case), "db (seen as (b before - b after) / learning_rate)",
                   "db = np.sum(dZ, axis=1, keepdims=True) / m")


@points(2)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_backward_updates_parameters(runs, case):
    """W and b change on the layer, by gradient descent with the given learning rate.

    Only the update rule is judged here: a wrong gradient is the gradient items' business."""
    observed = runs(case)
    W_after = as_array(observed["W_after"], "self.W after backward")
    if W_after.shape != case.W.shape:
        fail(f"after backward, self.W has shape {W_after.shape}: it must keep its shape {case.W.shape}.")
    b_after = as_array(observed["b_after"], "self.b after backward")
    for gradient, before, after in (("dW", case.W, W_after), ("db", case.b, b_after)):
        if after.shape != before.shape:
            continue  # a db of the wrong shape reshapes b: test_backward_db names it
        if same_values(observed[gradient], simulate(case)[gradient]):
            continue
        found = explain(case, gradient, observed.values)
        if found and (found.spares_gradient or found.name in ("W not updated", "b not updated")):
            fail(found.tell(case))


@points(1)
@pytest.mark.parametrize("case", LATEST_CASES, ids=case_id)
def test_backward_uses_latest_forward(runs, case):
    """After forward(X1), forward(X2), backward must give exactly what it gives after forward(X2) alone.

    Compared with the learner's own layer, so that another mistake in backward does not count here."""
    twice, once = runs(case), runs(replace(case, name=f"{case.name}-control", batches=case.batches[-1:]))
    stale = "forward must overwrite self.A_prev, self.Z and self.A on every call, and backward must use them."
    if "dA_prev" in twice.problems and "dA_prev" not in once.problems:
        fail(f"after two forward calls (batches of {case.batches[0].shape[1]}, then {case.m} examples) backward "
             f"fails, though it runs after one: {stale} (The error: {twice.problems['dA_prev']})")
    as_array(twice["dA_prev"], "dA_prev (backward's result)")
    if same_values(as_array(twice["W_after"], "self.W after backward"), case.W):
        fail("backward did not change self.W: update it, self.W -= learning_rate * dW.")
    for observable in ("dA_prev", "W_after", "b_after"):
        if not same_values(twice[observable], once[observable]):
            found = explain(case, observable, twice.values)
            fail(found.tell(case) if found and found.name.startswith("stale") else
                 f"after two forward calls, backward gives different results than after one on the same batch: "
                 f"{stale}")


@points(1)
def test_worked_example(runs):
    case = WORKED_EXAMPLE
    expected = simulate(case)
    observed = runs(case)
    for observable, what in (("A", "forward's result A"), ("dA_prev", "backward's result dA_prev"),
                             ("W_after", "W after backward"), ("b_after", "b after backward")):
        value = as_array(observed[observable], what)
        if not same_values(value, expected[observable]):
            found = explain(case, observable, observed.values)
            fail("In the worked example, " + (found.tell(case) if found else
                 f"{what} should be {np.array2string(expected[observable], precision=6)} but your layer gives "
                 f"{np.array2string(value, precision=6)}."))


# ---------------------------------------------------------------- answer cells
# The options as the notebook (source/layer/layer.ipynb) states them, right ones marked:
#   answer_why_cache: why does forward store A_prev and Z?   a) backward needs them <- right,
#     b) to save memory, c) so that forward can return them, d) numpy cannot pass an array twice
#   answer_why_keepdims: why keepdims=True in db?   a) faster, b) otherwise numpy raises when
#     updating b, c) it sums over the neurons, d) db stays a column (n_out, 1) like b <- right
#   answer_dW_meaning: what is dW[i, j]?   a) the new weight, b) the slope of the mean loss with
#     respect to the weight from input j to neuron i <- right, c) how neuron j's output changes
#     with input i, d) the error of example i at input j
#   answer_old_W: why dA_prev with the old W?   a) it does not matter, b) numpy cannot transpose
#     a modified array, c) the loss was computed with the old W, so the chain rule runs back
#     through it <- right, d) to save a copy of W
@points(1)
def test_question_why_cache(learner):
    letter_answer(learner, "answer_why_cache", "a", {
        "b": "Storing arrays costs memory rather than saving it: forward keeps A_prev and Z because backward, "
             "called later, needs them (Z for g'(Z), A_prev for dW).",
        "c": "forward returns A only: A_prev and Z are kept because backward, called later, needs them.",
        "d": "numpy arrays can be passed around any number of times: A_prev and Z are kept because backward "
             "needs them (Z for g'(Z), A_prev for dW).",
    })


@points(1)
def test_question_why_keepdims(learner):
    letter_answer(learner, "answer_why_keepdims", "d", {
        "a": "keepdims does not change the speed: it keeps the summed axis, so db stays a column like b.",
        "b": "That is the danger: numpy raises no error. b - learning_rate * db silently broadcasts b to an "
             "(n_out, n_out) matrix when db has shape (n_out,).",
        "c": "axis=1 chooses what is summed (the examples); keepdims only keeps that axis, so db stays a "
             "column of shape (n_out, 1) like b.",
    })


@points(1)
def test_question_dW_meaning(learner):
    letter_answer(learner, "answer_dW_meaning", "b", {
        "a": "The new weight is W[i, j] - learning_rate * dW[i, j]: dW[i, j] itself is a slope, how the mean "
             "loss changes with that weight.",
        "c": "dW is about weights, not about how outputs depend on inputs: dW[i, j] is the slope of the mean "
             "loss with respect to W[i, j], the weight from input j to neuron i.",
        "d": "dW has no axis for examples (they are averaged out): dW[i, j] is the slope of the mean loss "
             "with respect to the weight from input j to neuron i.",
    })


@points(1)
def test_question_old_W(learner):
    letter_answer(learner, "answer_old_W", "c", {
        "a": "It does matter: the loss was computed with the old W, so the chain rule runs back through the "
             "old W; the updated W hands the previous layer the gradient of a different network.",
        "b": "numpy transposes any array: the reason is that the loss was computed with the old W, so the "
             "chain rule runs back through the old W.",
        "d": "Computing dA_prev before the update needs no copy at all: the reason is that the loss was "
             "computed with the old W, so the chain rule runs back through it.",
    })
