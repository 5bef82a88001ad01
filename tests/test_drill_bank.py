"""The drill's question bank: schema, every answer recomputed with numpy over many draws of its
numbers, marking of each question, options that cannot be picked by their form, and nothing
taken from the graded assignments.

Every numeric and shape answer is recomputed here from its `recompute` expression with numpy and
the trusted reference maths, for a dozen draws of a parameterised question's numbers, so a wrong
answer formula cannot hide in the data files.
"""

from __future__ import annotations

import difflib
import json
import math
import random
import re
from pathlib import Path

import numpy as np
import pytest

from autograder.assignments.activations.maths import activation, derivative, sigmoid
from autograder.assignments.layer.maths import layer_backward, layer_forward
from autograder.assignments.network.maths import bce_derivative
from nnkit.drill.bank import KINDS, all_questions, load_bank
from nnkit.drill.marking import expected_text, letters, mark, read_choice, read_number
from nnkit.drill.notation import plain, to_html
from nnkit.drill.posing import pose

TOPICS = load_bank()
QUESTIONS = all_questions(TOPICS)
BY_ID = {q.id: q for q in QUESTIONS}
DRAWS = 12  # draws of each parameterised question's numbers checked against numpy
REQUIRED_TOPICS = {"activations", "chain-rule", "broadcasting", "caching", "symmetry", "init-scale",
                   "vanishing-exploding", "gradcheck", "training"}
ROOT = Path(__file__).resolve().parents[1]


def posed_versions(question):
    """The question as the drill would ask it, for several draws of its numbers and option orders."""
    return [pose(question, random.Random(seed)) for seed in range(DRAWS if question.parameterised else 3)]


def by_kind(*kinds):
    return [pytest.param(q, id=q.id) for q in QUESTIONS if q.kind in kinds]


# ------------------------------------------------------------------ helpers shared with other drill tests
def right_answer(posed) -> str:
    """An answer a learner would type that must be marked right."""
    if posed.kind == "choice":
        return posed.answer
    if posed.kind == "numeric":
        return repr(float(posed.answer))
    if posed.kind == "shape":
        return "error" if posed.answer == "error" else "x".join(map(str, posed.answer)) or "()"
    return posed.question.example


def wrong_answer(posed) -> str:
    """A readable answer that must be marked wrong."""
    if posed.kind == "choice":
        return next(letter for letter in letters(len(posed.options)) if letter != posed.answer)
    if posed.kind == "numeric":
        answer = float(posed.answer)
        return repr(answer + max(3 * posed.tolerance, 0.1 * abs(answer), 1e-12) + (1 if answer == int(answer) else 0))
    if posed.kind == "shape":
        if posed.answer == "error":
            return "(4, 8)"
        shape = list(posed.answer)
        return str(tuple(shape[::-1])) if shape != shape[::-1] else str(tuple(shape + [2]))
    return posed.question.wrong[0]


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


def recompute(posed):
    namespace = dict(RECOMPUTE_NAMESPACE)
    namespace.update(posed.values)
    namespace.update({name: np.ones(shape) for name, shape in posed.given.items()})
    return eval(posed.question.recompute, namespace)  # our own data files, evaluated in the test only


# ------------------------------------------------------------------ the bank as a whole
def test_bank_covers_every_topic_with_enough_questions():
    assert len(QUESTIONS) >= 110
    assert set(TOPICS) == REQUIRED_TOPICS
    for topic in TOPICS.values():
        assert len(topic.questions) >= 7, topic.name
        kinds = {q.kind for q in topic.questions}
        assert len(kinds) >= 2, f"{topic.name} should mix kinds of questions, has only {kinds}"
    assert {q.kind for q in QUESTIONS} == set(KINDS)


def test_at_least_a_third_of_the_bank_draws_fresh_numbers():
    parameterised = [q for q in QUESTIONS if q.parameterised]
    assert len(parameterised) * 3 >= len(QUESTIONS), (len(parameterised), len(QUESTIONS))
    assert {q.kind for q in parameterised} >= {"numeric", "shape"}
    for question in parameterised:  # fresh numbers means more than one or two versions
        prompts = {pose(question, random.Random(seed)).prompt for seed in range(40)}
        assert len(prompts) >= 3, (question.id, prompts)


def test_gradient_checking_and_training_have_thirty_new_questions():
    gradcheck, training = TOPICS["gradcheck"].questions, TOPICS["training"].questions
    assert len(gradcheck) >= 20 and len(training) >= 20
    text = " ".join(" ".join((q.prompt, q.explanation, *q.options)) for q in gradcheck + training).lower()
    for subject in ("one-sided", "1e-12", "1e-2", "look closer", "kink", "diverge", "curve", "mini-batch",
                    "reshuffl", "partial batch", "test accuracy", "20 examples", "sigmoid layers", "a - y"):
        assert subject in text, subject


@pytest.mark.parametrize("question", [pytest.param(q, id=q.id) for q in QUESTIONS])
def test_question_schema(question):
    assert question.prompt and question.explanation and question.topic in TOPICS
    assert len(question.explanation) >= 40, "an explanation says why, not just what"
    assert 1 <= len(question.hints) <= 2 and all(len(hint) >= 15 for hint in question.hints)
    if question.kind == "choice":
        assert 3 <= len(question.options) <= 6 and len(set(question.options)) == len(question.options)
        assert question.answer in letters(len(question.options))
    elif question.kind == "numeric":
        for posed in posed_versions(question):
            assert math.isfinite(posed.answer) and posed.tolerance >= 0
            # the tolerance forgives rounding, never a different answer
            assert posed.tolerance <= max(0.01 * abs(posed.answer), 1e-3), (posed.values, posed.tolerance)
    elif question.kind == "shape":
        for posed in posed_versions(question):
            assert posed.answer == "error" or all(isinstance(n, int) and n > 0 for n in posed.answer)
            assert posed.given, "a shape question says the shapes it starts from"
    elif question.kind == "short":
        assert question.keywords and all(question.keywords) and question.wrong
    else:
        assert len(question.example) >= 60, "a self-rated question shows a full model answer"


# ------------------------------------------------------------------ every answer key checked by computation
@pytest.mark.parametrize("question", by_kind("numeric"))
def test_numeric_answer_is_recomputed(question):
    for posed in posed_versions(question):
        value = float(recompute(posed))
        assert abs(value - posed.answer) <= max(posed.tolerance, 1e-12 * abs(value)), (posed.values, value, posed.answer)


@pytest.mark.parametrize("question", by_kind("shape"))
def test_shape_answer_is_recomputed_with_numpy(question):
    for posed in posed_versions(question):
        if posed.answer == "error":
            with pytest.raises(ValueError):
                recompute(posed)
        else:
            assert np.shape(recompute(posed)) == tuple(posed.answer), posed.values


def test_symmetry_experiment_distinguishes_inits():
    # the helper that proves the symmetry answers must itself see the difference
    assert distinct_hidden_units("zeros", "sigmoid", hidden=5) == 1
    assert distinct_hidden_units("random", "sigmoid", hidden=5) == 5


# ------------------------------------------------------------------ each posed question marked right and wrong
@pytest.mark.parametrize("question", by_kind("choice", "numeric", "shape", "short"))
def test_right_answer_accepted_wrong_rejected(question):
    for posed in posed_versions(question):
        assert mark(posed, right_answer(posed)).correct, posed.values
        assert mark(posed, expected_text(posed)).correct, "the answer the drill shows must itself be accepted"
        assert not mark(posed, wrong_answer(posed)).correct
        assert not mark(posed, "").correct


@pytest.mark.parametrize("question", by_kind("short"))
def test_short_answers_accept_their_phrasings_and_refuse_the_wrong_ones(question):
    posed = pose(question, random.Random(0))
    for typed in question.right:
        assert mark(posed, typed).correct, typed
    for typed in question.wrong:
        assert not mark(posed, typed).correct, typed


@pytest.mark.parametrize("question", by_kind("choice"))
def test_choice_letter_forms_and_option_text(question):
    posed = pose(question, random.Random(5))
    right_text = posed.options[letters(len(posed.options)).index(posed.answer)]
    for letter in letters(len(posed.options)):
        assert mark(posed, letter).correct == (letter == posed.answer)
    for typed in (f"({posed.answer.upper()})", f"{posed.answer})", f"{posed.answer}) {right_text}", right_text,
                  right_text.lower() + "."):
        assert mark(posed, typed).correct, typed


@pytest.mark.parametrize("question", by_kind("shape"))
def test_shape_notations(question):
    posed = pose(question, random.Random(1))
    if posed.answer == "error":
        for typed in ("error", "ValueError", "it does not broadcast", "fails"):
            assert mark(posed, typed).correct, typed
        return
    numbers = list(map(str, posed.answer))
    for typed in (f"({', '.join(numbers)})", "x".join(numbers), ",".join(numbers), f"[{' '.join(numbers)}]"):
        if numbers:
            assert mark(posed, typed).correct, typed
    assert not mark(posed, "error").correct


# ------------------------------------------------------------------ answers that cannot be picked by their form
def test_the_right_option_is_rarely_the_longest():
    """In at most a third of the choice questions is the right option the longest one, and
    nowhere is it much longer than the longest distractor."""
    choice = [q for q in QUESTIONS if q.kind == "choice"]
    longest = 0
    for question in choice:
        posed = pose(question, random.Random(0))
        lengths = [len(plain(option)) for option in posed.options]
        right = letters(len(lengths)).index(posed.answer)
        others = max(length for index, length in enumerate(lengths) if index != right)
        longest += lengths[right] > others
        assert lengths[right] <= 1.25 * others, (question.id, lengths)
    assert longest * 3 <= len(choice), f"the right option is the longest in {longest} of {len(choice)}"


def test_options_are_shuffled_each_time_they_are_shown():
    question = BY_ID["chain-dW-formula"]
    orders = {pose(question, random.Random(seed)).options for seed in range(30)}
    letters_right = {pose(question, random.Random(seed)).answer for seed in range(30)}
    assert len(orders) >= 10 and letters_right == set("abcd")
    for seed in range(30):  # whatever the order, the letter shown with the right formula is the answer
        posed = pose(question, random.Random(seed))
        assert posed.options[letters(4).index(posed.answer)] == "dZ @ A_prev.T / m"


def test_hints_lead_towards_the_answer_without_giving_it():
    for question in QUESTIONS:
        posed = pose(question, random.Random(2))
        hints = " ".join(posed.hints).lower()
        if question.kind == "choice":
            right = posed.options[letters(len(posed.options)).index(posed.answer)].lower()
            assert right not in hints, question.id
        if question.kind == "numeric" and len(expected_text(posed)) >= 4:
            assert expected_text(posed) not in hints, question.id


def test_every_formula_renders_for_a_terminal_and_for_anki():
    for question in QUESTIONS:
        for posed in posed_versions(question)[:3]:
            for text in (posed.prompt, posed.explanation, *posed.hints, *posed.options, question.example):
                shown = plain(text)
                assert "$" not in shown and "\\" not in shown, (question.id, shown)
                assert not re.search(r"\{\w+(:[^}]*)?\}", shown), (question.id, shown)  # every number filled in
                page = to_html(text)
                assert "$" not in page and page.count(r"\(") == text.count("$") // 2, (question.id, page)
    assert plain(r"$\sigma'(z) = \sqrt{2/n_{in}} \cdot \frac{a+b}{2}$") == "σ'(z) = √(2/n_in) · (a+b)/2"


# ------------------------------------------------------------------ nothing from the graded assignments
def graded_questions() -> list[tuple[str, str]]:
    """(question, answer key) of every graded question in the source notebooks: the tests are on
    the trusted side and may read them; the drill package may not contain them."""
    pairs = []
    for notebook in sorted((ROOT / "source").glob("*/*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        for index, cell in enumerate(cells):
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown" or "**Question" not in text:
                continue
            for part in re.split(r"\*\*Question \d", text)[1:]:
                options = dict(re.findall(r"\* \*\*([a-d])\)\*\* (.*?)(?=\n\* \*\*|\n\nSet|\Z)", part, flags=re.S))
                keys = [value.strip().strip('"') for later in cells[index + 1:index + 3]
                        for value in re.findall(r"answer_\w+ = (.+)", "".join(later["source"]))]
                answer = " ".join(options.get(key, key) for key in keys)
                pairs.append((" ".join(part.split("* **a)")[0].split()), " ".join(answer.split())))
    return pairs


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def test_no_drill_question_is_a_graded_question():
    """A drill question counts as a graded one when its prompt is very close to a graded prompt, or
    close with a close answer. The thresholds were set on the bank before issue #10: they flag its
    copies of graded questions (the sigmoid's largest slope, the dead ReLU, zero initialisation,
    zero biases, ReLU with zero weights, why keepdims, why cache A_prev) and nothing in this bank."""
    graded = graded_questions()
    assert len(graded) >= 12 and all(answer for _, answer in graded), "the source notebooks' questions should be found"
    for question in QUESTIONS:
        posed = pose(question, random.Random(0))
        if question.kind == "choice":
            answer = posed.options[letters(len(posed.options)).index(posed.answer)]
        else:
            answer = question.example if question.kind in ("short", "recall") else expected_text(posed)
        for prompt, key in graded:
            asked = similarity(posed.prompt, prompt[:len(posed.prompt) + 40])
            assert asked < 0.6 and not (asked >= 0.45 and similarity(answer, key) >= 0.44), (question.id, prompt[:100])


def test_no_graded_solution_or_function_in_the_drill_package():
    graded_names = {"relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative", "sigmoid", "sigmoid_derivative",
                    "tanh", "tanh_derivative", "Layer", "init_weights", "bce", "bce_derivative", "mse",
                    "mse_derivative", "Network", "ActivationFunction"}
    package = ROOT / "nnkit" / "drill"
    for path in package.rglob("*"):
        if path.suffix not in (".py", ".toml", ".txt") or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "answer_" not in text.replace("answer_html", ""), path
        defined = set(re.findall(r"^\s*(?:def|class)\s+(\w+)", text, flags=re.M))
        assert not defined & graded_names, (path, defined & graded_names)


# ------------------------------------------------------------------ forgiving parsing, strict content (issue #11)
def test_numbers_written_the_way_people_write_them():
    for typed, value in (("0.25", 0.25), ("1/4", 0.25), (".25", 0.25), ("~0.25", 0.25), ("about 0.25", 0.25),
                         ("0.25 (at z = 0)", 0.25), ("sigma'(0) = 0.25", 0.25), ("(1/4)", 0.25), ("2e-7", 2e-7),
                         ("2 x 10^-7", 2e-7), ("10^-7", 1e-7), ("1,048,576 bytes", 1048576.0), ("−3", -3.0)):
        assert read_number(typed) == pytest.approx(value), typed
    for typed in ("quarter", "0.25 or 0.5", "between 1 and 2", ""):
        assert read_number(typed) is None, typed


def test_choices_written_the_way_people_write_them():
    options = ("Its gradient is small but not zero", "no gradient reaches it", "It outputs negative values")
    assert read_choice("b) no gradient reaches it", options) == "b"
    assert read_choice("B.", options) == "b" and read_choice("(b)", options) == "b"
    assert read_choice("No gradient reaches it.", options) == "b"
    assert read_choice("no gradient reach it", options) == "b"  # a slip of one letter
    assert read_choice("b) it outputs negative values", options) is None  # the letter and the text disagree
    assert read_choice("True.", ("True", "False")) == "a" and read_choice("false", ("True", "False")) == "b"


def test_negated_keywords_are_refused_and_synonyms_accepted():
    symmetry = pose(BY_ID["sym-random-breaks"], random.Random(0))
    assert not mark(symmetry, "It does not break symmetry, it breaks the gradient").correct
    assert not mark(symmetry, "it doesn't really break the symmetry").correct
    assert not mark(symmetry, "not the symmetry").correct
    assert mark(symmetry, "the symmetry between hidden units").correct
    assert mark(symmetry, "it is not the gradient, it breaks the symmetry").correct  # the negation is in another clause
    he = pose(BY_ID["init-which-is-he"], random.Random(0))
    assert mark(he, "Kaiming He").correct and mark(he, "kaiming initialisation").correct
    assert not mark(he, "the Xavier one").correct  # "he" is not found inside "the"
    assert not mark(he, "He or Xavier").correct  # hedging with a forbidden answer is wrong
    assert not mark(he, "Glorot").correct  # a synonym of a forbidden answer is forbidden too
    assert mark(he, "He, not Xavier").correct  # denying the forbidden answer is fine
    remedies = pose(BY_ID["vx-other-remedies"], random.Random(0))
    assert mark(remedies, "rectified linear units").correct and mark(remedies, "batch normalization").correct
    assert not mark(remedies, "definitely not residual connections").correct
    float64 = pose(BY_ID["gc-why-float64"], random.Random(0))
    assert mark(float64, "float32 rounding is too large").correct
    assert not mark(float64, "not for precision, for speed").correct


def test_marking_notation_edge_cases():
    shape = pose(BY_ID["chain-dW-shape"], random.Random(0))
    rows, columns = shape.answer
    assert mark(shape, f"{rows} by {columns}").correct and mark(shape, f"{rows} × {columns}").correct
    assert not mark(shape, f"({columns}, {rows})").correct and not mark(shape, f"({rows}, {columns}, 1)").correct
    assert not mark(shape, "four by three").readable
    nbytes = pose(BY_ID["cache-memory-bytes"], random.Random(0))
    assert mark(nbytes, f"{int(nbytes.answer):,}").correct and mark(nbytes, f"{int(nbytes.answer)} bytes").correct
    scalar = pose(BY_ID["bc-total-sum"], random.Random(0))
    assert mark(scalar, "scalar").correct and mark(scalar, "()").correct and not mark(scalar, "(1,)").correct
