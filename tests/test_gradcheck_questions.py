"""The gradcheck questions (issues #10, #11, #13): keys only in the source notebook's hidden cells,
every option a misconception with its own explanation, nothing given away by length or letter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.checks import Mistake, Pending
from autograder.context import GradingContext
from autograder.diagnosis import choice_answer
from nnkit.build.cells import Role, read_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "source" / "gradcheck" / "gradcheck.ipynb"
KEYS = keys_in_notebook(NOTEBOOK)
QUESTIONS = ("epsilon_too_small", "epsilon_too_large", "error_order", "kink", "bands", "buggy_layer", "buggy_gradient")


class OneAnswer:
    def __init__(self, value):
        self.value = value

    def get(self, target):
        return self.value


def ask_calls() -> dict[str, dict[str, str]]:
    """{answer name: its options} from the notebook's ask(...) cells, read without running them."""
    asked = {}
    for cell in read_cells(NOTEBOOK):
        if cell.role is Role.TEXT:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ask":
                assert cell.role is Role.CHECK, f"{cell.id}: a question is shown by a locked 0-point check cell"
                name, _prompt, options = (ast.literal_eval(argument) for argument in node.args)
                asked[name] = options
    return asked


def test_every_question_is_asked_and_keyed():
    asked = ask_calls()
    assert set(asked) == {f"answer_{name}" for name in QUESTIONS}
    assert set(KEYS) == {f"test_question_{name}" for name in QUESTIONS}
    for name in QUESTIONS:
        options, key = asked[f"answer_{name}"], KEYS[f"test_question_{name}"]
        assert sorted(options) == ["a", "b", "c", "d"] and key["answer"] in options
        assert set(key["why"]) == set(options) - {key["answer"]}, "every wrong option says its misconception"


def test_length_and_letter_give_nothing_away():
    asked = ask_calls()
    rights = [KEYS[f"test_question_{name}"]["answer"] for name in QUESTIONS]
    assert set(rights) == {"a", "b", "c", "d"} and max(rights.count(letter) for letter in "abcd") <= 2
    longest = [name for name in QUESTIONS
               if max(asked[f"answer_{name}"].values(), key=len) == asked[f"answer_{name}"][KEYS[f"test_question_{name}"]["answer"]]]
    assert len(longest) <= len(QUESTIONS) // 3, f"the right option is the longest in {longest}"
    for name in QUESTIONS:  # and no option stands out by its length
        lengths = [len(option) for option in asked[f"answer_{name}"].values()]
        assert max(lengths) <= 1.4 * min(lengths), name


@pytest.mark.parametrize("name", QUESTIONS)
def test_each_answer_is_graded_against_the_notebook_key(name):
    test, cell, key = f"test_question_{name}", f"answer_{name}", KEYS[f"test_question_{name}"]
    keyed = GradingContext(keys=KEYS)
    choice_answer(OneAnswer(f" ({key['answer'].upper()}) "), keyed, test, cell)
    for letter, why in key["why"].items():
        with pytest.raises(Mistake) as wrong:
            choice_answer(OneAnswer(letter), keyed, test, cell)
        assert str(wrong.value) == why
    with pytest.raises(Pending, match="recorded"):
        choice_answer(OneAnswer(key["answer"]), GradingContext(), test, cell)
    with pytest.raises(Mistake, match="not answered"):
        choice_answer(OneAnswer(None), keyed, test, cell)


def test_no_key_is_left_where_learners_install_from():
    """What the hidden cells say to a wrong answer appears nowhere under autograder/ (nor the release)."""
    texts = [why for key in KEYS.values() for why in key["why"].values()]
    shipped = [path.read_text(encoding="utf-8") for folder in ("autograder", "release", "exercises")
               for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".ipynb", ".toml", ".json")
               and "catalogue" not in path.parts]
    for text in texts:
        assert not any(text[:60] in content or text[:60].replace('"', '\\"') in content for content in shipped), text
    release = (ROOT / "release" / "gradcheck" / "gradcheck.ipynb").read_text(encoding="utf-8")
    assert "grade_cell(" not in release and "key=" not in release and "BEGIN SOLUTION" not in release
