"""`nnkit grade`: one submission, a readable table, optional Gradescope JSON."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.grading import grade_path
from autograder.results import SuiteResult
from autograder.runner import UnknownAssignment
from autograder.submission import BadSubmission


def render(result: SuiteResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{result.assignment}: {result.score:g} / {result.max_score:g}", show_lines=False)
    table.add_column("check")
    table.add_column("points", justify="right")
    table.add_column("feedback")
    for test in result.tests:
        style = "green" if test.passed else ("yellow" if test.score > 0 else "red")
        table.add_row(test.name.removeprefix("test_"), f"[{style}]{test.score:g}/{test.max_score:g}[/]",
                      "ok" if test.passed else "\n".join(test.diagnoses))
    if result.summary():
        console.print(result.summary(), markup=False, highlight=False)
    console.print(table)


def grade_command(submission: Path, assignment: str, json_out: Path | None, timeout: float) -> int:
    try:
        result = grade_path(submission, assignment, timeout=timeout)
    except (BadSubmission, UnknownAssignment) as exc:
        print(f"nnkit: {exc}", flush=True, file=__import__("sys").stderr)
        return 2
    render(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_gradescope(), indent=2))
    return 0
