"""A question as it is put to the learner this time: fresh numbers drawn, options shuffled.

A bank `Question` is a template; `pose(question, rng)` draws its parameters (until `where`
holds), computes the answer from them, fills the numbers into the text and shuffles the
options. Marking, hints and the explanation all read the `Posed` question, so the answer the
drill expects is always the one for the numbers on screen.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from nnkit.drill.bank import BankError, Question
from nnkit.drill.expressions import ExpressionError, evaluate

MAX_DRAWS = 1000
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)(?::([^{}]+))?\}")


@dataclass(frozen=True)
class Posed:
    question: Question
    prompt: str
    explanation: str
    hints: tuple[str, ...]
    options: tuple[str, ...] = ()  # in the order shown
    answer: object = None  # a letter of the shown order, a number, a shape tuple or "error"
    tolerance: float = 0.0
    given: dict = field(default_factory=dict)  # name -> shape, for shape questions
    values: dict = field(default_factory=dict)  # the drawn parameters (and derived values)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def topic(self) -> str:
        return self.question.topic


def fill(text: str, values: dict) -> str:
    """`{name}` and `{name:.3f}` replaced by drawn values; any other brace (LaTeX groups) left alone."""
    def replace(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2)
        if name not in values:
            return match.group(0)
        value = values[name]
        if spec:
            return format(value, spec)
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, tuple):
            return "(" + ", ".join(str(n) for n in value) + ("," if len(value) == 1 else "") + ")"
        return str(value)

    return PLACEHOLDER.sub(replace, text)


def draw(question: Question, rng: random.Random) -> dict:
    """Values for the question's parameters (in name order, so a seed gives the same draw) and
    its derived names."""
    for _ in range(MAX_DRAWS):
        values: dict = {name: rng.choice(question.params[name]) for name in sorted(question.params)}
        try:
            if question.where and not evaluate(question.where, values):
                continue
            for name, expression in question.derive.items():
                values[name] = evaluate(expression, values)
        except ExpressionError as error:
            raise BankError(f"{question.id}: {error}") from None
        return values
    raise BankError(f"{question.id}: no draw of {MAX_DRAWS} met `where = {question.where}`")


def shape_of(value) -> tuple[int, ...] | str:
    if value == "error":
        return "error"
    return tuple(int(n) for n in value)


def pose(question: Question, rng: random.Random) -> Posed:
    values = draw(question, rng) if question.parameterised else {}
    answer = question.answer
    given = dict(question.given)
    try:
        if question.parameterised:
            answer = evaluate(answer, values) if isinstance(answer, str) and question.kind != "choice" else answer
            given = {name: evaluate(shape, values) if isinstance(shape, str) else shape for name, shape in given.items()}
    except ExpressionError as error:
        raise BankError(f"{question.id}: {error}") from None
    options: tuple[str, ...] = ()
    tolerance = 0.0
    if question.kind == "choice":
        order = list(range(len(question.options)))
        rng.shuffle(order)
        options = tuple(fill(question.options[index], values) for index in order)
        answer = "abcdefghij"[order.index("abcdefghij".index(question.answer))]
    elif question.kind == "numeric":
        answer = float(answer)
        tolerance = max(question.tolerance, question.relative * abs(answer))
    elif question.kind == "shape":
        answer = shape_of(answer)
        given = {name: shape_of(shape) for name, shape in given.items()}
    return Posed(question=question, prompt=fill(question.prompt, values), explanation=fill(question.explanation, values),
                 hints=tuple(fill(hint, values) for hint in question.hints), options=options, answer=answer,
                 tolerance=tolerance, given=given, values=values)


def question_rng(seed: int | None, question_id: str) -> random.Random:
    """The draw for one question in a session: reproducible from --seed, fresh without it."""
    return random.Random(f"{seed}:{question_id}") if seed is not None else random.Random()
