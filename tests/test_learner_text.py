"""Learner text on the trusted side: capped where results are made, bounded when quoted, and
neutralised wherever it is printed (autograder.learner_text)."""

from __future__ import annotations

import json
import time

import pytest

from autograder.checks import Mistake
from autograder.learner import LearnerError
from autograder.learner_text import capped, shown_repr, terminal_safe
from autograder.pytest_plugin import MAX_DIAGNOSIS, diagnose
from autograder import results
from autograder.results import MAX_SUMMARY, CaseResult, SuiteResult

ESCAPES = "\x1b[2J\x1b]0;owned\x07\rpassed\x08\x9b31m\u202eevil\u2066"


def test_escape_sequences_are_shown_not_acted_on():
    shown = terminal_safe(f"before {ESCAPES} after\nnext\tline\r\n")
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in shown)
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066" for c in shown)
    assert "\\x1b[2J" in shown and "\\x07" in shown and "\\u202e" in shown
    assert shown.endswith("next\tline\n")  # line breaks and tabs stay; CRLF is a plain line end


def test_lone_surrogates_become_storable_text():
    text = capped("a\ud800b", 100)
    assert text.encode("utf-8") and text.startswith("a") and text.endswith("b")
    assert terminal_safe("\udfff").encode("utf-8")


def test_a_cut_says_how_much_it_left_out():
    text = capped("x" * 100_000, 1_000)
    kept = text.count("x")
    assert len(text) <= 1_000 and kept > 900 and text.endswith(f"({100_000 - kept} characters cut)")
    assert capped("short", 1_000) == "short"


def test_quoting_a_15_mb_answer_costs_a_line_and_no_time():
    answer = ["nnkit " * 1_666] * 1_500
    started = time.perf_counter()
    quoted = shown_repr(answer)
    assert time.perf_counter() - started < 0.05  # reprlib never builds the whole repr
    assert len(quoted) <= 200 and quoted.startswith("['nnkit")


@pytest.mark.parametrize("failure", [
    Mistake("it is " + repr(["x" * 10_000] * 1_500)),
    LearnerError("E" * 100_000, "m" * 100_000),
], ids=["suite-quotes-everything", "huge-error"])
def test_every_diagnosis_is_capped_where_it_is_made(failure):
    assert len(diagnose(failure)) <= MAX_DIAGNOSIS


def test_results_stay_small_whatever_the_learner_printed_or_raised():
    test = results.TestResult("test_x", 1.0, [CaseResult(f"c{i}", False, f"{i}" + "d" * MAX_DIAGNOSIS) for i in range(50)])
    errors = [{"kind": "E", "message": "m" * 1_000, "traceback": "t" * 4_000, "cell": i} for i in range(50)]
    result = SuiteResult("layer", [test], load_errors=errors, output="o" * 8_000, problem="p" * 10_000)
    assert len(result.summary()) <= MAX_SUMMARY
    assert len(test.feedback()) <= 6_000
    assert len(json.dumps(result.to_gradescope())) < 256 << 10
