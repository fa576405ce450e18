"""A follow-up question reads as a check made from the article's own sentence (ADR 90)."""

from __future__ import annotations

import pytest

from reisgenoot.assist.checks import MAX_WORDS, check_label
from reisgenoot.language.text import words


@pytest.mark.parametrize(
    ("item", "heading", "expected"),
    [
        (
            "Gaat u bij iemand inwonen? Dan moet de hoofdbewoner toestemming geven.",
            "Voorwaarden",
            "Vraag: gaat u bij iemand inwonen?",
        ),
        (
            "U woont in Voorbeeldstad op een vast adres.",
            "Voorwaarden",
            "Controleer: u woont in Voorbeeldstad op een vast adres",
        ),
        ("Neem een geldig ID-bewijs mee.", "Voorwaarden", "Vertel: neem een geldig ID-bewijs mee"),
        ("een geldig ID-bewijs;", "Bewijs", "Vraag naar: een geldig ID-bewijs"),
        (
            "er maximaal 250 bezoekers tegelijk zijn;",
            "Voorwaarden",
            "Controleer of er maximaal 250 bezoekers tegelijk zijn",
        ),
        (
            "Een grotere gft-container (240 liter) kan bij een tuin van meer dan 100 m².",
            "Voorwaarden",
            "Controleer: een grotere gft-container kan bij een tuin van meer dan 100 m²",
        ),
        (
            "De kosten zijn noodzakelijk en u kunt ze niet betalen uit uw inkomen of spaargeld.",
            "Voorwaarden",
            "Controleer: de kosten zijn noodzakelijk",
        ),
        (
            "Bestuurderskaart: u kunt niet meer dan 100 meter lopen.",
            "Voorwaarden",
            "Controleer (bestuurderskaart): u kunt niet meer dan 100 meter lopen",
        ),
    ],
)
def test_a_bullet_becomes_a_check_in_its_own_words(item: str, heading: str, expected: str) -> None:
    assert check_label(item, heading, checklist=True) == expected


def test_a_section_for_another_intent_is_told() -> None:
    label = check_label("Wij leveren of repareren binnen 10 werkdagen.", "Termijn", checklist=False)
    assert label == "Vertel: wij leveren of repareren binnen 10 werkdagen"


def test_a_lead_in_gives_no_question() -> None:
    assert check_label("Neem mee naar het eerste gesprek:", "Bewijs", checklist=True) is None


def test_a_long_sentence_is_cut_only_where_a_whole_clause_remains() -> None:
    item = (
        "U en andere belanghebbenden, zoals buren, kunnen binnen 6 weken na de bekendmaking "
        "bezwaar maken."
    )
    label = check_label(item, "Bezwaar en beroep", checklist=False)
    assert label is not None and label.endswith("bezwaar maken"), "no cut leaves only a subject"
    short = check_label(
        "Wij halen het grofvuil op binnen 10 werkdagen na uw aanmelding, op de vaste grofvuildag.",
        "Termijn",
        checklist=False,
    )
    assert short == "Vertel: wij halen het grofvuil op binnen 10 werkdagen na uw aanmelding"
    assert short is not None and len(words(short)) <= MAX_WORDS


def test_an_alternative_or_a_restriction_is_never_cut_off() -> None:
    for item in (
        "U heeft een elektrische auto of plug-in hybride, of u heeft er een besteld.",
        "Uw spaargeld is niet hoger dan € 7.965 voor een alleenstaande, of € 15.930 voor een gezin.",
    ):
        label = check_label(item, "Voorwaarden", checklist=True)
        assert label is not None and label.endswith(item.rstrip(".")[-12:])
