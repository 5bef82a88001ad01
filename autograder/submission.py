"""A submission, read into the code cells the learner's side will run.

`.py`: the whole file is one cell. `.ipynb`: every code cell except nbgrader's test cells
(grade cells that are not solution cells), in order; IPython magics and shell escapes are
dropped, since the sandbox runs plain Python.

`read_notebook` is the one way a submitted notebook is read, for `nnkit grade` and for a class
(`nnkit autograde`): without following links, size-capped, its JSON nesting bounded before it is
parsed, then validated by nbformat (and its nbgrader metadata by nbgrader's own schema), so the
code that reads cells afterwards never meets a list where an object belongs.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from autograder.submitted_files import MissingFile, RefusedFile, files_beside, read_file

MAX_NOTEBOOK_BYTES = 16 << 20  # a notebook of these exercises is ~50 KB; a few plots make it ~1 MB
MAX_PYTHON_BYTES = 2 << 20
MAX_NESTING = 64  # a notebook nests ~8 levels (cells, metadata, outputs); widget state a few more
MAX_CELLS = 5_000  # these notebooks have ~40; 150,000 empty cells in 16 MB take nbformat ~5 s to validate


class BadSubmission(ValueError):
    """The file cannot be graded at all (missing, not Python, not a notebook): one line saying why."""


class CodeCell(str):
    """A code cell's source that knows where the learner sees it.

    `number` counts every cell of the notebook from the top, text cells included (1 = the first
    cell), as Jupyter lists them: the same number in `nnkit check`, `check()` in the notebook,
    `nnkit grade`, autograde and the feedback page. None when it is not known.
    """

    number: int | None

    def __new__(cls, source: str, number: int | None = None):
        cell = super().__new__(cls, source)
        cell.number = number
        return cell

    def __reduce__(self):  # pickled whole to autograde's workers and dask
        return (CodeCell, (str(self), self.number))


@dataclass(frozen=True)
class Submission:
    path: Path
    cells: tuple[str, ...]


def plain_python(source: str) -> str:
    kept = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            kept.append(line[: len(line) - len(stripped)] + "pass  # " + stripped)
        else:
            kept.append(line)
    return "\n".join(kept)


def is_test_cell(cell: dict) -> bool:
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return bool(nbgrader.get("grade")) and not nbgrader.get("solution")


def code_cells(notebook: dict) -> tuple[str, ...]:
    """The learner's side of a notebook from `read_notebook`: every code cell but nbgrader's test
    cells, each knowing its place in the notebook."""
    cells = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        source = cell.get("source", "")
        cells.append(CodeCell(plain_python("".join(source) if isinstance(source, list) else source), number))
    return tuple(cells)


# ---------------------------------------------------------------- reading a notebook
def read_notebook(path: Path, within: Path | None = None) -> dict:
    """The notebook at `path`, validated; BadSubmission saying in one sentence why it cannot be graded.

    `within` is the folder the instructor named (its path is trusted); no link below it is followed.
    """
    path = Path(path)
    within = path.parent if within is None else Path(within)
    name = path.name
    try:
        data = read_file(path, within=within, max_bytes=MAX_NOTEBOOK_BYTES)
    except MissingFile as missing:
        others = [other for other in files_beside(path, within=within, suffix=".ipynb") if other != name]
        if others and missing.name == name:
            found = ", ".join(others)
            raise BadSubmission(f"{name} is missing; found {found}: rename "
                                f"{'it' if len(others) == 1 else 'the one to grade'} to {name}") from None
        raise BadSubmission(f"{missing} from the submission") from None
    except RefusedFile as refused:
        raise BadSubmission(str(refused)) from None
    if not data.strip():
        raise BadSubmission(f"{name} is empty ({len(data)} bytes): save the notebook in Jupyter and submit it again")
    from autograder.sandbox.child import parse_json  # the wire's parser: nesting bounded before parsing

    try:
        notebook = parse_json(data, MAX_NESTING)
    except UnicodeDecodeError:
        raise BadSubmission(f"{name} is not a notebook (not UTF-8 text)") from None
    except ValueError as error:
        raise BadSubmission(f"{name} is not a notebook (not valid JSON: {str(error)[:100]})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise BadSubmission(f"{name} is not a notebook (it has no list of cells)")
    if len(notebook["cells"]) > MAX_CELLS:
        raise BadSubmission(f"{name} has {len(notebook['cells'])} cells, more than the {MAX_CELLS} the grader reads")
    if SURROGATE_ESCAPE.search(data) and not storable(notebook):
        raise BadSubmission(f"{name} is not a valid notebook (it escapes half a Unicode character, \\ud800 or the like)")
    return validated(notebook, name)


# JSON may escape UTF-16 surrogates: a pair is one character, but a lone one makes text that no
# UTF-8 file can hold, so writing the autograded notebook or scores.csv would fail on every run.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def storable(value) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def validated(notebook: dict, name: str) -> dict:
    """The notebook as nbformat normalises it (cells without ids get ids, as when Jupyter opens it),
    once nbformat's validator and then nbgrader's metadata schema find nothing wrong with it."""
    version, minor = notebook.get("nbformat"), notebook.get("nbformat_minor", 0)
    if version != 4 or type(minor) is not int:
        raise BadSubmission(f"{name} is in notebook format {str(version)[:10]}.{str(minor)[:10]}, where nbgrader "
                            f"needs 4.x: open it in Jupyter, save it and submit it again")
    import_nbformat()
    from nbformat.validator import iter_validate, normalize

    try:
        if minor >= 5 and not all(isinstance(cell, dict) and "id" in cell for cell in notebook["cells"]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the missing-id warning, about the repair normalize makes
                _, notebook = normalize(notebook, version=4, version_minor=minor)  # a copy
        error = next(iter_validate(notebook, version=4, version_minor=minor), None)  # never mutates
    except Exception as crash:  # noqa: BLE001  nbformat meeting hostile JSON may fail in any way
        raise BadSubmission(f"{name} is not a valid notebook (nbformat cannot read it: {type(crash).__name__})") from None
    if error is None:
        fast, explained = nbgrader_metadata_schema()
        for index, cell in enumerate(notebook["cells"]):
            metadata = cell["metadata"].get("nbgrader")
            if metadata is not None and not valid(fast, metadata):
                error = next(explained.iter_errors(metadata), None)  # jsonschema's message and path, for the learner
                if error is None:  # the two validators disagree: still refused, with less detail
                    raise BadSubmission(f"{name} is not a valid notebook (cell {index + 1}: its nbgrader metadata)")
                error.absolute_path.extendleft(reversed(["cells", index, "metadata", "nbgrader"]))
                break
    if error is not None:
        raise BadSubmission(f"{name} is not a valid notebook ({where(error.absolute_path)}{one_line(error.message)})")
    return notebook


def where(path) -> str:
    """['cells', 3, 'metadata'] -> 'cell 4, metadata: '."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "cells" and isinstance(parts[1], int):
        rest = ".".join(str(part) for part in parts[2:])
        return f"cell {parts[1] + 1}{', ' + rest if rest else ''}: "
    return ".".join(str(part) for part in parts) + ": " if parts else ""


def one_line(message: str) -> str:
    from autograder.learner_text import capped

    return capped(" ".join(str(message).split()), 160)


def import_nbformat():
    """nbformat, without its slowest import: it imports jsonschema, which imports rfc3987_syntax
    when installed, and that builds a grammar at import time (about 1 s). jsonschema treats it as
    optional (only its "iri" format check needs it, which neither nbformat nor nbgrader uses), so
    it is hidden from this process when not yet imported."""
    import sys

    if "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes `import` raise ImportError
    import nbformat

    return nbformat


@functools.cache
def nbgrader_metadata_schema():
    """nbgrader's own JSON schema of a cell's `nbgrader` metadata (nbgraderformat/v3.json, read from
    the installed package without importing it: importing nbgrader costs ~2 s), relaxed as
    nbgrader itself applies it after upgrading old metadata and dropping unknown keys: every field
    nnkit reads keeps its type, but none is required (nnkit restores the gradebook's flags).
    Two validators of it: fastjsonschema's (as nbformat uses: ~50x faster, for every cell) and
    jsonschema's (its messages and paths, for the one cell that fails)."""
    import importlib.util

    import fastjsonschema
    import jsonschema

    spec = importlib.util.find_spec("nbgrader")
    folder = Path(next(iter(spec.submodule_search_locations)))
    schema = json.loads((folder / "nbgraderformat" / "v3.json").read_text(encoding="utf-8"))
    schema.pop("required", None)
    schema.pop("additionalProperties", None)
    schema["properties"]["schema_version"] = {"type": "integer"}
    return fastjsonschema.compile(schema), jsonschema.Draft4Validator(schema)


def valid(fast_validator, value) -> bool:
    import fastjsonschema

    try:
        fast_validator(value)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


# ---------------------------------------------------------------- a submission
def read_submission(path: str | Path) -> Submission:
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise BadSubmission(f"{path}: no such file")
    if path.is_dir() and not path.is_symlink():
        raise BadSubmission(f"{path} is a folder, not a .py or .ipynb file")
    if path.suffix == ".ipynb":
        return Submission(path, code_cells(read_notebook(path)))
    if path.suffix == ".py":
        try:
            source = read_file(path, within=path.parent, max_bytes=MAX_PYTHON_BYTES)
        except RefusedFile as refused:
            raise BadSubmission(str(refused)) from None
        try:
            return Submission(path, (source.decode("utf-8"),))
        except UnicodeDecodeError:
            raise BadSubmission(f"{path} is not a text file") from None
    raise BadSubmission(f"{path} is neither a Python file (.py) nor a notebook (.ipynb)")
