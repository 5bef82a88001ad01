"""autograder.values.learner_array: the gate a learner's array passes before any arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import Mistake
from autograder.values import learner_array


def diagnosis(value, shape, **options) -> str:
    with pytest.raises(Mistake) as mistake:
        learner_array(value, "dW", shape, **options)
    return str(mistake.value)


@pytest.mark.parametrize("value", [np.arange(6.0).reshape(2, 3), np.arange(6).reshape(2, 3),
                                   np.arange(6, dtype=np.float32).reshape(2, 3), np.ones((2, 3), dtype=bool)],
                         ids=["float64", "int", "float32", "bool"])
def test_the_exact_shape_passes_as_an_owned_float64_copy(value):
    array = learner_array(value, "dW", (2, 3))
    assert array.dtype == np.float64 and array.shape == (2, 3)
    np.testing.assert_array_equal(array, value.astype(np.float64))
    assert not np.shares_memory(array, value)


def test_numbers_are_arrays_of_shape_nothing():
    assert learner_array(0.25, "the slope", ()) == 0.25
    assert learner_array(np.float64(2.0), "the loss", ()).shape == ()
    assert "shape ()" in diagnosis(np.zeros(1), ())


@pytest.mark.parametrize("found, expected, words", [
    ((5_000_000, 1, 1), (3, 2), "shape (5000000, 1, 1) but must have shape (3, 2)"),  # broadcasts: refused
    ((1, 2), (3, 2), "shape (1, 2) but must have shape (3, 2)"),
    ((2, 3), (3, 2), "transposed"),
    ((4,), (4, 1), "keepdims=True"),
    ((6,), (3, 2), "arranged differently"),
    ((3, 2, 1), (3, 2), "shape (3, 2, 1)"),
])
def test_any_other_shape_is_refused_before_arithmetic(found, expected, words):
    # np.broadcast_to allocates nothing: the (5e6, 1, 1) case costs no memory here either
    assert words in diagnosis(np.broadcast_to(np.zeros(1), found), expected)


@pytest.mark.parametrize("value, words", [
    (None, "None: did you forget a return statement"),
    ([[1.0, 2.0]], "a list of 1 values, not a numpy array of shape (1, 2)"),
    ("0.5", "a str ('0.5'), not a numpy array"),
    (np.array([["a", "b"]]), "dtype <U1: it must hold booleans or integers"),
    (np.ones((1, 2), dtype=complex), "dtype complex128"),
])
def test_what_is_not_an_array_of_numbers_is_named(value, words):
    assert words in diagnosis(value, (1, 2))


def test_kinds_and_finiteness_on_request():
    assert "it must hold floats" in diagnosis(np.ones((1, 2), dtype=bool), (1, 2), kinds="f")
    assert "NaN or infinity (2 of its 3 values)" in diagnosis(np.array([np.nan, 1.0, np.inf]), (3,), finite=True)
    assert np.isnan(learner_array(np.array([np.nan]), "A", (1,))).all()  # allowed unless asked


def test_a_huge_value_is_described_briefly():
    assert len(diagnosis({"W": "x" * 1_000_000}, (2,))) < 200
    message = diagnosis(["x" * 10_000] * 1_500, (2,))
    assert len(message) < 200 and "1500 values" in message
