"""The drill's question bank: schema, answers recomputed with numpy, and marking of each question.

Every numeric and shape answer is recomputed here from its `recompute` expression with numpy and
the trusted reference maths, so a wrong answer key cannot hide in the data files.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.assignments.activations.maths import activation, derivative, sigmoid
from autograder.assignments.layer.maths import layer_backward, layer_forward
from autograder.assignments.network.maths import bce_derivative
from nnkit.drill.bank import KINDS, all_questions, load_bank
from nnkit.drill.marking import expected_text, letters, mark

TOPICS = load_bank()
QUESTIONS = all_questions(TOPICS)
REQUIRED_TOPICS = {"activations", "chain-rule", "broadcasting", "caching", "symmetry", "init-scale",
                   "vanishing-exploding", "gradcheck"}


def by_kind(*kinds):
    return [pytest.param(q, id=q.id) for q in QUESTIONS if q.kind in kinds]


# ------------------------------------------------------------------ helpers shared with other drill tests
def right_answer(question) -> str:
    """An answer a learner would type that must be marked right."""
    if question.kind == "choice":
        return question.answer
    if question.kind == "numeric":
        return repr(float(question.answer))
    if question.kind == "shape":
        return "error" if question.answer == "error" else "x".join(map(str, question.answer)) or "()"
    return question.example


def wrong_answer(question) -> str:
    """A readable answer that must be marked wrong."""
    if question.kind == "choice":
        return next(letter for letter in letters(len(question.options)) if letter != question.answer)
    if question.kind == "numeric":
        answer = float(question.answer)
        return repr(answer + max(3 * question.tolerance, 0.1 * abs(answer), 1e-12) + (1 if answer == int(answer) else 0))
    if question.kind == "shape":
        if question.answer == "error":
            return "(4, 8)"
        shape = list(question.answer)
        return str(tuple(shape[::-1])) if shape != shape[::-1] else str(tuple(shape + [2]))
    return question.wrong[0]


# ------------------------------------------------------------------ a small trusted experiment for symmetry answers
def distinct_hidden_units(init: str, activation: str, hidden: int, steps: int = 30) -> int:
    """Train a 2-input, `hidden`-unit, 1-output network (reference maths, BCE) and count distinct rows of W1."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 32))
    Y = (X[0:1] * X[1:2] > 0).astype(np.float64)
    if init == "zeros":
        W1, W2 = np.zeros((hidden, 2)), np.zeros((1, hidden))
    else:
        W1, W2 = rng.standard_normal((hidden, 2)) * 0.5, rng.standard_normal((1, hidden)) * 0.5
    b1, b2 = np.zeros((hidden, 1)), np.zeros((1, 1))
    W1_start = W1.copy()
    for _ in range(steps):
        _, A1 = layer_forward(W1, b1, X, activation)
        _, A2 = layer_forward(W2, b2, A1, "sigmoid")
        out = layer_backward(W2, b2, A1, bce_derivative(A2, Y), 0.5, "sigmoid")
        hid = layer_backward(W1, b1, X, out.dA_prev, 0.5, activation)
        W1, b1, W2, b2 = hid.W_after, hid.b_after, out.W_after, out.b_after
    assert not np.array_equal(W1, W1_start), "the experiment must move W1, or counting its rows proves nothing"
    # BLAS may round rows computed in different SIMD blocks differently (1 ulp), so rows closer
    # than 1e-9 of the weights' scale count as one unit; real differences here are above 1e-3
    scale = np.max(np.abs(W1))
    representatives: list[np.ndarray] = []
    for row in W1:
        if not any(np.max(np.abs(row - seen)) <= 1e-9 * scale for seen in representatives):
            representatives.append(row)
    return len(representatives)


RECOMPUTE_NAMESPACE = {
    "np": np,
    "sigmoid": sigmoid,
    "activation": activation,
    "derivative": derivative,
    "layer_backward": layer_backward,
    "distinct_hidden_units": distinct_hidden_units,
}


def recompute(question):
    namespace = dict(RECOMPUTE_NAMESPACE)
    namespace.update({name: np.ones(shape) for name, shape in question.given.items()})
    return eval(question.recompute, namespace)  # our own data files, evaluated in the test only


# ------------------------------------------------------------------ the bank as a whole
def test_bank_covers_every_topic_with_enough_questions():
    assert len(QUESTIONS) >= 60
    assert set(TOPICS) == REQUIRED_TOPICS
    for topic in TOPICS.values():
        assert len(topic.questions) >= 8, topic.name
        kinds = {q.kind for q in topic.questions}
        assert len(kinds) >= 2, f"{topic.name} should mix kinds of questions, has only {kinds}"
    assert {q.kind for q in QUESTIONS} == set(KINDS)


def test_choice_answers_are_spread_over_the_letters():
    # a learner must not learn that "a" is always right
    answers = [q.answer for q in QUESTIONS if q.kind == "choice"]
    for letter in "abcd":
        assert answers.count(letter) >= len(answers) / 8, (letter, answers.count(letter), len(answers))


@pytest.mark.parametrize("question", [pytest.param(q, id=q.id) for q in QUESTIONS])
def test_question_schema(question):
    assert question.prompt and question.explanation and question.topic in TOPICS
    assert len(question.explanation) >= 40, "an explanation says why, not just what"
    if question.kind == "choice":
        assert 3 <= len(question.options) <= 6 and len(set(question.options)) == len(question.options)
        assert question.answer in letters(len(question.options))
    elif question.kind == "numeric":
        assert math.isfinite(float(question.answer)) and question.tolerance >= 0
        # the tolerance forgives rounding, never a different answer
        assert question.tolerance <= max(0.01 * abs(float(question.answer)), 1e-3) or question.tolerance == 0.5
    elif question.kind == "shape":
        assert question.answer == "error" or all(isinstance(n, int) and n > 0 for n in question.answer)
        assert question.given, "a shape question says the shapes it starts from"
    else:
        assert question.keywords and all(question.keywords) and question.wrong


# ------------------------------------------------------------------ every answer key checked by computation
@pytest.mark.parametrize("question", by_kind("numeric"))
def test_numeric_answer_is_recomputed(question):
    value = float(recompute(question))
    assert abs(value - float(question.answer)) <= question.tolerance, (value, question.answer)


@pytest.mark.parametrize("question", by_kind("shape"))
def test_shape_answer_is_recomputed_with_numpy(question):
    if question.answer == "error":
        with pytest.raises(ValueError):
            recompute(question)
    else:
        assert np.shape(recompute(question)) == tuple(question.answer)


def test_sigmoid_slope_answer_matches_calculus():
    # the brief's own example, independently of the bank's expression: s(1 - s) at s = 1/2
    question = next(q for q in QUESTIONS if q.id == "act-sigmoid-max-slope")
    assert question.answer == 0.5 * (1 - 0.5)


def test_symmetry_experiment_distinguishes_inits():
    # the helper that proves the symmetry answers must itself see the difference
    assert distinct_hidden_units("zeros", "sigmoid", hidden=5) == 1
    assert distinct_hidden_units("random", "sigmoid", hidden=5) == 5


# ------------------------------------------------------------------ each question's own answers are marked right and wrong
@pytest.mark.parametrize("question", [pytest.param(q, id=q.id) for q in QUESTIONS])
def test_right_answer_accepted_wrong_rejected(question):
    assert mark(question, right_answer(question)).correct
    assert mark(question, expected_text(question)).correct, "the answer the drill shows must itself be accepted"
    assert not mark(question, wrong_answer(question)).correct
    assert not mark(question, "").correct


@pytest.mark.parametrize("question", by_kind("choice"))
def test_choice_only_its_letter(question):
    for letter in letters(len(question.options)):
        assert mark(question, letter).correct == (letter == question.answer)
    assert mark(question, f"({question.answer.upper()})").correct
    assert mark(question, f"{question.answer})").correct


@pytest.mark.parametrize("question", by_kind("shape"))
def test_shape_notations(question):
    if question.answer == "error":
        for typed in ("error", "ValueError", "it does not broadcast", "fails"):
            assert mark(question, typed).correct, typed
        return
    numbers = list(map(str, question.answer))
    for typed in (f"({', '.join(numbers)})", "x".join(numbers), ",".join(numbers), f"[{' '.join(numbers)}]"):
        if numbers:
            assert mark(question, typed).correct, typed
    assert not mark(question, "error").correct


@pytest.mark.parametrize("question", by_kind("short"))
def test_short_answer_wrong_examples_rejected(question):
    for typed in question.wrong:
        assert not mark(question, typed).correct, typed


def test_marking_notation_edge_cases():
    shape = next(q for q in QUESTIONS if q.id == "chain-dW-shape")  # (4, 3)
    assert mark(shape, "4 by 3").correct and mark(shape, "4 × 3").correct
    assert not mark(shape, "(3, 4)").correct and not mark(shape, "(4, 3, 1)").correct
    assert not mark(shape, "four by three").readable
    slope = next(q for q in QUESTIONS if q.id == "act-sigmoid-max-slope")
    assert mark(slope, "1/4").correct and mark(slope, ".25").correct and mark(slope, "~0.25").correct
    assert not mark(slope, "0.5").correct and not mark(slope, "quarter").readable
    nbytes = next(q for q in QUESTIONS if q.id == "cache-memory-bytes")
    assert mark(nbytes, "1,048,576").correct and mark(nbytes, "1048576").correct
    he = next(q for q in QUESTIONS if q.id == "init-which-is-he")
    assert mark(he, "Kaiming He").correct
    assert not mark(he, "the Xavier one").correct  # "he" must not be found inside "the"
    assert not mark(he, "He or Xavier").correct  # hedging with a forbidden answer is wrong
    scalar = next(q for q in QUESTIONS if q.id == "bc-total-sum")
    assert mark(scalar, "scalar").correct and mark(scalar, "()").correct and not mark(scalar, "(1,)").correct
