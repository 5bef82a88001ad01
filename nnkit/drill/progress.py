"""Progress in SQLite: every answer and kata attempt, and each question's Leitner card.

Each answer is committed as it is given (one transaction: the attempt and the card move
together), so a session stopped by Ctrl-C or a closed terminal keeps everything answered so far.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from nnkit.drill.review import Card, after_answer

DATABASE_NAME = "drill.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id          INTEGER PRIMARY KEY,
    started_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id),
    question_id  TEXT NOT NULL,
    topic        TEXT NOT NULL,
    answered_at  REAL NOT NULL,
    given        TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('correct', 'wrong', 'skipped')),
    seconds      REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS cards (
    question_id  TEXT PRIMARY KEY,
    box          INTEGER NOT NULL,
    due_at       REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS katas (
    id          INTEGER PRIMARY KEY,
    kata        TEXT NOT NULL,
    started_at  REAL NOT NULL,
    seconds     REAL NOT NULL,
    score       REAL NOT NULL,
    max_score   REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_topic ON attempts(topic);
"""


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


class Progress:
    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / DATABASE_NAME
        self.db = sqlite3.connect(self.path)
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    # -- writing ------------------------------------------------------------
    def start_session(self, now: float | None = None) -> int:
        with self.db:
            cursor = self.db.execute("INSERT INTO sessions (started_at) VALUES (?)", (now or time.time(),))
        return int(cursor.lastrowid)

    def record_answer(self, session_id: int, question_id: str, topic: str, given: str, outcome: str,
                      seconds: float, now: float | None = None) -> Card:
        now = time.time() if now is None else now
        card = after_answer(self.cards().get(question_id), outcome, now)
        with self.db:  # one transaction, committed before the next question is shown
            self.db.execute(
                "INSERT INTO attempts (session_id, question_id, topic, answered_at, given, outcome, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, question_id, topic, now, given, outcome, seconds),
            )
            self.db.execute(
                "INSERT INTO cards (question_id, box, due_at) VALUES (?, ?, ?)"
                " ON CONFLICT(question_id) DO UPDATE SET box = excluded.box, due_at = excluded.due_at",
                (question_id, card.box, card.due_at),
            )
        return card

    def record_kata(self, kata: str, started_at: float, seconds: float, score: float, max_score: float) -> None:
        with self.db:
            self.db.execute("INSERT INTO katas (kata, started_at, seconds, score, max_score) VALUES (?, ?, ?, ?, ?)",
                            (kata, started_at, seconds, score, max_score))

    # -- reading ------------------------------------------------------------
    def cards(self) -> dict[str, Card]:
        rows = self.db.execute("SELECT question_id, box, due_at FROM cards")
        return {qid: Card(box=box, due_at=due_at) for qid, box, due_at in rows}

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

    def kata_attempts(self) -> list[tuple[str, float, float, float, float]]:
        return list(self.db.execute("SELECT kata, started_at, seconds, score, max_score FROM katas ORDER BY started_at"))
