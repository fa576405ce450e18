"""The grounding check: every fact of an answer must be in a cited source."""

from __future__ import annotations

import pytest

from reisgenoot.knowledge.grounding import check, facts

SOURCE = (
    "De eerste vergunning kost € 112,00 per jaar. Wij beslissen binnen 2 weken. "
    "Bel 14 0999 of 030-123 45 67. Kijk op https://www.voorbeeldstad.nl/parkeren/. "
    "Betaald parkeren geldt van 9.00 tot 21.00 uur. Vanaf 1 januari 2027 is de prijs anders. "
    "Mail naar parkeren@voorbeeldstad.nl."
)


@pytest.mark.parametrize(
    "answer",
    [
        "De vergunning kost 112 euro per jaar.",
        "U hoort het binnen twee weken.",
        "Bel 140999.",
        "Bel 030 1234567.",
        "Zie voorbeeldstad.nl/parkeren.",
        "Let op: vanaf 01-01-2027 verandert de prijs.",
        "Betaald parkeren van 9.00 tot 21.00 uur.",
        "Mail parkeren@voorbeeldstad.nl.",
        "Dit antwoord heeft geen getallen.",
    ],
)
def test_facts_found_in_the_source_pass(answer: str) -> None:
    assert check(answer, [SOURCE]).ok


@pytest.mark.parametrize(
    ("answer", "missing"),
    [
        ("De vergunning kost € 115 per jaar.", "bedrag:115"),
        ("U hoort het binnen 3 weken.", "periode:3 week"),
        ("Bel 0800-1234567.", "telefoon:08001234567"),
        ("Kijk op www.voorbeeldstad.nl/parkeren/gratis.", "adres:voorbeeldstad.nl/parkeren/gratis"),
        ("Kijk op www.elders.nl.", "adres:elders.nl"),
        ("Vanaf 2 februari 2027 is de prijs anders.", "datum:2-2"),
        ("Maximaal 3 vergunningen.", "getal:3"),
    ],
)
def test_a_fact_not_in_the_source_fails(answer: str, missing: str) -> None:
    result = check(answer, [SOURCE])
    assert not result.ok
    assert missing in result.missing


def test_any_cited_source_may_hold_the_fact() -> None:
    assert check("Het kost € 20 en duurt 5 werkdagen.", ["Kosten: € 20,-", "5 werkdagen"]).ok


def test_amounts_and_thousands_are_canonical() -> None:
    assert ("bedrag", "1234.5") in facts("Het kost € 1.234,50.")
    assert ("getal", "0.9") in facts("Uw bezoek betaalt 0,90 per uur.")


def test_an_emergency_number_is_not_a_price() -> None:
    found = facts("De leges zijn € 112,00.")
    assert ("bedrag", "112") in found and ("telefoon", "112") not in found
