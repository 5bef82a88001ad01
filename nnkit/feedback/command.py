"""`nnkit feedback ASSIGNMENT [--course DIR] [--student ID]`: one HTML page per graded student."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from nnkit.feedback.course import (copy_submission_records, feedback_page_path, graded_students,
                                   result_path, results_folder)
from nnkit.feedback.page import render_page

BAD_INPUT = 2
SOME_FAILED = 1


class FeedbackError(ValueError):
    """Bad input: an unknown assignment, a course without graded results, an unknown student."""


def write_page(course: Path, assignment: str, student: str) -> Path:
    """Render one student's page from their results JSON; returns where it was written."""
    result = json.loads(result_path(course, assignment, student).read_text(encoding="utf-8"))
    page = feedback_page_path(course, assignment, student)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_page(result, student, assignment), encoding="utf-8")
    copy_submission_records(course, assignment, student)
    return page


def students_to_render(course: Path, assignment: str, student: str | None) -> list[str]:
    from autograder.runner import ASSIGNMENTS

    if assignment not in ASSIGNMENTS:
        raise FeedbackError(f"unknown assignment {assignment!r}: choose one of {', '.join(ASSIGNMENTS)}")
    students = graded_students(course, assignment)
    if not students:
        raise FeedbackError(f"no graded results in {results_folder(course, assignment)}: "
                            f"run `nnkit autograde {assignment} --course {course}` first")
    if student is not None:
        if student not in students:
            raise FeedbackError(f"no graded results for student {student!r} in {results_folder(course, assignment)}")
        return [student]
    return students


def feedback(
    assignment: str = typer.Argument(..., help="activations, layer, initialization or network."),
    course: Path = typer.Option(Path("."), "--course", help="The nbgrader course folder (holds nnkit/<assignment>/)."),
    student: Optional[str] = typer.Option(None, "--student", help="Only this student's page."),
) -> None:
    """Write each graded student's feedback page into the course's feedback/ folder."""
    course = course.resolve()
    try:
        students = students_to_render(course, assignment, student)
    except FeedbackError as exc:
        typer.echo(f"nnkit: {exc}", err=True)
        raise typer.Exit(BAD_INPUT)
    failed = []
    started = time.perf_counter()
    for name in students:
        try:
            write_page(course, assignment, name)
        except (OSError, ValueError) as exc:  # a corrupt results file spoils one page, not the class
            failed.append(name)
            typer.echo(f"nnkit: could not write feedback for {name}: {exc}", err=True)
    written = len(students) - len(failed)
    elapsed = time.perf_counter() - started
    typer.echo(f"wrote {written} feedback page{'s' if written != 1 else ''} for {assignment} in {elapsed:.1f}s: "
               f"{feedback_page_path(course, assignment, '<student>')}")
    if failed:
        raise typer.Exit(SOME_FAILED)
