"""The one place that knows nbgrader's course layout.

Settings come from the course's `nbgrader_config.py` (read with traitlets, as nbgrader reads
it, without importing nbgrader); paths follow `CourseDirectory.directory_structure`.
"""

from __future__ import annotations

import glob
import re
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
    within: Path  # the instructor's folder above the student's: no link below it is followed
    timestamp: str | None  # timestamp.txt as written by `nbgrader collect`, or None
    warning: str = ""  # why a timestamp.txt that is there was ignored


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
        """Every `submitted/<student>/<assignment>/` folder, in student order, read one at a time.
        A folder that is a symbolic link is listed too: reading it is refused, with the reason."""
        pattern = self.folder(self.submitted, glob.escape(student) if student else "*", glob.escape(assignment))
        within = self.student_parent(self.submitted)
        for folder in sorted(glob.iglob(str(pattern))):
            path = Path(folder)
            if path.is_dir() or path.is_symlink():
                student_id = path.relative_to(within).parts[0]
                timestamp, warning = read_timestamp(path, within)
                yield SubmissionFolder(student_id, path, within, timestamp, warning)

    def student_parent(self, step: str) -> Path:
        """The deepest folder of `step` whose path the instructor, not a student, chose (submitted/)."""
        prefix = self.structure.partition("{student_id}")[0].format(nbgrader_step=step)
        folder = self.root / prefix
        return folder if prefix.endswith("/") or not prefix else folder.parent

    def kit_assignment(self, assignment: str) -> Assignment:
        """The kit assignment (suite, bug models, ...) that grades this course's `assignment`."""
        try:
            return find_assignment(assignment, self.scope)
        except UnknownAssignment as exc:
            raise CourseError(str(exc)) from None

    def output_folder(self, assignment: str) -> Path:
        """Where nnkit keeps what nbgrader has no place for: Gradescope JSON and scores.csv."""
        return self.root / "nnkit" / assignment


MAX_TIMESTAMP_BYTES = 100  # nbgrader writes 30 ("2026-01-15 12:00:00.000000 UTC")
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,40}(?:/[A-Za-z0-9_+-]{1,40}){0,3}")


def read_timestamp(folder: Path, within: Path) -> tuple[str | None, str]:
    """timestamp.txt as nbgrader reads it, and a warning when one is there but cannot be used
    (then the submission is graded as one without a timestamp: this never stops a batch)."""
    from autograder.submitted_files import MissingFile, RefusedFile, read_file

    try:
        data = read_file(folder / "timestamp.txt", within=within, max_bytes=MAX_TIMESTAMP_BYTES)
    except MissingFile:
        return None, ""
    except RefusedFile as refused:  # a refused folder above it is the notebook's problem, and said there
        return None, f"{refused}: graded without a timestamp" if refused.name == "timestamp.txt" else ""
    text = data.decode("ascii", "replace").strip()
    if not text:
        return None, ""
    if not text.isprintable() or "\ufffd" in text or utc(text) is None:
        return None, "timestamp.txt does not hold a date nbgrader can read: graded without a timestamp"
    return text, ""


def utc(timestamp: str | None) -> datetime | None:
    """A timestamp as nbgrader stores it: naive UTC. The same rules as `nbgrader.utils.parse_utc`
    (tested against it), here because importing nbgrader costs ~2 s before grading can start.
    None for what cannot be read, or names a time zone no zone file has (a path, 300 letters)."""
    if timestamp is None or len(timestamp) > MAX_TIMESTAMP_BYTES:  # dateutil takes seconds over a long text
        return None
    parts = timestamp.split(" ")
    try:
        if len(parts) == 3:
            try:
                zone = int(parts[2])
            except ValueError:
                if not ZONE_NAME.fullmatch(parts[2]):  # gettz would open it as a file: "../../etc/shadow"
                    return None
                zone = dateutil.tz.gettz(parts[2])
            moment = dateutil.parser.parse(" ".join(parts[:2] + ["TZ"]), tzinfos={"TZ": zone})
        else:
            moment = dateutil.parser.parse(timestamp)
        if moment.tzinfo is not None:
            moment = (moment - moment.utcoffset()).replace(tzinfo=None)
    except Exception:  # noqa: BLE001  dateutil on learner text: ValueError, OverflowError, OSError, ...
        return None
    return moment
