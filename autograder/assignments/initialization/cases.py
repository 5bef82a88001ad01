"""Fresh cases for each grading run.

Every size, generator seed, unknown kind and data set the suite uses is drawn from the run's secret
stream (`grading.rng(label)`, autograder/context.py) and redrawn until it has the properties the
checks rely on, so that no table of answers recorded in one run fits the next.
tests/test_initialization_cases.py draws many runs and asserts each property.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from autograder.assignments.initialization.bugs import VARIANCE_RULES

KNOWN_KINDS = ("zeros", "xavier", "he")


def generator_seed(rng: np.random.Generator) -> int:
    """A seed for the np.random.default_rng the learner's init_weights receives."""
    return int(rng.integers(2**62))


def non_square_shapes(rng: np.random.Generator, count: int, low: int, high: int) -> list[tuple[int, int]]:
    """`count` different (input_size, output_size) pairs in [low, high], none square (so that a
    transposed W never has the right shape), with both orientations among them."""
    while True:
        shapes = [(int(i), int(o)) for i, o in rng.integers(low, high + 1, size=(count, 2))]
        if (all(i != o for i, o in shapes) and len(set(shapes)) == count
                and any(i < o for i, o in shapes) and any(i > o for i, o in shapes)):
            return shapes


# ---------------------------------------------------------------- scale
# Each scale case has between 6000 and 9000 weights (the suite's acceptance band is justified for
# 6000 or more). One size has n_in >= 4 n_out, one n_out >= 4 n_in, so a variance divided by the
# fan-out (or by Glorot's n_in + n_out) is at least 4 (1.6) times too large at one of them and too
# small at the other; the third lies in between, not square.
MIN_WEIGHTS, MAX_WEIGHTS = 6000, 9000
WIDE = 4.0
# Any two variance rules (bugs.VARIANCE_RULES) differ by at least this factor at one of the sizes:
# more than the acceptance band's (1.15 / 0.85 = 1.35), so a mistake fits one description only
# and never passes for the right variance.
SEPARATION = 1.45


def scale_sizes(rng: np.random.Generator) -> list[tuple[int, int]]:
    while True:
        sizes = []
        for orientation, (low, high) in (("in", (12, 30)), ("out", (12, 30)), (None, (40, 70))):
            small = int(rng.integers(low, high + 1))
            large = math.ceil(int(rng.integers(MIN_WEIGHTS, MAX_WEIGHTS - high + 1)) / small)
            orientation = orientation or ("in" if rng.random() < 0.5 else "out")
            sizes.append((large, small) if orientation == "in" else (small, large))
        order = rng.permutation(len(sizes))
        sizes = [sizes[k] for k in order]
        if scale_properties_hold(sizes):
            return sizes


def scale_properties_hold(sizes: list[tuple[int, int]]) -> bool:
    if not all(MIN_WEIGHTS <= i * o <= MAX_WEIGHTS and i != o for i, o in sizes):
        return False
    if not (any(i >= WIDE * o for i, o in sizes) and any(o >= WIDE * i for i, o in sizes)):
        return False
    return all(rules_differ(first, second, sizes) for first, second in itertools.combinations(VARIANCE_RULES, 2))


def rules_differ(first, second, sizes) -> bool:
    return any(max(first[1](i, o) / second[1](i, o), second[1](i, o) / first[1](i, o)) >= SEPARATION
               for i, o in sizes)


# ---------------------------------------------------------------- unknown kinds
# Plausible kinds that are none of the three: other schemes' names and typos of the known ones
# (a typo such as "xavir" is the reason to raise at all). Aliases a careful learner might accept on
# purpose ("glorot", "kaiming", "lecun", "zero", other capitalisations) are not among them: the spec
# names three kinds, and accepting an alias is no mistake worth a point.
UNKNOWN_KINDS = (
    "ones", "normal", "uniform", "random", "orthogonal", "identity", "constant", "gaussian", "sparse",
    "default", "xavir", "xaviar", "xaveir", "xvaier", "avier", "xaver", "zeors", "zreos", "zros",
    "zeos", "eros", "hee", "eh",
)


def unknown_kinds(rng: np.random.Generator, count: int) -> list[str]:
    return [str(kind) for kind in rng.choice(UNKNOWN_KINDS, size=count, replace=False)]


# ---------------------------------------------------------------- the symmetry experiment
@dataclass(frozen=True)
class Experiment:
    """n_in inputs -> `hidden` sigmoid units -> 1 sigmoid output, trained on (X, Y)."""

    X: np.ndarray  # (n_in, m)
    Y: np.ndarray  # (1, m) of 0 and 1
    hidden: int
    seeds: tuple[int, int]  # the generators for the hidden layer's and the output layer's weights

    @property
    def n_in(self) -> int:
        return self.X.shape[0]


STEPS, LEARNING_RATE = 50, 2.0


def experiment(rng: np.random.Generator) -> Experiment:
    """Labels never balanced: with as many 1s as 0s, all-zero weights sit where every gradient is
    exactly 0, and "the hidden units stayed identical" would hold without anything having moved."""
    n_in, hidden, m = int(rng.integers(2, 6)), int(rng.integers(3, 11)), int(rng.integers(5, 13))
    X = rng.standard_normal((n_in, m))
    while True:
        Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
        if 0 < Y.sum() < m and 2 * Y.sum() != m:
            break
    return Experiment(X, Y, hidden, (generator_seed(rng), generator_seed(rng)))
