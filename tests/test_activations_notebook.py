"""What the activations notebook says, computed (issues #11 and #13): the numbers in its text, the
figures its cells draw, and the vanishing-gradient experiment against the sentences about it.

The notebook's cells run here as the filled notebook runs them (the source notebook: provided and
solution cells, then the figure and experiment cells), with matplotlib drawing off-screen.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

from autograder.assignments.activations import cases, maths
from nnkit.build.cells import Role, read_cells

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CELLS = {cell.id: cell for cell in read_cells(ROOT / "source" / "activations" / "activations.ipynb")}


@pytest.fixture(scope="module")
def notebook() -> dict:
    """The filled notebook's namespace after its figure cells and its vanishing-gradient experiment."""
    namespace: dict = {"__name__": "__main__"}
    for cell in CELLS.values():
        if cell.role in (Role.PROVIDED, Role.SOLUTION):
            exec(compile(cell.source, cell.id, "exec"), namespace)
    for figure_or_experiment in ("plot_activations", "vanishing_experiment"):
        exec(compile(CELLS[figure_or_experiment].source, figure_or_experiment, "exec"), namespace)
    yield namespace
    plt.close("all")


# ---------------------------------------------------------------- the sigmoid and tanh sections
def test_the_overflow_threshold_and_the_tiny_value_the_text_quotes():
    text = CELLS["sigmoid_text"].source
    assert f"{cases.EXP_OVERFLOW:.2f}" == "709.78" and "709.78" in text
    with np.errstate(all="ignore"):
        assert np.isinf(np.exp(709.79)) and np.isfinite(np.exp(709.78))
        z = np.array([-720.0])
        assert f"{maths.sigmoid(z)[0]:.2e}" == "2.03e-313" and "2.03e-313" in text
        assert (1 / (1 + np.exp(-z)))[0] == 0.0, "the overflowed formula gives 0"
        assert np.isnan(np.exp(710.0) / (1 + np.exp(710.0))), "exp(z) / (1 + exp(z)) is NaN above 709.78"
        assert np.isclose((1 / (1 + np.exp(-np.clip(z, -500, 500))))[0], maths.sigmoid(np.array([-500.0]))[0], rtol=1e-12)
        assert 0.5 * (1 + np.tanh(z / 2))[0] == 0.0, "1 + tanh(z/2) loses the tiny value"


def test_tanh_by_hand_is_nan_beyond_the_threshold():
    assert "709.78" in CELLS["tanh_text"].source
    with np.errstate(all="ignore"):
        for z in (710.0, -710.0):
            assert np.isnan((np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)))
        assert np.isfinite((np.exp(709.0) - np.exp(-709.0)) / (np.exp(709.0) + np.exp(-709.0)))


def test_the_slopes_the_figure_text_names():
    z = np.linspace(-10, 10, 200_001)  # contains 0 exactly
    sigmoid_slope, tanh_slope = maths.derivative("sigmoid")(z), maths.derivative("tanh")(z)
    assert sigmoid_slope.max() == 0.25 and z[sigmoid_slope.argmax()] == 0.0
    assert tanh_slope.max() == 1.0 and z[tanh_slope.argmax()] == 0.0
    assert np.all(maths.activation("relu")(z[z < 0]) == 0) and np.all(maths.derivative("relu")(z[z < 0]) == 0)
    text = CELLS["plots_text"].source
    assert "**0.25** there" in text and "a quarter of\n  tanh's slope at `z = 0`, which is 1" in text


# ---------------------------------------------------------------- the figures
def test_the_activation_figure_shows_the_dead_region_and_the_largest_slope(notebook):
    axes = notebook["axes"]
    assert [ax.get_title() for ax in axes] == ["ReLU", "leaky ReLU (alpha = 0.1)", "sigmoid", "tanh"]
    assert all(len(ax.get_lines()) >= 4 for ax in axes), "each panel: g, g' and the two axes"
    dead = [patch for patch in axes[0].patches if "dead" in patch.get_label()]
    assert len(dead) == 1 and dead[0].get_x() == -5.0 and dead[0].get_width() == 5.0
    slope_lines = [line for line in axes[2].get_lines() if "0.25" in line.get_label()]
    assert slope_lines and set(np.ravel(slope_lines[0].get_ydata())) == {0.25}
    sigmoid_slope = axes[2].get_lines()[3]  # after the two axis lines and g
    assert np.isclose(np.max(sigmoid_slope.get_ydata()), 0.25)


def test_the_vanishing_gradient_figure_has_the_three_stacks_and_the_guide(notebook):
    ax = notebook["ax"]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == [*notebook["stacks"], "0.25 per layer, from the top"]
    assert ax.get_yscale() == "log"


# ---------------------------------------------------------------- the experiment and its reading
QUARTER_POWER = 0.25 ** 19  # 20 layers: 19 steps from the last layer down to the first


def test_the_text_states_what_is_asserted_below():
    text = CELLS["vanishing_reading"].source
    assert "`0.25^19 ≈ 4e-12`" in text and f"{QUARTER_POWER:.0e}" == "4e-12"
    assert "divides the gradient by about 4" in text
    assert "within a factor of 3 from the top of the stack to the bottom" in text


@pytest.mark.parametrize("seed", [0, 1, 2])  # 0 is the notebook's own run
def test_sigmoid_layers_divide_the_gradient_by_about_four_each(notebook, seed):
    norms = notebook["gradient_norms"](notebook["sigmoid"], notebook["sigmoid_derivative"], 20, seed=seed)
    ratio = norms[0] / norms[-1]
    per_layer = ratio ** (1 / 19)
    assert 0.22 <= per_layer <= 0.26, f"about 4 per layer: {1 / per_layer:.2f}"
    assert QUARTER_POWER / 4 <= ratio <= QUARTER_POWER * 4, f"about 0.25^19 = 4e-12: {ratio:.1e}"
    assert np.all(np.diff(norms) > 0), "it shrinks at every layer on the way down"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tanh_and_relu_keep_the_gradient_within_a_factor_of_three(notebook, seed):
    run = notebook["gradient_norms"]
    for norms in (run(notebook["tanh"], notebook["tanh_derivative"], 20, seed=seed),
                  run(notebook["relu"], notebook["relu_derivative"], 20, weight_variance=2.0, seed=seed)):
        assert 1 / 3 <= norms[0] / norms[-1] <= 3
        assert 1 / 3 <= norms.min() / norms[-1] and norms.max() / norms[-1] <= 3


def test_the_notebook_plots_its_own_run(notebook):
    """The figure's numbers are the experiment's seed-0 run, the one the sentences describe."""
    for (name, norms), (g, slope, variance) in zip(notebook["stacks"].items(), [
            ("sigmoid", "sigmoid_derivative", 1.0), ("tanh", "tanh_derivative", 1.0), ("relu", "relu_derivative", 2.0)]):
        again = notebook["gradient_norms"](notebook[g], notebook[slope], 20, weight_variance=variance, seed=0)
        assert np.array_equal(norms, again), name
