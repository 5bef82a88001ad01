"""A kata in the terminal: the file, the editor, grading in the sandbox, hints, the model answer.

Every grading is recorded with the time since the kata started, its score and the code graded,
so `--stats` can show each attempt. A kata file that already holds an attempt is replaced with a
fresh stub only when the learner says so. The model answer is shown after an attempt, or before
one only on an explicit give-up, which is recorded as such.
"""

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

from nnkit.drill.kata import Kata, KataResult, grade_kata
from nnkit.drill.progress import Progress

STOP_WORDS = ("q", "quit", "stop", "exit")
HINT_WORDS = ("h", "hint", "?")
GIVE_UP_WORDS = ("s", "solution", "give up", "giveup")


class GaveUp(Exception):
    """The learner asked for the model answer before full marks."""


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


def ask(console: Console, prompt: str) -> str | None:
    """A typed line, or None when the input is closed (Ctrl-D, or no terminal at all)."""
    try:
        return console.input(prompt).strip().lower()
    except EOFError:
        console.print()
        return None


def prepare_file(kata: Kata, path: Path, console: Console) -> None:
    """A fresh stub at `path`, unless an earlier attempt is there and the learner keeps it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") != kata.stub:
        console.print(f"[yellow]{path} holds an earlier attempt.[/]")
        answer = ask(console, "[bold]Start again from a fresh stub? The old file is kept as .previous.py \\[y/N]>[/] ")
        if answer not in ("y", "yes"):
            console.print("Carrying on with your file.")
            return
        previous = path.with_suffix(".previous.py")
        path.replace(previous)
        console.print(f"[dim]Your earlier file is kept as {previous}.[/]")
    path.write_text(kata.stub, encoding="utf-8")


def show_hint(console: Console, kata: Kata, shown: list[str]) -> None:
    if len(shown) < len(kata.hints):
        shown.append(kata.hints[len(shown)])
        console.print(Text(f"Hint {len(shown)}/{len(kata.hints)}: {shown[-1]}", style="cyan"))
    else:
        console.print("[yellow]No more hints. Type s to see the model answer (recorded as a give-up).[/]")


def wait_for_learner(console: Console, kata: Kata, shown: list[str], action: str) -> bool:
    """Enter -> True (go on to `action`); h shows a hint; s gives up; q or end of input -> False."""
    while True:
        answer = ask(console, f"[bold]Enter to {action}, h for a hint, s to give up and see the model answer,"
                              " q to stop>[/] ")
        if answer is None or answer in STOP_WORDS:
            return False
        if answer in HINT_WORDS:
            show_hint(console, kata, shown)
            continue
        if answer in GIVE_UP_WORDS:
            raise GaveUp
        return True


def show_result(console: Console, result: KataResult, seconds: float) -> None:
    from nnkit.grade import score_table

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


def show_model_answer(console: Console, kata: Kata) -> None:
    console.print(f"Model answer for kata [bold]{kata.name}[/] (yours may differ and be just as right):")
    console.print(Syntax(kata.model, "python", theme="ansi_dark", line_numbers=False))


def give_up(console: Console, kata: Kata, path: Path | None, progress: Progress, started_at: float, seconds: float) -> None:
    code = path.read_text(encoding="utf-8") if path is not None and path.exists() else None
    progress.record_kata(kata.name, started_at, seconds, 0.0, 0.0, code, outcome="gave-up")
    show_model_answer(console, kata)
    console.print("[dim]Recorded as a give-up. Try the kata again another day: nnkit drill --kata "
                  f"{kata.name}[/]")


def run_kata(console: Console, kata: Kata, path: Path, progress: Progress, *, use_editor: bool,
             sandbox: bool) -> KataResult | None:
    """Edit, grade, and again until full marks or the learner stops; each grading is recorded
    with the time since the kata started, so the clock keeps running across retries."""
    console.print(Panel(f"{kata.task}\n\nFile: {path}\nPar: {kata.minutes:g} min · {len(kata.hints)} hints",
                        title=f"Kata {kata.name} ({kata.topic})", title_align="left", border_style="magenta"))
    prepare_file(kata, path, console)
    started_at, clock = time.time(), time.monotonic()
    shown: list[str] = []
    result: KataResult | None = None
    try:
        with_editor = use_editor and run_editor(path, console)
        if not with_editor:
            console.print(f"Edit [bold]{path}[/] in your editor and save it.")
            if not wait_for_learner(console, kata, shown, "grade it"):
                console.print(f"[dim]Stopped before grading: nothing recorded (your file stays at {path}).[/]")
                return None
        while True:
            seconds = time.monotonic() - clock
            code = path.read_text(encoding="utf-8")
            with console.status("Grading in the sandbox..."):
                result = grade_kata(kata, code, sandbox=sandbox)
            progress.record_kata(kata.name, started_at, seconds, result.score, result.max_score, code)
            show_result(console, result, seconds)
            if result.score >= result.max_score:
                console.print(f"[dim]Compare with the model answer: nnkit drill --kata {kata.name} --solution[/]")
                return result
            again = "reopen the editor" if with_editor else "grade again"
            if not wait_for_learner(console, kata, shown, again):
                console.print(f"[dim]See the model answer with: nnkit drill --kata {kata.name} --solution[/]")
                return result
            if with_editor:
                run_editor(path, console)
    except GaveUp:
        give_up(console, kata, path, progress, started_at, time.monotonic() - clock)
        return result
