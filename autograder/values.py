"""The one gate a learner's array passes before any arithmetic touches it.

A learner's value is whatever their code returned: numpy broadcasts a returned W of shape
(5_000_000, 1, 1) against the expected (3, 2) into 30 million numbers, and every bug model
computed from it multiplies that, until the grader holds gigabytes. So a suite checks the exact
dtype kind and the exact shape first, with `learner_array`, and only does arithmetic on what it
returns: a float64 copy of exactly the expected shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks import fail
from autograder.learner_text import shown_repr

KIND_NAMES = {"b": "booleans", "i": "integers", "u": "unsigned integers", "f": "floats"}


def learner_array(value: Any, what: str, shape: tuple[int, ...], *, kinds: str = "biuf",
                  finite: bool = False) -> np.ndarray:
    """`value` as a float64 array of exactly `shape`, or `fail()` with a diagnosis naming what was
    found and what was expected.

    `what` names the value for the learner ("forward's A", "dA_prev"); `kinds` are the numpy dtype
    kinds accepted (booleans by default too: `Z > 0` is a correct ReLU derivative); `finite=True`
    also refuses NaN and infinity. Python numbers count as arrays of shape (). No broadcasting,
    no reshaping: (3,) is not (3, 1), and (2, 3) is not (3, 2).
    """
    expected = tuple(int(n) for n in shape)
    if value is None:
        fail(f"{what} is None: did you forget a return statement?")
    if isinstance(value, (bool, int, float, np.generic)):
        value = np.asarray(value)
    if isinstance(value, (list, tuple)):
        fail(f"{what} is a {type(value).__name__} of {len(value)} values, not a numpy array of shape {expected}.")
    if type(value) is not np.ndarray:
        fail(f"{what} is a {type(value).__name__} ({shown_repr(value, 60)}), not a numpy array of shape {expected}.")
    if value.dtype.kind not in kinds:
        wanted = " or ".join(KIND_NAMES.get(kind, kind) for kind in kinds)
        fail(f"{what} has dtype {value.dtype}: it must hold {wanted}.")
    if value.shape != expected:
        fail(f"{what} has shape {value.shape} but must have shape {expected}{shape_hint(value.shape, expected)}.")
    array = value.astype(np.float64, copy=True)
    if finite and not np.isfinite(array).all():
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        fail(f"{what} contains NaN or infinity ({bad} of its {array.size} values).")
    return array


def shape_hint(found: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """The usual reason for a wrong shape, when the two shapes suggest one."""
    if len(found) == 2 and found == expected[::-1] and found != expected:
        return " (it looks transposed)"
    if len(expected) == 2 and expected[1] == 1 and found == expected[:1]:
        return " (a sum or mean lost its column axis: use keepdims=True)"
    if int(np.prod(found, dtype=np.float64)) == int(np.prod(expected, dtype=np.float64)):
        return " (the right number of values, arranged differently)"
    return ""
