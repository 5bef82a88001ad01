"""`nnkit grade` (instructor view: a table and Gradescope JSON) and `nnkit check` (learner view).

Exit codes, as pytest's: `check` 0 when every check passes, 1 when one fails; `grade` 0 when the
submission was graded, whatever its score. Bad input (no such file, not a notebook, an unknown
assignment) raises our ValueErrors, which nnkit.errors turns into one line and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from autograder.learner_text import terminal_safe
from autograder.results import SuiteResult

ALL_PASS, SOME_FAIL = 0, 1


class UnknownAssignmentOfFile(ValueError):
    """Neither --assignment nor the file name says which assignment to grade."""


def choose_assignment(submission: Path, cells, assignment: str | None, verb: str, scope) -> str:
    """--assignment, else the file name's, else a one-line error that names the likely one."""
    from autograder.registry import assignment_names
    from nnkit import identify

    if assignment is not None:
        return assignment
    named = identify.from_name(submission)
    if named is not None:
        return named
    guess = identify.looks_like(cells)
    advice = (f"it looks like {guess}: run `nnkit {verb} {submission} --assignment {guess}`" if guess
              else f"pass --assignment ({', '.join([*assignment_names(scope), *scope.names])})")
    raise UnknownAssignmentOfFile(f"cannot tell the assignment from the name {submission.name!r}: {advice}")


def other_assignment_hint(submission: Path, cells, result: SuiteResult, verb: str) -> str:
    """A line for a submission that scored badly because it is another assignment's work."""
    from nnkit import identify

    if result.passed or result.problem:
        return ""
    guess = identify.looks_like(cells)
    if guess is None or guess == result.assignment:
        return ""
    return (f"{submission.name} looks like the {guess} assignment, not {result.assignment}: to check it as "
            f"{guess}, run `nnkit {verb} {submission} --assignment {guess}`")


def grading_context(assignment: str, instructor: bool, seed: int | None, scope, course: Path):
    """The run's context: a fresh secret seed (or `seed`, to replay a run) and, for an instructor's
    `nnkit grade`, the answer keys of the source notebook in this course or the kit's checkout.
    A learner's `check` never reads keys: its questions are graded on submission."""
    from autograder.answer_keys import keys_in_notebook
    from autograder.context import GradingContext
    from autograder.registry import find_assignment

    kit = find_assignment(assignment, scope)
    # the course's own source notebook first (under its own name), then the kit assignment's
    own = course / "source" / assignment / f"{assignment}.ipynb"
    notebooks = ([own] if own.is_file() else []) + kit.source_notebooks(course=course) if instructor else []
    keys = keys_in_notebook(notebooks[0]) if notebooks else {}
    return GradingContext(keys=keys) if seed is None else GradingContext(seed=seed, keys=keys)


def run_grading(submission: Path, assignment: str | None, timeout: float, verb: str, seed: int | None = None,
                course: Path | None = None) -> tuple[SuiteResult, str]:
    """The result and a hint line ("" when there is none). `grade` reads the answer keys of the
    course (here, or --course) or of the kit; `check` never does."""
    from autograder.sandbox.forkserver import zygote

    zygote()  # its start-up (a fresh interpreter importing numpy) overlaps with ours
    from autograder.grading import grade_cells
    from autograder.registry import course_scope, scope_near
    from autograder.submission import read_submission

    course = (course or Path.cwd()).resolve()
    scope = course_scope(course) if (course / "nbgrader_config.py").is_file() else scope_near(course)
    cells = read_submission(submission).cells
    chosen = choose_assignment(submission, cells, assignment, verb, scope)
    context = grading_context(chosen, verb == "grade", seed, scope, course)
    result = grade_cells(cells, chosen, timeout=timeout, context=context, scope=scope)
    if submission.suffix == ".py" and not any(cell.strip() for cell in cells):
        result.problem = f"{submission.name} is empty: there is nothing to grade yet"
    return result, other_assignment_hint(submission, cells, result, verb)


def score_table(title: str, tests, found=None, **table_options):
    """A rich table of graded items: points coloured by outcome, and the mistakes each lost points to
    (numbers into `found`), or the item's own diagnoses when no list of mistakes follows."""
    from rich.table import Table

    from autograder.results import mistake_numbers, state

    colour = {"passed": "green", "partial": "yellow", "failed": "red", "pending": "default"}
    table = Table(title=title, **table_options)
    table.add_column("check")
    table.add_column("points", justify="right")
    table.add_column("mistakes" if found is not None else "feedback")
    for test in tests:
        if test.passed:
            said = "ok"
        elif found is not None:
            said = ", ".join(map(str, mistake_numbers(test, found))) or "-"
        elif test.pending:
            said = "graded on submission"
        else:
            said = "\n".join(test.diagnoses)
        table.add_row(test.name.removeprefix("test_"), f"[{colour[state(test)]}]{test.score:g}/{test.max_score:g}[/]",
                      shown(said))
    return table


def shown(text: str):
    """Learner text (diagnoses quote answers and error messages) as rich shows it: never read as
    markup ("[/]" would stop the table with a MarkupError) and with terminal escapes neutralised."""
    from rich.text import Text

    return Text(terminal_safe(text))


def print_plain(console, lines) -> None:
    for line in lines:
        console.print(shown(line), highlight=False, soft_wrap=True)


def render_table(result: SuiteResult, hint: str = "") -> None:
    from rich.console import Console

    console = Console()
    print_plain(console, [line for line in (hint, result.summary()) if line])
    found = [] if result.problem else result.findings()
    console.print(score_table(f"{result.assignment}: {result.score:g} / {result.max_score:g}", result.tests, found))
    for number, finding in enumerate(found, 1):
        first, *rest = finding.lines()
        print_plain(console, [f"{number}. {first}", *(f"   {line}" for line in rest)])
    console.print(f"seed {result.seed} (replay this run with --seed {result.seed})", style="dim", highlight=False)


def render_checklist(result: SuiteResult, hint: str = "") -> None:
    from rich.console import Console

    from autograder.results import MARKS, checklist

    colour = {MARKS["passed"]: "green", MARKS["partial"]: "yellow", MARKS["failed"]: "red"}
    console = Console()
    if hint:
        print_plain(console, [hint])
    for line in checklist(result):
        text = shown(line)
        if line[:1] in colour:
            text.stylize(colour[line[0]], 0, 1)
        console.print(text, highlight=False, soft_wrap=True)


def write_json(path: Path, result: SuiteResult) -> None:
    path.write_text(json.dumps(result.to_gradescope(), indent=2))


def grade_command(submission: Path, assignment: str | None, json_out: Path | None, timeout: float,
                  seed: int | None = None, course: Path | None = None) -> int:
    if json_out is not None:
        from nnkit.errors import must_be_writable

        must_be_writable(json_out.parent)  # before grading, not after
    result, hint = run_grading(submission, assignment, timeout, "grade", seed=seed, course=course)
    render_table(result, hint)
    if json_out is not None:
        write_json(json_out, result)
    return 0


def check_command(submission: Path, assignment: str | None, timeout: float) -> int:
    result, hint = run_grading(submission, assignment, timeout, "check")
    render_checklist(result, hint)
    return ALL_PASS if result.passed else SOME_FAIL
