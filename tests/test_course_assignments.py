"""A course's own assignments: its names for the kit's (hw3 -> layer) and its plug-ins (`nnkit new`),
graded end to end with the real nbgrader and nnkit autograde, without a change to nnkit's package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.registry import UnknownAssignment, course_scope, find_assignment
from test_autograde_course import REPO, nbgrader, read, solved_notebook, submit

pytestmark = pytest.mark.slow


def nnkit(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "nnkit.cli", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)


def scores(course: Path, assignment: str) -> dict[str, float]:
    return {path.stem: read(path)["score"] for path in (course / "nnkit" / assignment).glob("*.json")}


def release_copy(course: Path, assignment: str) -> dict:
    return read(course / "release" / assignment / f"{assignment}.ipynb")


def test_a_course_calls_the_layer_hw3(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    config = (REPO / "nbgrader_config.py").read_text() + '\nc.Nnkit.assignments = {"hw3": "layer"}\n'
    (course / "nbgrader_config.py").write_text(config)
    # the instructor's own copy of the kit's notebook, under the course's name
    shutil.copy(REPO / "source" / "layer" / "layer.ipynb", (course / "source" / "hw3").mkdir() or
                course / "source" / "hw3" / "hw3.ipynb")
    nbgrader(course, "generate_assignment", "hw3", "--force")
    assert find_assignment("hw3", course_scope(course)).name == "layer"
    submit(course, "honest", "hw3", solved_notebook(course, "hw3"))
    submit(course, "idle", "hw3", release_copy(course, "hw3"))
    done = nnkit(course, "autograde", "hw3", "--course", str(course), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert scores(course, "hw3") == {"honest": 25.0, "idle": 0.0}
    page = nnkit(course, "feedback", "hw3", "--course", str(course))
    assert page.returncode == 0, page.stderr
    graded = nnkit(course, "grade", str(course / "submitted" / "honest" / "hw3" / "hw3.ipynb"), "-a", "hw3",
                   "--json", str(tmp_path / "one.json"))
    assert graded.returncode == 0, graded.stderr
    assert json.loads((tmp_path / "one.json").read_text())["score"] == 25.0  # answer keys from source/hw3


def test_nnkit_new_makes_an_assignment_that_releases_and_grades(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    made = nnkit(course, "new", "softmax", "--course", str(course))
    assert made.returncode == 0, made.stderr
    again = nnkit(course, "new", "softmax", "--course", str(course))
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert nnkit(course, "new", "json", "--course", str(course)).returncode == 2  # would shadow a module
    nbgrader(course, "generate_assignment", "softmax", "--force")
    released = nbformat.read(str(course / "release" / "softmax" / "softmax.ipynb"), as_version=4)
    assert "BEGIN SOLUTION" not in json.dumps(released) and "grade_cell" not in json.dumps(released)
    submit(course, "honest", "softmax", solved_notebook(course, "softmax"))
    submit(course, "idle", "softmax", release_copy(course, "softmax"))
    done = nnkit(course, "autograde", "softmax", "--course", str(course), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert scores(course, "softmax") == {"honest": 5.0, "idle": 0.0}
    # its own catalogue grades as declared, and the audit works on it as on a built-in
    for kind in ("buggy", "correct"):
        for entry in (course / "nnkit_assignments" / "softmax" / "catalogue" / kind).glob("*.py"):
            out = tmp_path / f"{entry.stem}.json"
            graded = nnkit(course, "grade", str(entry), "-a", "softmax", "--json", str(out))
            assert graded.returncode == 0, graded.stderr
            score = json.loads(out.read_text())["score"]
            assert score < 5.0 if kind == "buggy" else score == 5.0, (entry, score)
    audit = nnkit(course, "audit", "softmax", "--course", str(course), "--json", str(tmp_path / "audit.json"))
    assert audit.returncode == 0, audit.stderr
    assert json.loads((tmp_path / "audit.json").read_text())["mutants"] >= 5
    # nbgrader's own autograde runs the same suite in the kernel (the hidden cells find the course's plug-in)
    nbgrader(course, "autograde", "softmax", "--force")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("softmax", "honest").score == 5.0
        assert gradebook.find_submission("softmax", "idle").score == 0.0


def test_unknown_names_say_what_there_is(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.Nnkit.assignments = {"hw3": "layer"}\n')
    with pytest.raises(UnknownAssignment, match=r"hw3 \(layer\)"):
        find_assignment("hw4", course_scope(tmp_path))
