"""Which assignment a submission is: from its file name, or, for a hint, from what it defines.

A learner's file is often not named exactly `layer.py`: Jupyter names a copy `layer-Copy1.ipynb`,
a learner keeps `my_layer.py`. The name counts when one assignment's name is one of its words.
What the code defines (its top-level classes, functions and answer variables) is compared with
the names each hidden suite mentions, so that a notebook of another assignment is named as such
instead of failing every check with "`Layer` is not defined".
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[a-z]+", re.IGNORECASE)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")


def from_name(path: Path) -> str | None:
    """The one assignment whose name is a word of the file's name ('layer-Copy1' -> 'layer'), else None."""
    from autograder.runner import ASSIGNMENTS

    words = {word.lower() for word in WORD.findall(path.stem)}
    named = [assignment for assignment in ASSIGNMENTS if assignment in words]
    return named[0] if len(named) == 1 else None


def defined_names(cells) -> set[str]:
    """The names a submission defines at the top level of its cells (cells that do not parse are skipped)."""
    names: set[str] = set()
    for cell in cells:
        try:
            tree = ast.parse(str(cell))
        except (SyntaxError, ValueError):
            continue
        for statement in tree.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(statement.name)
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


@lru_cache(maxsize=None)
def suite_mentions(assignment: str) -> frozenset[str]:
    """The names a learner of the assignment defines: its assignment.toml's `defines`, and every
    answer variable its hidden suite reads (a suite's other strings, "x", "relu", are no evidence)."""
    from autograder.registry import find_assignment

    kit = find_assignment(assignment)
    tree = ast.parse(kit.suite.read_text(encoding="utf-8"))
    answers = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
               and node.value.startswith("answer_") and IDENTIFIER.match(node.value)}
    return frozenset(kit.defines) | frozenset(answers)


def resemblance(names: set[str]) -> dict[str, float]:
    """How much the defined names look like each assignment: each name shared with a suite counts
    1 / (the number of suites that mention it), so `answer_why_cache` says more than `relu`."""
    from autograder.runner import ASSIGNMENTS

    mentions = {assignment: suite_mentions(assignment) for assignment in ASSIGNMENTS}
    scores = dict.fromkeys(ASSIGNMENTS, 0.0)
    for name in names:
        mentioned_by = [assignment for assignment, said in mentions.items() if name in said]
        for assignment in mentioned_by:
            scores[assignment] += 1 / len(mentioned_by)
    return scores


def looks_like(cells) -> str | None:
    """The assignment the code clearly belongs to (a clear lead of at least one name), else None."""
    scores = sorted(resemblance(defined_names(cells)).items(), key=lambda item: -item[1])
    (best, top), (_, second) = scores[0], scores[1]
    return best if top >= 1 and top - second >= 1 else None
