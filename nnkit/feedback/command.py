"""`nnkit feedback ASSIGNMENT [--course DIR] [--student ID]`: one HTML page per graded student."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from nnkit.autograde.course import Course, CourseError
from nnkit.errors import must_be_writable
from nnkit.feedback.course import copy_submission_records, feedback_page_path, graded_students, result_path

BAD_INPUT = 2
SOME_FAILED = 1


class FeedbackError(ValueError):
    """Bad input: an unknown assignment, a course without graded results, an unknown student."""


def write_page(course: Course, assignment: str, student: str) -> Path:
    """Render one student's page from their results JSON; returns where it was written."""
    from nnkit.feedback.page import render_page  # matplotlib: only when a page is drawn

    result = json.loads(result_path(course, assignment, student).read_text(encoding="utf-8"))
    page = feedback_page_path(course, assignment, student)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render_page(result, student, assignment), encoding="utf-8")
    copy_submission_records(course, assignment, student)
    return page


def students_to_render(course: Course, assignment: str, student: str | None) -> list[str]:
    try:
        course.kit_assignment(assignment)
    except CourseError as exc:
        raise FeedbackError(str(exc)) from None
    results = course.output_folder(assignment)
    students = graded_students(course, assignment)
    if not students:
        raise FeedbackError(f"no graded results in {results}: run `nnkit autograde {assignment}` first")
    if student is not None:
        if student not in students:
            raise FeedbackError(f"no graded results for student {student!r} in {results}")
        return [student]
    return students


def write_feedback(course: Course, assignment: str, student: str | None = None) -> tuple[list[Path], list[str]]:
    """Every graded student's page (or one student's): (pages written, students whose page failed)."""
    pages, failed = [], []
    students = students_to_render(course, assignment, student)
    must_be_writable(feedback_page_path(course, assignment, students[0]).parent)  # a read-only course: one line
    for name in students:
        try:
            pages.append(write_page(course, assignment, name))
        except (OSError, ValueError) as exc:  # one corrupt results file spoils one page, not the class
            failed.append(name)
            typer.echo(f"nnkit: could not write feedback for {name}: {exc}", err=True)
    return pages, failed


def feedback(
    assignment: str = typer.Argument(..., help="activations, layer, initialization or network."),
    course: Path = typer.Option(Path("."), "--course", help="The nbgrader course folder."),
    student: Optional[str] = typer.Option(None, "--student", help="Only this student's page."),
) -> None:
    """Write each graded student's feedback page (HTML) into the course's feedback/ folder."""
    started = time.perf_counter()
    try:
        loaded = Course.load(course)
        pages, failed = write_feedback(loaded, assignment, student)
    except (CourseError, FeedbackError) as exc:
        typer.echo(f"nnkit: {exc}", err=True)
        raise typer.Exit(BAD_INPUT)
    typer.echo(f"wrote {len(pages)} feedback page{'s' if len(pages) != 1 else ''} for {assignment} "
               f"in {time.perf_counter() - started:.1f}s: {feedback_page_path(loaded, assignment, '<student>')}")
    if failed:
        raise typer.Exit(SOME_FAILED)
