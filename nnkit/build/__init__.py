"""`nnkit build`: source notebooks -> release notebooks (real nbgrader), exercises and solutions.

One step per module: `layout` (where things live), `cells` (a notebook's cells and their roles),
`regions` (solution regions -> stubs or solutions), `exercises` / `solutions` (the .py files),
`release` (nbgrader generate_assignment), `publish` (writing into out/).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nnkit.build import layout
from nnkit.build.cells import read_cells
from nnkit.build.exercises import exercise_text
from nnkit.build.publish import mirror_folder, write_if_changed
from nnkit.build.regions import BadRegion
from nnkit.build.release import generate_release
from nnkit.build.solutions import solution_text


# A notebook cannot say it is generated without the learner's copy saying it too; this file does.
RELEASE_NOTE = """# release/: generated, do not edit

`nnkit build` writes every notebook here from `source/<name>/<name>.ipynb` (with nbgrader's
`generate_assignment`) and rewrites them on every build: work done in these files is lost.

Learners: make your own copy to work in, e.g. `nnkit start layer mywork --notebook`, then open
`mywork/layer.ipynb`. Instructors: edit `source/`, then run `nnkit build`.
"""


def build_all(root: Path, out: Path, workdir: Path | None = None) -> list[str]:
    """Generate out/release/, out/exercises/ and out/solutions/ from root/source/; returns the assignments.

    Deterministic: the same sources give byte-identical files. nbgrader works in a temporary
    course folder, deleted afterwards unless `workdir` is given: then the course (with its
    gradebook, which knows the hidden tests) is kept in `workdir`, ready for `nbgrader autograde`.
    """
    root, out = Path(root), Path(out)
    names = layout.assignments(root)
    if not names:
        raise FileNotFoundError(f"no source notebooks in {root / layout.SOURCE} (expected <name>/<name>.ipynb)")
    # render the .py files first: a bad solution region stops the build before anything is written
    cells = {name: read_cells(layout.source_notebook(root, name)) for name in names}
    exercises, solutions = {}, {}
    for name in names:
        try:
            exercises[name] = exercise_text(name, cells[name])
            solutions[name] = solution_text(name, cells[name])
        except BadRegion as exc:
            raise BadRegion(f"source/{name}/{name}.ipynb: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="nnkit-build-") as scratch:
        released = generate_release(root, names, Path(workdir or scratch))
        for name, folder in released.items():
            mirror_folder(folder, out / layout.RELEASE / name)
    write_if_changed(layout.release_note(out), RELEASE_NOTE.encode("utf-8"))
    for name in names:
        write_if_changed(layout.exercise_file(out, name), exercises[name].encode("utf-8"))
        write_if_changed(layout.solution_file(out, name), solutions[name].encode("utf-8"))
    return names
