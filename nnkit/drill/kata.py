"""Timed coding katas: a full submission with one function emptied, graded by the hidden suite.

The kata file is built from a correct submission (`katas/*.py.txt`): the chosen function keeps
its signature and docstring, and its body becomes `raise NotImplementedError`. The removed body
is the model solution shown after grading.
"""

from __future__ import annotations

import ast
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grading pulls in pytest and numpy: loaded only when a kata is graded
    from autograder.results import SuiteResult, TestResult

KATA_DIR = Path(__file__).parent / "katas"
STUB_MARKER = "# Your code here."


@dataclass(frozen=True)
class Kata:
    name: str
    assignment: str
    function: str  # "init_weights" or "Layer.backward"
    minutes: float  # a par time, shown to the learner
    task: str
    tests: tuple[str, ...]
    reference: str  # the complete, correct submission the stub is made from


@dataclass(frozen=True)
class KataResult:
    kata: Kata
    tests: list[TestResult]
    suite: SuiteResult

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 4)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 4)


def load_katas(directory: Path = KATA_DIR) -> dict[str, Kata]:
    with (directory / "katas.toml").open("rb") as stream:
        data = tomllib.load(stream)
    references = {
        assignment: "".join((directory / part).read_text(encoding="utf-8") for part in parts)
        for assignment, parts in data["submissions"].items()
    }
    return {
        entry["name"]: Kata(name=entry["name"], assignment=entry["assignment"], function=entry["function"],
                            minutes=float(entry["minutes"]), task=entry["task"], tests=tuple(entry["tests"]),
                            reference=references[entry["assignment"]])
        for entry in data["kata"]
    }


def find_function(tree: ast.Module, qualname: str) -> ast.FunctionDef:
    scope: list[ast.stmt] = tree.body
    *owners, name = qualname.split(".")
    for owner in owners:
        scope = next(node for node in scope if isinstance(node, ast.ClassDef) and node.name == owner).body
    return next(node for node in scope if isinstance(node, ast.FunctionDef) and node.name == name)


def body_span(source: str, qualname: str) -> tuple[int, int, str]:
    """(first line, last line) of the function's body after its docstring (0-based, end
    exclusive), and its indentation."""
    function = find_function(ast.parse(source), qualname)
    body = function.body
    has_docstring = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant)
    first = body[1] if has_docstring else body[0]
    lines = source.splitlines()
    indent = lines[first.lineno - 1][: first.col_offset]
    return first.lineno - 1, body[-1].end_lineno, indent


def stub_source(kata: Kata) -> str:
    start, end, indent = body_span(kata.reference, kata.function)
    lines = kata.reference.splitlines()
    stub = [f"{indent}{STUB_MARKER}", f'{indent}raise NotImplementedError("kata: write {kata.function}")']
    return "\n".join(lines[:start] + stub + lines[end:]) + "\n"


def solution_source(kata: Kata) -> str:
    """The model body of the kata's function, dedented."""
    start, end, _ = body_span(kata.reference, kata.function)
    return textwrap.dedent("\n".join(kata.reference.splitlines()[start:end]))


def fill_in(stub: str, kata: Kata, body: str) -> str:
    """The stub with its NotImplementedError replaced by `body` (used by tests and the solution view)."""
    start, end, indent = body_span(stub, kata.function)
    lines = stub.splitlines()
    return "\n".join(lines[:start] + textwrap.indent(textwrap.dedent(body), indent).splitlines() + lines[end:]) + "\n"


def grade_kata(kata: Kata, source: str, *, sandbox: bool = True, timeout: float = 10.0) -> KataResult:
    from autograder.grading import grade_cells

    suite = grade_cells((source,), kata.assignment, sandbox=sandbox, **({"timeout": timeout} if sandbox else {}))
    by_name = {test.name: test for test in suite.tests}
    missing = [name for name in kata.tests if name not in by_name]
    if missing:
        raise LookupError(f"the {kata.assignment} suite has no {', '.join(missing)} (kata {kata.name} is out of date)")
    return KataResult(kata=kata, tests=[by_name[name] for name in kata.tests], suite=suite)
