"""Formats of case numbers, birth dates and addresses that the recognisers learned in issue 15.

Each sentence is written for this test (none comes from an evaluation set); each format is one
that Dutch callers, forms and case systems use broadly, so the tests hold the format, not the
sentence: a reference noun before "nummer", digit groups read out with blanks, a year said as
two digits, a date right after the person it belongs to, a house number said in words, a
street name that opens with "Oude" or "Achter de", a floor or room after the house number.
"""

from __future__ import annotations

import pytest

from reisgenoot.language.pii import detect


def _found(text: str, type_: str) -> list[str]:
    return [e.text for e in detect(text) if e.type == type_]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("mijn vergunningnummer is PV-4471", "PV-4471"),
        ("het proces-verbaalnummer is 2025118842-3", "2025118842-3"),
        ("beschikkingsnummer 7120 3349 0981 2204, die boete", "7120 3349 0981 2204"),
        ("naheffingsnummer AB 512 908 331 klopt niet", "AB 512 908 331"),
        ("het gaat over zaak 25/114.902 van vorige maand", "25/114.902"),
        ("Bezwaar op zaak WB.25.01193 ontvangen", "WB.25.01193"),
    ],
)
def test_references_of_common_shapes(text: str, number: str) -> None:
    assert _found(text, "zaaknummer") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Mijn ordernummer is 48813",  # a shop's order, no case of the municipality
        "ik woon op nummer 7 en bel over het grofvuil",
        "de zaak is al 2 weken dicht",
    ],
)
def test_no_reference_without_a_reference_noun(text: str) -> None:
    assert _found(text, "zaaknummer") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Mijn geboortedatum? Zeventien mei, drieënzestig.", "Zeventien mei, drieënzestig"),
        ("geboren op negen april negentienhonderdvijftig", "negen april negentienhonderdvijftig"),
        ("Geboren: elf juni 1979 in Deventer", "elf juni 1979"),
        ("Aanvraag voor cliënt Berend Holtkamp, 3-9-1951, graag met spoed.", "3-9-1951"),
        ("Mijn dochter (14 februari 2012) heeft een nieuw paspoort nodig.", "14 februari 2012"),
    ],
)
def test_written_and_form_birth_dates(text: str, date: str) -> None:
    assert _found(text, "geboortedatum") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "De brief van 12 maart 2025 klopt niet.",
        "Ik heb op 3 juni 2024 gebeld.",
        "de afspraak (12 mei 2026) gaat niet door",
    ],
)
def test_other_dates_are_no_birth_dates(text: str) -> None:
    assert _found(text, "geboortedatum") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ja ik woon op de berkenlaan zeventien b", "berkenlaan zeventien b"),
        ("met harm van de molenstraat zes ik bel over", "molenstraat zes"),
        ("Ik woon nu op Oude Vismarkt 12.", "Oude Vismarkt 12"),
        ("Nieuw adres: Achter de Hoven 21, 8011 AB", "Achter de Hoven 21"),
        ("ik woon op esdoornhof 4 en de lamp is kapot", "esdoornhof 4"),
        ("wij wonen sinds kort op Karspel 9, graag een pas", "Karspel 9"),
        ("mijn adres is Kastanjelaan 31 b, 7522 AB", "Kastanjelaan 31 b"),
        ("verhuisd naar Wilhelminastraat 8 rood", "Wilhelminastraat 8 rood"),
        ("Zorgcentrum, Tuinstraat 60 kamer 12, 7555 PH", "Tuinstraat 60 kamer 12"),
    ],
)
def test_addresses_of_more_shapes(text: str, address: str) -> None:
    assert _found(text, "adres") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "de afspraak is bij balie 3 om tien uur",
        "het water staat achter de Lidwinastraat 12",  # the street is named without "achter"
        "ik woon op nummer 8, de straat weet u",
        "de Kerkstraat zes maart afgesloten",
        "eerste gesprek 2 juni met de consulent",
    ],
)
def test_no_address_from_other_words_and_numbers(text: str) -> None:
    found = _found(text, "adres")
    assert all(not a.lower().startswith(("balie", "achter", "nummer", "eerste")) for a in found)
    assert "Kerkstraat zes" not in found
