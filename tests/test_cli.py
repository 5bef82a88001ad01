"""`nnkit grade` / `nnkit check` as a user runs them: a real subprocess, real sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NNKIT = [sys.executable, "-m", "nnkit.cli"]


def nnkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([*NNKIT, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.py", "no such file"),
        (lambda d: d, "is a folder"),
        (lambda d: (d / "layer.txt").write_text("x = 1") and d / "layer.txt", "neither a Python file"),
        (lambda d: (d / "layer.ipynb").write_text("{not json") and d / "layer.ipynb", "is not a notebook"),
        (lambda d: (d / "layer.ipynb").write_text("[1, 2]") and d / "layer.ipynb", "is not a notebook"),
    ],
    ids=["missing", "folder", "not-python", "broken-notebook", "json-not-notebook"],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, message):
    result = nnkit("grade", str(make(tmp_path)), "--assignment", "layer")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unknown_assignment_is_bad_input(tmp_path):
    submission = tmp_path / "mine.py"
    submission.write_text("x = 1\n")
    result = nnkit("grade", str(submission), "--assignment", "backprop")
    assert result.returncode == 2
    assert "unknown assignment 'backprop'" in result.stderr


def test_assignment_is_taken_from_the_file_name_or_asked_for(tmp_path):
    submission = tmp_path / "mine.py"
    submission.write_text("x = 1\n")
    result = nnkit("check", str(submission))
    assert result.returncode == 2
    assert "pass --assignment" in result.stderr


def test_syntax_error_is_a_graded_zero_with_the_learners_error(tmp_path):
    submission = tmp_path / "activations.py"
    submission.write_text("import numpy as np\ndef relu(Z):\n    return np.maximum(0, Z\n")
    out = tmp_path / "results.json"
    result = nnkit("grade", str(submission), "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "SyntaxError" in result.stdout
    results = json.loads(out.read_text())
    assert results["score"] == 0
    assert results["max_score"] > 0
    assert "SyntaxError" in results["output"]
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert test["score"] == 0


def test_crash_at_import_is_a_graded_zero_not_a_grader_failure(tmp_path):
    submission = tmp_path / "activations.py"
    submission.write_text("import numpy as np\nraise RuntimeError('my bad')\n")
    result = nnkit("check", str(submission))
    assert result.returncode == 1, result.stderr  # graded: its checks fail
    assert "RuntimeError: my bad" in result.stdout
    assert "Traceback" not in result.stderr
