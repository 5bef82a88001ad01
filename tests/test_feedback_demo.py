"""`nnkit demo` end to end on the bundled class: real nbgrader, the real sandboxed autograder,
nbgrader's gradebook read back, and a feedback page for every student."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

from nnkit.feedback.demo import run_demo

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
STUDENTS = sorted(path.stem for path in (DEMO / "answers").glob("*.py"))
CORRECT = {"ada_lovelace", "alan_turing", "grace_hopper"}  # right, each written its own way
UNGRADABLE = {"broken_upload"}


def test_every_snippet_has_its_submission_and_they_agree():
    """The committed notebooks are what demo/make_submissions.py makes from the snippets."""
    spec = importlib.util.spec_from_file_location("make_submissions", DEMO / "make_submissions.py")
    make_submissions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_submissions)

    assert len(STUDENTS) >= 12
    submitted = sorted(path.name for path in (DEMO / "course" / "submitted").iterdir())
    assert submitted == STUDENTS
    for student in STUDENTS:
        folder = DEMO / "course" / "submitted" / student / "layer"
        assert (folder / "timestamp.txt").read_text().endswith(" UTC")
        if student in UNGRADABLE:
            with pytest.raises(json.JSONDecodeError):
                json.loads((folder / "layer.ipynb").read_text())
            continue
        notebook = nbformat.read(folder / "layer.ipynb", as_version=4)
        cells = {c.metadata["nbgrader"]["grade_id"]: c.source for c in notebook.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
        for cell, source in make_submissions.read_answers(DEMO / "answers" / f"{student}.py").items():
            assert cells[cell] == source, (student, cell)


@pytest.mark.slow
def test_demo_grades_the_class_and_writes_every_page(tmp_path, capfd):
    work = tmp_path / "demo-course"
    rows = run_demo(ROOT, work)
    printed = capfd.readouterr().out

    scores = {student: (score, max_score) for student, score, max_score in rows}
    assert sorted(scores) == STUDENTS  # every submission is in nbgrader's gradebook
    assert all(max_score == 25 for _, max_score in scores.values())
    for student in STUDENTS:
        score = scores[student][0]
        if student in CORRECT:
            assert score == 25, student
        elif student in UNGRADABLE:
            assert score == 0
        else:
            assert 0 < score < 25, (student, score)  # each bug (or the cheat) costs marks, not everything
        result = json.loads((work / "nnkit" / "layer" / f"{student}.json").read_text())
        assert result["score"] == pytest.approx(score, abs=1e-3)  # the gradebook and the JSON agree
        page = (work / "feedback" / student / "layer" / "layer.html").read_text()
        assert f'<span id="student">{student}</span>' in page
        for test in result["tests"]:
            assert f'id="check-{test["name"]}"' in page
        assert student in printed
    assert "Your submission could not be graded" in (work / "feedback" / "broken_upload" / "layer" / "layer.html").read_text()
    assert "$ nbgrader generate_assignment layer" in printed and "$ nnkit feedback layer" in printed
    assert not (DEMO / "course" / "source").exists()  # the demo's source is a copy made at demo time
