"""`nnkit drill --export-anki`: the deck is opened as Anki would (an .apkg is a zip holding an
SQLite collection) and every note is read back and compared with the bank."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile

from nnkit.drill.anki import FIELDS, export_draw, note_fields
from nnkit.drill.bank import all_questions, load_bank

TOPICS = load_bank()
QUESTIONS = all_questions(TOPICS)


def read_deck(path, tmp_path) -> tuple[list[dict], dict]:
    """The notes of an .apkg as {field: value, "tags": [...], "guid": ...}, and its decks."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "collection.anki2" in names, names
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = list(db.execute("SELECT guid, flds, tags FROM notes"))
        cards = db.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
        import json

        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    notes = [dict(zip(FIELDS, fields.split("\x1f")), tags=tags.split(), guid=guid) for guid, fields, tags in rows]
    assert cards == len(notes), "one card per note"
    return notes, decks


def test_export_reads_back_with_every_question(tmp_path):
    deck = tmp_path / "nnkit.apkg"
    env = dict(os.environ, NNKIT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "nnkit.drill", "--export-anki", str(deck)], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"{len(QUESTIONS)} notes in {len(TOPICS)} topics" in result.stdout
    assert not (tmp_path / "data").exists(), "exporting needs no progress file"

    notes, decks = read_deck(deck, tmp_path)
    by_id = {note["Id"]: note for note in notes}
    assert len(notes) == len(by_id) == len(QUESTIONS)
    deck_names = {deck["name"] for deck in decks.values()}
    for topic in TOPICS.values():
        assert any(name.startswith("nnkit drill::") and name.endswith(topic.title) for name in deck_names), topic.title
    for question in QUESTIONS:
        note = by_id[question.id]
        expected = dict(zip(FIELDS, note_fields(export_draw(question), TOPICS[question.topic])))
        assert {field: note[field] for field in FIELDS} == expected, question.id
        assert set(note["tags"]) == {"nnkit", question.topic, question.kind}
        assert note["Explanation"] and note["Answer"] and note["Hints"].startswith("(1) ")
        assert "$" not in note["Question"] + note["Explanation"], "formulas are MathJax, not dollar signs"
    sigmoid = by_id["act-sigmoid-slope"]
    assert r"\(\sigma'(z) = \sigma(z)(1 - \sigma(z))\)" in sigmoid["Explanation"]  # rendered by Anki's MathJax
    assert "<code>" in by_id["act-sigmoid-derivative-of-z"]["Question"]
    assert "numbers change each time" in sigmoid["Question"]

    # exporting again gives the same notes with the same GUIDs: Anki updates instead of duplicating
    again = tmp_path / "again.apkg"
    subprocess.run([sys.executable, "-m", "nnkit.drill", "--export-anki", str(again)], check=True, env=env,
                   capture_output=True, timeout=60)
    (tmp_path / "collection.anki2").unlink()
    second, _ = read_deck(again, tmp_path)
    assert sorted((n["guid"], n["Question"]) for n in second) == sorted((n["guid"], n["Question"]) for n in notes)


def test_unwritable_deck_path_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = subprocess.run([sys.executable, "-m", "nnkit.drill", "--export-anki", str(blocker / "deck.apkg")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"nnkit: --export-anki {blocker / 'deck.apkg'}:")
