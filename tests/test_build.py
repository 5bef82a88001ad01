"""`nnkit build`: the committed release/, exercises/ and solutions/ are exactly what the build makes
from source/; the release leaks no solution and no hidden test; the .py files import."""

from __future__ import annotations

import ast
import functools
import inspect
import runpy
import shutil

import nbformat
import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext
from autograder.learner import LocalLearner
from autograder.runner import run_suite
from autograder.submission import plain_python
from nnkit.build import build_all, layout
from nnkit.build.pyfile import under_main
from nnkit.build.regions import BadRegion, regions, stubbed, without_markers
from build_course import ASSIGNMENTS, GENERATED, ROOT, fresh_build, generated_files


def snapshot(out):
    """Every generated file's bytes and modification time."""
    return {path: (content, (out / path).stat().st_mtime_ns) for path, content in generated_files(out).items()}


@pytest.mark.slow
def test_committed_files_match_a_fresh_build():
    fresh, committed = generated_files(fresh_build().out), generated_files(ROOT)
    assert sorted(fresh) == sorted(committed), "run `nnkit build` and commit release/, exercises/, solutions/"
    drifted = [path for path in fresh if fresh[path] != committed[path]]
    assert not drifted, f"{drifted} differ from a fresh build of source/: run `nnkit build` and commit them"


@pytest.mark.slow
def test_building_twice_changes_nothing(tmp_path):
    """A build over an earlier build rewrites nothing (same bytes, same modification times).

    The earlier build is the committed one: copying it saves a second nbgrader run (~15 s), and
    any drift from it fails here too."""
    for folder in GENERATED:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = snapshot(tmp_path)
    build_all(ROOT, tmp_path)
    assert snapshot(tmp_path) == before


def code_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_holds_no_solution_and_no_hidden_test(name):
    source = nbformat.read(str(layout.source_notebook(ROOT, name)), as_version=4)
    release_text = layout.release_notebook(ROOT, name).read_text(encoding="utf-8")
    release = nbformat.reads(release_text, as_version=4)
    released_lines = set().union(*(code_lines(cell.source) for cell in release.cells))

    solution_lines, public_lines = set(), set()
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            found = regions(cell.source)
            assert found, f"solution cell {cell.id} has no solution region"
            for region in found:
                solution_lines |= code_lines(region.text)
                assert region.text.strip() not in "\n".join(c.source for c in release.cells)
            public_lines |= code_lines(without_markers(cell.source)) - code_lines("\n".join(r.text for r in found))
        elif "BEGIN HIDDEN TESTS" not in cell.source:
            public_lines |= code_lines(cell.source)
    # a solution line may legitimately appear in the release only if the source shows it elsewhere too
    leaked = (solution_lines - public_lines) & released_lines
    assert not leaked, f"solution code in release/{name}: {sorted(leaked)}"
    # the release may call the learner's own self-check (autograder.notebook.check) and show questions
    # (autograder.questions.ask), nothing else of ours
    for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "grade_cell", "autograder.assignments", "BEGIN SOLUTION"):
        assert marker not in release_text, f"{marker!r} in release/{name}"
    allowed = ("from autograder.notebook import check", "from autograder.questions import ask")
    assert release_text.count("autograder") == sum(release_text.count(line) for line in allowed)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_exercise_stub_imports_and_matches_the_solution(name):
    exercise = runpy.run_path(str(layout.exercise_file(ROOT, name)), run_name="exercise")
    solution = runpy.run_path(str(layout.solution_file(ROOT, name)), run_name="solution")
    answers = sorted(key for key in solution if key.startswith("answer_"))
    assert {key: exercise.get(key, "missing") for key in answers} == dict.fromkeys(answers)
    defined = [key for key, value in solution.items() if inspect.isfunction(value) or inspect.isclass(value)]
    assert defined, f"solutions/{name}.py defines nothing"
    for key in defined:
        assert key in exercise, f"exercises/{name}.py lacks {key}"
        if inspect.isfunction(solution[key]):
            assert inspect.signature(exercise[key]) == inspect.signature(solution[key]), key


def test_stub_functions_raise_not_implemented():
    exercise = runpy.run_path(str(layout.exercise_file(ROOT, "activations")), run_name="exercise")
    with pytest.raises(NotImplementedError):
        exercise["relu"](0.0)
    # the provided class wraps the stubs, so it exists (and raises) as soon as the file is imported
    with pytest.raises(NotImplementedError):
        exercise["ActivationFunction"].sigmoid(0.0)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_file_imports_without_markers_or_tests(name):
    path = layout.solution_file(ROOT, name)
    text = path.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "grade_cell", "__main__"):
        assert marker not in text, f"{marker!r} in solutions/{name}.py"
    assert runpy.run_path(str(path), run_name="solution")


ANSWER_CELL = '''# Your answer: one letter.
answer_x = None
### BEGIN SOLUTION
answer_x = "b"
### END SOLUTION'''

FUNCTION_CELL = '''def f(Z):
    """Doc."""
    ### BEGIN SOLUTION
    return Z + 1
    ### END SOLUTION'''


def test_an_answer_cell_keeps_the_placeholder_in_the_stub_and_the_answer_in_the_solution():
    assert stubbed(ANSWER_CELL) == "# Your answer: one letter.\nanswer_x = None"
    assert without_markers(ANSWER_CELL) == '# Your answer: one letter.\nanswer_x = "b"'


def test_stub_of_a_function_keeps_signature_and_docstring():
    assert stubbed(FUNCTION_CELL) == 'def f(Z):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    assert without_markers(FUNCTION_CELL) == 'def f(Z):\n    """Doc."""\n    return Z + 1'


@pytest.mark.parametrize("cell", [
    "### BEGIN SOLUTION\nx = 1\n### END SOLUTION",  # top-level code that is not an answer
    "### BEGIN SOLUTION\nanswer_x = 1\n### END SOLUTION",  # the release would not name answer_x
    "### BEGIN SOLUTION\nanswer_x = 1\n### END SOLUTION\nanswer_x = None",  # the placeholder would undo it
    "### BEGIN SOLUTION\nanswer_x = 1",  # no end marker
    "def f():\n    return 1  ### END SOLUTION",  # a marker that is not a line of its own
])
def test_unsafe_solution_cells_stop_the_build(cell):
    with pytest.raises(BadRegion):
        stubbed(cell)


def test_checks_go_under_main_unless_indenting_would_change_a_string():
    assert under_main("x = 1\nprint(x)") == 'if __name__ == "__main__":\n    x = 1\n    print(x)'
    with pytest.raises(ValueError):
        under_main('text = """two\nlines"""')


# ---------------------------------------------------------------- every name a suite reads is shown
class RecordingLearner(LocalLearner):
    """The reference solution, run in-process, noting every top-level name a suite asks for
    ("Layer" for "Layer", "ActivationFunction" for "ActivationFunction.relu"; stored objects aside)."""

    def __init__(self, namespace: dict):
        super().__init__(namespace)
        self.read: set[str] = set()
        self.put: set[str] = set()

    def request(self, request, arrays=None):
        target = request.get("target", "")
        if target and not target.startswith("@"):
            name = target.split(".")[0]
            if request.get("op") == "set":
                self.put.add(name)  # a name the suite itself puts on the learner's side (an input it probes)
            elif name not in self.put:
                self.read.add(name)
        return super().request(request, arrays)


@functools.lru_cache(maxsize=None)
def names_read_by_suite(name: str) -> frozenset[str]:
    """Found by running the suite itself (wherever autograder.runner.suite_path puts it), so names
    read through helpers (choice_answer(learner, grading, test, "answer_x")) or parameters ("relu") count too."""
    from autograder.answer_keys import keys_in_notebook
    from autograder.context import GradingContext

    learner = RecordingLearner(runpy.run_path(str(layout.solution_file(ROOT, name)), run_name="solution"))
    keys = keys_in_notebook(layout.source_notebook(ROOT, name))  # the questions are judged, not left pending
    result = run_suite(name, learner, context=GradingContext(keys=keys))
    assert result.score == result.max_score, f"solutions/{name}.py should pass its suite"
    return frozenset(learner.read)


def top_level_names(code: str) -> set[str]:
    names = set()
    for statement in ast.parse(code).body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
        elif isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign):
            names |= {target.id for target in statement.targets if isinstance(target, ast.Name)}
    return names


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_name_a_suite_reads_is_named_in_the_release_notebook_and_the_stub(name):
    read = names_read_by_suite(name)
    answers = {n for n in read if n.startswith("answer_")}
    assert answers, f"the {name} suite reads no answer_ variable: the recording is broken"
    release = nbformat.read(str(layout.release_notebook(ROOT, name)), as_version=4)
    in_release = set().union(*(top_level_names(plain_python(cell.source)) for cell in release.cells if cell.cell_type == "code"))
    assert read <= in_release, f"release/{name} never names {sorted(read - in_release)}: learners cannot know them"
    stub = runpy.run_path(str(layout.exercise_file(ROOT, name)), run_name="exercise")
    assert read <= set(stub), f"exercises/{name}.py never defines {sorted(read - set(stub))}"
    assert all(stub[answer] is None for answer in answers)
