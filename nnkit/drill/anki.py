"""`nnkit drill --export-anki FILE.apkg`: the whole bank as an Anki deck, written with genanki.

One note per question, in one deck with a sub-deck per topic, tagged `nnkit`, the topic and the
kind. The back holds the answer, the explanation and the hints; formulas are MathJax (Anki
renders `\\( ... \\)` itself) and code is `<code>`. Anki cards are fixed text, so a question
whose numbers change in `nnkit drill` is exported with one draw of them (the same draw every
time, so re-importing updates the notes instead of duplicating them: each note's GUID comes
from its question id).
"""

from __future__ import annotations

import random
from pathlib import Path

from nnkit.drill.bank import Topic
from nnkit.drill.marking import expected_text, letters
from nnkit.drill.notation import to_html
from nnkit.drill.posing import Posed, pose

# Fixed ids: Anki recognises the note type and the decks again when a newer export is imported.
MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
FIELDS = ("Id", "Topic", "Question", "Answer", "Explanation", "Hints")
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black; background: white; }
code { font-family: monospace; background: #f0f0f0; padding: 0 2px; }
.options { margin-top: 0.6em; } .meta { color: #888; font-size: 13px; }
.explanation { margin-top: 0.8em; color: #333; } .hints { margin-top: 0.8em; color: #555; font-size: 15px; }"""
FRONT = '{{Question}}<div class="meta">{{Topic}} · {{Id}}</div>'
BACK = ('{{FrontSide}}<hr id="answer"><b>{{Answer}}</b><div class="explanation">{{Explanation}}</div>'
        '{{#Hints}}<div class="hints">Hints: {{Hints}}</div>{{/Hints}}')


def export_draw(question) -> Posed:
    """The one draw of numbers (and order of options) a question has in the deck."""
    return pose(question, random.Random(f"anki:{question.id}"))


def question_html(posed: Posed) -> str:
    text = to_html(posed.prompt)
    if posed.options:
        text += '<div class="options">' + "<br>".join(
            f"{letter}) {to_html(option)}" for letter, option in zip(letters(len(posed.options)), posed.options)) + "</div>"
    if posed.question.parameterised:
        text += '<div class="meta">(in nnkit drill the numbers change each time)</div>'
    return text


def answer_html(posed: Posed) -> str:
    if posed.kind == "choice":
        return to_html(expected_text(posed))
    if posed.kind in ("short", "recall"):
        return to_html(posed.question.example)
    return to_html(expected_text(posed))


def note_fields(posed: Posed, topic: Topic) -> list[str]:
    hints = " ".join(f"({number}) {to_html(hint)}" for number, hint in enumerate(posed.hints, start=1))
    return [posed.id, to_html(topic.title), question_html(posed), answer_html(posed), to_html(posed.explanation), hints]


def export_deck(topics: dict[str, Topic], path: Path) -> int:
    """Writes the .apkg; returns how many notes it holds."""
    import genanki

    model = genanki.Model(MODEL_ID, "nnkit drill question", fields=[{"name": name} for name in FIELDS],
                          templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}], css=CSS)
    decks = []
    notes = 0
    for index, topic in enumerate(topics.values(), start=1):
        deck = genanki.Deck(DECK_ID + index, f"nnkit drill::{index:02d} {topic.title}")
        for question in topic.questions:
            posed = export_draw(question)
            deck.add_note(genanki.Note(model=model, fields=note_fields(posed, topic), guid=genanki.guid_for("nnkit", question.id),
                                       tags=["nnkit", topic.name, question.kind]))
            notes += 1
        decks.append(deck)
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(decks).write_to_file(str(path))
    return notes
