"""`nnkit demo` (`make demo`): a whole class graded end to end, in build/demo-course/.

    demo/course/submitted/     thirteen submissions of `layer` (committed; see demo/make_submissions.py)
    source/layer/, nbgrader_config.py   copied from the project at demo time: one source of truth

Then the instructor's workflow, with real nbgrader and a real gradebook:

    nbgrader generate_assignment layer     -> release/ and gradebook.db
    nnkit autograde layer                  -> scores in the gradebook, nnkit/layer/<student>.json
    nnkit feedback layer                   -> feedback/<student>/layer/layer.html

and the gradebook is read back through nbgrader's API and printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import typer

ASSIGNMENT = "layer"
WORK = Path("build") / "demo-course"


class DemoError(RuntimeError):
    """A step of the demo failed; the message says which and how to see why."""


def prepare_course(root: Path, work: Path) -> Path:
    """A fresh course folder: the committed submissions plus the project's source and config."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(root / "demo" / "course", work)
    shutil.copytree(root / "source" / ASSIGNMENT, work / "source" / ASSIGNMENT)
    shutil.copyfile(root / "nbgrader_config.py", work / "nbgrader_config.py")
    return work


def run_step(typed: str, command: list[str], work: Path) -> None:
    """Run one instructor command in the course folder, showing it as the instructor types it;
    its output goes straight to the terminal (progress bars included)."""
    typer.secho(f"\n$ {typed}", bold=True)
    from nnkit.build.release import venv_on_path

    returncode = subprocess.run(command, cwd=work, env=venv_on_path(os.environ)).returncode
    if returncode != 0:
        raise DemoError(f"`{typed}` failed (exit {returncode}); its messages are above")


def generate_assignment(work: Path) -> None:
    run_step(f"nbgrader generate_assignment {ASSIGNMENT}",
             [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--log-level=WARN"], work)


# One call into the sandbox is allowed this long: the demo's infinite loop (linus_loop) is stopped
# after it, three times (the sandbox's restarts), instead of after 10 s each.
DEMO_TIMEOUT = "3"


def autograde(work: Path) -> None:
    # ===== the one step owned by `nnkit autograde` (nnkit/autograde/): sandboxed grading into the gradebook
    run_step(f"nnkit autograde {ASSIGNMENT} --timeout {DEMO_TIMEOUT}",
             [sys.executable, "-m", "nnkit.cli", "autograde", ASSIGNMENT, "--course", str(work), "--timeout", DEMO_TIMEOUT],
             work)


def feedback(work: Path) -> list[Path]:
    from nnkit.autograde.course import Course
    from nnkit.feedback.command import write_feedback

    typer.secho(f"\n$ nnkit feedback {ASSIGNMENT}", bold=True)
    pages, failed = write_feedback(Course.load(work), ASSIGNMENT)
    if failed:
        raise DemoError(f"nnkit feedback could not write the pages of {', '.join(failed)}")
    return pages


def gradebook_rows(work: Path) -> list[tuple[str, float, float]]:
    """(student, score, max_score) of every submission of the assignment, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{work / 'gradebook.db'}") as gradebook:
        return [(s.student.id, s.score, s.max_score)
                for s in sorted(gradebook.assignment_submissions(ASSIGNMENT), key=lambda s: s.student.id)]


def print_gradebook(rows: list[tuple[str, float, float]], pages: list[Path], work: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    page_of = {page.parent.parent.name: page for page in pages}
    table = Table(title=f"gradebook: {ASSIGNMENT}", title_justify="left")
    table.add_column("student")
    table.add_column("score", justify="right")
    table.add_column("%", justify="right")
    table.add_column("feedback page")
    for student, score, max_score in rows:
        page = page_of.get(student)
        table.add_row(student, f"{score:g} / {max_score:g}", f"{100 * score / max_score:.0f}" if max_score else "-",
                      str(page.relative_to(work)) if page else "(none)")
    console = Console()
    console.print()
    console.print(table)
    console.print(f"Feedback pages: {work / 'feedback'}/<student>/{ASSIGNMENT}/{ASSIGNMENT}.html (open them in a browser)")


def run_demo(root: Path, work: Path | None = None) -> list[tuple[str, float, float]]:
    root = root.resolve()
    work = (work or root / WORK).resolve()
    prepare_course(root, work)
    generate_assignment(work)
    autograde(work)
    pages = feedback(work)
    rows = gradebook_rows(work)
    print_gradebook(rows, pages, work)
    return rows


def demo(root: Path = typer.Option(Path("."), help="The nnkit project folder (holds demo/, source/).")) -> None:
    """Grade the bundled demo class end to end in build/demo-course/ and show the gradebook."""
    try:
        run_demo(root)
    except DemoError as exc:
        typer.echo(f"nnkit demo: {exc}", err=True)
        raise typer.Exit(1)
