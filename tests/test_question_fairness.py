"""Questions reward understanding, not test-taking tricks, in every notebook of the kit:
every multiple-choice question is asked through `ask(...)` with its key on the instructor's side,
and the right option is not given away by being the longest."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.registry import known

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {name: ROOT / "source" / name / f"{name}.ipynb" for name in known()
             if (ROOT / "source" / name / f"{name}.ipynb").is_file()}


def asked(notebook: Path) -> dict[str, dict[str, str]]:
    """{answer name: {letter: option}} of every ask(...) call in the notebook."""
    questions = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ask":
                questions[ast.literal_eval(node.args[0])] = ast.literal_eval(node.args[2])
    return questions


def choice_keys(notebook: Path) -> dict[str, str]:
    """{test: right letter} of the hidden cells' multiple-choice keys."""
    return {test: key["answer"] for test, key in keys_in_notebook(notebook).items()
            if isinstance(key, dict) and isinstance(key.get("answer"), str) and len(key["answer"]) == 1}


def every_question():
    for name, notebook in NOTEBOOKS.items():
        keys = choice_keys(notebook)
        for answer, options in asked(notebook).items():
            yield name, answer, options, keys.get(f"test_question_{answer.removeprefix('answer_')}")


def test_every_asked_question_has_a_key_on_the_instructors_side():
    questions = list(every_question())
    assert len(questions) >= 12, "the notebooks ask fewer multiple-choice questions than expected"
    for name, answer, options, right in questions:
        assert right in options, f"{name}: {answer} has no key in a hidden test cell (or its key is not an option)"
        assert set(options) == set("abcd"[: len(options)]) and len(options) >= 3, f"{name}: {answer}'s letters"


def test_the_right_option_is_not_given_away_by_its_length():
    longest = [f"{name}:{answer}" for name, answer, options, right in every_question()
               if right and len(options[right]) > max(len(text) for letter, text in options.items() if letter != right)]
    total = len(list(every_question()))
    assert len(longest) <= total / 3, f"the right option is the longest in {len(longest)} of {total}: {longest}"


def test_the_right_letters_are_spread():
    letters = [right for *_, right in every_question()]
    most = max(letters.count(letter) for letter in set(letters))
    assert most <= len(letters) / 2, f"one letter is right in {most} of {len(letters)} questions"


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_no_key_is_left_in_what_learners_install(name):
    """The misconception texts reveal a key by elimination: none may sit in the installed package."""
    installed = "\n".join(path.read_text(encoding="utf-8") for package in ("autograder", "nnkit")
                          for pattern in ("*.py", "*.toml", "*.txt") for path in (ROOT / package).rglob(pattern)
                          if "catalogue" not in path.parts)
    for test, key in keys_in_notebook(NOTEBOOKS[name]).items():
        why = key.get("why", {}) if isinstance(key, dict) else {}
        for text in why.values() if isinstance(why, dict) else [why]:
            assert " ".join(text.split())[:60] not in " ".join(installed.split()), \
                f"{name}/{test}: a feedback text of its key is in the installed package"
