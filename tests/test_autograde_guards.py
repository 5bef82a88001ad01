"""One student's files never stop a class: what `nnkit autograde` does per student, without nbgrader.

The whole run over a hostile class, with nbgrader's gradebook, is tests/test_autograde_hostile.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder import submission
from nnkit.autograde.blueprint import Blueprint, NotebookPlan
from nnkit.autograde.command import job_stream
from nnkit.autograde.course import SubmissionFolder
from nnkit.autograde.jobs import GRADER_ERROR, UNGRADABLE, Job, Outcome, zero
from nnkit.autograde.report import MAX_NAMES, MAX_REASONS, Tally

ROOT = Path(__file__).resolve().parents[1]
BLUEPRINT = Blueprint("layer", (NotebookPlan("layer", {}),))


def folders(tmp_path: Path, students: list[str]) -> list[SubmissionFolder]:
    within = tmp_path / "submitted"
    found = []
    for student in students:
        folder = within / student / "layer"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "release" / "layer" / "layer.ipynb", folder / "layer.ipynb")
        found.append(SubmissionFolder(student, folder, within, None))
    return found


def test_a_defect_of_ours_met_by_one_folder_is_that_students_grader_error(tmp_path, monkeypatch):
    honest_read = submission.read_notebook

    def read(path, within=None):
        if "bob" in str(path):
            raise RecursionError("a bug of ours that bob's notebook happens to trigger")
        return honest_read(path, within)

    monkeypatch.setattr(submission, "read_notebook", read)
    recorded: list[Outcome] = []
    jobs = list(job_stream(BLUEPRINT, folders(tmp_path, ["alice", "bob", "carol"]), recorded.append))
    assert [job.student for job in jobs] == ["alice", "carol"] and all(isinstance(j, Job) and j.cells for j in jobs)
    assert [(o.student, o.status) for o in recorded] == [("bob", GRADER_ERROR)]
    assert "RecursionError" in recorded[0].result.problem and "not recorded" in recorded[0].result.problem


def test_a_broken_notebook_is_that_students_zero(tmp_path):
    found = folders(tmp_path, ["alice", "bob", "carol"])
    (found[1].folder / "layer.ipynb").write_text(json.dumps({"cells": [], "metadata": [], "nbformat": 4,
                                                             "nbformat_minor": 5}))
    recorded: list[Outcome] = []
    jobs = list(job_stream(BLUEPRINT, found, recorded.append))
    assert [job.student for job in jobs] == ["alice", "carol"]
    assert recorded[0].status == UNGRADABLE and "metadata" in recorded[0].result.problem


def test_the_summary_of_a_class_of_1000_broken_notebooks_stays_short():
    tally = Tally()
    for index in range(1_000):
        reason = "layer.ipynb is empty (0 bytes)" if index % 2 else f"layer{index}.ipynb is missing" + " x" * 500
        outcome = zero("layer", {"test_forward": 1.0}, f"student{index:04d}", None, reason)
        tally.add(outcome)
    tally.add(Outcome("grader\x1b[2J", None, zero("layer", {}, "g", None, "died").result, GRADER_ERROR))
    lines = tally.names()
    assert len(lines) <= 2 * (MAX_REASONS + 2)
    assert all(len(line) < 400 and "\x1b" not in line for line in lines)
    empty = next(line for line in lines if "is empty" in line)
    assert empty.count("student") == MAX_NAMES and "and 488 more" in empty
    assert "other reasons" in lines[MAX_REASONS + 1] and "grader\\x1b[2J: died" in lines[-1]
