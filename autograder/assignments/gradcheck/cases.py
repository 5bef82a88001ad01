"""The gradcheck suite's cases: a fixed plan per label, fresh numbers every run.

A plan fixes what makes a case useful (the kind of function, the shape of x, the activation and
the planted mistake of a layer); the numbers come from the run's secret seed, `grading.rng(label)`,
and are redrawn until the properties below hold. tests/test_gradcheck_cases.py draws many seeds
and asserts them, so no verdict depends on a lucky draw.

The thresholds the suite judges by are here too, because the properties are stated against them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.assignments.gradcheck.maths import PARAMETERS, FunctionCase, LayerCase, central_differences
from autograder.gradcheck import relative_error

# ---------------------------------------------------------------- thresholds
# numerical_gradient with its default epsilon (1e-6), against the exact gradient. Central
# differences are within 1e-8 here (truncation eps^2 f'''/6 ~ 1e-13, rounding u |f| / eps ~ 1e-9),
# a one-sided difference within 1e-6 (eps |f''| / 2): both pass, the scheme is judged on its own
# item with a large epsilon. A real mistake (a factor of 2, every entry moved at once, the sign,
# a flattened x) is off by 1e-2 or far more.
VALUES_TOLERANCE = 1e-5
# numerical_gradient(f, x, epsilon) with epsilon ~ 1e-2, against the kit's central differences
# with the same epsilon. Two correct programs differ only in rounding, u |f| / eps ~ 1e-13
# (x - eps reached as (x + eps) - 2 eps moves f by an ulp of x); with this epsilon a one-sided
# difference is off by ~1e-3, an epsilon that is not used by ~1e-5, a perturbation not undone
# by ~1e-3: every one at least 100 times this tolerance (asserted for every draw).
SCHEME_TOLERANCE = 1e-8
# relative_error against the kit's formula: two programs of the same formula differ by a few
# ulps (1e-15); another formula (no floor, an added floor, max(|a|, |b|), a mean of elementwise
# ratios) differs by 1e-3 or more on some case.
RELATIVE_ERROR_RTOL = 1e-7
# check_layer on a correct layer with epsilon = 1e-6: the bands the notebook teaches say below
# 1e-7 is fine; these cases give 1e-9 or less (asserted for every draw), a mistaken checker (a
# loss without its 1/m, a stale cache) 1e-6 to 1.
FINE_BAND = 1e-7
# check_layer on a wrong gradient (or with a large epsilon): the learner's relative error against
# the trusted one. Both use numerical gradients within 1e-8 of each other, so the two errors agree
# to 1e-7 or better; a checker that finds "something large" for the wrong reason does not.
REPORT_RTOL = 1e-4
MAX_DRAWS = 10_000


# ---------------------------------------------------------------- functions of an array
@dataclass(frozen=True)
class FunctionPlan:
    name: str
    kind: str  # "projected" or "quadratic"
    activation: str  # for "projected"
    shape: str  # "vector", "matrix", "column" or "3d"
    given_epsilon: bool  # numerical_gradient(f, x, epsilon) with epsilon drawn in EPSILON_RANGE


EPSILON_RANGE = (5e-3, 2e-2)

# Functions mix every entry of x with every other (a perturbation left in place shows), have a
# third derivative (an epsilon that is not used shows) except the quadratic, whose central
# differences are exact for any epsilon (only rounding is left, so a one-sided step stands out).
# x has each shape a parameter has: a vector, a matrix, a column, and a 3-d array.
VALUE_PLANS = (
    FunctionPlan("tanh-vector", "projected", "tanh", "vector", False),
    FunctionPlan("sigmoid-matrix", "projected", "sigmoid", "matrix", False),
    FunctionPlan("quadratic-column", "quadratic", "", "column", False),
    FunctionPlan("tanh-3d", "projected", "tanh", "3d", False),
)
SCHEME_PLANS = (
    FunctionPlan("tanh-matrix-epsilon", "projected", "tanh", "matrix", True),
    FunctionPlan("sigmoid-vector-epsilon", "projected", "sigmoid", "vector", True),
    FunctionPlan("quadratic-matrix-epsilon", "quadratic", "", "matrix", True),
)
UNCHANGED_PLAN = FunctionPlan("x-unchanged", "projected", "tanh", "matrix", False)


def draw_shape(kind: str, rng: np.random.Generator) -> tuple[int, ...]:
    a, b = (int(n) for n in rng.choice(np.arange(2, 5), size=2, replace=False))
    return {"vector": (int(rng.integers(3, 8)),), "matrix": (a, b), "column": (int(rng.integers(3, 7)), 1),
            "3d": (2, a, b)}[kind]


def draw_function(plan: FunctionPlan, rng: np.random.Generator) -> FunctionCase:
    for _ in range(MAX_DRAWS):
        shape = draw_shape(plan.shape, rng)
        n = int(np.prod(shape))
        x = rng.standard_normal(shape)
        epsilon = float(np.exp(rng.uniform(*np.log(EPSILON_RANGE)))) if plan.given_epsilon else None
        if plan.kind == "projected":
            k = int(rng.integers(2, 5))
            params = (plan.activation, rng.standard_normal((k, n)) * 1.5 / np.sqrt(n), 0.5 * rng.standard_normal(k),
                      rng.standard_normal(k), list(shape))
        else:
            B = rng.standard_normal((n, n))
            params = ((B + B.T) / 2, rng.standard_normal(shape))
        case = FunctionCase(plan.name, plan.kind, params, x, epsilon)
        if function_case_holds(plan, case):
            return case
    raise RuntimeError(f"no numbers for plan {plan.name} in {MAX_DRAWS} draws")  # tests: never happens


def one_sided(case: FunctionCase, epsilon: float) -> np.ndarray:
    """(f(x + eps e_i) - f(x)) / eps: the scheme a two-sided checker must not be."""
    f, x = case.function(), case.x
    at_x = f(x)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        moved = x.copy()
        moved[index] += epsilon
        gradient[index] = (f(moved) - at_x) / epsilon
    return gradient


def function_case_holds(plan: FunctionPlan, case: FunctionCase) -> bool:
    """What the numerical_gradient items rely on, for this draw (see the thresholds above)."""
    from autograder.assignments.gradcheck.bugs import scheme_models, unrevealing_models  # they use these cases

    exact = case.exact_gradient()
    if np.linalg.norm(exact) < 0.3 or abs(case.function()(case.x)) > 20:
        return False  # a gradient of norm O(1) and values O(1..10), as the thresholds assume
    central = central_differences(case)
    if not plan.given_epsilon:
        return (relative_error(central, exact) < VALUES_TOLERANCE / 1000
                and relative_error(one_sided(case, 1e-6), exact) < VALUES_TOLERANCE / 10)
    if plan.kind == "projected" and relative_error(central, exact) < 100 * SCHEME_TOLERANCE:
        return False  # the epsilon must make a visible difference
    exact_here = unrevealing_models(case)
    return all(relative_error(model, central) >= 100 * SCHEME_TOLERANCE
               for name, model in scheme_models(case).items() if model is not None and name not in exact_here)


# ---------------------------------------------------------------- relative_error
RELATIVE_LABELS = ("close", "unrelated", "scaled", "one-zero", "both-zero", "tiny")
SHAPE_LABELS = ("column-and-flat", "transposed")


def draw_pair(label: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays of one shape: nearly equal, unrelated, proportional, one of them zero, both
    zero (the floor gives 0), or both below the floor of 1e-8 (the floor, not their norms, divides)."""
    # matrices where a norm of whole arrays and a matrix norm (the spectral one) differ
    shape = {"close": "matrix", "unrelated": "matrix", "scaled": "vector", "one-zero": "column",
             "both-zero": "matrix", "tiny": "vector"}[label]
    a = rng.standard_normal(draw_shape(shape, rng))
    if label == "close":
        return a, a * (1 + 1e-7 * rng.standard_normal(a.shape))
    if label == "unrelated":
        return a, rng.standard_normal(a.shape)
    if label == "scaled":
        return a, float(rng.uniform(1.5, 4)) * a
    if label == "one-zero":
        return np.zeros_like(a), a
    if label == "both-zero":
        return np.zeros_like(a), np.zeros_like(a)
    b = rng.standard_normal(a.shape)  # "tiny": the two norms together 5 % to 45 % of the floor
    scale = float(rng.uniform(0.05, 0.45)) * 1e-8 / (np.linalg.norm(a) + np.linalg.norm(b))
    return scale * a, scale * b


def draw_mismatch(label: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays whose shapes differ: numpy would broadcast the first pair into an (n, n) matrix."""
    n, k = (int(v) for v in rng.choice(np.arange(2, 6), size=2, replace=False))
    if label == "column-and-flat":
        a = rng.standard_normal((n, 1))
        return a, a.reshape(n) + 1e-3 * rng.standard_normal(n)
    a = rng.standard_normal((n, k))
    return a, a.T.copy()


# ---------------------------------------------------------------- layers
@dataclass(frozen=True)
class LayerPlan:
    name: str
    activation: str
    n_in: int
    n_out: int
    m: int
    derivative: str = ""  # a derivative other than the activation's: a wrong backward
    derivative_at: str = "Z"
    scales: tuple = ("1", "1", "1")  # "m" and "1/m" are the batch size's
    given_epsilon: bool = False  # epsilon drawn in EPSILON_RANGE instead of 1e-6
    # inputs this many times larger and weights as many times smaller (Z alike): the curvature along each
    # weight grows with its input squared (along an input, with its weight squared): sigmoid, flatter than
    # tanh, needs larger inputs for SUBTLE_MARGIN below, a layer whose dW is wrong larger weights
    input_scale: float = 1.0


SMOOTH = ("tanh", "sigmoid")  # (on ReLU's linear pieces a one-sided difference is exact)
SUBTLE_MARGIN = 3.0
KINK_MARGIN = 0.1  # Z stays this far from ReLU's kink: 1e5 steps of 1e-6, 5 of the largest epsilon
Z_LIMIT = 3.0  # and below this in size, where sigmoid and tanh still curve (A and Z differ visibly)

CORRECT_LAYER_PLANS = (
    LayerPlan("tanh-4to3-m5", "tanh", 4, 3, 5),
    LayerPlan("sigmoid-3to2-m4", "sigmoid", 3, 2, 4, input_scale=3.0),
    LayerPlan("relu-5to3-m6", "relu", 5, 3, 6),
    LayerPlan("leaky_relu-2to4-m3", "leaky_relu", 2, 4, 3),
)
# The kit's real mistakes, each in one gradient or in dZ (then in all three).
BUGGY_LAYER_PLANS = (
    LayerPlan("dW-without-1/m", "tanh", 3, 4, 5, scales=("m", "1", "1"), input_scale=0.5),
    LayerPlan("db-without-1/m", "sigmoid", 4, 2, 3, scales=("1", "m", "1"), input_scale=3.0),
    LayerPlan("dA_prev-divided-by-m", "relu", 3, 3, 4, scales=("1", "1", "1/m")),
    LayerPlan("derivative-at-A", "tanh", 2, 3, 4, derivative_at="A"),
    LayerPlan("derivative-forgotten", "relu", 4, 3, 5, derivative="linear_derivative"),
)
EPSILON_LAYER_PLAN = LayerPlan("tanh-3to3-m4-large-epsilon", "tanh", 3, 3, 4, given_epsilon=True)
LAYER_PLANS = (*CORRECT_LAYER_PLANS, *BUGGY_LAYER_PLANS, EPSILON_LAYER_PLAN)


def draw_layer(plan: LayerPlan, rng: np.random.Generator) -> LayerCase:
    scale = {"1": lambda m: 1.0, "m": float, "1/m": lambda m: 1.0 / m}
    for _ in range(MAX_DRAWS):
        W = rng.standard_normal((plan.n_out, plan.n_in)) / np.sqrt(plan.n_in) / plan.input_scale
        b = 0.5 * rng.standard_normal((plan.n_out, 1))
        A_prev = plan.input_scale * rng.standard_normal((plan.n_in, plan.m))
        Z = W @ A_prev + b
        if np.min(np.abs(Z)) < KINK_MARGIN or np.max(np.abs(Z)) >= Z_LIMIT:
            continue
        if "relu" in plan.activation and not (np.all(np.any(Z > 0, axis=1)) and np.all(np.any(Z < 0, axis=1))):
            continue  # every unit on for some examples and off for others: no gradient hides a mistake
        epsilon = float(np.exp(rng.uniform(*np.log(EPSILON_RANGE)))) if plan.given_epsilon else 1e-6
        case = LayerCase(plan.name, plan.activation, W, b, A_prev, rng.standard_normal((plan.n_out, plan.m)),
                         plan.derivative, plan.derivative_at, tuple(scale[s](plan.m) for s in plan.scales), epsilon)
        if layer_case_holds(plan, case):
            return case
    raise RuntimeError(f"no numbers for plan {plan.name} in {MAX_DRAWS} draws")  # tests: never happens


def planted(plan: LayerPlan) -> bool:
    return bool(plan.derivative) or plan.derivative_at != "Z" or plan.scales != ("1", "1", "1")


def layer_case_holds(plan: LayerPlan, case: LayerCase) -> bool:
    reported = case.reported()
    wrong = case.wrong()
    if planted(plan) != bool(wrong):
        return False
    for name in PARAMETERS:
        if name in wrong and reported[name] < 1e-2:
            return False  # a wrong gradient is far into the "bug" band
        if name not in wrong and not plan.given_epsilon and reported[name] > FINE_BAND / 100:
            return False  # a right one far below the "fine" band
    if plan.activation in SMOOTH and not plan.given_epsilon and len(wrong) < len(PARAMETERS):
        # on a smooth layer a checker with a subtly wrong numerical gradient (one-sided, an entry not put
        # back) reports more than the "fine" band for some right gradient, so it fails in every run
        from autograder.assignments.gradcheck.bugs import SUBTLE, scheme_reports
        for scheme in SUBTLE:
            reports = scheme_reports(case, scheme)
            if max(reports[name] for name in PARAMETERS if name not in wrong) < SUBTLE_MARGIN * FINE_BAND:
                return False
    if plan.given_epsilon:
        # the epsilon shows: the errors are well above what 1e-6 gives, and not far into "a bug"
        at_default = case.reported(1e-6)
        return all(FINE_BAND <= reported[name] <= 1e-3 and reported[name] >= 1e3 * at_default[name]
                   for name in PARAMETERS)
    return True


# ---------------------------------------------------------------- a run's cases
def draw_all(rng_for) -> dict[str, object]:
    """Every case of a run, by label; `rng_for(label)` is the run's stream for that label
    (GradingContext.rng): adding a plan never changes another case's numbers."""
    drawn: dict[str, object] = {}
    for plan in (*VALUE_PLANS, *SCHEME_PLANS, UNCHANGED_PLAN):
        drawn[plan.name] = draw_function(plan, rng_for("function", plan.name))
    for label in RELATIVE_LABELS:
        drawn[label] = draw_pair(label, rng_for("relative_error", label))
    for label in SHAPE_LABELS:
        drawn[label] = draw_mismatch(label, rng_for("relative_error", label))
    for plan in LAYER_PLANS:
        drawn[plan.name] = draw_layer(plan, rng_for("layer", plan.name))
    return drawn
