"""The one place that knows nbgrader's course layout.

Settings come from the course's `nbgrader_config.py` (read with traitlets, as nbgrader reads
it, without importing nbgrader); paths follow `CourseDirectory.directory_structure`.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import dateutil.parser
import dateutil.tz

from autograder.registry import Assignment, BadCourseConfig, Scope, UnknownAssignment, course_scope, find_assignment

CONFIG_FILE = "nbgrader_config.py"


class CourseError(ValueError):
    """The course folder or its configuration cannot be used (a one-line message)."""


@dataclass(frozen=True)
class SubmissionFolder:
    student: str
    folder: Path
    timestamp: str | None  # timestamp.txt as written by `nbgrader collect`, or None


@dataclass(frozen=True)
class Course:
    root: Path
    course_id: str
    db_url: str
    submitted: str = "submitted"
    autograded: str = "autograded"
    structure: str = "{nbgrader_step}/{student_id}/{assignment_id}"
    scope: Scope = field(default_factory=Scope)  # the course's names for kit assignments, its plug-ins

    @classmethod
    def load(cls, folder: Path) -> Course:
        folder = folder.resolve()
        if not folder.is_dir():
            raise CourseError(f"{folder} is not a folder")
        settings: dict = {}
        if (folder / CONFIG_FILE).exists():
            from traitlets.config.loader import PyFileConfigLoader

            try:
                config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
            except Exception as exc:  # a config file is the instructor's code: any error is theirs to fix
                raise CourseError(f"{folder / CONFIG_FILE} cannot be read: {type(exc).__name__}: {exc}") from None
            settings = dict(config.get("CourseDirectory", {}))
        root = Path(settings.get("root") or folder)
        root = root if root.is_absolute() else (folder / root).resolve()
        try:
            scope = course_scope(folder)
        except BadCourseConfig as exc:
            raise CourseError(str(exc)) from None
        db_url = settings.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
        return cls(
            root=root,
            course_id=str(settings.get("course_id", "")).strip(),
            db_url=db_url,
            submitted=settings.get("submitted_directory", "submitted"),
            autograded=settings.get("autograded_directory", "autograded"),
            structure=settings.get("directory_structure", "{nbgrader_step}/{student_id}/{assignment_id}"),
            scope=scope,
        )

    def folder(self, step: str, student: str, assignment: str) -> Path:
        return self.root / self.structure.format(nbgrader_step=step, student_id=student, assignment_id=assignment)

    def submissions(self, assignment: str, student: str | None = None) -> Iterator[SubmissionFolder]:
        """Every `submitted/<student>/<assignment>/` folder, in student order, read one at a time."""
        pattern = self.folder(self.submitted, glob.escape(student) if student else "*", glob.escape(assignment))
        prefix, _, _ = self.structure.partition("{student_id}")
        depth = len(Path(prefix.format(nbgrader_step=self.submitted)).parts)  # where the student id sits
        for folder in sorted(glob.iglob(str(pattern))):
            path = Path(folder)
            if path.is_dir():
                yield SubmissionFolder(path.relative_to(self.root).parts[depth], path, read_timestamp(path))

    def kit_assignment(self, assignment: str) -> Assignment:
        """The kit assignment (suite, bug models, ...) that grades this course's `assignment`."""
        try:
            return find_assignment(assignment, self.scope)
        except UnknownAssignment as exc:
            raise CourseError(str(exc)) from None

    def output_folder(self, assignment: str) -> Path:
        """Where nnkit keeps what nbgrader has no place for: Gradescope JSON and scores.csv."""
        return self.root / "nnkit" / assignment


def read_timestamp(folder: Path) -> str | None:
    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def utc(timestamp: str | None) -> datetime | None:
    """A timestamp as nbgrader stores it: naive UTC. The same rules as `nbgrader.utils.parse_utc`
    (tested against it), here because importing nbgrader costs ~2 s before grading can start."""
    if timestamp is None:
        return None
    parts = timestamp.split(" ")
    try:
        if len(parts) == 3:
            try:
                zone = int(parts[2])
            except ValueError:
                zone = dateutil.tz.gettz(parts[2])
            moment = dateutil.parser.parse(" ".join(parts[:2] + ["TZ"]), tzinfos={"TZ": zone})
        else:
            moment = dateutil.parser.parse(timestamp)
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is not None:
        moment = (moment - moment.utcoffset()).replace(tzinfo=None)
    return moment
