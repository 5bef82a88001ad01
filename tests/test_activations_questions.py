"""The activations questions (issues #10 and #11): keys only in the source notebook's hidden cells,
answers read as learners type them, options that give nothing away by their length."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.checks import Mistake, Pending
from autograder.context import GradingContext
from autograder.diagnosis import number_answer, read_number
from nnkit.build.cells import Role, read_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "source" / "activations" / "activations.ipynb"
KEYS = keys_in_notebook(NOTEBOOK)
CHOICES = {"answer_dead_relu": "test_question_dead_relu", "answer_zero_centred": "test_question_zero_centred"}


class OneAnswer:
    def __init__(self, value):
        self.value = value

    def get(self, target):
        return self.value


@pytest.mark.parametrize("typed", [0.25, 1 / 4, "0.25", "1/4", " 1 / 4 ", ".25", "0.25 (at z = 0)",
                                   "1/4 at z = 0", "0.25.", "2.5e-1"])
def test_the_max_slope_is_read_as_people_type_it(typed):
    assert read_number(typed) == 0.25


@pytest.mark.parametrize("typed", ["0.25 or 0.5", "0.5 and 0.25", "a quarter", "", "1/0", True])
def test_hedged_or_wordy_answers_are_not_numbers(typed):
    assert read_number(typed) is None


def test_the_max_slope_is_graded_against_the_notebook_key():
    keyed = GradingContext(keys=KEYS)
    test = "test_question_sigmoid_max_slope"
    number_answer(OneAnswer("1/4"), keyed, test, "answer_sigmoid_max_slope")
    with pytest.raises(Mistake, match="sigmoid's value at z = 0, not its slope"):
        number_answer(OneAnswer(0.5), keyed, test, "answer_sigmoid_max_slope")
    with pytest.raises(Mistake, match="largest where s = 0.5"):
        number_answer(OneAnswer("0.3"), keyed, test, "answer_sigmoid_max_slope")
    with pytest.raises(Pending, match="= 0.25 is recorded"):
        number_answer(OneAnswer("0.25 (at z = 0)"), GradingContext(), test, "answer_sigmoid_max_slope")
    with pytest.raises(Mistake, match="should be a number"):
        number_answer(OneAnswer("x" * 10_000), keyed, test, "answer_sigmoid_max_slope")


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


def test_every_choice_question_is_asked_and_keyed():
    asked = ask_calls()
    assert set(asked) == set(CHOICES)
    for answer, test in CHOICES.items():
        key = KEYS[test]
        assert sorted(asked[answer]) == ["a", "b", "c", "d"]
        assert key["answer"] in asked[answer]
        assert set(key["why"]) == set(asked[answer]) - {key["answer"]}, "every wrong option says its misconception"


def test_the_right_option_is_never_the_longest_and_the_letters_differ():
    asked = ask_calls()
    rights = [KEYS[test]["answer"] for test in CHOICES.values()]
    assert len(set(rights)) == len(rights)
    for answer, test in CHOICES.items():
        options = asked[answer]
        assert max(options, key=lambda letter: len(options[letter])) != KEYS[test]["answer"], answer


def test_no_key_is_left_where_learners_install_from():
    """What the hidden cells say to a wrong answer appears nowhere under autograder/ (nor the release)."""
    texts = [why for key in KEYS.values() for why in key.get("why", {}).values()]
    texts += [key["otherwise"] for key in KEYS.values() if "otherwise" in key]
    shipped = [path.read_text(encoding="utf-8") for folder in ("autograder", "release", "exercises")
               for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".ipynb", ".toml", ".json")
               and "catalogue" not in path.parts]
    for text in texts:
        assert not any(text[:60] in content or text[:60].replace('"', '\\"') in content for content in shipped), text
