"""`nnkit grade` (instructor view: a table and Gradescope JSON) and `nnkit check` (learner view)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from autograder.learner_text import terminal_safe
from autograder.results import SuiteResult


def infer_assignment(submission: Path, scope) -> str:
    from autograder.registry import assignment_names

    names = [*assignment_names(scope), *scope.names]
    if submission.stem in names:
        return submission.stem
    raise ValueError(f"cannot tell the assignment from the name {submission.name!r}: pass --assignment "
                     f"({', '.join(names)})")


def grading_context(assignment: str, instructor: bool, seed: int | None, scope, course: Path):
    """The run's context: a fresh secret seed (or `seed`, to replay a run) and, for an instructor's
    `nnkit grade`, the answer keys of the source notebook in this course or the kit's checkout.
    A learner's `check` never reads keys: its questions are graded on submission."""
    from autograder.answer_keys import keys_in_notebook
    from autograder.context import GradingContext
    from autograder.registry import find_assignment

    kit = find_assignment(assignment, scope)
    # the course's own source notebook first (under its own name), then the kit assignment's
    own = course / "source" / assignment / f"{assignment}.ipynb"
    notebooks = ([own] if own.is_file() else []) + kit.source_notebooks(course=course) if instructor else []
    keys = keys_in_notebook(notebooks[0]) if notebooks else {}
    return GradingContext(keys=keys) if seed is None else GradingContext(seed=seed, keys=keys)


def run_grading(submission: Path, assignment: str | None, timeout: float, instructor: bool = True,
                seed: int | None = None, course: Path | None = None) -> SuiteResult | str:
    """The result, or a one-line reason why the input cannot be graded."""
    from autograder.sandbox.forkserver import zygote

    zygote()  # its start-up (a fresh interpreter importing numpy) overlaps with ours
    from autograder.grading import grade_cells
    from autograder.registry import course_scope, scope_near
    from autograder.runner import UnknownAssignment
    from autograder.submission import BadSubmission, read_submission

    try:
        course = (course or Path.cwd()).resolve()
        scope = course_scope(course) if (course / "nbgrader_config.py").is_file() else scope_near(course)
        cells = read_submission(submission).cells
        assignment = assignment or infer_assignment(submission, scope)
        context = grading_context(assignment, instructor, seed, scope, course)
        return grade_cells(cells, assignment, timeout=timeout, context=context, scope=scope)
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
    console.print(f"seed {result.seed} (replay this run with --seed {result.seed})", style="dim", highlight=False)


def render_checklist(result: SuiteResult) -> None:
    from rich.console import Console

    console = Console()
    if result.summary():
        console.print(shown(result.summary()), highlight=False)
    for test in result.tests:
        mark = "[green]✓[/]" if test.passed else ("?" if test.pending else "[yellow]~[/]" if test.score > 0 else "[red]✗[/]")
        console.print(f"{mark} {test.name.removeprefix('test_')}  ({test.score:g}/{test.max_score:g})")
        for diagnosis in test.diagnoses:
            console.print(shown(f"    {diagnosis}"), highlight=False)
    judged = result.max_score - result.pending_points
    verdict = "all checks pass" if result.score == judged else "keep going"
    later = (f" (+ {result.pending_points:g} point{'' if result.pending_points == 1 else 's'} of questions, graded when you "
             f"submit)" if result.pending_points else "")
    console.print(f"[bold]{result.score:g} / {judged:g}[/]{later} — {verdict}")


def grade_command(submission: Path, assignment: str | None, json_out: Path | None, timeout: float,
                  learner_view: bool = False, seed: int | None = None, course: Path | None = None) -> int:
    outcome = run_grading(submission, assignment, timeout, instructor=not learner_view, seed=seed, course=course)
    if isinstance(outcome, str):
        print(terminal_safe(f"nnkit: {outcome}"), file=sys.stderr, flush=True)
        return 2
    (render_checklist if learner_view else render_table)(outcome)
    if json_out is not None:
        json_out.write_text(json.dumps(outcome.to_gradescope(), indent=2))
    return 0
