"""Katas graded end to end in the sandbox by their own checks: the model answer scores full marks,
the untouched stub zero, a correct answer written differently full marks, and a classic mistake
loses marks with a diagnosis that names it. Then the kata command: an editor, the attempts kept
with their code, and the model answer only after an attempt or a recorded give-up."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from nnkit.drill.kata import grade_kata, load_katas

KATAS = load_katas()

# kata -> (a correct answer unlike the model one, a buggy answer, words its diagnosis must contain)
VARIANTS = {
    "log-sum-exp": (
        "import numpy as np\ndef log_sum_exp(Z):\n    return np.logaddexp.reduce(Z, axis=0, keepdims=True)\n",
        "import numpy as np\ndef log_sum_exp(Z):\n    return np.log(np.sum(np.exp(Z), axis=0, keepdims=True))\n",
        "overflows",
    ),
    "softmax-cross-entropy": (
        "import numpy as np\ndef softmax_cross_entropy(Z, Y):\n"
        "    lse = np.logaddexp.reduce(Z, axis=0, keepdims=True)\n"
        "    loss = np.mean(np.sum(Y * (lse - Z), axis=0))\n"
        "    return loss.item(), (np.exp(Z - lse) - Y) / Z.shape[1]\n",
        "import numpy as np\ndef softmax_cross_entropy(Z, Y):\n"
        "    S = Z - Z.max(axis=0)\n    P = np.exp(S) / np.exp(S).sum(axis=0)\n"
        "    return float(-np.sum(Y * np.log(P)) / Z.shape[1]), P - Y\n",
        "times too large",
    ),
    "dropout": (
        "import numpy as np\ndef dropout_forward(A, keep_prob, rng):\n"
        "    keep = (rng.uniform(size=A.shape) < keep_prob).astype(float)\n"
        "    return np.where(keep == 1, A / keep_prob, 0.0), keep\n"
        "def dropout_backward(dout, mask, keep_prob):\n    return np.where(mask == 1, dout, 0.0) / keep_prob\n",
        "import numpy as np\ndef dropout_forward(A, keep_prob, rng):\n"
        "    mask = rng.random(A.shape) < keep_prob\n    return A * mask, mask\n"
        "def dropout_backward(dout, mask, keep_prob):\n    return dout * mask\n",
        "not scaled",
    ),
    "adam": (
        "import numpy as np\ndef adam_step(w, g, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        "    m = beta1 * m + (1.0 - beta1) * g\n    v = beta2 * v + (1.0 - beta2) * np.square(g)\n"
        "    step = learning_rate * (m / (1.0 - np.power(beta1, t))) / (np.sqrt(v / (1.0 - np.power(beta2, t))) + eps)\n"
        "    return w - step, m, v\n",
        "import numpy as np\ndef adam_step(w, g, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        "    m = beta1 * m + (1 - beta1) * g\n    v = beta2 * v + (1 - beta2) * g * g\n"
        "    return w - learning_rate * m / (np.sqrt(v) + eps), m, v\n",
        "bias correction is missing",
    ),
    "conv1d": (
        "import numpy as np\nfrom numpy.lib.stride_tricks import sliding_window_view\n"
        "def conv1d(x, w, b=0.0, stride=1, pad=0):\n"
        "    windows = sliding_window_view(np.pad(x, pad), len(w))[::stride]\n    return windows @ w + b\n",
        "import numpy as np\ndef conv1d(x, w, b=0.0, stride=1, pad=0):\n"
        "    return np.convolve(np.pad(x, pad), w, mode='valid')[::stride] + b\n",
        "flipped",
    ),
    "batchnorm-forward": (
        "import numpy as np\ndef batchnorm_forward(Z, gamma, beta, eps=1e-5):\n"
        "    centred = Z - Z.mean(axis=1)[:, None]\n    var = (centred ** 2).mean(axis=1)[:, None]\n"
        "    return gamma * centred / np.sqrt(var + eps) + beta\n",
        "import numpy as np\ndef batchnorm_forward(Z, gamma, beta, eps=1e-5):\n"
        "    return gamma * (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + eps) + beta\n",
        "each example",
    ),
    "numeric-gradient": (
        "import numpy as np\ndef numeric_gradient(f, x, eps=1e-6):\n"
        "    flat = np.array(x, dtype=float).ravel()\n    grad = np.empty_like(flat)\n"
        "    for i in range(flat.size):\n        step = np.zeros_like(flat)\n        step[i] = eps\n"
        "        grad[i] = (f((flat + step).reshape(np.shape(x))) - f((flat - step).reshape(np.shape(x)))) / (2 * eps)\n"
        "    return grad.reshape(np.shape(x))\n",
        "import numpy as np\ndef numeric_gradient(f, x, eps=1e-6):\n"
        "    x = x.copy()\n    g = np.zeros_like(x)\n    base = f(x)\n"
        "    for i in np.ndindex(x.shape):\n        old = x[i]\n        x[i] = old + eps\n"
        "        g[i] = (f(x) - base) / eps\n        x[i] = old\n    return g\n",
        "one-sided",
    ),
    "gradient-check": (
        "import numpy as np\ndef gradient_check(f, grad_f, x, eps=1e-6):\n"
        "    work = x.astype(float).copy()\n    a = grad_f(work)\n    n = np.zeros_like(work)\n"
        "    it = np.nditer(work, flags=['multi_index'])\n    for _ in it:\n        i = it.multi_index\n"
        "        keep = work[i]\n        work[i] = keep + eps\n        up = f(work)\n"
        "        work[i] = keep - eps\n        down = f(work)\n        work[i] = keep\n"
        "        n[i] = (up - down) / (2 * eps)\n"
        "    top = max(np.linalg.norm(a), np.linalg.norm(n))\n"
        "    return 0.0 if top == 0 else float(np.linalg.norm(a - n) / top)\n"
        "def verdict(error):\n    return 'bug' if error >= 1e-3 else ('look closer' if error >= 1e-7 else 'ok')\n",
        "import numpy as np\ndef gradient_check(f, grad_f, x, eps=1e-6):\n"
        "    x = x.copy()\n    a = grad_f(x)\n    n = np.zeros_like(x)\n"
        "    for i in np.ndindex(x.shape):\n        o = x[i]\n        x[i] = o + eps\n        p = f(x)\n"
        "        x[i] = o - eps\n        q = f(x)\n        x[i] = o\n        n[i] = (p - q) / (2 * eps)\n"
        "    with np.errstate(invalid='ignore'):\n"
        "        return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))\n"
        "def verdict(error):\n    return 'bug' if error >= 1e-3 else ('look closer' if error >= 1e-7 else 'ok')\n",
        "nan (0 / 0)",
    ),
    "minibatches": (
        "import numpy as np\ndef minibatches(X, Y, batch_size, rng):\n"
        "    idx = rng.permutation(X.shape[1])\n    Xs, Ys = X[:, idx], Y[:, idx]\n"
        "    return [(Xs[:, i:i + batch_size], Ys[:, i:i + batch_size]) for i in range(0, X.shape[1], batch_size)]\n",
        "import numpy as np\ndef minibatches(X, Y, batch_size, rng):\n"
        "    Xs, Ys = X[:, rng.permutation(X.shape[1])], Y[:, rng.permutation(X.shape[1])]\n"
        "    return [(Xs[:, i:i + batch_size], Ys[:, i:i + batch_size]) for i in range(0, X.shape[1], batch_size)]\n",
        "no longer match",
    ),
    "logistic-regression": (
        "import numpy as np\ndef train_logistic(X, Y, learning_rate, epochs):\n"
        "    w = np.zeros((X.shape[0], 1))\n    b = 0.0\n    losses = []\n"
        "    for _ in range(epochs):\n        A = 1.0 / (1.0 + np.exp(-(w.T @ X + b)))\n"
        "        losses.append(float(np.mean(-(Y * np.log(A) + (1 - Y) * np.log(1 - A)))))\n"
        "        w -= learning_rate * np.mean(X * (A - Y), axis=1, keepdims=True)\n"
        "        b -= learning_rate * np.mean(A - Y)\n    return w, float(b), losses\n",
        "import numpy as np\ndef train_logistic(X, Y, learning_rate, epochs):\n"
        "    w = np.zeros((X.shape[0], 1))\n    b = 0.0\n    losses = []\n"
        "    for _ in range(epochs):\n        A = 1 / (1 + np.exp(-(w.T @ X + b)))\n"
        "        w = w - learning_rate * X @ (A - Y).T / X.shape[1]\n        b = b - learning_rate * np.mean(A - Y)\n"
        "        A = 1 / (1 + np.exp(-(w.T @ X + b)))\n"
        "        losses.append(float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))))\n    return w, b, losses\n",
        "recorded after",
    ),
}


def test_every_kata_has_variants_and_its_own_folder():
    assert set(VARIANTS) == set(KATAS) and len(KATAS) >= 10
    topics = [kata.topic for kata in KATAS.values()]
    assert topics.count("gradcheck") >= 2 and topics.count("training") >= 2
    for kata in KATAS.values():
        assert kata.suite.exists() and len(kata.hints) == 2 and kata.minutes > 0
        assert kata.suite.parent == kata.folder and (kata.folder / "__init__.py").exists()  # ships with the package


@pytest.mark.parametrize("name", list(KATAS))
def test_kata_is_graded_in_the_sandbox_by_its_own_checks(name):
    kata = KATAS[name]
    full = grade_kata(kata, kata.model)
    assert full.score == full.max_score >= 5, [(t.name, t.diagnoses) for t in full.tests]
    stub = grade_kata(kata, kata.stub)
    assert stub.score == 0, [(t.name, t.score) for t in stub.tests]
    assert all("not implemented" in " ".join(t.diagnoses).lower() for t in stub.tests), [t.diagnoses for t in stub.tests]
    different, buggy, words = VARIANTS[name]
    other = grade_kata(kata, different)
    assert other.score == other.max_score, [(t.name, t.diagnoses) for t in other.tests]
    bug = grade_kata(kata, buggy)
    assert bug.score < bug.max_score
    diagnoses = " ".join(d for t in bug.tests for d in t.diagnoses).lower()
    assert words in diagnoses, diagnoses


def test_learner_code_runs_in_the_sandbox_not_in_this_process(tmp_path):
    kata = KATAS["log-sum-exp"]
    marker = tmp_path / "written-by-kata-code"
    source = kata.model + f"\nopen({str(marker)!r}, 'w').write('x')\n"
    result = grade_kata(kata, source)
    assert not marker.exists(), "the kata's code must not see the real file system"
    assert result.suite.load_errors, "writing outside the sandbox fails in the sandbox"


FAKE_EDITOR = """
import sys
path = sys.argv[1]
body = {body!r}
open(path, "w").write(body)
"""


def run(args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnkit.drill", *args], capture_output=True, text=True, env=env,
                          timeout=120, **kwargs)


def test_kata_with_visual_editor_records_each_attempt_with_its_code(tmp_path):
    kata = KATAS["conv1d"]
    editor = tmp_path / "editor.py"
    editor.write_text(FAKE_EDITOR.format(body=VARIANTS["conv1d"][0]))
    env = dict(os.environ, VISUAL=f"{sys.executable} {editor}", EDITOR="false", NNKIT_DATA_DIR=str(tmp_path / "data"),
               COLUMNS="120")
    result = run(["--kata", "conv1d"], env, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "Kata conv1d: 5 / 5" in result.stdout and "Full marks in 0 min" in result.stdout
    written = tmp_path / "data" / "katas" / kata.file_name
    assert written.read_text() == VARIANTS["conv1d"][0]  # VISUAL wins over EDITOR
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        rows = list(db.execute("SELECT kata, score, max_score, outcome, code FROM kata_attempts"))
    assert rows == [("conv1d", 5.0, 5.0, "graded", VARIANTS["conv1d"][0])]

    # a second go: the earlier file is kept (no terminal to ask), a bug this time, stopped at EOF
    editor.write_text(FAKE_EDITOR.format(body=VARIANTS["conv1d"][1]))
    result = run(["--kata", "conv1d"], env, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "holds an earlier attempt" in result.stdout and "Carrying on with your file" in result.stdout
    assert "Not yet" in result.stdout and "--kata conv1d --solution" in result.stdout

    # --stats lists the kata; --stats --kata shows each attempt and the code graded
    stats = run(["--stats"], env)
    assert re.search(r"│ conv1d\s+│\s+2 │\s+5/5 │\s+0 min \d\d s │\s+0 │", stats.stdout), stats.stdout
    history = run(["--stats", "--kata", "conv1d"], env)
    assert history.returncode == 0 and "every attempt" in history.stdout
    assert re.search(r"│ 1 │ .* │\s+5/5 │ graded", history.stdout)
    assert re.search(r"│ 2 │ .* │\s+[0-4](\.\d+)?/5 │ graded", history.stdout)
    assert "sliding_window_view" in history.stdout and "np.convolve" in history.stdout


def test_model_answer_only_after_an_attempt_or_a_recorded_give_up(tmp_path):
    env = dict(os.environ, NNKIT_DATA_DIR=str(tmp_path), COLUMNS="120")
    refused = run(["--kata", "adam", "--solution"], env)
    assert refused.returncode == 2 and "you have not tried kata adam yet" in refused.stderr
    assert "--give-up" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert "bias" not in refused.stdout

    shown = run(["--kata", "adam", "--solution", "--give-up"], env)
    assert shown.returncode == 0 and "m_hat = m / (1 - beta1 ** t)" in shown.stdout and "give-up" in shown.stdout
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        assert list(db.execute("SELECT kata, outcome FROM kata_attempts")) == [("adam", "gave-up")]
    again = run(["--kata", "adam", "--solution"], env)  # once given up (or tried), it can be read again
    assert again.returncode == 0 and "m_hat" in again.stdout
    stats = run(["--stats"], env)
    assert re.search(r"│ adam\s+│\s+0 │\s+- │\s+- │\s+1 │", stats.stdout), stats.stdout
