"""Runs a hidden suite against one learner and collects points and diagnoses.

Registered as a plugin object by `autograder.runner`; it provides the `learner` fixture.
"""

from __future__ import annotations

import pytest

from autograder.checks import Mistake, Pending, take_measurements
from autograder.context import GradingContext
from autograder.learner import Learner, LearnerError, LearnerFailure, LearnerMissing
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
    collector = request.config.stash[COLLECTOR]
    collector.keeper = TracebackKeeper(collector._learner)
    return collector.keeper


def is_stub(error: LearnerError) -> bool:
    """An untouched `raise NotImplementedError()`: "not implemented yet" says all; no traceback."""
    return error.kind == "NotImplementedError"


class TracebackKeeper:
    """The learner, remembering the traceback of every error its code raised.

    A suite often turns an error into a diagnosis later than the call that raised it (a layer's
    run is shared by several items), and only the diagnosis's text survives; the learner still
    wants to see the line of their code that raised, once, beside that diagnosis.
    """

    def __init__(self, learner: Learner):
        self.learner = learner
        self.tracebacks: dict[str, str] = {}  # LearnerError.explain() -> its traceback

    def __getattr__(self, name):
        return getattr(self.learner, name)

    def remembering(self, request, *args, **kwargs):
        try:
            return request(*args, **kwargs)
        except LearnerError as error:
            if error.traceback and not is_stub(error):
                self.tracebacks.setdefault(error.explain(), error.traceback)
            raise

    def call(self, target, *args, store=None):
        return self.remembering(self.learner.call, target, *args, store=store)

    def get(self, target):
        return self.remembering(self.learner.get, target)

    def set(self, target, value):
        return self.remembering(self.learner.set, target, value)

    def traceback_for(self, diagnosis: str) -> str:
        return next((traceback for said, traceback in self.tracebacks.items() if said in diagnosis), "")


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
        self.keeper: TracebackKeeper | None = None

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
                diagnosis = diagnose(exc)
                self.tests[name].cases.append(
                    CaseResult(case=case, passed=False, diagnosis=diagnosis, measurements=measurements,
                               traceback=self.traceback_of(exc, diagnosis), pending=isinstance(exc, Pending)))

    def traceback_of(self, exc: BaseException, diagnosis: str) -> str:
        """The learner's traceback behind a failed case, if their code raised (now or in an earlier call)."""
        if isinstance(exc, LearnerError):
            return "" if is_stub(exc) else exc.traceback
        keeper = self.keeper
        if keeper is not None and keeper.learner is self._learner:  # never another submission's
            return keeper.traceback_for(diagnosis)
        return ""
