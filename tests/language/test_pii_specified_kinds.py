"""Structured kinds read by their specification (h127, issue 15, ADR 85): identifiers of the
case systems composed of capitals and digits in segments, a single case letter glued to a long
number, a reference a few words after its cue word, a case number read out letter by letter and
digit by digit, a BSN in brackets, an e-mail address with blanks around the "@", a postcode
whose letters are a word after the word "postcode", birth dates given in the next turn or said
number by number.

Every sentence is written for this test; none comes from an evaluation set. Each negative is a
sentence the same rule could wrongly read.
"""

from __future__ import annotations

import pytest

from reisgenoot.language.pii import detect


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in detect(text)]


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("Ik bel over ZAAK-2024-0000000123, is daar al iets over bekend?", "zaaknummer",
         "ZAAK-2024-0000000123"),
        ("in mijn omgeving staat HZ/22/PW/2319 maar verder niks", "zaaknummer", "HZ/22/PW/2319"),
        ("ik zie nu pas het nummer 2023/417/VTH op de brief", "zaaknummer", "2023/417/VTH"),
        ("Klant: Ja, GV24-WMO-40312.", "zaaknummer", "GV24-WMO-40312"),
        ("een vraag over RX.2024.11873 graag", "zaaknummer", "RX.2024.11873"),
        ("de brief met Z480127 rechtsboven", "zaaknummer", "Z480127"),
        ("mijn debiteurnummer bij de afdeling belastingen is 774120", "zaaknummer", "774120"),
        ("het zaaknummer van mijn bezwaar is z-2026-004417.", "zaaknummer", "z-2026-004417"),
        ("Klant: z k twee vier nul nul drie een acht.", "zaaknummer",
         "z k twee vier nul nul drie een acht"),
        ("Cliënt (1234.56.782) meldt een wijziging.", "bsn", "1234.56.782"),
        ("mijn moeder (bsn 123 456 782) belt zelf niet", "bsn", "123 456 782"),
        ("mail naar p.devos @ ziggo.nl graag", "email", "p.devos @ ziggo.nl"),
        ("en mijn postcode is 6821 kg", "postcode", "6821 kg"),
        ("Medewerker: Uw geboortedatum graag. Beller: 3 mrt. 1966.", "geboortedatum",
         "3 mrt. 1966"),
        ("KCC: En uw geboortedatum?\nKlant: vijftien maart negentienzesenzestig", "geboortedatum",
         "vijftien maart negentienzesenzestig"),
        ("mijn geboortedatum is een vijf nul drie negentien zesenzestig", "geboortedatum",
         "een vijf nul drie negentien zesenzestig"),
        ("ik ben geboren tien tien zestig", "geboortedatum", "tien tien zestig"),
    ],
)  # fmt: skip
def test_specified_kinds_are_found(text: str, type_: str, value: str) -> None:
    assert (type_, value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Het nummer van de watermeter is 123456782, de stand heb ik doorgegeven.",
        "ordernummer 123456782 is nog steeds niet geleverd",
        "Postbus 100, antwoordnummer 12345, Voorbeeldstad.",
        "Zie artikel 2.1.3 van de verordening van 2024.",
        "De vergadering is op 15-MRT-2026 om 19.30 uur.",
        "Bel 14 0999 of kijk op www.voorbeeldstad.nl/afval2026-2027.",
        "kunt u mij bellen op nul zes een twee drie vier vijf zes zeven acht",
        "Uw afspraak is op 12 maart. Klant: dank u wel, tot dan.",
        "mijn geboortedatum is goed maar de afspraak is om tien over twee",
    ],
)
def test_specified_kinds_leave_plain_numbers(text: str) -> None:
    found = _found(text)
    assert not [f for f in found if f[0] in ("bsn", "zaaknummer", "geboortedatum")], found
