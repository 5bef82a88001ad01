"""Every sentence of the network notebook that states a computable fact, computed.

The experiments run the reference solution (solutions/network.py, built from the source notebook)
exactly as the notebook's cells do. The notebook's own check cells assert the rest (dZ = A - Y
against central differences, bce_derivative's limits at 0 and 1) and run under nbgrader in
tests/test_notebooks.py.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from autograder.questions import ask  # noqa: F401 (the notebook's question cells import it)

ROOT = Path(__file__).resolve().parent.parent
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])


@pytest.fixture(scope="module")
def solution():
    return runpy.run_path(str(ROOT / "solutions" / "network.py"), run_name="solution")


def xor_network(solution, seed=1):
    """The notebook's XOR network: 2 inputs, 4 tanh units, 1 sigmoid output, np.random.seed(seed)."""
    activation, layer = solution["ActivationFunction"], solution["Layer"]
    np.random.seed(seed)
    return solution["Network"]([layer(2, 4, activation.tanh, activation.tanh_derivative),
                                layer(4, 1, activation.sigmoid, activation.sigmoid_derivative)])


def test_a_saturated_sigmoid_is_exactly_one_from_z_37(solution):
    """'in float64, sigmoid(z) is exactly 1.0 for every z >= 37'."""
    sigmoid = solution["ActivationFunction"].sigmoid
    assert np.all(sigmoid(np.array([37.0, 37.5, 40.0, 100.0, 1000.0])) == 1.0)
    assert sigmoid(np.array([36.5])) < 1.0  # 37 is the round number past the edge (about 36.7)
    assert np.all(sigmoid(np.array([-37.0])) > 0.0)  # the other side never reaches 0 here: clipping is for both


def test_the_costs_of_a_confident_mistake():
    """'-log(1e-12) = 27.6', 'eps = 0.01 would cap it at -log(0.01) = 4.6'."""
    assert round(-np.log(1e-12), 1) == 27.6
    assert round(-np.log(0.01), 1) == 4.6


def test_clipped_bce_derivative_at_the_edges(solution):
    """'a confident right answer gets the formula's limit (-1 for A = Y = 1, +1 for A = Y = 0) and a
    confident wrong one a steep but finite slope (±1/eps)'."""
    A = np.array([[1.0, 0.0, 1.0, 0.0]])
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    with np.errstate(all="raise"):
        slopes = solution["bce_derivative"](A, Y)
    assert np.allclose(slopes[0, :2], [-1.0, 1.0], rtol=1e-9)
    assert np.allclose(slopes[0, 2:], [1e12, -1e12], rtol=1e-3)


def test_a_correct_network_learns_xor_from_the_notebooks_seed_and_from_seeds_0_to_39(solution):
    """'From this seed (np.random.seed(1)), and in fact from every seed from 0 to 39, a correct network
    learns XOR here' (1000 epochs at rate 1.0): a stall means a bug, not bad luck."""
    for seed in range(40):
        net = xor_network(solution, seed)
        net.train(XOR_X, XOR_Y, epochs=1000, learning_rate=1.0)
        assert np.array_equal(net.predict(XOR_X), XOR_Y), f"seed {seed}"


def test_bce_brings_the_outputs_closer_than_mse(solution):
    """'After 1000 epochs the BCE-trained network's outputs are all within 0.01 of their targets, the
    MSE-trained one's only within 0.05'."""
    worst = {}
    for loss in ("bce", "mse"):
        net = xor_network(solution)
        net.train(XOR_X, XOR_Y, epochs=1000, learning_rate=1.0, loss=loss)
        worst[loss] = np.max(np.abs(net.forward(XOR_X) - XOR_Y))
    assert worst["bce"] < 0.01 <= worst["mse"] < 0.05


def test_three_learning_rates(solution):
    """'At 0.1 the loss falls steadily but slowly (after 1000 epochs it is still more than ten times the
    loss reached at 1.0). At 8.0 ... within ten epochs the loss climbs from 0.66 to about 5 and stays
    there, going up in about half of the epochs, while the saturated output says 0 for every input:
    the network never learns XOR.'"""
    curves, predictions = {}, {}
    for rate in (0.1, 1.0, 8.0):
        net = xor_network(solution)
        curves[rate] = np.array(net.train(XOR_X, XOR_Y, epochs=1000, learning_rate=rate))
        predictions[rate] = net.predict(XOR_X)
    assert np.all(np.diff(curves[0.1]) < 0) and np.array_equal(predictions[0.1], XOR_Y)
    assert curves[0.1][-1] > 10 * curves[1.0][-1] and np.array_equal(predictions[1.0], XOR_Y)
    high = curves[8.0]
    assert round(high[0], 2) == 0.66 and np.all((4.5 < high[10:]) & (high[10:] < 5.5))
    assert 0.4 < np.mean(np.diff(high) > 0) < 0.6
    assert np.all(predictions[8.0] == 0)


def test_the_numbers_in_the_dZ_question(solution):
    """'Z = -8, so A is about 0.0003 ... dZ is A - Y, about -1; with the squared error ... about -0.0007',
    and option b's 'about -3000'."""
    A = float(solution["ActivationFunction"].sigmoid(np.array([-8.0]))[0])
    assert round(A, 4) == 0.0003
    assert round(A - 1.0) == -1
    assert round(2 * (A - 1.0) * A * (1 - A), 4) == -0.0007
    assert round(-1 / A, -3) == -3000
