"""What travels between the steps: a Job (code to grade) and its Outcome (a scored result)."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.context import GradingContext
from autograder.results import SuiteResult, TestResult

GRADED = "graded"
TIMED_OUT = "timed out"  # graded, but some call into the submission hit the time limit
UNGRADABLE = "ungradable"  # a broken or missing notebook: zero, with the reason
GRADER_ERROR = "grader error"  # a defect of the grader, not the student's: nothing recorded, retried next run


@dataclass(frozen=True)
class Job:
    student: str
    timestamp: str | None  # the text of timestamp.txt, or None when nbgrader wrote none
    cells: tuple[str, ...]  # the code cells to run, locked cells restored from the gradebook
    # the run's secret seed (fresh unless replayed) and the answer keys from the gradebook's hidden cells
    context: GradingContext = field(default_factory=GradingContext)


@dataclass
class Outcome:
    student: str
    timestamp: str | None
    result: SuiteResult
    status: str
    seconds: float = 0.0


def zero(assignment: str, tests: dict[str, float], student: str, timestamp: str | None, problem: str) -> Outcome:
    """A submission that cannot be graded scores zero on every test, and says why."""
    result = SuiteResult(assignment=assignment, tests=[TestResult(name=name, max_score=points) for name, points in tests.items()],
                         problem=problem)
    return Outcome(student, timestamp, result, UNGRADABLE)


def prepare(blueprint, folder, seed: int | None = None) -> Job | Outcome:
    """A submission folder -> the Job that grades it, or at once a zero Outcome saying why not.

    The cells of all the assignment's notebooks run in one sandbox, in the gradebook's order.
    A missing or broken notebook zeroes the whole submission (each assignment here has one).
    """
    from autograder.submission import BadSubmission, code_cells
    from nnkit.autograde.notebooks import read_notebook, restore

    cells: list[str] = []
    try:
        for plan in blueprint.notebooks:
            cells += code_cells(restore(read_notebook(folder.folder / plan.filename), plan))
    except BadSubmission as problem:
        return zero(blueprint.assignment, blueprint.tests, folder.student, folder.timestamp, f"{problem}: scored 0.")
    context = GradingContext(keys=blueprint.keys) if seed is None else GradingContext(seed=seed, keys=blueprint.keys)
    return Job(folder.student, folder.timestamp, tuple(cells), context)
