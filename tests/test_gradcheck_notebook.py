"""What the gradcheck notebook teaches is true: each claim that can be computed is computed here.

* the error-vs-epsilon experiment: a V for each scheme, slopes 1 and 2 on the right and -1 on the
  left, the best steps and the errors the text quotes, drawn by the notebook's own cell;
* the visible checks: the two-sided error of sum(x**3) is exactly epsilon**2, the kink demo's slopes;
* the bug hunt: the trusted checker finds exactly the layer and the gradient the hidden keys name,
  and the other layers in the "fine" band;
* the filled notebook runs top to bottom in a Jupyter kernel in under a minute, figures included,
  and its check-your-work cell grades it (questions pending without the keys).
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.gradcheck import numeric_gradient, relative_error
from nnkit.build.cells import Role, read_cells
from nnkit.build.regions import without_markers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "source" / "gradcheck" / "gradcheck.ipynb"
CELLS = {cell.id: cell for cell in read_cells(NOTEBOOK)}
KEYS = keys_in_notebook(NOTEBOOK)


def text(cell_id: str) -> str:
    """A markdown cell with its line breaks folded, as a reader reads it."""
    return " ".join(CELLS[cell_id].source.split())


def run_cells(*cell_ids: str, namespace: dict | None = None) -> tuple[dict, str]:
    """Run cells as the notebook does (solutions without their markers); what they printed."""
    matplotlib.use("Agg")
    namespace = {} if namespace is None else namespace
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for cell_id in cell_ids:
            cell = CELLS[cell_id]
            exec(compile(without_markers(cell.source) if cell.role is Role.SOLUTION else cell.source, cell_id, "exec"),
                 namespace)
    return namespace, printed.getvalue()


@pytest.fixture(scope="module")
def solved() -> dict:
    namespace, _ = run_cells("provided_imports", "numerical_gradient", "relative_error", "provided_layers",
                             "check_layer")
    return namespace


# ---------------------------------------------------------------- the experiment
@pytest.fixture(scope="module")
def experiment():
    import matplotlib.pyplot as plt

    plt.close("all")
    namespace, printed = run_cells("provided_imports", "experiment_error_vs_epsilon")
    figure = plt.gcf()
    yield namespace, printed, figure
    plt.close("all")


def at(namespace, errors, h):
    steps = namespace["steps"]
    return errors[np.argmin(np.abs(np.log10(steps) - np.log10(h)))]


def slope(namespace, errors, low, high):
    return (np.log10(at(namespace, errors, high)) - np.log10(at(namespace, errors, low))) / (np.log10(high) - np.log10(low))


def test_the_experiment_shows_the_vs_the_text_describes(experiment):
    namespace, printed, figure = experiment
    one, two = namespace["one_sided"], namespace["two_sided"]
    said = text("differences_text")
    assert "falls with slope 1" in said and "two-sided one with slope 2" in said and "slope -1" in said
    assert abs(slope(namespace, one, 1e-4, 1e-1) - 1) < 0.05 and abs(slope(namespace, two, 1e-4, 1e-1) - 2) < 0.05
    assert abs(slope(namespace, one, 1e-14, 1e-10) + 1) < 0.15 and abs(slope(namespace, two, 1e-14, 1e-10) + 1) < 0.15
    steps = namespace["steps"]
    assert steps[np.argmin(one)] == pytest.approx(1e-8, rel=0.5)  # "near h ≈ 1e-8"
    assert 2e-6 <= steps[np.argmin(two)] <= 1e-5  # "near h ≈ 5e-6"
    # "At h = 1e-12 both are near 5e-5; at h = 1e-6 the two-sided error is about 5e-11 and the one-sided
    # about 4e-7; at h = 1e-2 the two-sided error is about 1e-5 and the one-sided about 4e-3."
    for claim in ("At `h = 1e-12` both are near 5e-5", "at `h = 1e-6` the two-sided error is about 5e-11",
                  "one-sided about 4e-7", "at `h = 1e-2` the two-sided error is about 1e-5", "one-sided about 4e-3"):
        assert claim in said, claim
    assert 2.5e-5 <= at(namespace, one, 1e-12) <= 1e-4 and 2.5e-5 <= at(namespace, two, 1e-12) <= 1e-4
    assert 2.5e-11 <= at(namespace, two, 1e-6) <= 1e-10 and 2e-7 <= at(namespace, one, 1e-6) <= 8e-7
    assert 5e-6 <= at(namespace, two, 1e-2) <= 2e-5 and 2e-3 <= at(namespace, one, 1e-2) <= 8e-3
    assert "one-sided: best step 1e-08" in printed
    axes = figure.axes[0]
    assert axes.get_xscale() == axes.get_yscale() == "log" and len(axes.lines) == 5


def test_the_questions_numbers_are_the_experiments(experiment):
    """Question 3 says rounding is about 1e-4 at 1e-12, question 4 truncation near 1e-5 at 1e-2."""
    namespace, _, _ = experiment
    u = np.finfo(np.float64).eps / 2
    assert u / 1e-12 == pytest.approx(1.1e-4, rel=0.01)
    assert at(namespace, namespace["two_sided"], 1e-12) == pytest.approx(1e-4, rel=0.75)
    assert at(namespace, namespace["two_sided"], 1e-2) == pytest.approx(1e-5, rel=0.5)


# ---------------------------------------------------------------- the visible checks
def test_the_two_sided_error_of_a_cube_is_epsilon_squared(solved):
    _, printed = run_cells("check_numerical_gradient", namespace=dict(solved))
    assert "numerical_gradient: as expected" in printed
    x = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.5]])
    one_sided = np.array([((x.ravel()[i] + 1e-2) ** 3 - x.ravel()[i] ** 3) / 1e-2 for i in range(6)])
    assert not np.allclose(one_sided - 3 * x.ravel() ** 2, 1e-4, rtol=1e-6)  # the check tells the two apart


def test_the_kink_demo_shows_the_slopes_the_text_quotes(solved):
    namespace, printed = run_cells("kink_demo", namespace=dict(solved))
    assert np.allclose(namespace["numeric"], [0.0, 0.5, 0.65, 1.0])
    assert "slope is 0.5 and 0.65" in text("bands_text")
    assert relative_error(namespace["analytic"], namespace["numeric"]) > 1e-3  # "a large relative error"


# ---------------------------------------------------------------- the bug hunt
def layer_names() -> dict[str, str]:
    """{letter: provided layer class} from the options of question 1."""
    source = CELLS["question_buggy_layer"].source
    return {letter: name for letter, name in re.findall(r'"([abcd])": "(\w+Layer)', source)}


def test_the_keys_name_what_the_trusted_checker_finds(solved):
    """The bug hunt's data, checked with the kit's own arithmetic (not the learner's check_layer)."""
    rng = np.random.default_rng(7)
    A_prev, dA = rng.standard_normal((4, 5)), rng.standard_normal((3, 5))
    found = {}
    for name in ("TanhLayer", "SigmoidLayer", "ReluLayer", "LeakyReluLayer"):
        layer = solved[name](rng.standard_normal((3, 4)) / 2, 0.1 * rng.standard_normal((3, 1)))
        assert np.min(np.abs(layer.W @ A_prev + layer.b)) > 1e-3
        W, b = layer.W.copy(), layer.b.copy()
        layer.forward(A_prev)
        dA_prev = layer.backward(dA)
        analytic = {"dW": layer.dW, "db": layer.db, "dA_prev": dA_prev}

        def output(W_=W, b_=b, A_=A_prev, layer=layer):
            layer.W, layer.b = W_, b_
            return float(np.sum(layer.forward(A_) * dA))

        numeric = {"dW": numeric_gradient(lambda W_: output(W_=W_) / 5, W),
                   "db": numeric_gradient(lambda b_: output(b_=b_) / 5, b),
                   "dA_prev": numeric_gradient(lambda A_: output(A_=A_), A_prev)}
        found[name] = {p: relative_error(analytic[p], numeric[p]) for p in analytic}
    bugs = {(name, p) for name, errors in found.items() for p, error in errors.items() if error > 1e-3}
    fine = {(name, p) for name, errors in found.items() for p, error in errors.items() if error < 1e-8}
    assert len(bugs) == 1 and len(fine) == 11, found  # one gradient far into "a bug", the rest "fine"
    (layer, gradient), = bugs
    assert layer_names()[KEYS["test_question_buggy_layer"]["answer"]] == layer
    gradients = {"a": "dW", "b": "db", "c": "dA_prev"}
    assert gradients[KEYS["test_question_buggy_gradient"]["answer"]] == gradient
    # and the learner's check_layer (the reference solution) prints the same verdict in the hunt cell
    _, printed = run_cells("bug_hunt", namespace=dict(solved))
    hunt = {line.split()[0]: float(line.split()[line.split().index(gradient) + 1]) for line in printed.splitlines()}
    assert hunt[layer] > 1e-3 and all(value < 1e-7 for name, value in hunt.items() if name != layer)


# ---------------------------------------------------------------- the whole notebook in a kernel
@pytest.mark.slow
def test_the_filled_notebook_runs_top_to_bottom_in_a_kernel_under_a_minute():
    from nbclient import NotebookClient

    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    for cell in notebook.cells:
        if cell.metadata["nbgrader"].get("solution"):
            cell.source = without_markers(cell.source)
        elif "BEGIN HIDDEN TESTS" in cell.source:
            cell.source = "pass  # the hidden tests are the grader's (tests/test_notebooks.py runs them under nbgrader)"
    started = time.monotonic()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"{elapsed:.0f} s"
    outputs = {cell.id: cell.outputs for cell in notebook.cells if cell.cell_type == "code"}
    assert any("image/png" in output.get("data", {}) for output in outputs["experiment_error_vs_epsilon"])
    checked = "".join(output.get("text", "") for output in outputs["check_your_work"])
    assert "18 / 18 (+ 7 points of questions, graded when you submit)" in checked, checked
