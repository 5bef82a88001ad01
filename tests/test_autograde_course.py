"""A real nbgrader course for the autograde tests and benchmark, built the way an instructor's is.

`make_course` copies the repository's nbgrader_config.py and source/<assignment>, then runs the
real `nbgrader generate_assignment` (which creates the gradebook). Submissions are the release
notebook with every solution cell filled in from the source notebook (its solution, without the
BEGIN/END SOLUTION markers), or with a known bug added to one cell.

Shared by tests/test_autograde.py (which checks that honest work built here scores full marks)
and benchmarks/bench_autograde.py; it holds no tests itself.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from nnkit.build.release import venv_on_path

REPO = Path(__file__).resolve().parent.parent
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")

# grade_id of the solution cell -> code appended to it (redefining what it defines) -> what breaks.
BUGS = {
    "activations": {
        "abs_relu": ("relu", "def relu(Z):\n    return np.abs(np.asarray(Z, dtype=np.float64))"),
        "naive_sigmoid": ("sigmoid", "def sigmoid(Z):\n    return 1.0 / (1.0 + np.exp(-np.asarray(Z, dtype=np.float64)))"),
        "tanh_derivative_unsquared": ("tanh_derivative", "def tanh_derivative(Z):\n    return 1.0 - np.tanh(Z)"),
        # the cell raises before it defines relu: relu is missing, everything else still works
        "relu_cell_raises": ("relu", "raise RuntimeError('not finished')\n"),
        "relu_loops_forever": ("relu", "def relu(Z):\n    while True:\n        pass"),
    },
}


def nbgrader_env() -> dict:
    return venv_on_path(os.environ)


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course,
                          env=nbgrader_env(), capture_output=True, text=True, check=check)


def make_course(root: Path, assignment: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(REPO / "source" / assignment, root / "source" / assignment)
    nbgrader(root, "generate_assignment", assignment, "--force")
    return root


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def solved_notebook(course: Path, assignment: str) -> dict:
    """The release notebook as a diligent learner hands it in: every solution written."""
    release = read(course / "release" / assignment / f"{assignment}.ipynb")
    source = read(course / "source" / assignment / f"{assignment}.ipynb")
    solutions = {cell["metadata"]["nbgrader"]["grade_id"]: "".join(cell["source"])
                 for cell in source["cells"] if cell["metadata"].get("nbgrader", {}).get("solution")}
    for cell in release["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            lines = [line for line in solutions[grade_id].splitlines() if line.strip() not in MARKERS]
            cell["source"] = "\n".join(lines)
    return release


def with_bug(notebook: dict, assignment: str, bug: str) -> dict:
    """The code is appended to the cell (a redefinition wins); code ending in a newline is put first."""
    grade_id, code = BUGS[assignment][bug]
    notebook = copy.deepcopy(notebook)
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    source = "".join(cell["source"])
    cell["source"] = code + source if code.endswith("\n") else source + "\n\n" + code + "\n"
    return notebook


def submit(course: Path, student: str, assignment: str, notebook: dict | str | None,
           timestamp: str = "2026-01-15 12:00:00.000000 UTC") -> Path:
    """submitted/<student>/<assignment>/ as `nbgrader collect` leaves it. A str is written as the
    notebook file's raw text (a broken upload); None leaves the notebook out."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{assignment}.ipynb"
    if isinstance(notebook, dict):
        notebook = copy.deepcopy(notebook)
        for cell in notebook["cells"]:  # as Jupyter saves a notebook: each source a list of lines
            source = cell["source"]
            cell["source"] = source.splitlines(keepends=True) if isinstance(source, str) else source
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    elif isinstance(notebook, str):
        target.write_text(notebook, encoding="utf-8")
    (folder / "timestamp.txt").write_text(timestamp + "\n", encoding="utf-8")
    return folder
