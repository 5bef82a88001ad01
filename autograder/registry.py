"""Where the kit finds assignments. An assignment is a folder; nothing here names one.

A folder is an assignment when it holds `suite.py` (its hidden pytest suite). It may also hold
`assignment.toml` (title, the names a learner defines), its reference maths, bug models, and a
`catalogue/` of buggy and correct submissions (see docs/plugins.md). Folders are found in order:

1. the kit's built-ins: every `autograder/assignments/<name>/` with a `suite.py`;
2. installed plug-ins: the entry points of group `nnkit.assignments`, each naming a module (or
   package) whose folder is the assignment folder; the entry point's name is the assignment's;
3. a course's own plug-ins: every `<name>/` with a `suite.py` in the course's assignment folders
   (`nnkit_assignments/` in the course root unless its nbgrader_config.py says otherwise).

The first folder found under a name wins, so a plug-in cannot replace a built-in by accident.
A course may also call a kit assignment by its own name, in its nbgrader_config.py:

    c.Nnkit.assignments = {"hw3": "layer"}             # nbgrader's name -> the kit's
    c.Nnkit.assignment_folders = ["nnkit_assignments"]  # plug-in folders, relative to the course
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

BUILT_IN = Path(__file__).parent / "assignments"
ENTRY_POINT_GROUP = "nnkit.assignments"
COURSE_CONFIG = "nbgrader_config.py"
DEFAULT_FOLDER = "nnkit_assignments"
# The kit's own checkout (absent in an installed wheel): the instructor's side of the built-ins.
KIT_CHECKOUT = Path(__file__).resolve().parent.parent


class UnknownAssignment(ValueError):
    """No assignment of that name (a one-line message naming the ones there are)."""


@dataclass(frozen=True)
class Assignment:
    name: str
    folder: Path
    title: str = ""
    defines: tuple[str, ...] = field(default_factory=tuple)

    @property
    def suite(self) -> Path:
        return self.folder / "suite.py"

    @property
    def catalogue(self) -> Path:
        return self.folder / "catalogue"

    def source_notebooks(self, course: Path | None = None) -> list[Path]:
        """Where the instructor's source notebook (with the hidden test cells and their answer
        keys) may be, most specific first: the course's source/, the folder itself, the kit's
        checkout. Only existing files; none at all on a learner's installed copy."""
        places = []
        if course is not None:
            places.append(course / "source" / self.name / f"{self.name}.ipynb")
        places += [self.folder / f"{self.name}.ipynb", KIT_CHECKOUT / "source" / self.name / f"{self.name}.ipynb"]
        return [path for path in places if path.is_file()]


def read_assignment(name: str, folder: Path) -> Assignment:
    settings = {}
    toml = folder / "assignment.toml"
    if toml.is_file():
        settings = tomllib.loads(toml.read_text(encoding="utf-8"))
    return Assignment(name=name, folder=folder, title=str(settings.get("title", "")),
                      defines=tuple(str(d) for d in settings.get("defines", ())))


def built_in() -> dict[str, Assignment]:
    return {folder.name: read_assignment(folder.name, folder)
            for folder in sorted(BUILT_IN.iterdir()) if (folder / "suite.py").is_file()}


def installed_plugins() -> dict[str, Assignment]:
    from importlib.metadata import entry_points
    from importlib.util import find_spec

    found = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        spec = find_spec(entry.value.split(":")[0])
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent
        if (folder / "suite.py").is_file():
            found[entry.name] = read_assignment(entry.name, folder)
    return found


def assignments_in(folder: Path) -> dict[str, Assignment]:
    """The plug-in assignments in a folder: each subfolder holding a suite.py."""
    if not folder.is_dir():
        return {}
    return {sub.name: read_assignment(sub.name, sub) for sub in sorted(folder.iterdir()) if (sub / "suite.py").is_file()}


@dataclass(frozen=True)
class Scope:
    """Where one course looks assignments up: its own names for kit assignments and its plug-in folders."""

    names: Mapping[str, str] = field(default_factory=dict)  # course name -> kit name, e.g. "hw3" -> "layer"
    folders: tuple[Path, ...] = ()


class BadCourseConfig(ValueError):
    """The course's nbgrader_config.py cannot be read, or its nnkit settings make no sense."""


def course_scope(root: Path) -> Scope:
    """The scope a course's nbgrader_config.py describes (the defaults when it has none)."""
    settings: Mapping = {}
    if (root / COURSE_CONFIG).is_file():
        from traitlets.config.loader import PyFileConfigLoader

        try:
            settings = PyFileConfigLoader(COURSE_CONFIG, path=str(root)).load_config().get("Nnkit", {})
        except Exception as exc:  # the config is the instructor's code: any error in it is theirs to fix
            raise BadCourseConfig(f"{root / COURSE_CONFIG} cannot be read: {type(exc).__name__}: {exc}") from None
    names = settings.get("assignments", {})
    folders = settings.get("assignment_folders", [DEFAULT_FOLDER])
    if not isinstance(names, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        raise BadCourseConfig(f"{root / COURSE_CONFIG}: c.Nnkit.assignments must map names to names, e.g. {{'hw3': 'layer'}}")
    if isinstance(folders, str) or not all(isinstance(f, str) for f in folders):
        raise BadCourseConfig(f"{root / COURSE_CONFIG}: c.Nnkit.assignment_folders must be a list of folders")
    return Scope(dict(names), tuple((root / folder).resolve() for folder in folders))


def scope_near(folder: Path, levels: int = 4) -> Scope:
    """The scope of the nearest course above `folder` (a hidden cell runs in
    autograded/<student>/<assignment>/ under nbgrader), or NNKIT_ASSIGNMENT_PATH's folders."""
    extra = tuple(Path(p) for p in os.environ.get("NNKIT_ASSIGNMENT_PATH", "").split(os.pathsep) if p)
    for candidate in [folder, *folder.parents][: levels + 1]:
        if (candidate / COURSE_CONFIG).is_file():
            scope = course_scope(candidate)
            return Scope(scope.names, scope.folders + extra)
    return Scope({}, extra)


@cache
def known() -> dict[str, Assignment]:
    """Every assignment the kit itself can grade, by name (built-ins first)."""
    return {**installed_plugins(), **built_in()}


def in_scope(scope: Scope | None) -> dict[str, Assignment]:
    """Every assignment a course can grade, by the kit's names."""
    found = dict(known())
    for folder in scope.folders if scope else ():
        for name, assignment in assignments_in(folder).items():
            found.setdefault(name, assignment)
    return found


def find_assignment(name: str, scope: Scope | None = None) -> Assignment:
    """The assignment a name means, in a course's scope (its own names first)."""
    assignments = in_scope(scope)
    kit_name = scope.names.get(name, name) if scope else name
    if kit_name not in assignments:
        aliases = [f"{alias} ({kit})" for alias, kit in (scope.names.items() if scope else ())]
        raise UnknownAssignment(f"unknown assignment {name!r}: choose one of {', '.join([*assignments, *aliases])}")
    return assignments[kit_name]


def assignment_names(scope: Scope | None = None) -> list[str]:
    return list(in_scope(scope))


def assignment_defining(names, scope: Scope | None = None) -> Assignment | None:
    """The assignment whose learner defines one of `names` (e.g. "Layer" -> layer)."""
    for assignment in in_scope(scope).values():
        if any(name in assignment.defines for name in names):
            return assignment
    return None
