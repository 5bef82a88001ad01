"""Records outcomes: one SQLite transaction per student through nbgrader's own Gradebook API.

For each outcome, in this order:
1. `<course>/nnkit/<assignment>/<student>.json`, the Gradescope results (atomic rename);
2. `autograded/<student>/<assignment>/<notebook>.ipynb` and `timestamp.txt`, where nbgrader's
   formgrader and `generate_feedback` look: the restored notebook whose hidden test cells show
   the diagnoses and the score (atomic rename);
3. the gradebook: student, submission with its timestamp, every grade cell's `auto_score` and
   every solution cell's `auto_comment`, set by nbgrader's rules, committed as ONE transaction.
The commit comes last and is what "graded" means: a run killed at any point leaves either the
old rows or the new ones (SQLite rolls an interrupted transaction back), and the files written
before it are simply written again by the next run.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from nnkit.autograde.blueprint import Blueprint
from nnkit.autograde.course import Course, utc
from autograder.submission import BadSubmission, read_notebook
from nnkit.autograde.jobs import GRADER_ERROR, UNGRADABLE, Outcome, one_line, zero
from nnkit.autograde.notebooks import annotate, restore

STOP = object()


class SuiteMismatch(RuntimeError):
    """The hidden suite and the notebook's grade cells disagree: nothing can be recorded."""


@contextlib.contextmanager
def one_transaction(gradebook):
    """nbgrader's Gradebook commits after every change; hold those commits (flush instead) so
    that everything written for one student lands in one transaction, or none of it does."""
    session = gradebook.db
    session.commit = session.flush  # shadows scoped_session.commit on this object only
    try:
        yield gradebook
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def import_gradebook():
    """`nbgrader.api.Gradebook`, without its slowest import: nbgrader imports nbformat, whose
    jsonschema imports rfc3987_syntax if installed, and that builds a grammar at import time (about
    1.7 s of nbgrader's 1.9 s). jsonschema treats it as optional (only its "iri" format check needs
    it, which nbformat does not use), so it is hidden from this process when not yet imported."""
    if "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes `import` raise ImportError
    from nbgrader.api import Gradebook

    return Gradebook


class Recorder:
    """Writes outcomes (imports `nbgrader.api` in the caller's thread)."""

    def __init__(self, course: Course, blueprint: Blueprint):
        Gradebook = import_gradebook()

        self.course = course
        self.blueprint = blueprint
        self.gradebook = Gradebook(course.db_url, course.course_id)
        self.output = course.output_folder(blueprint.assignment)

    def close(self) -> None:
        self.gradebook.close()

    def record(self, outcome: Outcome) -> None:
        self.check(outcome)
        if outcome.status == GRADER_ERROR:
            return  # not a verdict on the student: nothing is written, so the next run grades it again
        notebooks = self.annotated(outcome)  # everything is computed before anything is written
        document = outcome.result.to_gradescope()
        document["extra_data"].update(student=outcome.student, timestamp=outcome.timestamp,
                                      status=outcome.status, problem=outcome.result.problem)
        write_atomically(self.output / f"{outcome.student}.json", json.dumps(document))
        self.write_autograded(outcome, notebooks)
        with one_transaction(self.gradebook) as gradebook:
            gradebook.update_or_create_student(outcome.student)
            gradebook.update_or_create_submission(self.blueprint.assignment, outcome.student,
                                                  timestamp=utc(outcome.timestamp))
            for plan in self.blueprint.notebooks:
                self.record_notebook(gradebook, outcome, plan, notebooks.get(plan.name))

    def check(self, outcome: Outcome) -> None:
        scored = {test.name: test.max_score for test in outcome.result.tests}
        for test, points in self.blueprint.tests.items():
            if test not in scored:
                raise SuiteMismatch(f"the {self.blueprint.assignment} suite has no {test}, which a grade cell calls")
            if abs(scored[test] - points) > 1e-9:
                raise SuiteMismatch(f"{test} is worth {scored[test]:g} points in the suite but {points:g} in the notebook")

    def annotated(self, outcome: Outcome) -> dict:
        """The restored notebooks by name, their test cells showing the diagnoses ({} when the
        submission could not be read). The submission is read again here, through the same checks:
        if it no longer passes them (changed since it was graded), it is recorded as ungradable."""
        if outcome.status == UNGRADABLE:
            return {}
        folder = self.course.folder(self.course.submitted, outcome.student, self.blueprint.assignment)
        within = self.course.student_parent(self.course.submitted)
        tests = {test.name: test for test in outcome.result.tests}
        notebooks = {}
        try:
            for plan in self.blueprint.notebooks:
                notebook = read_notebook(folder / plan.filename, within=within)
                notebooks[plan.name] = annotate(restore(notebook, plan), plan, tests)
        except BadSubmission as problem:
            outcome.result = zero(self.blueprint.assignment, self.blueprint.tests, outcome.student, outcome.timestamp,
                                  f"{problem}: scored 0.").result
            outcome.status = UNGRADABLE
            return {}
        return notebooks

    def write_autograded(self, outcome: Outcome, notebooks: dict) -> None:
        """Where formgrader and generate_feedback look: the annotated notebooks and timestamp.txt."""
        folder = self.course.folder(self.course.autograded, outcome.student, self.blueprint.assignment)
        if outcome.status == UNGRADABLE:
            shutil.rmtree(folder, ignore_errors=True)  # an older autograded copy would contradict the zero
            return
        for plan in self.blueprint.notebooks:
            write_atomically(folder / plan.filename, json.dumps(notebooks[plan.name], ensure_ascii=False))
        if outcome.timestamp is not None:
            write_atomically(folder / "timestamp.txt", outcome.timestamp + "\n")

    def record_notebook(self, gradebook, outcome: Outcome, plan, notebook: dict | None) -> None:
        """nbgrader's rules (SaveAutoGrades; Autograde's for a missing notebook), with suite scores
        for the hidden test cells. Task cells are left to the grader, as nbgrader leaves them."""
        from nbformat import from_dict
        from nbgrader.utils import compute_checksum

        submitted = {}
        for cell in (notebook or {}).get("cells", []):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in plan.cells:
                submitted[grade_id] = cell
        scores = {test.name: test.score for test in outcome.result.tests}
        rows = gradebook.find_submission_notebook(plan.name, self.blueprint.assignment, outcome.student)
        with gradebook.db.no_autoflush:
            grades = {grade.cell_id: grade for grade in rows.grades}
            comments = {comment.cell_id: comment for comment in rows.comments}
            for cell in plan.cells.values():
                answered = cell.solution and cell.name in submitted \
                    and compute_checksum(from_dict(submitted[cell.name])) != cell.checksum
                if cell.grade:
                    grade = grades[cell.grade_cell_id]
                    if cell.test:
                        grade.auto_score = scores[cell.test]
                    elif notebook is None or cell.name not in submitted or not cell.solution:
                        grade.auto_score = 0.0  # nothing handed in, or a 0-point test cell (check() refuses others)
                    else:
                        grade.auto_score = None if answered else 0.0  # an untouched answer scores zero
                    grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                if cell.solution and not cell.task:
                    untouched = cell.name in submitted and not answered
                    comments[cell.comment_cell_id].auto_comment = "No response." if untouched else None


class GradebookWriter(threading.Thread):
    """The one thread that records outcomes. It imports nbgrader (~2 s) while workers grade."""

    def __init__(self, course: Course, blueprint: Blueprint, written: Callable[[Outcome], None]):
        super().__init__(name="gradebook-writer", daemon=True)
        self.course, self.blueprint, self.written = course, blueprint, written
        self.outcomes: queue.Queue = queue.Queue(maxsize=256)  # bounded: memory does not grow with N
        self.error: BaseException | None = None
        self.stopping = False
        self.recording = threading.Lock()  # held for the whole of one student's transaction

    def put(self, outcome: Outcome) -> None:
        while self.error is None and not self.stopping:
            try:
                self.outcomes.put(outcome, timeout=0.5)
                return
            except queue.Full:
                continue
        raise self.error or RuntimeError("the gradebook writer stopped")

    def finish(self) -> None:
        """Record everything queued, then stop."""
        self.outcomes.put(STOP)
        self.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Stop after the transaction in flight (Ctrl-C): what is still queued is graded again next run."""
        self.stopping = True
        with self.recording:
            pass

    def run(self) -> None:
        recorder = None
        try:
            from sqlalchemy.exc import SAWarning

            # nbgrader's add_submission autoflushes half-built rows; the warning is about nbgrader, not the data
            warnings.filterwarnings("ignore", category=SAWarning)
            recorder = Recorder(self.course, self.blueprint)
            while (outcome := self.outcomes.get()) is not STOP:
                with self.recording:
                    if self.stopping:
                        break
                    try:
                        recorder.record(outcome)
                    except SuiteMismatch:
                        raise
                    except Exception as error:  # this student's transaction was rolled back; the batch goes on
                        outcome.status = GRADER_ERROR
                        outcome.result.problem = (f"could not be recorded ({one_line(error)}); "
                                                  f"not recorded, the next run grades it again")
                self.written(outcome)
        except BaseException as error:  # handed to the main thread, which stops the run
            self.error = error
        finally:
            if recorder is not None:
                recorder.close()
