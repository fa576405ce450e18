"""Where an address ends and begins: the conventions of Dutch addresses (issue 15, h98).

An address is street + house number + addition (evaluation/blind/briefs/TASK-pii.md): the
addition after the number ("bus 3", "kamer 12", "t/m 8", "3 hoog", "bovenwoning") belongs
inside, a person or a business linked to the street ("de heer X uit de …") stays outside, and
initials, titles and adjectives that open a street name belong inside. The sentences are
written for these tests from the conventions, not taken from any evaluation set.
"""

from __future__ import annotations

import pytest

from reisgenoot.language import pii


def _addresses(text: str) -> list[str]:
    return [e.text for e in pii.detect(text) if e.type == "adres"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Stuur de brief naar Lindelaan 12 bus 4, graag.", "Lindelaan 12 bus 4"),
        ("Ik woon op Stationsweg 3 kamer 2.07 in het studentenhuis.", "Stationsweg 3 kamer 2.07"),
        ("Post graag naar Beukenlaan 40 k.118.", "Beukenlaan 40 k.118"),
        ("Hij zit op Fabrieksweg 9 unit 12 met zijn bedrijf.", "Fabrieksweg 9 unit 12"),
        ("De sleutel ligt op Parkweg 5 app. 3.", "Parkweg 5 app. 3"),
        ("Overlast bij Marktstraat 2 t/m 8, al weken.", "Marktstraat 2 t/m 8"),
        ("Overlast bij Marktstraat 2 tot en met 8.", "Marktstraat 2 tot en met 8"),
        ("Wij wonen op Molenweg 7 2 hoog en de lift is stuk.", "Molenweg 7 2 hoog"),
        ("Ze huurt Kastanjelaan 15 bovenwoning sinds mei.", "Kastanjelaan 15 bovenwoning"),
        ("Het gaat om Dijkstraat 4-6 achterhuis.", "Dijkstraat 4-6 achterhuis"),
        ("Mijn postadres is Brinkstraat 22 B-2, daar ben ik.", "Brinkstraat 22 B-2"),
        ("Kijk even bij Zandweg 8 achter.", "Zandweg 8 achter"),
    ],
)
def test_the_addition_after_the_house_number_belongs_to_the_address(
    text: str, address: str
) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # a number of things after the address is not an addition
        ("Ik woon op Lindelaan 12 en bel om 3 uur terug.", "Lindelaan 12"),
        # "achter" opening a phrase of its own is not the back of the house
        ("Er ligt afval op Zandweg 8 achter de schuur.", "Zandweg 8"),
        # a number of weeks after a dash is no range of house numbers
        ("Bezorging op Lindelaan 12 duurt 2 - 3 weken.", "Lindelaan 12"),
        # a range needs a number, not a word
        ("Het gaat over Marktstraat 2 - graag snel.", "Marktstraat 2"),
    ],
)
def test_what_follows_without_an_addition_stays_outside(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ik woon op de eikenlaan honderdtwaalf", "eikenlaan honderdtwaalf"),
        ("met jan van de kerkstraat honderdéén", "kerkstraat honderdéén"),
        ("mijn adres is schoolstraat tweehonderd vijf b", "schoolstraat tweehonderd vijf b"),
    ],
)
def test_a_house_number_above_a_hundred_said_in_words(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Ook de heer Bosma uit de Molenstraat 4 belde hierover.", "Molenstraat 4"),
        ("Dit is mevrouw Kuipers op de Lange Nieuwstraat 9, zegt ze.", "Lange Nieuwstraat 9"),
        ("Aanmelding op Willem Barentszstraat 14 ontvangen.", "Willem Barentszstraat 14"),
    ],
)
def test_who_is_linked_to_the_street_stays_outside(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Werkzaamheden op de Dr. A.F. Philipsweg 5 vandaag.", "Dr. A.F. Philipsweg 5"),
        ("Hij woont aan de J.P. Coenstraat 6.", "J.P. Coenstraat 6"),
        ("u spreekt met karin van de korte molenstraat 7", "korte molenstraat 7"),
    ],
)
def test_initials_titles_and_adjectives_open_the_street_name(text: str, address: str) -> None:
    assert _addresses(text) == [address]


def _names(text: str) -> list[str]:
    return [e.text for e in pii.detect(text) if e.type == "naam"]


def test_a_nickname_in_brackets_is_part_of_the_name() -> None:
    assert _names("Mijn vader Cornelis (Kees) Dijkstra is vorige week overleden.") == [
        "Cornelis (Kees) Dijkstra"
    ]


def test_a_nickname_in_brackets_without_a_name_around_it_stays_apart() -> None:
    names = _names("Ik heb Pieter gesproken (Klaas was er niet), morgen bel ik Jansen.")
    assert "Pieter" in names
    assert all("(" not in name for name in names)


def test_a_first_name_said_again_before_the_full_name_is_two_names() -> None:
    assert _names("ja goedemiddag u spreekt met Gerrit Gerrit Bosma") == [
        "Gerrit",
        "Gerrit Bosma",
    ]
