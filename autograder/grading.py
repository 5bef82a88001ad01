"""Grade one submission: submission -> sandbox -> suite -> SuiteResult."""

from __future__ import annotations

from pathlib import Path

from autograder.context import GradingContext
from autograder.learner import Learner, LocalLearner
from autograder.registry import Scope
from autograder.results import SuiteResult
from autograder.runner import run_suite, suite_path
from autograder.submission import read_submission


def open_learner(cells: tuple[str, ...] | list[str], sandbox: bool = True, **limits) -> Learner:
    if not sandbox:
        learner = LocalLearner({"__name__": "submission"})
        learner.load(list(cells))
        return learner
    from autograder.sandbox.client import SandboxLearner

    return SandboxLearner(list(cells), **limits)


def grade_cells(cells, assignment: str, *, sandbox: bool = True, context: GradingContext | None = None,
                scope: Scope | None = None, **limits) -> SuiteResult:
    """One run of the assignment's suite against `cells`: a fresh secret seed and no answer keys
    unless `context` says otherwise; `scope` is a course's (its own names, its plug-ins)."""
    suite_path(assignment, scope)  # an unknown assignment is bad input, before any learner code runs
    learner = open_learner(cells, sandbox=sandbox, **limits)
    try:
        result = run_suite(assignment, learner, context=context, scope=scope)
        result.load_errors = list(getattr(learner, "load_errors", []))
        result.output = learner.output()
    finally:
        learner.close()
    return result


def grade_path(path: str | Path, assignment: str, *, sandbox: bool = True, context: GradingContext | None = None,
               scope: Scope | None = None, **limits) -> SuiteResult:
    return grade_cells(read_submission(path).cells, assignment, sandbox=sandbox, context=context, scope=scope,
                       **limits)
