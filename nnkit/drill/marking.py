"""Marking one typed answer against one question: forgiving about notation, strict about content.

`4x3`, `(4, 3)`, `4,3` and `[4 3]` are the same shape; `1/4`, `0.25` and `.25` the same number;
`b`, `B`, `(b)` and `b)` the same choice. A short answer is right when every keyword group has
one of its alternatives as a word (or word start: "symmetr" matches "symmetry") and no forbidden
word appears.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from nnkit.drill.bank import Question

# Words that say "this does not broadcast / raises" for a shape question whose answer is "error".
ERROR_WORDS = ("error", "valueerror", "fail", "fails", "raise", "raises", "exception", "incompatible",
               "cannot", "can't", "not broadcastable", "does not broadcast", "doesn't broadcast")


@dataclass(frozen=True)
class Mark:
    correct: bool
    expected: str  # the right answer as a learner would write it
    note: str = ""  # why an answer could not be read (e.g. "not a number"); empty when it was read

    @property
    def readable(self) -> bool:
        return not self.note


def letters(count: int) -> str:
    return "abcdefghij"[:count]


def expected_text(question: Question) -> str:
    if question.kind == "choice":
        index = letters(len(question.options)).index(question.answer)
        return f"{question.answer}) {question.options[index]}"
    if question.kind == "numeric":
        value = float(question.answer)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    if question.kind == "shape":
        if question.answer == "error":
            return "error (the shapes do not broadcast)"
        return "(" + ", ".join(str(n) for n in question.answer) + ("," if len(question.answer) == 1 else "") + ")"
    return question.example


def read_choice(text: str, options: tuple[str, ...]) -> str | None:
    """"b", "B", "(b)", "b)", "b) <the option's text>" or the option's text itself -> "b"."""
    lowered = " ".join(text.lower().split())
    match = re.fullmatch(r"[(\[]?\s*([a-z])\s*(?:[)\].:]\s*(.*))?", lowered)
    if match and match.group(1) in letters(len(options)):
        return match.group(1)
    for letter, option in zip(letters(len(options)), options):
        if lowered == " ".join(option.lower().split()):
            return letter
    return None


def read_number(text: str) -> float | None:
    cleaned = text.strip().lstrip("~≈=").strip().replace(" ", "").replace("−", "-")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", cleaned):  # 1,048,576: thousands separators
        cleaned = cleaned.replace(",", "")
    try:
        return float(Fraction(cleaned)) if "/" in cleaned else float(cleaned)
    except (ValueError, ZeroDivisionError):
        return None


def read_shape(text: str) -> tuple[int, ...] | str | None:
    """A shape as a tuple of ints, "error" for a broadcasting error, None if unreadable."""
    lowered = text.strip().lower()
    if any(re.search(rf"(?<![a-z]){re.escape(word)}", lowered) for word in ERROR_WORDS):
        return "error"
    if lowered in ("scalar", "a scalar", "()"):
        return ()
    if not re.fullmatch(r"[\s\[\](),x×*by\d]*", lowered):
        return None
    numbers = re.findall(r"\d+", lowered)
    if not numbers and not re.search(r"\(\s*\)|\[\s*\]", lowered):
        return None
    return tuple(int(n) for n in numbers)


def has_word(text: str, word: str) -> bool:
    # a keyword matches at a word start, so "symmetr" finds "symmetry" but "he" never finds "the"
    return re.search(rf"(?<![a-z0-9]){re.escape(word.lower())}", text) is not None


def mark(question: Question, given: str) -> Mark:
    expected = expected_text(question)
    if question.kind == "choice":
        choice = read_choice(given, question.options)
        if choice is None:
            return Mark(False, expected, f"answer with a letter from a to {letters(len(question.options))[-1]}")
        return Mark(choice == question.answer, expected)
    if question.kind == "numeric":
        number = read_number(given)
        if number is None or not math.isfinite(number):
            return Mark(False, expected, "not a number")
        return Mark(abs(number - float(question.answer)) <= question.tolerance, expected)
    if question.kind == "shape":
        shape = read_shape(given)
        if shape is None:
            return Mark(False, expected, "not a shape: write it like (4, 3), 4x3 or 4,3 (or 'error')")
        answer = "error" if question.answer == "error" else tuple(question.answer)
        return Mark(shape == answer, expected)
    text = given.lower()
    found_all = all(any(has_word(text, word) for word in group) for group in question.keywords)
    forbidden = [word for word in question.forbid if has_word(text, word)]
    return Mark(found_all and not forbidden, expected)
