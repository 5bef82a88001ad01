"""Grouped diagnoses: each distinct mistake once, with the checks and cases it cost, root cause
first; a crash once, with its traceback. Real suites on real submissions (in the sandbox), and
the grouping rules on small hand-made results."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading import grade_path
from autograder import results
from autograder.results import CaseResult, SuiteResult, checklist, findings, mistake_key

Item = results.TestResult  # imported under its own name, pytest would try to collect it

ROOT = Path(__file__).resolve().parents[1]
BUGGY = ROOT / "autograder" / "assignments" / "layer" / "catalogue" / "buggy"


def test_diagnoses_that_differ_only_in_numbers_are_one_mistake():
    assert mistake_key("dW has shape (4, 3) for relu 3 -> 4, m = 5") == mistake_key("dW has shape (2, 7) for relu 7 -> 2, m = 1")
    assert mistake_key("relative error 3.1e-02") == mistake_key("relative error 7e-05")
    assert mistake_key("`answer_1` is not defined") != mistake_key("`answer_2` is not defined")
    assert mistake_key("db has shape (4,)") != mistake_key("db has shape (4, 4)")


def case(name: str, diagnosis: str = "", traceback: str = "") -> CaseResult:
    return CaseResult(case=name, passed=not diagnosis, diagnosis=diagnosis, traceback=traceback)


def test_a_mistake_in_many_checks_and_cases_is_listed_once_with_what_it_cost():
    tests = [
        Item("test_forward", 2, [case("a"), case("b")]),
        Item("test_backward_dW", 3, [case("a", "dW looks transposed: shape (3, 4)"), case("b", "dW looks transposed: shape (2, 5)"),
                                           case("c")]),
        Item("test_worked_example", 1, [case("", "dW looks transposed: shape (2, 3)")]),
    ]
    [finding] = findings(tests)
    assert finding.diagnosis == "dW looks transposed: shape (3, 4)" and finding.case == "a"
    assert [str(cost) for cost in finding.costs] == ["backward_dW (2 of 3 cases)", "worked_example"]
    assert finding.points == 3.0
    assert tests[1].diagnoses == ["dW looks transposed: shape (3, 4) [a; 2 of 3 cases]"]


def test_what_follows_from_another_checks_failure_comes_after_it():
    consequence = "backward could not be checked because forward raised an error (see test_forward)."
    tests = [  # an order in which the consequence is seen first
        Item("test_backward", 2, [case("a", consequence)]),
        Item("test_question", 1, [case("", "`answer_x` is not answered yet.")]),
        Item("test_forward", 2, [case("a", "forward: your code raised ZeroDivisionError: division by zero")]),
    ]
    assert [f.tests for f in findings(tests)] == [["test_question"], ["test_forward"], ["test_backward"]]


@pytest.fixture(scope="module")
def crashing_backward(tmp_path_factory) -> SuiteResult:
    path = tmp_path_factory.mktemp("crash") / "layer.py"
    path.write_text((ROOT / "solutions" / "layer.py").read_text().replace(
        "    def backward(self, dA, learning_rate):\n",
        "    def backward(self, dA, learning_rate):\n        raise ValueError('dZ went missing')\n"))
    return grade_path(path, "layer")


def test_a_crash_is_one_mistake_with_its_traceback_and_the_checks_it_cost(crashing_backward):
    [crash] = [f for f in crashing_backward.findings() if "dZ went missing" in f.diagnosis]
    assert "ValueError: dZ went missing" in crash.traceback and "in backward" in crash.traceback
    assert set(crash.tests) >= {"test_backward_dA_prev", "test_backward_dW", "test_backward_db",
                                "test_backward_updates_parameters", "test_worked_example"}
    text = "\n".join(checklist(crashing_backward))
    assert text.count("dZ went missing") == 2  # the diagnosis and the traceback's last line, once each


@pytest.mark.parametrize("bug, words, most", [
    ("dW_transposed", "dW looks transposed", 1),
    ("forward_returns_cache_tuple", "list or tuple", 1),
    ("db_without_keepdims", "keepdims", 2),
])
def test_a_real_bug_is_one_mistake_however_many_cases_it_fails(bug, words, most):
    result = grade_path(BUGGY / f"{bug}.py", "layer")
    named = [finding for finding in result.findings() if words in finding.diagnosis]
    assert 1 <= len(named) <= most, [f.diagnosis for f in result.findings()]
    assert sum(len(cost.cases) for cost in named[0].costs) > 1
    text = "\n".join(checklist(result))
    assert text.count(named[0].diagnosis) == 1
    assert round(sum(f.points for f in result.findings()), 4) == round(result.max_score - result.score, 4)
