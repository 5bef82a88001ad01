"""One results format: a suite's outcome per graded item, and its Gradescope JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograder.learner_text import capped

# Each diagnosis is capped where it is made (pytest_plugin.diagnose); these cap what is built from many of them.
MAX_FEEDBACK = 6_000  # characters of one graded item's feedback
MAX_SUMMARY = 20_000  # characters of the submission's summary: problem, load errors, printed output


def rounded(score: float) -> float:
    """Scores are shown and stored to 4 decimals on every path (nbgrader cells included)."""
    return round(float(score) + 0.0, 4)


# Numbers in a diagnosis (shapes, sizes, relative errors) belong to one case; the same mistake in
# another case differs only in them. Names in backticks (`answer_x`) are kept: they tell mistakes apart.
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?")
QUOTED_NAME = re.compile(r"(`[^`]*`)")


def mistake_key(diagnosis: str) -> str:
    """What makes two diagnoses the same mistake: their text with the numbers left out."""
    return "".join(part if part.startswith("`") else NUMBER.sub("#", part) for part in QUOTED_NAME.split(diagnosis))


@dataclass
class CaseResult:
    case: str
    passed: bool
    diagnosis: str = ""
    measurements: list[dict] = field(default_factory=list)
    traceback: str = ""  # the learner's own frames, when their code raised
    pending: bool = False  # not judged by this run (no answer key): graded on submission


def seen_in(cases: list[str], total: int) -> str:
    """' [sigmoid-4to3-m5; 6 of 7 cases]': the case whose numbers the diagnosis shows, and how many failed."""
    if total <= 1 or not cases or not cases[0]:
        return ""
    if len(cases) == 1:
        return f" [{cases[0]}]"
    more = f"all {total} cases" if len(cases) == total else f"{len(cases)} of {total} cases"
    return f" [{cases[0]}; {more}]"


@dataclass
class TestResult:
    name: str
    max_score: float
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        if not self.cases:
            return 0.0
        return rounded(self.max_score * sum(c.passed for c in self.cases) / len(self.cases))

    @property
    def passed(self) -> bool:
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def pending(self) -> bool:
        """Left to be graded on submission (this run had no answer key for it)."""
        return bool(self.cases) and all(c.pending for c in self.cases)

    @property
    def failed_cases(self) -> list[CaseResult]:
        """The cases judged and failed (a pending case is no mistake: it is graded later)."""
        return [case for case in self.cases if not case.passed and not case.pending]

    @property
    def diagnoses(self) -> list[str]:
        """Each distinct mistake once (as first seen), with the cases it failed."""
        groups: dict[str, list[CaseResult]] = {}
        for case in self.failed_cases:
            groups.setdefault(mistake_key(case.diagnosis), []).append(case)
        return [cases[0].diagnosis + seen_in([c.case for c in cases], len(self.cases)) for cases in groups.values()]

    def feedback(self) -> str:
        if self.pending:
            return self.cases[0].diagnosis
        return capped("\n".join(self.diagnoses), MAX_FEEDBACK) if not self.passed else "passed"


@dataclass(frozen=True)
class Cost:
    """What one mistake cost in one graded item."""

    test: str
    cases: tuple[str, ...]  # the item's cases this mistake failed
    total_cases: int
    points: float

    def __str__(self) -> str:
        name = self.test.removeprefix("test_")
        if self.total_cases <= 1:
            return name
        return f"{name} (all {self.total_cases} cases)" if len(self.cases) == self.total_cases else \
            f"{name} ({len(self.cases)} of {self.total_cases} cases)"


@dataclass(frozen=True)
class Finding:
    """One distinct mistake of a submission: its diagnosis once, and every check and case it cost."""

    diagnosis: str  # as first seen, with that case's numbers
    case: str  # the case it was first seen in ("" for an item with one case)
    costs: tuple[Cost, ...]
    traceback: str = ""  # when the learner's code raised: their own frames, shown once
    varies: bool = False  # the cases' diagnoses differ in their numbers: the ones shown are `case`'s

    @property
    def points(self) -> float:
        return rounded(sum(cost.points for cost in self.costs))

    @property
    def tests(self) -> list[str]:
        return [cost.test for cost in self.costs]

    def seen(self) -> str:
        """Which case the diagnosis's numbers come from, and how many cases it failed in all."""
        count = sum(len(cost.cases) for cost in self.costs)
        if count > 1:
            return f"(the numbers are case {self.case}'s; {count} failed cases in all)" if self.varies and self.case \
                else f"({count} failed cases)"
        return f"(case {self.case})" if self.case and self.case not in self.diagnosis else ""

    def lines(self) -> list[str]:
        """The finding as plain text: the diagnosis, the traceback, and what it cost."""
        lines = [self.diagnosis]
        if self.seen():
            lines.append(self.seen())
        if self.traceback.strip():
            lines += ["Traceback of your code:", *("  " + line for line in self.traceback.rstrip().splitlines())]
        lines.append(f"cost {self.points:g} point{'' if self.points == 1 else 's'}: "
                     + ", ".join(str(cost) for cost in self.costs))
        return lines


# "backward could not be checked because forward raised an error (see test_forward)": a diagnosis
# that names the check whose failure it follows from.
FOLLOWS_FROM = re.compile(r"\(see (test_\w+)\)")


def root_cause_first(found: list[Finding]) -> list[Finding]:
    """Each finding that follows from another check's failure moved to just after that check's own."""
    ordered = list(found)
    for finding in found:
        cause = FOLLOWS_FROM.search(finding.diagnosis)
        owners = [i for i, f in enumerate(ordered) if cause and f is not finding and cause[1] in f.tests]
        if owners and ordered.index(finding) < owners[-1]:
            ordered.remove(finding)
            ordered.insert(owners[-1], finding)  # owners[-1] shifted down by one: just after it
    return ordered


def findings(tests: list[TestResult]) -> list[Finding]:
    """Every distinct mistake once, root cause first.

    The suites order their items so that each builds on the ones before (construct, forward,
    backward, then the questions), so a mistake is listed where it first cost something; a
    diagnosis that says it follows from another check ("... (see test_forward)") also comes after
    that check's own, whatever the order of the items.
    """
    groups: dict[str, list[tuple[TestResult, CaseResult]]] = {}
    for test in tests:
        for case in test.failed_cases:
            groups.setdefault(mistake_key(case.diagnosis), []).append((test, case))
    found = []
    for members in groups.values():
        first_test, first_case = members[0]
        costs = []
        for test in dict.fromkeys(t.name for t, _ in members):
            result = next(t for t, _ in members if t.name == test)
            cases = tuple(c.case for t, c in members if t.name == test)
            costs.append(Cost(test, cases, len(result.cases), result.max_score * len(cases) / len(result.cases)))
        traceback = next((c.traceback for _, c in members if c.traceback), "")
        found.append(Finding(first_case.diagnosis, first_case.case if len(first_test.cases) > 1 else "",
                             tuple(costs), traceback, varies=len({c.diagnosis for _, c in members}) > 1))
    return root_cause_first(found)


def cell_reference(error: dict) -> str:
    """Where a load error happened, as the learner finds it: the cell's place in the notebook
    (counting every cell from the top, text cells included, as Jupyter lists them) and its first line."""
    number, starts = error.get("cell"), str(error.get("starts") or "").strip()
    quoted = f'"{starts[:60]}{"..." if len(starts) > 60 else ""}"' if starts else ""
    if number and quoted:
        return f"cell {number} ({quoted})"
    if number:
        return f"cell {number}"
    return f"the cell starting {quoted}" if quoted else "your code"


@dataclass
class SuiteResult:
    assignment: str
    tests: list[TestResult] = field(default_factory=list)
    load_errors: list[dict] = field(default_factory=list)
    output: str = ""
    problem: str = ""  # why the whole submission could not be graded (e.g. it is not a notebook)
    seed: int | None = None  # the run's secret seed: for the instructor (replay), never in feedback

    @property
    def score(self) -> float:
        return rounded(sum(t.score for t in self.tests))

    @property
    def max_score(self) -> float:
        return rounded(sum(t.max_score for t in self.tests))

    @property
    def pending_points(self) -> float:
        return rounded(sum(t.max_score for t in self.tests if t.pending))

    @property
    def passed(self) -> bool:
        """Every item judged passes (pending questions are graded on submission)."""
        return bool(self.tests) and all(t.passed or t.pending for t in self.tests)

    def test(self, name: str) -> TestResult:
        return next(t for t in self.tests if t.name == name)

    def findings(self) -> list[Finding]:
        return findings(self.tests)

    def summary(self) -> str:
        lines = []
        if self.problem:
            lines.append(self.problem)
        for error in self.load_errors:
            message = f": {error['message']}" if error.get("message") else ""
            lines.append(f"{cell_reference(error)} raised {error.get('kind')}{message}")
            if error.get("traceback"):
                lines.append(error["traceback"].rstrip())
        if self.output.strip():
            lines.append("Your code printed:\n" + self.output.rstrip())
        return capped("\n".join(lines), MAX_SUMMARY)

    def to_gradescope(self) -> dict:
        return {
            "extra_data": {"seed": self.seed},
            "score": self.score,
            "max_score": self.max_score,
            "output": self.summary(),
            "visibility": "visible",
            "stdout_visibility": "visible",
            "tests": [
                {
                    "name": t.name,
                    "score": t.score,
                    "max_score": rounded(t.max_score),
                    "output": t.feedback(),
                    "visibility": "visible",
                    "status": "passed" if t.passed else ("pending" if t.pending else "failed"),
                    "extra_data": {"cases": [case_record(c) for c in t.cases]},
                }
                for t in self.tests
            ],
        }

    @classmethod
    def from_gradescope(cls, result: dict, assignment: str = "") -> "SuiteResult":
        """The items and cases back from `to_gradescope()`'s JSON (what a feedback page reads)."""
        tests = []
        for test in result.get("tests", []):
            cases = [CaseResult(case=str(c.get("case", "")), passed=bool(c.get("passed")),
                                diagnosis=str(c.get("diagnosis", "")),
                                measurements=[m for m in c.get("measurements", []) if isinstance(m, dict)],
                                traceback=str(c.get("traceback", "")), pending=bool(c.get("pending")))
                     for c in test.get("extra_data", {}).get("cases", []) if isinstance(c, dict)]
            tests.append(TestResult(name=str(test.get("name", "")), max_score=float(test.get("max_score", 0)), cases=cases))
        return cls(assignment=assignment, tests=tests, output=str(result.get("output", "")))


def case_record(case: CaseResult) -> dict:
    record = {"case": case.case, "passed": case.passed, "diagnosis": case.diagnosis, "measurements": case.measurements}
    if case.traceback:
        record["traceback"] = case.traceback
    if case.pending:
        record["pending"] = True
    return record


MARKS = {"passed": "✓", "partial": "~", "failed": "✗", "pending": "?"}


def state(test: TestResult) -> str:
    if test.pending:
        return "pending"
    return "passed" if test.passed else ("partial" if test.score > 0 else "failed")


def mistake_numbers(test: TestResult, found: list[Finding]) -> list[int]:
    return [number for number, finding in enumerate(found, 1) if test.name in finding.tests]


def checklist(result: SuiteResult) -> list[str]:
    """What a learner reads (`nnkit check`, `check()` in a notebook): one line per graded item with
    the mistakes it lost points to, then each mistake once, root cause first, then the score."""
    lines = [result.summary()] if result.summary() else []
    found = [] if result.problem else result.findings()
    for test in result.tests:
        numbers = mistake_numbers(test, found)
        see = f"  <- mistake {', '.join(map(str, numbers))}" if numbers else ""
        lines.append(f"{MARKS[state(test)]} {test.name.removeprefix('test_')}  ({test.score:g}/{test.max_score:g}){see}")
        if test.pending:
            lines.append(f"    {test.cases[0].diagnosis}")
    if found:
        lines.append("")
        lines.append(f"What to fix ({len(found)} mistakes; the checks the others build on come first):"
                     if len(found) > 1 else "What to fix:")
        for number, finding in enumerate(found, 1):
            first, *rest = finding.lines()
            lines.append(f"{number}. {first}")
            lines += [f"   {line}" for line in rest]
        lines.append("")
    verdict = "all checks pass" if result.passed else "keep going"
    judged = rounded(result.max_score - result.pending_points)
    later = (f" (+ {result.pending_points:g} point{'' if result.pending_points == 1 else 's'} of questions, graded "
             f"when you submit)" if result.pending_points else "")
    lines.append(f"{result.score:g} / {judged:g}{later} — {verdict}")
    return lines
