"""The learned name tagger: better than the hand-written rules on text nobody here wrote.

The blind dev set (``evaluation/blind/pii/dev.jsonl``, written by people who never saw the code)
is what the tagger's threshold was tuned on; the frozen blind test set is only read by
``reisgenoot bench language``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reisgenoot.language import pii_tagger
from reisgenoot.language.pii import Detector, detect

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evaluation" / "blind" / "pii" / "dev.jsonl"


def _name_f1(detector: Detector) -> tuple[float, float]:
    tp = fp = fn = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold = {(e["start"], e["end"]) for e in item["entities"] if e["type"] == "naam"}
        found = {(e.start, e.end) for e in detector.detect(item["text"]) if e.type == "naam"}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return recall, 2 * precision * recall / (precision + recall)


def test_the_tagger_finds_more_names_than_the_rules_on_the_blind_dev_set() -> None:
    rules_recall, rules_f1 = _name_f1(Detector(learned_names=False))
    learned_recall, learned_f1 = _name_f1(Detector())
    assert learned_recall >= rules_recall + 0.05
    assert learned_f1 >= rules_f1 + 0.03


@pytest.mark.parametrize(
    "text",
    [
        "hoi ik ben priscilla en ik wil een afspraak maken",
        "ja goedemiddag met wouter ik bel over de container",
    ],
)
def test_a_name_without_a_capital_after_a_cue_in_speech_style_text(text: str) -> None:
    names = [e.text for e in detect(text) if e.type == "naam"]
    assert len(names) == 1 and names[0] in text.split()


def _texts_with_a_false_name(detector: Detector) -> tuple[int, int]:
    texts = wrong = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if any(e["type"] == "naam" for e in item["entities"]):
            continue
        texts += 1
        wrong += any(e.type == "naam" for e in detector.detect(item["text"]))
    return texts, wrong


def test_texts_without_a_name_rarely_get_one() -> None:
    """More names found must not mean ordinary words taken for names ("vol met glas")."""
    texts, rules_wrong = _texts_with_a_false_name(Detector(learned_names=False))
    _texts, learned_wrong = _texts_with_a_false_name(Detector())
    assert texts >= 200
    assert learned_wrong <= rules_wrong + 3
    assert learned_wrong / texts <= 0.05


def test_tokens_that_cannot_be_names_are_not_scored() -> None:
    text = "Mevrouw J. de Vries belde op 12 maart over 3 containers."
    toks = pii_tagger.tokens(text)
    context = pii_tagger.Context(text, toks, ["O"] * len(toks))
    scored = {t.text for i, t in enumerate(toks) if context.candidate(i)}
    assert {"J", ".", "de", "Vries"} <= scored
    assert not scored & {"Mevrouw", "12", "3", "belde", "maart", "containers"}


def test_sentence_case_tells_speech_style_from_written_text() -> None:
    lower = pii_tagger.tokens("ja ik ben bram en mijn vrouw heet els")
    sentence = pii_tagger.tokens("Ja ik ben bram. En mijn vrouw heet els")
    written = pii_tagger.tokens("Ik ben Bram van Dijk")
    assert pii_tagger.Context("", lower, ["O"] * len(lower)).case_style == "lo"
    assert pii_tagger.Context("", sentence, ["O"] * len(sentence)).case_style == "sc"
    assert pii_tagger.Context("", written, ["O"] * len(written)).case_style == "mc"


def test_lower_case_words_are_candidates_only_without_capitals_inside_a_sentence() -> None:
    for text, expected in (
        ("ja met qwazix hier", True),
        ("Ja met qwazix hier", True),
        ("Ja met Bram qwazix hier", False),
    ):
        toks = pii_tagger.tokens(text)
        context = pii_tagger.Context(text, toks, ["O"] * len(toks))
        index = next(i for i, t in enumerate(toks) if t.text == "qwazix")
        assert context.candidate(index) is expected, text


@pytest.mark.parametrize(
    "text",
    [
        "nu staat hij vol met stinkend afval.",
        "nu staat hij vol met rottend afval.",
        "nu staat hij vol met smerig afval.",
    ],
)
def test_an_ordinary_word_in_lower_case_text_is_no_name(text: str) -> None:
    """Issue 15 (ADR 81): a word broader Dutch writes in lower case, or a present participle
    of such a verb, is no name candidate in text without capitals."""
    assert not [e for e in detect(text) if e.type == "naam"]


def test_a_word_after_a_name_particle_stays_a_candidate() -> None:
    toks = pii_tagger.tokens("ja met van der molen goedemiddag")
    context = pii_tagger.Context("", toks, ["O"] * len(toks))
    assert pii_tagger.plain_word("molen") and context.candidate(4)


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("wat was het kenteken van de auto kl 477 t ja", "kl 477 t"),
        ("bedoelt u vx 281 b oke", "vx 281 b"),
        ("het is 12 tz fd geloof ik", "12 tz fd"),
    ],
)
def test_a_plate_read_out_with_spaces(text: str, plate: str) -> None:
    assert [(e.type, e.text) for e in detect(text) if e.type == "kenteken"] == [("kenteken", plate)]


@pytest.mark.parametrize("text", ["ik heb 12 en 13 euro", "om 10 uur 30 ben ik er", "2 x 100 m"])
def test_numbers_and_words_with_spaces_are_no_plate(text: str) -> None:
    assert [e for e in detect(text) if e.type == "kenteken"] == []
