"""Progress in SQLite: every answer with its rating, each question's FSRS card, every kata attempt.

Each answer is committed as it is given (one transaction: the attempt and the card move
together), so a session stopped by Ctrl-C or a closed terminal keeps everything answered so far.

`PRAGMA user_version` says which layout a file has. Version 0 is the Leitner layout of earlier
nnkit (cards with a `box`, katas without their code): opening it migrates it in one transaction,
replaying every recorded answer through the FSRS scheduler (right -> good, missed -> again) so
the cards start from the history the learner already has.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, State

from nnkit.drill.review import due_at, moment, review

DATABASE_NAME = "drill.sqlite3"
VERSION = 2

SESSIONS = """CREATE TABLE IF NOT EXISTS sessions (
    id          INTEGER PRIMARY KEY,
    started_at  REAL NOT NULL
)"""
ATTEMPTS = """CREATE TABLE IF NOT EXISTS attempts (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id),
    question_id  TEXT NOT NULL,
    topic        TEXT NOT NULL,
    answered_at  REAL NOT NULL,
    given        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('correct', 'wrong', 'skipped')),
    seconds      REAL NOT NULL,
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    rated_by     TEXT NOT NULL CHECK (rated_by IN ('drill', 'learner')),
    hints        INTEGER NOT NULL DEFAULT 0,
    variant      TEXT NOT NULL DEFAULT ''
)"""
CARDS = """CREATE TABLE IF NOT EXISTS cards (
    question_id  TEXT PRIMARY KEY,
    state        INTEGER NOT NULL,
    step         INTEGER,
    stability    REAL,
    difficulty   REAL,
    due_at       REAL NOT NULL,
    last_review  REAL
)"""
KATA_ATTEMPTS = """CREATE TABLE IF NOT EXISTS kata_attempts (
    id          INTEGER PRIMARY KEY,
    kata        TEXT NOT NULL,
    started_at  REAL NOT NULL,
    seconds     REAL NOT NULL,
    score       REAL NOT NULL,
    max_score   REAL NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('graded', 'gave-up')),
    code        TEXT
)"""
SCHEMA = (SESSIONS, ATTEMPTS, CARDS, KATA_ATTEMPTS, "CREATE INDEX IF NOT EXISTS attempts_by_topic ON attempts(topic)")

class NewerDatabase(sqlite3.DatabaseError):
    """The progress file was written by a newer nnkit: nothing is changed in it."""


def data_dir(override: Path | None = None) -> Path:
    """--data-dir, else $NNKIT_DATA_DIR, else the platform's user data folder for nnkit."""
    if override is not None:
        return override
    if os.environ.get("NNKIT_DATA_DIR"):
        return Path(os.environ["NNKIT_DATA_DIR"])
    import platformdirs

    return Path(platformdirs.user_data_dir("nnkit"))


@dataclass(frozen=True)
class TopicAccuracy:
    topic: str
    attempts: int
    correct: int
    skipped: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class SessionSummary:
    id: int
    started_at: float
    attempts: int
    correct: int


@dataclass(frozen=True)
class KataAttempt:
    kata: str
    started_at: float
    seconds: float
    score: float
    max_score: float
    outcome: str  # "graded" or "gave-up" (the model answer was shown before full marks)
    code: str | None  # None for attempts recorded before nnkit kept the code

    @property
    def full_marks(self) -> bool:
        return self.outcome == "graded" and self.max_score > 0 and self.score >= self.max_score


def card_row(question_id: str, card: Card) -> tuple:
    return (question_id, int(card.state), card.step, card.stability, card.difficulty, due_at(card),
            card.last_review.timestamp() if card.last_review else None)


def card_from_row(state: int, step, stability, difficulty, due: float, last_review) -> Card:
    return Card(card_id=0, state=State(state), step=step, stability=stability, difficulty=difficulty,
                due=moment(due), last_review=moment(last_review) if last_review is not None else None)


class Progress:
    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / DATABASE_NAME
        self.db = sqlite3.connect(self.path)
        try:
            self.upgrade()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    # -- layout -------------------------------------------------------------
    def upgrade(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise NewerDatabase(f"written by a newer nnkit (layout {version}, this one reads up to {VERSION})")
        if version == VERSION:
            return
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.db.execute("BEGIN")
        try:
            if "cards" in tables:  # the Leitner layout
                self.migrate_from_leitner(tables)
            for statement in SCHEMA:
                self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {VERSION}")
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    def migrate_from_leitner(self, tables: set[str]) -> None:
        for column, definition in (("rating", "INTEGER NOT NULL DEFAULT 3 CHECK (rating BETWEEN 1 AND 4)"),
                                   ("rated_by", "TEXT NOT NULL DEFAULT 'drill' CHECK (rated_by IN ('drill', 'learner'))"),
                                   ("hints", "INTEGER NOT NULL DEFAULT 0"), ("variant", "TEXT NOT NULL DEFAULT ''")):
            self.db.execute(f"ALTER TABLE attempts ADD COLUMN {column} {definition}")
        self.db.execute("UPDATE attempts SET rating = CASE outcome WHEN 'correct' THEN 3 ELSE 1 END")
        self.db.execute("DROP TABLE cards")
        self.db.execute(CARDS)
        cards: dict[str, Card] = {}
        for question_id, answered_at, rating in self.db.execute(
                "SELECT question_id, answered_at, rating FROM attempts ORDER BY answered_at, id").fetchall():
            cards[question_id] = review(cards.get(question_id), Rating(rating), answered_at)
        self.db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [card_row(qid, card) for qid, card in cards.items()])
        if "katas" in tables:
            self.db.execute(KATA_ATTEMPTS)
            self.db.execute("INSERT INTO kata_attempts (kata, started_at, seconds, score, max_score, outcome, code)"
                            " SELECT kata, started_at, seconds, score, max_score, 'graded', NULL FROM katas ORDER BY id")
            self.db.execute("DROP TABLE katas")

    # -- writing ------------------------------------------------------------
    def start_session(self, now: float | None = None) -> int:
        with self.db:
            cursor = self.db.execute("INSERT INTO sessions (started_at) VALUES (?)",
                                     (time.time() if now is None else now,))
        return int(cursor.lastrowid)

    def record_answer(self, session_id: int, question_id: str, topic: str, given: str, outcome: str,
                      seconds: float, rating: Rating, *, rated_by: str = "drill", hints: int = 0,
                      variant: dict | None = None, now: float | None = None) -> Card:
        now = time.time() if now is None else now
        card = review(self.card(question_id), rating, now)
        with self.db:  # one transaction, committed before the next question is shown
            self.db.execute(
                "INSERT INTO attempts (session_id, question_id, topic, answered_at, given, outcome, seconds,"
                " rating, rated_by, hints, variant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, question_id, topic, now, given, outcome, seconds, int(rating), rated_by, hints,
                 json.dumps(variant) if variant else ""),
            )
            self.db.execute("INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?, ?, ?, ?)", card_row(question_id, card))
        return card

    def record_kata(self, kata: str, started_at: float, seconds: float, score: float, max_score: float,
                    code: str | None, outcome: str = "graded") -> None:
        with self.db:
            self.db.execute("INSERT INTO kata_attempts (kata, started_at, seconds, score, max_score, outcome, code)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)", (kata, started_at, seconds, score, max_score, outcome, code))

    # -- reading ------------------------------------------------------------
    def card(self, question_id: str) -> Card | None:
        row = self.db.execute("SELECT state, step, stability, difficulty, due_at, last_review FROM cards"
                              " WHERE question_id = ?", (question_id,)).fetchone()
        return card_from_row(*row) if row else None

    def cards(self) -> dict[str, Card]:
        rows = self.db.execute("SELECT question_id, state, step, stability, difficulty, due_at, last_review FROM cards")
        return {qid: card_from_row(*rest) for qid, *rest in rows}

    def topic_accuracy(self) -> list[TopicAccuracy]:
        rows = self.db.execute(
            "SELECT topic, COUNT(*), SUM(outcome = 'correct'), SUM(outcome = 'skipped')"
            " FROM attempts GROUP BY topic ORDER BY topic"
        )
        return [TopicAccuracy(topic, n, int(correct), int(skipped)) for topic, n, correct, skipped in rows]

    def sessions(self) -> list[SessionSummary]:
        rows = self.db.execute(
            "SELECT s.id, s.started_at, COUNT(a.id), COALESCE(SUM(a.outcome = 'correct'), 0)"
            " FROM sessions s JOIN attempts a ON a.session_id = s.id GROUP BY s.id ORDER BY s.started_at"
        )
        return [SessionSummary(sid, started, n, int(correct)) for sid, started, n, correct in rows]

    def kata_attempts(self, kata: str | None = None) -> list[KataAttempt]:
        query = "SELECT kata, started_at, seconds, score, max_score, outcome, code FROM kata_attempts"
        rows = self.db.execute(query + (" WHERE kata = ?" if kata else "") + " ORDER BY started_at, id",
                               (kata,) if kata else ())
        return [KataAttempt(*row) for row in rows]


def when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")
