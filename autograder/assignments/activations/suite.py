"""Hidden suite: activations (docs/assignments.md).

Every case is drawn from the run's secret seed (`grading.rng`, see cases.py); every expected value
comes from `maths` (this folder); every derivative is judged by the one gradient checker against
central differences of the trusted function. Learner values are judged as values only: a check
never reads what the learner's process says about itself (its warnings, say), which learner code
could silence. When a check fails, the learner's value is compared with bug models computed here
to name the likely mistake. The answer keys of the questions are not here: they sit in the hidden
test cells of the source notebook.
"""

from __future__ import annotations

import builtins

import numpy as np
import pytest

from autograder.assignments.activations import cases, maths
from autograder.checks import fail, points
from autograder.diagnosis import (
    MODEL_RTOL,
    choice_answer,
    matching_model,
    number_answer,
    same_values,
    scalar_code_mistake,
)
from autograder.gradcheck import (
    RELATIVE_TOLERANCE,
    assert_gradient_close,
    numeric_gradient,
    projection_loss,
    relative_error,
)
from autograder.learner import LearnerError, LearnerFailure, Ref

relu, relu_derivative = maths.ACTIVATIONS["relu"]
leaky_relu, leaky_relu_derivative = maths.ACTIVATIONS["leaky_relu"]
sigmoid, sigmoid_derivative = maths.ACTIVATIONS["sigmoid"]
tanh, tanh_derivative = maths.ACTIVATIONS["tanh"]


# ---------------------------------------------------------------- calling the learner
def raised(error: LearnerError, family: type[BaseException]) -> bool:
    """Whether the learner's exception belongs to `family`, subclasses included (FloatingPointError
    and OverflowError are both ArithmeticError). The sandbox reports the class's name: a built-in
    name is judged by the built-in class's hierarchy; a class of the learner's own never counts."""
    kind = getattr(builtins, error.kind, None)
    return isinstance(kind, type) and issubclass(kind, family)


def error_diagnosis(name: str, error: LearnerError, Z: np.ndarray) -> str:
    if scalar_code_mistake(name, error.message):
        return scalar_code_mistake(name, error.message)
    if raised(error, ArithmeticError) and np.max(np.abs(Z)) > cases.EXP_OVERFLOW:
        # a built-in class's name (see raised): short and plain
        return (f"{name} raised {error.kind} at |z| = {np.max(np.abs(Z)):.4g}: exp of a large number "
                f"overflows. {OVERFLOW_ADVICE.get(name, '')}").rstrip()
    return f"{name}: {error.explain()}"


def as_array(name: str, value, Z: np.ndarray) -> np.ndarray:
    """The learner's value if it is an array of Z's shape; anything else fails with what it is.
    Nothing is computed with a learner array before its shape is known to be Z's."""
    if isinstance(value, np.ndarray) and value.shape == Z.shape:
        return value
    if isinstance(value, np.ndarray) and value.ndim > 0:
        reduction_mistake(name, value, Z)
        fail(f"{name} returned shape {value.shape} for Z of shape {Z.shape}: it must work elementwise "
             f"and keep the shape.")
    if value is None:
        fail(f"{name} returned None: it must return an array of Z's shape (is a `return` missing?).")
    if isinstance(value, list):
        fail(f"{name} returned a Python list: it must return a numpy array of Z's shape (numpy's "
             f"elementwise operations such as np.maximum and np.where return one).")
    if isinstance(value, str):
        fail(f"{name} returned text: it must return an array of Z's shape.")
    reduction_mistake(name, np.asarray(value), Z)
    fail(f"{name} returned a single number: it must return an array of the same shape as Z, "
         f"one value per element.")


def reduction_mistake(name: str, value: np.ndarray, Z: np.ndarray) -> None:
    """np.max(Z, 0) reads like max(0, z) but takes the largest entry along axis 0."""
    reduced = np.max(Z, axis=0)
    if value.shape == reduced.shape and same_values(value, reduced):
        fail(f"{name} uses np.max, which takes the largest value along an axis: use np.maximum(0, Z), "
             f"which compares elementwise.")


def call(learner, name: str, Z: np.ndarray, *args, passed=None, as_returned: bool = False) -> np.ndarray:
    """The learner's name(Z, *args) as a float64 array of Z's shape (`as_returned`: in the dtype it
    came in); `passed` is what to send instead of Z itself (a reference to Z kept on the learner's side)."""
    try:
        value = learner.call(name, Z if passed is None else passed, *args)
    except LearnerError as error:
        if raised(error, NotImplementedError):
            raise  # the plugin says "not implemented yet"
        fail(error_diagnosis(name, error, Z))
    array = as_array(name, value, Z)
    return array if as_returned else array.astype(np.float64)


def call_keeping_input(learner, name: str, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(name(Z) as returned, Z as the learner's code left it): Z is kept on the learner's side,
    passed by reference and read back, so a change made to it in place shows."""
    learner.set("_nnkit_input", Z)
    learner.call("_nnkit_input.copy", store="input")
    got = call(learner, name, Z, passed=Ref("input"), as_returned=True)
    after = learner.get("@input")
    return got, after


# ---------------------------------------------------------------- judging values
# How far a float64 formula may be from the trusted one: see diagnosis.MODEL_RTOL (1e-9 relative,
# 1e-12 absolute; equal formulas written differently agree to ~1e-15).
# A computation in float32 agrees to about 1e-7 relative: it shows between these two.
FLOAT32_RTOL = 1e-5


def first_difference(name: str, Z: np.ndarray, got: np.ndarray, want: np.ndarray, what: str = "") -> str:
    """'relu(-1.5) returned 1.5 but should be 0': the first element that is wrong."""
    wrong = ~np.isclose(got, want, rtol=MODEL_RTOL, atol=1e-12)
    index = tuple(np.argwhere(wrong)[0]) if wrong.any() else tuple(np.zeros(Z.ndim, dtype=int))
    extra = f", {what}" if what else ""
    digits = 6 if f"{got[index]:.6g}" != f"{want[index]:.6g}" else 15  # show where they differ
    return (f"{name}({Z[index]:.6g}{extra}) returned {got[index]:.{digits}g} but should be "
            f"{want[index]:.{digits}g}.")


def value_mistake(name: str, Z: np.ndarray, got: np.ndarray, want: np.ndarray, models: dict, what: str = "") -> str:
    """The diagnosis of finite but wrong values: a bug model, float32 precision, or the first difference."""
    return (matching_model(got, models) or precision_mistake(name, got, want)
            or first_difference(name, Z, got, want, what))


def precision_mistake(name: str, got: np.ndarray, want: np.ndarray) -> str | None:
    if np.allclose(got, want, rtol=FLOAT32_RTOL, atol=1e-7):
        return (f"{name} is right to only about 7 significant digits, float32's precision: compute in "
                f"float64 (do not convert Z or the result to float32).")
    return None


OVERFLOW_ADVICE = {
    "sigmoid": "Take exp only of non-positive numbers, e.g. e = exp(-|z|), with one formula for z >= 0 "
               "(1 / (1 + e)) and one for z < 0 (e / (1 + e)).",
    "sigmoid_derivative": "Compute s = sigmoid(z) with your stable sigmoid and return s * (1 - s), or take "
                          "exp only of non-positive numbers: e = exp(-|z|), e / (1 + e)**2.",
    "tanh": "np.tanh(Z) never overflows; by hand, take exp only of non-positive numbers: with "
            "e = exp(-2|z|), tanh(z) = sign(z) (1 - e) / (1 + e).",
    "tanh_derivative": "Compute t = np.tanh(Z) and return 1 - t**2.",
}


def overflow_diagnosis(name: str, Z: np.ndarray, got: np.ndarray, want: np.ndarray, what: str = "") -> str:
    """NaN or inf where the true value is finite; at large |z| the cause is an overflowing exp."""
    index = tuple(np.argwhere(~np.isfinite(got))[0])
    extra = f", {what}" if what else ""
    said = f"{name}({Z[index]:.6g}{extra}) returned {got[index]} but should be {want[index]:.3g}"
    if abs(Z[index]) < 30:
        return f"{said}: every finite z must give a finite value."
    return (f"{said}: exp of a large number overflowed to inf in your formula (inf / inf and inf - inf "
            f"are NaN). {OVERFLOW_ADVICE.get(name, 'Every finite z must give a finite value.')}")


def check_values(learner, name: str, Z: np.ndarray, expected: np.ndarray, models: dict, *args) -> None:
    got = call(learner, name, Z, *args)
    what = f"alpha={args[0]:.4g}" if args else ""
    if not np.all(np.isfinite(got)):
        fail(overflow_diagnosis(name, Z, got, expected, what))
    if not same_values(got, expected):
        fail(value_mistake(name, Z, got, expected, models, what))


def check_derivative(learner, grading, name: str, function: str, Z: np.ndarray, models: dict, *args) -> None:
    """The learner's derivative against central differences of the trusted function.

    Through a random projection G: d/dZ sum(G * f(Z)) = G * f'(Z), the quantity a layer's
    backward actually uses (dZ = dA * f'(Z)).
    """
    got = call(learner, name, Z, *args)
    if not np.all(np.isfinite(got)):
        fail(overflow_diagnosis(name, Z, got, maths.derivative(function)(Z, *args)))
    G = cases.projection(grading.rng("projection", name, Z.shape), Z.shape)
    trusted, trusted_slope = maths.ACTIVATIONS[function]
    numeric = numeric_gradient(projection_loss(lambda x: trusted(x, *args), G), Z)
    hint = ""
    if relative_error(G * got, numeric) > RELATIVE_TOLERANCE:
        want = trusted_slope(Z, *args)
        hint = (matching_model(got, models)
                or consistent_with_own_function(learner, name, function, Z, got, args)
                or precision_mistake(name, got, want)
                or first_difference(name, Z, got, want, f"alpha={args[0]:.4g}" if args else ""))
    assert_gradient_close(G * got, numeric, what=name, hint=hint)


def consistent_with_own_function(learner, name, function, Z, got, args) -> str | None:
    """When the derivative is the slope of the learner's own (wrong) function, say so.

    Two calls: the functions are elementwise, so (f(Z + h) - f(Z - h)) / 2h is every slope at once.
    """
    h = 1e-6
    try:
        plus = learner.call(function, Z + h, *args)
        minus = learner.call(function, Z - h, *args)
    except LearnerFailure:
        return None
    if not all(isinstance(v, np.ndarray) and v.shape == Z.shape for v in (plus, minus)):
        return None
    own_slope = (plus.astype(np.float64) - minus.astype(np.float64)) / (2 * h)
    # central differences of a smooth function at h = 1e-6: error ~1e-10 absolute on O(1) slopes
    if np.all(np.isfinite(own_slope)) and np.allclose(got, own_slope, rtol=1e-5, atol=1e-6):
        return (f"{name} is the slope of your own {function}, but {function} itself is wrong "
                f"(see test_{function}): fix {function} first.")
    return None


def check_large(learner, name: str, Z: np.ndarray, expected: np.ndarray, models: dict, *args) -> None:
    """At large finite |z| every function here has a finite value: NaN or inf is a mistake.
    Values are compared as everywhere (1e-9 relative, 1e-12 absolute): tiny values' relative
    accuracy is sigmoid's own check. Z holds two ordinary values too (see cases.large)."""
    got = call(learner, name, Z, *args)
    if not np.all(np.isfinite(got)):
        fail(overflow_diagnosis(name, Z, got, expected))
    if not same_values(got, expected):
        fail(value_mistake(name, Z, got, expected, models))


def check_new_float64_array(learner, name: str, Z: np.ndarray, ordinary: np.ndarray, expected: np.ndarray,
                            models) -> None:
    """Returns a new float64 array and leaves Z alone, on every path (Z mixes ordinary and large
    values). The values at the ordinary entries must be right too, so that this case cannot be
    earned by returning zeros; the large entries are the large case's business."""
    got, after = call_keeping_input(learner, name, Z)
    if not (isinstance(after, np.ndarray) and after.shape == Z.shape and np.array_equal(after, Z)):
        fail(f"{name} changed its input Z in place: compute a new array (np.maximum, np.where, "
             f"Z * ..., or Z.copy() first) instead of assigning into Z; the caller still needs Z.")
    if got.dtype != np.float64:
        kind = {"b": "True/False", "i": "integer", "u": "integer"}.get(got.dtype.kind, str(got.dtype))
        fail(f"{name} returns {kind} values ({got.dtype}): return float64, e.g. with .astype(np.float64).")
    z, got, expected = Z[ordinary], got[ordinary], expected[ordinary]
    if not np.all(np.isfinite(got)):
        fail(overflow_diagnosis(name, z, got, expected))
    if not same_values(got, expected):
        fail(value_mistake(name, z, got, expected, models(z)))


# ---------------------------------------------------------------- bug models
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


WRONG_DEFAULT_ALPHAS = (0.1, 0.001, 0.02, 0.2, 0.3, 0.05)


def leaky_models(Z, alpha, default: bool):
    """The mistakes of leaky_relu(Z, alpha); `default`: alpha was not passed (so it is 0.01 and
    ignoring it shows nothing, while a wrong default shows)."""
    models = {
        "leaky_relu gives 0 for negative z, like relu: negative inputs must give alpha * z.":
            lambda: relu(Z),
        "leaky_relu compares z with alpha (np.maximum(alpha, Z)): it must compare with alpha * z.":
            lambda: np.maximum(alpha, Z),
        "leaky_relu returns alpha for negative z: it must return alpha * z.":
            lambda: np.where(Z > 0, Z, alpha),
    }
    if default:
        for wrong in WRONG_DEFAULT_ALPHAS:
            models[f"leaky_relu's default alpha is {wrong:g}: it must be 0.01."] = (
                lambda a=wrong: leaky_relu(Z, a))
    else:
        models["leaky_relu ignores its alpha argument (it always uses 0.01): use the alpha it is given."] = (
            lambda: leaky_relu(Z, 0.01))
    return models


def leaky_derivative_models(Z, alpha, default: bool):
    """As leaky_models, for the derivative."""
    models = {
        "leaky_relu_derivative at z = 0 must be alpha (the convention here): use Z > 0, not Z >= 0.":
            lambda: np.where(Z >= 0, 1.0, alpha),
        "leaky_relu_derivative is 0 for negative z, like relu's: it must be alpha there.":
            lambda: relu_derivative(Z),
        "leaky_relu_derivative returns alpha * z for negative z: the slope of alpha * z is alpha.":
            lambda: np.where(Z > 0, 1.0, alpha * Z),
        "leaky_relu_derivative returns leaky_relu(z) itself: it must be 1 where z > 0 and alpha elsewhere.":
            lambda: leaky_relu(Z, alpha),
    }
    if default:
        for wrong in WRONG_DEFAULT_ALPHAS:
            models[f"leaky_relu_derivative's default alpha is {wrong:g}: it must be 0.01."] = (
                lambda a=wrong: leaky_relu_derivative(Z, a))
    else:
        models["leaky_relu_derivative ignores its alpha argument (it always uses 0.01): use the alpha it is "
               "given."] = lambda: leaky_relu_derivative(Z, 0.01)
    return models


def sigmoid_models(Z):
    return {
        "sigmoid returns exp(-z) / (1 + exp(-z)), which is sigmoid(-z) = 1 - sigmoid(z): the sign of the "
        "exponent is flipped. sigmoid(z) = 1 / (1 + exp(-z)).": lambda: sigmoid(-Z),
        "sigmoid computes tanh: sigmoid(z) = 1 / (1 + exp(-z)).": lambda: np.tanh(Z),
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


# ---------------------------------------------------------------- sigmoid's small values
# In cases.OVERFLOW_BAND sigmoid(z) ~ exp(z) is a subnormal number (1e-315 .. 2e-309), spaced
# 4.9e-324 apart: a stable formula lands within a few of those steps, so 1e-320 (about 2000 steps,
# at most 1e-5 of any value there) absolute on top of MODEL_RTOL passes every stable formula, while
# the mistakes are wrong by the whole value (0) or by factors of 1e4 and more (clipping).
SUBNORMAL_ATOL = 1e-320
# Near 1, float64 numbers are 2.2e-16 apart: a formula that gets a small sigmoid(z) as a difference
# of two numbers near 1 is wrong by up to about that much, absolutely.
CANCELLATION_ATOL = 4.5e-16


def small_value_mistake(Z: np.ndarray, got: np.ndarray, want: np.ndarray) -> str:
    """Why sigmoid's tiny values are wrong: overflow in exp(-z), clipping, or cancellation."""
    with np.errstate(all="ignore"):
        naive = 1.0 / (1.0 + np.exp(-Z))
    if same_values(got, naive, atol=SUBNORMAL_ATOL):
        i = int(np.argmax(Z < -cases.EXP_OVERFLOW))
        return (f"sigmoid({Z[i]:.6g}) returned {got[i]:.3g} but should be {want[i]:.3g}: exp(-z) = "
                f"exp({-Z[i]:.6g}) overflows to inf, so 1 / (1 + inf) gives 0, whether or not a warning "
                f"shows. {OVERFLOW_ADVICE['sigmoid']}")
    clipped = clipping_mistake(Z, got, want)
    if clipped:
        return clipped
    if np.allclose(got, want, rtol=0, atol=CANCELLATION_ATOL):
        i = int(np.argmax(~np.isclose(got, want, rtol=MODEL_RTOL, atol=SUBNORMAL_ATOL)))
        return (f"sigmoid({Z[i]:.6g}) returned {got[i]:.3g} but should be {want[i]:.3g}: your formula gets "
                f"a small sigmoid as the difference of two numbers close to 1 (as 1 + tanh(z/2) or "
                f"1 - sigmoid(-z) do), which loses all its digits. For z < 0 use exp(z) / (1 + exp(z)).")
    return value_mistake("sigmoid", Z, got, want, sigmoid_models(Z))


def clipping_mistake(Z: np.ndarray, got: np.ndarray, want: np.ndarray) -> str | None:
    """sigmoid(clip(z, -c, c)): every z below -c gives sigmoid(-c). Seen from the values: two or
    more entries whose values are all the same sigmoid(z*) with z* well above their own z."""
    positive = (got > 0) & (got < 0.5)
    with np.errstate(all="ignore"):
        implied = np.log(got) - np.log1p(-got)  # the z whose sigmoid is got
    lifted = positive & (implied > Z + 1.0)
    if np.sum(lifted) < 2 or not np.allclose(implied[lifted], implied[lifted][0], rtol=1e-6):
        return None
    i = int(np.argmax(lifted))
    return (f"sigmoid({Z[i]:.6g}) returned {got[i]:.3g}, which is sigmoid({implied[i]:.4g}), but should be "
            f"{want[i]:.3g}: the formula clips z at {implied[i]:.4g}, which changes every value below it, "
            f"and no clipping is needed. {OVERFLOW_ADVICE['sigmoid']}")


# ---------------------------------------------------------------- the graded items
SHAPED = list(cases.SHAPED)
FUNCTION_CASES = [*SHAPED, "large |z|", "new float64 array"]


def draw(grading, test: str, case: str) -> np.ndarray:
    rng = grading.rng(test, case)
    if case in SHAPED:
        return cases.ordinary(rng, cases.shape_for(rng, case))
    if case == "alpha given":
        return cases.ordinary(rng, cases.shape_for(rng, "2-D"))
    if case.endswith("at z = 0"):
        return cases.with_zeros(rng)
    if case == "large |z|":
        return cases.large(rng)
    raise ValueError(f"no input for case {case!r}")


def new_array_case(learner, grading, name: str, function, models) -> None:
    Z, ordinary = cases.mixed(grading.rng(name, "new float64 array"))
    check_new_float64_array(learner, name, Z, ordinary, function(Z), models)


@points(2)
@pytest.mark.parametrize("case", FUNCTION_CASES)
def test_relu(learner, grading, case):
    if case == "new float64 array":
        return new_array_case(learner, grading, "relu", relu, relu_models)
    Z = draw(grading, "relu", case)
    if case == "large |z|":
        return check_large(learner, "relu", Z, relu(Z), relu_models(Z))
    check_values(learner, "relu", Z, relu(Z), relu_models(Z))


@points(2)
@pytest.mark.parametrize("case", [*SHAPED, "at z = 0", "large |z|", "new float64 array"])
def test_relu_derivative(learner, grading, case):
    name = "relu_derivative"
    if case == "new float64 array":
        return new_array_case(learner, grading, name, relu_derivative, relu_derivative_models)
    Z = draw(grading, name, case)
    if case == "at z = 0":
        return check_values(learner, name, Z, relu_derivative(Z), relu_derivative_models(Z))
    if case == "large |z|":
        return check_large(learner, name, Z, relu_derivative(Z), relu_derivative_models(Z))
    check_derivative(learner, grading, name, "relu", Z, relu_derivative_models(Z))


@points(2)
@pytest.mark.parametrize("case", [*FUNCTION_CASES, "alpha given"])
def test_leaky_relu(learner, grading, case):
    name = "leaky_relu"
    if case == "new float64 array":
        return new_array_case(learner, grading, name, leaky_relu, lambda z: leaky_models(z, 0.01, True))
    Z = draw(grading, name, case)
    if case == "alpha given":
        alpha = cases.alpha(grading.rng(name, case, "alpha"))
        return check_values(learner, name, Z, leaky_relu(Z, alpha), leaky_models(Z, alpha, False), alpha)
    if case == "large |z|":
        return check_large(learner, name, Z, leaky_relu(Z), leaky_models(Z, 0.01, True))
    check_values(learner, name, Z, leaky_relu(Z), leaky_models(Z, 0.01, True))


@points(2)
@pytest.mark.parametrize("case", [*SHAPED, "at z = 0", "large |z|", "new float64 array", "alpha given",
                                  "alpha given at z = 0"])
def test_leaky_relu_derivative(learner, grading, case):
    name = "leaky_relu_derivative"
    if case == "new float64 array":
        return new_array_case(learner, grading, name, leaky_relu_derivative,
                              lambda z: leaky_derivative_models(z, 0.01, True))
    Z = draw(grading, name, case)
    given = case.startswith("alpha given")
    args = (cases.alpha(grading.rng(name, case, "alpha")),) if given else ()
    alpha = args[0] if given else 0.01
    models = leaky_derivative_models(Z, alpha, not given)
    if case.endswith("at z = 0"):
        return check_values(learner, name, Z, leaky_relu_derivative(Z, alpha), models, *args)
    if case == "large |z|":
        return check_large(learner, name, Z, leaky_relu_derivative(Z), models)
    check_derivative(learner, grading, name, "leaky_relu", Z, models, *args)


@points(2)
@pytest.mark.parametrize("case", [*SHAPED, "new float64 array"])
def test_sigmoid(learner, grading, case):
    if case == "new float64 array":
        return new_array_case(learner, grading, "sigmoid", sigmoid, sigmoid_models)
    Z = draw(grading, "sigmoid", case)
    check_values(learner, "sigmoid", Z, sigmoid(Z), sigmoid_models(Z))


@points(2)
@pytest.mark.parametrize("case", ["large |z|", "small values"])
def test_sigmoid_is_stable(learner, grading, case):
    """Judged from values alone. Large |z|: every value finite and right (absolutely). Small values:
    where sigmoid(z) is a tiny number (z from -725 to -30) it must be right relatively too; there
    1 / (1 + exp(-z)) gives 0 (exp(-z) overflowed), clipping z gives a far larger number, and a
    difference of two numbers near 1 gives 0 or rounding noise."""
    if case == "large |z|":
        Z = draw(grading, "sigmoid is stable", case)
        return check_large(learner, "sigmoid", Z, sigmoid(Z), sigmoid_models(Z))
    Z = cases.small_sigmoid(grading.rng("sigmoid is stable", case))
    got = call(learner, "sigmoid", Z)
    want = sigmoid(Z)
    if not np.all(np.isfinite(got)):
        fail(overflow_diagnosis("sigmoid", Z, got, want))
    if not same_values(got, want, atol=SUBNORMAL_ATOL):
        fail(small_value_mistake(Z, got, want))


@points(2)
@pytest.mark.parametrize("case", [*SHAPED, "large |z|", "new float64 array"])
def test_sigmoid_derivative(learner, grading, case):
    name = "sigmoid_derivative"
    if case == "new float64 array":
        return new_array_case(learner, grading, name, sigmoid_derivative, sigmoid_derivative_models)
    Z = draw(grading, name, case)
    if case == "large |z|":
        return check_large(learner, name, Z, sigmoid_derivative(Z), sigmoid_derivative_models(Z))
    check_derivative(learner, grading, name, "sigmoid", Z, sigmoid_derivative_models(Z))


@points(1)
@pytest.mark.parametrize("case", FUNCTION_CASES)
def test_tanh(learner, grading, case):
    if case == "new float64 array":
        return new_array_case(learner, grading, "tanh", tanh, tanh_models)
    Z = draw(grading, "tanh", case)
    if case == "large |z|":
        return check_large(learner, "tanh", Z, tanh(Z), tanh_models(Z))
    check_values(learner, "tanh", Z, tanh(Z), tanh_models(Z))


@points(2)
@pytest.mark.parametrize("case", [*SHAPED, "large |z|", "new float64 array"])
def test_tanh_derivative(learner, grading, case):
    name = "tanh_derivative"
    if case == "new float64 array":
        return new_array_case(learner, grading, name, tanh_derivative, tanh_derivative_models)
    Z = draw(grading, name, case)
    if case == "large |z|":
        return check_large(learner, name, Z, tanh_derivative(Z), tanh_derivative_models(Z))
    check_derivative(learner, grading, name, "tanh", Z, tanh_derivative_models(Z))


NAMES = ["relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
         "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative"]


@points(1)
@pytest.mark.parametrize("name", NAMES)
def test_activation_function_class(learner, grading, name):
    """ActivationFunction.<name> returns what the learner's <name> returns, right, and leaves its
    input alone (earned only by functions that work: returning zeros from both earns nothing)."""
    Z, ordinary = cases.mixed(grading.rng("ActivationFunction", name))
    method = f"ActivationFunction.{name}"
    base = name.removesuffix("_derivative")
    function = maths.derivative(base) if name.endswith("_derivative") else maths.activation(base)
    with np.errstate(all="ignore"):
        expected = function(Z)
    exposed, after = call_keeping_input(learner, method, Z)
    exposed = exposed.astype(np.float64)
    if not (isinstance(after, np.ndarray) and after.shape == Z.shape and np.array_equal(after, Z)):
        fail(f"{method} changed its input Z in place: it must compute a new array.")
    own = call(learner, name, Z)
    if not same_values(exposed, own):
        fail(f"{method} does not return what your {name} returns: the provided class must expose your "
             f"functions unchanged (restore its cell).")
    if not (np.all(np.isfinite(own[ordinary])) and same_values(own[ordinary], expected[ordinary])):
        fail(f"{method} returns your {name}, which is not right yet (see test_{name}).")


# ---------------------------------------------------------------- answer cells
# The keys (the right answers and what each wrong one shows) are in the hidden test cells of
# source/activations/activations.ipynb; without them (a learner's check) answers are pending.
@points(1)
def test_question_sigmoid_max_slope(learner, grading):
    number_answer(learner, grading, "test_question_sigmoid_max_slope", "answer_sigmoid_max_slope")


@points(1)
def test_question_dead_relu(learner, grading):
    choice_answer(learner, grading, "test_question_dead_relu", "answer_dead_relu")


@points(1)
def test_question_zero_centred(learner, grading):
    choice_answer(learner, grading, "test_question_zero_centred", "answer_zero_centred")
