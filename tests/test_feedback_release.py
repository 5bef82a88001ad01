"""The page reaches the student through nbgrader's own exchange, with real nbgrader commands:

    release_assignment -> submit (as the student) -> collect -> nnkit feedback -> release_feedback -> fetch_feedback

This is why the page is `feedback/<student>/<assignment>/<notebook>.html`: fetch_feedback only
looks for the hash of each submitted notebook's name (a page under another name is released but
never fetched), and release_feedback needs timestamp.txt and submission_secret.txt beside it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from nnkit.autograde.course import Course
from nnkit.build.release import venv_on_path
from nnkit.feedback.command import write_feedback
from nnkit.feedback.page import render_page

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "demo" / "course" / "submitted" / "ada_lovelace" / "layer" / "layer.ipynb"


def nbgrader(step: str, home: Path, exchange: Path) -> None:
    """One nbgrader exchange step, in this process (nbgrader's own classes, no app start-up per step)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import default
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.course_id = "demo"
    config.CourseDirectory.root = str(home)
    config.Exchange.root = str(exchange / "exchange")
    config.Exchange.cache = str(exchange / "cache")
    config.Exchange.assignment_dir = str(exchange / "student")
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = "layer"
    step_class = {"release_assignment": default.ExchangeReleaseAssignment, "submit": default.ExchangeSubmit,
                  "collect": default.ExchangeCollect, "release_feedback": default.ExchangeReleaseFeedback,
                  "fetch_feedback": default.ExchangeFetchFeedback}[step]
    step_class(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()


@pytest.mark.slow
def test_release_feedback_and_fetch_feedback_deliver_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", venv_on_path(os.environ)["PATH"])  # nbgrader's gradebook runs `alembic`
    course, student_home = tmp_path / "course", tmp_path / "student"
    (course / "release" / "layer").mkdir(parents=True)
    (student_home / "layer").mkdir(parents=True)
    (tmp_path / "exchange").mkdir()
    shutil.copyfile(NOTEBOOK, course / "release" / "layer" / "layer.ipynb")
    shutil.copyfile(NOTEBOOK, student_home / "layer" / "layer.ipynb")

    nbgrader("release_assignment", course, tmp_path)
    nbgrader("submit", student_home, tmp_path)
    nbgrader("collect", course, tmp_path)
    [collected] = (course / "submitted").iterdir()  # named after the submitting account
    student = collected.name
    assert (collected / "layer" / "submission_secret.txt").is_file()

    # what `nnkit autograde` leaves for this student (a small graded result: the page is the point)
    result = {"score": 2.0, "max_score": 3.0, "output": "", "tests": [
        {"name": "test_forward", "score": 2.0, "max_score": 3.0, "output": "forward forgot the bias.", "status": "failed",
         "extra_data": {"cases": [{"case": c, "passed": c != "b", "diagnosis": "forward forgot the bias." if c == "b" else "",
                                   "measurements": []} for c in "abc"]}}]}
    (course / "nnkit" / "layer").mkdir(parents=True)
    (course / "nnkit" / "layer" / f"{student}.json").write_text(json.dumps(result))
    [page], failed = write_feedback(Course.load(course), "layer")
    assert not failed

    nbgrader("release_feedback", course, tmp_path)
    nbgrader("fetch_feedback", student_home, tmp_path)
    fetched = list((student_home / "layer" / "feedback").glob("*/layer.html"))
    assert len(fetched) == 1
    assert fetched[0].read_text() == page.read_text() == render_page(result, student, "layer")
