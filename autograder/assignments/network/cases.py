"""The cases of the network suite, drawn fresh for every run from `grading.rng(label)`.

Each function takes a numpy Generator and returns one case with the properties its checks need
(drawn, then rejected and redrawn until they hold). tests/test_network_cases.py draws many seeds
and asserts the properties, so a run can never get a case on which a mistake looks right.

A network is a list of layers (W, b, activation name), first to last, as in maths.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.assignments.network import maths

# Rates a learner might type instead of the learning_rate argument. Drawn rates keep 2% away from
# each of them (and so does rate / m, the step of a train that divides dA by m a second time): a
# hard-coded rate or a second 1/m can never produce the expected step, and the two are told apart.
ROUND_RATES = tuple(digit * 10.0 ** power for digit in (1, 2, 2.5, 3, 5) for power in range(-5, 2))

# Hidden activations whose derivatives are smooth everywhere: central differences need no kink margin.
SMOOTH = ("tanh", "sigmoid")


def is_round(rate: float) -> bool:
    return any(abs(rate - round_rate) <= 0.02 * round_rate for round_rate in ROUND_RATES)


def learning_rate(rng: np.random.Generator, low: float, high: float, m: int) -> float:
    while True:
        rate = float(rng.uniform(low, high))
        if not is_round(rate) and not is_round(rate / m):
            return rate


def batch_size(rng: np.random.Generator, widths, low: int = 5, high: int = 9) -> int:
    """A number of examples that differs from every layer width: a transposed array cannot fit."""
    while True:
        m = int(rng.integers(low, high + 1))
        if m not in widths:
            return m


def labels(rng: np.random.Generator, shape) -> np.ndarray:
    """0/1 labels, both present in every row (a term that only one class uses still counts)."""
    while True:
        Y = (rng.random(shape) < 0.5).astype(np.float64)
        if np.all(Y.min(axis=1) == 0) and np.all(Y.max(axis=1) == 1):
            return Y


# ---------------------------------------------------------------- losses
@dataclass(frozen=True)
class LossCase:
    A: np.ndarray
    Y: np.ndarray


def interior(rng: np.random.Generator, rows: int) -> LossCase:
    """Sigmoid outputs in [0.05, 0.95]: central differences of log need room around them."""
    m = batch_size(rng, {rows}, 4, 8)
    return LossCase(rng.uniform(0.05, 0.95, (rows, m)), labels(rng, (rows, m)))


def near_edges(rng: np.random.Generator) -> LossCase:
    """Outputs 1e-5 to 1e-3 from 0 or 1, confidently right and confidently wrong: any clip with a
    tiny eps (up to 1e-6) leaves them alone, a clip with eps = 1e-2 changes every one."""
    rows = int(rng.integers(1, 3))
    m = batch_size(rng, {rows}, 6, 9)
    while True:
        distance = 10.0 ** rng.uniform(-5, -3, (rows, m))
        high = rng.random((rows, m)) < 0.5
        A = np.where(high, 1 - distance, distance)
        Y = labels(rng, (rows, m))
        wrong = (Y == 1) != high
        if 2 <= wrong.sum() <= wrong.size - 2:
            return LossCase(A, Y)


@dataclass(frozen=True)
class EdgeCase:
    """Outputs exactly 0 or 1 among ordinary ones: `right` has only confident right answers at the
    edges, `wrong` also confident wrong ones (where only a clip keeps log and division finite)."""

    right: LossCase
    wrong: LossCase
    wrong_count: int


def exactly_at_edges(rng: np.random.Generator) -> EdgeCase:
    rows = int(rng.integers(1, 3))
    m = batch_size(rng, {rows}, 7, 10)
    while True:
        A = rng.uniform(0.05, 0.95, (rows, m))
        edge = rng.random((rows, m)) < 0.6
        ones = rng.random((rows, m)) < 0.5
        A[edge] = ones[edge].astype(np.float64)
        Y = labels(rng, (rows, m))
        right_Y = np.where(edge, A, Y)  # at the edges the label equals the output
        wrong_Y = right_Y.copy()
        flip = edge & (rng.random((rows, m)) < 0.5)
        wrong_Y[flip] = 1 - wrong_Y[flip]
        kept = edge & ~flip
        # each kind at each edge: right at 0 and at 1 (where an unclipped 0 log 0 or 0/0 is nan), wrong at
        # 0 and at 1 (where it is inf), in both batches
        every_kind = all(np.any(where & (A == value)) for where in (kept, flip) for value in (0.0, 1.0))
        if every_kind and np.all(right_Y.min(axis=1) == 0) and np.all(right_Y.max(axis=1) == 1):
            return EdgeCase(LossCase(A, right_Y), LossCase(A.copy(), wrong_Y), int(flip.sum()))


def regression(rng: np.random.Generator, rows: int) -> LossCase:
    m = batch_size(rng, {rows}, 4, 8)
    return LossCase(rng.standard_normal((rows, m)), rng.standard_normal((rows, m)))


# ---------------------------------------------------------------- networks
def architecture(rng: np.random.Generator, kind: str) -> list[tuple[int, int, str]]:
    """(input_size, output_size, activation) per layer, first to last."""
    if kind == "2 layers":
        n_in = int(rng.integers(2, 5))
        hidden = int(rng.choice([h for h in range(3, 7) if h != n_in]))
        return [(n_in, hidden, str(rng.choice(SMOOTH))), (hidden, 1, "sigmoid")]
    if kind == "3 layers":
        n_in = int(rng.integers(2, 4))
        first, second = (int(h) for h in rng.choice(np.arange(4, 8), size=2, replace=False))
        n_out = int(rng.integers(2, 4))
        return [(n_in, first, str(rng.choice(SMOOTH))), (first, second, str(rng.choice(SMOOTH))),
                (second, n_out, str(rng.choice(["linear", "sigmoid"])))]
    if kind == "3 equal layers":
        # equal widths: a backward in forward order runs without a shape error and is caught by values
        n = int(rng.integers(3, 6))
        return [(n, n, "tanh"), (n, n, "tanh"), (n, n, "sigmoid")]
    raise ValueError(kind)


def widths(layers_or_architecture) -> set[int]:
    sizes = set()
    for layer in layers_or_architecture:
        if isinstance(layer[0], np.ndarray):
            sizes |= set(layer[0].shape)
        else:
            sizes |= {layer[0], layer[1]}
    return sizes


def known_layers(rng: np.random.Generator, shape) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """Weights of order 1 and non-zero biases: every term of the chain rule shows in the values."""
    return [(rng.standard_normal((n_out, n_in)) * 0.8, rng.standard_normal((n_out, 1)) * 0.3, name)
            for n_in, n_out, name in shape]


@dataclass(frozen=True)
class ForwardCase:
    layers: list
    X: np.ndarray


def forward_case(rng: np.random.Generator, kind: str) -> ForwardCase:
    layers = known_layers(rng, architecture(rng, kind))
    m = batch_size(rng, widths(layers))
    return ForwardCase(layers, rng.standard_normal((layers[0][0].shape[1], m)))


@dataclass(frozen=True)
class BackwardCase:
    layers: list
    X: np.ndarray
    dA: np.ndarray
    rate: float


def backward_case(rng: np.random.Generator, kind: str) -> BackwardCase:
    layers = known_layers(rng, architecture(rng, kind))
    m = batch_size(rng, widths(layers))
    X = rng.standard_normal((layers[0][0].shape[1], m))
    dA = rng.standard_normal((layers[-1][0].shape[0], m))
    return BackwardCase(layers, X, dA, learning_rate(rng, 0.05, 0.5, m))


# ---------------------------------------------------------------- train
@dataclass(frozen=True)
class TrainCase:
    layers: list
    X: np.ndarray
    Y: np.ndarray
    rate: float
    epochs: int
    loss: str

    @property
    def m(self) -> int:
        return self.X.shape[1]


def relative_change(before: float, after: float) -> float:
    return abs(after - before) / max(abs(before), 1e-300)


def train_case(rng: np.random.Generator, loss: str, epochs: tuple[int, int] = (3, 6),
               rates: tuple[float, float] = (0.1, 0.9)) -> TrainCase:
    """A 2- or 3-layer network with a sigmoid output (so that both losses' derivatives exist for it),
    0/1 labels for bce and targets in (0, 1) for mse. Properties: each epoch moves the loss by more
    than 1e-4 relative (a loss recorded after the update differs from the one before it), and the
    other loss's derivative would give a visibly different step."""
    while True:
        shape = architecture(rng, str(rng.choice(["2 layers", "3 layers"])))
        shape[-1] = (shape[-1][0], shape[-1][1] if loss == "mse" else 1, "sigmoid")
        layers = known_layers(rng, shape)
        m = batch_size(rng, widths(layers))
        X = rng.standard_normal((layers[0][0].shape[1], m))
        n_out = layers[-1][0].shape[0]
        Y = labels(rng, (n_out, m)) if loss == "bce" else rng.uniform(0.1, 0.9, (n_out, m))
        case = TrainCase(layers, X, Y, learning_rate(rng, *rates, m), int(rng.integers(epochs[0], epochs[1] + 1)), loss)
        if has_train_properties(case):
            return case


def has_train_properties(case: TrainCase) -> bool:
    _, losses = maths.network_train(case.layers, case.X, case.Y, case.epochs + 1, case.rate, case.loss)
    if min(relative_change(a, b) for a, b in zip(losses, losses[1:])) < 1e-4:
        return False
    other = "mse" if case.loss == "bce" else "bce"
    A = maths.network_forward(case.layers, case.X)
    right = maths.network_step(case.layers, case.X, maths.LOSSES[case.loss][1](A, case.Y), case.rate)
    swapped = maths.network_step(case.layers, case.X, maths.LOSSES[other][1](A, case.Y), case.rate)
    moved = [np.linalg.norm(W - sW) / np.linalg.norm(W0 - W)
             for (W, _, _), (sW, _, _), (W0, _, _) in zip(right, swapped, case.layers)]
    return min(moved) > 1e-3


def descent_case(rng: np.random.Generator) -> TrainCase:
    """Many epochs of bce at a rate where a correct train lowers the loss at every single epoch, and
    by at least a fifth overall (so that 'barely moved' and 'went up' are clear)."""
    while True:
        case = train_case(rng, "bce", epochs=(40, 70), rates=(0.2, 0.8))
        _, losses = maths.network_train(case.layers, case.X, case.Y, case.epochs, case.rate)
        if all(b < a for a, b in zip(losses, losses[1:])) and losses[-1] < 0.8 * losses[0]:
            return case


# Names a learner might try that train does not know; none is "bce" or "mse" in another spelling.
UNKNOWN_LOSSES = ("hinge", "mae", "huber", "cross_entropy", "l1", "nll", "softmax", "log_cosh", "kl")


def unknown_loss(rng: np.random.Generator) -> str:
    return str(rng.choice(UNKNOWN_LOSSES))


# ---------------------------------------------------------------- XOR and predict
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def learns_xor(layers, epochs: int, rate: float, margin: float) -> bool:
    trained, _ = maths.network_train(layers, XOR_X, XOR_Y, epochs, rate)
    return bool(np.all(np.abs(maths.network_forward(trained, XOR_X) - XOR_Y) < margin))


def xor_case(rng: np.random.Generator) -> TrainCase:
    """2 inputs, 3 to 6 tanh units, 1 sigmoid output, bce. From the drawn weights a correct train
    gets every output within 0.1 of its target, and still separates XOR at 0.8 and 1.25 times the
    rate: passing never hangs on a lucky trajectory (a correct train written differently follows the
    same one to rounding)."""
    while True:
        hidden = int(rng.integers(3, 7))
        layers = [(rng.standard_normal((hidden, 2)), rng.standard_normal((hidden, 1)) * 0.1, "tanh"),
                  (rng.standard_normal((1, hidden)) * 0.5, np.zeros((1, 1)), "sigmoid")]
        epochs = int(rng.integers(250, 401))
        rate = learning_rate(rng, 0.6, 1.5, 4)
        if learns_xor(layers, epochs, rate, 0.1) and all(learns_xor(layers, epochs, rate * f, 0.5) for f in (0.8, 1.25)):
            return TrainCase(layers, XOR_X, XOR_Y, rate, epochs, "bce")


@dataclass(frozen=True)
class PredictCase:
    layers: list
    X: np.ndarray
    other_X: np.ndarray  # another batch, of another size, run through forward before predict(X)


def predict_case(rng: np.random.Generator) -> PredictCase:
    """Outputs at least 0.02 from 0.5 (> and >= agree), and 0s and 1s in every output row (an
    inverted or constant predict is wrong somewhere)."""
    while True:
        n_in, n_out = int(rng.integers(2, 5)), int(rng.integers(1, 4))
        hidden = int(rng.choice([h for h in range(3, 7) if h not in (n_in, n_out)]))  # a hidden output shows
        layers = known_layers(rng, [(n_in, hidden, "tanh"), (hidden, n_out, "sigmoid")])
        m = batch_size(rng, widths(layers), 6, 10)
        X = rng.standard_normal((n_in, m)) * 2
        other_X = rng.standard_normal((n_in, batch_size(rng, widths(layers) | {m}, 4, 10))) * 2
        A = maths.network_forward(layers, X)
        predictions = A > 0.5
        if np.all(np.abs(A - 0.5) > 0.02) and np.all(predictions.any(axis=1)) and not np.any(predictions.all(axis=1)):
            return PredictCase(layers, X, other_X)
