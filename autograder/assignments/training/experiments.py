"""The notebook's three experiments, as the learner's own functions run them, checked twice.

The learner writes `learning_rate_curves(rates)`, `batch_size_curves(batch_sizes)` and
`overfit_small_set(network)`; the grader calls them (with the learner's `answer_learning_rates`)
and reads what they return: the learner's curves.

1. Their curves = the experiment as described. The same process runs their train_minibatch the
   way the notebook describes the experiment (a fresh make_network(..., NETWORK_SEED) and a fresh
   np.random.default_rng(SHUFFLE_SEED) for each curve, from their answer_seed), which must give
   the same numbers (up to 1e-9 relative; in fact bit for bit: the same code on the same numbers
   in the same process). Made-up curves, or curves of another experiment, fail here; the
   questions are read from curves that pass.
2. The experiment = mini-batch gradient descent. The trusted simulation (maths.train_on_batches)
   runs through the learner's own batches (replayed from their minibatches) and must agree up to
   1e-6 relative on every epoch where the simulation is not chaotic. Why that is exact enough:
   the learner's arithmetic differs from the trusted one by rounding, about 1e-16 relative per
   operation. A probe run whose starting weights are moved by 1e-12 relative (10^4 times more)
   tells where the dynamics amplify such differences: while the probe stays within 1e-9 of the
   simulation, amplification is below 10^3, so rounding, even accumulated over the few hundred
   updates of an experiment (< 1e-13), stays below 1e-10, far under 1e-6; a real mistake moves
   the first epochs by 1e-3 or more. Past the point where the probe parts from the simulation (a
   large learning rate: chaotic dynamics) only (1) can say what the learner's code gives.
The same probe says which curves end in a machine-dependent place: another computer's rounding
(the learner's laptop, not the grader) would have sent them elsewhere, so the questions do not
hold the learner to this computer's last value of such a curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autograder.assignments.training import maths
from autograder.assignments.training.batches import Replay, handle, replay
from autograder.checks import Mistake, fail
from autograder.learner import LearnerFailure, LearnerMissing, Ref, Rng
from autograder.learner_text import shown_repr
from autograder.values import learner_array

SETTINGS = maths.SETTINGS
SEED_RANGE = (0, 10**9)
MOST_RATES = 8

SAME_AS_RERUN = 1e-9     # relative: the same code on the same numbers in the same process (see 1.)
SAME_AS_TRUSTED = 1e-6   # relative: rounding-level differences, amplified at most 10^3 (see 2.)
PROBE = 1e-12            # relative move of the probe's starting weights
PROBE_APART = 1e-9       # the probe has parted from the simulation: chaos from here on
UNDECIDED = 1e-6         # an output this close to 0.5 may fall either side after rounding


def read_number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.ndarray)):
        fail(f"{what} is {shown_repr(value, 60)}: a number was expected.")
    array = np.asarray(value)
    if array.size != 1 or array.dtype.kind not in "iuf":
        fail(f"{what} is {shown_repr(value, 60)}: one number was expected.")
    return float(array.reshape(()))


def read_curve(value, what: str, length: int) -> np.ndarray:
    """A list (or 1-D array) of `length` numbers; NaN and infinity are allowed (a diverged run)."""
    if isinstance(value, np.ndarray):
        return learner_array(value, what, (length,), kinds="iuf")
    if not isinstance(value, list):
        fail(f"{what} is {shown_repr(value, 60)}: a list of {length} numbers was expected.")
    if len(value) != length:
        fail(f"{what} holds {len(value)} numbers: one per epoch (or checkpoint), {length}, was expected.")
    return np.array([read_number(item, what) for item in value])


def read_curves(value, what: str, count: int, length: int) -> list[np.ndarray]:
    if not isinstance(value, list) or len(value) != count:
        fail(f"{what} returned {shown_repr(value, 60)}: a list of {count} curves, one per setting in order, was "
             f"expected.")
    return [read_curve(curve, f"{what}'s curve {index + 1}", length) for index, curve in enumerate(value)]


def close(a: np.ndarray, b: np.ndarray, rtol: float) -> np.ndarray:
    """Elementwise: equal up to rtol relative, NaN with NaN and infinity with the same infinity."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= rtol * np.maximum(np.abs(a), np.abs(b)) + 1e-300
    same_special = (np.isnan(a) & np.isnan(b)) | ((a == b) & ~np.isfinite(a))
    return np.where(np.isfinite(a) & np.isfinite(b), near, same_special)


@dataclass(frozen=True)
class Simulation:
    """Trusted mini-batch gradient descent through the learner's batches, and how far it can be trusted."""

    curve: np.ndarray  # the loss of the training set after each epoch
    stable: int        # the leading epochs on which rounding cannot matter

    @property
    def machine_dependent(self) -> bool:
        """Whether the curve's end depends on the computer's rounding (chaotic dynamics)."""
        return self.stable < len(self.curve)


def simulate(start, batches: Replay, X, Y, rate: float) -> Simulation:
    with np.errstate(all="ignore"):
        _, curve = maths.train_on_batches(start, batches.epochs, X, Y, rate)
        _, probe = maths.train_on_batches(maths.perturbed(start, PROBE), batches.epochs, X, Y, rate)
    curve = np.asarray(curve)
    apart = ~close(np.asarray(probe), curve, PROBE_APART)
    return Simulation(curve, int(np.argmax(apart)) if apart.any() else len(curve))


@dataclass(frozen=True)
class Curves:
    """An experiment's curves, one per setting (a learning rate, a batch size), as the learner's function gave them."""

    settings: tuple[float, ...]
    curves: tuple[np.ndarray, ...]
    simulations: tuple[Simulation, ...] | None = None


@dataclass(frozen=True)
class Accuracies:
    train: np.ndarray  # the small set's accuracy at each checkpoint
    test: np.ndarray


class Experiments:
    """The learner's experiments, each called, re-run and simulated once per suite run."""

    def __init__(self, learner):
        self.learner = learner
        self.done: dict[str, object] = {}

    def once(self, name: str, compute):
        """compute() once; a Mistake is kept and raised again (the same diagnosis for every item that
        needs it), and so is a failure of the learner's code, as a Mistake that says where it happened."""
        if name not in self.done:
            try:
                self.done[name] = compute()
            except Mistake as mistake:
                self.done[name] = mistake
            except LearnerFailure as failure:
                where = getattr(failure, "where", "")
                self.done[name] = Mistake(f"your experiment could not be run: {where + ': ' if where else ''}"
                                          f"{failure.explain()}.")
        outcome = self.done[name]
        if isinstance(outcome, Mistake):
            raise outcome
        return outcome

    # -- what every experiment needs ---------------------------------------------
    def seed(self) -> int:
        return self.once("seed", self.read_seed)

    def read_seed(self) -> int:
        try:
            value = self.learner.get("answer_seed")
        except LearnerMissing:
            fail("answer_seed is not defined: set your seed in its cell (any whole number from 0 to 1,000,000,000).")
        if value is None:
            fail("answer_seed is not set yet: choose your seed, any whole number from 0 to 1,000,000,000.")
        if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu":
            value = int(value)  # a numpy integer crosses the boundary as a 0-d array
        low, high = SEED_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            fail(f"answer_seed is {shown_repr(value, 40)}: your seed must be a whole number from 0 to 1,000,000,000.")
        return value

    def data(self) -> maths.Data:
        return self.once("data", lambda: maths.experiment_data(self.seed()))

    def start(self, sizes) -> list:
        return maths.network_weights(tuple(sizes), maths.network_seed(self.seed()))

    def fresh_network(self, sizes) -> str:
        """make_network(sizes, NETWORK_SEED), the notebook's own function, kept on the learner's side."""
        kept = handle("experiment_net")
        self.learner.call("make_network", list(sizes), maths.network_seed(self.seed()), store=kept)
        return kept

    def as_described(self, sizes, X, Y, epochs: int, rate: float, batch_size: int) -> np.ndarray:
        """The learner's train_minibatch, run as the notebook describes one curve of an experiment."""
        losses = self.learner.call("train_minibatch", Ref(self.fresh_network(sizes)), X, Y, epochs, rate, batch_size,
                                   Rng(maths.shuffle_seed(self.seed())))
        return read_curve(losses, "train_minibatch's result", epochs)

    @staticmethod
    def matches(found, described, what: str, how: str) -> None:
        agree = close(found, described, SAME_AS_RERUN)
        if not agree.all():
            epoch = int(np.argmin(agree))
            fail(f"{what} is not the experiment described: at epoch (or checkpoint) {epoch + 1} it holds "
                 f"{found[epoch]:.6g}, where {how} gives {described[epoch]:.6g}.")

    def replayed(self, batch_size: int, epochs: int) -> Replay:
        """The batches the experiment's train_minibatch got from the learner's minibatches."""
        data = self.data()
        return replay(self.learner, data.X_train, data.Y_train, batch_size, maths.shuffle_seed(self.seed()), epochs)

    # -- the learning-rate experiment ----------------------------------------------
    def learning_rates(self) -> Curves:
        return self.once("learning_rates", self.read_learning_rates)

    def read_learning_rates(self) -> Curves:
        data, sizes = self.data(), (2, SETTINGS.hidden, 1)  # the seed first: everything depends on it
        rates = self.learner.get("answer_learning_rates")
        if rates is None:
            fail("answer_learning_rates is not answered yet: choose 3 to 8 learning rates, from too small to diverging.")
        if not isinstance(rates, list) or not 3 <= len(rates) <= MOST_RATES:
            fail(f"answer_learning_rates is {shown_repr(rates, 60)}: a list of 3 to {MOST_RATES} learning rates was "
                 f"expected.")
        rates = [read_number(rate, "each of answer_learning_rates") for rate in rates]
        if not all(math.isfinite(rate) and rate > 0 for rate in rates):
            fail("every learning rate in answer_learning_rates must be a positive number.")
        if len({round(math.log(rate), 9) for rate in rates}) != len(rates):
            fail("answer_learning_rates holds the same rate twice: choose different rates.")
        curves = read_curves(self.learner.call("learning_rate_curves", rates), "learning_rate_curves", len(rates),
                             SETTINGS.epochs)
        for rate, curve in zip(rates, curves):
            described = self.as_described(sizes, data.X_train, data.Y_train, SETTINGS.epochs, rate, SETTINGS.batch_size)
            self.matches(curve, described, f"learning_rate_curves' curve for rate {rate:g}",
                         f"train_minibatch(make_network([2, UNITS, 1], NETWORK_SEED), X_train, Y_train, EPOCHS, "
                         f"{rate:g}, BATCH_SIZE, np.random.default_rng(SHUFFLE_SEED))")
        return Curves(tuple(rates), tuple(curves))

    def simulated_learning_rates(self) -> Curves:
        """The learning-rate curves with the trusted simulation of each."""
        def simulated():
            curves, data = self.learning_rates(), self.data()
            batches = self.replayed(SETTINGS.batch_size, SETTINGS.epochs)
            start = self.start((2, SETTINGS.hidden, 1))
            return Curves(curves.settings, curves.curves, tuple(
                simulate(start, batches, data.X_train, data.Y_train, rate) for rate in curves.settings))
        return self.once("simulated_learning_rates", simulated)

    # -- the batch-size experiment -------------------------------------------------
    def batch_sizes(self) -> Curves:
        return self.once("batch_sizes", self.read_batch_sizes)

    def read_batch_sizes(self) -> Curves:
        sizes_of_batches = list(SETTINGS.batch_sizes)
        data, sizes = self.data(), (2, SETTINGS.hidden, 1)
        curves = read_curves(self.learner.call("batch_size_curves", sizes_of_batches), "batch_size_curves",
                             len(sizes_of_batches), SETTINGS.bs_epochs)
        for batch_size, curve in zip(sizes_of_batches, curves):
            described = self.as_described(sizes, data.X_train, data.Y_train, SETTINGS.bs_epochs, SETTINGS.bs_rate,
                                          batch_size)
            self.matches(curve, described, f"batch_size_curves' curve for batch size {batch_size}",
                         f"train_minibatch(make_network([2, UNITS, 1], NETWORK_SEED), X_train, Y_train, BS_EPOCHS, "
                         f"BS_RATE, {batch_size}, np.random.default_rng(SHUFFLE_SEED))")
        return Curves(tuple(float(b) for b in sizes_of_batches), tuple(curves))

    def simulated_batch_sizes(self) -> Curves:
        def simulated():
            curves, data = self.batch_sizes(), self.data()
            start = self.start((2, SETTINGS.hidden, 1))
            return Curves(curves.settings, curves.curves, tuple(
                simulate(start, self.replayed(int(batch_size), SETTINGS.bs_epochs), data.X_train, data.Y_train,
                         SETTINGS.bs_rate) for batch_size in curves.settings))
        return self.once("simulated_batch_sizes", simulated)

    # -- the small-set experiment ----------------------------------------------------
    def small_set(self) -> Accuracies:
        return self.once("small_set", self.read_small_set)

    def read_small_set(self) -> Accuracies:
        self.data()  # the seed first: everything depends on it
        count = SETTINGS.small_epochs // SETTINGS.checkpoint
        value = self.learner.call("overfit_small_set", Ref(self.fresh_network((2, SETTINGS.wide, 1))))
        if not isinstance(value, list) or len(value) != 2:
            fail(f"overfit_small_set returned {shown_repr(value, 60)}: the pair (train accuracies, test accuracies) "
                 f"was expected.")
        train = read_curve(value[0], "overfit_small_set's train accuracies", count)
        test = read_curve(value[1], "overfit_small_set's test accuracies", count)
        described_train, described_test = self.small_set_as_described()
        how = "train_minibatch for CHECKPOINT epochs with one generator, then accuracy, from a fresh network,"
        self.matches(train, described_train, "overfit_small_set's train accuracies", how)
        self.matches(test, described_test, "overfit_small_set's test accuracies", how)
        return Accuracies(train, test)

    def small_set_as_described(self) -> tuple[np.ndarray, np.ndarray]:
        data = self.data()
        network = Ref(self.fresh_network((2, SETTINGS.wide, 1)))
        generator = handle("small_rng")
        self.learner.set(f"@{generator}", Rng(maths.shuffle_seed(self.seed())))
        train, test = [], []
        for _ in range(SETTINGS.small_epochs // SETTINGS.checkpoint):
            self.learner.call("train_minibatch", network, data.X_small, data.Y_small, SETTINGS.checkpoint,
                              SETTINGS.small_rate, SETTINGS.small_batch, Ref(generator))
            train.append(read_number(self.learner.call("accuracy", network, data.X_small, data.Y_small), "accuracy"))
            test.append(read_number(self.learner.call("accuracy", network, data.X_test, data.Y_test), "accuracy"))
        return np.array(train), np.array(test)


# ---------------------------------------------------------------- against the trusted simulation
def check_curve(curve: np.ndarray, simulation: Simulation, what: str) -> None:
    """A curve of the learner's against mini-batch gradient descent through their own batches."""
    agree = close(curve, simulation.curve, SAME_AS_TRUSTED)
    if agree.all():
        return
    epoch = int(np.argmin(agree))
    if epoch < simulation.stable:
        fail(f"{what}: after epoch {epoch + 1} your curve holds {curve[epoch]:.6g}, but mini-batch gradient descent "
             f"through the batches your minibatches gives reaches {simulation.curve[epoch]:.6g}. Your "
             f"train_minibatch does something else (see test_train_follows_the_batches and "
             f"test_train_records_epoch_losses).")


def check_small_set(found: Accuracies, data: maths.Data, seed: int) -> None:
    """The small set is trained in one batch, so the order minibatches gives it changes only rounding:
    the simulation runs on the set as it is. An output within UNDECIDED of 0.5 may fall either side."""
    layers = maths.network_weights((2, SETTINGS.wide, 1), maths.network_seed(seed))
    probe_layers = maths.perturbed(layers, PROBE)
    full = [[(data.X_small, data.Y_small)]] * SETTINGS.checkpoint
    for index in range(len(found.train)):
        layers, _ = maths.train_on_batches(layers, full, data.X_small, data.Y_small, SETTINGS.small_rate)
        probe_layers, _ = maths.train_on_batches(probe_layers, full, data.X_small, data.Y_small, SETTINGS.small_rate)
        for name, X, Y, got in (("train accuracy", data.X_small, data.Y_small, found.train[index]),
                                ("test accuracy", data.X_test, data.Y_test, found.test[index])):
            outputs, probe_outputs = maths.forward(layers, X), maths.forward(probe_layers, X)
            if np.max(np.abs(outputs - probe_outputs)) > PROBE_APART:
                return  # chaotic from here: only the learner's own run says what their code gives
            expected = float(np.mean((outputs > 0.5) == (Y == 1.0)))
            slack = np.count_nonzero(np.abs(outputs - 0.5) < UNDECIDED) / Y.shape[1]
            if abs(got - expected) > slack + 1e-12:
                percent = " (a percentage? accuracy returns a fraction: see test_accuracy)" \
                    if abs(got - 100 * expected) < 1e-9 else ""
                fail(f"overfit_small_set's {name} at checkpoint {index + 1} is {got:.4g}, but the network trained as "
                     f"described reaches {expected:.4g}{percent}. Check train_minibatch and accuracy (see their tests).")
