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
from autograder.learner_text import terminal_safe
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
            print(" -", terminal_safe(diagnosis))
    return result.score


# What a learner's object says about the assignment it belongs to, for check(Layer) and friends.
ASSIGNMENT_OF = {"Layer": "layer", "init_weights": "initialization", "Network": "network", "relu": "activations",
                 "sigmoid": "activations", "tanh": "activations", "bce": "network"}


def executed_cells() -> list[str]:
    """In a notebook: the cells run so far, in order, without the ones that check or grade.
    In a script (`python exercises/layer.py`): the script itself."""
    import sys

    try:
        history = get_ipython().user_ns.get("In", [])  # type: ignore[name-defined]  # noqa: F821
        return [cell for cell in history[1:] if "check(" not in cell and "grade_cell(" not in cell]
    except NameError:
        pass
    script = getattr(sys.modules.get("__main__"), "__file__", None)
    if script and script.endswith(".py"):
        with open(script, encoding="utf-8") as file:
            return [file.read()]
    return []


def check(*things, assignment: str | None = None, timeout: float = 10.0) -> None:
    """Check your work from a notebook cell, e.g. `check(Layer)`: the hidden suites, in the sandbox.

    Your cells run again in a separate, locked-down process, exactly as the grader will run them,
    so a result here is the result you will get.
    """
    import inspect
    import os

    if os.environ.get("NBGRADER_EXECUTION"):
        print("(check skipped: the grader is running the hidden tests itself)")
        return
    from autograder.grading import grade_cells
    from autograder.results import SuiteResult

    if assignment is None:
        names = [getattr(thing, "__name__", "") for thing in things]
        assignment = next((ASSIGNMENT_OF[n] for n in names if n in ASSIGNMENT_OF), None)
        if assignment is None:
            raise ValueError("say which assignment to check, e.g. check(assignment='layer')")
    cells = executed_cells() or ["import numpy as np\n" + "\n\n".join(inspect.getsource(t) for t in things)]
    result: SuiteResult = grade_cells(cells, assignment, timeout=timeout)
    lines = [result.summary()] if result.summary() else []
    for test in result.tests:
        mark = "✓" if test.passed else ("~" if test.score > 0 else "✗")
        lines.append(f"{mark} {test.name.removeprefix('test_')} ({test.score:g}/{test.max_score:g})")
        lines += [f"    {diagnosis}" for diagnosis in test.diagnoses]
    lines.append(f"{result.score:g} / {result.max_score:g}")
    print(terminal_safe("\n".join(lines)))  # a notebook, like a terminal, acts on ANSI escapes
