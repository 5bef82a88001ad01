"""Hidden suite: layer (docs/assignments.md).

The suite sets W and b itself (the learner's initialisation is judged separately), runs the
learner's forward and backward on cases drawn fresh for every run (`cases`, this folder: a fixed
plan per label, numbers from the run's secret seed), and judges every number in this process:
forward against `maths` (this folder), dA_prev against central differences of the trusted
forward pass, and dW, db as they are seen from outside, (before - after) / learning_rate,
against central differences too. The learner never has to expose dW or db.

The loss behind every gradient is a random projection of the layer's output: with G = dA,
    dA_prev = d/dA_prev sum(A * G)         (per example: the layer passes it on unscaled)
    dW, db  = d/dW, d/db  sum(A * G) / m   (averaged over the batch, as backward does)
When a number is wrong, `bugs` (this folder) names the typical mistake that reproduces it.

Learner arrays are checked for type, dtype and exact shape before any arithmetic (nothing of
theirs broadcasts here), and never kept when they are far larger than anything asked for.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from autograder.assignments.layer.bugs import LayerCase, explain, explain_error, simulate
from autograder.assignments.layer.cases import (INIT_KINDS, LATEST_PLANS, PLANS, WORKED_EXAMPLE, WORKED_PLAN,
                                                draw_all, draw_init_sizes)
from autograder.assignments.layer.maths import layer_forward
from autograder.checks import fail, points
from autograder.diagnosis import choice_answer, same_values
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    gradient_from_update,
    numeric_gradient,
    relative_error,
)
from autograder.learner import Fn, LearnerError, LearnerFailure, LearnerMissing, Ref

CASE_LABELS = [plan.name for plan in PLANS]
LATEST_LABELS = [plan.name for plan in LATEST_PLANS]
# The caches are read (three more requests) only in the cases test_forward_caches judges.
CACHE_LABELS = CASE_LABELS[:3]


@pytest.fixture(scope="module")
def cases(grading) -> dict[str, LayerCase]:
    """This run's cases by label, drawn from its secret seed."""
    return draw_all(grading.rng)


# ---------------------------------------------------------------- running the learner's layer
CACHES = {"A_prev_cache": "A_prev", "Z_cache": "Z", "A_cache": "A"}
BACKWARD = ("dA_prev", "W_after", "b_after", "dW", "db")
WHAT = {
    "A": "forward's result A", "A_prev_cache": "self.A_prev after forward", "Z_cache": "self.Z after forward",
    "A_cache": "self.A after forward", "dA_prev": "backward's result dA_prev",
    "W_after": "self.W after backward", "b_after": "self.b after backward",
}
# No value this suite reads has more than a few dozen entries: a larger one is judged by its shape
# and dropped at once, so a learner's (5e6, 1, 1) array costs one reply, never a copy per check.
MAX_KEPT = 10_000


class Observed:
    """What the learner's layer did in one case: a value per observable, or why there is none,
    and what it changed in place among the arrays it was given (step -> diagnosis)."""

    def __init__(self, case: LayerCase):
        self.case = case
        self.values: dict[str, object] = {}
        self.problems: dict[str, str] = {}
        self.mutations: dict[str, str] = {}

    def stop(self, problem: str, observables) -> None:
        for name in observables:
            self.problems.setdefault(name, problem)

    def keep(self, observable: str, value) -> None:
        if isinstance(value, np.ndarray) and value.size > MAX_KEPT:
            expected = simulate(self.case)[observable]
            shape = f" but must have shape {expected.shape}" if expected is not None else ""
            self.stop(f"{WHAT[observable]} has shape {value.shape}{shape} for {self.case.describe()}.", (observable,))
            return
        self.values[observable] = value

    def __getitem__(self, observable: str):
        if observable in self.problems:
            fail(self.problems[observable])
        return self.values[observable]


def explained_failure(failure: LearnerFailure, case: LayerCase | None = None, step: str = "") -> str:
    """What the learner reads when their code raised: the likely mistake for a shape error."""
    if case is not None and isinstance(failure, LearnerError):
        named = explain_error(case, step, failure.kind, failure.message)
        if named:
            return named
    where = getattr(failure, "where", "")
    return f"{where}: {failure.explain()}" if where else failure.explain()


# ---- arrays handed to the learner's methods, read back to see whether they were changed in place
def handed_over(learner, array: np.ndarray, handle: str, probe: bool = True):
    """The argument to pass: a copy kept on the learner's side (np.array(array), stored as `handle`)
    and passed by reference, so that what the method does to it can be read back afterwards; the
    array itself (a fresh copy in the child, nothing to read back) when the submission has no np,
    or when this run is not one whose changes in place are judged (two requests saved)."""
    if not probe:
        return array
    try:
        learner.call("np.array", array, store=handle)
    except LearnerFailure:
        return array
    return Ref(handle)


def changed_in_place(learner, argument, original: np.ndarray) -> bool:
    if not isinstance(argument, Ref):
        return False
    try:
        now = learner.get(f"@{argument.handle}")
    except LearnerFailure:
        return False
    return not same_values(now, original, rtol=0, atol=0)


MUTATIONS = {
    "forward": "forward changed its input A_prev in place (A_prev -= ..., A_prev *= ..., np.clip(..., out=A_prev)): "
               "the caller's array, the previous layer's output, must stay as it was. Compute new arrays instead.",
    "backward dA": "backward changed the caller's dA in place (dA *= activation_dfn(self.Z) is the usual way): "
                   "make dZ a new array, dZ = dA * activation_dfn(self.Z); the caller may still need dA.",
    "backward A_prev": "backward changed the array forward received as A_prev (self.A_prev is that same array, so "
                       "self.A_prev /= m or self.A_prev *= ... changes the previous layer's output): compute "
                       "dW = dZ @ self.A_prev.T / m without assigning into self.A_prev.",
}


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
    inputs = []
    probe = case.name in CASE_LABELS  # the runs of test_forward and test_backward_dA_prev, which judge it
    try:
        for index, X in enumerate(case.batches):
            argument = handed_over(learner, X, f"{handle}_A_prev{index}", probe)
            inputs.append((argument, X))
            observed.keep("A", learner.call(f"{target}.forward", argument))
            if changed_in_place(learner, argument, X):
                observed.mutations.setdefault("forward", MUTATIONS["forward"])
    except LearnerFailure as failure:
        observed.stop(explained_failure(failure, case, "forward"), ("A", *CACHES))
        observed.stop("backward could not be checked because forward raised an error (see test_forward).", BACKWARD)
        return observed
    for observable, attribute in CACHES.items() if case.name in CACHE_LABELS else ():
        try:
            observed.keep(observable, learner.get(f"{target}.{attribute}"))
        except LearnerMissing:
            observed.stop(f"forward did not store self.{attribute}: backward needs A_prev, Z and A, so forward "
                          f"must keep them as self.A_prev, self.Z and self.A.", (observable,))
        except LearnerFailure as failure:
            observed.stop(explained_failure(failure), (observable,))
    try:
        dA = handed_over(learner, case.dA, f"{handle}_dA", probe)
        observed.keep("dA_prev", learner.call(f"{target}.backward", dA, case.learning_rate))
        if changed_in_place(learner, dA, case.dA):
            observed.mutations.setdefault("backward", MUTATIONS["backward dA"])
        if "forward" not in observed.mutations and any(changed_in_place(learner, *given) for given in inputs):
            observed.mutations.setdefault("backward", MUTATIONS["backward A_prev"])
        observed.keep("W_after", learner.get(f"{target}.W"))
        observed.keep("b_after", learner.get(f"{target}.b"))
    except LearnerFailure as failure:
        observed.stop(explained_failure(failure, case, "backward"), BACKWARD)
        return observed
    for parameter, gradient in (("W", "dW"), ("b", "db")):
        read_gradient(observed, parameter, gradient)
    return observed


def read_gradient(observed: Observed, parameter: str, gradient: str) -> None:
    """dW or db as the update shows it, (before - after) / learning_rate, once `after` is known to be
    a float64 array of the parameter's own shape; otherwise why it cannot be read. (`after` itself
    stays for the items that judge it, which check it again.)"""
    name, case = f"{parameter}_after", observed.case
    if name in observed.problems:
        observed.stop(observed.problems[name], (gradient,))
        return
    after, before = observed.values[name], getattr(case, parameter)
    if not is_numbers(after):
        problem = (f"after backward, self.{parameter} is a {type(after).__name__}, not an array of numbers: "
                   f"update it with self.{parameter} -= learning_rate * {gradient}.")
    elif after.dtype != np.float64:
        problem = f"after backward, self.{parameter} has dtype {after.dtype}: the layer must compute in float64."
    elif after.shape != before.shape:
        found = explain(case, name, observed.values)
        problem = found.tell(case) if found else (
            f"after backward, self.{parameter} has shape {after.shape}: it must keep its shape {before.shape}, "
            f"so {gradient} must have that shape too.")
    else:
        observed.values[gradient] = gradient_from_update(before, after, case.learning_rate)
        return
    observed.stop(problem, (gradient,))


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
    """The exact shape first (nothing is computed with a learner array of another shape), then finite."""
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
    value = run[observable] if observable in ("dW", "db") else as_array(run[observable], what)
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
@points(2)
@pytest.mark.parametrize("kind", INIT_KINDS)
def test_init_shapes(learner, grading, kind):
    n_in, n_out = draw_init_sizes(kind, grading.rng("init", kind))
    handle = f"init_{kind.replace('-', '_')}"
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


# The pool: several constructions of several sizes, (input_size, output_size). Each size has
# N = POOL_REPEATS * input_size * output_size >= 2048 weights of its own, because the scale is
# judged per size: only a size whose fan-in and fan-out differ a lot tells "scaled by
# sqrt(1/input_size)" from "scaled by sqrt(1/output_size)" (on 128 -> 8 the second has variance
# 16 / input_size, on the balanced sizes it passes for a sensible init).
POOL_SIZES = ((48, 24), (32, 32), (128, 8), (24, 48))
POOL_REPEATS = 2

# Centring: for weights drawn symmetric about 0 (normal or uniform), conditionally on their
# magnitudes the signs are independent fair coins, so by Hoeffding the self-normalised sum
# t = sum(w) / sqrt(sum(w^2)) has P(|t| >= 7) <= 2 exp(-49/2) = 4.6e-11 whatever the
# distribution and scales. np.random.rand (all positive) gives t = 0.87 sqrt(8704) = 81.
CENTRING_LIMIT = 7.0

# Scale, per size: r = mean(input_size * w^2) over that size's N >= 2048 weights. Accepted inits
# have E[r] in [1/3, 2] on every pool size: U(+-1/sqrt(in)) (PyTorch's default) 1/3, Glorot
# 2 in/(in + out) 0.67 (24 -> 48) to 1.88 (128 -> 8), Xavier/LeCun 1, He 2 (normal or uniform).
# The band is [0.2, 3]. False failure per size, worst cases (tests/test_layer_bugs.py recomputes
# them): U(+-1/sqrt(in)), in*w^2 in [0, 1] with mean 1/3, by Hoeffding P(r <= 0.2) <=
# exp(-2 N (1/3 - 0.2)^2) = e^-72.8; He normal, r/2 ~ chi2_N / N, by Chernoff P(chi2_N / N >= 1.5)
# <= (1.5 e^-0.5)^(N/2) = e^-96.8; Glorot normal on 128 -> 8, P(chi2_N / N >= 3/1.88) <= e^-130;
# the uniform ones by Hoeffding e^-113 or less. Over 4 sizes and 2 tails, below e^-70, far below
# 1e-9. The mistakes land far outside: unscaled randn r = in >= 24, randn * 0.01 r <= 0.0128,
# randn / in r <= 0.042, scaled by sqrt(1/output_size) r = 16 on 128 -> 8.
SCALE_BAND = (0.2, 3.0)


@pytest.fixture(scope="module")
def initial_weights(learner):
    """The learner's own W for every pooled construction, ((input_size, output_size), W), or why
    there is none. A W of another shape than (out, in) or its transpose is not kept."""
    pool = []
    try:
        for repeat in range(POOL_REPEATS):
            for n_in, n_out in POOL_SIZES:
                handle = f"pool_{repeat}_{n_in}_{n_out}"
                learner.call("Layer", n_in, n_out, Fn("tanh"), Fn("tanh_derivative"), store=handle)
                W = learner.get(f"@{handle}.W")
                if is_numbers(W) and W.shape not in ((n_out, n_in), (n_in, n_out)):
                    return (f"W has shape {W.shape} for Layer({n_in}, {n_out}, ...): it must be a matrix of shape "
                            f"(output_size, input_size) = {(n_out, n_in)}.")
                pool.append(((n_in, n_out), W))
    except LearnerFailure as failure:
        return explained_failure(failure)
    return pool


def pooled(initial_weights) -> list[tuple[tuple[int, int], np.ndarray]]:
    """The pool with every W as (output_size, input_size); a transposed W is test_init_shapes's
    business, so its symmetry and scale are judged on its transpose."""
    if isinstance(initial_weights, str):
        fail(initial_weights)
    pool = []
    for (n_in, n_out), W in initial_weights:
        W = as_array(W, "W")
        pool.append(((n_in, n_out), W if W.shape == (n_out, n_in) else W.T))
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
    low, high = SCALE_BAND
    for n_in, n_out in POOL_SIZES:
        squares = np.concatenate([(W ** 2).ravel() for sizes, W in pool if sizes == (n_in, n_out)])
        variance = float(np.mean(squares))
        r = n_in * variance
        if low <= r <= high:
            continue
        if n_in >= 4 * n_out and 0.7 <= n_out * variance <= 2.8:
            fail(f"W's entries have variance about {n_out * variance:.2g} / output_size for a layer of "
                 f"{n_in} inputs and {n_out} outputs: scale by the number of inputs, not outputs. Each Z sums "
                 f"input_size terms, so np.sqrt(1 / input_size) (Xavier) or np.sqrt(2 / input_size) (He) keeps "
                 f"it from growing with the number of inputs.")
        if 0.7 <= variance <= 1.4:
            fail(f"W's entries have variance about {variance:.2g}, whatever input_size is: scale the random numbers "
                 f"by np.sqrt(1 / input_size) (Xavier) or np.sqrt(2 / input_size) (He), or Z grows with the "
                 f"number of inputs and saturates the activations.")
        if r < low:
            fail(f"W is too small: its entries have variance about {r:.2g} / input_size (Xavier: 1 / input_size). "
                 f"With tiny weights the signal and the gradients shrink from layer to layer: {RANDOM_INIT}.")
        fail(f"W is too large: its entries have variance about {r:.2g} / input_size (Xavier: 1 / input_size, "
             f"He: 2 / input_size) for a layer of {n_in} inputs and {n_out} outputs, so Z grows with the number "
             f"of inputs: {RANDOM_INIT}.")


SYMMETRY_CHECKS = {"rows-differ": check_rows_differ, "centred": check_centred, "scale": check_scale}


@points(2)
@pytest.mark.parametrize("check", SYMMETRY_CHECKS)
def test_init_breaks_symmetry(initial_weights, check):
    SYMMETRY_CHECKS[check](pooled(initial_weights))


# ---------------------------------------------------------------- forward
@points(3)
@pytest.mark.parametrize("label", CASE_LABELS)
def test_forward(runs, cases, label):
    case = cases[label]
    Z, A = layer_forward(case.W, case.b, case.A_prev, case.activation)
    run = runs(case)
    check_values(run, "A", A, "forward's result A", "activation_fn(W @ A_prev + b)")
    if "forward" in run.mutations:
        fail(run.mutations["forward"])


@points(2)
@pytest.mark.parametrize("label", CACHE_LABELS)
def test_forward_caches(runs, cases, label):
    case = cases[label]
    Z, A = layer_forward(case.W, case.b, case.A_prev, case.activation)
    run = runs(case)
    check_values(run, "A_prev_cache", case.A_prev, "self.A_prev after forward", "forward's input")
    check_values(run, "Z_cache", Z, "self.Z after forward", "W @ A_prev + b")
    check_values(run, "A_cache", A, "self.A after forward", "activation_fn(Z)")


# ---------------------------------------------------------------- backward
@points(3)
@pytest.mark.parametrize("label", CASE_LABELS)
def test_backward_dA_prev(runs, cases, label):
    case = cases[label]
    run = runs(case)
    check_gradient(run, "dA_prev", numeric_dA_prev(case), "dA_prev (backward's result)",
                   "dA_prev = W.T @ dZ with the W from before the update, dZ = dA * activation_dfn(Z)")
    if "backward" in run.mutations:
        fail(run.mutations["backward"])


@points(3)
@pytest.mark.parametrize("label", CASE_LABELS)
def test_backward_dW(runs, cases, label):
    case = cases[label]
    check_gradient(runs(case), "dW", numeric_dW(case), "dW (seen as (W before - W after) / learning_rate)",
                   "dW = dZ @ A_prev.T / m with dZ = dA * activation_dfn(Z)")


@points(2)
@pytest.mark.parametrize("label", CASE_LABELS)
def test_backward_db(runs, cases, label):
    case = cases[label]
    check_gradient(runs(case), "db", numeric_db(case), "db (seen as (b before - b after) / learning_rate)",
                   "db = np.sum(dZ, axis=1, keepdims=True) / m")


@points(2)
@pytest.mark.parametrize("label", CASE_LABELS)
def test_backward_updates_parameters(runs, cases, label):
    """W and b end where one step of gradient descent puts them: W - learning_rate * dW and
    b - learning_rate * db, with the true gradients. Any other update fails here, whatever mistake
    explains it: a wrong behaviour added to backward can never earn this item."""
    case = cases[label]
    observed, expected = runs(case), simulate(case)
    for parameter, gradient in (("W", "dW"), ("b", "db")):
        name, what = f"{parameter}_after", f"self.{parameter} after backward"
        after = as_array(observed[name], what)
        check_shape(observed, name, after, expected[name].shape, what)
        if same_values(after, expected[name]):
            continue
        found = explain(case, name, observed.values)
        fail(found.tell(case) if found else
             f"{what} is not {parameter} - learning_rate * {gradient}, one step of gradient descent with the "
             f"given learning_rate, for {case.describe()}.")


@points(1)
@pytest.mark.parametrize("label", LATEST_LABELS)
def test_backward_uses_latest_forward(runs, cases, label):
    """After forward(X1), forward(X2), backward must give exactly what it gives after forward(X2) alone.

    Compared with the learner's own layer, so that another mistake in backward does not count
    here, as long as that layer is one the suite can name (right, or a known mistake): a layer
    whose results mean nothing (garbage, NaN) cannot show that it uses the latest forward call."""
    case = cases[label]
    control = replace(case, name=f"{case.name}-control", batches=case.batches[-1:])
    twice, once = runs(case), runs(control)
    stale = "forward must overwrite self.A_prev, self.Z and self.A on every call, and backward must use them."
    if "dA_prev" in twice.problems and "dA_prev" not in once.problems:
        fail(f"after two forward calls (batches of {case.batches[0].shape[1]}, then {case.m} examples) backward "
             f"fails, though it runs after one: {stale} (The error: {twice.problems['dA_prev']})")
    observables = ("dA_prev", "W_after", "b_after")
    for observable in observables:
        # any shape (a wrong one is another item's business, and a known mistake below), but numbers
        if not np.all(np.isfinite(as_array(twice[observable], WHAT[observable]))):
            fail(f"{WHAT[observable]} contains NaN or infinity for {case.describe()}.")
    if same_values(twice["W_after"], case.W):
        fail("backward did not change self.W: update it, self.W -= learning_rate * dW.")
    for observable in observables:
        if not same_values(twice[observable], once[observable]):
            found = explain(case, observable, twice.values)
            fail(found.tell(case) if found and found.name.startswith("stale") else
                 f"after two forward calls, backward gives different results than after one on the same batch: "
                 f"{stale}")
    truth = simulate(control)
    for observable in observables:
        if not same_values(once[observable], truth[observable]) and explain(control, observable, once.values) is None:
            fail(f"{WHAT[observable]} is wrong in a way no known mistake explains (see the other backward items), "
                 f"so whether backward uses the latest forward call cannot be judged.")


@points(1)
def test_worked_example(runs, cases):
    """The notebook's worked example as printed there, and the same example with fresh numbers."""
    for case, where in ((cases[WORKED_EXAMPLE.name], "In the worked example"),
                        (cases[WORKED_PLAN.name], "In the worked example with fresh numbers (W, A_prev, dA and "
                                                  "the learning rate drawn anew)")):
        expected = simulate(case)
        observed = runs(case)
        for observable in ("A", "dA_prev", "W_after", "b_after"):
            what = WHAT[observable]
            value = as_array(observed[observable], what)
            check_shape(observed, observable, value, expected[observable].shape, what)
            if not same_values(value, expected[observable]):
                found = explain(case, observable, observed.values)
                fail(f"{where}, " + (found.tell(case) if found else
                     f"{what} should be {np.array2string(expected[observable], precision=6)} but your layer gives "
                     f"{np.array2string(value, precision=6)}."))


# ---------------------------------------------------------------- answer cells
# The keys (the right letter, and the misconception each other option holds) sit in the hidden
# test cells of source/layer/layer.ipynb, on the instructor's side.
@points(1)
def test_question_why_cache(learner, grading):
    choice_answer(learner, grading, "test_question_why_cache", "answer_why_cache")


@points(1)
def test_question_why_keepdims(learner, grading):
    choice_answer(learner, grading, "test_question_why_keepdims", "answer_why_keepdims")


@points(1)
def test_question_dW_meaning(learner, grading):
    choice_answer(learner, grading, "test_question_dW_meaning", "answer_dW_meaning")


@points(1)
def test_question_old_W(learner, grading):
    choice_answer(learner, grading, "test_question_old_W", "answer_old_W")
