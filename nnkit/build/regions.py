"""Solution regions (`### BEGIN SOLUTION` ... `### END SOLUTION`) inside a solution cell.

A region nested in a function or method becomes `raise NotImplementedError()` in a stub, as in
nbgrader's release. A region at the top level of a cell may only assign answers (`answer_x = ...`):
in a stub those become `answer_x = None`, so that importing the stub never raises.
"""

from __future__ import annotations

import ast
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


def without_markers(source: str) -> str:
    """The reference solution: the regions' code kept, the marker lines dropped."""
    lines: list[str] = []
    for part in split(source):
        lines.extend(part.lines if isinstance(part, Region) else [part])
    return "\n".join(lines)


def stubbed(source: str) -> str:
    """The learner's stub: nested regions raise NotImplementedError, top-level answers become None.

    The comments outside a top-level answer region (e.g. `# Your answer: one letter`) become the
    hint at the end of the `answer_x = None` line when the cell assigns a single answer.
    """
    parts = split(source)
    answers = [name for part in parts if isinstance(part, Region) and not part.indent for name in part.answers()]
    comments = [p for p in parts if isinstance(p, str) and p.lstrip().startswith("#")]
    inline_hint = len(answers) == 1 and len(comments) == 1
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if not (inline_hint and part in comments):
                lines.append(part)
        elif part.indent:
            lines += [f"{part.indent}# YOUR CODE HERE", f"{part.indent}raise NotImplementedError()"]
        else:
            hint = f"  # {comments[0].lstrip()[1:].strip()}" if inline_hint else ""
            lines += [f"{name} = None{hint}" for name in part.answers()]
    return "\n".join(lines)
