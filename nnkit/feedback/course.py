"""Where feedback pages go in an nbgrader course, on top of `nnkit.autograde.course.Course`
(the one place that knows nbgrader's layout and reads the course's nbgrader_config.py).

    <course>/nnkit/<assignment>/<student>.json                  `nnkit autograde`'s Gradescope JSON
    <course>/feedback/<student>/<assignment>/<assignment>.html  the page written here

The page is named after the assignment's notebook (`release/<name>/<name>.ipynb`), like the page
`nbgrader generate_feedback` writes: `nbgrader release_feedback` publishes every `*.html` of the
feedback folder under a hash of its file name, but `nbgrader fetch_feedback` only looks for the
hash of each submitted notebook's name, so only `<notebook>.html` ever reaches the student.
release_feedback also reads `timestamp.txt` and `submission_secret.txt` from the feedback folder,
so they are copied there from the submission, as generate_feedback does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nnkit.autograde.course import Course

FEEDBACK_STEP = "feedback"  # nbgrader's CourseDirectory.feedback_directory
SUBMISSION_RECORDS = ("timestamp.txt", "submission_secret.txt")


def result_path(course: Course, assignment: str, student: str) -> Path:
    return course.output_folder(assignment) / f"{student}.json"


def graded_students(course: Course, assignment: str) -> list[str]:
    return sorted(path.stem for path in course.output_folder(assignment).glob("*.json"))


def feedback_page_path(course: Course, assignment: str, student: str) -> Path:
    return course.folder(FEEDBACK_STEP, student, assignment) / f"{assignment}.html"


def copy_submission_records(course: Course, assignment: str, student: str) -> None:
    source = course.folder(course.submitted, student, assignment)
    target = course.folder(FEEDBACK_STEP, student, assignment)
    for name in SUBMISSION_RECORDS:
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)
