"""The initialization notebook's questions: each multiple-choice question is asked by a locked cell,
its key (with a misconception for every wrong option) sits in its hidden test cell only, no
option's length gives the answer away, and the answers are read as people type them."""

from __future__ import annotations

import ast

import pytest

from autograder.answer_keys import keys_in_notebook
from autograder.checks import Mistake, Pending
from autograder.context import GradingContext
from autograder.diagnosis import bool_answer
from build_course import ROOT
from nnkit.build import layout
from nnkit.build.cells import Role, read_cells

SOURCE = layout.source_notebook(ROOT, "initialization")
CHOICES = {"answer_zero_init": "test_question_zero_init",
           "answer_relu_zero_weights": "test_question_relu_zero_weights",
           "answer_he_suits": "test_question_he_suits",
           "answer_xavier_suits": "test_question_xavier_suits"}
BOOLEANS = {"answer_zero_bias_ok": "test_question_zero_bias_ok",
            "answer_single_layer_symmetry": "test_question_single_layer_symmetry"}


def asked() -> dict[str, dict[str, str]]:
    """{answer name: its options} from the notebook's ask(...) cells (read, not run)."""
    questions = {}
    for cell in read_cells(SOURCE):
        if cell.role is Role.TEXT:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ask":
                assert cell.role is Role.CHECK, f"{cell.id}: a question is asked by a locked 0-point cell"
                name, _prompt, options = (ast.literal_eval(argument) for argument in node.args)
                questions[name] = options
    return questions


def test_every_choice_question_is_asked_and_keyed_with_a_reason_for_each_wrong_option():
    questions, keys = asked(), keys_in_notebook(SOURCE)
    assert set(questions) == set(CHOICES)
    for name, options in questions.items():
        key = keys[CHOICES[name]]
        assert sorted(options) == ["a", "b", "c", "d"] and key["answer"] in options
        assert sorted(key["why"]) == sorted(set(options) - {key["answer"]})
    for test in BOOLEANS.values():
        assert isinstance(keys[test]["answer"], bool) and keys[test]["why"]


def test_no_length_and_no_letter_gives_an_answer_away():
    questions, keys = asked(), keys_in_notebook(SOURCE)
    right = {name: keys[CHOICES[name]]["answer"] for name in questions}
    longest = [name for name, options in questions.items()
               if len(options[right[name]]) == max(len(text) for text in options.values())]
    assert len(longest) <= len(questions) // 3, f"the right option is the longest in {longest}"
    assert len(set(right.values())) == len(right), "the right letters are spread over a-d"
    for options in questions.values():  # distractors about as long as the answer
        assert max(map(len, options.values())) <= 1.25 * min(map(len, options.values()))


def test_neither_the_release_nor_the_exercises_hold_a_key():
    release = layout.release_notebook(ROOT, "initialization")
    assert keys_in_notebook(release) == {}
    handed_out = release.read_text(encoding="utf-8") + (ROOT / "exercises" / "initialization.py").read_text(encoding="utf-8")
    for key in keys_in_notebook(SOURCE).values():
        reasons = key["why"].values() if isinstance(key["why"], dict) else [key["why"]]
        for reason in reasons:
            assert reason[:50] not in handed_out


class OneAnswer:
    def __init__(self, value):
        self.value = value

    def get(self, target):
        return self.value


KEY = {"answer": True, "why": "Biases may start at 0."}


@pytest.mark.parametrize("value", [True, "True.", "true", "yes", "Yes, the weights differ", 1, " T "])
def test_true_is_read_as_people_type_it(value):
    bool_answer(OneAnswer(value), GradingContext(keys={"test_q": KEY}), "test_q", "answer_q")


@pytest.mark.parametrize("value", [False, "False.", "no", "No - it does not", 0])
def test_a_wrong_boolean_gets_the_keys_explanation(value):
    with pytest.raises(Mistake, match="Biases may start at 0"):
        bool_answer(OneAnswer(value), GradingContext(keys={"test_q": KEY}), "test_q", "answer_q")


@pytest.mark.parametrize("value", ["true or false", "maybe", 2, "x" * 10_000])
def test_a_boolean_that_cannot_be_read_says_so_briefly(value):
    with pytest.raises(Mistake, match="should be True or False") as raised:
        bool_answer(OneAnswer(value), GradingContext(keys={"test_q": KEY}), "test_q", "answer_q")
    assert len(str(raised.value)) < 200


def test_without_a_key_a_boolean_is_recorded_for_later():
    with pytest.raises(Pending, match="answer_q = True is recorded"):
        bool_answer(OneAnswer("yes"), GradingContext(), "test_q", "answer_q")
