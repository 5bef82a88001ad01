"""A newcomer's first hour (issue #9): the README's commands as printed, `nnkit start`, exit codes
like pytest's, one-line errors for bad input and read-only folders, hints for misnamed files and
other assignments' notebooks, and cell numbers that are the same in every report.

Every command runs as a user runs it: `python -m nnkit.cli` in a subprocess, real sandbox.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nnkit.errors import INTERNAL_ERROR, one_line_errors

ROOT = Path(__file__).resolve().parents[1]
NNKIT = [sys.executable, "-m", "nnkit.cli"]
RELEASE = ROOT / "release"


def nnkit(*args: str, cwd: Path | None = None, prefix: list[str] | None = None, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "NNKIT_DEBUG"}
    environment.update(COLUMNS="200", **env)
    return subprocess.run([*(prefix or []), *NNKIT, *args], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env=environment)


def one_line(done: subprocess.CompletedProcess) -> str:
    """The error a user reads: exactly one line on stderr, no traceback anywhere."""
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# ---------------------------------------------------------------- the README's commands, as printed
def readme_commands() -> list[str]:
    """Every `nnkit ...` line of the README's shell blocks, comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("nnkit ")]


def test_every_readme_command_parses_as_printed():
    from nnkit.cli import app

    commands = readme_commands()
    assert len(commands) >= 10 and any(c.startswith("nnkit start ") for c in commands)
    group = typer.main.get_command(app)
    for command in commands:
        words = shlex.split(command)[1:]
        with group.make_context("nnkit", list(words), resilient_parsing=True) as context:
            name, verb, rest = group.resolve_command(context, words)
            verb.make_context(name, rest, parent=context)  # raises on an unknown option or a bad value


def test_the_learner_section_works_as_printed_in_a_fresh_folder(tmp_path):
    """`nnkit start` then `nnkit check`, the README's own lines, from a folder of the learner's own."""
    learner = [c for c in readme_commands() if c.startswith(("nnkit start", "nnkit check"))]
    start = next(c for c in learner if c.startswith("nnkit start") and "--notebook" not in c)
    check = next(c for c in learner if c.startswith("nnkit check") and c.split()[2].startswith(shlex.split(start)[3]))
    started = nnkit(*shlex.split(start)[1:], cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    checked = nnkit(*shlex.split(check)[1:], cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr  # the untouched stub: checks fail
    assert "is not answered yet" in checked.stdout  # the stub names every answer the suite reads
    assert "is not defined" not in checked.stdout


def test_make_says_how_to_put_nnkit_on_the_path():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile[makefile.index("\ndemo:"):]
    assert "source .venv/bin/activate" in demo[:demo.index("\n\n")]
    assert "source .venv/bin/activate" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_both_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make demo$", ci, re.M) and re.search(r"^make test$", ci, re.M)


# ---------------------------------------------------------------- nnkit start
def test_start_copies_the_exercise_and_never_overwrites_work(tmp_path):
    folder = tmp_path / "mywork"
    done = nnkit("start", "layer", str(folder))
    copy = folder / "layer.py"
    assert done.returncode == 0, done.stderr
    assert copy.read_bytes() == (ROOT / "exercises" / "layer.py").read_bytes()
    assert f"nnkit check {copy}" in done.stdout
    copy.write_text("# my own work\n")
    again = nnkit("start", "layer", str(folder))
    assert again.returncode == 2 and "already exists" in one_line(again)
    assert copy.read_text() == "# my own work\n"
    notebook = nnkit("start", "layer", str(folder), "--notebook")
    assert notebook.returncode == 0, notebook.stderr
    assert (folder / "layer.ipynb").read_bytes() == (RELEASE / "layer" / "layer.ipynb").read_bytes()


@pytest.mark.parametrize("args, words", [
    (["layer", str(ROOT / "release")], "`nnkit build` rewrites"),
    (["layer", str(ROOT / "exercises" / "mine")], "`nnkit build` rewrites"),
    (["backprop", "somewhere"], "unknown assignment 'backprop'"),
], ids=["release", "inside-exercises", "unknown"])
def test_start_refuses_generated_folders_and_unknown_assignments(args, words, tmp_path):
    done = nnkit("start", *args, cwd=tmp_path)
    assert done.returncode == 2 and words in one_line(done)
    assert not (ROOT / "exercises" / "mine").exists() and not (ROOT / "release" / "layer.py").exists()


def test_generated_files_say_so():
    for path in (ROOT / "exercises").glob("*.py"):
        assert "do not work in exercises/" in path.read_text(encoding="utf-8")[:600], path
    assert "generated, do not edit" in (RELEASE / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- exit codes, as pytest's
def test_check_exits_0_when_all_pass_1_when_one_fails_2_for_bad_input(tmp_path):
    passing = nnkit("check", str(ROOT / "solutions" / "layer.py"))
    assert passing.returncode == 0, passing.stdout + passing.stderr
    failing = nnkit("check", str(ROOT / "exercises" / "layer.py"))
    assert failing.returncode == 1, failing.stderr
    missing = nnkit("check", str(tmp_path / "layer.py"))
    assert missing.returncode == 2 and "no such file" in one_line(missing)
    graded = nnkit("grade", str(ROOT / "exercises" / "layer.py"))
    assert graded.returncode == 0, graded.stderr  # grade: 0 = graded, whatever the score


# ---------------------------------------------------------------- which assignment
def copy_of(tmp_path: Path, assignment: str, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(RELEASE / assignment / f"{assignment}.ipynb", target)
    return target


def test_a_copy_jupyter_named_is_checked_as_its_assignment(tmp_path):
    done = nnkit("check", str(copy_of(tmp_path, "layer", "layer-Copy1.ipynb")))
    assert done.returncode == 1, done.stderr
    assert "question_why_cache" in done.stdout


def test_a_file_named_after_no_assignment_gets_the_one_it_looks_like(tmp_path):
    mine = copy_of(tmp_path, "initialization", "homework3.ipynb")
    done = nnkit("check", str(mine))
    line = one_line(done)
    assert done.returncode == 2
    assert f"it looks like initialization: run `nnkit check {mine} --assignment initialization`" in line


def test_another_assignments_notebook_is_named_as_such(tmp_path):
    wrong = copy_of(tmp_path, "network", "layer.ipynb")
    done = nnkit("check", str(wrong))
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("layer.ipynb looks like the network assignment, not layer"), done.stdout[:500]
    assert f"nnkit check {wrong} --assignment network" in first
    right = nnkit("check", str(copy_of(tmp_path, "layer", "layer.ipynb")))  # no hint for the right one
    assert "looks like" not in right.stdout


def test_an_empty_file_says_it_is_empty(tmp_path):
    empty = tmp_path / "layer.py"
    empty.write_text("\n")
    done = nnkit("check", str(empty))
    assert done.returncode == 1
    assert done.stdout.startswith("layer.py is empty: there is nothing to grade yet")
    assert "What to fix" not in done.stdout  # not fourteen "not defined" mistakes


# ---------------------------------------------------------------- options and folders
@pytest.mark.parametrize("args", [
    ["grade", "x.py", "--timeout", "0"],
    ["check", "x.py", "--timeout", "-1"],
    ["check", "x.py", "--timeout", "nan"],
    ["autograde", "layer", "--timeout", "0"],
    ["autograde", "layer", "--workers", "0"],
], ids=["grade-timeout-0", "check-timeout-negative", "check-timeout-nan", "autograde-timeout-0", "autograde-workers-0"])
def test_option_values_that_grade_nothing_are_refused(args, tmp_path):
    done = nnkit(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert f"Invalid value for '{args[2]}'" in done.stderr
    assert not (tmp_path / "nnkit").exists()  # refused before anything was graded or written


def test_json_goes_into_a_folder_that_does_not_exist_yet(tmp_path):
    out = tmp_path / "build" / "deeper" / "layer.json"
    done = nnkit("grade", str(ROOT / "solutions" / "layer.py"), "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["score"] == 25


def read_only(folder: Path) -> list[str]:
    """A command prefix under which `folder` is read-only. Root ignores file modes, so as root the
    command runs in a private mount namespace with `folder` bind-mounted read-only."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        return []
    prefix = ["unshare", "-m", "--propagation", "private", "sh", "-c",
              'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"', str(folder)]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot make a read-only folder here (unshare -m is not allowed)")
    return prefix


@pytest.fixture(scope="module")
def graded_layer_json(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("graded") / "ada.json"
    done = nnkit("grade", str(ROOT / "solutions" / "layer.py"), "--json", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_text()


def course_with_results(root: Path, results_json: str) -> Path:
    """A course folder as `nnkit autograde` leaves it, with the gradebook of a real build."""
    from build_course import fresh_build

    build = fresh_build()
    shutil.copytree(build.course, root)
    shutil.copyfile(build.work / "gradebook.db", root / "gradebook.db")  # where a course keeps it by default
    shutil.copyfile(ROOT / "demo" / "course" / "submitted" / "ada_lovelace" / "layer" / "layer.ipynb",
                    root / "layer.ipynb")
    (root / "submitted" / "ada" / "layer").mkdir(parents=True)
    shutil.move(root / "layer.ipynb", root / "submitted" / "ada" / "layer" / "layer.ipynb")
    (root / "nnkit" / "layer").mkdir(parents=True)
    (root / "nnkit" / "layer" / "ada.json").write_text(results_json)
    return root


@pytest.mark.parametrize("verb", ["grade --json", "autograde", "feedback", "drill"])
def test_a_read_only_folder_is_one_line_and_exit_2(verb, tmp_path, graded_layer_json):
    folder = course_with_results(tmp_path / "course", graded_layer_json) if verb in ("autograde", "feedback") \
        else tmp_path / "ro"
    folder.mkdir(exist_ok=True)
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    args = {"grade --json": ["grade", str(ROOT / "solutions" / "layer.py"), "--json", str(folder / "r.json")],
            "autograde": ["autograde", "layer", "--course", str(folder), "--force", "--workers", "1"],
            "feedback": ["feedback", "layer", "--course", str(folder)],
            "drill": ["drill", "--data-dir", str(folder), "--answers", "-", "-n", "1"]}[verb]
    done = nnkit(*args, prefix=read_only(folder))
    # the drill answers for its data folder itself (exit 1, its own words); every other verb by the policy
    assert done.returncode == (1 if verb == "drill" else 2), done.stdout[-2000:] + done.stderr
    assert re.search(r"read-only|permission|unable to open", one_line(done))
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


# ---------------------------------------------------------------- one error policy
def single_command_app(command) -> typer.Typer:
    """An app of one command, as nnkit/cli.py registers each verb."""
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    app.command()(command)
    return app


@pytest.mark.parametrize("exception, code, words", [
    (PermissionError(13, "Permission denied", "/course/gradebook.db"), 2, "no permission to use /course/gradebook.db"),
    (FileNotFoundError(2, "No such file or directory", "/nowhere/x"), 2, "/nowhere/x: no such file or folder"),
    (__import__("autograder.submission", fromlist=["BadSubmission"]).BadSubmission("x.txt is neither"), 2, "x.txt is neither"),
    (TypeError("'int' object is not iterable"), INTERNAL_ERROR, "internal error (TypeError"),
    (ValueError("a library's own error"), INTERNAL_ERROR, "internal error (ValueError"),
    (KeyboardInterrupt(), 130, "interrupted"),
], ids=["permission", "missing", "bad-input", "defect", "library-valueerror", "ctrl-c"])
def test_every_exception_is_one_line_with_its_exit_code(exception, code, words):
    def fails() -> None:
        raise exception

    run = CliRunner().invoke(single_command_app(one_line_errors(fails)), [])
    assert run.exit_code == code, run.output
    assert words in run.output and len(run.output.strip().splitlines()) == 1, run.output
    if code == INTERNAL_ERROR:
        assert "please report it" in run.output and "NNKIT_DEBUG=1" in run.output


def test_debug_shows_a_plain_traceback_never_rich_locals(tmp_path):
    done = nnkit("grade", str(tmp_path / "missing.py"), NNKIT_DEBUG="1")
    assert "Traceback (most recent call last)" in done.stderr and "BadSubmission" in done.stderr
    assert "╭" not in done.stderr and "locals" not in done.stderr


# ---------------------------------------------------------------- the same cell numbers everywhere
def test_cell_numbers_count_every_cell_and_agree_between_check_and_grade(tmp_path):
    notebook = json.loads((RELEASE / "layer" / "layer.ipynb").read_text())
    number = next(n for n, cell in enumerate(notebook["cells"], 1) if "answer_old_W = None" in "".join(cell["source"]))
    out = tmp_path / "r.json"
    path = tmp_path / "layer.ipynb"
    path.write_text(json.dumps(notebook))
    checked = nnkit("check", str(path))
    nnkit("grade", str(path), "--json", str(out))
    expected = f'cell {number} ("answer_old_W = None") raised NotImplementedError'
    assert expected in checked.stdout
    assert expected in json.loads(out.read_text())["output"]
    assert f'File "<cell {number}>", line 4' in checked.stdout


@pytest.mark.slow
def test_check_in_the_notebook_names_cells_as_nnkit_check_does(tmp_path, monkeypatch):
    """A real kernel runs the learner's copy top to bottom (as Jupyter's "Run All" with errors
    allowed); its check(Layer) cell reports the same cells, by the same numbers, as `nnkit check`."""
    import nbclient
    import nbformat

    path = tmp_path / "layer.ipynb"
    shutil.copyfile(RELEASE / "layer" / "layer.ipynb", path)
    notebook = nbformat.read(str(path), as_version=4)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))  # what Jupyter Server tells the kernel it runs
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    nbclient.NotebookClient(notebook, timeout=300, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}).execute()
    check_cell = next(cell for cell in notebook.cells if cell.cell_type == "code" and "check(Layer)" in cell.source)
    printed = "".join(output.get("text", "") for output in check_cell.outputs if output.output_type == "stream")
    in_notebook = [line for line in printed.splitlines() if " raised " in line]
    from_terminal = [line for line in nnkit("check", str(path)).stdout.splitlines() if " raised " in line]
    assert in_notebook and in_notebook == from_terminal
    assert all(re.match(r'cell \d+ \("answer_\w+ = None"\) raised NotImplementedError', line) for line in in_notebook)
