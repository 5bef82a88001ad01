"""Spaced repetition with Leitner boxes: what was missed comes back first, what is known waits.

A question starts in box 1. A right answer moves it up one box and schedules it after that
box's interval; a wrong or skipped answer sends it back to box 1, due at once, so it leads the
next session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

DAY = 86_400.0
# Days until a question in box n (index n - 1) is due again after a right answer: roughly
# doubling, the usual Leitner spacing; box 5 is "known" and comes back after three weeks.
INTERVAL_DAYS = (0, 1, 3, 7, 21)
TOP_BOX = len(INTERVAL_DAYS)


@dataclass(frozen=True)
class Card:
    """Where one question stands: its box and when it is due (unix seconds)."""

    box: int
    due_at: float


def after_answer(card: Card | None, outcome: str, now: float) -> Card:
    if outcome != "correct":
        return Card(box=1, due_at=now)
    box = min((card.box if card else 1) + 1, TOP_BOX)
    return Card(box=box, due_at=now + INTERVAL_DAYS[box - 1] * DAY)


def session_order(question_ids: list[str], cards: dict[str, Card], now: float, rng: random.Random) -> list[str]:
    """Due questions (lowest box first), then new ones (shuffled), then the rest by due date."""
    unseen = [qid for qid in question_ids if qid not in cards]
    rng.shuffle(unseen)
    seen = [qid for qid in question_ids if qid in cards]
    due = sorted((qid for qid in seen if cards[qid].due_at <= now), key=lambda q: (cards[q].box, cards[q].due_at, q))
    waiting = sorted((qid for qid in seen if cards[qid].due_at > now), key=lambda q: (cards[q].due_at, q))
    return due + unseen + waiting
