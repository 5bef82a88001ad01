"""Where an nbgrader course keeps graded results and feedback (nbgrader's default folder names).

    <course>/submitted/<student>/<assignment>/         what the student handed in (+ timestamp.txt)
    <course>/nnkit/<assignment>/<student>.json          `nnkit autograde`'s Gradescope JSON
    <course>/feedback/<student>/<assignment>/<assignment>.html   the page written here

The page is named after the assignment's notebook (`release/<name>/<name>.ipynb`), not something
else: `nbgrader release_feedback` publishes every `*.html` of the feedback folder under a hash of
its file name, but `nbgrader fetch_feedback` only looks for the hash of each submitted notebook's
name, so only `<notebook>.html` ever reaches the student. release_feedback also reads
`timestamp.txt` and `submission_secret.txt` from the feedback folder; they are copied alongside.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SUBMISSION_RECORDS = ("timestamp.txt", "submission_secret.txt")


def results_folder(course: Path, assignment: str) -> Path:
    return course / "nnkit" / assignment


def result_path(course: Path, assignment: str, student: str) -> Path:
    return results_folder(course, assignment) / f"{student}.json"


def graded_students(course: Path, assignment: str) -> list[str]:
    return sorted(path.stem for path in results_folder(course, assignment).glob("*.json"))


def submission_folder(course: Path, assignment: str, student: str) -> Path:
    return course / "submitted" / student / assignment


def feedback_folder(course: Path, assignment: str, student: str) -> Path:
    return course / "feedback" / student / assignment


def feedback_page_path(course: Path, assignment: str, student: str) -> Path:
    return feedback_folder(course, assignment, student) / f"{assignment}.html"


def copy_submission_records(course: Path, assignment: str, student: str) -> None:
    """timestamp.txt and submission_secret.txt, which release_feedback needs next to the page."""
    source = submission_folder(course, assignment, student)
    for name in SUBMISSION_RECORDS:
        if (source / name).is_file():
            shutil.copyfile(source / name, feedback_folder(course, assignment, student) / name)
