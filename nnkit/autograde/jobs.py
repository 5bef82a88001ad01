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
    Whatever else goes wrong with this one folder is a grader error for this student alone:
    named, not recorded, and the batch goes on.
    """
    from autograder.submission import BadSubmission, code_cells, read_notebook
    from nnkit.autograde.notebooks import restore

    cells: list[str] = []
    try:
        for plan in blueprint.notebooks:
            notebook = read_notebook(folder.folder / plan.filename, within=folder.within)
            cells += code_cells(restore(notebook, plan))
    except BadSubmission as problem:
        return zero(blueprint.assignment, blueprint.tests, folder.student, folder.timestamp, f"{problem}: scored 0.")
    except Exception as error:  # noqa: BLE001  a defect of ours met by this file: it must not stop the class
        return grader_error(blueprint.assignment, blueprint.tests, folder.student, folder.timestamp,
                            f"could not be read ({one_line(error)})")
    context = GradingContext(keys=blueprint.keys) if seed is None else GradingContext(seed=seed, keys=blueprint.keys)
    return Job(folder.student, folder.timestamp, tuple(cells), context)


def grader_error(assignment: str, tests: dict[str, float], student: str, timestamp: str | None, what: str) -> Outcome:
    """An outcome that is no verdict on the student: nothing is recorded, the next run tries again."""
    outcome = zero(assignment, tests, student, timestamp, f"{what}; not recorded, the next run grades it again")
    outcome.status = GRADER_ERROR
    return outcome


def one_line(error: BaseException) -> str:
    from autograder.learner_text import capped

    text = " ".join(str(error).split())
    return capped(f"{type(error).__name__}: {text}" if text else type(error).__name__, 300)
