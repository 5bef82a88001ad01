"""`nnkit autograde ASSIGNMENT`: grade nbgrader's submitted/ folders into nbgrader's gradebook.

    submitted/<student>/<assignment>/ --prepare--> jobs --workers (or dask)--> outcomes --writer--> gradebook

The main thread lists submissions and feeds workers; the writer thread imports nbgrader and
records outcomes as they arrive. Ctrl-C (or SIGTERM) stops the workers, records what was
already graded, and leaves a gradebook that the next run resumes from.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import typer

from autograder.learner_text import terminal_safe
from nnkit.autograde.blueprint import Blueprint, read_blueprint
from nnkit.autograde.course import Course, CourseError, SubmissionFolder, utc
from nnkit.autograde.jobs import GRADER_ERROR, Job, Outcome, prepare
from nnkit.errors import must_be_writable, positive

BAD_INPUT = 2
INTERRUPTED = 130


def autograde(
    assignment: str = typer.Argument(..., help="The nbgrader assignment: activations, layer, initialization or network."),
    course: Path = typer.Option(Path("."), "--course", help="The nbgrader course folder (with nbgrader_config.py)."),
    workers: int = typer.Option(os.cpu_count() or 1, "--workers", min=1, help="Grading processes on this machine."),
    student: str | None = typer.Option(None, "--student", help="Grade only this student."),
    force: bool = typer.Option(False, "--force", help="Grade again submissions already graded at the same timestamp."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="A dask.distributed scheduler address: grade on that cluster."),
    timeout: float = typer.Option(10.0, "--timeout", callback=positive, help="Seconds each call into a submission may take (more than 0)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Replay a run: draw the cases from this seed (from a "
                                    "student's JSON in COURSE/nnkit/ASSIGNMENT/) instead of a fresh secret one."),
) -> None:
    """Grade every submission of ASSIGNMENT in the sandbox and record it in nbgrader's gradebook."""
    raise typer.Exit(run(assignment, course, workers=workers, student=student, force=force,
                         scheduler=scheduler, timeout=timeout, seed=seed))


def fail(message: str) -> int:
    typer.echo(terminal_safe(f"nnkit: {message}"), err=True)
    return BAD_INPUT


def run(assignment: str, course_folder: Path, *, workers: int, student: str | None, force: bool,
        scheduler: str | None, timeout: float, seed: int | None = None) -> int:
    from autograder.registry import known

    try:
        course = Course.load(course_folder)
        kit = course.kit_assignment(assignment)
        blueprint = read_blueprint(course, assignment, kit.name)
    except CourseError as exc:
        return fail(str(exc))
    # the kit's own assignments are found by name wherever a worker runs; a course plug-in by its path
    suite = None if kit.name in known() else kit.suite
    folders = list(course.submissions(assignment, student))
    if not folders:
        where = course.folder(course.submitted, student or "*", assignment)
        return fail(f"no submissions in {where}")
    must_be_writable(course.output_folder(assignment))  # a read-only course: one line now, not 13 failures later

    from rich.console import Console

    from nnkit.autograde.gradebook import GradebookWriter
    from nnkit.autograde.report import Tally, progress_bar, write_scores

    console = Console(stderr=True)
    tally = Tally()
    to_grade = [f for f in folders if force or not blueprint.already_graded(f.student, utc(f.timestamp))]
    tally.skipped = len(folders) - len(to_grade)
    for folder in to_grade:
        if folder.warning:
            tally.no_timestamp.add(folder.student, folder.warning)
    limits = {"timeout": timeout, "hidden": (str(course.root),)}
    interrupted = False
    if not to_grade:  # nothing new: no need to import nbgrader or start workers
        print_summary(console, assignment, tally, interrupted)
        return 0
    previous_sigterm = signal.signal(signal.SIGTERM, stop_on_sigterm)
    pool = writer = None
    try:
        with progress_bar(console) as progress:
            bar = progress.add_task(f"grading {assignment}", total=len(to_grade))

            def written(outcome: Outcome) -> None:
                tally.add(outcome)
                progress.advance(bar)
                if outcome.status == GRADER_ERROR:
                    progress.console.print(terminal_safe(f"{outcome.student}: {outcome.result.problem}"),
                                           markup=False, highlight=False)

            if scheduler is None:
                from nnkit.autograde.pool import WorkerPool

                # workers are forked before the writer thread exists (fork and threads do not mix)
                pool = WorkerPool(kit.name, min(workers, len(to_grade)), blueprint.tests, limits, suite)
            writer = GradebookWriter(course, blueprint, written)
            writer.start()
            jobs = job_stream(blueprint, to_grade, writer.put, seed)
            if pool is not None:
                pool.run(jobs, writer.put)
                pool.close(grace=5)
            else:
                from nnkit.autograde.cluster import run_on_cluster

                run_on_cluster(scheduler, kit.name, blueprint.tests, jobs, writer.put, limits, suite)
            writer.finish()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop grading, keep every transaction whole
        interrupted = True
        stop(pool, writer)
    except Exception as exc:
        stop(pool, writer)
        return fail(problem_line(exc))
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
    scores = write_scores(course.output_folder(assignment))
    print_summary(console, assignment, tally, interrupted)
    console.print(terminal_safe(f"scores: {scores}  gradebook: {course.db_url}"), markup=False, highlight=False)
    return INTERRUPTED if interrupted else 0


def print_summary(console, assignment: str, tally, interrupted: bool) -> None:
    from nnkit.autograde.report import summary_table

    console.print(summary_table(assignment, tally, interrupted))
    for line in tally.names():  # already terminal-safe: student names are folder names, reasons quote files
        console.print(line, markup=False, highlight=False, soft_wrap=True)  # one line a reason, for grep


def job_stream(blueprint: Blueprint, folders: list[SubmissionFolder], record, seed: int | None = None) -> Iterator[Job]:
    """Jobs to grade, read one submission at a time; unreadable submissions go straight to `record`
    (prepare turns whatever goes wrong with one folder into that student's outcome). Each job
    draws a fresh secret seed, unless `seed` replays one."""
    for folder in folders:
        prepared = prepare(blueprint, folder, seed)
        if isinstance(prepared, Job):
            yield prepared
        else:
            record(prepared)


def stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt


def stop(pool, writer) -> None:
    if pool is not None:
        pool.close()
    if writer is not None:
        writer.abandon()


def problem_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return lines[0] if len(lines) == 1 else lines[0] + " " + lines[-1]
