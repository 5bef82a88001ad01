"""Hidden test cells of the source notebooks call `grade_cell`: the same suites, in the kernel.

nbgrader runs these cells in the learner's own kernel, so this path shares nbgrader's
weakness (learner code could tamper with it); `nnkit autograde` runs the sandboxed path.
The cell's value is the partial score, which nbgrader reads as partial credit.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from autograder.learner import LocalLearner
from autograder.runner import run_suite


def grade_cell(assignment: str, test_name: str, namespace: dict) -> float:
    learner = LocalLearner(namespace)
    # nbgrader scores any stderr output as zero: learner warnings must not reach it
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        result = run_suite(assignment, learner, tests=[test_name]).test(test_name)
    if result.passed:
        print(f"{test_name}: passed ({result.score:g}/{result.max_score:g})")
    else:
        print(f"{test_name}: {result.score:g}/{result.max_score:g}")
        for diagnosis in result.diagnoses:
            print(" -", diagnosis)
    return result.score
