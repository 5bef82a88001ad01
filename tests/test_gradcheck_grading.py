"""gradcheck through every grading path: nbgrader's own autograde and `nnkit autograde` give the same
points per cell on an honest and a mistaken submission, `nnkit feedback` writes pages that name the
mistake, and `nnkit check` shows the learner what passes, with the questions pending."""

from __future__ import annotations

import copy
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_autograde_course import make_course, nbgrader, nbgrader_env, read, solved_notebook, submit

pytestmark = pytest.mark.slow
ASSIGNMENT = "gradcheck"
ROOT = Path(__file__).resolve().parents[1]
FULL = 25.0  # docs/assignments.md: the gradcheck tests' points
ONE_SIDED = '''def numerical_gradient(f, x, epsilon=1e-6):
    """One-sided: the mistake test_numerical_gradient_two_sided names."""
    x = np.array(x, dtype=np.float64)
    gradient = np.zeros_like(x)
    at_x = f(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + epsilon
        gradient[index] = (f(x) - at_x) / epsilon
        x[index] = saved
    return gradient
'''


def with_cell(notebook: dict, grade_id: str, source: str) -> dict:
    notebook = copy.deepcopy(notebook)
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    cell["source"] = source
    return notebook


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = make_course(tmp_path_factory.mktemp("gradcheck") / "course", ASSIGNMENT)
    solved = solved_notebook(course, ASSIGNMENT)
    submit(course, "honest", ASSIGNMENT, solved)
    mistaken = with_cell(with_cell(solved, "numerical_gradient", ONE_SIDED), "answer_kink", 'answer_kink = "a"')
    submit(course, "one_sided", ASSIGNMENT, mistaken)
    return course


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


@pytest.fixture(scope="module")
def both_graded(course, tmp_path_factory) -> tuple[Path, Path]:
    """The class graded by `nnkit autograde`, and a twin of it graded by `nbgrader autograde` alone."""
    twin = tmp_path_factory.mktemp("twin") / "course"
    shutil.copytree(course, twin, ignore=shutil.ignore_patterns("gradebook.db"))
    nbgrader(twin, "generate_assignment", ASSIGNMENT, "--force")  # a fresh gradebook for nbgrader alone
    nbgrader(twin, "autograde", ASSIGNMENT)
    done = subprocess.run([sys.executable, "-m", "nnkit.autograde", ASSIGNMENT, "--course", str(course),
                           "--workers", "2"], env=nbgrader_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return course, twin


def test_nnkit_and_nbgrader_give_the_same_points_per_cell(both_graded):
    ours, theirs = (cell_scores(course) for course in both_graded)
    assert ours == theirs and len([cell for _, cell in ours if cell.startswith("test_")]) == 2 * 16
    honest = sum(score for (student, _), score in ours.items() if student == "honest")
    mistaken = {cell: score for (student, cell), score in ours.items() if student == "one_sided"}
    assert honest == FULL
    assert mistaken["test_numerical_gradient_two_sided"] == 0 and mistaken["test_question_kink"] == 0
    assert mistaken["test_numerical_gradient"] == 4 and mistaken["test_relative_error"] == 2


def test_the_results_and_the_feedback_page_name_the_mistake(both_graded):
    course = both_graded[0]
    result = read(course / "nnkit" / ASSIGNMENT / "one_sided.json")
    two_sided = next(test for test in result["tests"] if test["name"] == "test_numerical_gradient_two_sided")
    assert "one-sided" in two_sided["output"]
    done = subprocess.run([sys.executable, "-m", "nnkit.cli", "feedback", ASSIGNMENT, "--course", str(course)],
                          env=nbgrader_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    page = (course / "feedback" / "one_sided" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "numerical_gradient is one-sided" in page and "check_layer" in page
    assert "straddle" in page  # the kink question's explanation, from the key in the gradebook
    assert "data:image/svg+xml;base64" in page  # the errors measured, plotted against their thresholds
    assert (course / "feedback" / "honest" / ASSIGNMENT / f"{ASSIGNMENT}.html").exists()


def test_nnkit_check_grades_the_solution_with_the_questions_pending():
    done = subprocess.run([sys.executable, "-m", "nnkit.cli", "check", str(ROOT / "solutions" / "gradcheck.py")],
                          env=nbgrader_env(), capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "18 / 18 (+ 7 points of questions, graded when you submit)" in done.stdout, done.stdout
