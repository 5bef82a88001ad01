"""`nnkit autograde` against a real nbgrader course: real gradebook, real sandbox, real kills."""

from __future__ import annotations

import contextlib
import csv
import html
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from test_autograde_course import (
    make_course,
    nbgrader,
    nbgrader_env,
    read,
    solved_notebook,
    submit,
    with_bug,
)

pytestmark = pytest.mark.slow
ASSIGNMENT = "activations"
FULL = 21.0  # docs/assignments.md: the activations tests' points
# bug -> (tests that must lose points, words the diagnosis of the first one must contain)
EXPECTED_BUGS = {
    "abs_relu": ("test_relu", "negative"),
    "naive_sigmoid": ("test_sigmoid_is_stable", "overflow"),
    "tanh_derivative_unsquared": ("test_tanh_derivative", "squar"),
    "relu_cell_raises": ("test_relu", "not defined"),
}
HONEST = [f"h{i:02d}" for i in range(6)]


@pytest.fixture(scope="module")
def class_course(tmp_path_factory) -> Path:
    """One generated course with honest, buggy, broken and missing submissions (copied per test)."""
    course = make_course(tmp_path_factory.mktemp("autograde") / "course", ASSIGNMENT)
    solved = solved_notebook(course, ASSIGNMENT)
    for index, student in enumerate(HONEST):
        submit(course, student, ASSIGNMENT, solved)
        bug = list(EXPECTED_BUGS)[index % len(EXPECTED_BUGS)]
        # interleaved with the honest ones, so one worker grades buggy and honest in turn
        submit(course, f"{student}_{bug}", ASSIGNMENT, with_bug(solved, ASSIGNMENT, bug))
    submit(course, "x_broken_upload", ASSIGNMENT, '{"cells": [ this is not JSON')
    submit(course, "x_no_notebook", ASSIGNMENT, None)
    return course


@pytest.fixture(scope="module")
def graded_course(class_course, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The class graded once by `nnkit autograde --workers 2` (read, never changed, by the tests using it)."""
    course = tmp_path_factory.mktemp("graded") / "course"
    shutil.copytree(class_course, course)
    return course, autograde(course, "--workers", "2")


@pytest.fixture
def course(class_course, tmp_path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(class_course, copy)
    return copy


def autograde(course: Path, *args: str, assignment: str = ASSIGNMENT, expect: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "nnkit.autograde", assignment, "--course", str(course), *args],
                          env=nbgrader_env(), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == expect, done.stderr[-3000:]
    return done


def summary(done: subprocess.CompletedProcess) -> dict[str, str]:
    """The summary table's rows: first words of the label -> value."""
    rows = {}
    for line in done.stderr.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if len(cells) == 2 and cells[0] and cells[1]:
            rows[cells[0].split(" (")[0]] = cells[1]
    return rows


@contextlib.contextmanager
def started_autograde(course: Path, *args: str) -> Iterator[subprocess.Popen]:
    """A run in the background; killed (never left behind) if the test fails while it runs."""
    run = subprocess.Popen([sys.executable, "-m", "nnkit.autograde", ASSIGNMENT, "--course", str(course), *args],
                           env=nbgrader_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield run
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()


def students(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "submitted").iterdir())


def expected_total(student: str) -> float | None:
    """Full marks for honest work, zero for unreadable work, None (less than full) for a bug."""
    if student in HONEST:
        return FULL
    if student.startswith("x_"):
        return 0.0
    return None


def gradebook_rows(course: Path) -> dict[str, tuple[str, float]]:
    """student -> (timestamp, total auto score), read straight from SQLite, with its row counts checked."""
    db = sqlite3.connect(course / "gradebook.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute(
            "SELECT s.student_id, s.timestamp, SUM(g.auto_score), COUNT(g.id) FROM submitted_assignment s "
            "JOIN submitted_notebook n ON n.assignment_id = s.id JOIN grade g ON g.notebook_id = n.id "
            "GROUP BY s.id").fetchall()
        cells = db.execute("SELECT COUNT(*) FROM grade_cells").fetchone()[0]
    finally:
        db.close()
    for student, _, _, grades in rows:
        assert grades == cells, f"{student} has {grades} grade rows for {cells} grade cells: a half-written submission"
    return {student: (timestamp, round(total or 0.0, 4)) for student, timestamp, total, _ in rows}


def assert_all_graded_right(course: Path) -> None:
    rows = gradebook_rows(course)
    assert sorted(rows) == students(course)  # every student exactly once (submitted_assignment is unique)
    for student, (timestamp, total) in rows.items():
        assert timestamp.startswith("2026-01-15 12:00:00")
        expected = expected_total(student)
        if expected is None:
            assert 0 < total < FULL, f"{student} scored {total}"
        else:
            assert total == expected, f"{student} scored {total}, expected {expected}"


def result(course: Path, student: str) -> dict:
    return read(course / "nnkit" / ASSIGNMENT / f"{student}.json")


def test_grades_every_student_into_nbgraders_gradebook(graded_course):
    course, done = graded_course
    assert_all_graded_right(course)
    # every bug costs points on the test it breaks, with a diagnosis that names the mistake
    for student in students(course):
        if "_" in student and not student.startswith("x_"):
            bug = student.split("_", 1)[1]
            test_name, words = EXPECTED_BUGS[bug]
            test = next(t for t in result(course, student)["tests"] if t["name"] == test_name)
            assert test["score"] < test["max_score"]
            assert words in test["output"].lower(), f"{student}: {test['output']}"
    # a cell that raises is named as the learner sees it: its place counting every cell, its first line
    raiser = next(s for s in students(course) if s.endswith("relu_cell_raises"))
    submitted = read(course / "submitted" / raiser / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    number = next(n for n, cell in enumerate(submitted["cells"], 1) if "".join(cell["source"]).startswith("raise RuntimeError"))
    output = result(course, raiser)["output"]
    assert f'cell {number} ("raise RuntimeError(\'not finished\')") raised RuntimeError' in output, output
    assert f'File "<cell {number}>", line 1' in output
    # unreadable submissions: zero, and the reason in the JSON and scores.csv
    assert "not a notebook" in result(course, "x_broken_upload")["output"]
    assert "missing" in result(course, "x_no_notebook")["output"]
    with open(course / "nnkit" / ASSIGNMENT / "scores.csv", newline="") as handle:
        scores = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(scores) == students(course)
    assert scores["x_no_notebook"]["status"] == "ungradable" and "missing" in scores["x_no_notebook"]["problem"]
    assert float(scores["h00"]["score"]) == FULL
    counts = summary(done)
    assert counts["graded"] == "12" and counts["failed to grade"] == "2" and counts["skipped"] == "0", counts
    # formgrader and generate_feedback read autograded/: the hidden test cells show the diagnoses
    autograded = read(course / "autograded" / "h00_abs_relu" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    outputs = {c["metadata"]["nbgrader"]["grade_id"]: c.get("outputs") for c in autograded["cells"]
               if c["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("test_")}
    assert "negative" in outputs["test_relu"][0]["text"].lower()
    assert (course / "autograded" / "h00" / ASSIGNMENT / "timestamp.txt").exists()
    assert not (course / "autograded" / "x_broken_upload").exists()


def test_rerun_skips_graded_and_regrades_new_timestamps_or_force(graded_course, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_course[0], course)
    before = gradebook_rows(course)
    again = autograde(course, "--workers", "2")
    assert summary(again)["skipped"] == str(len(students(course))) and gradebook_rows(course) == before
    # a resubmission (new timestamp) is graded again; nothing else is
    submit(course, "h01", ASSIGNMENT, with_bug(solved_notebook(course, ASSIGNMENT), ASSIGNMENT, "abs_relu"),
           timestamp="2026-01-16 09:30:00.000000 UTC")
    resubmitted = autograde(course, "--workers", "2")
    assert summary(resubmitted)["graded"] == "1"
    after = gradebook_rows(course)
    assert after["h01"][0].startswith("2026-01-16 09:30:00") and after["h01"][1] < FULL
    assert {s: r for s, r in after.items() if s != "h01"} == {s: r for s, r in before.items() if s != "h01"}
    forced = autograde(course, "--workers", "1", "--student", "h02", "--force")
    assert summary(forced)["graded"] == "1" and summary(forced)["skipped"] == "0"
    assert gradebook_rows(course)["h02"] == before["h02"]


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_killed_run_resumes_with_every_student_graded_once(course, kill):
    results = course / "nnkit" / ASSIGNMENT
    with started_autograde(course, "--workers", "2") as run:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(results.glob("*.json"))) < 4 and run.poll() is None:
            time.sleep(0.02)
        assert run.poll() is None, "the run finished before it could be interrupted: " + run.stderr.read()[-2000:]
        run.send_signal(kill)
        _, stderr = run.communicate(timeout=60)
    if kill == signal.SIGINT:
        assert run.returncode == 130 and "interrupted" in stderr, stderr[-2000:]
    else:
        assert run.returncode == -signal.SIGKILL
    time.sleep(0.2)
    assert not worker_processes(course), "grading workers outlived the killed run"
    partial = gradebook_rows(course)  # intact: integrity_check, no half-written submission
    assert len(partial) < len(students(course))
    autograde(course, "--workers", "2")
    assert_all_graded_right(course)
    for student, row in partial.items():
        assert gradebook_rows(course)[student] == row  # graded once: the resumed run skipped it


def test_a_worker_killed_mid_batch_costs_only_its_submission(course):
    with started_autograde(course, "--workers", "2") as run:
        grading = []  # a worker whose zygote has a sandboxed child: it is grading a submission now
        deadline = time.monotonic() + 120
        while not grading and time.monotonic() < deadline and run.poll() is None:
            workers = [pid for pid in children(run.pid) if b"nnkit.autograde" in cmdline(pid)]
            grading = [pid for pid in workers if any(children(zygote) for zygote in children(pid))]
            time.sleep(0.01)
        assert grading and run.poll() is None
        os.kill(grading[0], signal.SIGKILL)
        _, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr[-2000:]  # the batch went on without it
    lost = sorted({line.split(":")[0].strip() for line in stderr.splitlines() if "grading process died" in line})
    assert len(lost) == 1 and "not recorded" in stderr  # named, with the reason
    assert sorted(gradebook_rows(course)) == sorted(set(students(course)) - set(lost))
    autograde(course, "--workers", "2")  # the next run grades what the dead worker held
    assert_all_graded_right(course)


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rpartition(")")[2].split()[1] == str(pid):
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def worker_processes(course: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(course) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_same_points_per_cell_as_nbgrader_autograde(graded_course, tmp_path):
    course = graded_course[0]
    chosen = ["h00", "h01", "h00_abs_relu", "h01_naive_sigmoid"]
    twin = tmp_path / "twin"
    shutil.copytree(course, twin, ignore=shutil.ignore_patterns("submitted", "autograded", "nnkit", "gradebook.db"))
    for student in chosen:
        shutil.copytree(course / "submitted" / student, twin / "submitted" / student)
    nbgrader(twin, "generate_assignment", ASSIGNMENT, "--force")  # a fresh gradebook for nbgrader alone
    nbgrader(twin, "autograde", ASSIGNMENT)
    ours, theirs = cell_scores(course, chosen), cell_scores(twin, chosen)
    cells = sqlite3.connect(twin / "gradebook.db").execute("SELECT COUNT(*) FROM grade_cells").fetchone()[0]
    assert len(theirs) == len(chosen) * cells and set(ours) == set(theirs)
    assert ours == theirs


def cell_scores(course: Path, chosen: list[str]) -> dict[tuple[str, str], float | None]:
    db = sqlite3.connect(course / "gradebook.db")
    try:
        rows = db.execute(
            "SELECT s.student_id, b.name, g.auto_score FROM grade g JOIN base_cell b ON b.id = g.cell_id "
            "JOIN submitted_notebook n ON n.id = g.notebook_id JOIN submitted_assignment s ON s.id = n.assignment_id"
        ).fetchall()
    finally:
        db.close()
    return {(student, cell): score for student, cell, score in rows if student in chosen}


def test_nbgrader_export_and_generate_feedback_work_on_the_result(graded_course):
    course = graded_course[0]
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", newline="") as handle:
        exported = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    assert sorted(exported) == students(course)
    rows = gradebook_rows(course)
    for student, row in exported.items():
        assert float(row["raw_score"]) == pytest.approx(rows[student][1])
        assert float(row["max_score"]) == FULL
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--student", "h00_abs_relu")
    page = (course / "feedback" / "h00_abs_relu" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    relu = next(t for t in result(course, "h00_abs_relu")["tests"] if t["name"] == "test_relu")
    assert f"test_relu: {relu['score']:g}/{relu['max_score']:g}" in page  # the cell's output, as printed
    first_words = html.escape(relu["output"].splitlines()[0][:40], quote=False)
    assert first_words in page


def test_timed_out_calls_are_reported_and_graded(course):
    submit(course, "y_loops", ASSIGNMENT, with_bug(solved_notebook(course, ASSIGNMENT), ASSIGNMENT, "relu_loops_forever"))
    done = autograde(course, "--student", "y_loops", "--timeout", "0.5")
    outcome = result(course, "y_loops")
    assert outcome["extra_data"]["status"] == "timed out"
    relu = next(t for t in outcome["tests"] if t["name"] == "test_relu")
    assert relu["score"] == 0 and "did not finish" in relu["output"]
    # recorded (the sandbox gives up on a submission after repeated timeouts, so it may score 0)
    assert gradebook_rows(course)["y_loops"][1] == outcome["score"] < FULL
    assert summary(done)["timed out"] == "1"


def test_one_line_errors_for_what_cannot_be_graded(course):
    missing = autograde(course, assignment="layer", expect=2)  # a real suite, but not generated in this course
    assert missing.stderr.strip().count("\n") == 0 and "nbgrader generate_assignment layer" in missing.stderr
    unknown = autograde(course, assignment="poetry", expect=2)
    assert "unknown assignment" in unknown.stderr
    nobody = autograde(course, "--student", "nobody", expect=2)
    assert nobody.stderr.strip().count("\n") == 0 and "no submissions" in nobody.stderr


def test_dask_path_on_a_local_cluster(course):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = autograde(course, "--scheduler", cluster.scheduler_address)
        with Client(cluster) as client:
            ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert "grade_chunk" in ran  # graded by the cluster's workers, not by local ones
    assert summary(done)["graded"] == "12"
    assert_all_graded_right(course)


def test_timestamps_are_read_as_nbgrader_reads_them():
    from nbgrader.utils import parse_utc

    from nnkit.autograde.course import utc

    for text in ["2026-01-15 12:00:00.000000 UTC", "2026-01-15 13:00:00.5 +0100", "2026-01-15 04:00:00 America/Los_Angeles",
                 "2026-01-15T12:00:00Z", "2026-01-15 12:00:00"]:
        assert utc(text) == parse_utc(text), text
