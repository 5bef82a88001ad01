"""A source notebook read as a list of cells, each with its role in the assignment.

The roles come from the cells' nbgrader metadata (schema version 3):

| role | nbgrader metadata | in the release |
| --- | --- | --- |
| TEXT | markdown | as is |
| PROVIDED | code, not solution, not grade | as is, locked |
| SOLUTION | solution | solution regions replaced by stubs |
| CHECK | grade, not solution, 0 points: a visible example or sanity check | as is, locked |
| GRADED_TEST | grade, not solution, points > 0: the hidden test block | emptied |
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import nbformat


class Role(enum.Enum):
    TEXT = "text"
    PROVIDED = "provided"
    SOLUTION = "solution"
    CHECK = "check"
    GRADED_TEST = "graded test"


@dataclass(frozen=True)
class Cell:
    id: str
    role: Role
    source: str
    points: float = 0.0


def role_of(cell) -> Role:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.cell_type == "markdown":
        return Role.TEXT
    if meta.get("solution"):
        return Role.SOLUTION
    if meta.get("grade"):
        return Role.GRADED_TEST if float(meta.get("points", 0)) > 0 else Role.CHECK
    return Role.PROVIDED


def read_cells(path: Path) -> list[Cell]:
    notebook = nbformat.read(str(path), as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type not in ("markdown", "code"):
            continue
        points = float(cell.get("metadata", {}).get("nbgrader", {}).get("points", 0))
        cells.append(Cell(id=cell.get("id", ""), role=role_of(cell), source=cell.source, points=points))
    return cells
