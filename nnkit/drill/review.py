"""Spaced repetition with FSRS (the `fsrs` library, Anki's scheduler): what you miss comes back
first, what you know waits longer each time you get it right.

After each answer the learner rates it (again / hard / good / easy); the drill suggests a rating
from correctness and time when it could mark the answer. FSRS turns the rating into the card's
next due date. A missed card is due again after one 10-minute step, and a session counts as due
whatever falls due within the next 20 minutes (Anki's learn-ahead limit), so a miss leads the
next session as it did with the Leitner boxes this replaces.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

DAY = 86_400.0
LEARN_AHEAD = 20 * 60.0  # seconds: Anki's default learn-ahead limit
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
RATING_NAMES = {rating: name for name, rating in RATINGS.items()}

# Fuzzing off: the same answers at the same times give the same schedule (tests, --seed); with
# about 150 cards there is no pile-up of reviews on one day for fuzz to spread out.
SCHEDULER = Scheduler(learning_steps=(timedelta(minutes=10),), relearning_steps=(timedelta(minutes=10),),
                      enable_fuzzing=False)

# Seconds a confident answer takes, per kind of question (reading the prompt included): quicker
# than a third of this suggests "easy", slower than twice this "hard".
PAR_SECONDS = {"choice": 25.0, "numeric": 50.0, "shape": 30.0, "short": 40.0, "recall": 60.0}


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def new_card() -> Card:
    # card_id is set: the library's default id sleeps a millisecond to stay unique, and the
    # drill keys cards by question id anyway
    return Card(card_id=0)


def review(card: Card | None, rating: Rating, now: float) -> Card:
    """The card after one review at `now` (unix seconds)."""
    reviewed, _ = SCHEDULER.review_card(card or new_card(), rating, review_datetime=moment(now))
    return reviewed


def due_at(card: Card) -> float:
    return card.due.timestamp()


def interval_days(card: Card) -> float:
    """Days from the last review to the due date: how long the scheduler trusts the memory."""
    return (card.due - card.last_review).total_seconds() / DAY if card.last_review else 0.0


def read_rating(text: str) -> Rating | None:
    """"1".."4", "again", "hard", "good", "easy" (or their first letters) -> a Rating."""
    word = text.strip().lower()
    if word in ("1", "2", "3", "4"):
        return Rating(int(word))
    for name, rating in RATINGS.items():
        if word and name.startswith(word):
            return rating
    return None


def suggest_rating(outcome: str, seconds: float, kind: str, hints: int) -> Rating:
    """What the drill proposes for an answer it marked: missed -> again; right after a hint or
    slowly -> hard; right quickly -> easy; otherwise good."""
    if outcome != "correct":
        return Rating.Again
    par = PAR_SECONDS[kind]
    if hints or seconds > 2 * par:
        return Rating.Hard
    if seconds < par / 3:
        return Rating.Easy
    return Rating.Good


def outcome_of(rating: Rating) -> str:
    """A self-rated answer counts as right unless the learner said "again"."""
    return "wrong" if rating == Rating.Again else "correct"


def is_due(card: Card, now: float) -> bool:
    return due_at(card) <= now + LEARN_AHEAD


def session_order(question_ids: list[str], cards: dict[str, Card], now: float, rng: random.Random) -> list[str]:
    """Due questions (the ones being relearned first, then by due date), then new ones
    (shuffled), then the rest by due date."""
    unseen = [qid for qid in question_ids if qid not in cards]
    rng.shuffle(unseen)
    seen = [qid for qid in question_ids if qid in cards]
    due = sorted((qid for qid in seen if is_due(cards[qid], now)),
                 key=lambda q: (cards[q].state == State.Review, due_at(cards[q]), q))
    waiting = sorted((qid for qid in seen if not is_due(cards[qid], now)), key=lambda q: (due_at(cards[q]), q))
    return due + unseen + waiting


def forecast(cards: dict[str, Card], now: float, days: int = 7) -> list[int]:
    """How many cards fall due on each of the next `days` days (day 0: due now or later today,
    overdue cards included), counted in local calendar days."""
    today = datetime.fromtimestamp(now).date()
    counts = [0] * days
    for card in cards.values():
        day = max((datetime.fromtimestamp(due_at(card)).date() - today).days, 0)
        if day < days:
            counts[day] += 1
    return counts
