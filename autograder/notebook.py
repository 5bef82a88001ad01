"""Hidden test cells of the source notebooks call `grade_cell`: the same suites, in the kernel.

nbgrader runs these cells in the learner's own kernel, so this path shares nbgrader's
weakness (learner code could tamper with it); `nnkit autograde` runs the sandboxed path.
The cell's value is the partial score, which nbgrader reads as partial credit.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path

from autograder.context import GradingContext
from autograder.learner import LocalLearner
from autograder.learner_text import terminal_safe
from autograder.registry import scope_near
from autograder.runner import run_suite


def grade_cell(assignment: str, test_name: str, namespace: dict, key=None) -> float:
    """Score one graded item in nbgrader's kernel; `key` is the answer key of a question (it sits in
    the hidden test cell, which nbgrader strips from the release). Each call draws fresh cases."""
    learner = LocalLearner(namespace)
    context = GradingContext(keys={test_name: key} if key is not None else {})
    scope = scope_near(Path.cwd())  # under nbgrader the kernel runs in autograded/<student>/<assignment>/
    # nbgrader scores any stderr output as zero: learner warnings must not reach it
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        result = run_suite(assignment, learner, tests=[test_name], context=context, scope=scope).test(test_name)
    if result.passed:
        print(f"{test_name}: passed ({result.score:g}/{result.max_score:g})")
    else:
        print(f"{test_name}: {result.score:g}/{result.max_score:g}")
        for diagnosis in result.diagnoses:
            print(" -", terminal_safe(diagnosis))
    return result.score


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
        from autograder.registry import assignment_defining

        found = assignment_defining([getattr(thing, "__name__", "") for thing in things], scope_near(Path.cwd()))
        if found is None:
            raise ValueError("say which assignment to check, e.g. check(assignment='layer')")
        assignment = found.name
    cells = executed_cells() or ["import numpy as np\n" + "\n\n".join(inspect.getsource(t) for t in things)]
    result: SuiteResult = grade_cells(cells, assignment, timeout=timeout, scope=scope_near(Path.cwd()))
    lines = [result.summary()] if result.summary() else []
    for test in result.tests:
        mark = "✓" if test.passed else ("?" if test.pending else "~" if test.score > 0 else "✗")
        lines.append(f"{mark} {test.name.removeprefix('test_')} ({test.score:g}/{test.max_score:g})")
        lines += [f"    {diagnosis}" for diagnosis in test.diagnoses]
    judged = result.max_score - result.pending_points
    later = (f" (+ {result.pending_points:g} point{'' if result.pending_points == 1 else 's'} of questions, graded when you "
             f"submit)" if result.pending_points else "")
    lines.append(f"{result.score:g} / {judged:g}{later}")
    print(terminal_safe("\n".join(lines)))  # a notebook, like a terminal, acts on ANSI escapes
