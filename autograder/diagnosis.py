"""Naming the most likely mistake, and reading the learner's free-form answers.

Bug models are computed here, in the trusted process: a suite predicts what each typical mistake
would have returned and, when the learner's value fails a check, names the first model it
matches. Nothing here decides a score; the suites do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from autograder.checks import fail, pending
from autograder.learner_text import shown_repr

# Two float64 computations of the same formula written differently (exp(-z)/(1+exp(-z)) versus
# 1/(1+exp(z)), tanh versus 2*sigmoid(2z)-1) agree to a few ulps, about 1e-15 relative. The
# mistakes the models describe move values by 1e-3 or more. 1e-9 relative / 1e-12 absolute sits
# between the two with many orders of magnitude to spare on both sides.
MODEL_RTOL = 1e-9
MODEL_ATOL = 1e-12


def same_values(observed: Any, predicted: Any, rtol: float = MODEL_RTOL, atol: float = MODEL_ATOL) -> bool:
    """Equal shapes and equal numbers up to float64 rounding (NaNs in the same places count as equal)."""
    try:
        observed = np.asarray(observed, dtype=np.float64)
        predicted = np.asarray(predicted, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if observed.shape != predicted.shape:
        return False
    return bool(np.allclose(observed, predicted, rtol=rtol, atol=atol, equal_nan=True))


def matching_model(observed: Any, models: Mapping[str, Callable[[], Any] | Any],
                   rtol: float = MODEL_RTOL, atol: float = MODEL_ATOL) -> str | None:
    """The diagnosis of the first bug model that predicts `observed`, or None.

    `models` maps a diagnosis (one or two plain sentences) to the value that mistake produces,
    or to a function computing it lazily; a model that cannot be computed is skipped.
    """
    for diagnosis, predicted in models.items():
        if callable(predicted):
            try:
                with np.errstate(all="ignore"):
                    predicted = predicted()
            except (ArithmeticError, ValueError, TypeError, IndexError):
                continue
        if same_values(observed, predicted, rtol, atol):
            return diagnosis
    return None


# ---------------------------------------------------------------- answer cells
# Learners type answers by hand: "b", "B", " (b) ", "b)", 1/4, "0.25", True, "yes". Each reader
# returns the normalised answer, or None when the value cannot be read as that kind of answer.

# a letter alone, or a letter closed by ")", "]", "." or ":" and then anything (the option's text)
_LETTER = re.compile(r"^[\(\[]?\s*([a-z])\s*(?:[\)\]\.:].*)?$", re.DOTALL)


def read_letter(value: Any) -> str | None:
    """'b', 'B', ' b ', '(b)', 'b)', 'b.', 'b) no gradient reaches it' -> 'b'; 'all of them' -> None."""
    if not isinstance(value, str):
        return None
    match = _LETTER.match(value.strip().lower())
    return match.group(1) if match else None


# a number or a fraction, then perhaps a remark in brackets or in words: "0.25 (at z = 0)", "1/4 at z=0"
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?:\s*/\s*\d+)?)\.?\s*(?:[(\[,;].*|[a-z].*)?$",
                     re.DOTALL | re.IGNORECASE)


def read_number(value: Any) -> float | None:
    """0.25, 1/4 (already a float), '0.25', ' 1/4 ', '0.25 (at z = 0)' -> 0.25."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.number)):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    if isinstance(value, str):
        match = _NUMBER.match(value[:200])
        # "0.25 or 0.5" is two answers, not one with a remark
        if match is None or re.search(r"\b(or|and)\b", value[match.end(1):], re.IGNORECASE):
            return None
        try:
            return float(Fraction(match.group(1).replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            return None
    return None


_TRUE_WORDS = {"true", "yes", "y", "t"}
_FALSE_WORDS = {"false", "no", "n", "f"}
# a yes/no word alone, or closed by punctuation and then anything: "True.", "no!", "No, it does not"
# (but "true or false" is no answer)
_BOOL = re.compile(r"^([a-z]+)\s*(?:[\.!,;:\)\-].*)?$", re.DOTALL)


def read_bool(value: Any) -> bool | None:
    """True, 'True', 'True.', 'yes', 'Yes, because...', 1 -> True; False, 'false', 'no', 0 -> False."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        match = _BOOL.match(value.strip().lower())
        word = match.group(1) if match else None
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def unanswered(value: Any) -> bool:
    """The template's placeholders: None, '', '...'."""
    return value is None or (isinstance(value, str) and value.strip() in ("", "...", "?"))


# ---------------------------------------------------------------- graded questions
def number_answer(learner, grading, test: str, cell: str) -> None:
    """Grade a numeric answer cell against the run's answer key for `test`.

    The key (instructor's side, in the hidden test cell) is {"answer": number, "tolerance": how far
    a right answer may be, "why": {"wrong number": the misconception it shows}, "otherwise": what
    any other wrong number is told}. Without a key (a learner's `check`) a readable answer is
    recorded and left to be graded on submission."""
    value = learner.get(cell)
    if unanswered(value):
        fail(f"{cell} is not answered yet.")
    number = read_number(value)
    if number is None or not math.isfinite(number):
        fail(f"{cell} should be a number such as 0.1 or 1/10, or a fraction in quotes such as \"1/10\".")
    key = grading.key(test)
    if key is None:
        pending(f"{cell} = {number:g} is recorded: questions are graded when you submit.")
    tolerance = float(key.get("tolerance", 0.0))
    if abs(number - float(key["answer"])) <= tolerance:
        return
    for wrong, why in key.get("why", {}).items():
        if abs(number - float(wrong)) <= tolerance:
            fail(why)
    fail(f"{number:g} is not right. {key.get('otherwise', '')}".rstrip())


def choice_answer(learner, grading, test: str, cell: str, options: str = "abcd") -> None:
    """Grade a multiple-choice answer cell against the run's answer key for `test`.

    The key (instructor's side, in the hidden test cell) is {"answer": letter, "why": {letter:
    the misconception that option holds}}. Without a key (a learner's `check`) a readable answer
    is recorded and left to be graded on submission."""
    value = learner.get(cell)
    if unanswered(value):
        fail(f"{cell} is not answered yet.")
    letter = read_letter(value)
    if letter is None or letter not in options:
        fail(f"{cell} should be one letter, {options[0]} to {options[-1]} (it is {shown_repr(value)}).")
    key = grading.key(test)
    if key is None:
        pending(f'{cell} = "{letter}" is recorded: questions are graded when you submit.')
    if letter != key["answer"]:
        fail(key.get("why", {}).get(letter) or f"{cell}: option {letter} is not the right one.")


def bool_answer(learner, grading, test: str, cell: str) -> None:
    """Grade a True/False answer cell against the run's answer key for `test`, {"answer": True or
    False, "why": the explanation a wrong answer gets}; pending without a key, as choice_answer."""
    value = learner.get(cell)
    if unanswered(value):
        fail(f"{cell} is not answered yet.")
    answer = read_bool(value)
    if answer is None:
        fail(f"{cell} should be True or False (it is {shown_repr(value)}).")
    key = grading.key(test)
    if key is None:
        pending(f"{cell} = {answer} is recorded: questions are graded when you submit.")
    if answer != key["answer"]:
        fail(key.get("why") or f"{cell}: {answer} is not the right answer.")


# ---------------------------------------------------------------- errors of scalar code
def scalar_code_mistake(name: str, message: str) -> str | None:
    """Errors that mean elementwise code was written for one number, not for arrays."""
    if "converted to Python scalars" in message:
        return (f"{name} uses a function from the math module (or float()), which works on one number "
                f"only: use numpy (np.exp, np.tanh, np.maximum, np.where), which works elementwise on arrays.")
    if "truth value of an array" in message:
        return (f"{name} uses Python's `if`, `max` or `min` on a whole array, which only works for one "
                f"number: use np.where or np.maximum, which work elementwise.")
    return None
