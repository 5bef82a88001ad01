"""One quiz session: ask, mark, explain, record; the same loop for a terminal and an answers file.

Input comes from an `AnswerSource`: `TerminalAnswers` reads what the user types,
`ScriptedAnswers` reads one answer per line from a file or stdin and echoes it, so a scripted
transcript reads like a typed one. Both raise EOFError when there is nothing more to read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nnkit.drill.bank import Question, Topic
from nnkit.drill.marking import letters, mark
from nnkit.drill.progress import Progress

SKIP_WORDS = ("skip", "pass", "?")
QUIT_WORDS = ("quit", "exit", ":q")
KIND_HINTS = {
    "choice": "answer with a letter",
    "numeric": "a number (fractions like 1/4 are fine)",
    "shape": "a shape like (4, 3) or 4x3, or 'error'",
    "short": "a few words",
}


class AnswerSource(Protocol):
    def ask(self, console: Console, prompt: str) -> str: ...


class TerminalAnswers:
    def ask(self, console: Console, prompt: str) -> str:
        return console.input(prompt)


class ScriptedAnswers:
    """One answer per line; the answer is echoed after the prompt like typed input."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines

    def ask(self, console: Console, prompt: str) -> str:
        try:
            line = next(self.lines)
        except StopIteration:
            raise EOFError from None
        answer = line.rstrip("\r\n")
        console.print(Text.from_markup(prompt) + Text(answer))
        return answer


class QuitSession(Exception):
    """The user typed `quit`: end the session early, everything answered is already saved."""


@dataclass
class Tally:
    """What this session has recorded so far (read by the interrupt message and the summary)."""

    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (topic, outcome)
    started: float = field(default_factory=time.monotonic)

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(outcome == "correct" for _, outcome in self.outcomes)


def show_question(console: Console, question: Question, topics: dict[str, Topic], number: int, total: int) -> None:
    options = Table.grid(padding=(0, 1))
    options.add_column(width=3, justify="right", style="bold cyan")
    options.add_column()
    for letter, option in zip(letters(len(question.options)), question.options):
        options.add_row(f"{letter})", Text(option))
    # the id lets a learner name a question (to report it, or to find it in the bank files)
    body = Group(Text(question.prompt + ("\n" if question.options else "")), options,
                 Text(question.id, style="dim", justify="right"))
    title = f"[bold]Question {number}/{total}[/] - {topics[question.topic].title}"
    console.print(Panel(body, title=title, title_align="left", subtitle=KIND_HINTS[question.kind],
                        subtitle_align="right", border_style="blue"))


def read_answer(console: Console, source: AnswerSource) -> str:
    """The typed answer; "" means skipped. An empty line is asked again once before it counts as a skip."""
    answer = source.ask(console, "[bold]answer>[/] ").strip()
    if not answer:
        console.print("[yellow]No answer given: type one, or press Enter again to skip.[/]")
        answer = source.ask(console, "[bold]answer>[/] ").strip()
    if answer.lower() in QUIT_WORDS:
        raise QuitSession
    return "" if answer.lower() in SKIP_WORDS else answer


def ask_one(console: Console, source: AnswerSource, question: Question) -> tuple[str, str]:
    """(given, outcome) for one question, with the mark and explanation shown."""
    given = read_answer(console, source)
    result = mark(question, given) if given else None
    if result is not None and not result.readable:
        # a slip of notation (a shape typed for a letter) earns a second try, not a wrong mark
        console.print(f"[yellow]Could not read that: {result.note}.[/]")
        given = read_answer(console, source)
        result = mark(question, given) if given else None
    if result is None:
        console.print(f"[yellow]Skipped.[/] The answer: [bold]{mark(question, '').expected}[/]")
        outcome = "skipped"
    elif result.correct:
        console.print("[bold green]Right.[/]")
        outcome = "correct"
    else:
        console.print(f"[bold red]Not quite.[/] The answer: [bold]{result.expected}[/]")
        outcome = "wrong"
    console.print(Text(question.explanation, style="dim"))
    console.print()
    return given, outcome


def run_quiz(console: Console, source: AnswerSource, questions: list[Question], topics: dict[str, Topic],
             progress: Progress, tally: Tally) -> None:
    """Ask each question, committing each answer before the next. Ctrl-C/EOF propagate to the caller."""
    session_id = progress.start_session()
    for number, question in enumerate(questions, start=1):
        show_question(console, question, topics, number, len(questions))
        asked_at = time.monotonic()
        try:
            given, outcome = ask_one(console, source, question)
        except QuitSession:
            console.print("Stopped early at your request.")
            return
        progress.record_answer(session_id, question.id, question.topic, given, outcome, time.monotonic() - asked_at)
        tally.outcomes.append((question.topic, outcome))


def show_summary(console: Console, tally: Tally, topics: dict[str, Topic]) -> None:
    if not tally.answered:
        console.print("No answers this session.")
        return
    table = Table(title="This session", title_justify="left")
    table.add_column("topic")
    table.add_column("right", justify="right")
    table.add_column("answered", justify="right")
    for name, topic in topics.items():
        outcomes = [outcome for t, outcome in tally.outcomes if t == name]
        if outcomes:
            table.add_row(topic.title, str(outcomes.count("correct")), str(len(outcomes)))
    console.print(table)
    minutes, seconds = divmod(int(time.monotonic() - tally.started), 60)
    console.print(f"[bold]{tally.correct}/{tally.answered} right[/] in {minutes} min {seconds:02d} s. "
                  "Missed questions come back first next time.")
