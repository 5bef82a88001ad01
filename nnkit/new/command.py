"""`nnkit new NAME`: scaffold a plug-in assignment in a course."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

BAD_INPUT = 2


def new(
    name: str = typer.Argument(..., help="The new assignment's name (a lower-case Python identifier)."),
    course: Path = typer.Option(Path("."), "--course", help="The nbgrader course folder to put it in."),
    title: Optional[str] = typer.Option(None, "--title", help="The notebook's title."),
) -> None:
    """Start an assignment of your own: a plug-in folder (suite, maths, catalogue) and its source
    notebook, which already build, release and grade; then make it yours (docs/plugins.md)."""
    from nnkit.new.scaffold import CannotScaffold, scaffold

    try:
        written = scaffold(name, course.resolve(), title)
    except (CannotScaffold, OSError) as exc:
        typer.echo(f"nnkit: {exc}", err=True)
        raise typer.Exit(BAD_INPUT)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: nbgrader generate_assignment {name} (in {course.resolve()}), then nnkit audit "
               f"{course.resolve() / 'nnkit_assignments' / name} --course {course.resolve()}")
