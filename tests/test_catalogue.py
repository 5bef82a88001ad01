"""Every catalogued submission, graded for real by its hidden suite.

<assignment folder>/catalogue/buggy/*.py and .../correct/*.py (see docs/catalogue.md) are
complete submissions. Each starts with comment lines:

    # catalogue: layer
    # what: dW transposed
    # expect: test_backward_dW: transposed      (a test that must lose points, and a substring of its diagnosis)
    # expect: full marks                        (correct submissions)

A buggy submission must lose points, and lose them on every `expect` test with that diagnosis;
a correct one must get full marks. The generated reference solutions (solutions/<name>.py) must
get full marks and the released stubs (exercises/<name>.py) zero.
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.grading import grade_path
from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext
from autograder.registry import find_assignment, known

ROOT = Path(__file__).resolve().parent.parent

# Grade through the sandbox, as `nnkit grade` does, once the sandbox exists; until then in-process.
SANDBOX = (ROOT / "autograder" / "sandbox" / "client.py").exists()
GRADING = "sandboxed child process" if SANDBOX else "in-process LocalLearner (autograder/sandbox/client.py is missing)"
if not SANDBOX:
    warnings.warn(f"the catalogue is graded without the sandbox: {GRADING}", stacklevel=1)


@dataclass(frozen=True)
class Entry:
    path: Path
    assignment: str
    kind: str  # "buggy" or "correct"
    what: str
    expects: tuple[tuple[str, str], ...]  # (test name, diagnosis substring); empty for full marks
    full_marks: bool

    def __str__(self) -> str:
        return f"{self.assignment}/{self.kind}/{self.path.stem}"


class BadHeader(ValueError):
    pass


def read_entry(path: Path) -> Entry:
    assignment, kind = path.parent.parent.parent.name, path.parent.name  # <assignment>/catalogue/<kind>/<file>
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, separator, value = line[1:].strip().partition(":")
        if separator:
            fields.setdefault(key.strip(), []).append(value.strip())
    if fields.get("catalogue") != [assignment]:
        raise BadHeader(f"{path}: the first line must be '# catalogue: {assignment}'")
    if not fields.get("what"):
        raise BadHeader(f"{path}: a '# what: ...' line says what the submission does")
    expects, full_marks = [], False
    for value in fields.get("expect", []):
        if value == "full marks":
            full_marks = True
            continue
        test, separator, substring = value.partition(":")
        if not separator or not test.strip().startswith("test_") or not substring.strip():
            raise BadHeader(f"{path}: '# expect: {value}' must read '# expect: test_name: part of its diagnosis'")
        expects.append((test.strip(), substring.strip()))
    if kind == "correct" and (not full_marks or expects):
        raise BadHeader(f"{path}: a correct submission expects exactly 'full marks'")
    if kind == "buggy" and (full_marks or not expects):
        raise BadHeader(f"{path}: a buggy submission names at least one test it must fail, and not 'full marks'")
    return Entry(path, assignment, kind, fields["what"][0], tuple(expects), full_marks)


def catalogue_files() -> list[Path]:
    return sorted(p for assignment in known().values() for p in assignment.catalogue.glob("*/*.py")
                  if p.parent.name in ("buggy", "correct"))


def grade(path: Path, assignment: str):
    """One graded run as the instructor's `nnkit grade` makes it: a fresh secret seed (shown in
    every failure, to replay it) and the answer keys of the source notebook."""
    notebooks = find_assignment(assignment).source_notebooks()
    keys = keys_in_notebook(notebooks[0]) if notebooks else {}
    return grade_path(path, assignment, sandbox=SANDBOX, context=GradingContext(keys=keys))


def grade_catalogued(path: Path):
    return grade(path, read_entry(path).assignment)


# Grading one submission is mostly pytest start-up and the sandbox's round trips, one core each;
# the selected files are graded up front in worker processes (fresh interpreters: a forked copy
# would share this process's sandbox zygote), one per core.
WORKERS = max(1, min(2, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def graded(request) -> dict[Path, Future]:
    paths = sorted({item.callspec.params["path"] for item in request.session.items
                    if hasattr(item, "callspec") and "path" in item.callspec.params})
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        return {path: pool.submit(grade_catalogued, path) for path in paths}


def report(result) -> str:
    lines = [f"score {result.score:g}/{result.max_score:g} ({GRADING}, seed {result.seed})"]
    for test in result.tests:
        if not test.passed:
            lines.append(f"  {test.name}: {test.score:g}/{test.max_score:g}")
            lines += [f"    - {diagnosis}" for diagnosis in test.diagnoses]
    for error in result.load_errors:
        lines.append(f"  load error: {error.get('kind')}: {error.get('message')}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda p: f"{p.parent.parent.parent.name}/{p.parent.name}/{p.stem}")
def test_catalogued_submission(path, graded):
    entry = read_entry(path)
    assert entry.assignment in known(), f"{path}: no assignment called {entry.assignment!r}"
    result = graded[path].result()
    if entry.full_marks:
        assert result.score == result.max_score, f"{entry} ({entry.what}) should get full marks:\n{report(result)}"
        return
    assert result.score < result.max_score, f"{entry} ({entry.what}) got full marks"
    names = {test.name for test in result.tests}
    for test_name, substring in entry.expects:
        assert test_name in names, f"{path}: the {entry.assignment} suite has no {test_name}"
        test = result.test(test_name)
        assert test.score < test.max_score, f"{entry} ({entry.what}) should lose points on {test_name}:\n{report(result)}"
        assert any(substring in diagnosis for diagnosis in test.diagnoses), (
            f"{entry} ({entry.what}): no diagnosis of {test_name} contains {substring!r}:\n{report(result)}")


@pytest.mark.parametrize("assignment", list(known()))
def test_reference_solution_gets_full_marks(assignment):
    path = ROOT / "solutions" / f"{assignment}.py"
    if not path.exists():
        pytest.skip(f"solutions/{assignment}.py is not generated yet (nnkit build makes it from source/)")
    result = grade(path, assignment)
    assert result.score == result.max_score, f"solutions/{assignment}.py:\n{report(result)}"


@pytest.mark.parametrize("assignment", list(known()))
def test_released_stub_gets_zero(assignment):
    path = ROOT / "exercises" / f"{assignment}.py"
    if not path.exists():
        pytest.skip(f"exercises/{assignment}.py is not generated yet (nnkit build makes it from source/)")
    result = grade(path, assignment)
    assert result.score == 0, f"exercises/{assignment}.py:\n{report(result)}"
