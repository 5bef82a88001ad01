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
) -> None:
    """Grade every submission of ASSIGNMENT in the sandbox and record it in nbgrader's gradebook."""
    raise typer.Exit(run(assignment, course, workers=workers, student=student, force=force,
                         scheduler=scheduler, timeout=timeout))


def fail(message: str) -> int:
    typer.echo(f"nnkit: {message}", err=True)
    return BAD_INPUT


def run(assignment: str, course_folder: Path, *, workers: int, student: str | None, force: bool,
        scheduler: str | None, timeout: float) -> int:
    from autograder.runner import UnknownAssignment, suite_path

    try:
        suite_path(assignment)
        course = Course.load(course_folder)
        blueprint = read_blueprint(course, assignment)
    except (CourseError, UnknownAssignment) as exc:
        return fail(str(exc))
    folders = list(course.submissions(assignment, student))
    if not folders:
        where = course.folder(course.submitted, student or "*", assignment)
        return fail(f"no submissions in {where}")
    must_be_writable(course.output_folder(assignment))  # a read-only course: one line now, not 13 failures later

    from rich.console import Console

    from nnkit.autograde.gradebook import GradebookWriter
    from nnkit.autograde.report import Tally, progress_bar, summary_table, write_scores

    console = Console(stderr=True)
    tally = Tally()
    to_grade = [f for f in folders if force or not blueprint.already_graded(f.student, utc(f.timestamp))]
    tally.skipped = len(folders) - len(to_grade)
    limits = {"timeout": timeout, "hidden": (str(course.root),)}
    interrupted = False
    if not to_grade:  # nothing new: no need to import nbgrader or start workers
        console.print(summary_table(assignment, tally, interrupted))
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
                    progress.console.print(f"{outcome.student}: {outcome.result.problem}", markup=False, highlight=False)

            if scheduler is None:
                from nnkit.autograde.pool import WorkerPool

                # workers are forked before the writer thread exists (fork and threads do not mix)
                pool = WorkerPool(assignment, min(workers, len(to_grade)), blueprint.tests, limits)
            writer = GradebookWriter(course, blueprint, written)
            writer.start()
            jobs = job_stream(blueprint, to_grade, writer.put)
            if pool is not None:
                pool.run(jobs, writer.put)
                pool.close(grace=5)
            else:
                from nnkit.autograde.cluster import run_on_cluster

                run_on_cluster(scheduler, assignment, blueprint.tests, jobs, writer.put, limits)
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
    console.print(summary_table(assignment, tally, interrupted))
    console.print(f"scores: {scores}  gradebook: {course.db_url}", highlight=False)
    return INTERRUPTED if interrupted else 0


def job_stream(blueprint: Blueprint, folders: list[SubmissionFolder], record) -> Iterator[Job]:
    """Jobs to grade, read one submission at a time; unreadable submissions go straight to `record`."""
    for folder in folders:
        prepared = prepare(blueprint, folder)
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
