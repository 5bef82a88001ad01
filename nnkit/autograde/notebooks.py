"""A submitted notebook (read and validated by `autograder.submission.read_notebook`), restored
as nbgrader restores it, then read as code or annotated.

Like nbgrader's sanitising step (ClearOutput + OverwriteCells): outputs are cleared and every
cell the gradebook knows gets the gradebook's flags and points back; locked cells (provided
code, hidden test cells) get the gradebook's source back, so editing them changes nothing.
"""

from __future__ import annotations

import copy

from autograder.learner_text import terminal_safe
from autograder.results import TestResult
from nnkit.autograde.blueprint import NotebookPlan


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
    return f"{test.name}: {test.score:g}/{test.max_score:g}\n" + "".join(f" - {terminal_safe(d)}\n" for d in test.diagnoses)


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
