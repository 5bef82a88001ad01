"""Hidden suite: network (docs/assignments.md).

Networks are built on the learner's side from the provided `Layer` with trusted activations
(`Fn`), then given known weights, so that every expected value can be computed here with
`maths` (this folder) and nothing depends on the learner's random initialisation.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from autograder.assignments.layer.maths import layer_backward, layer_forward
from autograder.assignments.network import maths
from autograder.checks import fail, measure, points
from autograder.diagnosis import matching_model, same_values
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    gradient_from_update,
    numeric_gradient,
    relative_error,
)
from autograder.learner import Fn, LearnerError, LearnerFailure, Ref


# ---------------------------------------------------------------- fixed data
def generator(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def probabilities(shape, seed):
    """Outputs of a sigmoid, kept in [0.05, 0.95]: finite differences of log need room around them."""
    return generator(seed).uniform(0.05, 0.95, size=shape)


def labels(shape, seed):
    return (generator(seed).random(shape) < 0.5).astype(np.float64)


LOSS_CASES = {"one output": (1, 6), "two outputs": (2, 5)}

# ---------------------------------------------------------------- losses

def as_number(name: str, value) -> float:
    array = np.asarray(value, dtype=np.float64) if isinstance(value, (int, float, np.ndarray)) else None
    if array is None:
        fail(f"{name} returned {type(value).__name__}: it must return one number (a float).")
    if array.size != 1:
        fail(f"{name} returned an array of shape {array.shape}: it must return one number, the mean over "
             f"the examples of the loss summed over the outputs (np.sum(...) / m).")
    return float(array.reshape(()))


def loss_models(name: str, A, Y) -> dict:
    m, rows = Y.shape[1], Y.shape[0]
    if name == "bce":
        per_element = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        return {
            "bce has the wrong sign: it is minus the mean of y log(a) + (1 - y) log(1 - a).": lambda: -np.sum(per_element) / m,
            "bce sums over the examples but does not divide by m, the number of examples (columns).": lambda: np.sum(per_element),
            "bce averages over the output rows too (np.mean of everything): sum over the rows and divide by m, "
            "the number of columns, only.": lambda: np.mean(per_element) if rows > 1 else None,
            "bce leaves out the (1 - y) log(1 - a) term, so wrong answers on label-0 examples cost nothing.":
                lambda: -np.sum(Y * np.log(A)) / m,
            "bce uses log base 10: use the natural logarithm np.log.": lambda: np.sum(per_element) / m / np.log(10),
            "bce swaps A and Y: it is bce(A, Y) = -mean(Y log(A) + (1 - Y) log(1 - A)).":
                lambda: maths.bce(Y, A),
        }
    return {
        "mse averages over the output rows too (np.mean of everything): sum the squared error over the rows "
        "and divide by m, the number of columns, only.": lambda: np.mean((A - Y) ** 2) if rows > 1 else None,
        "mse sums over the examples but does not divide by m, the number of examples (columns).": lambda: np.sum((A - Y) ** 2),
        "mse has a factor 1/2 (a convention of some books): here mse is the plain mean of the squared error, "
        "to match mse_derivative = 2 (A - Y).": lambda: np.sum((A - Y) ** 2) / m / 2,
        "mse does not square the error: it is the mean of (A - Y)**2.": lambda: np.sum(A - Y) / m,
        "mse takes absolute errors: it is the mean of the squared error (A - Y)**2.": lambda: np.sum(np.abs(A - Y)) / m,
    }


def check_loss(learner, name: str, A, Y) -> None:
    got = as_number(name, learner.call(name, A, Y))
    expected = maths.LOSSES[name][0](A, Y)
    if not np.isfinite(got):
        fail(f"{name} returned {got} for outputs between 0.05 and 0.95.")
    # the same sum written differently agrees to ~1e-15 relative (see diagnosis.MODEL_RTOL)
    if not same_values(got, expected):
        fail(matching_model(got, loss_models(name, A, Y))
             or f"{name} returned {got:.6g} for A = {np.round(A, 3).tolist()}, Y = {Y.tolist()}; the right value "
                f"is {expected:.6g}.")


def significant(warnings: list[str]) -> list[str]:
    # underflow is silent under numpy's defaults and harmless (see test_activations)
    return [w for w in warnings if "underflow" not in w]


@points(2)
@pytest.mark.parametrize("case", [*LOSS_CASES, "A exactly 0 or 1"])
def test_bce(learner, case):
    if case == "A exactly 0 or 1":
        # confident right answers (A = Y) and confident wrong ones: log(0) must never happen
        A = np.array([[0.0, 1.0, 1.0, 0.0, 0.3]])
        Y = np.array([[0.0, 1.0, 0.0, 1.0, 1.0]])
        got = as_number("bce", learner.call("bce", A, Y))
        warnings = significant(learner.last_warnings)
        if not np.isfinite(got) or warnings:
            fail(f"bce({A.tolist()}, ...) {'returned ' + str(got) if not np.isfinite(got) else 'warned: ' + warnings[0]}: "
                 f"log(0) happened. Clip A into [eps, 1 - eps] with a tiny eps such as 1e-12 before taking logs.")
        if got < -np.log(0.3) / 5:
            fail(f"bce returned {got:.4g} when two outputs are confidently wrong: clip A with a tiny eps "
                 f"(such as 1e-12), so that a confident wrong answer costs a lot, not nothing.")
        return
    shape = LOSS_CASES[case]
    check_loss(learner, "bce", probabilities(shape, 1), labels(shape, 2))


@points(1)
@pytest.mark.parametrize("case", LOSS_CASES)
def test_mse(learner, case):
    shape = LOSS_CASES[case]
    check_loss(learner, "mse", generator(3).standard_normal(shape), generator(4).standard_normal(shape))


def derivative_models(name: str, A, Y) -> dict:
    m = Y.shape[1]
    if name == "bce_derivative":
        right = maths.bce_derivative(A, Y)
        return {
            "bce_derivative divides by m: the layer already averages over the examples, so return the "
            "per-example -(Y / A) + (1 - Y) / (1 - A).": lambda: right / m,
            "bce_derivative returns A - Y, which is dL/dZ for a sigmoid output: the layer multiplies by "
            "sigmoid'(Z) itself, so return dL/dA = -(Y / A) + (1 - Y) / (1 - A).": lambda: A - Y,
            "bce_derivative returns (A - Y) / m, which is dL/dZ averaged: return the per-example dL/dA = "
            "-(Y / A) + (1 - Y) / (1 - A).": lambda: (A - Y) / m,
            "bce_derivative has the sign flipped: it is -(Y / A) + (1 - Y) / (1 - A).": lambda: -right,
            "bce_derivative has the wrong sign on the second term: it is -(Y / A) + (1 - Y) / (1 - A).":
                lambda: -(Y / A) - (1 - Y) / (1 - A),
            "bce_derivative leaves out the (1 - Y) / (1 - A) term: it is -(Y / A) + (1 - Y) / (1 - A).":
                lambda: -(Y / A),
            "bce_derivative divides by the number of outputs and examples (np.mean in bce?): return the "
            "per-example -(Y / A) + (1 - Y) / (1 - A).": lambda: right / Y.size if Y.shape[0] > 1 else None,
        }
    right = maths.mse_derivative(A, Y)
    return {
        "mse_derivative divides by m: the layer already averages over the examples, so return the "
        "per-example 2 (A - Y).": lambda: right / m,
        "mse_derivative misses the factor 2: d/dA (A - Y)**2 = 2 (A - Y).": lambda: A - Y,
        "mse_derivative has the sign flipped: it is 2 (A - Y), not 2 (Y - A).": lambda: -right,
        "mse_derivative divides by the number of outputs and examples: return the per-example 2 (A - Y).":
            lambda: right / Y.size if Y.shape[0] > 1 else None,
    }


def check_loss_derivative(learner, name: str, A, Y) -> None:
    """Per-example dl/dA: m times the gradient of the mean loss, checked by central differences
    of the trusted loss (the outputs stay in [0.05, 0.95], far from the clipping)."""
    loss = maths.LOSSES[name.removesuffix("_derivative")][0]
    got = learner.call(name, A, Y)
    if not isinstance(got, np.ndarray) or got.shape != A.shape:
        fail(f"{name} returned {np.shape(got) or 'a number'}: it must return dL/dA for every output, "
             f"shape {A.shape} like A.")
    m = A.shape[1]
    numeric = m * numeric_gradient(lambda x: loss(x, Y), A)
    hint = ""
    if relative_error(got, numeric) > RELATIVE_TOLERANCE:
        hint = matching_model(got, derivative_models(name, A, Y)) or ""
    assert_gradient_close(got, numeric, what=name, hint=hint)


@points(2)
@pytest.mark.parametrize("case", LOSS_CASES)
def test_bce_derivative(learner, case):
    shape = LOSS_CASES[case]
    check_loss_derivative(learner, "bce_derivative", probabilities(shape, 5), labels(shape, 6))


@points(1)
@pytest.mark.parametrize("case", LOSS_CASES)
def test_mse_derivative(learner, case):
    shape = LOSS_CASES[case]
    check_loss_derivative(learner, "mse_derivative", generator(7).standard_normal(shape), generator(8).standard_normal(shape))


# ---------------------------------------------------------------- networks on the learner's side
# An architecture is a list of (input_size, output_size, activation), first layer to last.
ARCHITECTURES = {
    "2 layers": [(3, 4, "tanh"), (4, 1, "sigmoid")],
    "3 layers": [(2, 3, "tanh"), (3, 5, "sigmoid"), (5, 2, "linear")],
    # equal widths: a backward in forward order runs without a shape error and must be caught by values
    "3 equal layers": [(3, 3, "tanh"), (3, 3, "tanh"), (3, 3, "sigmoid")],
}


def known_layers(architecture, seed: int):
    rng = generator(seed)
    return [(rng.standard_normal((n_out, n_in)) * 0.8, rng.standard_normal((n_out, 1)) * 0.3, name)
            for n_in, n_out, name in architecture]


_handles = itertools.count()  # every network and layer gets its own handle on the learner's side


class LearnerNetwork:
    """A Network built on the learner's side from the provided Layer, with known weights."""

    def __init__(self, learner, layers):
        self.learner = learner
        self.name = f"net{next(_handles)}"
        self.layer_handles = []
        for index, (W, b, activation) in enumerate(layers):
            handle = f"{self.name}_layer{index}"
            learner.call("Layer", W.shape[1], W.shape[0], Fn(activation), Fn(f"{activation}_derivative"), store=handle)
            learner.set(f"@{handle}.W", W)
            learner.set(f"@{handle}.b", b)
            self.layer_handles.append(handle)
        learner.call("Network", [Ref(handle) for handle in self.layer_handles], store=self.name)

    def method(self, name: str) -> str:
        return f"@{self.name}.{name}"

    def parameters(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return [(np.asarray(self.learner.get(f"@{h}.W"), dtype=np.float64),
                 np.asarray(self.learner.get(f"@{h}.b"), dtype=np.float64)) for h in self.layer_handles]


def shape_mistake(error: LearnerError) -> str | None:
    """A shape error inside forward/backward almost always means the layers are taken in the wrong order
    or are handed the wrong array. The learner's own frames (never the grader's) say which pass it was."""
    text = error.message
    if error.kind == "AttributeError" and re.search(r"no attribute '(A_prev|Z|A)'", text):
        return ("a layer's backward ran before its forward had cached A_prev and Z: forward must pass X through "
                "every layer (is its `return` inside the loop?), and backward must come after forward.")
    if error.kind != "ValueError" or not any(word in text for word in ("broadcast", "matmul", "shapes", "aligned")):
        return None
    frames = re.findall(r", in (\w+)", error.traceback)
    if "backward" in frames:  # checked first: train calls both
        return (f"backward raised ValueError ({text[:80]}): go through the layers from the last to the first "
                f"(reversed(self.layers)), handing each layer the dA_prev returned by the layer after it.")
    if "forward" in frames:
        return (f"forward raised ValueError ({text[:80]}): feed X to the first layer and each layer's output "
                f"to the next one, in order, and return the last output.")
    return None


def run(learner, net: LearnerNetwork, method: str, *args, keep: bool = False):
    try:
        if keep:  # backward may return anything (dA, None, self): keep it on the learner's side
            return learner.call(net.method(method), *args, store=f"{net.name}_{method}_result")
        return learner.call(net.method(method), *args)
    except LearnerError as error:
        diagnosis = shape_mistake(error)
        if diagnosis:
            fail(diagnosis)
        raise


# ---------------------------------------------------------------- forward
def forward_models(layers, X) -> dict:
    outputs = [X]
    for W, b, name in layers:
        outputs.append(layer_forward(W, b, outputs[-1], name)[1])
    return {
        "forward returns the input X unchanged: return the last layer's output.": lambda: X,
        "forward returns the first layer's output: feed each layer's output to the next one and return the last.":
            lambda: outputs[1],
        "forward returns the output of the last layer applied to X alone: chain the layers, each one's output "
        "feeding the next.": lambda: layer_forward(*layers[-1][:2], X, layers[-1][2])[1],
    }


@points(2)
@pytest.mark.parametrize("case", ["2 layers", "3 layers"])
def test_forward_chains_layers(learner, case):
    layers = known_layers(ARCHITECTURES[case], seed=10)
    X = generator(11).standard_normal((layers[0][0].shape[1], 6))
    net = LearnerNetwork(learner, layers)
    got = run(learner, net, "forward", X)
    if isinstance(got, list):
        fail("forward returned a list: return only the last layer's output, an array (n_out, m).")
    expected = maths.network_forward(layers, X)
    if not same_values(got, expected):
        fail(matching_model(got, forward_models(layers, X))
             or f"forward returned {np.shape(got)} values that are not the layers' output chained in order "
                f"(expected shape {expected.shape}).")


# ---------------------------------------------------------------- backward: the whole-network gradient check
LEARNING_RATE = 0.1


def backward_models(layers, X, dA, learning_rate) -> dict:
    """What each typical Network.backward mistake does to every layer's (W, b), simulated here."""
    inputs = [X]
    for W, b, name in layers[:-1]:
        inputs.append(layer_forward(W, b, inputs[-1], name)[1])

    def updated(order, pass_on=True, rate=learning_rate, scale=1.0):
        result = [(W, b) for W, b, _ in layers]
        gradient = dA * scale
        for index in order:
            W, b, name = layers[index]
            step = layer_backward(W, b, inputs[index], gradient, rate, name)
            result[index] = (step.W_after, step.b_after)
            gradient = step.dA_prev if pass_on else dA * scale
        return result

    m, count = X.shape[1], len(layers)
    last_first, first_last = list(reversed(range(count))), list(range(count))
    return {
        "backward goes through the layers in forward order: start with the last layer and go back to the first "
        "(for layer in reversed(self.layers)).": lambda: updated(first_last),
        "backward updates only the last layer: pass the dA_prev returned by each layer on to the layer before it.":
            lambda: updated(last_first[:1]),
        "backward hands the same dA to every layer: each layer must get the dA_prev returned by the layer after it.":
            lambda: updated(last_first, pass_on=False),
        "backward divides dA by m: the layers already average over the examples.":
            lambda: updated(last_first, scale=1 / m),
        "backward does not use the learning rate it is given: pass learning_rate on to every layer's backward.":
            lambda: updated(last_first, rate=0.01),
    }


def matching_update(got, models: dict) -> str | None:
    """The first model whose simulated (W, b) of every layer equals what the learner's backward left."""
    for diagnosis, predict in models.items():
        try:
            predicted = predict()
        except ValueError:  # the mistake cannot even run on these shapes (the learner's raised instead)
            continue
        if all(same_values(W, pW) and same_values(b, pb) for (W, b), (pW, pb) in zip(got, predicted)):
            return diagnosis
    return None


def numeric_parameter_gradients(layers, X, G):
    """d/dW, d/db of L = (1/m) sum(G * network(X)) for every layer: what the layers' backward computes
    when handed dA = G (per example; backward averages over the m examples)."""
    m = X.shape[1]

    def loss_with(index, W, b):
        trial = list(layers)
        trial[index] = (W, b, layers[index][2])
        return float(np.sum(G * maths.network_forward(trial, X))) / m

    return [(numeric_gradient(lambda value, i=index, b=b: loss_with(i, value, b), W),
             numeric_gradient(lambda value, i=index, W=W: loss_with(i, W, value), b))
            for index, (W, b, _) in enumerate(layers)]


def position(index: int, count: int) -> str:
    return "the first" if index == 0 else "the last" if index == count - 1 else f"layer {index + 1}"


@points(4)
@pytest.mark.parametrize("case", list(ARCHITECTURES))
def test_network_gradient_check(learner, case):
    layers = known_layers(ARCHITECTURES[case], seed=20)
    X = generator(21).standard_normal((layers[0][0].shape[1], 5))
    G = generator(22).standard_normal((layers[-1][0].shape[0], 5))
    net = LearnerNetwork(learner, layers)
    run(learner, net, "forward", X)
    run(learner, net, "backward", G, LEARNING_RATE, keep=True)
    after = net.parameters()
    for (W, b), (W0, b0, _) in zip(after, layers):
        if W.shape != W0.shape or b.shape != b0.shape:
            fail(f"after backward a layer's W or b changed shape ({W0.shape} -> {W.shape}, {b0.shape} -> {b.shape}).")
    if all(same_values(W, W0, 0, 0) and same_values(b, b0, 0, 0) for (W, b), (W0, b0, _) in zip(after, layers)):
        fail("backward changed no layer: call every layer's backward(dA, learning_rate), last to first, on the "
             "layer objects the network was given (do not copy them).")
    diagnosis = None  # named once, when the first check fails
    numeric = numeric_parameter_gradients(layers, X, G)
    count = len(layers)
    for index, ((W, b), (W0, b0, _), (dW_numeric, db_numeric)) in enumerate(zip(after, layers, numeric)):
        for what, derived, expected in (("dW", gradient_from_update(W0, W, LEARNING_RATE), dW_numeric),
                                        ("db", gradient_from_update(b0, b, LEARNING_RATE), db_numeric)):
            if relative_error(derived, expected) > RELATIVE_TOLERANCE and diagnosis is None:
                diagnosis = matching_update(after, backward_models(layers, X, G, LEARNING_RATE)) or ""
            assert_gradient_close(
                derived, expected, what=f"{what} of {position(index, count)} layer (seen through its update)",
                hint=diagnosis or "")


# ---------------------------------------------------------------- train
TRAIN_X = np.array([[0.5, -1.0, 1.5, 0.2, -0.7, 1.0],
                    [1.0, 0.3, -0.5, -1.2, 0.8, 0.1]])
TRAIN_Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0, 0.0]])
TRAIN_ARCHITECTURE = [(2, 3, "tanh"), (3, 1, "sigmoid")]


def losses_list(value, epochs: int, finite: bool = True) -> list[float]:
    if value is None:
        fail("train returned None: collect the loss of every epoch in a list and return it.")
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = list(value)
    if not isinstance(value, list):
        fail(f"train returned a single {'number' if np.size(value) == 1 else 'array'}: return the list of the "
             f"loss of every epoch.")
    if len(value) != epochs:
        fail(f"train returned {len(value)} losses for {epochs} epochs: record one loss per epoch.")
    numbers = []
    for item in value:
        array = np.asarray(item, dtype=np.float64) if isinstance(item, (int, float, np.ndarray)) else None
        if array is None or array.size != 1:
            fail("train's list must hold one number per epoch (the loss), nothing else.")
        numbers.append(float(array.reshape(())))
    if finite and not np.all(np.isfinite(numbers)):
        fail("train's losses contain NaN or infinity.")
    return numbers


def learner_loss(learner, name: str, A, Y) -> float:
    """The learner's own loss, or NaN when it cannot give one (its failure is another test's)."""
    try:
        value = np.asarray(learner.call(name, A, Y), dtype=np.float64)
    except (LearnerFailure, TypeError, ValueError):
        return float("nan")
    return float(value.reshape(())) if value.size == 1 else float("nan")


@points(1)
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_train_returns_losses(learner, loss):
    epochs, rate = 7, 0.3
    layers = known_layers(TRAIN_ARCHITECTURE, seed=30)
    net = LearnerNetwork(learner, layers)
    args = (TRAIN_X, TRAIN_Y, epochs, rate) + ((loss,) if loss != "bce" else ())  # bce is the default
    losses = losses_list(run(learner, net, "train", *args), epochs)
    loss_fn = maths.LOSSES[loss][0]
    A0 = maths.network_forward(layers, TRAIN_X)
    # the loss of the first epoch's forward pass (before its update), computed here or, failing that,
    # by the learner's own loss function (whose mistakes are graded by test_bce / test_mse, not here)
    if np.isclose(losses[0], loss_fn(A0, TRAIN_Y), rtol=1e-9):
        return
    if np.isclose(losses[0], learner_loss(learner, loss, A0, TRAIN_Y), rtol=1e-9):
        return
    # or recorded after each update: also one loss per epoch, and the last one is the trained network's
    final = np.asarray(run(learner, net, "forward", TRAIN_X), dtype=np.float64)
    if np.isclose(losses[-1], loss_fn(final, TRAIN_Y), rtol=1e-9):
        return
    other = "mse" if loss == "bce" else "bce"
    if np.isclose(losses[0], maths.LOSSES[other][0](A0, TRAIN_Y), rtol=1e-9):
        fail(f"train recorded the {other} when asked for loss={loss!r}: choose the loss function (and its "
             f"derivative) by the loss argument.")
    fail(f"train's first loss is {losses[0]:.6g}, but the {loss} of the network's first forward pass is "
         f"{loss_fn(A0, TRAIN_Y):.6g}: each epoch, record {loss}(A, Y) of that epoch's forward pass.")


@points(2)
def test_train_loss_decreases(learner):
    epochs, rate = 60, 0.5
    layers = known_layers(TRAIN_ARCHITECTURE, seed=31)
    net = LearnerNetwork(learner, layers)
    losses = losses_list(run(learner, net, "train", TRAIN_X, TRAIN_Y, epochs, rate), epochs, finite=False)
    if not np.all(np.isfinite(losses)):
        broken = int(np.argmin(np.isfinite(losses)))
        if broken >= 2 and losses[broken - 1] > losses[0]:
            fail(f"the loss went up from {losses[0]:.4g} to {losses[broken - 1]:.4g} and then became {losses[broken]}: "
                 f"the updates climb the loss. Check the sign of the derivative handed to backward.")
        fail(f"the loss became {losses[broken]} at epoch {broken + 1} (a correct train stays finite here).")
    _, expected = maths.network_train(layers, TRAIN_X, TRAIN_Y, epochs, rate)
    measure("final loss / first loss", losses[-1] / losses[0], None)
    for epoch, loss in enumerate(losses):  # the learning curve the feedback page plots
        measure(f"loss[{epoch}]", loss, None)
    if np.allclose(losses, losses[0], rtol=1e-12):
        fail(f"the loss never changed ({losses[0]:.4g} every epoch): after recording it, each epoch must call "
             f"backward(bce_derivative(A, Y), learning_rate) to update the layers.")
    if losses[-1] >= losses[0]:
        fail(f"the loss went up from {losses[0]:.4g} to {losses[-1]:.4g}: the updates climb the loss. Check the "
             f"sign of bce_derivative, -(Y / A) + (1 - Y) / (1 - A), and that backward subtracts.")
    # Full-batch gradient descent at this small rate lowers the loss at every step (a correct train goes
    # from 0.98 to 0.37 monotonically); the 1e-12 relative allowance covers rounding only.
    rises = sum(later > earlier * (1 + 1e-12) for earlier, later in itertools.pairwise(losses))
    if rises > epochs // 10:
        fail(f"the loss went up in {rises} of {epochs - 1} epochs: gradient descent with a small learning rate "
             f"lowers it every epoch. Is each epoch's backward given the derivative of that epoch's forward pass?")
    if losses[-1] > losses[0] - 0.1 * (expected[0] - expected[-1]):
        fail(f"the loss barely moved ({losses[0]:.4g} -> {losses[-1]:.4g}, a correct train reaches "
             f"{expected[-1]:.4g}): is learning_rate passed on to backward?")


# ---------------------------------------------------------------- XOR and predict
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])
# From these weights a correct train separates XOR with every output within 0.05 of its target
# after 200 epochs at rate 1.0, and with a margin of at least 0.38 at half or twice that rate:
# passing does not hang on a lucky trajectory.
XOR_EPOCHS, XOR_RATE = 200, 1.0


def xor_layers():
    rng = generator(14)
    return [(rng.standard_normal((4, 2)), np.zeros((4, 1)), "tanh"),
            (rng.standard_normal((1, 4)) * 0.5, np.zeros((1, 1)), "sigmoid")]


@points(3)
def test_learns_xor(learner):
    net = LearnerNetwork(learner, xor_layers())
    run(learner, net, "train", XOR_X, XOR_Y, XOR_EPOCHS, XOR_RATE)
    A = np.asarray(run(learner, net, "forward", XOR_X), dtype=np.float64)
    if A.shape != XOR_Y.shape:
        fail(f"after training, forward returned shape {A.shape} for XOR: expected {XOR_Y.shape}.")
    if np.array_equal(A > 0.5, XOR_Y == 1):
        return
    shown = ", ".join(f"{a:.2f}" for a in A.ravel())
    cause = ""
    A_probe, Y_probe = probabilities((1, 4), 40), XOR_Y
    try:
        right_derivative = same_values(learner.call("bce_derivative", A_probe, Y_probe),
                                       maths.bce_derivative(A_probe, Y_probe))
    except LearnerError:
        right_derivative = False
    if not right_derivative:
        cause = " bce_derivative is wrong (see test_bce_derivative), so train follows the wrong gradient."
    fail(f"after {XOR_EPOCHS} epochs at rate {XOR_RATE:g} from fixed starting weights the outputs are [{shown}] "
         f"for targets {XOR_Y.ravel().astype(int).tolist()}: the network did not learn XOR (a correct train does "
         f"from these weights).{cause or ' Check train and backward (see the tests above).'}")


@points(1)
def test_predict(learner):
    layers = known_layers([(3, 4, "tanh"), (4, 2, "sigmoid")], seed=50)
    X = generator(51).standard_normal((3, 8)) * 2
    outputs = maths.network_forward(layers, X)
    net = LearnerNetwork(learner, layers)
    got = run(learner, net, "predict", X)
    expected = (outputs > 0.5).astype(np.float64)
    if not isinstance(got, np.ndarray) or got.shape != expected.shape:
        fail(f"predict returned shape {np.shape(got)}: it must keep the outputs' shape (n_out, m) = {expected.shape}.")
    got = got.astype(np.float64)
    if np.array_equal(got, expected):
        return
    if same_values(got, outputs):
        fail("predict returned the outputs themselves (probabilities): threshold them at 0.5 to get 0s and 1s.")
    if np.array_equal(got, 1 - expected):
        fail("predict is inverted: it must be 1 where the output is above 0.5 and 0 elsewhere.")
    if np.array_equal(got, (outputs > 0).astype(np.float64)):
        fail("predict thresholds at 0: the outputs are probabilities, so threshold at 0.5.")
    fail("predict does not return the outputs thresholded at 0.5 (1 above, 0 below).")
