"""What learners install (a regular `pip install` of the kit) holds no answer key of a graded
question and no solution of a graded assignment: only the suites, the trusted maths and the tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.registry import known

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out, source = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):  # setuptools builds in the source tree: build a copy
        shutil.copy(ROOT / name, source / name)
    for package in ("autograder", "nnkit"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out)]
    # offline with the dev extras' setuptools; else pip fetches the build backend, as a learner's install does
    if subprocess.run(build + ["--no-build-isolation", str(source)], capture_output=True, cwd=out).returncode != 0:
        subprocess.run(build + [str(source)], check=True, capture_output=True, cwd=out)
    return zipfile.ZipFile(next(out.glob("nnkit-*.whl")))


def texts(wheel: zipfile.ZipFile) -> dict[str, str]:
    return {name: wheel.read(name).decode("utf-8", "replace") for name in wheel.namelist()
            if not name.endswith((".pyc", "RECORD"))}


def test_no_solution_or_catalogue_is_installed(wheel):
    names = wheel.namelist()
    assert any(name.endswith("assignments/layer/suite.py") for name in names)  # the wheel is the kit
    for name in names:
        assert "/catalogue/" not in name, f"{name}: a catalogue holds correct solutions"
        assert not name.startswith(("solutions/", "source/", "release/", "exercises/", "tests/", "demo/")), name
    for name, text in texts(wheel).items():
        if name.startswith("nnkit/new/") or name == "nnkit/build/regions.py":
            continue  # the marker's own definition, and the template of an instructor's new assignment
        assert "### BEGIN SOLUTION" not in text, f"{name} holds a solution region"


def test_no_answer_key_is_installed(wheel):
    installed = " ".join(" ".join(texts(wheel).values()).split())
    for name in known():
        notebook = ROOT / "source" / name / f"{name}.ipynb"
        for test, key in keys_in_notebook(notebook).items():
            assert f'"{test}", globals(), key=' not in installed, f"{name}/{test}: its hidden cell is installed"
            why = key.get("why", {}) if isinstance(key, dict) else {}
            for text in why.values() if isinstance(why, dict) else [why]:
                assert " ".join(text.split())[:60] not in installed, f"{name}/{test}: its key's feedback is installed"
