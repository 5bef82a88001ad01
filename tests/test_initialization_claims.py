"""Every sentence of the initialization notebook about its 20-layer experiment (section 4 and the
histograms' text), checked on the experiment itself: the notebook's own cells run here with the
reference solution, on the notebook's seed and on one more."""

from __future__ import annotations

import numpy as np
import pytest

from build_course import ROOT
from nnkit.build import layout
from nnkit.build.cells import read_cells

# the provided activations, the reference init_weights, the experiment's code and its printed run
CELLS = ("provided_code", "init_weights", "deep_code", "check_deep_signal")
MORE_SEEDS = (1,)  # besides the notebook's run (seed 0)
TOO_SMALL, TOO_LARGE = "too small (std 0.01)", "too large (std 1)"


@pytest.fixture(scope="module")
def notebook():
    cells = {cell.id: cell.source for cell in read_cells(layout.source_notebook(ROOT, "initialization"))}
    namespace: dict = {"__name__": "notebook"}
    for cell_id in CELLS:
        exec(compile(cells[cell_id], cell_id, "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def runs(notebook):
    """({(activation, scale): the spreads after each layer, one array per run}, {...: the activations
    after layer 20, one per run}): the notebook's printed run, then one more seed."""
    spreads = {key: [np.array(spread)] for key, spread in notebook["spreads"].items()}
    last = {key: [layers[20]] for key, layers in notebook["shown_layers"].items()}
    for name, activation in notebook["ACTIVATIONS"].items():
        for scale, draw_W in notebook["SCALES"].items():
            for seed in MORE_SEEDS:
                layers = notebook["deep_activations"](draw_W, activation, np.random.default_rng(seed))
                spreads[name, scale].append(np.array([A.std() for A in layers]))
                last[name, scale].append(layers[-1])
    return spreads, last


def per_layer_factor(spread: np.ndarray) -> float:
    """The geometric mean of the spread's ratio from one layer to the next, layers 1 to 20."""
    return float((spread[-1] / spread[0]) ** (1 / (len(spread) - 1)))


def test_the_printed_run_is_the_notebooks_seed_0(notebook):
    """The printed spreads come from the experiment as the code states it (seed 0)."""
    relu, xavier = notebook["ACTIVATIONS"]["relu"], notebook["SCALES"]["xavier"]
    layers = notebook["deep_activations"](xavier, relu, np.random.default_rng(0))
    assert np.allclose(notebook["spreads"]["relu", "xavier"], [A.std() for A in layers], rtol=1e-12)


def test_relu_xavier_shrinks_by_one_over_root_two_per_layer(runs):
    """'each layer shrinks the spread by about 1/√2 ... after 20 layers it is about a thousandth of
    what it was after the first'; histograms: 'ReLU slides left by log10(√2) ≈ 0.15 per layer'."""
    for spread in runs[0]["relu", "xavier"]:
        assert per_layer_factor(spread) == pytest.approx(1 / np.sqrt(2), rel=0.05)
        assert 3e-4 <= spread[-1] / spread[0] <= 3e-3


def test_relu_he_keeps_the_spread(runs):
    """'the spread stays where it started (between half and twice its first value at every layer)'."""
    for spread in runs[0]["relu", "he"]:
        assert np.all((spread / spread[0] >= 0.5) & (spread / spread[0] <= 2))


def test_tanh_xavier_decays_like_one_over_root_two_l(runs):
    """'about 1/√(2ℓ) after layer ℓ (1/√10 = 0.32 after 5 layers, 1/√20 = 0.22 after 10, 1/√40 = 0.16
    after 20; the printed values are within a few percent)'; 'over 20 layers it does not [keep the
    spread constant]'; 'a slow power of the depth, not the geometric collapse of too small weights'."""
    layers = np.arange(1, 21)
    for spread in runs[0]["tanh", "xavier"]:
        assert np.allclose(spread[4:], 1 / np.sqrt(2 * layers[4:]), rtol=0.08)
        assert spread[-1] < 0.3 * spread[0]
        assert 0.6 < spread[19] / spread[9] < 0.8  # (10/20)^(1/2) = 0.71 for the power law
    assert np.round(1 / np.sqrt([10, 20, 40]), 2).tolist() == [0.32, 0.22, 0.16]


def test_tanh_loses_two_q_squared_per_layer_for_a_small_variance():
    """'for a small variance q, the next layer's is q − 2q²' (E[tanh(z)²] for z ~ N(0, q))."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    for q in (0.002, 0.01, 0.02):
        next_q = np.sum(weights * np.tanh(np.sqrt(q) * nodes) ** 2) / np.sqrt(2 * np.pi)
        assert abs(next_q - (q - 2 * q**2)) < 6 * q**3  # the next term of the series is (17/3) q^3


def test_tanh_he_settles_with_some_units_near_saturation(runs):
    """'from layer 5 on it stays near 0.55'; 'about 6% of the activations have |a| > 0.9 after layer
    20, none with Xavier'."""
    spreads, last = runs
    for spread in spreads["tanh", "he"]:
        assert np.all(np.abs(spread[4:] - 0.55) < 0.03)
    for he, xavier in zip(last["tanh", "he"], last["tanh", "xavier"]):
        assert 0.04 <= np.mean(np.abs(he) > 0.9) <= 0.08
        assert np.mean(np.abs(xavier) > 0.9) == 0


def test_too_small_weights_make_the_signal_vanish(runs):
    """'each layer multiplies the spread by 0.01 · √256 = 0.16 (ReLU by 0.16/√2): tanh collapses to a
    spike at 0 within a few layers, and ReLU's activations slide left to about 1e-19 by layer 20'."""
    spreads, _ = runs
    for tanh, relu in zip(spreads["tanh", TOO_SMALL], spreads["relu", TOO_SMALL]):
        assert per_layer_factor(tanh) == pytest.approx(0.16, rel=0.03)
        assert per_layer_factor(relu) == pytest.approx(0.16 / np.sqrt(2), rel=0.05)
        assert tanh[4] < 1e-3
        assert 1e-20 <= relu[-1] <= 1e-18


def test_too_large_weights_saturate_tanh_and_blow_up_relu(runs):
    """'tanh saturates at once: nearly every activation is close to −1 or 1'; 'ReLU ... grow by
    √(256/2) ≈ 11 per layer, to about 1e21 by layer 20'."""
    spreads, last = runs
    for tanh_last, relu in zip(last["tanh", TOO_LARGE], spreads["relu", TOO_LARGE]):
        assert np.mean(np.abs(tanh_last) > 0.9) > 0.9
        assert per_layer_factor(relu) == pytest.approx(np.sqrt(128), rel=0.05)
        assert 1e20 <= relu[-1] <= 1e22
