"""Postcodes and plates spelled after their cue, case numbers in lower case (ADR 91).

Each sentence is written for this test (none comes from an evaluation set): the Dutch letter
names ("ka el"), the spelling alphabet ("Karel Lodewijk"), letters glued together, digits one by
one or in pairs, and the lower-case identifiers of case systems.
"""

from __future__ import annotations

import pytest

from reisgenoot.language.pii import detect, redact


def _found(text: str, type_: str) -> list[str]:
    return [e.text for e in detect(text) if e.type == type_]


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("stationsweg 9 postcode 3 8 1 2 g h graag", "postcode", "3 8 1 2 g h"),
        ("de postcode is eh zesenveertig dertig RN", "postcode", "zesenveertig dertig RN"),
        ("postcode 5521 pee er en dan nog", "postcode", "5521 pee er"),
        ("mijn postcode is 7418 Hendrik Teunis", "postcode", "7418 Hendrik Teunis"),
        (
            "mijn kenteken is ka el zeventien drieëntachtig",
            "kenteken",
            "ka el zeventien drieëntachtig",
        ),
        ("het kenteken eh Gerard Simon 45 21", "kenteken", "Gerard Simon 45 21"),
        ("de parkeervergunning staat op 7 ef zet tee 18", "kenteken", "7 ef zet tee 18"),
        (
            "de auto met kenteken n van nico p van pieter 52 rt",
            "kenteken",
            "n van nico p van pieter 52 rt",
        ),
        ("ja ik zie het bericht van maart pzh25-0418 is niet verwerkt", "zaaknummer", "pzh25-0418"),
        ("het staat onder wmo-2026-118273 in het systeem", "zaaknummer", "wmo-2026-118273"),
    ],
)
def test_spelled_values_are_found(text: str, type_: str, value: str) -> None:
    assert _found(text, type_) == [value]


@pytest.mark.parametrize(
    "text",
    [
        # a house number and words after "postcode": no postcode letters
        "de postcode weet ik niet meer maar het is nummer 12 en de tuin is groot",
        # a car said with numbers that are no plate
        "de auto staat er al 2 weken en ik heb 3 keer gebeld",
        # a common word or an illness before a number is no case system
        "zie covid-19 of de a4-folder van 2025",
    ],
)
def test_words_after_the_cue_without_the_shape_stay(text: str) -> None:
    assert all(e.type not in ("postcode", "kenteken", "zaaknummer") for e in detect(text))


def test_a_spelled_postcode_gets_its_own_placeholder() -> None:
    redacted = redact("mijn postcode is twaalf vierendertig a b").text
    assert "[POSTCODE]" in redacted
    assert "vierendertig" not in redacted
