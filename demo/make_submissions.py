"""Make the demo class's submissions: the release notebook with each student's answers filled in.

    python demo/make_submissions.py [--release release/layer/layer.ipynb]

Each `demo/answers/<student>.py` holds that student's solution cells, one section per cell:

    # %% layer_class            <- the nbgrader grade_id of a solution cell of the release notebook
    class Layer: ...

A section replaces the whole cell (what a student's cell looks like after they worked in it); a
solution cell without a section keeps the release stub (`raise NotImplementedError()`), as when a
student skipped it. Writes `demo/course/submitted/<student>/layer/layer.ipynb` + `timestamp.txt`.
A snippet whose name starts with `broken` is written as a truncated file (invalid JSON), the way
an interrupted upload arrives. The release notebook comes from `nnkit build`.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat

DEMO = Path(__file__).resolve().parent
ASSIGNMENT = "layer"
SECTION = re.compile(r"^# %% (?P<cell>\S+)[ \t]*$", re.MULTILINE)
# nbgrader's own timestamp format (as `nbgrader collect` writes it); fixed so the files are reproducible.
DEADLINE = datetime(2025, 3, 14, 17, 0, tzinfo=timezone.utc)


def read_answers(path: Path) -> dict[str, str]:
    """grade_id -> the cell's source, from one snippet file."""
    text = path.read_text(encoding="utf-8")
    marks = list(SECTION.finditer(text))
    if not marks:
        raise ValueError(f"{path}: no '# %% <grade_id>' sections")
    return {mark["cell"]: text[mark.end():(marks[i + 1].start() if i + 1 < len(marks) else len(text))].strip("\n")
            for i, mark in enumerate(marks)}


def fill(release: nbformat.NotebookNode, answers: dict[str, str], student: str) -> nbformat.NotebookNode:
    notebook = nbformat.from_dict(release)  # a deep copy: one release, many students
    solution_ids = set()
    for cell in notebook.cells:
        nbgrader = cell.metadata.get("nbgrader", {})
        if nbgrader.get("solution"):
            solution_ids.add(nbgrader["grade_id"])
            if nbgrader["grade_id"] in answers:
                cell.source = answers[nbgrader["grade_id"]]
    unknown = set(answers) - solution_ids
    if unknown:
        raise ValueError(f"{student}: no solution cell named {', '.join(sorted(unknown))} in the release notebook")
    return notebook


def write_submission(course: Path, student: str, notebook: nbformat.NotebookNode, minutes_early: int) -> Path:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(notebook)
    if student.startswith("broken"):
        text = text[: len(text) // 2]  # cut mid-file: not JSON any more
    path = folder / f"{ASSIGNMENT}.ipynb"
    path.write_text(text, encoding="utf-8")
    submitted = DEADLINE - timedelta(minutes=minutes_early)
    (folder / "timestamp.txt").write_text(submitted.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
    return path


def make_submissions(release_path: Path, course: Path = DEMO / "course") -> list[Path]:
    release = nbformat.read(release_path, as_version=4)
    written = []
    for number, snippet in enumerate(sorted((DEMO / "answers").glob("*.py"))):
        student = snippet.stem
        written.append(write_submission(course, student, fill(release, read_answers(snippet), student), 7 * number + 3))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, default=Path("release") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                        help="the release notebook made by `nnkit build` (default: %(default)s)")
    args = parser.parse_args()
    if not args.release.is_file():
        parser.error(f"{args.release} does not exist: run `nnkit build` first")
    for path in make_submissions(args.release):
        print(path.relative_to(DEMO.parent))


if __name__ == "__main__":
    main()
