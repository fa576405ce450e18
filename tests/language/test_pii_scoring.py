"""The fast scorer of the name tagger gives the reference implementation's names.

:func:`reisgenoot.language.pii_scoring.find_naam` sums cached weight vectors per group of
features; :func:`reisgenoot.language.pii_tagger.find_naam` builds and looks up every feature
name. Both must find the same names on every text of the own sets, the blind dev set and the
training data, and on texts made to hit the edges (speech style, initials, names at the end).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reisgenoot.language import pii_scoring, pii_tagger
from reisgenoot.language.pii import Detector

ROOT = Path(__file__).resolve().parents[2]
SETS = (
    ROOT / "evaluation" / "pii" / "cases.jsonl",
    ROOT / "evaluation" / "pii" / "dev.jsonl",
    ROOT / "evaluation" / "blind" / "pii" / "dev.jsonl",
    ROOT / "training-data" / "pii.jsonl",
)
EDGES = (
    "",
    "Jansen",
    "ja met bennie",
    "Mevrouw J.A. de Vries-Bakker belde.",
    "ik ben jamila en mijn zoon heet daan",
    "Groeten, Piet",
    "DE HEER P. JANSEN, KERKSTRAAT 12",
    "…",
    "’t Harde",
)


def _texts() -> list[str]:
    texts = list(EDGES)
    for path in SETS:
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def test_the_fast_scorer_finds_the_reference_names() -> None:
    detector = Detector()
    differ = []
    for text in _texts():
        rules = detector.rule_spans(text)
        if pii_scoring.find_naam(text, rules) != pii_tagger.find_naam(text, rules):
            differ.append(text)
    assert differ == []


@pytest.mark.parametrize("threshold", [0.3, 0.8])
def test_the_threshold_moves_both_alike(threshold: float) -> None:
    detector = Detector()
    for text in _texts()[:400]:
        rules = detector.rule_spans(text)
        fast = pii_scoring.find_naam(text, rules, threshold)
        assert fast == pii_tagger.find_naam(text, rules, threshold)


def test_the_caches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = pii_scoring.Scorer(pii_tagger.model())
    monkeypatch.setattr(pii_scoring, "MAX_CACHE", 10)
    for k in range(50):
        scorer.word(f"woord{k}")
        scorer.own(scorer.word(f"Naam{k}"), "O", "mc", False, "O")
    assert len(scorer._words) <= 11
    assert len(scorer.owns) <= 11
