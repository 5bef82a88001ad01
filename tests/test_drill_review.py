"""Leitner scheduling: right answers climb the boxes and wait longer, misses fall to box 1 and lead."""

import random

from nnkit.drill.review import DAY, INTERVAL_DAYS, TOP_BOX, Card, after_answer, session_order

NOW = 1_800_000_000.0


def test_right_answers_climb_to_the_top_box_and_stay_there():
    card = None
    boxes, waits = [], []
    for _ in range(TOP_BOX + 2):
        card = after_answer(card, "correct", NOW)
        boxes.append(card.box)
        waits.append((card.due_at - NOW) / DAY)
    assert boxes == [2, 3, 4, 5, 5, 5, 5]
    assert waits == [INTERVAL_DAYS[b - 1] for b in boxes] and waits == sorted(waits)


def test_wrong_or_skipped_falls_to_box_one_due_now():
    for outcome in ("wrong", "skipped"):
        card = after_answer(Card(box=4, due_at=NOW - DAY), outcome, NOW)
        assert card == Card(box=1, due_at=NOW)


def test_session_order_due_by_box_then_new_then_waiting():
    cards = {
        "due-box3": Card(3, NOW - 10),
        "due-box1": Card(1, NOW - 5),
        "waiting-later": Card(2, NOW + 2 * DAY),
        "waiting-sooner": Card(2, NOW + DAY),
    }
    ids = ["new-a", "waiting-later", "due-box3", "new-b", "due-box1", "waiting-sooner", "new-c"]
    order = session_order(ids, cards, NOW, random.Random(0))
    assert order[:2] == ["due-box1", "due-box3"]
    assert sorted(order[2:5]) == ["new-a", "new-b", "new-c"]
    assert order[5:] == ["waiting-sooner", "waiting-later"]
    assert session_order(ids, cards, NOW, random.Random(0)) == order  # a seed fixes the order
