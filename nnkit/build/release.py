"""release/: the real `nbgrader generate_assignment`, run in a throwaway course folder.

nbgrader needs a gradebook and writes next to its sources; running it on a temporary copy of
source/ with a temporary SQLite gradebook keeps the repository untouched, and lets one nbgrader
start-up (several seconds) serve every assignment at once ("*").
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
import shutil
import subprocess
import sys
from pathlib import Path

from nnkit.build import layout


class NbgraderFailed(ValueError):
    """nbgrader refused the course's sources or configuration: the first line says why (nbgrader's
    last line), the rest is its log."""


def venv_on_path(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` with this interpreter's bin (the venv) first on PATH: nbgrader shells out to
    `alembic` when it creates a gradebook, and finds it only on PATH."""
    return {**environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), environ.get("PATH", "")])}


def nbgrader_environment(scratch: Path) -> dict[str, str]:
    env = venv_on_path(os.environ)
    # no user-level Jupyter config may change the result: only the course's nbgrader_config.py counts
    env["JUPYTER_CONFIG_DIR"] = str(scratch / "jupyter_config")
    return env


EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception)): (.+)$")


def first_exception(log: str) -> str:
    """The first exception nbgrader's log names ("ValidationError: Duplicate grade id: x"): its
    closing lines only say "see the above traceback"."""
    for line in log.splitlines():
        match = EXCEPTION_LINE.match(line)
        if match:
            return f"{match[1]}: {match[2]}"
    return next((line.strip() for line in reversed(log.splitlines()) if line.strip()), "")


def run_nbgrader(args: list[str], course: Path, scratch: Path) -> None:
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"]
    done = subprocess.run(command, cwd=course, env=nbgrader_environment(scratch), capture_output=True, text=True)
    if done.returncode != 0:
        raise NbgraderFailed(f"`nbgrader {' '.join(args)}` failed (exit {done.returncode}): {first_exception(done.stderr)}\n{done.stderr[-4000:]}")


def course_folder(scratch: Path) -> Path:
    return scratch / "course"


def gradebook_url(scratch: Path) -> str:
    return f"sqlite:///{scratch / 'gradebook.db'}"


def generate_release(root: Path, names: list[str], scratch: Path) -> dict[str, Path]:
    """Run generate_assignment on every assignment in a course folder made in `scratch`;
    returns {name: its release folder} (inside `scratch`: callers copy what they keep)."""
    course = course_folder(scratch)
    for name in names:
        shutil.copytree(root / layout.SOURCE / name, course / layout.SOURCE / name)
    shutil.copy(root / layout.NBGRADER_CONFIG, course / layout.NBGRADER_CONFIG)
    run_nbgrader(["generate_assignment", "*", f"--CourseDirectory.db_url={gradebook_url(scratch)}"], course, scratch)
    released = {name: course / layout.RELEASE / name for name in names}
    missing = [name for name, folder in released.items() if not (folder / f"{name}.ipynb").is_file()]
    if missing:
        raise NbgraderFailed(f"nbgrader produced no release notebook for {', '.join(missing)}")
    return released
