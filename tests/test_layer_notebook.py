"""What the layer notebook teaches is true: each claim that can be computed is computed here.

* a db of shape (n,) (keepdims forgotten): no error on the update line, the next forward raises
  unless the batch has 1 or n examples, and then quietly gives a wrong Z; the in-place update
  raises at once;
* sqrt(1/input_size) gives Z a variance equal to the mean square of the inputs, whatever their
  number: about 1 for unit-variance inputs only;
* the worked example's hand computation is the trusted layer's;
* the forward/backward diagram is drawn by the notebook's own cell, with the cache;
* the four questions: shown by ask() in a locked cell, keys only in the hidden cells, the right
  option never given away by its length.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.assignments.layer.bugs import simulate
from autograder.assignments.layer.cases import WORKED_EXAMPLE
from nnkit.build.cells import Role, read_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "source" / "layer" / "layer.ipynb"
CELLS = {cell.id: cell for cell in read_cells(NOTEBOOK)}
QUESTIONS = ("why_cache", "why_keepdims", "dW_meaning", "old_W")


def text(cell_id: str) -> str:
    """A markdown cell with its line breaks and indentation folded, as a reader reads it."""
    return " ".join(CELLS[cell_id].source.split())


# ---------------------------------------------------------------- keepdims
def forward(W, b, A_prev):
    return W @ A_prev + b


@pytest.mark.parametrize("n_out", [2, 3, 5])
def test_a_flat_db_breaks_the_next_forward_as_the_notebook_says(n_out):
    rng = np.random.default_rng(n_out)
    n_in, learning_rate = 4, 0.1
    W, b = rng.standard_normal((n_out, n_in)), np.zeros((n_out, 1))
    dZ = rng.standard_normal((n_out, 7))
    flat = np.sum(dZ, axis=1) / 7
    assert flat.shape == (n_out,)
    b_after = b - learning_rate * flat  # no error on this line
    assert b_after.shape == (n_out, n_out)
    for m in range(1, 9):
        A_prev = rng.standard_normal((n_in, m))
        right = forward(W, b - learning_rate * flat[:, None], A_prev)
        if m in (1, n_out):  # runs, quietly wrong: a (n_out, n_out) Z for one example, wrong values for n_out
            Z = forward(W, b_after, A_prev)
            assert Z.shape == (n_out, n_out)
            assert Z.shape != right.shape or not np.allclose(Z, right)
        else:
            with pytest.raises(ValueError, match="could not be broadcast"):
                forward(W, b_after, A_prev)
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        b_inplace = b.copy()
        b_inplace -= learning_rate * flat  # the in-place update raises at once
    said = text("init_text")
    assert "without an error on that line" in said
    assert "raises unless the batch has 1 or `n_out` examples" in said
    assert "The in-place `self.b -= learning_rate * db` raises at once" in said
    assert "silently wrong `b`" not in said  # the old, wrong claim


# ---------------------------------------------------------------- the variance of Z
@pytest.mark.parametrize("n_in", [4, 64, 512])
def test_Z_has_the_mean_square_of_its_inputs_whatever_their_number(n_in):
    """Var(Z_i) = sum_j Var(W_ij) a_j^2 = mean(a^2) for W_ij ~ N(0, 1/n_in): 1 for unit-variance
    inputs, 4 for inputs of variance 4. 20000 layers: the sample variance is within 5 % (its relative
    standard error is sqrt(2/20000) = 1 %)."""
    rng = np.random.default_rng(n_in)
    layers = 20_000
    for input_variance in (1.0, 4.0):
        a = rng.standard_normal(n_in) * np.sqrt(input_variance)
        W = rng.standard_normal((layers, n_in)) * np.sqrt(1 / n_in)
        Z = W @ a
        assert np.var(Z) == pytest.approx(np.mean(a ** 2), rel=0.05)
        assert np.var(Z) == pytest.approx(input_variance, rel=0.35)  # mean(a^2) is itself near the variance
    said = text("init_text")
    assert "variance equal to the mean square of the layer's inputs, whatever their number" in said
    assert "about 1 for inputs of mean 0 and variance 1" in said and "but 4 for inputs of variance 4" in said
    assert "keeps a variance around 1 whatever the number of inputs" not in said  # the old claim


# ---------------------------------------------------------------- the worked example
def test_the_worked_example_by_hand_is_the_trusted_layer():
    expected = simulate(WORKED_EXAMPLE)
    said = text("worked_example_text")
    assert np.allclose(expected["Z_cache"], [[0.01], [-0.12]]) and "[[0.01], [-0.12]]" in said
    assert np.allclose(expected["dA_prev"], [[0.02], [-0.01], [0.04]]) and "[[0.02], [-0.01], [0.04]]" in said
    assert np.allclose(expected["W_after"], [[0.1995, -0.1001, 0.4002], [-0.3, 0.5, 0.1]])
    assert "[[0.1995, -0.1001, 0.4002], [-0.3, 0.5, 0.1]]" in said
    assert np.allclose(expected["b_after"], [[-0.001], [0]]) and "[[-0.001], [0]]" in said


# ---------------------------------------------------------------- the diagram (issue #13)
def test_the_diagram_cell_draws_both_passes_and_the_cache():
    cell = CELLS["diagram_passes"]
    assert cell.role is Role.CHECK  # visible, locked, worth nothing, not part of the graded code
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    namespace: dict = {}
    exec(compile(cell.source, "diagram_passes", "exec"), namespace)
    figure = plt.gcf()
    words = " ".join(t.get_text() for t in figure.axes[0].texts)
    for shown in ("A_prev", "Z = W @ A_prev + b", "A = g(Z)", "dA = dL/dA", "dZ = dA * g'(Z)",
                  "dW = dZ @ A_prev.T / m", "keepdims=True", "dA_prev = W.T @ dZ, the old W",
                  "cache on the layer: self.A_prev, self.Z, self.A", "W -= learning_rate * dW"):
        assert shown in words, shown
    arrows = [p for p in figure.axes[0].patches if isinstance(p, matplotlib.patches.FancyArrowPatch)]
    assert len(arrows) >= 14
    plt.close(figure)


# ---------------------------------------------------------------- the questions (issue #11)
def options_of(question: str) -> dict[str, str]:
    """The options as the learner sees them: what the ask() cell prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(CELLS[f"question_{question}"].source, {})
    return dict(re.findall(r"^  ([a-d])\) (.*)$", printed.getvalue(), re.MULTILINE))


def test_each_question_is_asked_in_a_locked_cell_and_keyed_in_its_hidden_cell():
    keys = keys_in_notebook(NOTEBOOK)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    order = [cell.id for cell in notebook.cells]
    for question in QUESTIONS:
        assert CELLS[f"question_{question}"].role is Role.CHECK
        assert order.index(f"question_{question}") + 1 == order.index(f"answer_{question}")
        options = options_of(question)
        assert sorted(options) == ["a", "b", "c", "d"]
        key = keys[f"test_question_{question}"]
        assert key["answer"] in options and set(key["why"]) == set(options) - {key["answer"]}
        assert f"answer_{question} = None" in CELLS[f"answer_{question}"].source  # the name stays visible
    assert len({keys[f"test_question_{q}"]["answer"] for q in QUESTIONS}) == 4  # a, b, c and d each once


def test_no_question_gives_its_answer_away_by_length():
    keys = keys_in_notebook(NOTEBOOK)
    longest_right = 0
    for question in QUESTIONS:
        options = options_of(question)
        right = keys[f"test_question_{question}"]["answer"]
        longest_right += max(options, key=lambda letter: len(options[letter])) == right
        assert len(options[right]) >= 0.75 * max(len(text) for text in options.values())  # nor by shortness
    assert longest_right <= len(QUESTIONS) / 3


def test_the_keys_are_nowhere_in_what_learners_install():
    keys = keys_in_notebook(NOTEBOOK)
    installed = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "autograder").rglob("*.py")
                          if "catalogue" not in path.parts)
    for question in QUESTIONS:
        for misconception in keys[f"test_question_{question}"]["why"].values():
            assert misconception[:60] not in installed
