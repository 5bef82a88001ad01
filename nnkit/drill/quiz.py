"""One quiz session: ask, offer hints, mark, explain, rate, record; the same loop for a terminal
and an answers file.

Input comes from an `AnswerSource`: `TerminalAnswers` reads what the user types,
`ScriptedAnswers` reads one answer per line from a file or stdin and echoes it, so a scripted
transcript reads like a typed one. Both raise EOFError when there is nothing more to read.

After each answer the learner rates how well they knew it. In a terminal the drill proposes a
rating (Enter takes it); a script takes the proposal, except for a self-rated question, whose
rating is the line after its answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from fsrs import Rating
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nnkit.drill.bank import Topic
from nnkit.drill.marking import expected_text, letters, mark
from nnkit.drill.notation import plain
from nnkit.drill.posing import Posed
from nnkit.drill.progress import Progress
from nnkit.drill.review import RATING_NAMES, due_at, outcome_of, read_rating, suggest_rating

SKIP_WORDS = ("skip", "pass")
QUIT_WORDS = ("quit", "exit", ":q")
HINT_WORDS = ("hint", "h", "?")
KIND_HINTS = {
    "choice": "a letter",
    "numeric": "a number (1/4 and 2e-7 are fine)",
    "shape": "a shape like (4, 3) or 4x3, or 'error'",
    "short": "a few words",
    "recall": "your answer, then rate yourself",
}
RATING_MENU = "1 again · 2 hard · 3 good · 4 easy"


class AnswerSource(Protocol):
    interactive: bool

    def ask(self, console: Console, prompt: str) -> str: ...


class TerminalAnswers:
    interactive = True

    def ask(self, console: Console, prompt: str) -> str:
        return console.input(prompt)


class ScriptedAnswers:
    """One answer per line; the answer is echoed after the prompt like typed input."""

    interactive = False

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


@dataclass
class Answer:
    given: str  # "" when skipped
    outcome: str  # correct / wrong / skipped
    rating: Rating
    rated_by: str  # "drill" (the proposal was taken) or "learner"
    hints: int
    seconds: float


def show_question(console: Console, posed: Posed, topics: dict[str, Topic], number: int, total: int) -> None:
    options = Table.grid(padding=(0, 1))
    options.add_column(width=3, justify="right", style="bold cyan")
    options.add_column()
    for letter, option in zip(letters(len(posed.options)), posed.options):
        options.add_row(f"{letter})", Text(plain(option)))
    # the id lets a learner name a question (to report it, or to find it in the bank files)
    body = Group(Text(plain(posed.prompt) + ("\n" if posed.options else "")), options,
                 Text(posed.id, style="dim", justify="right"))
    title = f"[bold]Question {number}/{total}[/] - {topics[posed.topic].title}"
    subtitle = f"{KIND_HINTS[posed.kind]} · h for a hint"
    console.print(Panel(body, title=title, title_align="left", subtitle=subtitle, subtitle_align="right",
                        border_style="blue"))


def read_answer(console: Console, source: AnswerSource, posed: Posed, hints: list[str]) -> str:
    """The typed answer; "" means skipped. Asking for a hint shows the next one and asks again;
    an empty line is asked again once before it counts as a skip."""
    empty = 0
    while True:
        answer = source.ask(console, "[bold]answer>[/] ").strip()
        if answer.lower() in HINT_WORDS:
            if len(hints) < len(posed.hints):
                hints.append(posed.hints[len(hints)])
                console.print(Text(f"Hint {len(hints)}/{len(posed.hints)}: {plain(hints[-1])}", style="cyan"))
            else:
                console.print("[yellow]No more hints: answer, or skip to see the answer.[/]")
            continue
        if not answer:
            empty += 1
            if empty == 1:
                console.print("[yellow]No answer given: type one, or press Enter again to skip.[/]")
                continue
        if answer.lower() in QUIT_WORDS:
            raise QuitSession
        return "" if answer.lower() in SKIP_WORDS else answer


def ask_rating(console: Console, source: AnswerSource, suggestion: Rating | None) -> tuple[Rating, str]:
    """(rating, who rated). A terminal always asks; a script takes the suggestion when there is one."""
    if suggestion is not None and not source.interactive:
        console.print(f"[dim]rated {int(suggestion)} {RATING_NAMES[suggestion]} (suggested)[/]")
        return suggestion, "drill"
    default = f", Enter = {int(suggestion)} {RATING_NAMES[suggestion]}" if suggestion is not None else ""
    while True:
        typed = source.ask(console, f"[bold]rate ({RATING_MENU}{default})>[/] ").strip()
        if not typed and suggestion is not None:
            return suggestion, "drill"
        if typed.lower() in QUIT_WORDS:
            raise QuitSession
        rating = read_rating(typed)
        if rating is not None:
            return rating, "drill" if rating == suggestion else "learner"
        console.print(f"[yellow]Rate with a number from 1 to 4 ({RATING_MENU}).[/]")


def ask_one(console: Console, source: AnswerSource, posed: Posed) -> Answer:
    """One answer, marked (or rated by the learner), with the explanation shown."""
    hints: list[str] = []
    asked_at = time.monotonic()
    given = read_answer(console, source, posed, hints)
    if posed.question.self_rated:
        seconds = time.monotonic() - asked_at
        console.print(Panel(Text(plain(posed.question.example)), title="A model answer", title_align="left",
                            border_style="green"))
        console.print(Text(plain(posed.explanation), style="dim"))
        rating, rated_by = ask_rating(console, source, None)
        return Answer(given, outcome_of(rating), rating, rated_by, len(hints), seconds)
    result = mark(posed, given) if given else None
    if result is not None and not result.readable:
        # a slip of notation (a shape typed for a letter) earns a second try, not a wrong mark
        console.print(f"[yellow]Could not read that: {result.note}.[/]")
        given = read_answer(console, source, posed, hints)
        result = mark(posed, given) if given else None
    seconds = time.monotonic() - asked_at
    if result is None:
        console.print(Text.assemble(("Skipped. ", "yellow"), "The answer: ", (plain(expected_text(posed)), "bold")))
        outcome = "skipped"
    elif result.correct:
        console.print("[bold green]Right.[/]")
        outcome = "correct"
    else:
        console.print(Text.assemble(("Not quite. ", "bold red"), "The answer: ", (plain(result.expected), "bold")))
        outcome = "wrong"
    console.print(Text(plain(posed.explanation), style="dim"))
    if outcome == "skipped":  # nothing to rate: a skip is an "again"
        rating, rated_by = Rating.Again, "drill"
    else:
        rating, rated_by = ask_rating(console, source, suggest_rating(outcome, seconds, posed.kind, len(hints)))
    return Answer(given, outcome, rating, rated_by, len(hints), seconds)


def wait_text(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)} min"
    if seconds < 86_400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86_400:.0f} day{'s' if seconds >= 1.5 * 86_400 else ''}"


def run_quiz(console: Console, source: AnswerSource, questions: list[Posed], topics: dict[str, Topic],
             progress: Progress, tally: Tally) -> None:
    """Ask each question, committing each answer before the next. Ctrl-C/EOF propagate to the caller."""
    session_id = progress.start_session()
    for number, posed in enumerate(questions, start=1):
        show_question(console, posed, topics, number, len(questions))
        try:
            answer = ask_one(console, source, posed)
        except QuitSession:
            console.print("Stopped early at your request.")
            return
        now = time.time()
        card = progress.record_answer(session_id, posed.id, posed.topic, answer.given, answer.outcome,
                                      answer.seconds, answer.rating, rated_by=answer.rated_by, hints=answer.hints,
                                      variant=posed.values, now=now)
        console.print(f"[dim]Next review of {posed.id} in {wait_text(due_at(card) - now)}.[/]\n")
        tally.outcomes.append((posed.topic, answer.outcome))


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
