"""`nnkit autograde` and `nbgrader autograde` give the training notebook the same points, cell by cell.

The same two submissions (honest work, and work with a minibatches mistake and misread curves)
go through both: nbgrader runs each notebook top to bottom in a Jupyter kernel with the hidden
test cells in it (the learner's process, LocalLearner); nnkit grades it in the sandbox. The
experiments' curves are recomputed in both from the learner's seed, so the questions read from
them must come out the same too.
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_autograde_course import make_course, nbgrader, nbgrader_env, solved_notebook, submit

pytestmark = pytest.mark.slow
ASSIGNMENT = "training"
FULL = 33.0  # docs/assignments.md: the training tests' points

# grade_id -> its new source: a minibatches that drops the last partial batch, two misread curves,
# and a misconception
MISTAKES = {
    "minibatches": '''def minibatches(X, Y, batch_size, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    return [(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
            for start in range(0, m - batch_size + 1, batch_size)]''',
    "answer_best_rate": "answer_best_rate = 0.001",
    "answer_small_set_gap": "answer_small_set_gap = 0.5",
    "answer_shuffle": 'answer_shuffle = "a"',
}


def with_mistakes(notebook: dict) -> dict:
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in MISTAKES:
            cell["source"] = MISTAKES[grade_id]
    return notebook


def cell_scores(course: Path) -> dict[tuple[str, str], float]:
    db = sqlite3.connect(course / "gradebook.db")
    try:
        rows = db.execute(
            "SELECT s.student_id, b.name, g.auto_score FROM grade g JOIN base_cell b ON b.id = g.cell_id "
            "JOIN submitted_notebook n ON n.id = g.notebook_id JOIN submitted_assignment s ON s.id = n.assignment_id"
        ).fetchall()
    finally:
        db.close()
    return {(student, cell): score for student, cell, score in rows}


def test_nnkit_and_nbgrader_give_the_same_points(tmp_path):
    course = make_course(tmp_path / "course", ASSIGNMENT)
    solved = solved_notebook(course, ASSIGNMENT)
    submit(course, "honest", ASSIGNMENT, solved)
    submit(course, "mistaken", ASSIGNMENT, with_mistakes(solved))
    twin = tmp_path / "twin"
    shutil.copytree(course, twin, ignore=shutil.ignore_patterns("gradebook.db"))
    nbgrader(twin, "generate_assignment", ASSIGNMENT, "--force")  # a gradebook of its own for nbgrader
    nnkit = subprocess.Popen([sys.executable, "-m", "nnkit.autograde", ASSIGNMENT, "--course", str(course)],
                             env=nbgrader_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        nbgrader(twin, "autograde", ASSIGNMENT)
    finally:
        _, errors = nnkit.communicate(timeout=600)
    assert nnkit.returncode == 0, errors[-3000:]
    ours, theirs = cell_scores(course), cell_scores(twin)
    assert ours == theirs
    honest = {cell: score for (student, cell), score in ours.items() if student == "honest"}
    assert sum(honest.values()) == FULL
    mistaken = {cell: score for (student, cell), score in ours.items() if student == "mistaken"}
    lost = {cell for cell, score in mistaken.items() if score < honest[cell]}
    assert {"test_minibatches_batch_sizes", "test_minibatches_cover_every_example_once",
            "test_question_best_rate", "test_question_small_set_gap", "test_question_shuffle"} <= lost
