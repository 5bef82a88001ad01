"""`nnkit drill --stats` and `--plot`: history, per-topic accuracy and katas, as tables or a PNG."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from nnkit.drill.bank import Topic
from nnkit.drill.progress import Progress
from nnkit.drill.review import TOP_BOX

RECENT_SESSIONS = 10


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
        due = sum(1 for q in ids if q in cards and cards[q].due_at <= now)
        known = sum(1 for q in ids if q in cards and cards[q].box >= TOP_BOX - 1)
        new = sum(1 for q in ids if q not in cards)
        table.add_row(name, str(attempts), str(right), str(skipped),
                      f"[{accuracy_style(right, attempts)}]{percent(right, attempts)}[/]", str(due),
                      f"{known}/{len(ids)}", str(new))
    return table


def kata_table(katas: list[tuple[str, float, float, float, float]]) -> Table:
    table = Table(title="Katas", title_justify="left")
    for column in ("kata", "attempts", "best score", "fastest full marks"):
        table.add_column(column, justify="left" if column == "kata" else "right")
    for name in sorted({row[0] for row in katas}):
        rows = [row for row in katas if row[0] == name]
        best = max(rows, key=lambda row: row[3] / row[4] if row[4] else 0)
        full = [row[2] for row in rows if row[4] and row[3] >= row[4]]
        table.add_row(name, str(len(rows)), f"{best[3]:g}/{best[4]:g}",
                      f"{int(min(full)) // 60} min {int(min(full)) % 60:02d} s" if full else "-")
    return table


def write_plot(path: Path, progress: Progress, topics: dict[str, Topic]) -> None:
    """Accuracy per topic (bars, with attempt counts) and accuracy per session over time."""
    import matplotlib

    matplotlib.use("Agg")  # a file, never a window: this also runs over ssh and in tests
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    accuracy = {row.topic: row for row in progress.topic_accuracy()}
    sessions = progress.sessions()
    figure, (by_topic, over_time) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [3, 2]})
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
        over_time.xaxis.set_major_locator(MaxNLocator(integer=True))
        over_time.set_xlabel(f"session ({datetime.fromtimestamp(sessions[0].started_at):%Y-%m-%d} to "
                             f"{datetime.fromtimestamp(sessions[-1].started_at):%Y-%m-%d})")
        over_time.legend(loc="best")
    else:
        over_time.text(0.5, 0.5, "no sessions yet", ha="center", va="center", transform=over_time.transAxes)
    over_time.set_ylim(0, 105)
    over_time.set_ylabel("accuracy (%)")
    over_time.set_title("Accuracy per session")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
