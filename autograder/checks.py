"""What a suite uses to state a graded item and a diagnosis."""

from __future__ import annotations

import pytest


class Mistake(AssertionError):
    """A failed check; its message is the diagnosis the learner reads."""


def fail(diagnosis: str) -> None:
    """Fail the current case with a diagnosis in one or two plain sentences."""
    __tracebackhide__ = True
    raise Mistake(diagnosis)


def points(value: float):
    """The points of a graded item; a parametrized item splits them equally between its cases."""
    return pytest.mark.points(float(value))
