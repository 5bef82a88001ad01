"""Run a hidden suite (pytest, in this trusted process) against a learner."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from autograder import pytest_plugin
from autograder.learner import Learner
from autograder.pytest_plugin import SuiteCollector
from autograder.results import SuiteResult

SUITES = Path(__file__).parent / "suites"
ASSIGNMENTS = ("activations", "layer", "initialization", "network")


UNUSED_PLUGINS = ("cacheprovider", "logging", "warnings", "junitxml", "doctest", "pastebin", "stepwise",
                  "setuponly", "setupplan", "unittest", "faulthandler", "tmpdir", "monkeypatch", "recwarn",
                  "legacypath", "randomly",
                  # its teardown runs gc.collect() after every session: ~150 ms a submission
                  "unraisableexception", "threadexception")


class UnknownAssignment(ValueError):
    pass


def suite_path(assignment: str) -> Path:
    if assignment not in ASSIGNMENTS:
        raise UnknownAssignment(f"unknown assignment {assignment!r}: choose one of {', '.join(ASSIGNMENTS)}")
    return SUITES / f"test_{assignment}.py"


def pytest_arguments(assignment: str, tests: list[str] | None = None) -> list[str]:
    """How every path (one submission, a batch worker) runs a hidden suite: same items, same options."""
    return suite_path_arguments(suite_path(assignment), tests)


def suite_path_arguments(path: Path, tests: list[str] | None = None) -> list[str]:
    targets = [f"{path}::{name}" for name in tests] if tests else [str(path)]
    return [
        *targets,
        "-q", "--no-header", "--tb=no", "-o", "addopts=", "-o", "python_files=test_*.py",
        "-c", os.devnull, "--rootdir", str(Path(path).parent), "-W", "ignore", "-o", "markers=points: points of a graded item",
        # Suites state failures with fail(), print nothing and log nothing: the plugins that
        # capture, rewrite asserts or watch warnings only add time to every one of ~50 items.
        "-s", "--assert=plain", *(f"-pno:{name}" for name in UNUSED_PLUGINS),
    ]


def run_suite(assignment: str, learner: Learner, tests: list[str] | None = None) -> SuiteResult:
    """Every graded item of the assignment's suite (or only `tests`), scored."""
    return run_suite_path(suite_path(assignment), learner, tests, name=assignment)


def run_suite_path(path: Path, learner: Learner, tests: list[str] | None = None, *, name: str | None = None) -> SuiteResult:
    """The same for a suite given by its file (a drill kata's checks); `name` labels the result."""
    import pytest

    assignment = name or Path(path).stem.removeprefix("test_")
    collector = SuiteCollector(learner)
    quiet = io.StringIO()
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            exit_code = pytest.main(suite_path_arguments(path, tests), plugins=[collector, pytest_plugin])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if exit_code not in (0, 1) or collector.internal_errors:
        raise SuiteError(f"the {assignment} suite did not run cleanly (pytest exit {exit_code}):\n"
                         + "\n".join(collector.internal_errors) + "\n" + quiet.getvalue()[-3000:])
    return SuiteResult(assignment=assignment, tests=list(collector.tests.values()))


class SuiteError(RuntimeError):
    """A defect in a hidden suite (not in the learner's code)."""
