"""`nnkit grade` (instructor view: a table and Gradescope JSON) and `nnkit check` (learner view)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from autograder.learner_text import terminal_safe
from autograder.results import SuiteResult


def infer_assignment(submission: Path) -> str:
    from autograder.runner import ASSIGNMENTS

    if submission.stem in ASSIGNMENTS:
        return submission.stem
    raise ValueError(f"cannot tell the assignment from the name {submission.name!r}: pass --assignment "
                     f"({', '.join(ASSIGNMENTS)})")


def run_grading(submission: Path, assignment: str | None, timeout: float) -> SuiteResult | str:
    """The result, or a one-line reason why the input cannot be graded."""
    from autograder.sandbox.forkserver import zygote

    zygote()  # its start-up (a fresh interpreter importing numpy) overlaps with ours
    from autograder.grading import grade_cells
    from autograder.runner import UnknownAssignment
    from autograder.submission import BadSubmission, read_submission

    try:
        cells = read_submission(submission).cells
        return grade_cells(cells, assignment or infer_assignment(submission), timeout=timeout)
    except (BadSubmission, UnknownAssignment, ValueError) as exc:
        return str(exc)


def shown(text: str):
    """Learner text (diagnoses quote answers and error messages) as rich shows it: never read as
    markup ("[/]" would stop the table with a MarkupError) and with terminal escapes neutralised."""
    from rich.text import Text

    return Text(terminal_safe(text))


def score_table(title: str, tests, **table_options):
    """A rich table of graded items: points coloured by outcome, the diagnoses beside them."""
    from rich.table import Table

    table = Table(title=title, **table_options)
    table.add_column("check")
    table.add_column("points", justify="right")
    table.add_column("feedback")
    for test in tests:
        style = "green" if test.passed else ("yellow" if test.score > 0 else "red")
        table.add_row(test.name.removeprefix("test_"), f"[{style}]{test.score:g}/{test.max_score:g}[/]",
                      "ok" if test.passed else shown("\n".join(test.diagnoses)))
    return table


def render_table(result: SuiteResult) -> None:
    from rich.console import Console

    console = Console()
    if result.summary():
        console.print(shown(result.summary()), highlight=False)
    console.print(score_table(f"{result.assignment}: {result.score:g} / {result.max_score:g}", result.tests))


def render_checklist(result: SuiteResult) -> None:
    from rich.console import Console

    console = Console()
    if result.summary():
        console.print(shown(result.summary()), highlight=False)
    for test in result.tests:
        mark = "[green]✓[/]" if test.passed else ("[yellow]~[/]" if test.score > 0 else "[red]✗[/]")
        console.print(f"{mark} {test.name.removeprefix('test_')}  ({test.score:g}/{test.max_score:g})")
        for diagnosis in test.diagnoses:
            console.print(shown(f"    {diagnosis}"), highlight=False)
    verdict = "all checks pass" if result.score == result.max_score else "keep going"
    console.print(f"[bold]{result.score:g} / {result.max_score:g}[/] — {verdict}")


def grade_command(submission: Path, assignment: str | None, json_out: Path | None, timeout: float,
                  learner_view: bool = False) -> int:
    outcome = run_grading(submission, assignment, timeout)
    if isinstance(outcome, str):
        print(terminal_safe(f"nnkit: {outcome}"), file=sys.stderr, flush=True)
        return 2
    (render_checklist if learner_view else render_table)(outcome)
    if json_out is not None:
        json_out.write_text(json.dumps(outcome.to_gradescope(), indent=2))
    return 0
