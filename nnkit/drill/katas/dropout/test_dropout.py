"""Checks for the dropout kata: inverted scaling, the fraction kept, use of the generator, and a
backward pass through the same mask."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import fail, points
from autograder.learner import Rng
from nnkit.drill.katas.returned import array, parts


def forward(learner, A: np.ndarray, keep_prob: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    out, mask = parts(learner.call("dropout_forward", A, keep_prob, Rng(seed)), "dropout_forward", 2)
    out = array(out, "out", A.shape)
    if not isinstance(mask, np.ndarray) or mask.shape != A.shape:
        fail(f"The mask should be an array of A's shape {A.shape}.")
    if not np.all((mask == 0) | (mask == 1)):
        fail("The mask should hold only True/False (or 0/1): where each entry was kept.")
    return out, mask.astype(bool)


@points(2)
@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_forward_scales_kept_entries(learner, keep_prob):
    A = np.random.default_rng(1).uniform(0.5, 2.0, size=(6, 9))
    out, mask = forward(learner, A, keep_prob, seed=3)
    if np.allclose(out, A * mask):
        fail("The kept entries are not scaled: inverted dropout divides them by keep_prob, so the expected "
             "activation stays the same at training and test time.")
    if not np.allclose(out, A * mask / keep_prob):
        fail("out should be A where the mask keeps an entry, divided by keep_prob, and 0 elsewhere.")


@points(1)
def test_forward_keeps_the_right_fraction(learner):
    keep_prob = 0.8
    A = np.ones((200, 500))
    _, mask = forward(learner, A, keep_prob, seed=11)
    kept = mask.mean()
    # 100,000 independent draws: the kept fraction has standard deviation sqrt(0.8 * 0.2 / 1e5)
    # = 0.0013; six of those (0.008) never fail a right answer and still catch keep/drop swapped
    if abs(kept - (1 - keep_prob)) < 0.008:
        fail(f"About {kept:.0%} of the entries are kept, which is 1 - keep_prob: the mask keeps where it should drop "
             "(keep an entry when rng.random() < keep_prob).")
    if abs(kept - keep_prob) > 0.008:
        fail(f"{kept:.1%} of the entries are kept; with keep_prob = {keep_prob} about {keep_prob:.0%} should be.")


@points(1)
def test_forward_uses_the_generator(learner):
    A = np.ones((10, 10))
    _, first = forward(learner, A, 0.5, seed=5)
    _, again = forward(learner, A, 0.5, seed=5)
    _, other = forward(learner, A, 0.5, seed=6)
    if not np.array_equal(first, again) or np.array_equal(first, other):
        fail("The mask should come from the rng argument: the same seed must give the same mask, another seed "
             "another one (np.random.rand ignores rng).")


@points(2)
def test_backward_uses_the_mask(learner):
    rng = np.random.default_rng(8)
    dout = rng.normal(size=(5, 7))
    mask = rng.random((5, 7)) < 0.6
    dA = array(learner.call("dropout_backward", dout, mask, 0.6), "dropout_backward", dout.shape)
    if np.allclose(dA, dout * mask):
        fail("dropout_backward forgets the 1/keep_prob factor: forward multiplied the kept entries by it, so their "
             "gradient is multiplied by it too.")
    if not np.allclose(dA, dout * mask / 0.6):
        fail("dropout_backward should pass dout through the kept entries (times 1/keep_prob) and 0 elsewhere.")


@points(1)
def test_keep_everything(learner):
    A = np.random.default_rng(2).normal(size=(4, 6))
    out, mask = forward(learner, A, 1.0, seed=9)
    if not (mask.all() and np.allclose(out, A)):
        fail("With keep_prob = 1 nothing should be dropped and out should equal A.")
