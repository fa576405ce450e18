"""The learned acknowledgement: many ways of naming what a resident feels, read by meaning.

A logistic regression over the bundled e5 sentence vectors (offline), fitted on
``training-data/erkenning.jsonl`` and the scenarios' example acknowledgements. The sentences
below are in neither, nor in the phrase lists of ``data/erkennen.yaml``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reisgenoot.assist import embedding
from reisgenoot.training.acknowledgement import ACKNOWLEDGES, MODEL_FILE, acknowledgement_chances
from reisgenoot.training.rubric_features import FEATURES
from reisgenoot.training.scenario_files import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "training-data" / "erkenning.jsonl"
MODEL = ROOT / "src" / "reisgenoot" / "training" / "data" / MODEL_FILE

WARM = [
    "U heeft het echt niet makkelijk gehad de laatste tijd.",
    "Wat een nare toestand met uw buren, daar zou ik ook wakker van liggen.",
]
PLAIN = [
    "U kunt het formulier ook op papier bij de balie ophalen.",
    "De leges zijn € 12,00. Heeft u nog vragen?",
    "Ik begrijp het. Uw postcode?",
]


def test_acknowledgement_in_new_words_is_recognised_and_plain_information_is_not() -> None:
    written = {json.loads(line)["tekst"] for line in DATA.read_text(encoding="utf-8").splitlines()}
    assert not (set(WARM + PLAIN) & written)  # not simply remembered
    chances = acknowledgement_chances(WARM + PLAIN)
    assert chances is not None
    assert all(chance >= ACKNOWLEDGES for chance in chances[: len(WARM)])
    assert all(chance < ACKNOWLEDGES for chance in chances[len(WARM) :])


def test_a_turn_acknowledges_when_one_of_its_sentences_does() -> None:
    chances = acknowledgement_chances([f"{WARM[0]} {PLAIN[0]}", PLAIN[0]])
    assert chances is not None and chances[0] >= ACKNOWLEDGES > chances[1]


def test_without_sentence_vectors_the_phrase_lists_stand_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REISGENOOT_ASSIST_EMBEDDINGS", "0")
    assert not embedding.enabled()
    assert acknowledgement_chances(WARM) is None


def test_the_shipped_weights_come_from_the_committed_data() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    lines = DATA.read_text(encoding="utf-8").splitlines()
    examples = sum(1 for s in load_scenarios().values() if s.voorbeelden.erkennen)
    if "practice" not in data["_uitleg"]:
        assert data["zinnen"] == len(lines) + examples
    else:  # ADR 83: plus trainee sentences of the other writers' judged conversations
        said = sum(
            len(re.split(r"(?<=[.!?])\s+", turn["tekst"].strip()))
            for folder in ("practice", "practice-more")
            for path in (ROOT / "training-data" / folder).glob("*.json")
            for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]
            if turn["spreker"] == "medewerker"
        )
        assert len(lines) + examples < data["zinnen"] <= len(lines) + examples + said
    assert len(data["weights"]) == embedding.DIM
    assert {"acks_meaning", "feelings_meaning", "ack_best"} <= set(FEATURES["empathie"])
