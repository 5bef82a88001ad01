"""Reading what learners hand in, as root: every hostile file is one learner's one-line problem,
never a hang, a traceback, or a file outside the submission read on their behalf."""

from __future__ import annotations

import copy
import json
import os
import threading
from pathlib import Path

import pytest

from autograder.submission import MAX_NOTEBOOK_BYTES, BadSubmission, code_cells, read_notebook, read_submission
from nnkit.autograde.course import read_timestamp, utc

ROOT = Path(__file__).resolve().parents[1]
RELEASED = json.loads((ROOT / "release" / "layer" / "layer.ipynb").read_text())


def within_seconds(seconds: float, work):
    """work()'s value or exception; fails the test (instead of hanging it) if work() blocks."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)  # a blocked open() cannot be interrupted
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def edited(change) -> dict:
    notebook = copy.deepcopy(RELEASED)
    change(notebook)
    return notebook


def graded_cell(notebook: dict) -> dict:
    return next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id"))


def set_in(cell_of, key, value):
    def change(notebook):
        cell_of(notebook)[key] = value
    return change


# name -> (the notebook's content: text, or a function of the released notebook; words the reason has)
HOSTILE_NOTEBOOKS = {
    "empty": ("", "is empty (0 bytes)"),
    "whitespace": ("\n  \n", "is empty"),
    "not-json": ('{"cells": [ this is not JSON', "not valid JSON"),
    "not-utf8": (b"\xff\xfe{}", "not UTF-8"),
    "a-json-list": ("[1, 2]", "no list of cells"),
    "nested-100000-deep": ("[" * 100_000 + "]" * 100_000, "nested 100000 levels deep"),
    "metadata-a-list": (set_in(lambda nb: nb, "metadata", []), "metadata: [] is not of type 'object'"),
    "cell-metadata-a-list": (set_in(lambda nb: nb["cells"][2], "metadata", []), "cell 3, metadata"),
    "nbgrader-metadata-a-string": (lambda nb: graded_cell(nb)["metadata"].update(nbgrader="yes"),
                                   "metadata.nbgrader: 'yes' is not of type 'object'"),
    "grade-id-a-list": (lambda nb: graded_cell(nb)["metadata"]["nbgrader"].update(grade_id=["a"]),
                        "grade_id: ['a'] is not of type 'string'"),
    "points-a-string": (lambda nb: graded_cell(nb)["metadata"]["nbgrader"].update(points="all"), "points"),
    "source-list-holds-an-int": (set_in(lambda nb: nb["cells"][2], "source", ["x = 1\n", 1]), "cell 3, source"),
    "cell-id-a-list": (set_in(lambda nb: nb["cells"][2], "id", ["x"]), "not a valid notebook"),
    "cells-not-objects": (lambda nb: nb["cells"].append("print('hi')"), "not a valid notebook"),
    "format-3": (lambda nb: nb.update(nbformat=3), "notebook format 3"),
    "huge-metadata-string": (set_in(lambda nb: nb["cells"][2], "metadata", "m" * 1_000_000), "characters cut"),
    "lone-surrogate": (json.dumps(RELEASED).replace('"metadata": {', '"metadata": {"x": "\\ud800", ', 1),
                       "half a Unicode character"),
    "100000-empty-cells": (lambda nb: nb.update(cells=[{"cell_type": "raw", "id": "r", "metadata": {}, "source": ""}]
                                                * 100_000), "has 100000 cells, more than the 5000"),
}


def write(path: Path, content) -> None:
    if callable(content):
        content = json.dumps(edited(content))
    path.write_bytes(content if isinstance(content, bytes) else content.encode())


@pytest.mark.parametrize("content, words", HOSTILE_NOTEBOOKS.values(), ids=HOSTILE_NOTEBOOKS.keys())
def test_a_malformed_notebook_is_one_line_saying_why(tmp_path, content, words):
    path = tmp_path / "layer.ipynb"
    write(path, content)
    with pytest.raises(BadSubmission) as bad:
        read_notebook(path)
    reason = str(bad.value)
    assert words in reason and reason.startswith("layer.ipynb ")
    assert "\n" not in reason and len(reason) < 400, reason


def test_what_nbformat_repairs_itself_is_accepted(tmp_path):
    """Cells without ids, unknown nbgrader keys: nbformat and nbgrader repair these, so must we."""
    def change(notebook):
        for cell in notebook["cells"]:
            cell.pop("id", None)
        graded_cell(notebook)["metadata"]["nbgrader"]["added_by_an_extension"] = True
    path = tmp_path / "layer.ipynb"
    write(path, change)
    assert code_cells(read_notebook(path)) == code_cells(RELEASED)


def test_escaped_characters_are_fine_when_whole(tmp_path):
    path = tmp_path / "layer.ipynb"
    path.write_text(json.dumps(RELEASED).replace('"metadata": {', '"metadata": {"emoji": "\\ud83d\\ude00", ', 1))
    assert "\U0001F600" in json.dumps(read_notebook(path), ensure_ascii=False)


def test_a_file_name_that_is_not_utf8_is_shown_as_text_that_can_be_stored(tmp_path):
    os.close(os.open(os.fsencode(tmp_path) + b"/layer\xff-Copy1.ipynb", os.O_CREAT | os.O_WRONLY))
    with pytest.raises(BadSubmission) as bad:
        read_notebook(tmp_path / "layer.ipynb")
    assert "found layer\ufffd-Copy1.ipynb" in str(bad.value)
    str(bad.value).encode("utf-8")


def test_a_notebook_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "layer.ipynb"
    with path.open("wb") as sparse:  # a hole: no disk used, and reading it would take a while
        sparse.truncate(MAX_NOTEBOOK_BYTES + 1)
    with pytest.raises(BadSubmission, match="more than the 16.0 MB the grader reads"):
        read_notebook(path)


@pytest.mark.parametrize("suffix", [".ipynb", ".py"])
def test_a_fifo_is_refused_at_once(tmp_path, suffix):
    path = tmp_path / f"layer{suffix}"
    os.mkfifo(path)
    with pytest.raises(BadSubmission, match="is a named pipe, not a file"):
        within_seconds(5, lambda: read_submission(path))


@pytest.mark.parametrize("suffix", [".ipynb", ".py"])
def test_a_symbolic_link_is_not_followed(tmp_path, suffix):
    secret = tmp_path / "secret"
    secret.write_text(json.dumps(RELEASED) if suffix == ".ipynb" else "SECRET = 1\n")
    path = tmp_path / f"layer{suffix}"
    path.symlink_to(secret)
    with pytest.raises(BadSubmission, match="is a symbolic link, which the grader does not follow"):
        read_submission(path)


def test_a_link_anywhere_below_the_instructors_folder_is_refused(tmp_path):
    """submitted/mallory -> submitted/alice: reading mallory's notebook must not read alice's."""
    submitted = tmp_path / "submitted"
    (submitted / "alice" / "layer").mkdir(parents=True)
    (submitted / "alice" / "layer" / "layer.ipynb").write_text(json.dumps(RELEASED))
    (submitted / "mallory").symlink_to(submitted / "alice")
    (submitted / "eve").mkdir()
    (submitted / "eve" / "layer").symlink_to(submitted / "alice" / "layer")
    assert read_notebook(submitted / "alice" / "layer" / "layer.ipynb", within=submitted)
    for student in ("mallory", "eve"):
        with pytest.raises(BadSubmission, match="symbolic link"):
            read_notebook(submitted / student / "layer" / "layer.ipynb", within=submitted)


def test_a_copy_under_another_name_is_named_with_what_to_do(tmp_path):
    (tmp_path / "layer-Copy1.ipynb").write_text(json.dumps(RELEASED))
    with pytest.raises(BadSubmission) as bad:
        read_notebook(tmp_path / "layer.ipynb")
    assert str(bad.value) == "layer.ipynb is missing; found layer-Copy1.ipynb: rename it to layer.ipynb"
    (tmp_path / "layer-Copy1.ipynb").unlink()
    with pytest.raises(BadSubmission, match="^layer.ipynb is missing from the submission$"):
        read_notebook(tmp_path / "layer.ipynb")


# ---------------------------------------------------------------- timestamp.txt
def submission_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "submitted" / "bob" / "layer"
    folder.mkdir(parents=True)
    return folder, tmp_path / "submitted"


def test_a_good_timestamp_is_read(tmp_path):
    folder, within = submission_folder(tmp_path)
    (folder / "timestamp.txt").write_text("2026-01-15 12:00:00.000000 UTC\n")
    assert read_timestamp(folder, within) == ("2026-01-15 12:00:00.000000 UTC", "")
    (folder / "timestamp.txt").unlink()
    assert read_timestamp(folder, within) == (None, "")  # none written: no warning either


HOSTILE_TIMESTAMPS = {
    "zone-of-300-letters": "2026-01-15 12:00:00 " + "A" * 300,
    "zone-that-is-a-path": "2026-01-15 12:00:00 ../../../../etc/shadow",
    "zone-that-is-absolute": "2026-01-15 12:00:00 /etc/passwd",
    "a-megabyte": "2026-01-15 12:00:00 UTC" + " " * 1_000_000,
    "not-a-date": "yesterday, more or less",
    "a-huge-year": "99999999999999999999-01-15 12:00:00 UTC",
    "escape-sequences": "2026-01-15 12:00:00 \x1b[2J",
    "not-ascii": "2026-01-15 12:00:00 Europe/Zürich",
}


@pytest.mark.parametrize("text", HOSTILE_TIMESTAMPS.values(), ids=HOSTILE_TIMESTAMPS.keys())
def test_a_hostile_timestamp_is_ignored_with_a_warning(tmp_path, text):
    folder, within = submission_folder(tmp_path)
    (folder / "timestamp.txt").write_text(text)
    timestamp, warning = read_timestamp(folder, within)
    assert timestamp is None and "graded without a timestamp" in warning and "\n" not in warning


def test_a_fifo_or_a_link_as_timestamp_is_ignored_at_once(tmp_path):
    folder, within = submission_folder(tmp_path)
    os.mkfifo(folder / "timestamp.txt")
    assert "named pipe" in within_seconds(5, lambda: read_timestamp(folder, within))[1]
    (folder / "timestamp.txt").unlink()
    (folder / "timestamp.txt").symlink_to("/etc/hostname")
    assert "symbolic link" in read_timestamp(folder, within)[1]


@pytest.mark.parametrize("text", HOSTILE_TIMESTAMPS.values(), ids=HOSTILE_TIMESTAMPS.keys())
def test_utc_never_raises(text):
    assert utc(text) is None or utc(text).year == 2026
