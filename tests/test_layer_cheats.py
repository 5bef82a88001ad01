"""No layer item can be won without doing the maths (issue #10), graded for real in the sandbox.

* A table of answers recorded from one run (keyed on a hash of the inputs the suite sent, zeros
  for anything else) wins that run and loses every forward and backward item of the next: every
  run draws fresh cases.
* A wrong behaviour added to backward (a fixed garbage update, NaN everywhere) never earns an
  item that the same layer without it does not earn.
* A W of shape (5e6, 1, 1) is judged by its shape: the grader never broadcasts it.
"""

from __future__ import annotations

import hashlib
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext, fresh_seed
from autograder.grading import grade_cells
from autograder.learner import LocalLearner
from autograder.runner import run_suite

ROOT = Path(__file__).resolve().parents[1]
KEYS = keys_in_notebook(ROOT / "source" / "layer" / "layer.ipynb")
ANSWERS = 'answer_why_cache = "a"\nanswer_why_keepdims = "d"\nanswer_dW_meaning = "b"\nanswer_old_W = "c"\n'
# the items a layer earns by its maths; the rest (its init, the questions) it may earn honestly
MATHS_ITEMS = ("test_forward", "test_forward_caches", "test_backward_dA_prev", "test_backward_dW",
               "test_backward_db", "test_backward_updates_parameters", "test_backward_uses_latest_forward",
               "test_worked_example")


def grade(source: str, seed: int):
    return grade_cells([source], "layer", context=GradingContext(seed=seed, keys=KEYS))


def report(result) -> str:
    return f"seed {result.seed}: " + ", ".join(f"{t.name} {t.score:g}/{t.max_score:g}" for t in result.tests)


# ---------------------------------------------------------------- a table recorded from one run
RECORDING_LAYER = '''
import hashlib
import numpy as np

RECORD = {}


def key(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype=np.float64).tobytes()).hexdigest()[:20]


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn, self.activation_dfn = activation_fn, activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        RECORD[key(A_prev)] = (self.Z.tolist(), self.A.tolist())
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        RECORD[key(dA)] = (dA_prev.tolist(), self.W.tolist(), self.b.tolist())
        return dA_prev
'''

TABLE_LAYER = '''
import hashlib
import numpy as np

TABLE = {table}


def key(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype=np.float64).tobytes()).hexdigest()[:20]


class Layer:
    """No maths: the answers of one recorded run, looked up by a hash of the inputs; zeros otherwise."""

    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        self.A_prev = A_prev
        zeros = np.zeros((self.W.shape[0], A_prev.shape[1]))
        Z, A = TABLE.get(key(A_prev), (zeros, zeros))
        self.Z, self.A = np.array(Z), np.array(A)
        return self.A

    def backward(self, dA, learning_rate):
        found = TABLE.get(key(dA))
        if found is None:
            return np.zeros((self.W.shape[1], dA.shape[1]))
        dA_prev, W, b = found
        self.W, self.b = np.array(W), np.array(b)
        return np.array(dA_prev)
'''


def lookup_table_submission(seed: int) -> str:
    """A layer that answers from a table recorded while the suite ran with `seed` (in-process)."""
    namespace = {"__name__": "submission"}
    learner = LocalLearner(namespace)
    learner.load([RECORDING_LAYER + ANSWERS])
    run_suite("layer", learner, context=GradingContext(seed=seed, keys=KEYS))
    return TABLE_LAYER.replace("{table}", repr(namespace["RECORD"])) + "\n" + ANSWERS


def test_a_table_recorded_from_one_run_loses_every_maths_item_on_the_next():
    recorded_seed, next_seed = fresh_seed(), fresh_seed()
    table = lookup_table_submission(recorded_seed)
    replayed = grade(table, recorded_seed)
    # the attack is real: on the run it was recorded from it gets everything
    assert replayed.score == replayed.max_score, report(replayed)
    graded = grade(table, next_seed)
    lost = {name: graded.test(name).score for name in MATHS_ITEMS}
    assert all(score == 0 for score in lost.values()), report(graded)


# ---------------------------------------------------------------- wrong behaviours added to backward
LAYER = '''
import numpy as np


class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn, self.activation_dfn = activation_fn, activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
{added}
        return dA_prev
'''
ADDED = {
    "a fixed garbage update": "        self.W = self.W - 0.123\n        self.b = self.b - 0.123",
    "NaN everywhere": "        self.W = self.W * np.nan\n        self.b = self.b * np.nan\n        dA_prev = dA_prev * np.nan",
    "W and b replaced by zeros": "        self.W = np.zeros_like(self.W)\n        self.b = np.zeros_like(self.b)",
}


@pytest.mark.parametrize("behaviour", ADDED)
def test_a_wrong_behaviour_added_to_backward_earns_nothing(behaviour):
    """The base layer forgets the update; adding a wrong one must not win any item it lost."""
    seed = fresh_seed()
    base = grade(LAYER.replace("{added}", "        pass") + ANSWERS, seed)
    worse = grade(LAYER.replace("{added}", ADDED[behaviour]) + ANSWERS, seed)
    gained = {t.name: (base.test(t.name).score, t.score) for t in worse.tests if t.score > base.test(t.name).score}
    assert not gained, f"{behaviour} gained {gained}\n{report(base)}\n{report(worse)}"


# ---------------------------------------------------------------- a W far larger than asked for
HUGE = LAYER.replace("{added}", "        self.W = np.zeros((5_000_000, 1, 1))") + ANSWERS
PEAK = '''
import resource, sys
from autograder.context import GradingContext
from autograder.grading import grade_cells
result = grade_cells([sys.stdin.read()], "layer", context=GradingContext(seed={seed}))
print(result.score, result.test("test_backward_dW").diagnoses[0][:200])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
'''
# The grader's peak (measured): 52 MB with an honest layer, 282 MB with this one, whose every reply
# carries 40 MB that the client reads, parses and copies. Broadcasting that W against a (3, 4) one
# would add 480 MB for one array alone (760 MB or more in all); 500 MB sits between the two.
PEAK_LIMIT_MB = 500


def test_a_huge_W_is_judged_by_its_shape_and_never_broadcast():
    seed = fresh_seed()
    run = subprocess.run([sys.executable, "-c", PEAK.replace("{seed}", str(seed))], input=HUGE, text=True,
                         capture_output=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    verdict, peak_mb = run.stdout.strip().splitlines()
    assert "has shape (5000000, 1, 1) but must have shape" in verdict, verdict
    assert int(peak_mb) < PEAK_LIMIT_MB, f"the grader held {peak_mb} MB (seed {seed})"
