"""The typical mistakes of mini-batch training, simulated in the trusted process.

Each function maps a diagnosis (what the learner reads) to what that mistake would have produced
on the case at hand, computed with `maths`; the suite names the first one that matches what the
learner's code did (`autograder.diagnosis.matching_model` and the like). Nothing here scores.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.assignments.network.maths import bce
from autograder.assignments.training import maths

ONE_PERMUTATION = "draw one permutation, idx = rng.permutation(m), and take X[:, idx] and Y[:, idx] in slices"


# ---------------------------------------------------------------- minibatches
def batch_size_mistake(sizes: list[int], m: int, batch_size: int) -> str | None:
    """Why the sizes of one epoch's batches are not batch_size, ..., batch_size, then what is left."""
    full, left = divmod(m, batch_size)
    expected = [batch_size] * full + ([left] if left else [])
    if sorted(sizes) == sorted(expected):
        return None
    if left and sorted(sizes) == sorted(expected[:-1]):
        return (f"the last, partial batch of {left} example{'s' if left > 1 else ''} is missing: with m = {m} and "
                f"batch_size = {batch_size} there are ceil(m / batch_size) = {len(expected)} batches, the last "
                f"holding what is left (those examples are never trained on).")
    if sizes == [m] and m > batch_size:
        return (f"minibatches returned all {m} examples in one batch: cut the shuffled examples into batches of "
                f"batch_size = {batch_size}.")
    if len(sizes) == len(expected) and sum(sizes) == m:
        return (f"the batches hold {sizes} examples (np.array_split spreads the remainder over several batches): "
                f"every batch but the last must hold exactly batch_size = {batch_size}, so {expected}.")
    if sizes and all(size == 1 for size in sizes) and batch_size > 1:
        return f"every batch holds one example: batch_size = {batch_size} examples go in each batch."
    return (f"with m = {m} and batch_size = {batch_size} the batches should hold {expected} examples "
            f"(ceil(m / batch_size) = {len(expected)} batches), not {sizes}.")


# ---------------------------------------------------------------- train_minibatch: how many updates
def update_count_mistake(count: int, expected: int, m: int, batch_size: int, epochs: int) -> str:
    """Why a train_minibatch made `count` updates where `expected` = epochs x ceil(m / batch_size)."""
    per_epoch = math.ceil(m / batch_size)
    rule = (f"with m = {m} and batch_size = {batch_size} each epoch has ceil(m / batch_size) = {per_epoch} "
            f"batch{'es' if per_epoch > 1 else ''}, so {epochs} epoch{'s' if epochs > 1 else ''} make {expected} updates")
    if count == 0:
        return (f"train_minibatch left the weights unchanged: for every batch, A = network.forward(X_batch), then "
                f"network.backward(bce_derivative(A, Y_batch), learning_rate) ({rule}).")
    if count == epochs and per_epoch > 1:
        return (f"train_minibatch updated the weights once per epoch ({count} times), which is full-batch gradient "
                f"descent: update after every mini-batch ({rule}).")
    if count == epochs * (m // batch_size) and m % batch_size:
        return (f"train_minibatch made {count} updates: the last, partial batch of every epoch was skipped ({rule}; "
                f"the last batch holds the {m % batch_size} examples left).")
    if count == epochs * m and batch_size > 1:
        return (f"train_minibatch made {count} updates, one per example: it must update once per batch of "
                f"batch_size examples ({rule}).")
    if count == 2 * expected:
        return f"train_minibatch made {count} updates, two per batch: update once per batch ({rule})."
    if count == per_epoch and epochs > 1:
        return f"train_minibatch made {count} updates, one epoch's worth: repeat for every epoch ({rule})."
    return f"train_minibatch made {count} updates ({rule})."


def step_size_mistakes(run_steps, expected: int, rate: float, batch_size: int) -> dict:
    """Updates of the right number but the wrong size: run_steps(count, rate) -> the layers."""
    models = {
        "train_minibatch climbs the loss (gradient ascent): the update is network.backward(bce_derivative(A, Y_batch), "
        "learning_rate), and backward subtracts learning_rate times the gradient.": lambda: run_steps(expected, -rate),
    }
    if batch_size > 1:
        models["train_minibatch divides the learning rate by the batch size: the layers already average the gradient "
               "over the batch, so pass learning_rate as it is."] = lambda: run_steps(expected, rate / batch_size)
        models["train_minibatch multiplies the learning rate by the batch size: pass learning_rate as it is (the "
               "layers average the gradient over the batch)."] = lambda: run_steps(expected, rate * batch_size)
    return models


# ---------------------------------------------------------------- train_minibatch: which batches
def batch_mistakes(start, epochs_of_batches, X, Y, rate: float, batch_size: int) -> dict:
    """What the weights would be after each typical mistake in using the batches."""
    m, epochs = X.shape[1], len(epochs_of_batches)
    in_order = [(X[:, s:s + batch_size], Y[:, s:s + batch_size]) for s in range(0, m, batch_size)]

    def trained(batches):
        return maths.train_on_batches(start, batches, X, Y, rate)[0]

    return {
        "train_minibatch trains every epoch on the first epoch's batches: call minibatches(X, Y, batch_size, rng) "
        "inside the epoch loop, so that each epoch has a new shuffle.":
            lambda: trained([epochs_of_batches[0]] * epochs),
        "train_minibatch runs forward and backward on the whole of X and Y for every batch: use X_batch and Y_batch, "
        "A = network.forward(X_batch), network.backward(bce_derivative(A, Y_batch), learning_rate).":
            lambda: trained([[(X, Y)] * len(batches) for batches in epochs_of_batches]),
        "train_minibatch takes the examples in their original order, never shuffled: take the batches from "
        "minibatches(X, Y, batch_size, rng), called once per epoch.":
            lambda: trained([in_order] * epochs),
        "train_minibatch makes one update per epoch on the whole training set: update once per mini-batch.":
            lambda: trained([[(X, Y)]] * epochs),
        "train_minibatch skips the last batch of every epoch: train on every batch minibatches gives.":
            lambda: trained([batches[:-1] for batches in epochs_of_batches]),
    }


# ---------------------------------------------------------------- train_minibatch: the recorded losses
def loss_mistakes(start, epochs_of_batches, X, Y, rate: float, own_before: list[float]) -> dict:
    """What a train_minibatch would return if it recorded the wrong loss. `own_before` holds the loss of
    the learner's own network before each epoch (from their own runs), so that model holds even when
    their updates are wrong; the per-batch models follow the trusted trajectory."""
    batch_losses = []
    layers = start
    with np.errstate(all="ignore"):
        for batches in epochs_of_batches:
            epoch = []
            for X_batch, Y_batch in batches:
                epoch.append((bce(maths.forward(layers, X_batch), Y_batch), X_batch.shape[1]))
                layers = maths.step(layers, X_batch, Y_batch, rate)
            epoch_after_last = bce(maths.forward(layers, batches[-1][0]), batches[-1][1])
            batch_losses.append((epoch, epoch_after_last))
    return {
        "train_minibatch records each epoch's loss before that epoch's updates: record bce(network.forward(X), Y) "
        "after the epoch's last update (the loss of the trained network).": own_before,
        "train_minibatch records the mean of the epoch's batch losses: record the loss of the whole training set "
        "after the epoch, bce(network.forward(X), Y).":
            [float(np.mean([loss for loss, _ in epoch])) for epoch, _ in batch_losses],
        "train_minibatch records the epoch's batch losses weighted by batch size: record the loss of the whole "
        "training set after the epoch, bce(network.forward(X), Y).":
            [float(sum(loss * size for loss, size in epoch) / X.shape[1]) for epoch, _ in batch_losses],
        "train_minibatch records the sum of the epoch's batch losses: record the loss of the whole training set "
        "after the epoch, bce(network.forward(X), Y).":
            [float(sum(loss for loss, _ in epoch)) for epoch, _ in batch_losses],
        "train_minibatch records the loss of the epoch's last batch: record the loss of the whole training set "
        "after the epoch, bce(network.forward(X), Y).":
            [epoch[-1][0] for epoch, _ in batch_losses],
        "train_minibatch records the last batch's loss after its update: record the loss of the whole training "
        "set, bce(network.forward(X), Y).":
            [after for _, after in batch_losses],
    }


# ---------------------------------------------------------------- accuracy
def accuracy_mistakes(outputs: np.ndarray, Y: np.ndarray) -> dict:
    right = float(np.mean((outputs > 0.5) == (Y == 1.0)))
    m = Y.shape[1]
    predictions = (outputs > 0.5).astype(np.float64)
    return {
        "accuracy returns a percentage: return the fraction of examples classified correctly, between 0 and 1.":
            100 * right,
        "accuracy returns the number of examples classified correctly: divide by m, the number of examples.":
            right * m,
        "accuracy returns the fraction of mistakes (the error rate): return the fraction classified correctly.":
            1 - right,
        "accuracy compares the outputs themselves with the labels: threshold them first, predictions = "
        "network.forward(X) > 0.5 (or network.predict(X)).": float(np.mean(outputs == Y)),
        "accuracy thresholds the outputs at 0: they are probabilities (a sigmoid), so threshold at 0.5.":
            float(np.mean((outputs > 0) == (Y == 1.0))),
        "accuracy compares arrays of different shapes, which numpy broadcasts into an m x m table: compare "
        "predictions of shape (1, m) with Y of shape (1, m).":
            float(np.mean(predictions.reshape(-1, 1) == Y.reshape(1, -1))),
    }
