"""Write a new plug-in assignment into a course: its folder and its nbgrader source notebook.

    COURSE/nnkit_assignments/NAME/   __init__.py, assignment.toml, suite.py, maths.py, catalogue/
    COURSE/source/NAME/NAME.ipynb    the source notebook (solution regions, hidden test cells with keys)

The template is a small, complete exercise (softplus and its derivative, one question) so the
new assignment builds, releases and grades at once; the instructor then rewrites it.
"""

from __future__ import annotations

import importlib.util
import keyword
from pathlib import Path

import nbformat

TEMPLATE = Path(__file__).parent / "template"
PLUGIN_FOLDER = "nnkit_assignments"


class CannotScaffold(ValueError):
    """A name or a place the new assignment cannot have (one line)."""


def check_name(name: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name) or name != name.lower():
        raise CannotScaffold(f"{name!r} cannot name an assignment: use lower-case letters, digits and _ "
                             f"(a Python identifier, e.g. softmax_output)")
    if importlib.util.find_spec(name) is not None:
        raise CannotScaffold(f"{name!r} is already an importable module here: the assignment's package would "
                             f"shadow it (choose another name)")


def metadata(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
             points: float | None = None) -> dict:
    nbgrader = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                "solution": solution, "task": False}
    if grade:
        nbgrader["points"] = points or 0
    return {"nbgrader": nbgrader}


def hidden_test(name: str, test: str, points: float, key: str = "") -> nbformat.NotebookNode:
    source = ("### BEGIN HIDDEN TESTS\nfrom autograder.notebook import grade_cell\n"
              f'grade_cell("{name}", "{test}", globals(){key})\n### END HIDDEN TESTS')
    return nbformat.v4.new_code_cell(source, metadata=metadata(test, grade=True, locked=True, points=points))


def source_notebook(name: str, title: str) -> nbformat.NotebookNode:
    text = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    key = (', key={"answer": "b", "why": {'
           '"a": "The sigmoid is bounded by 0 and 1; softplus grows without bound like relu.", '
           '"c": "tanh is bounded by -1 and 1 and odd; softplus is positive and grows like relu.", '
           '"d": "leaky relu is linear for negative z; softplus tends to 0 there, like relu."}}')
    cells = [
        text(f"# {title}\n\nThis is a template made by `nnkit new {name}`: rewrite it into your own "
             "assignment (see nnkit's docs/plugins.md). Here the learner writes **softplus**, "
             "`log(1 + exp(z))`, and its derivative, elementwise on float64 arrays.",
             metadata=metadata("intro", locked=True)),
        code("import numpy as np", metadata=metadata("provided_imports", locked=True)),
        code("def softplus(Z):\n    \"\"\"log(1 + exp(Z)), elementwise, without overflow at |z| = 1000.\"\"\"\n"
             "    ### BEGIN SOLUTION\n    return np.maximum(Z, 0.0) + np.log1p(np.exp(-np.abs(Z)))\n"
             "    ### END SOLUTION\n\n\n"
             "def softplus_derivative(Z):\n    \"\"\"The slope of softplus at Z, elementwise.\"\"\"\n"
             "    ### BEGIN SOLUTION\n    return 0.5 * (1.0 + np.tanh(Z / 2.0))\n    ### END SOLUTION",
             metadata=metadata("softplus", solution=True)),
        hidden_test(name, "test_softplus", 2),
        hidden_test(name, "test_softplus_derivative", 2),
        text("## A question", metadata=metadata("question_text", locked=True)),
        code('from autograder.questions import ask\n\nask("answer_smooth_relu", "Softplus is a smooth version of '
             'which activation?", {\n    "a": "the sigmoid, which it follows closely for every z",\n'
             '    "b": "relu, which it approaches for large positive and negative z",\n'
             '    "c": "tanh, which it matches near z = 0 in value and slope",\n'
             '    "d": "leaky relu, whose small negative slope it keeps for z < 0",\n})',
             metadata=metadata("ask_smooth_relu", grade=True, locked=True, points=0)),
        code('# Your answer: one letter.\nanswer_smooth_relu = None\n### BEGIN SOLUTION\nanswer_smooth_relu = "b"\n'
             '### END SOLUTION', metadata=metadata("answer_smooth_relu", solution=True)),
        hidden_test(name, "test_question_smooth_relu", 1, key),
        text("## Check your work", metadata=metadata("check_text", locked=True)),
        code(f'from autograder.notebook import check\n\ncheck(assignment="{name}")',
             metadata=metadata("check_your_work", grade=True, locked=True, points=0)),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


def scaffold(name: str, course: Path, title: str | None = None) -> list[Path]:
    """Write the new assignment into `course`; returns the files written. Never overwrites."""
    check_name(name)
    title = title or f"{name}: a new assignment"
    folder = course / PLUGIN_FOLDER / name
    notebook = course / "source" / name / f"{name}.ipynb"
    for place in (folder, notebook.parent):
        if place.exists():
            raise CannotScaffold(f"{place} exists already: nnkit new never overwrites (choose another name)")
    written = []
    for template in sorted(TEMPLATE.rglob("*.txt")):
        # template/submissions/ becomes the catalogue (named apart, so the wheel's catalogue rule keeps it)
        relative = Path(*("catalogue" if part == "submissions" else part for part in template.relative_to(TEMPLATE).parts))
        target = folder / relative.with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.read_text(encoding="utf-8").format(name=name, title=title), encoding="utf-8")
        written.append(target)
    (folder / "__init__.py").write_text(f'"""The {name} assignment: a plug-in of this course."""\n', encoding="utf-8")
    notebook.parent.mkdir(parents=True)
    nbformat.write(source_notebook(name, title), str(notebook))
    return [folder / "__init__.py", *written, notebook]
