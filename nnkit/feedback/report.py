"""What a feedback page shows, read from one student's Gradescope JSON (and nothing else).

The JSON is `autograder.results.SuiteResult.to_gradescope()`. Reading it is the only way the
page learns about a submission, so the page can never show a hidden suite's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograder.results import Finding, SuiteResult

# `loss[12]`: one point of a series recorded once per epoch (or step); such measurements are a
# curve, not twelve separate numbers.
SERIES_POINT = re.compile(r"^(?P<series>.+)\[(?P<index>\d+)\]$")


@dataclass(frozen=True)
class ErrorCheck:
    """One measured error compared against its threshold (a gradient check)."""

    check: str  # the graded item: "test_backward_dW"
    case: str  # its case id, "" when it has one case
    what: str  # "dW relative error"
    value: float | None  # None: the case failed before its error could be measured (a wrong shape, an error)
    threshold: float

    @property
    def label(self) -> str:
        return f"{self.what} [{self.case}]" if self.case else self.what

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value <= self.threshold


@dataclass(frozen=True)
class Case:
    name: str
    passed: bool
    diagnosis: str
    measurements: tuple[dict, ...]


@dataclass(frozen=True)
class Check:
    """One graded item (a test function of the hidden suite)."""

    name: str
    score: float
    max_score: float
    passed: bool
    diagnoses: tuple[str, ...]
    cases: tuple[Case, ...]
    mistakes: tuple[int, ...] = ()  # the numbers of the report's findings that cost this check points

    @property
    def ran(self) -> bool:
        """False when the check never ran (the submission could not be loaded at all)."""
        return bool(self.cases)

    @property
    def failed_cases(self) -> int:
        return sum(not case.passed for case in self.cases)

    @property
    def title(self) -> str:
        """`test_backward_dW` -> `backward dW`: the name without pytest's prefix."""
        return self.name.removeprefix("test_").replace("_", " ")

    @property
    def shown_measurements(self) -> list[tuple[str, dict]]:
        """(case, measurement) pairs worth listing in the table; series points are plotted instead."""
        return [(case.name, m) for case in self.cases for m in case.measurements
                if not SERIES_POINT.match(str(m.get("what", "")))]


@dataclass(frozen=True)
class Report:
    student: str
    assignment: str
    score: float
    max_score: float
    output: str  # load errors and what the learner's code printed
    checks: tuple[Check, ...]
    error_checks: tuple[ErrorCheck, ...] = ()
    curves: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # series -> [(index, value)]
    findings: tuple[Finding, ...] = ()  # each distinct mistake once, root cause first

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def graded(self) -> bool:
        """False when no check ran: a broken or missing notebook."""
        return any(check.ran for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def error_measurements(case: Case) -> list[dict]:
    """A case's gradient checks: measurements of an error against a positive threshold."""
    return [m for m in case.measurements if "error" in str(m.get("what", "")) and not SERIES_POINT.match(str(m.get("what")))
            and is_number(m.get("value")) and is_number(m.get("threshold")) and m["threshold"] > 0]


def gradient_checks(check: str, cases: tuple[Case, ...]) -> list[ErrorCheck]:
    """Every measured error of a graded item, and, when the item is a gradient check (some case
    measured one), every failed case that stopped before its error could be measured: a wrong
    shape or an error fails the check as surely as a large error does."""
    measured = {case.name: error_measurements(case) for case in cases}
    example = next((found[0] for found in measured.values() if found), None)
    checks = []
    for case in cases:
        for m in measured[case.name]:
            checks.append(ErrorCheck(check=check, case=case.name, what=str(m["what"]), value=float(m["value"]),
                                     threshold=float(m["threshold"])))
        if example is not None and not case.passed and not measured[case.name]:
            checks.append(ErrorCheck(check=check, case=case.name, what=str(example["what"]), value=None,
                                     threshold=float(example["threshold"])))
    return checks


def read_report(result: dict, student: str, assignment: str) -> Report:
    """The page's content from one Gradescope result (a dict, as loaded from the JSON file)."""
    findings = tuple(SuiteResult.from_gradescope(result, assignment).findings())
    checks = []
    error_checks = []
    curves: dict[str, list[tuple[int, float]]] = {}
    for test in result.get("tests", []):
        cases = tuple(
            Case(name=str(c.get("case", "")), passed=bool(c.get("passed")), diagnosis=str(c.get("diagnosis", "")),
                 measurements=tuple(m for m in c.get("measurements", []) if isinstance(m, dict)))
            for c in test.get("extra_data", {}).get("cases", []))
        output = str(test.get("output", ""))
        passed = test.get("status") == "passed"
        name = str(test.get("name", ""))
        checks.append(Check(
            name=name, score=float(test.get("score", 0)), max_score=float(test.get("max_score", 0)),
            passed=passed, diagnoses=() if passed else tuple(line for line in output.splitlines() if line.strip()),
            cases=cases, mistakes=tuple(number for number, finding in enumerate(findings, 1) if name in finding.tests)))
        error_checks += gradient_checks(name, cases)
        for case in cases:
            for m in case.measurements:
                point = SERIES_POINT.match(str(m.get("what", "")))
                if point and is_number(m.get("value")):
                    curves.setdefault(point["series"], []).append((int(point["index"]), float(m["value"])))
    return Report(
        student=student, assignment=assignment, score=float(result.get("score", 0)),
        max_score=float(result.get("max_score", 0)), output=str(result.get("output", "")), checks=tuple(checks),
        error_checks=tuple(error_checks), curves={name: sorted(points) for name, points in curves.items()},
        findings=findings)
