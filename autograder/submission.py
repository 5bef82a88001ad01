"""A submission, read into the code cells the learner's side will run.

`.py`: the whole file is one cell. `.ipynb`: every code cell except nbgrader's test cells
(grade cells that are not solution cells), in order; IPython magics and shell escapes are
dropped, since the sandbox runs plain Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class BadSubmission(ValueError):
    """The file cannot be graded at all (missing, not Python, not a notebook)."""


class CodeCell(str):
    """A code cell's source that knows where the learner sees it.

    `number` counts every cell of the notebook from the top, text cells included (1 = the first
    cell), as Jupyter lists them: the same number in `nnkit check`, `check()` in the notebook,
    `nnkit grade`, autograde and the feedback page. None when it is not known.
    """

    number: int | None

    def __new__(cls, source: str, number: int | None = None):
        cell = super().__new__(cls, source)
        cell.number = number
        return cell

    def __reduce__(self):  # pickled whole to autograde's workers and dask
        return (CodeCell, (str(self), self.number))


@dataclass(frozen=True)
class Submission:
    path: Path
    cells: tuple[str, ...]


def plain_python(source: str) -> str:
    kept = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            kept.append(line[: len(line) - len(stripped)] + "pass  # " + stripped)
        else:
            kept.append(line)
    return "\n".join(kept)


def is_test_cell(cell: dict) -> bool:
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return bool(nbgrader.get("grade")) and not nbgrader.get("solution")


def notebook_cells(path: Path) -> tuple[str, ...]:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadSubmission(f"{path} is not a notebook (not valid JSON: {exc.__class__.__name__})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise BadSubmission(f"{path} is not a notebook (it has no list of cells)")
    return code_cells(notebook)


def code_cells(notebook: dict) -> tuple[str, ...]:
    """The learner's side of a parsed notebook: every code cell but nbgrader's test cells, each
    knowing its place in the notebook."""
    cells = []
    for number, cell in enumerate(notebook["cells"], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        source = cell.get("source", "")
        cells.append(CodeCell(plain_python("".join(source) if isinstance(source, list) else str(source)), number))
    return tuple(cells)


def read_submission(path: str | Path) -> Submission:
    path = Path(path)
    if not path.exists():
        raise BadSubmission(f"{path}: no such file")
    if path.is_dir():
        raise BadSubmission(f"{path} is a folder, not a .py or .ipynb file")
    if path.suffix == ".ipynb":
        return Submission(path, notebook_cells(path))
    if path.suffix == ".py":
        try:
            return Submission(path, (path.read_text(encoding="utf-8"),))
        except UnicodeDecodeError:
            raise BadSubmission(f"{path} is not a text file") from None
    raise BadSubmission(f"{path} is neither a Python file (.py) nor a notebook (.ipynb)")
