"""Trusted maths of the gradcheck assignment.

The functions and layers handed to learner code are made in the child by
`autograder.sandbox.child.TRUSTED_MAKERS` (as `Fn(kind, *params)`); here the very same makers
evaluate them in the trusted process, next to their exact gradients. What a correct checker
reports is computed with the kit's own checker, `autograder.gradcheck` (float64 central
differences and the norm-based relative error): never a second copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograder.gradcheck import numeric_gradient, relative_error
from autograder.learner import Fn
from autograder.sandbox.child import TRUSTED_FUNCTIONS, TRUSTED_MAKERS

PARAMETERS = ("dW", "db", "dA_prev")


# ---------------------------------------------------------------- functions of an array
@dataclass(frozen=True, eq=False)
class FunctionCase:
    """One call numerical_gradient(f, x[, epsilon]): f is Fn(kind, *params), made in the child."""

    name: str
    kind: str  # "projected" or "quadratic" (TRUSTED_MAKERS)
    params: tuple
    x: np.ndarray
    epsilon: float | None = None  # None: the learner's default (1e-6)

    def fn(self, keep: str | None = None) -> Fn:
        return Fn(self.kind, *self.params, keep=keep)

    def function(self):
        """The same function, made here."""
        return TRUSTED_MAKERS[self.kind](*self.params)

    @property
    def step(self) -> float:
        return 1e-6 if self.epsilon is None else self.epsilon

    def exact_gradient(self) -> np.ndarray:
        v = self.x.reshape(-1)
        if self.kind == "projected":
            activation, M, c, w, _ = self.params
            slope = TRUSTED_FUNCTIONS[f"{activation}_derivative"](M @ v + c)
            return (M.T @ (w * slope)).reshape(self.x.shape)
        M, c = self.params
        return (0.5 * (M + M.T) @ v + c.reshape(-1)).reshape(self.x.shape)

    def describe(self) -> str:
        what = {"projected": f"sum(w * {self.params[0]}(M @ x.ravel() + c))",
                "quadratic": "0.5 * x.ravel() @ M @ x.ravel() + c.ravel() @ x.ravel()"}[self.kind]
        step = "" if self.epsilon is None else f", epsilon={self.epsilon:.3g}"
        return f"f(x) = {what} with x of shape {self.x.shape}{step}"


def central_differences(case: FunctionCase, epsilon: float | None = None) -> np.ndarray:
    """What a correct numerical_gradient returns, by the kit's checker (float64, two-sided)."""
    return numeric_gradient(case.function(), case.x, eps=case.step if epsilon is None else epsilon)


# ---------------------------------------------------------------- layers
@dataclass(frozen=True, eq=False)
class LayerCase:
    """One call check_layer(layer, A_prev, dA, epsilon) with layer = Fn("dense_layer", ...)."""

    name: str
    activation: str
    W: np.ndarray
    b: np.ndarray
    A_prev: np.ndarray
    dA: np.ndarray
    derivative: str = ""  # "" : the activation's own derivative
    derivative_at: str = "Z"
    scales: tuple[float, float, float] = (1.0, 1.0, 1.0)
    epsilon: float = 1e-6
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def m(self) -> int:
        return self.A_prev.shape[1]

    @property
    def derivative_name(self) -> str:
        return self.derivative or f"{self.activation}_derivative"

    def layer_arguments(self) -> tuple:
        return (self.W, self.b, self.activation, self.derivative_name, self.derivative_at, list(self.scales))

    def fn(self, keep: str | None = None) -> Fn:
        return Fn("dense_layer", *self.layer_arguments(), keep=keep)

    def describe(self) -> str:
        n_out, n_in = self.W.shape
        return f"a {self.activation} layer of {n_in} inputs and {n_out} units, m = {self.m} examples"

    # what the layer's backward gives, the true gradients, and what a correct checker reports
    def analytic(self) -> dict[str, np.ndarray]:
        if "analytic" not in self.cache:
            layer = TRUSTED_MAKERS["dense_layer"](*self.layer_arguments())
            layer.forward(self.A_prev)
            dA_prev = layer.backward(self.dA)
            self.cache["analytic"] = {"dW": layer.dW, "db": layer.db, "dA_prev": dA_prev}
        return self.cache["analytic"]

    def exact(self) -> dict[str, np.ndarray]:
        Z = self.W @ self.A_prev + self.b
        dZ = self.dA * TRUSTED_FUNCTIONS[f"{self.activation}_derivative"](Z)
        return {"dW": dZ @ self.A_prev.T / self.m, "db": np.sum(dZ, axis=1, keepdims=True) / self.m,
                "dA_prev": self.W.T @ dZ}

    def output_sum(self, W=None, b=None, A_prev=None) -> float:
        """sum(A * dA): its gradient in A_prev is dA_prev; divided by m, in W and b it is dW and db."""
        W = self.W if W is None else W
        b = self.b if b is None else b
        A_prev = self.A_prev if A_prev is None else A_prev
        return float(np.sum(TRUSTED_FUNCTIONS[self.activation](W @ A_prev + b) * self.dA))

    def numeric(self, epsilon: float | None = None) -> dict[str, np.ndarray]:
        """Central differences of the loss, the kit's checker, at this case's epsilon."""
        eps = self.epsilon if epsilon is None else epsilon
        key = ("numeric", eps)
        if key not in self.cache:
            self.cache[key] = {
                "dW": numeric_gradient(lambda W: self.output_sum(W=W) / self.m, self.W, eps),
                "db": numeric_gradient(lambda b: self.output_sum(b=b) / self.m, self.b, eps),
                "dA_prev": numeric_gradient(lambda A: self.output_sum(A_prev=A), self.A_prev, eps),
            }
        return self.cache[key]

    def reported(self, epsilon: float | None = None) -> dict[str, float]:
        """What a correct check_layer returns: the relative error of each of backward's gradients."""
        analytic, numeric = self.analytic(), self.numeric(epsilon)
        return {name: relative_error(analytic[name], numeric[name]) for name in PARAMETERS}

    def wrong(self) -> tuple[str, ...]:
        """The gradients this layer's backward gets wrong (beyond rounding)."""
        analytic, exact = self.analytic(), self.exact()
        return tuple(name for name in PARAMETERS if relative_error(analytic[name], exact[name]) > 1e-12)
