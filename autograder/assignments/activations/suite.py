"""Hidden suite: activations (docs/assignments.md).

Every expected value comes from `maths` (this folder); every derivative is judged by the one
gradient checker against central differences of the trusted function. When a check fails, the
learner's value is compared with bug models computed here to name the likely mistake.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from autograder.assignments.activations import maths
from autograder.checks import fail, points
from autograder.diagnosis import (
    letter_answer,
    matching_model,
    read_number,
    same_values,
    scalar_code_mistake,
    unanswered,
)
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    numeric_gradient,
    projection_loss,
    relative_error,
)
from autograder.learner import LearnerError, LearnerMissing, Ref

# ---------------------------------------------------------------- inputs
# Fixed inputs, the same for every submission. Values stay at least 0.1 away from the kinks of
# relu/leaky_relu (much more than the finite-difference step 1e-6); z = 0 has its own case.
SHAPES = {"1-D": (7,), "2-D": (3, 5), "3-D": (2, 3, 4)}


def inputs(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return _inputs(shape, seed).copy()


@functools.cache
def _inputs(shape: tuple[int, ...], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    magnitude = rng.uniform(0.1, 4.0, size=shape)
    sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return sign * magnitude


def projection(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(99).standard_normal(shape)


AT_ZERO = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0], [0.0, 1.0, -1.0, 0.0, 3.0]])
HUGE = np.array([[-1000.0, -700.0, -50.0, 0.0, 50.0, 700.0, 1000.0]])
ALPHA = 0.2  # a non-default alpha: shows whether the argument is used at all


# ---------------------------------------------------------------- calling the learner
def call(learner, name: str, Z, *args):
    """The learner's value as an array; a failure that means scalar code is named as such."""
    try:
        value = learner.call(name, Z, *args)
    except LearnerError as error:
        fail(scalar_code_mistake(name, error.message) or f"{name}: {error.explain()}")
    if not isinstance(value, np.ndarray) or value.ndim == 0:
        if isinstance(Z, np.ndarray):
            reduction_mistake(name, np.asarray(value), Z)
        fail(f"{name} returned a single number: it must return an array of the same shape as Z, "
             f"one value per element.")
    return value


def reduction_mistake(name: str, value: np.ndarray, Z: np.ndarray) -> None:
    """np.max(Z, 0) reads like max(0, z) but takes the largest entry along axis 0."""
    if same_values(value, np.max(Z, axis=0)):
        fail(f"{name} uses np.max, which takes the largest value along an axis: use np.maximum(0, Z), "
             f"which compares elementwise.")


def check_shape(name: str, value: np.ndarray, Z: np.ndarray) -> None:
    if value.shape == Z.shape:
        return
    reduction_mistake(name, value, Z)
    fail(f"{name} returned shape {value.shape} for Z of shape {Z.shape}: it must work elementwise "
         f"and keep the shape.")


def first_difference(name: str, Z: np.ndarray, got: np.ndarray, want: np.ndarray, what: str = "") -> str:
    """'relu(-1.5) returned 1.5 but should be 0': the first element that is wrong."""
    wrong = ~np.isclose(got, want, rtol=1e-9, atol=1e-12)
    index = tuple(np.argwhere(wrong)[0]) if wrong.any() else tuple(np.zeros(Z.ndim, dtype=int))
    extra = f", {what}" if what else ""
    return (f"{name}({Z[index]:.4g}{extra}) returned {got[index]:.6g} but should be {want[index]:.6g}.")


def check_values(learner, name: str, Z: np.ndarray, expected: np.ndarray, models: dict, *args) -> None:
    got = call(learner, name, Z, *args)
    check_shape(name, got, Z)
    if not np.all(np.isfinite(got)):
        fail(f"{name} returned NaN or infinity for finite inputs (|z| <= 4).")
    # 1e-9 relative: equal formulas written differently agree to ~1e-15 (see diagnosis.MODEL_RTOL)
    if not same_values(got, expected):
        what = f"alpha={args[0]:g}" if args else ""
        fail(matching_model(got, models) or first_difference(name, Z, got, expected, what))


def check_derivative(learner, name: str, function: str, Z: np.ndarray, models: dict, *args) -> None:
    """The learner's derivative against central differences of the trusted function.

    Through a random projection G: d/dZ sum(G * f(Z)) = G * f'(Z), the quantity a layer's
    backward actually uses (dZ = dA * f'(Z)).
    """
    got = call(learner, name, Z, *args)
    check_shape(name, got, Z)
    G = projection(Z.shape)
    trusted, trusted_slope = maths.ACTIVATIONS[function]
    numeric = numeric_gradient(projection_loss(lambda x: trusted(x, *args), G), Z)
    hint = ""
    if relative_error(G * got, numeric) > RELATIVE_TOLERANCE:
        hint = (matching_model(got, models)
                or consistent_with_own_function(learner, name, function, Z, got, args)
                or first_difference(name, Z, got, trusted_slope(Z, *args), f"alpha={args[0]:g}" if args else ""))
    assert_gradient_close(G * got, numeric, what=name, hint=hint)


def consistent_with_own_function(learner, name, function, Z, got, args) -> str | None:
    """When the derivative is the slope of the learner's own (wrong) function, say so.

    Two calls: the functions are elementwise, so (f(Z + h) - f(Z - h)) / 2h is every slope at once.
    """
    h = 1e-6
    try:
        plus = np.asarray(learner.call(function, Z + h, *args), dtype=np.float64)
        minus = np.asarray(learner.call(function, Z - h, *args), dtype=np.float64)
    except (LearnerError, LearnerMissing, TypeError, ValueError):
        return None
    if plus.shape != Z.shape or minus.shape != Z.shape:
        return None
    own_slope = (plus - minus) / (2 * h)
    # central differences of a smooth function at h = 1e-6: error ~1e-10 absolute on O(1) slopes
    if np.allclose(got, own_slope, rtol=1e-5, atol=1e-6):
        return (f"{name} is the slope of your own {function}, but {function} itself is wrong "
                f"(see test_{function}): fix {function} first.")
    return None


def check_new_float64_array(learner, name: str, Z: np.ndarray, *args) -> None:
    """Returns a new float64 array of Z's shape and leaves Z alone.

    To see whether Z was modified, the input is kept on the learner's side (np.array(Z)) and
    passed by reference, then read back.
    """
    try:
        learner.call("np.array", Z, store="probe")
    except LearnerMissing:
        probe = None
        got = call(learner, name, Z, *args)
    else:
        probe = Ref("probe")
        got = call(learner, name, probe, *args)
    check_shape(name, got, Z)
    if got.dtype != np.float64:
        kind = {"b": "True/False", "i": "integer", "u": "integer"}.get(got.dtype.kind, str(got.dtype))
        fail(f"{name} returns {kind} values ({got.dtype}): return float64, e.g. with .astype(float).")
    if probe is not None and not same_values(learner.get("@probe"), Z, rtol=0, atol=0):
        fail(f"{name} changed its input Z in place: compute a new array (np.maximum, np.where, "
             f"Z * ...) instead of assigning into Z.")


# ---------------------------------------------------------------- bug models
relu, relu_derivative = maths.ACTIVATIONS["relu"]
leaky_relu, leaky_relu_derivative = maths.ACTIVATIONS["leaky_relu"]
sigmoid, sigmoid_derivative = maths.ACTIVATIONS["sigmoid"]
tanh, tanh_derivative = maths.ACTIVATIONS["tanh"]


def relu_models(Z):
    return {
        "relu returns |z|: negative inputs must give 0 (use np.maximum(0, Z)).": lambda: np.abs(Z),
        "relu keeps the negative part: relu(z) = max(0, z), i.e. np.maximum(0, Z).": lambda: np.minimum(0, Z),
        "relu returns its derivative (0 or 1): it must return max(0, z).": lambda: relu_derivative(Z),
    }


def relu_derivative_models(Z):
    return {
        "relu_derivative(0) is 1: the convention here is 0 at z = 0 (use Z > 0, not Z >= 0).":
            lambda: (Z >= 0).astype(float),
        "relu_derivative returns relu(z) itself: the derivative is 1 where z > 0 and 0 elsewhere.":
            lambda: relu(Z),
        "relu_derivative is 1 for negative z: it must be 1 where z > 0 and 0 where z <= 0.":
            lambda: (Z < 0).astype(float),
    }


def leaky_models(Z, alpha):
    models = {
        "leaky_relu ignores its alpha argument (it always uses 0.01): use the alpha it is given.":
            lambda: leaky_relu(Z, 0.01),
        "leaky_relu gives 0 for negative z, like relu: negative inputs must give alpha * z.":
            lambda: relu(Z),
        "leaky_relu compares z with alpha (np.maximum(alpha, Z)): it must compare with alpha * z.":
            lambda: np.maximum(alpha, Z),
        "leaky_relu returns alpha for negative z: it must return alpha * z.":
            lambda: np.where(Z > 0, Z, alpha),
    }
    if alpha == 0.01:
        for wrong_default in (0.1, 0.001, 0.02, 0.2, 0.3, 0.05):
            models[f"leaky_relu's default alpha is {wrong_default:g}: it must be 0.01."] = (
                lambda a=wrong_default: leaky_relu(Z, a))
    return models


def leaky_derivative_models(Z, alpha):
    models = {
        "leaky_relu_derivative at z = 0 must be alpha (the convention here): use Z > 0, not Z >= 0.":
            lambda: np.where(Z >= 0, 1.0, alpha),
        "leaky_relu_derivative ignores its alpha argument (it always uses 0.01): use the alpha it is given.":
            lambda: leaky_relu_derivative(Z, 0.01),
        "leaky_relu_derivative is 0 for negative z, like relu's: it must be alpha there.":
            lambda: relu_derivative(Z),
        "leaky_relu_derivative returns alpha * z for negative z: the slope of alpha * z is alpha.":
            lambda: np.where(Z > 0, 1.0, alpha * Z),
        "leaky_relu_derivative returns leaky_relu(z) itself: it must be 1 where z > 0 and alpha elsewhere.":
            lambda: leaky_relu(Z, alpha),
    }
    if alpha == 0.01:
        for wrong_default in (0.1, 0.001, 0.02, 0.2, 0.3, 0.05):
            models[f"leaky_relu_derivative's default alpha is {wrong_default:g}: it must be 0.01."] = (
                lambda a=wrong_default: leaky_relu_derivative(Z, a))
    return models


def sigmoid_models(Z):
    return {
        "sigmoid has the sign of the exponent flipped: sigmoid(z) = 1 / (1 + exp(-z)).": lambda: sigmoid(-Z),
        "sigmoid computes tanh: sigmoid(z) = 1 / (1 + exp(-z)).": lambda: np.tanh(Z),
        "sigmoid returns exp(-z) / (1 + exp(-z)), which is 1 - sigmoid(z): use 1 / (1 + exp(-z)).":
            lambda: 1 - sigmoid(Z),
        "sigmoid misses the 1 + in the denominator: sigmoid(z) = 1 / (1 + exp(-z)).": lambda: np.exp(Z),
    }


def sigmoid_derivative_models(Z):
    s = sigmoid(Z)
    return {
        "sigmoid_derivative treats its input as sigmoid's output (it computes z * (1 - z)): it receives z, "
        "so compute s = sigmoid(z) first and return s * (1 - s).": lambda: Z * (1 - Z),
        "sigmoid_derivative looks like it was computed from sigmoid's output twice (sigmoid of sigmoid(z)): "
        "use s * (1 - s) with s = sigmoid(z).": lambda: sigmoid(s) * (1 - sigmoid(s)),
        "sigmoid_derivative uses tanh's formula 1 - s**2: sigmoid's derivative is s * (1 - s).": lambda: 1 - s**2,
        "sigmoid_derivative returns sigmoid(z) itself: its derivative is s * (1 - s).": lambda: s,
        "sigmoid_derivative has a sign wrong: it is s * (1 - s) with s = sigmoid(z).": lambda: s * (1 + s),
        "sigmoid_derivative mixes z and sigmoid(z) (it computes s * (1 - z)): use s * (1 - s).": lambda: s * (1 - Z),
    }


def tanh_models(Z):
    return {
        "tanh computes sigmoid: use np.tanh(Z).": lambda: sigmoid(Z),
        "2 * sigmoid(z) - 1 is tanh(z / 2): tanh(z) = 2 * sigmoid(2z) - 1, or simply np.tanh(Z).":
            lambda: 2 * sigmoid(Z) - 1,
        "tanh has a sign flipped in (e^z - e^-z) / (e^z + e^-z): or simply use np.tanh(Z).": lambda: -np.tanh(Z),
    }


def tanh_derivative_models(Z):
    t = np.tanh(Z)
    return {
        "tanh_derivative treats its input as tanh's output (it computes 1 - z**2): it receives z, so "
        "compute t = tanh(z) first and return 1 - t**2.": lambda: 1 - Z**2,
        "tanh_derivative misses the square: it is 1 - tanh(z)**2.": lambda: 1 - t,
        "tanh_derivative has the sign flipped: it is 1 - tanh(z)**2, not tanh(z)**2 - 1.": lambda: t**2 - 1,
        "tanh_derivative uses sigmoid's formula s * (1 - s): tanh's derivative is 1 - tanh(z)**2.":
            lambda: sigmoid(Z) * (1 - sigmoid(Z)),
        "tanh_derivative returns tanh(z) itself: its derivative is 1 - tanh(z)**2.": lambda: t,
        "tanh_derivative looks like it was computed from tanh's output twice (tanh of tanh(z)): "
        "use 1 - t**2 with t = tanh(z).": lambda: 1 - np.tanh(t) ** 2,
    }


# ---------------------------------------------------------------- the graded items
VALUE_CASES = list(SHAPES)
FUNCTION_CASES = [*VALUE_CASES, "new float64 array"]
DERIVATIVE_CASES = [*VALUE_CASES, "at z = 0", "new float64 array"]


def case_input(case: str, seed: int) -> np.ndarray:
    return AT_ZERO if case == "at z = 0" else inputs(SHAPES.get(case, (3, 4)), seed)


@points(2)
@pytest.mark.parametrize("case", FUNCTION_CASES)
def test_relu(learner, case):
    Z = case_input(case, 1)
    if case == "new float64 array":
        return check_new_float64_array(learner, "relu", Z)
    check_values(learner, "relu", Z, relu(Z), relu_models(Z))


@points(2)
@pytest.mark.parametrize("case", DERIVATIVE_CASES)
def test_relu_derivative(learner, case):
    Z = case_input(case, 2)
    if case == "new float64 array":
        return check_new_float64_array(learner, "relu_derivative", Z)
    if case == "at z = 0":
        return check_values(learner, "relu_derivative", Z, relu_derivative(Z), relu_derivative_models(Z))
    check_derivative(learner, "relu_derivative", "relu", Z, relu_derivative_models(Z))


@points(2)
@pytest.mark.parametrize("case", [*FUNCTION_CASES, f"alpha = {ALPHA}"])
def test_leaky_relu(learner, case):
    Z = case_input(case, 3)
    if case == "new float64 array":
        return check_new_float64_array(learner, "leaky_relu", Z)
    if case.startswith("alpha"):
        return check_values(learner, "leaky_relu", Z, leaky_relu(Z, ALPHA), leaky_models(Z, ALPHA), ALPHA)
    check_values(learner, "leaky_relu", Z, leaky_relu(Z), leaky_models(Z, 0.01))


@points(2)
@pytest.mark.parametrize("case", [*DERIVATIVE_CASES, f"alpha = {ALPHA}", f"alpha = {ALPHA} at z = 0"])
def test_leaky_relu_derivative(learner, case):
    name = "leaky_relu_derivative"
    Z = AT_ZERO if case.endswith("at z = 0") else inputs(SHAPES.get(case, (3, 4)), 4)
    if case == "new float64 array":
        return check_new_float64_array(learner, name, Z)
    if case.endswith("at z = 0"):
        args = (ALPHA,) if case.startswith("alpha") else ()
        alpha = args[0] if args else 0.01
        return check_values(learner, name, Z, leaky_relu_derivative(Z, alpha), leaky_derivative_models(Z, alpha), *args)
    if case.startswith("alpha"):
        return check_derivative(learner, name, "leaky_relu", Z, leaky_derivative_models(Z, ALPHA), ALPHA)
    check_derivative(learner, name, "leaky_relu", Z, leaky_derivative_models(Z, 0.01))


@points(2)
@pytest.mark.parametrize("case", FUNCTION_CASES)
def test_sigmoid(learner, case):
    Z = case_input(case, 5)
    if case == "new float64 array":
        return check_new_float64_array(learner, "sigmoid", Z)
    check_values(learner, "sigmoid", Z, sigmoid(Z), sigmoid_models(Z))


def significant(warnings: list[str]) -> list[str]:
    # The learner's side runs under np.errstate(all="warn"), which also reports underflow
    # (exp(-1000) -> 0): harmless, silent under numpy's defaults, and what a stable sigmoid does.
    return [w for w in warnings if "underflow" not in w]


@points(2)
@pytest.mark.parametrize("case", ["values at |z| = 1000", "no warning at |z| = 1000"])
def test_sigmoid_is_stable(learner, case):
    try:
        got = learner.call("sigmoid", HUGE)
    except LearnerError as error:
        if error.kind == "NotImplementedError":
            raise
        fail(scalar_code_mistake("sigmoid", error.message)
             or f"sigmoid raised {error.kind} at |z| = 1000 ({error.message}): compute exp only of "
                f"non-positive numbers, e.g. exp(-|z|), with one formula for z >= 0 and one for z < 0.")
    warnings = significant(learner.last_warnings)
    got = np.asarray(got, dtype=np.float64)
    if got.shape != HUGE.shape:
        fail(f"sigmoid returned shape {got.shape} for Z of shape {HUGE.shape}: it must keep the shape.")
    if case.startswith("values"):
        if not np.all(np.isfinite(got)):
            bad = HUGE[~np.isfinite(got)][0]
            fail(f"sigmoid({bad:g}) returned {got[~np.isfinite(got)][0]}: at large |z| exp overflows; "
                 f"compute exp only of non-positive numbers, e.g. exp(-|z|).")
        # the exact values at |z| >= 50 are 0 or 1 to within 2e-22; any stable formula gets them
        if not np.allclose(got, sigmoid(HUGE), rtol=1e-9, atol=1e-12):
            fail(first_difference("sigmoid", HUGE, got, sigmoid(HUGE)))
    elif warnings:
        fail(f"sigmoid warns at |z| = 1000 ({warnings[0]}): exp(1000) overflows. Compute exp only of "
             f"non-positive numbers, e.g. exp(-|z|); np.where evaluates both branches, so both must be safe.")


@points(2)
@pytest.mark.parametrize("case", VALUE_CASES)
def test_sigmoid_derivative(learner, case):
    Z = case_input(case, 6)
    check_derivative(learner, "sigmoid_derivative", "sigmoid", Z, sigmoid_derivative_models(Z))


@points(1)
@pytest.mark.parametrize("case", FUNCTION_CASES)
def test_tanh(learner, case):
    Z = case_input(case, 7)
    if case == "new float64 array":
        return check_new_float64_array(learner, "tanh", Z)
    check_values(learner, "tanh", Z, tanh(Z), tanh_models(Z))


@points(2)
@pytest.mark.parametrize("case", [*VALUE_CASES, "new float64 array"])
def test_tanh_derivative(learner, case):
    Z = case_input(case, 8)
    if case == "new float64 array":
        return check_new_float64_array(learner, "tanh_derivative", Z)
    check_derivative(learner, "tanh_derivative", "tanh", Z, tanh_derivative_models(Z))


NAMES = ["relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
         "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative"]


@points(1)
@pytest.mark.parametrize("name", NAMES)
def test_activation_function_class(learner, name):
    """The provided class exposes the learner's functions (it is graded once the functions run)."""
    Z = inputs((2, 3), 9)
    own = call(learner, name, Z)
    exposed = call(learner, f"ActivationFunction.{name}", Z)
    if not same_values(exposed, own):
        fail(f"ActivationFunction.{name} does not return what your {name} returns: the provided class "
             f"must expose your functions unchanged (restore its cell).")


# ---------------------------------------------------------------- answer cells
@points(1)
def test_question_sigmoid_max_slope(learner):
    value = learner.get("answer_sigmoid_max_slope")
    if unanswered(value):
        fail("answer_sigmoid_max_slope is not answered yet.")
    number = read_number(value)
    if number is None:
        fail(f"answer_sigmoid_max_slope should be a number such as 0.1 or 1/10 (it is {value!r}).")
    # 1e-3: "0.25", 1/4 and 0.250 are all right; the wrong answers (0.5, 1, 0.2) are far away
    if abs(number - 0.25) <= 1e-3:
        return
    if abs(number - 0.5) <= 1e-3:
        fail("0.5 is sigmoid's value at z = 0, not its slope: the slope s(1 - s) is largest at z = 0, "
             "where it is 0.5 * (1 - 0.5).")
    if abs(number - 1.0) <= 1e-3:
        fail("1 is the largest slope of tanh, not sigmoid: sigmoid's slope s(1 - s) is largest at z = 0, "
             "where s = 0.5.")
    fail(f"{number:g} is not sigmoid's largest slope: the slope s(1 - s) is largest at z = 0, where s = 0.5.")


# The options are stated in source/activations/activations.ipynb (questions 2 and 3); the
# diagnoses below answer each wrong option's misconception.
@points(1)
def test_question_dead_relu(learner):
    letter_answer(learner, "answer_dead_relu", "b", {
        "a": "When z < 0 for every example, relu'(z) is exactly 0 there, not small: no gradient reaches the "
             "unit's weights and bias, so it never recovers by gradient descent.",
        "c": "ReLU never outputs negative values: for z < 0 it outputs 0, and its slope there is 0, so no "
             "gradient reaches the unit's weights and they stop changing.",
        "d": "Its weights do not grow: relu'(z) = 0 for every example, so their gradient is 0 and they stop "
             "changing altogether.",
    })


@points(1)
def test_question_zero_centred(learner):
    letter_answer(learner, "answer_zero_centred", "c", {
        "a": "It is the other way round: sigmoid's outputs lie in (0, 1), around 0.5, so it is not zero-centred; "
             "tanh's lie in (-1, 1) with tanh(0) = 0.",
        "b": "tanh is zero-centred (outputs in (-1, 1), tanh(0) = 0); ReLU is not (its outputs are never negative).",
        "d": "Symmetry of the curve is not enough: sigmoid's outputs lie in (0, 1), around 0.5, so only tanh is "
             "zero-centred.",
    })
