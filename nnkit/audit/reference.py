"""The reference solution of an assignment as one program, and the lines a learner writes.

Built from the source notebook as `nnkit build` builds solutions/<name>.py: the provided code
and the solution cells, markers removed. Only lines inside solution regions may be mutated: a
mutant of the provided code (the notebook's own activations, say) is no mistake a learner makes.
Top-level regions only assign the answers to questions, which the suite grades against keys: they
are left alone too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nnkit.build.cells import Role, read_cells
from nnkit.build.regions import Region, split


class NoReference(ValueError):
    """The assignment has no source notebook with solution regions to mutate."""


@dataclass(frozen=True)
class Reference:
    source: str  # the whole program, as one .py submission
    learner_lines: frozenset[int]  # 1-based lines of `source` inside solution regions


def reference_program(notebook: Path) -> Reference:
    lines: list[str] = []
    mutable: set[int] = set()
    for cell in read_cells(notebook):
        if cell.role is Role.PROVIDED:
            lines += cell.source.splitlines()
        elif cell.role is Role.SOLUTION:
            for part in split(cell.source):
                if isinstance(part, Region):
                    if part.indent:  # code the learner writes; top-level regions only set answers
                        mutable.update(range(len(lines) + 1, len(lines) + len(part.lines) + 1))
                    lines += part.lines
                else:
                    lines.append(part)
        else:
            continue
        lines += ["", ""]
    if not mutable:
        raise NoReference(f"{notebook} has no solution regions: nothing a learner writes to mutate")
    return Reference("\n".join(lines) + "\n", frozenset(mutable))
