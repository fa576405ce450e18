"""Text basics: tokens, sentences, lemmas and language detection."""

from __future__ import annotations

import pytest

from reisgenoot.language.text import (
    Sentence,
    Token,
    detect_language,
    edit_distance,
    lemma,
    lemmas,
    sentences,
    tokens,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mijn IBAN is NL91 ABNA 0417 1643 00.", "NL91 ABNA 0417 1643 00"),
        ("Mail naar j.de.vries@example.nl graag.", "j.de.vries@example.nl"),
        ("Het kenteken is 12-ABC-3 denk ik.", "12-ABC-3"),
        ("Bel mij z.s.m. terug.", "z.s.m."),
        ("Het kost € 1.234,56 per jaar.", "€ 1.234,56"),
        ("De afspraak is om 14:30 uur.", "14:30"),
        ("Geboren op 12-03-1980 in Utrecht.", "12-03-1980"),
        ("Kijk op www.gemeente.nl/paspoort voor meer.", "www.gemeente.nl/paspoort"),
        ("Dhr. Jansen belde.", "Dhr."),
        ("Bel 06-12345678 maar.", "06-12345678"),
    ],
)
def test_tokens_keep_units_whole(text: str, expected: str) -> None:
    found = [t.text for t in tokens(text)]
    assert expected in found


def test_token_offsets_point_into_the_text() -> None:
    text = "Goedemorgen, ik bel over mijn paspoort!"
    for token in tokens(text):
        assert isinstance(token, Token)
        assert text[token.start : token.end] == token.text


def test_words_are_lowercase_without_punctuation() -> None:
    assert words("Ik heb AL 3 keer gebeld!!") == ["ik", "heb", "al", "3", "keer", "gebeld"]
    assert words("belachelijk!!1") == ["belachelijk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mw. De Vries belt o.a. over nr. 12. Dank u!",
            ["Mw. De Vries belt o.a. over nr. 12.", "Dank u!"],
        ),
        (
            "U kunt bellen via tel. 14 020. Dat kan bijv. op maandag.",
            ["U kunt bellen via tel. 14 020.", "Dat kan bijv. op maandag."],
        ),
        (
            "Dhr. P. Jansen kwam langs. Hij was boos.",
            ["Dhr. P. Jansen kwam langs.", "Hij was boos."],
        ),
        ("Bel me z.s.m. Ik wacht.", ["Bel me z.s.m.", "Ik wacht."]),
        ("Neem kranten enz. mee. Daarna gaan we.", ["Neem kranten enz. mee.", "Daarna gaan we."]),
        ("Echt?! Ja... Nou.", ["Echt?!", "Ja...", "Nou."]),
        ("Geachte heer,\n\nHierbij de brief.", ["Geachte heer,", "Hierbij de brief."]),
        ("Stappen:\n1. Vul in.\n2. Stuur op.", ["Stappen:", "1. Vul in.", "2. Stuur op."]),
        ("Dit gaat m.b.t. uw aanvraag a.u.b. snel.", ["Dit gaat m.b.t. uw aanvraag a.u.b. snel."]),
    ],
)
def test_sentences_know_dutch_abbreviations(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_sentence_offsets() -> None:
    text = "  Eerste zin. Tweede zin!  "
    for sentence in sentences(text):
        assert isinstance(sentence, Sentence)
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("word", "expected"),
    [("gebeld", "bellen"), ("kwamen", "komen"), ("paspoorten", "paspoort"), ("kinderen", "kind")],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_lemmas_keeps_order() -> None:
    assert lemmas(["Gebeld", "kinderen"]) == ["bellen", "kind"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ik wil graag een afspraak maken voor mijn paspoort.", "nld"),
        ("Hello, I would like to make an appointment for my passport.", "eng"),
        ("Ich möchte einen Termin für meinen Reisepass.", "deu"),
        ("Bonjour, je voudrais un rendez-vous pour mon passeport.", "fra"),
        ("Merhaba, pasaport için randevu almak istiyorum.", "tur"),
        ("Dzień dobry, chciałbym umówić wizytę w sprawie paszportu.", "pol"),
        ("مرحبا، أريد موعدا من فضلك", "ara"),
        ("Hola, necesito una cita para el pasaporte.", "spa"),
        ("Ja", "nld"),
        ("Oké, prima, doei", "nld"),
        ("Dank je wel!", "nld"),
        ("Thanks", "nld"),
        ("", "nld"),
        ("12345 678", "nld"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "\ud800",
        "!!!???...",
        "a" * 1_000_000,
        ("woord. " * 100_000),
        "€€€ ,,, ---",
    ],
)
def test_never_crashes(text: str) -> None:
    tokens(text)
    words(text)
    sentences(text)
    detect_language(text)
    lemma(text[:100])


def test_edit_distance_of_letters_and_words_and_its_limit() -> None:
    assert edit_distance("marjolein", "marjolijn") == 2
    assert edit_distance("bakker", "bakkers") == 1
    assert edit_distance(["u", "spreekt", "met"], ["spreekt", "met", "anna"]) == 2
    assert edit_distance("", "abc") == 3
    # with a limit, a distance above it is reported as limit + 1 (and the work stops early)
    assert edit_distance("marjolein", "marjolijn", 1) == 2
    assert edit_distance("marjolein", "marjolijn", 2) == 2
    assert edit_distance("jansen", "pietersen", 2) == 3
    assert edit_distance("ab", "abcdef", 2) == 3
