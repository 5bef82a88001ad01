"""`nnkit drill` driven through its non-interactive mode (--answers), as a real child process,
with the progress checked in the real SQLite file it writes."""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nnkit.drill.bank import all_questions, load_bank
from nnkit.drill.review import DAY, session_order
from test_drill_bank import right_answer, wrong_answer

TOPICS = load_bank()
BY_ID = {q.id: q for q in all_questions(TOPICS)}
SESSION_TOPICS = ["broadcasting", "symmetry"]


def drill(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NNKIT_DATA_DIR=str(data_dir), COLUMNS="110")
    return subprocess.run([sys.executable, "-m", "nnkit.drill", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=60)


def shown_ids(output: str) -> list[str]:
    """Question ids in the order the drill showed them (each panel prints its id)."""
    return [m.group(1) for m in re.finditer(r"│\s+([A-Za-z0-9-]+) │\n╰", output) if m.group(1) in BY_ID]


def expected_order(data_dir: Path, seed: int, topics=tuple(SESSION_TOPICS)) -> list[str]:
    ids = [q.id for q in all_questions(TOPICS) if q.topic in topics]
    cards = {}
    database = data_dir / "drill.sqlite3"
    if database.exists():
        from nnkit.drill.review import Card

        with sqlite3.connect(database) as db:
            cards = {qid: Card(box, due) for qid, box, due in db.execute("SELECT question_id, box, due_at FROM cards")}
    return session_order(ids, cards, time.time(), random.Random(seed))


def read_db(data_dir: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data_dir / "drill.sqlite3") as db:
        return list(db.execute(sql))


PLAN = ["right", "wrong", "skip", "right", "right", "wrong", "right", "skip", "right", "wrong", "right", "right"]


def answer_lines(ids: list[str], plan: list[str]) -> str:
    lines = []
    for qid, what in zip(ids, plan):
        if what == "skip":
            lines += ["", ""]  # an empty answer is asked again once, then counts as skipped
        else:
            lines.append(right_answer(BY_ID[qid]) if what == "right" else wrong_answer(BY_ID[qid]))
    return "\n".join(lines) + "\n"


def test_full_scripted_session_records_progress_and_schedules_reviews(tmp_path):
    order = expected_order(tmp_path, seed=11)[: len(PLAN)]
    answers = tmp_path / "answers.txt"
    answers.write_text(answer_lines(order, PLAN))
    args = ["--seed", "11", "--count", str(len(PLAN)), "--answers", str(answers)]
    args += [arg for topic in SESSION_TOPICS for arg in ("--topic", topic)]
    started = time.time()
    result = drill(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert shown_ids(result.stdout) == order
    assert f"{PLAN.count('right')}/{len(PLAN)} right" in result.stdout
    assert result.stdout.count("Skipped.") == PLAN.count("skip")
    assert "No answer given" in result.stdout

    # every attempt, in order, with the outcome the plan asked for
    outcome = {"right": "correct", "wrong": "wrong", "skip": "skipped"}
    attempts = read_db(tmp_path, "SELECT question_id, topic, outcome FROM attempts ORDER BY id")
    assert attempts == [(qid, BY_ID[qid].topic, outcome[what]) for qid, what in zip(order, PLAN)]

    # per-topic accuracy as the stats read it
    from nnkit.drill.progress import Progress

    progress = Progress(tmp_path)
    accuracy = {row.topic: row for row in progress.topic_accuracy()}
    for topic in SESSION_TOPICS:
        planned = [what for qid, what in zip(order, PLAN) if BY_ID[qid].topic == topic]
        assert accuracy[topic].attempts == len(planned)
        assert accuracy[topic].correct == planned.count("right")
        assert accuracy[topic].skipped == planned.count("skip")
    progress.close()

    # Leitner: right -> box 2, due in a day; wrong or skipped -> box 1, due at once
    cards = {qid: (box, due) for qid, box, due in read_db(tmp_path, "SELECT question_id, box, due_at FROM cards")}
    finished = time.time()
    for qid, what in zip(order, PLAN):
        box, due = cards[qid]
        if what == "right":
            assert box == 2 and started + DAY <= due <= finished + DAY
        else:
            assert box == 1 and due <= finished

    # a day later: everything is due; the missed ones (box 1) come first, and answering all
    # right moves box 1 -> 2 (due in 1 day) and box 2 -> 3 (due in 3 days)
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        db.execute("UPDATE cards SET due_at = due_at - ?", (DAY + 1,))
    second = expected_order(tmp_path, seed=11)[: len(PLAN)]
    missed = [qid for qid, what in zip(order, PLAN) if what != "right"]
    assert second[: len(missed)] == sorted(missed, key=lambda q: (cards[q][1], q))
    answers.write_text(answer_lines(second, ["right"] * len(PLAN)))
    result = drill(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert shown_ids(result.stdout) == second
    later = {qid: (box, due) for qid, box, due in read_db(tmp_path, "SELECT question_id, box, due_at FROM cards")}
    now = time.time()
    for qid in order:
        box, due = later[qid]
        if qid in missed:
            assert box == 2 and now + 0.9 * DAY < due <= now + DAY
        else:
            assert box == 3 and now + 2.9 * DAY < due <= now + 3 * DAY
    assert read_db(tmp_path, "SELECT COUNT(*), COUNT(DISTINCT session_id) FROM attempts") == [(2 * len(PLAN), 2)]

    # --stats shows the history and per-topic accuracy; --plot writes a PNG
    stats = drill(tmp_path, "--stats")
    assert stats.returncode == 0, stats.stderr
    assert "Recent sessions" in stats.stdout and "Per topic" in stats.stdout
    broadcasting = re.search(r"│ broadcasting\s+│\s+(\d+) │\s+(\d+) │\s+(\d+) │\s+(\d+)%", stats.stdout)
    rows = read_db(tmp_path, "SELECT COUNT(*), SUM(outcome = 'correct') FROM attempts WHERE topic = 'broadcasting'")
    assert broadcasting and (int(broadcasting.group(1)), int(broadcasting.group(2))) == rows[0]
    assert int(broadcasting.group(4)) == round(100 * rows[0][1] / rows[0][0])
    plot = tmp_path / "progress.png"
    result = drill(tmp_path, "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000


def test_same_seed_same_order_and_answers_running_out_keeps_progress(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    lines = "skip\nskip\n"  # two answers for a five-question session
    one = drill(first, "--seed", "5", "-n", "5", "--answers", "-", stdin=lines)
    two = drill(second, "--seed", "5", "-n", "5", "--answers", "-", stdin=lines)
    assert one.returncode == two.returncode == 0
    assert shown_ids(one.stdout) == shown_ids(two.stdout) and len(shown_ids(one.stdout)) == 3
    assert "Answers ran out after 2 of 5 questions: 2 answers saved (0 right)" in one.stdout
    assert read_db(first, "SELECT COUNT(*) FROM attempts") == [(2,)]
    other = drill(tmp_path / "c", "--seed", "6", "-n", "5", "--answers", "-", stdin=lines)
    assert shown_ids(other.stdout) != shown_ids(one.stdout)


def test_unreadable_answer_is_asked_again_not_marked_wrong(tmp_path):
    # broadcasting holds only shape and choice questions, where "zzz qq" is not an answer at all
    question = BY_ID[expected_order(tmp_path, seed=1, topics=("broadcasting",))[0]]
    result = drill(tmp_path, "--seed", "1", "-n", "1", "--topic", "broadcasting",
                   "--answers", "-", stdin="zzz qq\n" + right_answer(question) + "\n")
    assert "Could not read that" in result.stdout
    assert read_db(tmp_path, "SELECT outcome FROM attempts") == [("correct",)]


@pytest.mark.parametrize("args, message", [
    (["--topic", "nope"], "unknown topic 'nope'; topics are: activations, chain-rule, broadcasting"),
    (["--kata", "nope"], "unknown kata 'nope'; katas are: sigmoid-derivative"),
    (["--answers", "/no/such/file"], "--answers /no/such/file: no such file"),
    (["--solution"], "--solution goes with --kata NAME"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    result = drill(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "drill.sqlite3").exists()


def test_list_topics_counts_questions(tmp_path):
    result = drill(tmp_path, "--list-topics")
    assert result.returncode == 0
    for name, topic in TOPICS.items():
        assert re.search(rf"│ {re.escape(name)}\s+│ {re.escape(topic.title)}\s+│\s+{len(topic.questions)} │", result.stdout)


def test_unusable_progress_file_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "drill.sqlite3").write_text("not a database")
    result = drill(tmp_path, "--stats")
    assert result.returncode == 1
    assert result.stderr.startswith(f"nnkit: cannot keep progress in {tmp_path}: file is not a database")
    assert len(result.stderr.strip().splitlines()) == 1
