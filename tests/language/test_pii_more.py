"""The marked sentences of the later writers Q3 and Q4 (``training-data/pii-more.jsonl``).

Made by ``training-data/build.py --pii-more`` from the writers' files: the marks are turned into
spans as for ``pii.jsonl``, and a sentence equal to or a near-copy of a blind dev text is left
out. These tests check the file as the tagger's training script and the held-out check read it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from reisgenoot.language.pii import ENTITY_TYPES

ROOT = Path(__file__).resolve().parents[2]
MORE = ROOT / "training-data" / "pii-more.jsonl"
BLIND_DEV = ROOT / "evaluation" / "blind" / "pii" / "dev.jsonl"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_each_writer_holds_about_five_hundred_sentences_mostly_with_names() -> None:
    rows = _rows(MORE)
    writers = Counter(row["writer"] for row in rows)
    assert set(writers) == {"PQ3", "PQ4"}
    assert all(450 <= n <= 500 for n in writers.values())
    with_name = sum(any(e["type"] == "naam" for e in row["entities"]) for row in rows)
    assert with_name > len(rows) / 2


def test_every_span_is_a_known_type_inside_its_text_without_marks() -> None:
    for row in _rows(MORE):
        text = row["text"]
        assert "[[" not in text and "]]" not in text and "{{" not in text, row["id"]
        last = 0
        for entity in row["entities"]:
            start, end = entity["start"], entity["end"]
            assert entity["type"] in ENTITY_TYPES, row["id"]
            assert last <= start < end <= len(text), row["id"]
            value = text[start:end]
            assert value == value.strip() and value, row["id"]
            last = end


def test_no_sentence_is_a_blind_dev_text() -> None:
    dev = {row["text"].strip().lower() for row in _rows(BLIND_DEV)}
    assert not dev & {row["text"].strip().lower() for row in _rows(MORE)}
