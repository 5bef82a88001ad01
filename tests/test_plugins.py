"""Instructors' plug-ins (docs/plugins.md), on the worked example docs/examples/softmax_output: a
course with an assignment of its own, released with the real nbgrader and graded by every path a
built-in is graded by (nnkit autograde on a dask cluster, feedback and grade); its catalogue graded as each file's
header says; its suite audited; the same plug-in found through an installed package's entry point
and, in a Jupyter kernel, through NNKIT_ASSIGNMENT_PATH; and every code sample of the documentation
checked against the example's files.

Expensive set-up is shared: one nbgrader release (the `course` fixture) and one pool that grades
the whole catalogue (the `graded` fixture).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext
from autograder.grading import grade_path
from autograder.registry import course_scope, find_assignment, scope_near, UnknownAssignment
from nnkit.build.cells import read_cells
from nnkit.build.exercises import exercise_text
from nnkit.build.solutions import solution_text
from test_autograde_course import REPO, nbgrader, read, solved_notebook, submit
from test_catalogue import read_entry, report
from test_course_assignments import nnkit, release_copy, scores

NAME = "softmax_output"
EXAMPLE = REPO / "docs" / "examples" / NAME
PLUGIN = EXAMPLE / "nnkit_assignments" / NAME
SOURCE = EXAMPLE / "source" / NAME / f"{NAME}.ipynb"
CATALOGUE = sorted(PLUGIN.glob("catalogue/*/*.py"))
MAX_SCORE = 20.0
# What nbgrader and nnkit write when the example is used in place (its .gitignore): never copied.
WRITTEN = ("release", "submitted", "autograded", "feedback", "nnkit", "build", "gradebook.db", "__pycache__")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The example course, copied and released with the real `nbgrader generate_assignment`."""
    course = tmp_path_factory.mktemp("plugins") / "course"
    shutil.copytree(EXAMPLE, course, ignore=shutil.ignore_patterns(*WRITTEN))
    nbgrader(course, "generate_assignment", NAME, "--force")
    return course


# ---------------------------------------------------------------- a course's own assignment, end to end
@pytest.mark.slow
def test_the_course_releases_and_grades_its_own_assignment(course, tmp_path):
    released = (course / "release" / NAME / f"{NAME}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in released and "grade_cell" not in released and '"answer":' not in released
    assert "answer_why_A_minus_Y = None" in released  # the answer cells name what the suite reads
    submit(course, "honest", NAME, solved_notebook(course, NAME))
    submit(course, "idle", NAME, release_copy(course, NAME))
    # on a dask cluster (the worker pool grades `nnkit new`'s plug-in in tests/test_course_assignments.py)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = nnkit(course, "autograde", NAME, "--course", str(course), "--scheduler", cluster.scheduler_address)
        with Client(cluster) as client:
            ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert done.returncode == 0, done.stderr
    assert "grade_chunk" in ran  # graded by the cluster's workers
    assert scores(course, NAME) == {"honest": MAX_SCORE, "idle": 0.0}
    pages = nnkit(course, "feedback", NAME, "--course", str(course))
    assert pages.returncode == 0, pages.stderr
    assert all(list((course / "feedback" / student / NAME).glob("*.html")) for student in ("honest", "idle"))
    for student, expected in (("honest", MAX_SCORE), ("idle", 0.0)):
        out = tmp_path / f"{student}.json"
        graded = nnkit(course, "grade", str(course / "submitted" / student / NAME / f"{NAME}.ipynb"),
                       "--assignment", NAME, "--json", str(out))
        assert graded.returncode == 0, graded.stderr
        assert read(out)["score"] == expected, graded.stdout  # the questions' keys come from the course's source/


# ---------------------------------------------------------------- the catalogue, the reference and the stub
def grade_example(path: Path):
    """One run as the instructor's `nnkit grade` makes it in the example course: the sandbox, a fresh
    secret seed, and the answer keys of the course's source notebook."""
    return grade_path(path, NAME, scope=course_scope(EXAMPLE), context=GradingContext(keys=keys_in_notebook(SOURCE)))


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, object]:
    """Every catalogued file, the reference solution and the released stub (both made from the source
    notebook as `nnkit build` makes them), graded up front in two worker processes."""
    built = tmp_path_factory.mktemp("softmax_output_build")
    cells = read_cells(SOURCE)
    (built / "reference.py").write_text(solution_text(NAME, cells), encoding="utf-8")
    (built / "stub.py").write_text(exercise_text(NAME, cells), encoding="utf-8")
    files = {**{path.stem: path for path in CATALOGUE}, "reference": built / "reference.py", "stub": built / "stub.py"}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {key: pool.submit(grade_example, path) for key, path in files.items()}
        return {key: future.result() for key, future in futures.items()}


def plugin_module(name: str):
    """A module of the example's plug-in, imported as a package of another name (nothing is added to
    sys.path, so later suites named softmax_output are imported from wherever they are)."""
    import importlib
    import importlib.util

    package = "softmax_output_under_test"
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(package, PLUGIN / "__init__.py",
                                                      submodule_search_locations=[str(PLUGIN)])
        sys.modules[package] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return importlib.import_module(f"{package}.{name}")


def test_cross_entropy_mistakes_stand_far_from_the_right_loss():
    """The suite accepts a loss within CE_TOLERANCE of the right one and names a mistake within
    CE_MODEL_TOLERANCE of its model: on the suite's cases every model is much farther away."""
    bugs, maths, suite = plugin_module("bugs"), plugin_module("maths"), plugin_module("suite")
    rng = np.random.default_rng(20261201)
    closest = np.inf
    for classes, m in suite.SHAPES.values():
        for _ in range(500):
            A = maths.softmax(rng.uniform(-suite.LOGIT_RANGE, suite.LOGIT_RANGE, (classes, m)))
            Y = suite.one_hot(rng, classes, m)
            right = maths.cross_entropy(A, Y)
            assert A.min() > 0.012  # the bound LOGIT_RANGE's comment computes
            for model in bugs.CROSS_ENTROPY_MISTAKES.values():
                if m > 1 or model(A, Y) != pytest.approx(right):  # a sum over m = 1 is the mean
                    closest = min(closest, abs(model(A, Y) - right))
    assert closest > 0.04 and closest > 100 * bugs.CE_MODEL_TOLERANCE
    # a clip moves a sum over m examples by up to m times what it moves the mean
    assert bugs.CE_MODEL_TOLERANCE >= max(m for _, m in suite.SHAPES.values()) * suite.CE_TOLERANCE


def test_the_catalogue_is_the_size_the_brief_asks():
    kinds = [path.parent.name for path in CATALOGUE]
    assert kinds.count("buggy") >= 8 and kinds.count("correct") >= 4


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_catalogued_submission(path, graded):
    entry = read_entry(path)
    result = graded[path.stem]
    if entry.full_marks:
        assert result.score == result.max_score == MAX_SCORE, f"{entry} ({entry.what}):\n{report(result)}"
        return
    assert result.score < result.max_score, f"{entry} ({entry.what}) got full marks"
    for test_name, substring in entry.expects:
        test = result.test(test_name)
        assert test.score < test.max_score, f"{entry} should lose points on {test_name}:\n{report(result)}"
        assert any(substring in diagnosis for diagnosis in test.diagnoses), (
            f"{entry}: no diagnosis of {test_name} contains {substring!r}:\n{report(result)}")


def test_reference_full_marks_and_stub_zero(graded):
    assert graded["reference"].score == MAX_SCORE, report(graded["reference"])
    assert graded["stub"].score == 0, report(graded["stub"])


# ---------------------------------------------------------------- the audit
# Full audit of the example (docs/plugins.md): 107 mutants, 89 killed, 12 probably equivalent, 94%.
# A sample of 40 mutants (every kind of mistake in turn) keeps this test short.
AUDIT_SAMPLE, AUDIT_MINIMUM = 40, 0.9


@pytest.mark.slow
def test_the_audit_reaches_its_mutation_score(tmp_path):
    out = tmp_path / "audit.json"
    audited = nnkit(tmp_path, "audit", NAME, "--course", str(EXAMPLE), "--max", str(AUDIT_SAMPLE), "--workers", "2",
                    "--minimum", str(AUDIT_MINIMUM), "--json", str(out))
    assert audited.returncode == 0, audited.stdout[-3000:] + audited.stderr
    audit = read(out)
    assert audit["mutants"] == AUDIT_SAMPLE and not audit["grader_errors"]
    assert audit["score"] >= AUDIT_MINIMUM


# ---------------------------------------------------------------- an installed plug-in
def installed_copy(site: Path) -> None:
    """The example's plug-in as `pip install` of its pyproject.toml leaves it: the package (no
    catalogue) and a dist-info whose entry_points.txt holds the project's entry points."""
    shutil.copytree(PLUGIN, site / NAME, ignore=shutil.ignore_patterns("catalogue", "__pycache__"))
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    lines = [f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in points.items())
             for group, points in project["entry-points"].items()]
    (info / "entry_points.txt").write_text("\n".join(lines))


@pytest.mark.slow
def test_an_installed_plugin_is_graded_through_its_entry_point(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    installed_copy(site)
    # a course without the plug-in's folder: only its source notebook (the answer keys)
    course = tmp_path / "course"
    (course / "source" / NAME).mkdir(parents=True)
    shutil.copy(SOURCE, course / "source" / NAME)
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.Nnkit.assignment_folders = []\n")
    (tmp_path / "reference.py").write_text(solution_text(NAME, read_cells(SOURCE)), encoding="utf-8")
    grade = ("grade", str(tmp_path / "reference.py"), "--assignment", NAME, "--json", str(tmp_path / "out.json"))

    unknown = nnkit(course, *grade)
    assert unknown.returncode == 2 and f"unknown assignment '{NAME}'" in unknown.stderr
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    where = subprocess.run([sys.executable, "-c", f"from autograder.registry import find_assignment; "
                            f"print(find_assignment({NAME!r}).folder)"], env=env, capture_output=True, text=True, cwd=course)
    assert where.stdout.strip() == str(site / NAME), where.stderr
    graded = subprocess.run([sys.executable, "-m", "nnkit.cli", *grade], env=env, cwd=course, capture_output=True,
                            text=True, timeout=600)
    assert graded.returncode == 0, graded.stderr
    assert read(tmp_path / "out.json")["score"] == MAX_SCORE, graded.stdout


# ---------------------------------------------------------------- NNKIT_ASSIGNMENT_PATH
def test_NNKIT_ASSIGNMENT_PATH_adds_folders_of_assignments(tmp_path, monkeypatch):
    monkeypatch.delenv("NNKIT_ASSIGNMENT_PATH", raising=False)
    with pytest.raises(UnknownAssignment):
        find_assignment(NAME, scope_near(tmp_path))
    monkeypatch.setenv("NNKIT_ASSIGNMENT_PATH", os.pathsep.join([str(tmp_path / "absent"), str(PLUGIN.parent)]))
    assert find_assignment(NAME, scope_near(tmp_path)).folder == PLUGIN


def printed(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")


@pytest.mark.slow
def test_hidden_cells_and_check_find_the_plugin_through_NNKIT_ASSIGNMENT_PATH(tmp_path, monkeypatch):
    """A real kernel, in a folder of no course, runs the source notebook top to bottom: the reference
    solution, the visible checks, every hidden cell (as nbgrader runs them) and the check cell."""
    import nbclient

    path = tmp_path / f"{NAME}.ipynb"
    shutil.copy(SOURCE, path)
    notebook = nbformat.read(str(path), as_version=4)
    monkeypatch.setenv("NNKIT_ASSIGNMENT_PATH", str(PLUGIN.parent))
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))  # what Jupyter Server tells the kernel it runs
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    nbclient.NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {cell.metadata["nbgrader"]["grade_id"]: printed(cell) for cell in notebook.cells if cell.cell_type == "code"}
    hidden = [grade_id for grade_id in outputs if grade_id.startswith("test_")]
    assert len(hidden) == 11
    assert all(f"{grade_id}: passed" in outputs[grade_id] for grade_id in hidden), outputs
    assert "18 / 18 (+ 2 points of questions, graded when you submit)" in outputs["check_your_work"], outputs


# ---------------------------------------------------------------- the documentation's samples
DOC = REPO / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
FILE_LINK = re.compile(r"\]\(([^)\s]+\.(?:py|toml|ipynb))\)")


def doc_samples() -> list[tuple[str, str, Path | None]]:
    """(language, code, the file it is quoted from) of every fenced block of docs/plugins.md: the file
    is the last one the text since the previous block links to, else the previous block's."""
    text = DOC.read_text(encoding="utf-8")
    samples, position, source = [], 0, None
    for match in FENCE.finditer(text):
        links = FILE_LINK.findall(text[position:match.start()])
        if links:
            source = (DOC.parent / links[-1]).resolve()
        samples.append((match[1], match[2], source))
        position = match.end()
    return samples


def code_of(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        return [cell.source for cell in nbformat.read(str(path), as_version=4).cells if cell.cell_type == "code"]
    return [path.read_text(encoding="utf-8")]


def quoted(sample: str, source: str) -> bool:
    """The sample is a run of the source's lines, all indented alike (a method may be quoted without
    its class's indentation)."""
    lines, text = sample.rstrip("\n").split("\n"), source.split("\n")
    for start, first in enumerate(text):
        indent = first[: len(first) - len(lines[0])]
        if not first.endswith(lines[0]) or indent.strip():
            continue
        window = text[start:start + len(lines)]
        if len(window) == len(lines) and all(got == indent + want if want else not got.strip()
                                             for got, want in zip(window, lines)):
            return True
    return False


def test_every_code_sample_of_the_doc_is_quoted_from_a_real_file():
    samples = doc_samples()
    assert {language for language, _, _ in samples} <= {"python", "toml", "bash", "text"}
    code = [(language, sample, source) for language, sample, source in samples if language in ("python", "toml")]
    assert len(code) >= 20
    wrong = [f"{source}:\n{sample}" for _, sample, source in code
             if source is None or not source.is_file() or not any(quoted(sample, text) for text in code_of(source))]
    assert not wrong, "samples of docs/plugins.md found in no file they link to:\n\n" + "\n\n".join(wrong)
    assert {source for _, _, source in code} >= {PLUGIN / "suite.py", PLUGIN / "bugs.py", SOURCE}


def test_every_command_and_file_the_doc_names_exists():
    import typer
    from nbgrader.apps.nbgraderapp import NbGraderApp

    from nnkit import cli

    commands = typer.main.get_command(cli.app).commands
    for language, sample, _ in doc_samples():
        if language == "text":  # the folder's tree: its first line, then one entry a line
            root, *entries = [line.split()[0] for line in sample.splitlines() if line.strip()]
            assert (EXAMPLE / root).is_dir() and all((EXAMPLE / root / entry).exists() for entry in entries), sample
        for line in sample.splitlines() if language == "bash" else ():
            program, verb, *words = shlex.split(line, comments=True)
            if program == "nbgrader":
                assert verb in NbGraderApp.subcommands, line
                continue
            assert program == "nnkit" and verb in commands, line
            options = {option for parameter in commands[verb].params
                       for option in (*parameter.opts, *parameter.secondary_opts)}
            assert all(word in options for word in words if word.startswith("-")), line
