"""Solution regions (`### BEGIN SOLUTION` ... `### END SOLUTION`) inside a solution cell.

A region nested in a function or method becomes `raise NotImplementedError()` in a stub, as in
nbgrader's release. A region at the top level of a cell may only assign answers, and each answer
is shown above the region, outside the markers, as nbgrader keeps it in the release:

    # Your answer: one letter, "a", "b", "c" or "d".
    answer_why_cache = None
    ### BEGIN SOLUTION
    answer_why_cache = "a"
    ### END SOLUTION

so the released cell names the variable the hidden suite reads. The .py stub keeps the lines
outside the region (`answer_why_cache = None`: importing it never raises); the reference solution
keeps the region's line instead of the placeholder.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"


class BadRegion(ValueError):
    """A solution cell the build cannot turn into a stub safely."""


@dataclass(frozen=True)
class Region:
    indent: str
    lines: tuple[str, ...]  # the solution code, markers excluded

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def answers(self) -> list[str]:
        """The answer names a top-level region assigns; BadRegion if it does anything else."""
        tree = ast.parse(self.text)
        names = []
        for statement in tree.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else []
            if not targets or not all(isinstance(t, ast.Name) and t.id.startswith("answer_") for t in targets):
                raise BadRegion(f"a top-level solution region may only assign answer_ variables, not:\n{self.text}")
            names.extend(t.id for t in targets)
        return names


def split(source: str) -> list[str | Region]:
    """The cell as a sequence of plain lines and solution regions, in order."""
    parts: list[str | Region] = []
    region: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            if region is not None:
                raise BadRegion(f"{BEGIN} inside a solution region")
            region, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END:
            if region is None:
                raise BadRegion(f"{END} without {BEGIN}")
            parts.append(Region(indent, tuple(region)))
            region = None
        elif "BEGIN SOLUTION" in line or "END SOLUTION" in line:
            raise BadRegion(f"a solution marker must be a line of its own, exactly {BEGIN!r} or {END!r}: {line!r}")
        elif region is not None:
            region.append(line)
        else:
            parts.append(line)
    if region is not None:
        raise BadRegion(f"{BEGIN} without {END}")
    return parts


def regions(source: str) -> list[Region]:
    return [part for part in split(source) if isinstance(part, Region)]


PLACEHOLDER = re.compile(r"(answer_\w+)\s*=\s*None\s*(#.*)?$")


def placeholders(parts: list[str | Region]) -> dict[int, str]:
    """{index of a top-level `answer_x = None` line in `parts`: its name}."""
    found = {}
    for index, part in enumerate(parts):
        if isinstance(part, str):
            match = PLACEHOLDER.match(part)
            if match:
                found[index] = match[1]
    return found


def checked_answer_regions(parts: list[str | Region]) -> dict[int, list[str]]:
    """{index of each top-level region: the answers it assigns}; BadRegion when an answer is not
    shown above its region (nbgrader's release would hide the name the suite reads)."""
    shown = placeholders(parts)
    regions = {}
    for index, part in enumerate(parts):
        if isinstance(part, Region) and not part.indent:
            names = part.answers()
            hidden = [name for name in names if name not in [n for i, n in shown.items() if i < index]]
            if hidden:
                raise BadRegion(f"{hidden[0]} is set only inside its solution region, so the release would not name it: "
                                f"put `{hidden[0]} = None` on a line above {BEGIN}")
            regions[index] = names
    return regions


def without_markers(source: str) -> str:
    """The reference solution: the regions' code kept, the marker lines and answer placeholders dropped."""
    parts = split(source)
    answered = {name for names in checked_answer_regions(parts).values() for name in names}
    dropped = {index for index, name in placeholders(parts).items() if name in answered}
    lines: list[str] = []
    for index, part in enumerate(parts):
        if index not in dropped:
            lines.extend(part.lines if isinstance(part, Region) else [part])
    return "\n".join(lines)


def stubbed(source: str) -> str:
    """The learner's stub: nested regions raise NotImplementedError; top-level answer regions go,
    leaving the `answer_x = None` lines above them."""
    parts = split(source)
    answer_regions = checked_answer_regions(parts)
    lines: list[str] = []
    for index, part in enumerate(parts):
        if isinstance(part, str):
            lines.append(part)
        elif index not in answer_regions:
            lines += [f"{part.indent}# YOUR CODE HERE", f"{part.indent}raise NotImplementedError()"]
    return "\n".join(lines)
