"""Bug models of a dense layer: the mistakes learners really make, simulated in the trusted process.

`simulate(case, maths)` runs one whole layer (forward calls, caches, backward, update) written
the way `maths` says. `LayerMaths()` is the right way; each `Bug` swaps one piece for a typical
mistake. When a learner's number fails a check, `explain` names the first bug whose simulation
reproduces that number, so the learner reads "dW looks transposed" instead of "wrong values".

A whole-layer simulation, not a per-formula one: a mistake early on (no bias in forward) shows
up in every later number, and its model predicts all of them, so every failing check names the
same root cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Mapping

import numpy as np

from autograder.assignments.activations.maths import activation, derivative
from autograder.diagnosis import MODEL_ATOL, MODEL_RTOL
from autograder.gradcheck import gradient_from_update

# What the suite can observe of a learner's layer. dW and db are never read from the learner:
# they are derived from how W and b changed, (before - after) / learning_rate.
OBSERVABLES = ("A", "A_prev_cache", "Z_cache", "A_cache", "dA_prev", "W_after", "b_after", "dW", "db")


@dataclass(frozen=True, eq=False)
class LayerCase:
    """One scenario: weights set by the suite, forward on each batch in turn, then one backward."""

    name: str
    activation: str  # a key of ACTIVATIONS; the learner gets Fn(name), Fn(name + "_derivative")
    W: np.ndarray  # (n_out, n_in)
    b: np.ndarray  # (n_out, 1)
    batches: tuple[np.ndarray, ...]  # forward inputs in call order; backward follows the last one
    dA: np.ndarray  # (n_out, m) of the last batch
    learning_rate: float

    @property
    def A_prev(self) -> np.ndarray:
        return self.batches[-1]

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    @property
    def m(self) -> int:
        return self.A_prev.shape[1]

    def describe(self) -> str:
        return (f"a {self.activation} layer with {self.n_in} inputs and {self.n_out} outputs, "
                f"a batch of m = {self.m}")


def _sum_over_examples(dZ, m):
    return np.sum(dZ, axis=1, keepdims=True) / m


@dataclass(frozen=True)
class LayerMaths:
    """One way of writing the layer, piece by piece. The defaults are the right way."""

    pre_activation: Callable = lambda W, b, X: W @ X + b
    output: Callable = lambda fn, dfn, Z: fn(Z)
    cached_Z: Callable = lambda Z, A: Z
    # which forward call's (A_prev, Z, A) backward works with
    cache_kept: Callable = lambda calls: calls[-1]
    batch_size: Callable = lambda X, first_X, dA: X.shape[1]
    # dZ = dA * slope
    slope: Callable = lambda fn, dfn, Z, A: dfn(Z)
    dW: Callable = lambda dZ, dA, X, A, m: dZ @ X.T / m
    db: Callable = lambda dZ, dA, m: _sum_over_examples(dZ, m)
    dA_prev: Callable = lambda W_old, W_new, dZ, dA, m: W_old.T @ dZ
    step_W: Callable = lambda W, dW, lr: W - lr * dW
    step_b: Callable = lambda b, db, lr: b - lr * db


CORRECT = LayerMaths()


def _attempt(compute: Callable, *inputs):
    """compute(*inputs), or None when an input is missing or the formula fails on these shapes."""
    if any(value is None for value in inputs):
        return None
    try:
        result = compute(*inputs)
    except (ValueError, ArithmeticError, IndexError, TypeError):
        return None
    return np.asarray(result, dtype=np.float64)


@lru_cache(maxsize=8192)
def simulate(case: LayerCase, maths: LayerMaths = CORRECT) -> dict[str, np.ndarray | None]:
    """Every observable of `case` for a layer written as `maths` (None where that code would raise)."""
    with np.errstate(all="ignore"):
        return _simulate(case, maths)


def _simulate(case: LayerCase, maths: LayerMaths) -> dict[str, np.ndarray | None]:
    fn, dfn = activation(case.activation), derivative(case.activation)
    calls = []
    for X in case.batches:
        Z = _attempt(maths.pre_activation, case.W, case.b, X)
        A = _attempt(lambda Z: maths.output(fn, dfn, Z), Z)
        calls.append((X, _attempt(maths.cached_Z, Z, A), A))
    X, Z, A = maths.cache_kept(calls)
    m = maths.batch_size(X, case.batches[0], case.dA)
    dZ = _attempt(lambda Z, A: case.dA * maths.slope(fn, dfn, Z, A), Z, A)
    dW = _attempt(lambda dZ, A: maths.dW(dZ, case.dA, X, A, m), dZ, A)
    db = _attempt(lambda dZ: maths.db(dZ, case.dA, m), dZ)
    W_after = _attempt(lambda dW: maths.step_W(case.W, dW, case.learning_rate), dW)
    b_after = _attempt(lambda db: maths.step_b(case.b, db, case.learning_rate), db)
    return {
        "A": calls[-1][2],
        "A_prev_cache": X,
        "Z_cache": Z,
        "A_cache": A,
        "dA_prev": _attempt(lambda W_new, dZ: maths.dA_prev(case.W, W_new, dZ, case.dA, m), W_after, dZ),
        "W_after": W_after,
        "b_after": b_after,
        "dW": _attempt(lambda after: gradient_from_update(case.W, after, case.learning_rate), W_after),
        "db": _attempt(lambda after: gradient_from_update(case.b, after, case.learning_rate), b_after),
    }


@dataclass(frozen=True)
class Bug:
    """A typical mistake: the layer written as `maths`, and what to tell a learner who made it.

    `message` may use {n_in}, {n_out}, {m} and {learning_rate:g} of the case. A bug that
    `spares_gradient` writes the gradients right and only updates W and b wrongly (its dW and db,
    seen through the update, are right up to the update rule): the gradient items forgive it and
    test_backward_updates_parameters reports it, so one mistake costs one item.
    """

    name: str
    maths: LayerMaths
    message: str
    spares_gradient: bool = False

    def tell(self, case: LayerCase) -> str:
        return self.message.format(n_in=case.n_in, n_out=case.n_out, m=case.m, learning_rate=case.learning_rate)


def bug(name: str, message: str, spares_gradient: bool = False, **pieces) -> Bug:
    return Bug(name, replace(CORRECT, **pieces), message, spares_gradient)


# Hard-coded learning rates seen in submissions (a rate copied from the worked example or a
# tutorial). The suite's cases use other rates, so each shows up in all but at most one case.
FIXED_RATES = (0.1, 0.01, 0.001, 0.05, 0.5, 0.2, 0.3, 0.02, 0.005, 0.0001)

# Order matters: the first bug that reproduces a number names it. Root causes come first
# (a forward mistake explains every later number), then backward, then the update.
BUGS: tuple[Bug, ...] = (
    # ---- forward
    bug("no bias", "forward leaves out the bias: Z must be W @ A_prev + b.",
        pre_activation=lambda W, b, X: W @ X),
    bug("W transposed in forward", "forward multiplies by W.T: with W of shape (out, in), Z = W @ A_prev + b.",
        pre_activation=lambda W, b, X: W.T @ X + b),
    bug("A_prev transposed in forward",
        "forward uses A_prev.T: examples are the columns of A_prev, so Z = W @ A_prev + b.",
        pre_activation=lambda W, b, X: W @ X.T + b),
    bug("no activation", "forward returns Z without the activation: A = activation_fn(Z).",
        output=lambda fn, dfn, Z: Z),
    bug("derivative as activation", "forward applies activation_dfn, the derivative: A = activation_fn(Z).",
        output=lambda fn, dfn, Z: dfn(Z)),
    # ---- caches
    bug("stale cache", "backward used the cache of the first forward call: forward must overwrite "
        "self.A_prev, self.Z and self.A every time it runs.",
        cache_kept=lambda calls: calls[0]),
    bug("stale m", "backward divides by the batch size of an earlier forward call: take "
        "m = A_prev.shape[1] from the latest cached A_prev.",
        batch_size=lambda X, first_X, dA: first_X.shape[1]),
    # ---- dZ
    bug("slope at A", "the derivative was applied to A instead of Z: dZ = dA * activation_dfn(Z), "
        "with the cached Z (before the activation).",
        slope=lambda fn, dfn, Z, A: dfn(A)),
    bug("Z cache holds A", "self.Z holds the activation's output A: store Z = W @ A_prev + b (before "
        "the activation) in self.Z and A in self.A.",
        cached_Z=lambda Z, A: A),
    bug("no slope", "backward leaves out the activation's derivative: dZ = dA * activation_dfn(Z).",
        slope=lambda fn, dfn, Z, A: np.ones_like(Z)),
    bug("sigmoid slope hard-coded", "backward hard-codes the sigmoid derivative A * (1 - A): use "
        "activation_dfn(Z), so the layer works with any activation.",
        slope=lambda fn, dfn, Z, A: A * (1 - A)),
    bug("tanh slope hard-coded", "backward hard-codes the tanh derivative 1 - A**2: use "
        "activation_dfn(Z), so the layer works with any activation.",
        slope=lambda fn, dfn, Z, A: 1 - A ** 2),
    bug("m from rows", "backward takes m from A_prev.shape[0], the number of inputs: the batch size "
        "m is the number of columns, A_prev.shape[1].",
        batch_size=lambda X, first_X, dA: X.shape[0]),
    bug("m from dA rows", "backward takes m from the number of rows of dA (the layer's outputs): the "
        "batch size m is the number of columns, A_prev.shape[1].",
        batch_size=lambda X, first_X, dA: dA.shape[0]),
    # ---- dW
    bug("dW not averaged", "dW is m times too large: divide dZ @ A_prev.T by m = A_prev.shape[1].",
        dW=lambda dZ, dA, X, A, m: dZ @ X.T),
    bug("dW transposed", "dW looks transposed: it must have W's shape (out, in) = ({n_out}, {n_in}), "
        "dW = dZ @ A_prev.T / m.",
        dW=lambda dZ, dA, X, A, m: X @ dZ.T / m),
    bug("dW from A", "dW uses the layer's output A: it must use the layer's input, dW = dZ @ A_prev.T / m.",
        dW=lambda dZ, dA, X, A, m: dZ @ A.T / m),
    bug("dW from dA", "dW is computed from dA: use dZ = dA * activation_dfn(Z), dW = dZ @ A_prev.T / m.",
        dW=lambda dZ, dA, X, A, m: dA @ X.T / m),
    # ---- db
    bug("db not averaged", "db is m times too large: divide the sum over the examples by m.",
        db=lambda dZ, dA, m: np.sum(dZ, axis=1, keepdims=True)),
    bug("db flat", "db has shape ({n_out},), so b - learning_rate * db broadcasts b to ({n_out}, {n_out}): "
        "sum with keepdims=True so db has b's shape ({n_out}, 1).",
        db=lambda dZ, dA, m: np.sum(dZ, axis=1) / m),
    bug("db over neurons", "db was summed over axis 0 (the neurons): sum over the examples, "
        "np.sum(dZ, axis=1, keepdims=True) / m.",
        db=lambda dZ, dA, m: np.sum(dZ, axis=0, keepdims=True) / m),
    bug("db over neurons, flat", "db was summed over axis 0 (the neurons): sum over the examples, "
        "np.sum(dZ, axis=1, keepdims=True) / m.",
        db=lambda dZ, dA, m: np.sum(dZ, axis=0) / m),
    bug("db over everything", "db sums every entry of dZ into one number: sum over the examples only, "
        "np.sum(dZ, axis=1, keepdims=True) / m.",
        db=lambda dZ, dA, m: np.sum(dZ) / m),
    bug("db from dA", "db is computed from dA: use dZ = dA * activation_dfn(Z), db = np.sum(dZ, axis=1, "
        "keepdims=True) / m.",
        db=lambda dZ, dA, m: np.sum(dA, axis=1, keepdims=True) / m),
    # ---- dA_prev
    bug("dA_prev after update", "dA_prev was computed with the updated W: compute dA_prev = W.T @ dZ "
        "before changing W (or keep a copy of the old W).",
        dA_prev=lambda W_old, W_new, dZ, dA, m: W_new.T @ dZ),
    bug("dA_prev from dA", "dA_prev uses dA: it must use dZ = dA * activation_dfn(Z), dA_prev = W.T @ dZ.",
        dA_prev=lambda W_old, W_new, dZ, dA, m: W_old.T @ dA),
    bug("dA_prev averaged", "dA_prev is divided by m: only dW and db average over the batch; "
        "dA_prev = W.T @ dZ.",
        dA_prev=lambda W_old, W_new, dZ, dA, m: W_old.T @ dZ / m),
    bug("dA_prev without transpose", "dA_prev uses W instead of W.T: dA_prev = W.T @ dZ.",
        dA_prev=lambda W_old, W_new, dZ, dA, m: W_old @ dZ),
    bug("dA_prev transposed", "dA_prev is transposed: it must have A_prev's shape (in, m) = ({n_in}, {m}), "
        "dA_prev = W.T @ dZ.",
        dA_prev=lambda W_old, W_new, dZ, dA, m: (W_old.T @ dZ).T),
    # ---- the update (the gradients are right)
    bug("ascent", "W and b move uphill: gradient descent subtracts, W -= learning_rate * dW and "
        "b -= learning_rate * db.", spares_gradient=True,
        step_W=lambda W, dW, lr: W + lr * dW, step_b=lambda b, db, lr: b + lr * db),
    bug("no learning rate", "the update ignores learning_rate: W -= learning_rate * dW and "
        "b -= learning_rate * db.", spares_gradient=True,
        step_W=lambda W, dW, lr: W - dW, step_b=lambda b, db, lr: b - db),
    *(
        bug(f"fixed rate {rate:g}", f"the update uses a fixed learning rate of {rate:g}: use the "
            f"learning_rate argument of backward (here it was {{learning_rate:g}}).", spares_gradient=True,
            step_W=lambda W, dW, lr, rate=rate: W - rate * dW, step_b=lambda b, db, lr, rate=rate: b - rate * db)
        for rate in FIXED_RATES
    ),
    bug("W not updated", "backward did not change the layer's W: update it, self.W -= learning_rate * dW "
        "(or self.W = self.W - learning_rate * dW).",
        step_W=lambda W, dW, lr: W),
    bug("b not updated", "backward did not change the layer's b: update it too, "
        "self.b -= learning_rate * db.",
        step_b=lambda b, db, lr: b),
)


@lru_cache(maxsize=8192)
def visible(case: LayerCase, candidate: Bug) -> frozenset[str]:
    """The observables on which this bug gives a value, and a wrong one, in this case."""
    truth, predicted = simulate(case), simulate(case, candidate.maths)
    return frozenset(name for name in OBSERVABLES
                     if predicted[name] is not None and not same_values(predicted[name], truth[name]))


def explain(case: LayerCase, observable: str, observed: Mapping[str, Any], bugs: tuple[Bug, ...] = BUGS) -> Bug | None:
    """The bug that best explains the learner's wrong `observed[observable]`, or None.

    `observed` holds every value read from the learner's layer in this case. Preferred: the first
    bug that reproduces all of them (the root cause: "self.Z holds A" rather than its symptom "the
    derivative was taken at A"); otherwise, for a learner with two mistakes, the first bug that
    reproduces this one value. A bug that gives the right value here cannot explain a wrong one
    (a derivative taken at A is invisible with ReLU; dW not divided by m is invisible with m = 1).
    """
    candidates = []
    for candidate in bugs:
        if observable in visible(case, candidate):
            predicted = simulate(case, candidate.maths)
            if same_values(observed[observable], predicted[observable]):
                candidates.append((candidate, predicted))
    for candidate, predicted in candidates:
        if all(same_values(value, predicted[name]) for name, value in observed.items()
               if isinstance(value, np.ndarray)):
            return candidate
    return candidates[0][0] if candidates else None


def same_values(observed: Any, predicted: Any) -> bool:
    """diagnosis.same_values (allclose at MODEL_RTOL / MODEL_ATOL, NaNs equal), written for speed:
    `explain` makes hundreds of these comparisons on small arrays."""
    if not isinstance(observed, np.ndarray) or not isinstance(predicted, np.ndarray):
        return False
    if observed.shape != predicted.shape or observed.dtype.kind not in "biuf":
        return False
    with np.errstate(invalid="ignore"):
        close = np.abs(observed - predicted) <= MODEL_ATOL + MODEL_RTOL * np.abs(predicted)
    return bool(close.all()) or bool((close | (np.isnan(observed) & np.isnan(predicted))).all())


BUG_NAMED = {candidate.name: candidate for candidate in BUGS}


def explain_error(case: LayerCase, step: str, kind: str, message: str) -> str | None:
    """Name the mistake behind a shape error that the learner's forward or backward raised.

    A transposed dW cannot run on a non-square layer: `W -= learning_rate * dW` meets shapes
    (n_out, n_in) and (n_in, n_out). Other shape errors get the shapes that should have fitted.
    """
    if kind != "ValueError":
        return None
    shapes = {tuple(int(n) for n in found) for found in re.findall(r"\((\d+),\s*(\d+)\)", message)}
    if step == "backward" and case.n_in != case.n_out and "broadcast" in message \
            and {(case.n_out, case.n_in), (case.n_in, case.n_out)} <= shapes:
        return BUG_NAMED["dW transposed"].tell(case)
    # self.b -= learning_rate * db with db of shape (n_out,): the in-place update cannot grow b
    if step == "backward" and "non-broadcastable output operand" in message \
            and {(case.n_out, 1), (case.n_out, case.n_out)} <= shapes:
        return (f"db has shape ({case.n_out},), so self.b -= learning_rate * db cannot keep b's shape "
                f"({case.n_out}, 1) and numpy raises: sum with keepdims=True so db is a column like b.")
    if "matmul" in message or "not aligned" in message:
        if step == "forward":
            return (f"forward's matrix product does not fit: W is (n_out, n_in) = {case.W.shape} and A_prev is "
                    f"(n_in, m) = {case.A_prev.shape}, so Z = W @ A_prev + b (examples are columns).")
        return (f"a matrix product in backward does not fit: with W {case.W.shape}, A_prev {case.A_prev.shape} "
                f"and dZ {case.dA.shape}, dW = dZ @ A_prev.T / m and dA_prev = W.T @ dZ.")
    return None
