"""The source notebooks keep the contract of docs/assignments.md, and really grade under nbgrader.

The slow tests make ONE real course (tests/build_course.py): the fresh build's generate_assignment
filled its gradebook; two learners submit every assignment (`solved`: the release with the
reference solutions written in, `untouched`: the release as handed out); ONE `nbgrader autograde "*"`
per learner (the two side by side) runs the submissions in real Jupyter kernels (nbclient, through nbgrader's Execute). The
scores are read from the real gradebook, and the executed notebooks are inspected cell by cell:
the solved one is the source notebook (cell for cell), so it shows the source running top to
bottom; the untouched one shows the release running up to the learner's cells.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from autograder.answer_keys import grade_cell_calls
from autograder.registry import known
from autograder.submission import read_submission
from build_course import (ASSIGNMENTS, ROOT, SOLVED, UNTOUCHED, autograded_notebook, fresh_build,
                          gradebook_grades, start_autograde)
from nnkit.build import layout
from nnkit.build.cells import Role, read_cells

HIDDEN_BLOCK = ('### BEGIN HIDDEN TESTS\nfrom autograder.notebook import grade_cell\n'
                'grade_cell("{name}", "{test}", globals())\n### END HIDDEN TESTS')


def contract() -> dict[str, dict[str, float]]:
    """{assignment: {test name: points}} from the tables of docs/assignments.md."""
    tables: dict[str, dict[str, float]] = {}
    current = None
    for line in (ROOT / "docs" / "assignments.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = tables.setdefault(line[3:].split()[0], {})
        row = re.fullmatch(r"\|\s*(test_\w+)\s*\|\s*([\d.]+)\s*\|", line.strip())
        if row and current is not None:
            current[row[1]] = float(row[2])
    return tables


def source(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(layout.source_notebook(ROOT, name)), as_version=4)


def test_the_assignments_are_built():
    assert ASSIGNMENTS == sorted(contract()) == ["activations", "initialization", "layer", "network", "training"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_graded_cells_are_the_contract(name):
    notebook = source(name)
    nbformat.validate(notebook)
    MetadataValidator().validate_nb(notebook)  # what nbgrader itself checks
    graded = {cell.id: cell.points for cell in read_cells(layout.source_notebook(ROOT, name)) if cell.role is Role.GRADED_TEST}
    assert graded == contract()[name]
    for cell in notebook.cells:
        meta = cell.metadata["nbgrader"]
        assert cell.id == meta["grade_id"], "a stable cell id, the same as the grade_id"
        assert meta["schema_version"] == 3
        if cell.id in graded:
            calls = grade_cell_calls(cell.source)  # a question's cell also passes its answer key
            key = f", key={calls[0].key!r}" if calls and calls[0].key is not None else ""
            assert cell.source == HIDDEN_BLOCK.format(name=name, test=cell.id).replace("globals())", f"globals(){key})")
            assert meta["locked"] and not meta["solution"]
        elif meta["grade"]:  # a visible check: worth nothing, hides nothing
            assert meta["points"] == 0 and "HIDDEN" not in cell.source and meta["locked"]
        elif not meta["solution"]:
            assert meta["locked"], f"provided cell {cell.id} must be read-only"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_graders_read_provided_and_learner_cells_only(name):
    """autograder.submission skips test cells: the 0-point checks (worked examples, plots) never
    run as learner code in the sandbox."""
    expected = [cell.source for cell in read_cells(layout.source_notebook(ROOT, name))
                if cell.role in (Role.PROVIDED, Role.SOLUTION)]
    cells = read_submission(layout.release_notebook(ROOT, name)).cells
    assert len(cells) == len(expected)
    assert all("matplotlib" not in cell for cell in cells), "the graded code must need numpy alone"


@pytest.fixture(scope="module")
def autograded():
    build = fresh_build()
    for learner, process in start_autograde(build).items():
        log, _ = process.communicate(timeout=900)
        assert process.returncode == 0, f"nbgrader autograde ({learner}):\n{log[-5000:]}"
    return build


def suite_exists(name: str) -> None:
    if name not in known():
        pytest.skip(f"no suite for {name} yet (autograder/assignments/{name}/suite.py)")


def errors(cell) -> list:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solved_submission_gets_full_marks(autograded, name):
    suite_exists(name)
    grades = gradebook_grades(autograded, name, SOLVED)
    assert sorted(grade.cell for grade in grades if grade.max_score > 0) == sorted(contract()[name])
    short = [(grade.cell, grade.score, grade.max_score) for grade in grades if grade.score != grade.max_score]
    assert not short, f"the reference solution lost points: {short}"
    # the executed notebook is the source notebook, cell for cell, and ran top to bottom cleanly
    executed = autograded_notebook(autograded, name, SOLVED)
    assert [(c.id, c.source) for c in executed.cells] == [(c.id, c.source) for c in source(name).cells]
    failed = {cell.id: errors(cell)[0].ename for cell in executed.cells if errors(cell)}
    assert not failed, f"cells raised: {failed}"
    assert all(cell.execution_count for cell in executed.cells if cell.cell_type == "code")


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_release_gets_zero(autograded, name):
    suite_exists(name)
    grades = gradebook_grades(autograded, name, UNTOUCHED)
    assert {grade.cell: grade.score for grade in grades if grade.max_score > 0} == dict.fromkeys(contract()[name], 0.0)
    # the release runs: provided cells cleanly, and every error comes from a learner cell left undone
    executed = autograded_notebook(autograded, name, UNTOUCHED)
    roles = {cell.id: cell.role for cell in read_cells(layout.source_notebook(ROOT, name))}
    first_learner_cell = next(i for i, cell in enumerate(executed.cells) if roles[cell.id] is Role.SOLUTION)
    for index, cell in enumerate(executed.cells):
        raised = [error.ename for error in errors(cell)]
        if index < first_learner_cell:
            assert not raised, f"{cell.id} raised {raised} before any learner cell"
        assert set(raised) <= {"NotImplementedError"}, f"{cell.id} raised {raised}"
        if roles[cell.id] is Role.SOLUTION and not cell.source.startswith(("def ", "class ")):
            assert raised == ["NotImplementedError"], f"answer cell {cell.id} should raise NotImplementedError"
