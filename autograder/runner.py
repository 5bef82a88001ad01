"""Run a hidden suite (pytest, in this trusted process) against a learner."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from autograder import pytest_plugin
from autograder.context import GradingContext
from autograder.learner import Learner
from autograder.pytest_plugin import SuiteCollector
from autograder.registry import Scope, UnknownAssignment, assignment_names, find_assignment  # noqa: F401 (re-exported)
from autograder.results import SuiteResult

# The built-in assignments' names, for callers that list them (found by the registry, not listed here).
ASSIGNMENTS = tuple(assignment_names())


UNUSED_PLUGINS = ("cacheprovider", "logging", "warnings", "junitxml", "doctest", "pastebin", "stepwise",
                  "setuponly", "setupplan", "unittest", "faulthandler", "tmpdir", "monkeypatch", "recwarn",
                  "legacypath", "randomly",
                  # its teardown runs gc.collect() after every session: ~150 ms a submission
                  "unraisableexception", "threadexception")


def suite_path(assignment: str, scope: Scope | None = None) -> Path:
    """The hidden suite of an assignment (UnknownAssignment if there is none of that name)."""
    return find_assignment(assignment, scope).suite


def pytest_arguments(suite: Path, tests: list[str] | None = None) -> list[str]:
    """How every path (one submission, a batch worker) runs a hidden suite: same items, same options."""
    targets = [f"{suite}::{name}" for name in tests] if tests else [str(suite)]
    return [
        *targets,
        "-q", "--no-header", "--tb=no", "-o", "addopts=", "-o", f"python_files={suite.name}",
        "-c", os.devnull, "--rootdir", str(suite.parent), "-W", "ignore", "-o", "markers=points: points of a graded item",
        # Suites state failures with fail(), print nothing and log nothing: the plugins that
        # capture, rewrite asserts or watch warnings only add time to every one of ~50 items.
        "-s", "--assert=plain", *(f"-pno:{name}" for name in UNUSED_PLUGINS),
    ]


def run_suite(assignment: str, learner: Learner, tests: list[str] | None = None,
              context: GradingContext | None = None, scope: Scope | None = None) -> SuiteResult:
    """Every graded item of the assignment's suite (or only `tests`), scored."""
    result = run_suite_path(suite_path(assignment, scope), learner, tests, context)
    result.assignment = assignment
    return result


def run_suite_path(suite: Path, learner: Learner, tests: list[str] | None = None,
                   context: GradingContext | None = None, *, name: str | None = None) -> SuiteResult:
    """Every graded item of the suite at `suite` (or only `tests`), scored, in a run with `context`
    (a fresh secret seed and no answer keys when None); `name` labels the result (a drill kata's)."""
    import pytest

    context = context or GradingContext()
    collector = SuiteCollector(learner, context)
    quiet = io.StringIO()
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            exit_code = pytest.main(pytest_arguments(suite, tests), plugins=[collector, pytest_plugin])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if exit_code not in (0, 1) or collector.internal_errors:
        raise SuiteError(f"the suite {suite} did not run cleanly (pytest exit {exit_code}):\n"
                         + "\n".join(collector.internal_errors) + "\n" + quiet.getvalue()[-3000:])
    return SuiteResult(assignment=name or suite.parent.name, tests=list(collector.tests.values()), seed=context.seed)


class SuiteError(RuntimeError):
    """A defect in a hidden suite (not in the learner's code)."""
