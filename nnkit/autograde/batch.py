"""One pytest session grades many submissions: the loop a grading worker runs.

Starting pytest and collecting a suite costs about 100 ms; a worker pays it once and then runs
the collected items again for every submission. `runtestprotocol(..., nextitem=None)` after
the last item tears every fixture down (session and module scope included), so nothing a
suite cached for one learner survives into the next one's run.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

from autograder import pytest_plugin
from autograder.grading import open_learner
from autograder.pytest_plugin import SuiteCollector
from autograder.results import SuiteResult, TestResult
from autograder.runner import pytest_arguments, suite_path
from nnkit.autograde.jobs import GRADED, GRADER_ERROR, TIMED_OUT, Job, Outcome


class SuiteBroken(RuntimeError):
    """The hidden suite itself cannot be collected or run: no submission can be graded."""


class BatchCollector(SuiteCollector):
    """A `SuiteCollector` whose run loop grades every job from `jobs`, handing each outcome to `emit`."""

    def __init__(self, assignment: str, jobs: Iterable[Job], emit: Callable[[Outcome], None], limits: dict):
        super().__init__(learner=None)
        self.assignment = assignment
        self.jobs = jobs
        self.emit = emit
        self.limits = limits
        self.points: dict[str, float] = {}
        self.broken: str = ""
        self.crash: BaseException | None = None  # pytest would swallow it as an "internal error"

    def pytest_collection_modifyitems(self, items):
        super().pytest_collection_modifyitems(items)
        self.points = {name: test.max_score for name, test in self.tests.items()}

    def pytest_collectreport(self, report):
        if report.failed:
            self.broken = str(report.longrepr)[-3000:]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if self.broken or not session.items:
            raise SuiteBroken(f"the {self.assignment} suite could not be collected:\n{self.broken}")
        try:
            for job in self.jobs:
                self.emit(self.grade(job, session.items))
        except BaseException as crash:
            self.crash = crash
            raise
        return True

    def grade(self, job: Job, items) -> Outcome:
        started = time.monotonic()
        learner = open_learner(job.cells, sandbox=True, **self.limits)
        self._learner = learner
        self.context = job.context
        self.tests = {name: TestResult(name=name, max_score=points) for name, points in self.points.items()}
        self.internal_errors = []
        try:
            for index, item in enumerate(items):
                following = items[index + 1] if index + 1 < len(items) else None
                runtestprotocol(item, log=False, nextitem=following)
            result = SuiteResult(assignment=self.assignment, tests=list(self.tests.values()), seed=job.context.seed)
            result.load_errors = list(getattr(learner, "load_errors", []))
            result.output = learner.output()
        finally:
            self._learner = None
            learner.close()
        status, problem = GRADED, ""
        if self.internal_errors:
            # a defect of the suite, not of the submission: say so instead of passing it off as a score
            status = GRADER_ERROR
            problem = "the grader failed on some checks (a defect in the hidden suite):\n" + "\n".join(self.internal_errors)
        elif learner.timed_out:
            status = TIMED_OUT
        result.problem = problem
        return Outcome(job.student, job.timestamp, result, status, seconds=time.monotonic() - started)


def run_batch(assignment: str, jobs: Iterable[Job], emit: Callable[[Outcome], None], suite: Path | None = None,
              **limits) -> None:
    """Grade every job (pulled lazily from `jobs`) in one pytest session; outcomes go to `emit` as they finish.
    `suite` is the assignment's suite when it is not one the registry finds (an audit of a folder)."""
    collector = BatchCollector(assignment, jobs, emit, limits)
    quiet = io.StringIO()
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only our plugin: a worker process is ours alone
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        exit_code = pytest.main(pytest_arguments(suite or suite_path(assignment)), plugins=[collector, pytest_plugin])
    if collector.crash is not None:
        raise collector.crash
    if collector.broken or exit_code not in (0, 1, 5):
        raise SuiteBroken(f"the {assignment} suite did not run (pytest exit {exit_code}):\n"
                          + (collector.broken or quiet.getvalue()[-3000:]))


def grade_batch(assignment: str, jobs: list[Job], suite: Path | None = None, **limits) -> list[Outcome]:
    """A list of jobs in, their outcomes out: the unit of work sent to a dask worker."""
    outcomes: list[Outcome] = []
    run_batch(assignment, jobs, outcomes.append, suite=suite, **limits)
    return outcomes


def iterate(source: Callable[[], Job | None]) -> Iterator[Job]:
    """Jobs from a function that returns None when there are no more."""
    while (job := source()) is not None:
        yield job
