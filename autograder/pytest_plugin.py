"""Runs a hidden suite against one learner and collects points and diagnoses.

Registered as a plugin object by `autograder.runner`; it provides the `learner` fixture.
"""

from __future__ import annotations

import pytest

from autograder.checks import Mistake, Pending, take_measurements
from autograder.context import GradingContext
from autograder.learner import Learner, LearnerFailure, LearnerMissing
from autograder.learner_text import capped
from autograder.results import CaseResult, TestResult

MAX_DIAGNOSIS = 1_200  # characters: one or two sentences, plus what they quote (an error message is cut at 1,000)


def diagnose(exc: BaseException) -> str:
    """The message a learner reads for a failed case: never a traceback of the suite, and never
    longer than MAX_DIAGNOSIS whatever learner text (an answer, an exception message) it quotes."""
    return capped(explanation(exc), MAX_DIAGNOSIS)


def explanation(exc: BaseException) -> str:
    if isinstance(exc, (Mistake, Pending)):
        return str(exc)
    if isinstance(exc, LearnerFailure):
        where = getattr(exc, "where", "")
        if not where or isinstance(exc, LearnerMissing):  # the explanation names it already
            return exc.explain()
        return f"{where}: {exc.explain()}"
    return f"the grader could not check this ({type(exc).__name__}); please report it to your instructor"


COLLECTOR = pytest.StashKey["SuiteCollector"]()


@pytest.fixture(scope="session")
def learner(request):
    """The submission under test, as the suites see it (see autograder.learner)."""
    return request.config.stash[COLLECTOR]._learner


@pytest.fixture(scope="session")
def grading(request) -> GradingContext:
    """This run's seed (draw every case from `grading.rng(label)`) and answer keys (`grading.key(test)`)."""
    return request.config.stash[COLLECTOR].context


class SuiteCollector:
    def __init__(self, learner: Learner, context: GradingContext | None = None):
        self._learner = learner
        self.context = context or GradingContext()
        self.tests: dict[str, TestResult] = {}
        self.internal_errors: list[str] = []

    def pytest_configure(self, config):
        config.stash[COLLECTOR] = self

    def pytest_collection_modifyitems(self, items):
        for item in items:
            name = getattr(item, "originalname", item.name)
            marker = item.get_closest_marker("points")
            max_score = float(marker.args[0]) if marker else 0.0
            self.tests.setdefault(name, TestResult(name=name, max_score=max_score))

    def pytest_runtest_setup(self, item):
        take_measurements()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.when == "call" or (call.when == "setup" and report.failed):
            name = getattr(item, "originalname", item.name)
            case = item.callspec.id if hasattr(item, "callspec") else ""
            measurements = take_measurements()
            if call.excinfo is None:
                self.tests[name].cases.append(CaseResult(case=case, passed=True, measurements=measurements))
            else:
                exc = call.excinfo.value
                if not isinstance(exc, (Mistake, Pending, LearnerFailure)):  # its text may quote learner values
                    self.internal_errors.append(capped(f"{item.nodeid}: {type(exc).__name__}: {exc}", MAX_DIAGNOSIS))
                self.tests[name].cases.append(
                    CaseResult(case=case, passed=False, diagnosis=diagnose(exc), measurements=measurements,
                               pending=isinstance(exc, Pending)))
