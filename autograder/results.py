"""One results format: a suite's outcome per graded item, and its Gradescope JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.learner_text import capped

# Bounds on what one result holds, whatever the learner's code printed or raised: each diagnosis is
# capped where it is made (pytest_plugin.diagnose); these cap what is built from many of them.
MAX_FEEDBACK = 6_000  # characters of one graded item's feedback
MAX_SUMMARY = 20_000  # characters of the submission's summary: problem, load errors, printed output


def rounded(score: float) -> float:
    """Scores are shown and stored to 4 decimals on every path (nbgrader cells included)."""
    return round(float(score) + 0.0, 4)


@dataclass
class CaseResult:
    case: str
    passed: bool
    diagnosis: str = ""
    measurements: list[dict] = field(default_factory=list)
    pending: bool = False  # not judged by this run (no answer key): graded on submission


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
    def diagnoses(self) -> list[str]:
        """Distinct diagnoses, each once, in the order they were first seen."""
        seen: dict[str, list[str]] = {}
        for case in self.cases:
            if not case.passed:
                seen.setdefault(case.diagnosis, []).append(case.case)
        return [
            diagnosis if len(cases) == len(self.cases) or not cases[0] else f"{diagnosis} [{', '.join(cases[:3])}{', ...' if len(cases) > 3 else ''}]"
            for diagnosis, cases in seen.items()
        ]

    def feedback(self) -> str:
        return capped("\n".join(self.diagnoses), MAX_FEEDBACK) if not self.passed else "passed"


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

    def test(self, name: str) -> TestResult:
        return next(t for t in self.tests if t.name == name)

    def summary(self) -> str:
        lines = []
        if self.problem:
            lines.append(self.problem)
        for error in self.load_errors:
            where = f"cell {error['cell']}" if error.get("cell") else "your code"
            lines.append(f"{where} raised {error.get('kind')}: {error.get('message')}")
            if error.get("traceback"):
                lines.append(error["traceback"].rstrip())
        if self.output.strip():
            lines.append("Your code printed:\n" + self.output.rstrip())
        return capped("\n".join(lines), MAX_SUMMARY)

    @property
    def pending_points(self) -> float:
        return rounded(sum(t.max_score for t in self.tests if t.pending))

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
                    "extra_data": {
                        "cases": [
                            {"case": c.case, "passed": c.passed, "pending": c.pending, "diagnosis": c.diagnosis,
                             "measurements": c.measurements}
                            for c in t.cases
                        ]
                    },
                }
                for t in self.tests
            ],
        }
