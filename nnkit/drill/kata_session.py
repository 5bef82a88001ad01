"""A kata in the terminal: write the stub, let the learner edit it, grade it, show score and time."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.syntax import Syntax
from rich.text import Text

from nnkit.drill.kata import Kata, KataResult, grade_kata, solution_source, stub_source
from nnkit.drill.progress import Progress
from nnkit.grade import score_table


def write_stub(kata: Kata, path: Path, console: Console) -> None:
    """A fresh stub at `path`; an earlier file there is kept beside it as `.previous.py`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        previous = path.with_suffix(".previous.py")
        path.replace(previous)
        console.print(f"[dim]Your earlier file there is kept as {previous}.[/]")
    path.write_text(stub_source(kata), encoding="utf-8")


def editor_command() -> list[str] | None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    return shlex.split(editor) if editor else None


def run_editor(path: Path, console: Console) -> bool:
    """Opens $VISUAL/$EDITOR on the kata and waits for it to close; False when there is no editor to run."""
    command = editor_command()
    if not command:
        return False
    console.print(f"Opening {path} in {command[0]}; the kata is graded when the editor closes.")
    try:
        subprocess.run([*command, str(path)], check=False)
        return True
    except FileNotFoundError:
        console.print(f"[yellow]Could not start the editor {command[0]!r}.[/]")
        return False


def retry(console: Console, with_editor: bool) -> bool:
    """After a grading without full marks: go again (Enter) or stop (q, Ctrl-C, Ctrl-D)."""
    again = "reopen the editor" if with_editor else "grade again"
    try:
        answer = console.input(f"[bold]Fix it: press Enter to {again}, or type q to stop>[/] ")
    except (EOFError, KeyboardInterrupt):
        console.print()
        return False
    return answer.strip().lower() not in ("q", "quit", "n", "no", "stop")


def show_result(console: Console, result: KataResult, seconds: float) -> None:
    kata = result.kata
    table = score_table(f"Kata {kata.name}: {result.score:g} / {result.max_score:g}", result.tests,
                        title_justify="left")
    if result.suite.summary():
        console.print(Panel(Text(result.suite.summary()), title="your file", border_style="yellow"))
    console.print(table)
    minutes, rest = divmod(int(seconds), 60)
    pace = "within" if seconds <= kata.minutes * 60 else "over"
    verdict = "[bold green]Full marks[/]" if result.score >= result.max_score else "[bold red]Not yet[/]"
    console.print(f"{verdict} in {minutes} min {rest:02d} s ({pace} the par of {kata.minutes:g} min).")


def show_solution(console: Console, kata: Kata) -> None:
    console.print(f"Model answer for [bold]{kata.function}[/] ({kata.name}):")
    console.print(Syntax(solution_source(kata), "python", theme="ansi_dark", line_numbers=False))


def run_kata(console: Console, kata: Kata, path: Path, progress: Progress, *, use_editor: bool, sandbox: bool) -> KataResult:
    """Edit, grade, and again until full marks or the learner stops; each grading is recorded
    with the time since the stub was written, so the clock keeps running across retries."""
    console.print(Panel(f"{kata.task}\n\nFile: {path}\nGraded on: {', '.join(t.removeprefix('test_') for t in kata.tests)}",
                        title=f"Kata {kata.name} ({kata.assignment}, par {kata.minutes:g} min)", title_align="left",
                        border_style="magenta"))
    write_stub(kata, path, console)
    started_at, clock = time.time(), time.monotonic()
    with_editor = use_editor and run_editor(path, console)
    if not with_editor:
        console.print(f"Edit [bold]{path}[/] in your editor, save it, then press [bold]Enter[/] here to grade it.")
        console.input("[bold]Enter when done>[/] ")
    while True:
        seconds = time.monotonic() - clock
        with console.status("Grading with the hidden suite..."):
            result = grade_kata(kata, path.read_text(encoding="utf-8"), sandbox=sandbox)
        progress.record_kata(kata.name, started_at, seconds, result.score, result.max_score)
        show_result(console, result, seconds)
        if result.score >= result.max_score:
            return result
        if not retry(console, with_editor):
            console.print(f"[dim]See a model answer with: nnkit drill --kata {kata.name} --solution[/]")
            return result
        if with_editor:
            run_editor(path, console)
