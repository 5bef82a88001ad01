"""`nnkit drill` as a real terminal program (pexpect, a pseudo-terminal): typed answers, hints,
the rating prompt (Enter takes the suggestion, a number overrides it, a self-rated question has
no default), Ctrl-C and Ctrl-D, and katas with and without an editor; progress checked in SQLite."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import pexpect

from nnkit.drill.bank import all_questions, load_bank
from nnkit.drill.kata import load_katas
from nnkit.drill.posing import pose, question_rng
from test_drill_bank import right_answer, wrong_answer
from test_drill_kata import VARIANTS

BY_ID = {q.id: q for q in all_questions(load_bank())}
KATAS = load_katas()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TIMEOUT = 30
ANSWER = r"answer>(?:\x1b\[[0-9;]*m)* "  # the prompts are bold: escape codes sit between their parts
RATE = r"rate \((?:.|\n)*?\)>(?:\x1b\[[0-9;]*m)* "


def spawn(data_dir: Path, *args: str, **env_extra: str) -> pexpect.spawn:
    env = dict(os.environ, NNKIT_DATA_DIR=str(data_dir), TERM="xterm-256color", **env_extra)
    env.pop("COLUMNS", None)
    return pexpect.spawn(sys.executable, ["-m", "nnkit.drill", *args], env=env, encoding="utf-8",
                         dimensions=(50, 130), timeout=TIMEOUT)


def next_question(child: pexpect.spawn) -> str:
    """Waits for the answer prompt and returns the id of the question on screen."""
    child.expect(ANSWER)
    screen = ANSI.sub("", child.before)
    ids = re.findall(r"│\s+([A-Za-z0-9-]+) │\r?\n╰", screen)
    assert ids and ids[-1] in BY_ID, screen[-800:]
    return ids[-1]


def screen_text(child: pexpect.spawn) -> str:
    return ANSI.sub("", child.before + (child.after if isinstance(child.after, str) else ""))


def attempts(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "drill.sqlite3") as db:
        return list(db.execute("SELECT question_id, outcome, rating, rated_by, hints FROM attempts ORDER BY id"))


def test_rating_hints_and_ctrl_c_in_a_terminal(tmp_path):
    seed = "3"
    child = spawn(tmp_path, "--seed", seed, "--count", "7", "--topic", "symmetry")
    typed = []
    for number in range(4):
        qid = next_question(child)
        posed = pose(BY_ID[qid], question_rng(int(seed), qid))
        if posed.question.self_rated:
            child.sendline("units would stay copies")
            child.expect("A model answer")
            child.expect(RATE)
            assert "Enter =" not in screen_text(child), "a self-rated question proposes no rating"
            child.sendline("")  # no default: asked again
            child.expect("Rate with a number from 1 to 4")
            child.sendline("2")
            typed.append((qid, "correct", 2, "learner", 0))
        elif number == 0:
            child.sendline("hint")
            child.expect(r"Hint 1/\d")
            child.expect(ANSWER)
            child.sendline(right_answer(posed))
            child.expect("Right.")
            child.expect(RATE)
            assert "Enter = 2 hard" in screen_text(child), "a hint caps the suggestion at hard"
            child.sendline("")
            typed.append((qid, "correct", 2, "drill", 1))
        elif number == 1:
            child.sendline(wrong_answer(posed))
            child.expect("Not quite")
            child.expect(RATE)
            assert "Enter = 1 again" in screen_text(child)
            child.sendline("3")  # the learner overrides: a slip, not a gap in knowledge
            typed.append((qid, "wrong", 3, "learner", 0))
        else:
            child.sendline(right_answer(posed))
            child.expect("Right.")
            child.expect(RATE)
            child.sendline("easy")
            typed.append((qid, "correct", 4, "drill" if "Enter = 4 easy" in screen_text(child) else "learner", 0))
        child.expect("Next review of")

    interrupted = next_question(child)
    child.sendline("")  # an empty answer is asked again, not a crash
    child.expect("No answer given")
    child.expect(ANSWER)
    child.sendintr()  # Ctrl-C, as the terminal sends it
    child.expect(r"Interrupted: 4 answers saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # 128 + SIGINT: stopped by the user, cleanly
    assert "Traceback" not in screen_text(child)
    assert attempts(tmp_path) == typed
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        assert interrupted not in {qid for (qid,) in db.execute("SELECT question_id FROM cards")}

    # the next session starts with a question rated below "good"; Ctrl-D ends it cleanly
    child = spawn(tmp_path, "--seed", seed, "--count", "7", "--topic", "symmetry")
    first = next_question(child)
    assert first in {qid for qid, _, rating, _, _ in typed if rating < 3}
    child.sendeof()
    child.expect(r"Input closed after 0 of 7 questions: 0 answers saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_kata_in_a_terminal_asks_before_replacing_then_hint_grade_fix(tmp_path):
    kata = KATAS["minibatches"]
    kata_file = tmp_path / "my_kata.py"
    kata_file.write_text("# an earlier attempt\n")
    child = spawn(tmp_path / "data", "--kata", "minibatches", "--no-editor", "--kata-file", str(kata_file))
    child.expect("holds an earlier attempt")
    child.expect(r"\[y/N\]>")
    child.sendline("y")
    child.expect("Enter to grade it")
    assert "raise NotImplementedError" in kata_file.read_text()  # the stub is there to edit
    assert (tmp_path / "my_kata.previous.py").read_text() == "# an earlier attempt\n"
    child.sendline("h")
    child.expect("Hint 1/2: Draw ONE permutation")
    child.expect("Enter to grade it")
    child.sendline("")  # graded as it is: the stub
    child.expect("Not yet")
    child.expect("Enter to grade again")
    kata_file.write_text(VARIANTS["minibatches"][0])  # the learner's fix, written in another window
    child.sendline("")
    child.expect("Full marks")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        rows = list(db.execute("SELECT score, max_score, outcome, code FROM kata_attempts ORDER BY id"))
    assert [row[:3] for row in rows] == [(0.0, 5.0, "graded"), (5.0, 5.0, "graded")]
    assert rows[0][3] == kata.stub and rows[1][3] == VARIANTS["minibatches"][0]

    # a restart where the learner keeps the earlier file: nothing is replaced
    child = spawn(tmp_path / "data", "--kata", "minibatches", "--no-editor", "--kata-file", str(kata_file))
    child.expect(r"\[y/N\]>")
    child.sendline("")
    child.expect("Carrying on with your file")
    child.expect("Enter to grade it")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert kata_file.read_text() == VARIANTS["minibatches"][0]


EDITOR = """
import sys
path = sys.argv[1]
runs = path + ".runs"
count = int(open(runs).read()) if __import__("os").path.exists(runs) else 0
open(runs, "w").write(str(count + 1))
open(path, "w").write({bodies!r}[min(count, 1)])
"""


def test_kata_with_an_editor_in_a_terminal_then_giving_up(tmp_path):
    kata = KATAS["dropout"]
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR.format(bodies=[VARIANTS["dropout"][1], VARIANTS["dropout"][1]]))
    child = spawn(tmp_path / "data", "--kata", "dropout", VISUAL=f"{sys.executable} {editor}")
    child.expect("graded when the editor closes")
    child.expect("Not yet")
    child.expect("Enter to reopen the editor")
    child.sendline("")  # the editor opens again; the learner saves the same bug
    child.expect("Not yet")
    child.expect("Enter to reopen the editor")
    child.sendline("s")  # give up: the model answer, recorded
    child.expect("Model answer for kata")
    child.expect("Recorded as a give-up")
    assert "mask = rng.random(np.shape(A)) < keep_prob" in screen_text(child)  # the model answer, shown
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with sqlite3.connect(tmp_path / "data" / "drill.sqlite3") as db:
        rows = list(db.execute("SELECT outcome, code FROM kata_attempts ORDER BY id"))
    assert [row[0] for row in rows] == ["graded", "graded", "gave-up"]
    assert rows[-1][1] == VARIANTS["dropout"][1]  # the code at the give-up is kept too
    assert (tmp_path / "data" / "katas" / kata.file_name).with_suffix(".py.runs").read_text() == "2"
