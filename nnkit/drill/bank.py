"""The question bank: one TOML file per topic in `nnkit/drill/bank/`, read with stdlib tomllib.

A topic file holds `topic`, `title` and a list of `[[question]]` tables. Every question has
`id`, `kind`, `prompt`, `explanation`, one or two `hints` (steps towards the answer, shown on
request before it) and what its kind needs:

| kind      | fields                                                                          |
| --------- | ------------------------------------------------------------------------------- |
| `choice`  | `options` (list of str, shuffled each time they are shown), `answer` (the       |
|           | letter of the right option in the listed order)                                 |
| `numeric` | `answer`, `tolerance` (absolute) and/or `relative`, `recompute` (numpy)         |
| `shape`   | `answer` (list of ints, or "error"), `given` (name -> shape), `recompute`       |
| `short`   | `keywords` (groups of alternatives, every group must appear, not negated),      |
|           | `forbid`, `example` (a model answer), `wrong` (must be refused), `right`        |
|           | (other phrasings that must be accepted)                                         |
| `recall`  | `example`: free text no program can mark; the model answer is shown and the     |
|           | learner rates themselves                                                        |

A parameterised question also has `params` (name -> the values to draw from), optionally
`where` (a condition the draw must meet) and `derive` (name -> expression over the params);
its `answer` (and a shape question's `given` shapes) are then expressions over those names
(see expressions.py), and `{name}` or `{name:.3f}` in its text shows a drawn value.

`recompute` is never read by the drill: the tests evaluate it with numpy to prove `answer` right.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

BANK_DIR = Path(__file__).parent / "bank"
KINDS = ("choice", "numeric", "shape", "short", "recall")

REQUIRED = {
    "choice": ("options", "answer"),
    "numeric": ("answer", "recompute"),
    "shape": ("answer", "given", "recompute"),
    "short": ("keywords", "example", "wrong"),
    "recall": ("example",),
}
FIELDS = {"kind", "id", "prompt", "explanation", "hints", "answer", "options", "tolerance", "relative", "given",
          "recompute", "keywords", "forbid", "example", "wrong", "right", "params", "where", "derive"}


class BankError(ValueError):
    """A bank file breaks the schema above (a defect in nnkit's data, not the user's input)."""


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    kind: str
    prompt: str
    explanation: str
    hints: tuple[str, ...] = ()
    answer: object = None
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    relative: float = 0.0
    given: dict = field(default_factory=dict)
    recompute: str = ""
    keywords: tuple[tuple[str, ...], ...] = ()
    forbid: tuple[str, ...] = ()
    example: str = ""
    wrong: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    params: dict = field(default_factory=dict)  # name -> tuple of values to draw from
    where: str = ""
    derive: dict = field(default_factory=dict)  # name -> expression

    @property
    def parameterised(self) -> bool:
        return bool(self.params)

    @property
    def self_rated(self) -> bool:
        return self.kind == "recall"


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    questions: tuple[Question, ...]


def question_from(table: dict, topic: str, where: str) -> Question:
    kind = table.get("kind")
    if kind not in KINDS:
        raise BankError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    missing = [name for name in ("id", "prompt", "explanation", "hints", *REQUIRED[kind]) if name not in table]
    if kind == "numeric" and "tolerance" not in table and "relative" not in table:
        missing.append("tolerance or relative")
    if missing:
        raise BankError(f"{where} ({table.get('id', '?')}): missing {', '.join(missing)}")
    unknown = set(table) - FIELDS
    if unknown:
        raise BankError(f"{where} ({table['id']}): unknown fields {', '.join(sorted(unknown))}")
    params = {name: tuple(values) for name, values in table.get("params", {}).items()}
    if any(not values for values in params.values()):
        raise BankError(f"{where} ({table['id']}): every parameter needs values to draw from")
    if params and not isinstance(table["answer"], str):
        raise BankError(f"{where} ({table['id']}): a parameterised question's answer is an expression (a string)")
    return Question(
        id=table["id"],
        topic=topic,
        kind=kind,
        prompt=table["prompt"].strip(),
        explanation=table["explanation"].strip(),
        hints=tuple(hint.strip() for hint in table["hints"]),
        answer=table.get("answer"),
        options=tuple(option.strip() for option in table.get("options", ())),
        tolerance=float(table.get("tolerance", 0.0)),
        relative=float(table.get("relative", 0.0)),
        given={name: shape if isinstance(shape, str) else tuple(shape) for name, shape in table.get("given", {}).items()},
        recompute=table.get("recompute", ""),
        keywords=tuple(tuple(group) for group in table.get("keywords", ())),
        forbid=tuple(table.get("forbid", ())),
        example=table.get("example", "").strip(),
        wrong=tuple(table.get("wrong", ())),
        right=tuple(table.get("right", ())),
        params=params,
        where=table.get("where", ""),
        derive=dict(table.get("derive", {})),
    )


def read_topic(path: Path) -> Topic:
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise BankError(f"{path.name}: {error}") from None
    name = data.get("topic")
    if not name or "title" not in data:
        raise BankError(f"{path.name}: needs `topic` and `title`")
    questions = tuple(
        question_from(table, name, f"{path.name} question {index + 1}")
        for index, table in enumerate(data.get("question", []))
    )
    return Topic(name=name, title=data["title"], questions=questions)


def load_bank(directory: Path = BANK_DIR) -> dict[str, Topic]:
    """Topic name -> Topic, in file-name order (the files are numbered in teaching order)."""
    topics: dict[str, Topic] = {}
    seen: set[str] = set()
    for path in sorted(directory.glob("*.toml")):
        topic = read_topic(path)
        if topic.name in topics:
            raise BankError(f"{path.name}: topic {topic.name!r} is defined twice")
        for question in topic.questions:
            if question.id in seen:
                raise BankError(f"{path.name}: question id {question.id!r} is used twice")
            seen.add(question.id)
        topics[topic.name] = topic
    return topics


def all_questions(topics: dict[str, Topic]) -> list[Question]:
    return [question for topic in topics.values() for question in topic.questions]
