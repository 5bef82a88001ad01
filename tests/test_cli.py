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


# ---------------------------------------------------------------- hostile submissions
def test_an_empty_notebook_is_called_empty(tmp_path):
    (tmp_path / "layer.ipynb").write_text("")
    result = nnkit("grade", str(tmp_path / "layer.ipynb"))
    assert result.returncode == 2
    assert result.stderr.strip() == "nnkit: layer.ipynb is empty (0 bytes): save the notebook in Jupyter and submit it again"


def test_a_symbolic_link_is_refused_not_followed(tmp_path):
    (tmp_path / "layer.py").symlink_to(ROOT / "solutions" / "layer.py")
    result = nnkit("grade", str(tmp_path / "layer.py"))
    assert result.returncode == 2 and "is a symbolic link, which the grader does not follow" in result.stderr


def test_replies_that_break_the_reader_still_give_a_score_and_json(tmp_path):
    """Before: a reply nested 100,000 deep escaped as a "defect in the hidden suite" and no JSON was written."""
    out = tmp_path / "results.json"
    result = nnkit("grade", str(ROOT / "tests" / "cheats" / "forge_unparsable_replies.py"), "--assignment", "layer",
                   "--json", str(out), "--timeout", "2")
    assert result.returncode == 0, result.stderr
    results = json.loads(out.read_text())
    assert results["score"] < results["max_score"]
    assert "the grader could not check this" not in out.read_text()


ESCAPES = "\\x1b[2J\\x1b]0;owned\\x07"  # clear the screen, set the window title (as Python source)


@pytest.mark.parametrize("command", ["grade", "check"])
def test_learner_text_reaches_the_terminal_without_escapes_or_markup(tmp_path, command):
    submission = tmp_path / "activations.py"
    submission.write_text((ROOT / "solutions" / "activations.py").read_text() + f"""
print("{ESCAPES} printed")
answer_dead_relu = "[/] [bold red]{ESCAPES}"

def tanh(Z):
    raise ValueError("{ESCAPES} [/] raised")
""")
    result = nnkit(command, str(submission))
    # graded (grade: 0) or some check failed (check: 1), never a rich markup error (exit 3)
    assert result.returncode == {"grade": 0, "check": 1}[command], result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "\\x1b[2J" in result.stdout and "raised" in result.stdout and "[/]" in result.stdout
