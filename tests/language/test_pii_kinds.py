"""Kinds of structured personal data that the blind-dev analysis of h85 (issue 15) showed were
not covered: separators in IBANs, foreign numbers with an area code in brackets, case numbers
after any reference compound or a bare case noun, sixteen-digit payment references, birth cues
of forms written in English, a postcode whose letters are also a unit ("1234 km"), an e-mail
address masked against spam robots or with a comma typed for its last dot, a BSN in dashed
groups. And the kinds read by their specification (h127, ADR 85): identifiers of the case
systems in segments, a single case letter glued to a long number, a reference a few words after
its cue word, a case number read out letter by letter, a BSN in brackets, an e-mail address with
blanks around the "@", "postcode is 6821 kg", birth dates in the next turn or said number by
number.

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
        ("IBAN: NL91-ABNA-0417-1643-00 graag", "iban", "NL91-ABNA-0417-1643-00"),
        ("rekening NL91.ABNA.0417.1643.00.", "iban", "NL91.ABNA.0417.1643.00"),
        ("mijn Belgische rekening BE68-5390-0754-7034", "iban", "BE68-5390-0754-7034"),
        ("bel me op +90 (532) 123 45 67 na vijven", "telefoon", "+90 (532) 123 45 67"),
        ("het nummer van mijn broer is +49 (30) 1234567", "telefoon", "+49 (30) 1234567"),
        ("mijn verzoeknummer is 4512398", "zaaknummer", "4512398"),
        ("het inschrijfnr. is 2026-00412", "zaaknummer", "2026-00412"),
        ("betalingskenmerk 6015220188341907", "zaaknummer", "6015220188341907"),
        ("de beschikking 6015 2201 8834 1907 klopt niet", "zaaknummer", "6015 2201 8834 1907"),
        (
            "Het kenmerk van de beschikking is 1234 5678 9012 3456",
            "zaaknummer",
            "1234 5678 9012 3456",
        ),
        ("mijn zaak is 24-123456 toch?", "zaaknummer", "24-123456"),
        ("ik heb die melding 7712034 vorige week gedaan", "zaaknummer", "7712034"),
        ("de naheffingsaanslag NH 600 781 422 klopt niet", "zaaknummer", "NH 600 781 422"),
        ("ik kreeg een bevestiging met nummer OLO7731842", "zaaknummer", "OLO7731842"),
        ("mijn aanvraag bijzondere bijstand (nr 26-441920)", "zaaknummer", "26-441920"),
        ("DOB 03-06-1985, woont in Ede", "geboortedatum", "03-06-1985"),
        ("date of birth: 3 June 1985", "geboortedatum", "3 June 1985"),
        ("Datum van geboorte: 21-05-1962", "geboortedatum", "21-05-1962"),
        ("geboren op 3-3-'70 in Zwolle", "geboortedatum", "3-3-'70"),
        ("Anna de Wit *14-02-1951", "geboortedatum", "14-02-1951"),
        ("post naar Merelsteeg 20, 7732 km Oudehaske", "postcode", "7732 km"),
        ("email: jan_jansen(at)gmail.com", "email", "jan_jansen(at)gmail.com"),
        ("mail jan.smit [at] ziggo [dot] nl", "email", "jan.smit [at] ziggo [dot] nl"),
        ("mijn mail is janjansen@gmail,com, graag", "email", "janjansen@gmail,com"),
        ("mijn sofinummer 123-456-782 staat erop", "bsn", "123-456-782"),
    ],
)
def test_kinds_that_are_found(text: str, type_: str, value: str) -> None:
    assert (type_, value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Paalnummer 114-07 staat op de lantaarnpaal",  # an object, no person
        "het informatienummer 0900-1234567 is duur",
        "Mijn pakketnummer is 48813221 en het is niet bezorgd",
        "de aanslag is 12.345 euro, veel te hoog",
        "de aanvraag van 3-3-2025 is kwijt",
        "mijn aanvraag 2024 is afgewezen",
        "de boete van 12500 euro betaal ik niet",
        "KAN IK OP 21-07-2026 KOMEN?",  # a capital word and a date is no case number
        "het is 1200 km rijden naar Parijs",
        "dat kost 5 * 3 = 15 euro",
        "ik ben er (at) home, dat is fijn",
        "bel 123-456-782-1 voor de storingsdienst",
    ],
)
def test_look_alikes_that_are_not_those_kinds(text: str) -> None:
    assert [t for t in _found(text) if t[0] not in ("naam", "adres")] == []


def test_a_phone_number_after_a_compound_stays_a_phone_number() -> None:
    assert _found("het contactnummer is 0612345678") == [("telefoon", "0612345678")]


def test_a_case_noun_does_not_swallow_a_phone_number_after_it() -> None:
    found = _found("zaak 1234567 0031 6 38291047")
    assert ("telefoon", "0031 6 38291047") in found
    assert all(value != "1234567 0031 6 38291047" for _type, value in found)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Medewerker: Op welk adres? — Beller: poldererf 3-2", "poldererf 3-2"),
        ("medewerker: op welk adres beller: kerkring 820-hs", "kerkring 820-hs"),
        ("ik woon op burgemeester de witlaan 676b in Ede", "burgemeester de witlaan 676b"),
        ("verhuisd naar koningin julianaweg 26-1", "koningin julianaweg 26-1"),
        ("Mijn adres is Jan van Galendreef 31-1, 6928TT Ede.", "Jan van Galendreef 31-1"),
    ],
)
def test_address_shapes(text: str, address: str) -> None:
    found = _found(text)
    assert ("adres", address) in found
    assert not [v for t, v in found if t == "naam"]  # the title or first name is no person


def test_a_name_cut_in_two_by_the_tagger_is_one_name() -> None:
    found = _found("goedemiddag, heidi adriaan ionescu-poncelet hier.")
    assert [v for t, v in found if t == "naam"] == ["heidi adriaan ionescu-poncelet"]


def test_two_people_stay_two_names() -> None:
    names = [v for t, v in _found("Ik bel namens Anna de Vries en Piet Jansen.") if t == "naam"]
    assert names == ["Anna de Vries", "Piet Jansen"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Mijn geboortedatum klopt niet in jullie systeem, dat moet 03-06-1979 zijn", "03-06-1979"),
        ("Mijn zoontje van 3 juni 2015 heeft een paspoort nodig.", "3 juni 2015"),
        ("mijn vader overleed vorige week, hij was van 1 mei 1940", "1 mei 1940"),
        ("geboren d.d. 01-05-1940 te Zwolle", "01-05-1940"),
        ("Jan Smit 03-06-1979 Kerkstraat 3", "03-06-1979"),
    ],
)
def test_birth_dates_further_from_their_cue(text: str, date: str) -> None:
    assert ("geboortedatum", date) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mijn geboortedatum is goed, maar op 3 juni 2019 ben ik verhuisd.",
        "Ik ben hier geboren en woon sinds 1 januari 2001 op dit adres.",
        "Mijn geboortedatum klopt niet, maar de afspraak is op 3 juni 2026 in het stadhuis",
        "Jan Smit 03-06-2026 gebeld over de container",
    ],
)
def test_other_dates_near_a_birth_cue_are_no_birth_dates(text: str) -> None:
    assert [v for t, v in _found(text) if t == "geboortedatum"] == []


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
