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


def notebook_file(namespace: dict) -> str | None:
    """The notebook this kernel runs, when the front end says: Jupyter Server puts its path in
    `__session__` (from JPY_SESSION_NAME), VS Code in `__vsc_ipynb_file__`."""
    import os

    for key in ("__session__", "__vsc_ipynb_file__"):
        path = namespace.get(key)
        if isinstance(path, str) and path.endswith(".ipynb") and os.path.isfile(path):
            return path
    return None


def as_graded(sources: list[str], notebook: str | None) -> list:
    """The executed cells as the grader reads the saved notebook: each with its place in it (see
    autograder.submission.CodeCell), without nbgrader's test cells (the worked examples and
    checks, which the grader never runs as the learner's code). A cell edited since the notebook
    was saved is kept, without a number: it is named by its first line."""
    import json

    from autograder.submission import CodeCell, is_test_cell, plain_python

    places: dict[str, int | None] = {}  # source -> its number, or None for a test cell
    if notebook is not None:
        try:
            with open(notebook, encoding="utf-8") as file:
                saved = json.load(file).get("cells", [])
        except (OSError, ValueError, AttributeError):
            saved = []
        for number, cell in enumerate(saved, 1):
            if isinstance(cell, dict) and cell.get("cell_type") == "code":
                source = cell.get("source", "")
                text = plain_python("".join(source) if isinstance(source, list) else str(source)).strip()
                places.setdefault(text, None if is_test_cell(cell) else number)
    return [CodeCell(source, places.get(source.strip())) for source in sources
            if not (source.strip() in places and places[source.strip()] is None)]


def executed_cells() -> list[str]:
    """In a notebook: the cells run so far, in order, as typed (magics dropped as the grader drops
    them), without the ones that check or grade, each with its place in the notebook when known.
    In a script (`python layer.py`): the script itself."""
    import sys

    from autograder.submission import plain_python

    try:
        shell = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        shell = None
    if shell is not None:
        history = [plain_python(cell) for cell in shell.history_manager.input_hist_raw[1:]]
        kept = [cell for cell in history if "check(" not in cell and "grade_cell(" not in cell]
        return as_graded(kept, notebook_file(shell.user_ns))
    script = getattr(sys.modules.get("__main__"), "__file__", None)
    if script and script.endswith(".py"):
        with open(script, encoding="utf-8") as file:
            return [file.read()]
    return []


def check(*things, assignment: str | None = None, timeout: float = 10.0) -> None:
    """Check your work from a notebook cell, e.g. `check(Layer)`: the hidden suites, in the sandbox.

    Your cells run again in a separate, locked-down process, exactly as the grader will run them,
    so a result here is the result you will get. The report is `nnkit check`'s: each check, then
    each mistake once, with the checks it cost.
    """
    import inspect
    import os

    if os.environ.get("NBGRADER_EXECUTION"):
        print("(check skipped: the grader is running the hidden tests itself)")
        return
    from autograder.grading import grade_cells
    from autograder.results import checklist

    if assignment is None:
        from autograder.registry import assignment_defining

        found = assignment_defining([getattr(thing, "__name__", "") for thing in things], scope_near(Path.cwd()))
        if found is None:
            raise ValueError("say which assignment to check, e.g. check(assignment='layer')")
        assignment = found.name
    cells = executed_cells() or ["import numpy as np\n" + "\n\n".join(inspect.getsource(t) for t in things)]
    result = grade_cells(cells, assignment, timeout=timeout, scope=scope_near(Path.cwd()))
    print(terminal_safe("\n".join(checklist(result))))  # a notebook, like a terminal, acts on ANSI escapes
