"""What the instructor sees: a progress bar while grading, a summary table, scores.csv."""

from __future__ import annotations

import csv
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from autograder.learner_text import capped, terminal_safe
from nnkit.autograde.jobs import GRADED, GRADER_ERROR, TIMED_OUT, UNGRADABLE, Outcome


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "-/s", style="progress.data.speed")


def progress_bar(console: Console) -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console)


MAX_REASONS = 20  # distinct reasons shown under each heading; the rest are counted together
MAX_NAMES = 12  # students named per reason: scores.csv lists every recorded one with its reason
MAX_REASON = 160  # characters of a reason


@dataclass
class Roll:
    """Students grouped by why they were not (fully) graded, bounded however many there are."""

    heading: str
    names: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, student: str, reason: str) -> None:
        lines = reason.strip().splitlines() or ["(no reason given)"]
        reason = capped(lines[0], MAX_REASON)
        if reason not in self.counts and len(self.counts) >= MAX_REASONS:
            reason = "other reasons (scores.csv has each one)"
        self.counts[reason] = self.counts.get(reason, 0) + 1
        names = self.names.setdefault(reason, [])
        if len(names) < MAX_NAMES:
            names.append(capped(student, 60))

    def __len__(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """The heading, then one line a reason: "  alice, bob and 3 more: layer.ipynb is empty"."""
        if not self.counts:
            return []
        shown = [f"{self.heading} ({len(self)}):"]
        for reason, count in self.counts.items():
            names = ", ".join(self.names[reason])
            more = f" and {count - len(self.names[reason])} more" if count > len(self.names[reason]) else ""
            shown.append(terminal_safe(f"  {names}{more}: {reason}"))
        return shown


@dataclass
class Tally:
    """Running counts, and the students who were not graded with why (bounded: see Roll);
    no per-student results are kept (memory does not grow with N)."""

    started: float = field(default_factory=time.monotonic)
    counts: dict[str, int] = field(default_factory=lambda: {GRADED: 0, TIMED_OUT: 0, UNGRADABLE: 0, GRADER_ERROR: 0})
    skipped: int = 0
    score_sum: float = 0.0
    recorded: int = 0
    max_score: float = 0.0
    ungradable: Roll = field(default_factory=lambda: Roll("could not be graded (recorded as zero, see scores.csv)"))
    not_recorded: Roll = field(default_factory=lambda: Roll("not recorded (grader errors: the next run grades them again)"))
    no_timestamp: Roll = field(default_factory=lambda: Roll("timestamp.txt ignored (graded without a timestamp)"))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.counts[outcome.status] += 1
            self.max_score = outcome.result.max_score
            if outcome.status != GRADER_ERROR:
                self.recorded += 1
                self.score_sum += outcome.result.score
            if outcome.status == UNGRADABLE:
                self.ungradable.add(outcome.student, outcome.result.problem)
            elif outcome.status == GRADER_ERROR:
                self.not_recorded.add(outcome.student, outcome.result.problem)

    def names(self) -> list[str]:
        """Every student the instructor must look at, grouped by reason."""
        return self.ungradable.lines() + self.not_recorded.lines() + self.no_timestamp.lines()

    @property
    def done(self) -> int:
        return sum(self.counts.values())


def summary_table(assignment: str, tally: Tally, interrupted: bool) -> Table:
    elapsed = time.monotonic() - tally.started
    title = f"nnkit autograde {assignment}" + (" [red](interrupted: run it again to resume)[/]" if interrupted else "")
    table = Table(title=title, show_header=True)
    table.add_column("")
    table.add_column("submissions", justify="right")
    rows = [
        ("graded", tally.counts[GRADED], ""),
        ("timed out (graded, some calls stopped)", tally.counts[TIMED_OUT], "yellow"),
        ("failed to grade (zero, with the reason)", tally.counts[UNGRADABLE], "red"),
        ("grader errors (not recorded, retried next run)", tally.counts[GRADER_ERROR], "red"),
        ("skipped (already graded at this timestamp)", tally.skipped, "dim"),
    ]
    for label, count, style in rows:
        table.add_row(label, f"[{style}]{count}[/]" if style and count else str(count))
    if tally.recorded:
        table.add_row("mean score", f"{tally.score_sum / tally.recorded:.2f} / {tally.max_score:g}")
    if tally.done:
        table.add_row("time", f"{elapsed:.1f} s ({elapsed / tally.done:.3f} s per submission)")
    return table


def write_scores(folder: Path) -> Path:
    """scores.csv from every student's JSON in `folder`, read one file at a time."""
    path = folder / "scores.csv"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".scores.csv.{os.getpid()}.tmp"
    with temporary.open("w", newline="", encoding="utf-8", errors="replace") as out:  # a student id may not be UTF-8
        writer = csv.writer(out)
        writer.writerow(["student", "timestamp", "score", "max_score", "status", "problem"])
        for entry in sorted(folder.glob("*.json")):
            try:
                document = json.loads(entry.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            extra = document.get("extra_data", {})
            writer.writerow([extra.get("student", entry.stem), extra.get("timestamp") or "", document.get("score"),
                             document.get("max_score"), extra.get("status", ""),
                             (extra.get("problem") or "").splitlines()[0] if extra.get("problem") else ""])
    os.replace(temporary, path)
    return path
