"""What one grading run knows besides the learner's code: its secret seed and the answer keys.

Every run (`grade`, `check`, `autograde`, a notebook's hidden cell) draws its cases from a fresh
secret seed, so no table of answers recorded from one run fits the next, and nothing the
learner's code sees tells a graded run from a `check` run. The seed is recorded with the result
for the instructor only; `--seed` replays a run exactly.

Answer keys of graded questions live on the instructor's side (the hidden test cells of the
source notebooks, which nbgrader strips from the release): a run without them, such as a
learner's `check`, records the answers and leaves them to be graded on submission.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def fresh_seed() -> int:
    return secrets.randbits(63)


def label_number(label: object) -> int:
    """A stable number for a label (Python's hash() of a str changes between processes)."""
    return int.from_bytes(hashlib.sha256(repr(label).encode()).digest()[:8], "big")


@dataclass(frozen=True)
class GradingContext:
    seed: int = field(default_factory=fresh_seed)
    keys: Mapping[str, Any] = field(default_factory=dict)  # answer key by suite test name

    def rng(self, *labels: object) -> np.random.Generator:
        """An independent random stream for one use (a case, a pool of layers) of this run:
        adding or reordering cases never changes another case's numbers."""
        return np.random.default_rng([self.seed, *(label_number(label) for label in labels)])

    def key(self, test: str) -> Any:
        """The answer key of a graded question, or None when this run has none."""
        return self.keys.get(test)
