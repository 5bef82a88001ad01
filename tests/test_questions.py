"""Multiple-choice questions: each learner's own stable order, answers read forgivingly, keys
only on the instructor's side (a run without a key records the answer and leaves it pending)."""

from __future__ import annotations

import pytest

from autograder.answer_keys import BadGradeCell, grade_cell_calls, keys_in_sources
from autograder.checks import Mistake, Pending
from autograder.context import GradingContext
from autograder.diagnosis import choice_answer, read_letter
from autograder.questions import order_for, render

OPTIONS = {"a": "first", "b": "second", "c": "third", "d": "fourth"}


class OneAnswer:
    def __init__(self, value):
        self.value = value

    def get(self, target):
        return self.value


def test_each_learner_has_a_stable_order_of_their_own():
    orders = {tuple(order_for(f"learner{i}", "answer_q", OPTIONS)) for i in range(40)}
    assert len(orders) > 10  # 24 orders of 4 letters: 40 learners see many of them
    assert order_for("ada", "answer_q", OPTIONS) == order_for("ada", "answer_q", OPTIONS)
    assert sorted(order_for("ada", "answer_q", OPTIONS)) == ["a", "b", "c", "d"]


def test_an_option_keeps_its_letter_in_every_order():
    for learner in ("ada", "alan", "grace"):
        text = render("answer_q", "Which?", OPTIONS, learner)
        for letter, option in OPTIONS.items():
            assert f"  {letter}) {option}" in text


@pytest.mark.parametrize("value, letter", [("b", "b"), (" B ", "b"), ("(b)", "b"), ("b)", "b"), ("b.", "b"),
                                           ("b) no gradient reaches it", "b"), ("[c] the third", "c"),
                                           ("all of them", None), ("ab", None), ("", None), (2, None)])
def test_letters_are_read_as_people_type_them(value, letter):
    assert read_letter(value) == letter


KEY = {"answer": "c", "why": {"a": "a is a misconception", "b": "b is another", "d": "d too"}}


def test_right_wrong_and_pending():
    keyed = GradingContext(keys={"test_q": KEY})
    choice_answer(OneAnswer("c) third"), keyed, "test_q", "answer_q")
    with pytest.raises(Mistake, match="b is another"):
        choice_answer(OneAnswer("b"), keyed, "test_q", "answer_q")
    with pytest.raises(Pending, match='answer_q = "b" is recorded'):
        choice_answer(OneAnswer("b"), GradingContext(), "test_q", "answer_q")
    with pytest.raises(Mistake, match="not answered"):
        choice_answer(OneAnswer(None), keyed, "test_q", "answer_q")
    with pytest.raises(Mistake, match="one letter"):
        choice_answer(OneAnswer("x" * 10_000), keyed, "test_q", "answer_q")


def test_keys_are_read_from_hidden_test_cells_without_running_them():
    cell = ('### BEGIN HIDDEN TESTS\nfrom autograder.notebook import grade_cell\n'
            'grade_cell("layer", "test_question_old_W", globals(), key={"answer": "c", "why": {"a": "no"}})\n'
            '### END HIDDEN TESTS')
    assert keys_in_sources([cell, 'grade_cell("layer", "test_forward", globals())']) == {
        "test_question_old_W": {"answer": "c", "why": {"a": "no"}}}
    with pytest.raises(BadGradeCell):
        grade_cell_calls('grade_cell("layer", "test_q", globals(), key=__import__("os").system("x"))')
