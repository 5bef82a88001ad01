"""`nnkit autograde` over a class where some learners' files are attacks on the grader (run as root).

Every hostile submission is that student's problem alone: a zero with a one-line reason, recorded
and named in the summary, while the honest students around it are graded and recorded as usual.
Nothing hangs (FIFOs), nothing is read through a symbolic link (another student's notebook, the
hidden source/), and nothing a learner named reaches the terminal as an escape sequence.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_autograde_course import make_course, nbgrader_env, read, solved_notebook, submit

pytestmark = pytest.mark.slow
ASSIGNMENT = "activations"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
FULL = 21.0
HONEST = ["alice", "bob"]
ESCAPE = "\x1b]0;owned\x07\x1b[2J"  # set the window title, clear the screen


def hostile_class(root: Path) -> dict[str, str]:
    """A course with HONEST and the students below; returns student -> words their reason must have."""
    course = make_course(root, ASSIGNMENT)
    solved = solved_notebook(course, ASSIGNMENT)
    for student in HONEST:
        submit(course, student, ASSIGNMENT, solved)

    def edited(change) -> dict:
        notebook = copy.deepcopy(solved)
        change(notebook)
        return notebook

    graded = next(c for c in solved["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id"))
    position = solved["cells"].index(graded)
    expected = {
        "empty": ("", "is empty"),
        "metadata_a_list": (edited(lambda nb: nb["cells"][position].update(metadata=[])), "metadata"),
        "nbgrader_a_string": (edited(lambda nb: nb["cells"][position]["metadata"].update(nbgrader="x")), "nbgrader"),
        "grade_id_a_list": (edited(lambda nb: nb["cells"][position]["metadata"]["nbgrader"].update(grade_id=[1])),
                            "grade_id"),
        "source_holds_an_int": (edited(lambda nb: nb["cells"][position].update(source=["x = 1\n", 7])), "source"),
        "nested_100000_deep": ("[" * 100_000 + "]" * 100_000, "nested 100000 levels deep"),
    }
    reasons = {}
    for student, (notebook, words) in expected.items():
        submit(course, student, ASSIGNMENT, notebook)
        reasons[student] = words
    submitted = course / "submitted"
    # a FIFO blocks whoever opens it to read
    os.mkfifo(submit(course, "fifo_notebook", ASSIGNMENT, None) / NOTEBOOK)
    reasons["fifo_notebook"] = "named pipe"
    # links to another student's work and to the hidden source, as a file and as folders
    (submit(course, "link_to_alice", ASSIGNMENT, None) / NOTEBOOK).symlink_to(submitted / "alice" / ASSIGNMENT / NOTEBOOK)
    (submitted / "folder_link").symlink_to(submitted / "alice")
    (submitted / "source_link").mkdir()
    (submitted / "source_link" / ASSIGNMENT).symlink_to(course / "source" / ASSIGNMENT)
    reasons.update(link_to_alice="symbolic link", folder_link="symbolic link", source_link="symbolic link")
    # the notebook saved under another name, one that tries the terminal
    (submit(course, "renamed", ASSIGNMENT, None) / f"{ASSIGNMENT}-Copy1{ESCAPE}.ipynb").write_text(json.dumps(solved))
    reasons["renamed"] = f"{NOTEBOOK} is missing; found {ASSIGNMENT}-Copy1"
    # honest notebooks with hostile timestamps: graded, without a timestamp
    fifo_time = submit(course, "t_fifo_timestamp", ASSIGNMENT, solved) / "timestamp.txt"
    fifo_time.unlink()
    os.mkfifo(fifo_time)
    submit(course, "t_long_zone", ASSIGNMENT, solved, timestamp="2026-01-15 12:00:00 " + "Z" * 300)
    return reasons


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("hostile") / "course"
    reasons = hostile_class(course)
    run = subprocess.run([sys.executable, "-m", "nnkit.autograde", ASSIGNMENT, "--course", str(course), "--workers", "2"],
                         env=nbgrader_env(), capture_output=True, text=True, timeout=240, check=False)  # a FIFO would hang it
    return course, reasons, run


def gradebook_totals(course: Path) -> dict[str, tuple[str | None, float]]:
    import sqlite3

    db = sqlite3.connect(course / "gradebook.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute(
            "SELECT s.student_id, s.timestamp, SUM(g.auto_score) FROM submitted_assignment s "
            "JOIN submitted_notebook n ON n.assignment_id = s.id JOIN grade g ON g.notebook_id = n.id "
            "GROUP BY s.id").fetchall()
    finally:
        db.close()
    return {student: (timestamp, round(total or 0.0, 4)) for student, timestamp, total in rows}


def test_honest_students_are_graded_around_every_hostile_one(graded):
    course, reasons, run = graded
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr + run.stdout
    totals = gradebook_totals(course)
    assert sorted(totals) == sorted([*HONEST, *reasons, "t_fifo_timestamp", "t_long_zone"])  # all recorded
    for student in HONEST:
        assert totals[student] == (totals[student][0], FULL) and totals[student][0].startswith("2026-01-15 12:00")


def test_each_hostile_submission_is_a_zero_with_its_reason(graded):
    course, reasons, _ = graded
    totals = gradebook_totals(course)
    with open(course / "nnkit" / ASSIGNMENT / "scores.csv", newline="", encoding="utf-8") as handle:
        scores = {row["student"]: row for row in csv.DictReader(handle)}
    for student, words in reasons.items():
        assert totals[student][1] == 0.0, student  # a link to alice's or the source's notebook scored nothing
        assert scores[student]["status"] == "ungradable", student
        assert words in scores[student]["problem"], (student, scores[student]["problem"])
        assert not (course / "autograded" / student).exists()


def test_a_hostile_timestamp_costs_only_the_timestamp(graded):
    course, _, run = graded
    totals = gradebook_totals(course)
    for student in ("t_fifo_timestamp", "t_long_zone"):
        assert totals[student] == (None, FULL), student
        assert read(course / "nnkit" / ASSIGNMENT / f"{student}.json")["extra_data"]["timestamp"] is None


def test_the_summary_names_every_student_not_graded_with_the_reason(graded):
    _, reasons, run = graded
    summary = run.stderr[run.stderr.index("could not be graded"):]
    for student, words in reasons.items():
        line = next((line for line in summary.splitlines() if student in line.split(":")[0]), "")
        assert words.split(ESCAPE)[0] in line or words in line, f"{student} not named with its reason:\n{summary}"
    ignored = summary[summary.index("timestamp.txt ignored"):]
    assert "t_fifo_timestamp" in ignored and "t_long_zone" in ignored


def test_nothing_a_learner_named_reaches_the_terminal_as_an_escape(graded):
    _, _, run = graded
    assert "\x1b]" not in run.stderr and "\x07" not in run.stderr and "\x1b[2J" not in run.stderr
    assert "\\x1b]0;owned\\x07" in run.stderr  # shown, harmless
