"""`nnkit audit ASSIGNMENT`: mutation-test an assignment's hidden suite and show what it lets through."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

BAD_INPUT = 2
SHOWN = 10  # weaknesses shown in full; the JSON has them all


def audit(
    assignment: str = typer.Argument(..., help="An assignment's name, or the folder of one (with suite.py)."),
    max_mutants: Optional[int] = typer.Option(None, "--max", min=1, help="Grade at most this many mutants "
                                              "(taken in turn from each kind of mistake)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the whole audit (every survivor) here."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", min=1, help="Grading processes."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Replay an audit with this seed."),
    timeout: float = typer.Option(5.0, "--timeout", min=0.1, help="Seconds each call into a mutant may take."),
    course: Path = typer.Option(Path("."), "--course", help="Where source/<name>/<name>.ipynb is, if not in the kit."),
    minimum: Optional[float] = typer.Option(None, "--minimum", min=0, max=1,
                                            help="Exit 1 when the mutation score is below this (for CI)."),
) -> None:
    """How good is a hidden suite? Grade small mistakes made in the reference solution and show
    every one the suite lets through."""
    from autograder.registry import BadCourseConfig, UnknownAssignment, course_scope, find_assignment, read_assignment
    from nnkit.audit.audit import ReferenceFails, run_audit
    from nnkit.audit.reference import NoReference

    folder = Path(assignment)
    try:
        found = read_assignment(folder.resolve().name, folder.resolve()) if (folder / "suite.py").is_file() \
            else find_assignment(assignment, course_scope(course.resolve()))
        notebooks = found.source_notebooks(course=course.resolve())
        if not notebooks:
            raise NoReference(f"no source notebook for {found.name} (looked for source/{found.name}/{found.name}.ipynb "
                              f"in {course.resolve()}, the assignment's folder and the kit): pass --course")
        result = run_audit(found, notebooks[0], limit=max_mutants, workers=workers, seed=seed, timeout=timeout)
    except (UnknownAssignment, BadCourseConfig, NoReference, ReferenceFails) as exc:
        typer.echo(f"nnkit: {exc}", err=True)
        raise typer.Exit(BAD_INPUT)
    show(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_json(), indent=2), encoding="utf-8")
    if minimum is not None and result.score < minimum:
        typer.echo(f"nnkit: mutation score {result.score:.1%} is below {minimum:.1%}", err=True)
        raise typer.Exit(1)


def show(result) -> None:
    from rich.console import Console
    from rich.syntax import Syntax

    console = Console()
    judged = result.mutants - len(result.equivalent)
    console.print(f"[bold]{result.assignment}[/]: mutation score [bold]{result.score:.1%}[/] "
                  f"({result.killed} of {judged} mutants killed; {len(result.equivalent)} probably equivalent "
                  f"of {result.mutants}; seed {result.seed})", highlight=False)
    for survivor in result.weaknesses[:SHOWN]:
        console.print(f"\n[yellow]survived[/] #{survivor.number} {survivor.operator} at line {survivor.line}: "
                      f"{survivor.description} (differs at {survivor.differs_at})", highlight=False, markup=True)
        console.print(Syntax(survivor.diff, "diff", theme="ansi_dark"))
    if len(result.weaknesses) > SHOWN:
        console.print(f"\n... and {len(result.weaknesses) - SHOWN} more weaknesses (--json for all)")
    for error in result.grader_errors[:5]:
        console.print(f"[red]suite error[/] {error}", highlight=False)
