"""The one nnkit command line. Each verb is a thin wrapper over its package.

Every verb runs inside `nnkit.errors.one_line_errors`: bad input and environment problems are one
line and exit 2, never a traceback (typer's pretty tracebacks, which print every local variable,
are off).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from nnkit.errors import one_line_errors, positive

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="nnkit: neural-network exercises, grading and drills.")


def verb(name: str | None = None):
    """Register a command function as a verb, inside the one error policy."""
    def register(command):
        app.command(name=name)(one_line_errors(command))
        return command
    return register


TIMEOUT_HELP = "Seconds each call into the code may take (more than 0)."


@verb()
def build(
    root: Path = typer.Option(Path("."), help="The project folder holding source/ and nbgrader_config.py."),
    out: Optional[Path] = typer.Option(None, help="Write release/, exercises/, solutions/ here instead of ROOT."),
) -> None:
    """Generate release/, exercises/ and solutions/ from source/ (never touches a learner's own copy)."""
    from nnkit.build import build_all

    build_all(root.resolve(), (out or root).resolve())


@verb()
def start(
    assignment: str = typer.Argument(..., help="activations, layer, initialization or network."),
    folder: Path = typer.Argument(Path("."), help="Your own folder to work in (made if missing)."),
    notebook: bool = typer.Option(False, "--notebook", help="Copy the Jupyter notebook instead of the .py file."),
) -> None:
    """Start an assignment: copy its exercise into your own folder (an existing file is never overwritten)."""
    from nnkit.start import start_assignment

    copied = start_assignment(assignment, folder, notebook=notebook)
    opened = f"open it with `jupyter lab {copied}`, work in it and run its last cell, or" if notebook else "work in it, then"
    typer.echo(f"wrote {copied}: {opened} check it with\n\n    nnkit check {copied}\n")


@verb()
def grade(
    submission: Path = typer.Argument(..., help="A filled-in .py exercise or .ipynb release notebook."),
    assignment: Optional[str] = typer.Option(None, "--assignment", "-a", help="activations, layer, initialization or network (default: from the file name)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write Gradescope results JSON here (folders are made)."),
    timeout: float = typer.Option(10.0, callback=positive, help=TIMEOUT_HELP),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Replay a run: draw the cases from this seed "
                                       "(shown after grading, and in the JSON) instead of a fresh secret one."),
    course: Optional[Path] = typer.Option(None, "--course", help="The course folder (its nbgrader_config.py names "
                                          "assignments and plug-ins; its source/ holds the answer keys). Default: here."),
) -> None:
    """Grade one submission in the sandbox and show the score and diagnoses (exit 0 when graded)."""
    from nnkit.grade import grade_command

    raise typer.Exit(grade_command(submission, assignment, json_out, timeout=timeout, seed=seed, course=course))


@verb()
def check(
    submission: Path = typer.Argument(..., help="Your .py exercise or .ipynb notebook."),
    assignment: Optional[str] = typer.Option(None, "--assignment", "-a", help="Taken from the file name when omitted."),
    timeout: float = typer.Option(10.0, callback=positive, help=TIMEOUT_HELP),
) -> None:
    """Check your work: what passes, what fails and why (exit 0: all pass, 1: something fails, 2: bad input)."""
    from nnkit.grade import check_command

    raise typer.Exit(check_command(submission, assignment, timeout=timeout))


def register_other_verbs(argv: list[str]) -> None:
    """The verbs with modules of their own, imported only when they may be the one asked for:
    `nnkit grade` and `nnkit check` must answer in well under a second, start-up included."""
    if len(argv) > 1 and argv[1] in ("build", "start", "grade", "check"):
        return
    from nnkit.audit.command import audit
    from nnkit.autograde.command import autograde
    from nnkit.drill.command import drill
    from nnkit.feedback.command import feedback
    from nnkit.feedback.demo import demo
    from nnkit.new.command import new

    for name, command in (("autograde", autograde), ("audit", audit), ("new", new), ("feedback", feedback),
                          ("drill", drill), ("demo", demo)):
        verb(name)(command)


register_other_verbs(sys.argv)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
