"""Timed coding katas: self-study exercises of their own, each a folder in `nnkit/drill/katas/`.

A kata folder holds `kata.toml` (task, par time, hints), `stub.py` (what the learner starts
from), `model.py` (a model answer, shown only after an attempt or a give-up) and
`test_<name>.py`, a small pytest suite written against the `learner` fixture like the graded
suites (docs/ARCHITECTURE.md, "Suites"). None of them is a graded assignment or its solution.

The learner's file is untrusted code: it runs in the grader's sandbox (`open_learner`), and the
checks run here, in the trusted process, through `run_suite_path`. A kata may also have
`provided.py`, trusted code appended to the learner's (functions its checks need on the
learner's side, e.g. a loss whose gradient the learner's code estimates).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grading pulls in pytest and numpy: loaded only when a kata is graded
    from autograder.results import SuiteResult, TestResult

KATA_DIR = Path(__file__).parent / "katas"


@dataclass(frozen=True)
class Kata:
    name: str
    folder: Path
    topic: str
    minutes: float  # a par time, shown to the learner
    task: str
    hints: tuple[str, ...]

    @property
    def stub(self) -> str:
        return (self.folder / "stub.py").read_text(encoding="utf-8")

    @property
    def model(self) -> str:
        return (self.folder / "model.py").read_text(encoding="utf-8")

    @property
    def suite(self) -> Path:
        return self.folder / f"test_{self.folder.name}.py"

    @property
    def provided(self) -> str:
        path = self.folder / "provided.py"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    @property
    def file_name(self) -> str:
        return f"{self.folder.name}.py"


@dataclass(frozen=True)
class KataResult:
    kata: Kata
    suite: SuiteResult

    @property
    def tests(self) -> list[TestResult]:
        return self.suite.tests

    @property
    def score(self) -> float:
        return self.suite.score

    @property
    def max_score(self) -> float:
        return self.suite.max_score


class KataError(ValueError):
    """A kata folder is incomplete (a defect in nnkit's data, not the learner's input)."""


def read_kata(folder: Path) -> Kata:
    with (folder / "kata.toml").open("rb") as stream:
        data = tomllib.load(stream)
    missing = [key for key in ("name", "topic", "minutes", "task", "hints") if key not in data]
    missing += [name for name in ("stub.py", "model.py", f"test_{folder.name}.py") if not (folder / name).exists()]
    if missing:
        raise KataError(f"kata {folder.name}: missing {', '.join(missing)}")
    return Kata(name=data["name"], folder=folder, topic=data["topic"], minutes=float(data["minutes"]),
                task=" ".join(data["task"].split()), hints=tuple(" ".join(h.split()) for h in data["hints"]))


def load_katas(directory: Path = KATA_DIR) -> dict[str, Kata]:
    """Kata name -> Kata, in folder order."""
    katas = [read_kata(folder) for folder in sorted(directory.iterdir()) if (folder / "kata.toml").exists()]
    return {kata.name: kata for kata in katas}


def grade_kata(kata: Kata, source: str, *, sandbox: bool = True, timeout: float = 10.0) -> KataResult:
    """The kata's checks against `source`, which runs in the sandbox (or in-process with
    sandbox=False, for nnkit's own tests of the model answers)."""
    from autograder.grading import open_learner
    from autograder.runner import run_suite_path

    code = source + ("\n\n# ---- provided by the kata ----\n" + kata.provided if kata.provided else "")
    learner = open_learner((code,), sandbox=sandbox, **({"timeout": timeout} if sandbox else {}))
    try:
        suite = run_suite_path(kata.suite, learner, name=kata.name)
        suite.load_errors = list(getattr(learner, "load_errors", []))
        suite.output = learner.output()
    finally:
        learner.close()
    return KataResult(kata=kata, suite=suite)
