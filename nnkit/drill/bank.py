"""The question bank: one TOML file per topic in `nnkit/drill/bank/`, read with stdlib tomllib.

A topic file holds `topic`, `title` and a list of `[[question]]` tables. Every question has
`id`, `kind`, `prompt`, `explanation` and what its kind needs to check an answer:

| kind      | fields                                                                         |
| --------- | ------------------------------------------------------------------------------ |
| `choice`  | `options` (list of str), `answer` (a letter: "a", "b", ...)                     |
| `numeric` | `answer` (number), `tolerance` (absolute), `recompute` (numpy expression)       |
| `shape`   | `answer` (list of ints, or "error"), `given` (name -> shape), `recompute`       |
| `short`   | `keywords` (groups of alternatives, every group must appear), `forbid`,        |
|           | `example` (a model answer), `wrong` (answers that must be rejected)            |

`recompute` is never read by the drill: the tests evaluate it with numpy to prove `answer` right.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

BANK_DIR = Path(__file__).parent / "bank"
KINDS = ("choice", "numeric", "shape", "short")

REQUIRED = {
    "choice": ("options", "answer"),
    "numeric": ("answer", "tolerance", "recompute"),
    "shape": ("answer", "given", "recompute"),
    "short": ("keywords", "example", "wrong"),
}


class BankError(ValueError):
    """A bank file breaks the schema above (a defect in nnkit's data, not the user's input)."""


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    kind: str
    prompt: str
    explanation: str
    answer: object = None
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    given: dict = field(default_factory=dict)
    recompute: str = ""
    keywords: tuple[tuple[str, ...], ...] = ()
    forbid: tuple[str, ...] = ()
    example: str = ""
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    questions: tuple[Question, ...]


def question_from(table: dict, topic: str, where: str) -> Question:
    kind = table.get("kind")
    if kind not in KINDS:
        raise BankError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    missing = [name for name in ("id", "prompt", "explanation", *REQUIRED[kind]) if name not in table]
    if missing:
        raise BankError(f"{where} ({table.get('id', '?')}): missing {', '.join(missing)}")
    unknown = set(table) - {"kind", "id", "prompt", "explanation", "answer", "options", "tolerance", "given",
                            "recompute", "keywords", "forbid", "example", "wrong"}
    if unknown:
        raise BankError(f"{where} ({table['id']}): unknown fields {', '.join(sorted(unknown))}")
    return Question(
        id=table["id"],
        topic=topic,
        kind=kind,
        prompt=table["prompt"].strip(),
        explanation=table["explanation"].strip(),
        answer=table.get("answer"),
        options=tuple(table.get("options", ())),
        tolerance=float(table.get("tolerance", 0.0)),
        given={name: tuple(shape) for name, shape in table.get("given", {}).items()},
        recompute=table.get("recompute", ""),
        keywords=tuple(tuple(group) for group in table.get("keywords", ())),
        forbid=tuple(table.get("forbid", ())),
        example=table.get("example", ""),
        wrong=tuple(table.get("wrong", ())),
    )


def read_topic(path: Path) -> Topic:
    with path.open("rb") as stream:
        data = tomllib.load(stream)
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
