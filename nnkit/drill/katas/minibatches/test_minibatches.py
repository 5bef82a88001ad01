"""Checks for the minibatches kata: every example once, batch sizes with the last partial batch,
labels kept with their examples, shuffling through the generator."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.checks import fail, points
from autograder.learner import Rng
from nnkit.drill.katas.returned import array, parts


def dataset(m: int) -> tuple[np.ndarray, np.ndarray]:
    """Column j of X is (j, j^2, -j); its label is 10 j + 1, so a batch shows which example is which."""
    ids = np.arange(m, dtype=np.float64)
    return np.vstack([ids, ids ** 2, -ids]), (10 * ids + 1).reshape(1, m)


def batches(learner, m: int, batch_size: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    X, Y = dataset(m)
    value = learner.call("minibatches", X, Y, batch_size, Rng(seed))
    if not isinstance(value, list):
        fail(f"minibatches returned a {type(value).__name__}: a list of (X_batch, Y_batch) pairs was expected.")
    pairs = []
    for number, pair in enumerate(value, start=1):
        X_batch, Y_batch = parts(pair, f"batch {number}", 2)
        X_batch, Y_batch = array(X_batch, f"X of batch {number}"), array(Y_batch, f"Y of batch {number}")
        if X_batch.ndim != 2 or X_batch.shape[0] != 3 or Y_batch.shape != (1, X_batch.shape[1]):
            fail(f"Batch {number} has shapes {X_batch.shape} and {Y_batch.shape}: a batch of b examples is "
                 "(3, b) and (1, b), examples as columns.")
        pairs.append((X_batch, Y_batch))
    return pairs


@points(2)
@pytest.mark.parametrize("m, batch_size", [(10, 4), (12, 4), (7, 10), (100, 32)], ids=str)
def test_every_example_once_in_batches_of_the_right_size(learner, m, batch_size):
    pairs = batches(learner, m, batch_size, seed=m)
    sizes = [X.shape[1] for X, _ in pairs]
    expected = [batch_size] * (m // batch_size) + ([m % batch_size] if m % batch_size else [])
    if sizes == expected[:-1] and m % batch_size:
        fail(f"The last, partial batch of {m % batch_size} examples is missing: those examples are never trained on.")
    if sizes != expected:
        fail(f"With m = {m} and batch_size = {batch_size} the batch sizes should be {expected} "
             f"({math.ceil(m / batch_size)} batches), not {sizes}.")
    seen = np.concatenate([X[0] for X, _ in pairs])
    if sorted(seen.tolist()) != list(range(m)):
        fail("Some examples appear twice and others not at all: draw one permutation of the indices and slice it.")


@points(2)
def test_labels_stay_with_their_examples(learner):
    for X, Y in batches(learner, 50, 8, seed=21):
        if not np.array_equal(Y[0], 10 * X[0] + 1):
            fail("The labels no longer match their examples: X and Y were shuffled with different permutations. "
                 "Use one permutation (idx = rng.permutation(m)) for both.")


@points(1)
def test_shuffles_with_the_generator(learner):
    first = np.concatenate([X[0] for X, _ in batches(learner, 40, 8, seed=1)])
    again = np.concatenate([X[0] for X, _ in batches(learner, 40, 8, seed=1)])
    other = np.concatenate([X[0] for X, _ in batches(learner, 40, 8, seed=2)])
    if np.array_equal(first, np.arange(40)):
        fail("The examples are not shuffled: batches in the original order repeat the same updates every epoch.")
    if not np.array_equal(first, again) or np.array_equal(first, other):
        fail("The order should come from the rng argument: the same seed must give the same batches, another seed "
             "other batches.")
