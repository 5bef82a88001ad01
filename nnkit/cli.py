"""The one nnkit command line. Each verb is a thin wrapper over its package."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="nnkit: neural-network exercises, grading and drills.")

BAD_INPUT = 2


def bad_input(message: str) -> None:
    typer.echo(f"nnkit: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


@app.command()
def build(
    root: Path = typer.Option(Path("."), help="The project folder holding source/ and nbgrader_config.py."),
    out: Optional[Path] = typer.Option(None, help="Write release/, exercises/, solutions/ here instead of ROOT."),
) -> None:
    """Generate release/, exercises/ and solutions/ from source/."""
    from nnkit.build import build_all

    build_all(root.resolve(), (out or root).resolve())


@app.command()
def grade(
    submission: Path = typer.Argument(..., help="A filled-in .py exercise or .ipynb release notebook."),
    assignment: Optional[str] = typer.Option(None, "--assignment", "-a", help="activations, layer, initialization or network (default: from the file name)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write Gradescope results JSON here."),
    timeout: float = typer.Option(10.0, help="Seconds each call into the submission may take."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Replay a run: draw the cases from this seed "
                                       "(shown after grading, and in the JSON) instead of a fresh secret one."),
    course: Optional[Path] = typer.Option(None, "--course", help="The course folder (its nbgrader_config.py names "
                                          "assignments and plug-ins; its source/ holds the answer keys). Default: here."),
) -> None:
    """Grade one submission in the sandbox and show the score and diagnoses."""
    from nnkit.grade import grade_command

    raise typer.Exit(grade_command(submission, assignment, json_out, timeout=timeout, seed=seed, course=course))


@app.command()
def check(
    submission: Path = typer.Argument(..., help="Your .py exercise or .ipynb notebook."),
    assignment: Optional[str] = typer.Option(None, "--assignment", "-a", help="Taken from the file name when omitted."),
    timeout: float = typer.Option(10.0, help="Seconds each call into your code may take."),
) -> None:
    """Check your work: what passes, what fails and why (hidden tests stay hidden)."""
    from nnkit.grade import grade_command

    raise typer.Exit(grade_command(submission, assignment, None, timeout=timeout, learner_view=True))


def register_other_verbs(argv: list[str]) -> None:
    """The verbs with modules of their own, imported only when they may be the one asked for:
    `nnkit grade` and `nnkit check` must answer in well under a second, start-up included."""
    if len(argv) > 1 and argv[1] in ("build", "grade", "check"):
        return
    from nnkit.audit.command import audit
    from nnkit.autograde.command import autograde
    from nnkit.drill.command import drill
    from nnkit.feedback.command import feedback
    from nnkit.feedback.demo import demo
    from nnkit.new.command import new

    app.command(name="autograde")(autograde)
    app.command(name="audit")(audit)
    app.command(name="new")(new)
    app.command(name="feedback")(feedback)
    app.command(name="drill")(drill)
    app.command(name="demo")(demo)


register_other_verbs(sys.argv)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
