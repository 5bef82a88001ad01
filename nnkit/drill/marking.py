"""Marking one typed answer against one posed question: forgiving about notation, strict about content.

`4x3`, `(4, 3)`, `4,3` and `[4 3]` are the same shape; `1/4`, `0.25`, `.25`, `about 0.25` and
`0.25 (at z = 0)` the same number; `b`, `B`, `(b)`, `b) no gradient reaches it` and the text of
option b the same choice, `True.` the option "True".

A short answer is right when every keyword group has one of its alternatives as a word (or word
start: "symmetr" matches "symmetry") that is not negated, and no forbidden word appears. A word
is negated when a "not", "no", "never", "n't", "without", "rather than" or "instead of" stands
before it in the same clause, so "it does not break symmetry, it breaks the gradient" is refused
for "what does random initialisation break?". Common synonyms ("rectified linear unit",
"hyperbolic tangent", "Kaiming") are read as the names the keywords use.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from nnkit.drill.posing import Posed

# Words that say "this does not broadcast / raises" for a shape question whose answer is "error".
ERROR_WORDS = ("error", "valueerror", "fail", "fails", "raise", "raises", "exception", "incompatible",
               "cannot", "can't", "not broadcastable", "does not broadcast", "doesn't broadcast")

# What a person writes -> the name the bank's keywords use. Longest phrases first.
SYNONYMS = (
    ("rectified linear units", "relu"), ("rectified linear unit", "relu"), ("rectifier", "relu"),
    ("hyperbolic tangent", "tanh"), ("logistic function", "sigmoid"), ("logistic sigmoid", "sigmoid"),
    ("kaiming", "he"), ("glorot", "xavier"), ("batch normalization", "batchnorm"),
    ("batch normalisation", "batchnorm"), ("batch norm", "batchnorm"), ("layer normalization", "layernorm"),
    ("layer normalisation", "layernorm"), ("layer norm", "layernorm"), ("normalization", "normalisation"),
    ("skip connection", "residual"), ("shortcut connection", "residual"), ("learning-rate", "learning rate"),
    ("minibatch", "mini-batch"), ("mini batch", "mini-batch"), ("round-off", "rounding"), ("roundoff", "rounding"),
    ("initialization", "initialisation"), ("regularization", "regularisation"), ("centred", "centered"),
)
NEGATORS = ("not", "no", "never", "without", "neither", "nor", "none", "cannot", "rather than", "instead of")
CLAUSE_BREAK = re.compile(r"[.,;:!?()]|\bbut\b|\bwhereas\b|\bwhile\b|\bhowever\b")
NEGATION_WINDOW = 4  # words: "does not really break the symmetry" is still negated


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


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:.6g}"


def shape_text(shape) -> str:
    if shape == "error":
        return "error (the shapes do not broadcast)"
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def expected_text(posed: Posed) -> str:
    if posed.kind == "choice":
        return f"{posed.answer}) {posed.options[letters(len(posed.options)).index(posed.answer)]}"
    if posed.kind == "numeric":
        return number_text(posed.answer)
    if posed.kind == "shape":
        return shape_text(posed.answer)
    return posed.question.example


# ------------------------------------------------------------------ choices
def normalised(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .!;")


def read_choice(text: str, options: tuple[str, ...]) -> str | None:
    """"b", "B", "(b)", "b)", "b) <any text>", "True." or an option's text (nearly) as written -> "b"."""
    lowered = normalised(text)
    texts = [normalised(option) for option in options]
    match = re.fullmatch(r"[(\[]?\s*([a-z])\s*(?:[)\].:]\s*(.*))?", lowered)
    if match and match.group(1) in letters(len(options)):
        rest = match.group(2) or ""
        if rest and rest in texts and texts.index(rest) != letters(len(options)).index(match.group(1)):
            return None  # "b) <the text of c>": which one was meant is not clear
        return match.group(1)
    if lowered in texts:
        return letters(len(options))[texts.index(lowered)]
    close = difflib.get_close_matches(lowered, texts, n=2, cutoff=0.85)
    if len(close) == 1:
        return letters(len(options))[texts.index(close[0])]
    return None


# ------------------------------------------------------------------ numbers
NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:e[-+]?\d+)?|-?\.\d+(?:e[-+]?\d+)?")
LEAD_WORDS = re.compile(r"^(?:about|approx\.?|approximately|roughly|around|circa|ca\.?|it is|it's|is|=|~|≈)\s*")


def read_number(text: str) -> float | None:
    """The one number in `text`: "0.25", "1/4", "~0.25", "0.25 (at z = 0)", "1e-7", "10^-7", "1,048,576 bytes"."""
    cleaned = text.strip().lower().replace("−", "-").replace("×", "x").replace("**", "^")
    cleaned = re.sub(r"\s*[x*]\s*10\s*\^\s*", "e", cleaned)  # 2 x 10^-7 -> 2e-7
    cleaned = re.sub(r"(?<![\d.])10\s*\^\s*\(?\s*(-?\d+)\s*\)?", r"1e\1", cleaned)  # 10^-7 -> 1e-7
    outside = re.sub(r"\([^()]*\)", " ", cleaned)  # a remark in parentheses is not the answer...
    for candidate in (outside, cleaned):  # ...unless the number itself is in them: "(1/4)"
        if "=" in candidate:
            candidate = candidate.rsplit("=", 1)[1]  # "sigma'(0) = 0.25": the value is after the last =
        candidate = LEAD_WORDS.sub("", candidate.strip())
        fraction = re.fullmatch(r"\(?\s*(-?\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*\)?", candidate)
        if fraction:
            try:
                return float(Fraction(fraction.group(1)) / Fraction(fraction.group(2)))
            except ZeroDivisionError:
                return None
        numbers = NUMBER.findall(candidate)
        words = re.sub(NUMBER, " ", candidate)
        if len(numbers) == 1 and not re.search(r"[\d/^]", words):
            try:
                return float(numbers[0].replace(",", ""))
            except ValueError:
                return None
    return None


# ------------------------------------------------------------------ shapes
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


# ------------------------------------------------------------------ words
def with_synonyms(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split())
    for phrase, name in SYNONYMS:
        text = re.sub(rf"(?<![a-z0-9]){re.escape(phrase)}", name, text)
    return text


def negated(clause: str, start: int) -> bool:
    """Whether a negator stands within a few words before position `start` of its clause."""
    before = clause[:start]
    if re.search(r"n't\s+(?:\S+\s+){0,%d}$" % (NEGATION_WINDOW - 1), before):
        return True
    words = before.split()[-NEGATION_WINDOW:]
    window = " ".join(words)
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", window) for word in NEGATORS)


# "symmetry is not broken", "the symmetry isn't broken": a negation right after the word
DENIED_AFTER = re.compile(r"^\w*(?:\s+\w+)?\s+(?:(?:is|are|was|were|does|do|did|has|have|gets|get)\s+(?:not|never)"
                          r"|(?:isn't|aren't|wasn't|weren't|doesn't|don't|didn't|hasn't|haven't))\b")


def affirms(text: str, word: str) -> bool:
    """`word` appears at a word start in some clause of `text` without a negation before it."""
    word = with_synonyms(word)
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(word)}")
    keyword_is_negative = any(re.search(rf"(?<![a-z]){re.escape(n)}(?![a-z])", word) for n in NEGATORS) or "n't" in word
    for clause in CLAUSE_BREAK.split(text):
        for match in pattern.finditer(clause):
            denied = negated(clause, match.start()) or DENIED_AFTER.match(clause[match.start():])
            if keyword_is_negative or not denied:
                return True
    return False


def mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(with_synonyms(word))}", text) is not None


def mark_words(posed: Posed, given: str) -> bool:
    text = with_synonyms(given)
    question = posed.question
    found_all = all(any(affirms(text, word) for word in group) for group in question.keywords)
    # a forbidden answer counts even when hedged ("He or Xavier"), but not when it is denied
    forbidden = [word for word in question.forbid if affirms(text, word)]
    return found_all and not forbidden


def mark(posed: Posed, given: str) -> Mark:
    expected = expected_text(posed)
    if posed.kind == "choice":
        choice = read_choice(given, posed.options)
        if choice is None:
            return Mark(False, expected, f"answer with a letter from a to {letters(len(posed.options))[-1]}")
        return Mark(choice == posed.answer, expected)
    if posed.kind == "numeric":
        number = read_number(given)
        if number is None or not math.isfinite(number):
            return Mark(False, expected, "not a number (write one number, e.g. 0.25, 1/4 or 2e-7)")
        return Mark(abs(number - posed.answer) <= posed.tolerance, expected)
    if posed.kind == "shape":
        shape = read_shape(given)
        if shape is None:
            return Mark(False, expected, "not a shape: write it like (4, 3), 4x3 or 4,3 (or 'error')")
        return Mark(shape == posed.answer, expected)
    if posed.kind == "short":
        return Mark(mark_words(posed, given), expected)
    raise ValueError(f"{posed.id}: a {posed.kind} question is rated by the learner, not marked")
