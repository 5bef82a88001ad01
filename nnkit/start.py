"""`nnkit start ASSIGNMENT [FOLDER] [--notebook]`: a learner's own copy of an exercise to work in.

exercises/ and release/ are generated: `nnkit build` (and so `make demo`) rewrites them from
source/, so work done there would be lost. A learner works in a copy in a folder of their own;
this verb makes it, and never overwrites a file that exists.
"""

from __future__ import annotations

from pathlib import Path

from nnkit.build import layout

# The project folder of this checkout: where `nnkit build` wrote exercises/ and release/.
PROJECT = Path(__file__).resolve().parents[1]


class StartError(ValueError):
    """The copy cannot be made: an unknown assignment, a file in the way, a generated folder."""


def exercise_to_copy(assignment: str, notebook: bool, project: Path = PROJECT) -> Path:
    from autograder.runner import ASSIGNMENTS

    if assignment not in ASSIGNMENTS:
        raise StartError(f"unknown assignment {assignment!r}: choose one of {', '.join(ASSIGNMENTS)}")
    source = layout.release_notebook(project, assignment) if notebook else layout.exercise_file(project, assignment)
    if not source.is_file():
        raise StartError(f"{source} is missing: run `nnkit build` in {project} first")
    return source


def inside_generated_folder(folder: Path, project: Path) -> Path | None:
    """The generated folder (exercises/, release/, solutions/) that `folder` is in, if any."""
    resolved = folder.resolve()
    for generated in (layout.EXERCISES, layout.RELEASE, layout.SOLUTIONS):
        if resolved == (project / generated).resolve() or (project / generated).resolve() in resolved.parents:
            return project / generated
    return None


def start_assignment(assignment: str, folder: Path, notebook: bool = False, project: Path = PROJECT) -> Path:
    """Copy the assignment's .py exercise (or release notebook) into `folder`; returns the copy."""
    source = exercise_to_copy(assignment, notebook, project)
    generated = inside_generated_folder(folder, project)
    if generated is not None:
        raise StartError(f"{folder} is inside {generated.name}/, which `nnkit build` rewrites: "
                         f"choose a folder of your own, e.g. `nnkit start {assignment} mywork`")
    target = folder / source.name
    if target.exists():
        raise StartError(f"{target} already exists and nnkit never overwrites your work: check it with "
                         f"`nnkit check {target}`, or choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as copy:  # "x": fails rather than overwrite, even if the file appeared just now
        copy.write(source.read_bytes())
    return target
