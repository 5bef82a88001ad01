"""Reading the hidden test cells of a source notebook: which suite test each one scores, and the
answer key it passes, e.g.

    ### BEGIN HIDDEN TESTS
    from autograder.notebook import grade_cell
    grade_cell("layer", "test_question_example", globals(), key={"answer": "b", "why": {...}})
    ### END HIDDEN TESTS

nbgrader strips these cells from the release, so the keys stay with the instructor: in the source
notebook and in the gradebook (which stores every source cell), never in what learners install.
Keys are plain literals (read with ast.literal_eval, never executed).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class BadGradeCell(ValueError):
    """A hidden test cell whose grade_cell(...) call cannot be read."""


@dataclass(frozen=True)
class GradeCellCall:
    assignment: str
    test: str
    key: Any = None


def grade_cell_calls(source: str) -> list[GradeCellCall]:
    """Every `grade_cell("<assignment>", "<test>", globals(), key=<literal>)` call in a cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "grade_cell"):
            continue
        try:
            assignment, test = (ast.literal_eval(argument) for argument in node.args[:2])
            key = next((ast.literal_eval(k.value) for k in node.keywords if k.arg == "key"), None)
        except (ValueError, TypeError, SyntaxError) as exc:
            raise BadGradeCell(f"a grade_cell(...) call whose arguments are not plain literals: {exc}") from None
        if not (isinstance(assignment, str) and isinstance(test, str)):
            raise BadGradeCell("grade_cell(...) needs the assignment and test names as strings")
        calls.append(GradeCellCall(assignment, test, key))
    return calls


def keys_in_sources(sources) -> dict[str, Any]:
    """{test: key} over cell sources, for the calls that pass a key."""
    return {call.test: call.key for source in sources for call in grade_cell_calls(source) if call.key is not None}


def keys_in_notebook(path: Path) -> dict[str, Any]:
    """{test: key} of a source notebook's hidden test cells (read as JSON: no nbformat import)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    sources = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else source)
    return keys_in_sources(sources)
