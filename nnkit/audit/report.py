"""An audit's outcome: the mutation score, and every survivor as a readable diff."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field


@dataclass
class Survivor:
    number: int
    operator: str
    description: str
    line: int
    diff: str
    differs_at: str | None  # the first request whose reply differs from the reference's; None: equivalent

    @property
    def probably_equivalent(self) -> bool:
        return self.differs_at is None


@dataclass
class Audit:
    assignment: str
    seed: int
    mutants: int
    killed: int
    survivors: list[Survivor] = field(default_factory=list)
    caught_by: dict[str, int] = field(default_factory=dict)  # suite item -> mutants it caught
    grader_errors: list[str] = field(default_factory=list)

    @property
    def equivalent(self) -> list[Survivor]:
        return [s for s in self.survivors if s.probably_equivalent]

    @property
    def weaknesses(self) -> list[Survivor]:
        """Survivors that behave differently from the reference, the suite's blind spots first
        by kind of mistake (the kinds with the most survivors first), then by line."""
        weak = [s for s in self.survivors if not s.probably_equivalent]
        per_operator = {op: sum(s.operator == op for s in weak) for op in {s.operator for s in weak}}
        return sorted(weak, key=lambda s: (-per_operator[s.operator], s.line, s.number))

    @property
    def score(self) -> float:
        """Killed mutants over the mutants that are not probably equivalent."""
        judged = self.mutants - len(self.equivalent)
        return self.killed / judged if judged else 1.0

    def to_json(self) -> dict:
        return {
            "assignment": self.assignment, "seed": self.seed, "mutants": self.mutants, "killed": self.killed,
            "probably_equivalent": len(self.equivalent), "score": round(self.score, 4),
            "caught_by": self.caught_by, "grader_errors": self.grader_errors,
            "weaknesses": [asdict(s) for s in self.weaknesses],
            "equivalent": [asdict(s) for s in self.equivalent],
        }


def diff(reference: str, mutant: str) -> str:
    return "".join(difflib.unified_diff(reference.splitlines(keepends=True), mutant.splitlines(keepends=True),
                                        "reference", "mutant", n=2))
