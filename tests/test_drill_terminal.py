"""`nnkit drill` as a real terminal program: a pseudo-terminal (pexpect), typed answers, an empty
answer, Ctrl-C in the middle of a session and Ctrl-D, with the progress checked in SQLite after."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import pexpect

from nnkit.drill.bank import all_questions, load_bank
from test_drill_bank import right_answer, wrong_answer

BY_ID = {q.id: q for q in all_questions(load_bank())}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TIMEOUT = 20
PROMPT = r"answer>(?:\x1b\[[0-9;]*m)* "  # the prompt is bold: escape codes sit between its parts


def spawn(data_dir: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, NNKIT_DATA_DIR=str(data_dir), TERM="xterm-256color")
    env.pop("COLUMNS", None)
    return pexpect.spawn(sys.executable, ["-m", "nnkit.drill", *args], env=env, encoding="utf-8",
                         dimensions=(50, 110), timeout=TIMEOUT)


def next_question(child: pexpect.spawn) -> str:
    """Waits for the answer prompt and returns the id of the question on screen."""
    child.expect(PROMPT)
    screen = ANSI.sub("", child.before)
    ids = re.findall(r"│\s+([A-Za-z0-9-]+) │\r?\n╰", screen)
    assert ids and ids[-1] in BY_ID, screen[-800:]
    return ids[-1]


def screen_text(child: pexpect.spawn) -> str:
    return ANSI.sub("", child.before + (child.after if isinstance(child.after, str) else ""))


def test_interactive_session_survives_ctrl_c_and_keeps_progress(tmp_path):
    child = spawn(tmp_path, "--seed", "3", "--count", "6", "--topic", "activations")
    first = next_question(child)
    child.sendline(right_answer(BY_ID[first]))
    child.expect("Right.")

    second = next_question(child)
    child.sendline(wrong_answer(BY_ID[second]))
    child.expect("Not quite")

    third = next_question(child)
    child.sendline("")  # an empty answer is asked again, not a crash
    child.expect("No answer given")
    child.expect(PROMPT)
    child.sendintr()  # Ctrl-C, as the terminal sends it
    child.expect(r"Interrupted: 2 answers saved \(1 right\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # 128 + SIGINT: stopped by the user, cleanly
    assert "Traceback" not in screen_text(child)

    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        attempts = list(db.execute("SELECT question_id, outcome FROM attempts ORDER BY id"))
        cards = dict(db.execute("SELECT question_id, box FROM cards"))
    assert attempts == [(first, "correct"), (second, "wrong")]
    assert cards == {first: 2, second: 1}
    assert third not in cards  # the interrupted question was not recorded

    # the next session starts with the question that was missed; Ctrl-D ends it cleanly
    child = spawn(tmp_path, "--seed", "3", "--count", "6", "--topic", "activations")
    assert next_question(child) == second
    child.sendeof()
    child.expect(r"Input closed after 0 of 6 questions: 0 answers saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
