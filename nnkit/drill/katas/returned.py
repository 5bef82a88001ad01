"""What a kata's checks expect a learner's function to return, checked with a diagnosis."""

from __future__ import annotations

import numpy as np

from autograder.checks import fail


def array(value, what: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """`value` as a float64 array, after failing with a diagnosis if it is not one of `shape`."""
    if not isinstance(value, np.ndarray):
        fail(f"{what} returned a {type(value).__name__}: a numpy array was expected.")
    if shape is not None and value.shape != shape:
        fail(f"{what} returned shape {value.shape}; expected {shape}.")
    if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        fail(f"{what} returned NaN or infinity.")
    return value.astype(np.float64)


def number(value, what: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = float(value.reshape(()))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(f"{what} returned a {type(value).__name__}: a number was expected.")
    if not np.isfinite(value):
        fail(f"{what} returned {value}: a finite number was expected.")
    return float(value)


def parts(value, what: str, count: int) -> list:
    """A returned tuple (it crosses the sandbox as a list) of exactly `count` parts."""
    if not isinstance(value, list) or len(value) != count:
        got = f"{len(value)} values" if isinstance(value, list) else f"a {type(value).__name__}"
        fail(f"{what} returned {got}; it should return {count} values (a tuple).")
    return value
