"""`nnkit drill --stats` and `--plot`: history, per-topic accuracy, what falls due in the next
week, and kata attempts, as tables or a PNG."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from nnkit.drill.bank import Topic
from nnkit.drill.progress import KataAttempt, Progress, when
from nnkit.drill.review import forecast, interval_days, is_due

RECENT_SESSIONS = 10
FORECAST_DAYS = 7
KNOWN_DAYS = 21  # a card the scheduler next shows three weeks or more after its last review counts as known


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def accuracy_style(part: int, whole: int) -> str:
    if not whole:
        return "dim"
    ratio = part / whole
    return "green" if ratio >= 0.8 else "yellow" if ratio >= 0.5 else "red"


def show_stats(console: Console, progress: Progress, topics: dict[str, Topic]) -> None:
    sessions = progress.sessions()
    katas = progress.kata_attempts()
    if not sessions and not katas:
        console.print(f"No drill history yet in {progress.path}. Run `nnkit drill` to start.")
        return
    history = Table(title=f"Recent sessions (last {RECENT_SESSIONS})", title_justify="left")
    for column, justify in (("date", "left"), ("answered", "right"), ("right", "right"), ("accuracy", "right")):
        history.add_column(column, justify=justify)
    for session in sessions[-RECENT_SESSIONS:]:
        history.add_row(datetime.fromtimestamp(session.started_at).strftime("%Y-%m-%d %H:%M"), str(session.attempts),
                        str(session.correct),
                        f"[{accuracy_style(session.correct, session.attempts)}]{percent(session.correct, session.attempts)}[/]")
    console.print(history)
    console.print(topic_table(progress, topics))
    console.print(forecast_table(progress))
    if katas:
        console.print(kata_table(katas))


def topic_table(progress: Progress, topics: dict[str, Topic]) -> Table:
    accuracy = {row.topic: row for row in progress.topic_accuracy()}
    cards = progress.cards()
    now = time.time()
    table = Table(title="Per topic", title_justify="left")
    for column in ("topic", "attempts", "right", "skipped", "accuracy", "due now", "known", "new"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    for name, topic in topics.items():
        row = accuracy.get(name)
        attempts, right, skipped = (row.attempts, row.correct, row.skipped) if row else (0, 0, 0)
        ids = [q.id for q in topic.questions]
        due = sum(1 for q in ids if q in cards and is_due(cards[q], now))
        known = sum(1 for q in ids if q in cards and interval_days(cards[q]) >= KNOWN_DAYS)
        new = sum(1 for q in ids if q not in cards)
        table.add_row(name, str(attempts), str(right), str(skipped),
                      f"[{accuracy_style(right, attempts)}]{percent(right, attempts)}[/]", str(due),
                      f"{known}/{len(ids)}", str(new))
    return table


def forecast_table(progress: Progress) -> Table:
    counts = forecast(progress.cards(), time.time(), FORECAST_DAYS)
    table = Table(title=f"Reviews due in the next {FORECAST_DAYS} days", title_justify="left")
    for day in range(FORECAST_DAYS):
        table.add_column(day_label(day), justify="right")
    table.add_row(*(str(n) for n in counts))
    return table


def day_label(day: int) -> str:
    return "today" if day == 0 else "tomorrow" if day == 1 else f"+{day} d"


def duration(seconds: float) -> str:
    return f"{int(seconds) // 60} min {int(seconds) % 60:02d} s"


def kata_table(katas: list[KataAttempt]) -> Table:
    table = Table(title="Katas (nnkit drill --stats --kata NAME for each attempt and its code)", title_justify="left")
    for column in ("kata", "gradings", "best score", "fastest full marks", "gave up", "last"):
        table.add_column(column, justify="left" if column == "kata" else "right")
    for name in sorted({row.kata for row in katas}):
        rows = [row for row in katas if row.kata == name]
        graded = [row for row in rows if row.outcome == "graded"]
        best = max(graded, key=lambda row: row.score / row.max_score if row.max_score else 0, default=None)
        full = [row.seconds for row in graded if row.full_marks]
        table.add_row(name, str(len(graded)), f"{best.score:g}/{best.max_score:g}" if best else "-",
                      duration(min(full)) if full else "-", str(len(rows) - len(graded)), when(rows[-1].started_at))
    return table


def show_kata_history(console: Console, progress: Progress, kata) -> None:
    """Every attempt at one kata, oldest first, with the code that was graded."""
    from rich.syntax import Syntax

    attempts = progress.kata_attempts(kata.name)
    if not attempts:
        console.print(f"No attempts at kata {kata.name} yet. Start one with: nnkit drill --kata {kata.name}")
        return
    table = Table(title=f"Kata {kata.name}: every attempt", title_justify="left")
    for column in ("#", "started", "time", "score", "outcome"):
        table.add_column(column, justify="left" if column in ("started", "outcome") else "right")
    for number, row in enumerate(attempts, start=1):
        score = f"{row.score:g}/{row.max_score:g}" if row.outcome == "graded" else "-"
        table.add_row(str(number), when(row.started_at), duration(row.seconds), score, row.outcome)
    console.print(table)
    for number, row in enumerate(attempts, start=1):
        if row.code:
            console.print(f"[bold]#{number}[/] ({when(row.started_at)}, {duration(row.seconds)}, {row.outcome}):")
            console.print(Syntax(row.code, "python", theme="ansi_dark", line_numbers=False))


def write_plot(path: Path, progress: Progress, topics: dict[str, Topic]) -> None:
    import matplotlib.pyplot as plt

    figure = progress_figure(progress, topics, time.time())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=100)
    finally:
        plt.close(figure)


def progress_figure(progress: Progress, topics: dict[str, Topic], now: float):
    """Accuracy per topic (bars, with attempt counts), accuracy per session, and the reviews due
    on each of the next seven days."""
    import matplotlib

    matplotlib.use("Agg")  # a file, never a window: this also runs over ssh and in tests
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    accuracy = {row.topic: row for row in progress.topic_accuracy()}
    sessions = progress.sessions()
    figure, (by_topic, over_time, ahead) = plt.subplots(1, 3, figsize=(17, 5), gridspec_kw={"width_ratios": [3, 2, 2]})
    names = list(topics)
    values = [accuracy[n].accuracy * 100 if n in accuracy else 0.0 for n in names]
    bars = by_topic.barh(names, values, color=["tab:green" if v >= 80 else "tab:orange" if v >= 50 else "tab:red" for v in values])
    for bar, name in zip(bars, names):
        attempts = accuracy[name].attempts if name in accuracy else 0
        by_topic.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, f"n={attempts}", va="center", fontsize=8)
    by_topic.set_xlim(0, 110)
    by_topic.invert_yaxis()
    by_topic.set_xlabel("accuracy (%)")
    by_topic.set_title("Accuracy per topic")
    if sessions:
        # by session number, not date: several sessions in one night would pile up on one date
        numbers = list(range(1, len(sessions) + 1))
        over_time.plot(numbers, [100 * s.correct / s.attempts for s in sessions], marker="o", label="that session")
        answered = np.cumsum([s.attempts for s in sessions])
        right = np.cumsum([s.correct for s in sessions])
        over_time.plot(numbers, 100 * right / answered, linestyle="--", label="all sessions so far")
        # whole sessions only: with one or two sessions the automatic ticks would be 0.8, 1.0, 1.2
        over_time.set_xlim(0.5, len(sessions) + 0.5)
        if len(sessions) <= 15:
            over_time.set_xticks(numbers)
        else:
            over_time.xaxis.set_major_locator(MaxNLocator(integer=True))
        over_time.set_xlabel(f"session ({datetime.fromtimestamp(sessions[0].started_at):%Y-%m-%d} to "
                             f"{datetime.fromtimestamp(sessions[-1].started_at):%Y-%m-%d})")
        over_time.legend(loc="best")
    else:
        over_time.text(0.5, 0.5, "no sessions yet", ha="center", va="center", transform=over_time.transAxes)
    over_time.set_ylim(0, 105)
    over_time.set_ylabel("accuracy (%)")
    over_time.set_title("Accuracy per session")
    counts = forecast(progress.cards(), now, FORECAST_DAYS)
    ahead.bar(range(FORECAST_DAYS), counts, color="tab:blue")
    ahead.set_xticks(range(FORECAST_DAYS), ["today"] + [f"+{day}" for day in range(1, FORECAST_DAYS)])
    ahead.set_xlabel("days from today")
    ahead.yaxis.set_major_locator(MaxNLocator(integer=True))
    ahead.set_ylabel("questions due")
    ahead.set_title(f"Reviews due in the next {FORECAST_DAYS} days")
    figure.tight_layout()
    return figure
