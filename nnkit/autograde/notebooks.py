"""A submitted notebook, restored as nbgrader restores it, then read as code or annotated.

Like nbgrader's sanitising step (ClearOutput + OverwriteCells): outputs are cleared and every
cell the gradebook knows gets the gradebook's flags and points back; locked cells (provided
code, hidden test cells) get the gradebook's source back, so editing them changes nothing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from autograder.results import TestResult
from autograder.submission import BadSubmission
from nnkit.autograde.blueprint import NotebookPlan


def read_notebook(path: Path) -> dict:
    """The notebook's JSON, or BadSubmission saying in one sentence why it cannot be graded."""
    if not path.exists():
        raise BadSubmission(f"{path.name} is missing from the submission")
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadSubmission(f"{path.name} is not a notebook (not valid JSON: {type(exc).__name__})") from None
    except OSError as exc:
        raise BadSubmission(f"{path.name} cannot be read ({exc.strerror})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list) \
            or not all(isinstance(cell, dict) for cell in notebook["cells"]):
        raise BadSubmission(f"{path.name} is not a notebook (it has no list of cells)")
    return notebook


def text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def restore(notebook: dict, plan: NotebookPlan) -> dict:
    """A copy with outputs cleared and the gradebook's version of every known cell."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        cell["source"] = text(cell.get("source"))  # Jupyter saves lines as a list; nbgrader's checksums want one string
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        metadata = cell.setdefault("metadata", {})
        nbgrader = metadata.get("nbgrader")
        known = plan.cells.get(nbgrader.get("grade_id")) if isinstance(nbgrader, dict) else None
        if known is None:
            continue
        nbgrader.update(grade=known.grade, solution=known.solution, locked=known.locked, checksum=known.checksum)
        if known.grade or known.task:
            nbgrader["points"] = known.points
        if known.locked:
            cell["source"] = known.source
        if cell.get("cell_type") != known.cell_type:
            cell["cell_type"] = known.cell_type
            if known.cell_type == "code":
                cell["outputs"], cell["execution_count"] = [], None
            else:
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
    return notebook


def cell_report(test: TestResult) -> str:
    """What a hidden test cell prints: the same lines as `autograder.notebook.grade_cell`."""
    if test.passed:
        return f"{test.name}: passed ({test.score:g}/{test.max_score:g})\n"
    return f"{test.name}: {test.score:g}/{test.max_score:g}\n" + "".join(f" - {d}\n" for d in test.diagnoses)


def annotate(notebook: dict, plan: NotebookPlan, tests: dict[str, TestResult]) -> dict:
    """Give each hidden test cell the output nbgrader would show: the diagnoses, and the score as
    the cell's value (which nbgrader reads as partial credit)."""
    for cell in notebook["cells"]:
        nbgrader = cell.get("metadata", {}).get("nbgrader")
        known = plan.cells.get(nbgrader.get("grade_id")) if isinstance(nbgrader, dict) else None
        if known is None or known.test is None or cell.get("cell_type") != "code":
            continue
        test = tests[known.test]
        cell["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": cell_report(test)},
            {"output_type": "execute_result", "execution_count": None, "metadata": {},
             "data": {"text/plain": repr(test.score)}},
        ]
    return notebook
