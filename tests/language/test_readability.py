"""Plain-language (B1) check and Flesch-Douma."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reisgenoot.language.readability import (
    B1Report,
    check_b1,
    count_syllables,
    flesch_douma,
    officialese_list,
)

EVALUATION = Path(__file__).parents[2] / "evaluation" / "b1"


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("gemeente", 3),
        ("parkeervergunning", 5),
        ("onroerendezaakbelasting", 8),
        ("paspoort", 2),
        ("situatie", 4),
        ("radio", 3),
        ("bureau", 2),
        ("beïnvloeden", 4),
        ("België", 3),
        ("uitkering", 3),
        ("vrij", 1),
        ("eeuw", 1),
        ("BSN", 3),
        ("ideeën", 3),
    ],
)
def test_count_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_flesch_douma_formula() -> None:
    # 4 words, 4 syllables, 1 sentence: 206.84 - 0.77 * 100 - 0.93 * 4
    assert flesch_douma("Ik bel de man.") == pytest.approx(206.84 - 77.0 - 3.72)
    assert flesch_douma("") == 0.0


def test_plain_text_is_b1() -> None:
    report = check_b1(
        "Wij hebben uw aanvraag gekregen. U krijgt binnen twee weken een brief. "
        "Heeft u vragen? Bel ons."
    )
    assert report.b1
    assert report.flesch_douma > 60
    assert all(s.b1 for s in report.sentences)


def test_officialese_is_found_with_plain_alternative() -> None:
    report = check_b1(
        "Teneinde uw aanvraag te beoordelen, dient u derhalve uw gegevens alsmede een kopie "
        "van uw legitimatiebewijs te verstrekken en het formulier in te dienen."
    )
    assert not report.b1
    found = dict(report.sentences[0].officialese)
    assert found["teneinde"] == "om"
    assert found["derhalve"] == "daarom"
    assert found["alsmede"] == "en"
    assert found["verstrekken"] == "geven"
    assert "Gebruik 'om' in plaats van 'teneinde'." in report.sentences[0].reasons


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("U kunt het formulier indienen.", "sturen"),
        ("Wij hebben het ingediend.", "sturen"),
        ("Hij is woonachtig in Utrecht.", "wonen"),
        ("Betaal middels een overschrijving.", "met"),
        ("Dit is in het kader van de wet.", "bij"),
        ("Wij schrijven u met betrekking tot uw aanvraag.", "over"),
    ],
)
def test_officialese_examples(text: str, plain: str) -> None:
    found = check_b1(text).sentences[0].officialese
    assert plain in [alternative for _, alternative in found]


def test_officialese_list_has_enough_entries() -> None:
    assert len(officialese_list()) >= 60


def test_long_sentence_reason() -> None:
    text = " ".join(["woord"] * 27) + "."
    check = check_b1(text).sentences[0]
    assert not check.b1
    assert "Deze zin is lang (27 woorden). Maak er twee zinnen van." in check.reasons


@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("Uw aanvraag wordt door ons behandeld.", True),
        ("De brief werd gisteren verstuurd.", True),
        ("Uw aanvraag is goedgekeurd door de wethouder.", True),
        ("Wij behandelen uw aanvraag.", False),
        ("Ik ben gisteren verhuisd.", False),
        ("Het wordt laat.", False),
    ],
)
def test_passive(text: str, passive: bool) -> None:
    assert check_b1(text).sentences[0].passive is passive


def test_rare_words_are_reported() -> None:
    check = check_b1("Bij recidive volgt invorderingsrente na de begunstigingstermijn.")
    assert check.sentences[0].rare_words


def test_empty_text_is_b1_without_sentences() -> None:
    report = check_b1("")
    assert report == B1Report(True, 0.0, 0.0, 0.0, [], [])
    assert report.to_dict()["sentences"] == []


def test_to_dict_shape() -> None:
    data = check_b1("Hierbij ontvangt u de brief. Wij verzoeken u te betalen.").to_dict()
    assert set(data) == {
        "b1",
        "flesch_douma",
        "words_per_sentence",
        "rare_word_share",
        "reasons",
        "sentences",
    }
    sentence = data["sentences"][0]  # type: ignore[index]
    assert set(sentence) >= {
        "text",
        "start",
        "end",
        "words",
        "b1",
        "reasons",
        "rare_words",
        "passive",
        "officialese",
    }
    json.dumps(data)


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x1b[31m", "!!!", "a" * 1_000_000, "Zin. " * 50_000, "\ud800 test", "123 456"],
)
def test_never_crashes(text: str) -> None:
    check_b1(text)
    flesch_douma(text)


def test_quality_on_evaluation_set() -> None:
    rows = [
        json.loads(line) for line in (EVALUATION / "cases.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) >= 60
    correct = sum(check_b1(row["text"]).b1 == row["b1"] for row in rows)
    assert correct / len(rows) >= 0.85


def test_a_name_after_a_form_of_address_is_no_difficult_word() -> None:
    closing = check_b1("Is uw vraag hiermee beantwoord? Tot ziens, meneer Veenstra.")
    assert all(sentence.b1 for sentence in closing.sentences)
    assert not any(sentence.rare_words for sentence in closing.sentences)
    with_particles = check_b1("Ik geef het door aan mevrouw van der Kwakernaak.").sentences[0]
    assert with_particles.rare_words == []
    # a rare word that is no name stays rare, also right after "meneer"
    assert check_b1("Meneer, dat is vergunningsplichtig.").sentences[0].rare_words == [
        "vergunningsplichtig"
    ]
