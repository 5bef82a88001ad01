"""Where the kit finds assignments. An assignment is a folder; nothing here names one.

A folder is an assignment when it holds `suite.py` (its hidden pytest suite). It may also hold
`assignment.toml` (title, the names a learner defines), its reference maths, bug models, and a
`catalogue/` of buggy and correct submissions (see docs/plugins.md). Folders are found in order:

1. the kit's built-ins: every `autograder/assignments/<name>/` with a `suite.py`;
2. installed plug-ins: the entry points of group `nnkit.assignments`, each naming a module (or
   package) whose folder is the assignment folder; the entry point's name is the assignment's.

The first folder found under a name wins, so a plug-in cannot replace a built-in by accident.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

BUILT_IN = Path(__file__).parent / "assignments"
ENTRY_POINT_GROUP = "nnkit.assignments"
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


@cache
def known() -> dict[str, Assignment]:
    """Every assignment the kit can grade, by name (built-ins first)."""
    return {**installed_plugins(), **built_in()}


def find_assignment(name: str) -> Assignment:
    assignments = known()
    if name not in assignments:
        raise UnknownAssignment(f"unknown assignment {name!r}: choose one of {', '.join(assignments)}")
    return assignments[name]


def assignment_names() -> list[str]:
    return list(known())


def assignment_defining(names) -> Assignment | None:
    """The assignment whose learner defines one of `names` (e.g. "Layer" -> layer)."""
    for assignment in known().values():
        if any(name in assignment.defines for name in names):
            return assignment
    return None
