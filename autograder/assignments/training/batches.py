"""The learner's mini-batches, read across the boundary and checked as data.

`minibatches(X, Y, batch_size, rng)` returns a list of (X_batch, Y_batch) pairs (a tuple, or any
iterable such as a generator, is read too: one request per batch). Every batch is validated here
(numbers, two dimensions, the rows of X and Y, as many columns in both) before any arithmetic, and
the reading stops once more columns arrived than an epoch can hold, so a runaway generator costs
nothing. `replay` calls minibatches once per epoch on ONE generator kept on the learner's side,
as train_minibatch does, so the suite sees exactly the batches train_minibatch will get.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from autograder.checks import fail
from autograder.learner import LearnerError, LearnerRefused, Ref, Rng
from autograder.learner_text import shown_repr
from autograder.values import learner_array

_handles = itertools.count()


def handle(prefix: str) -> str:
    """A fresh name for an object kept on the learner's side."""
    return f"{prefix}_{next(_handles)}"


Batch = tuple[np.ndarray, np.ndarray]


def read_pair(pair, number: int, rows: tuple[int, int]) -> Batch:
    if not isinstance(pair, (list, tuple)) or len(pair) != 2:
        fail(f"batch {number} of minibatches is {shown_repr(pair, 60)}: each batch must be a pair "
             f"(X_batch, Y_batch).")
    arrays = []
    for value, what, n_rows in ((pair[0], "X_batch", rows[0]), (pair[1], "Y_batch", rows[1])):
        if not isinstance(value, np.ndarray) or value.ndim != 2 or value.shape[0] != n_rows:
            shape = getattr(value, "shape", None)
            fail(f"{what} of batch {number} has shape {shape if shape is not None else type(value).__name__}: it "
                 f"must keep the {n_rows} row{'s' if n_rows > 1 else ''} of "
                 f"{'X' if what == 'X_batch' else 'Y'}, one column per example (columns are examples).")
        arrays.append(learner_array(value, f"{what} of batch {number}", value.shape, kinds="iuf", finite=True))
    X_batch, Y_batch = arrays
    if X_batch.shape[1] != Y_batch.shape[1]:
        fail(f"batch {number} holds {X_batch.shape[1]} columns of X but {Y_batch.shape[1]} of Y: each example's "
             f"label goes with it (index X and Y with the same columns).")
    if X_batch.shape[1] == 0:
        fail(f"batch {number} is empty: a batch holds at least one example (is there an empty batch at the end "
             f"when batch_size divides m?).")
    return X_batch, Y_batch


def read_batches(learner, X: np.ndarray, Y: np.ndarray, batch_size: int, rng) -> list[Batch]:
    """One call of the learner's minibatches(X, Y, batch_size, rng), as validated float64 pairs.
    `rng` is an Rng (a fresh generator) or a Ref (one kept on the learner's side).

    A list or tuple comes back in one request. Anything else (a generator) cannot cross the
    boundary: it is called again, kept on the learner's side, and read one batch per request (a
    generator has not drawn from rng before it is iterated, so the second call sees the same rng)."""
    rows, m = (X.shape[0], Y.shape[0]), X.shape[1]
    limit = 2 * m + 1  # more columns than two epochs' worth: no correct answer, stop reading
    try:
        value = learner.call("minibatches", X, Y, batch_size, rng)
    except LearnerRefused:
        kept = handle("batches")
        kind = learner.call("minibatches", X, Y, batch_size, rng, store=kept)
        pairs = list(read_iterated(learner, kept, kind, rows, limit))
    else:
        if value is None:
            fail("minibatches returned None: return the list of (X_batch, Y_batch) pairs.")
        if not isinstance(value, list):
            fail(f"minibatches returned {shown_repr(value, 60)}: a list of (X_batch, Y_batch) pairs was expected.")
        if len(value) > limit:
            fail(f"minibatches returned {len(value)} batches for {m} examples: there are at most m batches.")
        pairs = [read_pair(pair, number, rows) for number, pair in enumerate(value, 1)]
    if sum(X_batch.shape[1] for X_batch, _ in pairs) > limit:
        fail(f"minibatches gave {sum(b.shape[1] for b, _ in pairs)} examples in one epoch of {m}: every example "
             f"must appear exactly once.")
    return pairs


def read_iterated(learner, kept: str, kind: str, rows, limit: int):
    """The batches of anything iterable (a generator), one request each."""
    try:
        learner.call(f"@{kept}.__iter__", store=f"{kept}_iterator")
    except LearnerError as error:
        fail(f"minibatches returned a {kind}, which is not a list of batches ({error.kind}): return a list of "
             f"(X_batch, Y_batch) pairs.")
    columns = 0
    for number in itertools.count(1):
        try:
            pair = learner.call(f"@{kept}_iterator.__next__")
        except LearnerError as error:
            if error.kind == "StopIteration":
                return
            raise
        batch = read_pair(pair, number, rows)
        columns += batch[0].shape[1]
        yield batch
        if columns > limit:
            return


@dataclass(frozen=True)
class Replay:
    """The batches train_minibatch gets from minibatches, epoch by epoch, for one (X, Y, batch_size, seed)."""

    epochs: list[list[Batch]]


def same_batches(first: list[Batch], second: list[Batch]) -> bool:
    return len(first) == len(second) and all(
        a.shape == c.shape and np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(first, second))


def replay(learner, X: np.ndarray, Y: np.ndarray, batch_size: int, seed: int, epochs: int) -> Replay:
    """Call minibatches once per epoch on one generator np.random.default_rng(seed) kept on the learner's
    side: the batches a train_minibatch that draws nothing else from its rng sees. A minibatches that
    does not draw from rng alone (a fresh generator of the same seed gives other batches) cannot be
    replayed: fail() says so."""
    kept = handle("replay_rng")
    learner.set(f"@{kept}", Rng(seed))
    epochs_of_batches = [read_batches(learner, X, Y, batch_size, Ref(kept)) for _ in range(epochs)]
    if not same_batches(epochs_of_batches[0], read_batches(learner, X, Y, batch_size, Rng(seed))):
        fail("your minibatches gives other batches each time for the same seed (see "
             "test_minibatches_shuffle_each_epoch), so the batches train_minibatch used cannot be known.")
    return Replay(epochs_of_batches)
