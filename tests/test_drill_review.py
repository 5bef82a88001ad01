"""Scheduling with FSRS (the `fsrs` library) through the real SQLite progress file: a two-week
simulation on a fake clock, ratings and their suggestion, session order, the 7-day forecast,
and the migration of a Leitner-era progress file."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta

from fsrs import Rating, State

from nnkit.drill.progress import Progress
from nnkit.drill.review import (
    DAY,
    LEARN_AHEAD,
    due_at,
    forecast,
    interval_days,
    read_rating,
    review,
    session_order,
    suggest_rating,
)

START = datetime(2026, 3, 2, 19, 0).timestamp()  # a Monday evening, local time


def simulate(progress: Progress, plan: dict[str, list[str]], days: int = 14) -> dict[str, list[tuple[int, str, float]]]:
    """Every evening for `days` days, one session of the questions that are due, answered as the
    plan says ("right" or "miss" for each review in turn). Returns, per question, the reviews as
    (day, answer, interval in days the scheduler then gave)."""
    history: dict[str, list[tuple[int, str, float]]] = {qid: [] for qid in plan}
    for day in range(days):
        now = START + day * DAY
        session = progress.start_session(now)
        cards = progress.cards()
        order = session_order(list(plan), cards, now, random.Random(day))
        for qid in order:
            card = cards.get(qid)
            if card is not None and due_at(card) > now + LEARN_AHEAD:
                continue  # not due: the session only holds due and new questions
            answers = plan[qid]
            answer = answers[min(len(history[qid]), len(answers) - 1)]
            outcome = "correct" if answer == "right" else "wrong"
            rating = suggest_rating(outcome, seconds=20.0, kind="numeric", hints=0)
            card = progress.record_answer(session, qid, "training", "typed", outcome, 20.0, rating, now=now)
            history[qid].append((day, answer, interval_days(card)))
    return history


def test_two_weeks_intervals_grow_for_right_answers_and_shrink_for_misses(tmp_path):
    progress = Progress(tmp_path)
    plan = {
        "always-right": ["right"],
        "missed-on-second-review": ["right", "miss", "right"],
        "always-missed": ["miss"],
    }
    history = simulate(progress, plan)

    right = history["always-right"]
    intervals = [interval for _, _, interval in right]
    assert len(right) >= 3 and intervals == sorted(intervals) and intervals[-1] > 2 * intervals[0], right
    assert all(later > earlier for earlier, later in zip(intervals, intervals[1:])), right
    # each review happens on the day the previous one scheduled (sessions are daily)
    for (day, _, interval), (next_day, _, _) in zip(right, right[1:]):
        assert next_day - day == max(round(interval), 1), right

    lapsed = history["missed-on-second-review"]
    miss = next(index for index, (_, answer, _) in enumerate(lapsed) if answer == "miss")
    before, at_miss, after = lapsed[miss - 1][2], lapsed[miss][2], lapsed[miss + 1][2]
    assert at_miss < 1 < before, lapsed  # a miss brings the question back within the day...
    assert lapsed[miss + 1][0] == lapsed[miss][0] + 1, "...so it leads the next day's session"
    # after relearning, its interval is far shorter than the one a right answer earned at the
    # same review, and it stays behind the always-right question for the rest of the fortnight
    assert after < right[miss][2] / 2, (lapsed, right)
    assert len(lapsed) > len(right) and max(i for _, _, i in lapsed) < max(intervals), (lapsed, right)

    missed = history["always-missed"]
    assert [day for day, _, _ in missed] == list(range(14)), "a question missed every time comes back every day"
    assert all(interval < 1 for _, _, interval in missed)

    # the same history read back from SQLite: one attempt per review, ratings as suggested
    with sqlite3.connect(progress.path) as db:
        rows = list(db.execute("SELECT question_id, rating, rated_by FROM attempts ORDER BY id"))
    assert len(rows) == sum(len(reviews) for reviews in history.values())
    assert {rating for qid, rating, _ in rows if qid == "always-missed"} == {int(Rating.Again)}
    assert {rating for qid, rating, _ in rows if qid == "always-right"} == {int(Rating.Good)}
    progress.close()


def test_ratings_order_the_intervals():
    now = START
    first = {rating: review(None, rating, now) for rating in Rating}
    assert first[Rating.Again].state == State.Learning and due_at(first[Rating.Again]) - now == 600
    assert first[Rating.Easy].state == State.Review
    known = review(review(None, Rating.Good, now), Rating.Good, now + 3 * DAY)
    later = {rating: review(known, rating, now + 10 * DAY) for rating in Rating}
    waits = [due_at(later[rating]) for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)]
    assert waits == sorted(waits) and len(set(waits)) == 4
    assert later[Rating.Again].state == State.Relearning


def test_suggested_rating_from_correctness_time_and_hints():
    assert suggest_rating("wrong", 5, "choice", 0) == Rating.Again
    assert suggest_rating("skipped", 5, "choice", 0) == Rating.Again
    assert suggest_rating("correct", 5, "choice", 0) == Rating.Easy
    assert suggest_rating("correct", 20, "choice", 0) == Rating.Good
    assert suggest_rating("correct", 120, "choice", 0) == Rating.Hard
    assert suggest_rating("correct", 5, "choice", 1) == Rating.Hard  # a hint caps it
    assert suggest_rating("correct", 40, "numeric", 0) == Rating.Good  # numbers take longer than letters
    for typed, rating in (("1", Rating.Again), ("again", Rating.Again), ("h", Rating.Hard), ("Good", Rating.Good),
                          (" 4 ", Rating.Easy), ("e", Rating.Easy)):
        assert read_rating(typed) == rating, typed
    assert read_rating("5") is None and read_rating("") is None and read_rating("maybe") is None


def test_session_order_relearning_first_then_due_then_new_then_waiting():
    missed = review(None, Rating.Again, START - 3600)
    due_review = review(None, Rating.Good, START - 5 * DAY)
    waiting = review(None, Rating.Easy, START)
    cards = {"waiting": waiting, "due-review": due_review, "missed": missed}
    ids = ["new-a", "waiting", "due-review", "new-b", "missed", "new-c"]
    order = session_order(ids, cards, START, random.Random(0))
    assert order[:2] == ["missed", "due-review"]
    assert sorted(order[2:5]) == ["new-a", "new-b", "new-c"] and order[5] == "waiting"
    assert session_order(ids, cards, START, random.Random(0)) == order  # a seed fixes the order


def test_forecast_counts_cards_per_day():
    cards = {
        "overdue": review(None, Rating.Good, START - 10 * DAY),
        "today": review(None, Rating.Again, START),
        "in-two-days": review(None, Rating.Good, START),  # Good on a new card: about 2 days
        "in-a-week-or-more": review(None, Rating.Easy, START),
    }
    counts = forecast(cards, START, 7)
    days = {name: (datetime.fromtimestamp(due_at(card)).date() - datetime.fromtimestamp(START).date()).days
            for name, card in cards.items()}
    expected = [0] * 7
    for name, day in days.items():
        if max(day, 0) < 7:
            expected[max(day, 0)] += 1
    assert counts == expected
    assert counts[0] == 2 and days["in-two-days"] == 2 and counts[2] >= 1  # overdue cards count as due today


LEITNER_SCHEMA = """
CREATE TABLE sessions (id INTEGER PRIMARY KEY, started_at REAL NOT NULL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),
    question_id TEXT NOT NULL, topic TEXT NOT NULL, answered_at REAL NOT NULL, given TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('correct', 'wrong', 'skipped')), seconds REAL NOT NULL);
CREATE TABLE cards (question_id TEXT PRIMARY KEY, box INTEGER NOT NULL, due_at REAL NOT NULL);
CREATE TABLE katas (id INTEGER PRIMARY KEY, kata TEXT NOT NULL, started_at REAL NOT NULL, seconds REAL NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL);
CREATE INDEX attempts_by_topic ON attempts(topic);
"""


def test_leitner_progress_is_migrated_by_replaying_it_through_fsrs(tmp_path):
    """A progress file of the earlier nnkit (Leitner boxes, kata scores without code) is upgraded
    in place: attempts and kata rows are kept, each card is rebuilt from its answers."""
    answers = [("bc-rule", 0, "correct"), ("bc-outer", 0, "wrong"), ("bc-rule", 2, "correct"),
               ("bc-outer", 2, "correct"), ("bc-outer", 3, "skipped")]
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        db.executescript(LEITNER_SCHEMA)
        db.execute("INSERT INTO sessions VALUES (1, ?)", (START,))
        for qid, day, outcome in answers:
            db.execute("INSERT INTO attempts (session_id, question_id, topic, answered_at, given, outcome, seconds)"
                       " VALUES (1, ?, 'broadcasting', ?, 'x', ?, 9.0)", (qid, START + day * DAY, outcome))
        db.executemany("INSERT INTO cards VALUES (?, ?, ?)", [("bc-rule", 3, START + 5 * DAY), ("bc-outer", 1, START)])
        db.execute("INSERT INTO katas (kata, started_at, seconds, score, max_score) VALUES ('layer-backward', ?, 300, 10, 14)",
                   (START,))

    progress = Progress(tmp_path)
    cards = progress.cards()
    expected = {}
    for qid, day, outcome in answers:  # the same replay, through the library, by hand
        expected[qid] = review(expected.get(qid), Rating.Good if outcome == "correct" else Rating.Again, START + day * DAY)
    assert set(cards) == {"bc-rule", "bc-outer"}
    for qid, card in cards.items():
        assert (card.state, card.step, due_at(card)) == (expected[qid].state, expected[qid].step, due_at(expected[qid]))
        assert card.stability == expected[qid].stability and card.difficulty == expected[qid].difficulty
    assert progress.kata_attempts()[0].outcome == "graded" and progress.kata_attempts()[0].code is None
    with sqlite3.connect(progress.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert list(db.execute("SELECT rating FROM attempts ORDER BY id")) == [(3,), (1,), (3,), (3,), (1,)]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "katas" not in tables and {"kata_attempts", "cards", "attempts", "sessions"} <= tables
    progress.close()
    Progress(tmp_path).close()  # opening it again changes nothing


def test_a_newer_progress_file_is_refused_untouched(tmp_path):
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        db.execute("PRAGMA user_version = 9")
    try:
        Progress(tmp_path)
    except sqlite3.DatabaseError as error:
        assert "newer nnkit" in str(error)
    else:
        raise AssertionError("a layout from a newer nnkit must not be opened")
    with sqlite3.connect(tmp_path / "drill.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 9


def test_interval_of_a_card_is_due_minus_last_review():
    card = review(None, Rating.Good, START)
    assert interval_days(card) == (card.due - card.last_review) / timedelta(days=1) > 1
