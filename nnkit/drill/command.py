"""`nnkit drill`: interview practice in the terminal (questions, katas, stats, an Anki export).

`drill` is a typer command function; nnkit/cli.py registers it, `python -m nnkit.drill` runs it alone.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

BAD_INPUT = 2
INTERRUPTED = 130  # the shell's code for a program stopped by Ctrl-C (128 + SIGINT)


def bad_input(message: str) -> None:
    typer.echo(f"nnkit: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def drill(
    topic: Optional[List[str]] = typer.Option(None, "--topic", "-t", help="Only this topic (repeat for several); see --list-topics."),
    count: int = typer.Option(10, "--count", "-n", min=1, help="How many questions this session."),
    kata: Optional[str] = typer.Option(None, "--kata", help="Do a timed coding kata instead; see --list-katas."),
    kata_file: Optional[Path] = typer.Option(None, "--kata-file", help="Write the kata here (default: in the data folder)."),
    no_editor: bool = typer.Option(False, "--no-editor", help="Do not open $VISUAL/$EDITOR: edit the kata file yourself, then press Enter."),
    solution: bool = typer.Option(False, "--solution", help="With --kata: show the model answer (after an attempt, or with --give-up)."),
    give_up: bool = typer.Option(False, "--give-up", help="With --kata --solution: see the model answer without an attempt (recorded)."),
    list_topics: bool = typer.Option(False, "--list-topics", help="List the topics and their question counts."),
    list_katas: bool = typer.Option(False, "--list-katas", help="List the katas."),
    answers: Optional[str] = typer.Option(None, "--answers", help="Read answers from this file, one per line ('-' for stdin); 'skip' skips, 'hint' shows a hint, 'quit' stops."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a reproducible question order and numbers."),
    stats: bool = typer.Option(False, "--stats", help="Show history, per-topic accuracy, what is due, katas (with --kata: each attempt and its code)."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write a PNG of accuracy per topic, per session, and the reviews due in the next 7 days."),
    export_anki: Optional[Path] = typer.Option(None, "--export-anki", help="Write the whole bank as an Anki deck (.apkg) and exit."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", envvar="NNKIT_DATA_DIR",
                                            help="Where progress is kept (default: your user data folder)."),
    sandbox: bool = typer.Option(True, "--sandbox/--no-sandbox", help="Grade katas in the grader's sandbox."),
) -> None:
    """Interview practice: questions with spaced repetition (FSRS), timed coding katas, progress stats."""
    from nnkit.drill.bank import all_questions, load_bank
    from nnkit.drill.kata import load_katas

    console = Console(highlight=False)
    topics = load_bank()
    katas = load_katas()

    if list_topics:
        show_topics(console, topics)
        return
    if list_katas:
        show_katas(console, katas)
        return
    unknown = [name for name in topic or [] if name not in topics]
    if unknown:
        bad_input(f"unknown topic {unknown[0]!r}; topics are: {', '.join(topics)}")
    if kata is not None and kata not in katas:
        bad_input(f"unknown kata {kata!r}; katas are: {', '.join(katas)}")
    if (solution or give_up) and kata is None:
        bad_input(f"{'--solution' if solution else '--give-up'} goes with --kata NAME")
    if give_up and not solution:
        bad_input("--give-up goes with --solution")
    if answers not in (None, "-") and (not Path(answers).exists() or Path(answers).is_dir()):
        bad_input(f"--answers {answers}: no such file")
    if export_anki is not None:
        if export_anki.suffix != ".apkg":
            bad_input(f"--export-anki {export_anki}: an Anki deck file ends in .apkg")
        from nnkit.drill.anki import export_deck

        try:
            notes = export_deck(topics, export_anki)
        except OSError as exc:
            bad_input(f"--export-anki {export_anki}: {exc.strerror or exc}")
        console.print(f"Wrote {export_anki}: {notes} notes in {len(topics)} topics. Import it in Anki with File > Import.")
        return

    from nnkit.drill.progress import Progress, data_dir as resolve_data_dir  # fsrs: only when progress is used

    folder = resolve_data_dir(data_dir)
    try:
        progress = Progress(folder)
    except (OSError, sqlite3.Error) as exc:
        typer.echo(f"nnkit: cannot keep progress in {folder}: {exc} (choose another folder with --data-dir)", err=True)
        raise typer.Exit(1)
    try:
        if solution:
            show_solution_command(console, katas[kata], progress, give_up=give_up)
            return
        if stats or plot:
            from nnkit.drill.stats import show_kata_history, show_stats, write_plot

            if stats and kata is not None:
                show_kata_history(console, progress, katas[kata])
            elif stats:
                show_stats(console, progress, topics)
            if plot:
                try:
                    write_plot(plot, progress, topics)
                except (OSError, ValueError) as exc:  # an unwritable folder, an unknown image suffix
                    bad_input(f"--plot {plot}: {exc}")
                console.print(f"Wrote {plot}")
            return
        if kata is not None:
            run_kata_command(console, katas[kata], kata_file, progress, use_editor=not no_editor, sandbox=sandbox)
            return
        chosen = [q for q in all_questions(topics) if not topic or q.topic in topic]
        run_quiz_command(console, chosen, topics, progress, count=count, seed=seed, answers=answers)
    except KeyboardInterrupt:  # outside a question (while starting or drawing): nothing half-written
        console.print("\nInterrupted.")
        raise typer.Exit(INTERRUPTED)
    finally:
        progress.close()


def run_quiz_command(console, chosen, topics, progress, *, count, seed, answers) -> None:
    from nnkit.drill.posing import pose, question_rng
    from nnkit.drill.quiz import ScriptedAnswers, Tally, TerminalAnswers, run_quiz, show_summary
    from nnkit.drill.review import session_order

    by_id = {q.id: q for q in chosen}
    order = session_order(list(by_id), progress.cards(), time.time(), random.Random(seed))
    questions = [pose(by_id[qid], question_rng(seed, qid)) for qid in order[:count]]
    if answers is None:
        source = TerminalAnswers()
    elif answers == "-":
        source = ScriptedAnswers(iter(sys.stdin))
    else:
        source = ScriptedAnswers(iter(Path(answers).read_text(encoding="utf-8").splitlines()))
    tally = Tally()
    try:
        run_quiz(console, source, questions, topics, progress, tally)
    except KeyboardInterrupt:
        console.print(f"\nInterrupted: {saved(tally)} in {progress.path}.")
        raise typer.Exit(INTERRUPTED)
    except EOFError:
        reason = "Answers ran out" if answers is not None else "Input closed"
        console.print(f"\n{reason} after {tally.answered} of {len(questions)} questions: {saved(tally)}.")
        return
    show_summary(console, tally, topics)


def saved(tally) -> str:
    return f"{tally.answered} answer{'s' if tally.answered != 1 else ''} saved ({tally.correct} right)"


def show_solution_command(console, kata, progress, *, give_up: bool) -> None:
    from nnkit.drill.kata_session import show_model_answer

    tried = progress.kata_attempts(kata.name)
    if tried:
        show_model_answer(console, kata)
        return
    if not give_up:
        bad_input(f"you have not tried kata {kata.name} yet: try it first (nnkit drill --kata {kata.name}), "
                  "or add --give-up to see the model answer now (recorded as a give-up)")
    progress.record_kata(kata.name, time.time(), 0.0, 0.0, 0.0, None, outcome="gave-up")
    show_model_answer(console, kata)
    console.print("[dim]Recorded as a give-up.[/]")


def run_kata_command(console, kata, kata_file, progress, *, use_editor, sandbox) -> None:
    from autograder.runner import SuiteError
    from nnkit.drill.kata_session import run_kata

    path = kata_file or progress.path.parent / "katas" / kata.file_name
    try:
        run_kata(console, kata, path, progress, use_editor=use_editor, sandbox=sandbox)
    except KeyboardInterrupt:
        console.print(f"\nKata stopped: every grading so far is recorded (your file stays at {path}).")
        raise typer.Exit(INTERRUPTED)
    except SuiteError as exc:
        # the kata's checks are broken: nnkit's fault, not the learner's, so nothing is recorded
        typer.echo(f"nnkit: cannot grade kata {kata.name}: {str(exc).strip().splitlines()[0]}", err=True)
        raise typer.Exit(1)


def show_topics(console: Console, topics) -> None:
    table = Table(title="Topics", title_justify="left")
    table.add_column("--topic")
    table.add_column("what")
    table.add_column("questions", justify="right")
    for name, topic in topics.items():
        table.add_row(name, topic.title, str(len(topic.questions)))
    console.print(table)


def show_katas(console: Console, katas) -> None:
    table = Table(title="Katas", title_justify="left")
    for column in ("--kata", "topic", "par", "task"):
        table.add_column(column)
    for kata in katas.values():
        table.add_row(kata.name, kata.topic, f"{kata.minutes:g} min", kata.task)
    console.print(table)
