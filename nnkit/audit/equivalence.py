"""Is a surviving mutant a weakness of the suite, or the same program written differently?

The battery is the suite's own traffic, not its judgement: the suite runs against the reference
(through a recording learner) with several fresh seeds, and every request it makes (calls,
attribute reads and writes) is replayed against the mutant, reply by reply. A mutant whose every
reply equals the reference's, to float64 rounding, on every seed is reported as probably
equivalent; one that differs somewhere is a weakness: the suite saw a different number and did
not take a point for it. Both programs start from the same global random state, so a random
initialisation is the same draw in both; replies that differ between two runs of the reference
itself (unseeded randomness) are left out. Each time the suite makes an object or calls one of
its methods, every attribute of that object is read too, so a mistake in a cache or an
initialisation the suite never looks at still shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.context import GradingContext
from autograder.learner import LearnerError, LearnerFailure

# Set before any of the programs' code runs: one global random state for both, and a way to list
# an object's attributes, so the battery also reads what the suite never looks at (every cache).
PRELUDE = ("import random as _r\nimport numpy as _np\n_r.seed(20261201)\n_np.random.seed(20261201)\n"
           "def _nnkit_attributes(thing):\n"
           "    return sorted(name for name in vars(thing) if not name.startswith('_'))\n")
# Two float64 computations of the same formula written differently agree to a few ulps.
RTOL, ATOL = 1e-9, 1e-12


@dataclass
class Exchange:
    method: str  # "call", "get" or "set"
    args: tuple
    store: str | None
    reply: Any  # the value, or the LearnerFailure raised


@dataclass
class Trace:
    exchanges: list[Exchange] = field(default_factory=list)


class RecordingLearner:
    """Passes every request through to a learner and records it with its reply."""

    def __init__(self, learner, snapshots: bool = False):
        self.inner = learner
        self.trace = Trace()
        self.snapshots = snapshots

    @property
    def last_warnings(self):
        return self.inner.last_warnings

    @property
    def load_errors(self):
        return getattr(self.inner, "load_errors", [])

    def _record(self, method: str, args: tuple, store: str | None = None):
        try:
            if method == "call":
                reply = self.inner.call(*args, store=store)
            else:
                reply = getattr(self.inner, method)(*args)
        except LearnerFailure as failure:
            self.trace.exchanges.append(Exchange(method, args, store, failure))
            raise
        self.trace.exchanges.append(Exchange(method, args, store, reply))
        return reply

    def call(self, target, *args, store=None):
        reply = self._record("call", (target, *args), store)
        handle = store or (target[1:].partition(".")[0] if target.startswith("@") else None)
        if handle and self.snapshots:
            self.snapshot(handle)
        return reply

    def snapshot(self, handle: str) -> None:
        """Read every attribute of a kept object (after it is made, and after each method call)."""
        from autograder.learner import Ref

        self.snapshots = False  # the snapshot's own requests take none
        try:
            names = self.call("_nnkit_attributes", Ref(handle))
            for name in names if isinstance(names, list) else []:
                try:
                    self.get(f"@{handle}.{name}")
                except LearnerFailure:
                    pass
        except LearnerFailure:
            pass
        finally:
            self.snapshots = True

    def get(self, target):
        return self._record("get", (target,))

    def set(self, target, value):
        return self._record("set", (target, value))

    def load(self, cells):
        return self.inner.load(cells)

    def output(self) -> str:
        return self.inner.output()

    def close(self) -> None:
        self.inner.close()


def same(a: Any, b: Any) -> bool:
    if isinstance(a, LearnerFailure) or isinstance(b, LearnerFailure):
        return type(a) is type(b) and (not isinstance(a, LearnerError) or a.kind == b.kind)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.shape != b.shape \
                or a.dtype.kind != b.dtype.kind:
            return False
        return bool(np.allclose(a.astype(np.float64), b.astype(np.float64), rtol=RTOL, atol=ATOL, equal_nan=True))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return bool(np.isclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))
    return type(a) is type(b) and a == b


def record(suite: Path, source: str, context: GradingContext, timeout: float) -> Trace:
    from autograder.grading import open_learner
    from autograder.runner import run_suite_path

    recorder = RecordingLearner(open_learner([PRELUDE, source], sandbox=True, timeout=timeout), snapshots=True)
    try:
        run_suite_path(suite, recorder, context=context)
    finally:
        recorder.close()
    return recorder.trace


def deterministic(first: Trace, second: Trace) -> list[bool]:
    """Which exchanges of the reference gave the same reply twice (same requests, same seed)."""
    return [index < len(second.exchanges) and same(a.reply, second.exchanges[index].reply)
            for index, a in enumerate(first.exchanges)]


def replay(trace: Trace, kept: list[bool], source: str, timeout: float) -> str | None:
    """The first request where the program's reply differs from the trace's, described; None if none."""
    from autograder.grading import open_learner

    learner = open_learner([PRELUDE, source], sandbox=True, timeout=timeout)
    try:
        for exchange, counts in zip(trace.exchanges, kept):
            try:
                if exchange.method == "call":
                    reply = learner.call(*exchange.args, store=exchange.store)
                else:
                    reply = getattr(learner, exchange.method)(*exchange.args)
            except LearnerFailure as failure:
                reply = failure
            if counts and not same(reply, exchange.reply):
                return f"{exchange.method} {exchange.args[0]}"
    finally:
        learner.close()
    return None


def probe_chunk(suite: Path, reference: str, seeds: list[int], keys: dict, programs: list[tuple[int, str]],
                timeout: float) -> dict[int, str | None]:
    """Runs in a worker: {mutant: where it first differs from the reference, or None (equivalent)}."""
    traces = []
    for seed in seeds:
        context = GradingContext(seed=seed, keys=keys)
        first, second = record(suite, reference, context, timeout), record(suite, reference, context, timeout)
        traces.append((first, deterministic(first, second)))
    differences: dict[int, str | None] = {}
    for number, source in programs:
        differences[number] = next((where for trace, kept in traces
                                    if (where := replay(trace, kept, source, timeout)) is not None), None)
    return differences
