"""The layer suite's cases: a fixed plan per label, fresh numbers every run.

A plan fixes what makes a case useful (activation, layer sizes, batch sizes); the numbers (W, b,
the batches, dA, the learning rate) are drawn from the run's secret seed, `draw(plan, rng)`, and
redrawn until the properties below hold. tests/test_layer_cases.py draws many seeds and asserts
them, so a case never depends on a lucky draw.

Properties of every drawn case:
* kink margin: every Z (every batch) is at least KINK_MARGIN away from 0, where ReLU and leaky
  ReLU bend (the finite-difference step is 1e-6), and below Z_LIMIT in size, where sigmoid and
  tanh are still curved: A and Z, f'(A) and f'(Z) then differ visibly;
* a learning rate no update mistake can pass for: it is RATE_MARGIN away from every rate a
  learner may hard-code (FIXED_RATES), and neither "no learning rate" (a step of dW, i.e. 1/rate
  times the right one) nor a hard-coded rate (rate'/rate times) scales the update by the factor
  a batch-size mistake scales dW and db by (m/n_in, m/n_out, m/m_first) or by m, so "the update
  ignores learning_rate" and "dW is m times too large" never look alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.assignments.layer.bugs import FIXED_RATES, LayerCase

KINK_MARGIN = 0.1
Z_LIMIT = 3.0
# Rates are drawn log-uniformly here: at 0.01 and above the update's rounding, u |W| / (rate |dW|),
# stays below 1e-12 (see gradcheck.gradient_from_update); at 0.6 and below a step of dW (rate 1)
# is at least 1.67 times the right one.
RATE_RANGE = (0.01, 0.6)
# Two scale factors count as alike within 10 %: further apart than any rounding, and a learner
# reading "m times too large" sees a factor that is clearly not 1.
RATE_MARGIN = 0.1
MAX_DRAWS = 10_000  # each draw succeeds with probability 0.05 or more (tests/test_layer_cases.py)


@dataclass(frozen=True)
class Plan:
    """What a case label fixes. Its numbers come from the run's seed."""

    name: str
    activation: str
    n_in: int
    n_out: int
    batch_sizes: tuple[int, ...]  # forward calls in order; backward follows the last one
    bias: bool = True  # False: b = 0, as in the notebook's worked example
    one_on_one_off: bool = False  # the worked example's shape: neuron 1 active, neuron 2 not


# Together these make the real mistakes visible: sigmoid and tanh show a derivative taken at A
# (ReLU hides it); non-square layers show a transposed dW or W (square ones hide it) and square
# ones let it run to a wrong value; m differs from both layer sizes, so m taken from the wrong
# axis shows; m = 1; m = n_in lets forward's A_prev.T fit.
PLANS = (
    Plan("sigmoid-4to3-m5", "sigmoid", 4, 3, (5,)),
    Plan("tanh-3to5-m2", "tanh", 3, 5, (2,)),
    Plan("relu-5to2-m7", "relu", 5, 2, (7,)),
    Plan("sigmoid-3to3-m4", "sigmoid", 3, 3, (4,)),
    Plan("tanh-2to4-m1", "tanh", 2, 4, (1,)),
    Plan("tanh-4to2-m4", "tanh", 4, 2, (4,)),
    Plan("leaky_relu-3to2-m6", "leaky_relu", 3, 2, (6,)),
)

# Two forward calls, then backward: the second batch must be the one backward differentiates.
# Different batch sizes catch an m kept from the first call; equal ones catch stale values.
LATEST_PLANS = (
    Plan("sigmoid-4to3-m3-then-m5", "sigmoid", 4, 3, (3, 5)),
    Plan("tanh-3to2-m4-then-m4", "tanh", 3, 2, (4, 4)),
)

# The notebook's worked example, as printed there (a visible example a learner can check by
# hand), and the same example with fresh numbers: 3 inputs, 2 ReLU neurons, one example, b = 0,
# the first neuron active and the second not.
WORKED_PLAN = Plan("worked-example-fresh", "relu", 3, 2, (1,), bias=False, one_on_one_off=True)

WORKED_EXAMPLE = LayerCase(
    "worked-example", "relu",
    W=np.array([[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1]]),
    b=np.zeros((2, 1)),
    batches=(np.array([[0.5], [0.1], [-0.2]]),),
    dA=np.full((2, 1), 0.1),
    learning_rate=0.01,
)


def batch_scales(plan: Plan) -> list[float]:
    """The factors by which a batch-size mistake scales dW and db: m, m/n_in, m/n_out, m/m_first."""
    m = plan.batch_sizes[-1]
    return [m, m / plan.n_in, m / plan.n_out, m / plan.batch_sizes[0]]


def update_scales(rate: float) -> list[float]:
    """The factors by which an update mistake scales the step: no rate (1/rate), a hard-coded one."""
    return [1 / rate, *(fixed / rate for fixed in FIXED_RATES)]


def alike(x: float, y: float) -> bool:
    return abs(x - y) <= RATE_MARGIN * max(abs(x), abs(y))


def distinctive_rate(plan: Plan, rate: float) -> bool:
    if any(alike(rate, fixed) for fixed in FIXED_RATES):
        return False
    return not any(alike(update, batch) for update in update_scales(rate) for batch in batch_scales(plan)
                   if batch != 1)


def kinks_avoided(Z: np.ndarray) -> bool:
    return bool(np.min(np.abs(Z)) >= KINK_MARGIN and np.max(np.abs(Z)) < Z_LIMIT)


def both_sides_of_the_kink(plan: Plan, Z: np.ndarray, without_bias: np.ndarray) -> bool:
    """ReLU-like layers: every neuron on for some examples and off for others (a neuron off for the
    whole batch has no gradient, so mistakes in it would hide), and the bias switches at least one
    neuron on or off (backward sees forward only through g'(Z), which for ReLU is the on/off
    pattern: a bias that switched nothing would hide a forward without it from every backward
    item in some runs and not others); the worked example's pair."""
    if plan.one_on_one_off:
        return bool(Z[0, 0] > 0 > Z[1, 0])
    if plan.activation not in ("relu", "leaky_relu") or Z.shape[1] < 2:
        return True
    return bool(np.all(np.any(Z > 0, axis=1)) and np.all(np.any(Z < 0, axis=1))
                and np.any((Z > 0) != (without_bias > 0)))


def draw(plan: Plan, rng: np.random.Generator) -> LayerCase:
    """A case of this plan with fresh numbers from `rng`, each part redrawn until its properties hold."""
    for _ in range(MAX_DRAWS):
        W = rng.standard_normal((plan.n_out, plan.n_in)) / np.sqrt(plan.n_in)
        b = 0.5 * rng.standard_normal((plan.n_out, 1)) if plan.bias else np.zeros((plan.n_out, 1))
        batches = tuple(rng.standard_normal((plan.n_in, m)) for m in plan.batch_sizes)
        Z = np.concatenate([W @ X + b for X in batches], axis=1)
        if kinks_avoided(Z) and both_sides_of_the_kink(plan, W @ batches[-1] + b, W @ batches[-1]):
            break
    else:
        raise RuntimeError(f"no numbers for plan {plan.name} in {MAX_DRAWS} draws")  # tests: never happens
    dA = rng.standard_normal((plan.n_out, plan.batch_sizes[-1]))
    for _ in range(MAX_DRAWS):
        rate = float(np.exp(rng.uniform(*np.log(RATE_RANGE))))
        if distinctive_rate(plan, rate):
            return LayerCase(plan.name, plan.activation, W, b, batches, dA, rate)
    raise RuntimeError(f"no learning rate for plan {plan.name} in {MAX_DRAWS} draws")


def draw_all(rng_for) -> dict[str, LayerCase]:
    """Every case of a run, by label; `rng_for(label)` is the run's stream for that label
    (GradingContext.rng): adding a plan never changes another case's numbers."""
    cases = {plan.name: draw(plan, rng_for(plan.name)) for plan in (*PLANS, *LATEST_PLANS, WORKED_PLAN)}
    cases[WORKED_EXAMPLE.name] = WORKED_EXAMPLE
    return cases


# ---------------------------------------------------------------- initialisation
# test_init_shapes: the sizes are drawn too (2 to 9), one layer of each kind.
INIT_KINDS = ("more-inputs", "more-outputs", "square", "one-output")


def draw_init_sizes(kind: str, rng: np.random.Generator) -> tuple[int, int]:
    """(input_size, output_size) of that kind; unequal sizes show a transposed W."""
    a, b = sorted(rng.choice(np.arange(2, 10), size=2, replace=False).tolist())
    return {"more-inputs": (b, a), "more-outputs": (a, b), "square": (a, a), "one-output": (b, 1)}[kind]
