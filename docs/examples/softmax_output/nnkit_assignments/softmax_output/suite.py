"""Hidden suite of softmax_output, a plug-in of this course (see nnkit's docs/plugins.md).

The learner writes softmax(Z), cross_entropy(A, Y) and a SoftmaxOutput layer. Every case is drawn
afresh from this run's secret seed (`grading.rng(label)`); every learner value passes
`learner_array` (exact shape and dtype) before any arithmetic; every number is judged here:
values against `maths`, gradients against central differences (autograder.gradcheck). When a
value is wrong, `bugs` names the mistake that reproduces it.

Convention (as nnkit's layer): backward(Y, learning_rate) descends the mean loss over the batch,
so dW and db are averaged over the m examples, and it hands the previous layer the gradient of
each example's own loss, dA_prev = W.T @ (A - Y), which that layer averages itself.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import Mistake, fail, points
from autograder.diagnosis import choice_answer, same_values
from autograder.gradcheck import assert_gradient_close, gradient_from_update, numeric_gradient
from autograder.learner import LearnerError, LearnerFailure
from autograder.learner_text import shown_repr
from autograder.values import learner_array

from . import maths
from .bugs import (
    OutputCase,
    backward_mistake,
    cross_entropy_mistake,
    labels_mistake,
    softmax_mistake,
    transposed_dW,
)

# ---------------------------------------------------------------- cases, fresh every run
# (classes, m): m differs from the number of classes, so a sum over the wrong axis shows, and one
# case has a single example (m = 1).
SHAPES = {"3-classes-m5": (3, 5), "4-classes-m1": (4, 1), "5-classes-m7": (5, 7), "2-classes-m3": (2, 3)}

# Logits in (-1.5, 1.5) with at most 5 classes keep every probability above
# e^-1.5 / (e^-1.5 + 4 e^1.5) = 0.012, so the reference cross-entropy needs no clipping.
LOGIT_RANGE = 1.5


def logits(grading, label: str) -> np.ndarray:
    return grading.rng("logits", label).uniform(-LOGIT_RANGE, LOGIT_RANGE, size=SHAPES[label])


def one_hot(rng: np.random.Generator, classes: int, m: int) -> np.ndarray:
    return np.eye(classes)[:, rng.integers(classes, size=m)]


# Columns around +-800..1000: exp overflows above 709.8 and underflows to 0 below -745, so a
# softmax without the shift returns NaN there. Both signs in every case: shifting by the max of
# the whole array then leaves the negative columns at 0 / 0.
LARGE = {"3-classes-m4": (3, 4), "6-classes-m2": (6, 2)}


def large_logits(grading, label: str) -> np.ndarray:
    rng = grading.rng("large", label)
    classes, m = LARGE[label]
    signs = np.resize([1.0, -1.0], m)
    return rng.uniform(-3, 3, size=(classes, m)) + signs * rng.uniform(800, 1000, size=m)


# ---------------------------------------------------------------- calling the learner
def explained(failure: LearnerFailure, case: OutputCase | None = None) -> str:
    """What the learner reads when their code raised: a known mistake when the error names one."""
    if isinstance(failure, LearnerError):
        named = labels_mistake(failure.kind, failure.message) or (
            case is not None and transposed_dW(case, failure.kind, failure.message))
        if named:
            return named
    where = getattr(failure, "where", "")
    return f"{where}: {failure.explain()}" if where else failure.explain()


def learner_values(learner, name: str, *args, shape) -> np.ndarray:
    try:
        value = learner.call(name, *args)
    except LearnerFailure as failure:
        fail(explained(failure))
    return learner_array(value, f"{name}'s result", shape, kinds="f")


def learner_number(learner, name: str, *args) -> float:
    """One number: a Python float, a numpy scalar or an array holding exactly one value."""
    try:
        value = learner.call(name, *args)
    except LearnerFailure as failure:
        fail(explained(failure))
    if isinstance(value, np.ndarray) and value.size > 1:
        fail(f"{name} returned an array of shape {value.shape}: it must return one number, the mean loss "
             f"over the m examples.")
    shape = value.shape if isinstance(value, np.ndarray) else ()
    return learner_array(value, f"{name}'s result", shape, kinds="if").item()


# ---------------------------------------------------------------- softmax
@points(2)
@pytest.mark.parametrize("label", SHAPES)
def test_softmax(learner, grading, label):
    Z = logits(grading, label)
    A = learner_values(learner, "softmax", Z, shape=Z.shape)
    if not same_values(A, maths.softmax(Z)):
        fail(softmax_mistake(Z, A) or f"softmax(Z) differs from np.exp(Z) / np.sum(np.exp(Z), axis=0, "
                                      f"keepdims=True) for Z of shape {Z.shape}.")


@points(2)
@pytest.mark.parametrize("label", LARGE)
def test_softmax_is_stable(learner, grading, label):
    Z = large_logits(grading, label)
    A = learner_values(learner, "softmax", Z, shape=Z.shape)
    if not same_values(A, maths.softmax(Z)):
        fail(softmax_mistake(Z, A) or "softmax(Z) is wrong for logits near +-1000 (it is right for small ones?): "
                                      "subtract each column's max before exp.")
    if any("overflow" in warning for warning in learner.last_warnings):
        fail("softmax gives the right numbers, but numpy warned of an overflow on the way: subtract each "
             "column's max before exp, so that exp never sees a number above 0.")


# ---------------------------------------------------------------- cross_entropy
# Correct solutions clip differently (np.clip(A, eps, 1 - eps), np.log(A + eps)), and the clip
# moves each term by at most eps / A <= 1e-7 / 0.012 < 1e-5 for the eps in use (1e-15 .. 1e-7)
# and the probabilities here (above 0.012, see LOGIT_RANGE). Every mistake modelled in `bugs`
# moves the loss by a factor (m, classes, -1) or by a whole extra sum: 0.04 or more here.
CE_TOLERANCE = 1e-5


def predictions(grading, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities A (a softmax of fresh logits) and one-hot labels Y of one case."""
    A = maths.softmax(logits(grading, label))
    return A, one_hot(grading.rng("labels", label), *A.shape)


@points(2)
@pytest.mark.parametrize("label", SHAPES)
def test_cross_entropy(learner, grading, label):
    A, Y = predictions(grading, label)
    value = learner_number(learner, "cross_entropy", A, Y)
    expected = maths.cross_entropy(A, Y)
    if not abs(value - expected) <= CE_TOLERANCE:
        fail(cross_entropy_mistake(A, Y, value) or
             f"cross_entropy(A, Y) = {shown_repr(value)} for A of shape {A.shape}, but the mean over the "
             f"m = {A.shape[1]} examples of -np.sum(Y * np.log(A)) is {expected:.6g}.")


CLIP = "np.clip(A, 1e-12, 1.0)"
# A clip at eps costs -log(eps) / m for the one example whose true class has probability 0: about
# 9.2 / m for eps = 1e-4, and at most 744.4 / m (the smallest float64 is 5e-324).
CLIPPED_LOSS = (9.0, 745.0)


@points(1)
@pytest.mark.parametrize("certain", ["right", "one-wrong"])
def test_cross_entropy_never_takes_log_of_zero(learner, grading, certain):
    rng = grading.rng("certain", certain)
    classes, m = 4, 5
    Y = one_hot(rng, classes, m)
    A = Y.copy()  # certain predictions: probability exactly 1 for one class and exactly 0 for the others
    if certain == "one-wrong":
        A[:, 0] = np.roll(Y[:, 0], 1)  # the first example is certain of another class
    value = learner_number(learner, "cross_entropy", A, Y)
    if np.isnan(value):
        fail(f"cross_entropy returns NaN when a probability is exactly 0: 0 * log(0) = 0 * -inf is NaN. "
             f"Clip A first, {CLIP}, so that log never sees 0.")
    if np.isinf(value):
        fail(f"cross_entropy returns infinity when the true class has probability 0: log(0) = -inf. "
             f"Clip A first, {CLIP}, so that log never sees 0.")
    if certain == "right" and not abs(value) <= CE_TOLERANCE:
        fail(f"cross_entropy of certain and right predictions (A == Y) is {shown_repr(value)}: it must be 0.")
    low, high = CLIPPED_LOSS
    if certain == "one-wrong" and not low / m <= value <= high / m:
        A, Y = predictions(grading, next(iter(SHAPES)))
        if not abs(learner_number(learner, "cross_entropy", A, Y) - maths.cross_entropy(A, Y)) <= CE_TOLERANCE:
            fail("cross_entropy is wrong for ordinary predictions too (see test_cross_entropy).")
        fail(f"cross_entropy is {shown_repr(value)} when one of {m} examples is certain of the wrong class: "
             f"with A clipped at eps it is -log(eps) / m, e.g. {-np.log(1e-12) / m:.3g} for {CLIP}.")


# ---------------------------------------------------------------- the layer: construction and forward
@points(1)
@pytest.mark.parametrize("sizes", [(4, 3), (2, 5)], ids=lambda s: f"{s[0]}in-{s[1]}classes")
def test_init_shapes(learner, sizes):
    # Zeros are a fine start for W here: with no hidden units there is no symmetry to break (each
    # row of W gets its own class's gradient), so only the shapes are judged.
    inputs, classes = sizes
    handle = f"init_{inputs}_{classes}"
    try:
        learner.call("SoftmaxOutput", inputs, classes, store=handle)
        W, b = learner.get(f"@{handle}.W"), learner.get(f"@{handle}.b")
    except LearnerFailure as failure:
        fail(explained(failure))
    learner_array(W, "W", (classes, inputs), kinds="f")
    learner_array(b, "b", (classes, 1), kinds="f")


# (inputs, classes, m), all different, so a transpose or a sum over the wrong axis cannot fit by chance.
LAYERS = {"4in-3classes-m5": (4, 3, 5), "3in-5classes-m2": (3, 5, 2), "6in-2classes-m7": (6, 2, 7),
          "2in-4classes-m3": (2, 4, 3)}
# One more forward case: a bias near +900 for one class overflows exp in every column of a
# softmax that does not shift.
LARGE_FORWARD = "3in-4classes-m5-large-logits"


def layer_case(grading, label: str) -> OutputCase:
    rng = grading.rng("layer", label)
    inputs, classes, m = LAYERS.get(label, (3, 4, 5))
    W = rng.standard_normal((classes, inputs)) / np.sqrt(inputs)
    b = 0.5 * rng.standard_normal((classes, 1))
    if label == LARGE_FORWARD:
        b[0] += rng.uniform(800, 1000)
    return OutputCase(label, W, b, rng.standard_normal((inputs, m)), one_hot(rng, classes, m),
                      learning_rate=float(rng.uniform(0.05, 0.5)))


class Observed:
    """What the learner's layer did in one case: a value per observable, or why there is none."""

    def __init__(self, case: OutputCase):
        self.case = case
        self.values: dict[str, np.ndarray] = {}
        self.problems: dict[str, str] = {}

    def stop(self, problem: str, observables) -> None:
        for name in observables:
            self.problems.setdefault(name, problem)

    def __getitem__(self, observable: str) -> np.ndarray:
        if observable in self.problems:
            fail(self.problems[observable])
        return self.values[observable]


BACKWARD = ("dA_prev", "dW", "db")


def run_layer(learner, case: OutputCase) -> Observed:
    """Make the layer, set W and b, forward, backward; read A, dA_prev and the new W and b."""
    observed, handle = Observed(case), "layer_" + case.label.replace("-", "_")
    classes, inputs = case.W.shape
    try:
        learner.call("SoftmaxOutput", inputs, classes, store=handle)
        learner.set(f"@{handle}.W", case.W)
        learner.set(f"@{handle}.b", case.b)
        A = learner.call(f"@{handle}.forward", case.A_prev)
    except LearnerFailure as failure:
        observed.stop(explained(failure, case), ("A", *BACKWARD))
        return observed
    observed.values["A"] = A
    try:
        dA_prev = learner.call(f"@{handle}.backward", case.Y, case.learning_rate)
        W_after, b_after = learner.get(f"@{handle}.W"), learner.get(f"@{handle}.b")
    except LearnerFailure as failure:
        observed.stop(explained(failure, case), BACKWARD)
        return observed
    observed.values["dA_prev"] = dA_prev
    for name, after, before in (("W", W_after, case.W), ("b", b_after, case.b)):
        if name == "b" and isinstance(after, np.ndarray) and after.shape == (classes, classes):
            observed.stop(f"after backward, self.b has shape {after.shape}: db has shape ({classes},), and "
                          f"b - learning_rate * db broadcast it. Sum with keepdims=True, "
                          f"np.sum(dZ, axis=1, keepdims=True) / m, so db has b's shape {before.shape}.", (f"d{name}",))
            continue
        try:
            after = learner_array(after, f"self.{name} after backward", before.shape, kinds="f")
        except Mistake as mistake:  # learner_array's diagnosis, kept for the item that reads it
            observed.stop(str(mistake), (f"d{name}",))
            continue
        observed.values[f"d{name}"] = gradient_from_update(before, after, case.learning_rate)
    return observed


@pytest.fixture(scope="module")
def runs(learner):
    """Each case runs once per submission; the forward and backward items read the same run."""
    done: dict[str, Observed] = {}

    def run(case: OutputCase) -> Observed:
        if case.label not in done:
            done[case.label] = run_layer(learner, case)
        return done[case.label]

    return run


@points(2)
@pytest.mark.parametrize("label", [*LAYERS, LARGE_FORWARD])
def test_forward(runs, grading, label):
    case = layer_case(grading, label)
    Z = case.W @ case.A_prev + case.b
    A = learner_array(runs(case)["A"], "forward's result A", Z.shape, kinds="f")
    if not same_values(A, maths.softmax(Z)):
        if same_values(A, maths.softmax(case.W @ case.A_prev)):
            fail("forward leaves out the bias: Z = self.W @ A_prev + self.b.")
        if same_values(A, Z):
            fail("forward returns Z: A = softmax(Z), the probabilities of each class.")
        fail(softmax_mistake(Z, A) or f"forward's A differs from softmax(W @ A_prev + b) for {case.describe()}.")


# ---------------------------------------------------------------- the layer: backward
def check_gradient(run: Observed, observable: str, numeric: np.ndarray, what: str) -> None:
    value = learner_array(run[observable], what, numeric.shape, kinds="f", finite=True)
    A = run.values.get("A")  # what the learner's forward returned, if it is an A at all
    usable = isinstance(A, np.ndarray) and A.dtype.kind == "f" and A.shape == run.case.Y.shape
    hint = backward_mistake(run.case, observable, value, A if usable else None)
    assert_gradient_close(value, numeric, what=what, hint=hint or "")


@points(3)
@pytest.mark.parametrize("label", LAYERS)
def test_backward_dA_prev(runs, grading, label):
    case = layer_case(grading, label)
    # dA_prev is each example's own gradient (the previous layer averages): the gradient of the
    # summed loss, m times the mean's.
    numeric = numeric_gradient(lambda A_prev: case.m * maths.mean_loss(case.W, case.b, A_prev, case.Y), case.A_prev)
    check_gradient(runs(case), "dA_prev", numeric, "dA_prev (backward's result)")


@points(3)
@pytest.mark.parametrize("label", LAYERS)
def test_backward_dW(runs, grading, label):
    case = layer_case(grading, label)
    numeric = numeric_gradient(lambda W: maths.mean_loss(W, case.b, case.A_prev, case.Y), case.W)
    check_gradient(runs(case), "dW", numeric, "dW (seen as (W before - W after) / learning_rate)")


@points(2)
@pytest.mark.parametrize("label", LAYERS)
def test_backward_db(runs, grading, label):
    case = layer_case(grading, label)
    numeric = numeric_gradient(lambda b: maths.mean_loss(case.W, b, case.A_prev, case.Y), case.b)
    check_gradient(runs(case), "db", numeric, "db (seen as (b before - b after) / learning_rate)")


# ---------------------------------------------------------------- questions (keys in the hidden cells)
@points(1)
def test_question_why_A_minus_Y(learner, grading):
    choice_answer(learner, grading, "test_question_why_A_minus_Y", "answer_why_A_minus_Y")


@points(1)
def test_question_subtract_max(learner, grading):
    choice_answer(learner, grading, "test_question_subtract_max", "answer_subtract_max")
