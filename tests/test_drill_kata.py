"""Katas graded end to end by the hidden suites in the sandbox: an untouched stub scores zero, a
correct fill-in (written differently from the model answer) full marks, a real bug loses marks."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap

import pexpect
import pytest

from autograder.runner import suite_path
from nnkit.drill.kata import STUB_MARKER, fill_in, grade_kata, load_katas, stub_source

KATAS = load_katas()


def with_suite(name: str):
    kata = KATAS[name]
    missing = not suite_path(kata.assignment).exists()
    return pytest.param(kata, id=name, marks=pytest.mark.skipif(
        missing, reason=f"the {kata.assignment} hidden suite has not landed yet"))


@pytest.mark.parametrize("kata", [with_suite(name) for name in KATAS])
def test_model_answer_full_marks_untouched_stub_zero(kata):
    full = grade_kata(kata, kata.reference)
    assert full.score == full.max_score > 0, [(t.name, t.diagnoses) for t in full.tests]
    stub = grade_kata(kata, stub_source(kata))
    assert stub.score == 0, [(t.name, t.score) for t in stub.tests]
    # each lost item says why: the function is still the stub
    assert all(any(word in " ".join(t.diagnoses).lower() for word in ("not implemented", "notimplementederror"))
               for t in stub.tests), [(t.name, t.diagnoses) for t in stub.tests]


def test_stub_keeps_signature_and_docstring_and_empties_only_the_body():
    kata = KATAS["layer-backward"]
    stub = stub_source(kata)
    assert "def backward(self, dA, learning_rate):" in stub and "W from BEFORE the update" in stub
    assert STUB_MARKER in stub and 'raise NotImplementedError("kata: write Layer.backward")' in stub
    assert "dZ @ self.A_prev.T" not in stub  # the answer is gone...
    assert "self.Z = self.W @ A_prev + self.b" in stub  # ...and forward is still there


LAYER_BACKWARD_EINSUM = """
m = dA.shape[1]
dZ = dA * self.activation_dfn(self.Z)
grad_W = np.einsum("om,im->oi", dZ, self.A_prev) / m
grad_b = dZ.mean(axis=1).reshape(-1, 1)
upstream = np.dot(self.W.T, dZ)
self.W -= learning_rate * grad_W
self.b -= learning_rate * grad_b
return upstream
"""

LAYER_BACKWARD_NEW_W = """
m = dA.shape[1]
dZ = dA * self.activation_dfn(self.Z)
self.W = self.W - learning_rate * (dZ @ self.A_prev.T / m)
self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
return self.W.T @ dZ
"""


def test_layer_backward_written_differently_full_marks_and_a_bug_diagnosed():
    kata = KATAS["layer-backward"]
    if not suite_path(kata.assignment).exists():
        pytest.skip("the layer hidden suite has not landed yet")
    stub = stub_source(kata)
    different = grade_kata(kata, fill_in(stub, kata, LAYER_BACKWARD_EINSUM))
    assert different.score == different.max_score, [(t.name, t.diagnoses) for t in different.tests]
    buggy = grade_kata(kata, fill_in(stub, kata, LAYER_BACKWARD_NEW_W))
    dA_prev = next(t for t in buggy.tests if t.name == "test_backward_dA_prev")
    assert dA_prev.score < dA_prev.max_score and dA_prev.diagnoses
    assert buggy.score < buggy.max_score


FAKE_EDITOR = """
import sys
path = sys.argv[1]
text = open(path).read()
body = {body!r}
stub_line = next(line for line in text.splitlines() if "raise NotImplementedError" in line)
indent = stub_line[: len(stub_line) - len(stub_line.lstrip())]
text = text.replace(stub_line, "\\n".join(indent + line for line in body.splitlines()))
open(path, "w").write(text)
"""


def test_kata_command_with_editor_grades_and_records(tmp_path):
    kata = KATAS["sigmoid-derivative"]
    if not suite_path(kata.assignment).exists():
        pytest.skip("the activations hidden suite has not landed yet")
    editor = tmp_path / "editor.py"
    # the learner's edit, as a fake $EDITOR that types a correct answer unlike the model one
    editor.write_text(FAKE_EDITOR.format(body="return sigmoid(Z) * (1.0 - sigmoid(Z))"))
    env = dict(os.environ, EDITOR=f"{sys.executable} {editor}", NNKIT_DATA_DIR=str(tmp_path / "data"), COLUMNS="120")
    env.pop("VISUAL", None)
    result = subprocess.run([sys.executable, "-m", "nnkit.drill", "--kata", "sigmoid-derivative"],
                            capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "Kata sigmoid-derivative: 2 / 2" in result.stdout and "Full marks in 0 min" in result.stdout
    written = tmp_path / "data" / "katas" / "sigmoid_derivative.py"
    assert "return sigmoid(Z) * (1.0 - sigmoid(Z))" in written.read_text()
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        rows = list(db.execute("SELECT kata, score, max_score, seconds FROM katas"))
    assert len(rows) == 1 and rows[0][:3] == ("sigmoid-derivative", 2.0, 2.0) and rows[0][3] >= 0


def test_kata_in_terminal_without_editor_stub_scores_zero_then_a_fix_full_marks(tmp_path):
    kata = KATAS["tanh-derivative"]
    if not suite_path(kata.assignment).exists():
        pytest.skip("the activations hidden suite has not landed yet")
    kata_file = tmp_path / "my_kata.py"
    kata_file.write_text("# an earlier attempt\n")
    env = dict(os.environ, NNKIT_DATA_DIR=str(tmp_path / "data"), TERM="xterm-256color")
    child = pexpect.spawn(sys.executable, ["-m", "nnkit.drill", "--kata", "tanh-derivative", "--no-editor",
                                           "--kata-file", str(kata_file)],
                          env=env, encoding="utf-8", dimensions=(50, 120), timeout=60)
    child.expect("Enter when done")
    assert "raise NotImplementedError" in kata_file.read_text()  # the stub is there to edit
    assert (tmp_path / "my_kata.previous.py").read_text() == "# an earlier attempt\n"
    child.sendline("")  # done without writing anything
    child.expect("Not yet")
    child.expect("grade again")
    # the learner writes a correct body (not the model's) and grades again; the clock kept running
    kata_file.write_text(fill_in(kata_file.read_text(), kata, "t = np.tanh(Z)\nreturn 1 - t * t"))
    child.sendline("")
    child.expect("Full marks")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        rows = list(db.execute("SELECT kata, score, max_score, seconds FROM katas ORDER BY id"))
    assert [row[:3] for row in rows] == [("tanh-derivative", 0.0, 2.0), ("tanh-derivative", 2.0, 2.0)]
    assert rows[1][3] > rows[0][3]

    # the model answer on request, and the stats table lists the kata
    env["COLUMNS"] = "120"
    shown = subprocess.run([sys.executable, "-m", "nnkit.drill", "--kata", "tanh-derivative", "--solution"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert "1.0 - np.tanh(np.asarray(Z, dtype=np.float64)) ** 2" in shown.stdout
    stats = subprocess.run([sys.executable, "-m", "nnkit.drill", "--stats"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert re.search(r"│ tanh-derivative\s+│\s+2 │\s+2/2 │\s+0 min \d\d s │", stats.stdout), stats.stdout


def test_fill_in_puts_the_body_in_place_of_the_stub():
    kata = KATAS["init-weights"]
    body = textwrap.dedent("""
        if kind == "zeros":
            return np.zeros((output_size, input_size))
        raise ValueError(kind)
    """)
    filled = fill_in(stub_source(kata), kata, body)
    namespace: dict = {}
    exec(compile(filled, "<kata>", "exec"), namespace)
    assert namespace["init_weights"]("zeros", 3, 2, None).shape == (2, 3)
    with pytest.raises(ValueError):
        namespace["init_weights"]("he", 3, 2, None)


def test_kata_with_a_bug_is_diagnosed_and_stopping_points_to_the_model_answer(tmp_path):
    kata = KATAS["sigmoid-derivative"]
    if not suite_path(kata.assignment).exists():
        pytest.skip("the activations hidden suite has not landed yet")
    editor = tmp_path / "editor.py"
    # the classic slip: s(1 - s) applied to Z instead of sigmoid(Z)
    editor.write_text(FAKE_EDITOR.format(body="return Z * (1.0 - Z)"))
    env = dict(os.environ, EDITOR=f"{sys.executable} {editor}", NNKIT_DATA_DIR=str(tmp_path / "data"), COLUMNS="160")
    env.pop("VISUAL", None)
    result = subprocess.run([sys.executable, "-m", "nnkit.drill", "--kata", "sigmoid-derivative"],
                            capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "Kata sigmoid-derivative: 0 / 2" in result.stdout and "Not yet" in result.stdout
    assert "nnkit drill --kata sigmoid-derivative --solution" in result.stdout  # stopped at EOF: the way on
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        assert list(db.execute("SELECT score, max_score FROM katas")) == [(0.0, 2.0)]
