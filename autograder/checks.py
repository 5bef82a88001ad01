"""What a suite uses to state a graded item and a diagnosis."""

from __future__ import annotations

import pytest

_measurements: list[dict] = []


def measure(what: str, value: float, threshold: float | None = None) -> None:
    """Record a number worth showing in feedback (e.g. a gradient check's relative error)."""
    _measurements.append({"what": what, "value": float(value), "threshold": threshold})


def take_measurements() -> list[dict]:
    """The measurements recorded since the last call (the plugin calls this after each case)."""
    taken = list(_measurements)
    _measurements.clear()
    return taken


class Mistake(AssertionError):
    """A failed check; its message is the diagnosis the learner reads."""


def fail(diagnosis: str) -> None:
    """Fail the current case with a diagnosis in one or two plain sentences."""
    __tracebackhide__ = True
    raise Mistake(diagnosis)


class Pending(Exception):
    """A graded item this run cannot judge (a question without its answer key); its message
    tells the learner what was recorded."""


def pending(message: str) -> None:
    """Leave the current case to be graded on submission (e.g. `check` has no answer keys)."""
    __tracebackhide__ = True
    raise Pending(message)


def points(value: float):
    """The points of a graded item; a parametrized item splits them equally between its cases."""
    return pytest.mark.points(float(value))
