"""Hidden suite: network (docs/assignments.md).

Every case is drawn fresh for each run from `grading.rng(label)` (cases.py says which properties
each draw keeps). Networks are built on the learner's side from the provided `Layer` with trusted
activations (`Fn`), then given known weights, so that every expected value can be computed here
with `maths` (this folder) and nothing depends on the learner's random initialisation. Arrays
handed to the learner's code are kept on its side and read back after the call: a function that
changes its argument in place is caught.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from autograder.assignments.layer.maths import layer_backward, layer_forward
from autograder.assignments.network import cases, maths
from autograder.checks import fail, measure, points
from autograder.diagnosis import choice_answer, matching_model, same_values
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    gradient_from_update,
    numeric_gradient,
    relative_error,
)
from autograder.learner import Fn, LearnerError, LearnerFailure, LearnerMissing, Ref
from autograder.values import learner_array

_handles = itertools.count()  # every network, layer and kept argument gets its own handle on the learner's side


# ---------------------------------------------------------------- calling the learner's code
def raised(error: LearnerError, kind: str) -> bool:
    """The learner's exception is a `kind` or a subclass of it, judged by its class hierarchy where the
    boundary reports it (`LearnerError.is_a`), else by its class name alone."""
    is_a = getattr(error, "is_a", None)
    return bool(is_a(kind)) if callable(is_a) else error.kind == kind


def call_keeping(learner, target: str, *args, names: tuple[str, ...] = (), store: str | None = None):
    """target(*args), each array argument kept on the learner's side (np.array(...)) and passed by
    reference, then read back: the learner's code must not change the caller's arrays. `names`
    names the array arguments in order. Returns (value, the call's warnings)."""
    kept, sent = [], []
    for arg in args:
        if not isinstance(arg, np.ndarray):
            sent.append(arg)
            continue
        handle = f"kept{next(_handles)}"
        try:
            learner.call("np.array", arg, store=handle)
        except LearnerMissing:  # no np in the learner's namespace: the value still goes by copy
            sent.append(arg)
            continue
        kept.append((names[len(kept)] if len(kept) < len(names) else "its argument", handle, arg))
        sent.append(Ref(handle))
    value = learner.call(target, *sent, store=store)
    warnings = list(learner.last_warnings)
    for name, handle, original in kept:
        now = learner.get(f"@{handle}")
        if not (isinstance(now, np.ndarray) and now.shape == original.shape
                and np.array_equal(now, original, equal_nan=True)):
            what = target.rpartition(".")[2]
            fail(f"{what} changed its argument {name} in place (an `{name} /= ...`, `{name}[...] = ...` or "
                 f"`out={name}`): compute a new array instead, the caller's {name} must stay as it was.")
    return value, warnings


def as_number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.ndarray)):
        fail(f"{name} returned {type(value).__name__}: it must return one number (a float).")
    array = np.asarray(value)
    if array.size != 1:
        fail(f"{name} returned an array of shape {array.shape}: it must return one number, the mean over "
             f"the examples of the loss summed over the outputs (np.sum(...) / m).")
    return float(array.reshape(()))


def shape_of(value) -> str:
    """What a learner's value looks like, in a few words (never its contents)."""
    if isinstance(value, np.ndarray):
        return f"shape {value.shape}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return f"a {type(value).__name__}"


def significant(warnings: list[str]) -> list[str]:
    # underflow is silent under numpy's defaults and harmless (see test_activations)
    return [w for w in warnings if "underflow" not in w]


# ---------------------------------------------------------------- losses
LOSS_ROWS = {"one output": 1, "two outputs": 2}
# Near 0 and 1 the learner's value must follow the definition to 1e-5 relative. The outputs are at
# least 1e-5 from the edges, so a clip with any eps up to 1e-6, or an eps up to 1e-10 added inside
# a log or a denominator, moves no value by more than that; a clip with eps = 1e-2 moves them by
# orders of magnitude. Written-differently formulas (log1p, np.where on the labels, one division
# (A - Y) / (A (1 - A))) agree to about 1e-12 there.
NEAR_EDGE_RTOL = 1e-5
# The largest clip the spec allows ("a tiny eps such as 1e-12"; the cases' outputs are 1e-5 from
# the edges): a confident wrong answer at exactly 0 or 1 costs at least -log(1e-6) = 13.8.
LARGEST_EPS = 1e-6


def loss_models(name: str, A, Y) -> dict:
    m, rows = Y.shape[1], Y.shape[0]
    if name == "bce":
        per_element = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        return {
            "bce has the wrong sign: it is minus the mean of y log(a) + (1 - y) log(1 - a).": lambda: -np.sum(per_element) / m,
            "bce sums over the examples but does not divide by m, the number of examples (columns).": lambda: np.sum(per_element),
            "bce averages over the output rows too (np.mean of everything): sum over the rows and divide by m, "
            "the number of columns, only.": lambda: np.mean(per_element) if rows > 1 else None,
            "bce leaves out the (1 - y) log(1 - a) term, so wrong answers on label-0 examples cost nothing.":
                lambda: -np.sum(Y * np.log(A)) / m,
            "bce uses log base 10: use the natural logarithm np.log.": lambda: np.sum(per_element) / m / np.log(10),
            "bce swaps A and Y: it is bce(A, Y) = -mean(Y log(A) + (1 - Y) log(1 - A)).":
                lambda: maths.bce(Y, A),
        }
    return {
        "mse averages over the output rows too (np.mean of everything): sum the squared error over the rows "
        "and divide by m, the number of columns, only.": lambda: np.mean((A - Y) ** 2) if rows > 1 else None,
        "mse sums over the examples but does not divide by m, the number of examples (columns).": lambda: np.sum((A - Y) ** 2),
        "mse has a factor 1/2 (a convention of some books): here mse is the plain mean of the squared error, "
        "to match mse_derivative = 2 (A - Y).": lambda: np.sum((A - Y) ** 2) / m / 2,
        "mse does not square the error: it is the mean of (A - Y)**2.": lambda: np.sum(A - Y) / m,
        "mse takes absolute errors: it is the mean of the squared error (A - Y)**2.": lambda: np.sum(np.abs(A - Y)) / m,
    }


DEFINITIONS = {"bce": maths.bce_unclipped, "mse": maths.mse}


def check_loss(learner, name: str, case: cases.LossCase, near_edges: bool = False) -> None:
    A, Y = case.A, case.Y
    value, _ = call_keeping(learner, name, A, Y, names=("A", "Y"))
    got = as_number(name, value)
    expected = DEFINITIONS[name](A, Y)
    if not np.isfinite(got):
        fail(f"{name} returned {got} for outputs {'near 0 and 1' if near_edges else 'between 0.05 and 0.95'}.")
    # interior: the same sum written differently agrees to ~1e-15 relative (see diagnosis.MODEL_RTOL)
    if same_values(got, expected, rtol=NEAR_EDGE_RTOL if near_edges else 1e-9):
        return
    diagnosis = matching_model(got, loss_models(name, A, Y))
    if diagnosis:
        fail(diagnosis)
    if near_edges:
        fail(f"bce returned {got:.6g} for outputs between 1e-5 and 1e-3 away from 0 or 1, but their binary "
             f"cross-entropy is {expected:.6g}: clip only with a tiny eps such as 1e-12. A large eps "
             f"(1e-2 caps a confident wrong answer's cost at -log(0.01) = 4.6) changes real predictions.")
    fail(f"{name} returned {got:.6g} for {A.shape[1]} examples of {A.shape[0]} output(s); the right value is "
         f"{expected:.6g}.")


def check_bce_at_edges(learner, case: cases.EdgeCase) -> None:
    """Outputs exactly 0 or 1: finite, no warning, confident right answers cost nothing, confident
    wrong ones cost what a tiny clip gives them."""
    for batch, wrong in ((case.right, False), (case.wrong, True)):
        value, warnings = call_keeping(learner, "bce", batch.A, batch.Y, names=("A", "Y"))
        got = as_number("bce", value)
        warnings = significant(warnings)
        if not np.isfinite(got) or warnings:
            fail(f"bce {'returned ' + str(got) if not np.isfinite(got) else 'warned (' + warnings[0][:80] + ')'} "
                 f"for outputs exactly 0 or 1: log(0) happened. Clip A into [eps, 1 - eps] with a tiny eps "
                 f"such as 1e-12 before taking logs.")
        # right answers at the edges cost -log(1 - eps): at most 1e-6 each for any eps the spec allows
        if not wrong and not same_values(got, maths.bce(batch.A, batch.Y), rtol=1e-9, atol=1e-5):
            clipped = np.clip(batch.A, maths.EPS, 1 - maths.EPS)
            fail(matching_model(got, loss_models("bce", clipped, batch.Y), rtol=1e-9, atol=1e-5)
                 or f"bce returned {got:.6g} when the outputs at exactly 0 and 1 are all right, which cost "
                    f"nothing (-log(1 - eps), about eps): the right value is {maths.bce(batch.A, batch.Y):.6g}. "
                    f"Clip only with a tiny eps such as 1e-12.")
        least = maths.bce(batch.A, batch.Y, eps=LARGEST_EPS)
        if wrong and got < least * (1 - 1e-9):
            fail(f"bce returned {got:.4g} when {case.wrong_count} output(s) are exactly 0 or 1 and wrong: clip A "
                 f"with a tiny eps (such as 1e-12), so that a confident wrong answer costs a lot (-log(1e-12) = "
                 f"27.6), not a little (eps = 1e-2 caps it at 4.6).")


@points(2)
@pytest.mark.parametrize("case", [*LOSS_ROWS, "near 0 and 1", "exactly 0 or 1"])
def test_bce(learner, grading, case):
    rng = grading.rng("bce", case)
    if case == "exactly 0 or 1":
        check_bce_at_edges(learner, cases.exactly_at_edges(rng))
    elif case == "near 0 and 1":
        check_loss(learner, "bce", cases.near_edges(rng), near_edges=True)
    else:
        check_loss(learner, "bce", cases.interior(rng, LOSS_ROWS[case]))


@points(1)
@pytest.mark.parametrize("case", LOSS_ROWS)
def test_mse(learner, grading, case):
    check_loss(learner, "mse", cases.regression(grading.rng("mse", case), LOSS_ROWS[case]))


def derivative_models(name: str, A, Y) -> dict:
    m = Y.shape[1]
    if name == "bce_derivative":
        right = maths.bce_derivative(A, Y)
        return {
            "bce_derivative divides by m: the layer already averages over the examples, so return the "
            "per-example -(Y / A) + (1 - Y) / (1 - A).": lambda: right / m,
            "bce_derivative returns A - Y, which is dL/dZ for a sigmoid output: the layer multiplies by "
            "sigmoid'(Z) itself, so return dL/dA = -(Y / A) + (1 - Y) / (1 - A).": lambda: A - Y,
            "bce_derivative returns (A - Y) / m, which is dL/dZ averaged: return the per-example dL/dA = "
            "-(Y / A) + (1 - Y) / (1 - A).": lambda: (A - Y) / m,
            "bce_derivative has the sign flipped: it is -(Y / A) + (1 - Y) / (1 - A).": lambda: -right,
            "bce_derivative has the wrong sign on the second term: it is -(Y / A) + (1 - Y) / (1 - A).":
                lambda: -(Y / A) - (1 - Y) / (1 - A),
            "bce_derivative leaves out the (1 - Y) / (1 - A) term: it is -(Y / A) + (1 - Y) / (1 - A).":
                lambda: -(Y / A),
            "bce_derivative divides by the number of outputs and examples (np.mean in bce?): return the "
            "per-example -(Y / A) + (1 - Y) / (1 - A).": lambda: right / Y.size if Y.shape[0] > 1 else None,
        }
    right = maths.mse_derivative(A, Y)
    return {
        "mse_derivative divides by m: the layer already averages over the examples, so return the "
        "per-example 2 (A - Y).": lambda: right / m,
        "mse_derivative misses the factor 2: d/dA (A - Y)**2 = 2 (A - Y).": lambda: A - Y,
        "mse_derivative has the sign flipped: it is 2 (A - Y), not 2 (Y - A).": lambda: -right,
        "mse_derivative divides by the number of outputs and examples: return the per-example 2 (A - Y).":
            lambda: right / Y.size if Y.shape[0] > 1 else None,
    }


def learner_derivative(learner, name: str, case: cases.LossCase) -> tuple[np.ndarray, list[str]]:
    value, warnings = call_keeping(learner, name, case.A, case.Y, names=("A", "Y"))
    return learner_array(value, f"{name}'s dL/dA (one slope per output, like A)", case.A.shape), warnings


def check_loss_derivative(learner, name: str, case: cases.LossCase) -> None:
    """Per-example dl/dA: m times the gradient of the mean loss, checked by central differences
    of the trusted loss (the outputs stay in [0.05, 0.95], far from the clipping)."""
    loss = maths.LOSSES[name.removesuffix("_derivative")][0]
    got, _ = learner_derivative(learner, name, case)
    A, Y = case.A, case.Y
    numeric = A.shape[1] * numeric_gradient(lambda x: loss(x, Y), A)
    hint = ""
    if relative_error(got, numeric) > RELATIVE_TOLERANCE:
        hint = matching_model(got, derivative_models(name, A, Y)) or ""
    assert_gradient_close(got, numeric, what=name, hint=hint)


@points(2)
@pytest.mark.parametrize("case", [*LOSS_ROWS, "near 0 and 1"])
def test_bce_derivative(learner, grading, case):
    rng = grading.rng("bce_derivative", case)
    if case != "near 0 and 1":
        check_loss_derivative(learner, "bce_derivative", cases.interior(rng, LOSS_ROWS[case]))
        return
    batch = cases.near_edges(rng)
    got, _ = learner_derivative(learner, "bce_derivative", batch)
    expected = maths.bce_derivative_unclipped(batch.A, batch.Y)
    # elementwise: values from about 1 (confident right) to 1e5 (confident wrong) sit side by side
    if np.all(np.isfinite(got)) and np.allclose(got, expected, rtol=NEAR_EDGE_RTOL, atol=0):
        return
    fail(matching_model(got, derivative_models("bce_derivative", batch.A, batch.Y))
         or "bce_derivative does not follow -(Y / A) + (1 - Y) / (1 - A) for outputs between 1e-5 and 1e-3 away "
            "from 0 or 1 (a confident wrong answer there has a slope of 1e3 to 1e5): clip only with a tiny eps "
            "such as 1e-12.")


# confidently right at exactly 0 or 1 the slope is the limit of the formula, -1 (Y = 1) or +1 (Y = 0);
# 1% allows (A - Y) / (A (1 - A)) on a clipped A, whose 1 - (1 - 1e-12) carries 1e-4 of rounding
EDGE_SLOPE_RTOL = 1e-2


@points(1)
@pytest.mark.parametrize("case", ["right answers at 0 and 1", "wrong answers at 0 and 1"])
def test_bce_derivative_clipped(learner, grading, case):
    edge = cases.exactly_at_edges(grading.rng("bce_derivative at the edges"))
    batch = edge.right if case.startswith("right") else edge.wrong
    got, warnings = learner_derivative(learner, "bce_derivative", batch)
    warnings = significant(warnings)
    A, Y = batch.A, batch.Y
    at_edge = (A == 0) | (A == 1)
    if not np.all(np.isfinite(got)) or warnings:
        fail(f"bce_derivative {'warned (' + warnings[0][:80] + ')' if warnings else 'returned NaN or infinity'} "
             f"for outputs exactly 0 or 1 (at A = 1, Y = 1 the formula is 0/0): clip A into [eps, 1 - eps] with "
             f"the same tiny eps as bce before dividing.")
    if not np.allclose(got[~at_edge], maths.bce_derivative(A, Y)[~at_edge], rtol=1e-9, atol=0):
        fail("bce_derivative is wrong for the ordinary outputs (between 0.05 and 0.95) next to those at exactly 0 "
             "and 1 (see test_bce_derivative): this check needs -(Y / A) + (1 - Y) / (1 - A) there, on a clipped A.")
    right, wrong = at_edge & (A == Y), at_edge & (A != Y)
    limit = np.where(Y == 1, -1.0, 1.0)
    if not np.allclose(got[right], limit[right], rtol=EDGE_SLOPE_RTOL, atol=0):
        fail("bce_derivative of a confident right answer (A = Y = 1, or A = Y = 0) must be the limit of the "
             "formula, -1 or +1: clip A with a tiny eps such as 1e-12 (a large one changes it), then apply "
             "-(Y / A) + (1 - Y) / (1 - A).")
    if np.any(np.sign(got[wrong]) != limit[wrong]) or np.any(np.abs(got[wrong]) < 1 / LARGEST_EPS):
        fail("bce_derivative of a confident wrong answer (A = 1 with Y = 0, or A = 0 with Y = 1) must be as steep "
             "as a tiny clip makes it (1 / eps = 1e12 for eps = 1e-12): clip with the same tiny eps as bce.")


@points(1)
@pytest.mark.parametrize("case", LOSS_ROWS)
def test_mse_derivative(learner, grading, case):
    check_loss_derivative(learner, "mse_derivative", cases.regression(grading.rng("mse_derivative", case), LOSS_ROWS[case]))


# ---------------------------------------------------------------- networks on the learner's side
class LearnerNetwork:
    """A Network built on the learner's side from the provided Layer, with known weights."""

    def __init__(self, learner, layers):
        self.learner = learner
        self.layers = layers
        self.name = f"net{next(_handles)}"
        self.layer_handles = []
        for index, (W, b, activation) in enumerate(layers):
            handle = f"{self.name}_layer{index}"
            learner.call("Layer", W.shape[1], W.shape[0], Fn(activation), Fn(f"{activation}_derivative"), store=handle)
            learner.set(f"@{handle}.W", W)
            learner.set(f"@{handle}.b", b)
            self.layer_handles.append(handle)
        learner.call("Network", [Ref(handle) for handle in self.layer_handles], store=self.name)

    def method(self, name: str) -> str:
        return f"@{self.name}.{name}"

    def parameters(self) -> list[tuple[np.ndarray, np.ndarray, str]]:
        """Every layer's (W, b, activation) now, each refused unless it kept its shape."""
        now = []
        for handle, (W0, b0, name) in zip(self.layer_handles, self.layers):
            W, b = (learner_array(self.learner.get(f"@{handle}.{what}"), f"a layer's {what} after the update", before.shape)
                    for what, before in (("W", W0), ("b", b0)))
            now.append((W, b, name))
        return now


def error_mistake(error: LearnerError, method: str) -> str | None:
    """What a shape or missing-attribute error inside the network's methods almost always means. The
    learner's own frames (never the grader's) say which pass raised it."""
    text = error.message
    frames = re.findall(r", in (\w+)", error.traceback)
    missing = re.search(r"has no attribute '(\w+)'", text) if error.kind == "AttributeError" else None
    if missing and method == "predict":
        return (f"predict reads `{missing[1]}`, which nothing has set yet (an output that only forward stores?): "
                f"predict must run forward on the X it is given, then threshold that output at 0.5.")
    if missing and missing[1] in ("A_prev", "Z"):
        return ("a layer's backward ran before its forward had cached A_prev and Z: forward must pass X through "
                "every layer (is its `return` inside the loop?), and each backward must come after a forward.")
    if error.kind != "ValueError" or not any(word in text for word in ("broadcast", "matmul", "shapes", "aligned")):
        return None
    losses = [name for name in ("bce", "bce_derivative", "mse", "mse_derivative") if name in frames]
    if method == "train" and losses and "broadcast" in text:
        return (f"train handed {losses[-1]} an A whose shape does not match Y's ({text[:80]}): forward must "
                f"return the last layer's output, shape (n_out, m) like Y.")
    if "backward" in frames:  # checked first: train calls both
        return (f"backward raised ValueError ({text[:80]}): go through the layers from the last to the first "
                f"(reversed(self.layers)), handing each layer the dA_prev returned by the layer after it.")
    if "forward" in frames:
        return (f"forward raised ValueError ({text[:80]}): feed X to the first layer and each layer's output "
                f"to the next one, in order, and return the last output.")
    return None


def run(learner, net: LearnerNetwork, method: str, *args, names: tuple[str, ...] = (), keep: bool = False):
    """net.method(*args) on the learner's side; the array arguments must come back unchanged."""
    try:
        # backward may return anything (dA, None, self): keep it on the learner's side
        store = f"{net.name}_{method}_result{next(_handles)}" if keep else None
        return call_keeping(learner, net.method(method), *args, names=names, store=store)[0]
    except LearnerError as error:
        diagnosis = error_mistake(error, method)
        if diagnosis:
            fail(diagnosis)
        raise


# ---------------------------------------------------------------- forward
def forward_models(layers, X) -> dict:
    outputs = [X]
    for W, b, name in layers:
        outputs.append(layer_forward(W, b, outputs[-1], name)[1])
    return {
        "forward returns the input X unchanged: return the last layer's output.": lambda: X,
        "forward returns the first layer's output: feed each layer's output to the next one and return the last.":
            lambda: outputs[1],
        "forward returns the output of the last layer applied to X alone: chain the layers, each one's output "
        "feeding the next.": lambda: layer_forward(*layers[-1][:2], X, layers[-1][2])[1],
    }


@points(2)
@pytest.mark.parametrize("case", ["2 layers", "3 layers"])
def test_forward_chains_layers(learner, grading, case):
    drawn = cases.forward_case(grading.rng("forward", case), case)
    net = LearnerNetwork(learner, drawn.layers)
    got = run(learner, net, "forward", drawn.X, names=("X",))
    if isinstance(got, list):
        fail("forward returned a list: return only the last layer's output, an array (n_out, m).")
    expected = maths.network_forward(drawn.layers, drawn.X)
    if isinstance(got, np.ndarray) and same_values(got, expected):
        return
    fail(matching_model(got, forward_models(drawn.layers, drawn.X))
         or f"forward returned {shape_of(got)}, not the layers' output chained in order "
            f"(expected shape {expected.shape}).")


# ---------------------------------------------------------------- steps seen through the updates
def common_scale(got, expected, before) -> float | None:
    """c when every layer's step (before - got) is c times the expected step (before - expected), else None.

    Least squares over all parameters; "is" means a residual below 1e-7 of the step (rounding of
    W - rate * dW is about 1e-16 * |W| against steps of 1e-3 or more: well below)."""
    observed = np.concatenate([(W0 - W).ravel() for (W, _, _), (W0, _, _) in zip(got, before)]
                              + [(b0 - b).ravel() for (_, b, _), (_, b0, _) in zip(got, before)])
    step = np.concatenate([(W0 - W).ravel() for (W, _, _), (W0, _, _) in zip(expected, before)]
                          + [(b0 - b).ravel() for (_, b, _), (_, b0, _) in zip(expected, before)])
    if not (np.all(np.isfinite(observed)) and np.dot(step, step) > 0):
        return None
    scale = float(np.dot(observed, step) / np.dot(step, step))
    if np.linalg.norm(observed - scale * step) > 1e-7 * max(np.linalg.norm(observed), np.linalg.norm(step)):
        return None
    return scale


def scale_mistake(who: str, scale: float, rate: float, m: int) -> str | None:
    """Name the mistake behind a step `scale` times the right one (None when the step is right).
    `who` is the method whose step it is ("backward", or "train (or the backward it calls)")."""
    if np.isclose(scale, 1.0, rtol=1e-6):
        return None
    if np.isclose(scale, 1.0 / m, rtol=1e-6):
        return (f"{who} divides dA by m: the layers' backward already averages over the m examples, so the step "
                f"is m = {m} times too small. Hand the per-example derivative on unchanged.")
    if np.isclose(scale, -1.0, rtol=1e-6):
        return (f"{who} steps uphill (the step has the wrong sign): hand backward the derivative dL/dA itself, "
                f"not minus it.")
    if scale > 0:
        return (f"{who} stepped as if the learning rate were {scale * rate:.4g}, not the learning_rate "
                f"{rate:.4g} it was given: pass learning_rate on unchanged to every layer (never a rate of your own).")
    return None


def same_layers(got, expected) -> bool:
    return all(same_values(W, eW) and same_values(b, eb) for (W, b, _), (eW, eb, _) in zip(got, expected))


def unchanged(got, before) -> bool:
    return all(np.array_equal(W, W0) and np.array_equal(b, b0) for (W, b, _), (W0, b0, _) in zip(got, before))


# ---------------------------------------------------------------- backward: the whole-network gradient check
def backward_models(layers, X, dA, learning_rate) -> dict:
    """What each typical Network.backward mistake does to every layer's (W, b), simulated here."""
    inputs = [X]
    for W, b, name in layers[:-1]:
        inputs.append(layer_forward(W, b, inputs[-1], name)[1])

    def updated(order, pass_on=True):
        result = list(layers)
        gradient = dA
        for index in order:
            W, b, name = layers[index]
            step = layer_backward(W, b, inputs[index], gradient, learning_rate, name)
            result[index] = (step.W_after, step.b_after, name)
            gradient = step.dA_prev if pass_on else dA
        return result

    count = len(layers)
    last_first, first_last = list(reversed(range(count))), list(range(count))
    return {
        "backward goes through the layers in forward order: start with the last layer and go back to the first "
        "(for layer in reversed(self.layers)).": lambda: updated(first_last),
        "backward updates only the last layer: pass the dA_prev returned by each layer on to the layer before it.":
            lambda: updated(last_first[:1]),
        "backward hands the same dA to every layer: each layer must get the dA_prev returned by the layer after it.":
            lambda: updated(last_first, pass_on=False),
    }


def matching_update(got, models: dict) -> str | None:
    """The first model whose simulated (W, b) of every layer equals what the learner's code left."""
    for diagnosis, predict in models.items():
        try:
            predicted = predict()
        except ValueError:  # the mistake cannot even run on these shapes (the learner's raised instead)
            continue
        if same_layers(got, predicted):
            return diagnosis
    return None


def numeric_parameter_gradients(layers, X, G):
    """d/dW, d/db of L = (1/m) sum(G * network(X)) for every layer: what the layers' backward computes
    when handed dA = G (per example; backward averages over the m examples)."""
    m = X.shape[1]

    def loss_with(index, W, b):
        trial = list(layers)
        trial[index] = (W, b, layers[index][2])
        return float(np.sum(G * maths.network_forward(trial, X))) / m

    return [(numeric_gradient(lambda value, i=index, b=b: loss_with(i, value, b), W),
             numeric_gradient(lambda value, i=index, W=W: loss_with(i, W, value), b))
            for index, (W, b, _) in enumerate(layers)]


def position(index: int, count: int) -> str:
    return "the first" if index == 0 else "the last" if index == count - 1 else f"layer {index + 1}"


@points(4)
@pytest.mark.parametrize("case", ["2 layers", "3 layers", "3 equal layers"])
def test_network_gradient_check(learner, grading, case):
    drawn = cases.backward_case(grading.rng("backward", case), case)
    layers, rate = drawn.layers, drawn.rate
    net = LearnerNetwork(learner, layers)
    run(learner, net, "forward", drawn.X, names=("X",))
    run(learner, net, "backward", drawn.dA, rate, names=("dA",), keep=True)
    after = net.parameters()
    if unchanged(after, layers):
        fail("backward changed no layer: call every layer's backward(dA, learning_rate), last to first, on the "
             "layer objects the network was given (do not copy them).")
    expected = maths.network_step(layers, drawn.X, drawn.dA, rate)
    diagnosis = None  # named once, when the first check fails
    numeric = numeric_parameter_gradients(layers, drawn.X, drawn.dA)
    count = len(layers)
    for index, ((W, b, _), (W0, b0, _), (dW_numeric, db_numeric)) in enumerate(zip(after, layers, numeric)):
        for what, derived, wanted in (("dW", gradient_from_update(W0, W, rate), dW_numeric),
                                      ("db", gradient_from_update(b0, b, rate), db_numeric)):
            if relative_error(derived, wanted) > RELATIVE_TOLERANCE and diagnosis is None:
                scale = common_scale(after, expected, layers)
                diagnosis = (matching_update(after, backward_models(layers, drawn.X, drawn.dA, rate))
                             or (scale_mistake("backward", scale, rate, drawn.X.shape[1]) if scale else None) or "")
            assert_gradient_close(
                derived, wanted, what=f"{what} of {position(index, count)} layer (seen through its update)",
                hint=diagnosis or "")


# ---------------------------------------------------------------- train
def losses_list(value, epochs: int) -> list[float]:
    if value is None:
        fail("train returned None: collect the loss of every epoch in a list and return it.")
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = list(value)
    if not isinstance(value, list):
        fail(f"train returned a single {'number' if np.size(value) == 1 else 'array'}: return the list of the "
             f"loss of every epoch.")
    if len(value) != epochs:
        fail(f"train returned {len(value)} losses for {epochs} epochs: record one loss per epoch.")
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float, np.ndarray)) or np.size(item) != 1:
            fail("train's list must hold one number per epoch (the loss), nothing else.")
        numbers.append(float(np.asarray(item).reshape(())))
    return numbers


def train(learner, net: LearnerNetwork, case: cases.TrainCase, epochs: int, loss: str | None = None) -> list[float]:
    """The learner's train on the case; bce goes by the default argument, the other losses by name."""
    loss = case.loss if loss is None else loss
    args = (case.X, case.Y, epochs, case.rate) + (() if loss == "bce" else (loss,))
    return losses_list(run(learner, net, "train", *args, names=("X", "Y")), epochs)


class LearnerLosses:
    """The learner's own loss and derivative, asked for only to name a mistake: train is judged against
    the trusted ones (a train that follows a wrong derivative does not do gradient descent on the loss)."""

    def __init__(self, learner, loss: str):
        self.learner, self.loss = learner, loss

    def value(self, A, Y) -> float:
        try:
            value = self.learner.call(self.loss, A, Y)
        except LearnerFailure:
            return float("nan")
        if isinstance(value, bool) or not isinstance(value, (int, float, np.ndarray)) or np.size(value) != 1:
            return float("nan")
        return float(np.asarray(value).reshape(()))

    def derivative(self, A, Y):
        try:
            value = self.learner.call(f"{self.loss}_derivative", A, Y)
        except LearnerFailure:
            return np.full_like(A, np.nan)
        if not isinstance(value, np.ndarray) or value.shape != A.shape or value.dtype.kind not in "biuf":
            return np.full_like(A, np.nan)
        return value.astype(np.float64)


def same_loss(got: float, expected: float) -> bool:
    # the same sum written differently agrees to ~1e-15 relative; steps move the loss by 1e-4 or more
    return bool(np.isfinite(got) and np.isclose(got, expected, rtol=1e-9, atol=0))


def followed_own_derivative(learner, case: cases.TrainCase, got, epochs: int) -> str | None:
    """When the layers are where `epochs` steps along the learner's own (wrong) derivative take them:
    the diagnosis that names it."""
    own = LearnerLosses(learner, case.loss)
    A0 = maths.network_forward(case.layers, case.X)
    if same_values(own.derivative(A0, case.Y), maths.LOSSES[case.loss][1](A0, case.Y)):
        return None
    if not same_layers(got, descent_path(case, own.derivative, epochs)[-1]):
        return None
    return (f"train follows your {case.loss}_derivative, which is wrong (see test_{case.loss}_derivative): "
            f"the steps are not gradient descent on the {case.loss}. Fix {case.loss}_derivative first.")


def loss_mistake(learner, loss: str, got: float, A, Y) -> str | None:
    """Why `got` is not the loss of the forward pass that gave A (None when it is)."""
    right = maths.LOSSES[loss][0](A, Y)
    if same_loss(got, right):
        return None
    if same_loss(got, LearnerLosses(learner, loss).value(A, Y)):
        return f"train records your {loss}, which is wrong (see test_{loss}): it returned {got:.6g}, not {right:.6g}."
    other = "mse" if loss == "bce" else "bce"
    if same_loss(got, maths.LOSSES[other][0](A, Y)):
        return (f"train recorded the {other} when asked for loss={loss!r}: choose the loss function (and its "
                f"derivative) by the loss argument.")
    return ""


def step_mistake(learner, case: cases.TrainCase, got) -> str:
    """Why one epoch left the layers at `got` instead of one gradient-descent step."""
    layers, X, Y, rate = case.layers, case.X, case.Y, case.rate
    A0 = maths.network_forward(layers, X)
    if unchanged(got, layers):
        return (f"train did not change the layers: each epoch, after recording the loss, call "
                f"self.backward({case.loss}_derivative(A, Y), learning_rate).")
    other = "mse" if case.loss == "bce" else "bce"
    if same_layers(got, maths.network_step(layers, X, maths.LOSSES[other][1](A0, Y), rate)):
        return (f"train with loss={case.loss!r} stepped along {other}_derivative: choose the loss and its "
                f"derivative by the loss argument, {case.loss} with {case.loss}_derivative.")
    dA = maths.LOSSES[case.loss][1](A0, Y)
    diagnosis = matching_update(got, backward_models(layers, X, dA, rate))
    if diagnosis:
        return f"train's step follows backward's mistake: {diagnosis}"
    diagnosis = followed_own_derivative(learner, case, got, 1)  # before the scale: 2 (A - Y) without its 2 is one
    if diagnosis:
        return diagnosis
    scale = common_scale(got, maths.network_step(layers, X, dA, rate), layers)
    if scale is not None:
        diagnosis = scale_mistake("train (or the backward it calls)", scale, rate, case.m)
        if diagnosis:
            return diagnosis
    return (f"after one epoch the layers are not one gradient-descent step from where they were (learning_rate "
            f"{rate:.4g}, {case.loss}_derivative of that epoch's forward pass): one forward, then "
            f"backward({case.loss}_derivative(A, Y), learning_rate).")


@points(2)
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_train_step(learner, grading, loss):
    """One epoch from known weights: exactly one gradient-descent step, with the learning rate and the
    derivative of the loss asked for, and the loss of that epoch's forward pass."""
    case = cases.train_case(grading.rng("train step", loss), loss)
    net = LearnerNetwork(learner, case.layers)
    losses = train(learner, net, case, epochs=1)
    got = net.parameters()
    A0 = maths.network_forward(case.layers, case.X)
    expected, _ = maths.network_train(case.layers, case.X, case.Y, 1, case.rate, loss)
    if not same_layers(got, expected):
        fail(step_mistake(learner, case, got))
    diagnosis = loss_mistake(learner, loss, losses[0], A0, case.Y)
    if diagnosis is None:
        return
    after = maths.LOSSES[loss][0](maths.network_forward(got, case.X), case.Y)
    if same_loss(losses[0], after):
        fail(f"train recorded the {loss} after the epoch's update ({losses[0]:.6g}), not the {loss} of the forward "
             f"pass that epoch's backward used ({maths.LOSSES[loss][0](A0, case.Y):.6g}): record it right after "
             f"A = self.forward(X).")
    fail(diagnosis or f"train's loss for the epoch is {losses[0]:.6g}, but the {loss} of the network's forward pass "
                      f"is {maths.LOSSES[loss][0](A0, case.Y):.6g}: each epoch, record {loss}(A, Y) of that "
                      f"epoch's forward pass.")


@points(1)
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_train_returns_losses(learner, grading, loss):
    """Several epochs: one loss per epoch, each that epoch's forward pass before its update."""
    case = cases.train_case(grading.rng("train epochs", loss), loss)
    net = LearnerNetwork(learner, case.layers)
    losses = train(learner, net, case, epochs=case.epochs)
    got = net.parameters()
    if len(set(losses)) == 1:
        if unchanged(got, case.layers):
            fail(f"the loss never changed ({losses[0]:.4g} every epoch) and neither did the layers: after recording "
                 f"the loss, each epoch must call self.backward({loss}_derivative(A, Y), learning_rate).")
        fail(f"the layers change but every epoch records the same loss ({losses[0]:.4g}): train runs forward once, "
             f"before the loop. Each epoch needs its own forward pass, A = self.forward(X), for its loss and for "
             f"the gradient backward uses (the layers cache what backward needs during forward).")
    path = descent_path(case, maths.LOSSES[loss][1])
    if not same_layers(got, path[-1]):
        fail(followed_own_derivative(learner, case, got, case.epochs)
             or f"after {case.epochs} epochs the layers are not where {case.epochs} steps of gradient descent take "
                f"them: each epoch, exactly one forward pass, then one backward({loss}_derivative(A, Y), "
                f"learning_rate).")
    right = [maths.LOSSES[loss][0](maths.network_forward(layers, case.X), case.Y) for layers in path]
    if all(same_loss(value, expected) for value, expected in zip(losses, right)):
        return
    if all(same_loss(value, after) for value, after in zip(losses, right[1:])):
        fail(f"train records each epoch's loss after that epoch's update: the loss of epoch 1 must be the "
             f"{loss} of its own forward pass ({right[0]:.6g}), not of the next one ({losses[0]:.6g}). Record "
             f"it right after A = self.forward(X), before backward.")
    epoch = next(i for i, (value, expected) in enumerate(zip(losses, right)) if not same_loss(value, expected))
    fail(loss_mistake(learner, loss, losses[epoch], maths.network_forward(path[epoch], case.X), case.Y)
         or f"train's loss of epoch {epoch + 1} is {losses[epoch]:.6g}, but the {loss} of that epoch's forward "
            f"pass is {right[epoch]:.6g}: each epoch, one forward pass, record its {loss}, then one backward.")


def descent_path(case: cases.TrainCase, derivative, epochs: int | None = None) -> list:
    """The layers before every epoch and after the last: epochs + 1 sets of layers (case.epochs by default)."""
    path = [case.layers]
    for _ in range(case.epochs if epochs is None else epochs):
        A = maths.network_forward(path[-1], case.X)
        path.append(maths.network_step(path[-1], case.X, derivative(A, case.Y), case.rate))
    return path


@points(1)
def test_train_unknown_loss(learner, grading):
    name = cases.unknown_loss(grading.rng("unknown loss"))
    case = cases.train_case(grading.rng("unknown loss", "network"), "bce")
    net = LearnerNetwork(learner, case.layers)
    try:
        value = run(learner, net, "train", case.X, case.Y, 2, case.rate, name, names=("X", "Y"))
    except LearnerError as error:
        if raised(error, "ValueError"):
            return
        if error.kind == "KeyError":
            fail(f"train raised KeyError for loss={name!r} (a dict lookup?): check the name first and raise "
                 f"ValueError (a KeyError is not a ValueError), naming the losses it knows.")
        fail(f"train raised {error.kind} for loss={name!r}: an unknown loss name must raise ValueError.")
    looks_like = ""
    if isinstance(value, list) and value and isinstance(value[0], (int, float)):
        A0 = maths.network_forward(case.layers, case.X)
        if same_loss(float(value[0]), maths.bce(A0, case.Y)):
            looks_like = " (it trained with bce instead)"
    fail(f"train accepted loss={name!r}{looks_like}: an unknown loss name must raise ValueError, never fall back "
         f"to another loss silently.")


@points(1)
def test_train_loss_decreases(learner, grading):
    case = cases.descent_case(grading.rng("descent"))
    net = LearnerNetwork(learner, case.layers)
    losses = train(learner, net, case, epochs=case.epochs)
    if not np.all(np.isfinite(losses)):
        broken = int(np.argmin(np.isfinite(losses)))
        if broken >= 2 and losses[broken - 1] > losses[0]:
            fail(f"the loss went up from {losses[0]:.4g} to {losses[broken - 1]:.4g} and then became {losses[broken]}: "
                 f"the updates climb the loss. Check the sign of the derivative handed to backward.")
        fail(f"the loss became {losses[broken]} at epoch {broken + 1} (a correct train stays finite here).")
    _, expected = maths.network_train(case.layers, case.X, case.Y, case.epochs, case.rate)
    if losses[0] != 0:
        measure("final loss / first loss", losses[-1] / losses[0], None)
    for epoch, loss in enumerate(losses):  # the learning curve the feedback page plots
        measure(f"loss[{epoch}]", loss, None)
    if np.allclose(losses, losses[0], rtol=1e-12):
        if unchanged(net.parameters(), case.layers):
            fail(f"the loss never changed ({losses[0]:.4g} every epoch): after recording it, each epoch must call "
                 f"backward(bce_derivative(A, Y), learning_rate) to update the layers.")
        fail(f"the layers change but the loss never does ({losses[0]:.4g} every epoch): train runs forward once, "
             f"before the loop. Each epoch needs its own forward pass, A = self.forward(X).")
    if losses[-1] >= losses[0]:
        fail(f"the loss went up from {losses[0]:.4g} to {losses[-1]:.4g}: the updates climb the loss. Check the "
             f"sign of bce_derivative, -(Y / A) + (1 - Y) / (1 - A), and that backward subtracts.")
    # A correct train lowers the loss at every epoch on these cases (cases.descent_case); the 1e-12
    # relative allowance covers rounding only.
    rises = sum(later > earlier * (1 + 1e-12) for earlier, later in itertools.pairwise(losses))
    if rises > case.epochs // 10:
        fail(f"the loss went up in {rises} of {case.epochs - 1} epochs: gradient descent with a small learning rate "
             f"lowers it every epoch. Is each epoch's backward given the derivative of that epoch's forward pass?")
    if losses[-1] > losses[0] - 0.1 * (expected[0] - expected[-1]):
        fail(f"the loss barely moved ({losses[0]:.4g} -> {losses[-1]:.4g}, a correct train reaches "
             f"{expected[-1]:.4g}): is learning_rate passed on to backward?")


# ---------------------------------------------------------------- XOR and predict
@points(3)
def test_learns_xor(learner, grading):
    case = cases.xor_case(grading.rng("xor"))
    net = LearnerNetwork(learner, case.layers)
    # judged by what the network computes afterwards: what train returns is graded by the tests above
    run(learner, net, "train", case.X, case.Y, case.epochs, case.rate, names=("X", "Y"))
    A = run(learner, net, "forward", case.X, names=("X",))
    if not isinstance(A, np.ndarray) or A.shape != case.Y.shape:
        fail(f"after training, forward returned {shape_of(A)} for XOR: expected shape {case.Y.shape}.")
    if np.array_equal(A > 0.5, case.Y == 1):
        return
    shown = ", ".join(f"{a:.2f}" for a in A.astype(np.float64).ravel())
    probe = cases.interior(grading.rng("xor probe"), 1)
    try:
        right_derivative = same_values(learner.call("bce_derivative", probe.A, probe.Y),
                                       maths.bce_derivative(probe.A, probe.Y))
    except LearnerFailure:
        right_derivative = False
    cause = (" bce_derivative is wrong (see test_bce_derivative), so train follows the wrong gradient."
             if not right_derivative else " Check train and backward (see the tests above).")
    fail(f"after {case.epochs} epochs at rate {case.rate:.3g} the outputs are [{shown}] for targets "
         f"{case.Y.ravel().astype(int).tolist()}: the network did not learn XOR (a correct train does, from these "
         f"starting weights).{cause}")


@points(1)
@pytest.mark.parametrize("case", ["fresh network", "after forward on another batch"])
def test_predict(learner, grading, case):
    drawn = cases.predict_case(grading.rng("predict"))
    outputs = maths.network_forward(drawn.layers, drawn.X)
    net = LearnerNetwork(learner, drawn.layers)
    if case == "after forward on another batch":
        run(learner, net, "forward", drawn.other_X, names=("X",))
    got = run(learner, net, "predict", drawn.X, names=("X",))
    expected = (outputs > 0.5).astype(np.float64)
    stale = maths.network_forward(drawn.layers, drawn.other_X)
    if isinstance(got, np.ndarray) and case != "fresh network" and got.shape == stale.shape:
        fail(f"predict returned shape {got.shape}, the shape of the batch forward saw before, for X of {expected.shape[1]} "
             f"examples: predict must run forward on the X it is given, not reuse a stored output.")
    got = learner_array(got, "predict's 0/1 array (one per output, like the outputs)", expected.shape)
    if np.array_equal(got, expected):
        return
    if same_values(got, outputs):
        fail("predict returned the outputs themselves (probabilities): threshold them at 0.5 to get 0s and 1s.")
    if np.array_equal(got, 1 - expected):
        fail("predict is inverted: it must be 1 where the output is above 0.5 and 0 elsewhere.")
    if np.array_equal(got, (outputs > 0).astype(np.float64)):
        fail("predict thresholds at 0: the outputs are probabilities, so threshold at 0.5.")
    fail("predict does not return the outputs thresholded at 0.5 (1 above, 0 below).")


# ---------------------------------------------------------------- questions (keys in the hidden test cells)
@points(1)
def test_question_dZ(learner, grading):
    choice_answer(learner, grading, "test_question_dZ", "answer_dZ")


@points(1)
def test_question_clip(learner, grading):
    choice_answer(learner, grading, "test_question_clip", "answer_clip")


@points(1)
def test_question_no_m(learner, grading):
    choice_answer(learner, grading, "test_question_no_m", "answer_no_m")
