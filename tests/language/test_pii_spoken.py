"""Structured personal data read out as words, numbers abroad, and more birth-date forms.

Each sentence is written for this test (none comes from an evaluation set). The tests hold the
format: digits said one by one or in pairs ("nul zes achtendertig …"), letters spelled one by
one, a hesitation inside, an e-mail address said with "at" / "apenstaartje" and "punt", a
country code other than +31, a year said first, an ISO date after a name.
"""

from __future__ import annotations

import pytest

from reisgenoot.language.pii import detect


def _found(text: str, type_: str) -> list[str]:
    return [e.text for e in detect(text) if e.type == type_]


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        (
            "bel me terug op nul zes twaalf vierendertig zesenvijftig achtenzeventig graag",
            "telefoon",
            "nul zes twaalf vierendertig zesenvijftig achtenzeventig",
        ),
        (
            "mijn vaste nummer is nul drie acht eh vier twee één nul nul negen zes",
            "telefoon",
            "nul drie acht eh vier twee één nul nul negen zes",
        ),
        (
            "mobiel is zes drie drie een twee vier vier acht nul, met de nul ervoor",
            "telefoon",
            "zes drie drie een twee vier vier acht nul",
        ),
        (
            "de postcode is acht twee één drie, k p, in Kampen",
            "postcode",
            "acht twee één drie, k p",
        ),
        ("ik woon daar, negen vier nul één h t is het", "postcode", "negen vier nul één h t"),
        (
            "het kenteken van de bus is vier, x, k, l, twee, negen",
            "kenteken",
            "vier, x, k, l, twee, negen",
        ),
        (
            "het kenmerk eh b w twee zes punt nul nul vier punt drie één staat erop",
            "zaaknummer",
            "b w twee zes punt nul nul vier punt drie één",
        ),
        (
            "een aanslag met nummer 4471902 die ik al betaald heb",
            "zaaknummer",
            "4471902",
        ),
        (
            "mail maar naar pieter punt de wit at ziggo punt nl hoor",
            "email",
            "pieter punt de wit at ziggo punt nl",
        ),
        (
            "het adres is eh m bosman apenstaartje outlook punt com",
            "email",
            "m bosman apenstaartje outlook punt com",
        ),
        ("mijn werk in Gent belt u op +32 9 265 11 40 terug", "telefoon", "+32 9 265 11 40"),
        ("bereikbaar via 0049 30 1234 5678 tot vrijdag", "telefoon", "0049 30 1234 5678"),
        (
            "ik ben geboren in negentienhonderd tweeënvijftig op negen mei",
            "geboortedatum",
            "negentienhonderd tweeënvijftig op negen mei",
        ),
        ("Geboren op de derde juni 1977, ja.", "geboortedatum", "de derde juni 1977"),
        (
            "Melder Priya Raman (1990-11-02) meldt overlast.",
            "geboortedatum",
            "1990-11-02",
        ),
    ],
)
def test_said_and_foreign_forms_are_found(text: str, type_: str, value: str) -> None:
    assert _found(text, type_) == [value]


@pytest.mark.parametrize(
    "text",
    [
        # counting and amounts said as words are not data
        "ik heb twee drie vier vijf keer gebeld en nog steeds niks",
        "het kost vijf twintig per maand en zes euro per keer",
        # nine spoken digits that happen to pass the 11-proef are no BSN without a cue
        "de meterstand is een twee drie vier vijf zes zeven acht twee",
        # "at" in an English phrase without a domain
        "we are at home punt",
        # a recent date after a capital word is an appointment, not a birth date
        "Afspraak met Burgerzaken (3 maart 2026) om tien uur.",
    ],
)
def test_said_numbers_without_the_shape_of_data_stay(text: str) -> None:
    assert detect(text) == [] or all(
        e.type not in ("telefoon", "bsn", "email", "geboortedatum", "postcode")
        for e in detect(text)
    )


def test_a_bracket_before_a_phone_number_is_not_part_of_it() -> None:
    assert _found("Melding van dhr. Jansen (06-2233 4455): losse tegel", "telefoon") == [
        "06-2233 4455"
    ]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hoi, met Femke van de Kastanjelaan 12, de lantaarn is kapot", "Kastanjelaan 12"),
        ("Groet van Bakkerij Het Korenblad op Molenweg 4 hier", "Molenweg 4"),
        ("Melder van Zuiderpark 31 belt over ratten", "Zuiderpark 31"),
        # a street that opens with a title keeps its "van"
        ("ik woon op de Burgemeester van Houtenstraat 5", "Burgemeester van Houtenstraat 5"),
        ("het is Laan van Meerdervoort 120", "Laan van Meerdervoort 120"),
    ],
)
def test_who_lives_there_is_cut_from_the_street(text: str, address: str) -> None:
    assert _found(text, "adres") == [address]


def test_a_surname_said_before_the_full_name_is_two_names() -> None:
    assert _found("ja u spreekt met jansen piet jansen over de stoep", "naam") == [
        "jansen",
        "piet jansen",
    ]


def test_a_business_named_after_the_caller_is_not_part_of_the_name() -> None:
    names = _found("Goedemiddag, u spreekt met Karin Mulder van Mulder Schilderwerken.", "naam")
    assert names[0] == "Karin Mulder"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("de stoeptegel bij klaverhof 12 ligt los", "klaverhof 12"),
        ("ze woont op het zandpad achttien", "zandpad achttien"),
        ("Groeten van de Brink 4", "Brink 4"),
        ("We zijn verhuisd naar Plein 1945 nr 7.", "Plein 1945 nr 7"),
    ],
)
def test_a_street_without_a_street_word_after_a_preposition(text: str, address: str) -> None:
    assert _found(text, "adres") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "ik kom op tijd 12 minuten te laat",
        "het rapport voor podiumkunstensubsidie 2023 is klaar",
        "er wonen zo'n 12 mensen",
        "het gaat om huisnr 7",
    ],
)
def test_common_words_and_years_are_no_street(text: str) -> None:
    assert _found(text, "adres") == []


def test_form_labels_for_names() -> None:
    assert _found("Voornaam: Ilse | Achternaam: Brink", "naam") == ["Ilse", "Brink"]
