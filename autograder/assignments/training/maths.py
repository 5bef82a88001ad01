"""Trusted maths of the training assignment: the two-moons data set, the starting weights that
the notebook's `make_network` gives, mini-batch gradient descent on given batches, accuracy.

What the notebook provides (its data set, its starting weights, its loss) is mirrored here with
the same numpy calls in the same order, so a learner's experiment, run from their SEED, can be
recomputed here bit for bit up to the learner's own arithmetic. A network is a list of layers
(W, b, activation name), first to last, as in the network assignment's maths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.assignments.layer.maths import layer_forward
from autograder.assignments.network.maths import bce

# A network that answers 0.5 for every example has loss ln 2: a curve that ends above it has
# learnt less than nothing (the notebook calls it diverged).
LN2 = float(np.log(2.0))
CLIP = 1e-12  # the notebook's bce and bce_derivative clip A into [CLIP, 1 - CLIP]


# ---------------------------------------------------------------- the notebook's settings
# (source/training/training.ipynb, the provided cell "settings"; the same names there)
@dataclass(frozen=True)
class Settings:
    n_train: int = 200
    n_test: int = 500
    noise: float = 0.2
    hidden: int = 8            # the hidden units of the main network, [2, hidden, 1]
    epochs: int = 40           # the learning-rate experiment
    batch_size: int = 16
    batch_sizes: tuple[int, ...] = (4, 32, 200)  # the batch-size experiment ...
    bs_rate: float = 0.3                          # ... all at this rate ...
    bs_epochs: int = 15                           # ... for this many epochs
    small_size: int = 20       # the small training set: the first small_size training examples
    wide: int = 30             # the wide network that learns it, [2, wide, 1]
    small_rate: float = 1.0
    small_batch: int = 20      # full batch: the small set in one batch
    small_epochs: int = 600
    checkpoint: int = 60       # accuracies recorded every this many epochs


SETTINGS = Settings()


def data_seed(seed: int) -> int:
    return seed


def network_seed(seed: int) -> int:
    return seed + 1


def shuffle_seed(seed: int) -> int:
    return seed + 2


# ---------------------------------------------------------------- the data set
def make_moons(m: int, noise: float, rng: np.random.Generator):
    """m points of two interleaved half-moons with Gaussian noise: X (2, m), Y (1, m) of 0.0/1.0.
    (The notebook's make_moons, call for call.)"""
    labels = rng.random(m) < 0.5
    angles = rng.uniform(0.0, np.pi, m)
    upper = np.vstack([np.cos(angles), np.sin(angles)])
    lower = np.vstack([1.0 - np.cos(angles), 0.5 - np.sin(angles)])
    X = np.where(labels, lower, upper) + noise * rng.standard_normal((2, m))
    X = (X - np.array([[0.5], [0.25]])) * np.array([[1.0], [2.0]])
    return X, labels.astype(np.float64).reshape(1, m)


@dataclass(frozen=True)
class Data:
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def X_small(self) -> np.ndarray:
        return self.X_train[:, :SETTINGS.small_size]

    @property
    def Y_small(self) -> np.ndarray:
        return self.Y_train[:, :SETTINGS.small_size]


def experiment_data(seed: int, settings: Settings = SETTINGS) -> Data:
    """The notebook's data cell: one draw of n_train + n_test examples, split in that order."""
    X, Y = make_moons(settings.n_train + settings.n_test, settings.noise, np.random.default_rng(data_seed(seed)))
    n = settings.n_train
    return Data(X[:, :n], Y[:, :n], X[:, n:], Y[:, n:])


# ---------------------------------------------------------------- networks
def activations(sizes) -> list[str]:
    """tanh hidden layers, a sigmoid output (the notebook's make_network)."""
    return ["tanh"] * (len(sizes) - 2) + ["sigmoid"]


def network_weights(sizes, seed: int) -> list:
    """The layers make_network(sizes, seed) builds: W ~ N(0, 1/n_in) drawn layer by layer from
    np.random.default_rng(seed), b = 0."""
    rng = np.random.default_rng(seed)
    layers = []
    for (n_in, n_out), name in zip(zip(sizes[:-1], sizes[1:]), activations(sizes)):
        W = rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in)
        layers.append((W, np.zeros((n_out, 1)), name))
    return layers


def forward(layers, X) -> np.ndarray:
    A = X
    for W, b, name in layers:
        _, A = layer_forward(W, b, A, name)
    return A


def bce_derivative(A, Y):
    """The notebook's per-example dl/dA, clipped like bce: a saturated output gives a huge but
    finite gradient (and, through sigmoid', a dZ of at most 1), never inf or NaN."""
    A = np.clip(A, CLIP, 1.0 - CLIP)
    return -(Y / A) + (1.0 - Y) / (1.0 - A)


# The derivative of each activation from its output A (the same numbers as from Z: A is exactly
# tanh(Z) or sigmoid(Z) as computed): the simulation runs thousands of steps per graded run, and
# this halves them (layer.maths.layer_backward recomputes the forward pass).
FROM_OUTPUT = {"tanh": lambda A: 1.0 - A ** 2, "sigmoid": lambda A: A * (1.0 - A)}


def step(layers, X_batch, Y_batch, learning_rate: float) -> list:
    """One update of every layer on one batch: forward, then backward last layer to first, each
    layer's dW and db averaged over the batch and dA_prev taken with the weights before the update
    (as layer.maths.layer_backward)."""
    inputs = [X_batch]
    for W, b, name in layers:
        inputs.append(layer_forward(W, b, inputs[-1], name)[1])
    dA = bce_derivative(inputs[-1], Y_batch)
    m = X_batch.shape[1]
    updated = list(layers)
    for index in reversed(range(len(layers))):
        W, b, name = layers[index]
        dZ = dA * FROM_OUTPUT[name](inputs[index + 1])
        dA = W.T @ dZ
        updated[index] = (W - learning_rate * (dZ @ inputs[index].T / m),
                          b - learning_rate * (np.sum(dZ, axis=1, keepdims=True) / m), name)
    return updated


def epoch_loss(layers, X, Y) -> float:
    """What train_minibatch records after each epoch: bce of the whole training set."""
    return bce(forward(layers, X), Y)


def train_on_batches(layers, epochs_of_batches, X, Y, learning_rate: float):
    """Mini-batch gradient descent through the given batches, epoch by epoch:
    (the trained layers, the loss of (X, Y) after each epoch)."""
    losses = []
    with np.errstate(all="ignore"):  # a diverging run overflows exp and saturates on purpose
        for batches in epochs_of_batches:
            for X_batch, Y_batch in batches:
                layers = step(layers, X_batch, Y_batch, learning_rate)
            losses.append(epoch_loss(layers, X, Y))
    return layers, losses


def accuracy(layers, X, Y) -> float:
    """The fraction of examples whose output, thresholded at 0.5, is their label."""
    return float(np.mean((forward(layers, X) > 0.5) == (Y == 1.0)))


def perturbed(layers, relative: float, seed: int = 0) -> list:
    """The same layers with every weight moved by a relative `relative` (a probe of chaos)."""
    rng = np.random.default_rng(seed)
    return [(W * (1.0 + relative * rng.standard_normal(W.shape)), b, name) for W, b, name in layers]
