"""Shared by the build and notebook tests: one fresh build per test session, and a real nbgrader
course made from it (its gradebook already knows every assignment and its hidden tests).

A fresh build costs one nbgrader start-up and one conversion per assignment (~20 s on 2 cores), so it is made
once, on first use, and shared by tests/test_build.py and tests/test_notebooks.py.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from nnkit.build import build_all, layout
from nnkit.build.release import course_folder, gradebook_url, nbgrader_environment

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = layout.assignments(ROOT)
GENERATED = (layout.RELEASE, layout.EXERCISES, layout.SOLUTIONS)
TIMESTAMP = "2026-01-15 12:00:00.000000 UTC"

# two learners: one submits the release filled with the reference solutions, one hands it back untouched
SOLVED, UNTOUCHED = "solved", "untouched"


@dataclass(frozen=True)
class Build:
    out: Path  # holds release/, exercises/, solutions/
    work: Path  # nbgrader's course folder and gradebook, kept

    @property
    def course(self) -> Path:
        return course_folder(self.work)

    @property
    def gradebook(self) -> str:
        return gradebook_url(self.work)


@functools.lru_cache(maxsize=None)
def fresh_build() -> Build:
    base = Path(tempfile.mkdtemp(prefix="nnkit-test-build-"))
    atexit.register(shutil.rmtree, base, True)
    build = Build(out=base / "out", work=base / "work")
    build_all(ROOT, build.out, workdir=build.work)
    return build


def generated_files(out: Path) -> dict[str, bytes]:
    """Every generated file under out/, by its path relative to out/."""
    files = {}
    for folder in GENERATED:
        for path in sorted((out / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files


def release_notebook(build: Build, name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(layout.release_notebook(build.out, name)), as_version=4)


def solved_notebook(build: Build, name: str) -> nbformat.NotebookNode:
    """The release notebook with every solution cell filled in from the source, as a learner would."""
    release = release_notebook(build, name)
    source = nbformat.read(str(layout.source_notebook(ROOT, name)), as_version=4)
    solutions = {cell.id: cell.source for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution")}
    for cell in release.cells:
        if cell.id in solutions:
            cell.source = solutions[cell.id]
    return release


def submit(course: Path, student: str, name: str, notebook: nbformat.NotebookNode) -> None:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(folder / f"{name}.ipynb"))
    (folder / "timestamp.txt").write_text(TIMESTAMP)


def course_for(build: Build, learner: str) -> Build:
    """A copy of the built course (gradebook included) for one learner: each learner's autograde
    run gets its own SQLite gradebook, so the two runs can go side by side on two cores."""
    work = build.work.parent / f"work-{learner}"
    if not work.exists():
        shutil.copytree(build.work, work)
    return Build(out=build.out, work=work)


def start_autograde(build: Build) -> dict[str, subprocess.Popen]:
    """Submit every assignment for both learners and start, per learner, ONE `nbgrader autograde "*"`
    in the background (nbgrader's start-up is paid once per learner, not per assignment)."""
    runs = {}
    for learner in (SOLVED, UNTOUCHED):
        course = course_for(build, learner)
        for name in ASSIGNMENTS:
            notebook = solved_notebook(build, name) if learner == SOLVED else release_notebook(build, name)
            submit(course.course, learner, name, notebook)
        command = [sys.executable, "-m", "nbgrader", "autograde", "*", f"--CourseDirectory.root={course.course}",
                   f"--CourseDirectory.db_url={course.gradebook}"]
        runs[learner] = subprocess.Popen(command, cwd=course.course, env=nbgrader_environment(course.work),
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return runs


@dataclass(frozen=True)
class Grade:
    cell: str
    score: float
    max_score: float


def gradebook_grades(build: Build, name: str, student: str) -> list[Grade]:
    """The autograded score of every graded cell, read from nbgrader's real gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course_for(build, student).gradebook) as gradebook:
        submission = gradebook.find_submission(name, student)
        return [Grade(grade.name, grade.score, grade.max_score)
                for notebook in submission.notebooks for grade in notebook.grades]


def autograded_notebook(build: Build, name: str, student: str) -> nbformat.NotebookNode:
    course = course_for(build, student).course
    return nbformat.read(str(course / "autograded" / student / name / f"{name}.ipynb"), as_version=4)
