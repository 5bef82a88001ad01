"""Bug models of the softmax output layer: the mistakes learners really make, computed here, in
the trusted process, as the values they would produce.

Each table maps the diagnosis a learner reads to the mistaken computation. When a learner's value
fails a check, the suite asks `autograder.diagnosis.matching_model` for the first model that
reproduces it, so the learner reads "softmax normalises along axis 1" rather than "wrong values".
A model that gives the right value cannot name a wrong one, so the order only matters between
mistakes that agree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from autograder.diagnosis import matching_model, same_values

from .maths import softmax


# ---------------------------------------------------------------- softmax(Z)
def _columns(E: np.ndarray) -> np.ndarray:
    return E / np.sum(E, axis=0, keepdims=True)


EACH_COLUMN = "subtract each column's own max first, Z - np.max(Z, axis=0, keepdims=True)"

SOFTMAX_MISTAKES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "softmax normalises along axis 1, across the examples: each column is one example and must sum "
    "to 1, so sum with axis=0 (np.sum(E, axis=0, keepdims=True)).":
        lambda Z: softmax(Z.T).T,
    "softmax subtracts each row's max: a different number in each row of a column changes its "
    f"probabilities; {EACH_COLUMN}.":
        lambda Z: _columns(np.exp(Z - np.max(Z, axis=1, keepdims=True))),
    "softmax divides by the sum of the whole array: divide each column by its own sum, "
    "np.sum(E, axis=0, keepdims=True), so that each example's probabilities sum to 1.":
        lambda Z: np.exp(Z - np.max(Z)) / np.sum(np.exp(Z - np.max(Z))),
    "softmax returns the exponentials without dividing by their sum: each column must sum to 1.":
        lambda Z: np.exp(Z),
    "softmax returns the shifted exponentials without dividing by their sum: each column must sum to 1.":
        lambda Z: np.exp(Z - np.max(Z, axis=0, keepdims=True)),
    "softmax applies the sigmoid to each entry: softmax makes each column sum to 1, "
    "exp(Z) / np.sum(exp(Z), axis=0, keepdims=True).":
        lambda Z: 1.0 / (1.0 + np.exp(-Z)),
}

# Only visible at large |z|: the formulas are right, the floating point is not.
OVERFLOW_MISTAKES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "softmax overflows: exp(1000) is inf in float64, and inf / inf is NaN. Softmax does not change "
    f"when a column is shifted by a constant, so {EACH_COLUMN}: exp then only sees numbers <= 0.":
        lambda Z: _columns(np.exp(Z)),
    "softmax subtracts the max of the whole array: a column far below it underflows to 0 / 0 = NaN. "
    f"{EACH_COLUMN[0].upper()}{EACH_COLUMN[1:]}.":
        lambda Z: _columns(np.exp(Z - np.max(Z))),
}


def softmax_mistake(Z: np.ndarray, value: np.ndarray) -> str | None:
    mistakes = {**OVERFLOW_MISTAKES, **SOFTMAX_MISTAKES}
    return matching_model(value, {diagnosis: (lambda model=model: model(Z)) for diagnosis, model in mistakes.items()})


# ---------------------------------------------------------------- cross_entropy(A, Y)
def _m(A: np.ndarray) -> int:
    return A.shape[1]


ONE_HOT = ("Y is one-hot, an array of 0s and 1s of A's shape (classes, m), not a list of class numbers: "
           "-np.sum(Y * np.log(A)) / m picks each example's true class.")

CROSS_ENTROPY_MISTAKES: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "cross_entropy sums over the examples without dividing by m: the loss is the mean over the batch, "
    "-np.sum(Y * np.log(A)) / m.":
        lambda A, Y: -np.sum(Y * np.log(A)),
    "cross_entropy uses np.mean over the whole (classes, m) array, which divides by classes * m: sum "
    "over the classes, then divide by m.":
        lambda A, Y: -np.mean(Y * np.log(A)),
    "cross_entropy has the wrong sign: log(A) <= 0, so the loss is -np.sum(Y * np.log(A)) / m, which is >= 0.":
        lambda A, Y: np.sum(Y * np.log(A)) / _m(A),
    "cross_entropy adds (1 - Y) * log(1 - A), the second term of the binary cross-entropy: with softmax "
    "the classes already compete, and the loss is -np.sum(Y * np.log(A)) / m.":
        lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / _m(A),
    "cross_entropy takes the log of every class's probability: only the true class counts, so multiply "
    "by Y before summing, -np.sum(Y * np.log(A)) / m.":
        lambda A, Y: -np.sum(np.log(A)) / _m(A),
}


# Learners clip their logarithms in different ways (np.log(A + eps), np.clip(A, eps, 1 - eps)),
# which moves each example's term by up to eps / A < 1e-5 (suite.CE_TOLERANCE), so a sum over m <= 7
# examples by < 1e-4. A mistake is recognised up to that; on the suite's cases every model is 0.04
# or more from the right loss (tests/test_plugins.py draws thousands of cases to check it).
CE_MODEL_TOLERANCE = 1e-4


def cross_entropy_mistake(A: np.ndarray, Y: np.ndarray, value: float) -> str | None:
    right = float(-np.sum(Y * np.log(A)) / _m(A))

    def unless_right(model: Callable) -> float | None:
        """A mistake that gives the right loss on this case (a sum over m = 1) cannot explain a wrong one."""
        predicted = model(A, Y)
        return None if abs(predicted - right) <= CE_MODEL_TOLERANCE else predicted

    models = {diagnosis: (lambda model=model: unless_right(model)) for diagnosis, model in CROSS_ENTROPY_MISTAKES.items()}
    return matching_model(value, models, rtol=0.0, atol=CE_MODEL_TOLERANCE)


def labels_mistake(kind: str, message: str) -> str | None:
    """Y indexed as if it held class numbers: numpy refuses a float array as an index."""
    if kind == "IndexError" and "indices" in message:
        return ONE_HOT
    return None


# ---------------------------------------------------------------- the layer's backward
@dataclass(frozen=True, eq=False)
class OutputCase:
    """One scenario: the suite sets W and b, runs forward(A_prev), then backward(Y, learning_rate)."""

    label: str
    W: np.ndarray  # (classes, inputs)
    b: np.ndarray  # (classes, 1)
    A_prev: np.ndarray  # (inputs, m)
    Y: np.ndarray  # (classes, m), one-hot columns
    learning_rate: float

    @property
    def m(self) -> int:
        return self.A_prev.shape[1]

    def describe(self) -> str:
        return (f"a layer with {self.W.shape[1]} inputs and {self.W.shape[0]} classes, a batch of m = {self.m}")


@dataclass(frozen=True)
class Backward:
    """One way of writing backward, piece by piece. The defaults are the right way."""

    dZ: Callable = lambda A, Y, m: A - Y
    dW: Callable = lambda dZ, A_prev, m: dZ @ A_prev.T / m
    db: Callable = lambda dZ, m: np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev: Callable = lambda W_old, W_new, dZ: W_old.T @ dZ
    step: Callable = lambda P, dP, learning_rate: P - learning_rate * dP


RIGHT = Backward()


def backward(case: OutputCase, A: np.ndarray, way: Backward = RIGHT) -> dict[str, np.ndarray]:
    """What the suite sees of a backward written `way`, given forward's A: dA_prev, and dW and db as
    seen through the update, (before - after) / learning_rate."""
    m, rate = case.m, case.learning_rate
    dZ = way.dZ(A, case.Y, m)
    W_after = way.step(case.W, way.dW(dZ, case.A_prev, m), rate)
    b_after = way.step(case.b, way.db(dZ, m), rate)
    return {"dA_prev": way.dA_prev(case.W, W_after, dZ),
            "dW": (case.W - W_after) / rate, "db": (case.b - b_after) / rate}


A_MINUS_Y = "dZ = A - Y"

BACKWARD_MISTAKES: dict[str, Backward] = {
    f"backward multiplies A - Y by A * (1 - A): {A_MINUS_Y} is already the gradient with respect to Z, "
    "the softmax's derivative included, so it is taken twice.":
        replace(RIGHT, dZ=lambda A, Y, m: (A - Y) * A * (1 - A)),
    "backward uses only the diagonal of the softmax's Jacobian, dZ = dA * A * (1 - A) with dA = -Y / A: "
    f"each z changes every class's probability (the terms -A_i * A_j), and together they give {A_MINUS_Y}.":
        replace(RIGHT, dZ=lambda A, Y, m: -Y * (1 - A)),
    "backward uses dZ = -Y / A, the gradient with respect to A: the softmax stands between A and Z, "
    f"and through its Jacobian the gradient with respect to Z is {A_MINUS_Y}.":
        replace(RIGHT, dZ=lambda A, Y, m: -Y / A),
    f"backward uses dZ = Y - A: the gradient of the cross-entropy with respect to Z is {A_MINUS_Y}, so "
    "the update climbs the loss.":
        replace(RIGHT, dZ=lambda A, Y, m: Y - A),
    "dA_prev is divided by m (dZ = (A - Y) / m): the previous layer's backward averages over the batch "
    "itself, so pass it dA_prev = W.T @ (A - Y) and divide only dW and db by m.":
        replace(RIGHT, dZ=lambda A, Y, m: (A - Y) / m, dW=lambda dZ, A_prev, m: dZ @ A_prev.T,
                db=lambda dZ, m: np.sum(dZ, axis=1, keepdims=True)),
    "dW is m times too large: divide dZ @ A_prev.T by m = A_prev.shape[1].":
        replace(RIGHT, dW=lambda dZ, A_prev, m: dZ @ A_prev.T),
    "db is m times too large: divide the sum over the examples by m.":
        replace(RIGHT, db=lambda dZ, m: np.sum(dZ, axis=1, keepdims=True)),
    "dA_prev was computed with the updated W: compute dA_prev = W.T @ dZ before changing W.":
        replace(RIGHT, dA_prev=lambda W_old, W_new, dZ: W_new.T @ dZ),
    "the update ignores learning_rate: W -= learning_rate * dW and b -= learning_rate * db.":
        replace(RIGHT, step=lambda P, dP, learning_rate: P - dP),
    "W and b move uphill: gradient descent subtracts, W -= learning_rate * dW.":
        replace(RIGHT, step=lambda P, dP, learning_rate: P + learning_rate * dP),
}

AFTER_FORWARD = ("backward is right for the A your forward returned, but that A is wrong "
                 "(see test_forward).")


def backward_mistake(case: OutputCase, observable: str, value: np.ndarray, A_seen: np.ndarray | None) -> str | None:
    """The mistake that reproduces the learner's `observable` (dA_prev, dW or db), given the A their
    forward returned (None when it returned none); None when no model does."""
    A = softmax(case.W @ case.A_prev + case.b)
    models = {diagnosis: (lambda way=way: backward(case, A, way)[observable])
              for diagnosis, way in BACKWARD_MISTAKES.items()}
    if A_seen is not None and not same_values(A_seen, A):  # a wrong forward explains every later number
        models = {AFTER_FORWARD: lambda: backward(case, A_seen)[observable], **models}
    return matching_model(value, models)


def transposed_dW(case: OutputCase, kind: str, message: str) -> str | None:
    """W -= learning_rate * dW with dW of shape (inputs, classes) cannot broadcast: numpy says so."""
    shape = case.W.shape
    # numpy writes shapes without spaces: "shapes (3,4) (4,3)"
    written = {f"({rows},{columns})" for rows, columns in (shape, shape[::-1])}
    if kind == "ValueError" and "broadcast" in message and all(text in message for text in written):
        return (f"dW looks transposed: it must have W's shape (classes, inputs) = {shape}, "
                f"dW = dZ @ A_prev.T / m.")
    return None
