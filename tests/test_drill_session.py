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
from nnkit.drill.posing import pose, question_rng
from nnkit.drill.progress import Progress
from nnkit.drill.review import DAY, LEARN_AHEAD, session_order
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
    if (data_dir / "drill.sqlite3").exists():
        progress = Progress(data_dir)
        cards = progress.cards()
        progress.close()
    return session_order(ids, cards, time.time(), random.Random(seed))


def read_db(data_dir: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data_dir / "drill.sqlite3") as db:
        return list(db.execute(sql))


PLAN = ["right", "wrong", "skip", "right", "hint", "right", "wrong", "right", "skip", "right", "wrong", "right"]


def answer_lines(ids: list[str], plan: list[str], seed: int, self_rating: str = "good") -> str:
    """What a learner would type for each question, drawn with the session's seed; a self-rated
    question gets its answer and then its rating."""
    lines = []
    for qid, what in zip(ids, plan):
        posed = pose(BY_ID[qid], question_rng(seed, qid))
        if posed.question.self_rated:
            lines += ["my own words", self_rating if what != "wrong" else "again"]
        elif what == "skip":
            lines += ["", ""]  # an empty answer is asked again once, then counts as skipped
        elif what == "hint":
            lines += ["hint", right_answer(posed)]
        else:
            lines.append(right_answer(posed) if what == "right" else wrong_answer(posed))
    return "\n".join(lines) + "\n"


def test_full_scripted_session_records_ratings_and_schedules_reviews(tmp_path):
    order = expected_order(tmp_path, seed=11)[: len(PLAN)]
    answers = tmp_path / "answers.txt"
    answers.write_text(answer_lines(order, PLAN, seed=11))
    args = ["--seed", "11", "--count", str(len(PLAN)), "--answers", str(answers)]
    args += [arg for topic in SESSION_TOPICS for arg in ("--topic", topic)]
    started = time.time()
    result = drill(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert shown_ids(result.stdout) == order
    self_rated = [qid for qid in order if BY_ID[qid].self_rated]
    outcome_of = {"right": "correct", "hint": "correct", "wrong": "wrong", "skip": "skipped"}
    planned = [("correct" if what != "wrong" else "wrong") if qid in self_rated else outcome_of[what]
               for qid, what in zip(order, PLAN)]
    assert f"{planned.count('correct')}/{len(PLAN)} right" in result.stdout
    assert "Hint 1/" in result.stdout and "No answer given" in result.stdout

    # every attempt, in order, with its outcome and rating: misses "again", a hint caps at "hard",
    # quick right answers "easy" (the script answers at once); self-rated ones as typed
    rows = read_db(tmp_path, "SELECT question_id, outcome, rating, rated_by, hints, variant FROM attempts ORDER BY id")
    assert [row[:2] for row in rows] == list(zip(order, planned))
    for (qid, outcome, rating, rated_by, hints, variant), what in zip(rows, PLAN):
        if qid in self_rated:
            assert rated_by == "learner" and rating == (1 if what == "wrong" else 3)
        else:
            assert rated_by == "drill" and hints == (1 if what == "hint" else 0)
            assert rating == {"correct": 2 if what == "hint" else 4, "wrong": 1, "skipped": 1}[outcome]
        assert (variant != "") == BY_ID[qid].parameterised  # the drawn numbers are kept with the answer

    # FSRS: right (good or easy) -> days away; missed, skipped, or right only after a hint (hard, a
    # new card's learning step) -> back within the hour, so first next time
    cards = {qid: due for qid, due in read_db(tmp_path, "SELECT question_id, due_at FROM cards")}
    finished = time.time()
    for (qid, outcome, rating, *_) in rows:
        if rating >= 3:
            assert cards[qid] >= started + DAY, qid
        else:
            assert cards[qid] <= finished + LEARN_AHEAD, qid

    # the next session starts with the missed ones; every question due then is shown before new ones
    second = expected_order(tmp_path, seed=12)[: len(PLAN)]
    missed = [qid for qid, _, rating, *_ in rows if rating < 3]
    assert set(second[: len(missed)]) == set(missed)
    answers.write_text(answer_lines(second, ["right"] * len(PLAN), seed=12))
    result = drill(tmp_path, *args[:1], "12", *args[2:])
    assert result.returncode == 0, result.stderr
    assert shown_ids(result.stdout) == second
    assert read_db(tmp_path, "SELECT COUNT(*), COUNT(DISTINCT session_id) FROM attempts") == [(2 * len(PLAN), 2)]

    # --stats shows the history, per-topic accuracy and the week ahead; --plot writes a PNG
    stats = drill(tmp_path, "--stats")
    assert stats.returncode == 0, stats.stderr
    assert "Recent sessions" in stats.stdout and "Per topic" in stats.stdout and "Reviews due in the next 7 days" in stats.stdout
    broadcasting = re.search(r"│ broadcasting\s+│\s+(\d+) │\s+(\d+) │\s+(\d+) │\s+(\d+)%", stats.stdout)
    counts = read_db(tmp_path, "SELECT COUNT(*), SUM(outcome = 'correct') FROM attempts WHERE topic = 'broadcasting'")
    assert broadcasting and (int(broadcasting.group(1)), int(broadcasting.group(2))) == counts[0]
    plot = tmp_path / "progress.png"
    result = drill(tmp_path, "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000


def test_plot_has_whole_sessions_and_the_week_ahead(tmp_path):
    from nnkit.drill.stats import progress_figure
    from nnkit.drill.review import forecast

    progress = Progress(tmp_path)
    session = progress.start_session()
    for qid in ("bc-rule", "bc-outer", "sym-tiled-rows"):
        progress.record_answer(session, qid, BY_ID[qid].topic, "b", "correct" if qid != "bc-outer" else "wrong", 5.0,
                               4 if qid != "bc-outer" else 1)
    now = time.time()
    figure = progress_figure(progress, TOPICS, now)
    _, over_time, ahead = figure.axes
    ticks = over_time.get_xticks()
    assert list(ticks) == [1.0], "one session: one tick, at 1 (not 0.8, 1.0, 1.2)"
    bars = [patch.get_height() for patch in ahead.patches]
    assert bars == forecast(progress.cards(), now, 7) and bars[0] == 1 and sum(bars) >= 1
    progress.close()


def test_same_seed_same_questions_and_numbers_and_answers_running_out_keeps_progress(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    lines = "skip\nskip\n"  # two answers for a five-question session
    one = drill(first, "--seed", "5", "-n", "5", "--answers", "-", stdin=lines)
    two = drill(second, "--seed", "5", "-n", "5", "--answers", "-", stdin=lines)
    assert one.returncode == two.returncode == 0
    assert shown_ids(one.stdout) == shown_ids(two.stdout) and len(shown_ids(one.stdout)) == 3
    assert one.stdout.split("Answers ran out")[0] == two.stdout.split("Answers ran out")[0]  # same numbers too
    assert "Answers ran out after 2 of 5 questions: 2 answers saved (0 right)" in one.stdout
    assert read_db(first, "SELECT COUNT(*) FROM attempts") == [(2,)]
    other = drill(tmp_path / "c", "--seed", "6", "-n", "5", "--answers", "-", stdin=lines)
    assert shown_ids(other.stdout) != shown_ids(one.stdout)


def test_fresh_numbers_each_session_for_the_same_question(tmp_path):
    prompts = set()
    for seed in range(6):
        result = drill(tmp_path / str(seed), "--seed", str(seed), "-n", "40", "--topic", "chain-rule", "--answers", "-",
                       stdin="skip\n" * 40)
        panel = result.stdout.split("chain-dW-shape │")[0].rsplit("╭", 1)[-1]
        prompts.add(" ".join(panel.split()))
    assert len(prompts) >= 3, prompts


def test_unreadable_answer_is_asked_again_not_marked_wrong(tmp_path):
    # broadcasting holds only shape and choice questions, where "zzz qq" is not an answer at all
    qid = expected_order(tmp_path, seed=1, topics=("broadcasting",))[0]
    posed = pose(BY_ID[qid], question_rng(1, qid))
    result = drill(tmp_path, "--seed", "1", "-n", "1", "--topic", "broadcasting",
                   "--answers", "-", stdin="zzz qq\n" + right_answer(posed) + "\n")
    assert "Could not read that" in result.stdout
    assert read_db(tmp_path, "SELECT outcome FROM attempts") == [("correct",)]


@pytest.mark.parametrize("args, message", [
    (["--topic", "nope"], "unknown topic 'nope'; topics are: activations, chain-rule, broadcasting"),
    (["--kata", "nope"], "unknown kata 'nope'; katas are: "),
    (["--answers", "/no/such/file"], "--answers /no/such/file: no such file"),
    (["--solution"], "--solution goes with --kata NAME"),
    (["--kata", "dropout", "--give-up"], "--give-up goes with --solution"),
    (["--export-anki", "deck.txt"], "--export-anki deck.txt: an Anki deck file ends in .apkg"),
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
        assert re.search(rf"│ {re.escape(name)}\s+│ {re.escape(topic.title[:40])}.*│\s+{len(topic.questions)} │", result.stdout)


def test_unusable_progress_file_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "drill.sqlite3").write_text("not a database")
    result = drill(tmp_path, "--stats")
    assert result.returncode == 1
    assert result.stderr.startswith(f"nnkit: cannot keep progress in {tmp_path}: file is not a database")
    assert len(result.stderr.strip().splitlines()) == 1
