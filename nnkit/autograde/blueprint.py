"""What the gradebook says an assignment is: its notebooks, their cells, who is already graded.

Read-only and straight from SQLite, because importing `nbgrader.api` takes ~2 s and grading
should start at once; every write goes through `nbgrader.api.Gradebook` (gradebook.py).
The tables and columns read here are nbgrader 0.9's (`nbgrader==0.9.6` is pinned).

Each hidden test cell of a source notebook calls `grade_cell("<assignment>", "<test>", ...)`
(docs/assignments.md): that call maps the nbgrader grade cell to the suite test it scores.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from autograder.answer_keys import BadGradeCell, grade_cell_calls
from nnkit.autograde.course import Course, CourseError


@dataclass(frozen=True)
class Cell:
    """A cell the gradebook knows by its nbgrader grade_id."""

    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str | None
    grade: bool = False
    solution: bool = False
    task: bool = False
    points: float = 0.0
    test: str | None = None  # the suite test this hidden test cell scores
    key: Any = None  # the answer key the hidden test cell passes (graded questions only)
    grade_cell_id: str | None = None  # nbgrader's ids of the cell's rows: a submission's Grade and
    comment_cell_id: str | None = None  # Comment rows point at them (solution or task cell for comments)

    @property
    def is_test(self) -> bool:
        return self.grade and not self.solution


@dataclass(frozen=True)
class NotebookPlan:
    name: str
    cells: dict[str, Cell]

    @property
    def filename(self) -> str:
        return f"{self.name}.ipynb"


@dataclass(frozen=True)
class Blueprint:
    assignment: str
    notebooks: tuple[NotebookPlan, ...]
    graded: dict[str, datetime | None] = field(default_factory=dict)  # student -> timestamp in the gradebook

    @property
    def keys(self) -> dict[str, Any]:
        """Suite test -> the answer key its hidden test cell passes: the instructor's side."""
        return {cell.test: cell.key for plan in self.notebooks for cell in plan.cells.values()
                if cell.test and cell.key is not None}

    @property
    def tests(self) -> dict[str, float]:
        """Suite test -> its points, as the notebooks' grade cells state them."""
        return {cell.test: cell.points for plan in self.notebooks for cell in plan.cells.values() if cell.test}

    def already_graded(self, student: str, timestamp: datetime | None) -> bool:
        return student in self.graded and self.graded[student] == timestamp


def sqlite_path(db_url: str) -> str:
    if not db_url.startswith("sqlite:///"):
        raise CourseError(f"the gradebook {db_url} is not SQLite: nnkit autograde reads sqlite:/// gradebooks only")
    return unquote(db_url.removeprefix("sqlite:///").split("?", 1)[0])


def stored_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_blueprint(course: Course, assignment: str, kit_name: str | None = None) -> Blueprint:
    """`assignment` is nbgrader's name; its hidden cells may call grade_cell with it or with the
    name of the kit assignment that grades it (`kit_name`, e.g. "layer" for a course's "hw3")."""
    path = sqlite_path(course.db_url)
    missing = (f"assignment {assignment!r} is not in the gradebook {path}: "
               f"run `nbgrader generate_assignment {assignment}` in {course.root} first")
    if not os.path.isfile(path):
        raise CourseError(missing)
    # read-write, though it only reads: after a killed run SQLite must roll a hot journal back,
    # which a read-only connection refuses to do
    db = sqlite3.connect(path)
    try:
        row = db.execute("SELECT id FROM assignment WHERE name = ?", (assignment,)).fetchone()
        if row is None:
            raise CourseError(missing)
        assignment_id = row[0]
        notebooks = tuple(
            NotebookPlan(name, read_cells(db, notebook_id, {assignment, kit_name or assignment}))
            for notebook_id, name in db.execute("SELECT id, name FROM notebook WHERE assignment_id = ? ORDER BY name",
                                                (assignment_id,))
        )
        graded = {student: stored_time(timestamp) for student, timestamp in db.execute(
            "SELECT student_id, timestamp FROM submitted_assignment WHERE assignment_id = ?", (assignment_id,))}
    except sqlite3.DatabaseError as exc:
        raise CourseError(f"the gradebook {path} cannot be read: {exc}") from None
    finally:
        db.close()
    if not notebooks:
        raise CourseError(missing.replace("is not in", "has no notebooks in"))
    blueprint = Blueprint(assignment, notebooks, graded)
    check(blueprint)
    return blueprint


def read_cells(db: sqlite3.Connection, notebook_id: str, names: set[str]) -> dict[str, Cell]:
    kinds: dict[str, dict] = {}
    for cell_id, name, kind, grade_points, task_points in db.execute(
        "SELECT b.id, b.name, b.type, g.max_score, t.max_score FROM base_cell b "
        "LEFT JOIN grade_cells g ON g.id = b.id LEFT JOIN task_cells t ON t.id = b.id WHERE b.notebook_id = ?",
        (notebook_id,),
    ):
        flags = kinds.setdefault(name, {"grade": False, "solution": False, "task": False, "points": 0.0})
        if kind == "GradeCell":
            flags.update(grade=True, points=float(grade_points), grade_cell_id=cell_id)
        elif kind == "SolutionCell":
            flags.update(solution=True, comment_cell_id=cell_id)
        elif kind == "TaskCell":
            flags.update(task=True, points=float(task_points), grade_cell_id=cell_id, comment_cell_id=cell_id)
    cells = {}
    for name, cell_type, locked, source, checksum in db.execute(
        "SELECT name, cell_type, locked, source, checksum FROM source_cell WHERE notebook_id = ?", (notebook_id,)
    ):
        flags = kinds.get(name, {})
        call = None
        if flags.get("grade") and not flags.get("solution"):
            try:
                call = next(iter(grade_cell_calls(source or "")), None)
            except BadGradeCell as exc:
                raise CourseError(f"cell {name!r}: {exc}") from None
        if call and call.assignment not in names:
            raise CourseError(f"cell {name!r} grades {call.assignment}/{call.test}, not part of {' or '.join(sorted(names))}")
        cells[name] = Cell(name, cell_type, bool(locked), source or "", checksum, test=call.test if call else None,
                           key=call.key if call else None, **flags)
    return cells


def check(blueprint: Blueprint) -> None:
    """Refuse an assignment whose points nnkit cannot compute (before any grading starts)."""
    seen: dict[str, str] = {}
    for plan in blueprint.notebooks:
        for cell in plan.cells.values():
            if cell.is_test and cell.test is None and cell.points > 0:
                raise CourseError(f"test cell {cell.name!r} of {plan.filename} is worth {cell.points:g} points but does "
                                  f"not call grade_cell(...): nnkit autograde cannot score it (nbgrader autograde can)")
            if cell.test:
                if cell.test in seen:
                    raise CourseError(f"cells {seen[cell.test]!r} and {cell.name!r} both grade {cell.test}")
                seen[cell.test] = cell.name
    if not seen:
        raise CourseError(f"no test cell of {blueprint.assignment} calls grade_cell(...): nothing for nnkit to grade")
