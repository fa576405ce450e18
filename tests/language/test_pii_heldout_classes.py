"""Kinds of personal data the later writers' files showed missing (issue 15, h106, ADR 73).

Each class was found by reading the misses on writers' files (``training-data/pii*.jsonl``,
the ``pii_typed`` of ``training-data/transcripts-more``): case numbers said with blanks, birth
dates with the month said as its number, house-number additions and hundreds said in two words,
and a name spelled out letter by letter. The sentences are written for these tests, not taken
from any data set.
"""

from __future__ import annotations

import pytest

from reisgenoot.language import pii


def _found(text: str, kind: str) -> list[str]:
    return [e.text for e in pii.detect(text) if e.type == kind]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("het staat op de brief, wmo 2026 11842 geloof ik", "wmo 2026 11842"),
        ("mijn melding was omg 2025 0417, is daar al iets mee gedaan", "omg 2025 0417"),
        ("Het dossier is BZ 26 3318.", "BZ 26 3318"),
    ],
)
def test_a_case_number_with_blanks(text: str, number: str) -> None:
    assert _found(text, "zaaknummer") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "ik heb in 2025 1200 euro betaald",  # "in" is a common word
        "dat was op 26 1400 meter verderop",  # a two-digit year needs capitals
        "we zijn met 2025 3000 mensen",
    ],
)
def test_no_case_number_in_ordinary_words_and_numbers(text: str) -> None:
    assert _found(text, "zaaknummer") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("mijn geboortedatum is acht drie tweeënzestig", "acht drie tweeënzestig"),
        ("Geboren? Elf-elf-negentien zeventig.", "Elf-elf-negentien zeventig"),
    ],
)
def test_a_birth_date_with_the_month_as_a_number(text: str, date: str) -> None:
    assert _found(text, "geboortedatum") == [date]


def test_numbers_without_a_birth_cue_stay_readable() -> None:
    assert _found("we hebben acht drie tweeënzestig keer gebeld", "geboortedatum") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("De pas moet naar Meidoornlaan 12 3e.", "Meidoornlaan 12 3e"),
        ("Het adres is Kanaalstraat 7 B2.", "Kanaalstraat 7 B2"),
        ("Wij wonen op Dorpsweg 101 A 02 sinds mei.", "Dorpsweg 101 A 02"),
        ("mijn kamer is Rozenstraat 9 k12, de verwarming doet het niet", "Rozenstraat 9 k12"),
        ("Stuur het naar Molenweg 33 bv, dank u.", "Molenweg 33 bv"),
        ("ik woon op eikenlaan vier honderd twaalf", "eikenlaan vier honderd twaalf"),
    ],
)
def test_house_number_additions_and_hundreds_in_two_words(text: str, address: str) -> None:
    assert _found(text, "adres") == [address]


def test_a_floor_is_not_taken_from_a_following_count() -> None:
    assert _found("ik bel over Kerkstraat 4 2e keer al", "adres") == ["Kerkstraat 4"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ja het is amponsah a m p o n s a h", "amponsah"),
        ("Klant: Wieringa. W-i-e-r-i-n-g-a.", "Wieringa"),
    ],
)
def test_a_name_spelled_out_after_it(text: str, name: str) -> None:
    assert name in _found(text, "naam")


def test_letters_that_spell_another_word_make_no_name() -> None:
    assert _found("het ging om de brief, b r i e f, van vorige week", "naam") == []
    assert _found("ik zei het al: t x b vier vijf", "naam") == []
