"""Where everything lives: the one place that knows the course layout (nbgrader's, plus our .py files).

    source/<name>/<name>.ipynb        the single source of truth (nbgrader source notebooks)
    release/<name>/<name>.ipynb       what learners get (nbgrader generate_assignment)
    release/README.md                 says that release/ is generated
    exercises/<name>.py               plain-Python stubs for work outside Jupyter
    solutions/<name>.py               the reference solutions
"""

from __future__ import annotations

from pathlib import Path

SOURCE = "source"
RELEASE = "release"
EXERCISES = "exercises"
SOLUTIONS = "solutions"
NBGRADER_CONFIG = "nbgrader_config.py"


def assignments(root: Path) -> list[str]:
    """The assignments of the course: every source/<name>/ that holds <name>.ipynb, sorted."""
    folder = root / SOURCE
    return sorted(p.name for p in folder.iterdir() if (p / f"{p.name}.ipynb").is_file())


def source_notebook(root: Path, name: str) -> Path:
    return root / SOURCE / name / f"{name}.ipynb"


def release_notebook(out: Path, name: str) -> Path:
    return out / RELEASE / name / f"{name}.ipynb"


def exercise_file(out: Path, name: str) -> Path:
    return out / EXERCISES / f"{name}.py"


def solution_file(out: Path, name: str) -> Path:
    return out / SOLUTIONS / f"{name}.py"


def release_note(out: Path) -> Path:
    return out / RELEASE / "README.md"
